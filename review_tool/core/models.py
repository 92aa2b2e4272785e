"""Domain types shared by every layer: small frozen dataclasses, no behaviour beyond helpers.

Offsets (``start``/``end``) are Python string indices into the text that was checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
Status = Literal["preferred", "admitted", "forbidden"]
STATUSES: tuple[Status, ...] = ("preferred", "admitted", "forbidden")
SEVERITY_RANK = {"warning": 1, "error": 2}


@dataclass(frozen=True, slots=True)
class Term:
    """One term of a concept in one language."""

    concept: str
    lang: str
    text: str
    status: Status
    note: str = ""
    origin: str = ""  # "file:line" it was read from, for messages

    @property
    def valid(self) -> bool:
        return self.status != "forbidden"


@dataclass(frozen=True, slots=True)
class Finding:
    """A defect found in a text: what rule, where, and how to fix it if we know."""

    rule: str
    severity: Severity
    start: int
    end: int
    text: str
    message: str
    suggestion: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True, slots=True)
class Edit:
    """One change applied by the fixer: ``text[start:end]`` (was ``old``) became ``new``.

    ``start``/``end`` are offsets into the text the edit was applied to.
    """

    start: int
    end: int
    old: str
    new: str
    rule: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed translation for a segment, already checked against the glossary."""

    origin: str
    text: str
    score: float
    findings: tuple[Finding, ...] = ()
    edits: tuple[Edit, ...] = ()
    detail: str = ""  # e.g. where a TM match came from
    error: str | None = None  # an engine that failed: text is empty, error says why

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    def rank_key(self) -> tuple[int, int, float, str]:
        failed = 1 if self.error is not None else 0
        return (failed, self.error_count, -self.score, self.origin)
