"""How the PO writer wraps lines, held to msgcat and translate-toolkit.

Oracles: the real catalogs in tests/data/catalogs (written by msgunfmt, i.e. by gettext's own
writer: each line there is msgcat's), msgcat itself on strings it is given live, and
translate-toolkit, which must read what we write to the same strings and write it back
byte for byte.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest
from translate.storage import pypo
from unicode_segmentation_rs import text_width

from review_tool.po.store import PoEntry, PoStore, format_entry, format_string

DATA = Path(__file__).parents[1] / "data" / "catalogs"
CATALOGS = sorted(DATA.glob("*.po"))
HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
needs_msgcat = pytest.mark.skipif(shutil.which("msgcat") is None, reason="needs GNU msgcat")


def _charset(text: bytes) -> str:
    head = text[: text.index(b"\n\n")].decode("ascii", "replace")
    return head.split("charset=", 1)[1].split("\\n", 1)[0]


def _ours(path: Path) -> tuple[str, str]:
    """The catalog's text, and what we write for its entries after its header block."""
    data = path.read_bytes()
    text = data.decode(_charset(data))
    store = PoStore.load(path)
    header = text[: text.index("\n\n") + 1]
    body = "".join("\n" + format_entry(e, nplurals=store.nplurals) for e in store.entries)
    return text, header + body


def test_the_shipped_catalogs_cover_several_scripts() -> None:
    names = {p.name.split(".")[0] for p in CATALOGS}
    assert {"de", "fr", "ru", "zh_CN", "ja"} <= names
    assert sum(p.stat().st_size for p in CATALOGS) < 400_000


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_every_entry_is_written_as_msgcat_wrote_it(path: Path) -> None:
    theirs, ours = _ours(path)
    their_lines, our_lines = theirs.split("\n"), ours.split("\n")
    differing = [
        (i + 1, a, b)
        for i, (a, b) in enumerate(zip(their_lines, our_lines, strict=False))
        if a != b
    ]
    assert len(their_lines) == len(our_lines) > 300
    assert differing == []


# translate-toolkit's parser decodes lines as UTF-8 until it meets the header's charset, and
# fails on the EUC-JP catalog's header (tests/po/test_po_charsets.py uses polib there).
@pytest.mark.parametrize(
    "path", [p for p in CATALOGS if b"charset=UTF-8" in p.read_bytes()], ids=lambda p: p.name
)
def test_translate_toolkit_reads_what_we_write_and_writes_it_back_unchanged(
    path: Path, tmp_path: Path
) -> None:
    _, ours = _ours(path)
    encoding = _charset(path.read_bytes())
    data = ours.encode(encoding)
    store = pypo.pofile(data)
    assert bytes(store) == data
    entries = PoStore.load(path).entries
    units = [u for u in store.units if not u.isheader()]
    assert [(u.getcontext() or None, u.source) for u in units if not u.hasplural()] == [
        (e.msgctxt, e.msgid) for e in entries if e.msgid_plural is None
    ]
    assert [u.target for u in units if not u.hasplural()] == [
        e.msgstr for e in entries if e.msgid_plural is None
    ]


WORDS = (
    "the", "summit", "e.g.", "a/b/c", "(paren)", "[x]", "{y}", "100%", "$5", "3.14", "10,000",
    "--option", "%s", "%d", "% d", "%-10.3f", "%(name)s", "%1$s", "<PRId64>", "Acquire::Pkg",
    "https://example.org/path?x=1&y=2", "'q'", '"dq"', "back\\slash", "tab\there", "über",
    "straße", "дерево", "файл", "ελληνικά", "文件", "保存する", "파일을", "です。", "«x»",
    "“q”", "…", "—", "non\u00a0breaking", "e\u0301", "😀", "「括弧」", "（全角）",
    "verylongwordwithoutanyspacesatallthatgoesonandonandonforeverandeverandeverandever",
)  # fmt: skip


