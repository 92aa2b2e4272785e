"""A progress bar on stderr for long runs (only on a terminal, and only after a moment)."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


class Progress:
    def __init__(
        self, total: int, label: str, *, stream: TextIO | None = None, delay: float = 0.5
    ) -> None:
        self.total = max(total, 1)
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.started = time.monotonic()
        self.done = 0
        self._last_draw = 0.0
        self._drawn = False
        forced = os.environ.get("REVIEW_TOOL_PROGRESS")
        self.enabled = forced == "1" or (forced != "0" and self.stream.isatty())

    def advance(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < self.delay or now - self._last_draw < 0.1:
            return
        self._last_draw = now
        self._draw(now)

    def _draw(self, now: float) -> None:
        width = 30
        frac = min(self.done / self.total, 1.0)
        filled = int(frac * width)
        rate = self.done / max(now - self.started, 1e-9)
        bar = "█" * filled + "░" * (width - filled)
        self.stream.write(
            f"\r{self.label} {bar} {self.done}/{self.total} ({frac:4.0%}) {rate:,.0f}/s "
        )
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
