"""What every command module shares: the common options, the glossary and the machine
translators a command works with, and the warnings printed on stderr.

Command modules (``cli_check``, ``cli_po``, ``cli_suggest``, ``cli_review``, ``cli_export``)
import from here, never from ``cli`` itself: ``cli`` only builds the parser from their
``register`` functions and dispatches, so the command line has no import cycle.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from review_tool.core.glossary import Glossary
from review_tool.core.glossary import load as load_glossary
from review_tool.documents.candidates import OFFLINE_ORIGINS
from review_tool.errors import UsageError
from review_tool.workspace import Workspace

if TYPE_CHECKING:
    from review_tool.po.store import Conflict


def add_common_options(p: argparse.ArgumentParser) -> None:
    """``--workspace`` and ``--glossary``, which every command takes."""
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


def warn(message: str) -> None:
    """A diagnostic that does not stop the command: one ``warning:`` line on stderr."""
    print(f"warning: {message}", file=sys.stderr)


def glossary_for(ws: Workspace, given: list[str] | None) -> Glossary:
    """The glossaries named by ``--glossary``, else every file in the workspace's glossary/;
    what the loader tolerated (duplicates and the like) is printed as warnings."""
    paths: list[str | Path] = list(given) if given else list(ws.default_glossaries())
    glossary = load_glossary(paths)
    for warning in glossary.warnings:
        warn(warning)
    return glossary


def translators_for(ws: Workspace, names: list[str], offline: bool, command: str) -> list[Any]:
    """Machine translators for the engine names among ``names`` (fix and tm are not engines)."""
    engines = [n for n in names if n not in OFFLINE_ORIGINS]
    if not engines:
        return []
    from review_tool.mt.cache import MTCache
    from review_tool.mt.engines import ENGINE_NAMES, MachineTranslator, MTError, engine_config

    unknown = [n for n in engines if n not in ENGINE_NAMES]
    if unknown:
        raise UsageError(
            f"{command}: unknown engine(s) {', '.join(unknown)}; choose from "
            + ", ".join((*OFFLINE_ORIGINS, *ENGINE_NAMES))
        )
    cache = MTCache(ws.cache_path)
    out = []
    for name in engines:
        try:
            config = engine_config(name, ws.engines_table())
            out.append(MachineTranslator(config, cache, offline=offline))
        except MTError as exc:
            raise UsageError(f"{command}: {exc}") from None
    return out


def warn_conflicts(path: Path, conflicts: Iterable[Conflict]) -> None:
    """One stderr line per segment someone else changed while we approved it."""
    for conflict in conflicts:
        theirs = conflict.theirs
        their_text = " | ".join(theirs.forms) if theirs is not None else "(entry removed)"
        warn(
            f"{path}: segment {conflict.msgctxt or conflict.index} was changed by "
            f"someone else meanwhile; yours is saved and theirs is kept as a comment: "
            f"{their_text!r}"
        )