def _random_entries(seed: int, count: int) -> list[PoEntry]:
    rng = random.Random(seed)
    entries: dict[str, PoEntry] = {}
    flag_sets = ((), ("c-format",), ("python-format",), ("no-wrap",))
    while len(entries) < count:
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 40))]
        text = " ".join(words) + rng.choice(("", "\n", ".", "\nmore words here"))
        entries[text] = PoEntry(text, text.upper(), flags=rng.choice(flag_sets))
    return list(entries.values())


def test_lines_stay_within_79_columns_unless_they_cannot_break() -> None:
    for entry in _random_entries(1, 400):
        for name in ("msgid", "msgstr"):
            for prefix in ("", "#~ "):
                value = entry.msgid if name == "msgid" else entry.msgstr
                lines = format_string(name, value, prefix=prefix, flags=entry.flags)
                for line in lines:
                    content = line.split('"', 1)[1][:-1].rstrip(" ")
                    if "no-wrap" not in entry.flags and text_width(line) > 79:
                        assert " " not in content, line


@needs_msgcat
@pytest.mark.parametrize("seed", range(3))
def test_msgcat_reads_what_we_write_to_the_same_strings(seed: int, tmp_path: Path) -> None:
    entries = _random_entries(seed, 300)
    ours = tmp_path / "ours.po"
    ours.write_text(HEADER + "".join("\n" + format_entry(e) for e in entries), encoding="utf-8")
    out = tmp_path / "msgcat.po"
    subprocess.run(["msgcat", "--no-wrap", str(ours), "-o", str(out)], check=True)
    assert [(e.msgid, e.msgstr, e.flags) for e in PoStore.load(out).entries] == [
        (e.msgid, e.msgstr, e.flags) for e in entries
    ]


@needs_msgcat
def test_no_break_inside_a_format_directive_as_msgcat(tmp_path: Path) -> None:
    """'% 5d' has a space that UAX #14 would break after; gettext never breaks a directive."""
    entries = [
        PoEntry(("x" * n) + " % 5d and % -8s done " + "word " * 12, flags=("c-format",))
        for n in range(55, 75)
    ]
    ours = HEADER + "".join("\n" + format_entry(e) for e in entries)
    path = tmp_path / "ours.po"
    path.write_text(ours, encoding="utf-8")
    result = subprocess.run(["msgcat", str(path)], check=True, capture_output=True, text=True)
    assert result.stdout == ours
    assert any(line.endswith('% 5d and "') or line.endswith('"% 5d ') for line in ours.split("\n"))


SCRIPT_WORDS = (
    "നിലവിലുള്ള", "താലത്തിലേക്കു്", "എന്\u200dട്രി",  # Malayalam: spacing marks, ZWJ
    "क्षत्रिय", "हिन्दी", "ภาษาไทย", "العربية", "עברית", "ελληνικά", "😀", "e\u0301",
    "Ｆｕｌｌ", "テスト", "日本語の文章です。", "한국어", "x86_64", "e.g.", "Acquire::Pkg",
    'say "hi"', "C:\\dir\\", "tab\there", "bell\a", '""""', "\\\\",  # escapes: never split
)  # fmt: skip


@needs_msgcat
@pytest.mark.parametrize("seed", range(3))
def test_scripts_with_marks_and_wide_characters_wrap_as_msgcat_wraps_them(
    seed: int, tmp_path: Path
) -> None:
    """Widths as libunistring counts them (marks 0, wide 2, spacing marks 1: Malayalam), and
    escapes kept whole."""
    rng = random.Random(seed)
    entries = [
        PoEntry(" ".join(rng.choice(SCRIPT_WORDS) for _ in range(rng.randint(5, 30))) + f" {i}")
        for i in range(150)
    ]
    ours = HEADER + "".join("\n" + format_entry(e) for e in entries)
    path = tmp_path / "ours.po"
    path.write_text(ours, encoding="utf-8")
    result = subprocess.run(["msgcat", str(path)], check=True, capture_output=True, text=True)
    assert result.stdout == ours
