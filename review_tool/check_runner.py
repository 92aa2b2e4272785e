"""Run the checks over files (text documents or PO catalogs) and locate each finding in its file.

This is what ``review-tool check`` and ``stats`` share: a file in, findings with their
segment index, segment id and ``line:column`` out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from review_tool.checks import Checker
from review_tool.errors import InputError
from review_tool.glossary import normalize_lang
from review_tool.models import Finding
from review_tool.segments import (
    DOCUMENT_SUFFIXES,
    language_from_name,
    read_document,
    segment_id,
)

if TYPE_CHECKING:
    from review_tool.po_store import PoStore


@dataclass(frozen=True, slots=True)
class Located:
    path: str
    index: int
    segment: str
    line: int
    column: int
    finding: Finding

    def to_dict(self) -> dict[str, object]:
        d: dict[str, object] = {"path": self.path, "index": self.index, "segment": self.segment}
        d.update(self.finding.to_dict())
        d["line"] = self.line
        d["column"] = self.column
        return d


def is_po(path: Path) -> bool:
    return path.suffix.lower() in (".po", ".pot")


def expand_paths(paths: list[str]) -> list[Path]:
    """Files named, and for a folder every document and PO file below it (sorted)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and (is_po(p) or p.suffix.lower() in DOCUMENT_SUFFIXES)
            )
        else:
            out.append(path)
    return out


def document_language(path: Path, lang: str | None) -> str:
    found = normalize_lang(lang) if lang else language_from_name(path)
    if not found:
        raise InputError(
            path, None, "cannot tell the language: name it doc.<lang>.txt or pass --lang"
        )
    return found


def check_document(path: Path, checker: Checker, lang: str | None) -> Iterator[Located]:
    doc = read_document(path)
    language = document_language(path, lang)
    taken: set[str] = set()
    for para in doc.paragraphs:
        seg = segment_id(para.text, taken)
        for finding in checker.check(para.text, language):
            line, col = doc.line_col(para.start + finding.start)
            yield Located(str(path), para.index, seg, line, col, finding)


def check_po(
    path: Path,
    checker: Checker,
    lang: str | None,
    source_lang: str | None,
    store: PoStore | None = None,
) -> Iterator[Located]:
    """Findings of every translated msgstr; ``store`` is the file already loaded, if it is."""
    from review_tool.po_store import PoStore

    if store is None:
        store = PoStore.load(path)
    language = normalize_lang(lang) if lang else (store.language or language_from_name(path))
    if not language:
        raise InputError(path, None, "no Language header: pass --lang")
    src_lang = normalize_lang(source_lang or store.header.get("X-Source-Language", "") or "en")
    for index, entry in enumerate(store.entries):
        forms: list[tuple[int, str, str]] = []
        if entry.msgid_plural is not None:
            for n, text in enumerate(entry.msgstr_plural):
                forms.append((n, entry.msgid if n == 0 else entry.msgid_plural, text))
        else:
            forms.append((0, entry.msgid, entry.msgstr))
        seg = entry.msgctxt if entry.msgctxt is not None else f"#{index}"
        for form, source, text in forms:
            if not text:
                continue
            for finding in checker.check(text, language, source=source, source_lang=src_lang):
                line, col = store.msgstr_position(index, finding.start, form)
                yield Located(str(path), index, seg, line, col, finding)


def check_path(
    path: Path,
    checker: Checker,
    *,
    lang: str | None = None,
    source_lang: str | None = None,
) -> list[Located]:
    if is_po(path):
        return list(check_po(path, checker, lang, source_lang))
    if path.suffix.lower() in DOCUMENT_SUFFIXES or path.is_file():
        return list(check_document(path, checker, lang))
    raise InputError(path, None, "no such file")
