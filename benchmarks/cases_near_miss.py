"""Benchmark cases of near-miss detection: ``near_miss`` (our index against brute force) and
``scaling`` (how the index's cost grows from 1 000 to 10 000 terms).

Why it exists: one module per measured area, so that each stays readable and under the
project's module-size limit; the registry is :mod:`benchmarks.cases`.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from benchmarks import datagen
from benchmarks.baselines import BruteForceNearMiss
from benchmarks.harness import (
    Context,
    Result,
    peak_mb,
    runs_note,
    spread_sample,
    timed,
)

# --------------------------------------------------------------------------- 2. near miss


def _en_valid(bench: datagen.BenchGlossary) -> list[Any]:
    return [t for t in bench.glossary.terms if t.valid and t.lang == "en"]


def case_near_miss(ctx: Context) -> list[Result]:
    from review_tool.core.near_miss import NearMissIndex
    from review_tool.core.term_matcher import TermMatcher

    bench, corpus = ctx.bench, ctx.corpus
    terms = _en_valid(bench)
    matcher = TermMatcher(bench.glossary)
    covered = [[(m.start, m.end) for m in matcher.find(p)] for p in corpus]
    n = len(corpus)

    t0 = time.perf_counter()
    NearMissIndex(terms)
    build = time.perf_counter() - t0

    def ours() -> None:
        index = NearMissIndex(terms)
        for para, cov in zip(corpus, covered, strict=True):
            index.find(para, cov)

    times = timed(ours, 5)
    runs = len(times)
    med = statistics.median(times)

    sample_idx = list(range(0, n, max(1, n // ctx.sizes.near_sample)))[: ctx.sizes.near_sample]
    brute = BruteForceNearMiss(terms)
    base_times = timed(lambda: [brute.find(corpus[i], covered[i]) for i in sample_idx], 1)
    base_per = statistics.median(base_times) / len(sample_idx)
    base = base_per * n

    # correctness on the sample
    index = NearMissIndex(terms)
    ours_set: set[tuple[int, int, int, str]] = set()
    base_set: set[tuple[int, int, int, str]] = set()
    for i in sample_idx:
        for m in index.find(corpus[i], covered[i]):
            ours_set.add((i, m.start, m.end, m.term.text))
        for h in brute.find(corpus[i], covered[i]):
            base_set.add((i, h.start, h.end, h.term.text))
    both = ours_set & base_set
    only_ours = sorted(ours_set - base_set)
    only_base = sorted(base_set - ours_set)
    spans_ours = {k[:3] for k in ours_set}
    spans_base = {k[:3] for k in base_set}
    diffs = [
        f"only ours: {corpus[i][s:e]!r} -> {t!r} (paragraph {i})" for i, s, e, t in only_ours[:8]
    ] + [
        f"only baseline: {corpus[i][s:e]!r} -> {t!r} (paragraph {i})"
        for i, s, e, t in only_base[:8]
    ]
    agreement = len(both) / max(1, len(ours_set | base_set))
    return [
        Result(
            "near_miss",
            f"{n} paragraphs x {len(terms)} en valid terms",
            med,
            runs,
            n / med,
            "paragraphs/s",
            peak_mb(),
            "brute force: rapidfuzz process.extract(OSA) of every word window vs every term",
            base,
            base / med,
            len(base_times),
            "",
            [
                f"ours: fresh NearMissIndex each run (build {build:.2f} s included, cold cache)",
                *runs_note(times, 5),
                f"baseline EXTRAPOLATED linearly from {len(sample_idx)} paragraphs "
                f"({base_per * 1e3:.1f} ms/paragraph); process.cdist needs numpy (not "
                "installed), so each window is one process.extract over the terms of its "
                "word count (same C scorer, one call per window)",
                f"agreement on the sample: {len(both)} same findings, {len(only_ours)} only "
                f"ours, {len(only_base)} only baseline ({agreement:.1%}); same spans "
                f"{len(spans_ours & spans_base)}/{len(spans_ours | spans_base)}",
                *diffs,
            ],
            {
                "same": len(both),
                "only_ours": len(only_ours),
                "only_baseline": len(only_base),
                "agreement": agreement,
            },
        )
    ]


# --------------------------------------------------------------------------- 3. scaling


def case_scaling(ctx: Context) -> list[Result]:
    from review_tool.core.near_miss import NearMissIndex

    corpus = spread_sample(ctx.corpus, ctx.sizes.scaling_sample)
    small = _en_valid(ctx.glossary(1_000))
    large = _en_valid(ctx.glossary(10_000))

    def run(terms: list[Any]) -> Callable[[], None]:
        def go() -> None:
            index = NearMissIndex(terms)
            t0 = time.perf_counter()
            for para in corpus:
                index.find(para)
            go.find_s.append(time.perf_counter() - t0)  # type: ignore[attr-defined]

        go.find_s = []  # type: ignore[attr-defined]
        return go

    go_small, go_large = run(small), run(large)
    timed(go_small, 5)
    runs = len(timed(go_large, 5))
    t_small = statistics.median(go_small.find_s) / len(corpus)  # type: ignore[attr-defined]
    t_large = statistics.median(go_large.find_s) / len(corpus)  # type: ignore[attr-defined]
    return [
        Result(
            "near_miss_scaling",
            f"{len(corpus)} paragraphs, {len(large)} vs {len(small)} en valid terms "
            "(10 000 vs 1 000 concepts)",
            t_large,
            runs,
            1 / t_large,
            "paragraphs/s (per-paragraph time at the large glossary)",
            peak_mb(),
            f"same index at {len(small)} terms",
            t_small,
            t_small / t_large,
            len(go_small.find_s),  # type: ignore[attr-defined]
            "per-paragraph cost ~flat (ratio ~1)",
            [
                "median_s is seconds PER PARAGRAPH (find only, fresh index each run, cold "
                f"cache): {t_large * 1e6:.0f} us at {len(large)} terms vs {t_small * 1e6:.0f} us "
                f"at {len(small)} terms"
            ],
        )
    ]
