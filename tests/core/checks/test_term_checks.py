"""Terminology rules on a small glossary written here (not the sample one): each rule on
correct and incorrect text, in English, French (spaced) and Chinese (no spaces).

Every finding must point at what it names: ``text[start:end] == finding.text``.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from review_tool.core.checks.checker import Checker
from review_tool.core.checks.registry import all_rules
from review_tool.core.glossary import Glossary, load_file
from review_tool.core.models import Finding
from review_tool.core.term_matcher import TermMatcher

TERM_RULES = {rule.id for rule in all_rules() if rule.id.startswith("term.")}

GLOSSARY_TSV = """\
concept\tlang\tterm\tstatus\tnote
wmo\ten\tWMO\tpreferred\tarticle=the
wmo\ten\tWorld Meteorological Organization\tadmitted
wmo\ten\tOMM\tforbidden\tFrench abbreviation
wmo\ten\tWMOs\tforbidden\tmissing apostrophe
wmo\tfr\tOMM\tpreferred
wmo\tfr\tOrganisation météorologique mondiale\tadmitted
wmo\tzh\t世界气象组织\tpreferred
wmo\tzh\t气象组织\tforbidden
gcf\ten\tGreen Climate Fund\tpreferred
gcf\tfr\tFonds vert pour le climat\tpreferred
gcf\tzh\t绿色气候基金\tpreferred
ipcc\ten\tIntergovernmental Panel on Climate Change\tpreferred
ipcc\tfr\tGroupe d'experts intergouvernemental sur l'évolution du climat\tpreferred
offset\ten\tcarbon offset\tpreferred
offset\ten\tcarbon compensation\tforbidden
offset\tfr\tcompensation carbone\tpreferred
email\ten\temail\tpreferred
email\ten\te-mail\tadmitted
email\tfr\tcourriel\tpreferred
email\tfr\te-mail\tforbidden
sg\ten\tSecretary-General\tpreferred
sg\tfr\tsecrétaire général\tpreferred
belem\ten\tBelém\tpreferred
belem\tfr\tBelém\tpreferred
paris\ten\tParis Agreement\tpreferred
paris\tfr\tAccord de Paris\tpreferred
adaptation\ten\tadaptation\tpreferred
adaptation\tfr\tadaptation\tpreferred
sahel\ten\tSahel\tpreferred
sahel\tfr\tSahel\tpreferred
program\ten\tprogram\tpreferred
program\ten\tprogramme\tforbidden
program\tfr\tprogramme\tpreferred
unep\ten\tUnited Nations Environment Programme\tpreferred
unep\tfr\tProgramme des Nations unies pour l'environnement\tpreferred
sco\ten\tSCO\tpreferred
sco\ten\tOCS\tforbidden
sco\tfr\tOCS\tpreferred
sco\tzh\t上海合作组织\tpreferred
"""


@pytest.fixture(scope="module")
def glossary_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("glossary") / "small.tsv"
    path.write_text(GLOSSARY_TSV, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def glossary(glossary_path: Path) -> Glossary:
    return load_file(glossary_path)


@pytest.fixture(scope="module")
def checker(glossary: Glossary) -> Checker:
    return Checker(glossary)


def term_findings(
    checker: Checker,
    text: str,
    lang: str,
    *,
    source: str | None = None,
    source_lang: str | None = None,
) -> list[Finding]:
    """The term.* findings for ``text``, after checking every finding's offsets."""
    findings = checker.check(text, lang, source=source, source_lang=source_lang)
    for f in findings:
        assert 0 <= f.start <= f.end <= len(text), f
        assert text[f.start : f.end] == f.text, f
    return [f for f in findings if f.rule in TERM_RULES]


def summary(findings: list[Finding]) -> list[tuple[str, str, str | None]]:
    return [(f.rule, f.text, f.suggestion) for f in findings]


# --------------------------------------------------------------------------- clean texts


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The WMO and the Green Climate Fund signed the Paris Agreement in Belém.", "en"),
        ("The World Meteorological Organization met the Secretary-General.", "en"),
        ("Send an email or an e-mail about the carbon offset program.", "en"),
        ("Adaptation matters. Email me the United Nations Environment Programme report.", "en"),
        ("L'OMM et le Fonds vert pour le climat ont signé l'Accord de Paris à Belém.", "fr"),
        ("Envoyez un courriel au secrétaire général sur la compensation carbone.", "fr"),
        ("L'OCS et le Programme des Nations unies pour l'environnement.", "fr"),
        ("世界气象组织和绿色气候基金在上海合作组织会议上发言。", "zh"),
    ],
)
def test_correct_text_has_no_term_finding(checker: Checker, text: str, lang: str) -> None:
    assert term_findings(checker, text, lang) == []


# --------------------------------------------------------------------------- term.forbidden


