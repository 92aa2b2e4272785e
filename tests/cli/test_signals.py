"""SIGTERM is handled like Ctrl-C by every command: one line (``terminated``), status 143, no
traceback, no temp file left, no worker left running. Real processes, each signalled at a
point it is known to have reached (its workers exist, its temp file exists), not after a sleep.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from testkit import REPO

from review_tool.po.store import PoStore

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


def start(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    return start_with(args, cwd, {})


def start_with(args: list[str], cwd: Path, extra_env: dict[str, str]) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "REVIEW_TOOL_PROGRESS": "0", **extra_env}
    env["REVIEW_TOOL_TRANSLATOR"] = "Signal Test <signal@example.org>"
    return subprocess.Popen(
        [sys.executable, "-m", "review_tool", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: killpg reaches it and its workers only
    )


def wait_until(condition, proc: subprocess.Popen[str], what: str, timeout: float = 120) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            raise AssertionError(f"the command ended before {what}: {proc.stderr.read()}")  # type: ignore[union-attr]
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"no {what} after {timeout} s")
        time.sleep(0.001)


def finish(proc: subprocess.Popen[str], timeout: float = 30) -> tuple[int, str]:
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        raise AssertionError(f"still running {timeout} s after SIGTERM (a hang)") from None
    return proc.returncode, err


@pytest.fixture(scope="module")
def big_document(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with a 20 000-paragraph document: ``check --jobs 2`` runs for seconds."""
    root = tmp_path_factory.mktemp("signals")
    (root / "glossary").mkdir()
    (root / "glossary" / "sco.tsv").write_bytes((REPO / "glossary" / "sco.tsv").read_bytes())
    sample = (REPO / "corpus" / "sco-tianjin-summit-2025.en.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in sample.split("\n\n") if p.strip()]
    text = "\n\n".join(f"({i}) {paragraphs[i % len(paragraphs)]}" for i in range(20_000))
    (root / "big.en.txt").write_text(text + "\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("to", ["the command", "its process group"])
def test_sigterm_during_check_with_workers(big_document: Path, to: str) -> None:
    """Today: BrokenPipe tracebacks from the workers; signalled as a group, a hang."""
    proc = start(["check", "big.en.txt", "--jobs", "2"], big_document)
    wait_until(lambda: len(children(proc.pid)) >= 2, proc, "two worker processes")
    workers = children(proc.pid)
    if to == "the command":
        proc.send_signal(signal.SIGTERM)
    else:
        os.killpg(proc.pid, signal.SIGTERM)
    code, err = finish(proc)
    assert (code, err) == (143, "terminated\n"), err
    for pid in workers:  # no worker left behind
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text()


def test_sigterm_during_import_leaves_no_temp_file(tmp_path: Path) -> None:
    """Today: ``*.tmp`` and ``*.tmp.lock`` files stay beside the PO."""
    (tmp_path / "corpus").mkdir()
    doc = tmp_path / "corpus" / "doc.en.txt"
    lines = [f"Paragraph {i}: some words here." for i in range(30_000)]
    doc.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    first = start(["import", "corpus/doc.en.txt", "--to", "fr"], tmp_path)
    assert finish(first, timeout=300)[0] == 0
    folder = tmp_path / "locales" / "fr" / "LC_MESSAGES"
    before = (folder / "doc.po").read_bytes()
    lines[0] = "Paragraph 0, edited: some words here."  # a changed document: entries move
    doc.write_text("\n\n".join(lines) + "\n", encoding="utf-8")

    def temp_files() -> list[str]:
        return [n for n in os.listdir(folder) if ".tmp" in n]

    proc = start(["import", "corpus/doc.en.txt", "--to", "fr"], tmp_path)
    wait_until(lambda: bool(temp_files()), proc, "a temp file beside the PO")
    proc.send_signal(signal.SIGTERM)
    code, err = finish(proc)
    if code == 0:  # the import won the race against the signal: nothing to check
        pytest.fail("the import ended before SIGTERM arrived; make the document larger")
    assert (code, err) == (143, "terminated\n")
    assert temp_files() == []
    after = (folder / "doc.po").read_bytes()
    assert after == before or len(PoStore.load(folder / "doc.po").entries) == 30_000


def test_sigterm_while_suggest_waits_for_an_engine(workspace: Path, fake_libre) -> None:  # type: ignore[no-untyped-def]
    """One line saying what was kept; no traceback from the engine threads."""
    fake_libre.mode = "hang"  # the server reads the request and never answers
    doc = "corpus/sco-tianjin-summit-2025.en.txt"
    env_args = ["--engine", "libre", "--lang", "fr", "--format", "json"]
    proc = start_with(
        ["suggest", doc, *env_args],
        workspace,
        {"REVIEW_TOOL_LIBRE_URL": fake_libre.url, "REVIEW_TOOL_LIBRE_TIMEOUT": "3"},
    )
    wait_until(lambda: fake_libre.request_count > 0, proc, "a request to the engine")
    proc.send_signal(signal.SIGTERM)
    code, err = finish(proc)
    assert (code, err) == (143, "terminated: what was fetched is in the cache\n")
