"""import / approve / stats: the PO workflow from the command line, files checked on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gettext_check import msgfmt_check

from review_tool.cli.main import main
from review_tool.po.store import PoStore

DOC = "corpus/sco-tianjin-summit-2025.en.txt"
EN_PO = "locales/en/LC_MESSAGES/sco-tianjin-summit-2025.po"


def cli(ws: Path, *args: str) -> int:
    return main([*args, "--workspace", str(ws)])


@pytest.fixture
def imported(workspace: Path, monkeypatch) -> Path:
    monkeypatch.chdir(workspace)
    assert cli(workspace, "import", DOC, "--to", "en") == 0
    return workspace


def test_import_creates_one_entry_per_paragraph(imported: Path, capsys) -> None:
    po = imported / EN_PO
    msgfmt_check(po)
    store = PoStore.load(po)
    paragraphs = [p.strip() for p in (imported / DOC).read_text("utf-8").split("\n\n") if p.strip()]
    assert [e.msgid for e in store.entries] == paragraphs
    assert store.language == "en" and store.header["X-Source-Language"] == "en"
    assert len({e.msgctxt for e in store.entries}) == len(paragraphs)  # stable, unique ids
    assert store.entries[3].references == (f"{DOC}:4",)
    # Same-language review: the text itself is the unapproved candidate.
    assert all(e.state == "fuzzy" and e.msgstr == e.msgid for e in store.entries)


def test_reimport_keeps_approved_work(imported: Path) -> None:
    po = imported / EN_PO
    ids = [e.msgctxt for e in PoStore.load(po).entries]
    assert (
        cli(imported, "approve", EN_PO, "--index", "0", "--text", "Paragraph zero, approved.") == 0
    )
    assert cli(imported, "approve", EN_PO, "--segment", ids[1], "--text", "Approved one.") == 0
    assert cli(imported, "approve", EN_PO, "--index", "15", "--text", "Approved last.") == 0
    doc = imported / DOC
    paragraphs = [p.strip() for p in doc.read_text("utf-8").split("\n\n") if p.strip()]
    edited = paragraphs[1].replace("light fall day", "bright autumn day")
    new_doc = [paragraphs[0], edited, "An inserted paragraph.", *paragraphs[2:15]]  # last removed
    doc.write_text("\n\n".join(new_doc) + "\n", encoding="utf-8")
    assert cli(imported, "import", DOC, "--to", "en") == 0
    msgfmt_check(po)
    store = PoStore.load(po)
    assert [e.msgid for e in store.entries] == new_doc
    first, second = store.entries[0], store.entries[1]
    assert first.approved and first.msgstr == "Paragraph zero, approved."
    assert second.fuzzy and second.msgstr == "Approved one."
    assert second.previous_msgid == paragraphs[1]
    assert store.entries[2].msgid == "An inserted paragraph." and not store.entries[2].approved
    kept = [e for e in store.obsolete if e.msgstr == "Approved last."]
    assert kept and kept[0].msgid == paragraphs[15]
    # No temporary files are left beside the catalog.
    assert sorted(p.name for p in po.parent.iterdir() if not p.name.endswith(".lock")) == [po.name]


def test_import_from_reviewed_po_uses_approved_text(imported: Path, capsys) -> None:
    assert cli(imported, "approve", EN_PO, "--index", "2", "--candidate", "fix") == 0
    approved = PoStore.load(imported / EN_PO).entries[2]
    assert approved.approved and "President Xi" in approved.msgstr
    capsys.readouterr()
    assert cli(imported, "import", EN_PO, "--to", "fr", "--to", "zh") == 0
    err = capsys.readouterr().err
    assert "15 segment(s)" in err and "not approved" in err
    for lang in ("fr", "zh"):
        po = imported / f"locales/{lang}/LC_MESSAGES/sco-tianjin-summit-2025.po"
        msgfmt_check(po)
        store = PoStore.load(po)
        assert store.language == lang
        assert [e.msgid for e in store.entries] == [approved.msgstr]
        assert store.entries[0].msgctxt == approved.msgctxt
        assert store.entries[0].state == "untranslated"


def test_approve_candidate_fix_removes_fixable_defects(imported: Path) -> None:
    assert cli(imported, "approve", EN_PO, "--index", "1", "--candidate", "fix") == 0
    text = PoStore.load(imported / EN_PO).entries[1].msgstr
    assert "ocs" not in text and "SCOS" not in text and "20242025" not in text
    assert "SCO flag" in text and "2024-2025" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--index", "99", "--text", "x"], "out of range"),
        (["--segment", "p-nope", "--text", "x"], "no segment with id"),
        (["--index", "0", "--candidate", "google"], "unknown candidate"),
        (["--index", "0", "--text", ""], "empty translation"),
    ],
)
def test_approve_errors_write_nothing(imported: Path, capsys, args, message) -> None:
    po = imported / EN_PO
    before = po.read_bytes()
    capsys.readouterr()
    assert cli(imported, "approve", EN_PO, *args) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert po.read_bytes() == before


def test_stats_counts(imported: Path, capsys) -> None:
    assert cli(imported, "approve", EN_PO, "--index", "1", "--candidate", "fix") == 0
    capsys.readouterr()
    assert cli(imported, "stats", "--format", "json") == 0
    rows = json.loads(capsys.readouterr().out)["files"]
    assert len(rows) == 1
    row = rows[0]
    assert (row["total"], row["approved"], row["fuzzy"], row["untranslated"]) == (16, 1, 15, 0)
    assert row["findings"] > 0 and row["errors"] > 0