def test_forbidden_english(checker: Checker) -> None:
    text = "Yesterday the OMM published a report."
    findings = term_findings(checker, text, "en")
    assert summary(findings) == [("term.forbidden", "OMM", "WMO")]
    assert findings[0].severity == "error"
    assert "WMO" in findings[0].message


def test_forbidden_mid_sentence_lower_case(checker: Checker) -> None:
    text = "We buy carbon compensation every year."
    assert summary(term_findings(checker, text, "en")) == [
        ("term.forbidden", "carbon compensation", "carbon offset")
    ]


def test_forbidden_sentence_initial_capital_is_kept(checker: Checker) -> None:
    text = "It is popular. Carbon compensation is cheap."
    assert summary(term_findings(checker, text, "en")) == [
        ("term.forbidden", "Carbon compensation", "Carbon offset")
    ]


def test_forbidden_sentence_initial_with_article_note(checker: Checker) -> None:
    # WMO takes "the": a bare "OMM" opening a sentence becomes "The WMO".
    text = "OMM has published a report."
    assert summary(term_findings(checker, text, "en")) == [("term.forbidden", "OMM", "The WMO")]


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        # No determiner before: the article of the note comes with the possessive.
        ("Experts praised WMOs achievements this year.", "the WMO's"),
        # A determiner is already there.
        ("Experts praised the WMOs achievements.", "WMO's"),
        # Not a possessive: no noun follows.
        ("The WMOs has a new chief.", "WMO"),
    ],
)
def test_forbidden_possessive_without_apostrophe(
    checker: Checker, text: str, suggestion: str
) -> None:
    assert summary(term_findings(checker, text, "en")) == [("term.forbidden", "WMOs", suggestion)]


def test_forbidden_depends_on_the_language(checker: Checker) -> None:
    # "e-mail" is admitted in English and forbidden in French.
    assert term_findings(checker, "Send an e-mail today.", "en") == []
    assert summary(term_findings(checker, "Envoyez un e-mail aujourd'hui.", "fr")) == [
        ("term.forbidden", "e-mail", "courriel")
    ]


def test_forbidden_chinese_substring(checker: Checker) -> None:
    text = "该气象组织发布了报告。"
    assert summary(term_findings(checker, text, "zh")) == [
        ("term.forbidden", "气象组织", "世界气象组织")
    ]


# --------------------------------------------------------------------------- term.foreign


def test_foreign_french_term_in_english(checker: Checker) -> None:
    text = "The Fonds vert pour le climat approved the project."
    findings = term_findings(checker, text, "en")
    assert summary(findings) == [
        ("term.foreign", "Fonds vert pour le climat", "Green Climate Fund")
    ]
    assert findings[0].severity == "error"


def test_same_french_term_in_french_is_clean(checker: Checker) -> None:
    assert term_findings(checker, "Le Fonds vert pour le climat a approuvé le projet.", "fr") == []


def test_foreign_english_term_in_french(checker: Checker) -> None:
    assert summary(term_findings(checker, "Le rapport du WMO est paru.", "fr")) == [
        ("term.foreign", "WMO", "OMM")
    ]


def test_foreign_latin_term_in_spaced_chinese(checker: Checker) -> None:
    text = "WMO 在日内瓦开会。"
    assert summary(term_findings(checker, text, "zh")) == [("term.foreign", "WMO", "世界气象组织")]


def test_foreign_latin_term_next_to_han_characters(checker: Checker) -> None:
    """Chinese puts no space between words: a Latin term written against Han characters is
    still on a word boundary and must be found."""
    text = "WMO在日内瓦开会。"
    assert summary(term_findings(checker, text, "zh")) == [("term.foreign", "WMO", "世界气象组织")]


# --------------------------------------------------------------------------- term.case


def test_case_english(checker: Checker) -> None:
    text = "They signed the Paris agreement in 2015."
    findings = term_findings(checker, text, "en")
    assert summary(findings) == [("term.case", "Paris agreement", "Paris Agreement")]
    assert findings[0].severity == "warning"


def test_case_french(checker: Checker) -> None:
    text = "Le rapport de l'Organisation Météorologique Mondiale est paru."
    assert summary(term_findings(checker, text, "fr")) == [
        (
            "term.case",
            "Organisation Météorologique Mondiale",
            "Organisation météorologique mondiale",
        )
    ]


def test_lower_case_term_capitalised_at_sentence_start_is_not_a_case_error(
    checker: Checker,
) -> None:
    assert term_findings(checker, "Adaptation is urgent. Email is fast.", "en") == []


# --------------------------------------------------------------------------- term.variant


def test_variant_space_for_hyphen(checker: Checker) -> None:
    text = "The Secretary General spoke first."
    findings = term_findings(checker, text, "en")
    assert summary(findings) == [("term.variant", "Secretary General", "Secretary-General")]
    assert findings[0].severity == "warning"


