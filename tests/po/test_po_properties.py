"""Model-based property test of PoStore on a real catalog: any sequence of approvals (random
entries, random Unicode text with quotes, backslashes, newlines, tabs, control characters and
non-BMP characters), re-read after each write, equals a plain dict model; every entry not
approved stays byte-identical; msgfmt --check accepts the file after every example."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from gettext_check import msgfmt_check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from testkit import CONTENT_TYPE, ENCODING, MIME, PLURAL_FORMS, po_header

from review_tool.po.store import PoEntry, PoStore

GIT_MO = Path("/usr/share/locale/de/LC_MESSAGES/git.mo")
HAVE_GETTEXT = all(shutil.which(tool) for tool in ("msgfmt", "msgunfmt"))
ENTRIES = 800  # the first entries of git's German catalog: real, and quick to re-read

pytestmark = pytest.mark.skipif(not HAVE_GETTEXT, reason="GNU gettext tools not installed")


def _real_catalog(folder: Path) -> bytes:
    """The header and the first ENTRIES entries of msgunfmt'ed git.mo (else generated)."""
    path = folder / "git.de.po"
    if GIT_MO.is_file():
        subprocess.run(["msgunfmt", str(GIT_MO), "-o", str(path)], check=True)
        blocks = path.read_bytes().split(b"\n\n")
        return b"\n\n".join(blocks[: ENTRIES + 1]).rstrip(b"\n") + b"\n"
    head = po_header("Language: de", MIME, CONTENT_TYPE, ENCODING, PLURAL_FORMS)
    body = []
    for i in range(ENTRIES):
        if i % 10 == 0:
            body.append(f'msgid "one file {i}"\nmsgid_plural "many files {i}"\n'
                        f'msgstr[0] "eine Datei {i}"\nmsgstr[1] "Dateien {i}"\n')  # fmt: skip
        elif i % 7 == 0:
            body.append(f'msgid ""\n"\\nline {i}\\n"\n"second line\\n"\nmsgstr ""\n')
        else:
            body.append(f'msgid "message \\"{i}\\""\nmsgstr "Nachricht {i}"\n')
    return (head + "\n" + "\n".join(body)).encode()


@pytest.fixture(scope="module")
def catalog(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[bytes, list[PoEntry], list[list[int]]]:
    folder = tmp_path_factory.mktemp("real")
    data = _real_catalog(folder)
    path = folder / "catalog.po"
    path.write_bytes(data)
    store = PoStore.load(path)
    assert len(store.entries) == ENTRIES
    # Entries whose translation msgfmt --check judges by format directives are left out:
    # random text cannot satisfy them.  Everything else (plurals included) is fair game.
    candidates = [
        i for i, e in enumerate(store.entries) if not any(f.endswith("format") for f in e.flags)
    ]
    plurals = [i for i in candidates if store.entries[i].msgid_plural is not None]
    newlines = [i for i in candidates if "\n" in store.entries[i].msgid]
    assert plurals and newlines
    # Pools to pick from: any entry, or (often) the rarer plural / multi-line ones.
    return data, list(store.entries), [candidates, plurals, newlines]


SPECIAL = ['"', "\\", "\n", "\t", "\a", "\b", "\f", "\v", "\r", "\x1b", "\x7f", "\x01",
           "\\n", '\\"', "%", "#", "\U0001f600", "\U00010348", "\u2028", "\ufeff", "\u00a0",
           "\u200b", "ß", "中", "msgstr ", '""']  # fmt: skip
CHARS = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
TEXT = st.lists(st.one_of(CHARS, st.sampled_from(SPECIAL)), min_size=1, max_size=30).map("".join)
STEP = st.tuples(st.integers(0, 3), st.integers(min_value=0), TEXT, TEXT, st.booleans())


def conform(text: str, source: str) -> str:
    """``text`` with the leading/trailing newline of ``source`` (msgfmt --check wants them
    to agree), never empty."""
    body = text.strip("\n") or "x"
    return (
        ("\n" if source.startswith("\n") else "") + body + ("\n" if source.endswith("\n") else "")
    )


def forms_for(entry: PoEntry, first: str, second: str) -> tuple[str, ...]:
    if entry.msgid_plural is None:
        return (conform(first, entry.msgid),)
    sources = [entry.msgid] + [entry.msgid_plural] * (len(entry.msgstr_plural) - 1)
    texts = [first] + [second] * (len(sources) - 1)
    return tuple(conform(t, s) for t, s in zip(texts, sources, strict=True))


def blocks(data: bytes) -> list[bytes]:
    return data.split(b"\n\n")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(steps=st.lists(STEP, min_size=1, max_size=8))
def test_approvals_match_the_model(
    tmp_path: Path,
    catalog: tuple[bytes, list[PoEntry], list[list[int]]],
    steps: list[tuple[int, int, str, str, bool]],
) -> None:
    data, original, pools = catalog
    path = tmp_path / "de.po"
    path.write_bytes(data)
    original_blocks = blocks(data)
    model: dict[int, tuple[str, ...]] = {}
    store = PoStore.load(path)
    for pool, pick, first, second, reload_first in steps:
        candidates = pools[pool % 3]  # 0, 3: any entry; 1: plural; 2: multi-line
        index = candidates[pick % len(candidates)]
        if reload_first:
            store = PoStore.load(path)  # another session picking up where the last one was
        forms = forms_for(store.entries[index], first, second)
        entry = store.entries[index]
        text: str | tuple[str, ...] = forms if entry.msgid_plural is not None else forms[0]
        store.update(index, entry.with_translation(text, fuzzy=False))
        store.save(last_translator="Hypothesis <h@example.org>")
        model[index] = forms

        # Re-read after each write: equals the model ...
        disk = PoStore.load(path)
        assert len(disk.entries) == len(original)
        for i, entry_on_disk in enumerate(disk.entries):
            if i in model:
                assert entry_on_disk.forms == model[i], i
                assert entry_on_disk.approved
                assert (entry_on_disk.msgid, entry_on_disk.msgid_plural) == (
                    original[i].msgid,
                    original[i].msgid_plural,
                )
            else:
                assert entry_on_disk == original[i], i
        # ... the store that saved reflects the disk ...
        assert [e.forms for e in store.entries] == [e.forms for e in disk.entries]
        # ... and every entry not approved is byte-identical (block 0 is the header).
        now = blocks(path.read_bytes())
        assert len(now) == len(original_blocks)
        for i in range(len(original)):
            if i not in model:
                assert now[i + 1] == original_blocks[i + 1], i
    msgfmt_check(path)
    # What msgfmt compiles is what we approved (escapes survive the round trip).
    mo = tmp_path / "de.mo"
    subprocess.run(["msgfmt", "-o", str(mo), str(path)], check=True)
    back = tmp_path / "back.po"
    subprocess.run(["msgunfmt", str(mo), "-o", str(back)], check=True)
    compiled = {(e.msgctxt, e.msgid): e.forms for e in PoStore.load(back).entries}
    for i, forms in model.items():
        assert compiled[original[i].key] == forms, i
