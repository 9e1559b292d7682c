"""Analysis on Dask distributed: chunks out to workers, results back to one writer.

The client (the ``dateline ingest`` process) reads the input lazily, cuts it into chunks of
about 50 articles, and keeps at most two chunks per worker thread in flight, so memory stays
flat on any corpus size and the workers need no access to the input files. Every worker
loads the spaCy pipeline once (:class:`PipelinePlugin`). Results are written by the client
in submission order (the store never sees concurrent writers; a file counts as done only
after all its articles are written, which is what ``--resume`` relies on).

Failure handling, per chunk:

* an article that raises or runs over the time limit is an error inside the chunk's
  results (``dateline.batch.analyse_chunk``);
* a worker that dies (killed, out of memory) has its tasks rescheduled by Dask; a chunk that
  still fails with ``KilledWorker`` is split into one-article tasks, and an article that
  kills a worker on its own is recorded as failed;
* a chunk whose result has not come back long after its time limit (a call stuck in C code
  that the in-thread time limit cannot interrupt) is cancelled, the worker that held it is
  restarted, and the chunk is split and retried the same way;
* any other failure of a task is recorded for each of its articles.

So no article is silently dropped: each one is written or recorded in the errors table.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import dask
from distributed import Client, Future, KilledWorker, LocalCluster, WorkerPlugin
from distributed import TimeoutError as DaskTimeoutError

from dateline.batch import _Chunk, _Item, analyse_chunk, failed_results, warm_up

if TYPE_CHECKING:
    from dateline.batch import Result, _Writer

log = logging.getLogger(__name__)

Analyse = Callable[[list[_Item], float | None], list["Result"]]

# Seconds a chunk may take beyond (time limit x articles) before the client gives up on it.
GRACE_S = 120.0
# How long to wait for a remote scheduler to have at least one worker.
WAIT_FOR_WORKERS_S = 120.0


class PipelinePlugin(WorkerPlugin):
    """Loads the Dateline pipeline once per worker process, before any task runs."""

    name = "dateline-pipeline"

    async def setup(self, worker: Any) -> None:
        # In a thread, so the worker's event loop keeps answering heartbeats meanwhile.
        await asyncio.get_running_loop().run_in_executor(None, warm_up)


def worker_environ() -> dict[str, Any]:
    """The environment Dask's nanny gives a new worker, without ``MALLOC_TRIM_THRESHOLD_``.

    Dask sets it (65536) so that workers hand freed memory back to the OS; any explicit
    value also turns off glibc's adaptive mmap threshold, and spaCy's many mid-sized
    allocations then each cost an mmap and page faults: measured here, 30-45% more CPU
    per article (benchmarks/README.md, Scaling). The thread caps stay."""
    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}) or {})
    environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    return environ


@contextlib.contextmanager
def connect(cluster: str, workers: int) -> Iterator[Client]:
    """A client for ``"local"`` (a new LocalCluster of ``workers`` processes) or an address."""
    if cluster == "local":
        # A chunk that was running when its worker died is tried on one more worker, then
        # comes back as KilledWorker and is split (see module docstring).
        # One task at a time per worker (saturation 1.0), so a dying worker takes down
        # only the chunk it was running, not innocent chunks queued behind it.
        # No statistical profiler in the workers (it samples every thread every 10 ms).
        config = {
            "distributed.scheduler.allowed-failures": 1,
            "distributed.scheduler.worker-saturation": 1.0,
            "distributed.worker.profile.enabled": False,
            "distributed.nanny.pre-spawn-environ": worker_environ(),
        }
        with dask.config.set(config):
            local = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        try:
            with Client(local) as client:
                yield client
        finally:
            local.close()
    elif "://" in cluster:
        with Client(cluster, timeout=30) as client:
            client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS_S)
            yield client
    else:
        raise ValueError(f"unknown --cluster {cluster!r}: use local or tcp://HOST:PORT")


@dataclass
class _Task:
    chunk: _Chunk
    future: Future | None  # None: nothing to analyse (only file-end markers)


def _split(chunk: _Chunk) -> list[_Chunk]:
    """One chunk per article (markers ride with the article before them)."""
    parts: list[_Chunk] = []
    for item in chunk.items:
        if item.article is None and parts:
            parts[-1].items.append(item)
        else:
            parts.append(_Chunk([item], tries=chunk.tries + 1))
    return parts


class _Dispatcher:
    def __init__(self, client: Client, writer: _Writer, timeout: float | None, analyse: Analyse):
        self.client = client
        self.writer = writer
        self.timeout = timeout
        self.analyse = analyse
        self.pending: deque[_Task] = deque()

    def submit(self, chunk: _Chunk) -> _Task:
        if not any(it.article is not None for it in chunk.items):
            return _Task(chunk, None)
        future = self.client.submit(self.analyse, chunk.items, self.timeout, pure=False)
        return _Task(chunk, future)

    def limit_s(self, chunk: _Chunk) -> float | None:
        if not self.timeout:
            return None
        n = sum(it.article is not None for it in chunk.items)
        return self.timeout * n + GRACE_S

    def retry_or_record(self, task: _Task, reason: str) -> None:
        """Split a multi-article chunk into one-article tasks; record a single article
        (Dask already tried it on another worker, or it was stuck past its limit)."""
        n = sum(it.article is not None for it in task.chunk.items)
        if n > 1:
            retry = [self.submit(part) for part in _split(task.chunk)]
            self.pending.extendleft(reversed(retry))  # keep the writing order
            return
        self.writer.write_chunk(task.chunk.items, failed_results(task.chunk.items, reason))

    def finish_head(self) -> None:
        task = self.pending.popleft()
        if task.future is None:
            self.writer.write_chunk(task.chunk.items, [None] * len(task.chunk.items))
            return
        try:
            results = task.future.result(timeout=self.limit_s(task.chunk))
        except KilledWorker:
            self.retry_or_record(task, "a worker process died while analysing it")
            return
        except (DaskTimeoutError, TimeoutError):
            self._abandon(task.future)
            self.retry_or_record(
                task, f"analysis ran over the time limit of {self.timeout:g} s (worker restarted)"
            )
            return
        except Exception as exc:  # the task failed as a whole (e.g. could not be sent)
            reason = f"distributed analysis failed: {type(exc).__name__}: {exc}"
            self.writer.write_chunk(task.chunk.items, failed_results(task.chunk.items, reason))
            return
        finally:
            task.future.release()
        self.writer.write_chunk(task.chunk.items, results)

    def _abandon(self, future: Future) -> None:
        """Cancel a stuck task and restart the worker running it (its thread cannot be
        interrupted any other way); the worker's other tasks are rescheduled by Dask."""
        holders = [w for w, keys in self.client.processing().items() if future.key in keys]
        self.client.cancel(future)
        if holders:
            try:
                self.client.restart_workers(holders, raise_for_error=False)
            except Exception as exc:  # the worker is gone already: nothing to restart
                log.warning("could not restart worker %s: %s", holders, exc)


def run_dask(
    chunks: Iterator[_Chunk],
    writer: _Writer,
    cluster: str,
    workers: int,
    timeout: float | None,
    analyse: Analyse = analyse_chunk,
    client: Client | None = None,
) -> None:
    """Analyse ``chunks`` on the Dask cluster ``cluster``; the writer stores the results.

    ``client``: an already connected client to use instead (the cluster is then left open).
    """
    with contextlib.ExitStack() as stack:
        if client is None:
            client = stack.enter_context(connect(cluster, workers))
        client.register_plugin(PipelinePlugin(), name=PipelinePlugin.name)
        window = 2 * max(1, sum(client.nthreads().values()))
        run = _Dispatcher(client, writer, timeout, analyse)
        exhausted = False
        while True:
            while not exhausted and len(run.pending) < window:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                else:
                    run.pending.append(run.submit(chunk))
            if not run.pending:
                return
            run.finish_head()
