"""The benchmark cases by name, and the loop that runs them.

Why it exists: ``python -m benchmarks`` (``--only NAME``) and the tests pick cases by name
here. The cases themselves live in one module per measured area (``cases_check``,
``cases_near_miss``, ``cases_po``, ``cases_tm``, ``cases_memory``) and share
:mod:`benchmarks.harness`, whose names this module re-exports for its callers.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from benchmarks.cases_check import case_check, case_check_cli
from benchmarks.cases_memory import case_memory
from benchmarks.cases_near_miss import case_near_miss, case_scaling
from benchmarks.cases_po import case_po, case_pofilter
from benchmarks.cases_tm import case_tm
from benchmarks.harness import FULL, QUICK, Context, Result, Sizes, reset_peak

__all__ = ["CASES", "FULL", "QUICK", "Context", "Result", "Sizes", "run_cases"]

CASES: dict[str, Callable[[Context], list[Result]]] = {
    "check_cli": case_check_cli,
    "check": case_check,
    "near_miss": case_near_miss,
    "scaling": case_scaling,
    "po": case_po,
    "tm": case_tm,
    "pofilter": case_pofilter,
    "memory": case_memory,
}


def run_cases(ctx: Context, names: Iterable[str]) -> Iterable[Result]:
    for name in names:
        reset_peak()
        ctx.log(f"running {name} ...")
        t0 = time.perf_counter()
        yield from CASES[name](ctx)
        ctx.log(f"{name} done in {time.perf_counter() - t0:.1f} s")
