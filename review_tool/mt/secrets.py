"""Credentials never leave an engine call: every form of them is cut out of what we keep.

A key reaches text we show or store in many spellings: as configured, URL-encoded in a
request line (``%2F`` or ``%2f``, ``+`` for a space), escaped in a JSON or HTML error body,
upper-cased by a proxy that echoes it, or inside the "translation" of a server that answers
with the request. :class:`Secrets` matches all of them in one case-insensitive pass, and is
applied to an answer or a message *before* it is shortened, so no prefix of a key survives a
truncation. deep-translator puts keys in exception texts and URLs; urllib3 logs request
lines with their query string: :class:`ScrubLogRecords` covers those.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Callable, Iterable
from urllib.parse import quote, quote_plus

MASK = "***"


class Secrets:
    """The credentials of one engine, and every encoded form of them."""

    def __init__(self, values: Iterable[str]) -> None:
        forms: set[str] = set()
        for value in values:
            if not value:
                continue
            forms.update(
                (
                    value,
                    quote(value, safe=""),
                    quote(value),
                    quote_plus(value),
                    html.escape(value),
                    json.dumps(value)[1:-1],
                )
            )
        self._pattern: re.Pattern[str] | None = None
        if forms:
            longest_first = sorted(forms, key=len, reverse=True)
            self._pattern = re.compile("|".join(re.escape(f) for f in longest_first), re.IGNORECASE)

    def __bool__(self) -> bool:
        return self._pattern is not None

    def scrub(self, text: str) -> str:
        """``text`` with every form of every credential replaced by ``***``."""
        if self._pattern is None:
            return text
        return self._pattern.sub(MASK, text)

    def found_in(self, text: str) -> bool:
        return self._pattern is not None and self._pattern.search(text) is not None


NO_SECRETS = Secrets(())


class ScrubLogRecords(logging.Filter):
    """Redact, in every log record, the credentials of the engine call running in this
    context (``current`` returns them; outside an engine call it returns None)."""

    def __init__(self, current: Callable[[], Secrets | None]) -> None:
        super().__init__()
        self._current = current

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = self._current()
        if not secrets:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is not ours to fix
            return True
        scrubbed = secrets.scrub(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        return True
