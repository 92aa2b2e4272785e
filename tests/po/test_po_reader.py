"""The PO reader against polib (the oracle: it decodes by the header and reads every part of
an entry) on the real catalogs in tests/data and on what we write; on thousands of damaged
files it reads what polib reads or fails with one error and its line; read in steps, the
result is the same as in one go."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from testkit import CONTENT_TYPE, PLURAL_FORMS, po_header

from review_tool.errors import InputError
from review_tool.po.charset import check_bytes, decode_file
from review_tool.po.parser import PoParser
from review_tool.po.store import PoEntry, PoStore, format_entry

PATH = Path("cat.po")
HEADER = po_header("Language: de", CONTENT_TYPE, PLURAL_FORMS)


def outcome(data: bytes, *, steps: list[int] | None = None) -> object:
    """Everything the store takes from a parse, or the error (line and message)."""
    parser = PoParser(data, PATH)
    try:
        if steps is None:
            parser.parse()
        else:
            for stop in steps:
                parser.parse_until(stop)
            assert parser.parse_until(len(data))
    except InputError as error:
        return ("error", error.line, error.message)
    return (
        [(e, e.line, e.msgstr_line) for e in parser.entries],
        parser.starts,
        parser.ends,
        parser.first_lines,
        parser.header_item,
        parser.live_items,
        parser.obs_items,
        parser.live_index,
        parser.obs_index,
    )


def as_polib_reads(source: bytes | Path) -> list[tuple[object, ...]]:
    """Every entry but the header as polib reads the file."""
    po = polib.pofile(str(source) if isinstance(source, Path) else source.decode("utf-8"))
    return [_polib_fields(e) for e in po]


def _polib_fields(e: polib.POEntry) -> tuple[object, ...]:
    forms = tuple(e.msgstr_plural[k] for k in sorted(e.msgstr_plural)) if e.msgid_plural else ()
    return (
        e.msgctxt, e.msgid, e.msgid_plural or None, "" if e.msgid_plural else e.msgstr, forms,
        tuple(e.flags), e.tcomment, e.comment,
        tuple(f"{name}:{n}" if n else name for name, n in e.occurrences),
        e.previous_msgid, bool(e.obsolete), e.linenum,
    )  # fmt: skip


def _our_fields(e: PoEntry, first_line: int) -> tuple[object, ...]:
    return (
        e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, e.msgstr_plural, e.flags,
        "\n".join(e.translator_comments), "\n".join(e.extracted_comments), e.references,
        e.previous_msgid, e.obsolete, first_line,
    )  # fmt: skip


# What polib does not read as gettext does: escapes other than \\ \" \n \t \r (it keeps
# them as they are) and a translator comment line that is a lone "#" (it drops it).
_RARE_ESCAPE = re.compile(rb"\\[^\\\"ntr]")


def _polib_gap(data: bytes) -> bool:
    for line in data.replace(b"\\\\", b"").split(b"\n"):
        if line.rstrip(b" \t\r") == b"#":
            return True
        if not line.startswith(b"#") or line.startswith((b"#~", b"#|")):
            if _RARE_ESCAPE.search(line):
                return True
    return False


def agree(data: bytes) -> object:
    """Our parse of ``data``, checked against polib's when we accept the file and polib can
    read it."""
    ours = outcome(data)
    if ours[0] != "error" and not _polib_gap(data):  # type: ignore[index]
        skip = 1 if ours[4] == 0 else 0  # type: ignore[index]  # the header
        parsed = zip(ours[0][skip:], ours[3][skip:], strict=True)  # type: ignore[index]
        assert [_our_fields(e, line) for (e, _, _), line in parsed] == as_polib_reads(data)
        COMPARED[0] += 1
    return ours


def agree_with_msgcat(data: bytes) -> object:
    """Our parse of a damaged file: if we accept it, msgcat accepts it too and what it
    writes of it reads as the same entries.  (polib misreads damaged files: it refuses
    several strings on one line, keeps \\7 as it is, folds odd comment lines into others.)"""
    ours = outcome(data)
    if ours[0] == "error" or shutil.which("msgcat") is None:  # type: ignore[index]
        return ours
    run = subprocess.run(["msgcat", "--no-wrap", "-"], input=data, capture_output=True)
    if b"charset" in run.stderr:
        return ours  # the damage hit the header's charset: msgcat will not read it
    assert run.returncode == 0, run.stderr
    theirs = outcome(run.stdout)

    # msgcat puts obsolete entries last, drops "fuzzy" from untranslated entries and flags
    # it does not know, and joins "file :line" references: compare the rest.
    def read(result: object, obsolete: bool) -> list[PoEntry]:
        found = [e for e, _, _ in result[0] if e.obsolete == obsolete]  # type: ignore[index]
        return [replace(e, flags=(), references=()) for e in found]

    assert read(ours, False) == read(theirs, False)
    assert read(ours, True) == read(theirs, True)
    COMPARED[0] += 1
    return ours


COMPARED = [0]


def entries(seed: int, count: int = 60, *, rare: bool = True) -> list[PoEntry]:
    """Entries with quotes, backslashes, newlines, tabs, keywords in their text; ``rare``:
    also characters written with the rarer escapes (\\a, octal)."""
    rng = random.Random(seed)
    words = (
        'word "dq" back\\slash tab\there new\nline \\n \\" "" \\\\" üß дерево 文件 %s {x} '
        "#hash msgid msgstr e.g. a/b.c:12 ~tilde |bar" + (" \x7f bell\a" if rare else "")
    ).split(" ")

    def text(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n))

    out = []
    for i in range(count):
        plural = text(rng.randint(1, 8)) if rng.random() < 0.2 else None
        previous = text(rng.randint(1, 8)) if rng.random() < 0.2 else None
        flags = ("fuzzy",) if previous or rng.random() < 0.3 else ()
        out.append(
            PoEntry(
                text(rng.randint(1, 60)) + f" {i}",
                "" if plural else text(rng.randint(0, 60)),
                text(1) if rng.random() < 0.3 else None,
                plural,
                tuple(text(rng.randint(0, 20)) for _ in range(rng.randint(1, 3))) if plural else (),
                flags=flags + (("c-format",) if rng.random() < 0.2 else ()),
                translator_comments=tuple(
                    text(3).replace("\n", " ") for _ in range(rng.randint(0, 2))
                ),
                extracted_comments=("ex",) if rng.random() < 0.2 else (),
                references=tuple(f"a/b{n}.c:{n}" for n in range(rng.randint(0, 3))),
                previous_msgid=previous,
                obsolete=rng.random() < 0.05,
            )
        )
    return out


def written(items: list[PoEntry]) -> bytes:
    return (HEADER + "".join("\n" + format_entry(e) for e in items)).encode()


def test_what_we_write_reads_as_polib_reads_it() -> None:
    for seed in range(5):
        items = [e for e in entries(seed, rare=False) if not e.obsolete]
        data = written(items)
        assert [e for e, _, _ in agree(data)[0][1:]] == items  # type: ignore[index]


@pytest.mark.parametrize("seed", range(4))
def test_other_layouts_read_as_polib_reads_them(seed: int) -> None:
    items = [e for e in entries(100 + seed, rare=False) if not e.obsolete]
    data = written(items)
    variants = [
        data,
        b"\n\n" + data.replace(b"\n\n", b"\n\n\n"),  # more blank lines
        data.replace(b"\n\n", b"\n"),  # no blank lines between entries
        data.replace(b'\nmsgstr "', b'\n\nmsgstr "'),  # a blank line inside entries
        data.rstrip(b"\n"),  # no newline at the end
        data.replace(b'msgid "', b'msgid  "').replace(b'\n"', b'\n  "', 5),  # odd spacing
    ]
    for variant in variants:
        assert agree(variant)[0] != "error"  # type: ignore[index]
    for variant in (data.replace(b"\n", b"\r\n"), b"\xef\xbb\xbf" + data):  # CRLF, BOM
        assert outcome(variant)[0] == outcome(data)[0]  # type: ignore[index]


CATALOGS = sorted((Path(__file__).parents[1] / "data" / "catalogs").glob("*.po"))


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_real_catalogs_read_as_polib_reads_them(path: Path) -> None:
    data, _charset = decode_file(path.read_bytes(), path)
    ours = outcome(data)
    parsed = zip(ours[0][1:], ours[3][1:], strict=True)  # type: ignore[index]
    assert [_our_fields(e, line) for (e, _, _), line in parsed] == as_polib_reads(path)
    assert len(ours[0]) > 90  # type: ignore[index]


TOKENS = [
    b'"', b"\\", b"\n", b"#", b"#~ ", b"#| ", b"#, fuzzy\n", b"msgid ", b"msgstr ", b"msgstr[0] ",
    b"msgstr[1] ", b"msgstr[2] ", b"msgctxt ", b"msgid_plural ", b"\\x", b"\\7", b" ", b"\t",
    b"\n\n", b"\r\n", b'"\n"', b'\\"', b"\\\\", b'\n"\n', b'""', b"\n#~ msgid ", b'msgid ""\n',
    b'msgstr ""\n', b"#\n", b"\n\n\n", b'\\"\n"',
]  # fmt: skip


def mutants(base: bytes, seed: int, count: int) -> list[bytes]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        data = bytearray(base)
        for _ in range(rng.randint(1, 4)):
            pos = rng.randrange(len(data) + 1)
            roll = rng.random()
            if roll < 0.25:
                del data[pos : pos + rng.randint(1, 12)]
            elif roll < 0.85:
                data[pos:pos] = rng.choice(TOKENS)
            else:
                source = rng.randrange(len(data))
                data[pos:pos] = data[source : source + rng.randint(1, 300)]
        out.append(bytes(data))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_damaged_files_read_as_msgcat_reads_them_or_fail_on_a_line(seed: int) -> None:
    items = [e for e in entries(seed, 25, rare=False) if not (e.obsolete and e.previous_msgid)]
    base = written(items)
    if seed % 3 == 1:
        base = written([e for e in items if not e.obsolete and e.previous_msgid is None])
    outcomes = {"loaded": 0, "refused": 0}
    compared = COMPARED[0]
    for data in mutants(base, seed, 400):
        try:
            check_bytes(data, PATH)
        except InputError:
            continue
        result = agree_with_msgcat(data)
        outcomes["refused" if result[0] == "error" else "loaded"] += 1  # type: ignore[index]
        if result[0] == "error":  # type: ignore[index]
            assert 1 <= result[1] <= data.count(b"\n") + 1  # type: ignore[index]
    assert outcomes["loaded"] > 40 and outcomes["refused"] > 40, outcomes
    assert COMPARED[0] - compared > 30  # loaded files that msgcat read the same


@pytest.mark.parametrize("seed", range(3))
def test_reading_in_steps_is_reading_in_one_go(seed: int) -> None:
    rng = random.Random(seed)
    base = written(entries(200 + seed, 40))
    for data in [base, *mutants(base, seed, 60)]:
        try:
            check_bytes(data, PATH)
        except InputError:
            continue
        steps = sorted(rng.randrange(len(data) + 1) for _ in range(rng.randint(1, 8)))
        assert outcome(data, steps=steps) == outcome(data)


STRING = st.lists(
    st.one_of(
        st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
        st.sampled_from(['"', "\\", "\n", "\t", "\r", '\\"', "\\n", '"\n"']),
    ),
    max_size=40,
).map("".join)
LINE = st.text(st.sampled_from('ab"\\ntx \t\r'), max_size=8)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(LINE, min_size=1, max_size=4),
    st.lists(LINE, min_size=1, max_size=4),
    st.sampled_from(["msgid", "msgctxt"]),
)
def test_hand_written_strings_read_as_msgcat_reads_them(
    first: list[str], second: list[str], keyword: str
) -> None:
    """Strings written line by line with any quotes and backslashes (mostly invalid)."""
    head = f'{keyword} "x"\n' if keyword == "msgctxt" else ""
    body = head + 'msgid "' + '"\n"'.join(first) + '"\nmsgstr "' + '"\n"'.join(second) + '"\n'
    agree_with_msgcat((HEADER + "\n" + body + '\nmsgid "z"\nmsgstr ""\n').encode())


@settings(max_examples=300, deadline=None)
@given(STRING, STRING, st.booleans())
def test_any_text_we_write_reads_back(msgid: str, msgstr: str, fuzzy: bool) -> None:
    entry = PoEntry(msgid or "x", msgstr, flags=("fuzzy",) if fuzzy else ())
    last = PoEntry("y", "", "end")
    data = (HEADER + "\n" + format_entry(entry) + "\n" + format_entry(last)).encode()
    assert outcome(data)[0][1][0] == entry  # type: ignore[index]


def test_the_store_reads_a_large_file_as_the_parser_does(tmp_path: Path) -> None:
    items = [e for e in entries(7, 3000) if not e.obsolete]
    path = tmp_path / "big.po"
    path.write_bytes(written(items))
    store = PoStore.load(path)
    assert store.entries == [e for e in items]
    parser = PoParser(path.read_bytes(), path)
    parser.parse()
    assert [(e.line, e.msgstr_line) for e in store.entries] == [
        (e.line, e.msgstr_line) for e in parser.entries[1:]
    ]
