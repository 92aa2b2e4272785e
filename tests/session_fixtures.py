"""Fixtures for the review session and the screen (tests/review, tests/tui, whose conftest.py
import them from here): a throw-away workspace holding a copy of the sample article and the
SCO glossary, sessions on it, and fake MT engines (never the network)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from testkit import REPO
from ui_support import CATALOG, SAMPLE, FakeTranslator

from review_tool.core.checks.checker import Checker
from review_tool.core.glossary import load as load_glossary
from review_tool.review.session import ReviewSession
from review_tool.workspace import Workspace, open_workspace


@pytest.fixture(autouse=True)
def _translator_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEW_TOOL_TRANSLATOR", "Test Reviewer <test@example.org>")


@pytest.fixture(scope="session")
def checker() -> Checker:
    return Checker(load_glossary([REPO / "glossary"]))


@pytest.fixture
def ws(workspace: Path) -> Workspace:
    """The shared ``workspace`` folder, opened."""
    return open_workspace(workspace)


@pytest.fixture
def doc(ws: Workspace) -> Path:
    return ws.root / "corpus" / SAMPLE


@pytest.fixture
def session(ws: Workspace, doc: Path, checker: Checker) -> ReviewSession:
    return ReviewSession.open(doc, ws, checker)


@pytest.fixture
def catalog(ws: Workspace) -> Path:
    path = ws.locales_dir / "fr" / "LC_MESSAGES" / "demo.po"
    path.parent.mkdir(parents=True)
    path.write_text(CATALOG, encoding="utf-8")
    return path


@pytest.fixture
def catalog_session(ws: Workspace, catalog: Path, checker: Checker) -> ReviewSession:
    return ReviewSession.open(catalog, ws, checker)


@pytest.fixture
def fake_engine() -> Iterator[FakeTranslator]:
    yield FakeTranslator()
