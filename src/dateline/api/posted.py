"""Posted request bodies → Articles, through the same readers ``dateline ingest`` uses.

The content type picks the reader (text, HTML, JSON Lines); JSON is one article object
or a list of them (the fields of a JSONL line). A body without a usable content type is
sniffed like a file without a suffix. Bad input gives IngestErrors, never an exception.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from typing import Any

from dateline.api.errors import ApiError
from dateline.ingest.errors import ReadError, ingest_error
from dateline.ingest.jsonl import article_from_row
from dateline.ingest.readers import READERS, Reader, sniff
from dateline.model import Article, IngestError

SOURCE = "api"
MAX_ARTICLES = 1000  # per request: a bigger batch belongs to `dateline ingest`

# media type → reader (by the suffix a file of that type would have)
MEDIA_READERS: dict[str, str] = {
    "text/plain": ".txt",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "application/x-jsonlines": ".jsonl",
    "application/jsonlines": ".jsonl",
}
SNIFFED = ("", "application/octet-stream")


def _json_articles(body: bytes, source: str, limit: int) -> Iterator[Article | IngestError]:
    try:
        data: Any = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        yield ingest_error(source, f"bad JSON: {exc}")
        return
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    rows = data if isinstance(data, list) else [data]
    for i, row in enumerate(rows, 1):
        where = f"{source}#item={i}" if isinstance(data, list) else source
        try:
            article = article_from_row(row)
        except ReadError as exc:
            yield ingest_error(where, f"bad article object: {exc}")
            continue
        article.source = where
        yield article


def reader_for_media(content_type: str) -> Callable[[bytes, str, int], Iterator[Any]]:
    """The body reader for a Content-Type header; 415 for a type no reader takes."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "application/json":
        return _json_articles
    reader: Reader | None = READERS.get(MEDIA_READERS[media]) if media in MEDIA_READERS else None
    if reader is None and media in SNIFFED:

        def sniffed(body: bytes, source: str, limit: int) -> Iterator[Article | IngestError]:
            found = sniff(body[:8192])
            if found is None:
                yield ingest_error(source, "binary body: not an article (unknown type, not text)")
                return
            yield from found(io.BytesIO(body), source, limit)

        return sniffed
    if reader is None:
        known = ", ".join(["application/json", *MEDIA_READERS])
        raise ApiError(415, f"Cannot read {media or 'a body without type'}; send one of: {known}.")
    chosen = reader
    return lambda body, source, limit: chosen(io.BytesIO(body), source, limit)


def read_posted(body: bytes, content_type: str, limit: int) -> list[Article | IngestError]:
    """Articles (with ids) and errors from a request body."""
    if not body.strip():
        raise ApiError(
            422,
            "The request body is empty: post the article text, HTML, JSON or JSON Lines.",
            details=[{"loc": ["body"], "message": "empty"}],
        )
    read = reader_for_media(content_type)
    out: list[Article | IngestError] = []
    for item in read(body, SOURCE, limit):
        if isinstance(item, Article):
            item.with_id()
        out.append(item)
        if len(out) > MAX_ARTICLES:
            raise ApiError(
                413, f"More than {MAX_ARTICLES} articles in one request; split it or use the CLI."
            )
    return out
