"""Glossary loading: TSV (header, comments, 4/5 columns, statuses, errors with file and line),
TBX v2 and v3 (statuses from administrativeStatus), unsafe XML, and whole folders.

Errors must reach the user as an ``InputError`` naming the file and the 1-based line of the
file as an editor shows it.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any

import pytest

from review_tool.core import glossary as glossary_module
from review_tool.core.checks.checker import Checker
from review_tool.core.glossary import Glossary, load, load_file
from review_tool.core.models import Term
from review_tool.errors import InputError

HEADER5 = "concept\tlang\tterm\tstatus\tnote\n"
HEADER4 = "concept\tlang\tterm\tstatus\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def as_rows(glossary: Glossary) -> list[tuple[str, str, str, str]]:
    return [(t.concept, t.lang, t.text, t.status) for t in glossary.terms]


def load_error(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        load_file(path)
    return info.value


# --------------------------------------------------------------------------- TSV


def test_tsv_five_columns_with_comments_and_blank_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "g.tsv",
        "# a comment before the header\n"
        "\n" + HEADER5 + "# a comment between rows\n"
        "wmo\ten\tWMO\tpreferred\tarticle=the\n"
        "\n"
        "wmo\ten\tOMM\tforbidden\tFrench abbreviation\n"
        "wmo\tfr\tOMM\tpreferred\t\n",
    )
    glossary = load_file(path)
    assert as_rows(glossary) == [
        ("wmo", "en", "WMO", "preferred"),
        ("wmo", "en", "OMM", "forbidden"),
        ("wmo", "fr", "OMM", "preferred"),
    ]
    assert [t.note for t in glossary.terms] == ["article=the", "French abbreviation", ""]
    # The origin names the file and the line the term was read from (1-based, comments counted).
    assert [t.origin for t in glossary.terms] == [f"{path}:5", f"{path}:7", f"{path}:8"]
    assert glossary.warnings == []
    assert glossary.sources == [str(path)]


def test_tsv_four_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "g.tsv",
        HEADER4
        + "gcf\ten\tGreen Climate Fund\tpreferred\ngcf\tfr\tFonds vert pour le climat\tadmitted\n",
    )
    glossary = load_file(path)
    assert as_rows(glossary) == [
        ("gcf", "en", "Green Climate Fund", "preferred"),
        ("gcf", "fr", "Fonds vert pour le climat", "admitted"),
    ]
    assert all(t.note == "" for t in glossary.terms)


def test_tsv_rows_of_four_columns_in_a_five_column_file(tmp_path: Path) -> None:
    path = write(tmp_path, "g.tsv", HEADER5 + "gcf\ten\tGreen Climate Fund\tpreferred\n")
    assert as_rows(load_file(path)) == [("gcf", "en", "Green Climate Fund", "preferred")]


def test_tsv_every_status_and_the_lookups(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "g.tsv",
        HEADER4
        + "prog\ten\tprogramme\tforbidden\n"
        + "prog\ten\tprogram\tadmitted\n"
        + "prog\ten\tprogramme of work\tpreferred\n"
        + "prog\tfr-FR\tprogramme\tpreferred\n",
    )
    glossary = load_file(path)
    assert [t.status for t in glossary.terms] == ["forbidden", "admitted", "preferred", "preferred"]
    assert [t.valid for t in glossary.terms] == [False, True, True, True]
    preferred_en = glossary.preferred("prog", "en")
    assert preferred_en is not None and preferred_en.text == "programme of work"
    # A regional code in the file is found by its base language, and the other way round.
    preferred_fr = glossary.preferred("prog", "fr")
    assert preferred_fr is not None and preferred_fr.text == "programme"
    assert glossary.has_valid("prog", "fr_CA")
    assert glossary.preferred("prog", "de") is None


def test_tsv_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER4 + "sco\ten\tSCO\tpreferred\n").encode("utf-8"))
    assert as_rows(load_file(path)) == [("sco", "en", "SCO", "preferred")]


def test_tsv_crlf_line_ends_are_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "g.tsv", "concept\tlang\tterm\tstatus\r\nsco\ten\tSCO\tpreferred\r\n")
    glossary = load_file(path)
    assert as_rows(glossary) == [("sco", "en", "SCO", "preferred")]
    assert glossary.terms[0].origin == f"{path}:2"


def test_tsv_duplicate_row_is_a_warning_not_an_error(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "g.tsv",
        HEADER4 + "sco\ten\tSCO\tpreferred\nsco\tfr\tOCS\tpreferred\nsco\ten\tSCO\tpreferred\n",
    )
    glossary = load_file(path)
    assert as_rows(glossary) == [
        ("sco", "en", "SCO", "preferred"),
        ("sco", "fr", "OCS", "preferred"),
    ]
    assert len(glossary.warnings) == 1
    warning = glossary.warnings[0]
    # Names the file, the duplicate line and the line it repeats.
    assert warning.startswith(f"{path}:4:")
    assert "line 2" in warning


def test_tsv_line_separator_inside_a_note_does_not_split_the_row(tmp_path: Path) -> None:
    """Only LF (and CRLF) end a line of a TSV file: a U+2028 or U+0085 pasted into a note is
    text (git, grep and spreadsheet imports all see one row), so the file loads."""
    path = write(
        tmp_path,
        "g.tsv",
        HEADER5
        + "sco\ten\tSCO\tpreferred\tsee\u2028the charter\n"
        + "sco\tfr\tOCS\tpreferred\tcf.\x85statuts\n",
    )
    glossary = load_file(path)
    assert as_rows(glossary) == [
        ("sco", "en", "SCO", "preferred"),
        ("sco", "fr", "OCS", "preferred"),
    ]
    assert glossary.terms[0].note == "see\u2028the charter"
    assert glossary.terms[1].origin == f"{path}:3"


def test_tsv_error_line_counts_newlines_only(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "g.tsv",
        HEADER5
        + "sco\ten\tSCO\tpreferred\tsee\u2028the charter\n"
        + "sco\tfr\tOCS\tpreferred\tcf.\x0cstatuts\n"
        + "sco\tru\tШОС\tbogus\n",
    )
    error = load_error(path)
    assert (error.path, error.line) == (str(path), 4)
    assert "status" in error.message


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        pytest.param(
            "# glossary\nconcept\tlanguage\tterm\tstatus\n", 2, "header", id="wrong-header"
        ),
        pytest.param(
            "concept lang term status\nsco en SCO preferred\n",
            1,
            "header",
            id="header-not-tab-separated",
        ),
        pytest.param(
            "term\tconcept\tlang\tstatus\n", 1, "header", id="header-columns-in-wrong-order"
        ),
        pytest.param(
            HEADER4 + "sco\ten\tSCO\tpreferred\nsco\ten\tOCS\n", 3, "column", id="missing-column"
        ),
        pytest.param(
            HEADER5 + "sco\ten\tSCO\tpreferred\tnote\textra\n", 2, "column", id="too-many-columns"
        ),
        pytest.param(
            HEADER4 + "sco\ten\tSCO\tpreferred\n\nsco\ten\tOCS\tdeprecated\n",
            4,
            "status",
            id="unknown-status",
        ),
        pytest.param(HEADER4 + "sco\ten\tSCO\t\n", 2, "status", id="empty-status"),
        pytest.param(HEADER4 + "sco\ten\t\tpreferred\n", 2, "term", id="empty-term"),
        pytest.param(HEADER4 + "# c\nsco\ten\t   \tpreferred\n", 3, "term", id="space-only-term"),
        pytest.param(HEADER4 + "sco\ten\t\u00a0\tpreferred\n", 2, "term", id="nbsp-only-term"),
        pytest.param(HEADER4 + "\ten\tSCO\tpreferred\n", 2, "concept", id="empty-concept"),
        pytest.param(HEADER4 + "sco\t\tSCO\tpreferred\n", 2, "language", id="empty-language"),
        pytest.param("", 1, "empty", id="empty-file"),
        pytest.param("# only a comment\n", 1, "header", id="no-header"),
    ],
)
def test_tsv_errors_name_the_file_and_line(
    tmp_path: Path, content: str, line: int, words: str
) -> None:
    path = write(tmp_path, "bad.tsv", content)
    error = load_error(path)
    assert error.path == str(path)
    assert error.line == line
    assert words in error.message.lower()
    assert str(error).startswith(f"{path}:{line}: ")


def test_tsv_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.tsv"
    path.write_bytes(
        HEADER4.encode()
        + b"sco\ten\tSCO\tpreferred\nsco\tfr\tOrganisation de coop\xe9ration\tadmitted\n"
    )
    error = load_error(path)
    assert (error.path, error.line) == (str(path), 3)
    assert "utf-8" in error.message.lower()


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.tsv"
    error = load_error(path)
    assert error.path == str(path)


def test_unknown_suffix_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, "g.csv", "concept,lang,term,status\n")
    assert load_error(path).path == str(path)


# --------------------------------------------------------------------------- TBX

TBX_V2 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en">
 <martifHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></martifHeader>
 <text><body>
  <termEntry id="wmo">
   <langSet xml:lang="en">
    <tig><term>WMO</term>
     <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <tig><term>World Meteorological Organization</term>
     <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
    <tig><term>OMM</term>
     <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
    <tig><term>W.M.O.</term>
     <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig>
   </langSet>
   <langSet xml:lang="fr-FR">
    <tig><term>OMM</term>
     <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <tig><term>Organisation météorologique mondiale</term>
     <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
   </langSet>
  </termEntry>
  <termEntry id="belem">
   <langSet xml:lang="en">
    <tig><term>Belém</term>
     <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
   </langSet>
  </termEntry>
 </body></text>
</martif>
"""

