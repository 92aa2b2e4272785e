"""The format-neutral write path (review_tool.po.locked_write): lock, current bytes, replace."""

from __future__ import annotations

import fcntl
import os
import stat
import threading
import time
from pathlib import Path

import pytest
from test_xliff import XLIFF12

from review_tool.documents import xliff
from review_tool.errors import InputError
from review_tool.po import locked_write


def test_an_xliff_approval_goes_through_the_same_write_path(tmp_path: Path) -> None:
    """What XLIFF needs is a function from the current bytes to the new ones."""
    path = tmp_path / "a.xlf"
    path.write_bytes(XLIFF12)
    path.chmod(0o640)

    def approve(current: bytes | None) -> list[bytes]:
        assert current is not None
        return [xliff.approve_segment(xliff.parse(path, current), "count", "Appuyez")]

    assert locked_write.rewrite(path, approve)
    assert xliff.parse(path).segments[1].approved
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlf"]


def test_writers_queue_on_the_folder_lock_and_each_sees_the_last_bytes(tmp_path: Path) -> None:
    path = tmp_path / "counter.txt"
    path.write_bytes(b"0")

    def bump() -> None:
        for _ in range(20):
            locked_write.rewrite(path, lambda cur: [str(int(cur or b"0") + 1).encode()])

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert path.read_bytes() == b"80"


def test_a_symlinked_file_stays_a_link_and_its_target_is_written(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "f.txt"
    target.write_bytes(b"old")
    link = tmp_path / "f.txt"
    link.symlink_to(target)
    assert locked_write.rewrite(link, lambda cur: [cur or b"", b"+new"])
    assert link.is_symlink() and target.read_bytes() == b"old+new"


def test_read_only_is_refused_and_produce_failing_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"keep")
    path.chmod(0o444)
    with pytest.raises(InputError, match="read-only"):
        locked_write.rewrite(path, lambda cur: [b"x"])
    path.chmod(0o644)

    def broken(cur: bytes | None) -> list[bytes]:
        raise InputError(path, 3, "invalid")

    with pytest.raises(InputError, match="invalid"):
        locked_write.rewrite(path, broken)
    assert path.read_bytes() == b"keep" and sorted(os.listdir(tmp_path)) == ["f.txt"]
    assert not locked_write.rewrite(path, lambda cur: None)  # nothing to write


def test_a_held_lock_times_out_with_the_folder_named(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"x")
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        started = time.monotonic()
        with pytest.raises(locked_write.LockTimeout, match=f"flock on {tmp_path}"):
            locked_write.rewrite(path, lambda cur: [b"y"], lock_timeout=0.2)
        assert time.monotonic() - started < 2
    finally:
        os.close(fd)
    assert path.read_bytes() == b"x"
