"""Drafts end to end at 80×24 in a real terminal (tmux): a draft typed and left by quitting
is in the PO as fuzzy; a draft left by moving on survives SIGKILL. Textual draws on stderr,
which is not redirected. Skipped where tmux is missing."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from tmux_support import requires_tmux, review_in_tmux
from ui_support import SAMPLE

from review_tool.po.store import PoStore

pytestmark = requires_tmux
PO = Path("locales/en/LC_MESSAGES/sco-tianjin-summit-2025.po")


def test_a_draft_typed_then_quit_is_in_the_po_as_fuzzy(workspace: Path) -> None:
    ws = workspace
    with review_in_tmux(ws, f"corpus/{SAMPLE}", width=80, height=24) as t:
        screen = t.wait_for("✓ 0/16")
        assert "? Help  q Quit" in screen  # the key bar at 80 columns
        t.keys("j", "e", "End")
        t.wait_for("EDITING")
        t.keys(" Typed draft.", "Escape")
        t.wait_for("✎")
        t.keys("q")
        t.wait_for("EXITED 0")
    entry = PoStore.load(ws / PO).entries[1]
    assert entry.fuzzy and entry.msgstr.endswith(" Typed draft.")


def test_a_draft_left_behind_survives_a_kill(workspace: Path) -> None:
    ws = workspace
    with review_in_tmux(ws, f"corpus/{SAMPLE}", width=80, height=24) as t:
        t.wait_for("✓ 0/16")
        t.keys("j", "e", "End", " Kept through a kill.", "Escape", "j")
        t.wait_for("#3 ")
        time.sleep(0.3)
        os.kill(t.review_pid(), signal.SIGKILL)
        t.wait_for("EXITED 137")
    entry = PoStore.load(ws / PO).entries[1]
    assert entry.msgstr.endswith(" Kept through a kill.") and not entry.approved
