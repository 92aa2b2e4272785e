"""Glossary exchange and hygiene: export (TBX-Basic v2 / TSV), import (Weblate or
translate-toolkit CSV/TBX -> our TSV) and lint.

Reading TBX stays in :mod:`review_tool.core.glossary` (defusedxml); this module only writes XML,
by hand and escaped, so what it writes is exactly what the loaders read back.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from review_tool import __version__
from review_tool.core.glossary import TSV_HEADER, Glossary, load_file, normalize_lang
from review_tool.core.models import Status, Term
from review_tool.core.textnorm import fold_term
from review_tool.errors import InputError, UsageError
from review_tool.text_files import decode_utf8, read_bytes

# Our statuses -> TBX-Basic administrativeStatus picklist values.
STATUS_TBX: dict[str, str] = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",
}

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ORIGIN_LINE = re.compile(r"^(?P<file>.*?):(?P<line>\d+)$")
_WARNING = re.compile(r"^(?P<file>.*?):(?P<line>\d+): (?P<msg>.*)$", re.S)


# --------------------------------------------------------------------------- export


def _cell(text: str) -> str:
    """One TSV cell: no tabs or line breaks (they would split the row)."""
    return " ".join(text.split())


def export_tsv(glossary: Glossary, origin: str | None = None) -> str:
    """Our TSV format, one row per term, in the glossary's order."""
    lines = [f"# Glossary exported by review_tool {__version__}"]
    if origin or glossary.sources:
        lines.append(f"# from: {_cell(origin or ', '.join(glossary.sources))}")
    lines.append("\t".join(TSV_HEADER))
    for term in glossary.terms:
        cells = [_cell(term.concept), term.lang, _cell(term.text), term.status, _cell(term.note)]
        if cells[0].startswith("#"):
            raise InputError(
                term.origin or None, None, f"concept id {term.concept!r} starts with '#'"
            )
        lines.append("\t".join(cells).rstrip("\t"))
    return "\n".join(lines) + "\n"


def _xml(term: Term, text: str) -> str:
    bad = _XML_INVALID.search(text)
    if bad is not None:
        where = term.origin or term.concept
        raise InputError(
            where, None, f"character U+{ord(bad.group()):04X} cannot be written to XML"
        )
    return escape(text)


def _xml_lang(code: str) -> str:
    return normalize_lang(code).replace("_", "-")


