"""Glossary export (TBX-Basic, TSV), import (Weblate / translate-toolkit CSV and TBX), lint."""

from __future__ import annotations

from pathlib import Path

import pytest
from testkit import REPO

from review_tool.core.glossary import load_file
from review_tool.core.glossary_io import STATUS_TBX, export_tbx, export_tsv, import_glossary, lint
from review_tool.core.models import Term
from review_tool.errors import InputError, UsageError

SCO = REPO / "glossary" / "sco.tsv"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

TRICKY = (
    "concept\tlang\tterm\tstatus\tnote\n"
    'r-and-d\ten\tR&D\tpreferred\tuse <abbr> & "quotes"\n'
    "r-and-d\ten\tR & D\tforbidden\n"
    "r-and-d\tpt-BR\tP&D\tpreferred\n"
)


def key(term: Term) -> tuple[str, str, str, str]:
    return (term.concept, term.lang, term.text, term.status)


def test_tsv_export_round_trip_keeps_notes(tmp_path: Path) -> None:
    original = load_file(SCO)
    out = tmp_path / "copy.tsv"
    out.write_text(export_tsv(original), encoding="utf-8")
    back = load_file(out)
    assert [(*key(t), t.note) for t in back.terms] == [(*key(t), t.note) for t in original.terms]


@pytest.mark.parametrize("source", [SCO, "tricky"])
def test_tbx_round_trip_with_our_loader(tmp_path: Path, source: Path | str) -> None:
    if source == "tricky":
        source = tmp_path / "tricky.tsv"
        source.write_text(TRICKY, encoding="utf-8")
    original = load_file(source)
    out = tmp_path / "g.tbx"
    out.write_text(export_tbx(original), encoding="utf-8")
    back = load_file(out)
    assert [key(t) for t in back.terms] == [key(t) for t in original.terms]


def test_tbx_read_by_translate_toolkit(tmp_path: Path) -> None:
    from translate.storage.tbx import tbxfile

    original = load_file(SCO)
    data = export_tbx(original).encode("utf-8")
    assert b'<martif type="TBX-Basic"' in data
    store = tbxfile(data)
    got = []
    for unit in store.units:
        for lang_set in unit.getlanguageNodes():
            lang = lang_set.get(XML_LANG)
            for term in unit._get_terms(lang_set):
                got.append((unit.getid(), lang, term.text, term.administrative_status))
    want = [(t.concept, t.lang, t.text, STATUS_TBX[t.status]) for t in original.terms]
    assert got == want
    by_text = {
        term.text: term
        for unit in store.units
        for term in unit.get_target_terms("en") + unit.get_source_terms()
    }
    assert by_text["OCS"].deprecated
    assert [n.text for n in by_text["SCO"].notes] == ["article=the"]


def test_tbx_export_refuses_characters_xml_cannot_carry() -> None:
    from review_tool.core.glossary import Glossary

    glossary = Glossary([Term("c", "en", "bad\x01term", "preferred", origin="g.tsv:2")])
    with pytest.raises(InputError, match="g.tsv:2.*U\\+0001"):
        export_tbx(glossary)


def test_import_weblate_csv(tmp_path: Path) -> None:
    csv_file = tmp_path / "weblate.csv"
    csv_file.write_text(
        "source,target,context,developer_comments,explanation,flags\n"
        'SCO,OCS,,the organisation,"abbr., see ""charter""",\n'
        "SCO,Organisation de coopération de Shanghai,,,,\n"
        "SCOS,SCOS,,,,forbidden\n"
        "\n"
        "Shanghai Spirit,esprit de Shanghai,,,,\n",
        encoding="utf-8",
    )
    glossary = import_glossary(csv_file, source_lang="en", target_lang="fr")
    rows = [(*key(t), t.note) for t in glossary.terms]
    assert rows == [
        ("sco", "en", "SCO", "preferred", "the organisation"),
        ("sco", "fr", "OCS", "preferred", 'abbr., see "charter"'),
        ("sco", "fr", "Organisation de coopération de Shanghai", "admitted", ""),
        ("scos", "en", "SCOS", "preferred", ""),
        ("scos", "fr", "SCOS", "forbidden", ""),
        ("shanghai-spirit", "en", "Shanghai Spirit", "preferred", ""),
        ("shanghai-spirit", "fr", "esprit de Shanghai", "preferred", ""),
    ]
    assert glossary.terms[0].origin == f"{csv_file}:2"
    # What we write is what our loader reads.
    out = tmp_path / "out.tsv"
    out.write_text(export_tsv(glossary), encoding="utf-8")
    assert [key(t) for t in load_file(out).terms] == [key(t) for t in glossary.terms]


