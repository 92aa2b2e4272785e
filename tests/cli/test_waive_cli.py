"""Waivers and notes kept in the PO: ``review-tool waive``, ``check`` leaving waived findings
out (``--no-waivers`` shows them), an edit lapsing the waiver, ``msgcat`` keeping it, TMX
export carrying notes but never waivers."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from review_tool.cli.main import main
from review_tool.documents.waivers import notes, waived_rules, with_notes
from review_tool.po.store import PoStore

REPO = Path(__file__).resolve().parents[2]
SAMPLE = "sco-tianjin-summit-2025.en.txt"
PO = "locales/en/LC_MESSAGES/sco-tianjin-summit-2025.po"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "ws"
    (root / "corpus").mkdir(parents=True)
    shutil.copy(REPO / "corpus" / SAMPLE, root / "corpus" / SAMPLE)
    shutil.copytree(REPO / "glossary", root / "glossary")
    monkeypatch.setenv("REVIEW_TOOL_TRANSLATOR", "Ann <ann@example.org>")
    monkeypatch.chdir(root)
    assert main(["import", f"corpus/{SAMPLE}", "--to", "en"]) == 0
    return root


def findings(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[list[str], str]:
    capsys.readouterr()
    main(["check", PO, *args])
    out, err = capsys.readouterr()
    # without line:col (the waiver's comment line moves the entries below it)
    return [re.sub(r":\d+:\d+:", ":", line) for line in out.splitlines()], err


def test_waive_hides_one_finding_until_the_text_changes(ws: Path, capsys) -> None:
    before, _ = findings(capsys)
    ranges = [line for line in before if "qa.range" in line]
    assert ranges
    assert main(["waive", PO, "--number", "2", "--rule", "qa.range"]) == 0
    after, err = findings(capsys)
    assert len(after) == len(before) - 1 and "1 waived" in err
    assert sorted(findings(capsys, "--no-waivers")[0]) == sorted(before)
    entry = PoStore.load(ws / PO).entries[1]
    assert waived_rules(entry) == {"qa.range"} and notes(entry) == []
    if shutil.which("msgcat"):  # gettext's tools keep comments: the waiver survives them
        subprocess.run(["msgcat", "-o", str(ws / PO), str(ws / PO)], check=True)
        assert len(findings(capsys)[0]) == len(before) - 1
    # any edit of the text lapses it: the finding is back
    text = PoStore.load(ws / PO).entries[1].msgstr
    assert main(["approve", PO, "--number", "2", "--text", text + " Edited."]) == 0
    assert any("qa.range" in line for line in findings(capsys)[0])


def test_waive_refuses_a_rule_not_reported_there(ws: Path, capsys) -> None:
    before = (ws / PO).read_bytes()
    capsys.readouterr()
    assert main(["waive", PO, "--number", "1", "--rule", "qa.range"]) == 2
    err = capsys.readouterr().err
    assert "no qa.range finding on #1" in err and len(err.splitlines()) == 1
    assert (ws / PO).read_bytes() == before


def test_tmx_exports_notes_never_waivers(ws: Path, capsys) -> None:
    assert main(["waive", PO, "--number", "2", "--rule", "qa.range"]) == 0
    store = PoStore.load(ws / PO)
    store.update(1, with_notes(store.entries[1], "Checked with the desk <ok> & done."))
    store.save(last_translator="Ann")
    entry = PoStore.load(ws / PO).entries[1]
    assert notes(entry) == ["Checked with the desk <ok> & done."]
    assert waived_rules(entry) == {"qa.range"}  # a note leaves the waiver alone
    capsys.readouterr()
    assert main(["export", PO, "--lang", "en", "--format", "tmx", "--include-fuzzy"]) == 0
    tmx = capsys.readouterr().out
    assert "<note>Checked with the desk &lt;ok&gt; &amp; done.</note>" in tmx
    assert "review-tool waive" not in tmx
