"""Errors that reach the user as one line naming the file and line (exit status 2)."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input: the CLI prints ``file:line: message`` on stderr and exits with status 2."""

    def __init__(self, path: str | Path | None, line: int | None, message: str) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.message = message
        super().__init__(self.one_line())

    def one_line(self) -> str:
        msg = " ".join(self.message.split())
        if self.path is None:
            return msg
        if self.line is None:
            return f"{self.path}: {msg}"
        return f"{self.path}:{self.line}: {msg}"


class UsageError(Exception):
    """Bad command-line usage (exit status 2)."""
