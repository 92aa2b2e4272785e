"""XLIFF 1.2 / 2.0: reading with byte spans, approvals spliced in place, hostile XML refused,
and our exports read back by translate-toolkit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from review_tool.documents import xliff
from review_tool.documents.exporters import render
from review_tool.errors import InputError
from review_tool.po.store import PoEntry, PoStore

XLIFF12 = b"""<?xml version="1.0" encoding="UTF-8"?>
<!-- made by a TMS; keep this comment -->
<x:xliff version="1.2" xmlns:x="urn:oasis:names:tc:xliff:document:1.2">
  <x:file original="app.po" source-language="en" target-language="fr" datatype="po">
    <x:body>
      <x:trans-unit id="greet" resname='r&amp;d'>
        <x:source>Hello <x:g id="1">world</x:g> &amp; friends</x:source>
        <x:target state="needs-translation"><![CDATA[Bonjour]]> <x:g id="1">monde</x:g></x:target>
        <x:note>Shown on the start page</x:note>
      </x:trans-unit>
      <x:trans-unit id="count">
        <x:source>Press <x:ph id="1">&lt;Enter&gt;</x:ph> to go on</x:source>
      </x:trans-unit>
    </x:body>
  </x:file>
</x:xliff>
"""

XLIFF20 = b"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="de">
  <file id="f1">
    <unit id="u1">
      <notes><note category="context">menu</note></notes>
      <segment id="s1" state="translated">
        <source>Open the file</source>
        <target>Datei offnen</target>
      </segment>
      <segment id="s2">
        <source>Save <ph id="1"/> now</source>
      </segment>
    </unit>
  </file>
</xliff>
"""


def test_reads_xliff12_segments_with_inline_codes_and_notes(tmp_path: Path) -> None:
    xf = xliff.parse(tmp_path / "a.xlf", XLIFF12)
    assert (xf.version, xf.source_lang, xf.target_lang) == ("1.2", "en", "fr")
    greet, count = xf.segments
    assert greet.key == "greet"
    assert greet.source == 'Hello <x:g id="1">world</x:g> & friends'
    assert greet.target == 'Bonjour <x:g id="1">monde</x:g>'
    assert greet.notes == ("Shown on the start page",)
    assert not greet.approved and greet.state == "needs-translation"
    assert count.target is None
    assert count.source == 'Press <x:ph id="1">&lt;Enter&gt;</x:ph> to go on'


def test_approval_splices_only_the_unit_in_xliff12(tmp_path: Path) -> None:
    xf = xliff.parse(tmp_path / "a.xlf", XLIFF12)
    out = xliff.approve_segment(
        xf, "count", 'Appuyez sur <x:ph id="1">&lt;Enter&gt;</x:ph> & continuez'
    )
    back = xliff.parse(tmp_path / "a.xlf", out)
    count = back.segments[1]
    assert count.approved
    assert count.target == 'Appuyez sur <x:ph id="1">&lt;Enter&gt;</x:ph> & continuez'
    assert b'<x:target xml:lang="fr" state="final">Appuyez' in out
    # Everything before the changed unit is byte-identical (comment, prefixes, CDATA).
    cut = XLIFF12.index(b'<x:trans-unit id="count">')
    assert out[:cut] == XLIFF12[:cut]
    assert out.endswith(XLIFF12[XLIFF12.index(b"</x:source>\n      </x:trans-unit>") + 11 :])
    out2 = xliff.approve_segment(back, "greet", 'Salut <x:g id="1">monde</x:g> & amis')
    again = xliff.parse(tmp_path / "a.xlf", out2)
    assert again.segments[0].approved and again.segments[0].target.startswith("Salut")
    assert b"resname='r&amp;d' approved=\"yes\"" in out2
    assert b'<x:target state="final">Salut' in out2
    assert out2.count(b"<!-- made by a TMS; keep this comment -->") == 1


