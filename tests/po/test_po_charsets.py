"""PO files in the charset their header declares: read, approved and written back in it.

The EUC-JP catalog is a real one (tests/data/catalogs/ja.tar.po, msgunfmt of Debian's tar
catalog); the Big5 and Shift_JIS files hold characters whose second byte is ``\\``
(功 is A5 5C in Big5, 表 is 95 5C in Shift_JIS), which a parser of the raw bytes would read
as an escape.  polib (which decodes by the header too) and msgfmt are the judges.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from gettext_check import msgfmt_check

from review_tool.cli.main import main
from review_tool.errors import InputError
from review_tool.po.store import PoStore

CATALOG = Path(__file__).parents[1] / "data" / "catalogs" / "ja.tar.po"


def _header(charset: str) -> str:
    return (
        'msgid ""\nmsgstr ""\n"Project-Id-Version: t 1\\n"\n"Language: zh_TW\\n"\n'
        '"PO-Revision-Date: 2025-01-01 00:00+0000\\n"\n"Last-Translator: A <a@b.c>\\n"\n'
        '"Language-Team: none\\n"\n"MIME-Version: 1.0\\n"\n'
        f'"Content-Type: text/plain; charset={charset}\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n'
    )


def _workspace(workspace: Path, name: str, data: bytes) -> Path:
    po = workspace / "locales" / "ja" / "LC_MESSAGES" / name
    po.parent.mkdir(parents=True)
    po.write_bytes(data)
    return po


def _blocks(data: bytes) -> list[bytes]:
    return data.split(b"\n\n")


def _approve(workspace: Path, po: Path, index: int, text: str) -> int:
    return main(["approve", str(po), "--index", str(index), "--text", text,
                 "--workspace", str(workspace)])  # fmt: skip


def test_a_real_euc_jp_catalog_reads_as_polib_reads_it() -> None:
    ours = PoStore.load(CATALOG).entries
    theirs = [e for e in polib.pofile(str(CATALOG)) if not e.obsolete and e.msgid]
    assert len(ours) == len(theirs) > 500
    assert [(e.msgctxt, e.msgid, e.msgstr, e.msgid_plural) for e in ours] == [
        (e.msgctxt, e.msgid, e.msgstr, e.msgid_plural or None) for e in theirs
    ]
    assert any("アーカイブ" in e.msgstr for e in ours)


def test_approving_in_an_euc_jp_catalog_writes_euc_jp(workspace: Path) -> None:
    original = CATALOG.read_bytes()
    po = _workspace(workspace, "tar.po", original)
    entries = PoStore.load(po).entries
    index = next(i for i, e in enumerate(entries) if not e.msgid.endswith("\n") and i > 5)
    assert _approve(workspace, po, index, "承認した訳「功・表」") == 0
    written = po.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        written.decode("utf-8")
    assert "承認した訳「功・表」".encode("euc_jp") in written
    assert PoStore.load(po).entries[index].msgstr == "承認した訳「功・表」"
    before, after = _blocks(original), _blocks(written)
    assert len(before) == len(after)
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == [0, index + 1]  # the header (revision date, translator) and the entry
    msgfmt_check(po)


@pytest.mark.parametrize(
    ("charset", "codec", "word", "raw"),
    [("BIG5", "big5", "功能", b"\xa5\x5c"), ("SHIFT_JIS", "shift_jis", "表示", b"\x95\x5c")],
)
def test_a_second_byte_that_is_a_backslash_is_part_of_its_character(
    workspace: Path, charset: str, codec: str, word: str, raw: bytes
) -> None:
    text = _header(charset) + (
        f'\nmsgid "Show"\nmsgstr "{word}"\n'
        f'\nmsgid "Quote \\"{word}\\" here"\nmsgstr "引用\\"{word}\\""\n'
        f'\nmsgid "Untouched"\nmsgstr "{word}{word}"\n'
        '\nmsgid "Todo"\nmsgstr ""\n'
    )
    data = text.encode(codec)
    assert raw in data
    po = _workspace(workspace, "app.po", data)
    msgfmt_check(po)
    entries = PoStore.load(po).entries
    assert [e.msgstr for e in entries] == [word, f'引用"{word}"', word * 2, ""]
    assert [e.msgstr for e in polib.pofile(str(po))] == [e.msgstr for e in entries]
    assert _approve(workspace, po, 3, f"{word}する\\") == 0
    written = po.read_bytes()
    assert written.decode(codec).endswith(f'msgid "Todo"\nmsgstr "{word}する\\\\"\n')
    assert _blocks(written)[1:4] == _blocks(data)[1:4]
    assert PoStore.load(po).entries[3].msgstr == f"{word}する\\"
    msgfmt_check(po)


def test_text_the_charset_cannot_hold_is_refused_and_nothing_is_written(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # the header's own translator: no credit line above the header shifts the line named
    monkeypatch.setenv("REVIEW_TOOL_TRANSLATOR", "A <a@b.c>")
    data = (_header("ISO-8859-1") + '\nmsgid "Size"\nmsgstr "Größe"\n').encode("latin-1")
    po = _workspace(workspace, "app.po", data)
    assert PoStore.load(po).entries[0].msgstr == "Größe"
    assert _approve(workspace, po, 0, "Größe in €") == 2
    err = capsys.readouterr().err.strip().splitlines()
    lines = _header("ISO-8859-1").count("\n") + 3
    assert len(err) == 1 and f"{po}:{lines}:" in err[0]
    assert "ISO-8859-1" in err[0] and "'€'" in err[0]
    assert po.read_bytes() == data
    assert _approve(workspace, po, 0, "Größe (Bytes)") == 0
    assert po.read_bytes().decode("latin-1").endswith('msgstr "Größe (Bytes)"\n')
    msgfmt_check(po)


@pytest.mark.parametrize(
    ("charset", "body", "line", "message"),
    [
        ("EUC-TW", b'\nmsgid "a"\nmsgstr "b"\n', 9, "no codec"),
        ("EUC-JP", b'\nmsgid "a"\nmsgstr "\xff\xff"\n', 14, "invalid EUC-JP (byte 0xff)"),
        ("ASCII", b'\nmsgid "a"\nmsgstr "\xc3\xa9"\n', 14, "invalid ASCII"),
    ],
)
def test_a_charset_without_a_codec_or_bytes_invalid_in_it_are_refused_with_their_line(
    tmp_path: Path, charset: str, body: bytes, line: int, message: str
) -> None:
    po = tmp_path / "x.po"
    po.write_bytes(_header(charset).encode() + body)
    with pytest.raises(InputError) as refused:
        PoStore.load(po)
    assert refused.value.line == line
    assert message in refused.value.message


def test_a_header_that_contradicts_the_charset_read_is_refused(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    lead = "# a comment naming charset=ISO-8859-1 before the header\n"
    po.write_bytes((lead + _header("UTF-8") + '\nmsgid "a"\nmsgstr "ü"\n').encode("latin-1"))
    with pytest.raises(InputError) as refused:
        PoStore.load(po)
    assert refused.value.line == 10  # the header's Content-Type
    assert "UTF-8" in refused.value.message


def test_the_catalog_is_committed_in_euc_jp() -> None:
    data = CATALOG.read_bytes()
    assert b"charset=EUC-JP" in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # so the tests above really read and write EUC-JP
