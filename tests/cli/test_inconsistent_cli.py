"""qa.inconsistent through ``review-tool check``: a whole-file rule, the same findings with any
number of workers (a big file is cut into chunks, the rule still sees all of it), and the
translation memory of the workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from review_tool.cli.main import main

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Language: fr\\n"\n"X-Source-Language: en\\n"\n\n'
)


def po(entries: list[tuple[str, str]]) -> str:
    body = "".join(f'msgid "{s}"\nmsgstr "{t}"\n\n' for s, t in entries)
    return HEADER + body


def findings(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict]:
    main([*args, "--format", "json", "--fail-on", "never", "--no-spelling"])
    out = capsys.readouterr().out
    return [f for f in json.loads(out)["findings"] if f["rule"] == "qa.inconsistent"]


def test_a_translation_differing_from_the_workspace_memory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "locales" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "a.po").write_text(po([("File not found", "Fichier introuvable")]), "utf-8")
    (folder / "b.po").write_text(
        po([("File not found", "Fichier non trouvé"), ("Open", "Ouvrir")]), "utf-8"
    )
    found = findings(["check", str(folder / "b.po"), "--workspace", str(tmp_path)], capsys)
    assert [(f["text"], f["suggestion"]) for f in found] == [
        ("Fichier non trouvé", "Fichier introuvable")
    ]
    assert "a.po" in found[0]["message"]


def test_a_big_document_split_across_workers_gets_the_findings_of_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "g.tsv").write_text(
        "concept\tlang\tterm\tstatus\tnote\n"
        "who\ten\tWorld Health Organization\tpreferred\t\n"
        "who\ten\tWorld Health Organisation\tadmitted\t\n"
        "who\ten\tWHO\tadmitted\t\n",
        encoding="utf-8",
    )
    paragraphs = [
        f"Paragraph {n} of the report by the World Health Organization." for n in range(12_000)
    ]
    paragraphs[11_500] = "The World Health Organisation (WHO) disagreed."
    doc = tmp_path / "report.en.txt"
    doc.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    runs = [
        findings(["check", str(doc), "--workspace", str(tmp_path), "--jobs", jobs], capsys)
        for jobs in ("1", "2")
    ]
    assert runs[0] == runs[1]
    assert [(f["index"], f["text"], f["suggestion"]) for f in runs[0]] == [
        (11_500, "World Health Organisation", "World Health Organization")
    ]
