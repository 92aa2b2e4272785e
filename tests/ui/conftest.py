"""Fixtures for the review model and screen: a throw-away workspace holding a copy of the
sample article and the SCO glossary, sessions on it, and fake MT engines (never the network)."""

from __future__ import annotations

import asyncio
import functools
import shutil
import threading
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path

import pytest

from review_tool.candidates import Translator
from review_tool.checks import Checker
from review_tool.glossary import load as load_glossary
from review_tool.review_session import ReviewSession
from review_tool.workspace import Workspace, open_workspace

REPO = Path(__file__).resolve().parents[2]
SAMPLE = "sco-tianjin-summit-2025.en.txt"

CATALOG = r"""# A real-style catalog: contexts, a plural entry, an obsolete one.
msgid ""
msgstr ""
"Project-Id-Version: demo 1.0\n"
"Language: fr\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\n"
"X-Source-Language: en\n"

#: app.py:1
msgctxt "menu"
msgid "Open the [/prefix] folder"
msgstr "Ouvrir le dossier [/prefix]"

#: app.py:2
#, fuzzy
msgid "The SCO summit"
msgstr "Le sommet de l'OCS"

#: app.py:3
msgid "One file"
msgid_plural "%d files"
msgstr[0] "Un fichier"
msgstr[1] "%d fichiers"

#: app.py:4
msgid "Shanghai Cooperation Organization members"
msgstr ""

#~ msgid "Old text"
#~ msgstr "Vieux texte"
"""


def run_async(fn: Callable[..., Coroutine[object, object, None]]) -> Callable[..., None]:
    """Run an async test with asyncio.run (no pytest-asyncio/anyio plugin in the venv)."""

    @functools.wraps(fn)
    def wrapper(*args: object, **kwargs: object) -> None:
        asyncio.run(fn(*args, **kwargs))

    return wrapper


class FakeTranslator(Translator):
    """A deterministic MT engine: upper-cases nothing, just tags the text."""

    def __init__(self, name: str = "fake", *, gate: threading.Event | None = None) -> None:
        self.name = name
        self.calls = 0
        self.gate = gate

    def translate(self, text: str, source_lang: str, target_lang: str) -> str:
        self.calls += 1
        if self.gate is not None:
            self.gate.wait(5)
        return text.replace("ocs", "SCO").replace("OCS", "SCO")


class BrokenTranslator(Translator):
    name = "broken"

    def translate(self, text: str, source_lang: str, target_lang: str) -> str:
        raise RuntimeError("quota exceeded [/bold]")


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
