"""The concept-oriented multilingual glossary: loading (TSV, TBX v2/v3) and lookups.

A concept groups the terms that mean one thing in every language (SCO = OCS = ШОС =
上海合作组织); each term is preferred, admitted or forbidden in its language. The checks
and the fixer only ever see a ``Glossary``; the file formats stop here.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from xml.etree.ElementTree import Element

from review_tool.errors import InputError
from review_tool.models import STATUSES, Status, Term
from review_tool.text_files import decode_utf8, read_bytes

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

    def __post_init__(self) -> None:
        self._by_concept: dict[str, list[Term]] = {}
        for term in self.terms:
            self._by_concept.setdefault(term.concept, []).append(term)

    def add(self, term: Term) -> None:
        self.terms.append(term)
        self._by_concept.setdefault(term.concept, []).append(term)

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

    def has_valid(self, concept: str, lang: str) -> bool:
        return any(t.valid for t in self.concept_terms(concept, lang))

    def __len__(self) -> int:
        return len(self.terms)


# --------------------------------------------------------------------------- TSV


def _parse_tsv(path: Path, text: str, glossary: Glossary) -> None:
    header_seen = False
    seen: dict[tuple[str, str, str], int] = {}
    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if not header_seen:
            names = tuple(c.strip().lower() for c in cols)
            if names[: len(TSV_HEADER)] != TSV_HEADER and names[:4] != TSV_HEADER[:4]:
                raise InputError(
                    path, lineno, f"expected the header '{chr(9).join(TSV_HEADER)}' (tab-separated)"
                )
            header_seen = True
            continue
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
    if not header_seen:
        raise InputError(path, 1, "empty glossary: no header line")


# --------------------------------------------------------------------------- TBX

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(elem: Element, name: str) -> list[Element]:
    return [c for c in elem if _local(c.tag) == name]


def _descendants(elem: Element, name: str) -> Iterable[Element]:
    return (c for c in elem.iter() if _local(c.tag) == name)


def _text(elem: Element) -> str:
    return " ".join("".join(elem.itertext()).split())


def _tbx_status(term_holder: Element) -> Status:
    for note in _descendants(term_holder, "termNote"):
        kind = (note.get("type") or "").lower()
        if kind in ("administrativestatus", "normativeauthorization"):
            value = _text(note).lower()
            return TBX_STATUS.get(value, "admitted")
    return "admitted"


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
    entries = list(_descendants(root, "termEntry")) + list(_descendants(root, "conceptEntry"))
    if not entries:
        raise InputError(path, None, "no termEntry or conceptEntry elements: not a TBX glossary")
    seen: set[tuple[str, str, str]] = set()
    for number, entry in enumerate(entries, start=1):
        concept = entry.get("id") or f"c{number}"
        note = ""
        for desc in _children(entry, "descrip") + _children(entry, "descripGrp"):
            note = _text(desc)
            break
        for lang_set in _children(entry, "langSet") + _children(entry, "langSec"):
            lang = lang_set.get(_XML_LANG) or lang_set.get("lang") or ""
            if not lang:
                raise InputError(path, None, f"entry {concept!r}: langSet without xml:lang")
            holders = _children(lang_set, "tig") + _children(lang_set, "ntig")
            holders += _children(lang_set, "termSec")
            for holder in holders:
                term_elems = list(_descendants(holder, "term"))
                if not term_elems:
                    continue
                notes = list(_descendants(holder, "note"))
                term_note = _text(notes[0]) if notes else note
                term = _text(term_elems[0])
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
                        status=_tbx_status(holder),
                        note=term_note,
                        origin=f"{path}#{concept}",
                    )
                )


# --------------------------------------------------------------------------- loading


def load_file(path: str | os.PathLike[str], glossary: Glossary | None = None) -> Glossary:
    path = Path(path)
    glossary = glossary if glossary is not None else Glossary()
    data = read_bytes(path, "glossary file")
    suffix = path.suffix.lower()
    if suffix == ".tbx" or (suffix in (".xml",) and b"martif" in data[:2000]):
        _parse_tbx(path, data, glossary)
    elif suffix in (".tsv", ".txt"):
        _parse_tsv(path, decode_utf8(path, data), glossary)
    else:
        raise InputError(path, None, "unknown glossary format (use .tsv or .tbx)")
    glossary.sources.append(str(path))
    return glossary


def glossary_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in GLOSSARY_SUFFIXES
    )


def load(paths: Sequence[str | os.PathLike[str]]) -> Glossary:
    """Load every glossary file given (a folder means every .tsv/.tbx file in it)."""
    glossary = Glossary()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in glossary_files(path):
                load_file(file, glossary)
        else:
            load_file(path, glossary)
    return glossary
