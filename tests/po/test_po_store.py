"""PoStore: real catalogs survive a save byte for byte, hostile files fail cleanly with
file:line, saves are atomic and merge concurrent writers, and the serialiser writes
what msgcat writes."""

from __future__ import annotations

import dataclasses
import difflib
import gettext
import os
import random
import shutil
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import polib
import pytest
from gettext_check import msgfmt_check
from testkit import CONTENT_TYPE, ENCODING, MIME, PLURAL_FORMS, REPO, po_header

from review_tool.errors import InputError
from review_tool.po import atomic_io
from review_tool.po import parser as po_parser
from review_tool.po.atomic_io import atomic_write_text, cleanup_stale_temps
from review_tool.po.plural_forms import nplurals, plural_forms
from review_tool.po.store import LockTimeout, PoEntry, PoStore, format_entry

LOCALE = Path("/usr/share/locale")
HAVE_GETTEXT = all(shutil.which(tool) for tool in ("msgfmt", "msgunfmt", "msgcat"))
needs_gettext = pytest.mark.skipif(not HAVE_GETTEXT, reason="GNU gettext tools not installed")

HEADER = po_header(
    "Project-Id-Version: test",
    "PO-Revision-Date: 2024-01-01 10:00+0000",
    "Last-Translator: Someone <s@example.org>",
    "Language-Team: German",
    "Language: de",
    MIME,
    CONTENT_TYPE,
    ENCODING,
    PLURAL_FORMS,
)


# ---------------------------------------------------------------------------------------
# helpers