def test_variant_space_for_hyphen_of_an_admitted_term(checker: Checker) -> None:
    assert summary(term_findings(checker, "Send an e mail.", "en")) == [
        ("term.variant", "e mail", "e-mail")
    ]


@pytest.mark.parametrize(
    ("text", "lang"),
    [("COP30 takes place in Belem.", "en"), ("La COP30 se tient à Belem.", "fr")],
)
def test_variant_missing_diacritics(checker: Checker, text: str, lang: str) -> None:
    findings = term_findings(checker, text, lang)
    assert summary(findings) == [("term.variant", "Belem", "Belém")]
    assert "diacritic" in findings[0].message


# --------------------------------------------------------------------------- term.misspelled


def test_misspelled_letter_swap_in_a_long_word(checker: Checker) -> None:
    text = "Climate adpatation is urgent."
    findings = term_findings(checker, text, "en")
    assert summary(findings) == [("term.misspelled", "adpatation", "adaptation")]
    assert findings[0].severity == "warning"


@pytest.mark.parametrize(
    "wrong",
    [
        "Intergovernmnetal Panel on Climate Change",
        "Intergovernmental Panel on Climate Chnage",
        "Intergovernmental Panle on Climate Change",
    ],
)
def test_misspelled_word_of_a_multi_word_term(checker: Checker, wrong: str) -> None:
    text = f"The {wrong} met in Geneva."
    assert summary(term_findings(checker, text, "en")) == [
        ("term.misspelled", wrong, "Intergovernmental Panel on Climate Change")
    ]


def test_misspelled_french(checker: Checker) -> None:
    text = "Le Fonds vert pour le climta a approuvé."
    assert summary(term_findings(checker, text, "fr")) == [
        ("term.misspelled", "Fonds vert pour le climta", "Fonds vert pour le climat")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The Sahle region is dry.",  # a five-letter term is too short to guess from
        "We could not find the money.",  # "find" is one letter from "Fund"
        "Many adaptations are needed.",  # plural of a one-word term
        "The two Paris Agreements differ.",  # plural of a multi-word term
        "The Secretaries-General met.",  # plural of a hyphenated term
        "Several programs and e-mails.",
    ],
)
def test_not_misspelled(checker: Checker, text: str) -> None:
    assert [f for f in term_findings(checker, text, "en") if f.rule == "term.misspelled"] == []


# --------------------------------------------------------------------------- term.missing


@pytest.mark.parametrize(
    ("target", "lang", "expected"),
    [
        ("Le fonds a approuvé le projet.", "fr", "Fonds vert pour le climat"),
        ("该基金批准了该项目。", "zh", "绿色气候基金"),
    ],
)
def test_missing_when_the_target_has_no_term_of_the_concept(
    checker: Checker, target: str, lang: str, expected: str
) -> None:
    source = "The Green Climate Fund approved the project."
    findings = term_findings(checker, target, lang, source=source, source_lang="en")
    assert [f.rule for f in findings] == ["term.missing"]
    assert findings[0].severity == "warning"
    assert expected in findings[0].message


@pytest.mark.parametrize(
    ("target", "lang"),
    [
        ("Le Fonds vert pour le climat a approuvé le projet.", "fr"),
        ("绿色气候基金批准了该项目。", "zh"),
    ],
)
def test_not_missing_when_the_target_names_the_concept(
    checker: Checker, target: str, lang: str
) -> None:
    source = "The Green Climate Fund approved the project."
    assert term_findings(checker, target, lang, source=source, source_lang="en") == []


def test_not_missing_when_the_glossary_has_no_term_in_the_target_language(
    checker: Checker,
) -> None:
    # The IPCC has no Chinese term in this glossary: nothing to expect.
    source = "The Intergovernmental Panel on Climate Change met."
    assert term_findings(checker, "该委员会开会了。", "zh", source=source, source_lang="en") == []


def test_wrong_form_in_the_target_is_reported_once_not_also_missing(checker: Checker) -> None:
    findings = term_findings(
        checker,
        "Le rapport du WMO est paru.",
        "fr",
        source="The WMO report is out.",
        source_lang="en",
    )
    assert summary(findings) == [("term.foreign", "WMO", "OMM")]


def test_missing_is_not_reported_without_a_source(checker: Checker) -> None:
    assert term_findings(checker, "Le fonds a approuvé le projet.", "fr") == []


# --------------------------------------------------------------------------- longest match


def test_term_inside_a_longer_term_is_not_reported(checker: Checker) -> None:
    # "Programme" (forbidden in English) inside the name is not an occurrence of its own;
    # the second, free-standing "programme" is.
    text = "The United Nations Environment Programme runs a programme."
    findings = term_findings(checker, text, "en")
    assert summary(findings) == [("term.forbidden", "programme", "program")]
    assert findings[0].start == text.rindex("programme")


