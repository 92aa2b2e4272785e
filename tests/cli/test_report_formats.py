"""``check --format sarif`` and ``--format github``: what code scanning and a pull request see."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from cli_support import run
from testkit import REPO

SCHEMA = REPO / ".ci" / "cache" / "sarif-schema-2.1.0.json"
DOC = "corpus/sco-tianjin-summit-2025.en.txt"


def sarif_schema() -> dict[str, object]:
    """The SARIF 2.1.0 JSON schema, unpacked by .ci/run from the npm package that ships it
    (@microsoft/jest-sarif); CI fails without it, a developer machine skips."""
    if not SCHEMA.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SCHEMA} is missing: .ci/run unpacks it")
        pytest.skip("SARIF schema not unpacked (run .ci/run once)")
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def test_sarif_of_the_sample_validates_and_matches_the_json(
    workspace: Path, capsys, monkeypatch
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    monkeypatch.chdir(workspace)
    code, out, _ = run(["check", DOC, "--format", "sarif"], capsys)
    assert code == 1
    log = json.loads(out)
    jsonschema.validate(log, sarif_schema())
    _, out_json, _ = run(["check", DOC, "--format", "json"], capsys)
    findings = json.loads(out_json)["findings"]
    (sarif_run,) = log["runs"]
    results = sarif_run["results"]
    assert len(results) == len(findings) > 0
    rules = [r["id"] for r in sarif_run["tool"]["driver"]["rules"]]
    assert len(rules) == len(set(rules))
    # Every registered rule is described, with its help text (from the registry).
    from review_tool.core.checks.registry import all_rules

    registered = {r.id: r.doc for r in all_rules()}
    assert set(registered) <= set(rules)
    for descriptor in sarif_run["tool"]["driver"]["rules"]:
        assert descriptor["help"]["text"] == registered[descriptor["id"]]
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    text = (workspace / DOC).read_text(encoding="utf-8").split("\n")
    for result, finding in zip(results, findings, strict=True):
        assert result["ruleId"] in rules
        assert rules[result["ruleIndex"]] == result["ruleId"] == finding["rule"]
        assert result["level"] == finding["severity"]
        loc = result["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"] == {"uri": DOC, "uriBaseId": "%SRCROOT%"}
        region = loc["region"]
        # The region is exactly the flagged text, in code points.
        line = text[region["startLine"] - 1]
        assert region["endLine"] == region["startLine"]
        assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == finding["text"]
        if finding["suggestion"] is not None:
            (fix,) = result["fixes"]
            (change,) = fix["artifactChanges"]
            (replacement,) = change["replacements"]
            assert replacement["insertedContent"]["text"] == finding["suggestion"]
            assert replacement["deletedRegion"] == region
    assert any("fixes" in r for r in results)


def test_sarif_locates_findings_in_a_po_file(workspace: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(workspace)
    po = workspace / "fr.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n'
        'msgid "The SCO summit"\nmsgstr "The OCS summit in 20242025"\n',
        encoding="utf-8",
    )
    code, out, _ = run(["check", "fr.po", "--format", "sarif"], capsys)
    assert code == 1
    lines = po.read_text(encoding="utf-8").split("\n")
    results = json.loads(out)["runs"][0]["results"]
    _, out_json, _ = run(["check", "fr.po", "--format", "json"], capsys)
    findings = json.loads(out_json)["findings"]
    assert {r["ruleId"] for r in results} >= {"term.forbidden", "qa.range"}
    for r, finding in zip(results, findings, strict=True):
        region = r["locations"][0]["physicalLocation"]["region"]
        line = lines[region["startLine"] - 1]
        assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == finding["text"]


def test_sarif_uses_an_absolute_uri_outside_the_source_root(
    workspace: Path, tmp_path_factory, capsys, monkeypatch
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.chdir(elsewhere)
    code, out, _ = run(["check", str(workspace / DOC), "--format", "sarif"], capsys)
    assert code == 1
    loc = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == (workspace / DOC).resolve().as_uri()
    assert "uriBaseId" not in loc["artifactLocation"]


COMMAND = re.compile(
    r"^::(error|warning) file=([^,:]+),line=(\d+),col=(\d+)(?:,endColumn=(\d+)|,endLine=\d+)?"
    r",title=([^,:]+)::(.+)$"
)


def test_github_output_is_one_workflow_command_per_finding(
    workspace: Path, capsys, monkeypatch
) -> None:
    monkeypatch.chdir(workspace)
    code, out, _ = run(["check", DOC, "--format", "github"], capsys)
    assert code == 1
    _, out_json, _ = run(["check", DOC, "--format", "json"], capsys)
    findings = json.loads(out_json)["findings"]
    lines = out.splitlines()
    assert len(lines) == len(findings)
    for line, finding in zip(lines, findings, strict=True):
        m = COMMAND.match(line)
        assert m, line
        level, path, ln, col, end_col, title, message = m.groups()
        assert (level, path, title) == (finding["severity"], DOC, finding["rule"])
        assert (int(ln), int(col)) == (finding["line"], finding["column"])
        assert int(end_col) - int(col) == len(finding["text"])
        assert message.startswith(finding["message"].replace("%", "%25"))


def test_github_output_escapes_properties_and_data(workspace: Path, capsys, monkeypatch) -> None:
    odd = workspace / "a, b: 100%"
    odd.mkdir()
    shutil.copy(workspace / DOC, odd / "doc.en.txt")
    (odd / "doc.en.txt").write_text("The OCS met.\n", encoding="utf-8")
    monkeypatch.chdir(workspace)
    code, out, _ = run(["check", "a, b: 100%/doc.en.txt", "--format", "github"], capsys)
    assert code == 1
    (line,) = out.splitlines()
    assert line.startswith("::error file=a%2C b%3A 100%25/doc.en.txt,line=1,col=5,endColumn=8,")
    assert COMMAND.match(line)
