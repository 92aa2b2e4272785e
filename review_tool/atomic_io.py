"""Crash-safe file replacement: readers see the old file or the new one, never half of one.

Approved translations are the product of hours of review, so a crash, a full disk or a
kill in the middle of a save must not truncate the PO file.  Every write goes to a temp
file in the same folder (same file system, so the rename is atomic), is flushed and
fsynced, gets the permission bits of the file it replaces, and is renamed over it; the
folder is fsynced so the rename itself survives a power cut.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
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


def _fsync_dir(folder: str) -> None:
    try:
        dir_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass  # some file systems cannot fsync a directory; the rename is still atomic
    finally:
        os.close(dir_fd)


@dataclass(frozen=True, slots=True)
class PreparedReplacement:
    """A complete, fsynced temp file waiting to be renamed over ``target``."""

    temp: str
    target: str
    size: int
    crc32: int | None  # of the content, when asked for


def prepare_replacement(
    path: str | Path, chunks: Iterable[Chunk], *, checksum: bool = False
) -> PreparedReplacement:
    """Write the concatenation of ``chunks`` to a temp file beside ``path`` and fsync it.

    Nothing is visible at ``path`` yet: :func:`commit_replacement` renames it over, and
    :func:`discard_replacement` removes it.  The chunks are written one after the other, so
    a large file assembled from slices (memoryviews) of an old one is never copied into one
    big buffer first.  ``checksum`` also computes the CRC-32 of what was written.
    """
    target = os.path.realpath(os.fspath(path))  # replace a symlink's target, not the link
    folder, name = os.path.split(target)
    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, temp = tempfile.mkstemp(prefix=_temp_prefix(name), suffix=TEMP_SUFFIX, dir=folder)
    size = 0
    crc = 0 if checksum else None
    try:
        try:
            for chunk in chunks:
                _write_all(fd, chunk)
                size += len(chunk)
                if crc is not None:
                    crc = zlib.crc32(chunk, crc)
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return PreparedReplacement(temp, target, size, crc)


def commit_replacement(prepared: PreparedReplacement) -> None:
    """Rename the temp file over its target (atomic) and fsync the folder."""
    try:
        os.replace(prepared.temp, prepared.target)
    except BaseException:
        discard_replacement(prepared)
        raise
    _fsync_dir(os.path.dirname(prepared.target))


def discard_replacement(prepared: PreparedReplacement) -> None:
    with contextlib.suppress(OSError):
        os.unlink(prepared.temp)


def atomic_write_chunks(
    path: str | Path,
    chunks: Iterable[Chunk],
    *,
    before_replace: Callable[[PreparedReplacement], None] | None = None,
) -> PreparedReplacement:
    """Replace ``path`` atomically with the concatenation of ``chunks``.

    ``before_replace`` runs once the new content is durable in the temp file and before
    the rename (with its size and CRC-32); if it raises, nothing is replaced.
    """
    prepared = prepare_replacement(path, chunks, checksum=before_replace is not None)
    try:
        if before_replace is not None:
            before_replace(prepared)
    except BaseException:
        discard_replacement(prepared)
        raise
    commit_replacement(prepared)
    return prepared


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

    Only files named like the ones :func:`atomic_write_chunks` creates and older than
    ``max_age`` seconds are removed, so a save in progress elsewhere is not disturbed.
    Returns how many were removed.
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
            if now - os.lstat(full).st_mtime < max_age:
                continue
            os.unlink(full)
            removed += 1
        except OSError:
            continue
    return removed