TBX_V3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
 <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
 <text><body>
  <conceptEntry id="gcf">
   <langSec xml:lang="en">
    <termSec><term>Green Climate Fund</term>
     <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
    <termSec><term>GCF</term>
     <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
    <termSec><term>Green Fund</term>
     <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
    <termSec><term>Climate Green Fund</term>
     <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec>
   </langSec>
   <langSec xml:lang="fr">
    <termSec><term>Fonds vert pour le climat</term>
     <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
   </langSec>
  </conceptEntry>
 </body></text>
</tbx>
"""


def test_tbx_v2(tmp_path: Path) -> None:
    glossary = load_file(write(tmp_path, "g.tbx", TBX_V2))
    assert as_rows(glossary) == [
        ("wmo", "en", "WMO", "preferred"),
        ("wmo", "en", "World Meteorological Organization", "admitted"),
        ("wmo", "en", "OMM", "forbidden"),
        ("wmo", "en", "W.M.O.", "forbidden"),
        ("wmo", "fr_FR", "OMM", "preferred"),
        ("wmo", "fr_FR", "Organisation météorologique mondiale", "admitted"),
        ("belem", "en", "Belém", "preferred"),
    ]
    preferred = glossary.preferred("wmo", "fr")
    assert preferred is not None and preferred.text == "OMM"


def test_tbx_v3(tmp_path: Path) -> None:
    glossary = load_file(write(tmp_path, "g.tbx", TBX_V3))
    assert as_rows(glossary) == [
        ("gcf", "en", "Green Climate Fund", "preferred"),
        ("gcf", "en", "GCF", "admitted"),
        ("gcf", "en", "Green Fund", "forbidden"),
        ("gcf", "en", "Climate Green Fund", "forbidden"),
        ("gcf", "fr", "Fonds vert pour le climat", "preferred"),
    ]


def test_tbx_terms_drive_the_checks(tmp_path: Path) -> None:
    """A deprecated TBX term is reported as forbidden, with the preferred term to use."""
    checker = Checker(load_file(write(tmp_path, "g.tbx", TBX_V3)))
    findings = checker.check("The Green Fund approved the project.", "en")
    assert [(f.rule, f.text, f.suggestion) for f in findings] == [
        ("term.forbidden", "Green Fund", "Green Climate Fund")
    ]


def test_tbx_malformed_xml_names_the_file_and_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "bad.tbx",
        '<martif><text><body><termEntry id="x">\n'
        '<langSet xml:lang="en">\n'
        "<tig><term>a</term></tig>\n"
        "</body></text></martif>\n",
    )
    error = load_error(path)
    assert error.path == str(path)
    assert error.line == 4


def test_tbx_without_entries_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.tbx", "<martif><text><body/></text></martif>")
    assert load_error(path).path == str(path)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE martif [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
]>
<martif type="TBX"><text><body><termEntry id="x"><langSet xml:lang="en">
<tig><term>&lol6;</term></tig></langSet></termEntry></body></text></martif>
"""


