"""What every benchmark case shares: the result row, the run sizes, timing and memory helpers,
and the lazily built data sets (also written to files for the command-line cases).

Why it exists: the cases live in one module per measured area (``cases_*.py``); this is
what they have in common, so that none of them imports another. ``ratio`` is always
``baseline_median_s / median_s``: above 1 ours is faster (for the scaling case: the 1 000-term
time over the 10 000-term time). ``peak_rss_mb`` is the peak resident size of the process
during the case (the peak is reset before each case through ``/proc/self/clear_refs``; data
sets shared by cases are included).
"""

from __future__ import annotations

import gc
import json
import os
import resource
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import datagen


@dataclass
class Result:
    name: str
    size: str
    median_s: float
    runs: int
    throughput: float
    unit: str
    peak_rss_mb: float
    baseline: str
    baseline_median_s: float
    ratio: float
    baseline_runs: int = 0
    target: str = ""
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        d = asdict(self)
        for key in ("median_s", "baseline_median_s", "ratio", "throughput", "peak_rss_mb"):
            d[key] = float(f"{d[key]:.6g}")
        return json.dumps(d, ensure_ascii=False)


@dataclass(frozen=True)
class Sizes:
    quick: bool
    paragraphs: int
    concepts: int
    catalog: int
    tm: tuple[int, ...]
    naive_sample: int
    near_sample: int
    scaling_sample: int
    tm_queries: int


QUICK = Sizes(True, 2_000, 1_000, 5_000, (10_000, 100_000), 10, 5, 100, 30)
FULL = Sizes(False, 100_000, 10_000, 100_000, (10_000, 100_000, 1_000_000), 30, 40, 2_000, 200)


def reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def _status_kb(pid: int | str, field: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


def peak_mb() -> float:
    """Peak RSS of this process since the last ``reset_peak`` (Linux ``VmHWM``). Not
    ``getrusage``: its maximum survives ``reset_peak`` and, in a child, includes the size of
    the parent it was forked from."""
    hwm = _status_kb("self", "VmHWM")
    if hwm is not None:
        return hwm / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _tree(pid: int) -> list[int]:
    out = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
                out.extend(p for child in fh.read().split() for p in _tree(int(child)))
    except OSError:
        pass
    return out


def run_watched(cmd: list[str], stdout: Any) -> tuple[float, float]:
    """Run ``cmd``; return the largest peak RSS of one of its processes and the largest sum of
    the RSS of all of them at one time (sampled every 20 ms), in MB."""
    proc = subprocess.Popen(cmd, stdout=stdout)
    peak_one = peak_sum = 0
    while proc.poll() is None:
        total = 0
        for pid in _tree(proc.pid):
            peak_one = max(peak_one, _status_kb(pid, "VmHWM") or 0)
            total += _status_kb(pid, "VmRSS") or 0
        peak_sum = max(peak_sum, total)
        time.sleep(0.02)
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return peak_one / 1024.0, peak_sum / 1024.0


BUDGET_S = {True: 4.0, False: 300.0}  # stop repeating a slow measurement after this long
_MODE = {"quick": True}


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    """Up to ``runs`` timings; a measurement whose runs add up past the mode's budget stops
    early (the result says how many runs it got)."""
    out: list[float] = []
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
        if sum(out) > BUDGET_S[_MODE["quick"]]:
            break
    return out


def runs_note(times: list[float], wanted: int) -> list[str]:
    if len(times) >= wanted:
        return []
    return [
        f"only {len(times)} run(s) of {wanted}: {statistics.median(times):.1f} s per run "
        f"exceeds the repeat budget"
    ]


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


class Context:
    """Data generated once and shared by the cases (lazily: ``--only`` builds what it needs)."""

    def __init__(self, sizes: Sizes, workdir: Path, log: Callable[[str], None]) -> None:
        self.sizes = sizes
        self.workdir = workdir
        self.log = log
        _MODE["quick"] = sizes.quick
        self._glossaries: dict[int, datagen.BenchGlossary] = {}
        self._corpus: list[str] | None = None
        self._catalog: tuple[Path, int, int] | None | bool = False

    def glossary(self, concepts: int) -> datagen.BenchGlossary:
        if concepts not in self._glossaries:
            t0 = time.perf_counter()
            self._glossaries[concepts] = datagen.make_glossary(concepts)
            g = self._glossaries[concepts]
            self.log(
                f"glossary: {concepts} concepts, {g.terms} terms ({time.perf_counter() - t0:.1f} s)"
            )
        return self._glossaries[concepts]

    @property
    def bench(self) -> datagen.BenchGlossary:
        return self.glossary(self.sizes.concepts)

    @property
    def corpus(self) -> list[str]:
        if self._corpus is None:
            t0 = time.perf_counter()
            self._corpus = datagen.make_corpus(self.bench, self.sizes.paragraphs)
            words = sum(p.count(" ") + 1 for p in self._corpus)
            mb = sum(len(p.encode()) for p in self._corpus) / 1e6
            self.log(
                f"corpus: {len(self._corpus)} paragraphs, {words} words "
                f"({words / len(self._corpus):.1f}/paragraph), {mb:.1f} MB "
                f"({time.perf_counter() - t0:.1f} s)"
            )
        return self._corpus

    @property
    def corpus_ready(self) -> bool:
        """Whether the shared corpus is built already (then reuse it rather than stream)."""
        return self._corpus is not None

    def catalog(self) -> tuple[Path, int, int] | None:
        if self._catalog is False:
            t0 = time.perf_counter()
            self._catalog = datagen.build_catalog(self.sizes.catalog, self.workdir / "po")
            if self._catalog is None:
                self.log("catalog: msgunfmt/msgcat not found (or no .mo files): PO cases skipped")
            else:
                path, n, files = self._catalog
                self.log(
                    f"catalog: {n} entries from {files} .mo files, "
                    f"{path.stat().st_size / 1e6:.1f} MB ({time.perf_counter() - t0:.1f} s)"
                )
        return self._catalog  # type: ignore[return-value]


def spread_sample(items: list[str], n: int) -> list[str]:
    step = max(1, len(items) // n)
    return items[::step][:n]


def write_inputs(ctx: Context, paragraphs: int) -> tuple[Path, Path]:
    """The glossary as a TSV file and the corpus as a text file, so that the child process
    holds only what the checker needs (not the generator's vocabularies)."""
    bench = ctx.bench
    tsv = ctx.workdir / "glossary.tsv"
    with open(tsv, "w", encoding="utf-8") as fh:
        fh.write("concept\tlang\tterm\tstatus\tnote\n")
        for t in bench.glossary.terms:
            fh.write(f"{t.concept}\t{t.lang}\t{t.text}\t{t.status}\t{t.note}\n")
    # The made-up language's lexicon, as the project word list beside the glossary.
    for lang, words in bench.glossary.words.items():
        lexicon = ctx.workdir / f"words-{lang}.txt"
        lexicon.write_text("\n".join(sorted(words)) + "\n", encoding="utf-8")
    txt = ctx.workdir / "corpus.txt"
    with open(txt, "w", encoding="utf-8") as fh:
        source = ctx.corpus if ctx.corpus_ready else datagen.iter_corpus(bench, paragraphs)
        for i, para in enumerate(source):
            if i >= paragraphs:
                break
            fh.write(para + "\n")
    return tsv, txt
