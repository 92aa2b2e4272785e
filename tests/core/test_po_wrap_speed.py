"""The fast line wrapper of po_format (``_wrap_portion``) against the per-character reference
(``_wrap_portion_reference``): the same lines for random ASCII with punctuation, long words,
escapes, accented, CJK, combining and wide text, real catalogs' strings, and format masks;
a file we write from real catalogs is what msgcat makes of it; and it is fast."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from review_tool import po_format
from review_tool.po_store import PoEntry, PoStore, format_entry, format_string

LOCALE = Path("/usr/share/locale")
HAVE_GETTEXT = all(shutil.which(tool) for tool in ("msgunfmt", "msgcat"))
needs_gettext = pytest.mark.skipif(not HAVE_GETTEXT, reason="GNU gettext tools not installed")

NAMES = ("msgid", "msgstr", "msgstr[0]", "msgctxt", "msgid_plural")
PREFIXES = ("", "#~ ", "#| ", "#~| ")
FLAG_SETS: tuple[tuple[str, ...], ...] = (
    (),
    ("no-wrap",),
    ("c-format",),
    ("python-format",),
    ("fuzzy", "c-format", "no-wrap"),
)
ASCII_PUNCT = " -/(),.;:!?'\"\\%[]{}|$+#&*<=>@^_`~"
WORDS = (
    "the", "a", "summit", "Tianjin", "e.g.", "i.e.", "a/b/c", "(paren)", "[x]", "{y}",
    "100%", "$5", "3.14", "10,000", "x86_64", "--option", "-x", "%s", "%d", "%1$s", "%(name)s",
    "%-10.3f", "%%", "<PRId64>", "https://example.org/path?x=1&y=2", "'quoted'", '"dq"',
    "back\\slash", "tab\there", "bell\a", "new\nline", "cr\r", "del\x7f", "nul\x01x",
    "verylongwordwithoutanyspacesatallthatgoesonandonandonforeverandeverandeverandever",
    "über", "straße", "café", "naïve", "дерево", "файл", "ελληνικά", "文件", "保存する", "파일을",
    "テスト、", "です。", "«guillemets»", "“quotes”", "‘single’", "…", "—", "–", "€5",
    "non\u00a0breaking", "soft\u00adhyphen", "zero\u200bwidth", "e\u0301", "क्षत्रिय", "😀",
    "ｆｕｌｌ", "「括弧」", "（全角）", "word\u2060joiner", "ﾃｽﾄ", "\u3000", "a  b", "  ",
)  # fmt: skip


def _both(
    portion: str,
    name: str,
    prefix: str,
    first: bool,
    more: bool,
    wrap: bool,
    mask: list[bool] | None,
) -> None:
    args = (portion, name, prefix, first, more, wrap, mask)
    assert po_format._wrap_portion(*args) == po_format._wrap_portion_reference(*args), args


def _format_both(name: str, value: str, prefix: str, flags: Sequence[str]) -> None:
    fast = format_string(name, value, prefix=prefix, flags=flags)
    saved = po_format._wrap_portion
    po_format._wrap_portion = po_format._wrap_portion_reference
    try:
        slow = format_string(name, value, prefix=prefix, flags=flags)
    finally:
        po_format._wrap_portion = saved
    assert fast == slow, (name, value, prefix, flags)


def _random_ascii(rng: random.Random) -> str:
    n = rng.choice((0, 1, 5, 40, 80, 150, 400, 900))
    kind = rng.random()
    if kind < 0.3:  # any printable ASCII, punctuation-heavy
        alphabet = ASCII_PUNCT + "abcXYZ0129"
        return "".join(rng.choice(alphabet) for _ in range(n))
    if kind < 0.5:  # anything below 0x80, controls included
        return "".join(chr(rng.randrange(0x80)) for _ in range(n))
    # words, punctuation and long words, with single or several spaces
    parts: list[str] = []
    while sum(map(len, parts)) < n:
        r = rng.random()
        if r < 0.05:
            parts.append("x" * rng.randint(60, 120))
        elif r < 0.4:
            parts.append(rng.choice(ASCII_PUNCT))
        else:
            parts.append("".join(rng.choice("abcdefghij0123") for _ in range(rng.randint(1, 12))))
        parts.append(" " * rng.choice((0, 1, 1, 1, 2)))
    return "".join(parts)


def _random_words(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 80)))


def _random_unicode(rng: random.Random) -> str:
    pools = ("\u00c0\u00ff", "\u0400\u04ff", "\u3040\u30ff", "\u4e00\u4e40", "\uff00\uffef",
             "\u2000\u206f", "\u0300\u036f", "\u0900\u097f", "\U0001f600\U0001f64f")  # fmt: skip
    out = []
    for _ in range(rng.randint(0, 300)):
        if rng.random() < 0.4:
            out.append(rng.choice(ASCII_PUNCT + "abc \n\t"))
        else:
            pool = rng.choice(pools)
            low, high = pool[0], pool[1]
            out.append(chr(rng.randint(ord(low), ord(high))))
    return "".join(out)


@pytest.mark.parametrize("seed", range(6))
def test_fast_wrapper_equals_reference_on_random_text(seed: int) -> None:
    rng = random.Random(seed)
    makers = (_random_ascii, _random_words, _random_unicode)
    for _ in range(700):
        value = rng.choice(makers)(rng)
        _format_both(rng.choice(NAMES), value, rng.choice(PREFIXES), rng.choice(FLAG_SETS))
        # the portion wrapper directly, with every state and random directive masks
        portion = value.split("\n")[0] + rng.choice(("", "\n"))
        mask = [rng.random() < 0.2 for _ in portion] if rng.random() < 0.3 else None
        _both(portion, rng.choice(NAMES), rng.choice(PREFIXES), rng.random() < 0.5,
              rng.random() < 0.5, rng.random() < 0.8, mask)  # fmt: skip


def test_fast_wrapper_edge_cases() -> None:
    cases = ["", " ", "   x", "x   ", "\n", "a\n", "\\", '"' * 100, "\t" * 40, "\x01" * 30,
             "a" * 77, "a" * 78, "a " * 39, " a" * 39, "ab " * 26 + "\n", "a-b" * 40,
             "(" * 90, ")" * 90, "word " * 15 + "\\n", "x" * 70 + " \\" + "\n", "文" * 50,
             "e\u0301" * 50, "\u200b" * 90]  # fmt: skip
    for value in cases:
        for name in NAMES:
            for prefix in PREFIXES:
                for flags in FLAG_SETS:
                    _format_both(name, value, prefix, flags)
                    for first in (True, False):
                        for more in (True, False):
                            _both(value, name, prefix, first, more, "no-wrap" not in flags, None)


def _mo_files() -> list[Path]:
    files = sorted(LOCALE.glob("*/LC_MESSAGES/*.mo"))
    german = [f for f in files if f.parts[-3] == "de"]
    others = [f for f in files if f.parts[-3] != "de"]
    return german + random.Random(0).sample(others, min(len(others), 40))


def _catalog(mo: Path, folder: Path) -> Path:
    po = folder / f"{mo.parts[-3]}.{mo.stem}.po"
    subprocess.run(["msgunfmt", str(mo), "-o", str(po)], check=True, capture_output=True)
    return po


def _real_stores(folder: Path, limit: int) -> Iterator[tuple[Path, PoStore]]:
    for mo in _mo_files()[:limit]:
        po = _catalog(mo, folder)
        try:
            yield po, PoStore.load(po)
        except Exception:  # a catalog our loader refuses is no test of the wrapper
            continue


@needs_gettext
def test_fast_wrapper_equals_reference_on_real_catalogs(tmp_path: Path) -> None:
    rng = random.Random(1)
    seen = 0
    for _, store in _real_stores(tmp_path, 60):
        for entry in store.entries:
            for value in (entry.msgid, entry.msgstr, *entry.msgstr_plural):
                flags = rng.choice(FLAG_SETS)
                _format_both(rng.choice(NAMES), value, rng.choice(PREFIXES), flags)
                seen += 1
    if seen == 0:
        pytest.skip("no real catalogs installed")


_RAW_CONTROL = re.compile("[\x00-\x06\x0e-\x1f\x7f]")


def _texts(entry: PoEntry) -> str:
    return "".join((entry.msgctxt or "", entry.msgid, entry.msgid_plural or "", entry.msgstr,
                    *entry.msgstr_plural))  # fmt: skip


@needs_gettext
def test_msgcat_leaves_what_we_write_unchanged(tmp_path: Path) -> None:
    checked = 0
    for po, store in _real_stores(tmp_path, 30):
        raw = po.read_text(encoding="utf-8", errors="replace")
        if not raw.startswith('msgid ""') or "charset=UTF-8" not in raw.split("\n\n")[0]:
            continue
        header = raw.split("\n\n")[0] + "\n"
        # msgcat writes control characters other than \a\b\f\n\r\t\v raw, we escape them
        # (the reference wrapper does too): leave those entries out
        entries = [e for e in store.entries if not _RAW_CONTROL.search(_texts(e))]
        ours = header + "".join("\n" + format_entry(e, nplurals=store.nplurals) for e in entries)
        path = tmp_path / f"ours.{po.name}"
        path.write_text(ours, encoding="utf-8")
        out = tmp_path / f"msgcat.{po.name}"
        subprocess.run(["msgcat", str(path), "-o", str(out)], check=True, capture_output=True)
        assert out.read_text(encoding="utf-8") == ours, po.name
        checked += 1
    if checked == 0:
        pytest.skip("no UTF-8 catalogs installed")


def test_news_paragraphs_format_the_same_on_both_paths() -> None:
    """The fast path is what writes imported paragraphs; its speed is measured by
    benchmarks/ui_bench.py (import + open), never by a timed test."""
    text = (
        "Paragraph number {i} of the long article about the summit, with some words and "
        "more words to reach a realistic length of a paragraph in news text. "
    )
    entries = [PoEntry(text.format(i=i) * 2, text.format(i=i) * 2) for i in range(300)]
    fast = [format_entry(e) for e in entries]
    saved = po_format._wrap_portion
    po_format._wrap_portion = po_format._wrap_portion_reference
    try:
        slow = [format_entry(e) for e in entries]
    finally:
        po_format._wrap_portion = saved
    assert fast == slow
