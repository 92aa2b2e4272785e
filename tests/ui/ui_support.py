"""What the UI tests share besides fixtures (a module of its own: ``from conftest import``
breaks when another test folder's conftest was imported first)."""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable, Coroutine

from testkit import REPO as REPO  # re-exported for tests that import it from here
from testkit import SAMPLE_NAME
from textual.app import App
from textual.widgets import TextArea

from review_tool.documents.candidates import Translator

SAMPLE = SAMPLE_NAME

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


def screen_text(app: object) -> list[str]:
    """The screen as the user sees it, one string per row (the compositor's strips)."""
    strips = app.screen._compositor.render_strips()  # type: ignore[attr-defined]
    return ["".join(segment.text for segment in strip) for strip in strips]


def status(app: App[None]) -> str:
    """The status line as the user reads it."""
    return str(app.query_one("#status").render())


def editor(app: App[None]) -> TextArea:
    """The translation editor."""
    return app.query_one("#editor", TextArea)


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
