"""SIGKILL at random moments: a child approves entry after entry of a real catalog and says
"saved <n>" after each save; the parent kills it again and again.  After every kill the
PO still parses, passes msgfmt --check and holds every approval reported saved; the MT
cache survives being killed in the middle of its puts.  A kill at each step of a write
(temp file written, renamed) leaves the old or the new file, and the next writer removes the
temp file it left."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from gettext_check import msgfmt_check
from testkit import CONTENT_TYPE, ENCODING, MIME, PLURAL_FORMS, REPO, po_header

from review_tool.mt.cache import MTCache
from review_tool.po.atomic_io import TEMP_SUFFIX
from review_tool.po.store import PoStore

ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(p for p in (os.environ.get("PYTHONPATH"), str(REPO)) if p),
}
GIT_MO = Path("/usr/share/locale/de/LC_MESSAGES/git.mo")
HAVE_GETTEXT = all(shutil.which(tool) for tool in ("msgfmt", "msgunfmt"))
KILLS = 20


def generated_catalog(path: Path, entries: int = 2000) -> None:
    head = po_header(
        "Project-Id-Version: crash",
        "Language: de",
        MIME,
        CONTENT_TYPE,
        ENCODING,
        PLURAL_FORMS,
    )
    body = "".join(
        f'\n#: src/file{i % 37}.c:{i}\nmsgid "Message {i}: a \\"quoted\\" word"\nmsgstr ""\n'
        for i in range(entries)
    )
    path.write_text(head + body, encoding="utf-8")


@pytest.fixture(scope="module")
def catalog_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """msgunfmt'ed git.mo (German), else a generated 2 000-entry catalog."""
    folder = tmp_path_factory.mktemp("catalog")
    path = folder / "git.de.po"
    if HAVE_GETTEXT and GIT_MO.is_file():
        subprocess.run(["msgunfmt", str(GIT_MO), "-o", str(path)], check=True)
    else:
        generated_catalog(path)
    return path.read_bytes()


def plan(store: PoStore, count: int, seed: int) -> list[tuple[int, list[str]]]:
    """(index, forms) approvals msgfmt --check accepts: no format strings touched, the
    leading/trailing newlines of the msgid kept."""
    rng = random.Random(seed)
    candidates = [
        i for i, e in enumerate(store.entries) if not any(f.endswith("-format") for f in e.flags)
    ]
    out = []
    for n in range(count):
        index = rng.choice(candidates)
        entry = store.entries[index]
        sources = [entry.msgid]
        if entry.msgid_plural is not None:
            sources += [entry.msgid_plural] * (len(entry.msgstr_plural) - 1)
        forms = []
        for source in sources:
            text = f'Freigabe {n} "ä" \\ {"✓" * (n % 5)}'
            if source.startswith("\n"):
                text = "\n" + text
            if source.endswith("\n"):
                text += "\n"
            forms.append(text)
        out.append((index, forms))
    return out


CHILD = """
import json, sys
from review_tool.po.store import PoStore
path, plan_file, start = sys.argv[1], sys.argv[2], int(sys.argv[3])
steps = json.load(open(plan_file))
store = PoStore.load(path)
print("ready", flush=True)
for n in range(start, len(steps)):
    index, forms = steps[n]
    entry = store.entries[index]
    text = forms[0] if entry.msgid_plural is None else forms
    store.update(index, entry.with_translation(text, fuzzy=False))
    store.save(last_translator="crash test", lock_timeout=30)
    print(f"saved {n}", flush=True)
print("done", flush=True)
"""


def kill_after_ready(child: subprocess.Popen[str], delay: float) -> tuple[str, int]:
    """Wait for the child's "ready", SIGKILL it ``delay`` s later; its stdout and status."""
    assert child.stdout is not None
    first = child.stdout.readline()
    assert first.strip() == "ready", first
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    out = child.stdout.read()  # EOF once it is dead (includes what readline buffered)
    child.stdout.close()
    return out, child.wait(timeout=30)


def expected_after(steps: list[tuple[int, list[str]]], upto: int) -> dict[int, list[str]]:
    model: dict[int, list[str]] = {}
    for index, forms in steps[: upto + 1]:
        model[index] = forms
    return model


def leftovers(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f".{name}.*{TEMP_SUFFIX}"))


@pytest.mark.skipif(not HAVE_GETTEXT, reason="GNU gettext tools not installed")
def test_sigkill_during_approvals_never_loses_a_reported_save(
    tmp_path: Path, catalog_bytes: bytes
) -> None:
    po = tmp_path / "git.de.po"
    po.write_bytes(catalog_bytes)
    original = PoStore.load(po)
    steps = plan(original, 4000, seed=11)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(steps), encoding="utf-8")
    rng = random.Random(1234)
    confirmed = -1  # last step the child reported saved
    kills_mid_run = 0
    temp_seen = 0
    started = time.monotonic()
    errors = (tmp_path / "child.err").open("w+")
    for _round in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(po), str(plan_file), str(confirmed + 1)],
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        out, code = kill_after_ready(child, rng.uniform(0.0, 0.35))
        assert code == -signal.SIGKILL, (errors.seek(0), errors.read())
        lines = out.split("\n")
        saved = [int(line.split()[1]) for line in lines if line.startswith("saved ")]
        if saved:
            assert saved == list(range(confirmed + 1, saved[-1] + 1))
            confirmed = saved[-1]
            kills_mid_run += 1
        assert "done" not in lines, "the plan is too short for the kill schedule"
        # After every kill: parses, msgfmt accepts it, every reported save is there.
        store = PoStore.load(po)
        assert len(store.entries) == len(original.entries)
        model = expected_after(steps, confirmed)
        # One more save may have completed between its rename and its "saved" line.
        maybe = expected_after(steps, confirmed + 1)
        for index, entry in enumerate(store.entries):
            if entry == original.entries[index] and index not in model:
                continue
            assert entry.approved, index
            assert list(entry.forms) in (model.get(index), maybe.get(index)), index
        msgfmt_check(po)
        temp_seen += len(leftovers(tmp_path, po.name))
    assert confirmed > KILLS, "the child hardly saved anything: kills came too early"
    assert kills_mid_run >= KILLS // 2
    elapsed = time.monotonic() - started
    print(f"{KILLS} kills, {confirmed + 1} confirmed saves, {temp_seen} temp files seen, "
          f"{elapsed:.1f} s")  # fmt: skip
    # Temp files a kill left behind are ignored by load (above) and removed by the next
    # save once they are stale (older than a few seconds: never a save in progress).
    stale = time.time() - 60
    for temp in leftovers(tmp_path, po.name):
        os.utime(temp, (stale, stale))
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(po), str(plan_file), str(len(steps) - 1)],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == 0, child.stderr
    assert leftovers(tmp_path, po.name) == []
    msgfmt_check(po)