def msgcat(path: Path, out: Path) -> str:
    subprocess.run(["msgcat", str(path), "-o", str(out)], check=True, capture_output=True)
    return out.read_text(encoding="utf-8")


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def write(path: Path, text: str, newline: str = "\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def catalog(tmp_path: Path, body: str, name: str = "de.po") -> Path:
    return write(tmp_path / name, HEADER + "\n" + textwrap.dedent(body))


def entry_line_range(lines: list[str], entry: PoEntry) -> range:
    """0-based range of the lines of ``entry`` (blank-line separated) in ``lines``."""
    first = entry.line - 1
    while first > 0 and lines[first - 1].strip():
        first -= 1
    last = entry.msgstr_line - 1
    while last + 1 < len(lines) and lines[last + 1].strip():
        last += 1
    return range(first, last + 1)


def changed_lines(before: list[str], after: list[str]) -> set[int]:
    """0-based indexes of the lines of ``before`` a diff replaces or deletes (or inserts at)."""
    touched: set[int] = set()
    for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(None, before, after).get_opcodes():
        if tag != "equal":
            touched.update(range(i1, max(i2, i1 + 1)))
    return touched


def ticked(forms: tuple[str, ...]) -> list[str]:
    """A different translation that still passes msgfmt --check (same newlines, formats)."""
    out = []
    for form in forms:
        body = form.lstrip("\n")
        out.append(form[: len(form) - len(body)] + "✓ " + body)
    return out


# ---------------------------------------------------------------------------------------
# round trip on real catalogs


REAL_CATALOGS = [("de", "git"), ("de", "glib20"), ("ru", "git"), ("ru", "glib20")]


@needs_gettext
@pytest.mark.parametrize("kind", ["plural", "context", "plain"])
@pytest.mark.parametrize(("lang", "domain"), REAL_CATALOGS)
def test_round_trip_on_real_catalog(tmp_path: Path, lang: str, domain: str, kind: str) -> None:
    mo = LOCALE / lang / "LC_MESSAGES" / f"{domain}.mo"
    if not mo.exists():
        pytest.skip(f"{mo} not installed")
    path = tmp_path / f"{domain}.{lang}.po"
    subprocess.run(["msgunfmt", str(mo), "-o", str(path)], check=True)
    original = PoStore.load(path)
    wanted = {
        "plural": lambda e: e.msgid_plural is not None,
        "context": lambda e: e.msgctxt is not None,
        "plain": lambda e: e.msgid_plural is None and e.msgctxt is None and "\n" in e.msgstr,
    }[kind]
    index = next((i for i, e in enumerate(original.entries) if wanted(e) and e.translated), None)
    if index is None:
        pytest.skip(f"{mo.name} has no {kind} entry")

    # Make the entry fuzzy first, so the approval below has something to clear.
    target = original.entries[index]
    original.update(index, target.with_translation(target.forms, fuzzy=True))
    original.save()
    assert PoStore.load(path).entries[index].fuzzy

    store = PoStore.load(path)
    before = path.read_text(encoding="utf-8")
    before_lines = before.split("\n")
    entry = store.entries[index]
    new_forms = ticked(entry.forms)
    approved = entry.with_translation(
        new_forms if entry.msgid_plural is not None else new_forms[0], fuzzy=False
    )
    assert store.save().written is False  # nothing changed yet: no-op
    store.update(index, approved)
    report = store.save(last_translator="Reviewer <r@example.org>")
    assert report.written and not report.merged_external and not report.conflicts

    msgfmt_check(path)
    after = path.read_text(encoding="utf-8")
    # The translator replaced is credited in the header's comments (as Poedit does); the
    # rest of the file is compared without that one line.
    previous = original.header.get("Last-Translator", "")
    if previous and not previous.startswith("FULL NAME"):
        credit = f"# {previous}, {original.header['PO-Revision-Date'][:4]}."
        assert after.split("\n").count(credit) == 1
        after = after.replace(credit + "\n", "", 1)
        path.write_text(after, encoding="utf-8")
    reloaded = PoStore.load(path)
    assert reloaded.entries[index].forms == tuple(new_forms)
    assert not reloaded.entries[index].fuzzy and reloaded.entries[index].approved
    assert reloaded.entries[:index] == store.entries[:index] == original.entries[:index]
    assert reloaded.entries[index + 1 :] == original.entries[index + 1 :]
    assert reloaded.header["Last-Translator"] == "Reviewer <r@example.org>"

    # Text outside the approved entry is byte-identical, except the header's revision lines.
    allowed = set(entry_line_range(before_lines, entry))
    for i, line in enumerate(before_lines[:20]):
        if line.startswith(('"PO-Revision-Date:', '"Last-Translator:')):
            allowed.add(i)
    touched = changed_lines(before_lines, after.split("\n"))
    assert touched and touched <= allowed, sorted(touched - allowed)[:5]
    span = entry_line_range(before_lines, entry)
    after_lines = after.split("\n")
    grown = len(after_lines) - len(before_lines)
    header_end = before_lines.index("")  # the header entry ends at the first blank line
    assert after_lines[header_end : span.start] == before_lines[header_end : span.start]
    assert after_lines[span.stop + grown :] == before_lines[span.stop :]

    # msgcat normal forms differ in that entry (and the header's revision fields) only.
    shutil.copy(path, tmp_path / "after.po")
    path.write_text(before, encoding="utf-8")
    normal_before = polib.pofile(msgcat(path, tmp_path / "b.po"))
    normal_after = polib.pofile(msgcat(tmp_path / "after.po", tmp_path / "a.po"))
    assert len(normal_before) == len(normal_after)
    differing = [
        (b.msgctxt, b.msgid)
        for b, a in zip(normal_before, normal_after, strict=True)
        if (b.msgctxt, b.msgid, b.msgstr, b.msgstr_plural, b.flags)
        != (a.msgctxt, a.msgid, a.msgstr, a.msgstr_plural, a.flags)
    ]
    assert differing == [(entry.msgctxt, entry.msgid)]
    meta_before = dict(normal_before.metadata)
    meta_after = dict(normal_after.metadata)
    for field in ("PO-Revision-Date", "Last-Translator"):
        meta_before.pop(field)
        meta_after.pop(field)
    assert meta_before == meta_after


@needs_gettext
@pytest.mark.parametrize(("lang", "domain"), REAL_CATALOGS)
def test_parser_agrees_with_polib_on_real_catalog(tmp_path: Path, lang: str, domain: str) -> None:
    mo = LOCALE / lang / "LC_MESSAGES" / f"{domain}.mo"
    if not mo.exists():
        pytest.skip(f"{mo} not installed")
    path = tmp_path / "cat.po"
    subprocess.run(["msgunfmt", str(mo), "-o", str(path)], check=True)
    ours = PoStore.load(path)
    theirs = polib.pofile(str(path))
    assert [(e.msgctxt, e.msgid, e.msgid_plural, e.forms) for e in ours.entries] == [
        (
            e.msgctxt,
            e.msgid,
            e.msgid_plural or None,
            tuple(e.msgstr_plural[k] for k in sorted(e.msgstr_plural))
            if e.msgid_plural
            else (e.msgstr,),
        )
        for e in theirs
        if e.msgid or e.msgctxt is not None
    ]
    assert ours.header == dict(theirs.metadata)
    assert ours.language == lang


# ---------------------------------------------------------------------------------------
# things polib gets wrong


OBSOLETE_AND_ESCAPES = """\
    # translator note
    #. extracted note
    #: src/a.c:1 src/b.c:2
    #, fuzzy, c-format
    #| msgid "Old %d file"
    msgid "%d file"
    msgstr "%d Datei"

    msgctxt "menu"
    msgid "Bell\\a tab\\t quote\\" back\\\\slash\\r octal\\001 hex\\x41"
    msgstr "Glocke\\a Tab\\t Zitat\\" Rück\\\\strich\\r oktal\\001 hex\\x41"

    msgid "one"
    msgid_plural "many"
    msgstr[0] "eins"
    msgstr[1] "viele"

    #~ msgid "gone"
    #~ msgstr "weg"

    #, fuzzy
    #~| msgid "older"
    #~ msgid "old"
    #~ msgstr "alt"
    """


def test_obsolete_previous_lines_and_escapes_survive_a_save(tmp_path: Path) -> None:
    path = catalog(tmp_path, OBSOLETE_AND_ESCAPES)
    before = path.read_bytes()
    store = PoStore.load(path)
    assert [e.msgid for e in store.entries] == ["%d file", store.entries[1].msgid, "one"]
    bell = store.entries[1]
    assert bell.msgctxt == "menu"
    assert bell.msgid == 'Bell\a tab\t quote" back\\slash\r octal\x01 hex\x41'
    assert bell.msgstr == 'Glocke\a Tab\t Zitat" Rück\\strich\r oktal\x01 hexA'
    assert [(e.msgid, e.msgstr, e.previous_msgid, e.fuzzy) for e in store.obsolete] == [
        ("gone", "weg", None, False),
        ("old", "alt", "older", True),
    ]
    first = store.entries[0]
    assert first.translator_comments == ("translator note",)
    assert first.extracted_comments == ("extracted note",)
    assert first.references == ("src/a.c:1", "src/b.c:2")
    assert first.flags == ("fuzzy", "c-format") and first.previous_msgid == "Old %d file"

    store.update(2, store.entries[2].with_translation(["ein", "mehrere"], fuzzy=False))
    store.save()
    after = path.read_bytes()
    assert b'#~| msgid "older"\n#~ msgid "old"\n' in after
    assert b"hex\\x41" in after and b'Bell\\a tab\\t quote\\" back\\\\slash\\r octal\\001' in after
    assert b'msgstr[0] "ein"\nmsgstr[1] "mehrere"\n' in after
    # Only the plural entry's msgstr lines and the header date changed.
    before_lines = before.decode().split("\n")
    touched = changed_lines(before_lines, after.decode().split("\n"))
    assert {before_lines[i] for i in touched} == {
        '"PO-Revision-Date: 2024-01-01 10:00+0000\\n"',
        'msgstr[0] "eins"',
        'msgstr[1] "viele"',
    }
    assert PoStore.load(path).entries[1] == bell


def test_escapes_are_written_once_not_twice(tmp_path: Path) -> None:
    path = catalog(tmp_path, 'msgid "x"\nmsgstr ""\n')
    store = PoStore.load(path)
    text = 'bell\a back\\slash "q" tab\t cr\r vt\v ff\f bs\b nul-ish\x01 del\x7f'
    store.update(0, store.entries[0].with_translation(text, fuzzy=False))
    store.save()
    raw = path.read_text(encoding="utf-8")
    assert 'msgstr "bell\\a back\\\\slash \\"q\\" tab\\t cr\\r vt\\v ff\\f bs\\b' in raw
    assert "nul-ish\\001 del\\177" in raw and "\\\\a" not in raw
    assert PoStore.load(path).entries[0].msgstr == text
    if HAVE_GETTEXT:  # what gettext itself reads from the file
        mo = tmp_path / "x.mo"
        subprocess.run(["msgfmt", "-o", str(mo), str(path)], check=True, capture_output=True)
        with mo.open("rb") as handle:
            assert gettext.GNUTranslations(handle).gettext("x") == text


def test_crlf_file_keeps_crlf(tmp_path: Path) -> None:
    path = write(
        tmp_path / "crlf.po", HEADER + '\nmsgid "a"\nmsgstr ""\n\nmsgid "b"\nmsgstr "B"\n', "\r\n"
    )
    store = PoStore.load(path)
    assert store.newline == "\r\n" and [e.msgid for e in store.entries] == ["a", "b"]
    store.update(0, store.entries[0].with_translation("erste Zeile\nzweite Zeile", fuzzy=False))
    store.save(last_translator="Crlf <c@example.org>")
    data = path.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b'msgstr ""\r\n"erste Zeile\\n"\r\n"zweite Zeile"\r\n' in data
    assert PoStore.load(path).entries[0].msgstr == "erste Zeile\nzweite Zeile"
    if HAVE_GETTEXT:
        msgfmt_check(path)


def test_tolerated_layouts(tmp_path: Path) -> None:
    """No blank lines between entries, no final newline, strings split across lines."""
    text = (
        HEADER + 'msgid "a"\nmsgstr "A"\n#, fuzzy\nmsgid ""\n"multi "\n"line"\nmsgstr "M"\n'
        'msgctxt "c"\nmsgid "a"\nmsgstr "CA"'
    )
    path = write(tmp_path / "tight.po", text)
    store = PoStore.load(path)
    assert [(e.msgctxt, e.msgid, e.msgstr, e.state) for e in store.entries] == [
        (None, "a", "A", "approved"),
        (None, "multi line", "M", "fuzzy"),
        ("c", "a", "CA", "approved"),
    ]
    assert store.find("c", "a") == 2 and store.find(None, "multi line") == 1
    assert store.index_of_context("c") == 2 and store.index_of_context("nope") is None
    store.update(2, store.entries[2].with_translation("neu", fuzzy=False))
    store.save()
    data = path.read_text(encoding="utf-8")
    assert data.endswith('msgctxt "c"\nmsgid "a"\nmsgstr "neu"\n')
    assert '#, fuzzy\nmsgid ""\n"multi "\n"line"\nmsgstr "M"\n' in data  # untouched entry kept


def test_byte_order_mark_is_accepted_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "bom.po"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + '\nmsgid "a"\nmsgstr ""\n').encode())
    store = PoStore.load(path)
    assert [e.msgid for e in store.entries] == ["a"] and store.entries[0].line == 13
    store.update(0, store.entries[0].with_translation("A", fuzzy=False))
    store.save()
    data = path.read_bytes()
    assert data.startswith(b'\xef\xbb\xbfmsgid ""\n') and data.endswith(b'msgstr "A"\n')