def test_xliff20_segments_and_approval(tmp_path: Path) -> None:
    xf = xliff.parse(tmp_path / "a.xlf", XLIFF20)
    assert (xf.version, xf.source_lang, xf.target_lang) == ("2.0", "en", "de")
    s1, s2 = xf.segments
    assert (s1.key, s1.target, s1.state, s1.approved) == (
        "u1/s1",
        "Datei offnen",
        "translated",
        False,
    )
    assert (s2.key, s2.source, s2.target) == ("u1/s2", 'Save <ph id="1"/> now', None)
    out = xliff.approve_segment(xf, "u1/s2", 'Jetzt <ph id="1"/> speichern')
    assert b'<segment id="s2" state="final">' in out
    assert b'<target>Jetzt <ph id="1"/> speichern</target>' in out
    back = xliff.parse(tmp_path / "a.xlf", out)
    assert back.segments[1].approved and back.segments[0].target == "Datei offnen"


def test_positions_point_at_the_target_text_in_the_file(tmp_path: Path) -> None:
    xf = xliff.parse(tmp_path / "a.xlf", XLIFF20)
    s1 = xf.segments[0]
    line, col = xf.position(s1, s1.target.index("offnen"))
    text_line = XLIFF20.decode().split("\n")[line - 1]
    assert text_line[col - 1 :].startswith("offnen")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2"/>',
            "DTD",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd">'
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2"/>',
            "DTD",
        ),
        (b"<xliff xmlns='urn:oasis:names:tc:xliff:document:1.2'><file>", "well-formed"),
        (b"<html/>", "not an XLIFF file"),
    ],
)
def test_hostile_or_broken_xml_is_one_line(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        xliff.parse(tmp_path / "bad.xlf", data)


def _store(tmp_path: Path) -> PoStore:
    store = PoStore.new(
        tmp_path / "doc.po",
        language="ru",
        source_language="en",
        entries=[
            PoEntry("One & <two>", "Один и <два>", msgctxt="p-1", translator_comments=("checked",)),
            PoEntry("Draft", "Черновик", msgctxt="p-2", flags=("fuzzy",)),
            PoEntry(
                "%d file",
                "",
                msgid_plural="%d files",
                msgstr_plural=("%d файл", "%d файла", "%d файлов"),
            ),
            PoEntry("Not yet", "", msgctxt="p-4"),
        ],
    )
    store.save(last_translator="Test <t@example.org>")
    return PoStore.load(tmp_path / "doc.po")


def test_export_xliff12_is_read_back_by_translate_toolkit(tmp_path: Path) -> None:
    from translate.storage.xliff import xlifffile

    rendered = render(_store(tmp_path), "xliff")
    data = rendered.data
    assert rendered.name == "doc.ru.xlf"
    units = xlifffile(data).units
    got = [(u.getid().split("\x04")[-1], u.source, u.target, u.isapproved()) for u in units]
    assert got == [
        ("p-1", "One & <two>", "Один и <два>", True),
        ("#2[0]", "%d file", "%d файл", True),  # #2: the segment's number, 1-based
        ("#2[1]", "%d files", "%d файла", True),
        ("#2[2]", "%d files", "%d файлов", True),
    ]
    assert "checked" in units[0].getnotes()
    ours = xliff.parse(tmp_path / "x.xlf", data)
    assert [s.key for s in ours.segments] == ["p-1", "#2[0]", "#2[1]", "#2[2]"]
    assert all(s.approved for s in ours.segments)


def test_export_xliff20_is_read_back_by_translate_toolkit(tmp_path: Path) -> None:
    from translate.storage.xliff2 import Xliff2File

    data = render(_store(tmp_path), "xliff2", include_fuzzy=True).data
    store = Xliff2File(data)
    pairs = [(u.source, u.target) for u in store.units]
    assert ("One & <two>", "Один и <два>") in pairs
    assert ("Draft", "Черновик") in pairs
    ours = xliff.parse(tmp_path / "x.xlf", data)
    states = {s.key: s.approved for s in ours.segments}
    assert states["p-1"] and not states["p-2"]


def test_check_gets_the_same_findings_from_po2xliff_as_from_the_po(workspace: Path) -> None:
    po = workspace / "fr.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n'
        '"X-Source-Language: en\\n"\n\n'
        'msgctxt "p-1"\nmsgid "The SCO summit in 2024-2025"\n'
        'msgstr "Le sommet de la SCO en 20242025"\n\n'
        'msgctxt "p-2"\nmsgid "Visit https://example.org/sco now."\n'
        'msgstr "Visitez  https://example.org/ocs maintenant ."\n',
        encoding="utf-8",
    )
    xlf = workspace / "fr.xlf"
    subprocess.run(
        [str(Path(sys.executable).with_name("po2xliff")), str(po), str(xlf)],
        check=True,
        capture_output=True,
    )
    cli = str(Path(sys.executable).with_name("review-tool"))

    def findings(path: Path) -> list[tuple[str, str, str]]:
        import json

        out = subprocess.run(
            [cli, "check", str(path), "--format", "json"],
            cwd=workspace,
            capture_output=True,
            text=True,
        )
        assert out.returncode == 1, out.stderr
        return sorted(
            (f["rule"], f["text"], f["message"]) for f in json.loads(out.stdout)["findings"]
        )

    from_po = findings(po)
    assert from_po
    assert findings(xlf) == from_po


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).with_name("review-tool")), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )


