"""Exports of approved work (review_tool.documents.exporters): po, mo, txt/md, tmx, safe names."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from review_tool.documents.exporters import (
    Rendered,
    build_mo,
    output_name,
    plan_targets,
    render,
    render_document,
    render_mo,
    render_po,
    render_tmx,
    safe_name,
    selected_entries,
)
from review_tool.errors import InputError, UsageError
from review_tool.po.store import PoEntry, PoStore

HAVE_GETTEXT = all(shutil.which(t) for t in ("msgfmt", "msgunfmt", "msgcat"))
needs_gettext = pytest.mark.skipif(not HAVE_GETTEXT, reason="GNU gettext tools not installed")
LOCALE_DE = Path("/usr/share/locale/de/LC_MESSAGES")


def make_store(path: Path, entries: list[PoEntry], **header: str) -> PoStore:
    store = PoStore.new(path, language="fr", source_language="en", entries=entries)
    for name, value in header.items():
        store.set_header(name, value)
    store.save(last_translator="Test <t@example.org>")
    return PoStore.load(path)


def mixed(tmp_path: Path) -> PoStore:
    return make_store(
        tmp_path / "doc.po",
        [
            PoEntry("One.", "Un.", msgctxt="p-1", references=("doc.en.txt:1",)),
            PoEntry("Two.", "Deux ?", msgctxt="p-2", flags=("fuzzy",)),
            PoEntry("Three.", "", msgctxt="p-3"),
            PoEntry(
                "%d file",
                msgid_plural="%d files",
                msgstr_plural=("%d fichier", "%d fichiers"),
                msgctxt="menu",
                flags=("c-format",),
            ),
        ],
    )


def msgunfmt(path: Path) -> str:
    done = subprocess.run(
        ["msgunfmt", str(path)], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


def msgcat_sorted(text: str, tmp: Path) -> str:
    src = tmp / "in.po"
    src.write_text(text, encoding="utf-8")
    done = subprocess.run(
        ["msgcat", "--sort-output", "--no-location", "--no-wrap", str(src)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


def test_selection_approved_or_fuzzy(tmp_path: Path) -> None:
    store = mixed(tmp_path)
    assert [e.msgctxt for e in selected_entries(store, False)] == ["p-1", "menu"]
    assert [e.msgctxt for e in selected_entries(store, True)] == ["p-1", "p-2", "menu"]


@needs_gettext
def test_po_passes_msgfmt_check(tmp_path: Path) -> None:
    store = mixed(tmp_path)
    for fuzzy in (False, True):
        out = tmp_path / f"out-{fuzzy}.po"
        out.write_text(render_po(store, fuzzy), encoding="utf-8")
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out)], check=True)
        text = out.read_text(encoding="utf-8")
        assert 'msgctxt "p-3"' not in text
        assert ('msgctxt "p-2"' in text) is fuzzy
        assert "#, fuzzy" in text if fuzzy else "#, fuzzy" not in text
        assert "#: doc.en.txt:1" in text and "#, c-format" in text


@needs_gettext
def test_mo_read_back_by_msgunfmt(tmp_path: Path) -> None:
    store = mixed(tmp_path)
    mo = tmp_path / "out.mo"
    mo.write_bytes(render_mo(store))
    text = msgunfmt(mo)
    assert 'msgctxt "p-1"\nmsgid "One."\nmsgstr "Un."' in text
    assert 'msgctxt "menu"\nmsgid "%d file"\nmsgid_plural "%d files"' in text
    assert 'msgstr[1] "%d fichiers"' in text
    assert "Deux" not in text and "Three." not in text
    # --include-fuzzy compiles the fuzzy translation as if approved.
    mo.write_bytes(render_mo(store, include_fuzzy=True))
    assert 'msgstr "Deux ?"' in msgunfmt(mo)


@pytest.mark.parametrize("use_msgfmt", [False, pytest.param(True, marks=needs_gettext)])
def test_mo_readable_by_polib(tmp_path: Path, use_msgfmt: bool) -> None:
    import polib

    mo = tmp_path / "out.mo"
    mo.write_bytes(render_mo(mixed(tmp_path), use_msgfmt=use_msgfmt))
    entries = {(e.msgctxt, e.msgid): e for e in polib.mofile(str(mo))}
    assert entries[("p-1", "One.")].msgstr == "Un."
    assert entries[("menu", "%d file")].msgstr_plural == {0: "%d fichier", 1: "%d fichiers"}
    assert ("p-2", "Two.") not in entries


@needs_gettext
def test_built_mo_read_back_by_msgunfmt(tmp_path: Path) -> None:
    """The fallback writer (no msgfmt) produces what msgunfmt reads back."""
    store = mixed(tmp_path)
    ours, reference = tmp_path / "ours.mo", tmp_path / "ref.mo"
    ours.write_bytes(build_mo(store, include_fuzzy=True))
    reference.write_bytes(render_mo(store, include_fuzzy=True))
    assert msgcat_sorted(msgunfmt(ours), tmp_path) == msgcat_sorted(msgunfmt(reference), tmp_path)


def test_built_mo_refuses_system_dependent_segments(tmp_path: Path) -> None:
    store = make_store(
        tmp_path / "s.po", [PoEntry("%<PRIu64> B", "%<PRIu64> o", flags=("c-format",))]
    )
    with pytest.raises(InputError, match="msgfmt"):
        build_mo(store)


@needs_gettext
@pytest.mark.parametrize(
    ("catalog", "has_contexts"),
    [("git.mo", False), ("glib20.mo", True)],  # glib's catalog adds contexts to plurals
)
def test_real_catalog_mo_round_trip(tmp_path: Path, catalog: str, has_contexts: bool) -> None:
    original = LOCALE_DE / catalog
    if not original.is_file():
        pytest.skip(f"{original} not installed")
    po = tmp_path / "real.po"
    po.write_text(msgunfmt(original), encoding="utf-8")
    store = PoStore.load(po)
    assert any(e.msgid_plural for e in store.entries)
    assert any(e.msgctxt for e in store.entries) is has_contexts
    ours = tmp_path / "ours.mo"
    ours.write_bytes(render_mo(store))
    assert msgcat_sorted(msgunfmt(ours), tmp_path) == msgcat_sorted(msgunfmt(original), tmp_path)


def test_document_rebuilt_in_entry_order(tmp_path: Path) -> None:
    store = make_store(
        tmp_path / "a.po",
        [PoEntry("A\n", " Alpha \n", msgctxt="p-a"), PoEntry("B", "Beta", msgctxt="p-b")],
    )
    text, missing = render_document(store)
    assert text == "Alpha\n\nBeta\n" and missing == ()
    text, _ = render_document(store, newline="\r\n")
    assert text == "Alpha\r\n\r\nBeta\r\n"


def test_document_partial_is_an_error_unless_allowed(tmp_path: Path) -> None:
    store = mixed(tmp_path)
    with pytest.raises(InputError) as info:
        render_document(store)
    assert "p-2" in info.value.message and "p-3" in info.value.message
    assert "p-1" not in info.value.message
    text, missing = render_document(store, allow_partial=True)
    assert missing == ("p-2", "p-3")
    assert text.split("\n\n")[:3] == ["Un.", "Two.", "Three."]


def test_document_keeps_crlf_of_the_source_document(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "d.en.txt").write_bytes(b"A\r\n\r\nB\r\n")
    store = make_store(
        tmp_path / "d.po",
        [PoEntry("A", "X", msgctxt="p-a"), PoEntry("B", "Y", msgctxt="p-b")],
        **{"X-Source-Document": "corpus/d.en.txt"},
    )
    assert render(store, "txt", root=tmp_path).data == b"X\r\n\r\nY\r\n"
    # A source document outside the workspace is not consulted.
    outside = make_store(
        tmp_path / "e.po", [PoEntry("A", "X")], **{"X-Source-Document": "../../etc/passwd"}
    )
    assert render(outside, "md", root=tmp_path / "corpus").data == b"X\n"


def test_tmx_escaped_and_read_back_by_translate_toolkit(tmp_path: Path) -> None:
    from translate.storage.tmx import tmxfile

    tricky = 'a < b & "c" > d\r\n\tend'
    store = make_store(
        tmp_path / "t.po",
        [
            PoEntry(tricky, "x <&> y", msgctxt="ctx & <more>"),
            PoEntry("plain", "simple"),
            PoEntry("not yet", ""),
        ],
    )
    data = render_tmx(store)
    assert '<tmx version="1.4">' in data and 'srclang="en"' in data
    assert '<prop type="x-context">ctx &amp; &lt;more&gt;</prop>' in data
    tmx = tmxfile(data.encode("utf-8"))
    units = [u for u in tmx.units if not u.isheader()]
    assert [(u.getcontext(), u.source, u.target) for u in units] == [
        ("ctx & <more>", tricky, "x <&> y"),
        ("", "plain", "simple"),
    ]
    tuvs = units[0].getlanguageNodes()
    assert [t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in tuvs] == ["en", "fr"]


def test_tmx_carries_every_plural_form(tmp_path: Path) -> None:
    from translate.storage.tmx import tmxfile

    store = PoStore.new(
        tmp_path / "ru.po",
        language="ru",
        source_language="en",
        entries=[
            PoEntry(
                "%d file",
                "",
                msgid_plural="%d files",
                msgstr_plural=("%d файл", "%d файла", "%d файлов"),
                msgctxt="files",
            ),
            PoEntry("%d dir", "", msgid_plural="%d dirs", msgstr_plural=("%d каталог", "", "")),
        ],
    )
    store.save(last_translator="Test <t@example.org>")
    data = render_tmx(PoStore.load(tmp_path / "ru.po"))
    units = [u for u in tmxfile(data.encode("utf-8")).units if not u.isheader()]
    assert [(u.getcontext(), u.source, u.target) for u in units] == [
        ("files", "%d file", "%d файл"),
        ("files", "%d files", "%d файла"),
        ("files", "%d files", "%d файлов"),
    ]  # the entry with untranslated forms is not finished work: not exported
    assert data.count('<prop type="x-plural-form">') == 3
    assert '<prop type="x-plural-form">2</prop>' in data


def test_tmx_rejects_characters_xml_cannot_carry(tmp_path: Path) -> None:
    store = make_store(tmp_path / "t.po", [PoEntry("bell\a", "cloche\a", msgctxt="p-x")])
    with pytest.raises(InputError, match="p-x.*U\\+0007"):
        render_tmx(store)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "etc_passwd"),
        ("..", "export"),
        ("a/b\\c", "a_b_c"),
        (".hidden", "hidden"),
        ("fr_FR", "fr_FR"),
        ("doc\x00name", "docname"),
    ],
)
def test_safe_name(raw: str, expected: str) -> None:
    assert safe_name(raw) == expected


def test_output_name_sanitises_language_and_stem(tmp_path: Path) -> None:
    store = make_store(tmp_path / "..x.po", [PoEntry("a", "b")], Language="../../../tmp/evil")
    name = output_name(store, "mo")
    assert "/" not in name and ".." not in name and name.endswith(".mo")


def test_plan_targets_stay_inside_and_do_not_collide(tmp_path: Path) -> None:
    out = tmp_path / "out"
    a = Rendered(Path("a.po"), "po", b"", "x.fr.po", 0)
    b = Rendered(Path("b.po"), "po", b"", "x.fr.po", 0)
    with pytest.raises(UsageError, match="both"):
        plan_targets([a, b], out, single_file=False)
    evil = Rendered(Path("c.po"), "po", b"", "../escape.po", 0)
    with pytest.raises(UsageError, match="outside"):
        plan_targets([evil], out, single_file=False)
    assert plan_targets([a], out / "f.po", single_file=True) == [out / "f.po"]
