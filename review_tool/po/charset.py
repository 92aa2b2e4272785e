"""A PO file's charset: its bytes decoded to UTF-8 before parsing, and encoded back on writing.

gettext reads a PO file in the charset its header declares (``Content-Type: text/plain;
charset=EUC-JP``): ISO-8859-x, KOI8-R, CP125x, EUC-JP, EUC-KR, GB2312, GBK, GB18030, Big5,
Shift_JIS ...  The parser works on UTF-8 bytes only, so a file in another charset is decoded
first: in Big5 and Shift_JIS the second byte of a character can be ``\\`` or ``"`` (``功`` is
``A5 5C`` in Big5), which a parser of the raw bytes would take for an escape or a quote.  In
UTF-8 no byte of a multi-byte character is ASCII.  Newlines map one to one, so line numbers
(and every error's line) are the same in both.

The store keeps the UTF-8 form and encodes what it writes back in the file's own charset
(:func:`encode_file`).  A file is accepted only if its bytes come back the same from that
round trip, so untouched entries stay byte-identical; text the charset cannot encode is
refused with its line, before anything is written.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from review_tool.errors import InputError

# The header's charset: in the first entry, which comes within the first 64 KiB of any
# PO file we accept (entries hold no NUL, and the header is short).
_CHARSET_RE = re.compile(rb"charset=([A-Za-z0-9_.:+-]+)")
_HEADER_WINDOW = 1 << 16
# "CHARSET" is what xgettext leaves in a template: gettext reads it as ASCII-compatible.
_UTF8_NAMES = frozenset({"utf-8", "utf8", "charset"})
_MO_MAGIC = (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")
# Every charset gettext allows for PO files writes ASCII as ASCII; one that does not
# (UTF-16, EBCDIC, UTF-7, the bytes-to-bytes "codecs") cannot hold a PO file.
_ASCII = "".join(map(chr, range(0x20, 0x7F))) + "\n\t\r"


def _convert_hint(path: Path) -> str:
    return f"convert the file to UTF-8 first: msgconv --to-code=UTF-8 -o {path.name} {path.name}"


def declared_charset(data: bytes, path: Path) -> str | None:
    """The charset the header declares, if not UTF-8 (None: UTF-8, or none declared).

    Refused with the header's line: a charset Python has no codec for (EUC-TW,
    GEORGIAN-PS, VISCII ...), or one that is not ASCII-compatible.
    """
    match = _CHARSET_RE.search(data, 0, _HEADER_WINDOW)
    if match is None:
        return None
    name = match.group(1).decode("ascii")
    if name.lower() in _UTF8_NAMES or _codec_name(name) == "utf-8":
        return None
    try:
        usable = _codec_name(name) is not None and _ASCII.encode(name) == _ASCII.encode()
    except (LookupError, UnicodeError):
        usable = False
    if not usable:
        line = data.count(b"\n", 0, match.start()) + 1
        raise InputError(
            path, line, f"charset {name}: Python has no codec to read it; {_convert_hint(path)}"
        )
    return name


def _codec_name(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_file(data: bytes, path: Path) -> tuple[bytes, str | None]:
    """The file's bytes as UTF-8, and its charset (None: the bytes are UTF-8 already).

    A UTF-8 file is returned as it is (:func:`check_bytes` validates it).  Otherwise the
    whole file is decoded: a byte sequence invalid in the charset, or one that does not
    encode back to the same bytes, is refused with its line.
    """
    charset = declared_charset(data, path)
    if charset is None:
        return data, None
    _refuse_binary(data, path)
    if data.isascii() and codecs.lookup(charset).name == "ascii":
        return data, charset
    try:
        text = data.decode(charset)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            path, line, f"invalid {charset} (byte 0x{data[exc.start]:02x}), the header's charset"
        ) from None
    try:
        same = text.encode(charset) == data
    except UnicodeEncodeError:
        same = False
    if not same:
        line = _first_differing_line(data, text, charset)
        raise InputError(
            path,
            line,
            f"bytes that Python's {charset} codec does not read back the same; "
            + _convert_hint(path),
        )
    return text.encode(), charset


def _first_differing_line(data: bytes, text: str, charset: str) -> int:
    for number, (raw, line) in enumerate(
        zip(data.split(b"\n"), text.split("\n"), strict=False), start=1
    ):
        try:
            if line.encode(charset) != raw:
                return number
        except UnicodeEncodeError:
            return number
    return 1


def encode_file(data: bytes, charset: str | None, path: Path) -> bytes:
    """UTF-8 ``data`` (a whole file as the store holds it) in the file's ``charset``.

    Text the charset cannot hold is refused with its line in the file being written.
    """
    if charset is None:
        return data
    text = data.decode()
    try:
        return text.encode(charset)
    except UnicodeEncodeError as exc:
        char = text[exc.start]
        line = text.count("\n", 0, exc.start) + 1
        raise InputError(
            path,
            line,
            f"{char!r} (U+{ord(char):04X}) cannot be written in {charset}, the file's "
            f"charset; {_convert_hint(path)}",
        ) from None


def check_bytes(data: bytes, path: Path) -> None:
    """Refuse what is not a PO text file in UTF-8 (empty, binary, MO, invalid UTF-8).

    Files in other charsets come here after :func:`decode_file`, as UTF-8.
    """
    if not data or data.isspace():
        raise InputError(path, 1, "empty file (a PO file needs at least a header entry)")
    _refuse_binary(data, path)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            path,
            line,
            f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); the header declares UTF-8 "
            "(or no charset): is it another one?",
        ) from None


def _refuse_binary(data: bytes, path: Path) -> None:
    nul = data.find(b"\0")
    if nul >= 0:
        if data[:4] in _MO_MAGIC:
            raise InputError(path, 1, "compiled MO file, not a PO file (msgunfmt converts it)")
        line = data.count(b"\n", 0, nul) + 1
        raise InputError(path, line, "binary file (NUL byte), not a PO file")


def charset_mismatch(content_type: str, charset: str | None) -> str | None:
    """Why a parsed header's Content-Type disagrees with the charset the file was read in."""
    match = _CHARSET_RE.search(content_type.encode("utf-8", "replace"))
    declared = match.group(1).decode() if match is not None else None
    if declared is not None and declared.lower() in _UTF8_NAMES:
        declared = None
    same = (declared is None and charset is None) or (
        declared is not None
        and charset is not None
        and _codec_name(declared) == _codec_name(charset)
    )
    if same:
        return None
    return (
        f"the header declares charset {declared or 'UTF-8'}, but the file was read as "
        f"{charset or 'UTF-8'} (the first charset= in the file); put the header first"
    )
