"""Bad input through the whole ingest (CLI → readers → batch → store), not the readers alone.

One folder holds every kind of bad input next to good and odd-but-valid articles (all
written here). One ``dateline ingest`` of it must record one error row per bad input with a
reason that says what was wrong, store every readable article, exit 1 with the failures
listed; a second run stores nothing twice and ``--resume`` redoes nothing. The reader-level
cases (each reason, the 50 MB file read without filling memory, unreadable files) are in
test_ingest.py; the store's own rollback in test_store.py.
"""

from __future__ import annotations

import io
import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dateline import batch, config, pipeline
from dateline.cli import app
from dateline.model import Article, ArticleFacts
from dateline.store import open_store

runner = CliRunner()

FIRST = """Flooding Forces Hundreds From Homes in River Town
09:15 GMT 04.05.2024

KOSTI, May 4 (Wire) - Flooding forced hundreds of families from their homes in the river town of Kosti on Saturday, local officials said.

No deaths were reported, the officials said.
"""
LAST = """Customs Officers Seize Weapons at Border Post
11:40 GMT 06.05.2024

NOGALES, May 6 (Wire) - Customs officers seized 40 rifles hidden in a lorry at a border post on Monday, the customs agency said.

The driver was detained, the agency said.
"""
LATIN1 = (
    "Caf\xe9 Bombing Kills Two in Li\xe8ge\n\n"
    "LI\xc8GE, May 2 (Wire) - A bomb exploded outside a caf\xe9 on Thursday, killing two "
    "people, police said.\n"
)
LATIN1_HTML = (
    '<html><head><meta charset="iso-8859-1"><title>Protest in S\xe3o Tom\xe9</title></head>'
    "<body><article><h1>Protest in S\xe3o Tom\xe9</h1>"
    "<p>Hundreds of people marched through S\xe3o Tom\xe9 on Friday to protest against "
    "rising fuel prices, organisers said.</p>"
    "<p>Police watched the march, which ended peacefully, a reporter saw.</p>"
    "</article></body></html>"
)
UTF16 = (
    "Blast Hits Convoy Near Herat\n\nHERAT, June 3 (Wire) - A roadside bomb hit a police "
    "convoy on Monday, killing four officers, a spokesman said.\n"
)
FUTURE = """Leaders to Meet in Geneva Next Week
10:00 GMT 01.03.2031

GENEVA, March 1 (Wire) - Leaders will meet in Geneva on March 5, 2031, officials said on Saturday.
"""
NO_TEXT_HTML = (
    "<html><head><title>Nothing</title></head><body><nav>Home | World | Sport</nav>"
    "<script>var tracking = 1;</script><footer>Subscribe</footer></body></html>"
)
JSONL_GOOD = {
    "title": "Ceasefire Holds in Border Region",
    "text": "A ceasefire held for a third day on Sunday in the border region, monitors said.",
    "url": "https://wire.example/ceasefire",
    "published": "2024-05-05T08:00:00Z",
    "outlet": "Wire",
}
JSONL_GOOD_2 = {
    "title": "Talks Resume in Capital",
    "text": "Negotiators resumed talks in the capital on Monday, a mediator said.",
    "url": "https://wire.example/talks",
}


