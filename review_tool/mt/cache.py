"""SQLite cache of machine-translation results.

Why it exists: MT engines are slow, rate-limited and sometimes paid, and a reviewer asks for
the same segment again and again (re-opening a file, switching back to a segment, working
offline). Every successful engine answer is stored here, in the workspace's
``.review_tool/cache.sqlite``, keyed by ``(engine, source_lang, target_lang, sha256(text))``.

Design constraints it honours:

* **Thread-safe**: the UI calls from worker threads. One connection, guarded by a lock (SQLite
  work here is a single indexed statement, so a lock costs nothing noticeable).
* **Survives being killed**: WAL journal, autocommit (every ``put`` is its own committed
  transaction), ``synchronous=NORMAL`` (durable against a crash of the process).
* **Never crashes the tool**: a corrupted file (garbage bytes, truncated database) is moved
  aside to ``cache.sqlite.corrupt-<timestamp>`` with a warning and a fresh cache is created;
  if even that fails the cache runs in memory for the session. A busy/locked database only
  costs a cache miss or a skipped store, with a warning.

It stores the text and its translation only: never engine options or credentials.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
import warnings
from pathlib import Path
from types import TracebackType

CACHE_RELPATH = Path(".review_tool") / "cache.sqlite"
"""Where the cache lives, relative to the workspace root."""

_SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    engine      TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    text        TEXT NOT NULL,
    translation TEXT NOT NULL,
    created     REAL NOT NULL,
    PRIMARY KEY (engine, source_lang, target_lang, text_sha256)
)
"""


class MTCacheWarning(RuntimeWarning):
    """The cache had to be reset or could not be used; translations still work."""


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class MTCache:
    """A persistent ``(engine, source_lang, target_lang, text) -> translation`` map.

    ``recovered_from`` is the path a corrupted cache file was moved to (``None`` if the file
    was fine), so a UI can tell the user about it beyond the stderr warning.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.recovered_from: Path | None = None
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        with self._lock:
            self._conn = self._open()

    @classmethod
    def in_workspace(cls, root: str | os.PathLike[str]) -> MTCache:
        """The cache of the workspace at ``root`` (``<root>/.review_tool/cache.sqlite``)."""
        return cls(Path(root) / CACHE_RELPATH)

    # -- public API ---------------------------------------------------------------------

    def get(self, engine: str, source_lang: str, target_lang: str, text: str) -> str | None:
        """The cached translation, or ``None`` on a miss (or if the cache is unusable)."""
        key = (engine, source_lang, target_lang, _text_key(text))
        with self._lock:
            for _attempt in range(2):
                conn = self._connection()
                try:
                    row = conn.execute(
                        "SELECT text, translation FROM translations WHERE engine = ? AND"
                        " source_lang = ? AND target_lang = ? AND text_sha256 = ?",
                        key,
                    ).fetchone()
                except UnicodeError:  # lone surrogates: not storable, so never stored
                    return None
                except sqlite3.Error as exc:
                    if not self._handle_error(exc):
                        return None
                    continue
                # The text itself is stored too: a (theoretical) hash collision is a miss.
                if row is None or row[0] != text:
                    return None
                return str(row[1])
        return None

    def put(
        self, engine: str, source_lang: str, target_lang: str, text: str, translation: str
    ) -> None:
        """Store a translation; committed before returning. Failures only warn."""
        row = (
            engine,
            source_lang,
            target_lang,
            _text_key(text),
            text,
            translation,
            time.time(),
        )
        with self._lock:
            for _attempt in range(2):
                conn = self._connection()
                try:
                    conn.execute(
                        "INSERT OR REPLACE INTO translations (engine, source_lang, target_lang,"
                        " text_sha256, text, translation, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        row,
                    )
                    return
                except UnicodeError:
                    return
                except sqlite3.Error as exc:
                    if not self._handle_error(exc):
                        return

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> MTCache:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- internals (called with self._lock held) ----------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = self._open()
        return self._conn

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._connect(str(self.path))
        except sqlite3.OperationalError as exc:
            # "unable to open database file", "disk I/O error", "database is locked"...:
            # not evidence of corruption, so the file is left alone.
            return self._memory_fallback(f"cannot open {self.path} ({exc})")
        except sqlite3.DatabaseError as exc:
            self._set_aside(exc)
        except OSError as exc:
            return self._memory_fallback(f"cannot create {self.path.parent} ({exc})")
        try:
            return self._connect(str(self.path))
        except sqlite3.Error as exc:
            return self._memory_fallback(f"cannot create a fresh {self.path} ({exc})")

    @staticmethod
    def _connect(target: str) -> sqlite3.Connection:
        conn = sqlite3.connect(target, timeout=5.0, isolation_level=None, check_same_thread=False)
        try:
            if target != ":memory:":
                mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()
                if mode is None or str(mode[0]).lower() != "wal":
                    raise sqlite3.OperationalError(f"cannot switch to WAL mode ({mode})")
                conn.execute("PRAGMA synchronous=NORMAL")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute(_SCHEMA)
            if version == 0:
                conn.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
            # Touch the table so a damaged file fails here rather than on first use.
            conn.execute("SELECT count(*) FROM (SELECT 1 FROM translations LIMIT 1)").fetchone()
        except BaseException:
            conn.close()
            raise
        return conn

    def _handle_error(self, exc: sqlite3.Error) -> bool:
        """Deal with an error from a statement; return True if the statement may be retried."""
        if isinstance(exc, sqlite3.OperationalError) or not isinstance(exc, sqlite3.DatabaseError):
            warnings.warn(
                f"translation cache {self.path} unavailable for this operation: {exc}",
                MTCacheWarning,
                stacklevel=3,
            )
            return False
        # DatabaseError proper ("database disk image is malformed", "file is not a
        # database"): the file went bad while we were running.
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self.path.exists():
            self._set_aside(exc)
        self._conn = self._open()
        return True

    def _set_aside(self, exc: BaseException) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        try:
            os.replace(self.path, aside)
        except OSError as move_error:
            warnings.warn(
                f"translation cache {self.path} is corrupted ({exc}) and could not be moved"
                f" aside ({move_error}); delete it by hand",
                MTCacheWarning,
                stacklevel=4,
            )
            return
        # A WAL/SHM left by the damaged file must not be replayed into the fresh database.
        for suffix in ("-wal", "-shm"):
            side = Path(f"{self.path}{suffix}")
            if side.exists():
                try:
                    os.replace(side, Path(f"{aside}{suffix}"))
                except OSError:
                    side.unlink(missing_ok=True)
        self.recovered_from = aside
        warnings.warn(
            f"translation cache {self.path} is corrupted ({exc}); moved it to {aside.name}"
            " and started a fresh cache",
            MTCacheWarning,
            stacklevel=4,
        )

    def _memory_fallback(self, reason: str) -> sqlite3.Connection:
        warnings.warn(
            f"translation cache disabled for this session: {reason}; results are kept in"
            " memory only",
            MTCacheWarning,
            stacklevel=4,
        )
        return self._connect(":memory:")
