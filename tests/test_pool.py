"""`--workers N` on one machine: the process pool stores the same facts as one process."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline import batch
from dateline.batch import ingest
from dateline.cli import app
from dateline.distributed.synthetic import write_jsonl
from dateline.store import open_store


def test_pool_is_the_default_and_matches_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    run_pool = batch._run_pool

    def spy(chunks, writer, workers, timeout):  # type: ignore[no-untyped-def]
        calls.append(workers)
        return run_pool(chunks, writer, workers, timeout)

    monkeypatch.setattr(batch, "_run_pool", spy)
    corpus = write_jsonl(tmp_path / "corpus.jsonl", 9, seed=11)[0]
    with corpus.open("a", encoding="utf-8") as fh:
        fh.write("{broken line\n")
    with open_store(tmp_path / "one.db") as one:
        ingest([corpus], one, progress=False, chunk_size=4)
        expected = {f.article.id: f for f in one.iter_facts()}
    db = tmp_path / "pool.db"
    result = CliRunner().invoke(
        app, ["ingest", str(corpus), "--workers", "2", "--db", str(db), "--no-progress"]
    )
    assert result.exit_code == 1, result.output  # the broken line is recorded, not fatal
    with open_store(db) as pooled:
        got = {f.article.id: f for f in pooled.iter_facts()}
        assert len(pooled.errors()) == 1
    assert calls == [2]
    assert len(expected) == 9 and got == expected
