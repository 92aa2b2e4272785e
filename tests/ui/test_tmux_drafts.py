"""Drafts end to end at 80×24 in a real terminal (tmux): a draft typed and left by quitting
is in the PO as fuzzy; a draft left by moving on survives SIGKILL. Textual draws on stderr,
which is not redirected. Skipped where tmux is missing."""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from test_tmux_e2e import Tmux, _command, pytestmark
from testkit import REPO
from ui_support import SAMPLE

from review_tool.po.store import PoStore

__all__ = ["pytestmark"]
PO = Path("locales/en/LC_MESSAGES/sco-tianjin-summit-2025.po")


@contextlib.contextmanager
def review_80x24(ws: Path) -> Iterator[Tmux]:
    socket = f"rt-{uuid.uuid4().hex[:8]}"
    t = Tmux(socket, "review")
    env = {
        "TERM": "xterm-256color",
        "REVIEW_TOOL_TRANSLATOR": "E2E Reviewer <e2e@example.org>",
        "PYTHONPATH": str(REPO),
    }
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    command = shlex.join(_command(f"corpus/{SAMPLE}"))
    t.run(
        "new-session", "-d", "-s", "review", "-x", "80", "-y", "24", "-c", str(ws),
        f"env {exports} {command}; echo EXITED $?; sleep 30",
    )  # fmt: skip
    try:
        yield t
    finally:
        subprocess.run([*t.base, "kill-server"], capture_output=True, timeout=10)


def review_pid(t: Tmux) -> int:
    """The review-tool process: the child of the pane's shell."""
    shell = int(t.run("list-panes", "-t", t.session, "-F", "#{pane_pid}").split()[0])
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (proc / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == shell:
                    return int(proc.name)
    raise AssertionError("no review-tool process under the tmux pane")


def test_a_draft_typed_then_quit_is_in_the_po_as_fuzzy(workspace: Path) -> None:
    ws = workspace
    with review_80x24(ws) as t:
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
    with review_80x24(ws) as t:
        t.wait_for("✓ 0/16")
        t.keys("j", "e", "End", " Kept through a kill.", "Escape", "j")
        t.wait_for("#3 ")
        time.sleep(0.3)
        os.kill(review_pid(t), signal.SIGKILL)
        t.wait_for("EXITED 137")
    entry = PoStore.load(ws / PO).entries[1]
    assert entry.msgstr.endswith(" Kept through a kill.") and not entry.approved
