"""Review screen benchmark: a generated document (the sample article's paragraphs, numbered so
each is unique; 10 000 by default) in a throw-away workspace with the SCO glossary.

Measured, each as the median of several runs (CPU time of this process, ``time.process_time``,
so a busy machine does not inflate it; wall time alongside):

* ``import+open``   - first open of the document: import into a new PO file and load it;
* ``reopen``        - open the document again (PO up to date: no splitting of the
                      document), up to what the first screen needs (the header, the entries
                      up to the first one to review and a screenful more);
* ``read-rest``     - reading the rest of the PO after ``reopen`` / ``open-po``
                      (the screen does it in a worker thread behind the first screen);
* ``open-po``       - ``ReviewSession.open`` of the PO file itself (``review X.po``);
* ``load-po``       - ``PoStore.load`` of the PO: the whole parse;
* ``cli-open-po``   - wall time of a new ``python`` process from its start until the review
                      screen of the PO is drawn (interpreter, imports, glossary, open, first
                      screen), the way ``review-tool review X.po`` does it (CPU: the
                      child's user+system time to its end, its threads included);
* ``cli-read-all``  - in that process, until the PO is read to its end behind the screen;
* ``first-screen``  - from creating the app to its first screen being mounted and shown
                      (segment list, source, candidates, editor, findings of the first segment);
* ``next`` / ``previous`` - one segment move, ``app.action_next()`` / ``action_previous()``
                      called directly (candidates, findings, diff of the new segment);
* ``approve-key``   - what a key press costs the screen: ``session.approve`` returning (the
                      write is queued for the background writer);
* ``approve``       - until that approval is in the PO file (wall time of the write path:
                      lock, current bytes read and compared, splice, fsync, rename);
* ``approve-merge`` - the same after another writer changed the file (parse it, merge).

Run: ``python benchmarks/ui_bench.py [--paragraphs N] [--repeat N] [--moves N]``. Prints a
table, then one JSON line per measure.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from review_tool.core.checks.checker import Checker  # noqa: E402
from review_tool.core.glossary import load as load_glossary  # noqa: E402
from review_tool.documents.paragraphs import read_document  # noqa: E402
from review_tool.po.store import PoStore  # noqa: E402
from review_tool.review.session import ReviewSession  # noqa: E402
from review_tool.workspace import open_workspace  # noqa: E402

SAMPLE = REPO / "corpus" / "sco-tianjin-summit-2025.en.txt"

# What `review-tool review PO` does up to its first screen, in a fresh process.
CLI_OPEN = """
import asyncio, gc, sys, time
from pathlib import Path
from review_tool.core.checks.checker import Checker
from review_tool.core.glossary import load
from review_tool.review.session import ReviewSession
from review_tool.workspace import open_workspace
from review_tool.tui.app import create_app
ws = open_workspace(sys.argv[1])
session = ReviewSession.open(Path(sys.argv[2]), ws, Checker(load(list(ws.default_glossaries()))))
gc.freeze()
app = create_app(session, scan=False)
async def main():
    async with app.run_test(size=(120, 40)):
        while not app.first_screen:
            await asyncio.sleep(0.002)
        print("ready", flush=True)
        while session.reading:
            await asyncio.sleep(0.002)
        print("read", flush=True)