def test_import_headerless_csv_and_errors(tmp_path: Path) -> None:
    plain = tmp_path / "plain.csv"
    plain.write_text("apple,pomme\npear,poire\n", encoding="utf-8")
    glossary = import_glossary(plain, target_lang="fr")
    assert [t.text for t in glossary.terms] == ["apple", "pomme", "pear", "poire"]
    with pytest.raises(UsageError, match="target-lang"):
        import_glossary(plain)
    bad = tmp_path / "bad.csv"
    bad.write_text("source,target\nok,bien\n,vide\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        import_glossary(bad, target_lang="fr")
    assert info.value.line == 3
    with pytest.raises(InputError, match="no such"):
        import_glossary(tmp_path / "missing.csv", target_lang="fr")


def test_import_translate_toolkit_tbx(tmp_path: Path) -> None:
    from translate.storage.tbx import tbxfile

    store = tbxfile(sourcelanguage="en", targetlanguage="de")
    unit = store.addsourceunit("address bar")
    unit.settarget("Adressleiste")
    unit = store.addsourceunit("bookmark")
    unit.settarget("Lesezeichen")
    path = tmp_path / "tt.tbx"
    path.write_bytes(bytes(store))
    glossary = import_glossary(path)
    assert sorted((t.lang, t.text, t.status) for t in glossary.terms) == [
        ("de", "Adressleiste", "preferred"),
        ("de", "Lesezeichen", "preferred"),
        ("en", "address bar", "preferred"),
        ("en", "bookmark", "preferred"),
    ]
    assert len(glossary.concepts) == 2


@pytest.mark.parametrize(
    "payload",
    [
        b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        b"<martif><text><body><termEntry><langSet xml:lang='en'><tig><term>&b;</term>"
        b"</tig></langSet></termEntry></body></text></martif>",
        b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<martif><text><body><termEntry><langSet xml:lang='en'><tig><term>&x;</term>"
        b"</tig></langSet></termEntry></body></text></martif>",
        b"<martif><text><body><termEntry>",
    ],
    ids=["entity-expansion", "xxe", "malformed"],
)
def test_import_rejects_unsafe_or_broken_tbx(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "evil.tbx"
    path.write_bytes(payload)
    with pytest.raises(InputError):
        import_glossary(path)


def test_lint_finds_each_problem_kind(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(
        "concept\tlang\tterm\tstatus\tnote\n"
        "sco\ten\tSCO\tpreferred\n"  # 2
        "sco\ten\tSCO\tpreferred\n"  # 3 duplicate
        "sco\ten\tOCS\tforbidden\n"  # 4
        "ocs-fr\ten\tocs\tpreferred\n"  # 5 preferred here, forbidden (folded) at 4
        "spirit\ten\tspirit of Shanghai\tadmitted\n"  # 6 no preferred in en
        "other\ten\tSpirit-of-Shanghai\tpreferred\n",  # 7 shadows line 6
        encoding="utf-8",
    )
    problems = lint(load_file(bad))
    kinds = {(p.kind, p.line) for p in problems}
    assert ("duplicate", 3) in kinds
    assert ("conflict", 4) in kinds
    assert ("no-preferred", 6) in kinds
    assert ("shadow", 7) in kinds
    assert all(p.one_line().startswith(f"{bad}:{p.line}: ") for p in problems)
    # Lines 4/5 are a conflict, not reported a second time as shadowing.
    assert not any(p.kind == "shadow" and p.line in (4, 5) for p in problems)


def test_lint_duplicates_across_files(tmp_path: Path) -> None:
    from review_tool.core.glossary import load

    for name in ("a.tsv", "b.tsv"):
        (tmp_path / name).write_text(
            "concept\tlang\tterm\tstatus\nsco\ten\tSCO\tpreferred\n", encoding="utf-8"
        )
    problems = lint(load([tmp_path]))
    assert [(p.kind, p.file) for p in problems] == [("duplicate", str(tmp_path / "b.tsv"))]


def test_sample_glossary_is_clean() -> None:
    assert lint(load_file(SCO)) == []