def test_entry_states_and_with_translation() -> None:
    entry = PoEntry("src", flags=("c-format",), previous_msgid="old src")
    assert entry.state == "untranslated" and not entry.translated
    fuzzy = entry.with_translation("Ziel", fuzzy=True)
    assert fuzzy.flags == ("fuzzy", "c-format") and fuzzy.state == "fuzzy"
    assert fuzzy.previous_msgid == "old src"
    approved = fuzzy.with_translation("Ziel", fuzzy=False)
    assert approved.flags == ("c-format",) and approved.approved and approved.previous_msgid is None
    assert PoEntry("x", flags=("fuzzy",)).state == "fuzzy"  # fuzzy whatever the msgstr
    plural = PoEntry("one", msgid_plural="many")
    assert plural.with_translation(["a", ""], fuzzy=False).state == "untranslated"
    assert plural.with_translation(["a", "b"], fuzzy=False).approved
    with pytest.raises(ValueError):
        plural.with_translation("a", fuzzy=False)
    with pytest.raises(ValueError):
        entry.with_translation(["a", "b"], fuzzy=False)
    assert PoEntry("x", line=3) == PoEntry("x", line=9)  # positions are not content


# ---------------------------------------------------------------------------------------
# hostile input


def _hostile_cases(tmp_path: Path) -> list[tuple[str, Path, int | None, str]]:
    cases: list[tuple[str, Path, int | None, str]] = []

    def add(name: str, data: bytes, line: int | None, message: str) -> None:
        path = tmp_path / f"{name}.po"
        path.write_bytes(data)
        cases.append((name, path, line, message))

    head = HEADER.encode()
    n = HEADER.count("\n")  # lines of the header
    cases.append(("missing", tmp_path / "missing.po", None, "no such file"))
    (tmp_path / "folder.po").mkdir()
    cases.append(("directory", tmp_path / "folder.po", None, "directory"))
    add("empty", b"", 1, "empty file")
    add("blank", b"\n \n\t\n", 1, "empty file")
    add("binary", head + b'\nmsgid "a"\nmsgstr "b\x00"\n', n + 3, "binary file")
    add("mo", b"\xde\x12\x04\x95" + bytes(40), 1, "msgunfmt")
    add("bad-utf8", head + b'\nmsgid "a"\nmsgstr "\xc3\x28"\n', n + 3, "invalid UTF-8")
    add(
        "charset-without-codec",
        head.replace(b"charset=UTF-8", b"charset=EUC-TW") + b'\nmsgid "a"\nmsgstr "\xe4"\n',
        HEADER.split("\n").index('"Content-Type: text/plain; charset=UTF-8\\n"') + 1,
        "msgconv --to-code=UTF-8",
    )
    add("unknown-keyword", head + b'\nmsgid "a"\nmsgstring "b"\n', n + 3, "unknown keyword")
    add("bare-word", head + b'\nmsgid "a"\nmsgstr "b"\nhello\n', n + 4, "unknown keyword")
    add(
        "string-no-keyword",
        b'"orphan"\n' + head,
        1,
        "without a keyword",
    )
    add(
        "string-after-comment",
        head + b'\n# c\n"x"\nmsgid "a"\nmsgstr ""\n',
        n + 3,
        "without a keyword",
    )
    add("bad-escape", head + b'\nmsgid "a"\nmsgstr "b\\qc"\n', n + 3, "invalid escape")
    add("unterminated", head + b'\nmsgid "a\nmsgstr "b"\n', n + 2, "unterminated string")
    add("unterminated-escaped", head + b'\nmsgid "a"\nmsgstr "b\\"\n', n + 3, "unterminated")
    add("text-after-string", head + b'\nmsgid "a" junk\nmsgstr "b"\n', n + 2, "unexpected text")
    add("missing-msgstr", head + b'\nmsgid "a"\n\nmsgid "b"\nmsgstr "c"\n', n + 2, "no msgstr")
    add(
        "missing-msgstr-at-end",
        head + b'\nmsgid "a"\nmsgstr "b"\n\nmsgid "z"\n',
        n + 5,
        "no msgstr",
    )
    add("msgctxt-at-end", head + b'\nmsgid "a"\nmsgstr "b"\n\nmsgctxt "c"\n', n + 5, "no msgstr")
    add("msgstr-without-msgid", head + b'\nmsgstr "b"\n', n + 2, "msgstr without msgid")
    add("msgstr-first", b'msgstr "b"\n', 1, "msgstr without msgid")
    add(
        "plural-index-gap",
        head + b'\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[2] "y"\n',
        n + 5,
        "out of order",
    )
    add(
        "index-without-plural",
        head + b'\nmsgid "a"\nmsgstr[0] "x"\n',
        n + 3,
        "without msgid_plural",
    )
    add(
        "duplicate",
        head + b'\nmsgid "a"\nmsgstr "1"\n\nmsgid "b"\nmsgstr "2"\n\nmsgid "a"\nmsgstr "3"\n',
        n + 8,
        f"line {n + 2}",
    )
    add(
        "duplicate-context",
        head + b'\nmsgctxt "m"\nmsgid "a"\nmsgstr "1"\n\nmsgctxt "m"\nmsgid "a"\nmsgstr "3"\n',
        n + 7,
        "same msgctxt and msgid",
    )
    add("second-header", head + b'\nmsgid ""\nmsgstr "x"\n', n + 2, "duplicate entry")
    add("mixed-obsolete", head + b'\n#~ msgid "a"\nmsgstr "b"\n', n + 3, "mixed")
    return cases


