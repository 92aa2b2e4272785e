"""The protected-span tokenizer: each kind found whole in the shapes real catalogs have, prose
left alone, and the spans of any text ordered, apart and equal to the text they cover."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review_tool.core.protected_spans import infer_accelerator, mask, overlaps, protected_spans


def kinds(text: str, **kw: object) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in protected_spans(text, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See https://example.org/a%20b. Then", [("url", "https://example.org/a%20b")]),
        ("Visit www.gnu.org/software/grep!", [("url", "www.gnu.org/software/grep")]),
        ("Report bugs to: bug-grep@gnu.org.", [("email", "bug-grep@gnu.org")]),
        (
            "Use -l or --color=auto, oder -f",
            [("option", "-l"), ("option", "--color=auto"), ("option", "-f")],
        ),
        (
            "see /usr/share/locale and ~/.config",
            [("path", "/usr/share/locale"), ("path", "~/.config")],
        ),
        ("edit src/main.c now", [("path", "src/main.c")]),
        ("%d files in %s", [("placeholder", "%d"), ("placeholder", "%s")]),
        (
            "%2$s at %1$lu, %'d and %2.2u",
            [
                ("placeholder", "%2$s"),
                ("placeholder", "%1$lu"),
                ("placeholder", "%'d"),
                ("placeholder", "%2.2u"),
            ],
        ),
        ("%(count)d of %(total)s", [("placeholder", "%(count)d"), ("placeholder", "%(total)s")]),
        ("{0} of {name}", [("placeholder", "{0}"), ("placeholder", "{name}")]),
        ("set $HOME or ${PATH}", [("placeholder", "$HOME"), ("placeholder", "${PATH}")]),
        ("<b>bold</b> &amp; done", [("tag", "<b>"), ("tag", "</b>"), ("entity", "&amp;")]),
        ("run `make check` [docs](docs/x.md)", [("code", "`make check`"), ("link", "docs/x.md")]),
    ],
)
def test_each_kind(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "prose",
    [
        "a decision -making process",  # a broken hyphen, for qa.hyphen-space to find
        "100% sure, 50 % off",
        "Tom & Jerry",
        "the rock'n'roll years",
        "US$ 5 and 20 km/h",
        "an e-mail, a well-known fact",
    ],
)
def test_prose_is_not_code(prose: str) -> None:
    assert protected_spans(prose) == ()


def test_format_flags_decide_placeholders() -> None:
    # c-format: exactly the C directives (the space flag too); no-c-format: none inferred.
    assert kinds("100% sure", flags=frozenset({"c-format"})) == [("placeholder", "% s")]
    assert kinds("%d items", flags=frozenset({"no-c-format"})) == []
    assert kinds("{0} %s", flags=frozenset({"python-brace-format"})) == [("placeholder", "{0}")]


def test_accelerators_where_the_source_marks_them() -> None:
    assert infer_accelerator("&File") == "&"
    assert infer_accelerator("_Open") == "_"
    assert infer_accelerator("Tom & Jerry &amp;") is None
    assert infer_accelerator("snake_case name") is None
    assert kinds("&Datei", accelerator="&") == [("accelerator", "&D")]
    assert kinds("Ö_ffnen", accelerator="_") == []  # inside a word: not a key marker
    assert kinds("_Öffnen", accelerator="_") == [("accelerator", "_Ö")]


def test_overlaps_and_mask() -> None:
    text = "see http://a.org/x now"
    spans = protected_spans(text)
    assert overlaps(spans, 4, 8) and overlaps(spans, 10, 11)
    assert not overlaps(spans, 0, 3) and not overlaps(spans, 19, 22)
    assert mask(text, spans) == "see " + " " * len("http://a.org/x") + " now"


@given(st.text(alphabet=st.sampled_from(list("ab -/%{}$<>&`_@.:()[]sd0\\ \n")), max_size=60))
def test_spans_are_ordered_apart_and_exact(text: str) -> None:
    spans = protected_spans(text)
    end = 0
    for s in spans:
        assert end <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        end = s.end
