"""The PO header: reading and editing its fields, its date stamps, its declared charset.

Why a module of its own: the header is one msgstr of ``Name: value`` lines that the store
reads on every load, edits on a save (revision date, translator, generator), compares when
two writers merge (the later PO-Revision-Date wins) and checks against the charset the file
was decoded in.  These helpers are text in, text out; the store keeps only the bookkeeping.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from review_tool.errors import InputError
from review_tool.po.charset import charset_mismatch

__all__ = ["charset_problem", "edit_header_text", "now", "parse_header", "revision_time"]


def revision_time(value: str) -> datetime:
    """A PO-Revision-Date as a moment (``YYYY-MM-DD HH:MM+ZZZZ``); unreadable: the earliest."""
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M%z")
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)


def now() -> str:
    return time.strftime("%Y-%m-%d %H:%M%z")


def parse_header(msgstr: str) -> dict[str, str]:
    header: dict[str, str] = {}
    for line in msgstr.split("\n"):
        name, colon, value = line.partition(":")
        if colon and name.strip():
            header[name.strip()] = value.strip()
    return header


def edit_header_text(msgstr: str, changes: dict[str, str | None]) -> str:
    """Apply field changes line by line, keeping every other line as it was."""
    lines = msgstr.split("\n")
    trailing = lines and lines[-1] == ""
    if trailing:
        lines.pop()
    done: set[str] = set()
    out: list[str] = []
    for line in lines:
        name = line.partition(":")[0].strip()
        if ":" in line and name in changes:
            if name in done:
                continue
            done.add(name)
            value = changes[name]
            if value is not None:
                out.append(f"{name}: {value}")
            continue
        out.append(line)
    for name, value in changes.items():
        if name not in done and value is not None:
            out.append(f"{name}: {value}")
    return "".join(line + "\n" for line in out)


def charset_problem(
    path: Path, header: dict[str, str], data: bytes, start: int, charset: str | None
) -> InputError | None:
    """The error for a header (at ``data[start:]``) declaring another charset than ``charset``
    (the one the file was read in)."""
    problem = charset_mismatch(header.get("Content-Type", ""), charset)
    if problem is None:
        return None
    at = data.find(b"Content-Type", start)
    return InputError(path, data.count(b"\n", 0, at if at >= 0 else start) + 1, problem)
