"""The PO parser's fast path against its line-by-line state machine (the reference): on real
catalogs, on what we write, and on thousands of damaged files they must agree on every entry,
position and line, or fail with the same error at the same line; read in steps, the result is
the same as in one go."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_tool.errors import InputError
from review_tool.po_charset import check_bytes
from review_tool.po_parser import _Parser
from review_tool.po_store import PoEntry, PoStore, format_entry

PATH = Path("cat.po")
HEADER = (
    'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)
LOCALE = Path("/usr/share/locale")
HAVE_GETTEXT = shutil.which("msgunfmt") is not None


def outcome(data: bytes, *, fast: bool = True, steps: list[int] | None = None) -> object:
    """Everything the store takes from a parse, or the error (line and message)."""
    parser = _Parser(data, PATH)
    try:
        if steps is None:
            parser.parse(fast=fast)
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


def agree(data: bytes) -> object:
    reference = outcome(data, fast=False)
    assert outcome(data) == reference, data
    return reference


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


def test_what_we_write_is_read_by_the_fast_path_the_same() -> None:
    for seed in range(5):
        items = entries(seed, rare=False)
        items = [e for e in items if not e.obsolete and e.previous_msgid is None]
        data = written(items)
        reference = agree(data)
        assert [e for e, _, _ in reference[0][1:]] == items  # type: ignore[index]
        parser = _Parser(data, PATH)
        parser.parse()
        assert parser.read_fast == len(items) + 1  # the header too


@pytest.mark.parametrize("seed", range(4))
def test_layouts_the_fast_path_leaves_to_the_state_machine(seed: int) -> None:
    items = entries(100 + seed)
    data = written(items)
    variants = [
        data,
        data.replace(b"\n", b"\r\n"),  # CRLF
        b"\xef\xbb\xbf" + data,  # byte order mark
        b"\n\n" + data.replace(b"\n\n", b"\n\n\n"),  # more blank lines
        data.replace(b"\n\n", b"\n"),  # no blank lines between entries
        data.replace(b'\nmsgstr "', b'\n\nmsgstr "'),  # a blank line inside entries
        data.rstrip(b"\n"),  # no newline at the end
        data + b"# a trailing comment\n",
        data.replace(b'msgid "', b'msgid  "').replace(b'\n"', b'\n  "', 5),  # odd spacing
        data.replace(b'"\n"', b'" "', 7),  # several strings on one line
        data.replace(b"\\n", b"\\012", 9).replace(b"\\t", b"\\x09", 9),  # rarer escapes
    ]
    for variant in variants:
        reference = agree(variant)
        assert reference[0] != "error", reference  # type: ignore[index]


def test_real_catalogs_agree(tmp_path: Path) -> None:
    if not HAVE_GETTEXT:
        pytest.skip("GNU gettext tools not installed")
    found = sorted(LOCALE.glob("*/LC_MESSAGES/*.mo"))
    rng = random.Random(3)
    picked = [p for p in found if p.stat().st_size < 400_000]
    picked = rng.sample(picked, min(12, len(picked)))
    if not picked:
        pytest.skip("no message catalogs installed")
    for mo in picked:
        po = tmp_path / (mo.parent.parent.name + "-" + mo.stem + ".po")
        run = subprocess.run(["msgunfmt", str(mo), "-o", str(po)], capture_output=True)
        if run.returncode:
            continue
        data = po.read_bytes()
        try:
            check_bytes(data, po)
        except InputError:
            continue  # another charset: the store refuses it before parsing
        reference = agree(data)
        parser = _Parser(data, PATH)
        parser.parse()
        assert reference[0] != "error", (mo, reference)  # type: ignore[index]
        assert parser.read_fast >= 0.9 * len(parser.entries), mo


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
def test_damaged_files_give_the_same_entries_or_the_same_error(seed: int) -> None:
    items = entries(seed, 25)
    base = written(items)
    if seed % 3 == 1:
        base = written([e for e in items if not e.obsolete and e.previous_msgid is None])
    outcomes = {"loaded": 0, "refused": 0}
    for data in mutants(base, seed, 400):
        try:
            check_bytes(data, PATH)
        except InputError:
            continue
        result = agree(data)
        outcomes["refused" if result[0] == "error" else "loaded"] += 1  # type: ignore[index]
    assert outcomes["loaded"] > 40 and outcomes["refused"] > 40, outcomes


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
def test_hand_written_strings_agree(first: list[str], second: list[str], keyword: str) -> None:
    """Strings written line by line with any quotes and backslashes (mostly invalid)."""
    head = f'{keyword} "x"\n' if keyword == "msgctxt" else ""
    body = head + 'msgid "' + '"\n"'.join(first) + '"\nmsgstr "' + '"\n"'.join(second) + '"\n'
    agree((HEADER + "\n" + body + '\nmsgid "z"\nmsgstr ""\n').encode())


@settings(max_examples=300, deadline=None)
@given(STRING, STRING, st.booleans())
def test_any_text_we_write_reads_back(msgid: str, msgstr: str, fuzzy: bool) -> None:
    entry = PoEntry(msgid or "x", msgstr, flags=("fuzzy",) if fuzzy else ())
    last = PoEntry("y", "", "end")
    data = (HEADER + "\n" + format_entry(entry) + "\n" + format_entry(last)).encode()
    reference = agree(data)
    assert reference[0][1][0] == entry  # type: ignore[index]


def test_the_store_reads_a_large_file_like_the_reference(tmp_path: Path) -> None:
    items = [e for e in entries(7, 3000) if not e.obsolete]
    path = tmp_path / "big.po"
    path.write_bytes(written(items))
    store = PoStore.load(path)
    assert store.entries == [e for e in items]
    parser = _Parser(path.read_bytes(), path)
    parser.parse(fast=False)
    assert [(e.line, e.msgstr_line) for e in store.entries] == [
        (e.line, e.msgstr_line) for e in parser.entries[1:]
    ]
