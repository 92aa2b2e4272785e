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
from review_tool.core.fixer import fix
from review_tool.core.glossary import Glossary, load
from review_tool.core.models import Term
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
groundwater\ten\tgroundwater monitoring\tpreferred
board\ten\tSupervisory Board\tpreferred	the ECB's banking supervision body
board\tfr\tconseil de surveillance prudentielle\tpreferred
groundwater\tfr\tsurveillance des eaux souterraines\tpreferred
sampling\ten\tgroundwater sampling\tpreferred
sampling\ten\tground-water sampling\tadmitted
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


# ----------------------------------------------------------------------- possessives


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("The ECBs governing council met.", "The ECB's governing council met."),
        ("They said the ECBs President was firm.", "They said the ECB's President was firm."),
        ("Norways fund grew.", "Norway's fund grew."),
        ("So Norways Ministry of Finance pays.", "So Norway's Ministry of Finance pays."),
    ],
)
def test_the_possessive_of_a_name_or_of_an_acronym_naming_one_body(
    checker: Checker, text: str, fixed: str
) -> None:
    (rule, _, suggestion), *rest = found(checker, text)
    assert rule == "term.variant" and suggestion is not None and "'s" in suggestion
    assert rest == []
    assert fix(text, "en", checker).text == fixed


@pytest.mark.parametrize(
    "text",
    [
        "Two NGOs work in the camp.",  # an acronym of a common noun takes a plural "s"
        "The NGOs of the region met.",
        "Since 2020, twelve NGOs have closed.",
        "The ECBs of this world.",  # nothing owned follows
        "Both ECBs warned of inflation.",  # a verb follows: a plural, even of a name
    ],
)
def test_a_plural_is_not_a_possessive(checker: Checker, text: str) -> None:
    assert found(checker, text) == []
    assert fix(text, "en", checker).text == text


def test_the_possessive_keeps_the_texts_typographic_apostrophe(checker: Checker) -> None:
    text = "The bank’s view: the ECBs staff agree."
    assert fix(text, "en", checker).text == "The bank’s view: the ECB’s staff agree."
    # and, once fixed, the typographic possessive is the term, not a misspelling of it
    assert found(checker, "Norway’s fund and the ECB’s staff agree.") == []


# ----------------------------------------------------------------------- plurals


def test_the_plural_of_a_forbidden_term_is_replaced_in_the_plural(checker: Checker) -> None:
    text = "Ten wind mills were built on the ridge."
    assert found(checker, text) == [("term.forbidden", "wind mills", "wind turbines")]
    assert fix(text, "en", checker).text == "Ten wind turbines were built on the ridge."


def test_the_plural_of_a_variant_is_corrected_in_the_plural(checker: Checker) -> None:
    text = "The data-protection officers met on Monday."
    assert found(checker, text) == [
        ("term.variant", "data-protection officers", "data protection officers")
    ]
    (finding,) = checker.check(text, "en")
    assert finding.message.startswith("'data-protection officers' is a variant of the term")


def test_the_plural_of_a_correct_term_is_the_term(checker: Checker) -> None:
    assert found(checker, "The wind turbines and data protection officers agree.") == []
    # a name has no plural: a lower-case plural is the common noun, not a case error
    assert found(checker, "Both supervisory boards agree.") == []


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("The city has two gratte-ciel.", "The city has two skyscrapers."),
        ("They installed twelve éoliennes.", "They installed twelve wind turbines."),
        ("Two BCE economists spoke.", "Two ECB economists spoke."),  # the number counts them
    ],
)
def test_a_foreign_term_after_a_number_is_replaced_in_the_plural(
    checker: Checker, text: str, fixed: str
) -> None:
    assert fix(text, "en", checker).text == fixed


# ----------------------------------------------------------------------- compound modifiers


@pytest.mark.parametrize(
    "text",
    [
        "They opened three air-quality monitoring stations.",
        "AIR-QUALITY ALERT IN THE CAPITAL",
        "Two groundwater-monitoring sites closed.",
    ],
)
def test_a_hyphenated_common_term_before_its_noun_is_a_compound_modifier(
    checker: Checker, text: str
) -> None:
    assert found(checker, text) == []
    assert fix(text, "en", checker).text == text


@pytest.mark.parametrize(
    ("text", "variant"),
    [
        ("The air-quality is poor.", "air-quality"),  # no noun follows: a variant
        ("The Paris-Agreement goals are far.", "Paris-Agreement"),  # a name keeps its spelling
        ("Three AIR QUALITY stations closed.", "AIR QUALITY"),  # capitals, no hyphen: a case error
        ("The data-protection officer left.", "data-protection officer"),  # not every word joined
    ],
)
def test_a_hyphenated_term_that_is_not_a_modifier_is_a_finding(
    checker: Checker, text: str, variant: str
) -> None:
    assert [f[1] for f in found(checker, text)] == [variant]


# ----------------------------------------------------------------------- datelines


@pytest.mark.parametrize(
    "text",
    ["OSLO/BRUSSELS, 3 March – The talks began.", "BRUSSELS/OSLO, 3 March – The talks began."],
)
def test_a_dateline_of_several_places_is_not_a_case_error(checker: Checker, text: str) -> None:
    assert found(checker, text) == []


def test_a_place_in_capitals_after_a_sentence_is_a_case_error(checker: Checker) -> None:
    assert found(checker, "Talks in Brussels/OSLO began.") == [("term.case", "OSLO", "Oslo")]


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


def test_a_word_of_a_longer_term_written_as_two_with_a_hyphen(checker: Checker) -> None:
    text = "The ground-water monitoring network grew."
    assert found(checker, text) == [
        ("term.misspelled", "ground-water monitoring", "groundwater monitoring")
    ]
    assert fix(text, "en", checker).text == "The groundwater monitoring network grew."
    # alone, or where the glossary writes it so, a hyphenated word is left as it is
    assert found(checker, "Ground-water levels fell; ground-water sampling went on.") == []


# ----------------------------------------------------------------------- acronyms


def test_an_acronym_of_several_words_is_an_acronym(glossary: Glossary, checker: Checker) -> None:
    assert Glossary.is_acronym(Term("desa", "en", "UN DESA", "admitted"))
    assert not Glossary.is_acronym(Term("ecb", "en", "European Central Bank", "admitted"))
    assert found(checker, "The DAES published a report.") == [("term.foreign", "DAES", "UN DESA")]
