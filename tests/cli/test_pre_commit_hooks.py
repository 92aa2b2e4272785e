"""The pre-commit hooks as pre-commit runs them: the manifest validates with pre-commit's own
loader, and each hook's entry, given the files its pattern selects, passes clean files and fails
on defects."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from testkit import REPO

CLI = Path(sys.executable).with_name("review-tool")


def hooks() -> dict[str, dict[str, object]]:
    clientlib = pytest.importorskip("pre_commit.clientlib")
    return {h["id"]: h for h in clientlib.load_manifest(str(REPO / ".pre-commit-hooks.yaml"))}


def run_hook(hook: dict[str, object], files: list[Path], cwd: Path) -> subprocess.CompletedProcess:
    """What pre-commit does for a python hook: the entry, its args, then the matching files."""
    pattern = re.compile(str(hook["files"]))
    chosen = [str(f.relative_to(cwd)) for f in files if pattern.search(f.name)]
    argv = shlex.split(str(hook["entry"])) + list(hook["args"]) + chosen  # type: ignore[call-overload]
    assert argv[0] == "review-tool"
    return subprocess.run(
        [str(CLI), *argv[1:]], cwd=cwd, capture_output=True, text=True, timeout=120
    )


PO = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n'
    'msgid "The summit"\nmsgstr "{}"\n'
)


def test_manifest_has_both_hooks() -> None:
    found = hooks()
    assert set(found) == {"review-tool-check", "review-tool-glossary"}
    assert all(h["language"] == "python" for h in found.values())


def test_check_hook_passes_clean_catalogs_and_fails_on_errors(workspace: Path) -> None:
    hook = hooks()["review-tool-check"]
    clean = workspace / "clean.po"
    clean.write_text(PO.format("The SCO summit"), encoding="utf-8")
    broken = workspace / "broken.po"
    broken.write_text(PO.format("The OCS summit"), encoding="utf-8")
    notes = workspace / "notes.txt"
    notes.write_text("The OCS summit\n", encoding="utf-8")  # not selected by the hook
    ok = run_hook(hook, [clean, notes], workspace)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = run_hook(hook, [clean, broken, notes], workspace)
    assert bad.returncode == 1
    assert "broken.po" in bad.stdout and "term.forbidden" in bad.stdout


def test_glossary_hook_fails_on_a_conflicting_glossary(workspace: Path) -> None:
    hook = hooks()["review-tool-glossary"]
    good = workspace / "glossary" / "sco.tsv"
    ok = run_hook(hook, [good], workspace)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = workspace / "glossary" / "extra.tsv"
    shutil.copy(good, bad)  # every term again: duplicates
    failed = run_hook(hook, [good, bad], workspace)
    assert failed.returncode == 1
    assert failed.stdout.strip()
