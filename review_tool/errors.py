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

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # So that an error raised in a worker process reaches the CLI intact (subclasses
        # have other constructor arguments).
        return (_rebuild, (type(self), self.path, self.line, self.message))

    def one_line(self) -> str:
        msg = " ".join(self.message.split())
        if self.path is None:
            return msg
        path = printable(self.path)
        if self.line is None:
            return f"{path}: {msg}"
        return f"{path}:{self.line}: {msg}"


def printable(text: str) -> str:
    """``text`` with control characters written as escapes (``\\n``), so that a file name
    holding a newline still makes one line of diagnostics."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _rebuild(cls: type[InputError], path: str | None, line: int | None, message: str) -> InputError:
    error = cls.__new__(cls)
    InputError.__init__(error, path, line, message)
    return error


class UsageError(Exception):
    """Bad command-line usage (exit status 2)."""
