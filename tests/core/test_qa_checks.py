"""Mechanical QA rules (``qa.*``), each on correct and incorrect text.

Decision on legitimate doubled words: English has grammatical doublings, "that that"
("he said that that was fine") and "had had" ("she had had enough"). They are correct
English, and ``qa.repetition`` suggestions are applied by the offline fixer, which would
change the meaning. So they must not be reported; "need need" or "the the" must.
"""

from __future__ import annotations

import pytest
from qa_support import qa

from review_tool.core.models import Finding


def apply(text: str, finding: Finding) -> str:
    assert finding.suggestion is not None
    return text[: finding.start] + finding.suggestion + text[finding.end :]


def summary(findings: list[Finding]) -> list[tuple[str, str | None]]:
    return [(f.text, f.suggestion) for f in findings]


# --------------------------------------------------------------------------- qa.repetition


def test_repetition_doubled_word() -> None:
    findings = qa("We need need more time.", "en", "qa.repetition")
    assert summary(findings) == [("need need", "need")]
    assert findings[0].severity == "warning"


def test_repetition_doubled_word_ignores_case() -> None:
    assert summary(qa("The the report is late.", "en", "qa.repetition")) == [("The the", "The")]


def test_repetition_clean() -> None:
    assert qa("We need more time, again and again.", "en", "qa.repetition") == []


@pytest.mark.parametrize(
    "text",
    [
        "He said that that was the right decision.",
        "By noon she had had enough of the talks.",
    ],
)
def test_repetition_grammatical_doubling_is_not_reported(text: str) -> None:
    assert qa(text, "en", "qa.repetition") == []


@pytest.mark.parametrize(
    ("text", "idiom"),
    [
        ("It happened again and again and again.", "again and again"),
        ("More and more and more people came.", "ore and more"),
    ],
)
def test_repetition_emphatic_x_and_x_keeps_its_meaning(text: str, idiom: str) -> None:
    """ "again and again and again" is emphatic English, not a machine loop: whatever the rule
    suggests, the fixed text still says "again and again" (a lone "again" changes the
    meaning)."""
    for f in qa(text, "en", "qa.repetition"):
        assert idiom in apply(text, f), (f.text, f.suggestion)


LOOP = " and working together" * 5


def test_repetition_phrase_loop_collapses_to_one_occurrence() -> None:
    text = f"in order to walk to modernization hand in hand{LOOP} for a shared future."
    findings = qa(text, "en", "qa.repetition")
    assert len(findings) == 1
    assert findings[0].severity == "error"
    assert "5" in findings[0].message
    assert apply(text, findings[0]) == (
        "in order to walk to modernization hand in hand and working together for a shared future."
    )


def test_repetition_phrase_loop_starting_mid_phrase_collapses_to_one_occurrence() -> None:
    """The same loop, but the text enters it at "working" rather than at "and": the
    suggestion must still leave the phrase once."""
    text = "We kept working together" + LOOP[: -len(" and working together")] + " for peace."
    assert text.count("working together") == 5
    findings = qa(text, "en", "qa.repetition")
    assert len(findings) == 1
    fixed = apply(text, findings[0])
    assert fixed == "We kept working together for peace."


@pytest.mark.parametrize(
    "text",
    [
        f"hand in hand{LOOP} for a shared future.",
        "We kept working together" + LOOP[: -len(" and working together")] + " for peace.",
    ],
    ids=["entered-at-joiner", "entered-mid-phrase"],
)
def test_repetition_message_counts_every_occurrence(text: str) -> None:
    assert text.count("working together") == 5
    (finding,) = qa(text, "en", "qa.repetition")
    assert "repeated 5 times" in finding.message


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Sellers went from door to door to find buyers.", "en"),
        ("They learnt it step by step by themselves.", "en"),
        ("Ils allaient de porte à porte à pied.", "fr"),
    ],
)
def test_repetition_a_word_twice_around_a_joiner_is_an_idiom(text: str, lang: str) -> None:
    """ "door to door" followed by another "to" is no loop of "door to"."""
    assert qa(text, lang, "qa.repetition") == []


