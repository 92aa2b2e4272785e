"""Command line: ``review-tool check | import | approve | stats | suggest | review | export``.

``review-tool init [DIR]`` makes a folder a workspace.

Results go to stdout, diagnostics to stderr. Exit status: 0 fine, 1 findings at or above
``--fail-on``, 2 bad usage or bad input (one line naming the file and line; nothing written).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from review_tool import __version__
from review_tool.check_pool import check_files
from review_tool.check_runner import Located, expand_paths
from review_tool.checks import Checker, at_or_above
from review_tool.errors import InputError, UsageError
from review_tool.gc_pause import no_cycle_collection
from review_tool.glossary import Glossary
from review_tool.glossary import load as load_glossary
from review_tool.waivers import drop_waived
from review_tool.workspace import Workspace, group_by_workspace


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--workspace",
        metavar="DIR",
        help="workspace root (default: nearest parent holding glossary/ or locales/)",
    )
    p.add_argument(
        "--glossary",
        action="append",
        metavar="PATH",
        default=None,
        help="glossary file or folder (repeatable; default: every file in glossary/)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="review-tool", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"review-tool {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("check", help="report terminology and QA findings")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--lang", help="language of the text (default: from file name or PO header)")
    p.add_argument(
        "--source-lang",
        help="source language of PO files (default: X-Source-Language header, else en)",
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--fail-on", choices=("error", "warning", "never"), default="error")
    p.add_argument("--no-near-miss", action="store_true", help="skip misspelling detection")
    p.add_argument(
        "--no-waivers",
        action="store_true",
        help="also report findings waived in the PO (review-tool waive, w in review)",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="worker processes (default 0: one per core when there is enough work)",
    )
    _common(p)
    p.set_defaults(func=cmd_check)

    from review_tool import cli_export, cli_init, cli_po, cli_review, cli_suggest, cli_waive

    cli_po.register(sub, _common)
    cli_review.register(sub, _common)
    cli_suggest.register(sub, _common)
    cli_export.register(sub, _common)
    cli_init.register(sub, _common)
    cli_waive.register(sub, _common)
    return parser


def glossary_for(ws: Workspace, given: list[str] | None) -> Glossary:
    paths: list[str | Path] = list(given) if given else list(ws.default_glossaries())
    glossary = load_glossary(paths)
    for warning in glossary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return glossary


def format_text(item: Located) -> str:
    f = item.finding
    line = f"{item.path}:{item.line}:{item.column}: {f.severity} {f.rule}: {f.message}"
    if f.suggestion is not None:
        line += f" [{f.suggestion}]"
    return line


def summary(items: list[Located], files: int) -> dict[str, object]:
    by_rule = Counter(i.finding.rule for i in items)
    by_sev = Counter(i.finding.severity for i in items)
    return {
        "files": files,
        "findings": len(items),
        "errors": by_sev.get("error", 0),
        "warnings": by_sev.get("warning", 0),
        "by_rule": dict(sorted(by_rule.items())),
    }


def cmd_check(args: argparse.Namespace) -> int:
    files = expand_paths(args.paths)
    if not files:
        raise UsageError("check: no documents or PO files found in the paths given")
    if args.jobs < 0:
        raise UsageError("check: --jobs must be 0 (one per core) or more")
    items: list[Located] = []
    # Each file is checked with its own workspace's glossary (a monorepo's projects).
    for ws, group in group_by_workspace(list(files), args.workspace):
        with no_cycle_collection():  # loading a big glossary is allocation-heavy too
            glossary = glossary_for(ws, args.glossary)
            checker = Checker(glossary, near_miss=not args.no_near_miss)
            items += check_files(
                group, checker, lang=args.lang, source_lang=args.source_lang, jobs=args.jobs
            )
    waived = 0
    if not args.no_waivers:
        items, waived = drop_waived(items, files)
    if args.format == "json":
        write_json(items, len(files))
    else:
        for item in items:
            print(format_text(item))
        s = summary(items, len(files))
        print(
            f"{s['files']} file(s): {s['errors']} error(s), {s['warnings']} warning(s)"
            + (f", {waived} waived (--no-waivers shows them)" if waived else ""),
            file=sys.stderr,
        )
    failing = at_or_above([i.finding for i in items], args.fail_on)
    return 1 if failing else 0


def write_json(items: list[Located], files: int) -> None:
    """``{"findings": [...], "summary": {...}}``, one finding per line (each line through the
    C encoder: an indented ``json.dump`` of 100 000 findings takes seconds)."""
    out = sys.stdout
    out.write('{"findings": [')
    sep = "\n "
    for item in items:
        out.write(sep)
        out.write(item.to_json())
        sep = ",\n "
    out.write('\n],\n"summary": ')
    out.write(json.dumps(summary(items, files), ensure_ascii=False))
    out.write("}\n")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        return int(args.func(args))
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except InputError as exc:
        print(f"error: {exc.one_line()}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
