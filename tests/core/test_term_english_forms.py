"""English forms of terms a rule must read per language (issue 14, items 9, 10 and 13):
possessives written without their apostrophe (a name's, an acronym's when it names one body,
never a plural), plurals of forbidden and variant forms, compound modifiers, datelines of
several places, words of a term word's family, acronyms of several words, and a replacement
put in the plural after a number.

An invented glossary (energy, finance, public administration) written here, not a document's.
"""

from __future__ import annotations

import pytest

from review_tool.core.checks.checker import Checker
from review_tool.core.glossary import Glossary, load
from review_tool.core.morphology import for_language

GLOSSARY_TSV = """\
concept\tlang\tterm\tstatus\tnote
ecb\ten\tECB\tpreferred
ecb\ten\tEuropean Central Bank\tadmitted
ecb\tfr\tBCE\tpreferred
ecb\tfr\tBanque centrale européenne\tadmitted
ngo\ten\tNGO\tpreferred
ngo\ten\tnon-governmental organization\tadmitted
ngo\tfr\tONG\tpreferred
ngo\tfr\torganisation non gouvernementale\tadmitted
desa\ten\tDepartment of Economic and Social Affairs\tpreferred
desa\ten\tUN DESA\tadmitted
desa\tfr\tDAES\tpreferred
desa\tfr\tDépartement des affaires économiques et sociales\tadmitted
turbine\ten\twind turbine\tpreferred
turbine\ten\twind mill\tforbidden\tcalque
turbine\tfr\téolienne\tpreferred
tower\ten\tskyscraper\tpreferred
tower\tfr\tgratte-ciel\tpreferred
dpo\ten\tdata protection officer\tpreferred
dpo\tfr\tdélégué à la protection des données\tpreferred
air\ten\tair quality\tpreferred
air\tfr\tqualité de l'air\tpreferred
paris\ten\tParis Agreement\tpreferred
paris\tfr\tAccord de Paris\tpreferred
norway\ten\tNorway\tpreferred
norway\tfr\tNorvège\tpreferred
oslo\ten\tOslo\tpreferred
oslo\tfr\tOslo\tpreferred
finance\ten\tMinistry of Finance\tpreferred
finance\tfr\tministère des Finances\tpreferred
diabetes\ten\tdiabetes mellitus\tpreferred
diabetes\tfr\tdiabète sucré\tpreferred
"""


@pytest.fixture(scope="module")
def glossary(tmp_path_factory: pytest.TempPathFactory) -> Glossary:
    path = tmp_path_factory.mktemp("glossary") / "forms.tsv"
    path.write_text(GLOSSARY_TSV, encoding="utf-8")
    return load([path])


@pytest.fixture(scope="module")
def checker(glossary: Glossary) -> Checker:
    return Checker(glossary, knows=None)


def found(checker: Checker, text: str) -> list[tuple[str, str, str | None]]:
    out = []
    for f in checker.check(text, "en"):
        assert text[f.start : f.end] == f.text
        if f.rule.startswith("term."):
            out.append((f.rule, f.text, f.suggestion))
    return out


# ----------------------------------------------------------------------- near misses


def test_a_word_of_the_term_words_family_is_not_a_misspelling(glossary: Glossary) -> None:
    words = {"minister", "heath"}
    checker = Checker(glossary, knows=lambda lang, word: word.lower() in words)
    assert found(checker, "The Minister of Finance spoke.") == []
    # a letter changed inside a word is a misspelling even when it makes a word
    assert found(checker, "The Ministry of Finanse spoke.") == [
        ("term.misspelled", "Ministry of Finanse", "Ministry of Finance")
    ]


def test_an_english_inflection_keeps_the_term_word_but_its_last_letter(checker: Checker) -> None:
    english = for_language("en")
    assert english is not None
    for written, term in [("turbines", "turbine"), ("studies", "study"), ("Norway’s", "Norway")]:
        assert english.same_lexeme(written, term), written
    # Snowball gives both one stem, but no English ending drops two letters of a word
    assert not english.same_lexeme("diabets", "diabetes")
    assert found(checker, "Type 2 diabets mellitus is common.") == [
        ("term.misspelled", "diabets mellitus", "diabetes mellitus")
    ]
