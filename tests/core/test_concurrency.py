"""Several reviewers on one PO file at once: through the real CLI (``approve``) in separate
processes, approvals on distinct entries all land, approvals of the same entry are never
silently dropped, and a lock held elsewhere is a clear exit-2 error that writes nothing."""

from __future__ import annotations

import dataclasses
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from gettext_check import msgfmt_check
from testkit import CONTENT_TYPE, ENCODING, MIME, PLURAL_FORMS, REPO, po_header

from review_tool.cli.main import main
from review_tool.po.store import CONFLICT_COMMENT, PoStore

ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(p for p in (os.environ.get("PYTHONPATH"), str(REPO)) if p),
    "REVIEW_TOOL_PROGRESS": "0",
}
HAVE_MSGFMT = shutil.which("msgfmt") is not None

HEADER = po_header(
    "Project-Id-Version: concurrency",
    "PO-Revision-Date: 2024-01-01 10:00+0000",
    "Last-Translator: Someone <s@example.org>",
    "Language: de",
    MIME,
    CONTENT_TYPE,
    ENCODING,
    PLURAL_FORMS,
    "X-Source-Language: en",
)


def make_workspace(tmp_path: Path, entries: int) -> tuple[Path, Path]:
    """A workspace (empty glossary folder) with one PO file of ``entries`` segments."""
    ws = tmp_path / "ws"
    (ws / "glossary").mkdir(parents=True)
    po = ws / "locales" / "de" / "LC_MESSAGES" / "doc.po"
    po.parent.mkdir(parents=True)
    body = "".join(
        f'#: corpus/doc.en.txt:{i + 1}\nmsgctxt "p-{i:05d}"\nmsgid "Segment number {i}."\n'
        'msgstr ""\n\n'
        for i in range(entries)
    )
    po.write_text(HEADER + "\n" + body.rstrip("\n") + "\n", encoding="utf-8")
    return ws, po


def approval_text(worker: int, k: int) -> str:
    # Quotes, a backslash, non-ASCII and a tab: the escaping paths, under concurrency.
    return f'Übersetzung {worker}-{k} "zitiert" \\ ✓\tEnde'


def approve_argv(po: Path, index: int, text: str, ws: Path) -> list[str]:
    """``python -m review_tool approve PO --index INDEX --text TEXT --workspace WS``."""
    cmd = [sys.executable, "-m", "review_tool", "approve", str(po), "--index", str(index)]
    return [*cmd, "--text", text, "--workspace", str(ws)]


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---------------------------------------------------------------------------------------
# (a) N processes x M approvals on distinct entries

CLI_LOOP_WORKER = """
import sys
from review_tool.cli.main import main
po, ws, worker, count, workers = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
for k in range(count):
    index = k * workers + worker
    text = f'Übersetzung {worker}-{k} "zitiert" \\\\ ✓\\tEnde'
    code = main(["approve", po, "--index", str(index), "--text", text, "--workspace", ws])
    if code != 0:
        sys.exit(f"approve {index} exited {code}")
"""


