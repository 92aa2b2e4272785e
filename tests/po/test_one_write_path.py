"""Issue 12, "the PO file is the truth": each reproduction of the issue as a test.

Real processes where the bug needs them, stopped at a deterministic pause point
(tests/pause_point.py) rather than raced with ``sleep``.  Each failed on the store with the
journal, the deferred rewrite and the lock-free import swap; they pass on the one write path.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from gettext_check import msgfmt_check
from testkit import REPO

from review_tool.cli.main import main
from review_tool.core.checks.checker import Checker
from review_tool.core.glossary import load as load_glossary
from review_tool.po.store import PoStore
from review_tool.review.session import ReviewSession
from review_tool.workspace import open_workspace

PAUSE = REPO / "tests" / "pause_point.py"
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(p for p in (os.environ.get("PYTHONPATH"), str(REPO)) if p),
    "REVIEW_TOOL_PROGRESS": "0",
    "REVIEW_TOOL_TRANSLATOR": "Tester <t@example.org>",
}
PARAGRAPHS = 2000


def write_document(path: Path, first: str = "Paragraph 0:") -> None:
    text = "\n\n".join(f"Paragraph {i}: some words here." for i in range(PARAGRAPHS))
    path.write_text(text.replace("Paragraph 0:", first, 1) + "\n", encoding="utf-8")


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    (root / "glossary").mkdir(parents=True)
    (root / "corpus").mkdir()
    write_document(root / "corpus" / "doc.en.txt")
    assert cli(root, "import", "corpus/doc.en.txt", "--to", "fr") == 0
    return root


def cli(root: Path, *args: str) -> int:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        return main([*args, "--workspace", str(root)])
    finally:
        os.chdir(cwd)


def po_of(root: Path) -> Path:
    return root / "locales" / "fr" / "LC_MESSAGES" / "doc.po"


def spawn(root: Path, *args: str, pause: tuple[str, Path] | None = None) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "review_tool"]
    if pause is not None:
        target, folder = pause
        command = [sys.executable, str(PAUSE), target, str(folder / "ready"), str(folder / "go")]
        command.append("--")
    return subprocess.Popen(
        [*command, *args, "--workspace", str(root)],
        cwd=root,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(path: Path, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while not path.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.005)


def blocked_or_done(proc: subprocess.Popen[str], folder: Path) -> bool:
    """The process finished, or holds the PO folder open waiting for its lock."""
    if proc.poll() is not None:
        return True
    try:
        fds = os.listdir(f"/proc/{proc.pid}/fd")
    except OSError:
        return True
    for fd in fds:
        try:
            if os.readlink(f"/proc/{proc.pid}/fd/{fd}") == str(folder):
                return True
        except OSError:
            continue
    return False


def side_files(po: Path) -> list[str]:
    return sorted(p.name for p in po.parent.iterdir() if p.name != po.name)


# -- 1. a re-import while approvals run --------------------------------------------------------


def test_1_an_approval_made_while_a_reimport_runs_survives_it(ws: Path, tmp_path: Path) -> None:
    po = po_of(ws)
    write_document(ws / "corpus" / "doc.en.txt", first="Paragraph 0 edited:")
    importer = spawn(
        ws, "import", "corpus/doc.en.txt", "--to", "fr",
        pause=("review_tool.documents.importer:merge_entries", tmp_path),
    )  # fmt: skip
    wait_for(tmp_path / "ready", importer)  # it has read and merged the PO: now approve
    approver = spawn(ws, "approve", str(po), "--index", "5", "--text", "MY APPROVAL")
    deadline = time.monotonic() + 60
    while not blocked_or_done(approver, po.parent):
        assert time.monotonic() < deadline
        time.sleep(0.005)
    (tmp_path / "go").touch()
    out, err = importer.communicate(timeout=60)
    assert importer.returncode == 0, err
    out, err = approver.communicate(timeout=60)
    assert approver.returncode == 0 and "approved" in out, err
    text = po.read_text(encoding="utf-8")
    assert text.count("MY APPROVAL") == 1
    store = PoStore.load(po)
    assert [e for e in store.entries if e.msgstr == "MY APPROVAL"][0].approved
    assert "Paragraph 0 edited:" in store.entries[0].msgid
    msgfmt_check(po)


def test_1_an_approve_whose_paragraph_a_reimport_edits_is_carried_as_fuzzy(
    ws: Path, tmp_path: Path
) -> None:
    po = po_of(ws)
    old_msgid = PoStore.load(po).entries[5].msgid
    approver = spawn(
        ws, "approve", str(po), "--index", "5", "--text", "CINQ",
        pause=("review_tool.po.store:PoStore.load", tmp_path),
    )  # fmt: skip
    wait_for(tmp_path / "ready", approver)  # it has read the PO: now the document changes
    text = (ws / "corpus" / "doc.en.txt").read_text(encoding="utf-8")
    (ws / "corpus" / "doc.en.txt").write_text(text.replace("Paragraph 5:", "Paragraph 5 new:"))
    assert cli(ws, "import", "corpus/doc.en.txt", "--to", "fr") == 0
    (tmp_path / "go").touch()
    _out, err = approver.communicate(timeout=60)
    assert approver.returncode == 0 and "kept as a fuzzy translation" in err, err
    store = PoStore.load(po)
    assert len(store.entries) == PARAGRAPHS and all(e.msgid != old_msgid for e in store.entries)
    entry = store.entries[5]
    assert entry.msgid.startswith("Paragraph 5 new:") and entry.msgstr == "CINQ"
    assert entry.fuzzy and entry.previous_msgid == old_msgid
    assert not any(e.msgstr == "CINQ" for e in store.obsolete)
    msgfmt_check(po)


# -- 2. a paragraph never comes back twice -----------------------------------------------------


def session_of(root: Path) -> ReviewSession:
    workspace = open_workspace(root)
    checker = Checker(load_glossary([root / "glossary"]))
    return ReviewSession.open(po_of(root), workspace, checker, lang="fr", source_lang="en")


def test_2_an_approval_pending_while_its_paragraph_is_edited_is_carried_not_doubled(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    po = po_of(ws)
    session = session_of(ws)
    gate = threading.Event()
    write_change = PoStore.write_change

    def held(self: PoStore, *args: object, **kwargs: object) -> object:
        gate.wait(60)  # the screen's writer is behind (a slow disk, a held lock)
        return write_change(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PoStore, "write_change", held)
    write = session.approve("Paragraphe 0 : quelques mots.", 0)
    old_msgid = session.entry(0).msgid
    write_document(ws / "corpus" / "doc.en.txt", first="Paragraph 0 edited:")
    importer = spawn(ws, "import", "corpus/doc.en.txt", "--to", "fr")
    _out, err = importer.communicate(timeout=60)
    assert importer.returncode == 0, err
    gate.set()
    assert write.wait(30) and write.error is None
    store = PoStore.load(po)
    assert len(store.entries) == PARAGRAPHS  # no paragraph came back
    assert all(e.msgid != old_msgid for e in store.entries)
    carried = store.entries[0]
    assert carried.msgid.startswith("Paragraph 0 edited:")
    assert carried.msgstr == "Paragraphe 0 : quelques mots." and carried.fuzzy
    assert carried.previous_msgid == old_msgid
    assert cli(ws, "stats", str(po)) == 0
    msgfmt_check(po)


def test_2_an_approved_paragraph_edited_in_the_document_exports_once(ws: Path) -> None:
    po = po_of(ws)
    session = session_of(ws)
    assert session.approve("Paragraphe 3.", 3).wait(30)
    text = (ws / "corpus" / "doc.en.txt").read_text(encoding="utf-8")
    (ws / "corpus" / "doc.en.txt").write_text(text.replace("Paragraph 3:", "Paragraph 3 new:"))
    assert cli(ws, "import", "corpus/doc.en.txt", "--to", "fr") == 0
    store = PoStore.load(po)
    assert len(store.entries) == PARAGRAPHS
    entry = store.entries[3]
    assert entry.msgstr == "Paragraphe 3." and entry.fuzzy and entry.previous_msgid
    msgfmt_check(po)


# -- 3. symlinks planted beside the PO are never followed --------------------------------------


def test_3_symlinks_beside_the_po_are_never_written_through(ws: Path, tmp_path: Path) -> None:
    po = po_of(ws)
    outside = tmp_path / "outside.txt"
    outside.write_text("precious\n")
    for name in (f".{po.name}.journal", f".{po.name}.lock", f".{po.name}.abcdef012345.tmp"):
        (po.parent / name).symlink_to(outside)
    assert cli(ws, "approve", str(po), "--index", "1", "--text", "Un.") == 0
    session = session_of(ws)
    assert session.approve("Deux.", 2).wait(30)
    assert outside.read_text() == "precious\n"
    assert PoStore.load(po).entries[1].msgstr == "Un."
    assert PoStore.load(po).entries[2].msgstr == "Deux."


# -- 4. nothing kept beside the PO: every approval is in the file itself -----------------------


def test_4_approvals_are_in_the_po_file_itself_with_nothing_beside_it(ws: Path) -> None:
    po = po_of(ws)
    session = session_of(ws)
    writes = [session.approve(f"Approbation {i}.", i) for i in (4, 5, 6)]
    assert all(w.wait(30) and w.error is None for w in writes)
    assert side_files(po) == []
    # What msgfmt (and git) read is the PO file: every acknowledged approval is there.
    text = po.read_text(encoding="utf-8")
    assert all(f'msgstr "Approbation {i}."' in text for i in (4, 5, 6))
    msgfmt_check(po)


# -- 5. an import keeps what the file has ------------------------------------------------------


def test_5_a_changed_document_import_keeps_comments_mode_and_symlink(
    ws: Path, tmp_path: Path
) -> None:
    po = po_of(ws)
    real = tmp_path / "shared" / "doc.po"
    real.parent.mkdir()
    text = po.read_text(encoding="utf-8")
    real.write_text("# Copyright (C) 2026 The Team\n# Credits: everyone.\n" + text)
    real.chmod(0o600)
    po.unlink()
    po.symlink_to(real)
    write_document(ws / "corpus" / "doc.en.txt", first="Paragraph 0 edited:")
    paragraphs = (ws / "corpus" / "doc.en.txt").read_text().split("\n\n")
    paragraphs.insert(1, "A paragraph moved in.")  # the paragraphs move: the whole list is new
    (ws / "corpus" / "doc.en.txt").write_text("\n\n".join(paragraphs))
    assert cli(ws, "import", "corpus/doc.en.txt", "--to", "fr") == 0
    assert po.is_symlink() and os.readlink(po) == str(real)
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    written = real.read_text(encoding="utf-8")
    assert written.startswith("# Copyright (C) 2026 The Team\n# Credits: everyone.\n")
    assert "A paragraph moved in." in written
    assert side_files(po) == [] and sorted(p.name for p in real.parent.iterdir()) == ["doc.po"]
    msgfmt_check(real)


# -- 11. no leftovers ------------------------------------------------------------------------


def test_11_commands_leave_nothing_in_the_users_folders(ws: Path) -> None:
    po = po_of(ws)
    before = sorted(p.name for p in po.parent.iterdir())
    assert cli(ws, "approve", str(po), "--index", "1", "--text", "Un.") == 0
    write_document(ws / "corpus" / "doc.en.txt", first="Paragraph 0 edited:")
    assert cli(ws, "import", "corpus/doc.en.txt", "--to", "fr") == 0
    assert sorted(p.name for p in po.parent.iterdir()) == before == [po.name]
    # a temp file a killed writer left is ours to remove at the next write
    stale = po.parent / f".{po.name}.0123456789ab.tmp"
    stale.write_bytes(b"x" * 1000)
    assert cli(ws, "approve", str(po), "--index", "2", "--text", "Deux.") == 0
    assert not stale.exists()


# -- 12. read-only files, whitespace ----------------------------------------------------------


def test_12_a_read_only_po_is_refused_with_one_line(
    ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = po_of(ws)
    po.chmod(0o444)
    before = po.read_bytes()
    capsys.readouterr()
    assert cli(ws, "approve", str(po), "--index", "1", "--text", "Un.") == 2
    write_document(ws / "corpus" / "doc.en.txt", first="Paragraph 0 edited:")
    assert cli(ws, "import", "corpus/doc.en.txt", "--to", "fr") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all("read-only" in line and str(po) in line for line in err)
    assert po.read_bytes() == before and stat.S_IMODE(po.stat().st_mode) == 0o444


def test_12_approve_refuses_whitespace_only_text(
    ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = po_of(ws)
    before = po.read_bytes()
    capsys.readouterr()
    assert cli(ws, "approve", str(po), "--index", "1", "--text", "   ") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "whitespace" in err[0]
    assert po.read_bytes() == before


def test_approve_refuses_what_msgfmt_check_would_refuse(
    ws: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    po = po_of(ws)
    before = po.read_bytes()
    capsys.readouterr()
    assert cli(ws, "approve", str(po), "--index", "1", "--text", "Ends with a newline\n") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "newline" in err[0] and str(po) in err[0]
    assert po.read_bytes() == before


# -- 13. an in-place edit of the same size, mtime restored ------------------------------------


def test_13_a_long_open_review_keeps_an_in_place_edit_of_the_same_size(ws: Path) -> None:
    po = po_of(ws)
    session = session_of(ws)
    st = po.stat()
    data = po.read_bytes()
    marker = b'msgid "Paragraph 7: some words here."\nmsgstr ""'
    assert marker in data and b'"Project-Id-Version: doc\\n"' in data
    # Someone fills the empty msgstr in place and shortens a header value by as many bytes,
    # then puts the mtime back (an editor, rsync --times, a checkout of the same size).
    edited = data.replace(marker, b'msgid "Paragraph 7: some words here."\nmsgstr "SE"')
    edited = edited.replace(b'"Project-Id-Version: doc\\n"', b'"Project-Id-Version: d\\n"')
    assert len(edited) == len(data)
    po.write_bytes(edited)
    os.utime(po, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert po.stat().st_size == st.st_size and po.stat().st_mtime_ns == st.st_mtime_ns
    session.approve("Un.", 1)
    session.flush()  # (every write is in the file once it returns)
    store = PoStore.load(po)
    assert store.entries[1].msgstr == "Un."
    assert store.entries[7].msgstr == "SE" and store.header["Project-Id-Version"] == "d"


def test_the_merge_entry_point_merges_by_key_through_the_write_path(ws: Path) -> None:
    po = po_of(ws)
    base = po.read_bytes()
    theirs_store = PoStore.load(po)
    theirs_store.update(9, theirs_store.entries[9].with_translation("Neuf.", fuzzy=False))
    theirs_store.save()
    theirs = po.read_bytes()
    po.write_bytes(base)
    assert cli(ws, "approve", str(po), "--index", "8", "--text", "Huit.") == 0
    conflicts = PoStore.merge_into(po, base, theirs)
    assert conflicts == ()
    store = PoStore.load(po)
    assert (store.entries[8].msgstr, store.entries[9].msgstr) == ("Huit.", "Neuf.")
    msgfmt_check(po)


@pytest.fixture(autouse=True)
def _gettext_tools() -> None:
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext not installed")


# -- 6. what gets approved passes msgfmt --check ----------------------------------------------

CATALOG = """msgid ""
msgstr ""
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

