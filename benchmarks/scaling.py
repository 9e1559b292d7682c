"""Scaling: 1 vs 2 Dask workers, Dask against ``nlp.pipe(n_process=2)``, a 16-worker estimate.

Corpus: ``--n`` short synthetic wire-style articles (``dateline.distributed.synthetic``,
seeded, read through the JSONL reader like real input), or ``--input FILE.jsonl``. No
dataset is needed. Measured in one run, each figure the median of ``--repeats`` runs:

* ``in_process``: ``analyze_many`` (``nlp.pipe``) in this process, warm: the per-article
  CPU cost of one worker, and the baseline of everything else;
* ``dask_1`` / ``dask_2``: the same articles through ``dateline.distributed.run_dask`` (chunks
  of 50, results back to one writer) on a warm LocalCluster of 1 / 2 worker processes;
  ``speedup_2_vs_1`` is their throughput ratio (target >= 1.7 on a quiet 2-core machine);
* ``e2e``: Dask (a fresh LocalCluster), spaCy's own ``nlp.pipe(n_process=2)`` and
  Dateline's plain process pool (``--cluster pool``), each from start (worker processes
  started, pipeline loaded in them) to the last facts back, in ``--repeats`` rounds that
  rotate their order; ``dask_vs_pipe`` / ``dask_vs_pool`` are the medians over rounds of
  Dask's throughput over theirs within a round (target >= 0.9, "within 10%"). spaCy sends Docs between processes as msgpack, which cannot carry
  Dateline's Doc extensions (pydantic objects), so for ``nlp.pipe`` the article travels as
  the tuple's context and the facts come back as JSON in ``doc.user_data`` (two components
  this script adds; see ``_pipe_nlp``);
* ``writer``: the cost of storing one article (SQLite, one transaction each) in the client;
* ``memory_per_worker_mb``: resident memory of each Dask worker after the run;
* ``estimate_16_workers``: articles/s = min(16 x per-worker rate x the parallel efficiency
  measured at 2 workers, 1 / writer cost per article). An estimate, not a measurement: it
  assumes 16 real cores, input and results cheap to ship, and the 2-worker efficiency.

    python benchmarks/scaling.py [--n 2000] [--repeats 3] [--workers 2] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "scaling.json"
CHUNK = 50


def _articles(args: argparse.Namespace, tmp: Path) -> list[Any]:
    from dateline.distributed.synthetic import write_jsonl
    from dateline.ingest import read_source
    from dateline.model import Article

    path = Path(args.input) if args.input else write_jsonl(tmp / "corpus.jsonl", args.n)[0]
    return [a for a in read_source(path) if isinstance(a, Article)][: args.n]


def _median_time(run: Callable[[], Any], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


class _Counter:
    """A writer that only counts (the analysis is what is measured, not the store)."""

    def __init__(self) -> None:
        self.n = 0
        self.failed = 0

    def write_chunk(self, items: list[Any], results: list[Any]) -> None:
        self.n += sum(r is not None for r in results)
        self.failed += sum(r is not None and not hasattr(r, "article") for r in results)


def _chunks(articles: list[Any]) -> Any:
    from dateline.batch import _Chunk, _Item

    for i in range(0, len(articles), CHUNK):
        yield _Chunk([_Item("bench", a) for a in articles[i : i + CHUNK]])


def _dask(articles: list[Any], workers: int, repeats: int) -> dict[str, Any]:
    from distributed import Client

    from dateline.distributed import PipelinePlugin, run_dask
    from dateline.distributed.dask_runner import connect

    def run(client: Client) -> None:
        counter = _Counter()
        run_dask(_chunks(articles), counter, "local", workers, 60.0, client=client)  # type: ignore[arg-type]
        assert counter.n == len(articles), (counter.n, len(articles))

    start = time.perf_counter()
    with connect("local", workers) as client:  # exactly the CLI's cluster settings
        client.register_plugin(PipelinePlugin(), name=PipelinePlugin.name)
        startup = time.perf_counter() - start
        first = _median_time(lambda: run(client), 1)  # the cold run: caches filling
        cpu_before = client.run(_cpu_seconds)
        steady = _median_time(lambda: run(client), repeats)
        cpu_after = client.run(_cpu_seconds)
        rss = client.run(lambda: __import__("psutil").Process().memory_info().rss)
    cpu = sum(cpu_after[w] - cpu_before.get(w, 0.0) for w in cpu_after) / repeats
    return {
        "workers": workers,
        "startup_s": round(startup, 2),
        "first_run_s": round(first, 2),
        "steady_s": round(steady, 2),
        "articles_per_s": round(len(articles) / steady, 2),
        "e2e_s": round(startup + first, 2),
        "e2e_articles_per_s": round(len(articles) / (startup + first), 2),
        "memory_per_worker_mb": round(statistics.median(rss.values()) / 2**20, 1),
        "worker_cpu_ms_per_article": round(1000 * cpu / len(articles), 2),
    }


def _cpu_seconds() -> float:
    import psutil

    t = psutil.Process().cpu_times()
    return float(t.user + t.system)


FACTS_KEY = "dateline_facts_json"


def _pipe_nlp() -> Any:
    """Dateline's pipeline, shaped for ``nlp.pipe(n_process=N)``: spaCy ships Docs between
    processes with ``Doc.to_bytes`` (msgpack), which cannot carry Dateline's Doc extensions
    (pydantic objects). So the Article travels as the tuple's context (pickled) and is put
    on the Doc by a first component, and a last component turns the facts into JSON in
    ``doc.user_data``: the same work Dask does when it pickles a chunk's facts."""
    from spacy.language import Language

    from dateline.pipeline import build_nlp, facts_from_doc

    if not Language.has_factory("bench_article_from_context"):

        @Language.component("bench_article_from_context")
        def article_from_context(doc: Any) -> Any:
            doc._.article = doc._context
            return doc

        @Language.component("bench_facts_to_json")
        def facts_to_json(doc: Any) -> Any:
            facts = facts_from_doc(doc).model_dump_json()
            doc.user_data.clear()  # the extension values: pydantic objects
            doc.user_data[FACTS_KEY] = facts
            return doc

    nlp = build_nlp()
    nlp.add_pipe("bench_article_from_context", first=True)
    nlp.add_pipe("bench_facts_to_json", last=True)
    return nlp


