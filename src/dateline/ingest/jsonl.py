"""JSON Lines: one article per line (title, text, url, published, updated, outlet, authors).

Each line is read on its own (bounded by ``max_bytes``), so a bad or oversized line is an
IngestError for that line (``path#line=N``) and the file goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from dateline.ingest.compose import build_article
from dateline.ingest.decode import decode
from dateline.ingest.errors import ReadError, ingest_error
from dateline.ingest.html import to_datetime
from dateline.ingest.text import split_paragraphs
from dateline.model import Article, IngestError

_STR_FIELDS = ("url", "outlet", "language")


def article_from_row(row: Any) -> Article:
    if not isinstance(row, dict):
        raise ReadError(f"not a JSON object but a {type(row).__name__}")
    text = row.get("text") or row.get("body") or ""
    if not isinstance(text, str) or not text.strip():
        raise ReadError("no 'text' field (or it is empty)")
    fields: dict[str, Any] = {k: str(row[k]) for k in _STR_FIELDS if row.get(k)}
    for key in ("published", "updated"):
        if row.get(key):
            when = to_datetime(str(row[key]))
            if when is None:
                raise ReadError(f"'{key}' is not a date: {str(row[key])[:40]!r}")
            fields[key] = when
    authors = row.get("authors") or row.get("author")
    if authors:
        fields["authors"] = [authors] if isinstance(authors, str) else [str(a) for a in authors]
    title = row.get("title")
    paragraphs = split_paragraphs(text.replace("\r\n", "\n").split("\n"))
    return build_article(str(title) if title else None, paragraphs, **fields)


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes), or None for a line longer than ``limit`` (skipped unread)."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the long line
                line = stream.readline(1 << 20)
            yield number, None
        else:
            yield number, line


def read_jsonl(stream: BinaryIO, source: str, limit: int) -> Iterator[Article | IngestError]:
    for number, raw in _lines(stream, limit):
        where = f"{source}#line={number}"
        if raw is None:
            yield ingest_error(where, f"too large: the line is over {limit} bytes")
            continue
        if not raw.strip():
            continue
        try:
            decoded = decode(raw)
            article = article_from_row(json.loads(decoded.text))
        except (ValueError, ReadError, RecursionError) as exc:
            # RecursionError: json's parser on a line nested thousands deep ("[[[[...");
            # without it the reader's guard ended the whole file (found by fuzzing)
            yield ingest_error(where, f"bad JSONL line: {exc}")
            continue
        article.source = where
        article.encoding, article.encoding_fallback = decoded.encoding, decoded.fallback
        yield article
