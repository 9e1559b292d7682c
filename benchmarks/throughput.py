"""Throughput: Dateline's ingest against bare spaCy ``nlp.pipe``, on the same texts, same run.

The corpus is built from the bundled ``examples/`` (and ``../shared/examples`` when present):
each article is repeated with a short, varying last paragraph ("(Copy 0042.)") so that every
copy has its own content hash and is stored, until there are ``--n`` articles. The copies
are written as JSONL files to a temporary folder, so Dateline reads them with its own reader.

Measured, each in a fresh process (so that peak memory is that run's alone), in a rotating
order within each of ``--repeats`` rounds:

* ``bare``: ``spacy.load(model)`` and ``nlp.pipe`` (Dateline's batch size) over the texts
  Dateline's pipeline sees (``Article.text`` as read from the corpus);
* ``dateline`` with ``workers=1``: :func:`dateline.batch.ingest` (read → analyse → store,
  the path ``dateline ingest`` takes) into a temporary SQLite file, then the corpus update
  ``dateline ingest`` runs after it (timed apart: the copies are a worst case for fusion);
* ``dateline`` with ``workers=2``: the same, analysis in two worker processes.

Rates exclude loading the model and the first-call caches (timed apart as ``startup_s``),
except in the workers speed-up, which compares whole runs (startup + ingest) because a pool
loads its models inside the run. Every ratio is taken within one round, then the median
over rounds is reported: the machine is shared and noisy.

Other benchmarks reuse :func:`bare_spacy_rate`, :func:`pipeline_rate` and
:func:`dateline_rate` (and :func:`corpus_texts`) as their cost baseline::

    sys.path.insert(0, "benchmarks"); from throughput import bare_spacy_rate, corpus_texts

Usage: ``python benchmarks/throughput.py [--n 500] [--repeats 3] [--out FILE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from dateline.model import Article

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_DIRS = (REPO / "examples", REPO.parent / "shared" / "examples")
DEFAULT_OUT = REPO / "benchmarks" / "results" / "throughput.json"
RATIO_TARGET = 0.7
SPEEDUP_TARGET = 1.6
PER_FILE = 100  # articles per corpus JSONL file
WARM_UP = (
    "Gunmen Attack Police Post\n\nKANO, May 2 (Wire) - Gunmen attacked a police post on "
    "Tuesday, killing two officers, a spokesman for the Islamic State said in a statement."
)

# --------------------------------------------------------------------------- the corpus


def example_articles(dirs: Sequence[Path] = EXAMPLE_DIRS) -> list[Article]:
    """Every article Dateline reads from the example folders that exist."""
    from dateline.ingest import read_paths

    found = [str(d) for d in dirs if d.is_dir()]
    return [a for a in read_paths(found) if isinstance(a, Article)]


def build_corpus(n: int, dirs: Sequence[Path] = EXAMPLE_DIRS) -> list[Article]:
    """``n`` articles: the examples in turn, each copy with its own last paragraph."""
    base = example_articles(dirs)
    if not base:
        raise SystemExit(f"no example articles found in {', '.join(map(str, dirs))}")
    out = []
    for i in range(n):
        src = base[i % len(base)]
        copy = src.model_copy(deep=True)
        copy.text = f"{src.text}\n\n(Copy {i:04d}.)"
        copy.source = None
        out.append(copy.with_id())
    return out


def write_corpus(articles: Iterable[Article], folder: Path, per_file: int = PER_FILE) -> list[Path]:
    """The articles as JSONL files (title, text, url, published, updated, outlet)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    handle = None
    try:
        for i, art in enumerate(articles):
            if i % per_file == 0:
                if handle:
                    handle.close()
                paths.append(folder / f"corpus-{len(paths):03d}.jsonl")
                handle = paths[-1].open("w", encoding="utf-8")
            row = {
                "title": art.title,
                "text": art.text[art.body_start :] if art.title else art.text,
                "url": art.url,
                "published": art.published.isoformat() if art.published else None,
                "updated": art.updated.isoformat() if art.updated else None,
                "outlet": art.outlet,
            }
            assert handle is not None
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if handle:
            handle.close()
    return paths


def read_corpus(folder: Path) -> list[Article]:
    from dateline.ingest import read_paths

    return [a for a in read_paths([folder]) if isinstance(a, Article)]


