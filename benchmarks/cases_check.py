"""Benchmark cases of checking text against the glossary: ``check`` (the Checker in this
process against a naive checker) and ``check_cli`` (``review-tool check`` as a command).

Why it exists: one module per measured area, so that each stays readable and under the
project's module-size limit; the registry is :mod:`benchmarks.cases`.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections import Counter

from benchmarks.baselines import NaiveChecker
from benchmarks.harness import (
    Context,
    Result,
    peak_mb,
    run_watched,
    runs_note,
    spread_sample,
    timed,
    write_inputs,
)
from review_tool.core.checks.checker import Checker

# --------------------------------------------------------------------------- 1. check


def case_check(ctx: Context) -> list[Result]:
    bench, corpus = ctx.bench, ctx.corpus
    n = len(corpus)
    counts: Counter[str] = Counter()

    def ours() -> None:
        checker = Checker(bench.glossary, near_miss=True)
        counts.clear()
        for para in corpus:
            for f in checker.check(para, "en"):
                counts[f.rule] += 1

    times = timed(ours, 5)
    runs = len(times)
    t0 = time.perf_counter()
    naive = NaiveChecker(bench.glossary)
    build = time.perf_counter() - t0
    sample = spread_sample(corpus, ctx.sizes.naive_sample)
    per = timed(lambda: [naive.check(p, "en") for p in sample], 3)
    base = build + statistics.median(per) / len(sample) * n
    med = statistics.median(times)
    return [
        Result(
            "check",
            f"{n} paragraphs x {bench.concepts} concepts ({bench.terms} terms)",
            med,
            runs,
            n / med,
            "paragraphs/s",
            peak_mb(),
            "naive: one regex per term, re.finditer per paragraph (+ same QA rules)",
            base,
            base / med,
            len(per),
            "(per-core throughput; the 10 s target is check_cli's)",
            [
                "ours: in this process, one core: fresh Checker each run (automaton + "
                "near-miss index build included), all rules, near-miss on",
                *runs_note(times, 5),
                f"baseline EXTRAPOLATED linearly from {len(sample)} paragraphs "
                f"(median of {len(per)} run(s), {statistics.median(per):.2f} s) + regex "
                f"compile {build:.2f} s",
            ],
            {"findings": dict(counts.most_common())},
        )
    ]


def case_check_cli(ctx: Context) -> list[Result]:
    """``review-tool check`` end to end, as CI runs it: a fresh process reads the TSV glossary
    and one big document, checks it on every core and writes the JSON report."""
    from review_tool.documents.check_pool import cores

    bench, corpus = ctx.bench, ctx.corpus
    n = len(corpus)
    tsv, _ = write_inputs(ctx, 0)
    doc = ctx.workdir / "archive.en.txt"
    doc.write_text("\n\n".join(corpus) + "\n", encoding="utf-8")
    report = ctx.workdir / "report.json"
    cmd = [sys.executable, "-m", "review_tool", "check", str(doc), "--glossary", str(tsv)]
    cmd += ["--workspace", str(ctx.workdir), "--format", "json", "--fail-on", "never"]

    def run(jobs: int) -> None:
        with open(report, "w", encoding="utf-8") as out:
            subprocess.run([*cmd, "--jobs", str(jobs)], stdout=out, check=True)

    times = timed(lambda: run(0), 5)
    one = timed(lambda: run(1), 1 if not ctx.sizes.quick else 3)
    with open(report, "w", encoding="utf-8") as out:
        rss, rss_sum = run_watched([*cmd, "--jobs", "0"], out)
    summary = json.loads(report.read_text("utf-8"))["summary"]
    med, base = statistics.median(times), statistics.median(one)
    return [
        Result(
            "check_cli",
            f"{n} paragraphs x {bench.concepts} concepts ({bench.terms} terms), "
            f"{doc.stat().st_size / 1e6:.0f} MB",
            med,
            len(times),
            n / med,
            "paragraphs/s",
            rss,
            "the same command with --jobs 1 (one core)",
            base,
            base / med,
            len(one),
            "100k paragraphs x 10k concepts < 10 s end to end",
            [
                f"a fresh 'review-tool check --format json' process on {cores()} core(s): "
                "glossary TSV load, Checker build, document read, all rules incl. near-miss, "
                "JSON report written",
                *runs_note(times, 5),
                f"peak RSS: {rss:.0f} MB for the largest process (parent or a worker); "
                f"{rss_sum:.0f} MB for all of them at once (shared copy-on-write pages "
                "counted once per process), from one more run sampled every 20 ms",
            ],
            {"findings": summary["by_rule"], "cores": cores()},
        )
    ]
