"""Fixtures for the review model and screen: a throw-away workspace holding a copy of the
sample article and the SCO glossary, sessions on it, and fake MT engines (never the network)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from ui_support import CATALOG, REPO, SAMPLE, FakeTranslator

from review_tool.checks import Checker
from review_tool.glossary import load as load_glossary
from review_tool.review_session import ReviewSession
from review_tool.workspace import Workspace, open_workspace


@pytest.fixture(autouse=True)
def _translator_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEW_TOOL_TRANSLATOR", "Test Reviewer <test@example.org>")


@pytest.fixture(scope="session")
def checker() -> Checker:
    return Checker(load_glossary([REPO / "glossary"]))


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    (root / "corpus").mkdir(parents=True)
    shutil.copy(REPO / "corpus" / SAMPLE, root / "corpus" / SAMPLE)
    shutil.copytree(REPO / "glossary", root / "glossary")
    return open_workspace(root)


@pytest.fixture
def doc(workspace: Workspace) -> Path:
    return workspace.root / "corpus" / SAMPLE


@pytest.fixture
def session(workspace: Workspace, doc: Path, checker: Checker) -> ReviewSession:
    return ReviewSession.open(doc, workspace, checker)


@pytest.fixture
def catalog(workspace: Workspace) -> Path:
    path = workspace.locales_dir / "fr" / "LC_MESSAGES" / "demo.po"
    path.parent.mkdir(parents=True)
    path.write_text(CATALOG, encoding="utf-8")
    return path


@pytest.fixture
def catalog_session(workspace: Workspace, catalog: Path, checker: Checker) -> ReviewSession:
    return ReviewSession.open(catalog, workspace, checker)


@pytest.fixture
def fake_engine() -> Iterator[FakeTranslator]:
    yield FakeTranslator()
