"""Benchmark case ``tm``: translation-memory lookups against rapidfuzz over all segments.

Why it exists: one module per measured area, so that each stays readable and under the
project's module-size limit; the registry is :mod:`benchmarks.cases`.
"""

from __future__ import annotations

import gc
import time

from benchmarks import datagen
from benchmarks.harness import (
    Context,
    Result,
    pct,
    peak_mb,
)

# --------------------------------------------------------------------------- 5. TM


def case_tm(ctx: Context) -> list[Result]:
    from rapidfuzz import fuzz, process, utils

    from review_tool.documents.tm import TranslationMemory

    out = []
    segments_all = datagen.make_tm_segments(max(ctx.sizes.tm))
    for size in ctx.sizes.tm:
        segments = segments_all[:size]
        tm = TranslationMemory()
        t0 = time.perf_counter()
        for i, (src, tgt) in enumerate(segments):
            tm.add(src, tgt, f"bench#{i}")
        tm.lookup("warm up")
        build = time.perf_counter() - t0
        nq = ctx.sizes.tm_queries if size < 1_000_000 else ctx.sizes.tm_queries // 2
        queries = datagen.make_tm_queries(segments, nq)
        lat = []
        ours_top: list[list[str]] = []
        for q in queries:
            t0 = time.perf_counter()
            found = tm.lookup(q, limit=5)
            lat.append(time.perf_counter() - t0)
            ours_top.append([m.source for m in found])
        keys = [utils.default_process(s) for s, _ in segments]
        nb = max(10, min(len(queries), int(ctx.sizes.tm_queries * 10_000 / size)))
        # the baseline is run on the first nb queries only (it is slow at 1M)
        base_lat = []
        agree = 0
        for qi, q in enumerate(queries[:nb]):
            pq = utils.default_process(q)
            t0 = time.perf_counter()
            found_b = process.extract(pq, keys, scorer=fuzz.ratio, limit=5)
            base_lat.append(time.perf_counter() - t0)
            want = [segments[k][0] for _, score, k in found_b if score >= 75]
            agree += ours_top[qi][:1] == want[:1] or (
                bool(ours_top[qi]) and bool(want) and ours_top[qi][0] in want
            )
        p50, p95 = pct(lat, 0.5), pct(lat, 0.95)
        b50, b95 = pct(base_lat, 0.5), pct(base_lat, 0.95)
        target = {100_000: "p95 < 30 ms", 1_000_000: "p95 < 100 ms"}.get(size, "")
        out.append(
            Result(
                f"tm_lookup_{size // 1000}k",
                f"{size} segments, {len(queries)} queries (5-30 words)",
                p50,
                len(queries),
                1 / p50,
                "lookups/s (at p50)",
                peak_mb(),
                "rapidfuzz process.extract(query, all_segments, scorer=fuzz.ratio, limit=5)",
                b50,
                b50 / p50,
                len(base_lat),
                target,
                [
                    f"p50 {p50 * 1e3:.2f} ms, p95 {p95 * 1e3:.2f} ms (baseline p50 "
                    f"{b50 * 1e3:.2f} ms, p95 {b95 * 1e3:.2f} ms, {len(base_lat)} queries)",
                    f"TM build {build:.1f} s; top-1 agreement with baseline (score >= 75): "
                    f"{agree}/{len(base_lat)}",
                ],
                {"p95_s": p95, "baseline_p95_s": b95, "top1_agree": agree},
            )
        )
        del tm, keys
        gc.collect()
    return out
