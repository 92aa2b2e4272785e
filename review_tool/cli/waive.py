"""``review-tool waive PO --number N --rule RULE``: accept a finding for one segment.

The waiver is a comment on the entry holding a hash of its source and translation (see
``waivers.py``): ``check`` stops reporting that rule there until the text changes.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from review_tool.errors import InputError, UsageError


def register(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser(
        "waive", help="accept a finding for one segment (kept in the PO until its text changes)"
    )
    p.add_argument("po", metavar="PO")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--number", type=int, metavar="N", help="segment number, 1-based")
    which.add_argument("--index", type=int, metavar="I", help="0-based entry index")
    which.add_argument("--segment", metavar="ID", help="segment id (msgctxt)")
    p.add_argument(
        "--rule", action="append", required=True, metavar="RULE", help="rule id (repeatable)"
    )
    common(p)
    p.set_defaults(func=cmd_waive)


def _index(store: Any, args: argparse.Namespace) -> int:
    count = len(store.entries)
    if args.segment is not None:
        found = store.index_of_context(args.segment)
        if found is None:
            raise InputError(store.path, None, f"no segment with id {args.segment!r}")
        return int(found)
    if args.number is not None:
        if not 1 <= args.number <= count:
            raise InputError(store.path, None, f"--number {args.number} out of range (1..{count})")
        return int(args.number) - 1
    if not 0 <= args.index < count:
        raise InputError(store.path, None, f"--index {args.index} out of range (0..{count - 1})")
    return int(args.index)


def cmd_waive(args: argparse.Namespace) -> int:
    from review_tool.cli.common import glossary_for
    from review_tool.core.checks.checker import Checker
    from review_tool.documents.check_runner import check_po
    from review_tool.documents.waivers import waived_rules, with_waiver
    from review_tool.po.store import PoStore
    from review_tool.workspace import open_workspace

    ws = open_workspace(args.workspace, for_path=args.po)
    path = Path(args.po)
    store = PoStore.load(path)
    index = _index(store, args)
    entry = store.entries[index]
    # Only what is reported there can be waived (a typo in a rule id must not pass silently).
    reported = {
        item.finding.rule
        for item in check_po(path, Checker(glossary_for(ws, args.glossary)), None, None, store)
        if item.index == index
    }
    missing = [r for r in args.rule if r not in reported and r not in waived_rules(entry)]
    if missing:
        found = ", ".join(sorted(reported)) or "none"
        raise UsageError(
            f"waive: no {', '.join(missing)} finding on #{index + 1} (its findings: {found})"
        )
    store.update(index, with_waiver(entry, args.rule))
    store.save(last_translator=ws.translator())
    print(f"waived {', '.join(args.rule)} on #{index + 1} in {path} (until its text changes)")
    return 0
