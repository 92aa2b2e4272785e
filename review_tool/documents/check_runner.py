"""Run the checks over files (text documents or PO catalogs) and locate each finding in its file.

This is what ``review-tool check`` and ``stats`` share: a file in, findings with their
segment index, segment id and ``line:column`` out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring as _json_str  # the C one json.dumps uses
from pathlib import Path
from typing import TYPE_CHECKING

from review_tool.core.checks.checker import Checker, CheckJob
from review_tool.core.checks.qa import FRENCH_SPACING_MESSAGE, french_spacing_unused
from review_tool.core.checks.qa_context import FRENCH_SPACING_LANGS
from review_tool.core.checks.registry import NO_FLAGS
from review_tool.core.checks.spelling import RULE as SPELLING_RULE
from review_tool.core.checks.spelling import project_vocabulary, source_words
from review_tool.core.glossary import WORD_LIST_PREFIX, base_lang, normalize_lang
from review_tool.core.models import Finding
from review_tool.documents.paragraphs import (
    DOCUMENT_SUFFIXES,
    language_from_name,
    read_document,
    segment_id,
)
from review_tool.documents.xliff import SUFFIXES as XLIFF_SUFFIXES
from review_tool.errors import InputError

if TYPE_CHECKING:
    from review_tool.po.store import PoStore


@dataclass(frozen=True, slots=True)
class Located:
    path: str
    index: int
    segment: str
    line: int
    column: int
    finding: Finding
    end_line: int = 0  # where the finding ends (the character after it); 0: not located
    end_column: int = 0

    def to_dict(self) -> dict[str, object]:
        d: dict[str, object] = {
            "path": self.path,
            "index": self.index,  # 0-based, for scripts (approve --index)
            "number": self.index + 1,  # 1-based, as the review screen shows it
            "segment": self.segment,
        }
        d.update(self.finding.to_dict())
        d["line"] = self.line
        d["column"] = self.column
        return d

    def to_json(self) -> str:
        """``json.dumps(self.to_dict(), ensure_ascii=False)``, three times faster (a report
        can have 100 000 of them): only the strings go through the encoder."""
        f = self.finding
        suggestion = "null" if f.suggestion is None else _json_str(f.suggestion)
        return (
            f'{{"path": {_json_str(self.path)}, "index": {self.index}, '
            f'"number": {self.index + 1}, '
            f'"segment": {_json_str(self.segment)}, "rule": {_json_str(f.rule)}, '
            f'"severity": {_json_str(f.severity)}, "start": {f.start}, "end": {f.end}, '
            f'"text": {_json_str(f.text)}, "message": {_json_str(f.message)}, '
            f'"suggestion": {suggestion}, "line": {self.line}, "column": {self.column}}}'
        )


def is_po(path: Path) -> bool:
    return path.suffix.lower() in (".po", ".pot")


def is_xliff(path: Path) -> bool:
    return path.suffix.lower() in XLIFF_SUFFIXES


def expand_paths(paths: list[str]) -> list[Path]:
    """Files named, and for a folder every document and PO file below it (sorted); the
    project word lists (``glossary/words-<lang>.txt``) are not documents."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and (is_po(p) or is_xliff(p) or p.suffix.lower() in DOCUMENT_SUFFIXES)
                and not (p.parent.name == "glossary" and p.name.startswith(WORD_LIST_PREFIX))
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


BATCH = 1024  # texts checked rule by rule together (Checker.check_many)


@dataclass
class FileWork:
    """The texts of one file to check, and where each one is in the file."""

    path: Path
    jobs: list[CheckJob]
    place: Callable[[int], tuple[int, str]]  # job -> segment index, segment id
    locate: Callable[[int, int], tuple[int, int]]  # (job, offset in its text) -> line, column

    def located(self, k: int, findings: list[Finding]) -> Iterator[Located]:
        index, seg = self.place(k)
        for finding in findings:
            line, col = self.locate(k, finding.start)
            end_line, end_col = self.locate(k, finding.end)
            yield Located(str(self.path), index, seg, line, col, finding, end_line, end_col)


def document_work(path: Path, lang: str | None) -> FileWork:
    doc = read_document(path)
    language = document_language(path, lang)
    paras = doc.paragraphs
    taken: set[str] = set()
    ids: list[str] = []

    def place(k: int) -> tuple[int, str]:
        # Ids are unique in document order; findings are located in that order, so the ids
        # are made as they are needed (while workers check the rest).
        while len(ids) <= k:
            ids.append(segment_id(paras[len(ids)].text, taken))
        return paras[k].index, ids[k]

    return FileWork(
        path,
        [CheckJob(p.text, language) for p in paras],
        place,
        lambda k, offset: doc.line_col(paras[k].start + offset),
    )


def po_work(
    path: Path, lang: str | None, source_lang: str | None, store: PoStore | None = None
) -> FileWork:
    """Every translated msgstr; ``store`` is the file already loaded, if it is."""
    from review_tool.po.store import PoStore

    if store is None:
        store = PoStore.load(path)
    language = normalize_lang(lang) if lang else (store.language or language_from_name(path))
    if not language:
        raise InputError(path, None, "no Language header: pass --lang")
    src_lang = normalize_lang(source_lang or store.header.get("X-Source-Language", "") or "en")
    jobs: list[CheckJob] = []
    places: list[tuple[int, str, int]] = []
    for index, entry in enumerate(store.entries):
        seg = entry.msgctxt if entry.msgctxt is not None else f"#{index + 1}"
        flags = frozenset(entry.flags) if entry.flags else NO_FLAGS
        plural = entry.msgid_plural
        if plural is not None:
            # Each form against msgid and msgid_plural: a finding only where both have it.
            for form, text in enumerate(entry.msgstr_plural):
                if text:
                    source, other = (entry.msgid, plural) if form == 0 else (plural, entry.msgid)
                    jobs.append(
                        CheckJob(text, language, source, src_lang, flags, other, entry.msgctxt)
                    )
                    places.append((index, seg, form))
        elif entry.msgstr:
            jobs.append(
                CheckJob(entry.msgstr, language, entry.msgid, src_lang, flags, None, entry.msgctxt)
            )
            places.append((index, seg, 0))
    loaded = store

    def locate(k: int, offset: int) -> tuple[int, int]:
        index, _, form = places[k]
        return loaded.msgstr_position(index, offset, form)

    return FileWork(path, jobs, lambda k: places[k][:2], locate)