def test_term_inside_a_longer_chinese_term_is_not_reported(checker: Checker) -> None:
    assert term_findings(checker, "世界气象组织发布了报告。", "zh") == []


def test_matcher_returns_only_the_longest_term(glossary: Glossary) -> None:
    text = "The United Nations Environment Programme met."
    matches = TermMatcher(glossary).find(text)
    assert [(m.text, {t.concept for t in m.terms}) for m in matches] == [
        ("United Nations Environment Programme", {"unep"})
    ]


def test_term_inside_a_longer_term_is_not_missing(checker: Checker) -> None:
    source = "The United Nations Environment Programme approved it."
    target = "Le Programme des Nations unies pour l'environnement l'a approuvé."
    assert term_findings(checker, target, "fr", source=source, source_lang="en") == []


# --------------------------------------------------------------------------- matching


def test_forbidden_multi_word_term_across_a_line_break(checker: Checker) -> None:
    text = "We buy carbon\ncompensation every year."
    assert summary(term_findings(checker, text, "en")) == [
        ("term.forbidden", "carbon\ncompensation", "carbon offset")
    ]


def test_correct_multi_word_term_across_a_line_break_is_clean(checker: Checker) -> None:
    """A paragraph wrapped over several lines (as in a hard-wrapped .md file) is the same
    paragraph: the term is written correctly, only the line is broken."""
    text = "Yesterday the Green Climate\nFund approved the project."
    assert term_findings(checker, text, "en") == []


def test_multi_word_term_across_a_line_break_counts_for_missing(checker: Checker) -> None:
    source = "Yesterday the Green Climate\nFund approved the project."
    findings = term_findings(
        checker, "Hier, le fonds a approuvé le projet.", "fr", source=source, source_lang="en"
    )
    assert [f.rule for f in findings] == ["term.missing"]
    clean = "Hier, le Fonds vert pour le climat a approuvé le projet."
    assert [
        f
        for f in term_findings(checker, clean, "fr", source=source, source_lang="en")
        if f.rule == "term.missing"
    ] == []


def test_possessive_matches_the_term(glossary: Glossary, checker: Checker) -> None:
    matches = TermMatcher(glossary).find("The SCO's members met.")
    assert [(m.text, m.terms[0].concept) for m in matches] == [("SCO", "sco")]
    assert term_findings(checker, "The SCO's members met.", "en") == []
    assert summary(term_findings(checker, "The OCS's members met.", "en")) == [
        ("term.forbidden", "OCS", "SCO")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The SCOPE of the work.",
        "The scope of the work.",
        "ESCO and disco are words.",
        "The OCSE is another body.",
        "Measure SCO2 levels.",
    ],
)
def test_word_boundaries(glossary: Glossary, checker: Checker, text: str) -> None:
    assert TermMatcher(glossary).find(text) == []
    assert term_findings(checker, text, "en") == []


def test_chinese_term_matches_as_a_substring(glossary: Glossary) -> None:
    text = "上海合作组织成员国领导人出席会议。"
    matches = TermMatcher(glossary).find(text)
    assert [(m.start, m.end, m.text) for m in matches] == [(0, 6, "上海合作组织")]


def test_offsets_point_into_the_checked_text(checker: Checker) -> None:
    text = (
        "Intro  text. The OMM and the Fonds vert pour le climat and the Secretary General\n"
        "met in Belem about the Paris agreement, carbon\r\ncompensation and climate adpatation."
    )
    findings = term_findings(checker, text, "en")
    assert {f.rule for f in findings} >= {
        "term.forbidden",
        "term.foreign",
        "term.variant",
        "term.case",
        "term.misspelled",
    }


# --------------------------------------------------------------------------- performance


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        pytest.param("上海合作组织成员国领导人会议在天津举行" * 60, "zh", id="chinese-paragraph"),
        pytest.param("x" + "abcdefghij" * 150, "en", id="long-unbroken-token"),
    ],
)
def test_checking_a_long_paragraph_is_fast(glossary_path: Path, text: str, lang: str) -> None:
    """A 1,000-character Chinese paragraph is one run of word characters; checking it (near
    misses included) must not take longer than a person waits."""
    script = textwrap.dedent(
        f"""
        from review_tool.core.checks.checker import Checker
        from review_tool.core.glossary import load_file
        checker = Checker(load_file({str(glossary_path)!r}))
        checker.check({text!r}, {lang!r})
        """
    )
    try:
        subprocess.run([sys.executable, "-c", script], check=True, timeout=10)
        slow = False
    except subprocess.TimeoutExpired:
        slow = True
    assert not slow, f"checking a {len(text)}-character {lang} paragraph took more than 10 s"
