"""End to end in a real terminal: tmux runs ``python -m review_tool review`` on a copy of the
sample, keys go in with ``send-keys``, the screen comes back with ``capture-pane``, and the PO
on disk is checked. Skipped where tmux is missing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from tmux_support import Tmux, requires_tmux, review_in_tmux
from ui_support import SAMPLE

from review_tool.errors import InputError
from review_tool.po.store import PoStore

pytestmark = requires_tmux


@pytest.fixture
def tmux(workspace: Path) -> Iterator[tuple[Tmux, Path]]:
    with review_in_tmux(workspace, f"corpus/{SAMPLE}") as t:
        yield t, workspace


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
    os.kill(t.review_pid(), signal.SIGTERM)
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
