"""The soak of benchmarks/soak.py, short: every acknowledged approval is in the file, and
the same run without the lock loses some (so the soak can fail)."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

SOAK = Path(__file__).resolve().parents[2] / "benchmarks" / "soak.py"

pytestmark = pytest.mark.skipif(
    not (shutil.which("msgcat") and shutil.which("flock")), reason="needs msgcat and flock"
)


def soak_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("soak", SOAK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_short_soak_keeps_every_acknowledged_approval(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REVIEW_TOOL_SOAK_WITHOUT_LOCK", raising=False)
    assert soak_module().run(2000, 6.0, without_lock=False) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert "0 lost, msgfmt --check clean" in out and "lock on" in out


def test_short_soak_without_the_lock_loses_approvals(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEW_TOOL_SOAK_WITHOUT_LOCK", "1")  # restored after the test
    soak = soak_module()
    # A race: lost approvals are the rule, but a slow run may be lucky; up to three tries.
    assert any(soak.run(2000, 6.0, without_lock=True) == 1 for _ in range(3))
    assert "lock OFF" in capsys.readouterr().out
