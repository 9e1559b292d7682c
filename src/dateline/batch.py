"""The batch runner: read → analyse → store, for folders of articles.

* Reading is lazy (``dateline.ingest``); a read error is recorded and the batch goes on.
* Analysis runs in chunks through ``nlp.pipe`` in this process (``workers=1``) or in a
  process pool whose initializer loads the spaCy pipeline once per process (``workers>1``);
  at most ``2 * workers`` chunks are in flight, so memory stays flat on any corpus size.
* One writer (this process) stores the results in order: one transaction per article.
* A bad article (read error, analysis exception, over the per-article time limit) is
  recorded in the store's ``errors`` table; a worker process that dies has its chunk
  retried once in a fresh pool, then recorded.
* ``resume=True`` skips sources (files, JSONL lines, WARC records) a previous run finished;
  an article whose id is already stored is never analysed again.

Progress: ``progress=True`` shows a rich progress bar on stderr (files done / total, with
the running counts); ``progress=callable`` calls it with the :class:`IngestSummary` after
every article instead; ``progress=False`` shows nothing.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dateline.config import SETTINGS
from dateline.model import Article, ArticleFacts, IngestError
from dateline.store import Store

STDIN = "-"
DEFAULT_CHUNK = 32  # articles per task: big enough for nlp.pipe, small enough to retry

ProgressCallback = Callable[["IngestSummary"], None]


@dataclass
class IngestSummary:
    """What a batch did. ``read`` counts articles read; ``failed`` every recorded failure."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    skipped: int = 0  # sources a previous run finished (--resume)
    failures: list[IngestError] = field(default_factory=list)

    def fail(self, error: IngestError) -> None:
        self.failed += 1
        self.failures.append(error)


# --------------------------------------------------------------------------- work items


@dataclass
class _Item:
    """One article to analyse, or (article is None) the end of a source file."""

    file: str
    article: Article | None = None


@dataclass
class _Chunk:
    items: list[_Item]
    tries: int = 0


def _error(source: str, reason: str, stage: str) -> IngestError:
    return IngestError(source=source, reason=reason, stage=stage, time=datetime.now(UTC))


# --------------------------------------------------------------------------- time limit


class ArticleTimeout(BaseException):  # noqa: N818  (BaseException: no component swallows it)
    """An article ran over the per-article time limit."""


@contextlib.contextmanager
def _deadline(seconds: float | None) -> Iterator[None]:
    """Raise ArticleTimeout after ``seconds`` (SIGALRM; only in a main thread on POSIX)."""
    usable = (
        seconds
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise ArticleTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))  # type: ignore[arg-type]
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --------------------------------------------------------------------------- analysis

Result = ArticleFacts | IngestError | None  # None: a file-end marker passed through


def _analyse_one(article: Article, timeout: float | None) -> ArticleFacts | IngestError:
    from dateline.pipeline import analyze

    source = article.source or article.id
    try:
        with _deadline(timeout):
            return analyze(article)
    except ArticleTimeout:
        return _error(source, f"analysis ran over the time limit of {timeout:g} s", "analyse")
    except Exception as exc:  # one bad article must not end the batch
        return _error(source, f"analysis failed: {type(exc).__name__}: {exc}", "analyse")


def analyse_chunk(items: list[_Item], timeout: float | None) -> list[Result]:
    """Facts (or an error) for every article of a chunk, markers passed through as None.

    The chunk goes through ``nlp.pipe`` at once (fast); if anything in it fails or the
    chunk runs over ``timeout`` per article, each article is redone alone so that only the
    bad one is recorded as failed.
    """
    from dateline.pipeline import analyze_many

    articles = [it.article for it in items if it.article is not None]
    results: list[ArticleFacts | IngestError]
    try:
        with _deadline(timeout * len(articles) if timeout and articles else None):
            results = list(analyze_many(articles))
    except (Exception, ArticleTimeout):
        results = [_analyse_one(a, timeout) for a in articles]
    out: list[Result] = []
    it = iter(results)
    for item in items:
        out.append(next(it) if item.article is not None else None)
    return out


