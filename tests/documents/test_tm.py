"""Translation memory: matches at or above the threshold, best first, same as a full scan."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz, process, utils

from review_tool.documents import tm as tm_module
from review_tool.documents.tm import TranslationMemory

WORDS = (
    "summit leaders member states cooperation security economic development council "
    "declaration strategy presidency partner dialogue region stability trade energy "
    "innovation connectivity governance organization meeting centre threats challenges"
).split()


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 16))).capitalize() + "."


def test_threshold_and_ranking() -> None:
    memory = TranslationMemory()
    memory.add("The SCO summit opened in Tianjin.", "Le sommet de l'OCS s'est ouvert.", "a.po#1")
    memory.add("The SCO summit closed in Tianjin.", "Le sommet de l'OCS s'est clos.", "a.po#2")
    memory.add("Completely unrelated text about weather.", "Météo.", "a.po#3")
    found = memory.lookup("The SCO summit opened in Tianjin today.")
    assert [m.origin for m in found] == ["a.po#1", "a.po#2"]
    assert found[0].score > found[1].score >= 75
    assert memory.lookup("Nothing like it at all", threshold=75) == []


@pytest.mark.parametrize("size", [3_000])
def test_word_index_prefilter_agrees_with_a_full_scan(monkeypatch, size: int) -> None:
    monkeypatch.setattr(tm_module, "INDEX_MIN_SEGMENTS", 1_000)  # force the inverted index
    rng = random.Random(7)
    segments = [sentence(rng) for _ in range(size)]
    memory = TranslationMemory()
    memory.add_many((s, f"T{i}", f"#{i}") for i, s in enumerate(segments))
    keys = [utils.default_process(s) for s in segments]
    for _ in range(40):
        base = rng.choice(segments).split()
        base[rng.randrange(len(base))] = rng.choice(WORDS)  # a near repeat
        query = " ".join(base)
        ours = memory.lookup(query, limit=1)
        full = process.extract(
            utils.default_process(query),
            keys,
            scorer=fuzz.ratio,
            limit=1,
            score_cutoff=75,
            processor=None,
        )
        assert bool(ours) == bool(full)
        if ours:
            assert ours[0].score == pytest.approx(full[0][1])
