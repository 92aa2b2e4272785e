"""The review screen as an editor uses it (issue 15): the key bar, panes that show the whole
text and scroll from the keyboard, a visible editing mode, approve-and-move-on, choosing
which finding to fix, at 80×24 and 120×40."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static
from textual.widgets._toast import Toast
from ui_support import editor, run_async, screen_text, status

from review_tool.documents.waivers import draft_of, notes, waived_rules
from review_tool.po.store import PoStore
from review_tool.review.session import ReviewSession
from review_tool.tui.app import ReviewApp, create_app
from review_tool.tui.keybar import BROWSE_KEYS, KeyBar, key_line
from review_tool.tui.notes import NotesScreen
from review_tool.tui.panels import DiffView, FindingsView, SourceView
from review_tool.tui.screens import (
    ChoiceScreen,
    ConfirmScreen,
    FindingChoiceScreen,
    HelpScreen,
    OverviewScreen,
)

SIZES = [(80, 24), (120, 40)]


def make(session: ReviewSession, *, advance: bool = True) -> ReviewApp:
    session.import_report = None
    return create_app(session, scan=False, debounce=0.02, advance_on_approve=advance)


def on_disk(session: ReviewSession) -> PoStore:
    """The PO file once the background writer has written every change."""
    assert session.flush(10)
    return PoStore.load(session.path)


def bar(app: ReviewApp) -> str:
    return str(app.query_one(KeyBar).render())


def test_key_line_keeps_whole_keys_only() -> None:
    for width in range(10, 200, 7):
        line = key_line(BROWSE_KEYS, width).plain
        assert line.startswith("? Help  q Quit") or width < 16
        assert len(line) <= width
        shown = [f"{k} {w}" for k, w in BROWSE_KEYS if f"{k} {w}" in line]
        # every key shown is whole, and they are a prefix of the list: nothing cut inside
        assert "  ".join(shown) == line.strip()


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@run_async
async def test_help_and_quit_always_on_the_bar_and_work_from_every_pane(
    session: ReviewSession, size: tuple[int, int]
) -> None:
    app = make(session)
    async with app.run_test(size=size) as pilot:
        assert bar(app).startswith("? Help  q Quit")
        assert "palette" not in bar(app)
        await pilot.press("tab", "tab")  # the candidates pane
        assert isinstance(app.focused, OptionList)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        app.query_one("#findings", FindingsView).focus()
        await pilot.press("q")
    assert app.return_code == 0


@run_async
async def test_editing_is_visible_keys_type_and_escape_leaves(session: ReviewSession) -> None:
    app = make(session)
    async with app.run_test(size=(80, 24)) as pilot:
        before = editor(app).text
        chain = []
        for _ in range(5):  # Tab walks the panes in order and reaches the editor last
            await pilot.press("tab")
            chain.append(app.focused.id if app.focused else None)
        assert chain == ["source", "candidates", "diff", "editor", "findings"]
        await pilot.press("shift+tab")
        assert app.focused is editor(app)
        assert bar(app).startswith(" EDITING  Esc Leave editor")
        assert "EDITING" in str(editor(app).border_title)
        await pilot.press("space", "n", "k", "q", "question_mark")
        typed = editor(app).text
        assert " nkq?" in typed and len(typed) == len(before) + 5  # typed, not commands
        assert session.current == 0 and not isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.focused is app.segments and "EDITING" not in bar(app)
        await pilot.press("j")
        assert session.current == 1 and session.draft(0) == typed


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@run_async
async def test_panes_show_the_whole_text_and_scroll_from_the_keyboard(
    session: ReviewSession, size: tuple[int, int]
) -> None:
    app = make(session)
    async with app.run_test(size=size) as pilot:
        await pilot.press("j", "j", "j")  # segment 4: 1 566 characters, 7 findings
        source = app.query_one("#source", SourceView)
        width = source.scrollable_content_region.width
        assert source.virtual_size.height >= 1566 // width  # every line of the paragraph
        assert source.max_scroll_y > 0  # taller than its share of the column: it scrolls
        source.focus()
        await pilot.press("pagedown")
        assert source.scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert source.scroll_y == source.max_scroll_y
        assert "peace and development." in " ".join(screen_text(app))  # its last words
        findings = app.query_one("#findings", FindingsView)
        assert len(findings.findings) == 7
        # wrapped, never cut: the list is taller than one row a finding, and ends with the
        # last suggestion
        assert findings.virtual_size.height > len(findings.findings)
        findings.focus()
        await pilot.press("end")
        findings.scroll_end(animate=False)
        await pilot.pause()
        rows = screen_text(app)
        assert not any("…" in row for row in rows if "qa.hyphen-space" in row)
        if size[1] >= 40:
            assert any("→ in-depth" in row for row in rows)
        # the editor is as tall as its text (up to its share), not a screenful of blank lines
        await pilot.press("escape", "k", "k")  # segment 2: 255 characters
        ed = editor(app)
        assert ed.size.height <= ed.wrapped_document.height + 1


@run_async
async def test_diff_of_an_unchanged_candidate_is_one_line(session: ReviewSession) -> None:
    app = make(session)
    async with app.run_test(size=(80, 24)):
        diff = app.query_one("#diff", DiffView)
        assert "0 change(s)" in str(diff.border_title)
        assert diff.size.height == 1


@run_async
async def test_approve_moves_to_the_next_segment_to_review(session: ReviewSession) -> None:
    for n in range(2, 15):
        session.approve(session.draft(n), n)  # #1, #2 and #16 are left
    app = make(session)
    async with app.run_test(size=(80, 24)) as pilot:
        assert session.current == 0
        await pilot.press("a")
        await pilot.pause()
        assert session.current == 1  # the next not approved
        await pilot.press("1", "a")  # the fix candidate: no error, no question
        await pilot.pause()
        assert session.current == 15
        assert "#16" in status(app)
        await pilot.press("a")
        if isinstance(app.screen, ConfirmScreen):  # errors left: approve anyway
            await pilot.press("y")
        await pilot.pause()
        assert session.current == 15  # all approved: stays, and says so
        assert any("Every segment is approved" in n.message for n in app._notifications)
    assert [e.approved for e in on_disk(session).entries].count(True) == 16


@run_async
async def test_approve_stays_when_the_setting_says_so(session: ReviewSession) -> None:
    app = make(session, advance=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert session.current == 0 and on_disk(session).entries[0].approved


@run_async
async def test_x_asks_which_finding_and_capital_x_applies_all(session: ReviewSession) -> None:
    app = make(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j")  # four findings with a suggestion
        before = editor(app).text
        await pilot.press("x")
        assert isinstance(app.screen, FindingChoiceScreen)
        await pilot.press("escape")
        assert editor(app).text == before  # cancelled: nothing applied
        await pilot.press("x", "4")  # the merged year range
        assert "2024-2025" in editor(app).text and "ocs" in editor(app).text
        await pilot.press("x")
        await pilot.press("down", "enter")  # the second of the three left: "ocs"
        assert "the SCO flag" in editor(app).text and "SCOS" in editor(app).text
        await pilot.press("X")
        text = editor(app).text
        assert "SCOS" not in text and "Meijiang Convention" in text
        await pilot.pause(0.1)
        assert not app.query_one("#findings", FindingsView).findings
        await pilot.press("u")  # one undo takes back the X
        assert "SCOS" in editor(app).text and "the SCO flag" in editor(app).text


@run_async
async def test_capital_u_takes_back_one_fixer_edit_alone(session: ReviewSession) -> None:
    app = make(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j")
        original = editor(app).text
        await pilot.press("U")  # nothing taken yet: says how
        assert any("Take a fix candidate first" in n.message for n in app._notifications)
        await pilot.press("1")  # the fixer's candidate: four edits
        fixed = editor(app).text
        assert "the SCO flag" in fixed and "2024-2025" in fixed
        await pilot.press("U")
        choice = app.screen
        assert isinstance(choice, ChoiceScreen) and len(choice.lines) >= 4
        k = next(i for i, line in enumerate(choice.lines) if "20242025" in line.plain)
        await pilot.press(str(k + 1))
        text = editor(app).text
        assert "20242025" in text and "the SCO flag" in text  # that edit alone went back
        assert text != original
        await pilot.press("u")
        assert editor(app).text == fixed


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@run_async
async def test_overview_says_the_scan_ended_and_toasts_cover_neither_status_nor_findings(
    session: ReviewSession, size: tuple[int, int]
) -> None:
    session.import_report = None
    app = create_app(session, scan=True, debounce=0.02, advance_on_approve=False)
    async with app.run_test(size=size, notifications=True) as pilot:
        for _ in range(200):
            if app.scan_state == "done":
                break
            await pilot.pause(0.05)
        assert app.scan_state == "done"
        await pilot.press("e", "end", "space", "x", "escape", "f")  # a text the scan never saw
        await pilot.pause()
        await pilot.press("o")
        assert isinstance(app.screen, OverviewScreen)
        bars = str(app.screen.query_one("#rule-bars", Static).render())
        assert "scan running" not in bars and "term." in bars
        await pilot.press("escape")
        app.notify("A long notification that takes several lines of the toast " * 3)
        await pilot.pause(0.3)
        assert list(app.screen.query(Toast))
        for name in ("#status", "#findings", "#keys", "#editor", "#source"):
            region = app.query_one(name).region
            for y in range(region.y, region.bottom):
                for x in range(region.x, region.right):
                    widget, _ = app.screen.get_widget_at(x, y)
                    assert not isinstance(widget, Toast), (name, x, y)


@run_async
async def test_notes_and_waivers_from_the_screen(session: ReviewSession) -> None:
    app = make(session, advance=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("j", "c")
        assert isinstance(app.screen, NotesScreen)
        await pilot.press(*"Ask the desk", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NotesScreen)
        assert "note: Ask the desk" in " ".join(screen_text(app))
        await pilot.press("w")  # four findings: pick the year range
        choice = app.screen
        assert isinstance(choice, ChoiceScreen)
        k = next(i for i, line in enumerate(choice.lines) if "qa.range" in line.plain)
        await pilot.press(str(k + 1))
        await pilot.pause()
        title = str(app.query_one("#findings", FindingsView).border_title)
        assert "1 waived" in title
        assert "qa.range" not in [f.rule for f in app.query_one("#findings", FindingsView).findings]
        await pilot.press("e", "end", "space", "escape")  # another text: the waiver lapses
        await pilot.pause(0.1)
        assert "qa.range" in [f.rule for f in app.query_one("#findings", FindingsView).findings]
        await pilot.press("w")  # the editor differs from the PO: a waiver needs its text
        assert any("text in the PO" in n.message for n in app._notifications)
        await pilot.press("q")
    entry = on_disk(session).entries[1]
    assert notes(entry) == ["Ask the desk"]
    # the draft typed after the waiver was written on quit: a new text, the waiver lapsed
    assert entry.msgstr.endswith(" ") and waived_rules(entry) == frozenset()
    assert any(c.startswith("review-tool waive qa.range") for c in entry.translator_comments)


def row_mark(app: ReviewApp, index: int) -> str:
    return app.segments.row_text(index).plain[0]


@run_async
async def test_drafts_are_kept_written_when_leaving_and_restored(session: ReviewSession) -> None:
    app = make(session, advance=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")  # #1 approved
        await pilot.pause()
        approved = on_disk(session).entries[0].msgstr
        await pilot.press("e", "end", *" Draft on approved.", "escape")
        assert row_mark(app, 0) == "✎"
        await pilot.press("j", "e", "end", *" Draft on fuzzy.", "escape", "j")
        saved = on_disk(session).entries
        # the approval stands, the draft beside it; the fuzzy entry holds its draft
        assert saved[0].approved and saved[0].msgstr == approved
        assert draft_of(saved[0]) == approved + " Draft on approved."
        assert saved[1].fuzzy and saved[1].msgstr.endswith(" Draft on fuzzy.")
        assert row_mark(app, 0) == row_mark(app, 1) == "✎"
        await pilot.press("k", "k")  # back on #1: the draft is in the editor again
        assert editor(app).text == approved + " Draft on approved."
        await pilot.press("a")
        await pilot.pause()
        entry = on_disk(session).entries[0]
        assert entry.approved and entry.msgstr.endswith("Draft on approved.")
        assert draft_of(entry) is None and row_mark(app, 0) == "✓"


@run_async
async def test_a_draft_on_an_approved_entry_survives_reopening(
    session: ReviewSession, ws, checker
) -> None:
    session.approve(session.draft(0), 0)
    app = make(session, advance=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "end", *" Later.", "escape", "q")
    again = ReviewSession.open(session.path, ws, checker)
    assert again.draft(0).endswith(" Later.") and again.has_draft(0)
    assert again.entry(0).approved
