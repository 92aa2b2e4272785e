"""``review-tool export`` and ``review-tool glossary`` as a user runs them, end to end on the
sample article: import, approve every segment with the fixer, export every format."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cli_support import run

from review_tool.core.glossary import load_file
from review_tool.documents.paragraphs import read_document, split_paragraphs
from review_tool.po.store import PoEntry, PoStore

DOC = "corpus/sco-tianjin-summit-2025.en.txt"
PO = "locales/en/LC_MESSAGES/sco-tianjin-summit-2025.po"
HAVE_GETTEXT = all(shutil.which(t) for t in ("msgfmt", "msgunfmt", "msgcat"))
needs_gettext = pytest.mark.skipif(not HAVE_GETTEXT, reason="GNU gettext tools not installed")


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def imported(workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    monkeypatch.chdir(workspace)
    monkeypatch.setenv("REVIEW_TOOL_TRANSLATOR", "Test <t@example.org>")
    assert run(["import", DOC, "--to", "en"], capsys)[0] == 0
    return workspace


def approve_all(capsys, skip: tuple[int, ...] = ()) -> int:
    count = len(PoStore.load(PO).entries)
    for index in range(count):
        if index not in skip:
            code, _, err = run(["approve", PO, "--index", str(index), "--candidate", "fix"], capsys)
            assert code == 0, err
    return count


def test_sample_end_to_end(imported: Path, capsys, tmp_path: Path) -> None:
    count = approve_all(capsys)
    source = read_document(imported / DOC)
    assert count == len(source.paragraphs)

    # txt on stdout: the corrected article.
    code, text, _ = run(["export", PO, "--format", "txt"], capsys)
    assert code == 0
    for defect in ("OCS", "20242025", "decision -making", "President XI"):
        assert defect not in text
    assert len(split_paragraphs(text)) == len(source.paragraphs)
    # The document names its PO: same text through --lang, as md into a file.
    out = imported / "build"
    out.mkdir()
    assert (
        run(["export", DOC, "--lang", "en", "--format", "md", "--out", "build/a.md"], capsys)[0]
        == 0
    )
    assert (out / "a.md").read_text(encoding="utf-8") == text

    # po / mo / tmx into files.
    for fmt in ("po", "mo", "tmx"):
        code, _, err = run(["export", PO, "--format", fmt, "--out", f"build/a.{fmt}"], capsys)
        assert code == 0, err
    store = PoStore.load(PO)
    pairs = [(e.msgctxt, e.msgid, e.msgstr) for e in store.entries]

    from translate.storage.tmx import tmxfile

    tmx = tmxfile((out / "a.tmx").read_bytes())
    units = [u for u in tmx.units if not u.isheader()]
    assert [(u.getcontext(), u.source, u.target) for u in units] == pairs

    if HAVE_GETTEXT:
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out / "a.po")], check=True)
        back = tmp_path / "back.po"
        back.write_text(
            subprocess.run(
                ["msgunfmt", str(out / "a.mo")], capture_output=True, text=True, check=True
            ).stdout,
            encoding="utf-8",
        )
        assert [(e.msgctxt, e.msgid, e.msgstr) for e in PoStore.load(back).entries] == sorted(
            pairs, key=lambda p: f"{p[0]}\x04{p[1]}".encode()
        )

    # The glossary as TBX: translate-toolkit and our loader read the same terms back.
    code, _, _ = run(["glossary", "export", "--format", "tbx", "--out", "build/g.tbx"], capsys)
    assert code == 0
    original = load_file(imported / "glossary" / "sco.tsv")
    want = [(t.concept, t.lang, t.text, t.status) for t in original.terms]
    ours = load_file(out / "g.tbx")
    assert [(t.concept, t.lang, t.text, t.status) for t in ours.terms] == want

    from translate.storage.tbx import tbxfile

    tbx = tbxfile((out / "g.tbx").read_bytes())
    got = [
        (unit.getid(), lang_set.get("{http://www.w3.org/XML/1998/namespace}lang"), term.text)
        for unit in tbx.units
        for lang_set in unit.getlanguageNodes()
        for term in unit._get_terms(lang_set)
    ]
    assert got == [w[:3] for w in want]


def test_partial_export_is_an_error_unless_allowed(imported: Path, capsys) -> None:
    approve_all(capsys, skip=(1, 3))
    segments = [e.msgctxt or "" for e in PoStore.load(PO).entries]
    before = files_under(imported)
    code, out, err = run(["export", PO, "--format", "txt", "--out", "article.txt"], capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert segments[1] in err and segments[3] in err and segments[0] not in err
    assert files_under(imported) == before

    code, out, err = run(["export", PO, "--format", "txt", "--allow-partial"], capsys)
    assert code == 0
    assert segments[1] in err and segments[3] in err
    source = read_document(imported / DOC)
    paragraphs = [p.text for p in split_paragraphs(out)]
    assert paragraphs[1] == source.paragraphs[1].text
    assert paragraphs[2] != source.paragraphs[2].text  # approved: "President XI" fixed


def test_crlf_source_stays_crlf(imported: Path, capsys) -> None:
    doc = imported / DOC
    doc.write_bytes(doc.read_bytes().replace(b"\n", b"\r\n"))
    approve_all(capsys)
    assert run(["export", PO, "--format", "txt", "--out", "a.txt"], capsys)[0] == 0
    data = (imported / "a.txt").read_bytes()
    assert b"\r\n\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")


def test_outputs_never_leave_out_dir(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "in"
    src.mkdir()
    for name, lang in (("..%2f..%2fevil", "../../../escape"), ("..", "fr/../../x"), ("ok", "de")):
        store = PoStore.new(
            src / f"{name}.po",
            language=lang,
            source_language="en",
            entries=[PoEntry("a", "b", msgctxt="../../../ctx"), PoEntry("c", "d")],
        )
        store.save(last_translator="t")
    out = tmp_path / "deep" / "out"
    out.parent.mkdir()
    before = files_under(tmp_path)
    for fmt in ("po", "mo", "txt", "tmx"):
        code, _, err = run(["export", "in", "--format", fmt, "--out", str(out)], capsys)
        assert code == 0, err
    written = files_under(tmp_path) - before
    assert len(written) == 12
    assert all(p.parent == out for p in written)


def test_bad_inputs_exit_2_and_write_nothing(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    broken = tmp_path / "broken.po"
    broken.write_text('msgid "a"\nmsgstr "unterminated\n', encoding="utf-8")
    before = files_under(tmp_path)
    for args in (
        ["export", "broken.po", "--format", "po", "--out", "x.po"],
        ["export", "missing.po", "--format", "po", "--out", "x.po"],
        ["glossary", "import", "missing.tbx", "--out", "g.tsv"],
    ):
        code, out, err = run(args, capsys)
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, err
    evil = tmp_path / "evil.tbx"
    evil.write_text(
        '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<martif><text><body><termEntry><langSet xml:lang='en'><tig><term>&x;</term></tig>"
        "</langSet></termEntry></body></text></martif>",
        encoding="utf-8",
    )
    before.add(evil)
    code, _, err = run(["glossary", "import", "evil.tbx", "--out", "g.tsv"], capsys)
    assert code == 2 and "evil.tbx" in err
    assert files_under(tmp_path) == before


def test_mo_needs_out_and_usage_errors(imported: Path, capsys) -> None:
    approve_all(capsys)
    code, out, err = run(["export", PO, "--format", "mo"], capsys)
    assert code == 2 and out == "" and "--out" in err
    code, _, err = run(["export", DOC, "--format", "txt"], capsys)
    assert code == 2 and "--lang" in err


def test_glossary_commands(workspace: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(workspace)
    code, out, _ = run(["glossary", "lint"], capsys)
    assert code == 0 and out == ""
    code, tsv, _ = run(["glossary", "export", "--format", "tsv"], capsys)
    assert code == 0 and "sco\ten\tSCO\tpreferred\tarticle=the" in tsv

    (workspace / "fr.csv").write_text("source,target\nSCO,OCS\n", encoding="utf-8")
    code, _, err = run(["glossary", "import", "fr.csv", "--target-lang", "fr"], capsys)
    assert code == 0, err
    imported = workspace / "glossary" / "fr.tsv"
    assert [t.text for t in load_file(imported).terms] == ["SCO", "OCS"]
    code, _, err = run(["glossary", "import", "fr.csv", "--target-lang", "fr"], capsys)
    assert code == 2 and "--force" in err
    # The imported concept 'sco' repeats the English 'SCO': lint reports it, file:line.
    code, out, _ = run(["glossary", "lint"], capsys)
    assert code == 1
    assert all(line.split(":")[1].isdigit() for line in out.splitlines())
    assert any("fr.tsv" in line or "sco.tsv" in line for line in out.splitlines())


def test_folder_export_filters_by_language(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for lang in ("fr", "de"):
        folder = tmp_path / "locales" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        entries = [PoEntry("One.", f"{lang}-1", msgctxt="p-1")]
        PoStore.new(folder / "doc.po", language=lang, entries=entries).save(last_translator="t")
    code, _, err = run(["export", "locales", "--lang", "fr", "--format", "po"], capsys)
    assert code == 2 and "--out" in err
    code, _, err = run(
        ["export", "locales", "--lang", "fr", "--format", "po", "--out", "o"], capsys
    )
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["doc.fr.po"]


def _snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in files_under(root)}


@pytest.mark.parametrize("fmt", ["po", "mo", "tmx"])
@pytest.mark.parametrize("spelling", ["same path", "other spelling", "symlink", "hardlink"])
def test_export_refuses_to_overwrite_its_input(
    imported: Path, capsys, fmt: str, spelling: str
) -> None:
    """``export X.po --format po --out X.po`` used to leave only the approved entries (16 -> 1),
    ``--format mo --out X.po`` a binary file in place of the catalog."""
    assert run(["approve", PO, "--index", "0", "--candidate", "fix"], capsys)[0] == 0
    po = imported / PO
    out = {
        "same path": PO,
        "other spelling": f"./locales/../{PO}",
        "symlink": "link.po",
        "hardlink": "hard.po",
    }[spelling]
    if spelling == "symlink":
        (imported / out).symlink_to(po)
    elif spelling == "hardlink":
        (imported / out).hardlink_to(po)
    before = _snapshot(imported)
    code, stdout, err = run(["export", PO, "--format", fmt, "--out", out], capsys)
    assert code == 2
    assert stdout == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"error: {Path(out)}: is the input ") and "refusing to overwrite" in err
    assert _snapshot(imported) == before
    assert len(PoStore.load(po).entries) > 1


def test_export_of_a_document_refuses_to_overwrite_the_document(imported: Path, capsys) -> None:
    before = _snapshot(imported)
    code, _, err = run(
        ["export", DOC, "--lang", "en", "--format", "txt", "--allow-partial", "--out", DOC], capsys
    )
    assert code == 2 and err.count("\n") == 1
    assert "refusing to overwrite" in err
    assert _snapshot(imported) == before
