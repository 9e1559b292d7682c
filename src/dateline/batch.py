"""The batch runner: read → analyse → store, for folders of articles.

* Reading is lazy (``dateline.ingest``); a read error is recorded and the batch goes on.
* Analysis runs in chunks of ~50 through ``nlp.pipe``: in this process (``workers=1``), on
  a plain process pool (``cluster="pool"``, the default when ``workers>1``: quick to start)
  or on Dask distributed (``cluster="local"``, a LocalCluster, or ``"tcp://host:8786"``,
  many machines; see ``dateline.distributed``); each worker loads the spaCy pipeline once; at most two chunks per
  worker are in flight, so memory stays flat on any corpus size.
* One writer (this process) stores the results in order: one transaction per article;
  ``out=["parquet:DIR"]`` also (or instead) writes the facts as Parquet files.
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
import ctypes
import multiprocessing
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from dateline.config import SETTINGS
from dateline.model import Article, ArticleFacts, IngestError
from dateline.store import Store

STDIN = "-"
DEFAULT_CHUNK = 50  # articles per task: big enough for nlp.pipe, small enough to retry

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


_REFIRE_S = 0.5  # a time limit that was swallowed fires again after this


class ArticleTimeout(BaseException):  # noqa: N818  (BaseException: no component swallows it)
    """An article ran over the per-article time limit."""


@contextlib.contextmanager
def _deadline(seconds: float | None) -> Iterator[None]:
    """Raise ArticleTimeout in this thread after ``seconds``.

    In a main thread on POSIX (the CLI, a process-pool worker) this is SIGALRM; in any other
    thread (a Dask worker runs tasks in a thread pool) a watchdog timer raises the exception
    asynchronously in the analysing thread. Both land at the next Python bytecode, so pure
    Python work (every Dateline component) is interrupted; a single C call that never
    returns is not (the client-side guard in ``dateline.distributed`` covers that case).
    """
    if not seconds or seconds <= 0:
        yield
        return
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
    else:
        with _watchdog(seconds):
            yield


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def on_alarm(signum: int, frame: Any) -> None:
        # Fire again soon: an exception raised inside a gc callback or __del__ is swallowed
        # ("unraisable"), and the limit must not be lost with it.
        signal.setitimer(signal.ITIMER_REAL, _REFIRE_S)
        raise ArticleTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _watchdog(seconds: float) -> Iterator[None]:
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        delay = seconds
        while not stop.wait(delay):
            with lock:  # never raise into the thread once it has left the guarded block
                if state["done"]:
                    return
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(target), ctypes.py_object(ArticleTimeout)
                )
            delay = _REFIRE_S  # again, in case it landed where exceptions are swallowed

    stop = threading.Event()
    timer = threading.Thread(target=fire, daemon=True, name="dateline-deadline")
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
        stop.set()
        if state["fired"]:
            # The exception may still be pending (not yet delivered): deliver it here, inside
            # the guarded block, rather than at a random later point of the caller.
            time.sleep(0)


# --------------------------------------------------------------------------- analysis

Result = ArticleFacts | IngestError | None  # None: a file-end marker passed through


def _source(article: Article) -> str:
    return article.source or article.id


def _over(timeout: float | None) -> str:
    return f"analysis ran over the time limit of {timeout or 0:g} s"


def _analyse_one(article: Article, timeout: float | None) -> ArticleFacts | IngestError:
    from dateline.pipeline import analyze

    source = _source(article)
    try:
        with _deadline(timeout):
            return analyze(article)
    except ArticleTimeout:
        return _error(source, _over(timeout), "analyse")
    except Exception as exc:  # one bad article must not end the batch
        return _error(source, f"analysis failed: {type(exc).__name__}: {exc}", "analyse")


def analyse_chunk(items: list[_Item], timeout: float | None) -> list[Result]:
    """Facts (or an error) for every article of a chunk, markers passed through as None.

    The chunk goes through ``nlp.pipe`` at once (fast); if anything in it fails or the
    chunk runs over ``timeout`` per article, each article is redone alone so that only the
    bad one is recorded as failed.
    """
    from dateline.pipeline import analyze_many, get_nlp

    articles = [it.article for it in items if it.article is not None]
    if articles:
        get_nlp()  # loading the model (once) must not count against the articles' time

    results: list[ArticleFacts | IngestError]
    try:
        with _deadline(timeout * len(articles) if timeout and articles else None):
            results = list(analyze_many(articles))
    except ArticleTimeout:
        if len(articles) == 1:  # the only article ran over: no need to run it again
            results = [_error(_source(articles[0]), _over(timeout), "analyse")]
        else:
            results = [_analyse_one(a, timeout) for a in articles]
    except Exception:
        results = [_analyse_one(a, timeout) for a in articles]
    out: list[Result] = []
    it = iter(results)
    for item in items:
        out.append(next(it) if item.article is not None else None)
    return out


def warm_up() -> None:
    """Load the pipeline and the components' lazy data (actor KB, gazetteer...) once, so
    that the first real article does not pay for it against its time limit."""
    from dateline.gazetteer import preload
    from dateline.pipeline import analyze

    analyze(Article(text="Talks resume\n\nThe minister said in Paris on Monday that talks go on."))
    preload()  # tables the sentence above does not reach


def _init_worker() -> None:
    """Pool initializer: load the pipeline once per process; leave Ctrl-C to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warm_up()