#, c-format
msgid "Cannot open %s"
msgstr ""

#, c-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] ""
msgstr[1] ""

#, c-format, fuzzy
msgid "%d folder"
msgid_plural "%d folders"
msgstr[0] "%d dossier"
msgstr[1] "%d dossiers"
msgstr[2] "%d dossiers"
"""


@pytest.mark.parametrize(
    ("index", "texts", "why"),
    [
        (0, ["Impossible d'ouvrir"], "msgstr"),  # the %s dropped
        (0, ["Impossible d'ouvrir %d"], "msgstr"),  # the wrong type
        (2, ["%d dossier", "%d dossiers", "%d dossiers"], "nplurals=2"),  # 3 forms kept
    ],
)
def test_6_approvals_msgfmt_check_refuses_are_refused_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], index: int, texts: list[str], why: str
) -> None:
    (tmp_path / "glossary").mkdir()
    po = tmp_path / "c.po"
    po.write_text(CATALOG, encoding="utf-8")
    before = po.read_bytes()
    args = [a for t in texts for a in ("--text", t)]
    capsys.readouterr()
    assert cli(tmp_path, "approve", str(po), "--index", str(index), *args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(po) in err[0] and why in err[0], err
    assert po.read_bytes() == before


def test_6_a_good_approval_of_a_format_string_passes_msgfmt(tmp_path: Path) -> None:
    (tmp_path / "glossary").mkdir()
    po = tmp_path / "c.po"
    po.write_text(CATALOG, encoding="utf-8")
    assert (
        cli(tmp_path, "approve", str(po), "--index", "0", "--text", "Impossible d'ouvrir %s") == 0
    )
    args = ["--text", "%d fichier", "--text", "%d fichiers"]
    assert cli(tmp_path, "approve", str(po), "--index", "1", *args) == 0
    msgfmt_check(po)


def test_6_a_fuzzy_draft_is_saved_as_it_is(tmp_path: Path) -> None:
    po = tmp_path / "c.po"
    po.write_text(CATALOG, encoding="utf-8")
    store = PoStore.load(po)
    entry = store.entries[0]
    store.write_change(entry, entry.with_translation("Brouillon sans directive", fuzzy=True))
    assert PoStore.load(po).entries[0].msgstr == "Brouillon sans directive"
    msgfmt_check(po)  # msgfmt ignores fuzzy entries


def test_a_merge_in_an_euc_jp_catalog_stays_euc_jp(tmp_path: Path) -> None:
    """The write path reads the current bytes in the file's charset, merges, writes back in it."""
    po = tmp_path / "ja.po"
    shutil.copyfile(REPO / "tests" / "data" / "catalogs" / "ja.tar.po", po)
    ours = PoStore.load(po)
    theirs = PoStore.load(po)
    a, b = ours.entries[3], theirs.entries[4]
    theirs.write_change(b, b.with_translation("彼らの訳", fuzzy=True))
    report = ours.write_change(a, a.with_translation("私たちの訳", fuzzy=True))
    assert report.merged_external
    data = po.read_bytes()
    assert "私たちの訳".encode("euc-jp") in data and "彼らの訳".encode("euc-jp") in data
    store = PoStore.load(po)
    assert (store.entries[3].msgstr, store.entries[4].msgstr) == ("私たちの訳", "彼らの訳")
    msgfmt_check(po)
