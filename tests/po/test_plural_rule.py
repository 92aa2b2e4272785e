"""Which numbers each plural form is for (the review screen's form labels)."""

from __future__ import annotations

from review_tool.po.plural_forms import plural_forms
from review_tool.po.plural_rule import form_examples


def test_examples_follow_the_languages_rule() -> None:
    assert form_examples(plural_forms("ru"), 3) == ["1, 21, 31, 41…", "2, 3, 4, 22…", "0, 5, 6, 7…"]
    assert form_examples(plural_forms("fr"), 2) == ["0, 1", "2, 3, 4, 5…"]
    assert form_examples(plural_forms("ja"), 1) == ["0, 1, 2, 3…"]


def test_an_unreadable_rule_gives_no_numbers_rather_than_wrong_ones() -> None:
    assert form_examples("nplurals=2; plural=n ?? 1;", 2) == ["", ""]
    assert form_examples(None, 2) == ["", ""]
