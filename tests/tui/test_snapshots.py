"""Snapshots of the review screen (pytest-textual-snapshot). Update after a deliberate change
with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and review the SVGs."""

from __future__ import annotations

from typing import Any

import pytest

from review_tool.review.session import ReviewSession
from review_tool.tui.app import ReviewApp, create_app


def prepared(session: ReviewSession, index: int = 1) -> ReviewApp:
    session.import_report = None  # no "imported" toast in the pictures
    session.scan_findings()  # the ! marks, computed before the picture (no worker race)
    session.goto(index)
    return create_app(session, scan=False)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_main_screen(snap_compare: Any, session: ReviewSession, size: tuple[int, int]) -> None:
    assert snap_compare(prepared(session), terminal_size=size)


def test_confirm_approve_with_errors(snap_compare: Any, session: ReviewSession) -> None:
    assert snap_compare(prepared(session), press=["a"], terminal_size=(80, 24))


def test_overview(snap_compare: Any, session: ReviewSession) -> None:
    assert snap_compare(prepared(session), press=["o"], terminal_size=(120, 40))


def test_catalog_with_plural_and_markup_like_text(
    snap_compare: Any, catalog_session: ReviewSession
) -> None:
    assert snap_compare(prepared(catalog_session, 2), terminal_size=(80, 24))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_editing_a_long_paragraph(
    snap_compare: Any, session: ReviewSession, size: tuple[int, int]
) -> None:
    """EDITING on the key bar and the editor's title; the source scrolls, findings wrap."""
    assert snap_compare(prepared(session, 3), press=["e"], terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_choose_which_finding_to_fix(
    snap_compare: Any, session: ReviewSession, size: tuple[int, int]
) -> None:
    assert snap_compare(prepared(session, 1), press=["x"], terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_plural_forms_labelled_with_their_numbers(
    snap_compare: Any, catalog_session: ReviewSession, size: tuple[int, int]
) -> None:
    assert snap_compare(prepared(catalog_session, 2), terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_help(snap_compare: Any, session: ReviewSession, size: tuple[int, int]) -> None:
    assert snap_compare(prepared(session), press=["question_mark"], terminal_size=size)
