"""A large PO file opens on its first screen and is read to its end behind it: the first
segments and the progress show at once, the counts once the file is read; whatever needs every
segment (counts, search, overview) or writes waits for the rest, and a file broken near its
end still ends the review with its one-line error (the command exits 2) before anything is
written.  The sizes are made small here so that small files behave as a 100 000-entry one."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from testkit import CONTENT_TYPE, ENCODING, MIME, PLURAL_FORMS, po_header
from textual.pilot import Pilot
from ui_support import run_async, status

from review_tool.core.checks.checker import Checker
from review_tool.errors import InputError
from review_tool.po.store import PoStore
from review_tool.review import session as review_session
from review_tool.review.session import ReviewSession
from review_tool.tui.app import ReviewApp, create_app
from review_tool.workspace import Workspace

ENTRIES = 120
HEADER = po_header(
    "Language: en",
    MIME,
    CONTENT_TYPE,
    ENCODING,
    PLURAL_FORMS,
    "X-Source-Language: en",
)


def po_text(approved: int = 0, entries: int = ENTRIES) -> str:
    """Paragraphs the way an import writes them; the first ``approved`` ones approved."""
    out = [HEADER]
    for i in range(entries):
        text = f"Paragraph {i + 1} of the report, long enough to be wrapped by the writer of"
        text += " the catalog into several lines, as real paragraphs are."
        fuzzy = "" if i < approved else "#, fuzzy\n"
        quoted = '""\n"' + text[:60] + '"\n"' + text[60:] + '"'
        out.append(f'\n#: doc.txt:{i + 1}\n{fuzzy}msgctxt "p-{i:04d}"\nmsgid {quoted}\n')
        out.append(f"msgstr {quoted}\n")
    return "".join(out)


@pytest.fixture(autouse=True)
def _small_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read 2 kB before the first screen, 5 rows past the current one, 2 kB a step."""
    monkeypatch.setattr(review_session, "FIRST_BYTES", 2048)
    monkeypatch.setattr(review_session, "FIRST_ROWS", 5)
    monkeypatch.setattr(review_session, "READ_STEP", 2048)


@pytest.fixture
def big_po(ws: Workspace) -> Path:
    path = ws.locales_dir / "en" / "LC_MESSAGES" / "report.po"
    path.parent.mkdir(parents=True)
    path.write_text(po_text(), encoding="utf-8")
    return path


def opened(path: Path, ws: Workspace, checker: Checker) -> ReviewSession:
    return ReviewSession.open(path, ws, checker)


def test_a_large_po_opens_on_its_first_segments(
    big_po: Path, ws: Workspace, checker: Checker
) -> None:
    session = opened(big_po, ws, checker)
    assert session.reading and 0 < len(session) < ENTRIES
    assert 0 < session.read_fraction < 1
    assert session.current == 0 and session.segment(0).source.startswith("Paragraph 1 of")
    assert session.draft() == session.segment(0).target
    seen = len(session)
    while not session.read_more():
        assert len(session) >= seen
        seen = len(session)
    assert not session.reading and len(session) == ENTRIES and session.read_fraction == 1
    assert session.store.entries == PoStore.load(big_po).entries
    assert session.counts().fuzzy == ENTRIES


def test_counts_search_and_writes_wait_for_the_rest(
    big_po: Path, ws: Workspace, checker: Checker
) -> None:
    session = opened(big_po, ws, checker)
    assert session.reading
    assert session.counts().total == ENTRIES and not session.reading
    session = opened(big_po, ws, checker)
    assert session.search(f"Paragraph {ENTRIES} of") == ENTRIES - 1
    session = opened(big_po, ws, checker)
    assert session.reading
    assert session.approve("Approved while reading.", 1).wait(10)
    assert PoStore.load(big_po).entries[1].msgstr == "Approved while reading."
    assert session.counts().approved == 1 and len(session) == ENTRIES


