"""The review screen on the one write path (issue 12 item 1 on the screen): an approval made
while a re-import holds the PO's lock returns at once (the status line says saving…), is
written once the import is done, and both the import and the approval are in the file."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from gettext_check import msgfmt_check
from testkit import REPO
from ui_support import run_async, status

from review_tool.po.store import PoStore
from review_tool.review.session import ReviewSession
from review_tool.tui.app import create_app

PAUSE = REPO / "tests" / "pause_point.py"


@run_async
async def test_approval_during_a_reimport_is_saved_after_it(
    session: ReviewSession, doc: Path, tmp_path: Path
) -> None:
    root = session.path.parents[3]
    text = doc.read_text(encoding="utf-8")
    first = text.split("\n\n")[0]
    doc.write_text(text.replace(first, first + " Edited.", 1), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "REVIEW_TOOL_PROGRESS": "0"}
    importer = subprocess.Popen(
        [sys.executable, str(PAUSE), "review_tool.documents.importer:merge_entries",
         str(tmp_path / "ready"), str(tmp_path / "go"), "--",
         "import", str(doc), "--to", "en", "--workspace", str(root)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    app = create_app(session, scan=False, debounce=0.02)
    async with app.run_test(size=(100, 30)) as pilot:
        deadline = time.monotonic() + 60
        while not (tmp_path / "ready").exists():  # the import holds the lock now
            assert importer.poll() is None and time.monotonic() < deadline
            await pilot.pause(0.02)
        await pilot.press("j", "1")  # the fixer's candidate: no error findings to confirm
        started = time.monotonic()
        await pilot.press("a")
        assert time.monotonic() - started < 1.0  # no key waits for the lock
        assert "saving" in status(app) and session.segment(1).state == "approved"
        (tmp_path / "go").touch()
        _out, err = importer.communicate(timeout=60)
        assert importer.returncode == 0, err
        while session.save_state == "saving":
            assert time.monotonic() < deadline
            await pilot.pause(0.02)
        await pilot.pause()
        assert "saved" in status(app) and "not saved" not in status(app)
    store = PoStore.load(session.path)
    assert store.entries[0].msgid.endswith(" Edited.")  # the import's change
    assert store.entries[1].approved  # and ours
    assert len(store.entries) == 16
    msgfmt_check(session.path)
