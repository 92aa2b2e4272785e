"""qa.spelling: real Hunspell dictionaries, with the glossary and the project word list as
allow-lists, on what a careful editor would leave alone as much as on real misspellings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dictionary_support import require_dictionary

from review_tool.core import dictionaries
from review_tool.core.checks.checker import Checker
from review_tool.core.fixer import fix
from review_tool.core.glossary import Glossary, load
from review_tool.core.models import Term


def spelling(
    checker: Checker, text: str, lang: str = "en", **kw: str
) -> list[tuple[str, str | None]]:
    found = [f for f in checker.check(text, lang, **kw) if f.rule == "qa.spelling"]
    for f in found:
        assert text[f.start : f.end] == f.text
        assert f.severity == "warning"
    return [(f.text, f.suggestion) for f in found]


@pytest.fixture(scope="module")
def checker() -> Checker:
    require_dictionary("en")
    glossary = Glossary()
    glossary.extend(
        [
            Term("c1", "en", "Zorblat Council", "preferred"),
            Term("c1", "fr", "Conseil de Zorblatie", "preferred"),
            Term("c2", "en", "OCSX", "forbidden"),
        ]
    )
    return Checker(glossary, near_miss=False)


def test_a_misspelling_is_reported_with_the_one_word_a_slip_away(checker: Checker) -> None:
    assert spelling(checker, "The comittee met on Monday.") == [("comittee", "committee")]
    assert spelling(checker, "They did not beleive it.") == [("beleive", "believe")]


def test_no_suggestion_when_the_fix_is_not_unambiguous(checker: Checker) -> None:
    # "thier": their (swap) and tier (a letter too many) are both one slip away.
    assert spelling(checker, "They took thier seats.") == [("thier", None)]
    # A letter left out: reported, but not guessed.
    assert spelling(checker, "The nstallation failed.") == [("nstallation", None)]


def test_correct_text_is_clean(checker: Checker) -> None:
    text = (
        "On 1 September 2025, the leaders didn't sign the decision-making rules; "
        "they'll meet again in the multi-party talks, e-mail the NATO office and the WHO."
    )
    assert spelling(checker, text) == []


def test_glossary_terms_in_every_language_of_a_concept_are_words(checker: Checker) -> None:
    assert spelling(checker, "The zorblat council and the Conseil de Zorblatie met.") == []
    assert spelling(checker, "the zorblatie's report") == []
    assert spelling(checker, "the zorblatt report") == [("zorblatt", None)]


def test_protected_spans_numbers_acronyms_and_identifiers_are_not_checked(
    checker: Checker,
) -> None:
    text = (
        "See https://example.org/frobnix/qwertz or write to jdoe@exmpl.org; run "
        "`frobnix --qwertz-mode` with %(frobcount)d files, {frobname} and $FROBDIR in "
        "/usr/lib/frobnix/, <frobtag attr='x'>, &frobent; ABCXYZ, x86_64, mp3s, GtkFrobnix."
    )
    assert spelling(checker, text) == []


def test_a_name_inside_a_sentence_is_not_a_misspelling_but_a_sentence_start_is_checked(
    checker: Checker,
) -> None:
    assert spelling(checker, "The talks were chaired by Yermekbayev in Qingdao.") == []
    assert spelling(checker, "Beleive it or not.") == [("Beleive", "Believe")]


def test_german_nouns_are_checked_and_compounds_of_known_words_accepted() -> None:
    require_dictionary("de")
    checker = Checker(Glossary(), near_miss=False)
    assert spelling(checker, "Die Formatversion der Ganzzahl ist falsch.", "de") == []
    assert spelling(checker, "Die Regierumg tagt.", "de") == [("Regierumg", None)]


def test_a_word_kept_from_the_source_or_borrowed_from_its_language_is_fine(
    checker: Checker,
) -> None:
    require_dictionary("fr")
    found = spelling(
        checker,
        "Le déclencheur frobnix a échoué dans le shell.",
        "fr",
        source="The frobnix trigger failed in the shell.",
        source_lang="en",
    )
    assert found == []
    # "trigger" is not in the source, but English (the source language) knows it.
    found = spelling(
        checker, "Le trigger a échoué.", "fr", source="The hook failed.", source_lang="en"
    )
    assert found == []
    assert spelling(checker, "Le fichier est introuvabel.", "fr") == [
        ("introuvabel", "introuvable")
    ]


def test_the_project_word_list_is_an_allow_list(tmp_path: Path) -> None:
    require_dictionary("en")
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "terms.tsv").write_text("concept\tlang\tterm\tstatus\tnote\n", encoding="utf-8")
    (folder / "words-en.txt").write_text("# product names\nFrobnix\nqwertzify\n", "utf-8")
    checker = Checker(load([folder]), near_miss=False)
    assert spelling(checker, "Then qwertzify the frobnix output.") == []
    assert spelling(checker, "Then qwertzyfy the frobnix output.") == [("qwertzyfy", None)]
    # Given the glossary file, its folder's word lists come with it.
    checker = Checker(load([folder / "terms.tsv"]), near_miss=False)
    assert spelling(checker, "Then qwertzify it.") == []


def test_a_language_without_a_dictionary_is_not_checked_and_is_remembered() -> None:
    checker = Checker(Glossary(), near_miss=False)
    assert spelling(checker, "qwxz blorft zzyx", "xx") == []
    assert checker.no_dictionary == {"xx"}


def test_spelling_can_be_switched_off(checker: Checker) -> None:
    off = Checker(Glossary(), near_miss=False, spelling=False)
    assert spelling(off, "The comittee met.") == []
    assert off.no_dictionary == set()


def test_the_fixer_never_applies_a_spelling_suggestion(checker: Checker) -> None:
    text = "The comittee met."
    findings = checker.check(text, "en")
    assert [f.suggestion for f in findings if f.rule == "qa.spelling"] == ["committee"]
    assert fix(text, "en", checker).text == text


def test_a_misspelt_term_is_reported_once_by_the_term_rule(sample_checker: Checker) -> None:
    require_dictionary("en")
    text = "The Universal Center for Coutrening Security Challenges and Threats opened."
    rules = [f.rule for f in sample_checker.check(text, "en") if f.text == "Coutrening"]
    assert rules in (["term.misspelled"], [])
    assert "qa.spelling" not in [f.rule for f in sample_checker.check(text, "en")]


def test_the_sample_has_no_spelling_finding(sample_checker: Checker, sample_paragraphs) -> None:
    require_dictionary("en")
    found = [
        f.text
        for p in sample_paragraphs
        for f in sample_checker.check(p.text, "en")
        if f.rule == "qa.spelling"
    ]
    assert found == []


def test_missing_dictionary_note_says_how_to_install_it() -> None:
    assert "apt-get install hunspell-ru" in dictionaries.missing_dictionary_note("ru") or (
        dictionaries.has_dictionary("ru")
    )


def test_a_text_mostly_in_another_language_is_not_checked_word_by_word(checker: Checker) -> None:
    # A quotation, code, or a file tagged with the wrong language: not a flood of findings.
    assert spelling(checker, "Der Ausschuss hat heute die Regierung deutlich kritisiert.") == []
    assert spelling(checker, "Visit Https://Example.org/Frobnix today.") == []


def test_a_german_compound_with_a_word_of_the_source_language_is_a_word() -> None:
    require_dictionary("de")
    checker = Checker(Glossary(), near_miss=False)
    found = spelling(
        checker,
        "Die Triggerverarbeitung ist fehlgeschlagen.",
        "de",
        source="Processing the hooks failed.",
        source_lang="en",
    )
    assert found == []
    # Without a source, nothing says "Trigger" is a word here.
    assert spelling(checker, "Die Triggerverarbeitung ist fehlgeschlagen.", "de") == [
        ("Triggerverarbeitung", None)
    ]


def test_a_name_one_slip_from_exactly_one_known_name_is_reported(checker: Checker) -> None:
    assert spelling(checker, "The ship sailed on to Rotterdamm in the morning.") == [
        ("Rotterdamm", "Rotterdam")
    ]


def test_a_piece_of_a_longer_word_is_judged_with_the_whole() -> None:
    require_dictionary("fr")
    require_dictionary("de")
    checker = Checker(Glossary(), near_miss=False)
    # The shortcut letter of a prompt's choice cuts the word: "(Q)uitter" is "Quitter".
    assert spelling(checker, "Voulez-vous (E)nregistrer ou (Q)uitter ?", "fr") == []
    assert spelling(checker, "Voulez-vous (Q)uiter ?", "fr") == [("uiter", None)]
    # A word hyphenated at a line break.
    assert spelling(checker, "in doppelte Anführungs-\n    zeichen setzen", "de") == []
    # An ending after a variable or a number, and a capital variable with a glued ending
    # where that letter also stands alone.
    assert spelling(checker, "Reprendre à la N-ième boucle.", "fr") == []
    assert spelling(checker, "K/N: den Kten Teil von N ausgeben", "de") == []
    assert spelling(checker, "den Kten Teil ausgeben", "de") == [("Kten", None)]
    # A file name.
    assert spelling(checker, "Die Datei archiv.tar fehlt.", "de") == []


def test_french_capitals_may_go_without_their_accent() -> None:
    require_dictionary("fr")
    checker = Checker(Glossary(), near_miss=False)
    assert spelling(checker, "Echec de l'ouverture. Etat inconnu.", "fr") == []
    assert spelling(checker, "Ecehc de l'ouverture.", "fr") == [("Ecehc", None)]


def test_german_hyphenated_parts_are_words_of_a_compound() -> None:
    require_dictionary("de")
    checker = Checker(Glossary(), near_miss=False)
    # The noun after the hyphen is written in lower case; a part ends in its linking "s".
    assert spelling(checker, "Geräteauswahl und -umschaltung", "de") == []
    assert spelling(checker, "den Weiterleitungs-URL verwenden", "de") == []
    assert spelling(checker, "Geräteauswahl und -umschaltumg", "de") == [("umschaltumg", None)]


def test_a_name_the_source_is_made_of_is_transcribed_not_misspelt() -> None:
    require_dictionary("ru")
    checker = Checker(Glossary(), near_miss=False)
    found = spelling(checker, "Жорж Бракфорд", "ru", source="Georges Brackford", source_lang="en")
    assert found == []
    # A sentence is not a name: its first word is still checked.
    found = spelling(checker, "Фаийл не найден.", "ru", source="File not found.", source_lang="en")
    assert [word for word, _ in found] == ["Фаийл"]


def test_a_word_a_catalog_writes_in_three_entries_is_its_vocabulary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    require_dictionary("de")
    from review_tool.cli.main import main

    def entries(*pairs: tuple[str, str]) -> str:
        head = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        head += '"Language: de\\n"\n'
        return head + "".join(f'\nmsgid "{a}"\nmsgstr "{b}"\n' for a, b in pairs)

    po = tmp_path / "de" / "app.po"
    po.parent.mkdir()
    po.write_text(
        entries(
            ("Bad blorp.", "Ungültiger Zwurbler."),
            ("No blorp found.", "Kein Zwurbler gefunden."),
            ("The blorp is empty.", "Der Zwurbler ist leer."),
            ("Cannot read the quux.", "Der Knarzel ist nicht lesbar."),
            ("The quux is old.", "Der Knarzel ist alt."),
            ("The goverment.", "Die Regierrung."),
            ("The goverment said.", "Die Regierrung sagte."),
            ("The goverment wrote.", "Die Regierrung schrieb."),
        ),
        encoding="utf-8",
    )
    main(["check", str(po), "--workspace", str(tmp_path), "--format", "json"])
    found = json.loads(capsys.readouterr().out)["findings"]
    words = [(f["index"], f["text"]) for f in found if f["rule"] == "qa.spelling"]
    # "Zwurbler" in three entries is the project's word; "Knarzel" in two is still
    # reported; "Regierrung" is one slip from "Regierung": a typo however often written.
    assert words == [
        (3, "Knarzel"),
        (4, "Knarzel"),
        (5, "Regierrung"),
        (6, "Regierrung"),
        (7, "Regierrung"),
    ]
    for jobs in ("1", "2"):
        main(["check", str(po), "--workspace", str(tmp_path), "--format", "json", "--jobs", jobs])
        again = json.loads(capsys.readouterr().out)["findings"]
        assert [f for f in again if f["rule"] == "qa.spelling"] == [
            f for f in found if f["rule"] == "qa.spelling"
        ]


def test_the_inflected_forms_of_a_word_count_together_as_vocabulary() -> None:
    from review_tool.core.checks.spelling import RULE, project_vocabulary
    from review_tool.core.models import Finding

    def flagged(word: str, suggestion: str | None = None) -> Finding:
        return Finding(RULE, "warning", 0, len(word), word, "unknown", suggestion)

    found = [
        (1, flagged("плюмбус")),
        (2, flagged("плюмбуса")),
        (3, flagged("плюмбусами")),
        (4, flagged("Фрезка")),
        (5, flagged("фрезку")),
        (6, flagged("плюмаж")),  # another word with the same first letters
    ]
    # Three texts write forms of one word: all its forms are vocabulary; two texts are not.
    assert project_vocabulary(found) == {"плюмбус", "плюмбуса", "плюмбусами"}


def test_abbreviations_inside_a_sentence_and_metavariables_of_options_are_not_checked() -> None:
    require_dictionary("de")
    require_dictionary("fr")
    checker = Checker(Glossary(), near_miss=False)
    # A period that ends no sentence: an abbreviation, however long.
    assert spelling(checker, "vom ersten zum letzten (einschl.) Feld", "de") == []
    assert spelling(checker, "Das ist kaputtt. Wir gehen.", "de") == [("kaputtt", "kaputt")]
    # The argument an option takes, named in the translation's words.
    assert spelling(checker, "lire [-a tableau] [-n nbcars] [-p invite]", "fr") == []
    assert spelling(checker, "utiliser --fichier=nomfic pour lire", "fr") == []
    assert spelling(checker, "lire le nbcars du tableau", "fr") == [("nbcars", None)]


def test_a_word_the_catalogs_sources_write_is_kept_from_the_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    require_dictionary("de")
    from review_tool.cli.main import main

    po = tmp_path / "de" / "app.po"
    po.parent.mkdir()
    head = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n'
    pairs = [
        ("Run frobtool on each file.", "frobtool auf jede Datei anwenden."),
        ("The output goes to standard output.", "Die Ausgabe von frobtool geht nach stdout."),
        ("Nothing to do.", "Nichts zu tunn, Zwurbelei."),
    ]
    po.write_text(head + "".join(f'\nmsgid "{a}"\nmsgstr "{b}"\n' for a, b in pairs), "utf-8")
    main(["check", str(po), "--workspace", str(tmp_path), "--format", "json"])
    found = json.loads(capsys.readouterr().out)["findings"]
    # "frobtool" is a word of the catalog's sources (entry 0): the program's name, kept.
    assert [(f["index"], f["text"]) for f in found if f["rule"] == "qa.spelling"] == [
        (2, "tunn"),
        (2, "Zwurbelei"),
    ]
