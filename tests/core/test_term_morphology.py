"""Inflected terms (issue 14, item 14): a term declined or in the plural is that term — not
missing, not misspelled — and a misspelled inflected term is corrected in the form written.

Invented texts in three domains (public health, spaceflight, trade), checked against
tests/data/terms_domains.tsv; morphology from pymorphy3 (Russian) and Snowball (others).
"""

from __future__ import annotations

import os

import pytest
from testkit import DATA

from review_tool.core import dictionaries
from review_tool.core.checks.checker import Checker
from review_tool.core.fixer import fix
from review_tool.core.glossary import Glossary, load
from review_tool.core.models import Term
from review_tool.core.morphology import for_language, text_words

GLOSSARY = DATA / "terms_domains.tsv"


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load([GLOSSARY]))


def term_rules(checker: Checker, text: str, lang: str, **kw: str) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in checker.check(text, lang, **kw) if f.rule.startswith("term.")]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (
            "Experts of the World Health Organization approved the vaccine.",
            "Эксперты Всемирной организации здравоохранения одобрили вакцину.",
        ),
        (
            "A report on the space station was published.",
            "Опубликован доклад о космической станции.",
        ),
        ("The tariff was raised by the customs union.", "Таможенным союзом повышена пошлина."),
        ("The tariffs of the customs union.", "Пошлины таможенного союза."),
    ],
)
def test_russian_cases_are_the_term(checker: Checker, source: str, target: str) -> None:
    assert term_rules(checker, target, "ru", source=source, source_lang="en") == []
    result = fix(target, "ru", checker, source=source, source_lang="en")
    assert result.text == target  # never turned back into the dictionary form


def test_french_plural_is_the_term(checker: Checker) -> None:
    source = "The space stations need new launchers."
    target = "Les stations spatiales ont besoin de nouveaux lanceurs."
    assert term_rules(checker, target, "fr", source=source, source_lang="en") == []
    assert fix(target, "fr", checker, source=source, source_lang="en").text == target


def test_english_plural_is_neither_misspelled_nor_missing(checker: Checker) -> None:
    text = "Two launchers and three space stations were ordered."
    assert term_rules(checker, text, "en", source="Deux lanceurs.", source_lang="fr") == []


def test_a_misspelled_genitive_is_corrected_in_the_genitive(checker: Checker) -> None:
    text = "Эксперты Всемирной организацыи здравоохранения одобрили вакцину."
    (finding,) = [f for f in checker.check(text, "ru") if f.rule == "term.misspelled"]
    assert finding.text == "Всемирной организацыи здравоохранения"
    assert finding.suggestion == "Всемирной организации здравоохранения"
    assert fix(text, "ru", checker).text == (
        "Эксперты Всемирной организации здравоохранения одобрили вакцину."
    )


def test_a_misspelled_accusative_keeps_its_case(checker: Checker) -> None:
    (finding,) = [
        f for f in checker.check("Врачи начали вакценацию.", "ru") if f.rule.startswith("term.")
    ]
    assert (finding.rule, finding.suggestion) == ("term.misspelled", "вакцинацию")


def test_a_misspelled_plural_keeps_its_number(checker: Checker) -> None:
    (finding,) = checker.check("The launchrs arrived on time.", "en")
    assert (finding.rule, finding.suggestion) == ("term.misspelled", "launchers")


def test_a_term_missing_in_every_form_is_still_missing(checker: Checker) -> None:
    found = term_rules(
        checker,
        "Опубликован доклад о здоровье.",
        "ru",
        source="A report on the space station.",
        source_lang="en",
    )
    assert found == [("term.missing", "")]


def test_stems_alone_do_not_make_one_word() -> None:
    english = for_language("en")
    assert english is not None
    assert english.same_lexeme("launchers", "launcher")
    assert not english.same_lexeme("organ", "organization")  # one Snowball stem, two words
    assert for_language("zh") is None