def _warc(path: Path) -> None:
    """Two HTML responses, the second cut short."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for n, (title, body) in enumerate(
        [
            (
                "Curfew Imposed After Clashes",
                "A curfew was imposed in the city on Sunday after "
                "two nights of clashes, the governor said.",
            ),
            (
                "Bridge Reopens After Repairs",
                "The main bridge reopened on Tuesday after two "
                "months of repairs, the transport ministry said.",
            ),
        ]
    ):
        html = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        html += f"<p>{body}</p></article></body></html>"
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            f"https://wire.example/{n}",
            "response",
            payload=io.BytesIO(html.encode()),
            http_headers=headers,
        )
        writer.write_record(record)
    data = buf.getvalue()
    path.write_bytes(data[: len(data) - 60])  # inside the second record


# The bad inputs and a word of the reason each must be recorded with.
BAD = {
    "empty.txt": "empty",
    "blank.html": "empty",
    "photo.txt": "binary",
    "blob.bin": "binary",
    "no-text.html": "no body text",
    "huge.txt": "too large",
    "gone.txt": "dangling symlink",
    "digest.jsonl#line=2": "bad JSONL line",
    "digest.jsonl#line=4": "bad JSONL line",
    "cut.warc#record=2": "cut mid-record",
}
GOOD = {
    "aa-first.txt",
    "latin1.txt",
    "latin1-declared.html",
    "utf16.txt",
    "future.txt",
    "digest.jsonl#line=1",
    "digest.jsonl#line=3",
    "cut.warc#record=1",
    "zz-last.txt",
}


def make_folder(folder: Path) -> Path:
    folder.mkdir()
    (folder / "aa-first.txt").write_text(FIRST, encoding="utf-8")
    (folder / "zz-last.txt").write_text(LAST, encoding="utf-8")
    (folder / "latin1.txt").write_bytes(LATIN1.encode("latin-1"))
    (folder / "latin1-declared.html").write_bytes(LATIN1_HTML.encode("latin-1"))
    (folder / "utf16.txt").write_bytes(UTF16.encode("utf-16"))  # with its BOM
    (folder / "future.txt").write_text(FUTURE, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.html").write_bytes(b" \n\t\n ")
    (folder / "photo.txt").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8)
    (folder / "blob.bin").write_bytes(bytes(range(32)) * 64)
    (folder / "no-text.html").write_text(NO_TEXT_HTML, encoding="utf-8")
    (folder / "gone.txt").symlink_to(folder / "never-there.txt")
    with (folder / "huge.txt").open("wb") as f:  # just over the one-article limit
        f.write(b"Huge File\n\n")
        line = b"A very long report repeats the same sentence over and over again.\n"
        f.write(line * (config.SETTINGS.max_bytes // len(line) + 2))
    lines = [json.dumps(JSONL_GOOD), "{not json", json.dumps(JSONL_GOOD_2), '{"title": "No text"}']
    (folder / "digest.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _warc(folder / "cut.warc")
    return folder


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as con:
        return con.execute(sql).fetchall()


def counts(db: Path) -> dict[str, int]:
    tables = ("articles", "entities", "quotes", "times", "places", "events", "errors", "sources")
    return {t: rows(db, f"SELECT count(*) FROM {t}")[0][0] for t in tables}


def short(source: str, folder: Path) -> str:
    return source.removeprefix(str(folder) + "/")


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Any]:
    """The bad folder ingested once: (folder, database, CLI result)."""
    base = tmp_path_factory.mktemp("bad")
    folder = make_folder(base / "in")
    db = base / "bad.db"
    result = invoke("ingest", str(folder), "--db", str(db), "--no-progress")
    return folder, db, result


# --------------------------------------------------------------------------- one run


def test_exit_1_and_every_failure_listed(ingested: tuple[Path, Path, Any]) -> None:
    folder, _db, result = ingested
    assert result.exit_code == 1, result.output
    out = " ".join(result.output.split())
    for name in BAD:
        assert str(folder / name) in out, name
    assert "dateline errors" in out  # the next step


def test_one_error_row_per_bad_input_with_its_reason(ingested: tuple[Path, Path, Any]) -> None:
    folder, db, _ = ingested
    got = {short(s, folder): r for s, r in rows(db, "SELECT source, reason FROM errors")}
    assert set(got) == set(BAD)
    for name, word in BAD.items():
        assert word in got[name], (name, got[name])
    assert len(rows(db, "SELECT * FROM errors")) == len(BAD)
    failed = {
        short(s, folder) for (s,) in rows(db, "SELECT source FROM sources WHERE status = 'failed'")
    }
    assert failed == set(BAD)


def test_every_readable_article_is_stored(ingested: tuple[Path, Path, Any]) -> None:
    folder, db, _ = ingested
    stored = {short(s, folder) for (s,) in rows(db, "SELECT source FROM articles")}
    assert stored == GOOD  # the good ones before and after the bad ones alike


def test_encodings_are_decoded_and_recorded(ingested: tuple[Path, Path, Any]) -> None:
    folder, db, _ = ingested
    with open_store(db) as store:
        by_source = {short(f.article.source or "", folder): f.article for f in store.iter_facts()}
    latin1 = by_source["latin1.txt"]  # undeclared, not UTF-8: the fallback, and it says so
    assert latin1.title == "Caf\xe9 Bombing Kills Two in Li\xe8ge"
    assert latin1.encoding in ("cp1252", "latin-1") and latin1.encoding_fallback
    declared = by_source["latin1-declared.html"]  # declared in <meta>: no fallback needed
    assert "S\xe3o Tom\xe9" in declared.text
    assert declared.encoding == "iso8859-1" and not declared.encoding_fallback
    utf16 = by_source["utf16.txt"]
    assert utf16.title == "Blast Hits Convoy Near Herat"
    assert utf16.encoding is not None and utf16.encoding.startswith("utf-16")
    assert "\ufeff" not in utf16.text and "\x00" not in utf16.text


def test_a_date_in_the_future_is_kept_as_written(ingested: tuple[Path, Path, Any]) -> None:
    folder, db, _ = ingested
    with open_store(db) as store:
        facts = next(
            f for f in store.iter_facts() if (f.article.source or "").endswith("future.txt")
        )
    assert facts.article.published is not None
    assert facts.article.published.date().isoformat() == "2031-03-01"
    values = {t.text: t.value for t in facts.times}
    assert values.get("March 5, 2031") == "2031-03-05"


def test_errors_command_lists_them(ingested: tuple[Path, Path, Any]) -> None:
    folder, db, _ = ingested
    result = invoke("errors", "--db", str(db), "--json")
    assert result.exit_code == 0, result.output
    listed = {short(e["source"], folder) for e in json.loads(result.stdout)}
    assert listed == set(BAD)


# --------------------------------------------------------------------------- runs again


def test_reingest_stores_nothing_twice(ingested: tuple[Path, Path, Any]) -> None:
    folder, db, _ = ingested
    before = counts(db)
    result = invoke("ingest", str(folder), "--db", str(db), "--no-progress", "--json")
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout)
    assert summary["stored"] == 0 and summary["duplicates"] == len(GOOD)
    assert summary["failed"] == len(BAD)
    assert counts(db) == before  # no article, fact or error row twice


def test_resume_redoes_nothing(ingested: tuple[Path, Path, Any]) -> None:
    folder, db, _ = ingested
    before = counts(db)
    result = invoke("ingest", str(folder), "--db", str(db), "--no-progress", "--resume", "--json")
    assert result.exit_code == 0, result.output  # nothing failed in this run
    summary = json.loads(result.stdout)
    files = [p for p in folder.iterdir()]
    assert summary["read"] == 0 and summary["stored"] == 0 and summary["failed"] == 0
    assert summary["skipped"] == len(files)
    assert counts(db) == before


# --------------------------------------------------------------------------- analysis and store


def _articles(n: int, bad: str | None = None) -> list[Article]:
    out = []
    for i in range(n):
        word = bad if bad and i == n // 2 else "calm"
        text = f"Report {i}\n\nThe town was {word} on Monday, officials said (report {i})."
        out.append(Article(text=text, source=f"mem#{i}").with_id())
    return out


@pytest.fixture
def fake_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    """No NLP: facts are the article alone; "EXPLODE" raises, "STALL" runs too long."""

    def one(article: Article, nlp: Any = None) -> ArticleFacts:
        if "EXPLODE" in article.text:
            raise RuntimeError("component crashed")
        if "STALL" in article.text:
            time.sleep(5)
        return ArticleFacts(article=article)

    def many(articles: Any, nlp: Any = None, batch_size: Any = None) -> Iterator[ArticleFacts]:
        return iter([one(a) for a in articles])

    monkeypatch.setattr(pipeline, "analyze", one)
    monkeypatch.setattr(pipeline, "analyze_many", many)


def _run(
    tmp_path: Path, articles: list[Article], **kwargs: Any
) -> tuple[batch.IngestSummary, Path]:
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(
            json.dumps({"title": a.text.split("\n")[0], "text": a.text.split("\n\n", 1)[1]})
            for a in articles
        ),
        encoding="utf-8",
    )
    db = tmp_path / "t.db"
    with open_store(db) as store:
        summary = batch.ingest([src], store, progress=False, **kwargs)
    return summary, db


@pytest.mark.usefixtures("fake_analysis")
def test_a_crashing_article_fails_alone(tmp_path: Path) -> None:
    summary, db = _run(tmp_path, _articles(7, "EXPLODE"), chunk_size=4)
    assert summary.stored == 6 and summary.failed == 1
    ((reason, stage, source),) = rows(db, "SELECT reason, stage, source FROM errors")
    assert stage == "analyse" and "component crashed" in reason and source.endswith("#line=4")
    assert len(rows(db, "SELECT id FROM articles")) == 6


@pytest.mark.usefixtures("fake_analysis")
def test_an_article_over_the_time_limit_fails_alone(tmp_path: Path) -> None:
    summary, db = _run(tmp_path, _articles(5, "STALL"), timeout=0.3)
    assert summary.stored == 4 and summary.failed == 1
    ((reason,),) = rows(db, "SELECT reason FROM errors")
    assert "time limit" in reason


@pytest.mark.usefixtures("fake_analysis")
def test_a_store_failure_keeps_what_was_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dateline.store.sqlite import SQLiteStore

    real_save = SQLiteStore.save

    def save(self: SQLiteStore, facts: ArticleFacts) -> bool:
        if "report 2" in facts.article.text:
            raise sqlite3.OperationalError("disk I/O error")
        return real_save(self, facts)

    monkeypatch.setattr(SQLiteStore, "save", save)
    summary, db = _run(tmp_path, _articles(5))
    assert summary.stored == 4 and summary.failed == 1
    ((reason, stage),) = rows(db, "SELECT reason, stage FROM errors")
    assert stage == "store" and "disk I/O error" in reason
    texts = [t for (t,) in rows(db, "SELECT text FROM articles")]
    assert len(texts) == 4 and not any("report 2" in t for t in texts)


def test_jsonl_with_lone_surrogate_escapes_is_stored_with_replacements(tmp_path: Path) -> None:
    """``\\ud800`` in JSON decodes to half a UTF-16 pair, which UTF-8 cannot encode."""
    line = {
        "title": "Port Reopens \\ud83d",
        "text": "The port of Beira reopened on Monday \\udc00 after the storm, officials said.",
    }
    path = tmp_path / "odd.jsonl"
    path.write_text(json.dumps(line).replace("\\\\u", "\\u") + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["ingest", str(path), "--db", str(db), "--no-progress"])
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        (facts,) = list(store.iter_facts())
    assert "\ufffd" in facts.article.text and "Beira" in facts.article.text
    assert facts.article.title == "Port Reopens \ufffd"