def test_hostile_inputs_fail_with_file_and_line(tmp_path: Path) -> None:
    for name, path, line, message in _hostile_cases(tmp_path):
        before = path.read_bytes() if path.is_file() else None
        listing = sorted(p.name for p in tmp_path.iterdir())
        with pytest.raises(InputError) as caught:
            PoStore.load(path)
        error = caught.value
        assert error.path == str(path), name
        assert error.line == line, (name, error.one_line())
        assert message in error.message, (name, error.message)
        assert "\n" not in error.one_line()
        # nothing written, nothing left behind
        assert (path.read_bytes() if path.is_file() else None) == before, name
        assert sorted(p.name for p in tmp_path.iterdir()) == listing, name


def test_oversized_entry_is_refused_not_parsed_forever(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(po_parser, "MAX_ENTRY_BYTES", 64 * 1024)
    huge = "x" * 100_000
    path = catalog(tmp_path, f'msgid "a"\nmsgstr "b"\n\n#, fuzzy\nmsgid "big"\nmsgstr "{huge}"\n')
    with pytest.raises(InputError) as caught:
        PoStore.load(path)
    assert caught.value.line == HEADER.count("\n") + 5
    assert "larger than" in caught.value.message


def test_real_ten_megabyte_entry_is_refused_quickly(tmp_path: Path) -> None:
    path = catalog(tmp_path, 'msgid "big"\nmsgstr ""\n' + '"0123456789abcdef"\n' * 700_000)
    started = time.monotonic()
    with pytest.raises(InputError, match="larger than 10 MB"):
        PoStore.load(path)
    assert time.monotonic() - started < 30


def test_file_broken_by_someone_else_is_not_overwritten(tmp_path: Path) -> None:
    path = catalog(tmp_path, 'msgid "a"\nmsgstr ""\n')
    store = PoStore.load(path)
    broken = HEADER + '\nmsgid "a"\nmsgstr "oops\n'
    path.write_text(broken, encoding="utf-8")
    store.update(0, store.entries[0].with_translation("A", fuzzy=False))
    with pytest.raises(InputError, match="unterminated"):
        store.save()
    assert path.read_text(encoding="utf-8") == broken
    assert store.dirty and temp_files(tmp_path) == []


# ---------------------------------------------------------------------------------------
# atomicity


@pytest.mark.parametrize("failing", ["replace", "fsync", "write"])
def test_failed_write_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = catalog(tmp_path, 'msgid "a"\nmsgstr ""\n\nmsgid "b"\nmsgstr ""\n')
    path.chmod(0o640)
    before = path.read_bytes()
    store = PoStore.load(path)
    store.update(1, store.entries[1].with_translation("B", fuzzy=False))

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_io.os, failing, boom)
    with pytest.raises(InputError, match="No space left"):
        store.save()
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert temp_files(tmp_path) == []
    assert store.dirty  # the change is still there to retry
    store.save()
    assert PoStore.load(path).entries[1].msgstr == "B"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert temp_files(tmp_path) == []