def test_the_first_segment_to_review_is_read_before_the_screen(
    ws: Workspace, checker: Checker
) -> None:
    path = ws.locales_dir / "en" / "LC_MESSAGES" / "half.po"
    path.parent.mkdir(parents=True)
    path.write_text(po_text(approved=90), encoding="utf-8")
    session = opened(path, ws, checker)
    assert session.current == 90 and len(session) >= 96
    assert session.segment(90).state == "fuzzy"


def broken_at_the_end(path: Path) -> InputError:
    text = po_text()
    path.write_text(text[: text.rindex("msgstr ")] + 'msgstr[3] "x"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        PoStore.load(path)
    return caught.value


def test_a_po_broken_at_its_end_fails_as_loading_it_does(
    big_po: Path, ws: Workspace, checker: Checker
) -> None:
    error = broken_at_the_end(big_po)
    before = big_po.read_bytes()
    session = opened(big_po, ws, checker)
    assert session.reading and len(session) > 0
    with pytest.raises(InputError) as caught:
        while not session.read_more():
            pass
    assert caught.value.one_line() == error.one_line()
    with pytest.raises(InputError):  # and nothing can be written
        session.approve("Not to be saved.", 0)
    assert big_po.read_bytes() == before


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Hold the screen's reader until the test opens the gate."""
    opened_gate = threading.Event()
    read_more = ReviewSession.read_more

    def gated(self: ReviewSession, size: int | None = None) -> bool:
        opened_gate.wait(10)
        return read_more(self) if size is None else read_more(self, size)

    monkeypatch.setattr(ReviewSession, "read_more", gated)
    yield opened_gate
    opened_gate.set()


async def read_to_the_end(app: ReviewApp, pilot: Pilot[None]) -> None:
    deadline = time.monotonic() + 10
    while app.session.reading or "reading" in status(app):
        assert time.monotonic() < deadline, status(app)
        await pilot.pause(0.02)


@run_async
async def test_the_screen_reads_the_rest_behind_the_first_screen(
    big_po: Path, ws: Workspace, checker: Checker, gate: threading.Event
) -> None:
    session = opened(big_po, ws, checker)
    app = create_app(session, scan=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        first = len(session)
        assert first < ENTRIES and "reading" in status(app) and "✓" not in status(app)
        assert f"{first} segments so far" in status(app)
        assert "Paragraph 1 of" in str(app.segments.render_line(0))
        await pilot.press("j")
        assert session.current == 1
        gate.set()
        await read_to_the_end(app, pilot)
        assert f"✓ 0/{ENTRIES}" in status(app) and "#2" in status(app)
        assert app.segments._count == ENTRIES


@run_async
async def test_approve_while_the_screen_reads_waits_and_is_saved(
    big_po: Path, ws: Workspace, checker: Checker, gate: threading.Event
) -> None:
    session = opened(big_po, ws, checker)
    app = create_app(session, scan=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "reading" in status(app)
        await pilot.press("a")
        assert f"✓ 1/{ENTRIES}" in status(app)
        assert session.flush(10) and PoStore.load(big_po).entries[0].approved
        await pilot.pause()
        assert "saved" in status(app)
        gate.set()
        await read_to_the_end(app, pilot)
        assert f"✓ 1/{ENTRIES}" in status(app)


@run_async
async def test_a_po_broken_at_its_end_ends_the_review_with_its_error(
    big_po: Path, ws: Workspace, checker: Checker
) -> None:
    error = broken_at_the_end(big_po)
    session = opened(big_po, ws, checker)
    app = create_app(session, scan=False)
    async with app.run_test(size=(100, 30)) as pilot:
        deadline = time.monotonic() + 10
        while app.is_running and app.read_error is None:
            assert time.monotonic() < deadline
            await pilot.pause(0.02)
    assert app.read_error is not None and app.read_error.one_line() == error.one_line()
    assert app.return_code == 2
