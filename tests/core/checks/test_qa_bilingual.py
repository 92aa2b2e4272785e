"""QA rules on translations, as real catalogs have them: what the source has too is layout or
code, not a finding; code is never read as prose; quotes of every language; plural forms
against msgid and msgid_plural; placeholders by the gettext grammar."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from dictionary_support import require_dictionary
from qa_support import qa

from review_tool.cli.main import main
from review_tool.core.checks.checker import Checker
from review_tool.core.fixer import fix
from review_tool.core.glossary import Glossary, load_file


def texts(findings: list) -> list[str]:  # type: ignore[type-arg]
    return [f.text for f in findings]


# ---------------------------------------------------------------- source-aware spacing


def test_column_layout_of_the_source_is_not_a_double_space() -> None:
    source = "  -a, --all        do not ignore entries\n"
    target = "  -a, --all        Einträge nicht ignorieren\n"
    assert qa(target, "de", "qa.whitespace", source=source, source_lang="en") == []
    prose = "Vos  modifications sont sauves."
    assert texts(
        qa(prose, "fr", "qa.whitespace", source="Your changes are safe.", source_lang="en")
    ) == ["  "]


def test_two_spaces_after_a_sentence_are_a_convention_not_a_slip() -> None:
    source = "Cannot open the file. Check its permissions."
    target = "Impossible d'ouvrir le fichier.  Vérifiez ses droits."
    assert qa(target, "fr", "qa.whitespace", source=source, source_lang="en") == []
    assert qa("Achtung:  Die Datei fehlt.", "de", "qa.whitespace") == []
    # Between two words it is still a double space.
    slip = "Impossible d'ouvrir le  fichier."
    assert texts(qa(slip, "fr", "qa.whitespace", source=source, source_lang="en")) == ["  "]


def test_a_padded_or_indented_source_column_may_be_padded_to_another_width() -> None:
    def spacing(target: str, source: str, lang: str = "de") -> list[str]:
        return texts(qa(target, lang, "qa.whitespace", source=source, source_lang="en"))

    # The source padded to 12 characters: the translation fills the same width...
    assert spacing("Nicht sicher", "Not sure    ") == []
    # ...or keeps fewer spaces after a longer word; a short word padded to the source width.
    assert spacing("Verzeichnis ", "Folder      ") == []
    assert spacing("Wo   ", "Where") == []
    # Labels indented to line up: another indent is the same layout.
    assert spacing(" Datei: %N\n Größe: %s\n", "  File: %N\n  Size: %s\n") == []
    # In Chinese a full-width colon carries the space of ": ".
    assert spacing("目录：", "Directory: ", "zh_CN") == []
    # A space added at the end, or the prompt's space dropped, is still a finding.
    assert spacing("Datei geöffnet ", "File opened") == [" "]
    assert spacing("Name:", "Name: ") == [""]
    assert spacing(" Datei geöffnet", "File opened") == [" "]


def test_marks_lined_up_in_a_column_like_the_sources_are_layout() -> None:
    source = "Group         : %s\n"
    target = "Gruppo               : %s\n"
    assert qa(target, "it", "qa.punct-space", source=source, source_lang="en") == []
    # A space before a colon the source writes glued is still one.
    assert texts(
        qa("Gruppo : %s\n", "it", "qa.punct-space", source="Group: %s\n", source_lang="en")
    ) == [" :"]


def test_a_list_glued_as_the_source_glues_it_is_layout() -> None:
    source = "  --exclude-symbols sym,sym,...  Exclude symbols"
    target = "  --exclude-symbols sim,sim,...  Excluye símbolos"
    assert qa(target, "es", "qa.punct-space", source=source, source_lang="en") == []
    found = qa(
        "rojo,verde y azul", "es", "qa.punct-space", source="red, green and blue", source_lang="en"
    )
    assert texts(found) == [","]


def test_french_spacing_is_suggested_but_never_applied_by_the_fixer() -> None:
    checker = Checker(Glossary(), near_miss=False, spelling=False)
    source = "invalid argument: %s"
    target = "argument incorrect: %s"
    found = checker.check(target, "fr", source=source, source_lang="en")
    assert [(f.rule, f.suggestion) for f in found] == [("qa.punct-space", "\u00a0:")]
    assert fix(target, "fr", checker, source=source, source_lang="en").text == target
    # A stray space before a comma is still removed.
    assert fix("un , deux", "fr", checker).text == "un, deux"


def test_a_metavariable_beside_its_word_and_a_pronoun_pair_are_not_doubled_words() -> None:
    def doubled(target: str, source: str) -> list[str]:
        return texts(qa(target, "de", "qa.repetition", source=source, source_lang="en"))

    source = "  -n, --lines=LINES   show at most LINES lines"
    assert doubled("  -n, --lines=ZEILEN   höchstens ZEILEN Zeilen zeigen", source) == []
    assert doubled("nur Dateisysteme vom Typ TYP zeigen", "only file systems of type TYPE") == []
    assert doubled("Bitte ordnen Sie sie neu an.", "Please reorder them.") == []
    # A column, then the metavariable beside its word: no pair is a doubling.
    source = "  bs=BYTES        read and write up to BYTES bytes at a time"
    assert doubled("  bs=BYTES        BYTES Bytes auf einmal lesen", source) == []
    # The same word twice is still a doubled word, at a sentence start too.
    assert doubled("dann wird wird SIGTERM gesendet", "then SIGTERM is sent") == ["wird wird"]
    assert texts(qa("The the file is missing.", "en", "qa.repetition")) == ["The the"]


def test_suspended_compounds_options_and_metavariables_are_not_broken_hyphens() -> None:
    def hyphens(target: str, source: str) -> list[str]:
        return texts(qa(target, "de", "qa.hyphen-space", source=source, source_lang="en"))

    assert hyphens("Geräteauswahl und -umschaltung:", "Device selection and switching:") == []
    assert hyphens("sowohl für ein- als auch ausschließende Muster", "for both patterns") == []
    assert hyphens("zusammen mit -SPALTEN benutzt", "used together with -COLUMN") == []
    assert hyphens("genau wie -dpR --preserve=all", "same as -dR --preserve=all") == []
    # A compound with an acronym is still a word broken by a space.
    assert hyphens("die User -ID des Schlüssels", "the user ID of the key") == ["User -ID"]


def test_options_are_not_broken_hyphens() -> None:
    target = "Verwenden Sie -k oder -f, oder --force"
    assert (
        qa(target, "de", "qa.hyphen-space", source="Use -k or -f, or --force", source_lang="en")
        == []
    )
    stty = "dasselbe wie parenb -parodd cs7"
    assert (
        qa(stty, "de", "qa.hyphen-space", source="same as parenb -parodd cs7", source_lang="en")
        == []
    )
    # Without a source, a broken hyphen in prose is still one (the sample's defect).
    assert texts(qa("a decision -making process", "en", "qa.hyphen-space")) == ["decision -making"]


def test_punctuation_of_code_copied_from_the_source() -> None:
    source = "Unmatched ) or \\)"
    assert (
        qa(
            "Kein Gegenstück für ) oder \\) gefunden",
            "de",
            "qa.punct-space",
            source=source,
            source_lang="en",
        )
        == []
    )
    assert texts(
        qa("Fehler , bitte", "de", "qa.punct-space", source="Error, please", source_lang="en")
    ) == [" ,"]


# ---------------------------------------------------------------- quotes and brackets


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Die Datei »%s« fehlt, siehe „Handbuch“.", "de"),
        ("Le fichier « %s » manque.", "fr"),
        ("Файл «%s» не найден, см. „руководство“.", "ru"),
        ("ファイル「%s」が見つかりません『注意』", "ja"),
        ("Plik „%s” nie istnieje", "pl"),
        ("Filen ”%s” saknas och »x» med", "sv"),
        ('He said "yes" and left.', "en"),
        ("It’s the user's file (see 'notes').", "en"),
    ],
)
def test_quotes_of_each_language_balance(text: str, lang: str) -> None:
    assert qa(text, lang, "qa.brackets") == []


def test_unclosed_quotes_are_found() -> None:
    assert texts(qa('He said "yes and left.', "en", "qa.brackets")) == ['"']
    assert texts(qa("Die Datei »%s fehlt.", "de", "qa.brackets")) == ["»"]
    assert texts(qa("(see note", "en", "qa.brackets")) == ["("]


def test_an_imbalance_the_source_has_is_not_one() -> None:
    assert (
        qa(
            "( ou \\( non apparié",
            "fr",
            "qa.brackets",
            source="Unmatched ( or \\(",
            source_lang="en",
        )
        == []
    )


# ---------------------------------------------------------------- repetition


def test_loop_separated_by_commas() -> None:
    found = qa("We must act, act, act now.", "en", "qa.repetition")
    assert texts(found) == ["act, act, act"]
    assert found[0].severity == "error"
    assert qa("Very, very good.", "en", "qa.repetition") == []


@pytest.mark.parametrize(
    ("target", "source"),
    [
        ("  -S DATEI    DATEI existiert", "  -S FILE     FILE exists"),  # a column
        ("Zahlen von VON bis BIS ansehen", "numbers LO through HI"),  # word and metavariable
        ("il devrait peut-être être déplacé", "it should perhaps be moved"),  # peut-être
    ],
)
def test_equal_words_that_are_no_doubling(target: str, source: str) -> None:
    assert qa(target, "de", "qa.repetition", source=source, source_lang="en") == []


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("target", "source", "lang"),
    [
        ("%2.2u:%2.2u Uhr", "%2.2u:%2.2u", "de"),  # placeholders, not numbers
        ("par exemple « Debian 5.0.3 Disk 1 »", "such as 'Debian 5.0.3 Disk 1'", "fr"),
        ("GNU-Format wie mit tar <= 1.12", "GNU format as per tar <= 1.12", "de"),
        ("Hex-Kodierung (RFC 4648)", "hex encoding (RFC4648)", "de"),
        ("versuche 3-Wege-Merge", "attempt three-way merge", "de"),
        ("nutze --jobs=4 und -j 4", "use --jobs=4 and -j 4", "de"),
    ],
)
def test_numbers_that_are_the_same(target: str, source: str, lang: str) -> None:
    assert qa(target, lang, "qa.numbers", source=source, source_lang="en") == []


def test_a_changed_number_is_found() -> None:
    found = qa("Warte 5 Sekunden", "de", "qa.numbers", source="Wait 3 seconds", source_lang="en")
    assert [f.message for f in found] == [
        "number '5' is not in the source",
        "number 3 of the source is missing",
    ]


# ---------------------------------------------------------------- untranslated


@pytest.mark.parametrize(
    "text",
    [
        "Arnold Robbins",
        "%s: %s",
        "https://www.gnu.org/",
        "start_pipeline: pgrp pipe",
        "Copyright (C) 2022 Free Software Foundation, Inc.",
        "stdin",
    ],
)
def test_names_codes_and_placeholders_are_not_untranslated(text: str) -> None:
    assert qa(text, "fr", "qa.untranslated", source=text, source_lang="en") == []


def test_a_common_word_left_as_it_is_is_untranslated() -> None:
    assert texts(qa("Cancel", "fr", "qa.untranslated", source="Cancel", source_lang="en")) == [
        "Cancel"
    ]


def test_untranslated_prose_with_placeholders_is_found() -> None:
    # The finding spans the placeholder: it is not dropped for overlapping code.
    text = "Cannot remove the file %s: permission denied"
    found = qa(text, "de", "qa.untranslated", source=text, source_lang="en")
    assert texts(found) == [text]


def untranslated_with_dictionaries(text: str, lang: str) -> list[str]:
    require_dictionary("en")
    require_dictionary(lang)
    checker = Checker(Glossary(), near_miss=False)
    found = checker.check(text, lang, source=text, source_lang="en")
    return [f.text for f in found if f.rule == "qa.untranslated"]


def test_source_prose_with_marks_of_syntax_is_untranslated_but_a_synopsis_is_not() -> None:
    # Common English words, most of the text: prose, whatever "(y/N)" or "/" it holds.
    prompt = "Do you want to delete it anyway? (y/N) "
    assert untranslated_with_dictionaries(prompt, "fr") == [prompt]
    assert untranslated_with_dictionaries("unable to open/create the lock file", "fr") == [
        "unable to open/create the lock file"
    ]
    # Two common words around a placeholder are prose too; a word or two around code, a
    # name, a synopsis (brackets, metavariables, few words of prose) are not.
    assert untranslated_with_dictionaries("Could not stat '%s'", "de") == ["Could not stat '%s'"]
    assert untranslated_with_dictionaries("frobtool (Frobutils) %s", "de") == []
    assert untranslated_with_dictionaries("Randy Smith", "de") == []
    # No word of the source language at all: a code, a unit, a paper size.
    assert untranslated_with_dictionaries("prc 32k", "de") == []
    assert untranslated_with_dictionaries("Cancel", "de") == ["Cancel"]
    assert untranslated_with_dictionaries("copy [-f] [-n count] SOURCE... DEST", "fr") == []


def test_a_sentence_of_words_the_target_dictionary_lists_is_still_untranslated() -> None:
    # The French dictionary lists "clearing", "permissions", "for", "cancel": still English.
    sentence = "clearing permissions for %s"
    assert untranslated_with_dictionaries(sentence, "fr") == [sentence]
    assert untranslated_with_dictionaries("Cancel", "fr") == ["Cancel"]


def test_a_number_base_or_an_example_date_written_otherwise_is_no_number_finding() -> None:
    def numbers(target: str, source: str, lang: str) -> list[str]:
        return [f.message for f in qa(target, lang, "qa.numbers", source=source, source_lang="en")]

    # "decimal", "hex": the translation names the base with its number.
    assert numbers("デバイス番号 (10 進数表記)", "device number in decimal", "ja") == []
    assert numbers("值以 16 进制显示", "the value is shown in hex", "zh_CN") == []
    # A date or a time given as an example, in the target's own format.
    source = "the date (e.g., 12/31/99) and the time (e.g., 23:13:48)"
    target = "das Datum (z. B. 18.11.2005) und die Zeit (z. B. 15:14:33)"
    assert numbers(target, source, "de") == []
    # A number changed is still one.
    assert numbers("30 Sekunden warten", "wait 20 seconds", "de") == [
        "number '30' is not in the source",
        "number 20 of the source is missing",
    ]


def test_a_bracket_named_between_quotes_is_not_unbalanced() -> None:
    source = "string ends in the middle of a directive: found '{' without matching '}'"
    target = (
        "la chaîne se termine au milieu d'une directive\u00a0: «\u00a0{\u00a0» sans «\u00a0}\u00a0»"
    )
    assert qa(target, "fr", "qa.brackets", source=source, source_lang="en") == []
    assert qa("Zeichen „(“ gefunden", "de", "qa.brackets") == []
    assert texts(qa("siehe (Anhang", "de", "qa.brackets")) == ["("]


def test_a_link_made_secure_is_the_same_link() -> None:
    source = "home page: <http://www.example.org/frob/>"
    target = "Startseite: <https://www.example.org/frob/>"
    assert qa(target, "de", "qa.urls", source=source, source_lang="en") == []
    changed = "Startseite: <https://www.exmaple.org/frob/>"
    assert [f.message for f in qa(changed, "de", "qa.urls", source=source, source_lang="en")] == [
        "URL 'https://www.exmaple.org/frob/' is not in the source",
        "URL 'http://www.example.org/frob/' of the source is missing",
    ]


# ---------------------------------------------------------------- placeholders


def test_hex_digits_in_the_other_case_are_the_same_placeholder() -> None:
    source = "invalid char 0x%02x in host name"
    target = "Ungültiges Zeichen 0x%02X im Hostnamen"
    assert qa(target, "de", "qa.placeholders", source=source, source_lang="en") == []
    # Another type is still another placeholder.
    found = qa("Zeichen 0x%02d", "de", "qa.placeholders", source=source, source_lang="en")
    assert texts(found) == ["%02d", ""]


def test_placeholders_inferred_without_flags() -> None:
    found = qa("%d Dateien", "de", "qa.placeholders", source="%d files in %s", source_lang="en")
    assert [(f.severity, f.message) for f in found] == [
        ("error", "placeholder '%s' of the source is missing")
    ]
    # Positional ones may move; width and flags do not count.
    assert qa("%2$s: %1$-5d", "de", "qa.placeholders", source="%d in %s", source_lang="en") == []
    assert (
        qa("{name} hat {0}", "de", "qa.placeholders", source="{0} of {name}", source_lang="en")
        == []
    )


def test_unnumbered_placeholders_swapped_without_flags() -> None:
    # msgunfmt drops the c-format flag: the order of the types still matters.
    found = qa(
        "%d Dateien in %s", "de", "qa.placeholders", source="%s has %d files", source_lang="en"
    )
    assert [(f.text, f.start) for f in found] == [("%d", 0)]
    assert "taken in order" in found[0].message
    assert qa("%s hat %d Dateien", "de", "qa.placeholders", source="%s has %d files") == []
    # The same types in another order cannot be told apart; numbered ones may move.
    assert qa("%s und %s", "de", "qa.placeholders", source="%s and %s", source_lang="en") == []
    assert qa("%2$d in %1$s", "de", "qa.placeholders", source="%s has %d", source_lang="en") == []


def test_placeholders_by_the_entrys_format_flag() -> None:
    c = frozenset({"c-format"})
    found = qa(
        "100 % sicher: %s",
        "de",
        "qa.placeholders",
        source="100%% sure: %s",
        source_lang="en",
        flags=c,
    )
    # "% s" is a directive for msgfmt: the translation takes two arguments.
    assert [f.message for f in found] == ["2 format arguments where the source has 1 (c-format)"]
    assert (
        qa(
            "100 %% sicher: %s",
            "de",
            "qa.placeholders",
            source="100%% sure: %s",
            source_lang="en",
            flags=c,
        )
        == []
    )
    # no-c-format: the entry says it is no format string.
    assert (
        qa(
            "50 Dateien",
            "de",
            "qa.placeholders",
            source="50% of %d files",
            source_lang="en",
            flags=frozenset({"no-c-format"}),
        )
        == []
    )


# ---------------------------------------------------------------- code is not prose


def _glossary(tmp_path: Path) -> Glossary:
    tsv = tmp_path / "g.tsv"
    tsv.write_text(
        "concept\tlang\tterm\tstatus\tnote\n"
        "sco\ten\tSCO\tpreferred\t\n"
        "sco\ten\tOCS\tforbidden\t\n"
        "sco\tfr\tOCS\tpreferred\t\n",
        encoding="utf-8",
    )
    return load_file(tsv)


def test_no_term_finding_or_fix_inside_code(tmp_path: Path) -> None:
    checker = Checker(_glossary(tmp_path))
    text = "The OCS page is https://example.org/OCS/summit and `OCS` is code."
    found = checker.check(text, "en")
    assert [(f.rule, f.start) for f in found if f.rule.startswith("term.")] == [
        ("term.forbidden", text.index("OCS"))
    ]
    fixed = fix(text, "en", checker)
    assert fixed.text == text.replace("The OCS", "The SCO", 1)
    assert "https://example.org/OCS/summit" in fixed.text


def test_plural_forms_are_checked_against_msgid_and_msgid_plural(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "g.tsv").write_text("concept\tlang\tterm\tstatus\tnote\n")
    po = tmp_path / "ru.po"
    po.write_text(
        textwrap.dedent(
            """\
            msgid ""
            msgstr ""
            "Content-Type: text/plain; charset=UTF-8\\n"
            "Language: ru\\n"
            "Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 ? 1 : 2);\\n"

            #, c-format
            msgid "1 file copied"
            msgid_plural "%d files copied"
            msgstr[0] "%d файл скопирован"
            msgstr[1] "%d файла скопировано"
            msgstr[2] "%d файлов скопировано"

            #, c-format
            msgid "one directory"
            msgid_plural "%d directories"
            msgstr[0] "один каталог"
            msgstr[1] "%d каталога"
            msgstr[2] "%d каталогов %s"
            """
        ),
        encoding="utf-8",
    )
    assert main(["check", str(po), "--workspace", str(tmp_path), "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    # "%d файл" for "1 file" is right (msgid_plural has %d); only the form that adds a
    # placeholder neither source has is a finding.
    assert [(f["index"], f["rule"]) for f in found] == [(1, "qa.placeholders")]


def test_a_french_catalog_that_writes_its_marks_glued_has_that_house_style(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def catalog(*pairs: tuple[str, str]) -> Path:
        po = tmp_path / "fr" / "app.po"
        po.parent.mkdir(exist_ok=True)
        head = (
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n'
        )
        po.write_text(
            head + "".join(f'\nmsgid "{a}"\nmsgstr "{b}"\n' for a, b in pairs), encoding="utf-8"
        )
        return po

    def spacing(po: Path) -> list[int]:
        main(["check", str(po), "--workspace", str(tmp_path), "--format", "json", "--no-spelling"])
        found = json.loads(capsys.readouterr().out)["findings"]
        return [f["index"] for f in found if f["message"].startswith("French needs")]

    glued = catalog(
        ("error: %s", "erreur: %s"),
        ("warning: %s", "avertissement: %s"),
        ("Continue? ", "Continuer? "),
        ("file: %s", "fichier\u00a0: %s"),
    )
    assert spacing(glued) == []  # three glued, one spaced: the catalog's own style
    spaced = catalog(
        ("error: %s", "erreur\u00a0: %s"),
        ("warning: %s", "avertissement\u00a0: %s"),
        ("Continue? ", "Continuer\u00a0? "),
        ("file: %s", "fichier: %s"),
    )
    assert spacing(spaced) == [3]  # the one that breaks the catalog's style


@pytest.mark.parametrize(
    ("source", "text", "lang"),
    [
        # an option translated with its metavariable, the option's letter in another script
        ("like -a NUMBER, but do not print", "как -а НОМЕР, но не печатать", "ru"),
        # a range in a column: "N-" then the column's spaces, as the source writes it
        ("  N-    from N'th byte to end of line", "  Н-    от Н-ного байта до конца", "ru"),
    ],
)
def test_a_hyphen_beside_a_space_the_source_has_too_is_not_broken(
    source: str, text: str, lang: str
) -> None:
    assert qa(text, lang, "qa.hyphen-space", source=source, source_lang="en") == []


def test_a_hyphen_beside_a_space_the_source_lacks_is_still_broken() -> None:
    found = qa(
        "как -а НОМЕР, но не -печатать", "ru", "qa.hyphen-space", source="like -a NUMBER, but"
    )
    # one more than the source has: every one is shown, the source cannot say which is new
    assert "не -печатать" in [f.text for f in found]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_mark_named_between_quotes_is_not_spaced_wrong(lang: str) -> None:
    text = "Remplacement des noms vides par « . » pour les membres"
    assert qa(text, lang, "qa.punct-space") == []
    assert qa("Les noms vides , ici", lang, "qa.punct-space") != []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (" * [-]iuclc      Groß- in Kleinbuchstaben wandeln", "de"),
        ("von Montag- bis Freitagabend", "de"),
        ("convert upper- to lowercase", "en"),
    ],
)
def test_a_suspended_compound_before_a_preposition_is_not_broken(text: str, lang: str) -> None:
    assert qa(text, lang, "qa.hyphen-space") == []


def test_the_prepositions_of_one_language_do_not_excuse_another() -> None:
    assert [f.text for f in qa("a sign- in page", "en", "qa.hyphen-space")] == ["sign- in"]
