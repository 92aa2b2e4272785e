"""Hostile input through the command line: every bad PO file, glossary, TMX or document is
exit status 2 with ONE line on stderr naming the file (and the line where one applies), and
nothing is written — no new file in the workspace, every PO unchanged byte for byte.
Unsafe XML is rejected without ever reading what its entities point at."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from testkit import CONTENT_TYPE, ENCODING, MIME, PLURAL_FORMS, REPO, po_header

from review_tool.cli.main import main
from review_tool.po.store import PoEntry, PoStore

SAMPLE = REPO / "corpus" / "sco-tianjin-summit-2025.en.txt"
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(p for p in (os.environ.get("PYTHONPATH"), str(REPO)) if p),
    "REVIEW_TOOL_PROGRESS": "0",
}
DOC = "corpus/doc.en.txt"
GOOD_PO = "locales/de/LC_MESSAGES/doc.po"
PASSWD = Path("/etc/passwd")

HEADER = po_header(
    "Project-Id-Version: hostile",
    "Language: de",
    MIME,
    CONTENT_TYPE,
    ENCODING,
    PLURAL_FORMS,
    "X-Source-Language: en",
)
HEADER_LINES = HEADER.count("\n")


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "ws"
    (root / "corpus").mkdir(parents=True)
    shutil.copy(SAMPLE, root / DOC)
    shutil.copytree(REPO / "glossary", root / "glossary")
    po = root / GOOD_PO
    po.parent.mkdir(parents=True)
    po.write_text(
        HEADER + '\nmsgctxt "p-1"\nmsgid "The SCO summit."\nmsgstr "Der SOZ-Gipfel."\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(root)
    monkeypatch.setenv("REVIEW_TOOL_PROGRESS", "0")
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` (hidden ones included) and its bytes."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def run(ws: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([*args, "--workspace", str(ws)])
    out, err = capsys.readouterr()
    return code, out, err


def assert_rejected(
    code: int, out: str, err: str, path: str | Path, line: int | None, fragment: str
) -> None:
    assert code == 2, (code, err)
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1, err
    where = f"{path}:{line}: " if line is not None else f"{path}: "
    assert where in lines[0], (where, lines[0])
    assert fragment in lines[0], (fragment, lines[0])
    assert out == ""


# ---------------------------------------------------------------------------------------
# PO files


def _line_of(text: str, marker: str) -> int:
    return text[: text.index(marker)].count("\n") + 1


def _po_cases() -> list[tuple[str, bytes, int | None, str]]:
    """(name, content, expected line, message fragment)."""
    cases: list[tuple[str, bytes, int | None, str]] = []

    def add(name: str, text: str, marker: str | None, fragment: str) -> None:
        line = _line_of(text, marker) if marker is not None else None
        cases.append((name, text.encode("utf-8"), line, fragment))

    body = '\nmsgid "a"\nmsgstr "b"\n\n'
    add("syntax-error", HEADER + body + 'msgid "c"\nmsgstr "d"\nmsgfoo "e"\n', "msgfoo",
        "unknown keyword")  # fmt: skip
    add("unterminated-string", HEADER + body + 'msgid "c"\nmsgstr "no end\n', 'msgstr "no',
        "unterminated")  # fmt: skip
    add("duplicate-msgctxt-msgid",
        HEADER + '\nmsgctxt "p"\nmsgid "a"\nmsgstr "1"\n\nmsgctxt "p"\nmsgid "a"\nmsgstr "2"\n',
        'msgid "a"\nmsgstr "2"', "duplicate entry")  # fmt: skip
    add("msgstr-without-msgid", HEADER + body + 'msgstr "x"\n', 'msgstr "x"', "msgstr")
    # Charsets Python cannot read, and bytes the declared charset does not allow (files in
    # ISO-8859-1, KOI8-R, EUC-JP ... are read: tests/po/test_po_charsets.py).
    euc_tw = HEADER.replace("charset=UTF-8", "charset=EUC-TW")
    add("charset-without-codec", euc_tw + body, "Content-Type", "charset EUC-TW")
    ascii_header = HEADER.replace("charset=UTF-8", "charset=ASCII")
    add("not-in-declared-charset", ascii_header + body + 'msgid "c"\nmsgstr "Größe"\n',
        'msgstr "Gr', "invalid ASCII")  # fmt: skip
    bad = (HEADER + body + 'msgid "c"\nmsgstr "').encode() + b"\xff\xfe" + b'"\n'
    cases.append(("invalid-utf8", bad, HEADER_LINES + 6, "invalid UTF-8"))
    cases.append(("binary-nul", (HEADER + body).encode() + b"\0\1\2garbage", HEADER_LINES + 5,
                  "binary"))  # fmt: skip
    cases.append(("empty", b"", 1, "empty file"))
    cases.append(("blank-only", b"\n  \n\t\n", 1, "empty file"))
    cases.append(("mo-file", b"\xde\x12\x04\x95" + bytes(range(256)) * 4, 1, "MO file"))
    return cases


PO_CASES = _po_cases()


@pytest.mark.parametrize("command", ["check", "approve", "stats", "export"])
@pytest.mark.parametrize(("name", "content", "line", "fragment"), PO_CASES,
                         ids=[c[0] for c in PO_CASES])  # fmt: skip
def test_bad_po_file(
    ws: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    name: str,
    content: bytes,
    line: int | None,
    fragment: str,
) -> None:
    path = ws / "locales" / "de" / "LC_MESSAGES" / f"{name}.po"
    path.write_bytes(content)
    before = snapshot(ws)
    args = {
        "check": ["check", str(path)],
        "approve": ["approve", str(path), "--index", "0", "--text", "Neu"],
        "stats": ["stats", str(path)],
        "export": ["export", str(path), "--format", "po", "--out", str(ws / "out.po")],
    }[command]
    code, out, err = run(ws, capsys, *args)
    assert_rejected(code, out, err, path, line, fragment)
    assert snapshot(ws) == before


@pytest.mark.parametrize("command", ["check", "approve", "stats"])
def test_missing_po_file(ws: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    path = ws / "locales" / "de" / "LC_MESSAGES" / "missing.po"
    before = snapshot(ws)
    args = {
        "check": ["check", str(path)],
        "approve": ["approve", str(path), "--index", "0", "--text", "Neu"],
        "stats": ["stats", str(path)],
    }[command]
    code, out, err = run(ws, capsys, *args)
    assert_rejected(code, out, err, path, None, "no such file")
    assert snapshot(ws) == before


def test_hundred_megabyte_entry_fails_fast(tmp_path: Path) -> None:
    """A 100 MB msgstr on one line: refused (entries are capped at 10 MB) within seconds,
    by the real command in a subprocess, for both reading (check) and writing (approve)."""
    ws = tmp_path / "ws"
    (ws / "glossary").mkdir(parents=True)
    path = ws / "huge.po"
    with path.open("wb") as f:
        f.write((HEADER + '\nmsgid "big"\nmsgstr "').encode())
        chunk = b"0123456789abcdef" * 65536  # 1 MB
        for _ in range(100):
            f.write(chunk)
        f.write(b'"\n')
    size = path.stat().st_size
    before = snapshot_names(ws)
    for args in (["check", str(path)], ["approve", str(path), "--index", "0", "--text", "x"]):
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "review_tool", *args, "--workspace", str(ws)],
            env=ENV,
            capture_output=True,
            text=True,
            timeout=60,
        )
        elapsed = time.monotonic() - started
        print(f"{args[0]} of a 100 MB entry: exit {done.returncode} in {elapsed:.1f} s")
        assert done.returncode == 2, done.stderr[-2000:]
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr[-2000:]
        assert f"{path}:{HEADER_LINES + 2}: " in done.stderr
        assert "larger than 10 MB" in done.stderr
        assert done.stdout == ""
        assert elapsed < 30
    assert path.stat().st_size == size and snapshot_names(ws) == before


def snapshot_names(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


# ---------------------------------------------------------------------------------------
# glossaries

TSV_HEADER = "concept\tlang\tterm\tstatus\tnote\n"

TSV_CASES = [
    ("wrong-header", "concept\tlanguage\tword\tstatus\n" + "sco\ten\tSCO\tpreferred\n", 1,
     "expected the header"),
    ("missing-columns", TSV_HEADER + "sco\ten\tSCO\tpreferred\t\nsco\ten\tOCS\n", 3,
     "expected 4 or 5"),
    ("unknown-status", TSV_HEADER + "# comment\n\nsco\ten\tSCO\tgood\n", 4, "unknown status"),
    ("empty-term", TSV_HEADER + "sco\ten\t\tpreferred\n", 2, "empty term"),
    ("space-only-term", TSV_HEADER + "sco\ten\t  \u00a0 \tpreferred\n", 2, "empty term"),
    ("too-many-columns", TSV_HEADER + "sco\ten\tSCO\tpreferred\tnote\textra\n", 2, "columns"),
    ("empty-file", "", 1, "empty glossary"),
    ("invalid-utf8", None, 3, "invalid UTF-8"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "line", "fragment"), TSV_CASES,
                         ids=[c[0] for c in TSV_CASES])  # fmt: skip
def test_bad_tsv_glossary(
    ws: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    text: str | None,
    line: int,
    fragment: str,
) -> None:
    path = ws / f"{name}.tsv"
    if text is None:
        path.write_bytes(TSV_HEADER.encode() + b"sco\ten\tSCO\tpreferred\nsco\tfr\tOCS\xe9\tx\n")
    else:
        path.write_text(text, encoding="utf-8")
    before = snapshot(ws)
    code, out, err = run(ws, capsys, "check", DOC, "--glossary", str(path))
    assert_rejected(code, out, err, path, line, fragment)
    assert snapshot(ws) == before


def test_duplicate_tsv_rows_are_a_warning_not_an_error(
    ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = ws / "dups.tsv"
    path.write_text(
        TSV_HEADER + "sco\ten\tSCO\tpreferred\nsco\ten\tOCS\tforbidden\nsco\ten\tSCO\tpreferred\n",
        encoding="utf-8",
    )
    before = snapshot(ws)
    code, out, err = run(ws, capsys, "check", DOC, "--glossary", str(path))
    assert code in (0, 1), err
    warnings = [ln for ln in err.splitlines() if ln.startswith("warning:")]
    assert len(warnings) == 1 and f"{path}:4: duplicate of line 2" in warnings[0], err
    assert "term.forbidden" in out  # the glossary still works
    assert snapshot(ws) == before


def _tbx(doctype: str, term: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n'
        '<martif type="TBX-Basic" xml:lang="en"><text><body>\n'
        '<termEntry id="sco"><langSet xml:lang="en">\n'
        f"<tig><term>{term}</term></tig>\n"
        "</langSet></termEntry></body></text></martif>\n"
    )


LAUGHS = "<!DOCTYPE martif [\n <!ENTITY lol \"lol\">\n" + "".join(
    f' <!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n'
    for i in range(1, 10)
) + "]>"  # fmt: skip
XXE = '<!DOCTYPE martif [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>'
XXE_PARAM = '<!DOCTYPE martif [ <!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext; ]>'


def _passwd_markers() -> list[str]:
    """Lines of /etc/passwd that must never show up in any output."""
    try:
        lines = PASSWD.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ["root:x:0:0"]
    return [ln for ln in lines if ln.strip()][:5] + ["root:x:0:0", "/bin/bash", "nologin"]


def assert_no_passwd(*texts: str) -> None:
    for marker in _passwd_markers():
        for text in texts:
            assert marker not in text, marker


TBX_CASES = [
    ("malformed", _tbx("", "SCO").replace("</langSet>", "</langset>"), 6, "malformed XML"),
    ("truncated", _tbx("", "SCO")[:-40], None, "malformed XML"),
    ("billion-laughs", _tbx(LAUGHS, "&lol9;"), None, "unsafe XML"),
    ("xxe", _tbx(XXE, "&xxe;"), None, "unsafe XML"),
    ("xxe-parameter", _tbx(XXE_PARAM, "SCO"), None, "unsafe XML"),
]


@pytest.mark.parametrize(("name", "text", "line", "fragment"), TBX_CASES,
                         ids=[c[0] for c in TBX_CASES])  # fmt: skip
def test_bad_tbx_glossary(
    ws: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    text: str,
    line: int | None,
    fragment: str,
) -> None:
    path = ws / f"{name}.tbx"
    path.write_text(text, encoding="utf-8")
    before = snapshot(ws)
    started = time.monotonic()
    code, out, err = run(ws, capsys, "check", DOC, "--glossary", str(path))
    assert time.monotonic() - started < 10
    if line is None:
        assert code == 2 and f"{path}:" in err, err
        assert len(err.strip().splitlines()) == 1 and fragment in err, err
        assert out == ""
    else:
        assert_rejected(code, out, err, path, line, fragment)
    assert "lollol" not in err and len(err) < 2000
    assert_no_passwd(out, err)
    assert snapshot(ws) == before


def test_tbx_external_dtd_is_never_read(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = ws / "dtd.tbx"
    path.write_text(_tbx('<!DOCTYPE martif SYSTEM "file:///etc/passwd">', "SCO"), "utf-8")
    before = snapshot(ws)
    code, out, err = run(ws, capsys, "check", DOC, "--glossary", str(path))
    assert code in (0, 1, 2), err
    assert_no_passwd(out, err)
    assert snapshot(ws) == before


# ---------------------------------------------------------------------------------------
# TMX (suggest --tm)


def _tmx(doctype: str, target: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n<tmx version="1.4">\n'
        '<header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" '
        'creationtool="t" creationtoolversion="1" o-tmf="x"/>\n<body>\n'
        '<tu><tuv xml:lang="en"><seg>The SCO summit.</seg></tuv>\n'
        f'<tuv xml:lang="fr"><seg>{target}</seg></tuv></tu>\n</body>\n</tmx>\n'
    )


TMX_CASES = [
    ("malformed", _tmx("", "Le sommet <b>de l'OCS.</seg>"), True, "malformed XML"),
    ("xxe", _tmx(XXE, "&xxe;"), False, "unsafe XML"),
    ("xxe-parameter", _tmx(XXE_PARAM, "Le sommet."), False, "unsafe XML"),
    ("billion-laughs", _tmx(LAUGHS.replace("martif", "tmx"), "&lol9;"), False, "unsafe XML"),
]


@pytest.mark.parametrize(("name", "text", "has_line", "fragment"), TMX_CASES,
                         ids=[c[0] for c in TMX_CASES])  # fmt: skip
def test_bad_tmx(
    ws: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    text: str,
    has_line: bool,
    fragment: str,
) -> None:
    path = ws / f"{name}.tmx"
    path.write_text(text, encoding="utf-8")
    before = snapshot(ws)
    code, out, err = run(
        ws, capsys, "suggest", DOC, "--lang", "fr", "--engine", "tm", "--tm", str(path)
    )
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and f"{path}:" in lines[0] and fragment in lines[0], err
    if has_line:
        assert f"{path}:7: " in lines[0], lines[0]
    assert out == ""
    assert_no_passwd(out, err)
    assert "lollol" not in err
    assert snapshot(ws) == before


def test_good_tmx_is_used(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Control for the cases above: the same TMX without the attack is read and used."""
    path = ws / "good.tmx"
    path.write_text(_tmx("", "Le sommet de l'OCS."), encoding="utf-8")
    doc = ws / "corpus" / "short.en.txt"
    doc.write_text("The SCO summit.\n", encoding="utf-8")
    code, out, err = run(
        ws, capsys, "suggest", str(doc), "--lang", "fr", "--engine", "tm", "--tm", str(path)
    )
    assert code == 0, err
    assert "Le sommet de l'OCS." in out