def export_tbx(glossary: Glossary, source_lang: str = "en") -> str:
    """TBX-Basic (v2, ``martif``): one ``termEntry`` per concept, every language, each term's
    status as ``<termNote type="administrativeStatus">`` and its note as ``<note>``."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">',
        f'<martif type="TBX-Basic" xml:lang={quoteattr(_xml_lang(source_lang))}>',
        "  <martifHeader>",
        "    <fileDesc>",
        "      <sourceDesc>",
        f"        <p>Exported by review_tool {escape(__version__)}</p>",
        "      </sourceDesc>",
        "    </fileDesc>",
        "    <encodingDesc>",
        '      <p type="XCSURI">TBXBasicXCSV02.xcs</p>',
        "    </encodingDesc>",
        "  </martifHeader>",
        "  <text>",
        "    <body>",
    ]
    for concept, terms in glossary.concepts.items():
        out.append(f"      <termEntry id={quoteattr(_xml(terms[0], concept))}>")
        by_lang: dict[str, list[Term]] = {}
        for term in terms:
            by_lang.setdefault(term.lang, []).append(term)
        for lang, lang_terms in by_lang.items():
            out.append(f"        <langSet xml:lang={quoteattr(_xml_lang(lang))}>")
            for term in lang_terms:
                out.append("          <tig>")
                out.append(f"            <term>{_xml(term, term.text)}</term>")
                out.append(
                    '            <termNote type="administrativeStatus">'
                    f"{STATUS_TBX[term.status]}</termNote>"
                )
                if term.note:
                    out.append(f"            <note>{_xml(term, term.note)}</note>")
                out.append("          </tig>")
            out.append("        </langSet>")
        out.append("      </termEntry>")
    out += ["    </body>", "  </text>", "</martif>", ""]
    return "\n".join(out)


# --------------------------------------------------------------------------- import


def concept_id(text: str) -> str:
    """A concept id from a term or context: lower case, words joined by ``-``."""
    slug = re.sub(r"[^\w]+", "-", text.strip().lower()).strip("-_")
    return slug[:80]


def _unique(base: str, taken: set[str]) -> str:
    ident, n = base, 2
    while ident in taken:
        ident = f"{base}-{n}"
        n += 1
    taken.add(ident)
    return ident


def _promote_preferred(terms: list[Term]) -> list[Term]:
    """Bilingual glossaries carry no statuses: the first valid term of a concept in a
    language without a preferred one becomes preferred."""
    has_preferred = {(t.concept, t.lang) for t in terms if t.status == "preferred"}
    out: list[Term] = []
    for term in terms:
        key = (term.concept, term.lang)
        if key not in has_preferred and term.status == "admitted":
            has_preferred.add(key)
            term = Term(term.concept, term.lang, term.text, "preferred", term.note, term.origin)
        out.append(term)
    return out


def _import_tbx(path: Path) -> Glossary:
    loaded = load_file(path)
    taken: set[str] = set()
    ids: dict[str, str] = {}
    terms: list[Term] = []
    for term in loaded.terms:
        if term.concept not in ids:
            clean = _cell(term.concept)
            if not clean or clean.startswith("#") or clean != term.concept:
                clean = concept_id(term.concept) or "c"
            ids[term.concept] = _unique(clean, taken)
        terms.append(
            Term(ids[term.concept], term.lang, term.text, term.status, term.note, term.origin)
        )
    return Glossary(terms=_promote_preferred(terms), warnings=list(loaded.warnings))


_CSV_NOTE_COLUMNS = ("explanation", "translator_comments", "notes", "note", "comment")


def _import_csv(path: Path, source_lang: str, target_lang: str | None) -> Glossary:
    if not target_lang:
        raise UsageError("glossary import: a CSV glossary needs --target-lang")
    src, tgt = normalize_lang(source_lang), normalize_lang(target_lang)
    text = decode_utf8(path, read_bytes(path, "glossary file"))
    reader = csv.reader(io.StringIO(text, newline=""))
    terms: list[Term] = []
    concept_of: dict[tuple[str, str], str] = {}
    taken: set[str] = set()
    seen: set[tuple[str, str, str]] = set()
    columns: dict[str, int] | None = None
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if columns is None:
                names = [c.strip().lower() for c in row]
                if "source" in names:
                    columns = {name: i for i, name in enumerate(names) if name}
                    if "target" not in columns:
                        raise InputError(path, line, "CSV header has 'source' but no 'target'")
                    continue
                columns = {"source": 0, "target": 1}
            _add_csv_row(path, line, row, columns, (src, tgt), terms, concept_of, taken, seen)
    except csv.Error as exc:
        raise InputError(path, reader.line_num or None, f"malformed CSV: {exc}") from None
    if not terms:
        raise InputError(path, None, "no terms found (expected columns source,target)")
    return Glossary(terms=_promote_preferred(terms), sources=[str(path)])


def _add_csv_row(
    path: Path,
    line: int,
    row: list[str],
    columns: dict[str, int],
    langs: tuple[str, str],
    terms: list[Term],
    concept_of: dict[tuple[str, str], str],
    taken: set[str],
    seen: set[tuple[str, str, str]],
) -> None:
    def cell(name: str) -> str:
        i = columns.get(name)
        return _cell(row[i]) if i is not None and i < len(row) else ""

    source = cell("source")
    if not source:
        raise InputError(path, line, "empty source term")
    target = cell("target")
    context = cell("context")
    flags = {f.strip().lower() for f in re.split(r"[,\s]+", cell("flags")) if f.strip()}
    note = next((cell(c) for c in _CSV_NOTE_COLUMNS if cell(c)), "")
    key = (context, source)
    if key not in concept_of:
        concept_of[key] = _unique(concept_id(context or source) or "c", taken)
    concept = concept_of[key]
    origin = f"{path}:{line}"
    src, tgt = langs
    pairs: list[tuple[str, str, Status, str]] = [
        (src, source, "admitted", cell("developer_comments"))
    ]
    if "read-only" in flags and not target:
        target = source
    if target:
        status: Status = "forbidden" if "forbidden" in flags else "admitted"
        pairs.append((tgt, target, status, note))
    for lang, text, term_status, term_note in pairs:
        if (concept, lang, text) in seen:
            continue
        seen.add((concept, lang, text))
        terms.append(Term(concept, lang, text, term_status, term_note, origin))


def import_glossary(
    path: str | Path, *, source_lang: str = "en", target_lang: str | None = None
) -> Glossary:
    """Read a Weblate / translate-toolkit glossary (``.tbx`` or ``.csv``) as our terms."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml"):
        return _import_tbx(path)
    if suffix == ".csv":
        return _import_csv(path, source_lang, target_lang)
    raise InputError(path, None, "unknown glossary format (use .tbx or .csv)")


