"""The fixer on the evaluation documents (issue 14, item 13): every edit it makes lies on a
planted defect of the gold list — never on correct text, a trap (a URL, a dateline, a quoted
title, a pronoun that spells an acronym, a typographic apostrophe) or a protected span; a
paragraph without a defect comes back unchanged. The documents are
benchmarks/eval/documents/*, each with its own glossary.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein
from testkit import REPO

from review_tool.core.checks.checker import Checker
from review_tool.core.fixer import fix
from review_tool.core.glossary import load
from review_tool.core.protected_spans import protected_spans

DOCUMENTS = REPO / "benchmarks" / "eval" / "documents"
FOLDERS = sorted(p for p in DOCUMENTS.iterdir() if (p / "gold.json").is_file())
SLACK = 2  # an edit touching a defect or this close to it is part of its fix (as the harness)


def paragraphs(folder: Path, gold: dict) -> list[str]:
    text = (folder / gold["document"]).read_text(encoding="utf-8")
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_the_fixer_edits_only_the_defects(folder: Path) -> None:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    checker = Checker(load([folder / gold["glossary"]]))
    for number, para in enumerate(paragraphs(folder, gold), start=1):
        defects = [(d["start"], d["end"]) for d in gold["defects"] if d["paragraph"] == number]
        traps = [(t["start"], t["end"]) for t in gold["traps"] if t["paragraph"] == number]
        protected = [(s.start, s.end) for s in protected_spans(para)]
        fixed = fix(para, gold["lang"], checker, source=para, source_lang=gold["lang"]).text
        if not defects:
            assert fixed == para, f"paragraph {number} has no defect but was edited"
            continue
        for tag, i1, i2, _, _ in Levenshtein.opcodes(para, fixed).as_list():
            if tag == "equal":
                continue
            where = f"paragraph {number}: edit of {para[max(0, i1 - 10) : i2 + 10]!r}"
            assert any(i1 < e + SLACK and s - SLACK < max(i2, i1 + 1) for s, e in defects), where
            assert not any(i1 < e and s < i2 for s, e in traps + protected), where
