"""Parse snapshots: a load that takes the entries from a snapshot is the same store as a load
that parses, and a snapshot is only ever used for exactly the bytes it was made from."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from review_tool import po_store
from review_tool.errors import InputError
from review_tool.po_store import PoStore, snapshot_path

LOCALE = Path("/usr/share/locale")
HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: snap\\n"\n"Language: de\\n"\n'
    '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)
ODD = (
    HEADER + '\n# translator\n#. extracted\n#: a.c:1 b.c:2\n#, c-format, fuzzy\n#| msgid "old %d"\n'
    'msgctxt "ctx"\nmsgid "%d new"\nmsgid_plural "%d news"\nmsgstr[0] "%d neu"\n'
    'msgstr[1] "%d neue"\n\nmsgid ""\n"multi\\n"\n"line"\nmsgstr ""\n"mehr\\n"\n"zeilig"\n'
    'msgid "no blank line before"\nmsgstr "\\t\\"x\\""\n\n#~ msgid "gone"\n#~ msgstr "weg"\n'
    '\n#~| msgid "older"\n#~ msgid "gone too"\n#~ msgstr ""'  # no final newline
)


def state(store: PoStore) -> tuple[object, ...]:
    """Everything a load decides, positions included (PoEntry equality ignores them)."""
    return (
        [(e, e.line, e.msgstr_line) for e in store._items],
        store._starts,
        store._ends,
        store._lines0,
        store._live,
        store._obs,
        store._header_item,
        store.header,
        store.newline,
        store.entries,
        store.obsolete,
        {e.key: store.find(*e.key) for e in store.entries},
        store._current_bytes(),
    )


def snapped(path: Path, folder: Path) -> PoStore:
    store = PoStore.load(path, snapshot_dir=folder)
    assert not store.snapshot_stale, "the snapshot was not used"
    return store


def files(tmp_path: Path) -> list[Path]:
    out = []
    for name, text, newline in (("odd.po", ODD, "\n"), ("crlf.po", ODD, "\r\n")):
        path = tmp_path / name
        path.write_bytes(text.replace("\n", newline).encode())
        out.append(path)
    bom = tmp_path / "bom.po"
    bom.write_bytes(b"\xef\xbb\xbf" + ODD.encode())
    out.append(bom)
    mo = LOCALE / "de" / "LC_MESSAGES" / "git.mo"
    if shutil.which("msgunfmt") and mo.is_file():
        real = tmp_path / "git.po"
        subprocess.run(["msgunfmt", str(mo), "-o", str(real)], check=True)
        out.append(real)
    return out


def test_snapshot_load_is_the_same_store_as_a_parse(tmp_path: Path) -> None:
    folder = tmp_path / "snapshots"
    for path in files(tmp_path):
        parsed = PoStore.load(path, snapshot_dir=folder)
        assert parsed.snapshot_stale  # none yet: parsed
        assert parsed.write_snapshot(folder) == snapshot_path(folder, path)
        assert not parsed.snapshot_stale
        assert state(snapped(path, folder)) == state(parsed), path.name


def test_snapshot_after_splices_matches_a_fresh_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saves that change line counts shift every entry below; the snapshot written after
    them has the positions a fresh parse finds (before and after the store folds its
    spliced entries back into one buffer)."""
    monkeypatch.setattr(PoStore, "_COMPACT_AFTER", 5)
    folder = tmp_path / "snapshots"
    path = tmp_path / "many.po"
    path.write_text(
        HEADER + "".join(f'\nmsgid "m{i}"\nmsgstr ""\n' for i in range(40)), encoding="utf-8"
    )
    store = PoStore.load(path)
    rng = random.Random(5)
    for step in range(14):
        index = rng.randrange(40)
        text = "\n".join(f"Zeile {step}.{k}" for k in range(rng.randint(1, 5)))
        if step % 2:
            store.commit(index, store.entries[index].with_translation(text, fuzzy=False))
            plan = store.prepare_compaction()
            assert plan is not None and not plan.merge
            assert store.finish_compaction(plan).written
        else:
            store.update(index, store.entries[index].with_translation(text, fuzzy=True))
            store.save()
        assert store.snapshot_stale
        store.write_snapshot(folder)
        assert state(snapped(path, folder)) == state(PoStore.load(path)), step


def test_snapshot_is_used_only_for_the_same_bytes_and_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "snapshots"
    path = files(tmp_path)[0]
    PoStore.load(path).write_snapshot(folder)
    snapped(path, folder)
    original = path.read_bytes()
    # one byte changed, same size: parsed (and the change is seen)
    path.write_bytes(original.replace(b'"%d neu"', b'"%d NEU"'))
    store = PoStore.load(path, snapshot_dir=folder)
    assert store.snapshot_stale and store.entries[0].msgstr_plural[0] == "%d NEU"
    # a broken file is still an error, whatever the snapshot says
    path.write_bytes(original.replace(b'"%d neu"', b'"%d neu'))
    with pytest.raises(InputError, match="unterminated"):
        PoStore.load(path, snapshot_dir=folder)
    path.write_bytes(original)
    snapped(path, folder)
    # another parser (a new version of po_store.py): parsed
    monkeypatch.setattr(po_store, "_snapshot_tag", lambda: b"\0" * 20)
    assert PoStore.load(path, snapshot_dir=folder).snapshot_stale
    monkeypatch.undo()
    # a damaged snapshot: parsed, same result
    snap = snapshot_path(folder, path)
    good = snap.read_bytes()
    expected = state(PoStore.load(path))
    for damaged in (good[:-7], good[:60], good[:-3000] + b"\0" * 3000, b"", good + b"junk"):
        snap.write_bytes(damaged)
        store = PoStore.load(path, snapshot_dir=folder)
        assert state(store) == expected
    # a folder that cannot be written is no error for loading
    assert state(PoStore.load(path, snapshot_dir=tmp_path / "missing" / "x")) == expected


def test_journal_is_replayed_on_top_of_a_snapshot(tmp_path: Path) -> None:
    folder = tmp_path / "snapshots"
    path = files(tmp_path)[0]
    store = PoStore.load(path)
    store.write_snapshot(folder)
    store.commit(1, store.entries[1].with_translation("Neu", fuzzy=False))
    loaded = snapped(path, folder)
    assert loaded.entries[1].msgstr == "Neu" and loaded.dirty
    assert loaded.entries == store.entries
