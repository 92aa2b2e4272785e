"""``review-tool merge-driver BASE OURS THEIRS [PATH]``: git's merge of a PO file, by entry.

Configured as ``*.po merge=review-tool`` in ``.gitattributes`` and
``git config merge.review-tool.driver "review-tool merge-driver %O %A %B %P"``, git calls it
with the common ancestor (%O), our version (%A, where the result must be left) and theirs
(%B). Line-wise, two editors' approvals of different segments collide on the header's
PO-Revision-Date; by entry they merge: each entry takes the side that changed it, the header
the side revised later. An entry both changed differently keeps our text, made fuzzy, with
theirs beside it as an ``# other version:`` comment — ours stays in place because it is the
text of the branch being merged into (what its editor saw last); fuzzy because nobody has
chosen between the two yet. The file stays one ``msgfmt --check`` accepts, and the exit
status 1 makes git report the conflict so that an editor looks at it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from review_tool.errors import InputError


def register(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser(
        "merge-driver",
        help="git merge driver for PO files (merges by entry; see README: Teams)",
    )
    p.add_argument("base", metavar="BASE", help="the common ancestor (git's %%O)")
    p.add_argument("ours", metavar="OURS", help="our version; the result is written here (%%A)")
    p.add_argument("theirs", metavar="THEIRS", help="their version (%%B)")
    p.add_argument(
        "path", metavar="PATH", nargs="?", help="the file's path in the repository (%%P)"
    )
    p.set_defaults(func=cmd_merge_driver)


def _read(path: str, label: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(path, None, f"cannot read {label}: {exc.strerror}") from None


def cmd_merge_driver(args: argparse.Namespace) -> int:
    from review_tool.po.store import PoStore

    name = args.path or args.ours
    base, theirs = _read(args.base, "the base version"), _read(args.theirs, "their version")
    try:
        conflicts = PoStore.merge_into(args.ours, base, theirs, as_git_merge=True)
    except InputError as exc:
        # git shows our version with the conflict; say which file could not be merged.
        print(f"error: {name}: cannot merge by entry: {exc.one_line()}", file=sys.stderr)
        return 2
    for c in conflicts:
        where = f"msgctxt {c.msgctxt!r}" if c.msgctxt is not None else f"msgid {c.msgid!r}"
        print(
            f"{name}: conflict in {where}: both sides changed it; ours kept as fuzzy, "
            "theirs in an '# other version:' comment",
            file=sys.stderr,
        )
    return 1 if conflicts else 0