@pytest.mark.parametrize(
    ("text", "loop"),
    [("We went to the and the and left.", "the and"), ("It is of in of in use.", "of in")],
)
def test_repetition_a_function_word_twice_around_a_joiner_is_a_loop(text: str, loop: str) -> None:
    assert summary(qa(text, "en", "qa.repetition")) == [(f"{loop} {loop}", loop)]


@pytest.mark.parametrize(
    ("text", "lang", "fixed"),
    [
        ("We must build and build and build and build now.", "en", "We must build now."),
        ("Il faut voter et voter et voter et voter demain.", "fr", "Il faut voter demain."),
        ("Cut costs, cut costs, cut costs, and wait.", "en", "Cut costs, and wait."),
        ("Plan ahead; plan ahead; plan ahead; then act.", "en", "Plan ahead; then act."),
        ("Sell bonds or sell bonds or sell bonds today.", "en", "Sell bonds today."),
    ],
)
def test_repetition_loops_joined_by_commas_semicolons_or_conjunctions(
    text: str, lang: str, fixed: str
) -> None:
    (finding,) = qa(text, lang, "qa.repetition")
    assert finding.severity == "error"
    assert apply(text, finding) == fixed


@pytest.mark.parametrize(
    ("text", "lang", "fixed"),
    [
        # The loop's first unit starts in a placeholder or an option: the repeats after it go.
        ("%s is gone, s is gone, s is gone; stopping", "en", "%s is gone; stopping"),
        ("cannot combine -l or -t, t, t here", "en", "cannot combine -l or -t here"),
        # a list loop in a language written without spaces
        ("出力ファイル、イル、イルが既に存在する", "ja", "出力ファイルが既に存在する"),
        ("请选择文件，文件，文件后继续", "zh", "请选择文件后继续"),
    ],
)
def test_repetition_loops_next_to_code_and_without_spaces(text: str, lang: str, fixed: str) -> None:
    (finding,) = qa(text, lang, "qa.repetition")
    assert apply(text, finding) == fixed


@pytest.mark.parametrize(
    "text", ["Written by %s, %s, %s, and %s.", "日本、中国、韓国の代表が集まった。"]
)
def test_repetition_a_list_of_placeholders_or_of_different_items_is_no_loop(text: str) -> None:
    lang = "en" if text.isascii() else "ja"
    assert qa(text, lang, "qa.repetition") == []


@pytest.mark.parametrize(
    ("text", "lang", "doubled"),
    [
        # casefold() turns "İ" into two characters, one of them not a letter: the words after
        # it must keep their own places.
        ("Der Bürgermeister von İzmir sagte sagte nichts.", "de", "sagte sagte"),
        ("Die Straße STRASSE ist lang.", "de", "Straße STRASSE"),
    ],
)
def test_repetition_doubled_word_in_non_ascii_text(text: str, lang: str, doubled: str) -> None:
    findings = qa(text, lang, "qa.repetition")
    assert [f.text for f in findings] == [doubled]
    assert findings[0].start == text.index(doubled)


@pytest.mark.parametrize(
    "text",
    ["The plan failed. Failed plans teach.", "It is the end, end of story.", "He left—left!"],
)
def test_repetition_across_punctuation_is_not_a_doubled_word(text: str) -> None:
    assert qa(text, "en", "qa.repetition") == []


def test_repetition_doubled_word_in_a_long_text() -> None:
    words = [f"item{i}" for i in range(300)]
    words[250:250] = ["again", "again"]
    text = " ".join(words) + "."
    findings = qa(text, "en", "qa.repetition")
    assert summary(findings) == [("again again", "again")]
    assert findings[0].start == text.index("again again")


def test_repetition_chinese_loop() -> None:
    text = "双方同意合作合作合作合作合作共赢。"
    findings = qa(text, "zh", "qa.repetition")
    assert summary(findings) == [("合作合作合作合作合作", "合作")]
    assert apply(text, findings[0]) == "双方同意合作共赢。"


def test_repetition_chinese_reduplication_is_not_a_loop() -> None:
    # ABAB verb reduplication ("discuss a bit") and AA reduplication are ordinary Chinese.
    assert qa("我们讨论讨论这个问题，谢谢。", "zh", "qa.repetition") == []