# ---------------------------------------------------------------------------------------
# documents


def test_document_invalid_utf8_names_line_and_column(
    ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = ws / "corpus" / "bad.en.txt"
    path.write_bytes("First paragraph.\n\nSecond, with ä ".encode() + b"\xc3\x28 oops.\n")
    before = snapshot(ws)
    for args in (["check", str(path)], ["import", str(path), "--to", "fr"]):
        code, out, err = run(ws, capsys, *args)
        # "Second, with ä " is 15 characters (16 bytes): the bad byte is in column 16 of
        # line 3 as an editor counts, and as check counts the columns of its findings.
        assert_rejected(code, out, err, path, 3, "invalid UTF-8")
        assert "column 16" in err, err
        assert snapshot(ws) == before


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"text\0with NUL\n"],
                         ids=["empty", "blank", "binary"])  # fmt: skip
def test_document_empty_or_binary_import_writes_nothing(
    ws: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    path = ws / "corpus" / "odd.en.txt"
    path.write_bytes(content)
    before = snapshot(ws)
    code, out, err = run(ws, capsys, "import", str(path), "--to", "fr")
    if b"\0" in content:
        assert_rejected(code, out, err, path, 1, "binary")
    assert snapshot(ws) == before or code == 0  # an empty document may create an empty PO
    if code == 0:
        assert PoStore.load(ws / "locales/fr/LC_MESSAGES/odd.po").entries == []


def test_document_bom_is_accepted_and_not_counted(
    ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = ws / "corpus" / "plain.en.txt"
    bom = ws / "corpus" / "bom.en.txt"
    text = "The OCS met in Tianjin.\n\nSecond paragraph about the OCS.\n"
    plain.write_text(text, encoding="utf-8")
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode())
    code_plain, out_plain, _ = run(ws, capsys, "check", str(plain))
    code_bom, out_bom, err = run(ws, capsys, "check", str(bom))
    assert code_bom == code_plain and code_bom in (0, 1), err
    assert "term.forbidden" in out_bom
    # Same findings at the same line:column: the BOM is not a column.
    assert out_bom.replace(str(bom), "X") == out_plain.replace(str(plain), "X")
    assert run(ws, capsys, "import", str(bom), "--to", "en")[0] == 0
    store = PoStore.load(ws / "locales/en/LC_MESSAGES/bom.po")
    assert [e.msgid for e in store.entries] == [
        "The OCS met in Tianjin.",
        "Second paragraph about the OCS.",
    ]


def test_crlf_document_round_trip_keeps_crlf(ws: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CRLF (and a BOM) accepted by check/import; the approved result exported as txt keeps
    CRLF line ends."""
    doc = ws / "corpus" / "crlf.en.txt"
    paragraphs = ["First paragraph,\r\nwrapped.", "Second paragraph.", "Third one."]
    doc.write_bytes(b"\xef\xbb\xbf" + "\r\n\r\n".join(paragraphs).encode() + b"\r\n")
    code, _out, err = run(ws, capsys, "check", str(doc))
    assert code in (0, 1), err
    assert run(ws, capsys, "import", str(doc), "--to", "en")[0] == 0
    po = ws / "locales/en/LC_MESSAGES/crlf.po"
    store = PoStore.load(po)
    assert [e.msgid for e in store.entries] == [p.replace("\r\n", "\n") for p in paragraphs]
    for index, text in enumerate(["Erster Absatz,\numbrochen.", "Zweiter.", "Dritter."]):
        code, _out, err = run(ws, capsys, "approve", str(po), "--index", str(index),
                              "--text", text)  # fmt: skip
        assert code == 0, err
    out = ws / "crlf.out.txt"
    code, _out, err = run(ws, capsys, "export", str(doc), "--lang", "en", "--format", "txt",
                          "--out", str(out))  # fmt: skip
    assert code == 0, err
    data = out.read_bytes()
    assert data == b"Erster Absatz,\r\numbrochen.\r\n\r\nZweiter.\r\n\r\nDritter.\r\n"


def _big_paragraph(size: int) -> str:
    """One paragraph of ``size`` bytes of real prose: the sample article (with its defects:
    forbidden terms, doubled words...) over and over, without a blank line."""
    prose = " ".join(SAMPLE.read_text(encoding="utf-8").split())
    text = (prose + " ") * (size // (len(prose.encode()) + 1) + 1)
    return text.encode()[:size].decode("utf-8", "ignore").rstrip() + "\n"


def test_five_megabyte_paragraph_is_checked_in_bounded_time(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(REPO / "glossary", ws / "glossary")
    doc = ws / "big.en.txt"
    doc.write_text(_big_paragraph(5 * 1024 * 1024), encoding="utf-8")
    started = time.monotonic()
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "review_tool",
                "check",
                str(doc),
                "--workspace",
                str(ws),
                "--format",
                "json",
            ],  # fmt: skip
            env=ENV,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("check of one 5 MB paragraph did not finish within 60 s")
    elapsed = time.monotonic() - started
    print(f"check of one 5 MB paragraph: exit {done.returncode} in {elapsed:.1f} s")
    assert done.returncode in (0, 1), done.stderr[-2000:]
    assert '"rule": "term.forbidden"' in done.stdout


# ---------------------------------------------------------------------------------------
# export stays inside --out


def test_export_of_dotdot_names_stays_inside_out(
    ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A document named ``...en.txt`` (document name ``..``) and a segment whose msgctxt is
    ``../../evil``: every export format writes only inside the --out folder."""
    doc = ws / "corpus" / "...en.txt"
    doc.write_text("One paragraph.\n\nTwo paragraphs.\n", encoding="utf-8")
    code, _out, err = run(ws, capsys, "import", str(doc), "--to", "en")
    assert code == 0, err
    [po] = [p for p in (ws / "locales" / "en" / "LC_MESSAGES").iterdir() if p.suffix == ".po"]
    assert po.parent == ws / "locales" / "en" / "LC_MESSAGES"
    store = PoStore.load(po)
    for index, entry in enumerate(store.entries):
        store.update(index, entry.with_translation(f"Approved {index}.", fuzzy=False))
    store.append(PoEntry("Evil.", "Böse.", msgctxt="../../evil"))
    store.save()
    out = ws / "deep" / "out"
    out.mkdir(parents=True)
    before = set(snapshot(ws))
    for fmt in ("po", "mo", "tmx", "md", "txt"):
        code, _out, err = run(ws, capsys, "export", str(doc), "--lang", "en", "--format", fmt,
                              "--out", str(out))  # fmt: skip
        assert code == 0, err
    written = sorted(set(snapshot(ws)) - before)
    assert len(written) == 5, written
    assert all(Path(ws / p).resolve().parent == out.resolve() for p in written), written
    assert not (ws / "evil").exists() and not (ws.parent / "evil").exists()
