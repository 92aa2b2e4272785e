"""Benchmark case ``memory``: peak memory of checking a streamed corpus, in a fresh interpreter.

Why it exists: one module per measured area, so that each stays readable and under the
project's module-size limit; the registry is :mod:`benchmarks.cases`. The child process
imports :func:`memory_child` from here, so this module must stay importable on its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.harness import (
    Context,
    Result,
    peak_mb,
    write_inputs,
)
from review_tool.core.checks.checker import Checker

# --------------------------------------------------------------------------- 7. memory


def memory_child(glossary_tsv: str, corpus_txt: str, check: bool) -> dict[str, float]:
    """Run in a fresh interpreter: load the glossary file, stream the corpus file (one
    paragraph a line) through a Checker, or only read it when ``check`` is false."""
    from review_tool.core.glossary import load

    t0 = time.perf_counter()
    glossary = load([glossary_tsv])
    checker = Checker(glossary, near_miss=True) if check else None
    findings = 0
    with open(corpus_txt, encoding="utf-8") as fh:
        for line in fh:
            if checker is not None:
                findings += len(checker.check(line.rstrip("\n"), "en"))
    return {
        "seconds": time.perf_counter() - t0,
        "findings": findings,
        "peak_rss_mb": peak_mb(),
    }


def _child(glossary_tsv: Path, corpus_txt: Path, check: bool) -> dict[str, float]:
    code = (
        "import json;from benchmarks.cases_memory import memory_child;"
        f"print(json.dumps(memory_child({str(glossary_tsv)!r},{str(corpus_txt)!r},{check})))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],  # where the benchmarks package is importable
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def case_memory(ctx: Context) -> list[Result]:
    concepts = ctx.sizes.concepts
    paragraphs = 2_000 if ctx.sizes.quick else ctx.sizes.paragraphs
    tsv, txt = write_inputs(ctx, paragraphs)
    ours = _child(tsv, txt, True)
    base = _child(tsv, txt, False)
    return [
        Result(
            "memory_check",
            f"{paragraphs} paragraphs (streamed from a file) x {concepts} concepts",
            ours["seconds"],
            1,
            paragraphs / ours["seconds"],
            "paragraphs/s",
            ours["peak_rss_mb"],
            "same child without checking (interpreter + glossary loaded from TSV + file read)",
            base["seconds"],
            base["seconds"] / ours["seconds"],
            1,
            "peak RSS < 500 MB",
            [
                f"fresh interpreter; peak RSS {ours['peak_rss_mb']:.0f} MB checking vs "
                f"{base['peak_rss_mb']:.0f} MB glossary only: the checker (automaton, near-miss "
                f"index, caches) costs {ours['peak_rss_mb'] - base['peak_rss_mb']:.0f} MB",
                "runs=1 (one streamed pass, glossary load + Checker build included; the time "
                "is also covered by 'check')",
            ],
            {"baseline_peak_rss_mb": base["peak_rss_mb"], "findings": ours["findings"]},
        )
    ]
