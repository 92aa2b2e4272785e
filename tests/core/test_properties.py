"""Properties of matching, checks and fix on arbitrary text (hypothesis).

On any Unicode text, and on texts built from the glossary's own terms with random casing,
separators, typos and glue: nothing raises; every match and finding points into the text it
was found in (``0 <= start <= end <= len(text)`` and ``text[start:end] == found text``);
fix's edits replay exactly and fix is idempotent.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from testkit import REPO

from review_tool.core.checks.checker import Checker, qa_findings
from review_tool.core.fixer import fix
from review_tool.core.glossary import Glossary, load
from review_tool.core.models import Finding
from review_tool.core.term_matcher import TermMatcher
from review_tool.core.textnorm import blank_word_spans, blank_words, fold, fold_blank, words
from review_tool.documents.check_runner import Located
from review_tool.documents.paragraphs import segment_id

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

SAMPLE_GLOSSARY = REPO / "glossary" / "sco.tsv"
_GLOSSARY: Glossary = load([SAMPLE_GLOSSARY])
_TERMS = sorted({t.text for t in _GLOSSARY.terms})
_CHECKER = Checker(_GLOSSARY)
_MATCHER = TermMatcher(_GLOSSARY)

LANGS = st.sampled_from(["en", "fr", "ru", "zh", "de", "en_GB", "zh_Hans"])
SEPARATORS = st.sampled_from([" ", "  ", "\n", "\r\n", "-", " -", "- ", "\u00a0", "\u202f", ""])
GLUE = st.sampled_from(
    [
        " ",
        ", ",
        ". ",
        "s ",
        "'s ",
        "\u2019s ",
        "\n",
        "\n\n",
        "",
        "  ",
        " - ",
        " (",
        ") ",
        "了",
        "的",
        " and ",
        " et ",
        " и ",
        "20242025",
        " https://a.example/x?y=1 ",
        "?",
        " ;",
        ";",
    ]
)


@st.composite
def term_texts(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 6))):
        term = draw(st.sampled_from(_TERMS))
        mode = draw(st.sampled_from(["keep", "upper", "lower", "title", "mixed", "sep", "typo"]))
        if mode == "upper":
            term = term.upper()
        elif mode == "lower":
            term = term.lower()
        elif mode == "title":
            term = term.title()
        elif mode == "mixed":
            flips = draw(st.lists(st.booleans(), min_size=len(term), max_size=len(term)))
            term = "".join(c.upper() if f else c.lower() for c, f in zip(term, flips, strict=True))
        elif mode == "sep":
            term = term.replace(" ", draw(SEPARATORS)).replace("-", draw(SEPARATORS))
        elif mode == "typo" and len(term) > 3:
            i = draw(st.integers(0, len(term) - 2))
            term = term[:i] + term[i + 1] + term[i] + term[i + 2 :]
        if draw(st.booleans()):
            term = term + term[-5:]  # a partial repetition / plural-like tail
        parts.append(term)
        parts.append(draw(GLUE))
    return "".join(parts)


ANY_TEXT = st.text(max_size=150)
TEXTS = st.one_of(ANY_TEXT, term_texts())


def assert_points_into(text: str, findings: list[Finding]) -> None:
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text), f
        assert text[f.start : f.end] == f.text, f


@SETTINGS
@given(TEXTS)
def test_matches_point_into_the_text(text: str) -> None:
    matches = _MATCHER.find(text)
    previous_end = 0
    for m in matches:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.start >= previous_end, "matches overlap or are out of order"
        assert m.terms
        previous_end = m.end


@SETTINGS
@given(TEXTS, LANGS)
def test_check_findings_point_into_the_text(text: str, lang: str) -> None:
    assert_points_into(text, _CHECKER.check(text, lang))


@SETTINGS
@given(TEXTS, TEXTS, LANGS, LANGS)
def test_bilingual_check_findings_point_into_the_target(
    source: str, target: str, source_lang: str, lang: str
) -> None:
    assert_points_into(target, _CHECKER.check(target, lang, source=source, source_lang=source_lang))
    assert_points_into(target, qa_findings(target, lang, source, source_lang))


@SETTINGS
@given(TEXTS, LANGS)
def test_fix_edits_replay_and_fix_is_idempotent(text: str, lang: str) -> None:
    once = fix(text, lang, _CHECKER)
    replayed = text
    for edit in once.edits:
        assert 0 <= edit.start <= edit.end <= len(replayed), edit
        assert replayed[edit.start : edit.end] == edit.old, edit
        replayed = replayed[: edit.start] + edit.new + replayed[edit.end :]
    assert replayed == once.text
    assert_points_into(once.text, list(once.remaining))
    twice = fix(once.text, lang, _CHECKER)
    assert twice.text == once.text
    assert twice.edits == ()


@SETTINGS
@given(
    st.one_of(
        ANY_TEXT, term_texts(), st.text(alphabet="aé'’ʼ_-.,İß\u0301\u00a0 中x2²", max_size=40)
    )
)
def test_fast_word_split_equals_the_word_regex(text: str) -> None:
    """The near-miss search splits words with a translate + split; it must see exactly the
    words (and spans) the word regex sees in the folded text."""
    blanked = fold_blank(text)
    tokens = blank_words(blanked)
    folded = fold(text)
    spans = words(folded)
    assert tokens == [folded[s:e] for s, e in spans]
    assert blank_word_spans(blanked, tokens) == spans


WHITESPACE = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())


@SETTINGS
@given(st.text(alphabet=WHITESPACE + "ab é中\u200b\u00ad\x00", max_size=30))
def test_segment_ids_ignore_whitespace_differences(text: str) -> None:
    """A paragraph keeps its id when only its spacing changes (re-wrapped, tabs, NBSP)."""
    assert segment_id(text, set()) == segment_id(" ".join(text.split()), set())


REPORT_TEXT = st.text(alphabet='"\\\n\t\x00\x1f\x7fé中\u2028\U0001f600a /', max_size=12)


@SETTINGS
@given(REPORT_TEXT, REPORT_TEXT, REPORT_TEXT, st.none() | REPORT_TEXT, st.integers(0, 10**9))
def test_report_line_is_the_json_of_the_finding(
    path: str, text: str, message: str, suggestion: str | None, offset: int
) -> None:
    finding = Finding("qa.test", "warning", offset, offset + len(text), text, message, suggestion)
    located = Located(path, offset, "p-0123456789", 3, offset + 1, finding)
    line = located.to_json()
    assert json.loads(line) == located.to_dict()
    assert line == json.dumps(located.to_dict(), ensure_ascii=False)


@SETTINGS
@given(st.lists(st.tuples(TEXTS, LANGS, st.none() | TEXTS, LANGS), max_size=6))
def test_a_batch_finds_what_each_text_finds_alone(
    jobs: list[tuple[str, str, str | None, str]],
) -> None:
    """``check_many`` runs rule by rule over the batch: no text's findings leak into another's."""
    batch = [
        (text, lang, source, src_lang if source is not None else None)
        for text, lang, source, src_lang in jobs
    ]
    alone = [
        _CHECKER.check(text, lang, source=source, source_lang=src_lang)
        for text, lang, source, src_lang in batch
    ]
    assert _CHECKER.check_many(batch) == alone
