"""kill -9 a real `dateline ingest` of 2,000 articles partway, then --resume: nothing lost.

The articles are short synthetic notices (one sentence each) so the whole run stays well
under a minute or two on two cores; the corpus also holds bad lines, one of them before the
kill, so the errors table must survive the kill and not be doubled by the resumed run.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

N_ARTICLES = 2000
N_FILES = 8
BAD_LINES = {0: 3, 5: 40}  # file index -> line number (1-based) that is not JSON
KILL_AFTER = 250  # stored articles before the kill
CLI = [sys.executable, "-c", "from dateline.cli import main; main()"]


def _write_corpus(folder: Path) -> int:
    """N_ARTICLES articles over N_FILES JSONL files, plus the bad lines; the line count."""
    folder.mkdir()
    per_file = N_ARTICLES // N_FILES
    for f in range(N_FILES):
        lines = [
            json.dumps(
                {
                    "title": f"Council notice {f}-{i}",
                    "text": f"The district council in Ward {f} approved spending item {i}.",
                }
            )
            for i in range(per_file)
        ]
        if f in BAD_LINES:
            lines.insert(BAD_LINES[f] - 1, "{this line is broken")
        (folder / f"part-{f}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return N_ARTICLES + len(BAD_LINES)


def _count(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.Error:  # not created yet, or mid-migration
        return 0


@pytest.mark.slow
def test_kill_9_then_resume_stores_every_article_exactly_once(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "dateline.db"
    n_lines = _write_corpus(corpus)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [*CLI, "ingest", str(corpus), "--db", str(db), "--no-progress"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 150
        while _count(db, "SELECT COUNT(*) FROM articles") < KILL_AFTER:
            assert proc.poll() is None, proc.stderr.read().decode()  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "ingest made no progress"
            time.sleep(0.2)
        os.kill(proc.pid, signal.SIGKILL)  # no cleanup, no atexit, mid-transaction maybe
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()  # type: ignore[union-attr]

    before = _count(db, "SELECT COUNT(*) FROM articles")
    assert KILL_AFTER <= before < N_ARTICLES, "the kill must land partway"
    assert _count(db, "SELECT COUNT(*) FROM errors") == 1  # the early bad line, kept

    done = subprocess.run(
        [*cmd, "--resume", "--json"], env=env, capture_output=True, text=True, timeout=170
    )
    assert done.returncode == 1, done.stderr  # 1: some inputs failed (the bad lines)
    summary = json.loads(done.stdout)
    assert summary["skipped"] > 0
    assert summary["stored"] == N_ARTICLES - before  # what the first run stored: not redone

    assert _count(db, "SELECT COUNT(*) FROM articles") == N_ARTICLES
    assert _count(db, "SELECT COUNT(DISTINCT id) FROM articles") == N_ARTICLES
    titles = _count(db, "SELECT COUNT(DISTINCT title) FROM articles")
    assert titles == N_ARTICLES  # every article of the corpus, none twice
    assert _count(db, "SELECT COUNT(*) FROM errors") == len(BAD_LINES)
    assert _count(db, "SELECT COUNT(DISTINCT source) FROM errors") == len(BAD_LINES)
    # Every line of every file is accounted for exactly once, and every file is done.
    assert _count(db, "SELECT COUNT(*) FROM sources WHERE source LIKE '%#line=%'") == n_lines
    assert _count(db, "SELECT COUNT(*) FROM sources WHERE status = 'done'") == N_FILES
    # Facts were stored with their articles (one transaction each): none orphaned.
    orphans = "SELECT COUNT(*) FROM entities WHERE article_id NOT IN (SELECT id FROM articles)"
    assert _count(db, orphans) == 0
    assert _count(db, "SELECT COUNT(DISTINCT article_id) FROM entities") > 0


@pytest.mark.slow
def test_resume_after_a_clean_run_redoes_nothing(tmp_path: Path) -> None:
    from dateline.batch import ingest
    from dateline.distributed.synthetic import write_jsonl
    from dateline.store import open_store

    corpus = write_jsonl(tmp_path / "c", 30, per_file=10)
    with open_store(tmp_path / "d.db") as store:
        first = ingest(corpus, store, progress=False)
        again = ingest(corpus, store, resume=True, progress=False)
        assert first.stored == 30 and again.stored == 0 and again.read == 0
        assert again.skipped == 3  # every file finished before
        assert store.stats()["articles"] == 30