def test_russian_phrase_forms_agree() -> None:
    russian = for_language("ru")
    assert russian is not None
    forms = russian.forms("Всемирная организация здравоохранения")
    assert "Всемирную организацию здравоохранения" in forms  # accusative: both agree
    assert all(f.endswith("здравоохранения") for f in forms)  # the genitive stays
    assert russian.contains(text_words("о Всемирной организации здравоохранения"), forms[0])


# --------------------------------------------------------------------------- near misses (item 10)


def misspelled(checker: Checker, text: str, lang: str = "en") -> list[tuple[str, str | None]]:
    return [
        (f.text, f.suggestion) for f in checker.check(text, lang) if f.rule == "term.misspelled"
    ]


def test_an_extra_letter_at_the_end_is_a_near_miss(checker: Checker) -> None:
    assert misspelled(checker, "The spaceflightt lasted six months.") == [
        ("spaceflightt", "spaceflight")
    ]


def test_a_one_word_term_written_as_two_words(checker: Checker) -> None:
    assert misspelled(checker, "Her first space flight lasted a week.") == [
        ("space flight", "spaceflight")
    ]


def test_an_exact_shorter_term_does_not_hide_a_misspelled_longer_one(checker: Checker) -> None:
    text = "The Europian Space Agency signed the contract."
    assert misspelled(checker, text) == [("Europian Space Agency", "European Space Agency")]


def test_a_word_the_dictionary_knows_is_not_a_misspelling() -> None:
    words = {"launches", "stationed"}
    checker = Checker(load([GLOSSARY]), knows=lambda lang, word: word.lower() in words)
    assert misspelled(checker, "The crew launches a new module.") == []  # 'launcher'?
    plain = Checker(load([GLOSSARY]), knows=None)  # no dictionary: only the distance speaks
    assert misspelled(plain, "The crew launches a new module.") == [("launches", "launcher")]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The crew launches a new module.", "en"),  # a verb one letter from 'launcher'
        ("Le nombre de processeurs installés.", "fr"),  # not a misspelling of 'processus'
        ("Die Datei wird benutzt.", "de"),  # not 'Benutzer'
    ],
)
def test_the_hunspell_dictionary_knows_these_words(text: str, lang: str) -> None:
    if not dictionaries.has_dictionary(lang):
        if os.environ.get("CI") == "true":
            pytest.fail(f"no Hunspell dictionary for {lang} (.ci/run installs it)")
        pytest.skip(f"no Hunspell dictionary for {lang}")
    glossary = Glossary(
        [
            Term("l", "en", "launcher", "preferred"),
            Term("p", "fr", "processus", "preferred"),
            Term("u", "de", "Benutzer", "preferred"),
        ]
    )
    assert misspelled(Checker(glossary), text, lang) == []
    assert misspelled(Checker(glossary, knows=None), text, lang) != []


# --------------------------------------------------------------------------- homophones


@pytest.mark.parametrize(
    ("text", "lang", "wrong", "right"),
    [
        ("专家们在世界卫升组织总部开会。", "zh", "世界卫升组织", "世界卫生组织"),  # 升/生 sheng
        ("理事回今天开幕。", "zh", "理事回", "理事会"),  # 回/会 hui
        ("明日の会義で決める。", "ja", "会義", "会議"),  # 義/議 gi
    ],
)
def test_a_character_of_the_same_reading_is_a_near_miss(
    checker: Checker, text: str, lang: str, wrong: str, right: str
) -> None:
    assert misspelled(checker, text, lang) == [(wrong, right)]
    assert fix(text, lang, checker).text == text.replace(wrong, right)


def test_a_character_of_another_reading_is_not_a_homophone(checker: Checker) -> None:
    assert misspelled(checker, "理事长今天讲话。", "zh") == []  # 长 zhang, not hui
    assert misspelled(checker, "世界卫生组织总部。", "zh") == []  # the term itself