def corpus_texts(n: int = 500, dirs: Sequence[Path] = EXAMPLE_DIRS) -> list[str]:
    """The texts of an ``n``-article corpus, as Dateline's pipeline sees them."""
    return [a.text for a in build_corpus(n, dirs)]


# --------------------------------------------------------------------------- rates


@lru_cache(maxsize=1)
def _bare_nlp() -> Any:
    import spacy

    from dateline.config import SETTINGS

    return spacy.load(SETTINGS.spacy_model)


def pipe_times(
    nlp: Any, texts: Sequence[str], batch_size: int | None = None
) -> tuple[float, float]:
    """Wall-clock and CPU seconds of ``nlp.pipe`` over the texts (warm-up outside the timing)."""
    nlp(WARM_UP)
    t0, c0 = time.perf_counter(), time.process_time()
    for _doc in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - t0, time.process_time() - c0


def pipe_rate(nlp: Any, texts: Sequence[str], batch_size: int | None = None) -> float:
    """Texts per second of ``nlp.pipe`` (after one warm-up text outside the timing)."""
    wall, _cpu = pipe_times(nlp, texts, batch_size)
    return len(texts) / wall


def bare_spacy_rate(texts: Sequence[str], batch_size: int | None = None) -> float:
    """Texts per second of the bare spaCy model (the baseline every cost ratio divides by).

    The batch size defaults to Dateline's own (``SETTINGS.batch_size``), so both hold as
    many Docs at once; spaCy's default (256) was no faster here and took 2.5x the memory.
    """
    from dateline.config import SETTINGS

    return pipe_rate(_bare_nlp(), texts, batch_size or SETTINGS.batch_size)


def pipeline_rate(texts: Sequence[str], components: Sequence[str] | None = None) -> float:
    """Texts per second of Dateline's NLP alone (no reading or store).

    ``components`` picks a subset of ``SETTINGS.components`` (in that order), e.g. the core
    pipeline without ``dateline_quotes``, to price one component against the rest.
    """
    from dateline.config import SETTINGS
    from dateline.pipeline import analyze_many, build_nlp

    settings = SETTINGS
    if components is not None:
        from dataclasses import replace

        settings = replace(SETTINGS, components=tuple(components))
    nlp = build_nlp(settings)
    articles = [Article(text=t).with_id() for t in texts]
    list(analyze_many([Article(text=WARM_UP)], nlp))
    t0 = time.perf_counter()
    for _facts in analyze_many(articles, nlp):
        pass
    return len(texts) / (time.perf_counter() - t0)


def dateline_run(
    folder: Path,
    workers: int = 1,
    with_corpus: bool = True,
    warm: bool = True,
    cluster: str | None = None,
) -> dict[str, Any]:
    """One ``dateline ingest`` of ``folder`` into a temporary SQLite file, timed by stage."""
    from dateline.batch import ingest
    from dateline.store import open_store

    startup = 0.0
    if warm and workers == 1:  # load the model and the lazy data caches outside the timing
        t0 = time.perf_counter()
        from dateline.batch import warm_up
        from dateline.pipeline import analyze

        analyze(Article(text=WARM_UP))
        warm_up()  # and the lazy tables it does not reach (as every worker does)
        startup = time.perf_counter() - t0
    with (
        tempfile.TemporaryDirectory(prefix="dateline-tp-") as tmp,
        open_store(Path(tmp) / "bench.db") as store,
    ):
        t0, c0 = time.perf_counter(), time.process_time()
        extra = {"cluster": cluster} if cluster else {}  # None: what `dateline ingest` picks
        summary = ingest([folder], store, workers=workers, progress=False, **extra)
        ingest_s = time.perf_counter() - t0
        # This process's CPU: the whole ingest when workers=1, reading and storing otherwise.
        ingest_cpu_s = time.process_time() - c0
        corpus_s = None
        if with_corpus:
            from dateline.corpus import update

            t1 = time.perf_counter()
            update(store)
            corpus_s = time.perf_counter() - t1
    return {
        "startup_s": startup,
        "ingest_s": ingest_s,
        "ingest_cpu_s": ingest_cpu_s,
        "corpus_s": corpus_s,
        "read": summary.read,
        "stored": summary.stored,
        "failed": summary.failed,
    }