def _dask_e2e(articles: list[Any], workers: int) -> float:
    """Seconds from starting a LocalCluster (the CLI's settings) to the last facts back."""
    from dateline.distributed import PipelinePlugin, run_dask
    from dateline.distributed.dask_runner import connect

    start = time.perf_counter()
    with connect("local", workers) as client:
        client.register_plugin(PipelinePlugin(), name=PipelinePlugin.name)
        counter = _Counter()
        run_dask(_chunks(articles), counter, "local", workers, 60.0, client=client)  # type: ignore[arg-type]
        seconds = time.perf_counter() - start
    assert counter.n == len(articles), (counter.n, len(articles))
    return seconds


def _pipe(articles: list[Any], n_process: int) -> dict[str, Any]:
    """spaCy's own ``nlp.pipe(n_process=N)`` over Dateline's pipeline, from start (worker
    processes forked, the pipeline built) to the last facts parsed back."""
    from dateline.config import SETTINGS
    from dateline.model import ArticleFacts

    def run() -> None:
        nlp = _pipe_nlp()
        pairs = ((a.text[: SETTINGS.max_chars], a) for a in articles)
        n = 0
        for doc, _ in nlp.pipe(pairs, as_tuples=True, n_process=n_process, batch_size=CHUNK):
            ArticleFacts.model_validate_json(doc.user_data[FACTS_KEY])
            n += 1
        assert n == len(articles)

    seconds = _median_time(run, 1)  # a failure is recorded by _end_to_end
    return {"n_process": n_process, "e2e_s": round(seconds, 2), "e2e_articles_per_s": round(len(articles) / seconds, 2)}  # fmt: skip


def _pool(articles: list[Any], workers: int) -> dict[str, Any]:
    """Dateline's plain process pool (``--cluster pool``): workers load the pipeline once,
    chunks of 50 go out, results come back in order; from start to the last facts."""
    from dateline.batch import _run_pool

    counter = _Counter()
    seconds = _median_time(lambda: _run_pool(_chunks(articles), counter, workers, 60.0), 1)  # type: ignore[arg-type]
    assert counter.n == len(articles)
    return {"workers": workers, "e2e_s": round(seconds, 2), "e2e_articles_per_s": round(len(articles) / seconds, 2)}  # fmt: skip


def _in_process(articles: list[Any], repeats: int, tmp: Path) -> dict[str, Any]:
    from dateline.batch import warm_up
    from dateline.pipeline import analyze_many
    from dateline.store import open_store

    warm_up()
    facts: list[Any] = []

    def run() -> None:
        facts[:] = list(analyze_many(articles, batch_size=CHUNK))

    cpu_start = time.process_time()
    seconds = _median_time(run, repeats)
    cpu = (time.process_time() - cpu_start) / repeats
    with open_store(tmp / "writer.db") as store:
        start = time.perf_counter()
        for f in facts:
            store.save(f)
        write_s = time.perf_counter() - start
    return {
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(articles) / seconds, 2),
        "wall_ms_per_article": round(1000 * seconds / len(articles), 2),
        # CPU time is what a quiet core would take (wall time on a shared machine is not).
        "cpu_ms_per_article": round(1000 * cpu / len(articles), 2),
        "writer_ms_per_article": round(1000 * write_s / len(facts), 3),
    }


