"""``python -m benchmarks [--quick] [--concepts N] [--only NAME ...]``: run the benchmarks.

Progress goes to stderr; stdout gets a table, the notes of each measurement, then one JSON
line per measurement (prefixed with nothing, so ``grep '^{'`` extracts them).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.cases import CASES, FULL, QUICK, Context, Result, run_cases


def _fmt_s(s: float) -> str:
    if s >= 100:
        return f"{s:.0f} s"
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.2f} ms"
    return f"{s * 1e6:.0f} us"


def table(results: list[Result]) -> str:
    head = (
        "name",
        "size",
        "median",
        "runs",
        "throughput",
        "peak RSS",
        "baseline median",
        "b.runs",
        "ratio",
    )
    rows = [
        (
            r.name,
            r.size,
            _fmt_s(r.median_s),
            str(r.runs),
            f"{r.throughput:,.0f} {r.unit.split(' (')[0]}",
            f"{r.peak_rss_mb:.0f} MB",
            _fmt_s(r.baseline_median_s),
            str(r.baseline_runs),
            f"{r.ratio:.2f}x",
        )
        for r in results
    ]
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]
    line = lambda cells: " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))  # noqa: E731
    out = [line(head), "-+-".join("-" * w for w in widths)]
    out.extend(line(row) for row in rows)
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes (CI: under a minute)")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=sorted(CASES),
        metavar="NAME",
        help=f"run only these cases: {', '.join(CASES)}",
    )
    parser.add_argument(
        "--concepts",
        type=int,
        metavar="N",
        help="glossary size in concepts (about 6 terms each; default 10 000, quick 1 000)",
    )
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    if args.concepts is not None:
        if args.concepts < 1:
            parser.error("--concepts must be 1 or more")
        sizes = dataclasses.replace(sizes, concepts=args.concepts)
    names = args.only or list(CASES)
    started = time.perf_counter()

    def log(msg: str) -> None:
        print(f"[bench {time.perf_counter() - started:6.1f}s] {msg}", file=sys.stderr, flush=True)

    log(
        f"mode {'quick' if args.quick else 'full'}, {sizes.concepts} concepts, "
        f"cases {' '.join(names)}, "
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
    )
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="review_tool_bench_") as tmp:
        ctx = Context(sizes, Path(tmp), log)
        for result in run_cases(ctx, names):
            results.append(result)
            log(
                f"{result.name}: {_fmt_s(result.median_s)} vs {_fmt_s(result.baseline_median_s)}"
                f" -> {result.ratio:.2f}x"
            )
    print(table(results))
    print()
    for r in results:
        head = f"{r.name}: baseline = {r.baseline}" + (f"; target: {r.target}" if r.target else "")
        print(head)
        for note in r.notes:
            print(f"    {note}")
        if "findings" in r.extra and isinstance(r.extra["findings"], dict):
            print(f"    findings: {r.extra['findings']}")
    print()
    for r in results:
        print(r.to_json())
    log(f"total {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
