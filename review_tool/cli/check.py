"""``review-tool check``: terminology and QA findings for documents and PO files, as text
lines (``path:line:col: severity rule: message [suggestion]``) or one JSON report."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from review_tool.cli.common import glossary_for
from review_tool.core.checks.checker import Checker, at_or_above
from review_tool.core.dictionaries import missing_dictionary_note
from review_tool.documents.check_pool import check_files
from review_tool.documents.check_runner import Located, expand_paths
from review_tool.documents.report_formats import RuleInfo, github_command, write_sarif
from review_tool.documents.waivers import drop_waived
from review_tool.errors import UsageError, printable
from review_tool.gc_pause import no_cycle_collection
from review_tool.workspace import group_by_workspace


def register(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("check", help="report terminology and QA findings")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--lang", help="language of the text (default: from file name or PO header)")
    p.add_argument(
        "--source-lang",
        help="source language of PO files (default: X-Source-Language header, else en)",
    )
    p.add_argument(
        "--format",
        choices=("text", "json", "sarif", "github"),
        default="text",
        help="text lines, one JSON report, SARIF 2.1.0 (code scanning), or GitHub workflow "
        "commands (inline annotations on a pull request)",
    )
    p.add_argument("--fail-on", choices=("error", "warning", "never"), default="error")
    p.add_argument("--no-near-miss", action="store_true", help="skip misspelling detection")
    p.add_argument(
        "--no-waivers",
        action="store_true",
        help="also report findings waived in the PO (review-tool waive, w in review)",
    )
    p.add_argument(
        "--no-spelling", action="store_true", help="skip the Hunspell check (qa.spelling)"
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="worker processes (default 0: one per core when there is enough work)",
    )
    common(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("rules", help="list every rule (id, severity, scope, fixable, doc)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_rules)


def format_text(item: Located) -> str:
    f = item.finding
    path = printable(str(item.path))  # a file name with a newline stays on its line
    line = f"{path}:{item.line}:{item.column}: {f.severity} {f.rule}: {f.message}"
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
    no_dictionary: set[str] = set()
    # Each file is checked with its own workspace's glossary (a monorepo's projects).
    for ws, group in group_by_workspace(list(files), args.workspace):
        with no_cycle_collection():  # loading a big glossary is allocation-heavy too
            glossary = glossary_for(ws, args.glossary)
            checker = Checker(
                glossary,
                near_miss=not args.no_near_miss,
                spelling=not args.no_spelling,
                memory=workspace_memory(ws.locales_dir),
            )
            items += check_files(
                group, checker, lang=args.lang, source_lang=args.source_lang, jobs=args.jobs
            )
        no_dictionary |= set(checker.no_dictionary)
    for lang in sorted(no_dictionary):  # once per run, not per segment
        print(f"note: {missing_dictionary_note(lang)}", file=sys.stderr)
    waived = 0
    if not args.no_waivers:
        items, waived = drop_waived(items, files)
    if args.format == "json":
        write_json(items, len(files))
    elif args.format == "sarif":
        write_sarif(sys.stdout, items, rule_infos(), Path.cwd())
    elif args.format == "github":
        for item in items:
            print(github_command(item))
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


def workspace_memory(
    locales: Path,
) -> Callable[[str, str], dict[str, list[tuple[str, str]]]]:
    """The approved translations of a language pair in ``locales/<lang>/`` by source (the
    translation memory's exact matches), read once per process when qa.inconsistent asks."""
    from functools import lru_cache

    from review_tool.documents.tm import approved_by_source

    @lru_cache(maxsize=8)
    def memory(source_lang: str, target_lang: str) -> dict[str, list[tuple[str, str]]]:
        return approved_by_source(locales, source_lang, target_lang)

    return memory


def rule_infos() -> list[RuleInfo]:
    """Every registered rule, for reports that describe the rules they use (SARIF)."""
    from review_tool.core.checks.registry import all_rules

    return [RuleInfo(r.id, r.severity, r.doc) for r in all_rules()]


def cmd_rules(args: argparse.Namespace) -> int:
    """Every registered rule, as ``pofilter --listfilters`` lists its filters."""
    from review_tool.core.checks.registry import all_rules

    rules = all_rules()
    if args.format == "json":
        print(json.dumps({"rules": [r.to_dict() for r in rules]}, ensure_ascii=False, indent=1))
        return 0
    width = max(len(r.id) for r in rules)
    for r in rules:
        traits: list[str] = [r.severity, r.scope]
        if r.needs_source:
            traits.append("needs source")
        if r.fixable:
            traits.append("fixable")
        print(f"{r.id:<{width}}  {r.doc} ({', '.join(traits)}); e.g. {r.example}")
    return 0


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