def _end_to_end(articles: list[Any], workers: int, repeats: int) -> dict[str, Any]:
    """Dask, ``nlp.pipe(n_process)`` and the pool from start, in rounds of rotating order."""
    runs: dict[str, Callable[[], float]] = {
        "dask": lambda: _dask_e2e(articles, workers),
        "pipe": lambda: _pipe(articles, workers)["e2e_s"],
        "pool": lambda: _pool(articles, workers)["e2e_s"],
    }
    names = list(runs)
    seconds: dict[str, list[float]] = {n: [] for n in names}
    ratios: dict[str, list[float]] = {"pipe": [], "pool": []}
    errors: dict[str, str] = {}
    for r in range(repeats):
        got: dict[str, float | None] = {}
        for name in names[r % len(names) :] + names[: r % len(names)]:
            try:
                got[name] = runs[name]()
            except Exception as exc:  # noqa: BLE001  (reported, not hidden)
                got[name], errors[name] = None, f"{type(exc).__name__}: {exc}"
            if got[name] is not None:
                seconds[name].append(got[name])  # type: ignore[arg-type]
        for other in ratios:
            if got.get("dask") and got.get(other):
                ratios[other].append(got[other] / got["dask"])  # type: ignore[operator]
    out: dict[str, Any] = {"workers": workers, "rounds": repeats}
    for name in names:
        s = seconds[name]
        out[name] = {
            "e2e_s_median": round(statistics.median(s), 2) if s else None,
            "e2e_s_all": [round(x, 2) for x in s],
            "e2e_articles_per_s": round(len(articles) / statistics.median(s), 2) if s else None,
        }
    for other, rs in ratios.items():
        out[f"dask_vs_{other}"] = round(statistics.median(rs), 3) if rs else None
    if errors:
        out["errors"] = errors
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="articles (default 2000)")
    ap.add_argument("--repeats", type=int, default=3, help="runs per figure (median)")
    ap.add_argument("--workers", type=int, default=2, help="the multi-worker case (default 2)")
    ap.add_argument("--input", help="a JSONL file of articles instead of the synthetic ones")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--note", default="", help="a note stored with the results")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        articles = _articles(args, tmp)
        if not articles:
            print("no articles to measure", file=sys.stderr)
            return 0
        print(f"{len(articles)} articles, {os.cpu_count()} cores", file=sys.stderr)
        base = _in_process(articles, args.repeats, tmp)
        print("in-process", base, file=sys.stderr)
        one = _dask(articles, 1, args.repeats)
        print("dask 1", one, file=sys.stderr)
        many = _dask(articles, args.workers, args.repeats)
        print(f"dask {args.workers}", many, file=sys.stderr)
        e2e = _end_to_end(articles, args.workers, args.repeats)
        print("end to end", e2e, file=sys.stderr)

    speedup = many["articles_per_s"] / one["articles_per_s"]
    efficiency = min(1.0, speedup / args.workers)
    # Per-worker rate from CPU time, not wall time: wall time on a shared machine measures
    # the other users as much as Dateline.
    per_worker = 1000 / base["cpu_ms_per_article"]
    writer_cap = 1000 / base["writer_ms_per_article"]
    est16 = min(16 * per_worker * efficiency, writer_cap)
    result = {
        "articles": len(articles),
        "cores": os.cpu_count(),
        "repeats": args.repeats,
        "speedup_2_vs_1": round(speedup, 3),
        # Dask's throughput over the alternative's, both from start to the last facts
        # (median over rounds of the ratio within each round).
        "dask_vs_pipe": e2e["dask_vs_pipe"],
        "dask_vs_pool": e2e["dask_vs_pool"],
        "articles_per_s_1_worker": one["articles_per_s"],
        "articles_per_s_2_workers": many["articles_per_s"],
        "memory_per_worker_mb": many["memory_per_worker_mb"],
        "estimate_16_workers_articles_per_s": round(est16, 1),
        "estimate_16_workers_method": (
            "min(16 x (1000 / in-process CPU ms per article) x parallel efficiency measured at "
            f"{args.workers} workers ({efficiency:.2f}), writer cap 1/writer cost "
            f"({writer_cap:.0f}/s)); assumes 16 real cores, cheap shipping of input/results"
        ),
        "in_process": base,
        "dask_1": one,
        f"dask_{args.workers}": many,
        "end_to_end": e2e,
        "note": args.note,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if not isinstance(v, dict)}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
