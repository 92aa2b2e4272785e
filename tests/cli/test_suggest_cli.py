"""``suggest``: ranked candidates from the fixer, the translation memory and a real
deep-translator engine talking to a LibreTranslate-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from review_tool.cli.main import main
from review_tool.po.store import PoStore

DOC = "corpus/sco-tianjin-summit-2025.en.txt"
FR_PO = "locales/fr/LC_MESSAGES/sco-tianjin-summit-2025.po"


def run_json(ws: Path, capsys, *args: str) -> dict:
    capsys.readouterr()
    assert main([*args, "--workspace", str(ws), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_fix_candidates_on_the_sample(workspace: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(workspace)
    data = run_json(workspace, capsys, "suggest", DOC, "--lang", "en", "--engine", "fix")
    segments = data["segments"]
    assert len(segments) == 16
    fixed = {s["index"]: s["candidates"][0] for s in segments}
    assert all(c["origin"] == "fix" for c in fixed.values())
    # Auto-fixable defects are gone; nothing else changed (the fixer reports no error left).
    assert "SCO 2024-2025 presidency" in fixed[1]["text"]
    assert "working together and working together" not in fixed[6]["text"]
    for cand in fixed.values():
        assert not [f for f in cand["findings"] if f["severity"] == "error"], cand


@pytest.fixture
def fr_workspace(workspace: Path, monkeypatch) -> Path:
    monkeypatch.chdir(workspace)
    assert main(["import", DOC, "--to", "fr", "--workspace", str(workspace)]) == 0
    return workspace


def test_libre_engine_candidates_then_offline_from_cache(
    fr_workspace: Path, fake_libre, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("REVIEW_TOOL_LIBRE_URL", fake_libre.url)
    data = run_json(fr_workspace, capsys, "suggest", FR_PO, "--engine", "fix,tm,libre")
    first = data["segments"][1]
    libre = [c for c in first["candidates"] if c["origin"] == "libre"]
    assert libre and libre[0]["text"] == f"[fr] {first['source']}"
    # The candidate is checked like any other: an English "Anti-Drug" in French text etc.
    assert isinstance(libre[0]["findings"], list)
    sent = fake_libre.request_count
    assert sent >= 16
    # Offline: the same answers come from the cache, and no request is sent.
    again = run_json(fr_workspace, capsys, "suggest", FR_PO, "--engine", "libre", "--offline")
    assert fake_libre.request_count == sent
    texts = [
        next(c["text"] for c in s["candidates"] if c["origin"] == "libre")
        for s in again["segments"]
    ]
    assert texts == [f"[fr] {s['source']}" for s in again["segments"]]


def test_failing_engine_does_not_stop_other_sources(
    fr_workspace: Path, fake_libre, capsys, monkeypatch
) -> None:
    fake_libre.mode = 429
    monkeypatch.setenv("REVIEW_TOOL_LIBRE_URL", fake_libre.url)
    monkeypatch.setenv("REVIEW_TOOL_LIBRE_API_KEY", "sk-TESTKEY-123456")
    # A second catalog in which segment 0 was approved: the TM remembers it.
    po = fr_workspace / FR_PO
    store = PoStore.load(po)
    other = fr_workspace / "locales/fr/LC_MESSAGES/other.po"
    other.write_bytes(po.read_bytes())
    approve = ["approve", str(other), "--index", "0", "--text", "Texte approuvé."]
    assert main([*approve, "--workspace", str(fr_workspace)]) == 0
    capsys.readouterr()
    args = ["suggest", FR_PO, "--engine", "tm,libre", "--format", "json"]
    # the only MT engine asked for failed everywhere: exit 1, the offline candidates given
    assert main([*args, "--workspace", str(fr_workspace)]) == 1
    out, err = capsys.readouterr()
    data = json.loads(out)
    seg0 = data["segments"][0]
    origins = [c["origin"] for c in seg0["candidates"]]
    assert origins[0] == "tm" and seg0["candidates"][0]["text"] == "Texte approuvé."
    assert seg0["number"] == seg0["index"] + 1 == 1
    assert "quota" in data["engine_errors"]["libre"].lower()
    assert not [c for s in data["segments"] for c in s["candidates"] if c.get("error")]
    # one line for the engine, not one per segment
    lines = [line for line in err.splitlines() if "libre" in line]
    assert len(lines) == 1 and lines[0].startswith("error: libre: ")
    assert f"({len(data['segments'])} segment(s) without it)" in lines[0]
    assert "sk-TESTKEY-123456" not in out + err
    assert store.entries[0].msgid == seg0["source"]


def test_pretranslate_writes_fuzzy_and_keeps_approved(
    fr_workspace: Path, fake_libre, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("REVIEW_TOOL_LIBRE_URL", fake_libre.url)
    assert (
        main(
            [
                "approve",
                FR_PO,
                "--index",
                "3",
                "--text",
                "Déjà approuvé.",
                "--workspace",
                str(fr_workspace),
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert (
        main(
            [
                "suggest",
                FR_PO,
                "--engine",
                "libre",
                "--pretranslate",
                "--workspace",
                str(fr_workspace),
            ]
        )
        == 0
    )
    store = PoStore.load(fr_workspace / FR_PO)
    assert store.entries[3].approved and store.entries[3].msgstr == "Déjà approuvé."
    others = [e for i, e in enumerate(store.entries) if i != 3]
    # The best candidate of each (the engine's, or its fixed version) went in, as fuzzy.
    assert all(e.fuzzy and e.msgstr.startswith("[fr] ") for e in others)


def test_unknown_engine_is_usage_error(workspace: Path, capsys) -> None:
    code = main(
        ["suggest", str(workspace / DOC), "--engine", "babelfish", "--workspace", str(workspace)]
    )
    assert code == 2
    assert "unknown engine" in capsys.readouterr().err


def test_no_network_text_output_says_each_engine_once(
    fr_workspace: Path, capsys, monkeypatch
) -> None:
    """A LibreTranslate URL where nothing listens (no network): fix and TM still answer."""
    monkeypatch.setenv("REVIEW_TOOL_LIBRE_URL", "http://127.0.0.1:9/")
    capsys.readouterr()
    args = ["suggest", FR_PO, "--engine", "fix,tm,libre", "--workspace", str(fr_workspace)]
    assert main(args) == 1
    out, err = capsys.readouterr()
    assert err.count("error: libre: ") == 1
    assert out.startswith("#1 ") and "error" not in out
