"""Reading user text files with errors a user can act on: which file, which line, what byte."""

from __future__ import annotations

from pathlib import Path

from review_tool.errors import InputError


def read_bytes(path: Path, what: str = "file") -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, None, f"no such {what}") from None
    except IsADirectoryError:
        raise InputError(path, None, f"is a directory, expected a {what}") from None
    except OSError as exc:
        raise InputError(path, None, f"cannot read: {exc.strerror}") from None


def decode_utf8(path: Path, data: bytes) -> str:
    """UTF-8 text without its BOM; a NUL byte or invalid UTF-8 is an error naming the line."""
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise InputError(path, line, "binary file (NUL byte); expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        raise InputError(
            path, line, f"invalid UTF-8 at column {col} (byte 0x{data[exc.start]:02x})"
        ) from None
