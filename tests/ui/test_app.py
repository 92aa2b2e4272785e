"""The review screen driven by Textual's Pilot: every key path that changes the PO on disk is
checked on disk."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from gettext_check import msgfmt_check
from textual.pilot import Pilot
from ui_support import BrokenTranslator, FakeTranslator, editor, run_async, status

from review_tool.core.checks.checker import Checker
from review_tool.po.store import PoStore
from review_tool.review.session import ReviewSession
from review_tool.tui.app import ReviewApp, create_app
from review_tool.tui.panels import CandidatePanel, FindingsView
from review_tool.tui.screens import ConfirmScreen, GlossaryScreen, HelpScreen, OverviewScreen
from review_tool.workspace import Workspace


def make(session: ReviewSession, *, advance: bool = False) -> ReviewApp:
    """The app as the tests drive it (approving stays on the segment unless ``advance``)."""
    return create_app(session, scan=False, debounce=0.02, advance_on_approve=advance)


async def written(app: ReviewApp, pilot: Pilot[None], timeout: float = 10.0) -> None:
    """Wait until the background writer has written every change (and the screen has
    been told)."""
    deadline = time.monotonic() + timeout
    while app.session.save_state == "saving":
        assert time.monotonic() < deadline, "the change was never written into the PO file"
        await pilot.pause(0.02)
    await pilot.pause()


@run_async
async def test_walk_keys_and_mouse(session: ReviewSession) -> None:
    app = make(session)
    async with app.run_test(size=(100, 30)) as pilot:
        assert session.current == 0
        await pilot.press("j", "j", "down")
        assert session.current == 3
        assert editor(app).text == session.segment(3).source
        await pilot.press("k", "up")
        assert session.current == 1
        await pilot.click("#segments", offset=(5, 4))
        await pilot.pause()
        assert session.current == 4
        assert app.segments.cursor == 4


@run_async
async def test_take_candidate_and_approve(session: ReviewSession) -> None:
    app = make(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j")  # segment 2: "the ocs flag", "SCOS 20242025"
        fixed = session.offline_candidates()[0]
        await pilot.press("1")
        assert editor(app).text == fixed.text
        await pilot.press("a")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)  # the fix leaves no error
        entry = PoStore.load(session.path).entries[1]
        assert entry.approved and entry.msgstr == fixed.text
        assert "✓ 1/16" in status(app)
        msgfmt_check(session.path)


@run_async
async def test_edit_type_escape_and_findings_update(session: ReviewSession) -> None:
    app = make(session)
    async with app.run_test(size=(100, 30)) as pilot:
        findings = app.query_one("#findings", FindingsView)
        assert findings.findings == []  # segment 1 is clean
        await pilot.press("e")
        assert app.focused is editor(app)
        await pilot.press("space", "o", "c", "s")
        await pilot.pause(0.1)
        assert editor(app).text.endswith(" ocs")
        assert any(f.rule == "term.forbidden" for f in findings.findings)
        await pilot.press("escape")
        assert app.focused is app.segments
        assert session.draft(0).endswith(" ocs")  # typing became a change of the draft
        await pilot.press("x")  # apply the (first) finding's suggestion
        assert editor(app).text.endswith(" SCO")
        await pilot.pause(0.1)
        assert not any(f.rule == "term.forbidden" for f in findings.findings)
        await pilot.press("u")  # undo the fix
        assert editor(app).text.endswith(" ocs")
        await pilot.press("u")  # undo the typing
        assert editor(app).text == session.segment(0).source


@run_async
async def test_approve_with_errors_asks_first(session: ReviewSession) -> None:
    app = make(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "a")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert not isinstance(app.screen, ConfirmScreen)
        assert PoStore.load(session.path).entries[1].fuzzy
        await pilot.press("a")
        await pilot.click("#no")  # the buttons work with the mouse too
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        assert PoStore.load(session.path).entries[1].fuzzy
        await pilot.press("a")
        await pilot.press("y")
        await pilot.pause()
        assert PoStore.load(session.path).entries[1].approved
        await pilot.press("u")  # undo the approval: the file goes back to fuzzy
        await pilot.pause()
        assert PoStore.load(session.path).entries[1].fuzzy
        msgfmt_check(session.path)


@run_async
async def test_mark_fuzzy(session: ReviewSession) -> None:
    app = make(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "1", "f")
        await pilot.pause()
        entry = PoStore.load(session.path).entries[1]
        assert entry.fuzzy and "SCO flag" in entry.msgstr


@run_async
async def test_jump_to_findings_and_search(session: ReviewSession) -> None:
    app = make(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        assert session.current == 1 and session.findings(1)
        await pilot.press("N")
        assert session.current == 15 and session.findings(15)
        await pilot.press("slash")
        await pilot.press(*"belar")
        await pilot.press("enter")
        await pilot.pause()
        assert "Belarusian" in session.segment(session.current).source
        await pilot.press("slash")  # the last query is offered again
        await pilot.press("ctrl+a", "ctrl+k", "z", "q", "enter")
        await pilot.pause()
        assert "Belarusian" in session.segment(session.current).source


@run_async
async def test_conflict_with_external_change(session: ReviewSession) -> None:
    app = make(session)
    async with app.run_test(size=(100, 30)) as pilot:
        other = PoStore.load(session.path)
        other.update(0, other.entries[0].with_translation("Their text for one.", fuzzy=False))
        other.update(7, other.entries[7].with_translation("Their text for eight.", fuzzy=False))
        other.save(last_translator="Other")
        await pilot.press("e", *" Ours.", "escape", "a")
        await pilot.pause()
        await written(app, pilot)  # the conflict comes up when the file is written
        messages = [n.message for n in app._notifications]
        assert any("Their text for one." in m and "changed on disk" in m for m in messages)
        disk = PoStore.load(session.path)
        assert disk.entries[0].msgstr.endswith(" Ours.") and disk.entries[0].approved
        assert any("Their text for one." in c for c in disk.entries[0].translator_comments)
        assert disk.entries[7].msgstr == "Their text for eight."
        msgfmt_check(session.path)


@run_async
async def test_machine_translation_runs_in_a_worker(
    ws: Workspace, doc: Path, checker: Checker
) -> None:
    gate = threading.Event()
    fake = FakeTranslator(gate=gate)
    session = ReviewSession.open(
        doc,
        ws,
        checker,
        translators=[fake, BrokenTranslator()],
    )
    app = make(session)
    async with app.run_test(size=(100, 30)) as pilot:
        panel = app.query_one("#candidates", CandidatePanel)
        await pilot.pause(0.1)
        names = [getattr(i, "name", getattr(i, "origin", "")) for i in panel.items]
        assert "fake" in names  # still a pending slot: the UI did not wait
        assert any(getattr(i, "error", None) == "quota exceeded [/bold]" for i in panel.items)
        assert "MT: 1 engine(s) working" in status(app)
        await pilot.press("3")  # taking a pending slot only warns
        gate.set()
        for _ in range(50):
            await pilot.pause(0.05)
            if not any(type(i).__name__ == "Slot" for i in panel.items):
                break
        origins = [getattr(i, "origin", None) for i in panel.items]
        assert "fake" in origins
        n = origins.index("fake") + 1
        await pilot.press(str(n))
        assert editor(app).text == panel.items[n - 1].text  # type: ignore[union-attr]


@run_async
async def test_plural_entry_is_edited_one_field_per_form(catalog_session: ReviewSession) -> None:
    app = make(catalog_session)
    async with app.run_test(size=(100, 30)) as pilot:
        assert catalog_session.current == 1
        await pilot.press("j")
        areas = app.form_areas()
        assert editor(app).text == "Un fichier" and [a.text for a in areas] == ["%d fichiers"]
        assert "msgstr[0] · n = 0, 1" in str(editor(app).border_title)
        assert areas[0].border_title == "msgstr[1] · n = 2, 3, 4, 5…"
        await pilot.press("e", "end", "s")  # "Un fichiers": typed into form 0
        await pilot.press("tab", "end", "!", "escape")
        assert app.focused is app.segments
        await pilot.press("a")
        await written(app, pilot)
        entry = PoStore.load(catalog_session.path).entries[2]
        assert entry.msgstr_plural == ("Un fichiers", "%d fichiers!") and entry.approved
        await pilot.press("k", "k", "k")  # "[/prefix]" in the text renders as text, not markup
        assert "[/prefix]" in editor(app).text


@run_async
async def test_screens_open_and_close(session: ReviewSession) -> None:
    app = make(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "g")
        assert isinstance(app.screen, GlossaryScreen)
        await pilot.press("escape", "o")
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("escape")
        assert app.screen is app.screen_stack[0]
        await pilot.press("q")
    assert app.return_code == 0


@run_async
async def test_approval_shows_at_once_and_is_written_in_the_background(
    session: ReviewSession,
) -> None:
    app = make(session)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("j", "1", "a")
        assert "✓ 1/16" in status(app)
        await written(app, pilot)
        assert "saved" in status(app)
        entry = PoStore.load(session.path).entries[1]
        assert entry.approved and "SCO flag" in entry.msgstr
        msgfmt_check(session.path)
        # typing in the editor is not disturbed by a write finishing
        await pilot.press("j", "e", *" more", "escape", "a", "y")  # errors: confirm
        await pilot.press("e", *" typing")
        await written(app, pilot)
        assert editor(app).text.endswith(" more typing")


@run_async
async def test_quit_waits_until_every_change_is_in_the_po_file(session: ReviewSession) -> None:
    app = make(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "1", "a", "j", "f", "q")
    assert app.return_code == 0 and app.quit_error is None
    disk = PoStore.load(session.path)
    assert disk.entries[1].approved and disk.entries[2].fuzzy
    assert disk.entries[2].msgstr == session.segment(2).source
    msgfmt_check(session.path)


@run_async
async def test_an_approval_msgfmt_would_refuse_is_refused_on_the_screen(
    session: ReviewSession,
) -> None:
    app = make(session)
    before = session.path.read_bytes()
    session.set_draft("Ends with a newline\n", 0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        if isinstance(app.screen, ConfirmScreen):  # (qa.whitespace finds it too)
            await pilot.press("y")
            await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("not approved" in m and "newline" in m for m in messages), messages
        assert session.segment(0).state == "fuzzy" and session.save_state == "saved"
    assert session.path.read_bytes() == before


@run_async
async def test_approve_while_another_process_holds_the_lock(session: ReviewSession) -> None:
    import fcntl
    import os

    # long enough that the keys are handled before the writer gives up, even on a loaded
    # machine (0.2 s failed there: the approval was taken back before it was looked at)
    session.lock_timeout = 1.0
    app = make(session)
    async with app.run_test(size=(100, 30)) as pilot:
        held = os.open(session.path.parent, os.O_RDONLY)  # the documented protocol
        try:
            fcntl.flock(held, fcntl.LOCK_EX)
            await pilot.press("j", "1", "a")
            assert session.segment(1).state == "approved"  # shown at once ...
            await written(app, pilot)
            messages = [n.message for n in app._notifications]
            assert any("Not saved" in m and "locked by another process" in m for m in messages)
            assert session.segment(1).state == "fuzzy"  # ... and taken back: not written
            assert "not saved" in status(app)
        finally:
            os.close(held)
        await pilot.press("a")  # the lock is free again
        await written(app, pilot)
        assert session.segment(1).state == "approved"
        assert "saved" in status(app)
        assert PoStore.load(session.path).entries[1].approved
