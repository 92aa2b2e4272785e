"""The one write path for files other people and tools write too: lock, read, merge, replace.

Format-neutral: the caller passes a function that turns the file's *current* bytes into the
new bytes (for a PO, :mod:`review_tool.po.store` merges its changes by entry key and splices
them in); this module owns the lock protocol, reading the current bytes, refusing read-only
files, removing our stale temp files and the atomic replace (:mod:`review_tool.po.atomic_io`).
Nothing is kept beside the file: the file on disk is the truth.

**The lock protocol** (join it from any tool): an exclusive ``flock(2)`` on the *folder*
that holds the file (symlinks resolved: the folder of the file that is replaced), held from
reading the current bytes until the new file has been renamed into place.  No lock file is
created, so nothing is left in the user's folders and there is no lock file to delete (which
races with ``flock``).  A shell script takes it with ``flock(1)``::

    flock locales/fr/LC_MESSAGES msgcat --use-first -o doc.po.new doc.po …

Readers need no lock: a rename is atomic, they see the old file or the new one.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from review_tool.errors import InputError
from review_tool.po.atomic_io import Chunk, atomic_write_chunks, cleanup_stale_temps

# Set only by benchmarks/soak.py to show what the lock prevents; never in normal use.
NO_LOCK_ENV = "REVIEW_TOOL_SOAK_WITHOUT_LOCK"


class LockTimeout(InputError):
    """Another process held the folder's lock for longer than we were willing to wait."""

    def __init__(self, path: str | Path, folder: str, timeout: float) -> None:
        super().__init__(
            path,
            None,
            f"locked by another process (flock on {folder}); gave up after {timeout:g} s",
        )


def target_of(path: str | Path) -> str:
    """The file that is really written: a symlinked PO stays a link, its target is replaced."""
    return os.path.realpath(os.fspath(path))


@contextmanager
def folder_lock(path: str | Path, timeout: float = 10.0) -> Iterator[str]:
    """Hold the lock that every writer of ``path`` takes (see the module doc); yields the
    real path of the file.  Raises LockTimeout after ``timeout`` seconds."""
    real = target_of(path)
    folder = os.path.dirname(real)
    if os.environ.get(NO_LOCK_ENV) == "1":
        yield real
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise InputError(path, None, "folder does not exist") from None
    except OSError as exc:
        raise InputError(path, None, f"cannot open its folder to lock it: {exc.strerror}") from None
    try:
        deadline = time.monotonic() + timeout
        delay = 0.001
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES):
                    raise InputError(path, None, f"cannot lock: {exc.strerror}") from None
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise LockTimeout(path, folder, timeout) from None
                time.sleep(min(delay, remaining))
                delay = min(delay * 2, 0.02)
        yield real
    finally:
        os.close(fd)  # releases the flock


def read_current(path: str | Path, real: str | None = None) -> bytes | None:
    """The file's bytes (None when it does not exist); one-line errors for what is not a
    regular readable file."""
    real = real or target_of(path)
    try:
        fd = os.open(real, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise InputError(path, None, "is a directory, not a file to write") from None
    except OSError as exc:
        raise InputError(path, None, f"cannot read: {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(path, None, "not a regular file")
        chunks = [os.read(fd, st.st_size)]
        while chunk := os.read(fd, 1 << 24):
            chunks.append(chunk)
    except OSError as exc:
        raise InputError(path, None, f"cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def refuse_read_only(path: str | Path, real: str | None = None) -> None:
    """A file without write permission is the owner saying "do not change this": refused
    (by its mode bits, which also hold for root, who may write anything)."""
    try:
        mode = os.stat(real or target_of(path)).st_mode
    except FileNotFoundError:
        return
    if not mode & 0o222:
        raise InputError(path, None, "read-only file (no write permission): nothing written")


def rewrite(
    path: str | Path,
    produce: Callable[[bytes | None], Iterable[Chunk] | None],
    *,
    lock_timeout: float = 10.0,
) -> bool:
    """Under the folder's lock: read the current bytes, ``produce`` the new content from
    them (None: nothing to write; an exception: nothing written) and replace the file
    atomically.  Returns whether the file was written."""
    refuse_read_only(path)
    with folder_lock(path, lock_timeout) as real:
        folder, name = os.path.split(real)
        if os.environ.get(NO_LOCK_ENV) != "1":
            cleanup_stale_temps(folder, name, max_age=0.0)  # every writer holds this lock
        refuse_read_only(path, real)
        current = read_current(path, real)
        chunks = produce(current)
        if chunks is None:
            return False
        try:
            atomic_write_chunks(real, chunks)
        except FileNotFoundError:
            raise InputError(path, None, "folder does not exist") from None
        except OSError as exc:
            raise InputError(path, None, f"cannot write: {exc.strerror}") from None
        return True
