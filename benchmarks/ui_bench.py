"""Review screen benchmark: a generated 10 000-paragraph document (the sample article's
paragraphs, numbered so each is unique) in a throw-away workspace with the SCO glossary.

Measured, each as the median of several runs (CPU time of this process, ``time.process_time``,
so a busy machine does not inflate it; wall time is printed alongside):

* ``import+open``  - first open of the document: import into a new PO file and load it;
* ``reopen``       - open again (the PO is up to date: load only);
* ``first-screen`` - from creating the app to its first screen being mounted and shown
                     (segment list, source, candidates, editor, findings of the first segment);
* ``next`` / ``previous`` - one segment move, ``app.action_next()`` / ``action_previous()``
                     called directly (candidates, findings, diff of the new segment);
* ``approve``      - ``session.approve`` of one segment, including the atomic PO write.

Run: ``python benchmarks/ui_bench.py [--paragraphs N] [--repeat N]``. Prints a table, then
one JSON line per measure.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from review_tool.checks import Checker  # noqa: E402
from review_tool.glossary import load as load_glossary  # noqa: E402
from review_tool.review_session import ReviewSession  # noqa: E402
from review_tool.segments import read_document  # noqa: E402
from review_tool.workspace import open_workspace  # noqa: E402

SAMPLE = REPO / "corpus" / "sco-tianjin-summit-2025.en.txt"


def make_document(path: Path, paragraphs: int) -> None:
    base = [p.text for p in read_document(SAMPLE).paragraphs]
    out = []
    for i in range(paragraphs):
        out.append(f"({i + 1}) {base[i % len(base)]}")
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    c0, w0 = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - c0, time.perf_counter() - w0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--paragraphs", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--moves", type=int, default=50)
    args = ap.parse_args()
    os.environ.setdefault("REVIEW_TOOL_TRANSLATOR", "Bench <bench@example.org>")
    results: dict[str, list[tuple[float, float]]] = {}
    checker = Checker(load_glossary([REPO / "glossary"]))

    with tempfile.TemporaryDirectory(prefix="ui-bench-") as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "glossary", root / "glossary")
        (root / "corpus").mkdir()
        doc = root / "corpus" / "bench.en.txt"
        make_document(doc, args.paragraphs)
        ws = open_workspace(root)
        po = ws.po_path("bench", "en")

        def open_session() -> None:
            ReviewSession.open(doc, ws, checker)

        for _ in range(args.repeat):
            if po.exists():
                po.unlink()
            results.setdefault("import+open", []).append(timed(open_session))
        for _ in range(args.repeat):
            results.setdefault("reopen", []).append(timed(open_session))

        session = ReviewSession.open(doc, ws, checker)
        asyncio.run(screen_bench(session, results, args.repeat, args.moves))

        for i in range(args.repeat * 4):
            index = 100 + i * 37
            text = f"Approved paragraph {i} of the benchmark."
            results.setdefault("approve", []).append(
                timed(functools.partial(session.approve, text, index))
            )

    rows = []
    for name, samples in results.items():
        cpu = statistics.median(s[0] for s in samples) * 1000
        wall = statistics.median(s[1] for s in samples) * 1000
        rows.append(
            {
                "bench": name,
                "paragraphs": args.paragraphs,
                "runs": len(samples),
                "cpu_ms_median": round(cpu, 3),
                "wall_ms_median": round(wall, 3),
            }
        )
    print(f"{'measure':<14} {'runs':>5} {'cpu ms (median)':>16} {'wall ms (median)':>17}")
    for r in rows:
        print(
            f"{r['bench']:<14} {r['runs']:>5} {r['cpu_ms_median']:>16.2f} "
            f"{r['wall_ms_median']:>17.2f}"
        )
    for r in rows:
        print(json.dumps(r))
    return 0


async def screen_bench(
    session: ReviewSession,
    results: dict[str, list[tuple[float, float]]],
    repeat: int,
    moves: int,
) -> None:
    from review_tool.ui.app import create_app

    for _ in range(repeat):
        session.goto(0)
        app = create_app(session, scan=False)
        c0, w0 = time.process_time(), time.perf_counter()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            results.setdefault("first-screen", []).append(
                (time.process_time() - c0, time.perf_counter() - w0)
            )
            for _ in range(moves):
                results.setdefault("next", []).append(timed(app.action_next))
            for _ in range(moves):
                results.setdefault("previous", []).append(timed(app.action_previous))
            await pilot.pause()


if __name__ == "__main__":
    raise SystemExit(main())
