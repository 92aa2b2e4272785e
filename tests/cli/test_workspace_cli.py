"""Workspaces like git's (found from the FILE), ``review-tool init``, who writes the PO
(Last-Translator: a person, never the tool; control characters refused) and one number for
people (``approve --number``)."""

from __future__ import annotations

import getpass
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from review_tool.cli.main import main
from review_tool.po.store import PoStore
from review_tool.workspace import open_workspace

REPO = Path(__file__).resolve().parents[2]
SAMPLE = "sco-tianjin-summit-2025.en.txt"


@pytest.fixture
def no_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No translator from the environment, and a git that reads no user config."""
    home = tmp_path / "home"
    home.mkdir()
    for name in ("REVIEW_TOOL_TRANSLATOR", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
    return home


def new_workspace(root: Path, terms: str = "") -> Path:
    assert main(["init", str(root)]) == 0
    if terms:
        (root / "glossary" / "terms.tsv").write_text(
            "concept\tlang\tterm\tstatus\tnote\n" + terms, encoding="utf-8"
        )
    return root


def test_init_creates_a_commented_workspace_and_is_safe_twice(tmp_path: Path, capsys) -> None:
    root = tmp_path / "proj"
    assert main(["init", str(root)]) == 0
    out = capsys.readouterr().out
    for name in ("glossary", "locales", "glossary/example.tsv", "review-tool.toml", ".gitignore"):
        assert (root / name).exists() and f"created {root / name}" in out
    ignored = (root / ".gitignore").read_text().splitlines()
    assert ".review_tool/" in ignored and "dist/" in ignored
    config = (root / "review-tool.toml").read_text()
    assert "# [user]" in config and "advance_on_approve" in config
    assert open_workspace(root).config == {}  # all commented out: valid and empty
    (root / "review-tool.toml").write_text('[user]\nname = "Kept"\n')
    assert main(["init", str(root)]) == 0
    assert (root / "review-tool.toml").read_text() == '[user]\nname = "Kept"\n'
    assert "nothing changed" in capsys.readouterr().err


def test_init_then_check_review_export_from_another_folder(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "proj"
    assert main(["init", str(root)]) == 0
    example = root / "glossary" / "example.tsv"  # the README: uncomment the example rows
    example.write_text(example.read_text().replace("# who\t", "who\t"), encoding="utf-8")
    (root / "corpus").mkdir()
    doc = root / "corpus" / "note.en.txt"
    doc.write_text("The OMS opened its office.\n\nA second paragraph.\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    capsys.readouterr()
    assert main(["check", str(doc)]) == 1  # the glossary of the file's workspace is used
    assert "term.forbidden" in capsys.readouterr().out

    ran: list[object] = []

    class NoScreen:
        quit_report = None
        quit_error = None

        def run(self) -> None:
            ran.append(True)

    monkeypatch.setattr("review_tool.tui.app.create_app", lambda session, **_: NoScreen())
    assert main(["review", str(doc)]) == 0
    po = root / "locales" / "en" / "LC_MESSAGES" / "note.po"
    assert ran and po.exists() and not (elsewhere / "locales").exists()
    assert main(["approve", str(po), "--number", "1", "--text", "The WHO opened its office."]) == 0
    assert main(["approve", str(po), "--number", "2", "--text", "A second paragraph."]) == 0
    assert PoStore.load(po).entries[0].msgstr == "The WHO opened its office."
    capsys.readouterr()
    assert main(["export", str(po), "--lang", "en", "--format", "txt"]) == 0
    assert "The WHO opened its office." in capsys.readouterr().out


def test_one_check_over_two_workspaces_uses_each_ones_glossary(tmp_path: Path, capsys) -> None:
    a = new_workspace(tmp_path / "a", "x\ten\tFoo\tpreferred\t\nx\ten\tBar\tforbidden\t\n")
    b = new_workspace(tmp_path / "b", "y\ten\tBaz\tpreferred\t\ny\ten\tFoo\tforbidden\t\n")
    (a / "one.en.txt").write_text("Foo and Bar.\n", encoding="utf-8")
    (b / "two.en.txt").write_text("Foo and Bar.\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(a / "one.en.txt"), str(b / "two.en.txt")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0].endswith("one.en.txt") for line in out] == [True, False]
    assert "'Bar'" in out[0] and "'Foo'" in out[1]


def test_approve_number_is_the_screens_number_and_index_stays(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = new_workspace(tmp_path / "p")
    monkeypatch.setenv("REVIEW_TOOL_TRANSLATOR", "Ann <ann@example.org>")
    (root / "d.en.txt").write_text("One.\n\nTwo.\n\nThree.\n", encoding="utf-8")
    assert main(["import", str(root / "d.en.txt"), "--to", "fr"]) == 0
    po = root / "locales" / "fr" / "LC_MESSAGES" / "d.po"
    assert main(["approve", str(po), "--number", "2", "--text", "Deux."]) == 0
    assert main(["approve", str(po), "--index", "2", "--text", "Trois."]) == 0
    texts = [e.msgstr for e in PoStore.load(po).entries]
    assert texts == ["", "Deux.", "Trois."]
    capsys.readouterr()
    assert main(["approve", str(po), "--number", "0", "--text", "x"]) == 2
    assert "--number 0 out of range (1..3)" in capsys.readouterr().err


def test_last_translator_order_env_config_git_login(
    tmp_path: Path, no_identity: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = new_workspace(tmp_path / "p")
    assert open_workspace(root).translator() == getpass.getuser() != "review_tool"
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q", str(root)], check=True)
        subprocess.run(["git", "-C", str(root), "config", "user.name", "Grace H"], check=True)
        subprocess.run(["git", "-C", str(root), "config", "user.email", "g@x.org"], check=True)
        assert open_workspace(root).translator() == "Grace H <g@x.org>"
    (root / "review-tool.toml").write_text('[user]\nname = "Ada L"\nemail = "ada@x.org"\n')
    assert open_workspace(root).translator() == "Ada L <ada@x.org>"
    monkeypatch.setenv("REVIEW_TOOL_TRANSLATOR", "Env Person <e@x.org>")
    assert open_workspace(root).translator() == "Env Person <e@x.org>"


@pytest.mark.parametrize("where", ["env", "config"])
def test_control_characters_in_the_name_are_refused_with_one_line(
    tmp_path: Path, no_identity: Path, monkeypatch: pytest.MonkeyPatch, capsys, where: str
) -> None:
    root = new_workspace(tmp_path / "p")
    (root / "d.en.txt").write_text("One.\n", encoding="utf-8")
    monkeypatch.setenv("REVIEW_TOOL_TRANSLATOR", "Ann")
    assert main(["import", str(root / "d.en.txt"), "--to", "fr"]) == 0
    po = root / "locales" / "fr" / "LC_MESSAGES" / "d.po"
    before = po.read_bytes()
    if where == "env":
        monkeypatch.setenv("REVIEW_TOOL_TRANSLATOR", "Eve\nContent-Type: text/html")
    else:
        monkeypatch.delenv("REVIEW_TOOL_TRANSLATOR")
        (root / "review-tool.toml").write_text('# me\n[user]\nname = "Eve\\u0007"\n')
    capsys.readouterr()
    assert main(["approve", str(po), "--number", "1", "--text", "Un."]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "control character" in err
    if where == "config":
        assert "review-tool.toml:3:" in err and "U+0007" in err
    else:
        assert "REVIEW_TOOL_TRANSLATOR" in err and "U+000A" in err
    assert po.read_bytes() == before  # nothing written
    assert not [p for p in os.listdir(po.parent) if p.endswith(".tmp")]


@pytest.mark.skipif(
    not (shutil.which("msgunfmt") and shutil.which("git") and shutil.which("msgfmt")),
    reason="needs gettext and git",
)
def test_approving_in_a_real_catalog_credits_its_translator_and_writes_the_git_identity(
    tmp_path: Path, no_identity: Path
) -> None:
    mo = Path("/usr/share/locale/de/LC_MESSAGES/grep.mo")
    if not mo.exists():
        pytest.skip("no German grep catalog on this machine")
    root = new_workspace(tmp_path / "p")
    po = root / "locales" / "de" / "LC_MESSAGES" / "grep.po"
    po.parent.mkdir(parents=True)
    subprocess.run(["msgunfmt", str(mo), "-o", str(po)], check=True)
    before = PoStore.load(po).header
    real = before["Last-Translator"]
    assert real and "<" in real
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "config", "user.name", "Rita Reviewer"], check=True)
    subprocess.run(["git", "-C", str(root), "config", "user.email", "rita@x.org"], check=True)
    plain = [
        n
        for n, e in enumerate(PoStore.load(po).entries, 1)
        if e.msgid_plural is None and "\n" not in e.msgid and "%" not in e.msgid
    ]
    assert main(["approve", str(po), "--number", str(plain[0]), "--text", "Geändert."]) == 0
    after = PoStore.load(po)
    assert after.header["Last-Translator"] == "Rita Reviewer <rita@x.org>"
    for field in ("Language-Team", "Project-Id-Version", "Plural-Forms", "X-Generator"):
        assert after.header.get(field) == before.get(field)
    year = before["PO-Revision-Date"][:4]
    head = po.read_text(encoding="utf-8").split('msgid ""', 1)[0]
    assert f"# {real}, {year}." in head.splitlines()
    subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(po)], check=True)
    # a second approval by the same person credits nobody twice
    assert main(["approve", str(po), "--number", str(plain[1]), "--text", "Zweite."]) == 0
    head = po.read_text(encoding="utf-8").split('msgid ""', 1)[0]
    assert head.count(real) == 1 and "Rita" not in head
