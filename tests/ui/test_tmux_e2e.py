"""End to end in a real terminal: tmux runs ``python -m review_tool review`` on a copy of the
sample, keys go in with ``send-keys``, the screen comes back with ``capture-pane``, and the PO
on disk is checked. Skipped where tmux is missing."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from ui_support import REPO, SAMPLE

from review_tool.po_store import PoStore

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

# Until cli.py registers the subcommand, register it on the fly (same parser, same code path).
_BOOTSTRAP = (
    "import sys; from review_tool import cli, cli_review; b = cli.build_parser\n"
    "def p():\n"
    "    parser = b(); sub = next(a for a in parser._actions if hasattr(a, 'choices') "
    "and isinstance(a.choices, dict) and 'check' in a.choices)\n"
    "    'review' in sub.choices or cli_review.register(sub, cli._common); return parser\n"
    "cli.build_parser = p; raise SystemExit(cli.main(sys.argv[1:]))"
)


def _command(doc: str) -> list[str]:
    from review_tool.cli import build_parser

    try:
        build_parser().parse_args(["review", doc])
        return [sys.executable, "-m", "review_tool", "review", doc]
    except Exception:
        return [sys.executable, "-c", _BOOTSTRAP, "review", doc]


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
def tmux(tmp_path: Path) -> Iterator[tuple[Tmux, Path]]:
    ws = tmp_path / "ws"
    (ws / "corpus").mkdir(parents=True)
    shutil.copy(REPO / "corpus" / SAMPLE, ws / "corpus" / SAMPLE)
    shutil.copytree(REPO / "glossary", ws / "glossary")
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
        yield t, ws
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