def test_four_cli_processes_fifty_approvals_each(tmp_path: Path) -> None:
    """4 processes, each running ``review-tool approve`` (cli.main) 50 times, one PO of 240
    entries: all 200 approvals present, no false conflicts, msgfmt --check passes."""
    workers, count = 4, 50
    ws, po = make_workspace(tmp_path, 240)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CLI_LOOP_WORKER, str(po), str(ws), str(w), str(count), "4"],
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(workers)
    ]
    outputs = [proc.communicate(timeout=240) for proc in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "warning" not in err, err  # distinct entries: nobody was told of a conflict
        assert out.count("approved ") == count
    store = PoStore.load(po)
    assert len(store.entries) == 240
    for w in range(workers):
        for k in range(count):
            entry = store.entries[k * workers + w]
            assert entry.approved and entry.msgstr == approval_text(w, k), (w, k)
            assert not entry.translator_comments
    assert all(e.state == "untranslated" for e in store.entries[200:])
    msgfmt_check(po)
    assert temp_files(po.parent) == []


def test_real_cli_subprocesses_interleaved(tmp_path: Path) -> None:
    """``python -m review_tool approve`` itself, 4 shells x 3 approvals started together."""
    ws, po = make_workspace(tmp_path, 200)
    script = " && ".join(
        f'"$PY" -m review_tool approve "$PO" --index $(( {k} * 4 + $W )) '
        f'--text "cli $W-{k} \\"q\\"" --workspace "$WS"'
        for k in range(3)
    )
    procs = [
        subprocess.Popen(
            ["sh", "-c", script],
            env={**ENV, "PY": sys.executable, "PO": str(po), "WS": str(ws), "W": str(w)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(4)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert err == "" and out.count("approved p-") == 3
    store = PoStore.load(po)
    got = {i: e.msgstr for i, e in enumerate(store.entries) if e.approved}
    assert got == {k * 4 + w: f'cli {w}-{k} "q"' for w in range(4) for k in range(3)}
    msgfmt_check(po)


# ---------------------------------------------------------------------------------------
# (b) the same segment changed by several reviewers


def hold_lock(po: Path) -> subprocess.Popen[str]:
    """Take the documented lock the way a script does: ``flock FOLDER command``."""
    holder = subprocess.Popen(
        ["flock", str(po.parent), "sh", "-c", "echo locked; read line"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def waiting_on_lock(pid: int, lock: Path) -> bool:
    """Whether process ``pid`` has the locked folder open (it loaded the PO and now waits)."""
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == str(lock):
                return True
        except OSError:
            continue
    return False


def race_on_one_segment(ws: Path, po: Path, index: int, texts: list[str]) -> list[tuple[str, str]]:
    """Start one ``review-tool approve`` per text on the same entry while the lock is held,
    so every one of them has read the file before any of them writes; then let them go."""
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to see that every writer is waiting for the lock")
    holder = hold_lock(po)
    lock = po.parent
    procs = []
    try:
        for text in texts:
            procs.append(
                subprocess.Popen(
                    approve_argv(po, index, text, ws),
                    env=ENV,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
        deadline = time.monotonic() + 8  # the CLI waits 10 s for the lock
        while not all(waiting_on_lock(p.pid, lock) for p in procs):
            assert time.monotonic() < deadline, "the writers never reached the lock"
            assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
            time.sleep(0.01)
    finally:
        holder.communicate("")
    results = [p.communicate(timeout=60) for p in procs]
    for proc, (_out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
    return results


def test_two_cli_approvals_of_the_same_segment(tmp_path: Path) -> None:
    ws, po = make_workspace(tmp_path, 200)
    texts = ['Erste "Fassung" von A', "Zweite Fassung von B\nmit Zeilenumbruch"]
    results = race_on_one_segment(ws, po, 7, texts)
    store = PoStore.load(po)
    entry = store.entries[7]
    assert entry.approved and entry.msgstr in texts
    winner = texts.index(entry.msgstr)
    loser = 1 - winner
    # The later save was told, and its warning shows the other's text.
    warned = [err for _out, err in results if "warning" in err]
    assert len(warned) == 1 and warned[0] == results[winner][1], results
    assert len(warned[0].strip().splitlines()) == 1
    shown = texts[loser].replace("\n", "\\n")
    assert shown in warned[0] and str(po) in warned[0]
    # ... and the other's text is still in the file, as a comment.
    assert entry.translator_comments == (CONFLICT_COMMENT + shown,)
    assert f"# {CONFLICT_COMMENT}{shown}\n" in po.read_text(encoding="utf-8")
    assert [i for i, e in enumerate(store.entries) if e.translated] == [7]
    msgfmt_check(po)


def test_three_cli_approvals_of_the_same_segment_keep_every_text(tmp_path: Path) -> None:
    """Three reviewers approve the same segment: the last save wins, and the two other texts
    must both survive in the file.  (The second writer's save keeps the first's text as a
    comment; the third writer must not then drop that comment.)"""
    ws, po = make_workspace(tmp_path, 200)
    texts = ["Fassung A", "Fassung B", "Fassung C"]
    race_on_one_segment(ws, po, 3, texts)
    entry = PoStore.load(po).entries[3]
    assert entry.approved and entry.msgstr in texts
    kept = "\n".join(entry.translator_comments)
    missing = [t for t in texts if t != entry.msgstr and f"{CONFLICT_COMMENT}{t}" not in kept]
    assert missing == [], f"silently dropped: {missing}; comments: {entry.translator_comments}"
    msgfmt_check(po)


def test_other_writers_comment_on_the_entry_is_not_dropped(tmp_path: Path) -> None:
    """Reviewer A adds a translator comment to an untranslated entry and saves; reviewer B
    (who read the file before) approves the same entry.  A's comment must survive."""
    _ws, po = make_workspace(tmp_path, 10)
    mine, theirs = PoStore.load(po), PoStore.load(po)
    entry = theirs.entries[4]
    theirs.update(4, dataclasses.replace(entry, translator_comments=("ask legal",)))
    theirs.save()
    mine.update(4, mine.entries[4].with_translation("Segment vier.", fuzzy=False))
    mine.save()
    disk = PoStore.load(po).entries[4]
    assert disk.msgstr == "Segment vier."
    assert "ask legal" in disk.translator_comments


def test_identical_approvals_are_not_a_conflict(tmp_path: Path) -> None:
    _ws, po = make_workspace(tmp_path, 10)
    a, b = PoStore.load(po), PoStore.load(po)
    a.update(2, a.entries[2].with_translation("Gleich", fuzzy=False))
    b.update(2, b.entries[2].with_translation("Gleich", fuzzy=False))
    a.save()
    report = b.save()
    assert report.merged_external and report.conflicts == ()
    disk = PoStore.load(po).entries[2]
    assert disk.msgstr == "Gleich" and disk.translator_comments == ()


def test_random_interleavings_of_two_writers_lose_nothing(tmp_path: Path) -> None:
    """Two stores, random (seeded) interleavings of approvals and saves on a few entries.

    A text may disappear only if someone replaced it knowingly (it was what their store
    showed when they approved over it); every other approval ends up as the entry's text or
    as an ``other version`` comment on it."""
    rng = random.Random(20240601)
    _ws, po = make_workspace(tmp_path, 30)
    stores = [PoStore.load(po), PoStore.load(po)]
    texts: dict[int, set[str]] = {}
    replaced_knowingly: set[str] = set()
    for step in range(120):
        who = rng.randrange(2)
        store = stores[who]
        if rng.random() < 0.6:
            index = rng.randrange(12)  # few entries: plenty of collisions
            text = f"w{who} s{step}"
            shown = store.entries[index]
            replaced_knowingly.add(shown.msgstr)
            store.update(index, shown.with_translation(text, fuzzy=False))
            texts.setdefault(index, set()).add(text)
        else:
            store.save()
    for store in stores:
        store.save()
    disk = PoStore.load(po)
    for index, written in sorted(texts.items()):
        entry = disk.entries[index]
        present = {entry.msgstr} | {
            c.removeprefix(CONFLICT_COMMENT) for c in entry.translator_comments
        }
        lost = written - replaced_knowingly - present
        assert not lost, (index, lost, entry)
    msgfmt_check(po)


# ---------------------------------------------------------------------------------------
# (c) a lock held by another process


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def test_cli_gives_up_on_a_held_lock_with_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, po = make_workspace(tmp_path, 200)
    before = _snapshot(ws)
    # The CLI waits PoStore.write_change's default (10 s); shorten it so the test stays quick.
    monkeypatch.setitem(PoStore.write_change.__kwdefaults__, "lock_timeout", 1.0)
    holder = hold_lock(po)
    try:
        capsys.readouterr()
        started = time.monotonic()
        code = main(["approve", str(po), "--index", "3", "--text", "Neu", "--workspace", str(ws)])
        elapsed = time.monotonic() - started
    finally:
        holder.communicate("")
    out, err = capsys.readouterr()
    assert code == 2
    assert 1.0 <= elapsed < 4, elapsed
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"error: {po}: ") and "locked by another process" in lines[0]
    assert f"flock on {po.parent}" in lines[0] and "1 s" in lines[0]
    assert _snapshot(ws) == before
    assert temp_files(po.parent) == []


def test_cli_waits_for_a_lock_released_in_time(tmp_path: Path) -> None:
    """The real ``python -m review_tool approve`` waits for a lock released after ~1.5 s."""
    ws, po = make_workspace(tmp_path, 200)
    holder = hold_lock(po)
    proc = subprocess.Popen(
        approve_argv(po, 0, "Nach dem Warten", ws),
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)
    assert proc.poll() is None  # still waiting
    assert PoStore.load(po).entries[0].msgstr == ""
    holder.communicate("")
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert PoStore.load(po).entries[0].msgstr == "Nach dem Warten"


# ---------------------------------------------------------------------------------------
# (d) the review screen's writer and the CLI


def test_cli_approvals_between_the_review_screens_writes_are_all_kept(tmp_path: Path) -> None:
    """The review screen writes each approval through PoStore.write_change on a store it
    read long ago; CLI approvals in another process in between are merged by entry, never
    overwritten, and nothing is left beside the PO."""
    ws, po = make_workspace(tmp_path, 200)
    review = PoStore.load(po)
    for index in (3, 4, 5):
        entry = review.entries[index]
        review.write_change(entry, entry.with_translation(f"Review {index}", fuzzy=False))
    for index, text in ((4, "CLI vier"), (9, "CLI neun")):
        done = subprocess.run(
            approve_argv(po, index, text, ws),
            env=ENV,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0 and done.stderr == "", done.stderr
    msgfmt_check(po)
    entry = review.entries[6]
    report = review.write_change(entry, entry.with_translation("Review 6", fuzzy=False))
    assert report.merged_external and report.conflicts == ()
    want = {3: "Review 3", 4: "CLI vier", 5: "Review 5", 6: "Review 6", 9: "CLI neun"}
    for store in (review, PoStore.load(po)):
        assert {i: e.msgstr for i, e in enumerate(store.entries) if e.msgstr} == want
        assert all(not e.translator_comments for e in store.entries)
    msgfmt_check(po)
    assert sorted(p.name for p in po.parent.iterdir()) == [po.name]
