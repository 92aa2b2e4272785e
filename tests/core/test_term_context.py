"""Term rules read the text around a term (issue 14, items 9 and 13): acronyms against common
words, text in capitals, possessives without their apostrophe, quotations in another language,
elision and capitals of a replacement, and a fixer that never makes things worse.

Invented texts (public health, spaceflight, trade) against tests/data/terms_domains.tsv, and
the sample glossary for the French cases the issue reports.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from testkit import DATA

from review_tool.core.checks.checker import Checker
from review_tool.core.fixer import fix
from review_tool.core.glossary import Glossary, load
from review_tool.core.models import Term

GLOSSARY = DATA / "terms_domains.tsv"


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load([GLOSSARY]))


def terms_found(checker: Checker, text: str, lang: str = "en") -> list[tuple[str, str, str | None]]:
    return [
        (f.rule, f.text, f.suggestion)
        for f in checker.check(text, lang)
        if f.rule.startswith("term.")
    ]


# ----------------------------------------------------------------------- acronyms, capitals


@pytest.mark.parametrize(
    "text",
    ["Ask the nurses who treated him.", "Tell us more about the vaccine.", "Who approved it?"],
)
def test_a_common_word_spelling_an_acronym_is_not_the_acronym(text: str) -> None:
    checker = Checker(load([GLOSSARY]), knows=lambda lang, word: word in {"who", "us", "it"})
    assert terms_found(checker, text) == []
    assert fix(text, "en", checker).text == text


def test_an_unknown_lower_case_acronym_is_still_flagged(sample_checker: Checker) -> None:
    found = terms_found(sample_checker, "Members waved the ocs flag.")
    assert found == [("term.forbidden", "ocs", "SCO")]


@pytest.mark.parametrize(
    "text",
    [
        "GENEVA, 3 March - The WHO approved a new vaccine.",
        "THE WORLD HEALTH ORGANIZATION APPROVES A NEW VACCINE",
        "BREAKING: EUROPEAN SPACE AGENCY ORDERS TWO LAUNCHERS",
    ],
)
def test_text_in_capitals_is_not_a_case_error(checker: Checker, text: str) -> None:
    assert terms_found(checker, text) == []
    assert fix(text, "en", checker).text == text


def test_a_name_in_capitals_inside_a_sentence_is_a_case_error(checker: Checker) -> None:
    assert terms_found(checker, "The meeting in GENEVA was short.") == [
        ("term.case", "GENEVA", "Geneva")
    ]


def test_a_replacement_in_a_headline_is_in_capitals(checker: Checker) -> None:
    assert terms_found(checker, "THE OMS WARNS OF A NEW WAVE") == [("term.foreign", "OMS", "WHO")]
    assert terms_found(checker, "AGENCE SPATIALE EUROPÉENNE ORDERS A LAUNCHER") == [
        ("term.foreign", "AGENCE SPATIALE EUROPÉENNE", "EUROPEAN SPACE AGENCY")
    ]


# ----------------------------------------------------------------------- possessives


def test_a_possessive_without_its_apostrophe(checker: Checker) -> None:
    assert terms_found(checker, "Genevas hospitals are full.") == [
        ("term.variant", "Genevas", "Geneva's")
    ]
    assert fix("Genevas hospitals are full.", "en", checker).text == "Geneva's hospitals are full."


def test_the_possessive_takes_the_texts_own_apostrophe(checker: Checker) -> None:
    text = "The city’s plan: Genevas hospitals will grow."
    assert fix(text, "en", checker).text == "The city’s plan: Geneva’s hospitals will grow."


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The vaccines arrived.", "en"),  # a plural of a common noun
        ("Visitors of the Genevas of this world.", "en"),  # nothing owned follows
        ("Genfs Krankenhäuser sind voll.", "de"),  # German writes it so
    ],
)
def test_no_possessive_where_the_language_or_the_sentence_says_otherwise(
    checker: Checker, text: str, lang: str
) -> None:
    assert [f for f in terms_found(checker, text, lang) if f[0] == "term.variant"] == []


# ----------------------------------------------------------------------- acronym for acronym


def test_an_acronym_is_replaced_by_an_acronym_and_a_full_form_by_a_full_form(
    checker: Checker,
) -> None:
    assert terms_found(checker, "The OMS said so.") == [("term.foreign", "OMS", "WHO")]
    assert terms_found(checker, "The Organisation mondiale de la santé said so.") == [
        (
            "term.foreign",
            "Organisation mondiale de la santé",
            "World Health Organization",
        )
    ]


def test_a_tbx_term_type_says_what_is_an_acronym(tmp_path: Path) -> None:
    tbx = tmp_path / "g.tbx"
    tbx.write_text(
        '<?xml version="1.0"?><martif type="TBX"><text><body>'
        '<termEntry id="esa"><langSet xml:lang="en">'
        "<tig><term>European Space Agency</term></tig>"
        '<tig><term>Esa</term><termNote type="termType">acronym</termNote></tig>'
        '</langSet><langSet xml:lang="fr"><tig><term>ASE</term>'
        '<termNote type="termType">acronym</termNote></tig>'
        "<tig><term>Agence spatiale européenne</term></tig></langSet>"
        "</termEntry></body></text></martif>",
        encoding="utf-8",
    )
    glossary = load([tbx])
    checker = Checker(glossary)
    assert terms_found(checker, "The Esa launched it.", "fr") == [("term.foreign", "Esa", "ASE")]


# ----------------------------------------------------------------------- quotations


def test_a_quotation_in_another_language_is_a_citation(checker: Checker) -> None:
    text = "She quoted the motto « Organisation mondiale de la santé » twice."
    (finding,) = [f for f in checker.check(text, "en") if f.rule.startswith("term.")]
    assert (finding.rule, finding.severity, finding.suggestion) == ("term.foreign", "warning", None)
    assert fix(text, "en", checker).text == text


def test_a_quotation_is_a_citation_only_if_all_of_it_is_in_that_language() -> None:
    french = {"la", "est", "prête"}
    checker = Checker(load([GLOSSARY]), knows=lambda lang, w: lang == "fr" and w in french)
    cited = "The headline read “la station spatiale est prête” that morning."
    (finding,) = [f for f in checker.check(cited, "en") if f.rule.startswith("term.")]
    assert (finding.severity, finding.suggestion) == ("warning", None)
    mixed = "They said “the new station spatiale” was ready."
    (finding,) = [f for f in checker.check(mixed, "en") if f.rule.startswith("term.")]
    assert (finding.severity, finding.suggestion) == ("error", "space station")


# ----------------------------------------------------------------------- French fixes


def test_french_elision_of_the_article(checker: Checker) -> None:
    assert fix("Le directeur de la WHO a parlé.", "fr", checker).text == (
        "Le directeur de l'OMS a parlé."
    )
    assert fix("L’équipe de la WHO a parlé.", "fr", checker).text == "L’équipe de l’OMS a parlé."


def test_french_article_of_the_sample(sample_checker: Checker) -> None:
    text = "Les membres de la SCO ont salué le Shanghai Spirit."
    result = fix(text, "fr", sample_checker)
    assert result.text == "Les membres de l'OCS ont salué l'esprit de Shanghai."
    assert "De Shanghai" not in result.text  # never title-cases the small words of a term


def test_elided_article_before_a_consonant_is_not_guessed(checker: Checker) -> None:
    # "l'" is "le" or "la": the gender of "Genève" is not the fixer's to guess.
    text = "Le siège de l'Geneva office."
    found = [f for f in checker.check(text, "fr") if f.rule == "term.foreign"]
    assert [f.suggestion for f in found] == [None]


# ----------------------------------------------------------------------- a safe fixer


def test_an_edit_that_would_add_a_finding_is_dropped() -> None:
    glossary = Glossary(
        [
            Term("t", "en", "duty", "preferred"),
            Term("t", "en", "tarif", "forbidden", "use=duty duty"),  # doubles a word
            Term("v", "en", "vaccine", "preferred"),
            Term("v", "en", "vacine", "forbidden"),
        ]
    )
    checker = Checker(glossary)
    result = fix("The tarif on each vacine rose.", "en", checker)
    assert result.text == "The tarif on each vaccine rose."  # the safe edit alone


def test_protected_spans_are_never_edited(sample_checker: Checker) -> None:
    text = "Details: https://example.org/OCS/report.html and the OCS summit."

    def urls(t: str) -> list[tuple[int, int]]:
        return [m.span() for m in re.finditer(r"https?://\S+", t)]

    result = fix(text, "en", sample_checker, protect=urls)
    assert result.text == "Details: https://example.org/OCS/report.html and the SCO summit."


def test_a_placeholder_name_in_capitals_is_not_a_case_error(checker: Checker) -> None:
    source = "  -b FILE    FILE exists and is block special"
    target = "  -b FICHIER    FICHIER existe et est un bloc spécial"
    assert terms_found(checker, target, "fr") == []  # 'fichier' is a common noun
    found = [
        f.rule
        for f in checker.check("-b DATEI  DATEI existiert", "de", source=source, source_lang="en")
        if f.rule.startswith("term.")
    ]
    assert found == []  # German capitalises 'Datei'; the source writes FILE in capitals


def test_a_word_with_other_accents_is_another_word_when_the_dictionary_knows_it() -> None:
    glossary = Glossary([Term("a", "fr", "archive", "preferred")])
    known = Checker(glossary, knows=lambda lang, w: w in {"archivé"})
    assert terms_found(known, "Le fichier est archivé.", "fr") == []
    unknown = Checker(glossary, knows=None)
    assert terms_found(unknown, "Le fichier est archivé.", "fr") == [
        ("term.variant", "archivé", "archive")
    ]


def test_a_term_inside_a_german_compound_names_the_concept() -> None:
    glossary = Glossary(
        [Term("f", "en", "file", "preferred"), Term("f", "de", "Datei", "preferred")]
    )
    checker = Checker(glossary)
    source = "Colors distinguish file types."
    found = checker.check("Farben unterscheiden Dateitypen.", "de", source=source, source_lang="en")
    assert [f.rule for f in found if f.rule.startswith("term.")] == []
    found = checker.check("Farben unterscheiden Typen.", "de", source=source, source_lang="en")
    assert [f.rule for f in found if f.rule.startswith("term.")] == ["term.missing"]


def test_a_word_of_an_identifier_is_not_a_misspelling(checker: Checker) -> None:
    assert terms_found(checker, "internal error in launchre_init()", "en") == []
    assert terms_found(checker, "internal error in the launchre", "en") == [
        ("term.misspelled", "launchre", "launcher")
    ]
