"""``check`` on every core, for one big file as for a whole archive.

The Checker (the Aho-Corasick automaton and the near-miss indexes) takes seconds to build for a
large glossary, so it is built once, in this process, and the worker processes are forked after
it: they share it copy-on-write instead of each building or unpickling their own. One big file
is cut into chunks of segments; many files go one file per task. Results come back in input
order, so the output does not depend on the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.pool import Pool
from pathlib import Path

from review_tool.core.checks.checker import Checker, CheckJob
from review_tool.core.glossary import Glossary, normalize_lang
from review_tool.core.models import Finding, Severity
from review_tool.documents.check_runner import (
    BATCH,
    FileWork,
    Located,
    check_path,
    check_work,
    file_work,
    is_po,
    settled,
    with_catalog,
)
from review_tool.documents.paragraphs import language_from_name
from review_tool.gc_pause import no_cycle_collection
from review_tool.progress import Progress

# Below this, with the default --jobs, one process is faster: each worker warms its own
# near-miss cache (measured: 2 000 paragraphs 1.55 s on one core, 2.09 s on two).
PARALLEL_MIN_SEGMENTS = 10_000
# Chunks shrink as the work runs out (each a quarter of a worker's share of what is left, and
# at least this many segments), so no core waits long for the last one to end.
_MIN_CHUNK = 256

# The checker of the parent, inherited by forked workers (or built by ``_init_worker``).
_CHECKER: Checker | None = None
# The texts of a sharded check, inherited by forked workers: a chunk is then sent as a range
# instead of pickling 40 MB of paragraphs through the pipes.
_JOBS: list[list[CheckJob]] | None = None

_Chunk = tuple[int, int, int] | list[CheckJob]  # (work, start, end) into _JOBS, or the jobs

_Packed = tuple[str, Severity, int, int, str, str, "str | None"]


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _pack(f: Finding) -> _Packed:
    # Plain tuples pickle several times faster than dataclass instances.
    return (f.rule, f.severity, f.start, f.end, f.text, f.message, f.suggestion)


def _check_chunk(chunk: _Chunk) -> list[list[_Packed]]:
    checker = _CHECKER
    assert checker is not None
    if isinstance(chunk, tuple):
        assert _JOBS is not None
        work, start, end = chunk
        jobs = _JOBS[work][start:end]
    else:
        jobs = chunk
    return [
        [_pack(f) for f in findings]
        for start in range(0, len(jobs), BATCH)
        for findings in checker.check_many(jobs[start : start + BATCH])
    ]


def _check_file(args: tuple[Path, str | None, str | None]) -> tuple[list[Located], set[str]]:
    """A file's findings, and the languages seen so far without a dictionary (the parent
    says so once per run)."""
    path, lang, source_lang = args
    assert _CHECKER is not None
    return check_path(path, _CHECKER, lang=lang, source_lang=source_lang), _CHECKER.no_dictionary


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _init_worker(glossary: Glossary | None, near_miss: bool) -> None:
    """Signals are the parent's to handle: it stops its workers itself (``Pool.terminate``).

    A worker lives in a process group of its own, so Ctrl-C and a SIGTERM sent to the whole
    group (``timeout``, a service manager) reach the parent only: a worker killed at a random
    moment can die holding a lock of the pool's queues, and ``Pool.terminate`` would then wait
    for that lock forever. SIGINT is ignored, SIGTERM (how ``Pool.terminate`` stops a worker)
    kills quietly. Where workers cannot be forked, each builds its own checker."""
    global _CHECKER
    os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)  # blocked by the parent's fork
    if glossary is not None:
        _CHECKER = Checker(glossary, near_miss=near_miss)


def _forks() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


@contextmanager
def _pool(checker: Checker, jobs: int) -> Iterator[Pool]:
    global _CHECKER
    _CHECKER = checker
    pool: Pool | None = None
    try:
        # Ctrl-C and SIGTERM wait while the workers start: a handler that runs during a fork
        # (in the parent's or the child's at-fork hooks) has its exception swallowed, so the
        # interrupt would be lost; the child unblocks them once its own handlers are set.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            if _forks():
                # Forked inside ``no_cycle_collection``: no collector pass in the workers
                # touches (and so copies) the pages of the shared indexes.
                pool = multiprocessing.get_context("fork").Pool(
                    jobs, initializer=_init_worker, initargs=(None, False)
                )
            else:
                pool = multiprocessing.Pool(
                    jobs,
                    initializer=_init_worker,
                    initargs=(checker.glossary, checker.near_miss),
                )
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        yield pool
    except BaseException:
        # Ctrl-C, SIGTERM or a bad file: stop the workers now, queued chunks unread.
        if pool is not None:
            pool.terminate()
        raise
    else:
        pool.close()
    finally:
        if pool is not None:
            pool.join()


def _prepare(checker: Checker, langs: set[str]) -> None:
    """Build the per-language indexes and open the dictionaries before the fork, so workers
    share them (and the parent knows which languages have no dictionary)."""
    for lang in sorted(langs):
        if checker.near_miss:
            checker.near_miss_index(lang)
        checker.speller(lang)


def check_files(
    files: list[Path],
    checker: Checker,
    *,
    lang: str | None = None,
    source_lang: str | None = None,
    jobs: int = 0,
    label: str = "check",
) -> list[Located]:
    """Every finding of ``files``, in file and text order; ``jobs`` 0 means one per core
    when the work is big enough to gain from it. Never more workers than cores, nor than
    chunks of work (``--jobs 200`` on a two-paragraph file runs in this process)."""
    auto = jobs == 0
    jobs = cores() if auto else min(jobs, cores())  # more processes than cores only cost
    with no_cycle_collection():
        if jobs > 1 and len(files) >= 2 * jobs:
            found = _per_file(files, checker, lang, source_lang, jobs, label)
        else:
            works = [file_work(path, lang, source_lang) for path in files]
            total = sum(len(w.jobs) for w in works)
            jobs = min(jobs, -(-total // _MIN_CHUNK))  # no more workers than chunks to give them
            with Progress(total, label) as bar:
                if jobs <= 1 or (auto and total < PARALLEL_MIN_SEGMENTS):
                    found = [
                        item for work in works for item in check_work(work, checker, bar.advance)
                    ]
                else:
                    found = _sharded(works, total, checker, jobs, bar)
    return found


def _sharded(
    works: list[FileWork], total: int, checker: Checker, jobs: int, bar: Progress
) -> list[Located]:
    global _JOBS
    _prepare(checker, {job[1] for work in works for job in work.jobs[:1]})
    out: list[Located] = []
    chunks: list[tuple[FileWork, int, _Chunk]] = []
    left = total
    forks = _forks()
    for w, work in enumerate(works):
        start = 0
        while start < len(work.jobs):
            size = max(_MIN_CHUNK, left // (4 * jobs))
            end = start + size
            chunks.append((work, start, (w, start, end) if forks else work.jobs[start:end]))
            start = end
            left -= size
    _JOBS = [work.jobs for work in works]
    # Catalog-scope rules read a whole file: here, not in the workers' chunks.
    catalogs = (
        {id(w): checker.check_catalog(w.jobs) for w in works} if checker.catalog_rules else {}
    )
    by_work: dict[int, list[Located]] = {id(work): [] for work in works}
    try:
        with _pool(checker, jobs) as pool:
            results = pool.imap(_check_chunk, [chunk for _, _, chunk in chunks])
            for (work, start, _), chunk_findings in zip(chunks, results, strict=True):
                catalog = catalogs.get(id(work))
                found = by_work[id(work)]
                for k, packed in enumerate(chunk_findings, start):
                    findings = [Finding(*p) for p in packed]
                    if catalog is not None and catalog[k]:
                        findings = with_catalog(findings, catalog[k])
                    if findings:
                        found.extend(work.located(k, findings))
                bar.advance(len(chunk_findings))
    finally:
        _JOBS = None
    for work in works:  # each file's findings, once all its chunks are in
        out.extend(settled(work, by_work[id(work)]))
    return out


def _per_file(
    files: list[Path],
    checker: Checker,
    lang: str | None,
    source_lang: str | None,
    jobs: int,
    label: str,
) -> list[Located]:
    langs = {normalize_lang(lang)} if lang else set()
    if not lang:
        langs |= {found for p in files if not is_po(p) and (found := language_from_name(p))}
    _prepare(checker, langs)
    results: list[Located] = []
    with Progress(len(files), label) as bar, _pool(checker, jobs) as pool:
        for located, no_dictionary in pool.imap(
            _check_file, [(path, lang, source_lang) for path in files]
        ):
            results.extend(located)
            checker.no_dictionary |= no_dictionary
            bar.advance()
    return results
