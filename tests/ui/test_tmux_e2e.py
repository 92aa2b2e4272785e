"""End to end in a real terminal: tmux runs ``python -m review_tool review`` on a copy of the
sample, keys go in with ``send-keys``, the screen comes back with ``capture-pane``, and the PO
on disk is checked. Skipped where tmux is missing."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from testkit import REPO
from ui_support import SAMPLE

from review_tool.errors import InputError
from review_tool.po.store import PoStore

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def _command(doc: str) -> list[str]:
    return [sys.executable, "-m", "review_tool", "review", doc]


class Tmux:
    def __init__(self, socket: str, session: str) -> None:
        self.base = ["tmux", "-L", socket]
        self.session = session

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [*self.base, *args], check=True, capture_output=True, text=True, timeout=10
        )
        return done.stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.run("send-keys", "-t", self.session, key)
            time.sleep(0.15)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.session)

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} not on screen after {timeout}s:\n{screen}")

    def alive(self) -> bool:
        out = self.run("list-panes", "-t", self.session, "-F", "#{pane_dead}")
        return out.strip() == "0"


@pytest.fixture
def tmux(workspace: Path) -> Iterator[tuple[Tmux, Path]]:
    with review_in_tmux(workspace, f"corpus/{SAMPLE}") as t:
        yield t, workspace


@contextlib.contextmanager
def review_in_tmux(ws: Path, target: str) -> Iterator[Tmux]:
    """``review-tool review TARGET`` in a 100x30 tmux pane; ``EXITED <status>`` after it."""
    socket = f"rt-{uuid.uuid4().hex[:8]}"
    t = Tmux(socket, "review")
    env = {
        "TERM": "xterm-256color",
        "REVIEW_TOOL_TRANSLATOR": "E2E Reviewer <e2e@example.org>",
        "PYTHONPATH": str(REPO),
    }
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    command = shlex.join(_command(target))
    t.run(
        "new-session",
        "-d",
        "-s",
        "review",
        "-x",
        "100",
        "-y",
        "30",
        "-c",
        str(ws),
        f"env {exports} {command}; echo EXITED $?; sleep 30",
    )
    try:
        yield t
    finally:
        subprocess.run([*t.base, "kill-server"], capture_output=True, timeout=10)


def test_review_in_tmux(tmux: tuple[Tmux, Path]) -> None:
    t, ws = tmux
    screen = t.wait_for("✓ 0/16")
    assert "Source en" in screen and "Candidates" in screen
    t.keys("j")
    t.wait_for("#2 ")
    t.keys("1", "a")  # take the fix candidate and approve it: no error left, no question
    screen = t.wait_for("✓ 1/16")
    po = ws / "locales" / "en" / "LC_MESSAGES" / "sco-tianjin-summit-2025.po"
    entry = PoStore.load(po).entries[1]
    assert entry.approved and "the SCO flag" in entry.msgstr
    t.keys("q")
    t.wait_for("EXITED 0")
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(po)], check=True)
    # reopening starts at the first segment not approved yet
    entry0 = PoStore.load(po).entries[0]
    assert entry0.fuzzy


def test_a_large_po_broken_at_its_end_ends_the_review_with_its_error(workspace: Path) -> None:
    """The first screen comes before the end of a large file is read; the broken entry there
    still ends the command with the one line naming file and line, and status 2."""
    ws = workspace
    po = ws / "locales" / "en" / "LC_MESSAGES" / "report.po"
    po.parent.mkdir(parents=True)
    head = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    text = "A paragraph of the report, written on one line. " * 20
    body = "".join(
        f'\n#, fuzzy\nmsgctxt "p{i}"\nmsgid "{text}"\nmsgstr "{text}"\n' for i in range(3000)
    )
    po.write_text(head + body + '\nmsgid "last"\nmsgstr[3] "broken"\n', encoding="utf-8")
    line = (head + body).count("\n") + 3
    with pytest.raises(InputError) as caught:
        PoStore.load(po)
    assert caught.value.line == line
    with review_in_tmux(ws, "locales/en/LC_MESSAGES/report.po") as t:
        screen = t.wait_for("EXITED 2")
    assert f"report.po:{line}: {caught.value.message}" in " ".join(screen.split())
    assert not any(p.name.endswith(".journal") for p in po.parent.iterdir())


def test_sigterm_quits_the_review_like_q(tmux: tuple[Tmux, Path]) -> None:
    """SIGTERM (``kill``, a service manager, ``timeout``) ends the screen as ``q`` does: the
    terminal is given back, the approval is in the PO, one line says so, status 143."""
    t, ws = tmux
    t.wait_for("✓ 0/16")
    t.keys("j")
    t.wait_for("#2 ")
    t.keys("1", "a")
    t.wait_for("✓ 1/16")
    shell = int(t.run("list-panes", "-t", t.session, "-F", "#{pane_pid}").split()[0])
    children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
    review = next(int(c) for c in children if b"review" in Path(f"/proc/{c}/cmdline").read_bytes())
    os.kill(review, signal.SIGTERM)
    screen = t.wait_for("EXITED 143")
    assert "Traceback" not in screen
    lines = [line for line in screen.splitlines() if line.strip()]
    assert lines[-3:] == [
        "locales/en/LC_MESSAGES/sco-tianjin-summit-2025.po: 1/16 approved",
        "terminated",
        "EXITED 143",
    ], screen
    po = ws / "locales" / "en" / "LC_MESSAGES" / "sco-tianjin-summit-2025.po"
    assert PoStore.load(po).entries[1].approved
    assert not [p.name for p in po.parent.iterdir() if p.name.endswith(".tmp")]
