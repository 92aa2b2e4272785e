"""The MT API key never leaks: after suggest/pretranslate against a LibreTranslate server that
refuses (403, also one that echoes the key back), fails otherwise, and then succeeds, and after
check/stats, the key is in no file of the workspace (PO, cache database with its -wal/-shm, debug
log) and in none of the captured output."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from testkit import REPO

from review_tool.cli.main import main
from review_tool.po.store import PoStore

KEY = "sk-FAKE-SECRET-9876"
MARKERS = (KEY, "FAKE-SECRET")
DOC = "corpus/sco-tianjin-summit-2025.en.txt"
FR_PO = "locales/fr/LC_MESSAGES/sco-tianjin-summit-2025.po"


def leaks(data: bytes) -> list[str]:
    found = []
    for marker in MARKERS:
        for encoded in (marker.encode(), marker.encode("utf-16-le")):
            if encoded in data:
                found.append(marker)
    return found


def grep_tree(root: Path) -> dict[str, list[str]]:
    """Files below ``root`` (hidden ones too) holding the key, and what was found."""
    hits: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            found = leaks(path.read_bytes())
            if found:
                hits[str(path.relative_to(root))] = found
    return hits


@pytest.fixture
def debug_log(workspace: Path) -> Iterator[Path]:
    """Every library's DEBUG logging (urllib3 logs request lines) into a workspace file."""
    path = workspace / "debug.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()