def test_atomic_write_text_and_stale_temp_cleanup(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    atomic_write_text(target, "a\nb\n", newline="\r\n")
    assert target.read_bytes() == b"a\r\nb\r\n"
    old_umask = os.umask(0o027)
    try:
        fresh = tmp_path / "fresh.txt"
        atomic_write_text(fresh, "x", newline="")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o640
    finally:
        os.umask(old_umask)
    stale = tmp_path / ".out.txt.abc123.tmp"
    recent = tmp_path / ".out.txt.def456.tmp"
    unrelated = tmp_path / ".other.txt.abc123.tmp"
    for p in (stale, recent, unrelated):
        p.write_text("junk")
    old = time.time() - 60
    os.utime(stale, (old, old))
    os.utime(unrelated, (old, old))
    assert cleanup_stale_temps(tmp_path, "out.txt") == 1
    assert not stale.exists() and recent.exists() and unrelated.exists()


def test_symlinked_po_is_replaced_behind_the_link(tmp_path: Path) -> None:
    real = catalog(tmp_path, 'msgid "a"\nmsgstr ""\n', name="real.po")
    link = tmp_path / "link.po"
    link.symlink_to(real)
    store = PoStore.load(link)
    store.update(0, store.entries[0].with_translation("A", fuzzy=False))
    store.save()
    assert link.is_symlink() and PoStore.load(real).entries[0].msgstr == "A"


# ---------------------------------------------------------------------------------------
# new files


@needs_gettext
@pytest.mark.parametrize("lang", ["en", "fr", "ru", "zh", "pt_BR", "ar"])
def test_new_store_writes_a_file_msgfmt_accepts(tmp_path: Path, lang: str) -> None:
    forms = nplurals(plural_forms(lang))
    assert forms is not None
    path = tmp_path / f"{lang}.po"
    entries = [
        PoEntry("Hello", "Hallo!", references=("doc.txt:1",)),
        PoEntry("Line one\nline two\n", "Eins\nzwei\n", msgctxt="p2"),
        PoEntry("%d file", "", msgid_plural="%d files", flags=("c-format",)),
        PoEntry(
            "%d item",
            msgid_plural="%d items",
            msgstr_plural=tuple(f"%d f{k}" for k in range(forms)),
            flags=("c-format",),
        ),
        PoEntry("Long " * 30, "Lang " * 30, flags=("fuzzy",)),
    ]
    store = PoStore.new(
        path, language=lang, source_language="en", project="demo 1.0", entries=entries
    )
    assert store.dirty and not path.exists()
    assert store.entries[2].msgstr_plural == ("",) * forms  # untranslated plural: empty forms
    report = store.save(last_translator="Ann <ann@example.org>")
    assert report.written
    msgfmt_check(path)
    loaded = PoStore.load(path)
    assert loaded.entries == store.entries
    assert [e.msgid for e in loaded.entries] == [e.msgid for e in entries]
    assert loaded.entries[3].msgstr_plural == entries[3].msgstr_plural
    header = loaded.header
    for field in (
        "Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date", "PO-Revision-Date",
        "Last-Translator", "Language-Team", "Language", "MIME-Version", "Content-Type",
        "Content-Transfer-Encoding", "Plural-Forms", "X-Generator", "X-Source-Language",
    ):  # fmt: skip
        assert field in header, field
    assert header["Language"] == lang and header["Plural-Forms"] == plural_forms(lang)
    assert header["Content-Type"] == "text/plain; charset=UTF-8"
    assert header["Last-Translator"] == "Ann <ann@example.org>"
    assert header["Project-Id-Version"] == "demo 1.0" and header["X-Source-Language"] == "en"
    assert path.read_text(encoding="utf-8").count("msgstr[") == 2 * forms
    with pytest.raises(InputError, match="already exists"):
        PoStore.new(path, language=lang)


def test_plural_forms_table() -> None:
    assert plural_forms("de") == "nplurals=2; plural=(n != 1);"
    assert plural_forms("pt_BR") == plural_forms("fr") == "nplurals=2; plural=(n > 1);"
    assert plural_forms("pt") == "nplurals=2; plural=(n != 1);"
    assert plural_forms("de_AT") == plural_forms("de-CH.UTF-8") == plural_forms("de")
    assert plural_forms("sr@latin") == plural_forms("ru")
    assert plural_forms("zh_TW") == plural_forms("ja") == "nplurals=1; plural=0;"
    assert plural_forms("xx") == "nplurals=2; plural=(n != 1);"
    langs = "en de nl sv da no nb nn fi et hu it es pt pt_BR ca el bg tr fr ru uk be sr hr bs"
    langs += " pl cs sk sl lt lv ro ga ar he ja zh zh_CN zh_TW ko vi th id ms fa hi"
    counts = {lang: nplurals(plural_forms(lang)) for lang in langs.split()}
    assert counts["ar"] == 6 and counts["ga"] == 5 and counts["sl"] == 4
    assert counts["pl"] == counts["cs"] == counts["ru"] == counts["lt"] == counts["ro"] == 3
    assert counts["ja"] == counts["ko"] == counts["vi"] == counts["th"] == 1


# ---------------------------------------------------------------------------------------
# store operations


def test_append_obsolete_header_and_reload(tmp_path: Path) -> None:
    path = catalog(
        tmp_path, 'msgid "a"\nmsgstr "A"\n\nmsgid "b"\nmsgstr ""\n\n#~ msgid "z"\n#~ msgstr "Z"\n'
    )
    store = PoStore.load(path)
    index = store.append(PoEntry("c", "C", references=("x.txt:3",)))
    assert index == 2 and store.find(None, "c") == 2 and store.dirty
    store.make_obsolete(1)
    assert [e.msgid for e in store.entries] == ["a", "c"] and store.find(None, "c") == 1
    assert [e.msgid for e in store.obsolete] == ["b", "z"]
    store.set_header("X-Custom", "yes")
    store.set_header("Language-Team", None)
    store.save()
    text = path.read_text(encoding="utf-8")
    assert text.index('msgid "c"') < text.index('#~ msgid "z"')
    assert '#~ msgid "b"\n#~ msgstr ""' in text
    assert '"X-Custom: yes\\n"' in text and "Language-Team" not in text
    loaded = PoStore.load(path)
    assert [e.msgid for e in loaded.entries] == ["a", "c"]
    assert [e.msgid for e in loaded.obsolete] == ["b", "z"]
    assert loaded.header["X-Custom"] == "yes"
    with pytest.raises(ValueError):
        loaded.append(PoEntry("a"))

    # reload() keeps unsaved work and picks up the other writer's changes.
    other = PoStore.load(path)
    other.update(0, other.entries[0].with_translation("A2", fuzzy=False))
    other.save()
    loaded.update(1, loaded.entries[1].with_translation("C2", fuzzy=True))
    assert loaded.reload() == ()
    assert loaded.dirty and loaded.entries[0].msgstr == "A2" and loaded.entries[1].msgstr == "C2"
    loaded.save()
    final = PoStore.load(path)
    assert [e.msgstr for e in final.entries] == ["A2", "C2"] and final.entries[1].fuzzy


def test_header_lines_are_edited_in_place(tmp_path: Path) -> None:
    long_plural = plural_forms("ru")
    assert len(long_plural) > 79
    text = HEADER.replace("nplurals=2; plural=(n != 1);", long_plural) + '\nmsgid "a"\nmsgstr ""\n'
    path = write(tmp_path / "ru.po", text)  # a Poedit-style unwrapped long header line
    store = PoStore.load(path)
    store.update(0, store.entries[0].with_translation("б", fuzzy=False))
    store.save(last_translator="R <r@example.org>")
    after = path.read_text(encoding="utf-8")
    assert f'"Plural-Forms: {long_plural}\\n"' in after  # not rewrapped
    # the translator replaced is credited in a header comment, first line (as Poedit does)
    assert after.startswith("# Someone <s@example.org>, 2024.\n")
    diff = changed_lines(text.split("\n"), after.split("\n", 1)[1].split("\n"))
    assert len(diff) == 3  # revision date, last translator, the msgstr


# ---------------------------------------------------------------------------------------
# concurrency


def _two_entry_catalog(tmp_path: Path) -> Path:
    return catalog(
        tmp_path, 'msgid "one"\nmsgstr ""\n\nmsgid "two"\nmsgstr ""\n\nmsgid "three"\nmsgstr "3"\n'
    )


def test_two_writers_on_different_entries_both_win(tmp_path: Path) -> None:
    path = _two_entry_catalog(tmp_path)
    mine, theirs = PoStore.load(path), PoStore.load(path)
    theirs.update(1, theirs.entries[1].with_translation("zwei", fuzzy=False))
    assert not theirs.save().merged_external
    mine.update(0, mine.entries[0].with_translation("eins", fuzzy=False))
    report = mine.save()
    assert report.merged_external and report.conflicts == ()
    assert [e.msgstr for e in PoStore.load(path).entries] == ["eins", "zwei", "3"]
    assert [e.msgstr for e in mine.entries] == ["eins", "zwei", "3"]  # store reflects the disk
    # and the next save needs no merge
    mine.update(2, mine.entries[2].with_translation("drei", fuzzy=False))
    assert not mine.save().merged_external
    assert [e.msgstr for e in PoStore.load(path).entries] == ["eins", "zwei", "drei"]


def test_two_writers_on_the_same_entry_conflict(tmp_path: Path) -> None:
    path = _two_entry_catalog(tmp_path)
    mine, theirs = PoStore.load(path), PoStore.load(path)
    theirs.update(0, theirs.entries[0].with_translation("ihre\nVersion", fuzzy=False))
    theirs.save()
    mine.update(0, mine.entries[0].with_translation("meine", fuzzy=False))
    report = mine.save()
    assert report.merged_external
    assert [
        (c.index, c.msgid, c.ours.msgstr, c.theirs and c.theirs.msgstr) for c in report.conflicts
    ] == [(0, "one", "meine", "ihre\nVersion")]
    disk = PoStore.load(path).entries[0]
    assert disk.msgstr == "meine" and disk.approved
    assert disk.translator_comments == ("other version: ihre\\nVersion",)
    assert '# other version: ihre\\nVersion\nmsgid "one"' in path.read_text(encoding="utf-8")


def test_merge_takes_each_part_from_the_side_that_changed_it(tmp_path: Path) -> None:
    path = _two_entry_catalog(tmp_path)
    first, second, third = (PoStore.load(path) for _ in range(3))
    # entry 0: three approvals with different texts -> last wins, both others kept
    for store, text in ((first, "A"), (second, "B"), (third, "C")):
        store.update(0, store.entries[0].with_translation(text, fuzzy=False))
    # entry 1: they comment, we approve -> both kept, no conflict
    first.update(1, replace_comments(first.entries[1], ("ask legal",)))
    third.update(1, third.entries[1].with_translation("zwei", fuzzy=False))
    # entry 2: they approve a new text, we only add a comment -> their text stays
    second.update(2, second.entries[2].with_translation("drei", fuzzy=False))
    third.update(2, replace_comments(third.entries[2], ("checked",)))
    assert first.save().conflicts == ()
    assert [c.theirs and c.theirs.msgstr for c in second.save().conflicts] == ["A"]
    report = third.save()
    assert [(c.msgid, c.ours.msgstr, c.theirs and c.theirs.msgstr) for c in report.conflicts] == [
        ("one", "C", "B")
    ]
    disk = PoStore.load(path).entries
    assert disk[0].msgstr == "C" and disk[0].translator_comments == (
        "other version: A",
        "other version: B",
    )
    assert (disk[1].msgstr, disk[1].translator_comments) == ("zwei", ("ask legal",))
    assert (disk[2].msgstr, disk[2].translator_comments) == ("drei", ("checked",))
    assert all(e.approved for e in disk)


def replace_comments(entry: PoEntry, comments: tuple[str, ...]) -> PoEntry:
    return dataclasses.replace(entry, translator_comments=comments)


def test_deleted_and_added_entries_from_the_other_writer(tmp_path: Path) -> None:
    path = _two_entry_catalog(tmp_path)
    mine = PoStore.load(path)
    theirs = PoStore.load(path)
    theirs.make_obsolete(2)
    theirs.append(PoEntry("four", "4"))
    theirs.save()
    mine.update(1, mine.entries[1].with_translation("zwei", fuzzy=False))
    report = mine.save()
    assert report.merged_external and not report.conflicts
    disk = PoStore.load(path)
    assert [(e.msgid, e.msgstr) for e in disk.entries] == [
        ("one", ""),
        ("two", "zwei"),
        ("four", "4"),
    ]
    assert [e.msgid for e in disk.obsolete] == ["three"]


def test_lock_held_by_a_flock_script_times_out_and_nothing_is_left(tmp_path: Path) -> None:
    """The documented protocol: `flock FOLDER command` keeps every writer out; no lock
    file is created in the user's folder."""
    path = _two_entry_catalog(tmp_path)
    store = PoStore.load(path)
    store.update(0, store.entries[0].with_translation("eins", fuzzy=False))
    before = path.read_bytes()
    holder = subprocess.Popen(
        ["flock", str(tmp_path), "sh", "-c", "echo locked; read line"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(LockTimeout) as caught:
            store.save(lock_timeout=0.3)
        assert 0.25 <= time.monotonic() - started < 3
        assert str(tmp_path) in caught.value.message and caught.value.path == str(path)
        assert isinstance(caught.value, InputError)
        assert path.read_bytes() == before and store.dirty
    finally:
        holder.communicate("\n")
    assert store.save(lock_timeout=5).written
    assert PoStore.load(path).entries[0].msgstr == "eins"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


WORKER = """
import sys
from review_tool.po.store import PoStore
path, worker, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
store = PoStore.load(path)
for k in range(count):
    index = store.find(None, f"message {worker}-{k} %d")
    entry = store.entries[index]
    store.update(index, entry.with_translation(f"Nachricht {worker}-{k} %d", fuzzy=False))
    store.save(last_translator=f"worker {worker}", lock_timeout=60)
"""


@needs_gettext
def test_four_processes_approving_concurrently(tmp_path: Path) -> None:
    workers, count = 4, 25
    ids = [(w, k) for k in range(count) for w in range(workers)]
    random.Random(5).shuffle(ids)
    body = "".join(f'#, c-format\nmsgid "message {w}-{k} %d"\nmsgstr ""\n\n' for w, k in ids)
    path = catalog(tmp_path, body)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(path), str(w), str(count)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(workers)
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    store = PoStore.load(path)
    done = {e.msgid: e.msgstr for e in store.entries if e.approved}
    assert len(done) == workers * count
    assert all(done[f"message {w}-{k} %d"] == f"Nachricht {w}-{k} %d" for w, k in ids)
    assert all(not e.translator_comments for e in store.entries)  # no false conflicts
    msgfmt_check(path)
    assert temp_files(tmp_path) == []


# ---------------------------------------------------------------------------------------
# positions


def test_msgstr_position_on_wrapped_msgstr(tmp_path: Path) -> None:
    path = catalog(
        tmp_path,
        'msgid "first"\nmsgstr ""\n\n'
        'msgid "long"\nmsgstr ""\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] ""\nmsgstr[1] ""\n',
    )
    store = PoStore.load(path)
    value = (
        'Ein "langer" Text mit Tabulator\tund Zeilenumbruch\nzweite Zeile, die so lang ist, '
        "dass msgcat sie umbrechen muss – mit Umlauten äöü und 漢字 darin, bis zum Ende."
    )
    store.update(1, store.entries[1].with_translation(value, fuzzy=False))
    store.update(2, store.entries[2].with_translation(["ein", "viele " + value], fuzzy=False))
    store.save()
    lines = path.read_text(encoding="utf-8").split("\n")
    assert sum(1 for line in lines if line.startswith('"') and "Zeile" in line) >= 2

    def check(index: int, form: int, text: str) -> None:
        for offset, char in enumerate(text):
            line, col = store.msgstr_position(index, offset, form)
            got = lines[line - 1][col - 1 :]
            expected = {"\n": "\\n", "\t": "\\t", '"': '\\"'}.get(char, char)
            assert got.startswith(expected), (offset, char, line, col, lines[line - 1])
        end_line, end_col = store.msgstr_position(index, len(text), form)
        assert lines[end_line - 1][end_col - 1 :] == '"'

    check(1, 0, value)
    check(2, 1, "viele " + value)
    # An earlier entry growing by some lines moves the positions with it.
    store.update(0, store.entries[0].with_translation("x\n" * 5 + "y", fuzzy=False))
    store.save()
    lines = path.read_text(encoding="utf-8").split("\n")
    check(1, 0, value)
    check(2, 1, "viele " + value)
    assert lines[store.line_of(2) - 1] == 'msgid "one"'
    with pytest.raises(IndexError):
        store.msgstr_position(1, len(value) + 1)


# ---------------------------------------------------------------------------------------
# serialiser == msgcat


def _synthetic_entries(seed: int) -> list[PoEntry]:
    rng = random.Random(seed)
    words = (
        "the a file directory 'quoted' \"dq\" --option -x %s %d %1$s e.g. apt.conf(5) a/b/c "
        "Acquire::ftp::Proxy https://example.org/path?x=1&y=2 (paren) [bracket] {brace} … — – "
        "über straße дерево файл 文件 保存する 파일을 テスト、 です。 «guillemets» “quotes” "
        "100% $5 #3 tab\there new\nline back\\slash bell\a 10,000 3.14 x86_64 "
        "verylongwordwithoutanyspacesatallthatgoesonandonandonforeverandever"
    ).split(" ")

    def text(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n))

    def comment(n: int) -> str:
        return text(n).replace("\n", " ").replace("\t", " ")

    entries = []
    for i in range(150):
        plural = text(rng.randint(1, 20)) if rng.random() < 0.2 else None
        flags = rng.sample(["c-format", "no-c-format", "python-format"], rng.randint(0, 2))
        previous = text(rng.randint(1, 30)) if rng.random() < 0.3 else None
        if previous is not None or rng.random() < 0.1:
            flags.insert(0, "fuzzy")
        entries.append(
            PoEntry(
                text(rng.randint(1, 40)) + f" #{i}",
                "" if plural else text(rng.randint(1, 40)),
                text(2) if rng.random() < 0.2 else None,
                plural,
                tuple(text(rng.randint(1, 30)) for _ in range(2)) if plural else (),
                flags=tuple(flags),
                translator_comments=tuple(comment(5) for _ in range(rng.randint(0, 2))),
                extracted_comments=tuple(comment(5) for _ in range(rng.randint(0, 2))),
                references=tuple(
                    f"src/{rng.choice(['a', 'bb', 'module/file_name'])}.c:{rng.randint(1, 9999)}"
                    for _ in range(rng.randint(0, 12))
                ),
                previous_msgid=previous,
                obsolete=rng.random() < 0.1,
            )
        )
    return entries


@needs_gettext
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_serialiser_writes_what_msgcat_writes(tmp_path: Path, seed: int) -> None:
    source = HEADER + "".join("\n" + format_entry(e) for e in _synthetic_entries(seed))
    path = write(tmp_path / "synthetic.po", source)
    normal = tmp_path / "normal.po"
    msgcat(path, normal)
    store = PoStore.load(normal)
    raw = normal.read_text(encoding="utf-8")
    blocks = [b + "\n" for b in raw.rstrip("\n").split("\n\n")[1:]]
    mine = [format_entry(e) for e in store.entries + store.obsolete]
    assert sorted(mine) == sorted(blocks)
    # and what we wrote reads back unchanged
    written = PoStore.load(path)
    synthetic = _synthetic_entries(seed)
    assert written.entries == [e for e in synthetic if not e.obsolete]
    assert written.obsolete == [e for e in synthetic if e.obsolete]


def test_wrapping_rules() -> None:
    long = "word " * 20
    assert format_entry(PoEntry("a", "b")) == 'msgid "a"\nmsgstr "b"\n'
    lines = format_entry(PoEntry(long.strip(), "")).split("\n")
    assert lines[0] == 'msgid ""' and all(len(line) <= 79 for line in lines)
    assert format_entry(PoEntry("a\nb", "")).startswith('msgid ""\n"a\\n"\n"b"\n')
    assert format_entry(PoEntry("a\n", "")).startswith('msgid "a\\n"\n')
    unbreakable = "x" * 100
    assert format_entry(PoEntry(unbreakable)).startswith(f'msgid "{unbreakable}"\n')
    no_wrap = format_entry(PoEntry(long.strip(), flags=("no-wrap",)))
    assert no_wrap.startswith(f'#, no-wrap\nmsgid "{long.strip()}"\n')
    obsolete = format_entry(PoEntry(long.strip(), "x", obsolete=True, previous_msgid="p"))
    assert obsolete.startswith('#~| msgid "p"\n#~ msgid ""\n#~ "word')


# ---------------------------------------------------------------------------------------
# files not written by msgcat keep their style


LONG_EN = "A line that a tool like Poedit leaves unwrapped though it is longer than 79 columns"
LONG_DE = "Eine Zeile, die ein Werkzeug wie Poedit nicht umbricht, obwohl sie zu lang ist"
ODD_STYLE = f"""\
#: src/app.py:10
#,fuzzy
msgid "{LONG_EN}"
msgstr "{LONG_DE}"

#, python-format
#: src/app.py:20
msgid "Hello "
"%(name)s"
msgstr "Hallo "
"%(name)s"

msgid "plain"
msgstr "schlicht"
"""


def test_untouched_entries_of_a_foreign_style_file_stay_byte_identical(tmp_path: Path) -> None:
    path = catalog(tmp_path, ODD_STYLE)
    before = path.read_text(encoding="utf-8")
    store = PoStore.load(path)
    assert store.entries[0].fuzzy and store.entries[1].msgid == "Hello %(name)s"
    store.update(1, store.entries[1].with_translation("Servus %(name)s", fuzzy=False))
    store.save()
    after = path.read_text(encoding="utf-8")
    before_lines = before.split("\n")
    touched = {before_lines[i] for i in changed_lines(before_lines, after.split("\n"))}
    # the first entry (unwrapped, "#,fuzzy") and the third are untouched; in the second only
    # the msgstr lines changed: its flags-before-references order and msgid lines stay
    assert touched == {
        '"PO-Revision-Date: 2024-01-01 10:00+0000\\n"',
        'msgstr "Hallo "',
        '"%(name)s"',
    }
    assert (
        '#, python-format\n#: src/app.py:20\nmsgid "Hello "\n"%(name)s"\nmsgstr "Servus %(name)s"\n'
        in after
    )


def test_many_saves_keep_positions_right(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the compaction threshold the spliced state is folded back; nothing drifts."""
    monkeypatch.setattr(PoStore, "_COMPACT_AFTER", 3)
    body = "".join(f'msgid "m{i}"\nmsgstr ""\n\n' for i in range(12))
    path = catalog(tmp_path, body)
    store = PoStore.load(path)
    rng = random.Random(3)
    expected = {}
    for step in range(25):
        index = rng.randrange(12)
        text = "\n".join(f"Zeile {step}.{k}" for k in range(rng.randint(1, 4)))
        store.update(index, store.entries[index].with_translation(text, fuzzy=False))
        expected[index] = text
        store.save()
        lines = path.read_text(encoding="utf-8").split("\n")
        assert store.entries[index].line == store.line_of(index)  # the written entry is current
        assert lines[store.entries[index].msgstr_line - 1].startswith("msgstr")
        for i in range(12):
            assert lines[store.line_of(i) - 1] == f'msgid "m{i}"', (step, i)
        for i, value in expected.items():
            line, col = store.msgstr_position(i, len(value) - 1)
            assert lines[line - 1][col - 1] == value[-1]
    disk = PoStore.load(path)
    assert [e.msgstr for e in disk.entries] == [expected.get(i, "") for i in range(12)]
    assert disk.entries == store.entries


def test_mutated_files_either_load_and_round_trip_or_fail_cleanly(tmp_path: Path) -> None:
    """Random damage to a valid catalog: the only failure is an InputError with a line, what
    loads saves and reads back the same, and nothing we accept is rejected by msgfmt."""
    base = (HEADER + "".join("\n" + format_entry(e) for e in _synthetic_entries(7))).encode()
    tokens = [b'"', b"\\", b"\n", b"#", b"#~ ", b"#| ", b"msgid ", b"msgstr ", b"msgstr[1] "]
    tokens += [b"msgctxt ", b"msgid_plural ", b"\\x", b"\\7", b" ", b"\n\n", b"\r\n", b"\xff"]
    rng = random.Random(11)
    path = tmp_path / "mutant.po"
    outcomes = {"loaded": 0, "refused": 0}
    for _ in range(150):
        data = bytearray(base)
        for _ in range(rng.randint(1, 3)):
            pos = rng.randrange(len(data))
            if rng.random() < 0.3:
                del data[pos : pos + rng.randint(1, 20)]
            elif rng.random() < 0.8:
                data[pos:pos] = rng.choice(tokens)
            else:
                source = rng.randrange(len(data))
                data[pos:pos] = data[source : source + rng.randint(1, 200)]
        path.write_bytes(bytes(data))
        try:
            store = PoStore.load(path)
        except InputError as error:
            assert error.line is not None and error.line >= 1, error.one_line()
            outcomes["refused"] += 1
            continue
        outcomes["loaded"] += 1
        if HAVE_GETTEXT:
            accepted = subprocess.run(["msgfmt", "-o", os.devnull, str(path)], capture_output=True)
            assert accepted.returncode == 0, (accepted.stderr, bytes(data))
        if store.entries:
            index = rng.randrange(len(store.entries))
            entry = store.entries[index]
            forms = ["neu"] * len(entry.forms) if entry.msgid_plural else "neu\nText"
            # (fuzzy: an approval msgfmt --check would refuse is refused, nothing written)
            store.update(index, entry.with_translation(forms, fuzzy=True))
            store.save()
            again = PoStore.load(path)
            assert again.entries == store.entries and again.obsolete == store.obsolete
    assert outcomes["loaded"] > 20 and outcomes["refused"] > 20
