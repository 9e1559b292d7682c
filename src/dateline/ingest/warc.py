"""WARC and WARC.gz files (warcio): every HTML response record is one article.

Other records (requests, metadata, images, PDFs...) are skipped. The record's
``WARC-Target-URI`` is the article URL; the charset of the HTTP ``Content-Type`` header
is tried first when decoding. A ``.warc.gz`` is decompressed member by member here (so a
truncated member is noticed) and each record's declared length is checked, so a file cut
mid-record yields the records read so far, then one IngestError saying where it was cut.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from dateline.ingest.decode import header_charset
from dateline.ingest.errors import ReadError, ingest_error
from dateline.ingest.html import parse_html
from dateline.model import Article, IngestError

_HTML_TYPES = ("text/html", "application/xhtml")


def _is_html(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return content_type.startswith(_HTML_TYPES)


def _drain(stream: Any) -> None:
    while stream.read(1 << 16):
        pass


class _Gunzip(io.RawIOBase):
    """Streams multi-member gzip; a member cut short sets ``truncated`` instead of raising.

    (``gzip.GzipFile`` raises on the cut and warcio swallows that, losing the records
    before it; this keeps them and lets the reader say where the file was cut.)
    """

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self.pending = b""
        self.truncated = False
        self.in_member = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.pending:
            chunk = self.inflate.unused_data or self.raw.read(1 << 16)
            if self.inflate.unused_data:  # the next member starts here
                self.inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
            if not chunk:
                self.truncated = self.in_member
                return 0
            try:
                self.pending = self.inflate.decompress(chunk)
            except zlib.error:
                self.truncated = True
                return 0
            self.in_member = not self.inflate.eof
        n = min(len(buffer), len(self.pending))
        buffer[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n


def _open(stream: BinaryIO) -> tuple[BinaryIO, _Gunzip | None]:
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[arg-type]
    if buffered.peek(2)[:2] == b"\x1f\x8b":
        gunzip = _Gunzip(buffered)  # type: ignore[arg-type]
        return io.BufferedReader(gunzip), gunzip  # type: ignore[return-value]
    return buffered, None  # type: ignore[return-value]


def read_warc(stream: BinaryIO, source: str, limit: int) -> Iterator[Article | IngestError]:
    number = 0
    uri = None
    opened, gunzip = _open(stream)
    try:
        for record in ArchiveIterator(opened):
            number += 1
            where = f"{source}#record={number}"
            uri = record.rec_headers.get_header("WARC-Target-URI")
            if not _is_html(record):
                _drain(record.raw_stream)
            else:
                content = record.content_stream().read(limit + 1)
                _drain(record.raw_stream)
            if record.raw_stream.limit > 0:  # fewer bytes than its Content-Length says
                yield ingest_error(
                    where,
                    f"WARC cut mid-record: record {number} ({uri}) lacks its last "
                    f"{record.raw_stream.limit} bytes; {number - 1} records before it were read",
                )
                return
            if not _is_html(record):
                continue
            if len(content) > limit:
                yield ingest_error(where, f"too large: the record is over {limit} bytes")
                continue
            charset = header_charset(record.http_headers.get_header("Content-Type"))
            try:
                article = parse_html(content, url=uri, charset=charset)
            except ReadError as exc:
                yield ingest_error(where, str(exc))
                continue
            article.source = where
            yield article
        if gunzip is not None and gunzip.truncated:
            raise EOFError("the last gzip member is incomplete")
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError, TypeError) as exc:
        # gzip's "ended before the end-of-stream marker", or warcio on cut headers.
        yield ingest_error(
            f"{source}#record={number + 1}",
            f"WARC cut mid-record: the file ends inside record {number + 1} "
            f"(after {number} complete records): {exc}",
        )