def dateline_rate(texts: Sequence[str], workers: int = 1) -> float:
    """Articles per second of the full ingest (read → analyse → store) of these texts."""
    with tempfile.TemporaryDirectory(prefix="dateline-tp-corpus-") as tmp:
        folder = Path(tmp)
        with (folder / "texts.jsonl").open("w", encoding="utf-8") as f:
            for text in texts:
                f.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
        run = dateline_run(folder, workers=workers, with_corpus=False)
    return run["stored"] / run["ingest_s"] if run["ingest_s"] else 0.0


# --------------------------------------------------------------------------- memory


def _own_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


@contextmanager
def peak_rss(tree: bool = False) -> Iterator[dict[str, float]]:
    """Peak resident memory (MB): this process's high-water mark, or with ``tree`` the sum
    over it and its worker processes, sampled every 0.25 s (a sampler that scans /proc is
    not free, so single-process runs, whose CPU time is measured, go without it)."""
    out: dict[str, float] = {"peak_mb": 0.0}
    try:
        import psutil
    except ImportError:
        psutil = None  # type: ignore[assignment]
    if not tree or psutil is None:
        yield out
        out["peak_mb"] = _own_peak_mb()
        return
    me = psutil.Process()
    stop = threading.Event()

    def total() -> float:
        rss = 0
        for proc in [me, *me.children(recursive=True)]:
            try:
                rss += proc.memory_info().rss
            except psutil.Error:  # a child that just ended
                continue
        return rss / 2**20

    def sample() -> None:
        while not stop.is_set():
            out["peak_mb"] = max(out["peak_mb"], total())
            stop.wait(0.25)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield out
    finally:
        stop.set()
        thread.join()
        out["peak_mb"] = max(out["peak_mb"], total())


# --------------------------------------------------------------------------- one measurement


def child(kind: str, folder: Path, workers: int, cluster: str | None = None) -> dict[str, Any]:
    """One measurement, run in its own process: its result and its peak memory."""
    with peak_rss(tree=workers > 1) as mem:
        if kind == "bare":
            texts = [a.text for a in read_corpus(folder)]
            t0 = time.perf_counter()
            _bare_nlp()
            startup = time.perf_counter() - t0
            from dateline.config import SETTINGS

            wall, cpu = pipe_times(_bare_nlp(), texts, SETTINGS.batch_size)
            result = {"articles": len(texts), "rate": len(texts) / wall, "startup_s": startup}
            result["wall_s"], result["cpu_s"] = wall, cpu
        else:
            run = dateline_run(folder, workers=workers, cluster=cluster)
            run["articles"] = run["stored"]
            run["rate"] = run["stored"] / run["ingest_s"]
            result = run
    result["peak_rss_mb"] = mem["peak_mb"]
    return result


def measure(
    kind: str, folder: Path, workers: int = 1, cluster: str | None = None, timeout: float = 1800
) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", kind, "--corpus", str(folder)]
    cmd += ["--workers", str(workers)] + (["--cluster", cluster] if cluster else [])
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} (workers={workers}) failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- the report

RUNS = (("bare", 1), ("dateline", 1), ("dateline", 2))


