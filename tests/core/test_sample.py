"""The real sample: corpus/sco-tianjin-summit-2025.en.txt checked against glossary/sco.tsv.

Every known defect of the machine-translated article is reported with the right rule (and,
where the fix is unambiguous, the right suggestion); well-written English and French using
the glossary terms are clean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from review_tool.core.checks.checker import Checker
from review_tool.core.models import Finding
from review_tool.documents.paragraphs import Paragraph


@dataclass(frozen=True)
class Located:
    paragraph: Paragraph
    finding: Finding

    @property
    def start(self) -> int:
        return self.paragraph.start + self.finding.start

    @property
    def end(self) -> int:
        return self.paragraph.start + self.finding.end


@pytest.fixture(scope="module")
def corpus_findings(
    sample_checker: Checker, sample_paragraphs: tuple[Paragraph, ...]
) -> list[Located]:
    out = []
    for para in sample_paragraphs:
        for f in sample_checker.check(para.text, "en"):
            assert para.text[f.start : f.end] == f.text, f
            out.append(Located(para, f))
    return out


@pytest.fixture(scope="module")
def corpus_text(sample_paragraphs: tuple[Paragraph, ...]) -> str:
    """The document text the paragraph offsets point into (paragraphs kept at their offsets)."""
    size = max(p.start + len(p.text) for p in sample_paragraphs)
    chars = [" "] * size
    for p in sample_paragraphs:
        chars[p.start : p.start + len(p.text)] = p.text
    return "".join(chars)


def occurrences(text: str, pattern: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in re.finditer(pattern, text)]
    assert spans, f"the sample no longer contains {pattern!r}"
    return spans


def covering(findings: list[Located], span: tuple[int, int], rule: str) -> list[Finding]:
    start, end = span
    return [
        loc.finding
        for loc in findings
        if loc.finding.rule == rule and loc.start <= start and end <= loc.end
    ]


@pytest.mark.parametrize(
    ("pattern", "rule", "suggestion"),
    [
        pytest.param(r"\bOCS\b", "term.forbidden", "SCO", id="OCS"),
        pytest.param(r"\bocs\b", "term.forbidden", "SCO", id="ocs"),
        pytest.param(r"\bOCSO\b", "term.forbidden", "SCO", id="OCSO"),
        pytest.param(r"\bSCOS\b", "term.forbidden", "SCO", id="SCOS"),
        pytest.param(r"\bAnti-Drogue\b", "term.foreign", "Anti-Drug", id="Anti-Drogue"),
        pytest.param(r"\bPresident XI\b", "term.case", "President Xi", id="President-XI"),
        pytest.param(r"\bdecision -making\b", "qa.hyphen-space", "decision-making", id="hyphen"),
        pytest.param(r"\b20242025\b", "qa.range", "2024-2025", id="range-2024"),
        pytest.param(r"\b20252026\b", "qa.range", "2025-2026", id="range-2025"),
    ],
)
def test_every_occurrence_is_reported_with_its_suggestion(
    corpus_findings: list[Located],
    corpus_text: str,
    pattern: str,
    rule: str,
    suggestion: str,
) -> None:
    for span in occurrences(corpus_text, pattern):
        found = covering(corpus_findings, span, rule)
        context = corpus_text[max(0, span[0] - 30) : span[1] + 30]
        assert len(found) == 1, f"{rule} not reported once in …{context}…"
        assert found[0].text == corpus_text[span[0] : span[1]]
        assert found[0].suggestion == suggestion, context


def test_scos_is_forbidden_and_replaced_to_fit_the_sentence(
    corpus_findings: list[Located], corpus_text: str
) -> None:
    spans = occurrences(corpus_text, r"\bScos\b")
    suggestions = []
    for span in spans:
        found = covering(corpus_findings, span, "term.forbidden")
        assert [f.text for f in found] == ["Scos"]
        suggestions.append(found[0].suggestion)
    # "the development of Scos," / "the mission of founding Scos," / "about Scos achievements"
    assert suggestions == ["the SCO", "the SCO", "the SCO's"]


def test_french_word_reunion_is_foreign(corpus_findings: list[Located], corpus_text: str) -> None:
    (span,) = occurrences(corpus_text, r"(?<=in )Reunion\b")
    found = covering(corpus_findings, span, "term.foreign")
    assert [f.text for f in found] == ["Reunion"]
    assert found[0].suggestion is not None and "meeting" in found[0].suggestion


def test_meijiang_with_an_accent_is_a_variant(
    corpus_findings: list[Located], corpus_text: str
) -> None:
    (span,) = occurrences(corpus_text, r"Méijiang")
    found = covering(corpus_findings, span, "term.variant")
    assert len(found) == 1
    assert found[0].suggestion is not None
    assert "Meijiang" in found[0].suggestion and "é" not in found[0].suggestion


def test_coutrening_is_a_misspelling(corpus_findings: list[Located], corpus_text: str) -> None:
    (span,) = occurrences(corpus_text, r"Coutrening")
    found = covering(corpus_findings, span, "term.misspelled")
    assert len(found) == 1
    assert found[0].suggestion == "Universal Center for Countering Security Challenges and Threats"


def test_working_together_loop(corpus_findings: list[Located], corpus_text: str) -> None:
    (span,) = occurrences(corpus_text, r"and working together(?: and working together){4}")
    found = covering(corpus_findings, span, "qa.repetition")
    assert len(found) == 1
    assert found[0].severity == "error"
    assert found[0].suggestion is not None
    assert found[0].suggestion.count("working together") == 1


def test_spirit_of_shanghai_forms_are_forbidden(
    corpus_findings: list[Located], corpus_text: str
) -> None:
    for pattern in (r"spirit of Shanghai", r"Shanghai's mind"):
        for span in occurrences(corpus_text, pattern):
            found = covering(corpus_findings, span, "term.forbidden")
            assert len(found) == 1
            assert found[0].suggestion is not None and "Shanghai Spirit" in found[0].suggestion


def test_correct_sco_and_the_url_are_not_reported(
    corpus_findings: list[Located], corpus_text: str
) -> None:
    for span in occurrences(corpus_text, r"\bSCO\b"):
        assert not any(loc.start < span[1] and span[0] < loc.end for loc in corpus_findings), (
            corpus_text[span[0] - 30 : span[1] + 30]
        )
    (url,) = occurrences(corpus_text, r"https://\S+\.html")
    assert not any(loc.start < url[1] and url[0] < loc.end for loc in corpus_findings)


CORRECT_ENGLISH = (
    "On 1 September 2025, the 25th meeting of the Council of Heads of State of the Shanghai "
    "Cooperation Organization (SCO) took place at the Tianjin Meijiang Convention and "
    "Exhibition Center. President Xi Jinping chaired the meeting. Recalling the SCO's journey "
    "from the banks of the Huangpu River to those of the Haihe River, he called on the member "
    "states to carry forward the Shanghai Spirit, to promote the Belt and Road Initiative and "
    "to uphold the Charter of the United Nations, with the WTO at the heart of the multilateral "
    "trading system. The leaders inaugurated the Universal Center for Countering Security "
    "Challenges and Threats, the Information Security Center and the Anti-Drug Center, and "
    "heard the Secretary-General, Nurlan Yermekbayev. Kyrgyzstan will hold the SCO presidency "
    "for 2025-2026."
)

FRENCH_WITH_OCS = (
    "Le 1er septembre 2025, la 25e réunion du Conseil des chefs d'État de l'Organisation de "
    "coopération de Shanghai (OCS) s'est tenue à Tianjin. Xi Jinping a présidé la réunion et "
    "appelé les États membres de l'OCS à promouvoir l'esprit de Shanghai et l'initiative « la "
    "Ceinture et la Route », dans le respect de la Charte des Nations unies. Le Kirghizistan "
    "assurera la présidence de l'OCS pour 2025-2026."
)


def test_corrected_english_paragraph_is_clean(sample_checker: Checker) -> None:
    assert sample_checker.check(CORRECT_ENGLISH, "en") == []


def test_french_paragraph_saying_ocs_is_clean(sample_checker: Checker) -> None:
    assert sample_checker.check(FRENCH_WITH_OCS, "fr") == []


def test_corrected_english_as_a_translation_of_the_french_is_clean(
    sample_checker: Checker,
) -> None:
    # Same concepts on both sides, same numbers: nothing missing, nothing foreign.
    findings = sample_checker.check(CORRECT_ENGLISH, "en", source=FRENCH_WITH_OCS, source_lang="fr")
    assert [f for f in findings if f.rule.startswith("term.")] == []
