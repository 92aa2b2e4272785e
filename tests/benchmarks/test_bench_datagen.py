"""The benchmark data generator is deterministic and the smallest case runs (not timed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from testkit import REPO

from benchmarks import cases, datagen
from review_tool.core.checks.checker import Checker


def test_generator_is_deterministic() -> None:
    a = datagen.make_glossary(60)
    b = datagen.make_glossary(60)
    assert [(t.concept, t.lang, t.text, t.status) for t in a.glossary.terms] == [
        (t.concept, t.lang, t.text, t.status) for t in b.glossary.terms
    ]
    assert {t.lang for t in a.glossary.terms} == set(datagen.LANGS)
    assert {t.status for t in a.glossary.terms} == {"preferred", "admitted", "forbidden"}
    assert any(" " in t.text for t in a.glossary.terms)  # multi-word terms
    assert datagen.make_corpus(a, 30) == datagen.make_corpus(b, 30)
    assert datagen.make_tm_segments(50) == datagen.make_tm_segments(50)


def test_injected_errors_are_found() -> None:
    bench = datagen.make_glossary(60)
    checker = Checker(bench.glossary)
    rules = {f.rule for p in datagen.iter_corpus(bench, 200) for f in checker.check(p, "en")}
    assert {"term.forbidden", "term.misspelled", "term.foreign"} <= rules


def test_misspell_changes_the_word() -> None:
    import random

    rng = random.Random(1)
    assert all(datagen.misspell(rng, "cooperation") != "cooperation" for _ in range(50))


def test_tag_contexts_keeps_header_and_contexts() -> None:
    po = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n'
    po += b'\nmsgctxt "k"\nmsgid "a"\nmsgstr "c"\n'
    out = datagen.tag_contexts(po, b"fr/pkg").decode()
    assert out.startswith('msgid ""\nmsgstr')
    assert 'msgctxt "fr/pkg"\nmsgid "a"' in out
    assert 'msgctxt "fr/pkg|k"\nmsgid "a"' in out


def test_smallest_quick_case_runs(tmp_path: Path) -> None:
    sizes = cases.Sizes(True, 200, 100, 100, (200,), 3, 3, 20, 5)
    ctx = cases.Context(sizes, tmp_path, lambda _msg: None)
    results = list(cases.run_cases(ctx, ["near_miss", "tm"]))
    assert [r.name for r in results][:1] == ["near_miss"]
    for r in results:
        row = json.loads(r.to_json())
        for key in (
            "name",
            "size",
            "median_s",
            "runs",
            "throughput",
            "unit",
            "peak_rss_mb",
            "baseline",
            "baseline_median_s",
            "ratio",
        ):
            assert key in row


def test_benchmark_entry_point_runs_from_the_repository_root() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "--quick" in proc.stdout


def test_ci_runs_the_benchmark_without_a_guard() -> None:
    """CI must fail, not skip, when the benchmark entry point goes missing: the command is a
    top-level line of .ci/run (under ``set -e``), not inside an ``if`` that tests for a file."""
    lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "set -euo pipefail" in lines
    assert ".venv/bin/python -m benchmarks --quick" in lines  # unindented: not in a block
    assert not any(line.lstrip().startswith("if [ -f") and "bench" in line for line in lines)
