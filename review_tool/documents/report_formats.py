"""``check`` reports for the places reviewers already look: SARIF 2.1.0 and GitHub workflow
commands.

SARIF is what GitHub code scanning, Azure DevOps and IDE viewers read: one ``run`` whose
``tool.driver.rules`` describe every rule (from the rule list, with its help text) and one
``result`` per finding, located by file URI relative to ``%SRCROOT%`` and a 1-based region
counted in Unicode code points (the columns ``check`` prints).  GitHub's workflow commands
(``::error file=…::message``) put the same findings inline on a pull request's diff without
any upload step.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from review_tool import __version__
from review_tool.documents.check_runner import Located

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What a report says of a rule: its id, default severity and one-line help."""

    id: str
    severity: str
    doc: str


_LEVELS = {"error": "error", "warning": "warning"}


def _level(severity: str) -> str:
    return _LEVELS.get(severity, "note")


def _uri(path: str, root: Path) -> tuple[str, str | None]:
    """The file's URI: relative to ``root`` (as ``%SRCROOT%``) when it is below it, else an
    absolute ``file://`` URI. Path separators are ``/`` and unsafe characters percent-encoded."""
    p = Path(path)
    absolute = p if p.is_absolute() else Path.cwd() / p
    try:
        rel = absolute.resolve().relative_to(root.resolve())
    except ValueError:
        return absolute.resolve().as_uri(), None
    from urllib.parse import quote

    return quote(rel.as_posix()), "%SRCROOT%"


def _region(item: Located) -> dict[str, int]:
    region = {"startLine": item.line, "startColumn": item.column}
    if item.end_line:
        region["endLine"] = item.end_line
        region["endColumn"] = item.end_column
    return region


def _fix(item: Located, location: dict[str, object]) -> list[dict[str, object]]:
    """A SARIF fix where the suggestion can be written into the file as it is: a region on one
    line, and no character the file would escape (PO strings escape quotes, backslashes and
    control characters), so replacing the region with the text gives the fixed file."""
    f = item.finding
    if f.suggestion is None or not item.end_line or item.end_line != item.line:
        return []
    if any(c in f.suggestion or c in f.text for c in '\\"\n\t\r'):
        return []
    return [
        {
            "description": {"text": f"Replace with “{f.suggestion}”"},
            "artifactChanges": [
                {
                    "artifactLocation": location,
                    "replacements": [
                        {
                            "deletedRegion": _region(item),
                            "insertedContent": {"text": f.suggestion},
                        }
                    ],
                }
            ],
        }
    ]


def sarif_log(
    items: Sequence[Located],
    rules: Iterable[RuleInfo],
    root: Path,
    waived: Sequence[Located] = (),
) -> dict[str, object]:
    """The SARIF 2.1.0 log of one ``check`` run. ``waived`` findings are reported with a
    ``suppressions`` entry (in-source waivers), so viewers can show or hide them."""
    rule_list = sorted(rules, key=lambda r: r.id)
    ids = {r.id for r in rule_list}
    for item in [*items, *waived]:  # a rule the list does not know still needs a descriptor
        if item.finding.rule not in ids:
            ids.add(item.finding.rule)
            rule_list.append(RuleInfo(item.finding.rule, item.finding.severity, ""))
    index = {r.id: n for n, r in enumerate(rule_list)}
    descriptors = []
    for r in rule_list:
        d: dict[str, object] = {
            "id": r.id,
            "name": r.id,
            "defaultConfiguration": {"level": _level(r.severity)},
        }
        if r.doc:
            d["shortDescription"] = {"text": r.doc}
            d["help"] = {"text": r.doc}
        descriptors.append(d)
    results: list[dict[str, object]] = []
    for item, is_waived in [*((i, False) for i in items), *((i, True) for i in waived)]:
        f = item.finding
        uri, base = _uri(item.path, root)
        artifact: dict[str, object] = {"uri": uri}
        if base is not None:
            artifact["uriBaseId"] = base
        result: dict[str, object] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": _level(f.severity),
            "message": {"text": f.message},
            "locations": [
                {"physicalLocation": {"artifactLocation": artifact, "region": _region(item)}}
            ],
            "properties": {"segment": item.segment, "index": item.index},
        }
        fixes = _fix(item, artifact)
        if fixes:
            result["fixes"] = fixes
        if is_waived:
            result["suppressions"] = [{"kind": "inSource", "justification": "waived"}]
        results.append(result)
    root_uri = root.resolve().as_uri() + "/"
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "review-tool",
                        "version": __version__,
                        "rules": descriptors,
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def write_sarif(
    out: TextIO,
    items: Sequence[Located],
    rules: Iterable[RuleInfo],
    root: Path,
    waived: Sequence[Located] = (),
) -> None:
    json.dump(sarif_log(items, rules, root, waived), out, ensure_ascii=False, indent=1)
    out.write("\n")


def _escape_data(text: str) -> str:
    # The workflow-command format (actions/toolkit core/src/command.ts: escapeData).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    # escapeProperty: the data escapes plus ':' and ',' which separate properties.
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(item: Located) -> str:
    """One ``::error``/``::warning`` workflow command: GitHub shows it on the line of the pull
    request's diff (``file`` relative to the repository root, as checks run from it)."""
    f = item.finding
    level = "error" if f.severity == "error" else "warning"
    props = [
        f"file={_escape_property(os.path.normpath(item.path))}",
        f"line={item.line}",
        f"col={item.column}",
    ]
    if item.end_line == item.line and item.end_column:
        props.append(f"endColumn={item.end_column}")
    elif item.end_line:
        props.append(f"endLine={item.end_line}")
    props.append(f"title={_escape_property(f.rule)}")
    message = f.message if f.suggestion is None else f"{f.message} [{f.suggestion}]"
    return f"::{level} {','.join(props)}::{_escape_data(message)}"
