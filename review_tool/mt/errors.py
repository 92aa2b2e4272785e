"""What a machine-translation failure looks like to the rest of review_tool.

Why it exists: every engine failure must reach the user as one line, ``MTError(engine,
kind, message)``, whatever deep-translator or the service raised. This module holds that
exception and the tables that turn service answers (HTTP status codes, Baidu's and Yandex's
error codes, JSON error bodies) into a kind; :class:`review_tool.mt.engines.MachineTranslator`
does the classifying, since it knows the call that failed.
"""

from __future__ import annotations

from typing import Literal

import requests

__all__ = [
    "BAIDU_KIND",
    "SERVER_EXCEPTION_KIND",
    "STATUS_KIND",
    "MTError",
    "MTErrorKind",
    "response_detail",
    "shorten",
]

MTErrorKind = Literal[
    "network", "auth", "quota", "language", "timeout", "server", "config", "offline"
]


class MTError(Exception):
    """A machine-translation failure, as one line for the user: ``"<engine>: <message>"``.

    ``kind`` is one of ``network``, ``auth``, ``quota``, ``language``, ``timeout``,
    ``server``, ``config`` or ``offline``. Messages never contain credentials.
    """

    def __init__(self, engine: str, kind: MTErrorKind, message: str) -> None:
        super().__init__(engine, kind, message)
        self.engine = engine
        self.kind: MTErrorKind = kind
        self.message = " ".join(message.split())

    def __str__(self) -> str:
        return f"{self.engine}: {self.message}"


STATUS_KIND: dict[int, MTErrorKind] = {
    401: "auth",
    402: "auth",
    403: "auth",
    429: "quota",
    456: "quota",
}
# Baidu answers HTTP 200 with an error_code (https://fanyi-api.baidu.com/doc/21).
BAIDU_KIND: dict[str, MTErrorKind] = {
    "52001": "timeout",
    "52002": "server",
    "52003": "auth",
    "54001": "auth",
    "58000": "auth",
    "58002": "auth",
    "90107": "auth",
    "54003": "quota",
    "54004": "quota",
    "54005": "quota",
    "58001": "language",
}
# deep-translator's ServerException keeps only a name for the code (Yandex's API codes).
SERVER_EXCEPTION_KIND: dict[str, MTErrorKind] = {
    "ERR_KEY_INVALID": "auth",
    "ERR_KEY_BLOCKED": "auth",
    "ERR_DAILY_REQ_LIMIT_EXCEEDED": "quota",
    "ERR_DAILY_CHAR_LIMIT_EXCEEDED": "quota",
    "ERR_TOO_MANY_REQUESTS": "quota",
    "ERR_LANG_NOT_SUPPORTED": "language",
    "ERR_SERVICE_NOT_AVAIBLE": "server",
}


def response_detail(response: requests.Response) -> tuple[str | None, str | None]:
    """(service error code, service error message) from a JSON error body, if any."""
    try:
        data = response.json()
    except Exception:  # HTML error pages, empty bodies...
        return None, None
    if not isinstance(data, dict):
        return None, None
    code = data.get("error_code", data.get("code"))
    message: str | None = None
    for key in ("error", "message", "error_msg", "detail"):
        value = data.get(key)
        if isinstance(value, dict):
            value = value.get("message")
        if isinstance(value, str) and value.strip():
            message = value
            break
    return (str(code) if code is not None else None), message


def shorten(detail: str) -> str:
    """One line of at most 200 characters; callers scrub secrets first, so no prefix of a key
    is left by the cut."""
    return " ".join(detail.split())[:200]
