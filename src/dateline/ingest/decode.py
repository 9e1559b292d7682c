"""Bytes to text: BOM, then the declared charset, then UTF-8, then a recorded fallback.

Also the two checks every reader needs before decoding: is this a binary file, and is
it empty.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# Longest BOM first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# cp1252 first (what mislabelled Western pages almost always are); latin-1 never fails.
FALLBACKS: tuple[str, ...] = ("cp1252", "latin-1")
# Control characters other than tab, newline, form feed and carriage return.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SNIFF_BYTES = 8192


class DecodeError(ValueError):
    """The bytes are not text (binary, or empty): the reason is the message."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    fallback: bool  # True when neither the declared charset nor UTF-8 decoded the bytes


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def is_binary(data: bytes) -> bool:
    """NUL bytes, or mostly control characters, in the first 8 KiB (BOM'd UTF-16/32 is text)."""
    head = data[:_SNIFF_BYTES]
    if not head or bom_encoding(head):
        return False
    if b"\x00" in head:
        return True
    return len(_CONTROL.findall(head)) > 0.1 * len(head)


def check_bytes(data: bytes) -> None:
    """Raise DecodeError for what no reader can use."""
    if not data.strip():
        raise DecodeError("empty: the file has no content")
    if is_binary(data):
        raise DecodeError("binary file: not text (NUL or control bytes)")


def _known(charset: str | None) -> str | None:
    """The codec a declared charset names, if it is a text encoding Python has.

    A page may declare a bytes-to-bytes codec (rot13, base64, zlib...): ``bytes.decode``
    refuses those with LookupError, so they count as unknown (found by fuzzing).
    """
    if not charset:
        return None
    try:
        info = codecs.lookup(charset.strip().strip("'\""))
    except (LookupError, ValueError):  # ValueError: a name with a NUL in it
        return None
    return info.name if getattr(info, "_is_text_encoding", True) else None


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Decode with the first charset that works, recording it and whether it was a fallback."""
    bom = bom_encoding(data)
    if bom:
        name, size = bom
        return Decoded(data[size:].decode(name, errors="replace"), name, False)
    tried: list[str] = []
    for charset in (_known(declared), "utf-8"):
        if charset and charset not in tried:
            tried.append(charset)
            try:
                return Decoded(data.decode(charset), charset, False)
            except UnicodeError:  # also what 'undefined', 'punycode', 'idna' raise
                continue
    for charset in FALLBACKS:
        try:
            return Decoded(data.decode(charset), charset, True)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


def html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag (in its first 4 KiB, as browsers do)."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", errors="ignore") if m else None


def header_charset(content_type: str | None) -> str | None:
    """The charset of an HTTP Content-Type header value."""
    if not content_type:
        return None
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.IGNORECASE)
    return m.group(1) if m else None