# --------------------------------------------------------------------------- reading


def _read_timed(file: str, timeout: float | None, on_error: Any) -> Iterator[Article | IngestError]:
    """What ``read_source`` yields, each article read under the per-article time limit.

    Reading (decoding, trafilatura on a page) runs in this process, outside analysis: a
    page that takes the reader past the limit is recorded as failed instead of stalling
    the batch. The reader's generator cannot go on after the interruption, so the rest of
    that file is not read (said in the reason). Stdin is not timed: it may just be slow.
    """
    from dateline.ingest import read_source

    reader = read_source(file)
    if file == STDIN or not timeout:
        yield from reader
        return
    n = 0
    while True:
        try:
            with _deadline(timeout):
                obj = next(reader, None)
        except ArticleTimeout:
            reader.close()
            reason = (
                f"reading ran over the time limit of {timeout:g} s "
                f"(after {n} items of this file; the rest of it was not read)"
            )
            on_error(_error(file, reason, "read"))
            return
        if obj is None:
            return
        n += 1
        yield obj


def _items(
    sources: list[str],
    store: Store,
    resume: bool,
    summary: IngestSummary,
    on_error: Any,
    is_stored: Callable[[str], bool] | None = None,
    timeout: float | None = None,
) -> Iterator[_Item]:
    """Articles to analyse, in order, with a marker after each file; errors recorded."""
    is_stored = is_stored or store.has_article
    for file in sources:
        if resume and file != STDIN and store.source_done(file):
            summary.skipped += 1
            yield _Item(file)
            continue
        for obj in _read_timed(file, timeout, on_error):
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
            if is_stored(obj.id):  # already stored: no need to analyse it again
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


class FactSink(Protocol):
    """Somewhere besides the store that facts go (e.g. Parquet files); see ``--out``."""

    def has(self, article_id: str) -> bool: ...

    def write(self, facts: list[ArticleFacts]) -> set[str]:
        """Write the articles not written before (all at once); their ids."""
        ...

    def close(self) -> None: ...


class _Writer:
    """The single writer: stores results in order and keeps the summary.

    With a sink, a chunk's facts go to the sink first (one atomic file), then each article
    to the store in its own transaction; with ``keep_db=False`` the store keeps only the
    bookkeeping (sources, errors) that ``--resume`` and ``dateline errors`` need.
    """

    def __init__(
        self,
        store: Store,
        summary: IngestSummary,
        tick: Callable[[bool], None],
        sink: FactSink | None = None,
        keep_db: bool = True,
    ):
        self.store = store
        self.summary = summary
        self.tick = tick
        self.sink = sink
        self.keep_db = keep_db or sink is None
        self._new: set[str] = set()

    def is_stored(self, article_id: str) -> bool:
        if self.keep_db:
            return self.store.has_article(article_id)
        return self.sink is not None and self.sink.has(article_id)

    def write_chunk(self, items: list[_Item], results: list[Result]) -> None:
        if self.sink is not None:
            facts = [r for r in results if isinstance(r, ArticleFacts)]
            try:
                self._new = self.sink.write(facts) if facts else set()
            except Exception as exc:  # the sink failed for this chunk: record its articles
                reason = f"writing facts failed: {type(exc).__name__}: {exc}"
                results = [
                    _error(it.article.source or it.file, reason, "store")
                    if isinstance(r, ArticleFacts) and it.article is not None
                    else r
                    for it, r in zip(items, results, strict=True)
                ]
        for item, result in zip(items, results, strict=True):
            self.write(item, result)

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
            if self._save(result):
                self.summary.stored += 1
            else:
                self.summary.duplicates += 1
        except Exception as exc:  # a store failure for one article: record it, go on
            source = item.article.source or item.file
            self.error(_error(source, f"store failed: {type(exc).__name__}: {exc}", "store"))
            return
        self.tick(False)

    def _save(self, facts: ArticleFacts) -> bool:
        if self.keep_db:
            return self.store.save(facts)
        new = facts.article.id in self._new
        if facts.article.source:
            self.store.mark_source(
                facts.article.source, facts.article.id, "stored" if new else "duplicate"
            )
        return new


