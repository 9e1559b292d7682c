"""The reader registry: file suffix -> reader, and sniffing for unknown suffixes.

A reader takes an open binary stream, the source label and the byte limit of one
article, and yields Articles and IngestErrors (it never raises for bad input).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import BinaryIO

from dateline.ingest.decode import DecodeError, check_bytes, decode, is_binary
from dateline.ingest.errors import ReadError, ingest_error
from dateline.ingest.html import parse_html
from dateline.ingest.jsonl import read_jsonl
from dateline.ingest.text import parse_text_article
from dateline.ingest.warc import read_warc
from dateline.model import Article, IngestError

Reader = Callable[[BinaryIO, str, int], Iterator[Article | IngestError]]


def read_whole(stream: BinaryIO, limit: int) -> bytes:
    """The whole stream, or ReadError when it is over ``limit`` bytes (never reads past it)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ReadError(
            f"too large: over {limit} bytes for one article "
            "(raise DATELINE_MAX_BYTES to read it, or split the file)"
        )
    check_bytes(data)
    return data


def read_text(stream: BinaryIO, source: str, limit: int) -> Iterator[Article | IngestError]:
    try:
        data = read_whole(stream, limit)
    except (ReadError, DecodeError) as exc:
        yield ingest_error(source, str(exc))
        return
    decoded = decode(data)
    article = parse_text_article(
        decoded.text, encoding=decoded.encoding, encoding_fallback=decoded.fallback
    )
    if not article.text.strip():
        yield ingest_error(source, "empty: no text left once page furniture is removed")
        return
    article.source = source
    yield article


def read_html(stream: BinaryIO, source: str, limit: int) -> Iterator[Article | IngestError]:
    try:
        article = parse_html(read_whole(stream, limit))
    except (ReadError, DecodeError) as exc:
        yield ingest_error(source, str(exc))
        return
    article.source = source
    yield article


_HTML_HEAD = re.compile(rb"(?i)<(!doctype\s+html|html|head|body|article|p|div|meta)[\s>/]")


def sniff(head: bytes) -> Reader | None:
    """The reader for content of unknown type, from its first bytes; None for binary."""
    if head.startswith(b"WARC/") or head.startswith(b"\x1f\x8b"):
        return read_warc
    if is_binary(head):
        return None
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if _HTML_HEAD.search(stripped[:2048]):
        return read_html
    if stripped.startswith(b"{") and b'"text"' in head:
        return read_jsonl
    return read_text


READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".warc": read_warc,
    ".warc.gz": read_warc,
}


def reader_for(name: str) -> Reader | None:
    """The registered reader for a file name (longest matching suffix), else None."""
    lower = name.lower()
    for suffix in sorted(READERS, key=len, reverse=True):
        if lower.endswith(suffix):
            return READERS[suffix]
    return None