def median(values: Iterable[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return statistics.median(vals) if vals else None


def rnd(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def benchmark(
    n: int, repeats: int, log: Any = print, partial: Any = None, cluster: str | None = None
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="dateline-tp-corpus-") as tmp:
        folder = Path(tmp)
        write_corpus(build_corpus(n), folder)
        rounds: list[dict[str, Any]] = []
        for r in range(repeats):
            got: dict[str, Any] = {}
            order = RUNS[r % len(RUNS) :] + RUNS[: r % len(RUNS)]  # rotate: no fixed position
            for kind, workers in order:
                key = kind if kind == "bare" else f"w{workers}"
                got[key] = res = measure(kind, folder, workers, cluster if workers > 1 else None)
                log(
                    f"round {r + 1}/{repeats} {key}: {res['rate']:.2f} articles/s, "
                    f"peak {res['peak_rss_mb']:.0f} MB"
                )
            w1, w2 = got["w1"], got["w2"]
            got["ratio"] = w1["rate"] / got["bare"]["rate"]
            # CPU seconds per article: steadier than wall-clock time on a busy machine.
            got["ratio_cpu"] = got["bare"]["cpu_s"] / w1["ingest_cpu_s"]
            got["ratio_with_corpus"] = (w1["stored"] / (w1["ingest_s"] + w1["corpus_s"])) / got[
                "bare"
            ]["rate"]
            # Whole runs: the pool loads its models inside the run, so w1 pays its load too.
            got["speedup"] = (w1["startup_s"] + w1["ingest_s"]) / w2["ingest_s"]
            got["speedup_steady"] = w1["ingest_s"] / w2["ingest_s"]
            rounds.append(got)
            if partial is not None:  # a run cut short still leaves its finished rounds
                partial(summarise(n, rounds, repeats, cluster))
    return summarise(n, rounds, repeats, cluster)


def summarise(
    n: int, rounds: list[dict[str, Any]], repeats: int, cluster: str | None = None
) -> dict[str, Any]:
    """Medians over the rounds done so far; headline metrics first."""
    bare_rate = median(g["bare"]["rate"] for g in rounds)
    ratio = median(g["ratio"] for g in rounds)
    speedup = median(g["speedup"] for g in rounds)
    return {
        "articles": n,
        "repeats": repeats,
        "rounds_done": len(rounds),
        "bare_spacy_articles_per_s": rnd(bare_rate),
        "dateline_articles_per_s": rnd(median(g["w1"]["rate"] for g in rounds)),
        "ratio": rnd(ratio, 3),
        "ratio_target": RATIO_TARGET,
        "ratio_ok": ratio is not None and ratio >= RATIO_TARGET,
        "ratio_cpu": rnd(median(g["ratio_cpu"] for g in rounds), 3),
        "ratio_with_corpus_update": rnd(median(g["ratio_with_corpus"] for g in rounds), 3),
        "workers2_articles_per_s": rnd(median(g["w2"]["rate"] for g in rounds)),
        "workers_speedup": rnd(speedup, 3),
        "workers_speedup_steady": rnd(median(g["speedup_steady"] for g in rounds), 3),
        "speedup_target": SPEEDUP_TARGET,
        "workers2_cluster": cluster or "default (what `dateline ingest --workers 2` uses)",
        "speedup_ok": speedup is not None and speedup >= SPEEDUP_TARGET,
        "bare_spacy_peak_rss_mb": rnd(median(g["bare"]["peak_rss_mb"] for g in rounds), 0),
        "dateline_peak_rss_mb": rnd(median(g["w1"]["peak_rss_mb"] for g in rounds), 0),
        "workers2_peak_rss_mb": rnd(median(g["w2"]["peak_rss_mb"] for g in rounds), 0),
        "corpus_update_s": rnd(median(g["w1"]["corpus_s"] for g in rounds)),
        "dateline_startup_s": rnd(median(g["w1"]["startup_s"] for g in rounds)),
        "failed": max((g["w1"]["failed"] + g["w2"]["failed"] for g in rounds), default=0),
        "cpu_count": os.cpu_count(),
        "load_average_1m": rnd(os.getloadavg()[0]) if hasattr(os, "getloadavg") else None,
        "rounds": [_round_row(g) for g in rounds],
    }


def _round_row(got: dict[str, Any]) -> dict[str, Any]:
    keys = ("ratio", "ratio_cpu", "speedup", "speedup_steady")
    row: dict[str, Any] = {k: rnd(got[k], 3) for k in keys}
    for key in ("bare", "w1", "w2"):
        row[key] = {k: rnd(v, 3) if isinstance(v, float) else v for k, v in got[key].items()}
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500, help="articles in the corpus (default 500)")
    ap.add_argument("--repeats", type=int, default=3, help="rounds; medians are reported")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the JSON result file")
    ap.add_argument("--child", choices=("bare", "dateline"), help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    ap.add_argument(
        "--cluster",
        choices=("pool", "local"),
        help="where --workers 2 analyses (pool: process pool; local: Dask); default: the CLI's",
    )
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.corpus, args.workers, args.cluster)))
        return 0
    if args.n < 1 or args.repeats < 1:
        ap.error("--n and --repeats must be at least 1")
    args.out.parent.mkdir(parents=True, exist_ok=True)

    def write(result: dict[str, Any]) -> None:
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    log = lambda msg: print(msg, file=sys.stderr)  # noqa: E731
    result = benchmark(args.n, args.repeats, log=log, partial=write, cluster=args.cluster)
    write(result)
    headline = {k: v for k, v in result.items() if k != "rounds"}
    print(json.dumps(headline, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
