"""Documents as paragraphs: reading a text file, splitting it, and mapping offsets back to
``line:column`` in the file.

A paragraph ends at one or more blank lines and is stripped of surrounding whitespace; nothing
else splits it. Line ends are read as ``\\n`` whatever the file uses (the file's own style is
remembered for export).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from review_tool.core.glossary import normalize_lang
from review_tool.text_files import decode_utf8, read_bytes

DOCUMENT_SUFFIXES = (".txt", ".md")
_BLANK_LINES = re.compile(r"\n[ \t\f\v\u00a0]*\n(?:[ \t\f\v\u00a0]*\n)*")
_LANG_IN_NAME = re.compile(r"\.([a-z]{2,3}(?:[_-][A-Za-z]{2,4})?)$")


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    text: str
    start: int  # offset of the stripped text in the (LF-normalised) document


@dataclass(frozen=True)
class Document:
    path: Path
    text: str  # LF line ends, BOM removed
    paragraphs: tuple[Paragraph, ...]
    newline: str  # "\n" or "\r\n", as the file had it
    had_bom: bool
    starts: list[int] = field(default_factory=list, repr=False, compare=False)
    digest: str = field(default="", compare=False)  # of the file's bytes: document_digest

    def line_col(self, offset: int) -> tuple[int, int]:
        return line_col(self.starts, offset)


def line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


def line_col(starts: list[int], offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = bisect_right(starts, offset) - 1
    return line + 1, offset - starts[line] + 1


def split_paragraphs(text: str) -> list[Paragraph]:
    out: list[Paragraph] = []
    pos = 0
    for m in _BLANK_LINES.finditer(text):
        _add(out, text, pos, m.start())
        pos = m.end()
    _add(out, text, pos, len(text))
    return out


def _add(out: list[Paragraph], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        out.append(Paragraph(len(out), stripped, start + lead))


def decode_text(path: Path, data: bytes) -> tuple[str, bool]:
    return decode_utf8(path, data), data.startswith(b"\xef\xbb\xbf")


def read_document(path: str | Path) -> Document:
    path = Path(path)
    data = read_bytes(path, "file")
    text, bom = decode_text(path, data)
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.replace("\r\n", "\n")
    return Document(
        path,
        text,
        tuple(split_paragraphs(text)),
        newline,
        bom,
        line_starts(text),
        document_digest(data),
    )


def document_digest(data: bytes) -> str:
    """A fingerprint of a document's bytes, recorded in the PO imported from it: when the
    document still has it, the PO's entries are its paragraphs and reopening need not split
    and compare 100 000 paragraphs again."""
    return "sha1:" + hashlib.sha1(data, usedforsecurity=False).hexdigest()


def file_digest(path: str | Path) -> str:
    """:func:`document_digest` of a file (InputError when it cannot be read)."""
    return document_digest(read_bytes(Path(path), "file"))


def language_from_name(path: str | Path) -> str | None:
    """``article.fr.txt`` -> ``fr``; ``notes.txt`` -> None."""
    stem = Path(path).name
    for suffix in (*DOCUMENT_SUFFIXES, ".po"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    m = _LANG_IN_NAME.search(stem)
    return normalize_lang(m.group(1)) if m else None


def document_name(path: str | Path) -> str:
    """The document's name without language and suffix: ``summit.en.txt`` -> ``summit``."""
    name = Path(path).name
    for suffix in DOCUMENT_SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    m = _LANG_IN_NAME.search(name)
    return name[: m.start()] if m else name


def segment_id(text: str, taken: set[str]) -> str:
    """A stable id for a paragraph: a hash of its text (whitespace folded), unique in ``taken``."""
    if not text.isprintable() or "  " in text or text[:1] == " " or text[-1:] == " ":
        # (every whitespace character but the space is unprintable: other texts are already
        # folded, and most paragraphs are)
        text = " ".join(text.split())
    base = "p-" + hashlib.blake2b(text.encode("utf-8"), digest_size=5).hexdigest()
    ident = base
    n = 2
    while ident in taken:
        ident = f"{base}-{n}"
        n += 1
    taken.add(ident)
    return ident
