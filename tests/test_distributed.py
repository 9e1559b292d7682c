"""Dask ingest: same facts as a local run, Parquet output, dead and stuck workers, time limit."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from dateline.batch import (
    IngestSummary,
    _chunks,
    _deadline,
    _Item,
    _items,
    _Writer,
    analyse_chunk,
    ingest,
    warm_up,
)
from dateline.distributed import dask_runner
from dateline.distributed.parquet import ParquetSink, article_ids, dataset, iter_facts
from dateline.distributed.synthetic import write_jsonl
from dateline.model import Article
from dateline.store import open_store


def _corpus(tmp_path: Path, n: int, bad_lines: int = 1) -> Path:
    path = write_jsonl(tmp_path / "corpus.jsonl", n, seed=7)[0]
    with path.open("a", encoding="utf-8") as fh:
        for _ in range(bad_lines):
            fh.write("{not json at all\n")
    return path


def _accounted(store: Any, n_articles: int) -> tuple[set[str], set[str]]:
    """(sources stored, sources failed); every article line is exactly one of them."""
    rows = store._rows("SELECT source, status FROM sources WHERE source LIKE '%#line=%'")
    stored = {r["source"] for r in rows if r["status"] in ("stored", "duplicate")}
    failed = {r["source"] for r in rows if r["status"] == "failed"}
    assert not stored & failed
    assert len(stored) + len(failed) == n_articles
    return stored, failed


# --------------------------------------------------------------------------- time limit


def _slow_articles() -> list[_Item]:
    texts = ["Quick note.\n\nThe council met on Monday.", "SLOW\n\nThis one never ends."]
    return [
        _Item("f", Article(text=t, source=f"f#line={i}").with_id()) for i, t in enumerate(texts)
    ]


@pytest.fixture
def slow_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    """analyze/analyze_many that loop forever on an article containing SLOW."""
    import dateline.pipeline as pipeline

    real_analyze = pipeline.analyze
    warm_up()  # the first article pays for the lazy data; not what these tests measure

    def analyze(article: Article, nlp: Any = None) -> Any:
        while "SLOW" in article.text:
            time.sleep(0.01)
        return real_analyze(article, nlp)

    monkeypatch.setattr(pipeline, "analyze", analyze)
    monkeypatch.setattr(pipeline, "analyze_many", lambda arts, *a, **k: map(analyze, arts))


@pytest.mark.usefixtures("slow_pipeline")
def test_time_limit_in_main_thread_fails_only_the_slow_article() -> None:
    results = analyse_chunk(_slow_articles(), timeout=3.0)
    assert results[0] is not None and hasattr(results[0], "article")
    assert "time limit" in results[1].reason  # type: ignore[union-attr]


@pytest.mark.usefixtures("slow_pipeline")
def test_time_limit_in_worker_thread_fails_only_the_slow_article() -> None:
    """Dask runs tasks in threads, where SIGALRM cannot be used: the watchdog must work."""
    box: list[Any] = []
    worker = threading.Thread(target=lambda: box.append(analyse_chunk(_slow_articles(), 3.0)))
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive()
    results = box[0]
    assert hasattr(results[0], "article")
    assert "time limit" in results[1].reason


def test_deadline_does_not_fire_after_the_block() -> None:
    with _deadline(0.2):
        pass
    time.sleep(0.4)  # a late alarm would raise ArticleTimeout here


# --------------------------------------------------------------------------- Parquet


def test_parquet_sink_round_trips_and_writes_each_article_once(tmp_path: Path, nlp: Any) -> None:
    from dateline.pipeline import analyze

    facts = [
        analyze(Article(text=f"Talks in Geneva\n\nDelegates met in Geneva on day {i}.").with_id())
        for i in range(3)
    ]
    sink = ParquetSink(tmp_path / "pq")
    assert sink.write(facts[:2]) == {f.article.id for f in facts[:2]}
    again = ParquetSink(tmp_path / "pq")  # a resumed run: knows what is there
    assert again.write(facts) == {facts[2].article.id}
    ids = list(article_ids(tmp_path / "pq"))
    assert sorted(ids) == sorted(f.article.id for f in facts)
    back = {f.article.id: f for f in iter_facts(tmp_path / "pq")}
    assert back == {f.article.id: f for f in facts}
    n_entities = sum(len(f.entities) for f in facts)
    assert dataset(tmp_path / "pq", "entities").count_rows() == n_entities
    assert not list(tmp_path.glob("pq/**/.*.tmp"))


def test_parquet_of_empty_or_odd_facts(tmp_path: Path) -> None:
    from dateline.model import ArticleFacts

    odd = ArticleFacts(article=Article(text="\u202e\u200b😀 عربى 中文").with_id())
    sink = ParquetSink(tmp_path / "pq")
    assert sink.write([]) == set()
    assert sink.write([odd, odd]) == {odd.article.id}
    assert [f.article.text for f in iter_facts(tmp_path / "pq")] == [odd.article.text]
    assert list(iter_facts(tmp_path / "missing")) == []


def test_parquet_only_ingest_keeps_bookkeeping_and_resumes(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, 6)
    out = [f"parquet:{tmp_path / 'pq'}"]
    with open_store(tmp_path / "book.db") as store:
        first = ingest([corpus], store, progress=False, out=out)
        assert (first.stored, first.failed) == (6, 1)
        assert store.stats()["articles"] == 0  # facts went to Parquet only
        assert len(store.errors()) == 1
        _accounted(store, 7)
        again = ingest([corpus], store, progress=False, out=out)
        assert again.stored == 0 and again.duplicates == 6
    assert len(list(article_ids(tmp_path / "pq"))) == 6


def test_unknown_out_is_refused(tmp_path: Path) -> None:
    with open_store(tmp_path / "x.db") as store, pytest.raises(ValueError):
        ingest([], store, progress=False, out=["csv:somewhere"])


# --------------------------------------------------------------------------- Dask


@pytest.mark.slow
def test_dask_local_cluster_stores_what_a_local_run_stores(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, 12)
    with open_store(tmp_path / "local.db") as local:
        ingest([corpus], local, progress=False, chunk_size=5)
        expected = {f.article.id: f for f in local.iter_facts()}
    with open_store(tmp_path / "dask.db") as store:
        summary = ingest(
            [corpus],
            store,
            workers=2,
            cluster="local",
            progress=False,
            chunk_size=5,
            out=["db", f"parquet:{tmp_path / 'pq'}"],
        )
        assert (summary.read, summary.stored, summary.failed) == (12, 12, 1)
        got = {f.article.id: f for f in store.iter_facts()}
        assert [e.reason[:13] for e in store.errors()] == ["bad JSONL lin"]
        assert store.source_done(str(corpus))
    assert got.keys() == expected.keys()
    for aid, facts in got.items():  # same facts whichever process analysed them
        assert facts.model_dump(exclude={"article"}) == expected[aid].model_dump(
            exclude={"article"}
        )
    assert sorted(article_ids(tmp_path / "pq")) == sorted(got)


def _marked_corpus(tmp_path: Path, n: int, marks: dict[int, str]) -> Path:
    rows = [json.loads(line) for line in _corpus(tmp_path, n, 0).read_text().splitlines()]
    for i, word in marks.items():
        rows[i]["text"] += f"\n\n{word} marker paragraph."
    corpus = tmp_path / "marked.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return corpus


def _misbehaviour() -> Any:
    # Nested, so cloudpickle sends it by value: the workers need not import this module.
    def _misbehave(items: list[_Item], timeout: float | None) -> list[Any]:
        """Runs in a Dask worker: POISON kills the worker process, SLOW loops in Python past
        the time limit, HANG sits in a C call the in-thread limit cannot interrupt."""
        import os

        import dateline.pipeline as pipeline
        from dateline.batch import analyse_chunk

        texts = " ".join(it.article.text for it in items if it.article is not None)
        if "POISON" in texts:
            os._exit(1)
        if "HANG" in texts:
            time.sleep(3600)
        real = getattr(pipeline, "_real_analyze", pipeline.analyze)
        pipeline._real_analyze = real

        def slow(article: Article, nlp: Any = None) -> Any:
            while "SLOW" in article.text:
                time.sleep(0.01)
            return real(article, nlp)

        pipeline.analyze = slow
        pipeline.analyze_many = lambda arts, *a, **k: map(slow, arts)
        return analyse_chunk(items, timeout)

    return _misbehave


def _run_misbehaving(corpus: Path, db: Path, chunk: int, timeout: float) -> dict[str, Any]:
    """run_dask on a 2-worker local cluster with _misbehave; reasons by line number."""
    with open_store(db) as store:
        summary = IngestSummary()
        writer = _Writer(store, summary, lambda done: None)
        chunks = _chunks(_items([str(corpus)], store, False, summary, writer.error), chunk)
        dask_runner.run_dask(chunks, writer, "local", 2, timeout, analyse=_misbehaviour())
        stored, failed = _accounted(store, summary.read)
        assert store.source_done(str(corpus))
        assert summary.stored == len(stored) and summary.failed == len(failed)
        return {e.source.rsplit("=", 1)[1]: e.reason for e in store.errors()}


@pytest.mark.slow
def test_dask_dead_and_slow_workers_never_lose_an_article(tmp_path: Path) -> None:
    """A worker killed mid-chunk: the chunk is retried, then split, and only the article
    that kills workers is recorded; an article past the time limit is recorded."""
    corpus = _marked_corpus(tmp_path, 6, {1: "POISON", 4: "SLOW"})
    # 8 s: innocent articles take ~0.05 s, so a loaded CI machine cannot push them past it
    reasons = _run_misbehaving(corpus, tmp_path / "dask.db", chunk=3, timeout=8.0)
    assert "died" in reasons.pop("2")  # line 2: POISON
    assert "time limit" in reasons.pop("5")  # line 5: SLOW
    assert reasons == {}  # the four innocent articles were stored


@pytest.mark.slow
def test_dask_stuck_worker_is_restarted_and_its_article_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _marked_corpus(tmp_path, 3, {1: "HANG"})
    monkeypatch.setattr(dask_runner, "GRACE_S", 10.0)
    # 5 s: the innocent articles take ~0.05 s, well inside it even on a loaded machine
    reasons = _run_misbehaving(corpus, tmp_path / "dask.db", chunk=1, timeout=5.0)
    reason = reasons.pop("2")  # line 2: HANG
    assert "time limit" in reason and "restarted" in reason
    assert reasons == {}


def test_cli_ingest_to_parquet_then_export_from_it(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from dateline.cli import app

    corpus = _corpus(tmp_path, 3)
    pq, db = tmp_path / "facts", tmp_path / "book.db"
    run = CliRunner().invoke
    done = run(app, ["ingest", str(corpus), "--db", str(db), "--out", f"parquet:{pq}", "--json"])
    assert done.exit_code == 1, done.output  # 1: the bad line is recorded as failed
    assert '"stored": 3' in done.output
    exported = run(app, ["export", "--db", f"parquet:{pq}"])
    assert exported.exit_code == 0, exported.output
    lines = [json.loads(x) for x in exported.stdout.splitlines() if x.startswith("{")]
    assert sorted(x["article"]["id"] for x in lines) == sorted(article_ids(pq))
    assert run(app, ["export", "--db", f"parquet:{tmp_path / 'none'}"]).exit_code == 2
    assert run(app, ["ingest", str(corpus), "--db", str(db), "--out", "csv:x"]).exit_code == 2
    assert run(app, ["ingest", str(corpus), "--db", str(db), "--cluster", "yarn"]).exit_code == 2


def test_worker_environ_keeps_thread_caps_but_not_the_malloc_trim_threshold() -> None:
    environ = dask_runner.worker_environ()
    assert "MALLOC_TRIM_THRESHOLD_" not in environ
    assert str(environ.get("OMP_NUM_THREADS")) == "1"


@pytest.mark.slow
def test_local_cluster_workers_run_without_the_malloc_trim_threshold() -> None:
    """Dask's nanny sets MALLOC_TRIM_THRESHOLD_ in new workers by default, which made
    spaCy 30-45% slower there; Dateline's local clusters leave glibc's default."""
    import os

    if "MALLOC_TRIM_THRESHOLD_" in os.environ:
        pytest.skip("MALLOC_TRIM_THRESHOLD_ is set in this process: workers inherit it")
    with dask_runner.connect("local", 1) as client:
        seen = client.run(
            lambda: (os.environ.get("MALLOC_TRIM_THRESHOLD_"), os.environ.get("OMP_NUM_THREADS"))
        )
    assert list(seen.values()) == [(None, "1")]