# --------------------------------------------------------------------------- lint


@dataclass(frozen=True, slots=True)
class LintProblem:
    file: str
    line: int | None
    message: str
    kind: str  # duplicate | conflict | no-preferred | shadow

    def one_line(self) -> str:
        if not self.file:
            return self.message
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"

    def sort_key(self) -> tuple[str, int, str]:
        return (self.file, self.line or 0, self.message)


def _where(term: Term) -> tuple[str, int | None]:
    m = _ORIGIN_LINE.match(term.origin)
    if m:
        return m.group("file"), int(m.group("line"))
    return term.origin, None


def _problem(term: Term, message: str, kind: str) -> LintProblem:
    file, line = _where(term)
    return LintProblem(file, line, message, kind)


def lint(glossary: Glossary) -> list[LintProblem]:
    """Duplicates, preferred-and-forbidden conflicts, concepts without a preferred term in a
    language, and terms that shadow another concept's term (equal once folded)."""
    problems: list[LintProblem] = []
    for warning in glossary.warnings:
        m = _WARNING.match(warning)
        if m and "duplicate" in m.group("msg"):
            problems.append(
                LintProblem(m.group("file"), int(m.group("line")), m.group("msg"), "duplicate")
            )
    first: dict[tuple[str, str, str], Term] = {}
    for term in glossary.terms:
        key = (term.concept, term.lang, term.text)
        if key in first:
            other = first[key]
            problems.append(
                _problem(
                    term,
                    f"duplicate term {term.text!r} ({term.lang}) of concept {term.concept!r}, "
                    f"also at {other.origin}",
                    "duplicate",
                )
            )
        else:
            first[key] = term
    terms = list(first.values())

    by_folded: dict[tuple[str, str], list[Term]] = defaultdict(list)
    for term in terms:
        by_folded[(term.lang, fold_term(term.text))].append(term)
    for (lang, _), group in by_folded.items():
        preferred = [t for t in group if t.status == "preferred"]
        forbidden = [t for t in group if t.status == "forbidden"]
        for bad in forbidden:
            for good in preferred:
                problems.append(
                    _problem(
                        bad,
                        f"{bad.text!r} is forbidden in {lang} (concept {bad.concept!r}) but "
                        f"{good.text!r} is preferred (concept {good.concept!r}, {good.origin})",
                        "conflict",
                    )
                )
        conflicting = {id(t) for t in preferred + forbidden} if preferred and forbidden else set()
        for i, term in enumerate(group):
            for other in group[:i]:
                if other.concept == term.concept:
                    continue
                if id(term) in conflicting and id(other) in conflicting:
                    continue  # already reported as a conflict
                problems.append(
                    _problem(
                        term,
                        f"{term.text!r} ({lang}, concept {term.concept!r}) shadows "
                        f"{other.text!r} of concept {other.concept!r} ({other.origin})",
                        "shadow",
                    )
                )

    by_concept_lang: dict[tuple[str, str], list[Term]] = defaultdict(list)
    for term in terms:
        by_concept_lang[(term.concept, term.lang)].append(term)
    for (concept, lang), group in by_concept_lang.items():
        if not any(t.status == "preferred" for t in group):
            problems.append(
                _problem(
                    group[0],
                    f"concept {concept!r} has terms in {lang} but none is preferred",
                    "no-preferred",
                )
            )
    return sorted(problems, key=LintProblem.sort_key)
