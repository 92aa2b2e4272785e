"""The UI-free core must not pull in Textual: ``review-tool check`` and the library API start
fast and work without a terminal UI. Each import runs in a fresh interpreter."""

from __future__ import annotations

import importlib.util
import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from testkit import REPO

# Modules this test names: a rename must fail here (and be followed), not be skipped.
NAMED = ["core.checks.checker", "core.fixer", "core.glossary", "cli.main", "po.store"]
NAMED += ["documents.importer", "mt.engines", "documents.candidates", "documents.tm"]
NAMED += ["review.session"]


def core_modules() -> list[str]:
    """Every module of the package but the review screen and the command line."""
    import review_tool

    found = [
        m.name.removeprefix("review_tool.")
        for m in pkgutil.walk_packages(review_tool.__path__, "review_tool.")
    ]
    return sorted(
        n for n in found if not n.startswith(("tui", "cli", "__")) and not n.endswith("__main__")
    )


def textual_modules_after(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter; return the textual modules it loaded."""
    script = textwrap.dedent(code) + textwrap.dedent(
        """
        import sys
        loaded = [m for m in sys.modules if m == "textual" or m.startswith("textual.")]
        print("\\n".join(sorted(loaded)))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


@pytest.mark.parametrize("name", NAMED)
def test_named_module_exists(name: str) -> None:
    assert importlib.util.find_spec(f"review_tool.{name}") is not None, (
        f"review_tool.{name} is gone: renamed? update NAMED"
    )


@pytest.mark.parametrize("name", NAMED)
def test_core_module_does_not_import_textual(name: str) -> None:
    assert textual_modules_after(f"import review_tool.{name}") == []


def test_all_core_modules_together_do_not_import_textual() -> None:
    names = core_modules()
    assert {"core.checks.checker", "core.glossary", "po.store"} <= set(names)  # found
    code = "\n".join(f"import review_tool.{n}" for n in names)
    assert textual_modules_after(code) == []


def test_the_layer_contracts_hold() -> None:
    """pyproject.toml's import-linter contracts: the core never imports the screen or the
    command line, the screen never imports PO internals, no import cycles."""
    lint = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run(
        [str(lint) if lint.exists() else "lint-imports"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout


def test_building_the_command_line_parser_does_not_import_textual() -> None:
    # Every sub-command registers itself here; the interactive one must import Textual lazily.
    code = "from review_tool.cli.main import build_parser\nbuild_parser()"
    assert textual_modules_after(code) == []


def test_review_tool_check_does_not_import_textual() -> None:
    corpus = REPO / "corpus" / "sco-tianjin-summit-2025.en.txt"
    code = f"""
        import contextlib, io
        from review_tool.cli.main import main
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            status = main(["check", {str(corpus)!r}, "--workspace", {str(REPO)!r}])
        assert status == 1, status  # the sample has errors
    """
    assert textual_modules_after(code) == []


def test_the_probe_sees_textual_when_it_is_imported() -> None:
    """Control: the check above would notice an import of Textual."""
    if importlib.util.find_spec("textual") is None:
        pytest.skip("textual is not installed")
    assert "textual" in textual_modules_after("import textual.app")
