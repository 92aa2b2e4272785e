"""Export approved work: a cleaned PO, a compiled MO, the rebuilt document (txt/md) or a TMX.

Everything is rendered in memory first (``render``), so bad input — a missing segment, a
broken PO, a character XML cannot carry — fails before any file is touched; then
``write_outputs`` replaces each output atomically. Output names derived from the input (the
PO's stem, its ``Language``) are sanitised and every target is checked to stay inside the
output path the user gave.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from xml.sax.saxutils import escape, quoteattr

from review_tool import __version__
from review_tool.core.glossary import base_lang, normalize_lang
from review_tool.documents.paragraphs import DOCUMENT_SUFFIXES, document_name, read_document
from review_tool.documents.waivers import notes
from review_tool.errors import InputError, UsageError
from review_tool.po.atomic_io import atomic_write_bytes
from review_tool.po.plural_forms import nplurals as parse_nplurals
from review_tool.po.plural_forms import plural_forms

if TYPE_CHECKING:
    from review_tool.po.store import PoEntry, PoStore
    from review_tool.workspace import Workspace

Format = Literal["po", "mo", "txt", "md", "tmx", "xliff", "xliff2"]
FORMATS: tuple[Format, ...] = ("po", "mo", "txt", "md", "tmx", "xliff", "xliff2")
TEXT_FORMATS: frozenset[str] = frozenset({"po", "txt", "md", "tmx", "xliff", "xliff2"})
_SUFFIX = {"xliff": "xlf", "xliff2": "xlf"}

# Characters XML 1.0 cannot carry at all (not even as character references).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_UNSAFE_NAME_CHARS = re.compile(r"[^\w.+@-]+")


@dataclass(frozen=True, slots=True)
class Rendered:
    """One export, ready to be written: its bytes, and what the user should be told."""

    source: Path  # the PO file it came from
    fmt: str
    data: bytes
    name: str  # sanitised default file name (used inside an output folder)
    entries: int  # how many entries/paragraphs went in
    stand_ins: tuple[str, ...] = ()  # segments where the source stood in (--allow-partial)

    @property
    def is_text(self) -> bool:
        return self.fmt in TEXT_FORMATS


# --------------------------------------------------------------------------- selection


def selected_entries(store: PoStore, include_fuzzy: bool) -> list[PoEntry]:
    """The live entries to export: approved ones (and fuzzy ones with ``include_fuzzy``)."""
    wanted = {"approved", "fuzzy"} if include_fuzzy else {"approved"}
    return [e for e in store.entries if not e.obsolete and e.state in wanted and e.translated]


def segment_label(entry: PoEntry, index: int) -> str:
    return entry.msgctxt if entry.msgctxt is not None else f"#{index + 1}"


def _languages(store: PoStore) -> tuple[str, str]:
    header = store.header
    source = normalize_lang(header.get("X-Source-Language", "") or "en")
    target = normalize_lang(store.language or header.get("Language", "") or "")
    if not target:
        raise InputError(store.path, None, "no Language header: cannot tell the target language")
    return source, target


# --------------------------------------------------------------------------- po / mo


def _header(store: PoStore, entries: Sequence[PoEntry]) -> dict[str, str]:
    _, target = _languages(store)
    header = {k: v for k, v in store.header.items() if k}
    header.setdefault("Language", target)
    header.setdefault("MIME-Version", "1.0")
    header["Content-Type"] = "text/plain; charset=UTF-8"
    header["Content-Transfer-Encoding"] = "8bit"
    if any(e.msgid_plural is not None for e in entries):
        header.setdefault("Plural-Forms", plural_forms(target))
    return header


def _header_text(header: dict[str, str]) -> str:
    return "".join(f"{name}: {value}\n" for name, value in header.items())


def render_po(store: PoStore, include_fuzzy: bool = False) -> str:
    """The approved entries (with ``include_fuzzy`` the fuzzy ones too, still flagged),
    serialised as msgcat would write them; obsolete and untranslated entries are left out."""
    from review_tool.po.store import PoEntry, format_entry

    entries = selected_entries(store, include_fuzzy)
    header = _header(store, entries)
    nplurals = parse_nplurals(header.get("Plural-Forms")) or 2
    blocks = [format_entry(PoEntry("", _header_text(header)), nplurals=nplurals)]
    blocks += [format_entry(e, nplurals=nplurals) for e in entries]
    return "\n".join(blocks)


def _mo_key(entry: PoEntry) -> bytes:
    key = entry.msgid if entry.msgid_plural is None else f"{entry.msgid}\0{entry.msgid_plural}"
    if entry.msgctxt is not None:
        key = f"{entry.msgctxt}\x04{key}"
    return key.encode("utf-8")


def _mo_value(entry: PoEntry) -> bytes:
    value = entry.msgstr if entry.msgid_plural is None else "\0".join(entry.msgstr_plural)
    return value.encode("utf-8")


def render_mo(store: PoStore, include_fuzzy: bool = False, *, use_msgfmt: bool = True) -> bytes:
    """The compiled catalog of the approved entries (with ``include_fuzzy`` fuzzy ones too,
    compiled as if approved); contexts and plural forms included.

    GNU ``msgfmt`` compiles it when it is installed (it alone knows the system-dependent
    ``%<PRIu64>`` segments of c-format strings); otherwise :func:`build_mo` does.
    """
    msgfmt = shutil.which("msgfmt") if use_msgfmt else None
    if msgfmt is None:
        return build_mo(store, include_fuzzy)
    with tempfile.TemporaryDirectory(prefix="review_tool-mo-") as tmp:
        po = Path(tmp) / "catalog.po"
        mo = Path(tmp) / "catalog.mo"
        po.write_text(render_po(store, include_fuzzy), encoding="utf-8")
        command = [msgfmt, *(["--use-fuzzy"] if include_fuzzy else []), "-o", str(mo), str(po)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise InputError(store.path, None, f"msgfmt failed: {exc}") from None
        if done.returncode != 0:
            first = next((ln for ln in done.stderr.splitlines() if ln.strip()), "error")
            raise InputError(store.path, None, f"msgfmt: {first.replace(str(po), 'catalog')}")
        return mo.read_bytes()


def build_mo(store: PoStore, include_fuzzy: bool = False) -> bytes:
    """The MO file written directly (little endian, no hash table): the header, then the
    entries sorted by key, contexts as ``ctxt\\x04msgid``, plural forms NUL-separated.

    c-format strings with ``%<PRIu64>``-style segments need msgfmt: they are refused.
    """
    entries = selected_entries(store, include_fuzzy)
    for index, entry in enumerate(entries):
        if "c-format" in entry.flags and "%<" in entry.msgid + "".join(entry.forms):
            raise InputError(
                store.path,
                entry.line or None,
                f"entry {segment_label(entry, index)} uses a system-dependent c-format "
                "segment (%<...>): install GNU gettext (msgfmt) to compile it",
            )
    header = _header(store, entries)
    header.pop("POT-Creation-Date", None)  # as msgfmt does: the MO stays reproducible
    pairs: dict[bytes, bytes] = {b"": _header_text(header).encode("utf-8")}
    for entry in entries:
        pairs.setdefault(_mo_key(entry), _mo_value(entry))
    keys = sorted(pairs)
    count = len(keys)
    key_table = 7 * 4
    value_table = key_table + 8 * count
    data_start = value_table + 8 * count
    ids = bytearray()
    strs = bytearray()
    key_index: list[int] = []
    value_index: list[tuple[int, int]] = []
    for key in keys:
        key_index += [len(key), data_start + len(ids)]
        ids += key + b"\0"
        value_index.append((len(pairs[key]), len(strs)))
        strs += pairs[key] + b"\0"
    strs_start = data_start + len(ids)
    values = [n for length, offset in value_index for n in (length, strs_start + offset)]
    head = struct.pack("<7I", 0x950412DE, 0, count, key_table, value_table, 0, data_start)
    body = struct.pack(f"<{2 * count}I", *key_index) + struct.pack(f"<{2 * count}I", *values)
    return head + body + bytes(ids) + bytes(strs)


# --------------------------------------------------------------------------- txt / md


def source_newline(store: PoStore, root: Path | None) -> str:
    """CRLF when ``X-Source-Document`` names a workspace document that uses CRLF."""
    ref = (store.header.get("X-Source-Document") or "").strip()
    if not ref or root is None:
        return "\n"
    try:
        root_resolved = root.resolve()
        path = (root / ref).resolve()
        path.relative_to(root_resolved)  # only documents inside the workspace are consulted
    except (ValueError, OSError):
        return "\n"
    if path.suffix.lower() not in DOCUMENT_SUFFIXES or not path.is_file():
        return "\n"
    try:
        return read_document(path).newline
    except InputError:
        return "\n"


def render_document(
    store: PoStore,
    *,
    include_fuzzy: bool = False,
    allow_partial: bool = False,
    newline: str = "\n",
) -> tuple[str, tuple[str, ...]]:
    """The document rebuilt from the translations, paragraphs in entry order.

    Returns the text and the segments where the source stood in. A segment without an
    approved translation is an ``InputError`` listing them all, unless ``allow_partial``.
    """
    chosen = {id(e) for e in selected_entries(store, include_fuzzy)}
    paragraphs: list[str] = []
    missing: list[str] = []
    for index, entry in enumerate(store.entries):
        if entry.obsolete:
            continue
        if id(entry) in chosen:
            text = entry.msgstr_plural[0] if entry.msgid_plural is not None else entry.msgstr
        else:
            missing.append(segment_label(entry, index))
            text = entry.msgid
        paragraphs.append(text.strip())
    if missing and not allow_partial:
        shown = ", ".join(missing[:20]) + (" …" if len(missing) > 20 else "")
        raise InputError(
            store.path,
            None,
            f"{len(missing)} segment(s) not approved yet: {shown} "
            "(approve them, or pass --allow-partial to keep the source text there)",
        )
    body = "\n\n".join(p for p in paragraphs if p)
    text = body + "\n" if body else ""
    if newline != "\n":
        text = text.replace("\n", newline)
    return text, tuple(missing)


# --------------------------------------------------------------------------- tmx


def xml_lang(code: str) -> str:
    """Our ``pt_BR`` -> the BCP 47 ``pt-BR`` XML wants."""
    return normalize_lang(code).replace("_", "-")


def _xml_text(store: PoStore, label: str, text: str) -> str:
    bad = _XML_INVALID.search(text)
    if bad is not None:
        raise InputError(
            store.path,
            None,
            f"segment {label}: character U+{ord(bad.group()):04X} cannot be written to XML",
        )
    return escape(text, {"\r": "&#13;"})


def render_tmx(store: PoStore, include_fuzzy: bool = False) -> str:
    """TMX 1.4 of the translated pairs; ``msgctxt`` as ``<prop type="x-context">``.

    TMX has no plural forms, so a plural entry gives one ``<tu>`` per translated form: the
    singular source with ``msgstr[0]``, the plural source with every other form, each marked
    ``<prop type="x-plural-form">N</prop>`` — every form is a translation a memory can offer.
    """
    src, tgt = _languages(store)
    src_tag, tgt_tag = xml_lang(src), xml_lang(tgt)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tmx version="1.4">',
        '  <header creationtool="review_tool" creationtoolversion='
        f'{quoteattr(__version__)} segtype="paragraph" o-tmf="PO" adminlang="en" '
        f'srclang={quoteattr(src_tag)} datatype="plaintext"/>',
        "  <body>",
    ]
    for index, entry in enumerate(selected_entries(store, include_fuzzy)):
        label = segment_label(entry, index)
        if entry.msgid_plural is None:
            pairs: list[tuple[int | None, str, str]] = [(None, entry.msgid, entry.msgstr)]
        else:
            pairs = [
                (n, entry.msgid if n == 0 else entry.msgid_plural, text)
                for n, text in enumerate(entry.msgstr_plural)
                if text
            ]
        for form, source, target in pairs:
            out.append("    <tu>")
            for note in notes(entry):  # translator comments; waivers are not notes
                out.append(f"      <note>{_xml_text(store, label, note)}</note>")
            if entry.msgctxt is not None:
                ctx = _xml_text(store, label, entry.msgctxt)
                out.append(f'      <prop type="x-context">{ctx}</prop>')
            if form is not None:
                out.append(f'      <prop type="x-plural-form">{form}</prop>')
            for lang, text in ((src_tag, source), (tgt_tag, target)):
                seg = _xml_text(store, label, text)
                out.append(f"      <tuv xml:lang={quoteattr(lang)}><seg>{seg}</seg></tuv>")
            out.append("    </tu>")
    out += ["  </body>", "</tmx>", ""]
    return "\n".join(out)


# --------------------------------------------------------------------------- xliff


def _forms(entry: PoEntry) -> list[tuple[str, str, str]]:
    """(id suffix, source, target) per form."""
    if entry.msgid_plural is None:
        return [("", entry.msgid, entry.msgstr)]
    return [
        (f"[{n}]", entry.msgid if n == 0 else entry.msgid_plural, text)
        for n, text in enumerate(entry.msgstr_plural)
    ]


def render_xliff(store: PoStore, version: str = "1.2", include_fuzzy: bool = False) -> str:
    """Approved work as XLIFF 1.2 or 2.0, for translation management systems.

    One unit per exported entry, its id the segment id (``msgctxt``, else ``#index``);
    translator comments become translator notes, extracted comments developer notes; a
    plural entry is a ``<group restype="x-gettext-plurals">`` of one unit per form (1.2, as
    translate-toolkit's po2xliff writes it) or one unit with a segment per form (2.0).
    Approved entries are final (1.2 ``approved="yes"`` + ``state="final"``; 2.0
    ``state="final"``); fuzzy ones, when asked for, ``needs-review-translation`` /
    ``translated``.
    """
    src, tgt = _languages(store)
    src_tag, tgt_tag = xml_lang(src), xml_lang(tgt)
    original = quoteattr(store.path.name if store.path is not None else "messages.po")
    entries = [
        (segment_label(e, i), e) for i, e in enumerate(selected_entries(store, include_fuzzy))
    ]
    if version == "1.2":
        out = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">',
            f"  <file original={original} source-language={quoteattr(src_tag)} "
            f'target-language={quoteattr(tgt_tag)} datatype="po" '
            f'tool-id="review_tool">',
            "    <header>",
            f'      <tool tool-id="review_tool" tool-name="review_tool" '
            f"tool-version={quoteattr(__version__)}/>",
            "    </header>",
            "    <body>",
        ]
        for label, entry in entries:
            approved = not entry.fuzzy
            state = "final" if approved else "needs-review-translation"
            forms = _forms(entry)
            indent = "      "
            if entry.msgid_plural is not None:
                out.append(f'{indent}<group id={quoteattr(label)} restype="x-gettext-plurals">')
                indent += "  "
            for suffix, source, target in forms:
                out.append(
                    f"{indent}<trans-unit id={quoteattr(label + suffix)} "
                    f'approved="{"yes" if approved else "no"}" xml:space="preserve">'
                )
                out.append(f"{indent}  <source>{_xml_text(store, label, source)}</source>")
                out.append(
                    f'{indent}  <target state="{state}">{_xml_text(store, label, target)}</target>'
                )
                for who, notes in (
                    ("translator", entry.translator_comments),
                    ("developer", entry.extracted_comments),
                ):
                    for note in notes:
                        out.append(
                            f'{indent}  <note from="{who}">{_xml_text(store, label, note)}</note>'
                        )
                out.append(f"{indent}</trans-unit>")
            if entry.msgid_plural is not None:
                out.append("      </group>")
        out += ["    </body>", "  </file>", "</xliff>", ""]
        return "\n".join(out)
    if version != "2.0":
        raise ValueError(f"XLIFF version {version!r}")
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" '
        f"srcLang={quoteattr(src_tag)} trgLang={quoteattr(tgt_tag)}>",
        f'  <file id="f1" original={original}>',
    ]
    for label, entry in entries:
        state = "final" if not entry.fuzzy else "translated"
        out.append(f"    <unit id={quoteattr(label)}>")
        unit_notes = [("translator", n) for n in entry.translator_comments] + [
            ("developer", n) for n in entry.extracted_comments
        ]
        if unit_notes:
            out.append("      <notes>")
            for who, note in unit_notes:
                text = _xml_text(store, label, note)
                out.append(f'        <note category="{who}">{text}</note>')
            out.append("      </notes>")
        for n, (_, source, target) in enumerate(_forms(entry)):
            seg_id = f' id="{n}"' if entry.msgid_plural is not None else ""
            out.append(f'      <segment{seg_id} state="{state}">')
            out.append(f"        <source>{_xml_text(store, label, source)}</source>")
            out.append(f"        <target>{_xml_text(store, label, target)}</target>")
            out.append("      </segment>")
        out.append("    </unit>")
    out += ["  </file>", "</xliff>", ""]
    return "\n".join(out)


# --------------------------------------------------------------------------- names, inputs


def safe_name(text: str, fallback: str = "export") -> str:
    """A file name component from untrusted text: no separators, no ``..``, no dot files."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = _UNSAFE_NAME_CHARS.sub("_", text)
    text = re.sub(r"\.{2,}", ".", text).strip("._ ")
    return text[:120] or fallback


def output_name(store: PoStore, fmt: str) -> str:
    """``<doc>.<lang>.<fmt>`` (the PO's stem and Language), sanitised."""
    stem = safe_name(store.path.stem if store.path is not None else "export")
    try:
        lang = safe_name(_languages(store)[1], fallback="")
    except InputError:
        lang = ""
    suffix = _SUFFIX.get(fmt, fmt)
    return f"{stem}.{lang}.{suffix}" if lang else f"{stem}.{suffix}"


def render(
    store: PoStore,
    fmt: str,
    *,
    include_fuzzy: bool = False,
    allow_partial: bool = False,
    root: Path | None = None,
    newline: str | None = None,
) -> Rendered:
    """Render one PO in one format, entirely in memory."""
    name = output_name(store, fmt)
    if fmt == "po":
        text = render_po(store, include_fuzzy)
        count = len(selected_entries(store, include_fuzzy))
        return Rendered(store.path, fmt, text.encode("utf-8"), name, count)
    if fmt == "mo":
        count = len(selected_entries(store, include_fuzzy))
        return Rendered(store.path, fmt, render_mo(store, include_fuzzy), name, count)
    if fmt in ("txt", "md"):
        nl = newline if newline is not None else source_newline(store, root)
        text, stand_ins = render_document(
            store, include_fuzzy=include_fuzzy, allow_partial=allow_partial, newline=nl
        )
        count = sum(1 for e in store.entries if not e.obsolete)
        return Rendered(store.path, fmt, text.encode("utf-8"), name, count, stand_ins)
    if fmt == "tmx":
        count = len(selected_entries(store, include_fuzzy))
        text = render_tmx(store, include_fuzzy)
        return Rendered(store.path, fmt, text.encode("utf-8"), name, count)
    if fmt in ("xliff", "xliff2"):
        count = len(selected_entries(store, include_fuzzy))
        version = "2.0" if fmt == "xliff2" else "1.2"
        text = render_xliff(store, version, include_fuzzy)
        return Rendered(store.path, fmt, text.encode("utf-8"), name, count)
    raise UsageError(f"export: unknown format {fmt!r} (use {', '.join(FORMATS)})")


@dataclass(frozen=True, slots=True)
class ExportInput:
    po: Path
    document: Path | None = None  # the document named on the command line, if any
    in_folder: bool = False  # found in a folder: skipped (not an error) if in another language


def resolve_inputs(paths: Sequence[str], lang: str | None, ws: Workspace) -> list[ExportInput]:
    """PO files named, the PO of each document named, and every PO below each folder.

    In a folder, ``lang`` keeps the POs of that language only (by ``locales/<lang>/``).
    """
    out: list[ExportInput] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.po") if p.is_file())
            if lang:
                want = normalize_lang(lang)
                found = [p for p in found if _po_lang_hint(p) in (None, want)]
            if not found:
                raise InputError(path, None, "no PO files in this folder")
            out.extend(ExportInput(p, in_folder=True) for p in found)
        elif path.suffix.lower() in DOCUMENT_SUFFIXES:
            if not lang:
                raise UsageError(f"export: {path} is a document: pass --lang to pick its PO")
            po = ws.po_path(document_name(path), normalize_lang(lang))
            if not po.is_file():
                raise InputError(
                    po, None, f"no PO file for {path} in {lang}: run 'review-tool import' first"
                )
            out.append(ExportInput(po, path))
        elif not path.exists():
            raise InputError(path, None, "no such file")
        else:
            out.append(ExportInput(path))
    return out


def _po_lang_hint(path: Path) -> str | None:
    """``locales/fr/LC_MESSAGES/x.po`` -> ``fr``; None when the path does not say."""
    if path.parent.name == "LC_MESSAGES":
        return normalize_lang(path.parent.parent.name)
    return None


def language_matches(store: PoStore, lang: str | None) -> bool:
    have = store.language or ""
    return not lang or not have or base_lang(have) == base_lang(lang)


def check_language(store: PoStore, lang: str | None) -> None:
    if not language_matches(store, lang):
        raise InputError(
            store.path, None, f"this PO is in {store.language}, not {normalize_lang(lang or '')}"
        )


# --------------------------------------------------------------------------- writing


def _inside(folder: Path, target: Path) -> bool:
    try:
        target.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def plan_targets(rendered: Sequence[Rendered], out: Path, *, single_file: bool) -> list[Path]:
    """Where each output goes. ``single_file``: ``out`` is the file itself; else a folder."""
    if single_file:
        if len(rendered) != 1:
            raise UsageError("export: several outputs need --out DIR (a folder)")
        return [out]
    targets: list[Path] = []
    seen: dict[str, Path] = {}
    for item in rendered:
        name = item.name
        if name in seen:
            raise UsageError(
                f"export: {item.source} and {seen[name]} would both be written as {name}"
            )
        seen[name] = item.source
        target = out / name
        if not _inside(out, target) or target.name != name:
            raise UsageError(f"export: refusing to write {target}: outside {out}")
        targets.append(target)
    return targets


def _file_id(path: Path) -> tuple[int, int] | None:
    """The (device, inode) of what ``path`` names, through symbolic links; None if absent."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def refuse_overwriting_inputs(inputs: Sequence[ExportInput], targets: Sequence[Path]) -> None:
    """An export must never replace what it reads: ``export X.po --format po --out X.po``
    would leave only the approved entries, ``--format mo --out X.po`` a binary file. Compared
    by device and inode, so another spelling of the path, a symbolic or a hard link to an input
    is caught as well. Checked before anything is written."""
    read: dict[tuple[int, int], Path] = {}
    for item in inputs:
        for path in (item.po, item.document):
            if path is not None and (key := _file_id(path)) is not None:
                read.setdefault(key, path)
    for target in targets:
        key = _file_id(target)
        if key is not None and key in read:
            raise InputError(
                target, None, f"is the input {read[key]}; refusing to overwrite it (choose --out)"
            )


def write_outputs(rendered: Sequence[Rendered], targets: Sequence[Path]) -> None:
    for item, target in zip(rendered, targets, strict=True):
        atomic_write_bytes(target, item.data)
