"""The offline fixer on the sample paragraphs: it removes the fixable findings, touches
nothing outside the spans it edits, is idempotent, records edits that replay exactly, and
``undo_edit`` gives the result without one edit."""

from __future__ import annotations

import difflib
import re

import pytest
from testkit import SAMPLE

from review_tool.core.checks.checker import Checker
from review_tool.core.fixer import FixResult, fix, fixable, undo_edit
from review_tool.core.models import Edit
from review_tool.documents.paragraphs import read_document

SAMPLE_CORPUS = SAMPLE
PARAGRAPHS = [p.text for p in read_document(SAMPLE_CORPUS).paragraphs]
_WORD = re.compile(r"\S+")


def replay(original: str, edits: tuple[Edit, ...]) -> tuple[str, list[bool], list[bool]]:
    """Apply ``edits`` one after the other, checking each one's ``old`` against the text it
    replaces. Returns the text, which characters of the original were replaced, and which
    characters of the result were inserted by an edit."""
    text = original
    origin: list[int | None] = list(range(len(original)))  # result index -> original index
    touched = [False] * len(original)
    for n, edit in enumerate(edits):
        assert 0 <= edit.start <= edit.end <= len(text), (n, edit)
        assert text[edit.start : edit.end] == edit.old, (n, edit, text[edit.start : edit.end])
        for o in origin[edit.start : edit.end]:
            if o is not None:
                touched[o] = True
        text = text[: edit.start] + edit.new + text[edit.end :]
        origin[edit.start : edit.end] = [None] * len(edit.new)
    return text, touched, [o is None for o in origin]


def word_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text)]


def assert_only_edited_spans_changed(original: str, result: FixResult) -> None:
    replayed, touched, inserted = replay(original, result.edits)
    assert replayed == result.text
    old_words = word_spans(original)
    new_words = word_spans(result.text)
    matcher = difflib.SequenceMatcher(
        a=[original[s:e] for s, e in old_words],
        b=[result.text[s:e] for s, e in new_words],
        autojunk=False,
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for s, e in old_words[i1:i2]:
            assert any(touched[s:e]), f"word {original[s:e]!r} changed outside every edit"
        for s, e in new_words[j1:j2]:
            assert any(inserted[s:e]), f"word {result.text[s:e]!r} appeared outside every edit"


@pytest.mark.parametrize("index", range(len(PARAGRAPHS)))
def test_fix_changes_only_the_edited_spans(sample_checker: Checker, index: int) -> None:
    original = PARAGRAPHS[index]
    result = fix(original, "en", sample_checker)
    assert_only_edited_spans_changed(original, result)
    for edit in result.edits:
        assert edit.old != edit.new
        assert edit.rule


@pytest.mark.parametrize("index", range(len(PARAGRAPHS)))
def test_fix_removes_the_fixable_findings(sample_checker: Checker, index: int) -> None:
    result = fix(PARAGRAPHS[index], "en", sample_checker)
    assert fixable(list(result.remaining)) == []
    # What is reported as remaining is what a fresh check of the fixed text finds.
    assert list(result.remaining) == sample_checker.check(result.text, "en")


@pytest.mark.parametrize("index", range(len(PARAGRAPHS)))
def test_fix_is_idempotent(sample_checker: Checker, index: int) -> None:
    once = fix(PARAGRAPHS[index], "en", sample_checker)
    twice = fix(once.text, "en", sample_checker)
    assert twice.text == once.text
    assert twice.edits == ()


def test_fix_corrects_the_known_defects_of_the_sample(sample_checker: Checker) -> None:
    fixed = "\n\n".join(fix(p, "en", sample_checker).text for p in PARAGRAPHS)
    for bad in (
        r"\bOCS\b",
        r"\bocs\b",
        r"\bScos\b",
        r"President XI\b",
        r"Anti-Drogue",
        r"Méijiang",
        r"Coutrening",
        r"decision -making",
        r"\b20242025\b",
    ):
        assert not re.search(bad, fixed), bad
    assert "the Anti-Drug Center" in fixed
    assert "the SCO 2024-2025 presidency" in fixed
    assert "spoke positively about the SCO's achievements" in fixed
    assert "by doing the hand and working together for a shared future" in fixed
    assert "Universal Center for Countering Security Challenges and Threats" in fixed


CLEAN = (
    "President Xi Jinping chaired the meeting of the Council of Heads of State, and the SCO "
    "member states agreed to carry forward the Shanghai Spirit."
)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(CLEAN, id="clean"),
        pytest.param(PARAGRAPHS[0], id="sample-first-paragraph"),
        # Findings that need a human (an unclosed bracket) are not fixable.
        pytest.param("The SCO (founded in 2001 has grown.", id="unclosed-bracket"),
    ],
)
def test_paragraph_without_fixable_finding_is_unchanged(sample_checker: Checker, text: str) -> None:
    assert fixable(sample_checker.check(text, "en")) == []
    result = fix(text, "en", sample_checker)
    assert result.text == text
    assert result.edits == ()
    assert not result.changed


def test_fix_keeps_findings_that_need_a_human(sample_checker: Checker) -> None:
    text = "The OCS (founded in 2001 has grown."
    result = fix(text, "en", sample_checker)
    assert result.text == "The SCO (founded in 2001 has grown."
    assert [f.rule for f in result.remaining] == ["qa.brackets"]


# --------------------------------------------------------------------------- undo_edit

SIMPLE = "They praised Scos achievements in 20242025 and decision -making."


def test_simple_text_gives_three_independent_edits(sample_checker: Checker) -> None:
    result = fix(SIMPLE, "en", sample_checker)
    assert result.text == "They praised the SCO's achievements in 2024-2025 and decision-making."
    assert [(e.old, e.new, e.rule) for e in result.edits] == [
        ("Scos", "the SCO's", "term.forbidden"),
        ("20242025", "2024-2025", "qa.range"),
        ("decision -making", "decision-making", "qa.hyphen-space"),
    ]


@pytest.mark.parametrize(
    ("skip", "expected"),
    [
        (0, "They praised Scos achievements in 2024-2025 and decision-making."),
        (1, "They praised the SCO's achievements in 20242025 and decision-making."),
        (2, "They praised the SCO's achievements in 2024-2025 and decision -making."),
    ],
)
def test_undo_edit_leaves_out_one_edit(sample_checker: Checker, skip: int, expected: str) -> None:
    result = fix(SIMPLE, "en", sample_checker)
    assert undo_edit(SIMPLE, result.edits, skip) == expected


def test_undo_edit_of_no_edit_reproduces_the_result(sample_checker: Checker) -> None:
    result = fix(SIMPLE, "en", sample_checker)
    assert undo_edit(SIMPLE, result.edits, len(result.edits)) == result.text


def test_undo_edit_drops_the_later_edit_made_on_its_text(sample_checker: Checker) -> None:
    """Collapsing the loop leaves "together Together", which a second pass fixes; leaving
    out the loop fix leaves out that second fix too, and keeps the unrelated one."""
    original = next(p for p in PARAGRAPHS if "working together and working together" in p)
    result = fix(original, "en", sample_checker)
    loop = next(
        n for n, e in enumerate(result.edits) if e.rule == "qa.repetition" and len(e.old) > 50
    )
    others = [e for n, e in enumerate(result.edits) if n != loop]
    assert any(e.rule == "term.case" for e in others)  # "Belt and Road initiative"
    expected = original.replace("Belt and Road initiative", "Belt and Road Initiative")
    assert undo_edit(original, result.edits, loop) == expected