def test_tbx_billion_laughs_is_rejected_without_expansion(tmp_path: Path) -> None:
    path = write(tmp_path, "laughs.tbx", BILLION_LAUGHS)
    started = time.monotonic()
    error = load_error(path)
    assert time.monotonic() - started < 2
    assert error.path == str(path)
    # Rejected, not expanded: the message does not carry the expansion.
    assert "lollol" not in str(error)
    assert len(str(error)) < 1000


def _xxe_tbx(url: str, *, parameter: bool = False) -> str:
    if parameter:
        doctype = f'<!DOCTYPE martif [ <!ENTITY % ext SYSTEM "{url}"> %ext; ]>'
        body = "secret"
    else:
        doctype = f'<!DOCTYPE martif [ <!ENTITY xxe SYSTEM "{url}"> ]>'
        body = "&xxe;"
    return (
        f'<?xml version="1.0"?>\n{doctype}\n'
        '<martif type="TBX"><text><body><termEntry id="x"><langSet xml:lang="en">'
        f"<tig><term>{body}</term></tig></langSet></termEntry></body></text></martif>\n"
    )


def test_tbx_xxe_etc_passwd_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "xxe.tbx", _xxe_tbx("file:///etc/passwd"))
    error = load_error(path)
    assert error.path == str(path)
    assert "root:" not in str(error)


