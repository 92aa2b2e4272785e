"""Shared fixtures: a throw-away copy of the sample workspace."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpus" / "sco-tianjin-summit-2025.en.txt"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A workspace with the sample corpus and glossary, and no locales yet."""
    (tmp_path / "corpus").mkdir()
    shutil.copy(SAMPLE, tmp_path / "corpus" / SAMPLE.name)
    shutil.copytree(REPO / "glossary", tmp_path / "glossary")
    return tmp_path