def test_kill_while_holding_the_lock_does_not_block_the_next_writer(tmp_path: Path) -> None:
    """A writer killed between taking the lock and writing leaves no lock behind."""
    po = tmp_path / "small.po"
    generated_catalog(po, 50)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            "fd = os.open(sys.argv[1], os.O_RDONLY); fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "print('locked', flush=True); time.sleep(60)\n",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    holder.send_signal(signal.SIGKILL)
    holder.communicate(timeout=10)
    store = PoStore.load(po)
    store.update(0, store.entries[0].with_translation('Nachricht 0: ein "zitiertes" Wort',
                                                      fuzzy=False))  # fmt: skip
    started = time.monotonic()
    assert store.save(lock_timeout=2).written
    assert time.monotonic() - started < 1


CACHE_CHILD = """
import sys
from review_tool.mt.cache import MTCache
path, start = sys.argv[1], int(sys.argv[2])
cache = MTCache(path)
print("ready", flush=True)
n = start
while True:
    cache.put("libre", "en", "de", f"source text {n} " + "x" * (n % 300), f"Zieltext {n} ✓")
    print(f"put {n}", flush=True)
    n += 1
"""


def test_mt_cache_survives_sigkill_in_the_middle_of_puts(tmp_path: Path) -> None:
    path = tmp_path / ".review_tool" / "cache.sqlite"
    rng = random.Random(99)
    confirmed = -1
    errors = (tmp_path / "child.err").open("w+")
    for _round in range(6):
        child = subprocess.Popen(
            [sys.executable, "-c", CACHE_CHILD, str(path), str(confirmed + 1)],
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        out, code = kill_after_ready(child, rng.uniform(0.05, 0.4))
        assert code == -signal.SIGKILL, (errors.seek(0), errors.read())
        puts = [int(line.split()[1]) for line in out.split("\n") if line.startswith("put ")]
        if puts:
            assert puts == list(range(confirmed + 1, puts[-1] + 1))
            confirmed = puts[-1]
        with _no_warning():
            cache = MTCache(path)
        try:
            assert cache.recovered_from is None  # not taken for corrupt, not set aside
            for n in range(confirmed + 1):
                text = f"source text {n} " + "x" * (n % 300)
                assert cache.get("libre", "en", "de", text) == f"Zieltext {n} ✓", n
        finally:
            cache.close()
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert confirmed > 50
    assert not list(path.parent.glob("*.corrupt-*"))


class _no_warning:
    """Fail if the cache warns (a warning would mean it lost or set aside data)."""

    def __enter__(self) -> None:
        import warnings

        self._catch = warnings.catch_warnings(record=True)
        self._log = self._catch.__enter__()
        warnings.simplefilter("always")

    def __exit__(self, *exc: object) -> None:
        self._catch.__exit__(*exc)
        assert [str(w.message) for w in self._log] == []


# ---------------------------------------------------------------------------------------
# A kill at each step of one write

STEP_CHILD = """
import os, signal, sys
from review_tool.po import atomic_io
from review_tool.po.store import PoStore
path, point = sys.argv[1], sys.argv[2]
real_replace = os.replace

def replace(src, dst):
    if point == "before-rename":
        os.kill(os.getpid(), signal.SIGKILL)
    real_replace(src, dst)
    if point == "after-rename":
        os.kill(os.getpid(), signal.SIGKILL)

atomic_io.os.replace = replace
store = PoStore.load(path)
store.update(40, store.entries[40].with_translation("Killed write", fuzzy=False))
store.save()
"""


@pytest.mark.parametrize("point", ["before-rename", "after-rename"])
def test_sigkill_at_each_step_of_a_write(tmp_path: Path, point: str) -> None:
    po = tmp_path / "small.po"
    generated_catalog(po, 100)
    before = po.read_bytes()
    done = subprocess.run([sys.executable, "-c", STEP_CHILD, str(po), point], env=ENV, timeout=60)
    assert done.returncode == -signal.SIGKILL
    store = PoStore.load(po)
    if point == "before-rename":
        assert po.read_bytes() == before and len(leftovers(tmp_path, po.name)) == 1
    else:
        assert store.entries[40].msgstr == "Killed write" and leftovers(tmp_path, po.name) == []
    # The next writer takes the lock (the dead one's is gone with it) and removes our temp.
    store.update(41, store.entries[41].with_translation("Next write", fuzzy=False))
    assert store.save(lock_timeout=2).written
    assert leftovers(tmp_path, po.name) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [po.name]
    assert PoStore.load(po).entries[41].msgstr == "Next write"
    msgfmt_check(po)