@pytest.mark.parametrize("parameter", [False, True], ids=["general-entity", "parameter-entity"])
def test_tbx_external_entity_is_never_read(tmp_path: Path, parameter: bool) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-4711", encoding="utf-8")
    path = write(tmp_path, "xxe.tbx", _xxe_tbx(secret.as_uri(), parameter=parameter))
    glossary = Glossary()
    with pytest.raises(InputError) as info:
        load_file(path, glossary)
    assert info.value.path == str(path)
    assert "TOPSECRET" not in str(info.value)
    assert all("TOPSECRET" not in t.text for t in glossary.terms)


# --------------------------------------------------------------------------- folders


def test_loading_a_folder_loads_every_tsv_and_tbx(tmp_path: Path) -> None:
    folder = tmp_path / "glossary"
    folder.mkdir()
    write(folder, "a.tsv", HEADER4 + "sco\ten\tSCO\tpreferred\nsco\ten\tOCS\tforbidden\n")
    write(folder, "b.tbx", TBX_V3)
    write(folder, "c.TBX", TBX_V2)
    write(folder, "README.md", "not a glossary\n")
    write(folder, "notes.txt", "not a glossary either\n")
    (folder / "old").mkdir()
    write(folder / "old", "ignored.tsv", "this is not even a header\n")

    glossary = load([folder])
    assert sorted(Path(s).name for s in glossary.sources) == ["a.tsv", "b.tbx", "c.TBX"]
    assert set(glossary.concepts) == {"sco", "gcf", "wmo", "belem"}
    # Terms from every file work together in one checker.
    checker = Checker(glossary)
    found = {
        (f.rule, f.text) for f in checker.check("The OCS and the Green Fund met the OMM.", "en")
    }
    assert found == {
        ("term.forbidden", "OCS"),
        ("term.forbidden", "Green Fund"),
        ("term.forbidden", "OMM"),
    }


def test_loading_a_folder_stops_at_the_first_bad_file(tmp_path: Path) -> None:
    folder = tmp_path / "glossary"
    folder.mkdir()
    write(folder, "a.tsv", HEADER4 + "sco\ten\tSCO\tpreferred\n")
    bad = write(folder, "b.tsv", HEADER4 + "sco\ten\tOCS\twrong\n")
    with pytest.raises(InputError) as info:
        load([folder])
    assert (info.value.path, info.value.line) == (str(bad), 2)


# --------------------------------------------------------------------------- TSV fast path
#
# A file whose rows are all plain is read column by column (``_add_plain_rows``); anything
# else goes through the row-by-row reader (``_add_rows``). Both must give the same glossary,
# warnings and errors: each case below is loaded both ways and compared.