def test_approve_writes_the_xliff_in_place_through_the_write_path(workspace: Path) -> None:
    xlf = workspace / "app.fr.xlf"
    xlf.write_bytes(XLIFF12)
    xlf.chmod(0o600)
    proc = cli(workspace, "approve", "app.fr.xlf", "--segment", "count", "--text", "Appuyez")
    assert proc.returncode == 0, proc.stderr
    data = xlf.read_bytes()
    assert xliff.parse(xlf, data).segments[1].approved
    assert data.startswith(XLIFF12[: XLIFF12.index(b'<x:trans-unit id="count">')])
    assert xlf.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in workspace.iterdir() if p.name.startswith(".")) == []
    blank = cli(workspace, "approve", "app.fr.xlf", "--index", "0", "--text", "  ")
    assert blank.returncode == 2 and xlf.read_bytes() == data
    missing = cli(workspace, "approve", "app.fr.xlf", "--segment", "nope", "--text", "x")
    assert missing.returncode == 2 and "nope" in missing.stderr


def test_import_xliff_into_po_keeps_po_approvals(workspace: Path) -> None:
    xlf = workspace / "app.fr.xlf"
    xlf.write_bytes(XLIFF12)
    proc = cli(workspace, "import", "app.fr.xlf", "--to", "fr")
    assert proc.returncode == 0, proc.stderr
    po = workspace / "locales" / "fr" / "LC_MESSAGES" / "app.po"
    store = PoStore.load(po)
    got = [(e.msgctxt, e.msgid, e.msgstr, e.state) for e in store.entries]
    assert got == [
        (
            "greet",
            'Hello <x:g id="1">world</x:g> & friends',
            'Bonjour <x:g id="1">monde</x:g>',
            "fuzzy",
        ),
        ("count", 'Press <x:ph id="1">&lt;Enter&gt;</x:ph> to go on', "", "untranslated"),
    ]
    assert store.entries[0].extracted_comments == ("Shown on the start page",)
    assert (
        cli(workspace, "approve", str(po), "--segment", "greet", "--text", "Salut").returncode == 0
    )
    again = cli(workspace, "import", "app.fr.xlf", "--to", "fr")
    assert again.returncode == 0 and "0 updated, 2 unchanged" in again.stdout
    assert PoStore.load(po).entries[0].msgstr == "Salut"  # the PO's approval stays
    wrong = cli(workspace, "import", "app.fr.xlf", "--to", "de")
    assert wrong.returncode == 2 and "--to fr" in wrong.stderr