def _init_worker() -> None:
    """Pool initializer: load the pipeline once per process; leave Ctrl-C to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from dateline.pipeline import get_nlp

    get_nlp()


# --------------------------------------------------------------------------- reading


def _items(
    sources: list[str], store: Store, resume: bool, summary: IngestSummary, on_error: Any
) -> Iterator[_Item]:
    """Articles to analyse, in order, with a marker after each file; errors recorded."""
    from dateline.ingest import read_source

    for file in sources:
        if resume and file != STDIN and store.source_done(file):
            summary.skipped += 1
            yield _Item(file)
            continue
        for obj in read_source(file):
            if isinstance(obj, IngestError):
                on_error(obj)
                continue
            summary.read += 1
            src = obj.source or file
            if not obj.id:
                obj.with_id()
            if resume and src != file and store.source_done(src):
                summary.skipped += 1
                continue
            if store.has_article(obj.id):  # already stored: no need to analyse it again
                summary.duplicates += 1
                store.mark_source(src, obj.id, "duplicate")
                continue
            yield _Item(file, obj)
        yield _Item(file)


def _chunks(items: Iterable[_Item], size: int) -> Iterator[_Chunk]:
    chunk: list[_Item] = []
    n_articles = 0
    for item in items:
        chunk.append(item)
        n_articles += item.article is not None
        if n_articles >= size or (item.article is None and len(chunk) >= size):
            yield _Chunk(chunk)
            chunk, n_articles = [], 0
    if chunk:
        yield _Chunk(chunk)


# --------------------------------------------------------------------------- the runner


class _Writer:
    """The single writer: stores results in order and keeps the summary."""

    def __init__(self, store: Store, summary: IngestSummary, tick: Callable[[bool], None]):
        self.store = store
        self.summary = summary
        self.tick = tick

    def error(self, error: IngestError) -> None:
        self.store.record_error(error)
        self.summary.fail(error)
        self.tick(False)

    def write(self, item: _Item, result: Result) -> None:
        if item.article is None:  # the end of a file: remember it is finished
            if item.file != STDIN and not self.store.source_done(item.file):
                self.store.mark_source(item.file, None, "done")
            self.tick(True)
            return
        if isinstance(result, IngestError):
            self.error(result)
            return
        assert result is not None
        try:
            if self.store.save(result):
                self.summary.stored += 1
            else:
                self.summary.duplicates += 1
        except Exception as exc:  # a store failure for one article: record it, go on
            source = item.article.source or item.file
            self.error(_error(source, f"store failed: {type(exc).__name__}: {exc}", "store"))
            return
        self.tick(False)


def _run_local(chunks: Iterator[_Chunk], writer: _Writer, timeout: float | None) -> None:
    for chunk in chunks:
        for item, result in zip(chunk.items, analyse_chunk(chunk.items, timeout), strict=True):
            writer.write(item, result)


def _pool(workers: int) -> ProcessPoolExecutor:
    # forkserver: children start clean (no threads or open database inherited from us).
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context(method), initializer=_init_worker
    )


def _run_pool(
    chunks: Iterator[_Chunk], writer: _Writer, workers: int, timeout: float | None
) -> None:
    """Chunks to a process pool, at most 2 per worker in flight, results written in order."""
    pool = _pool(workers)
    pending: deque[tuple[_Chunk, Future[list[Result]]]] = deque()
    try:
        exhausted = False
        while True:
            while not exhausted and len(pending) < 2 * workers:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                pending.append((chunk, pool.submit(analyse_chunk, chunk.items, timeout)))
            if not pending:
                return
            chunk, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                # A worker died (killed, out of memory): retry what was in flight once in a
                # fresh pool; a chunk that breaks a pool twice is recorded as failed.
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(workers)
                retry = [chunk] + [c for c, _ in pending]
                pending.clear()
                for c in retry:
                    c.tries += 1
                    if c.tries > 1:
                        _fail_chunk(c, writer, "a worker process died while analysing it")
                    else:
                        pending.append((c, pool.submit(analyse_chunk, c.items, timeout)))
                continue
            for item, result in zip(chunk.items, results, strict=True):
                writer.write(item, result)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _fail_chunk(chunk: _Chunk, writer: _Writer, reason: str) -> None:
    for item in chunk.items:
        if item.article is None:
            writer.write(item, None)
        else:
            writer.write(item, _error(item.article.source or item.file, reason, "analyse"))


@contextlib.contextmanager
def _progress_display(
    progress: bool | ProgressCallback, total: int, summary: IngestSummary
) -> Iterator[Callable[[bool], None]]:
    """A ``tick(file_done)`` function that updates the bar or calls the callback."""
    if callable(progress):
        yield lambda file_done: progress(summary)
        return
    if not progress:
        yield lambda file_done: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("", total=total)

    def tick(file_done: bool) -> None:
        s = summary
        bar.update(
            task,
            advance=1 if file_done else 0,
            description=f"{s.stored} stored, {s.duplicates} dup, {s.failed} failed",
        )

    with bar:
        yield tick


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    workers: int = 1,
    resume: bool = False,
    progress: bool | ProgressCallback = True,
    timeout: float | None = None,
    chunk_size: int = DEFAULT_CHUNK,
) -> IngestSummary:
    """Read, analyse and store every article the paths name; failures are recorded.

    ``timeout`` is the per-article time limit in seconds (default
    ``SETTINGS.article_timeout_s``; 0 for none).
    """
    from dateline.ingest import iter_sources

    if timeout is None:
        timeout = SETTINGS.article_timeout_s
    summary = IngestSummary()
    sources = list(iter_sources(paths))  # names only; the articles are read lazily
    with _progress_display(progress, len(sources), summary) as tick:
        writer = _Writer(store, summary, tick)
        items = _items(sources, store, resume, summary, writer.error)
        chunks = _chunks(items, max(1, chunk_size))
        if workers > 1:
            _run_pool(chunks, writer, workers, timeout or None)
        else:
            _run_local(chunks, writer, timeout or None)
    return summary
