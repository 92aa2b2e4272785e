"""qa.inconsistent as pure functions: the same source translated two ways in one file, and one
glossary concept written two ways in one file."""

from __future__ import annotations

from review_tool.core.checks.consistency import (
    TermUse,
    Unit,
    VariantFinder,
    are_spellings_of_each_other,
    concept_variant_findings,
    inconsistent_in_file,
    same_source_findings,
    variant_terms,
)
from review_tool.core.glossary import Glossary
from review_tool.core.models import Term


def flagged(out):
    return [(k, f.text, f.suggestion) for k, found in enumerate(out) for f in found]


def test_the_less_used_translation_of_a_source_is_flagged_with_the_usual_one() -> None:
    units = [
        Unit("Fichier introuvable", "File not found"),
        Unit("Ouvrir", "Open"),
        Unit("Fichier non trouvé", "File not found"),
        Unit("Fichier introuvable", "File not found"),
    ]
    out = same_source_findings(units)
    assert flagged(out) == [(2, "Fichier non trouvé", "Fichier introuvable")]
    finding = out[2][0]
    assert (finding.start, finding.end, finding.rule, finding.severity) == (
        0,
        len("Fichier non trouvé"),
        "qa.inconsistent",
        "warning",
    )
    assert "'Fichier introuvable' (2×)" in finding.message and "text 1" in finding.message


def test_white_space_and_one_accelerator_are_not_a_difference() -> None:
    units = [
        Unit("_Ouvrir", "_Open"),
        Unit("Ouvrir", "Open"),
        Unit("répertoire %s créé\n", "created directory %s\n"),
        Unit("répertoire %s créé", "created directory %s"),
    ]
    assert flagged(same_source_findings(units)) == []
    # ...but a different wording is, and the suggestion keeps this entry's own newline.
    units[3] = Unit("création du répertoire %s", "created directory %s")
    assert flagged(same_source_findings(units)) == [
        (3, "création du répertoire %s", "répertoire %s créé")
    ]


def test_different_contexts_and_plural_forms_may_differ() -> None:
    units = [
        Unit("Ouvrir", "Open", context="verb"),
        Unit("Ouvert", "Open", context="state"),
        Unit("%d fichiers", "%d files", plural=True),
        Unit("%d fichier", "%d files", plural=True),
        Unit("Texte", None),
        Unit("Autre texte", None),
    ]
    assert flagged(same_source_findings(units)) == []


def test_on_a_tie_the_first_translation_is_the_reference() -> None:
    units = [Unit("Annuler", "Cancel"), Unit("Abandonner", "Cancel")]
    assert flagged(same_source_findings(units)) == [(1, "Abandonner", "Annuler")]


def test_spelling_variants_are_told_from_other_forms_of_a_concept() -> None:
    assert are_spellings_of_each_other("Anti-Drug Center", "Anti-Drug Centre")
    assert are_spellings_of_each_other(
        "Shanghai Cooperation Organization", "Shanghai Cooperation Organisation"
    )
    assert not are_spellings_of_each_other("Belt and Road", "Belt and Road Initiative")
    assert not are_spellings_of_each_other("Xi Jinping", "President Xi")
    assert not are_spellings_of_each_other("SCO", "Shanghai Cooperation Organization")
    assert not are_spellings_of_each_other("WTO", "WHO")  # not one concept: never compared
    assert not are_spellings_of_each_other("Secretary-General", "secretary general")


def _glossary() -> Glossary:
    g = Glossary()
    g.extend(
        [
            Term("sco", "en", "Shanghai Cooperation Organization", "preferred"),
            Term("sco", "en", "Shanghai Cooperation Organisation", "admitted"),
            Term("sco", "en", "SCO", "admitted"),
            Term("sco", "fr", "Organisation de coopération de Shanghai", "preferred"),
            Term("bri", "en", "Belt and Road Initiative", "preferred"),
            Term("bri", "en", "Belt and Road", "admitted"),
            Term("bri", "en", "Belt and Rood", "forbidden"),
        ]
    )
    return g


def test_only_valid_spelling_variants_are_looked_for() -> None:
    assert {t.text for t in variant_terms(_glossary())} == {
        "Shanghai Cooperation Organization",
        "Shanghai Cooperation Organisation",
    }


def test_the_less_used_spelling_of_a_concept_is_flagged() -> None:
    terms = {t.text: t for t in variant_terms(_glossary())}
    z, s = terms["Shanghai Cooperation Organization"], terms["Shanghai Cooperation Organisation"]
    uses = [
        [TermUse(4, 37, z.text, z)],
        [],
        [TermUse(0, 33, s.text, s)],
        [TermUse(10, 43, z.text, z)],
    ]
    out = concept_variant_findings(uses)
    assert flagged(out) == [(2, s.text, z.text)]
    assert "(2×)" in out[2][0].message
    # One spelling used throughout: nothing.
    assert flagged(concept_variant_findings([uses[0], uses[3]])) == []


def test_on_a_tie_the_preferred_spelling_is_the_reference() -> None:
    terms = {t.text: t for t in variant_terms(_glossary())}
    z, s = terms["Shanghai Cooperation Organization"], terms["Shanghai Cooperation Organisation"]
    out = concept_variant_findings([[TermUse(0, 33, s.text, s)], [TermUse(0, 33, z.text, z)]])
    assert flagged(out) == [(0, s.text, z.text)]


def test_a_file_using_two_spellings_of_a_concept_and_two_translations_of_a_source() -> None:
    finder = VariantFinder(_glossary())
    units = [
        Unit("The Shanghai Cooperation Organisation (SCO) met.", "L'OCS s'est réunie."),
        Unit("The Shanghai Cooperation Organization grew; the SCO and the Belt and Road."),
        Unit("The shanghai cooperation organization said so."),
        Unit("It met.", "L'OCS s'est réunie."),
    ]
    out = inconsistent_in_file(units, ["en"] * 4, finder)
    assert flagged(out) == [
        (0, "Shanghai Cooperation Organisation", "Shanghai Cooperation Organization"),
        (3, "It met.", "The Shanghai Cooperation Organisation (SCO) met."),
    ]
    # A glossary without spelling variants looks for nothing.
    plain = Glossary()
    plain.extend([Term("bri", "en", "Belt and Road", "preferred")])
    assert VariantFinder(plain).uses("the Belt and Road", "en") == []


def test_a_translation_differing_from_the_memory_is_flagged_with_where_it_was_approved() -> None:
    from review_tool.core.checks.consistency import memory_findings

    memory = {
        "File not found": [
            ("Fichier introuvable", "a.po#3"),
            ("Fichier introuvable", "c.po#9"),
            ("Fichier non trouvé", "b.po#1"),
        ],
        "Open": [("Ouvrir", "a.po#4")],
    }
    units = [
        Unit("Fichier non trouvé\n", "File not found\n"),
        Unit("Ouvrir", "Open"),
        Unit("Fermer", "Close"),
        Unit("Ouvrez", "Open", context="imperative"),
        Unit("Ouvre", "Open", context="imperative"),
    ]
    out = memory_findings(units, lambda source: memory.get(source, []))
    assert flagged(out) == [(0, "Fichier non trouvé\n", "Fichier introuvable\n")]
    assert "(2×, a.po#3)" in out[0][0].message
