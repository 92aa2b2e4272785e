"""The dictionary layer answers with real Hunspell dictionaries, per language, offline."""

from __future__ import annotations

import os

import pytest
from dictionary_support import require_dictionary

from review_tool.core import dictionaries
from review_tool.core.checks.checker import Checker
from review_tool.core.glossary import Glossary
from review_tool.core.models import Term


@pytest.mark.parametrize(
    ("lang", "word", "misspelt"),
    [
        ("en", "government", "goverment"),
        ("fr", "gouvernement", "gouvernemant"),
        ("de", "Regierung", "Regierumg"),
        ("ru", "правительство", "правительство" + "о"),
        ("es", "gobierno", "gobeirno"),
    ],
)
def test_a_real_dictionary_knows_words_and_not_their_misspellings(lang, word, misspelt):
    require_dictionary(lang)
    assert dictionaries.knows(lang, word)
    assert not dictionaries.knows(lang, misspelt)


def test_capitals_and_the_typographic_apostrophe_are_read_like_the_dictionary_would():
    require_dictionary("en")
    require_dictionary("fr")
    assert dictionaries.knows("en", "Government")  # a capitalised word at a sentence start
    assert dictionaries.knows("en", "GOVERNMENT")  # a headline
    assert dictionaries.knows("en", "don’t") and dictionaries.knows("en", "don't")
    assert dictionaries.knows("fr", "l’école") and dictionaries.knows("fr", "l'école")


def test_regional_codes_pick_the_regional_dictionary_and_bare_codes_a_usual_one():
    require_dictionary("en")
    assert dictionaries.dictionary("en").tag == "en_US"
    assert dictionaries.dictionary("en-us").tag == "en_US"
    assert dictionaries.knows("en-US", "color")


def test_a_bare_code_accepts_every_standard_variety_a_regional_code_only_its_own():
    require_dictionary("en")
    british = dictionaries.dictionary("en-GB")
    if british is None or british.tag != "en_GB":  # the bare "en" would answer for en_GB
        message = "no en_GB Hunspell dictionary (apt-get install hunspell-en-gb)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " — .ci/run installs it")
        pytest.skip(message)
    for word in ("colour", "kilometres", "neighbouring", "color", "kilometers"):
        assert dictionaries.knows("en", word), word
    assert not dictionaries.knows("en_US", "colour")
    assert not dictionaries.knows("en-GB", "color")
    assert not dictionaries.knows("en", "goverment")  # no variety spells it so
    # The near-miss rules ask the default region alone: a name only en_GB lists stays a
    # possible misspelling of a glossary name one letter away.
    assert dictionaries.knows("en", "Mathieu")
    assert not dictionaries.knows_in_its_region("en", "Mathieu")
    checker = Checker(Glossary([Term("c1", "en", "Matthieu Reeb", "preferred")]))
    found = checker.check("Mathieu Reeb spoke.", "en")
    assert [(f.rule, f.text, f.suggestion) for f in found if f.rule == "term.misspelled"] == [
        ("term.misspelled", "Mathieu Reeb", "Matthieu Reeb")
    ]


def test_the_first_suggestion_of_a_misspelling_is_the_word():
    require_dictionary("en")
    assert dictionaries.suggestions("en", "goverment")[0] == "government"


def test_a_language_without_a_dictionary_says_so_and_knows_no_word(monkeypatch):
    assert not dictionaries.has_dictionary("xx")
    assert not dictionaries.knows("xx", "anything")
    assert dictionaries.suggestions("xx", "anything") == ()
    note = dictionaries.missing_dictionary_note("de")
    assert "'de'" in note and "hunspell-de-de" in note


def test_a_language_can_be_switched_off(monkeypatch):
    require_dictionary("fr")
    monkeypatch.setenv("REVIEW_TOOL_NO_DICTIONARY", "fr")
    dictionaries.forget()
    try:
        assert not dictionaries.has_dictionary("fr")
        assert not dictionaries.has_dictionary("fr_CA")
        assert dictionaries.has_dictionary("en") or not dictionaries.installed_languages()
    finally:
        monkeypatch.delenv("REVIEW_TOOL_NO_DICTIONARY")
        dictionaries.forget()
    assert dictionaries.has_dictionary("fr")


def test_many_threads_may_ask_at_once():
    # Hunspell itself is not thread-safe (candidates are checked in threads): without the
    # layer's lock this crashes the process.
    from concurrent.futures import ThreadPoolExecutor

    require_dictionary("en")
    found = dictionaries.dictionary("en")
    words = [f"wordish{n}" for n in range(300)] + ["government"] * 300

    def ask(chunk: list[str]) -> list[bool]:
        return [found.knows_uncached(w) for w in chunk] + [
            dictionaries.knows("en", w) for w in chunk
        ]

    with ThreadPoolExecutor(8) as pool:
        answers = [a for part in pool.map(ask, [words] * 8) for a in part]
    assert answers.count(True) == 8 * 600
