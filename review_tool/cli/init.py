"""``review-tool init [DIR]``: make a folder a workspace, as ``git init`` makes a repository.

It creates what a new project needs and nothing it does not: ``glossary/`` with a commented
example TSV, ``locales/`` (where reviewed PO files go), a commented ``review-tool.toml`` and
a ``.gitignore`` for the cache and the export folder. Files already there are kept as they
are (init is safe to run twice); what was created is listed on stdout.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from review_tool.errors import InputError
from review_tool.po.atomic_io import atomic_write_text
from review_tool.workspace import CONFIG_NAME

EXAMPLE_GLOSSARY = """\
# Glossary of this workspace: every .tsv (or .tbx) file in glossary/ is loaded by
# check, suggest and review. One row per term, tab-separated; '#' starts a comment.
# Columns: concept, lang, term, status (preferred | admitted | forbidden), note.
# Notes may carry two directives for the fixer: "article=the" (the term takes the
# article when it replaces a bare forbidden form) and "use=TEXT" (on a forbidden term:
# replace it with TEXT). Remove the '# ' before the example rows to try them:
concept\tlang\tterm\tstatus\tnote
# who\ten\tWorld Health Organization\tpreferred\t
# who\ten\tWHO\tadmitted\tabbreviation
# who\tfr\tOrganisation mondiale de la santé\tpreferred\t
# who\tfr\tOMS\tadmitted\t
# who\ten\tOMS\tforbidden\tFrench abbreviation leaking into English; use=WHO
"""

EXAMPLE_CONFIG = """\
# review-tool settings for this workspace (every line is optional).

# Who you are in the PO header's Last-Translator. Without this, review-tool uses
# $REVIEW_TOOL_TRANSLATOR, else git's user.name and user.email, else your login name.
# [user]
# name = "Ada Lovelace"
# email = "ada@example.org"

# The review screen: approving moves on to the next segment to review (true), or stays.
# [review]
# advance_on_approve = true

# Machine translation engines (opt-in: review-tool suggest/review --engine NAME).
# Keys are better kept in the environment (REVIEW_TOOL_DEEPL_API_KEY, …) than here.
# [engines.libre]
# url = "http://localhost:5000/"
# timeout = 15
"""

GITIGNORE = """\
# review-tool: the machine-translation cache and parse snapshots, and exports
.review_tool/
dist/
# lock files beside PO files while a write is under way
.*.lock
"""


def register(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser(
        "init",
        help="make a folder a workspace: glossary/, locales/, review-tool.toml, .gitignore",
    )
    p.add_argument("dir", nargs="?", default=".", metavar="DIR", help="default: this folder")
    p.set_defaults(func=cmd_init)


def cmd_init(args: argparse.Namespace) -> int:
    root = Path(args.dir)
    if root.exists() and not root.is_dir():
        raise InputError(root, None, "not a folder")
    created = init_workspace(root)
    for path in created:
        print(f"created {path}")
    merge = install_merge_driver(root)
    if merge:
        print(merge)
    if not created:
        print(f"{root} is already a workspace: nothing changed", file=sys.stderr)
    else:
        print(
            f"workspace ready in {root}: put glossaries in glossary/, then "
            f"'review-tool review DOC' or 'review-tool check DOC'",
            file=sys.stderr,
        )
    return 0


MERGE_ATTRIBUTE = "*.po merge=review-tool"


def install_merge_driver(root: Path) -> str | None:
    """In a git repository: ``*.po merge=review-tool`` in the workspace's .gitattributes and the
    driver in the repository's config, naming this interpreter (``"<python>" -m review_tool``)
    so the driver runs without an activated venv. Returns what was done, or None (no git)."""
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None:
        return None
    inside = subprocess.run(
        [git, "rev-parse", "--is-inside-work-tree"], cwd=root, capture_output=True, text=True
    )
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return None
    attributes = root / ".gitattributes"
    try:
        text = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
        if MERGE_ATTRIBUTE not in text.splitlines():
            sep = "" if not text or text.endswith("\n") else "\n"
            atomic_write_text(attributes, f"{text}{sep}{MERGE_ATTRIBUTE}\n")
    except OSError as exc:
        raise InputError(exc.filename or attributes, None, exc.strerror or str(exc)) from None
    driver = f'"{sys.executable}" -m review_tool merge-driver %O %A %B %P'
    subprocess.run(
        [git, "config", "merge.review-tool.name", "review-tool: merge PO files by entry"],
        cwd=root,
        check=False,
    )
    done = subprocess.run(
        [git, "config", "merge.review-tool.driver", driver], cwd=root, capture_output=True
    )
    if done.returncode != 0:
        raise InputError(root, None, "git config merge.review-tool.driver failed")
    return f"git merge driver set: {MERGE_ATTRIBUTE} in {attributes}, merge.review-tool.driver"


def init_workspace(root: Path) -> list[Path]:
    """Create what is missing of a workspace in ``root``; returns what was created."""
    created: list[Path] = []
    try:
        for folder in (root, root / "glossary", root / "locales"):
            if not folder.is_dir():
                folder.mkdir(parents=True)
                if folder != root:
                    created.append(folder)
        files = {
            root / "glossary" / "example.tsv": EXAMPLE_GLOSSARY,
            root / CONFIG_NAME: EXAMPLE_CONFIG,
            root / ".gitignore": GITIGNORE,
        }
        for path, text in files.items():
            if path.exists():
                continue
            atomic_write_text(path, text)
            created.append(path)
    except OSError as exc:
        raise InputError(exc.filename or root, None, exc.strerror or str(exc)) from None
    return created