# --------------------------------------------------------------------------- qa.hyphen-space


def test_hyphen_space_before() -> None:
    findings = qa("It improves decision -making at all levels.", "en", "qa.hyphen-space")
    assert summary(findings) == [("decision -making", "decision-making")]
    assert findings[0].severity == "error"


def test_hyphen_space_before_a_unicode_hyphen() -> None:
    findings = qa("It improves decision \u2010making at all levels.", "en", "qa.hyphen-space")
    assert summary(findings) == [("decision \u2010making", "decision-making")]


def test_hyphen_space_after() -> None:
    findings = qa("It improves decision- making at all levels.", "en", "qa.hyphen-space")
    assert summary(findings) == [("decision- making", "decision-making")]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("It improves decision-making at all levels.", "en"),
        ("The pre- and post-war periods differ.", "en"),
        ("Both long- or short-term loans.", "en"),
        ("Les soins pré- et post-opératoires.", "fr"),
        ("Compute a - b first.", "en"),
        ("It was -5 degrees at night.", "en"),
        ("Temperatures of -5 to -10 degrees.", "en"),
    ],
)
def test_hyphen_space_not_reported(text: str, lang: str) -> None:
    assert qa(text, lang, "qa.hyphen-space") == []


# --------------------------------------------------------------------------- qa.punct-space


def test_punct_space_english_space_before_comma() -> None:
    findings = qa("In this word , a space.", "en", "qa.punct-space")
    assert summary(findings) == [(" ,", ",")]
    assert apply("In this word , a space.", findings[0]) == "In this word, a space."


def test_punct_space_a_quotation_in_guillemets_keeps_its_own_typography() -> None:
    text = "The guide « Fraude : ce qu'il faut savoir » is out ; read it."
    assert summary(qa(text, "en", "qa.punct-space")) == [(" ;", ";")]


def test_punct_space_the_whole_run_of_spaces_before_the_mark() -> None:
    text = "In this word \u00a0 , a space."
    findings = qa(text, "en", "qa.punct-space")
    assert summary(findings) == [(" \u00a0 ,", ",")]
    assert apply(text, findings[0]) == "In this word, a space."


@pytest.mark.parametrize(
    "text",
    ["A first line\n  , then a comma.", "  , at the very start.", "Tab then\t\u2003 ; here."],
)
def test_punct_space_not_reported_after_a_line_break_or_other_space(text: str) -> None:
    assert qa(text, "en", "qa.punct-space") == []


def test_punct_space_no_space_after_a_semicolon() -> None:
    findings = qa("Red;green and blue.", "en", "qa.punct-space")
    assert summary(findings) == [(";", "; ")]


@pytest.mark.parametrize("text", ["In this word, no space.", "Really? Yes: no; maybe!"])
def test_punct_space_english_clean(text: str) -> None:
    assert qa(text, "en", "qa.punct-space") == []


@pytest.mark.parametrize(
    "text",
    [
        "Un mot ; un autre.",
        "Un mot\u00a0; un autre.",
        "Un mot\u202f; un autre.",
        "Voici : la liste.",
        "Vraiment ? Oui !",
        "Il est 12:30, voir http://exemple.fr/a;b?c=1 pour le détail.",
        "« Bonjour »",
    ],
)
def test_punct_space_french_clean(text: str) -> None:
    assert qa(text, "fr", "qa.punct-space") == []


def test_punct_space_french_needs_a_space_before_semicolon() -> None:
    text = "Un mot; un autre."
    findings = qa(text, "fr", "qa.punct-space")
    assert [f.text for f in findings] == [";"]
    assert apply(text, findings[0]) in ("Un mot\u00a0; un autre.", "Un mot\u202f; un autre.")


@pytest.mark.parametrize(
    ("text", "marks"),
    [("Voici la liste: un, deux.", [":"]), ("À 12: rien; tout!", [";", "!"])],
)
def test_punct_space_french_needs_a_space_before_a_colon_after_a_word(
    text: str, marks: list[str]
) -> None:
    assert [f.text for f in qa(text, "fr", "qa.punct-space")] == marks


