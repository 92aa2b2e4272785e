"""QA rules on texts at the edge of their speed screens (see the docstring of
core/checks/qa.py): the characters a finding needs, and for loops a byte for each word.

A screen only rules out texts that cannot have a finding; every text here gets past one and
must get the findings a reader expects.
"""

from __future__ import annotations

import pytest
from qa_support import qa

from review_tool.core.checks.checker import qa_findings
from review_tool.core.models import Finding


def texts(findings: list[Finding]) -> list[str]:
    return [f.text for f in findings]


# --------------------------------------------------------------------------- qa.repetition

# The loop screen keeps one byte for each word (the lowest of its hash): different words may
# share it, and the screen's padding holds bytes 0 and 255; words that only look alike (the
# same letters, the same start) are never a loop.


@pytest.mark.parametrize(
    "text",
    [
        "Nobody was as great as she.",  # same byte, next to each other
        "It would as be great date.",  # two pairs of them, two words apart
        "The international internationalist spoke.",  # the same first four letters
        "The internal internals were checked.",
        "They went to the meeting creek",  # byte 0 at the end of the text
        "Canada bucket lists are long.",  # byte 255 at the start
    ],
)
def test_repetition_words_that_only_look_alike_to_the_screen(text: str) -> None:
    assert qa(text, "en", "qa.repetition") == []


def test_repetition_words_sharing_a_byte_of_the_screen_are_no_loop() -> None:
    """2 000 different words: with one byte a word, many pairs of them share it."""
    text = " ".join(f"word{i}" for i in range(2000)) + "."
    assert qa(text, "en", "qa.repetition") == []


@pytest.mark.parametrize(
    ("text", "lang", "doubled"),
    [
        (
            "They spoke internationally internationally today.",
            "en",
            "internationally internationally",
        ),
        ("L'École ÉCOLE est fermée.", "fr", "École ÉCOLE"),
        ("Une taille de 5 µm µm seulement.", "fr", "µm µm"),
        ("Une taille de 5 µm μm seulement.", "fr", "µm μm"),  # micro sign, then Greek mu
        ("Il a dit Ça ÇA deux fois.", "fr", "Ça ÇA"),
        ("  «the the» began the talks.", "en", "the the"),
        ("It was the very end end", "en", "end end"),
        ("It was the very End END\n", "en", "End END"),
        ("Он сказал сказал это.", "ru", "сказал сказал"),
        ("The 网络 网络 was slow.", "en", "网络 网络"),
    ],
)
def test_repetition_doubled_word_past_the_screen(text: str, lang: str, doubled: str) -> None:
    findings = qa(text, lang, "qa.repetition")
    assert texts(findings) == [doubled]
    assert findings[0].start == text.index(doubled)


@pytest.mark.parametrize(
    "text",
    [
        "Le score ² ² est faux.",  # digits for str.isdigit(), if not for \d
        "Plan a a fallback.",
        "He said that that was fine.",
        "The end.\u00a0End of the story.",
    ],
)
def test_repetition_not_reported_past_the_screen(text: str) -> None:
    assert qa(text, "en", "qa.repetition") == []


def test_repetition_loop_of_two_words_in_latin1_text() -> None:
    text = "Nous voulons la paix la paix la paix à tout prix."
    (finding,) = qa(text, "fr", "qa.repetition")
    assert finding.text == "la paix la paix la paix"
    assert finding.suggestion == "la paix"
    assert "repeated 3 times" in finding.message


def test_repetition_many_doubled_words_in_a_long_text_each_in_its_place() -> None:
    words = [f"w{i}" for i in range(400)]
    for i in range(390, 0, -30):
        words[i:i] = [f"again{i}", f"again{i}"]
    text = " ".join(words) + "."
    findings = qa(text, "en", "qa.repetition")
    assert texts(findings) == [f"again{i} again{i}" for i in range(30, 391, 30)]


@pytest.mark.parametrize("gap", ["\u2003", "\u3000", "\t", "\n", " \u00a0 "])
def test_repetition_doubled_word_across_any_white_space(gap: str) -> None:
    text = f"We need{gap}need more time."
    assert texts(qa(text, "en", "qa.repetition")) == [f"need{gap}need"]


# --------------------------------------------------------------------------- qa.punct-space


@pytest.mark.parametrize(
    ("text", "lang", "found"),
    [
        ("Hello\u00a0! Anyone there?", "en", ["\u00a0!"]),
        ("Hello\u202f! Anyone there?", "en", ["\u202f!"]),  # not Latin-1
        ("Он сказал , что да.", "ru", [" ,"]),
        ("Un mot ; un autre.", "fr", []),
        ("Un mot\u00a0, un autre.", "fr", []),  # no-break space before a comma: not in French
        ("Un mot\t, un autre.", "fr", ["\t,"]),
        ("Rouge,vert et bleu.", "fr", [","]),
        ("Rouge;vert et bleu.", "fr", [";", ";"]),  # needs a space before it and after it
        ("Rouge,vert et bleu.", "en", [","]),
        ("Értékek,számok és betűk.", "hu", [","]),
    ],
)
def test_punct_space_past_the_screen(text: str, lang: str, found: list[str]) -> None:
    assert texts(qa(text, lang, "qa.punct-space")) == found