def test_api_key_appears_nowhere(
    workspace: Path,
    fake_libre: Any,
    debug_log: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(workspace)
    monkeypatch.setenv("REVIEW_TOOL_PROGRESS", "0")
    monkeypatch.setenv("REVIEW_TOOL_LIBRE_URL", fake_libre.url)
    monkeypatch.setenv("REVIEW_TOOL_LIBRE_API_KEY", KEY)
    outputs: list[str] = []

    def run(*args: str, expect: tuple[int, ...] = (0,)) -> None:
        capsys.readouterr()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            code = main([*args, "--workspace", str(workspace)])
        out, err = capsys.readouterr()
        outputs.extend([out, err, *(str(w.message) for w in caught)])
        assert code in expect, (args, code, err)

    run("import", DOC, "--to", "fr")
    # Hold a connection to the cache the whole time: SQLite then keeps the -wal file (it is
    # only checkpointed away when the last connection closes), so it is grepped too.
    from review_tool.mt.cache import MTCache

    holder = MTCache.in_workspace(workspace)
    try:
        # 1. The server refuses the key (403), in both output formats, with pretranslation.
        # (every MT engine asked for failed: suggest exits 1, issue 15)
        fake_libre.mode = 403
        failed = (1,)
        run("suggest", FR_PO, "--engine", "libre", "--pretranslate", expect=failed)
        run("suggest", FR_PO, "--engine", "fix,tm,libre", "--format", "json", expect=failed)
        run("suggest", DOC, "--lang", "fr", "--engine", "libre", "--format", "json", expect=failed)
        # 2. A server that echoes the key back in its error (some proxies do).
        original_answer = fake_libre._answer
        fake_libre._answer = lambda path, params: (
            403,
            {"error": f"Invalid API key {params.get('api_key')!s} for {params.get('q')!s}"},
        )
        run(
            "suggest",
            FR_PO,
            "--engine",
            "libre",
            "--pretranslate",
            "--format",
            "json",
            expect=failed,
        )
        fake_libre._answer = original_answer
        # 3. Other failures.
        for mode in (429, 500, 400):
            fake_libre.mode = mode
            run("suggest", FR_PO, "--engine", "libre", "--format", "json", expect=failed)
        # 4. Success: pre-translations written to the PO, answers cached.
        fake_libre.mode = "ok"
        run("suggest", FR_PO, "--engine", "libre", "--pretranslate")
        store = PoStore.load(workspace / FR_PO)
        assert any(e.fuzzy and e.msgstr.startswith("[fr] ") for e in store.entries)
        run("suggest", FR_PO, "--engine", "libre", "--offline", "--format", "json")
        run("approve", FR_PO, "--index", "0", "--text", "Texte approuvé.")
        # 5. The rest of the workflow.
        run("check", FR_PO, expect=(0, 1))
        run("check", DOC, "--format", "json", expect=(0, 1))
        run("check", "locales", "--format", "json", expect=(0, 1))
        run("stats")
        assert (workspace / ".review_tool" / "cache.sqlite-wal").is_file()
        # The key was really used: otherwise this test would prove nothing.
        sent = [r for r in fake_libre.requests if r.get("api_key") == KEY]
        assert len(sent) >= 16
        assert any("error" in o or "Invalid API key" in o for o in outputs)
        hits = grep_tree(workspace)
    finally:
        holder.close()
    assert hits == {}, hits
    assert grep_tree(workspace) == {}
    for text in outputs:
        assert not leaks(text.encode()), text[:2000]
    assert debug_log.stat().st_size > 0  # the log was written (urllib3, at least)


def test_api_key_not_in_subprocess_output(workspace: Path, fake_libre: Any) -> None:
    """The real command in a fresh interpreter (warnings on, Python dev mode): stdout and
    stderr of a refused and of a successful run carry no key."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in (os.environ.get("PYTHONPATH"), str(REPO)) if p),
        "REVIEW_TOOL_PROGRESS": "0",
        "REVIEW_TOOL_LIBRE_URL": fake_libre.url,
        "REVIEW_TOOL_LIBRE_API_KEY": KEY,
        "PYTHONWARNINGS": "always",
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-X",
                "dev",
                "-m",
                "review_tool",
                *args,
                "--workspace",
                str(workspace),
            ],  # fmt: skip
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=workspace,
        )

    assert run("import", DOC, "--to", "fr").returncode == 0
    results = []
    for mode in (403, "ok"):
        fake_libre.mode = mode
        results.append(run("suggest", FR_PO, "--engine", "libre", "--pretranslate"))
    results.append(run("check", FR_PO))
    for done in results:
        assert done.returncode in (0, 1), done.stderr[-2000:]
        assert not leaks(done.stdout.encode()) and not leaks(done.stderr.encode())
    assert "error: libre: " in results[0].stderr  # the refusal was shown, once (stderr)
    assert any(r.get("api_key") == KEY for r in fake_libre.requests)
    assert grep_tree(workspace) == {}


# A key with characters that URL encoding changes (``/``, ``+``, ``=``), so that the encoded
# forms differ from the key itself.
ODD_KEY = "sk/Odd+Key=42-FAKE-SECRET"


def _echo_translation(path: str, params: dict[str, str]) -> tuple[int, object]:
    """A proxy that answers with the request itself, key included."""
    return 200, {"translatedText": f"[fr] {params['q']} (api_key={params.get('api_key')})"}


def _echo_error_after_200_chars(path: str, params: dict[str, str]) -> tuple[int, object]:
    """The key starts 185 characters into the error detail: a cut at 200 characters made
    before scrubbing leaves 'sk/Odd+Key=42-F' behind, which no longer matches the key."""
    return 403, {"error": "x" * 185 + f" {params.get('api_key')} is not a valid key"}


def _echo_upper_case(path: str, params: dict[str, str]) -> tuple[int, object]:
    return 403, {"error": f"INVALID API KEY {str(params.get('api_key')).upper()}"}


def _echo_url_encoded(path: str, params: dict[str, str]) -> tuple[int, object]:
    from urllib.parse import quote, quote_plus

    key = str(params.get("api_key"))
    lower_hex = quote(key, safe="").replace("%2F", "%2f").replace("%2B", "%2b")
    return 500, {"error": f"GET /translate?api_key={quote_plus(key)} or {lower_hex} failed"}


def _leaked_forms(text: str) -> list[str]:
    """Every spelling of ODD_KEY or a prefix of it long enough to matter, case-insensitively."""
    from urllib.parse import quote, quote_plus

    low = text.lower()
    forms = {ODD_KEY, quote(ODD_KEY, safe=""), quote_plus(ODD_KEY), ODD_KEY[:12], "FAKE-SECRET"}
    return sorted(f for f in forms if f.lower() in low)


@pytest.mark.parametrize(
    "answer",
    [_echo_translation, _echo_error_after_200_chars, _echo_upper_case, _echo_url_encoded],
    ids=["echo-in-translation", "cut-at-200", "upper-case", "url-encoded"],
)
def test_echoed_key_is_scrubbed_everywhere(
    workspace: Path,
    fake_libre: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    answer: Any,
) -> None:
    """Whatever the server does with the key, it reaches no PO, TMX, cache or message."""
    monkeypatch.chdir(workspace)
    monkeypatch.setenv("REVIEW_TOOL_PROGRESS", "0")
    monkeypatch.setenv("REVIEW_TOOL_LIBRE_URL", fake_libre.url)
    monkeypatch.setenv("REVIEW_TOOL_LIBRE_API_KEY", ODD_KEY)
    assert main(["import", DOC, "--to", "fr"]) == 0
    fake_libre._answer = answer
    outputs = []
    for args, expected in (
        # exit 1 where the only MT engine asked for failed on every segment (issue 15)
        (["suggest", FR_PO, "--engine", "libre", "--pretranslate", "--format", "json"], (0, 1)),
        (["suggest", FR_PO, "--engine", "libre", "--offline", "--format", "json"], (0, 1)),
        (["export", FR_PO, "--format", "tmx", "--include-fuzzy", "--out", "out.tmx"], (0,)),
    ):
        capsys.readouterr()
        code = main(args)
        out, err = capsys.readouterr()
        assert code in expected, err
        outputs += [out, err]
    assert any(r.get("api_key") == ODD_KEY for r in fake_libre.requests)  # the key was sent
    for text in outputs:
        assert _leaked_forms(text) == [], text[:3000]
    for path in sorted(workspace.rglob("*")):
        if path.is_file():
            data = path.read_bytes().decode("utf-8", "replace")
            assert _leaked_forms(data) == [], path
    if answer is _echo_translation:  # the answer itself is kept, with the key masked
        store = PoStore.load(workspace / FR_PO)
        assert any(e.fuzzy and "(api_key=***)" in e.msgstr for e in store.entries)
        assert "(api_key=***)" in (workspace / "out.tmx").read_text(encoding="utf-8")
    else:  # the error is shown, masked
        assert "***" in outputs[0]


def test_a_key_already_in_the_cache_is_scrubbed_when_read(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache written by an older version (or by hand) that holds the key: ``--offline``
    answers from it, masked."""
    from review_tool.documents.paragraphs import read_document
    from review_tool.mt.cache import MTCache

    monkeypatch.chdir(workspace)
    monkeypatch.setenv("REVIEW_TOOL_PROGRESS", "0")
    monkeypatch.setenv("REVIEW_TOOL_LIBRE_URL", "http://127.0.0.1:9")  # never asked
    monkeypatch.setenv("REVIEW_TOOL_LIBRE_API_KEY", ODD_KEY)
    first = read_document(workspace / DOC).paragraphs[0].text
    cache = MTCache.in_workspace(workspace)
    cache.put("libre", "en", "fr", first, f"Traduit {ODD_KEY.upper()} ici")
    cache.close()
    code = main(["suggest", DOC, "--lang", "fr", "--engine", "libre", "--offline", "--format",
                 "json"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traduit *** ici" in out
    assert _leaked_forms(out + err) == []
