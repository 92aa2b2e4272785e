"""The write-ahead journal of a PO file: approvals made durable in a few milliseconds.

Rewriting a 100 MB catalog with fsync takes hundreds of milliseconds, so the review screen
does not rewrite the PO for every approval.  It appends one record to ``.<name>.journal``
beside the PO file (under the PO's lock file) and fsyncs that; the PO itself is rewritten
later (when the editor pauses, on quit, or by the next writer), and
:meth:`review_tool.po_store.PoStore.load` replays a journal it finds, so every reader sees
every recorded approval.

The file is ``MAGIC`` followed by records, each ``length (4 bytes, big-endian) | CRC-32 of
the payload (4 bytes) | payload`` where the payload is UTF-8 JSON.  A record is valid only
if it is complete and its CRC matches; reading stops at the first invalid one (a write torn
by a crash: it was never acknowledged), and the next writer cuts such a tail off before it
appends.

Record kinds (the ``op`` field):

* ``set``: an entry changed from ``base`` to ``mine`` (both full entries; ``who``/``date``
  for the header).  Replaying is a three-way merge onto the file, exactly as a save that
  finds the file changed on disk.
* ``fold``: written just before a rewritten PO file is renamed into place: the records
  before offset ``upto`` are in a file of ``size`` bytes with CRC-32 ``crc``.  A crash
  between the rename and the removal of the journal leaves the marker, and a reader that
  finds the PO file matching it skips those records instead of applying them twice.
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAGIC = b"review_tool PO journal 1\n"
_FRAME = struct.Struct(">II")
MAX_RECORD = 64 * 1024 * 1024


def journal_path(po_path: str | Path) -> Path:
    """``.<name>.journal`` beside the PO file (git-ignored like the lock file)."""
    real = Path(os.path.realpath(po_path))
    return real.parent / f".{real.name}.journal"


@dataclass(frozen=True, slots=True)
class Record:
    offset: int  # where the record starts in the journal file
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class JournalState:
    """What a reader found: the valid records, where they end, and the file's identity."""

    records: tuple[Record, ...]
    end: int  # offset just after the last valid record (0: no journal)
    size: int  # size of the file (> end when the tail is torn)
    ident: tuple[int, int] | None  # (st_dev, st_ino), None when there is no journal

    @property
    def torn(self) -> bool:
        return self.size > self.end


NO_JOURNAL = JournalState((), 0, 0, None)


def encode(data: dict[str, Any]) -> bytes:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return _FRAME.pack(len(payload), zlib.crc32(payload)) + payload


def parse(blob: bytes) -> tuple[list[Record], int]:
    """The valid records of a journal's bytes and the offset where they end."""
    if not blob.startswith(MAGIC):
        return [], 0
    records: list[Record] = []
    pos = len(MAGIC)
    size = len(blob)
    while pos + _FRAME.size <= size:
        length, crc = _FRAME.unpack_from(blob, pos)
        start = pos + _FRAME.size
        if length > MAX_RECORD or start + length > size:
            break
        payload = blob[start : start + length]
        if zlib.crc32(payload) != crc:
            break
        try:
            data = json.loads(payload.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            break
        if not isinstance(data, dict):
            break
        records.append(Record(pos, data))
        pos = start + length
    return records, pos


def read(path: Path) -> JournalState:
    """Read a journal (no journal, or one that is not ours: no records)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return NO_JOURNAL
    try:
        st = os.fstat(fd)
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(fd)
    blob = b"".join(chunks)
    records, end = parse(blob)
    return JournalState(tuple(records), end, len(blob), (st.st_dev, st.st_ino))


def fsync_dir(folder: str | Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True, slots=True)
class Appended:
    ident: tuple[int, int]
    start: int  # where the caller's view should have ended (the old valid end)
    first: int  # offset of the first record appended
    end: int  # the new end


def append(path: Path, blobs: list[bytes], known: tuple[tuple[int, int] | None, int]) -> Appended:
    """Append encoded records durably (the caller holds the PO's lock).

    ``known`` is the (identity, end) the caller last saw; when the file is not that (someone
    else appended, folded it away, or a crash tore its tail), its valid end is found again
    and a torn tail is cut off first.  ``start`` of the result differs from ``known`` then.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        st = os.fstat(fd)
        ident = (st.st_dev, st.st_ino)
        created = st.st_size == 0
        if created:
            start = 0
        elif known == (ident, st.st_size):
            start = st.st_size
        else:
            _records, end = parse(os.pread(fd, st.st_size, 0))
            if end == 0:  # not a journal at all (or only a torn magic): start afresh
                os.ftruncate(fd, 0)
                created = True
            elif end < st.st_size:
                os.ftruncate(fd, end)
            start = end
        data = b"".join(blobs)
        if start == 0:
            data = MAGIC + data
        first = start + (len(MAGIC) if start == 0 else 0)
        view = memoryview(data)
        pos = start
        while view:
            written = os.pwrite(fd, view, pos)
            view = view[written:]
            pos += written
        os.fdatasync(fd)
    finally:
        os.close(fd)
    if created:
        fsync_dir(path.parent)  # the new file's name must survive a power cut too
    return Appended(ident, start, first, pos)


def remove(path: Path) -> None:
    """Delete the journal once its records are in the PO file (no fsync needed: a
    journal that comes back after a power cut ends in a fold marker matching the file)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
