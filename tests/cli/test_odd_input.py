"""Odd names and unreadable settings end with one line naming the file, status 2, nothing
written: never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_support import run

NEWLINE_DOC = "corpus/two\nlines.en.txt"


def files_under(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def newline_doc(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(workspace)
    monkeypatch.setenv("REVIEW_TOOL_TRANSLATOR", "Odd Names <odd@example.org>")
    (workspace / NEWLINE_DOC).write_text("The OCS met.\n\nIt ended.\n", encoding="utf-8")
    return workspace


@pytest.mark.parametrize(
    "args",
    [
        ["import", NEWLINE_DOC, "--to", "fr"],
        ["import", NEWLINE_DOC, "--to", "en"],
        ["review", NEWLINE_DOC],
        ["export", NEWLINE_DOC, "--lang", "en", "--format", "txt"],
    ],
    ids=["import", "import-same-language", "review", "export"],
)
def test_a_document_name_with_a_newline_is_one_line(
    newline_doc: Path, capsys, args: list[str]
) -> None:
    """Today: ``ValueError: header names and values are single lines`` (a traceback)."""
    before = files_under(newline_doc)
    code, out, err = run(args, capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err
    assert "two\\nlines" in err  # the name, its newline shown as \n
    assert files_under(newline_doc) == before


def test_check_names_a_file_with_a_newline_on_one_line(newline_doc: Path, capsys) -> None:
    code, out, _ = run(["check", NEWLINE_DOC], capsys)
    assert code == 1
    assert out.splitlines() == [
        "corpus/two\\nlines.en.txt:1:5: error term.forbidden: 'OCS' is a forbidden term; "
        "use 'SCO' (French abbreviation leaking into English) [SCO]"
    ]


@pytest.mark.parametrize("kind", ["folder", "unreadable"])
def test_an_unreadable_config_is_one_line(
    workspace: Path, capsys, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    config = workspace / "review-tool.toml"
    if kind == "folder":
        config.mkdir()
    else:
        config.write_text('[user]\nname = "A"\n', encoding="utf-8")
        # chmod 000 does not stop root (CI runs as root): the read itself fails as it would
        real_read_text = Path.read_text

        def refuse(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
            if self.name == "review-tool.toml":
                raise PermissionError(13, "Permission denied", str(self))
            return real_read_text(self, *args, **kwargs)

        monkeypatch.setattr(Path, "read_text", refuse)
    before = files_under(workspace)
    for args in (["stats"], ["check", "corpus"], ["import", "corpus", "--to", "fr"]):
        code, out, err = run([*args, "--workspace", str(workspace)], capsys)
        assert code == 2 and out == "", args
        assert err.count("\n") == 1 and "Traceback" not in err
        assert err.startswith(f"error: {config}: cannot read: ")
    assert files_under(workspace) == before


def test_a_two_megabyte_glossary_term_is_one_line_naming_file_and_line(
    workspace: Path, capsys
) -> None:
    """Today ``check`` runs for minutes on it (the term automaton's build)."""
    tsv = workspace / "glossary" / "broken.tsv"
    huge = "Shanghai " * 233_017  # about 2 MB: a row whose tab went missing
    tsv.write_text(
        f"concept\tlang\tterm\tstatus\tnote\nok\ten\tTianjin\tpreferred\t\nbad\ten\t{huge}\t"
        "preferred\t\n",
        encoding="utf-8",
    )
    before = files_under(workspace)
    code, out, err = run(["check", "corpus", "--workspace", str(workspace)], capsys)
    assert (code, out) == (2, "")
    assert err.startswith(f"error: {tsv}:3: a term of 2,097,152 characters (concept 'bad', en)")
    assert err.count("\n") == 1
    assert files_under(workspace) == before


def test_the_term_automaton_build_is_linear_in_the_terms_length() -> None:
    """Forty terms of 1 000 characters (the most a glossary may hold) took 27 s to index
    (a DFA built for small sets); linear, they take milliseconds. The bound is generous:
    this guards against the quadratic build, it does not measure speed."""
    import time

    from review_tool.core.glossary import Glossary
    from review_tool.core.models import Term
    from review_tool.core.term_matcher import TermMatcher

    glossary = Glossary()
    for i in range(40):
        glossary.add(Term(f"c{i}", "zh", chr(0x4E00 + i) * 1000, "preferred", "", f"g:{i}"))
    started = time.process_time()
    matcher = TermMatcher(glossary)
    assert time.process_time() - started < 3.0
    hits = matcher.find("前" + chr(0x4E00 + 7) * 1000 + "后")
    assert [m.terms[0].concept for m in hits] == ["c7"]


def test_a_document_name_that_is_not_utf8_is_one_line(
    workspace: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workspace)
    raw = b"corpus/bad\xffname.en.txt"
    with open(raw, "wb") as fh:
        fh.write(b"The OCS met.\n")
    name = raw.decode("utf-8", "surrogateescape")
    before = files_under(workspace)
    code, out, err = run(["import", name, "--to", "fr"], capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "bad\\udcffname" in err and "rename the file" in err
    assert files_under(workspace) == before
