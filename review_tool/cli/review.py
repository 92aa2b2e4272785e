"""``review-tool review PATH``: the interactive review screen.

PATH is a document (imported on the fly into ``locales/<lang>/LC_MESSAGES/<doc>.po``) or a PO
file. Candidates come from the offline engines ``fix`` and ``tm`` by default; machine
translation engines are opt-in with ``--engine NAME`` (repeatable), and ``--offline`` lets
them answer from the cache only.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from review_tool.cli.common import glossary_for, translators_for
from review_tool.documents.candidates import OFFLINE_ORIGINS
from review_tool.errors import UsageError
from review_tool.signals import Terminated


def register(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("review", help="review a document or PO file interactively")
    p.add_argument("path", metavar="PATH", help="a document (.txt/.md) or a PO file")
    p.add_argument(
        "--lang",
        help="target language (default: a document's own language, i.e. a same-language "
        "review; a PO file's Language header)",
    )
    p.add_argument(
        "--source-lang", help="language of the document (default: from its name, doc.<lang>.txt)"
    )
    p.add_argument(
        "--engine",
        action="append",
        metavar="NAME",
        dest="engines",
        help="candidate source, repeatable: fix, tm, or an MT engine "
        "(google, deepl, libre, …); default: fix and tm",
    )
    p.add_argument("--offline", action="store_true", help="MT engines answer from the cache only")
    common(p)
    p.set_defaults(func=cmd_review)


def cmd_review(args: argparse.Namespace) -> int:
    from review_tool.core.checks.checker import Checker
    from review_tool.review.session import ReviewSession
    from review_tool.workspace import open_workspace

    ws = open_workspace(args.workspace, for_path=args.path)
    names = list(dict.fromkeys(args.engines or OFFLINE_ORIGINS))
    translators = translators_for(ws, names, args.offline, "review")
    checker = Checker(glossary_for(ws, args.glossary))
    path = Path(args.path)
    if not path.exists():
        raise UsageError(f"review: no such file: {path}")
    session = ReviewSession.open(
        path,
        ws,
        checker,
        lang=args.lang,
        source_lang=args.source_lang,
        translators=translators,
        origins=names,
    )
    if not len(session):
        print(f"{session.display_path}: nothing to review (no entries)", file=sys.stderr)
        return 0
    # The catalog's objects live as long as the screen: keep the garbage collector from
    # walking them again and again (pauses of tens of ms at 100 000 entries).
    gc.freeze()
    from review_tool.tui.app import create_app

    app = create_app(session, advance_on_approve=ws.review_setting("advance_on_approve", True))
    try:
        with _sigterm_quits(app) as terminated:
            app.run()
    finally:
        _write_on_exit(session, app.quit_error)
    c = session.counts()
    print(f"{session.display_path}: {c.approved}/{c.total} approved", file=sys.stderr)
    if terminated:
        raise Terminated()  # after the same writes as a quit: "terminated", status 143
    return 0


@contextmanager
def _sigterm_quits(app: Any) -> Iterator[list[int]]:
    """SIGTERM while the screen runs quits it as ``q`` does (the terminal is restored, the PO
    written); raising inside Textual's event loop would leave the terminal in raw mode.
    The list it yields gets the signal number once that happened."""
    got: list[int] = []

    def handler(signum: int, frame: FrameType | None) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not drawing yet, or done: an interrupt as anywhere else
            raise Terminated() from None
        if not got:
            got.append(signum)
            loop.call_soon_threadsafe(app.exit)

    if threading.current_thread() is not threading.main_thread():
        yield got  # signals reach the main thread only
        return
    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield got
    finally:
        signal.signal(signal.SIGTERM, previous)


def _write_on_exit(session: Any, error: str | None) -> None:
    """The PO file must hold every approval when we exit; say so when it could not."""
    session.flush()
    if error is None and session.save_state == "error":
        error = session.save_error
    if error is not None:
        print(
            f"warning: {session.display_path}: the last change was not saved: {error}",
            file=sys.stderr,
        )
