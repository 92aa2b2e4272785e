"""The term rules and the fixer on real, human-reviewed catalog entries (issue 14, items 9,
10, 13, 14): samples of the GNU coreutils, grep, sed, tar and findutils catalogs in French,
German, Russian and Spanish (tests/data/terms_catalog.<lang>.po, every n-th entry, made with
msgunfmt from /usr/share/locale) checked against general software terms written without
looking at them (tests/data/terms_software.tsv).

The entries are correct translations, so a term finding that claims a defect in the text
(forbidden, foreign, case, variant, misspelled) is a false alarm, and so is a fixer edit made
by a term rule. ``term.missing`` is left out: it reports the glossary's choice against the
translator's ("fichero" where the glossary says "archivo"), which a terminologist wants to see.
The suite never skips: the samples are committed.
"""

from __future__ import annotations

import polib
import pytest
from testkit import DATA

from review_tool.core.checks.checker import Checker
from review_tool.core.fixer import fix
from review_tool.core.glossary import load
from review_tool.core.morphology import text_words


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load([DATA / "terms_software.tsv"]))


def entries(lang: str) -> list[polib.POEntry]:
    found = [e for e in polib.pofile(str(DATA / f"terms_catalog.{lang}.po")) if e.msgstr]
    assert len(found) > 200, "the sample should hold a few hundred entries"
    return found


@pytest.mark.parametrize("lang", ["fr", "de", "ru", "es"])
def test_no_term_defect_claimed_in_reviewed_entries(checker: Checker, lang: str) -> None:
    claims = []
    for e in entries(lang):
        for f in checker.check(
            e.msgstr, lang, source=e.msgid, source_lang="en", flags=frozenset(e.flags)
        ):
            if f.rule.startswith("term.") and f.rule != "term.missing":
                claims.append((f.rule, f.text, e.msgstr[max(0, f.start - 30) : f.end + 30]))
    assert claims == []


@pytest.mark.parametrize("lang", ["fr", "de", "ru", "es"])
def test_the_fixer_makes_no_term_edit_to_reviewed_entries(checker: Checker, lang: str) -> None:
    edits = []
    for e in entries(lang):
        result = fix(e.msgstr, lang, checker, source=e.msgid, source_lang="en")
        edits += [(x.rule, x.old, x.new) for x in result.edits if x.rule.startswith("term.")]
    assert edits == []


def test_inflected_terms_of_the_samples_are_found_as_the_concept(checker: Checker) -> None:
    # Not vacuous: the samples do use the glossary's terms in inflected forms, and those
    # name the concept (no term.missing for them).
    forms = {"файла", "файлов", "файлы", "файле", "файлам", "файлами", "файлах", "файлу"}
    russian = [e for e in entries("ru") if forms & {w.lower() for w in text_words(e.msgstr)}]
    assert russian
    for e in russian:
        found = checker.check(e.msgstr, "ru", source=e.msgid, source_lang="en")
        assert not [f for f in found if f.rule == "term.missing" and "'файл'" in f.message]