def _run_local(chunks: Iterator[_Chunk], writer: _Writer, timeout: float | None) -> None:
    for chunk in chunks:
        writer.write_chunk(chunk.items, analyse_chunk(chunk.items, timeout))


def _pool(workers: int) -> ProcessPoolExecutor:
    # forkserver: children start clean (no threads or open database inherited from us).
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_init_worker,
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
            writer.write_chunk(chunk.items, results)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _fail_chunk(chunk: _Chunk, writer: _Writer, reason: str) -> None:
    """Record every article of a chunk as failed (file-end markers still count)."""
    writer.write_chunk(chunk.items, failed_results(chunk.items, reason))


def failed_results(items: list[_Item], reason: str) -> list[Result]:
    return [
        None if it.article is None else _error(it.article.source or it.file, reason, "analyse")
        for it in items
    ]


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
    cluster: str | None = None,
    out: Sequence[str] = ("db",),
) -> IngestSummary:
    """Read, analyse and store every article the paths name; failures are recorded.

    ``timeout`` is the per-article time limit in seconds (default
    ``SETTINGS.article_timeout_s``; 0 for none). ``cluster`` picks where analysis runs:
    ``None`` (this process when ``workers == 1``, else a process pool), ``"local"`` (a
    Dask LocalCluster of ``workers`` processes), ``"tcp://host:8786"`` (an existing Dask
    scheduler) or ``"pool"`` (a plain process pool). ``out`` names where facts go: ``"db"``
    (the store) and/or ``"parquet:DIR"``; the store always keeps sources and errors.
    """
    from dateline.ingest import iter_sources

    if timeout is None:
        timeout = SETTINGS.article_timeout_s
    keep_db, sink = _outputs(out)
    if cluster is None and workers > 1:
        # a pool starts in a second or two; a Dask LocalCluster costs several seconds more
        # per run for no gain on one machine (benchmarks/scaling.py)
        cluster = "pool"
    summary = IngestSummary()
    sources = list(iter_sources(paths))  # names only; the articles are read lazily
    try:
        with _progress_display(progress, len(sources), summary) as tick:
            writer = _Writer(store, summary, tick, sink=sink, keep_db=keep_db)
            items = _items(
                sources, store, resume, summary, writer.error, writer.is_stored, timeout or None
            )
            chunks = _chunks(items, max(1, chunk_size))
            if cluster == "pool":
                _run_pool(chunks, writer, max(1, workers), timeout or None)
            elif cluster:
                from dateline.distributed import run_dask

                run_dask(chunks, writer, cluster, max(1, workers), timeout or None)
            else:
                _run_local(chunks, writer, timeout or None)
    finally:
        if sink is not None:
            sink.close()
    return summary


def _outputs(out: Sequence[str]) -> tuple[bool, FactSink | None]:
    """(facts go to the store?, the extra sink) from ``--out`` values: db, parquet:DIR."""
    keep_db, sink = False, None
    for target in out or ("db",):
        if target == "db":
            keep_db = True
        elif target.startswith("parquet:") and target[len("parquet:") :]:
            if sink is not None:
                raise ValueError("give --out parquet:DIR once")
            from dateline.distributed.parquet import ParquetSink

            sink = ParquetSink(target[len("parquet:") :])
        else:
            raise ValueError(f"unknown --out {target!r}: use db or parquet:DIR")
    return keep_db or sink is None, sink
