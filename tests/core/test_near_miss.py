"""The near-miss index finds exactly the term words a brute-force scan would.

The index only looks up deletion variants of the first ``PREFIX`` letters (two levels for the
long words, one for the short, fewer for short text words), so these tests compare it with
checking ``_is_near`` against every term word, on words made to be one to three edits away
(some across the prefix's end), with letters from a small alphabet so that many term words
share their deletion variants.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from review_tool.core.models import Term
from review_tool.core.near_miss import MIN_WORD_LEN, PREFIX, NearMissIndex, _is_near, _spelled_word

LETTERS = "abcde"
term_word = st.text(LETTERS, min_size=MIN_WORD_LEN, max_size=PREFIX + 6)


@st.composite
def edited(draw: st.DrawFn, words: list[str]) -> str:
    """One of ``words`` after one to three random edits (substitute, insert, delete, swap)."""
    word = list(draw(st.sampled_from(words)))
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from("sids"))
        i = draw(st.integers(0, len(word) - 1)) if word else 0
        if op == "s" and word:
            word[i] = draw(st.sampled_from(LETTERS))
        elif op == "i":
            word.insert(i, draw(st.sampled_from(LETTERS)))
        elif op == "d" and len(word) > 1:
            del word[i]
        elif op == "s" or i + 1 >= len(word):
            continue
        else:
            word[i], word[i + 1] = word[i + 1], word[i]
    return "".join(word)


def brute_force(index: NearMissIndex, token: str) -> tuple[str, ...]:
    if token in index.postings or not _spelled_word(token):
        return ()
    return tuple(sorted(w for w in index.postings if len(w) >= MIN_WORD_LEN and _is_near(token, w)))


@settings(max_examples=300, deadline=None)
@given(st.data(), st.lists(term_word, min_size=1, max_size=40, unique=True))
def test_candidates_are_the_brute_force_ones(data: st.DataObject, words: list[str]) -> None:
    index = NearMissIndex(Term(f"c{i}", "en", w, "preferred") for i, w in enumerate(words))
    for _ in range(20):
        token = data.draw(edited(words))
        assert index.candidates(token) == brute_force(index, token), token


def test_two_substitutions_in_an_eight_letter_word() -> None:
    index = NearMissIndex([Term("c", "en", "abcdefgh", "preferred")])
    assert index.candidates("abxdefyh") == ("abcdefgh",)


def test_a_seven_letter_word_two_edits_from_an_eight_letter_term_word() -> None:
    # one letter missing and one changed: the text word needs only one deletion of its own
    index = NearMissIndex([Term("c", "en", "abcdefgh", "preferred")])
    assert index.candidates("abxdefg") == ("abcdefgh",)
    assert index.candidates("abxdeyg") == ()  # three edits


def test_a_variant_shared_by_several_term_words() -> None:
    index = NearMissIndex(
        [Term("c1", "en", "abcdef", "preferred"), Term("c2", "en", "abcdeg", "preferred")]
    )
    assert index.candidates("abcdex") == ("abcdef", "abcdeg")


def test_edits_after_the_indexed_prefix() -> None:
    word = "abcdefghijklmn"
    assert len(word) > PREFIX + 2
    index = NearMissIndex([Term("c", "en", word, "preferred")])
    assert index.candidates("abcdefghijkxmy") == (word,)  # two changes past the prefix
    assert index.candidates("xabcdefghijklm") == (word,)  # every letter moved across the cut
    assert index.candidates("abcdefghjiklmn") == (word,)  # a swap across the cut
    assert index.candidates("abcdefghxjkxmy") == ()  # three edits
