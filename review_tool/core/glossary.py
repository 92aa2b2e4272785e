"""The concept-oriented multilingual glossary: loading (TSV, TBX v2/v3) and lookups.

A concept groups the terms that mean one thing in every language (SCO = OCS = ШОС =
上海合作组织); each term is preferred, admitted or forbidden in its language. The checks
and the fixer only ever see a ``Glossary``; the file formats stop here.
"""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from itertools import chain, repeat
from operator import attrgetter
from pathlib import Path
from types import MemberDescriptorType
from xml.etree.ElementTree import Element

from review_tool.core.models import STATUSES, Status, Term
from review_tool.errors import InputError
from review_tool.text_files import decode_utf8, read_bytes

# TBX termType values (and ``type=`` in a TSV note) that make a term an acronym.
ACRONYM_TYPES = frozenset({"acronym", "abbreviation", "initialism", "shortform", "short form"})
_TERM_TYPE = re.compile(r"\b(?:type|termType)\s*[=:]\s*([A-Za-z][A-Za-z ]*?)\s*(?:;|$)")

TSV_HEADER = ("concept", "lang", "term", "status", "note")
GLOSSARY_SUFFIXES = (".tsv", ".tbx")

# TBX administrativeStatus values -> our statuses.
TBX_STATUS: dict[str, Status] = {
    "preferredterm-admn-sts": "preferred",
    "admittedterm-admn-sts": "admitted",
    "deprecatedterm-admn-sts": "forbidden",
    "supersededterm-admn-sts": "forbidden",
    "preferred": "preferred",
    "admitted": "admitted",
    "deprecated": "forbidden",
    "superseded": "forbidden",
    "forbidden": "forbidden",
    "obsolete": "forbidden",
}


@lru_cache(maxsize=4096)
def normalize_lang(code: str) -> str:
    """``en-US`` / ``EN_us`` -> ``en_US``; ``zh-Hans`` -> ``zh_Hans``; bare codes lower-case."""
    code = code.strip().replace("-", "_")
    if not code:
        return code
    parts = code.split("_")
    head = parts[0].lower()
    rest = [p.upper() if len(p) == 2 else p.title() for p in parts[1:] if p]
    return "_".join([head, *rest])


@lru_cache(maxsize=4096)
def base_lang(code: str) -> str:
    return normalize_lang(code).split("_")[0]