def test_punct_space_french_space_before_comma() -> None:
    text = "Un mot , un autre."
    findings = qa(text, "fr", "qa.punct-space")
    assert summary(findings) == [(" ,", ",")]


# --------------------------------------------------------------------------- qa.range


def test_range_merged_years() -> None:
    text = "The logo of the 20242025 presidency."
    findings = qa(text, "en", "qa.range")
    assert summary(findings) == [("20242025", "2024-2025")]
    assert apply(text, findings[0]) == "The logo of the 2024-2025 presidency."


def test_range_merged_years_at_the_start_of_the_text() -> None:
    findings = qa("20242025 was a long season.", "en", "qa.range")
    assert summary(findings) == [("20242025", "2024-2025")]


@pytest.mark.parametrize(
    "text",
    [
        "The logo of the 2024-2025 presidency.",
        "Signed on 20250901 in Tianjin.",  # a date, not two years
        "See https://example.org/archive/20242025/page.html for details.",
        "See www.example.org/t20242025_1169345.html for details.",
        "Install version v.20242025 first.",
        "Serial no. 2.20242025 and 1,20242025.",
    ],
)
def test_range_not_reported(text: str) -> None:
    assert qa(text, "en", "qa.range") == []


# --------------------------------------------------------------------------- qa.numbers


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("The budget is 1,234.5 million.", "Le budget est de 1 234,5 millions."),
        ("The budget is 1,234.5 million.", "Le budget est de 1\u00a0234,5 millions."),
        ("The budget is 1,234.5 million.", "Le budget est de 1\u202f234,5 millions."),
        ("It costs 1,234,567.89 euros.", "Cela coûte 1 234 567,89 euros."),
        ("Growth was 3.5% in 2024.", "La croissance a été de 3,5 % en 2024."),
        ("Between 1,000 and 2,000.", "Entre 1 000 et 2 000."),
        ("Page 12, items 3, 4 and 5.", "Page 12, éléments 3, 4 et 5."),
    ],
)
def test_numbers_localised_french_separators_are_the_same_number(source: str, target: str) -> None:
    assert qa(target, "fr", "qa.numbers", source=source, source_lang="en") == []


def test_numbers_plain_integer_clean() -> None:
    source = "The 24 members met in 2025."
    target = "Les 24 membres se sont réunis en 2025."
    assert qa(target, "fr", "qa.numbers", source=source, source_lang="en") == []


def test_numbers_english_grouping_left_in_french_is_a_different_number() -> None:
    source = "It costs 1,234 euros."
    target = "Cela coûte 1,234 euros."
    findings = qa(target, "fr", "qa.numbers", source=source, source_lang="en")
    assert "1,234" in [f.text for f in findings]


def test_numbers_missing_from_the_target() -> None:
    source = "The 24 members met."
    findings = qa(
        "Les membres se sont réunis.", "fr", "qa.numbers", source=source, source_lang="en"
    )
    assert len(findings) == 1
    assert "24" in findings[0].message


def test_numbers_at_the_start_of_the_text() -> None:
    findings = qa(
        "2025 fut une bonne année.",
        "fr",
        "qa.numbers",
        source="2024 was a good year.",
        source_lang="en",
    )
    assert [f.text for f in findings] == ["2025", ""]
    assert "2024" in findings[1].message


def test_numbers_zero_missing_from_the_target() -> None:
    findings = qa(
        "Le score est nul.", "fr", "qa.numbers", source="The score is 0.", source_lang="en"
    )
    assert [f.message for f in findings] == ["number 0 of the source is missing"]


def test_numbers_digits_inside_words_are_not_numbers() -> None:
    source = "Print 7 copies on A4 paper."
    target = "Imprimez 7 copies sur du papier A5."
    assert qa(target, "fr", "qa.numbers", source=source, source_lang="en") == []


def test_numbers_not_checked_without_a_source() -> None:
    assert qa("Cela coûte 1,234 euros.", "fr", "qa.numbers") == []


# --------------------------------------------------------------------------- qa.urls


