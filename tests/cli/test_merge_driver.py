"""The git merge driver with real repositories: two clones approve segments of one PO and
pull each other's work, as a team of editors on several machines does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from gettext_check import msgfmt_check
from testkit import CONTENT_TYPE, ENCODING, MIME, po_header

from review_tool.po.store import PoStore

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

CLI = Path(sys.executable).with_name("review-tool")
PO = "locales/fr/LC_MESSAGES/doc.po"
HEADER = po_header(
    "Project-Id-Version: doc",
    "PO-Revision-Date: 2026-01-01 10:00+0000",
    "Last-Translator: Ann <ann@example.org>",
    "Language: fr",
    MIME,
    CONTENT_TYPE,
    ENCODING,
    "Plural-Forms: nplurals=2; plural=(n > 1);",
)


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-01-01T00:00:00", "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env)


def approve(clone: Path, number: int, text: str, who: str) -> None:
    env = {**os.environ, "REVIEW_TOOL_TRANSLATOR": who}
    proc = subprocess.run(
        [str(CLI), "approve", PO, "--index", str(number), "--text", text],
        cwd=clone,
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert git(clone, "commit", "-qam", f"approve {number}").returncode == 0


def clone(origin: Path, where: Path) -> Path:
    assert git(where.parent, "clone", "-q", str(origin), where.name).returncode == 0
    for key, value in (
        ("user.name", where.name),
        ("user.email", f"{where.name}@example.org"),
        ("merge.review-tool.driver", f'"{CLI}" merge-driver %O %A %B %P'),
        ("pull.rebase", "false"),
    ):
        git(where, "config", key, value)
    return where


@pytest.fixture
def team(tmp_path: Path) -> tuple[Path, Path, Path]:
    origin = tmp_path / "origin"
    (origin / PO).parent.mkdir(parents=True)
    body = "".join(f'\nmsgctxt "p-{i}"\nmsgid "Paragraph {i}."\nmsgstr ""\n' for i in range(1, 6))
    (origin / PO).write_text(HEADER + body, encoding="utf-8")
    (origin / ".gitattributes").write_text("*.po merge=review-tool\n", encoding="utf-8")
    git(origin, "init", "-q", "-b", "main")
    git(origin, "config", "user.name", "origin")
    git(origin, "config", "user.email", "o@example.org")
    git(origin, "add", ".")
    git(origin, "commit", "-qm", "catalog")
    git(origin, "config", "receive.denyCurrentBranch", "ignore")
    return origin, clone(origin, tmp_path / "alice"), clone(origin, tmp_path / "bob")


def test_approvals_of_different_segments_merge_without_conflict(team) -> None:
    _, alice, bob = team
    approve(alice, 0, "Paragraphe un.", "Alice <alice@example.org>")
    assert git(alice, "push", "-q", "origin", "main").returncode == 0
    approve(bob, 3, "Paragraphe quatre.", "Bob <bob@example.org>")
    pulled = git(bob, "pull", "-q", "--no-edit", "origin", "main")
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    store = PoStore.load(bob / PO)
    texts = {e.msgctxt: (e.msgstr, e.fuzzy) for e in store.entries}
    assert texts["p-1"] == ("Paragraphe un.", False)
    assert texts["p-4"] == ("Paragraphe quatre.", False)
    assert "<<<<<<<" not in (bob / PO).read_text(encoding="utf-8")
    # The header is the side revised later (Bob approved after Alice).
    assert store.header["Last-Translator"] == "Bob <bob@example.org>"
    msgfmt_check(bob / PO)


def test_the_same_segment_changed_on_both_sides_is_a_reported_conflict(team) -> None:
    _, alice, bob = team
    approve(alice, 1, "Deuxième paragraphe.", "Alice <alice@example.org>")
    assert git(alice, "push", "-q", "origin", "main").returncode == 0
    approve(bob, 1, "Paragraphe deux.", "Bob <bob@example.org>")
    pulled = git(bob, "pull", "--no-edit", "origin", "main")
    assert pulled.returncode != 0  # git reports the conflict
    assert "CONFLICT" in pulled.stdout + pulled.stderr
    text = (bob / PO).read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    entry = next(e for e in PoStore.load(bob / PO).entries if e.msgctxt == "p-2")
    assert entry.msgstr == "Paragraphe deux."  # ours, to be reviewed
    assert entry.fuzzy
    assert any("Deuxième paragraphe." in c for c in entry.translator_comments)  # theirs, kept
    msgfmt_check(bob / PO)


def test_driver_exit_codes_and_a_broken_side(tmp_path: Path) -> None:
    base = tmp_path / "base.po"
    ours = tmp_path / "ours.po"
    theirs = tmp_path / "theirs.po"
    entry = '\nmsgid "Hello"\nmsgstr "{}"\n'
    base.write_text(HEADER + entry.format(""), encoding="utf-8")
    ours.write_text(HEADER + entry.format(""), encoding="utf-8")
    theirs.write_text(HEADER + entry.format("Bonjour"), encoding="utf-8")
    run = [str(CLI), "merge-driver", str(base), str(ours), str(theirs), "doc.po"]
    proc = subprocess.run(run, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert 'msgstr "Bonjour"' in ours.read_text(encoding="utf-8")
    theirs.write_text('msgid "unterminated\n', encoding="utf-8")
    before = ours.read_bytes()
    proc = subprocess.run(run, capture_output=True, text=True)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "doc.po" in proc.stderr
    assert ours.read_bytes() == before


def test_init_in_a_git_repository_sets_up_the_driver(tmp_path: Path) -> None:
    repo = tmp_path / "proj"
    repo.mkdir()
    assert git(repo, "init", "-q").returncode == 0
    proc = subprocess.run([str(CLI), "init"], cwd=repo, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "*.po merge=review-tool" in (repo / ".gitattributes").read_text().splitlines()
    driver = git(repo, "config", "--get", "merge.review-tool.driver").stdout.strip()
    python, _, rest = driver[1:].partition('" ')
    assert rest == "-m review_tool merge-driver %O %A %B %P"
    assert Path(python).parent == Path(sys.executable).parent  # this venv's interpreter
    again = subprocess.run([str(CLI), "init"], cwd=repo, capture_output=True, text=True)
    assert again.returncode == 0
    assert (repo / ".gitattributes").read_text().count("merge=review-tool") == 1
    # Outside a git repository init writes no attributes.
    plain = tmp_path / "plain"
    assert subprocess.run([str(CLI), "init", str(plain)], capture_output=True).returncode == 0
    assert not (plain / ".gitattributes").exists()