@dataclass
class Glossary:
    """All terms of all concepts, with the lookups the checks need."""

    terms: list[Term] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The project word lists (glossary/words-<lang>.txt): words the spelling check accepts
    # in that language (names, product words), by base language.
    words: dict[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_concept: dict[str, list[Term]] = {}
        for term in self.terms:
            self._by_concept.setdefault(term.concept, []).append(term)

    def add(self, term: Term) -> None:
        self.terms.append(term)
        self._by_concept.setdefault(term.concept, []).append(term)

    def extend(self, terms: Iterable[Term]) -> None:
        """``add`` each term, in order."""
        added = list(terms)
        self.terms += added
        by_concept = self._by_concept
        for term in added:
            by_concept.setdefault(term.concept, []).append(term)

    @property
    def concepts(self) -> dict[str, list[Term]]:
        return self._by_concept

    @property
    def languages(self) -> set[str]:
        return {base_lang(t.lang) for t in self.terms}

    def concept_terms(self, concept: str, lang: str | None = None) -> list[Term]:
        terms = self._by_concept.get(concept, [])
        if lang is None:
            return list(terms)
        want = base_lang(lang)
        return [t for t in terms if base_lang(t.lang) == want]

    def preferred(self, concept: str, lang: str) -> Term | None:
        """The preferred term of a concept in a language (else the first admitted one)."""
        valid = [t for t in self.concept_terms(concept, lang) if t.valid]
        for term in valid:
            if term.status == "preferred":
                return term
        return valid[0] if valid else None

    @staticmethod
    def is_acronym(term: Term) -> bool:
        """An acronym or abbreviation: TBX termType (or ``type=acronym`` in a TSV note), else
        the form: words in capitals ("WHO", "ШОС", "EU ETS")."""
        kind = _TERM_TYPE.search(term.note)
        if kind:
            return kind.group(1).lower() in ACRONYM_TYPES
        words = term.text.split()
        return bool(words) and all(w.isupper() and sum(map(str.isalpha, w)) >= 2 for w in words)

    def counterpart(self, concept: str, lang: str, like: Term) -> Term | None:
        """The term to put for ``like`` (a form of ``concept`` not valid in ``lang``): an
        acronym for an acronym, a full form for a full form, the preferred one first."""
        valid = [t for t in self.concept_terms(concept, lang) if t.valid]
        if not valid:
            return None
        valid.sort(key=lambda t: t.status != "preferred")
        if self.is_acronym(like):
            same = [t for t in valid if self.is_acronym(t)]
        elif " " in like.text:  # a full form (a single word may be either: no preference)
            same = [t for t in valid if not self.is_acronym(t)]
        else:
            same = valid
        return (same or valid)[0]

    def has_valid(self, concept: str, lang: str) -> bool:
        return any(t.valid for t in self.concept_terms(concept, lang))

    def __len__(self) -> int:
        return len(self.terms)


# --------------------------------------------------------------------------- TSV
#
# A big glossary is read on the serial path of ``review-tool check`` before any checking
# starts, so the common file (every row after the header a plain row: 4 or 5 columns, known
# status, no duplicate) is read column by column with C-level string operations, and only a
# file with anything else (blank or comment rows between the terms, a duplicate, an error)
# goes through the row-by-row reader, which alone words the warnings and errors.


def _parse_tsv(path: Path, text: str, glossary: Glossary) -> None:
    lines = text.split("\n")
    start = _after_header(path, lines)
    if not _add_plain_rows(path, lines, start, glossary):
        _add_rows(path, lines, start, glossary)


def _after_header(path: Path, lines: list[str]) -> int:
    """The index of the line after the header (blank lines and comments may precede it)."""
    for index, raw in enumerate(lines):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        names = tuple(c.strip().lower() for c in line.split("\t"))
        if names[: len(TSV_HEADER)] != TSV_HEADER and names[:4] != TSV_HEADER[:4]:
            raise InputError(
                path, index + 1, f"expected the header '{chr(9).join(TSV_HEADER)}' (tab-separated)"
            )
        return index + 1
    raise InputError(path, 1, "empty glossary: no header line")


def _add_rows(path: Path, lines: list[str], start: int, glossary: Glossary) -> None:
    """The rows from ``lines[start]`` on, one by one: every check, warning and error."""
    seen: dict[tuple[str, str, str], int] = {}
    for lineno, raw in enumerate(lines[start:], start=start + 1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 4:
            raise InputError(
                path,
                lineno,
                f"expected 4 or 5 tab-separated columns (concept, lang, term, status, note), "
                f"found {len(cols)}",
            )
        if len(cols) > 5:
            raise InputError(path, lineno, f"too many columns ({len(cols)}); at most 5")
        concept, lang, term, status = (c.strip() for c in cols[:4])
        note = cols[4].strip() if len(cols) == 5 else ""
        if not concept:
            raise InputError(path, lineno, "empty concept id")
        if not lang:
            raise InputError(path, lineno, "empty language code")
        if not term:
            raise InputError(path, lineno, "empty term")
        status = status.lower()
        if status not in STATUSES:
            raise InputError(
                path, lineno, f"unknown status {status!r}; use preferred, admitted or forbidden"
            )
        key = (concept, normalize_lang(lang), term)
        if key in seen:
            glossary.warnings.append(
                f"{path}:{lineno}: duplicate of line {seen[key]} ({term!r}, {lang}); ignored"
            )
            continue
        seen[key] = lineno
        glossary.add(
            Term(
                concept=concept,
                lang=normalize_lang(lang),
                text=" ".join(term.split()),
                status=status,  # type: ignore[arg-type]
                note=note,
                origin=f"{path}:{lineno}",
            )
        )


_STATUS_OF: dict[str, Status] = {status: status for status in STATUSES}
_ROW_END = {3: "\t\t", 4: "\t"}  # tabs in a row -> what ends it as five cells


def _make_terms(columns: Sequence[Sequence[str]]) -> list[Term]:
    """``list(map(Term, *columns))`` in about half the time: the frozen dataclass's
    ``__init__`` is a Python call per term that sets each field through
    ``object.__setattr__``; here C loops create the objects, then fill one slot of every term
    at a time. Plain ``Term(...)`` if its fields ever stop being just these six slots."""
    names = ("concept", "lang", "text", "status", "note", "origin")
    slots = [vars(Term).get(name) for name in names]
    if (
        tuple(f.name for f in fields(Term)) != names
        or hasattr(Term, "__post_init__")
        or not all(isinstance(slot, MemberDescriptorType) for slot in slots)
    ):
        return list(map(Term, *columns))
    terms = list(map(object.__new__, repeat(Term, len(columns[0]))))
    for slot, column in zip(slots, columns, strict=True):
        deque(map(slot.__set__, terms, column), maxlen=0)  # type: ignore[union-attr]
    return terms


def _add_plain_rows(path: Path, lines: list[str], start: int, glossary: Glossary) -> bool:
    """Add the rows from ``lines[start]`` on if every one is plain, as :func:`_add_rows` would;
    else add nothing and return False.

    Most steps map a C function over a whole column; the values are those of ``_add_rows``
    (a trailing CR is whitespace that ``strip`` removes).
    """
    end = len(lines) - 1 if lines[-1] == "" else len(lines)  # the text's final newline
    rows = lines[start:end]
    numbers: Sequence[int] = range(start + 1, end + 1)
    tabs = list(map(str.count, rows, repeat("\t")))
    kinds = set(tabs)
    if not kinds <= {3, 4}:  # blank lines and comments between the rows?
        kept = [
            (n, row)
            for n, row in zip(numbers, rows, strict=True)
            if row.strip() and not row.lstrip().startswith("#")
        ]
        numbers = [n for n, _ in kept]
        rows = [row for _, row in kept]
        tabs = list(map(str.count, rows, repeat("\t")))
        kinds = set(tabs)
        if not kinds <= {3, 4}:
            return False
    if 3 in kinds:  # a row of four columns ends with an empty note: one more tab after it
        ends = map(_ROW_END.__getitem__, tabs)
        cells = "".join(chain.from_iterable(zip(rows, ends, strict=True))).split("\t")
        del cells[-1]
    else:
        cells = "\t".join(rows).split("\t")
    concepts = list(map(str.strip, cells[0::5]))
    framed = "\n" + "\n".join(concepts) + "\n"
    if "\n\n" in framed or "\n#" in framed:  # an empty concept, or a comment row with tabs
        return False
    terms = list(map(str.strip, cells[2::5]))
    if "" in terms:
        return False
    # Languages and statuses take a handful of values: each distinct one is read once.
    langs, statuses = cells[1::5], cells[3::5]
    lang_of = {lang: normalize_lang(lang) for lang in set(langs)}
    status_of = {status: _STATUS_OF.get(status.strip().lower(), "") for status in set(statuses)}
    if any(not lang.strip() for lang in lang_of) or "" in status_of.values():
        return False
    langs = list(map(lang_of.__getitem__, langs))
    statuses = list(map(status_of.__getitem__, statuses))
    # No two rows may share (concept, language, term): with all terms distinct none can;
    # else distinct hashes prove distinct keys without keeping a tuple per row (a collision,
    # however unlikely, only sends the file to the row reader).
    if len(set(terms)) != len(terms):
        keys = zip(concepts, langs, terms, strict=True)
        if len(set(map(hash, keys))) != len(terms):
            return False  # a duplicate: _add_rows words the warning
    joined = "|".join(terms)
    if not joined.isprintable() or "  " in joined:  # whitespace to collapse somewhere
        terms = list(map(" ".join, map(str.split, terms)))
    notes = list(map(str.strip, cells[4::5]))
    origins = list(map(f"{path}:".__add__, map(str, numbers)))
    glossary.extend(_make_terms((concepts, langs, terms, statuses, notes, origins)))
    return True


# --------------------------------------------------------------------------- TBX

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@lru_cache(maxsize=4096)
def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _Names:
    """Elements of one document by local name, whatever their namespace.

    A name borne by one tag in the whole document (the usual case) is found by ElementTree's
    own search for that tag; a name that several namespaces give is filtered element by
    element. Either way: document order, and ``elem`` itself among its descendants.
    """

    def __init__(self, root: Element) -> None:
        tags: dict[str, list[str]] = {}
        for tag in dict.fromkeys(map(attrgetter("tag"), root.iter())):
            tags.setdefault(_local(tag), []).append(tag)
        self.tag = {name: found[0] for name, found in tags.items() if len(found) == 1}
        self.mixed = {name for name, found in tags.items() if len(found) > 1}

    def descendants(self, elem: Element, name: str) -> Iterator[Element]:
        tag = self.tag.get(name)
        if tag is not None:
            return elem.iter(tag)
        if name in self.mixed:
            return (e for e in elem.iter() if _local(e.tag) == name)
        return iter(())

    def first(self, elem: Element, name: str) -> Element | None:
        return next(self.descendants(elem, name), None)

    def children(self, elem: Element, *names: str) -> list[Element]:
        """Those named ``names[0]``, then those named ``names[1]``, and so on."""
        found: list[Element] = []
        for name in names:
            tag = self.tag.get(name)
            if tag is not None:
                found += [c for c in elem if c.tag == tag]
            elif name in self.mixed:
                found += [c for c in elem if _local(c.tag) == name]
        return found


def _text(elem: Element) -> str:
    return " ".join("".join(elem.itertext()).split())


def _tbx_status(term_notes: Iterable[Element]) -> Status:
    for note in term_notes:
        kind = (note.get("type") or "").lower()
        if kind in ("administrativestatus", "normativeauthorization"):
            value = _text(note).lower()
            return TBX_STATUS.get(value, "admitted")
    return "admitted"


def _tbx_term_type(term_notes: Iterable[Element]) -> str:
    """The TBX termType of a term ("acronym", "fullForm", …), or ""."""
    for note in term_notes:
        if (note.get("type") or "").lower() == "termtype":
            return _text(note)
    return ""


def _parse_tbx(path: Path, data: bytes, glossary: Glossary) -> None:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise InputError(path, line, f"malformed XML: {exc}") from None
    except DefusedXmlException as exc:
        raise InputError(path, None, f"rejected unsafe XML ({type(exc).__name__}): {exc}") from None
    names = _Names(root)
    entries = [*names.descendants(root, "termEntry"), *names.descendants(root, "conceptEntry")]
    if not entries:
        raise InputError(path, None, "no termEntry or conceptEntry elements: not a TBX glossary")
    where = str(path)
    seen: set[tuple[str, str, str]] = set()
    for number, entry in enumerate(entries, start=1):
        concept = entry.get("id") or f"c{number}"
        descriptions = names.children(entry, "descrip", "descripGrp")
        note = _text(descriptions[0]) if descriptions else ""
        for lang_set in names.children(entry, "langSet", "langSec"):
            lang = lang_set.get(_XML_LANG) or lang_set.get("lang") or ""
            if not lang:
                raise InputError(path, None, f"entry {concept!r}: langSet without xml:lang")
            for holder in names.children(lang_set, "tig", "ntig", "termSec"):
                term_elem = names.first(holder, "term")
                if term_elem is None:
                    continue
                note_elem = names.first(holder, "note")
                term_note = _text(note_elem) if note_elem is not None else note
                kind = _tbx_term_type(names.descendants(holder, "termNote"))
                if kind and not _TERM_TYPE.search(term_note):
                    term_note = f"{term_note}; type={kind}" if term_note else f"type={kind}"
                term = _text(term_elem)
                if not term:
                    raise InputError(path, None, f"entry {concept!r} ({lang}): empty term")
                key = (concept, normalize_lang(lang), term)
                if key in seen:
                    continue
                seen.add(key)
                glossary.add(
                    Term(
                        concept=concept,
                        lang=normalize_lang(lang),
                        text=term,
                        status=_tbx_status(names.descendants(holder, "termNote")),
                        note=term_note,
                        origin=f"{where}#{concept}",
                    )
                )


# --------------------------------------------------------------------------- loading


MAX_TERM_CHARS = 1_000


def load_file(path: str | os.PathLike[str], glossary: Glossary | None = None) -> Glossary:
    path = Path(path)
    glossary = glossary if glossary is not None else Glossary()
    first_new = len(glossary.terms)
    data = read_bytes(path, "glossary file")
    suffix = path.suffix.lower()
    if suffix == ".tbx" or (suffix in (".xml",) and b"martif" in data[:2000]):
        _parse_tbx(path, data, glossary)
    elif suffix in (".tsv", ".txt"):
        _parse_tsv(path, decode_utf8(path, data), glossary)
    else:
        raise InputError(path, None, "unknown glossary format (use .tsv or .tbx)")
    _refuse_long_terms(path, glossary.terms[first_new:])
    glossary.sources.append(str(path))
    return glossary


def _refuse_long_terms(path: Path, terms: Sequence[Term]) -> None:
    """A term is a word or a phrase: one of thousands of characters is a broken row (a lost
    tab or quote swallowing the lines after it), and would make every check slow."""
    if not terms or max(map(len, (t.text for t in terms))) <= MAX_TERM_CHARS:
        return
    term = next(t for t in terms if len(t.text) > MAX_TERM_CHARS)
    where, _, line = term.origin.rpartition(":")
    raise InputError(
        path,
        int(line) if where == str(path) and line.isdigit() else None,
        f"a term of {len(term.text):,} characters (concept {term.concept!r}, {term.lang}); "
        f"a term has at most {MAX_TERM_CHARS:,}: is a tab or a quote missing?",
    )


def glossary_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in GLOSSARY_SUFFIXES
    )


WORD_LIST_PREFIX = "words-"


def word_list_files(folder: Path) -> list[Path]:
    """The project word lists of a glossary folder: ``words-<lang>.txt``."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.name.startswith(WORD_LIST_PREFIX) and p.suffix.lower() == ".txt"
    )


def load_word_list(path: Path, glossary: Glossary) -> None:
    """One word (or name) a line; ``#`` starts a comment. The language is in the file name."""
    lang = base_lang(path.stem[len(WORD_LIST_PREFIX) :])
    if not lang or not lang.isalpha():
        raise InputError(path, None, "name a word list words-<lang>.txt (e.g. words-en.txt)")
    text = decode_utf8(path, read_bytes(path, "word list"))
    words = set(glossary.words.get(lang, ()))
    for line in text.splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(word)
    glossary.words[lang] = frozenset(words)


def load(paths: Sequence[str | os.PathLike[str]]) -> Glossary:
    """Load every glossary file given (a folder means every .tsv/.tbx file in it), and the
    project word lists (``words-<lang>.txt``) of each folder given or holding a file given."""
    glossary = Glossary()
    folders: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in glossary_files(path):
                load_file(file, glossary)
            folders.append(path)
        else:
            load_file(path, glossary)
            folders.append(path.parent)
    seen: set[Path] = set()
    for folder in folders:
        key = folder.resolve()
        if key not in seen:
            seen.add(key)
            for file in word_list_files(folder):
                load_word_list(file, glossary)
    return glossary
