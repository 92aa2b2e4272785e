"""Benchmark cases of PO catalogs: ``po`` (loading and saving a large catalog against polib)
and ``pofilter`` (our PO checks against translate-toolkit's pofilter on the same checks).

Why it exists: one module per measured area, so that each stays readable and under the
project's module-size limit; the registry is :mod:`benchmarks.cases`.
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

from benchmarks.harness import (
    Context,
    Result,
    pct,
    peak_mb,
    runs_note,
    timed,
)
from review_tool.core.checks.checker import Checker

# --------------------------------------------------------------------------- 4. PO


def _po_store() -> Any:
    try:
        from review_tool.po import store as po_store
    except ImportError:
        return None
    return po_store


def case_po(ctx: Context) -> list[Result]:
    import polib

    cat = ctx.catalog()
    po_store = _po_store()
    if cat is None or po_store is None:
        ctx.log("po: skipped (" + ("no gettext tools" if cat is None else "no po_store") + ")")
        return []
    path, entries, _files = cat
    work = ctx.workdir / "po_bench"
    work.mkdir(exist_ok=True)
    ours_path = work / "ours.po"
    polib_path = work / "polib.po"
    data = path.read_bytes()
    ours_path.write_bytes(data)
    polib_path.write_bytes(data)
    size = f"{entries} entries, {len(data) / 1e6:.1f} MB"

    load_times = timed(lambda: po_store.PoStore.load(ours_path), 5)
    load_runs = len(load_times)
    polib_load = timed(lambda: polib.pofile(str(polib_path)), 3)
    polib_load_runs = len(polib_load)

    store = po_store.PoStore.load(ours_path)
    n = len(store.entries)
    counter = iter(range(10**9))

    def marked(text: str) -> str:  # (a trailing newline stays last: msgfmt --check)
        body = text.rstrip("\n")
        return body + " ✓" + text[len(body) :]

    def approved(i: int) -> Any:
        entry = store.entries[i]
        if entry.msgid_plural is None:
            return entry.with_translation(marked(entry.forms[0]), fuzzy=False)
        return entry.with_translation([marked(f) for f in entry.forms], fuzzy=False)

    plural_forms = store.header.get("Plural-Forms")
    picks = [
        i
        for i in ((k * 7919) % n for k in range(1, 200))
        if po_store.approval_problem(approved(i), store.nplurals, plural_forms) is None
    ][:11]

    def approve_ours() -> None:
        i = picks[next(counter) % len(picks)]
        store.write_change(store.entries[i], approved(i))

    save_times = timed(approve_ours, 11)
    save_runs = len(save_times)
    other = po_store.PoStore.load(ours_path)

    def approve_after_other_writer() -> None:
        # someone else approved another entry since we read the file: read, parse, merge
        i = picks[next(counter) % len(picks)]
        j = (i + 1) % n
        other.write_change(other.entries[j], approved(j))
        started = time.perf_counter()
        store.write_change(store.entries[i], approved(i))
        merge_times.append(time.perf_counter() - started)

    merge_times: list[float] = []
    for _ in range(5):
        approve_after_other_writer()

    pofile = polib.pofile(str(polib_path))
    entries_p = [e for e in pofile if not e.obsolete]

    def approve_polib() -> None:
        i = picks[next(counter) % len(picks)] % len(entries_p)
        e = entries_p[i]
        if e.msgid_plural:
            e.msgstr_plural = {k: v + " ✓" for k, v in e.msgstr_plural.items()}
        else:
            e.msgstr = e.msgstr + " ✓"
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
        tmp = str(polib_path) + ".tmp"
        pofile.save(tmp)
        os.replace(tmp, polib_path)

    polib_save = timed(approve_polib, 3)
    polib_save_runs = len(polib_save)
    lm, pm = statistics.median(load_times), statistics.median(polib_load)
    sm, ps = statistics.median(save_times), statistics.median(polib_save)
    rss = peak_mb()
    return [
        Result(
            "po_load",
            size,
            lm,
            load_runs,
            entries / lm,
            "entries/s",
            rss,
            "polib.pofile()",
            pm,
            pm / lm,
            polib_load_runs,
            "",
            [f"baseline: {polib_load_runs} runs (long)"],
        ),
        Result(
            "po_approve",
            size,
            sm,
            save_runs,
            1 / sm,
            "approvals/s",
            rss,
            "polib: edit entry + pofile.save() (temp file + rename)",
            ps,
            ps / sm,
            polib_save_runs,
            "approve in 100k-entry PO < 50 ms incl. atomic write",
            [
                "ours: PoStore.write_change(), the one write path: flock on the folder, the "
                "current bytes read and compared, the entry spliced in, temp file fsynced, "
                f"renamed, folder fsynced; p95 {pct(save_times, 0.95) * 1e3:.1f} ms",
                f"baseline: {polib_save_runs} runs (long)",
            ],
        ),
        Result(
            "po_approve_merge",
            size,
            statistics.median(merge_times),
            len(merge_times),
            1 / statistics.median(merge_times),
            "approvals/s",
            rss,
            "polib: edit entry + pofile.save() (temp file + rename)",
            ps,
            ps / statistics.median(merge_times),
            polib_save_runs,
            "",
            [
                "ours: the same after another writer changed the file: it is parsed again "
                "and our entry merged by key onto it",
            ],
        ),
    ]


# --------------------------------------------------------------------------- 6. pofilter

PAIRS = {
    "doublewords": "qa.repetition",
    "urls": "qa.urls",
    "numbers": "qa.numbers",
    "brackets": "qa.brackets",
    "endwhitespace": "qa.whitespace",
    "startwhitespace": "qa.whitespace",
}


def case_pofilter(ctx: Context) -> list[Result]:
    from translate.filters import checks as tt_checks
    from translate.storage import factory

    from review_tool.core.checks.checker import CheckJob, run_rules
    from review_tool.core.checks.registry import get as get_rule
    from review_tool.documents.check_runner import check_po

    cat = ctx.catalog()
    po_store = _po_store()
    if cat is None or po_store is None:
        ctx.log(
            "pofilter: skipped (" + ("no gettext tools" if cat is None else "no po_store") + ")"
        )
        return []
    path, entries, _files = cat
    checker = Checker(ctx.bench.glossary, near_miss=True)
    ours_units: dict[str, set[int]] = {}

    def ours() -> None:
        ours_units.clear()
        for loc in check_po(path, checker, "fr", "en"):
            ours_units.setdefault(loc.finding.rule, set()).add(loc.index)

    shared = sorted(set(PAIRS.values()))

    def ours_shared() -> None:
        store = po_store.PoStore.load(path)
        rules = [rule for rule in map(get_rule, shared) if rule is not None]
        jobs = [
            CheckJob(e.msgstr, "fr", e.msgid, "en")
            for e in store.entries
            if e.msgid_plural is None and e.msgstr
        ]
        run_rules(rules, jobs)

    tt_units: dict[str, set[int]] = {}

    def pofilter() -> None:
        tt_units.clear()
        store = factory.getobject(str(path))
        tee = tt_checks.TeeChecker(
            checkerconfig=tt_checks.CheckerConfig(targetlanguage="fr"),
            limitfilters=list(PAIRS),
            checkerclasses=[tt_checks.StandardChecker],
            languagecode="fr",
        )
        idx = -1
        for unit in store.units:
            if unit.isheader() or unit.isobsolete():
                continue
            idx += 1
            for name in tee.run_filters(unit, categorised=True):
                tt_units.setdefault(name, set()).add(idx)

    t_ours = timed(ours, 5)
    runs = len(t_ours)
    t_shared = timed(ours_shared, 5)
    t_tt = timed(pofilter, 3)
    base_runs = len(t_tt)
    med, smed, bmed = (statistics.median(x) for x in (t_ours, t_shared, t_tt))
    agreement = []
    for tt_name, rule in PAIRS.items():
        a, b = tt_units.get(tt_name, set()), ours_units.get(rule, set())
        agreement.append(f"{tt_name}~{rule}: pofilter {len(a)}, ours {len(b)}, both {len(a & b)}")
    size = f"{entries} entries (real msgunfmt catalog)"
    rss = peak_mb()
    return [
        Result(
            "po_check_all_rules",
            size,
            med,
            runs,
            entries / med,
            "entries/s",
            rss,
            "pofilter (translate-toolkit API, 6 checks)",
            bmed,
            bmed / med,
            base_runs,
            "",
            [
                "ours: check_po (PoStore.load + every rule incl. glossary + near-miss, fr)",
                *runs_note(t_ours, 5),
                f"baseline: factory.getobject + TeeChecker.run_filters with {sorted(PAIRS)}"
                f"; {base_runs} run(s)",
                *agreement,
            ],
        ),
        Result(
            "po_check_shared_rules",
            size,
            smed,
            len(t_shared),
            entries / smed,
            "entries/s",
            rss,
            "pofilter (translate-toolkit API, 6 checks)",
            bmed,
            bmed / smed,
            base_runs,
            "",
            [f"ours: PoStore.load + only {shared} on non-plural entries"],
        ),
    ]
