"""Crash-safe file replacement: readers see the old file or the new one, never half of one.

Approved translations are the product of hours of review, so a crash, a full disk or a
kill in the middle of a save must not truncate the file.  Every write goes to a temp file
in the same folder (same file system, so the rename is atomic), created with ``O_EXCL`` and
``O_NOFOLLOW`` (never through a symlink someone planted), gets the permission bits of the
file it replaces, is fsynced and renamed over it; the folder is fsynced so the rename itself
survives a power cut.  A symlink at the target is kept: its target is replaced.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import stat
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

TEMP_SUFFIX = ".tmp"

Chunk = bytes | bytearray | memoryview


def _temp_prefix(target_name: str) -> str:
    return f".{target_name}."


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    # Not thread-safe for an instant, but only reached where /proc is missing.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_all(fd: int, chunk: Chunk) -> None:
    view = memoryview(chunk).cast("B")
    while view:
        written = os.write(fd, view)
        view = view[written:]


def fsync_dir(folder: str) -> None:
    try:
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass  # some file systems cannot fsync a directory; the rename is still atomic
    finally:
        os.close(dir_fd)


def _create_temp(folder: str, name: str, mode: int) -> tuple[int, str]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    for _attempt in range(100):
        temp = os.path.join(folder, f"{_temp_prefix(name)}{secrets.token_hex(6)}{TEMP_SUFFIX}")
        try:
            return os.open(temp, flags, mode & 0o777 | 0o600), temp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temp file name in {folder}")


@contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGINT/SIGTERM (main thread) while a temp file is created and its name kept, so
    that the interrupt they raise comes where the temp file is known and removed."""
    if threading.current_thread() is not threading.main_thread():
        yield  # (Python runs signal handlers in the main thread only)
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def atomic_write_chunks(path: str | Path, chunks: Iterable[Chunk]) -> None:
    """Replace ``path`` atomically with the concatenation of ``chunks``.

    The chunks are written one after the other, so a large file assembled from slices
    (memoryviews) of an old one is never copied into one big buffer first.
    """
    target = os.path.realpath(os.fspath(path))  # replace a symlink's target, not the link
    folder, name = os.path.split(target)
    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    temp: str | None = None
    try:
        with _signals_deferred():
            fd, temp = _create_temp(folder, name, mode)
        try:
            for chunk in chunks:
                _write_all(fd, chunk)
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException:  # an interrupt (SIGINT, SIGTERM) included: no temp file left
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        raise
    fsync_dir(folder)


def atomic_write_bytes(path: str | Path, data: Chunk) -> None:
    """Replace ``path`` atomically with ``data``."""
    atomic_write_chunks(path, (data,))


def atomic_write_text(
    path: str | Path, text: str, *, encoding: str = "utf-8", newline: str | None = None
) -> None:
    """Replace ``path`` atomically with ``text``.

    ``newline`` works as for :func:`open`: None translates ``\\n`` to ``os.linesep``,
    ``""`` and ``"\\n"`` write the text as is, ``"\\r\\n"`` (or ``"\\r"``) translates.
    """
    if newline is None:
        newline = os.linesep
    if newline not in ("", "\n"):
        text = text.replace("\n", newline)
    atomic_write_bytes(path, text.encode(encoding))


def cleanup_stale_temps(folder: str | Path, target_name: str, *, max_age: float = 5.0) -> int:
    """Remove our temp files for ``target_name`` left in ``folder`` by a crash.

    Only regular files named like the ones :func:`atomic_write_chunks` creates and older
    than ``max_age`` seconds are removed (0 under the file's lock, where no other writer of
    it can be half way).  Returns how many were removed.
    """
    pattern = re.compile(
        re.escape(_temp_prefix(target_name)) + r"[A-Za-z0-9_]+" + re.escape(TEMP_SUFFIX)
    )
    removed = 0
    now = time.time()
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for entry in names:
        if not pattern.fullmatch(entry):
            continue
        full = os.path.join(folder, entry)
        try:
            st = os.lstat(full)
            if not stat.S_ISREG(st.st_mode) or now - st.st_mtime < max_age:
                continue
            os.unlink(full)
            removed += 1
        except OSError:
            continue
    return removed