# --------------------------------------------------------------------------- qa.range


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("L'été 20242025 fut long.", "fr"),
        ("В 20242025 году было жарко.", "ru"),
        ("Season 19992000 at last.", "en"),
    ],
)
def test_range_merged_years_past_the_screen(text: str, lang: str) -> None:
    findings = qa(text, lang, "qa.range")
    assert len(findings) == 1
    assert findings[0].text.isdigit() and len(findings[0].text) == 8


@pytest.mark.parametrize("text", ["Call 2024 2025 now.", "Ref 1234567 and 12345678 only."])
def test_range_not_reported_past_the_screen(text: str) -> None:
    assert qa(text, "en", "qa.range") == []


# --------------------------------------------------------------------------- qa.numbers


def test_numbers_missing_in_source_order_with_counts() -> None:
    findings = qa(
        "Rien ici.", "fr", "qa.numbers", source="Take 3, then 1, 1 and 2.", source_lang="en"
    )
    assert [f.message for f in findings] == [
        "number 3 of the source is missing",
        "number 1 of the source is missing (2 times)",
        "number 2 of the source is missing",
    ]


def test_numbers_extra_ones_in_the_target_are_its_first() -> None:
    target = "Voir 2 puis 2 et 5."
    findings = qa(target, "fr", "qa.numbers", source="See 2.", source_lang="en")
    assert [(f.start, f.text) for f in findings] == [(target.index("2"), "2"), (17, "5")]


@pytest.mark.parametrize(
    ("target", "lang", "source"),
    [
        ("Цена 1 234,5 рубля.", "ru", "Price 1,234.5 roubles."),
        ("Prix : 1 234,5 euros.", "fr", "Price: 1,234.5 euros."),
        ("Prix : 1\u202f234,5 euros.", "fr", "Price: 1,234.5 euros."),
        ("Modèle A4, version.2 : 7 pièces.", "fr", "Model A4, version.3: 7 pieces."),
    ],
)
def test_numbers_the_same_past_the_screen(target: str, lang: str, source: str) -> None:
    assert qa(target, lang, "qa.numbers", source=source, source_lang="en") == []


def test_numbers_after_a_point_or_a_letter_are_not_numbers() -> None:
    findings = qa("Voir section.2, A4 et 9.", "fr", "qa.numbers", source="See 9.", source_lang="en")
    assert findings == []


# --------------------------------------------------------------------------- qa.urls


@pytest.mark.parametrize(
    "url", ["www.example.org/a", "Www.Example.org/a", "wWw.example.org/a", "ftp://example.org/a"]
)
def test_urls_in_any_case_past_the_screen(url: str) -> None:
    target = f"Note : voir {url} aujourd'hui."
    findings = qa(target, "fr", "qa.urls", source="Note: see the site today.", source_lang="en")
    assert texts(findings) == [url]


@pytest.mark.parametrize(
    ("target", "urls"),
    [
        ("HTTPS://EXAMPLE.ORG/A et ftp://x.org/b.", ["HTTPS://EXAMPLE.ORG/A", "ftp://x.org/b"]),
        ("http://a.org/x,https://b.org/y.", ["http://a.org/x,https://b.org/y"]),
        ("Voir www.a.org/www.b.org puis http://c.org", ["www.a.org/www.b.org", "http://c.org"]),
        ("Pas d'adresse : awww.a.org, xhttps://b.org, shttp://c.org.", []),
    ],
)
def test_urls_where_a_url_may_start(target: str, urls: list[str]) -> None:
    findings = qa(target, "fr", "qa.urls", source="No address here.", source_lang="en")
    assert texts(findings) == urls


# --------------------------------------------------------------------------- qa.hyphen-space


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("It improves decision\u2011 making.", ["decision\u2011 making"]),
        ("A well-known, self-made man - really.", []),
        ("A well -known man.", ["well -known"]),
    ],
)
def test_hyphen_space_past_the_screen(text: str, found: list[str]) -> None:
    assert texts(qa(text, "en", "qa.hyphen-space")) == found


# --------------------------------------------------------------------------- qa.whitespace


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("a   b  c.", ["   ", "  "]),
        ("  a b  ", []),  # at the start and at the end
        ("a  \t  b\u00a0  c\n  d", []),  # next to other white space
        ("a b,  c", ["  "]),
    ],
)
def test_whitespace_double_space_between_two_other_characters(text: str, runs: list[str]) -> None:
    assert texts(qa(text, "en", "qa.whitespace")) == runs


@pytest.mark.parametrize(
    ("target", "source", "found"),
    [
        (" Bonjour", "\tHello", [(" ", "\t")]),
        ("Bonjour", "Hello ", []),  # nothing to replace: no finding to point at a space
        ("Bonjour  ", "Hello\t", [("  ", "\t")]),
        ("Bonjour", "", []),
    ],
)
def test_whitespace_edges_differ_from_the_source(
    target: str, source: str, found: list[tuple[str, str]]
) -> None:
    findings = qa(target, "fr", "qa.whitespace", source=source, source_lang="en")
    assert [(f.text, f.suggestion) for f in findings if f.text] == found


# --------------------------------------------------------------------------- qa_findings


def test_the_same_text_in_two_languages_keeps_each_its_findings() -> None:
    text = "Un mot , un autre ; fin."
    for _ in range(2):
        assert texts(qa(text, "fr", "qa.punct-space")) == [" ,"]
        assert texts(qa(text, "en", "qa.punct-space")) == [" ,", " ;"]


def test_a_source_language_without_a_source_changes_nothing() -> None:
    text = "Il a dit dit non (vraiment."
    assert qa_findings(text, "fr", None, "en") == qa_findings(text, "fr")