FAST = True  # the column reader takes the whole file
CAREFUL = False  # it declines, the row-by-row reader decides (warnings, errors)

FAST_PATH_CASES = [
    pytest.param(
        HEADER5 + "sco\ten\tSCO\tpreferred\tn\nsco\tfr\tOCS\tadmitted\t\n", FAST, id="plain"
    ),
    pytest.param(HEADER4 + "sco\ten\tSCO\tpreferred\nsco\tfr\tOCS\tadmitted", FAST, id="4-cols"),
    pytest.param(
        HEADER5 + "sco\ten\tSCO\tpreferred\nsco\tfr\tOCS\tadmitted\tnote\n", FAST, id="4-and-5"
    ),
    pytest.param(
        "# c\n\n" + HEADER5.replace("\n", "\r\n") + "sco\ten\tSCO\tpreferred\r\nsco\tfr\tOCS\t"
        "admitted\tn\r\n",
        FAST,
        id="crlf",
    ),
    pytest.param(
        HEADER5 + "a\ten\tA\tpreferred\n\n# section\n  # indented\n \t \na\tfr\tB\tadmitted\n",
        FAST,
        id="blank-and-comment-rows",
    ),
    pytest.param(
        HEADER5 + "  sco \t EN-us \t  two   words \t  Forbidden \t  a  note  \n", FAST, id="padded"
    ),
    pytest.param(
        HEADER5 + "a\ten\ttwo\u00a0words\tADMITTED\tsee\u2028this\n"
        "a\ten\tb\x85c\tadmitted\t\x0c\n"
        "a\tzh\t\u3000中文\u3000\tpreferred\t\n",
        FAST,
        id="unicode-whitespace",
    ),
    pytest.param(HEADER5 + "a\ten\tx|y\tpreferred\t\na\ten\t|\tpreferred\t\n", FAST, id="pipes"),
    pytest.param(HEADER5 + "a\ten\tA\tpreferred\t", FAST, id="no-final-newline"),
    pytest.param(
        HEADER4 + "sco\ten\tOCS\tforbidden\nsco\tfr\tOCS\tpreferred\nwmo\tfr\tOCS\tadmitted\n",
        FAST,
        id="same-text-other-key",
    ),
    pytest.param(HEADER5, CAREFUL, id="header-only"),
    pytest.param(HEADER5 + "\n\n", CAREFUL, id="header-and-blank-lines"),
    pytest.param(
        HEADER4 + "sco\ten\tSCO\tpreferred\nsco\tfr\tOCS\tpreferred\nsco\tEN\t SCO\tadmitted\n",
        CAREFUL,
        id="duplicate",
    ),
    pytest.param(HEADER5 + "a\ten\tA\tpreferred\t\n# c\tx\ty\tz\t\n", CAREFUL, id="comment-tabs"),
    pytest.param(HEADER5 + "a\ten\tA\tpreferred\t\n\t#c\tx\ty\t\n", CAREFUL, id="tab-then-hash"),
    pytest.param(HEADER5 + "a\ten\tA\tpreferred\t\n \t \t\t\t \n", CAREFUL, id="blank-with-tabs"),
    pytest.param(HEADER5 + "a\ten\tA\tpreferred\t\na\ten\tB\n", CAREFUL, id="3-cols"),
    pytest.param(HEADER5 + "a\ten\tA\tpreferred\tn\tx\n", CAREFUL, id="6-cols"),
    pytest.param(
        HEADER5 + "a\ten\tA\tpreferred\t\n\ten\tB\tadmitted\t\n", CAREFUL, id="no-concept"
    ),
    pytest.param(HEADER5 + "a\t \tA\tpreferred\t\n", CAREFUL, id="blank-lang"),
    pytest.param(HEADER5 + "a\ten\t\u00a0\tpreferred\t\n", CAREFUL, id="blank-term"),
    pytest.param(HEADER5 + "a\ten\tA\tpreferred\t\na\ten\tB\tdeprecated\t\n", CAREFUL, id="status"),
]


