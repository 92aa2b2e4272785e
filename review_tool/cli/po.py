"""The PO-facing commands: ``import``, ``approve`` and ``stats``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from review_tool.cli.common import glossary_for, warn_conflicts
from review_tool.core.glossary import normalize_lang
from review_tool.errors import InputError, UsageError


def register(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("import", help="create or update locales/<lang>/LC_MESSAGES/<doc>.po")
    p.add_argument("source", metavar="PATH", help="a document (.txt/.md) or a reviewed PO file")
    p.add_argument(
        "--to",
        action="append",
        required=True,
        metavar="LANG",
        dest="targets",
        help="target language (repeatable)",
    )
    p.add_argument("--lang", help="language of the source (default: from its name or header)")
    common(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("approve", help="approve one segment of a PO file")
    p.add_argument("po", metavar="PO")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--segment", metavar="ID", help="segment id (msgctxt, as in check's JSON)")
    which.add_argument(
        "--number", type=int, metavar="N", help="segment number, 1-based, as review shows it"
    )
    which.add_argument("--index", type=int, metavar="I", help="0-based entry index (scripts)")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--text",
        action="append",
        metavar="TEXT",
        help="the approved translation (repeat for each plural form)",
    )
    what.add_argument("--candidate", metavar="ORIGIN", help="take a candidate: fix")
    common(p)
    p.set_defaults(func=cmd_approve)

    p = sub.add_parser("stats", help="approved / fuzzy / untranslated / findings per file")
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="PO files or folders (default: locales/)"
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    common(p)
    p.set_defaults(func=cmd_stats)


def cmd_import(args: argparse.Namespace) -> int:
    from review_tool.documents.importer import import_into, read_source
    from review_tool.workspace import open_workspace

    ws = open_workspace(args.workspace, for_path=args.source)
    source_path = Path(args.source)
    if source_path.suffix.lower() in (".xlf", ".xliff"):
        return _import_xliff(ws, source_path, args.targets)
    source = read_source(source_path, args.lang, ws.relative(source_path))
    if source.skipped:
        print(
            f"warning: {len(source.skipped)} segment(s) of {source_path} are not approved yet "
            f"and were left out: {', '.join(source.skipped[:10])}"
            + (" …" if len(source.skipped) > 10 else ""),
            file=sys.stderr,
        )
    for target in args.targets:
        lang = normalize_lang(target)
        po_path = ws.po_path(source.name, lang)
        report = import_into(
            source, lang, po_path, translator=ws.translator(), source_ref=ws.relative(source_path)
        )
        verb = "created" if report.created else "updated"
        print(
            f"{verb} {ws.relative(po_path)}: {report.added} new, {report.unchanged} unchanged, "
            f"{report.fuzzy} fuzzy (changed source), {report.obsoleted} obsolete"
        )
    return 0


def _import_xliff(ws: Any, path: Path, targets: list[str]) -> int:
    """A bilingual XLIFF into the PO of its target language (see xliff_import)."""
    from review_tool.documents.paragraphs import document_name
    from review_tool.documents.xliff import parse
    from review_tool.documents.xliff_import import import_xliff

    xf = parse(path)
    lang = normalize_lang(xf.target_lang)
    if not lang:
        raise InputError(path, None, "the XLIFF names no target language")
    if [normalize_lang(t) for t in targets] != [lang]:
        raise UsageError(f"import: {path} is an XLIFF file in {lang}: use --to {lang}")
    po_path = ws.po_path(document_name(path.with_suffix(".txt")), lang)
    report = import_xliff(xf, po_path, translator=ws.translator(), source_ref=ws.relative(path))
    verb = "created" if report.created else "updated"
    print(
        f"{verb} {ws.relative(po_path)}: {report.added} new, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.obsoleted} obsolete"
    )
    return 0


def _approve_xliff(args: argparse.Namespace) -> int:
    from review_tool.documents.xliff import approve_in_file

    if args.candidate is not None or len(args.text) != 1:
        raise UsageError("approve: an XLIFF segment takes one --text")
    index = args.index if args.number is None else args.number - 1  # --number is 1-based
    seg = approve_in_file(Path(args.po), args.segment, index, args.text[0])
    print(f"approved {seg.key} in {args.po}")
    return 0


def _entry_index(store: Any, args: argparse.Namespace) -> int:
    if args.segment is not None:
        index = store.index_of_context(args.segment)
        if index is None:
            raise InputError(store.path, None, f"no segment with id {args.segment!r}")
        return int(index)
    last = len(store.entries) - 1
    if args.number is not None:
        if not 1 <= args.number <= last + 1:
            raise InputError(
                store.path, None, f"--number {args.number} out of range (1..{last + 1})"
            )
        return int(args.number) - 1
    if not 0 <= args.index <= last:
        raise InputError(store.path, None, f"--index {args.index} out of range (0..{last})")
    return int(args.index)


def cmd_approve(args: argparse.Namespace) -> int:
    from review_tool.po.store import PoStore, approval_problem
    from review_tool.workspace import open_workspace

    if Path(args.po).suffix.lower() in (".xlf", ".xliff"):
        return _approve_xliff(args)
    ws = open_workspace(args.workspace, for_path=args.po)
    store = PoStore.load(Path(args.po))
    index = _entry_index(store, args)
    entry = store.entries[index]
    texts: list[str]
    if args.candidate is not None:
        if args.candidate != "fix":
            raise UsageError(f"approve: unknown candidate {args.candidate!r} (available: fix)")
        from review_tool.core.checks.checker import Checker
        from review_tool.core.fixer import fix

        lang = store.language or ""
        src_lang = store.header.get("X-Source-Language") or "en"
        base = entry.msgstr or (entry.msgid if src_lang.split("_")[0] == lang.split("_")[0] else "")
        if not base:
            raise InputError(store.path, entry.line, "no translation to fix yet: use --text")
        checker = Checker(glossary_for(ws, args.glossary))
        texts = [fix(base, lang, checker, source=entry.msgid, source_lang=src_lang).text]
    else:
        texts = list(args.text)
    if entry.msgid_plural is not None:
        if len(texts) != len(entry.msgstr_plural):
            raise UsageError(
                f"approve: entry has {len(entry.msgstr_plural)} plural forms; give --text "
                f"{len(entry.msgstr_plural)} times"
            )
        new = entry.with_translation(texts, fuzzy=False)
    else:
        if len(texts) != 1:
            raise UsageError("approve: give --text once for an entry without plural forms")
        new = entry.with_translation(texts[0], fuzzy=False)
    if any(not t.strip() for t in texts):
        raise UsageError("approve: an empty translation (or only whitespace) cannot be approved")
    problem = approval_problem(new, store.nplurals, store.header.get("Plural-Forms"))
    if problem is not None:
        raise InputError(
            store.path, entry.line, f"cannot approve {entry.msgctxt or index}: {problem}"
        )
    report = store.write_change(entry, new, last_translator=ws.translator())
    warn_conflicts(store.path, report.conflicts)
    label = entry.msgctxt or f"#{index + 1}"
    if store.find(*new.key) is None:  # another writer replaced the entry meanwhile
        print(
            f"warning: {store.path}: segment {label} was replaced meanwhile "
            "(its source changed); your text is kept as a fuzzy translation of the new one",
            file=sys.stderr,
        )
        return 0
    print(f"approved {label} in {store.path}")
    return 0


def _po_files(paths: list[str], default: Path) -> list[Path]:
    roots = [Path(p) for p in paths] if paths else [default]
    out: list[Path] = []
    for root in roots:
        if root.is_dir():
            out.extend(sorted(root.rglob("*.po")))
        else:
            out.append(root)
    return out


def cmd_stats(args: argparse.Namespace) -> int:
    from review_tool.core.checks.checker import Checker
    from review_tool.documents.check_runner import check_po
    from review_tool.po.store import PoStore
    from review_tool.workspace import open_workspace

    ws = open_workspace(args.workspace, for_path=args.paths[0] if args.paths else None)
    checker = Checker(glossary_for(ws, args.glossary))
    rows: list[dict[str, Any]] = []
    for path in _po_files(args.paths, ws.locales_dir):
        store = PoStore.load(path)
        states = [e.state for e in store.entries]
        findings = list(check_po(path, checker, None, None, store))
        rows.append(
            {
                "path": str(path),
                "lang": store.language or "",
                "total": len(states),
                "approved": states.count("approved"),
                "fuzzy": states.count("fuzzy"),
                "untranslated": states.count("untranslated"),
                "findings": len(findings),
                "errors": sum(1 for f in findings if f.finding.severity == "error"),
            }
        )
    if args.format == "json":
        json.dump({"files": rows}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    if not rows:
        print("no PO files", file=sys.stderr)
        return 0
    width = max(len(str(r["path"])) for r in rows)
    print(f"{'file':<{width}}  lang   total approved  fuzzy untrans findings errors")
    for r in rows:
        print(
            f"{r['path']:<{width}}  {r['lang']:<5} {r['total']:>6} {r['approved']:>8} "
            f"{r['fuzzy']:>6} {r['untranslated']:>7} {r['findings']:>8} {r['errors']:>6}"
        )
    return 0
