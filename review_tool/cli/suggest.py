"""``review-tool suggest``: ranked candidates for every segment, and pre-translation.

Offline sources (``fix``, ``tm``) always work; network engines are opt-in with ``--engine``
and their answers are cached, so ``--offline`` can replay them without a network.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from review_tool.cli.common import glossary_for, translators_for
from review_tool.core.checks.checker import Checker
from review_tool.core.glossary import normalize_lang
from review_tool.core.models import Candidate
from review_tool.documents.candidates import OFFLINE_ORIGINS, CandidateBuilder, SegmentRequest
from review_tool.documents.check_runner import document_language, is_po
from review_tool.documents.paragraphs import document_name, read_document, segment_id
from review_tool.documents.tm import build_memory
from review_tool.errors import InputError
from review_tool.progress import Progress
from review_tool.signals import Terminated
from review_tool.workspace import Workspace


def register(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("suggest", help="ranked candidate translations for each segment")
    p.add_argument("path", metavar="PATH", help="a document or a PO file")
    p.add_argument("--lang", help="target language (default: PO header, or the document's)")
    p.add_argument("--source-lang", help="source language (default: X-Source-Language or en)")
    p.add_argument(
        "--engine",
        action="append",
        metavar="NAMES",
        help="comma-separated sources: fix, tm and MT engines (default: fix,tm)",
    )
    p.add_argument("--tm", action="append", default=[], metavar="FILE", help="extra TMX file")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--pretranslate",
        action="store_true",
        help="write the best candidate of each untranslated segment into the PO as fuzzy",
    )
    p.add_argument("--offline", action="store_true", help="MT engines answer from the cache only")
    common(p)
    p.set_defaults(func=cmd_suggest)


@dataclass(frozen=True, slots=True)
class Unit:
    index: int
    segment: str
    request: SegmentRequest
    untranslated: bool


def _units(path: Path, lang: str | None, source_lang: str | None) -> tuple[list[Unit], str]:
    if is_po(path):
        from review_tool.po.store import PoStore

        store = PoStore.load(path)
        target = normalize_lang(lang) if lang else store.language
        if not target:
            raise InputError(path, None, "no Language header: pass --lang")
        src = normalize_lang(source_lang or store.header.get("X-Source-Language") or "en")
        units = [
            Unit(
                i,
                e.msgctxt if e.msgctxt is not None else f"#{i + 1}",
                SegmentRequest(e.msgid, src, target, e.msgstr),
                e.state == "untranslated",
            )
            for i, e in enumerate(store.entries)
            if e.msgid_plural is None
        ]
        return units, target
    doc = read_document(path)
    src = document_language(path, source_lang)
    target = normalize_lang(lang) if lang else src
    same = src.split("_")[0] == target.split("_")[0]
    taken: set[str] = set()
    units = [
        Unit(
            p.index,
            segment_id(p.text, taken),
            SegmentRequest(p.text, src, target, p.text if same else ""),
            True,
        )
        for p in doc.paragraphs
    ]
    return units, target


def _origins(given: list[str] | None) -> list[str]:
    if not given:
        return list(OFFLINE_ORIGINS)
    names = [n.strip().lower() for g in given for n in g.split(",") if n.strip()]
    return list(dict.fromkeys(names))


def _run(
    builder: CandidateBuilder, units: list[Unit], origins: list[str], network: bool
) -> Iterator[tuple[Unit, list[Candidate]]]:
    with Progress(len(units), "suggest") as bar:
        if not network:
            for unit in units:
                yield unit, builder.candidates(unit.request, origins)
                bar.advance()
            return
        with ThreadPoolExecutor(max_workers=4) as pool:
            jobs = [pool.submit(builder.candidates, u.request, origins) for u in units]
            try:
                for unit, job in zip(units, jobs, strict=True):
                    yield unit, job.result()
                    bar.advance()
            except KeyboardInterrupt:
                for job in jobs:
                    job.cancel()
                raise


def _candidate_dict(c: Candidate) -> dict[str, object]:
    d: dict[str, object] = {
        "origin": c.origin,
        "text": c.text,
        "score": c.score,
        "findings": [f.to_dict() for f in c.findings],
    }
    if c.detail:
        d["detail"] = c.detail
    if c.error is not None:
        d["error"] = c.error
    return d


def cmd_suggest(args: argparse.Namespace) -> int:
    from review_tool.workspace import open_workspace

    ws = open_workspace(args.workspace, for_path=args.path)
    path = Path(args.path)
    units, target = _units(path, args.lang, args.source_lang)
    origins = _origins(args.engine)
    checker = Checker(glossary_for(ws, args.glossary))
    memory = None
    if "tm" in origins and units:
        po_path = path if is_po(path) else ws.po_path(document_name(path), target)
        memory = build_memory(
            ws.locales_dir,
            units[0].request.source_lang,
            target,
            [Path(t) for t in args.tm],
            exclude=po_path,
        )
    translators = translators_for(ws, origins, args.offline, "suggest")
    builder = CandidateBuilder(checker, memory, translators)
    store = None
    if args.pretranslate:
        store = _pretranslate_store(ws, path, target)
    results: list[tuple[Unit, list[Candidate]]] = []
    try:
        for unit, cands in _run(builder, units, origins, bool(translators)):
            results.append((unit, cands))
    except KeyboardInterrupt as stop:  # Ctrl-C, or SIGTERM (Terminated)
        word, status = ("terminated", 143) if isinstance(stop, Terminated) else ("interrupted", 130)
        print(f"{word}: what was fetched is in the cache", file=sys.stderr)
        if store is None:
            return status
    if store is not None:
        written = _write_pretranslations(store, results, ws.translator())
        print(f"pre-translated {written} segment(s) into {store.path} (fuzzy)", file=sys.stderr)
    engines = [t.name for t in translators]
    failures = engine_failures(results, engines)
    for name, (message, count) in failures.items():
        print(f"error: {name}: {message} ({count} segment(s) without it)", file=sys.stderr)
    if args.format == "json":
        payload = {
            "segments": [
                {
                    "index": u.index,
                    "number": u.index + 1,
                    "segment": u.segment,
                    "source": u.request.source,
                    "candidates": [_candidate_dict(c) for c in cands if c.error is None],
                }
                for u, cands in results
            ],
            "engine_errors": {name: message for name, (message, _n) in failures.items()},
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for unit, cands in results:
            print(f"#{unit.index + 1} {unit.segment}")
            rank = 0
            for c in cands:
                if c.error is not None:  # said once per engine, above
                    continue
                rank += 1
                errors = sum(1 for f in c.findings if f.severity == "error")
                print(
                    f"  {rank}. {c.origin} score {c.score:.0f}, {errors} error(s), "
                    f"{len(c.findings) - errors} warning(s): {c.text}"
                )
    # Every engine asked for failed on every segment: say so by the exit status too.
    failed = [n for n in engines if failures.get(n, ("", 0))[1] == len(results)]
    return 1 if results and engines and len(failed) == len(engines) else 0


def engine_failures(
    results: list[tuple[Unit, list[Candidate]]], engines: list[str]
) -> dict[str, tuple[str, int]]:
    """For each MT engine that failed: its first error message and on how many segments
    (one line per engine, not one per segment)."""
    out: dict[str, tuple[str, int]] = {}
    for _unit, cands in results:
        for c in cands:
            if c.error is not None and c.origin in engines:
                message, n = out.get(c.origin, (c.error, 0))
                out[c.origin] = (message, n + 1)
    return out


def _pretranslate_store(ws: Workspace, path: Path, target: str) -> Any:
    from review_tool.po.store import PoStore

    po_path = path if is_po(path) else ws.po_path(document_name(path), target)
    if not po_path.exists():
        raise InputError(
            po_path, None, f"no PO file yet: run 'review-tool import {path} --to {target}' first"
        )
    return PoStore.load(po_path)


def _write_pretranslations(
    store: Any, results: list[tuple[Unit, list[Candidate]]], translator: str
) -> int:
    by_ctx = {u.segment: cands for u, cands in results}
    by_source = {u.request.source: cands for u, cands in results}
    written = 0

    def fill(current: Any) -> None:
        # Under the lock, on the file as it is now: only what is still untranslated.
        nonlocal written
        for index, entry in enumerate(current.entries):
            if entry.state != "untranslated" or entry.msgid_plural is not None:
                continue
            cands = by_ctx.get(entry.msgctxt) or by_source.get(entry.msgid) or []
            best = next((c for c in cands if c.error is None and c.text), None)
            if best is None:
                continue
            current.update(index, entry.with_translation(best.text, fuzzy=True))
            written += 1

    type(store).transact(store.path, fill, last_translator=translator)
    return written