def _outcome(path: Path) -> tuple[object, ...]:
    glossary = Glossary()
    glossary.add(Term("earlier", "en", "E", "preferred", "", "x:1"))
    try:
        load_file(path, glossary)
    except InputError as exc:
        result: tuple[object, ...] = ("error", exc.path, exc.line, exc.message)
    else:
        result = ("ok",)
    terms = [(t.concept, t.lang, t.text, t.status, t.note, t.origin) for t in glossary.terms]
    concepts = {c: [glossary.terms.index(t) for t in ts] for c, ts in glossary.concepts.items()}
    return (*result, terms, glossary.warnings, list(concepts.items()))


@pytest.mark.parametrize(("content", "fast"), FAST_PATH_CASES)
def test_tsv_column_reader_reads_as_the_row_reader_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, fast: bool
) -> None:
    path = write(tmp_path, "g.tsv", content)
    taken: list[bool] = []
    column_reader = glossary_module._add_plain_rows

    def spy(*args: Any) -> bool:
        taken.append(column_reader(*args))
        return taken[-1]

    monkeypatch.setattr(glossary_module, "_add_plain_rows", spy)
    both_ways = _outcome(path)
    assert taken == [fast]
    monkeypatch.setattr(glossary_module, "_add_plain_rows", lambda *args: False)
    assert _outcome(path) == both_ways


def test_tsv_column_reader_text_shortcut_is_sound() -> None:
    """A printable term without double spaces is kept as it is: that is only right if every
    character ``str.split`` splits at, but the space, is unprintable."""
    every = "".join(map(chr, range(0x110000)))
    splitters = [c for c in every if c.isspace()]
    assert len("".join(every.split())) == len(every) - len(splitters)  # split() cuts at these
    assert " " in splitters
    assert all(not c.isprintable() for c in splitters if c != " ")


def test_tsv_column_reader_keeps_each_terms_own_fields(tmp_path: Path) -> None:
    rows = [
        f"c{i % 7}\t{('en', 'fr-ca', 'ZH')[i % 3]}\tterm {i}\tadmitted\tn{i}" for i in range(50)
    ]
    path = write(tmp_path, "g.tsv", HEADER5 + "\n".join(rows) + "\n")
    glossary = load_file(path)
    built = glossary_module._make_terms(
        (
            [t.concept for t in glossary.terms],
            ["x"] * 50,
            [t.text for t in glossary.terms],
            ["forbidden"] * 50,
            [""] * 50,
            ["o"] * 50,
        )
    )
    assert built[3] == Term("c3", "x", "term 3", "forbidden", "", "o")
    assert glossary.terms[10] == Term("c3", "fr_CA", "term 10", "admitted", "n10", f"{path}:12")
    assert [t.concept for t in glossary.concepts["c3"]] == ["c3"] * 7
    assert glossary.concepts["c3"][1] is glossary.terms[10]
    assert [f.name for f in dataclasses.fields(Term)] == [
        "concept",
        "lang",
        "text",
        "status",
        "note",
        "origin",
    ]


def test_tbx_mixed_namespaces_are_read_by_local_name(tmp_path: Path) -> None:
    """One local name under two namespaces: document order, either namespace."""
    path = write(
        tmp_path,
        "g.tbx",
        '<martif xmlns:x="urn:x"><text><body>\n'
        '<x:termEntry id="b"><x:langSet xml:lang="fr"><x:tig><x:term>B</x:term>'
        "<note>first</note><x:note>second</x:note>"
        '<x:termNote type="administrativeStatus">deprecatedTerm-admn-sts</x:termNote>'
        "</x:tig></x:langSet></x:termEntry>\n"
        '<termEntry id="a"><langSet xml:lang="en"><tig><x:term>A1</x:term><term>A2</term>'
        '</tig></langSet><x:langSet xml:lang="de"><ntig><termGrp><term>A de</term></termGrp>'
        "</ntig></x:langSet></termEntry>\n"
        "</body></text></martif>\n",
    )
    glossary = load_file(path)
    assert [(*row, t.note) for row, t in zip(as_rows(glossary), glossary.terms, strict=True)] == [
        ("b", "fr", "B", "forbidden", "first"),
        ("a", "en", "A1", "admitted", ""),
        ("a", "de", "A de", "admitted", ""),
    ]
