"""Readers: turn files, folders, globs and stdin into :class:`~dateline.model.Article`s.

* :func:`iter_sources` expands paths: a folder recursively (sorted, hidden files skipped),
  a glob, ``-`` for stdin; anything else is passed on as given.
* :func:`read_source` reads one of them, choosing the reader by suffix in
  :data:`READERS` (``.txt``, ``.html``, ``.jsonl``, ``.warc``, ``.warc.gz``...) or by
  sniffing the first bytes; it yields Articles (``.source`` and ``.id`` set) and
  IngestErrors, and never raises for bad input.
* :func:`read_paths` does both.

Bad input is recorded, never fatal: an empty file ("empty"), a binary one ("binary
file"), an HTML page without article text ("HTML with no body text"), a bad JSONL line, a
WARC cut mid-record, an unreadable path ("unreadable: ...") each give an IngestError with
that reason, and reading goes on. Bytes are decoded with the BOM, else the declared
charset (HTTP header, ``<meta>``), else UTF-8, else cp1252/latin-1; ``Article.encoding``
says which, ``Article.encoding_fallback`` whether it was the fallback. One article larger
than ``SETTINGS.max_bytes`` (10 MB; ``DATELINE_MAX_BYTES``) is not read at all (at most
that many bytes are held in memory) and is recorded as "too large"; in a JSONL or WARC
file the limit applies per line/record, so the rest of the file is still read.
"""

from __future__ import annotations

import glob
import io
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from dateline import config
from dateline.ingest.errors import ReadError, ingest_error
from dateline.ingest.readers import READERS, Reader, reader_for, sniff
from dateline.ingest.text import parse_text_article
from dateline.model import Article, IngestError

__all__ = [
    "READERS",
    "ReadError",
    "iter_sources",
    "parse_text_article",
    "read_paths",
    "read_source",
]

STDIN = "-"
_GLOB_CHARS = frozenset("*?[")


def _walk(folder: Path) -> Iterator[str]:
    """Files under ``folder`` in sorted order, recursively; hidden entries skipped."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        yield str(folder)  # read_source will report why it cannot be read
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows symlinks; a dangling one is not a dir
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path)
        else:
            yield str(path)


def iter_sources(paths: Iterable[str | Path]) -> Iterator[str]:
    """Every source named by ``paths``: folders walked, globs expanded, ``-`` kept."""
    for raw in paths:
        path = str(raw)
        if path == STDIN:
            yield STDIN
        elif Path(path).is_dir():
            yield from _walk(Path(path))
        elif _GLOB_CHARS & set(path) and not Path(path).exists():
            for match in sorted(glob.glob(path, recursive=True)):
                if Path(match).is_dir():
                    yield from _walk(Path(match))
                else:
                    yield match
        else:
            yield path


def _choose(stream: BinaryIO, name: str) -> Reader | None:
    reader = reader_for(name)
    if reader is None:
        reader = sniff(stream.peek(8192)[:8192])  # type: ignore[attr-defined]
    return reader


def _read_stream(stream: BinaryIO, name: str, source: str) -> Iterator[Article | IngestError]:
    limit = config.SETTINGS.max_bytes
    reader = _choose(stream, name)
    if reader is None:
        yield ingest_error(source, "binary file: not an article (unknown type, not text)")
        return
    yield from reader(stream, source, limit)


def read_source(path: str | Path) -> Iterator[Article | IngestError]:
    """Articles and errors from one path (or ``-`` for stdin); never raises for bad input."""
    name = str(path)
    if name == STDIN:
        stream = io.BufferedReader(sys.stdin.buffer)  # type: ignore[arg-type]
        yield from _guard(_read_stream(stream, "", "stdin"), "stdin")
        return
    try:
        handle = open(name, "rb")  # noqa: SIM115 (closed below, after the generator)
    except IsADirectoryError:
        yield ingest_error(name, "unreadable: is a directory")
        return
    except FileNotFoundError:
        reason = "dangling symlink" if os.path.islink(name) else "no such file"
        yield ingest_error(name, f"unreadable: {reason}")
        return
    except OSError as exc:
        yield ingest_error(name, f"unreadable: {exc.strerror or exc}")
        return
    with handle:
        yield from _guard(_read_stream(handle, name, name), name)


def _guard(items: Iterator[Article | IngestError], source: str) -> Iterator[Article | IngestError]:
    """Turn an unexpected failure of a reader into an IngestError, so a batch goes on."""
    try:
        yield from items
    except OSError as exc:
        yield ingest_error(source, f"unreadable: {exc.strerror or exc}")
    except Exception as exc:  # a reader bug must not end the batch: record it
        yield ingest_error(source, f"reader failed: {type(exc).__name__}: {exc}")


def read_paths(paths: Iterable[str | Path]) -> Iterator[Article | IngestError]:
    """Articles and errors from every source the paths name, in order."""
    for source in iter_sources(paths):
        yield from read_source(source)
