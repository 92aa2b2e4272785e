"""The review screen in a real terminal, for the end-to-end tests: tmux runs ``python -m
review_tool review TARGET`` in a pane of a given size (Textual draws on stderr, which is not
redirected), keys go in with ``send-keys``, the screen comes back with ``capture-pane``.
Tests using it are skipped where tmux is missing (``requires_tmux``)."""

from __future__ import annotations

import contextlib
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from testkit import REPO

requires_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    """One tmux server (its own socket) holding one session."""

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

    def review_pid(self) -> int:
        """The review-tool process: the child of the pane's shell."""
        shell = int(self.run("list-panes", "-t", self.session, "-F", "#{pane_pid}").split()[0])
        for proc in Path("/proc").iterdir():
            if proc.name.isdigit():
                with contextlib.suppress(OSError):
                    stat = (proc / "stat").read_text()
                    if int(stat.rsplit(")", 1)[1].split()[1]) == shell:
                        return int(proc.name)
        raise AssertionError("no review-tool process under the tmux pane")


@contextlib.contextmanager
def review_in_tmux(ws: Path, target: str, *, width: int = 100, height: int = 30) -> Iterator[Tmux]:
    """``review-tool review TARGET`` run in ``ws`` in a ``width``×``height`` tmux pane, as a
    translator named by REVIEW_TOOL_TRANSLATOR; ``EXITED <status>`` is printed after it."""
    t = Tmux(f"rt-{uuid.uuid4().hex[:8]}", "review")
    env = {
        "TERM": "xterm-256color",
        "REVIEW_TOOL_TRANSLATOR": "E2E Reviewer <e2e@example.org>",
        "PYTHONPATH": str(REPO),
    }
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    command = shlex.join([sys.executable, "-m", "review_tool", "review", target])
    t.run(
        "new-session", "-d", "-s", "review", "-x", str(width), "-y", str(height), "-c", str(ws),
        f"env {exports} {command}; echo EXITED $?; sleep 30",
    )  # fmt: skip
    try:
        yield t
    finally:
        subprocess.run([*t.base, "kill-server"], capture_output=True, timeout=10)
