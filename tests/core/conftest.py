"""Shared fixtures of the core tests: the shipped sample glossary and corpus, loaded once."""

from __future__ import annotations

import pytest
from testkit import REPO

from review_tool.core.checks.checker import Checker
from review_tool.core.glossary import Glossary, load
from review_tool.documents.paragraphs import Paragraph, read_document

SAMPLE_GLOSSARY = REPO / "glossary" / "sco.tsv"
SAMPLE_CORPUS = REPO / "corpus" / "sco-tianjin-summit-2025.en.txt"


@pytest.fixture(scope="session")
def sample_glossary() -> Glossary:
    return load([SAMPLE_GLOSSARY])


@pytest.fixture(scope="session")
def sample_checker(sample_glossary: Glossary) -> Checker:
    return Checker(sample_glossary)


@pytest.fixture(scope="session")
def sample_paragraphs() -> tuple[Paragraph, ...]:
    return read_document(SAMPLE_CORPUS).paragraphs
