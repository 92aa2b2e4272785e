"""The rule registry is the one list of rules: the README's table is generated from it, and a
rule registered in one place is listed, checked (text and JSON reports, one or two workers)
and fixed with nothing else edited."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from testkit import REPO

from review_tool.cli.main import main
from review_tool.core.checks.checker import Checker
from review_tool.core.checks.registry import (
    Rule,
    TextContext,
    all_rules,
    markdown_table,
    register,
    unregister,
)
from review_tool.core.fixer import fix
from review_tool.core.glossary import Glossary
from review_tool.core.models import Finding


def test_readme_rule_table_is_the_registry() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("| rule | severity |")
    table = readme[start : readme.index("\n\n", start)]
    assert table == markdown_table(), (
        "regenerate it: python -c 'from review_tool.core.checks.registry import "
        "markdown_table as t; print(t())'"
    )


def test_rule_ids_are_unique_and_registered_once() -> None:
    ids = [r.id for r in all_rules()]
    assert len(ids) == len(set(ids))
    with pytest.raises(ValueError, match="twice"):
        register(all_rules()[0])


def _dummy_check(ctx: TextContext) -> list[Finding]:
    return [
        Finding(
            "test.zzz",
            "error" if m.group(0) == "ZZZ" else "warning",
            m.start(),
            m.end(),
            m.group(0),
            "zzz is not a word",
            "z",
        )
        for m in re.finditer(r"(?i)zzz", ctx.text)
    ]


@pytest.fixture
def dummy_rule() -> Iterator[Rule]:
    rule = register(
        Rule(
            "test.zzz",
            "warning",
            "a dummy rule of the test",
            '"zzz"',
            check=_dummy_check,
            fix=lambda f: "z",
        )
    )
    try:
        yield rule
    finally:
        unregister("test.zzz")


def test_dummy_rule_is_listed(dummy_rule: Rule, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    assert "test.zzz  " in capsys.readouterr().out.replace("test.zzz", "test.zzz  ", 1)
    assert main(["rules", "--format", "json"]) == 0
    listed = {r["id"]: r for r in json.loads(capsys.readouterr().out)["rules"]}
    assert listed["test.zzz"] == {
        "id": "test.zzz",
        "severity": "warning",
        "scope": "text",
        "needs_source": False,
        "fixable": True,
        "doc": "a dummy rule of the test",
        "example": '"zzz"',
    }
    assert set(listed) == {r.id for r in all_rules()}


def _repeated_paragraphs(contexts: Sequence[TextContext]) -> list[list[Finding]]:
    seen: set[str] = set()
    out = []
    for ctx in contexts:
        again = ctx.text in seen
        seen.add(ctx.text)
        out.append([Finding("test.again", "warning", 0, 0, "", "seen before")] if again else [])
    return out


@pytest.fixture
def catalog_rule() -> Iterator[Rule]:
    rule = register(
        Rule(
            "test.again",
            "warning",
            "a paragraph seen before",
            "",
            check_catalog=_repeated_paragraphs,
        )
    )
    try:
        yield rule
    finally:
        unregister("test.again")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_catalog_rule_sees_the_whole_file(
    catalog_rule: Rule, jobs: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "g.tsv").write_text("concept\tlang\tterm\tstatus\tnote\n")
    doc = tmp_path / "doc.en.txt"
    doc.write_text("\n\n".join(f"Paragraph {i % 700}." for i in range(1000)), encoding="utf-8")
    args = ["check", str(doc), "--workspace", str(tmp_path), "--jobs", jobs, "--format", "json"]
    assert main(args) == 0
    found = [
        f for f in json.loads(capsys.readouterr().out)["findings"] if f["rule"] == "test.again"
    ]
    assert [f["index"] for f in found] == list(range(700, 1000))
    assert main(["rules"]) == 0
    assert (
        "catalog"
        in [line for line in capsys.readouterr().out.splitlines() if "test.again" in line][0]
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_dummy_rule_is_checked(
    dummy_rule: Rule, jobs: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "g.tsv").write_text("concept\tlang\tterm\tstatus\tnote\n")
    doc = tmp_path / "doc.en.txt"
    doc.write_text("A zzz here.\n\nNothing.\n\nZZZ there.\n" * 3, encoding="utf-8")
    args = ["check", str(doc), "--workspace", str(tmp_path), "--jobs", jobs]
    assert main(args) == 1
    text_lines = [line for line in capsys.readouterr().out.splitlines() if "test.zzz" in line]
    assert len(text_lines) == 6
    assert f"{doc}:1:3: warning test.zzz: zzz is not a word [z]" in text_lines
    assert f"{doc}:5:1: error test.zzz: zzz is not a word [z]" in text_lines  # its own severity
    assert main([*args, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["by_rule"]["test.zzz"] == 6
    assert main([*args, "--format", "sarif"]) == 1
    sarif = json.loads(capsys.readouterr().out)["runs"][0]
    assert "test.zzz" in [rule["id"] for rule in sarif["tool"]["driver"]["rules"]]
    assert [r["ruleId"] for r in sarif["results"]].count("test.zzz") == 6
    assert main([*args, "--format", "github"]) == 1
    annotations = [line for line in capsys.readouterr().out.splitlines() if "test.zzz" in line]
    assert len(annotations) == 6
    assert annotations[0].startswith(("::warning ", "::error "))


def test_dummy_rule_is_fixed(dummy_rule: Rule) -> None:
    result = fix("A zzz here.", "en", Checker(Glossary([])))
    assert result.text == "A z here."
    assert [e.rule for e in result.edits] == ["test.zzz"]