def xliff_work(path: Path, lang: str | None, source_lang: str | None) -> FileWork:
    """Every segment of an XLIFF 1.2/2.0 file with a target, checked against its source in
    the file's languages (``--lang``/``--source-lang`` override them)."""
    from review_tool.documents.xliff import parse

    xf = parse(path)
    language = normalize_lang(lang or xf.target_lang)
    if not language:
        raise InputError(path, None, "no target language in the file: pass --lang")
    src_lang = normalize_lang(source_lang or xf.source_lang or "en")
    chosen = [(index, seg) for index, seg in enumerate(xf.segments) if seg.target]
    jobs = [CheckJob(seg.target or "", language, seg.source, src_lang) for _, seg in chosen]

    def locate(k: int, offset: int) -> tuple[int, int]:
        return xf.position(chosen[k][1], offset)

    return FileWork(path, jobs, lambda k: (chosen[k][0], chosen[k][1].key), locate)


def file_work(path: Path, lang: str | None, source_lang: str | None) -> FileWork:
    if is_po(path):
        return po_work(path, lang, source_lang)
    if is_xliff(path):
        return xliff_work(path, lang, source_lang)
    if path.suffix.lower() in DOCUMENT_SUFFIXES or path.is_file():
        return document_work(path, lang)
    raise InputError(path, None, "no such file")


def check_work(
    work: FileWork, checker: Checker, advance: Callable[[int], None] | None = None
) -> list[Located]:
    """Findings of every text of ``work``; ``advance(n)`` is told of every batch done."""
    out: list[Located] = []
    jobs = work.jobs
    catalog = checker.check_catalog(jobs) if checker.catalog_rules else None
    for start in range(0, len(jobs), BATCH):
        batch = jobs[start : start + BATCH]
        for k, findings in enumerate(checker.check_many(batch), start):
            if catalog is not None and catalog[k]:
                findings = with_catalog(findings, catalog[k])
            if findings:
                out.extend(work.located(k, findings))
        if advance is not None:
            advance(len(batch))
    return settled(work, out)


def settled(work: FileWork, items: list[Located]) -> list[Located]:
    """One file's findings less those a fact about the whole file undoes, once every text
    is checked (in this process, in chunks or file by file alike, so ``--jobs`` changes
    nothing): its own vocabulary and the words its sources write (qa.spelling), and its
    French spacing house style (qa.punct-space)."""
    items = without_project_vocabulary(items)
    items = without_source_words(work, items)
    french = [
        i for i, item in enumerate(items) if item.finding.message.startswith(FRENCH_SPACING_MESSAGE)
    ]
    if french and french_spacing_unused(
        job.text for job in work.jobs if base_lang(job.lang) in FRENCH_SPACING_LANGS
    ):
        drop = set(french)
        items = [item for i, item in enumerate(items) if i not in drop]
    return items


def without_source_words(work: FileWork, items: list[Located]) -> list[Located]:
    """``items`` less the qa.spelling findings on a word the file's sources write (a
    program's name, a keyword, a command: "msgexec", "dpkg"): kept from the source language
    in this entry or another, a borrowing, not a misspelling (spelling.source_words)."""
    flagged = {item.finding.text.casefold() for item in items if item.finding.rule == SPELLING_RULE}
    if not flagged:
        return items
    kept = flagged & source_words(job.source for job in work.jobs if job.source)
    if not kept:
        return items
    return [
        item
        for item in items
        if item.finding.rule != SPELLING_RULE or item.finding.text.casefold() not in kept
    ]


def without_project_vocabulary(items: list[Located]) -> list[Located]:
    """``items`` less the qa.spelling findings on a word its file writes in several texts
    (spelling.project_vocabulary: the project's own words, not misspellings)."""
    flagged: dict[str, list[tuple[int, Finding]]] = {}
    for item in items:
        if item.finding.rule == SPELLING_RULE:
            flagged.setdefault(item.path, []).append((item.index, item.finding))
    vocabulary = {path: project_vocabulary(found) for path, found in flagged.items()}
    if not any(vocabulary.values()):
        return items
    return [
        item
        for item in items
        if item.finding.rule != SPELLING_RULE
        or item.finding.text.casefold() not in vocabulary[item.path]
        or item.finding.suggestion is not None
    ]


def with_catalog(findings: list[Finding], catalog: list[Finding]) -> list[Finding]:
    """A text's findings and its catalog-scope findings, in reading order."""
    return sorted(findings + catalog, key=lambda f: (f.start, f.end, f.rule))


def check_po(
    path: Path,
    checker: Checker,
    lang: str | None,
    source_lang: str | None,
    store: PoStore | None = None,
) -> list[Located]:
    """Findings of every translated msgstr; ``store`` is the file already loaded, if it is."""
    return check_work(po_work(path, lang, source_lang, store), checker)


def check_path(
    path: Path,
    checker: Checker,
    *,
    lang: str | None = None,
    source_lang: str | None = None,
) -> list[Located]:
    return check_work(file_work(path, lang, source_lang), checker)