def test_urls_changed_in_the_target() -> None:
    source = "Read it at https://example.org/full-text.html today."
    target = "Lisez-le sur https://example.org/texte-integral.html aujourd'hui."
    findings = qa(target, "fr", "qa.urls", source=source, source_lang="en")
    assert "https://example.org/texte-integral.html" in [f.text for f in findings]
    assert any("https://example.org/full-text.html" in f.message for f in findings)
    assert all(f.severity == "error" for f in findings)


def test_urls_missing_in_the_target() -> None:
    source = "Read it at https://example.org/full-text.html today."
    findings = qa("Lisez-le aujourd'hui.", "fr", "qa.urls", source=source, source_lang="en")
    assert len(findings) == 1
    assert "https://example.org/full-text.html" in findings[0].message


def test_urls_in_capitals_are_urls() -> None:
    source = "Details at WWW.EXAMPLE.ORG/REPORT today."
    target = "Détails sur WWW.EXAMPLE.ORG/RAPPORT aujourd'hui."
    findings = qa(target, "fr", "qa.urls", source=source, source_lang="en")
    assert [f.text for f in findings] == ["WWW.EXAMPLE.ORG/RAPPORT", ""]
    assert "WWW.EXAMPLE.ORG/REPORT" in findings[1].message


def test_urls_kept() -> None:
    source = "(See: https://example.org/xw/202509/t20250901_1169345.html.)"
    target = "(Voir : https://example.org/xw/202509/t20250901_1169345.html.)"
    assert qa(target, "fr", "qa.urls", source=source, source_lang="en") == []


# --------------------------------------------------------------------------- qa.whitespace


def test_whitespace_double_space() -> None:
    text = "Two  spaces here."
    findings = qa(text, "en", "qa.whitespace")
    assert summary(findings) == [("  ", " ")]
    assert apply(text, findings[0]) == "Two spaces here."


def test_whitespace_single_spaces_clean() -> None:
    assert qa("One space here.", "en", "qa.whitespace") == []


def test_whitespace_source_ends_with_newline_and_target_does_not() -> None:
    findings = qa("Bonjour.", "fr", "qa.whitespace", source="Hello.\n", source_lang="en")
    assert len(findings) == 1
    assert "newline" in findings[0].message


def test_whitespace_both_end_with_newline() -> None:
    assert qa("Bonjour.\n", "fr", "qa.whitespace", source="Hello.\n", source_lang="en") == []


# --------------------------------------------------------------------------- qa.brackets


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("The SCO (Shanghai Cooperation Organization met.", "("),
        ("The SCO Shanghai Cooperation Organization) met.", ")"),
        ("A list [one, two.", "["),
        ("Il a dit « oui.", "«"),
        ("He said “yes.", "“"),
    ],
)
def test_brackets_unbalanced(text: str, bad: str) -> None:
    findings = qa(text, "en", "qa.brackets")
    assert [f.text for f in findings] == [bad]
    assert findings[0].start == text.index(bad)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The SCO (Shanghai Cooperation Organization) met [twice].", "en"),
        ("Two steps: a) first b) second.", "en"),
        ("Steps:\n1) first\n2) second", "en"),
        ("Il a dit « oui » (deux fois).", "fr"),
    ],
)
def test_brackets_clean(text: str, lang: str) -> None:
    assert qa(text, lang, "qa.brackets") == []


# --------------------------------------------------------------------------- qa.untranslated


def test_untranslated_target_identical_to_source() -> None:
    text = "The leaders signed the declaration."
    findings = qa(text, "fr", "qa.untranslated", source=text, source_lang="en")
    assert len(findings) == 1


@pytest.mark.parametrize("langs", [("en", "en"), ("en_US", "en_GB")])
def test_untranslated_not_reported_for_the_same_language(langs: tuple[str, str]) -> None:
    text = "The leaders signed the declaration."
    source_lang, lang = langs
    assert qa(text, lang, "qa.untranslated", source=text, source_lang=source_lang) == []


def test_untranslated_not_reported_for_a_translation() -> None:
    findings = qa(
        "Les dirigeants ont signé la déclaration.",
        "fr",
        "qa.untranslated",
        source="The leaders signed the declaration.",
        source_lang="en",
    )
    assert findings == []
