"""The evaluation harnesses (benchmarks/eval) run end to end and print well-formed numbers.

Not thresholds: what the rules score is the harness's output, not a test result. These tests
check that a small run produces every measurement with numbers in range, and that the
document harness's own scoring (overlap, fix at the right place, edits to correct text) does
what its README says on a hand-made case.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

EVAL = Path(__file__).resolve().parents[2] / "benchmarks" / "eval"


def load(name: str) -> ModuleType:
    sys.path.insert(0, str(EVAL))
    try:
        spec = importlib.util.spec_from_file_location(f"eval_{name}", EVAL / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(EVAL))


def json_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def in_unit(value: object) -> bool:
    return value is None or (isinstance(value, float | int) and 0 <= value <= 1)


@pytest.mark.skipif(shutil.which("msgunfmt") is None, reason="needs GNU gettext's msgunfmt")
def test_catalog_harness_reports_every_kind_for_both_tools(capsys: pytest.CaptureFixture) -> None:
    catalogs = load("catalogs")
    assert (
        catalogs.main(
            [
                "--entries",
                "400",
                "--per-kind",
                "2",
                "--langs",
                "de,fr",
                "--programs",
                "grep,sed,tar",
            ]
        )
        == 0
    )
    lines = json_lines(capsys.readouterr().out)
    recall = [x for x in lines if x["measure"] == "recall"]
    assert {x["kind"] for x in recall} == set(load("plant").KINDS)
    for row in recall:
        assert 0 <= row["planted"] <= 2
        for tool in ("ours", "pofilter", "pofilter-subset"):
            assert in_unit(row[f"{tool}_recall"]) and in_unit(row[f"{tool}_by_rule"])
            if row["planted"] == 0:
                assert row[f"{tool}_recall"] is None
    summary = {x["tool"]: x for x in lines if x["measure"] == "summary"}
    assert set(summary) == {"ours", "pofilter", "pofilter-no-spellcheck", "pofilter-subset"}
    for row in summary.values():
        assert 300 <= row["entries"] <= 500
        assert row["planted_total"] == sum(r["planted"] for r in recall) > 0
        assert in_unit(row["recall"]) and in_unit(row["recall_by_rule"])
        assert row["false_per_1000_correct"] >= 0 and 0 <= row["pct_correct_flagged"] <= 100
        assert row["seconds"] > 0
    assert {x["lang"] for x in lines if x["measure"] == "per_lang"} == {"de", "fr"}
    (fixer,) = [x for x in lines if x["measure"] == "fixer_summary"]
    assert fixer["planted"] == summary["ours"]["planted_total"]
    assert in_unit(fixer["restored"]) and 0 <= fixer["correct_edited"] <= fixer["correct"]
    assert fixer["planted"] + fixer["correct"] == fixer["entries"]


def test_document_harness_on_one_document(capsys: pytest.CaptureFixture) -> None:
    documents = load("documents")
    assert documents.main(["--only", "maritime-red-sea-2026"]) == 0
    lines = json_lines(capsys.readouterr().out)
    gold = json.loads((EVAL / "documents/maritime-red-sea-2026/gold.json").read_text("utf-8"))
    (doc,) = [x for x in lines if x["measure"] == "document" and x["held_out"]][:1]
    assert doc["defects"] == len(gold["defects"])
    assert doc["findings"] == doc["true_findings"] + doc["false_findings"] + doc["tolerated"]
    assert in_unit(doc["recall"]) and in_unit(doc["precision"]) and in_unit(doc["fix_rate"])
    assert doc["fixable"] == sum(1 for d in gold["defects"] if d["correction"])
    assert 0 <= doc["fixed_right"] <= doc["fixable"]
    assert doc["edits_to_correct_text"] >= 0
    kinds = {x["kind"] for x in lines if x["measure"] == "kind"}
    assert kinds == {d["kind"] for d in gold["defects"]}


def test_document_scoring_on_a_hand_made_case() -> None:
    documents = load("documents")
    text = "The OCS met in Paris. See https://ocs.example/x for the the details."
    gold = [
        documents.Span(0, 4, 7, "OCS", "forbidden-term", "SCO"),
        documents.Span(0, 51, 58, "the the", "doubled-word", "the"),
    ]
    doc = documents.Document("t", Path("t.txt"), Path("g.tsv"), "en", True, [text], gold)
    findings = [
        {"index": 0, "start": 4, "end": 7, "text": "OCS", "rule": "x", "severity": "error"},
        {"index": 0, "start": 30, "end": 33, "text": "ocs", "rule": "x", "severity": "warning"},
    ]
    fixed = "The SCO met in Paris. See https://SCO.example/x for the the details."
    segments = [
        {
            "index": 0,
            "source": text,
            "candidates": [{"origin": "fix", "text": fixed, "findings": []}],
        }
    ]
    res = documents.evaluate(doc, findings, segments)
    row = documents.summarise(res)
    assert (row["true_findings"], row["false_findings"]) == (1, 1)
    assert (row["recall"], row["precision"]) == (0.5, 0.5)
    assert (row["fixed_right"], row["fixable"]) == (1, 2)
    assert row["edits_to_correct_text"] == 1  # the URL
    assert "ocs.example" in res.wrong_edits[0][1] and "SCO.example" in res.wrong_edits[0][2]
