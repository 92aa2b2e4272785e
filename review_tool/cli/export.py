"""``review-tool export`` (approved work out as po/mo/txt/md/tmx/xliff) and ``review-tool glossary``
(export / import / lint)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from review_tool.errors import InputError, UsageError


def register(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    from review_tool.documents.exporters import FORMATS

    p = sub.add_parser(
        "export", help="export approved translations (po, mo, txt, md, tmx, xliff, xliff2)"
    )
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a PO file, a document (its PO in locales/<lang>/), or a folder of PO files",
    )
    p.add_argument("--lang", help="target language (needed for a document; filters a folder)")
    p.add_argument("--format", choices=FORMATS, required=True)
    p.add_argument(
        "--out",
        metavar="FILE|DIR",
        help="output file, or folder for several inputs (default: stdout for one text output)",
    )
    p.add_argument("--include-fuzzy", action="store_true", help="export fuzzy translations as well")
    p.add_argument(
        "--allow-partial",
        action="store_true",
        help="txt/md: keep the source text where a paragraph is not approved yet",
    )
    common(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("glossary", help="glossary export / import / lint")
    gsub = p.add_subparsers(dest="glossary_command", required=True, parser_class=type(p))

    g = gsub.add_parser("export", help="write the glossary as TBX-Basic or TSV")
    g.add_argument("--format", choices=("tbx", "tsv"), required=True)
    g.add_argument("--out", metavar="FILE", help="output file (default: stdout)")
    g.add_argument(
        "--source-lang", default="en", help="main language of the TBX file (default: en)"
    )
    common(g)
    g.set_defaults(func=cmd_glossary_export)

    g = gsub.add_parser("import", help="convert a Weblate/translate-toolkit TBX or CSV to TSV")
    g.add_argument("file", metavar="FILE", help="a .tbx or .csv glossary")
    g.add_argument("--out", metavar="FILE", help="output TSV (default: glossary/<name>.tsv)")
    g.add_argument("--source-lang", help="CSV: language of the source column (default: en)")
    g.add_argument("--target-lang", help="CSV: language of the target column (required)")
    g.add_argument("--force", action="store_true", help="overwrite an existing output file")
    common(g)
    g.set_defaults(func=cmd_glossary_import)

    g = gsub.add_parser("lint", help="find duplicates, conflicts and shadowed terms")
    g.add_argument(
        "paths", nargs="*", metavar="PATH", help="glossary files or folders (default: glossary/)"
    )
    common(g)
    g.set_defaults(func=cmd_glossary_lint)


# --------------------------------------------------------------------------- export


def cmd_export(args: argparse.Namespace) -> int:
    from review_tool.documents.exporters import (
        check_language,
        language_matches,
        plan_targets,
        refuse_overwriting_inputs,
        render,
        resolve_inputs,
        write_outputs,
    )
    from review_tool.documents.paragraphs import read_document
    from review_tool.po.store import PoStore
    from review_tool.workspace import open_workspace

    if args.allow_partial and args.format not in ("txt", "md"):
        raise UsageError("export: --allow-partial only applies to --format txt or md")
    ws = open_workspace(args.workspace, for_path=args.paths[0] if args.paths else None)
    inputs = resolve_inputs(args.paths, args.lang, ws)
    rendered = []
    for item in inputs:
        store = PoStore.load(item.po)
        if item.in_folder and not language_matches(store, args.lang):
            continue
        check_language(store, args.lang if item.document is None else None)
        newline = read_document(item.document).newline if item.document is not None else None
        rendered.append(
            render(
                store,
                args.format,
                include_fuzzy=args.include_fuzzy,
                allow_partial=args.allow_partial,
                root=ws.root,
                newline=newline,
            )
        )
    if not rendered:
        raise UsageError(f"export: no PO files in {args.lang} in the paths given")
    several = len(args.paths) > 1 or any(Path(p).is_dir() for p in args.paths)
    if args.out is None:
        if several or len(rendered) != 1:
            raise UsageError("export: several inputs need --out DIR")
        only = rendered[0]
        if not only.is_text:
            raise UsageError("export: --format mo is binary: give --out FILE")
        _report_stand_ins(only)
        _write_stdout(only.data)
        return 0
    out = Path(args.out)
    into_folder = several or out.is_dir()
    if into_folder:
        if out.exists() and not out.is_dir():
            raise UsageError(f"export: --out {out} must be a folder for several inputs")
        targets = plan_targets(rendered, out, single_file=False)
        out.mkdir(parents=True, exist_ok=True)
    else:
        if not out.parent.is_dir():
            raise InputError(out.parent, None, "output folder does not exist")
        targets = plan_targets(rendered, out, single_file=True)
    refuse_overwriting_inputs(inputs, targets)
    write_outputs(rendered, targets)
    for done, target in zip(rendered, targets, strict=True):
        _report_stand_ins(done)
        print(f"wrote {target} ({done.entries} entries) from {done.source}", file=sys.stderr)
    return 0


def _write_stdout(data: bytes) -> None:
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        sys.stdout.flush()
        buffer.write(data)
        buffer.flush()


def _report_stand_ins(item: Any) -> None:
    if item.stand_ins:
        shown = ", ".join(item.stand_ins[:20]) + (" …" if len(item.stand_ins) > 20 else "")
        print(
            f"warning: {item.source}: {len(item.stand_ins)} segment(s) not approved; "
            f"source text kept: {shown}",
            file=sys.stderr,
        )


# --------------------------------------------------------------------------- glossary


def _load_glossary(args: argparse.Namespace, extra: list[str] | None = None) -> Any:
    from review_tool.core.glossary import load
    from review_tool.workspace import open_workspace

    ws = open_workspace(args.workspace)
    paths: list[str | Path] = list(extra or []) + list(args.glossary or [])
    if not paths:
        paths = list(ws.default_glossaries())
    if not paths:
        raise UsageError(f"glossary: no glossary/ folder in {ws.root}; pass --glossary")
    return ws, load(paths)


def _emit(text: str, out: str | None) -> None:
    from review_tool.po.atomic_io import atomic_write_text

    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(out)
    if target.is_dir():
        raise UsageError(f"--out {target} is a folder; give a file name")
    if not target.parent.is_dir():
        raise InputError(target.parent, None, "output folder does not exist")
    atomic_write_text(target, text, newline="\n")
    print(f"wrote {target}", file=sys.stderr)


def cmd_glossary_export(args: argparse.Namespace) -> int:
    from review_tool.core.glossary_io import export_tbx, export_tsv

    _, glossary = _load_glossary(args)
    for warning in glossary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.format == "tbx":
        text = export_tbx(glossary, source_lang=args.source_lang)
    else:
        text = export_tsv(glossary)
    _emit(text, args.out)
    return 0


def cmd_glossary_import(args: argparse.Namespace) -> int:
    from review_tool.core.glossary_io import export_tsv, import_glossary
    from review_tool.documents.exporters import safe_name
    from review_tool.workspace import open_workspace

    ws = open_workspace(args.workspace)
    source = Path(args.file)
    glossary = import_glossary(
        source, source_lang=args.source_lang or "en", target_lang=args.target_lang
    )
    for warning in glossary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.out is not None:
        out = Path(args.out)
    else:
        out = ws.glossary_dir / f"{safe_name(source.stem, 'imported')}.tsv"
        out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists() and not args.force:
        raise UsageError(f"glossary import: {out} exists; pass --force to replace it")
    _emit(export_tsv(glossary, origin=str(source)), str(out))
    concepts = len(glossary.concepts)
    print(f"imported {len(glossary)} term(s) in {concepts} concept(s)", file=sys.stderr)
    return 0


def cmd_glossary_lint(args: argparse.Namespace) -> int:
    from review_tool.core.glossary_io import lint

    _, glossary = _load_glossary(args, list(args.paths))
    problems = lint(glossary)
    for problem in problems:
        print(problem.one_line())
    print(
        f"{len(glossary)} term(s) in {len(glossary.sources)} file(s): {len(problems)} problem(s)",
        file=sys.stderr,
    )
    return 1 if problems else 0