asyncio.run(main())
"""


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


def cli_open(root: Path, po: Path) -> tuple[tuple[float, float], tuple[float, float]]:
    """Wall time from spawning the process until its first screen is drawn, and until the
    PO file is read to its end (the screen reads a large file behind the first screen when
    the screen reads a large file behind the first screen); CPU: the child's, to its end.

    With bytecode caching on, as an installed tool has it (the first, unmeasured run
    writes the .pyc files where they are missing)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(REPO)
    before = os.times()
    w0 = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", CLI_OPEN, str(root), str(po)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    ready = child.stdout.readline()
    wall_ready = time.perf_counter() - w0
    read = child.stdout.readline()
    wall_read = time.perf_counter() - w0
    child.communicate(timeout=120)
    assert (ready.strip(), read.strip()) == ("ready", "read"), (ready, read)
    after = os.times()
    cpu = (after.children_user + after.children_system) - (
        before.children_user + before.children_system
    )
    return (cpu, wall_ready), (cpu, wall_read)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--paragraphs", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--moves", type=int, default=50)
    ap.add_argument(
        "--po",
        type=Path,
        help="measure open and approve of this PO instead (e.g. a catalog joined with msgcat)",
    )
    args = ap.parse_args()
    os.environ.setdefault("REVIEW_TOOL_TRANSLATOR", "Bench <bench@example.org>")
    results: dict[str, list[tuple[float, float]]] = {}
    checker = Checker(load_glossary([REPO / "glossary"]))

    def add(name: str, sample: tuple[float, float]) -> None:
        results.setdefault(name, []).append(sample)

    with tempfile.TemporaryDirectory(prefix="ui-bench-") as tmp:
        root = Path(tmp)
        shutil.copytree(REPO / "glossary", root / "glossary")
        if args.po is not None:
            entries = catalog_bench(root, args.po, checker, args.repeat, add)
            return report(results, entries)
        (root / "corpus").mkdir()
        doc = root / "corpus" / "bench.en.txt"
        make_document(doc, args.paragraphs)
        ws = open_workspace(root)
        po = ws.po_path("bench", "en")
        opened: list[ReviewSession] = []

        def open_session(path: Path = doc) -> None:
            opened[:] = [ReviewSession.open(path, ws, checker)]

        def read_rest() -> None:
            while not opened[0].read_more():
                pass

        for _ in range(args.repeat):
            if po.exists():
                po.unlink()
            add("import+open", timed(open_session))
        for _ in range(args.repeat):
            add("reopen", timed(open_session))
            add("read-rest", timed(read_rest))
        for _ in range(args.repeat):
            add("open-po", timed(functools.partial(open_session, po)))
            add("read-rest", timed(read_rest))
        for _ in range(args.repeat):
            add("load-po", timed(functools.partial(PoStore.load, po)))
        cli_open(root, po)  # warm-up: bytecode files, page cache
        for _ in range(args.repeat):
            first, whole = cli_open(root, po)
            add("cli-open-po", first)
            add("cli-read-all", whole)

        session = ReviewSession.open(po, ws, checker)
        session.store  # noqa: B018 - read it all, as the screen does behind the first screen
        opened.clear()
        gc.collect()
        gc.freeze()  # as review-tool review does once the catalog is loaded
        asyncio.run(screen_bench(session, results, args.repeat, args.moves))

        other = PoStore.load(po)
        for i in range(args.repeat * 4):
            index = 100 + i * 37
            text = f"Approved paragraph {i} of the benchmark."
            w0 = time.perf_counter()
            key = timed(functools.partial(session.approve, text, index))
            add("approve-key", key)
            assert session.flush(60) and session.save_state == "saved", session.save_error
            add("approve", (key[0], time.perf_counter() - w0))
            if i % 4 == 3:  # another writer changed the file meanwhile: merge
                j = index + 1
                other.write_change(
                    other.entries[j], other.entries[j].with_translation("x.", fuzzy=False)
                )
                w0 = time.perf_counter()
                session.approve(f"Approved again {i}.", index + 2)
                session.flush(60)
                add("approve-merge", (0.0, time.perf_counter() - w0))

    return report(results, args.paragraphs)


def catalog_bench(
    root: Path,
    source: Path,
    checker: Checker,
    repeat: int,
    add: Callable[[str, tuple[float, float]], None],
) -> int:
    """Open and approve on a copy of an existing PO (``--po``); returns its entries."""
    ws = open_workspace(root)
    po = root / "locales" / "xx" / "LC_MESSAGES" / source.name
    po.parent.mkdir(parents=True)
    shutil.copyfile(source, po)
    for _ in range(repeat):
        add("load-po", timed(functools.partial(PoStore.load, po)))
    cli_open(root, po)  # warm-up
    for _ in range(repeat):
        first, whole = cli_open(root, po)
        add("cli-open-po", first)
        add("cli-read-all", whole)
    session = ReviewSession.open(po, ws, checker)
    session.store  # noqa: B018 - read it all
    editable = [i for i in range(len(session)) if session.editable(i) and session.draft(i)]
    other = PoStore.load(po)
    for n in range(repeat * 4):
        index = editable[(n * 7919) % len(editable)]
        text = session.draft(index) + " ✓"
        w0 = time.perf_counter()
        try:
            key = timed(functools.partial(session.approve, text, index))
        except ValueError:
            continue  # (an entry msgfmt --check would refuse as approved)
        add("approve-key", key)
        assert session.flush(120) and session.save_state == "saved", session.save_error
        add("approve", (key[0], time.perf_counter() - w0))
        if n % 4 == 3:
            j = editable[(n * 7919 + 1) % len(editable)]
            entry = other.entries[j]
            other.write_change(entry, entry.with_translation(entry.forms[0] + ".", fuzzy=True))
            w0 = time.perf_counter()
            session.approve(session.draft(index) + " ✓✓", index)
            session.flush(120)
            add("approve-merge", (0.0, time.perf_counter() - w0))
    return len(session)


def report(results: dict[str, list[tuple[float, float]]], paragraphs: int) -> int:
    rows = []
    for name, samples in results.items():
        cpu = statistics.median(s[0] for s in samples) * 1000
        wall = statistics.median(s[1] for s in samples) * 1000
        rows.append(
            {
                "bench": name,
                "paragraphs": paragraphs,
                "runs": len(samples),
                "cpu_ms_median": round(cpu, 3),
                "wall_ms_median": round(wall, 3),
                "wall_ms_max": round(max(s[1] for s in samples) * 1000, 3),
            }
        )
    print(
        f"{'measure':<18} {'runs':>5} {'cpu ms (median)':>16} {'wall ms (median)':>17} "
        f"{'wall ms (max)':>14}"
    )
    for r in rows:
        print(
            f"{r['bench']:<18} {r['runs']:>5} {r['cpu_ms_median']:>16.2f} "
            f"{r['wall_ms_median']:>17.2f} {r['wall_ms_max']:>14.2f}"
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
    from review_tool.tui.app import create_app

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
