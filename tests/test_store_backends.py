"""One test body, every store backend: SQLite always, PostgreSQL when DATELINE_TEST_PG is set.

What must hold whatever the backend: exact round trips, one transaction per article,
re-ingest by content hash stores once (also with concurrent writers), errors and sources
for --resume, migrations, the FTS5 query syntax with the same results, odd input.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dateline.model import Article, ArticleFacts, IngestError
from dateline.store import QueryError, Store, open_store
from dateline.store import migrate as migrate_mod
from pg_helpers import BACKENDS, POSTGRES, drop_schema, store_target
from test_store import TEXT, make_facts

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
MIGRATION_DIR = {"sqlite": "sqlite", "postgres": "postgres"}


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def target(backend: str, tmp_path: Path) -> Iterator[str]:
    yield from store_target(backend, tmp_path)


@pytest.fixture
def store(target: str) -> Iterator[Store]:
    s = open_store(target)
    yield s
    s.close()


def integrity_errors() -> tuple[type[Exception], ...]:
    errors: list[type[Exception]] = [sqlite3.IntegrityError]
    try:
        import psycopg

        errors.append(psycopg.IntegrityError)
    except ImportError:  # pragma: no cover  (psycopg is a dependency)
        pass
    return tuple(errors)


def bare(text: str, source: str) -> ArticleFacts:
    return ArticleFacts(article=Article(title=text.split("\n\n")[0], text=text, source=source))


# ----------------------------------------------------------------------------- storage


def test_round_trip_exactly_as_saved(store: Store) -> None:
    facts = make_facts()
    assert store.save(facts) is True
    back = store.get_facts(facts.article.id)
    assert back == facts
    assert back is not None and back.model_dump_json() == facts.model_dump_json()
    assert back.events[0].model_extra == {"custom_score": 0.5}
    assert store.get_facts(facts.article.id[:10]) == facts
    assert list(store.iter_facts()) == [facts]


def test_flattened_rows_and_filters(store: Store) -> None:
    store.save(make_facts())
    ev = store.events(type="assault")
    assert len(ev) == 1
    e = ev[0]
    assert (e["place"], e["country"], e["lat"], e["killed"]) == ("Gao", "ML", 16.27, 4)
    assert ev[0]["lon"] == -0.04  # 8-byte floats on both backends
    assert ev[0]["actors"] == [{"canonical": "Gunmen", "role": "perpetrator", "basis": None}]
    assert store.events(actor="gunmen") and not store.events(actor="nobody")
    assert store.events(since="2024-03-01", until="2024-03-31")
    assert not store.events(since="2025-01-01")
    assert store.events(country="ml") and not store.events(country="fr")
    anon = store.quotes(anonymous=True)
    assert [q["text"] for q in anon] == ["the attackers fled north"]
    assert anon[0]["via"] == ["security source"] and anon[0]["anonymous"] is True
    assert [q["idx"] for q in store.quotes(speaker="amadou traore")] == [0]
    assert [q["idx"] for q in store.quotes(speaker="Traore")] == [0]  # last words of the name
    assert store.quotes(speaker="100%_") == []  # LIKE wildcards are literal
    listed = store.list_articles()
    assert [(a["n_quotes"], a["n_events"]) for a in listed] == [(2, 1)]
    stats = store.stats()
    assert stats["articles"] == 1 and stats["quotes"] == 2 and stats["events"] == 1
    assert stats["entity_mentions"] == 1 and stats["casualties"] == 1
    assert stats["db_bytes"] > 0 and stats["schema_version"] >= 2


def test_reingest_stores_once(store: Store) -> None:
    facts = make_facts()
    assert store.save(facts) is True
    assert store.save(make_facts()) is False  # same text: same id
    assert store.stats()["articles"] == 1 and store.stats()["quotes"] == 2
    assert store.save(make_facts(url="https://b.example/1")) is True  # same text, other URL
    assert store.stats()["articles"] == 2


def test_concurrent_writers_store_each_article_once(target: str) -> None:
    """Two processes' worth of connections saving the same articles at once."""
    batch = [make_facts(TEXT + f" Update {i}.", f"u{i}.txt") for i in range(12)]
    open_store(target).close()  # migrate once, as the batch writer does
    results: list[bool] = []
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            with open_store(target) as s:
                results.extend(s.save(f.model_copy(deep=True)) for f in batch)
        except BaseException as exc:  # surfaced below
            failures.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not failures, failures
    assert results.count(True) == len(batch) and results.count(False) == 2 * len(batch)
    with open_store(target) as s:
        assert s.stats()["articles"] == len(batch)
        assert s.stats()["quotes"] == 2 * len(batch)


def test_unknown_and_ambiguous_ids(store: Store) -> None:
    assert store.get_facts("deadbeef") is None
    assert store.get_facts("") is None
    assert store.get_facts("%") is None and store.get_facts("_") is None
    for i in range(20):  # 20 ids: some pair shares the first hex digit
        store.save(make_facts(TEXT + f" Update {i}."))
    firsts = [a["id"][0] for a in store.list_articles(limit=100)]
    shared = next(c for c in firsts if firsts.count(c) > 1)
    with pytest.raises(LookupError):
        store.get_facts(shared)


def test_errors_and_sources_for_resume(store: Store) -> None:
    store.record_error(IngestError(source="bad.html", reason="no body text", stage="read"))
    store.record_error(IngestError(source="worse.html", reason="it's 100% broken", stage="analyse"))
    got = store.errors()
    assert [(e.source, e.stage) for e in got] == [("bad.html", "read"), ("worse.html", "analyse")]
    assert got[1].reason == "it's 100% broken" and got[0].time is not None
    assert [e.source for e in store.errors(limit=1)] == ["bad.html"]
    assert store.source_done("bad.html") and not store.source_done("other.txt")
    store.mark_source("other.txt", None, "done")
    assert store.source_done("other.txt")
    store.mark_source("later.txt", None, "started")  # not a finished status
    assert not store.source_done("later.txt")
    store.save(make_facts(source="x.jsonl#line=1"))
    assert store.source_done("x.jsonl#line=1")
    assert store.stats()["sources"] == 5


def test_failed_save_rolls_back_only_that_article(store: Store) -> None:
    store.save(make_facts())
    bad = make_facts(TEXT + " More.", "bad.txt")
    bad.quotes[0].text = None  # type: ignore[assignment]  (violates NOT NULL)
    with pytest.raises(integrity_errors()):
        store.save(bad)
    assert not store.has_article(bad.article.id)  # no half-written article
    assert not store.source_done("bad.txt")
    assert store.stats()["quotes"] == 2
    assert store.save(make_facts(TEXT + " Later."))  # the store is still usable


# ----------------------------------------------------------------------------- migrations


def test_migrations_idempotent_on_reopen(target: str) -> None:
    with open_store(target) as s:
        s.save(make_facts())
        first = s._rows("SELECT version, name FROM schema_version ORDER BY version")
    with open_store(target) as s:
        assert s._rows("SELECT version, name FROM schema_version ORDER BY version") == first
        assert s.stats()["articles"] == 1
        assert s.migrate() == []  # type: ignore[attr-defined]
    assert first[:2] == [{"version": 1, "name": "core"}, {"version": 2, "name": "corpus"}]


def test_every_backend_has_the_same_migrations() -> None:
    sqlite = [(m.version, m.name) for m in migrate_mod.migrations("sqlite")]
    postgres = [(m.version, m.name) for m in migrate_mod.migrations("postgres")]
    missing = sorted(set(sqlite) ^ set(postgres))
    assert not missing, (
        f"migrations {missing} exist for one backend only: add the same NNNN_name.sql "
        "to src/dateline/store/sql/sqlite/ and sql/postgres/"
    )


def test_new_migration_file_is_applied(
    backend: str, target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql_dir = tmp_path / "sql"
    shutil.copytree(migrate_mod.SQL_DIR, sql_dir)
    monkeypatch.setattr(migrate_mod, "SQL_DIR", sql_dir)
    with open_store(target) as s:
        s.save(make_facts())
        before = s.schema_version()
    (sql_dir / MIGRATION_DIR[backend] / "0099_extra.sql").write_text(
        "CREATE TABLE IF NOT EXISTS extra_thing (id INTEGER PRIMARY KEY, note TEXT);"
    )
    with open_store(target) as s:
        assert s.schema_version() == 99 > before
        s._execute("INSERT INTO extra_thing (id, note) VALUES (1, 'x')")
        assert s.stats()["articles"] == 1


def test_broken_migration_leaves_nothing_half_applied(
    backend: str, target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql_dir = tmp_path / "sql"
    shutil.copytree(migrate_mod.SQL_DIR, sql_dir)
    monkeypatch.setattr(migrate_mod, "SQL_DIR", sql_dir)
    with open_store(target) as s:
        before = s.schema_version()
    (sql_dir / MIGRATION_DIR[backend] / "0098_broken.sql").write_text(
        "CREATE TABLE half_done (id INTEGER);\nTHIS IS NOT SQL;"
    )
    with pytest.raises(Exception, match="(?i)syntax"):
        open_store(target)
    (sql_dir / MIGRATION_DIR[backend] / "0098_broken.sql").unlink()
    with open_store(target) as s:
        assert s.schema_version() == before
        with pytest.raises(Exception, match="half_done"):  # the whole file was rolled back
            s._execute("SELECT * FROM half_done")


# ----------------------------------------------------------------------------- full text


SEARCH_TEXTS = {
    "gao": make_facts().article.text,
    "dhaka": "Floods Hit Dhaka\n\nHeavy rain flooded Dhaka on Monday, officials said.",
    "kabul": "Car Bomb in Kabul\n\nA car bomb exploded in Kabul near the airport, police "
    "said. Al-Shabaab, a Somali group, was not involved, an official in Kabul said.",
    "lagos": "Port Strike Ends\n\nDock workers in Lagos ended a strike, union leaders said. "
    "A bomb scare in Kabul last week had closed a terminal.",
}

SEARCH_CASES = [
    ("said", {"gao", "dhaka", "kabul", "lagos"}),
    ("GAO", {"gao"}),
    ("kabul OR dhaka", {"dhaka", "kabul", "lagos"}),
    ("said NOT kabul", {"gao", "dhaka"}),
    ("said AND (gao OR dhaka)", {"gao", "dhaka"}),
    ("checkpoint gao", {"gao"}),
    ("checkpoint dhaka", set()),
    ('"car bomb"', {"kabul"}),
    ('"bomb car"', set()),
    ("car + bomb", {"kabul"}),
    ("flood*", {"dhaka"}),
    ("kab*", {"kabul", "lagos"}),
    ("title: kabul", {"kabul"}),
    ("title: said", set()),
    ("text: said", {"gao", "dhaka", "kabul", "lagos"}),
    ("title: (bomb OR strike)", {"kabul", "lagos"}),
    ("{title}: gao", {"gao"}),
    ("{title text}: airport", {"kabul"}),
    ("motorcycles, Gao.", {"gao"}),  # punctuated words are searched as phrases
    ("al-Shabaab", {"kabul"}),
    ("nothing-like-this", set()),
]


@pytest.fixture
def search_store(store: Store) -> Store:
    for key, text in SEARCH_TEXTS.items():
        facts = make_facts(text, f"{key}.txt") if key == "gao" else bare(text, f"{key}.txt")
        store.save(facts)
    return store


def test_fts5_query_syntax_gives_the_same_hits(search_store: Store) -> None:
    ids = {a["source"].removesuffix(".txt"): a["id"] for a in search_store.list_articles()}
    for query, expected in SEARCH_CASES:
        hits = {h["id"] for h in search_store.search(query)}
        assert hits == {ids[k] for k in expected}, query


def test_ranking_snippets_and_limit(search_store: Store) -> None:
    hits = search_store.search("kabul")
    assert [h["source"] for h in hits] == ["kabul.txt", "lagos.txt"]  # title and 3 mentions first
    assert "«Kabul»" in hits[0]["snippet"]
    assert len(search_store.search("said", limit=2)) == 2
    marked = search_store.search("dhaka", mark=("<b>", "</b>"))  # type: ignore[call-arg]
    assert "<b>Dhaka</b>" in marked[0]["snippet"]


def test_quote_search(search_store: Store) -> None:
    quotes = search_store.search_quotes("responsible")  # type: ignore[attr-defined]
    assert quotes[0]["speaker_canonical"] == "Amadou Traore" and "«" in quotes[0]["snippet"]
    by_speaker = search_store.search_quotes("traore")  # type: ignore[attr-defined]
    assert [q["idx"] for q in by_speaker] == [0]
    assert [q["text"] for q in search_store.quotes(query="fled")] == ["the attackers fled north"]
    assert search_store.quotes(query="fled", anonymous=False) == []
    assert [q["idx"] for q in search_store.quotes(query="find OR fled")] == [0, 1]


@pytest.mark.parametrize(
    "query",
    [
        '"unclosed phrase',
        "(gao",
        "gao AND (",
        "title:",
        "*",
        "nosuch: gao",
        "gao)",
        "(a OR)",
        "{x}: a",
    ],
)
def test_malformed_query_is_a_clear_error(store: Store, query: str) -> None:
    store.save(make_facts())
    with pytest.raises(QueryError) as info:
        store.search(query)
    assert "search query" in str(info.value)
    assert isinstance(info.value, ValueError)  # the CLI turns ValueError into a usage error
    with pytest.raises(QueryError):
        store.quotes(query='"unclosed')


def test_empty_query(store: Store) -> None:
    for query in ("", "   ", "\n\t"):
        with pytest.raises(QueryError):
            store.search(query)


# ----------------------------------------------------------------------------- bad input


def test_odd_unicode_round_trips_and_is_searchable(store: Store) -> None:
    text = (
        "انفجار في بغداد \u200f\u200b\n\nA blast 💥 hit Baghdad\u200d; «Zürich» naïve "
        "Ελλάδα 北京 \ud7ff end."
    )
    facts = make_facts(text, "rtl.txt")
    facts.quotes, facts.entities = [], []
    store.save(facts)
    assert store.get_facts(facts.article.id) == facts
    assert store.search("zurich") and store.search("Zürich")  # diacritics folded
    assert store.search("naive")
    assert store.search("بغداد")
    assert store.search("ελλάδα")


def test_nul_and_control_characters(store: Store) -> None:
    text = "Nul\x00 Byte Headline\n\nA report with a NUL\x00byte and \x1b escapes, said officials."
    facts = make_facts(text, "nul.txt")
    facts.quotes[0].text = "with a NUL\x00byte"
    assert store.save(facts)
    assert store.get_facts(facts.article.id) == facts  # exactly, NUL included
    assert store.search("officials")
    assert store.quotes(speaker="Amadou Traore")[0]["text"].startswith("with a NUL")


def test_empty_large_and_many_token_articles(store: Store) -> None:
    empty = ArticleFacts(article=Article(text="", source="empty.txt").with_id())
    assert store.save(empty)
    assert store.get_facts(empty.article.id) == empty
    large_text = "Headline\n\n" + ("Troops advanced on the town. " * 20_000)  # 580,000 chars
    large = ArticleFacts(article=Article(text=large_text, source="large.txt").with_id())
    assert store.save(large)
    got = store.get_facts(large.article.id)
    assert got is not None and len(got.article.text) == len(large_text)
    assert [h["id"] for h in store.search("advanced")] == [large.article.id]
    # 400,000 characters of distinct tokens: more than one full-text index entry can hold
    tokens = "Junk\n\n" + " ".join(f"w{i:x}" + "q" * 10 for i in range(60_000))
    junk = ArticleFacts(article=Article(text=tokens, source="junk.txt").with_id())
    assert store.save(junk)
    assert store.search("w1" + "q" * 10)


# ----------------------------------------------------------------------------- end to end


KILL_WRITER = """
import sys
from test_store import TEXT, make_facts
from dateline.store import open_store
target, n = sys.argv[1], int(sys.argv[2])
with open_store(target) as store:
    for i in range(n):
        f = make_facts(TEXT + f" Update {i}.", f"kill/{i}.txt")
        if not store.source_done(f.article.source):
            store.save(f)
        print(i, flush=True)
"""


@pytest.mark.slow
def test_kill_9_mid_write_then_resume_stores_every_article_once(
    target: str, tmp_path: Path
) -> None:
    """A writer killed with SIGKILL leaves only whole articles; a resumed run adds the rest."""
    n = 300
    script = tmp_path / "writer.py"
    script.write_text(KILL_WRITER)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent)}
    proc = subprocess.Popen(
        [sys.executable, str(script), target, str(n)], env=env, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    for _ in range(40):  # let it store some articles, then kill it mid-stream
        assert proc.stdout.readline(), "the writer ended early"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with open_store(target) as s:
        stats = s.stats()
        assert 40 <= stats["articles"] < n
        # whole articles only: children and the source mark came with each one
        assert stats["quotes"] == 2 * stats["articles"] == 2 * stats["events"]
        assert stats["sources"] == stats["articles"]
    resumed = subprocess.run(
        [sys.executable, str(script), target, str(n)], env=env, capture_output=True, timeout=300
    )
    assert resumed.returncode == 0, resumed.stderr
    with open_store(target) as s:
        stats = s.stats()
        assert stats["articles"] == stats["sources"] == n
        assert stats["quotes"] == 2 * n and stats["events"] == n


def test_cli_ingest_resume_search_and_corpus(target: str, tmp_path: Path) -> None:
    from dateline.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("market-bombing-mogadishu.txt", "arrest-brussels.txt"):
        shutil.copy(EXAMPLES / name, folder / name)
    (folder / "empty.txt").write_bytes(b"")
    runner = CliRunner()

    def run(*args: str) -> dict | list:  # type: ignore[type-arg]
        result = runner.invoke(app, [*args, "--db", target, "--json"])
        assert result.exit_code in (0, 1), result.output
        return json.loads(result.stdout)

    first = run("ingest", str(folder), "--no-progress")
    assert (first["stored"], first["failed"]) == (2, 1)
    again = run("ingest", str(folder), "--no-progress", "--resume")
    assert again["read"] == 0 and again["stored"] == 0
    assert run("stats")["articles"] == 2
    assert [e["source"] for e in run("errors")] == [str(folder / "empty.txt")]
    hits = run("search", "Mogadishu")
    assert len(hits) == 1 and "market" in hits[0]["source"]
    assert run("events")  # the corpus tables were filled by ingest
    assert run("timeline")


def test_rest_api_reads_the_store(target: str) -> None:
    from fastapi.testclient import TestClient

    from dateline.api.app import create_app

    with open_store(target) as s:
        s.save(make_facts())
    with TestClient(create_app(target)) as client:
        found = client.get("/api/search", params={"q": "checkpoint"})
        assert found.status_code == 200, found.text
        assert "Checkpoint" in found.text
        assert client.get("/api/events").status_code == 200
        stats = client.get("/api/stats")
        assert stats.status_code == 200 and stats.json()["articles"] == 1


# ----------------------------------------------------------------------------- PostgreSQL only


@pytest.mark.parametrize("backend", [POSTGRES])
def test_schema_from_the_url_is_created_and_isolated(target: str) -> None:
    with open_store(target) as s:
        s.save(make_facts())
        assert "search_path" not in repr(s)  # repr() is short (and never shows a password)
    with open_store(s.target) as again:  # target reopens the same store
        assert again.stats()["articles"] == 1
    other = target.replace("dl_test_", "dl_other_")
    try:
        with open_store(other) as s:
            assert s.stats()["articles"] == 0  # another schema, another store
    finally:
        drop_schema(other.split("search_path%3D")[1])


def test_unreachable_server_is_a_clear_error() -> None:
    # needs no server: nothing listens on port 1
    with pytest.raises(ValueError, match="cannot connect to PostgreSQL") as info:
        open_store("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
    assert "secret" not in str(info.value)


def test_password_is_not_shown() -> None:
    from dateline.store.postgres import _redact

    assert _redact("postgresql://ana:secret@db.example:5433/news") == (
        "postgresql://ana@db.example:5433/news"
    )
    assert "secret" not in _redact("postgresql://db.example/news?password=secret")


# ----------------------------------------------------------------------------- no server needed


def test_query_parser_precedence_and_columns() -> None:
    from dateline.store.pgsearch import Op, Phrase, parse

    def p(word: str, cols: frozenset[str] | None = None) -> Phrase:
        return Phrase(((word, False),), cols)

    cols = ("title", "text")
    assert parse("a OR b c", cols) == Op("OR", p("a"), Op("AND", p("b"), p("c")))
    assert parse("a b NOT c", cols) == Op("AND", p("a"), Op("NOT", p("b"), p("c")))
    assert parse("title: (a OR b)", cols) == Op(
        "OR", p("a", frozenset({"title"})), p("b", frozenset({"title"}))
    )
    assert parse('"say ""no"""* + x', cols) == Phrase((('say "no"', True), ("x", False)))
    assert parse("U.S. al-Shabaab", cols) == Op("AND", p("U.S."), p("al-Shabaab"))  # retried
    # a dangling operator without operator characters: words, as the SQLite store retries
    assert parse("a OR", cols) == Op("AND", p("a"), p("OR"))
    for bad in ("NEAR(a b)", "^a", "(a OR)", "title:(a", '"', "text: title:", "a:b"):
        with pytest.raises(QueryError):
            parse(bad, cols)


def test_query_rendering_keeps_placeholders_and_params_in_step() -> None:
    from dateline.store.pgsearch import parse, render_match, render_tsquery

    node = parse('kab* OR ("car bomb" NOT title: airport) it', ("title", "text"))
    vectors = {"title": "a.fts_title", "text": "a.fts_text"}
    match, mparams = render_match(node, vectors)
    tsq, tparams = render_tsquery(node)
    assert match.count("?") == len(mparams) and tsq.count("?") == len(tparams)
    assert "'kab':*" in mparams and "car bomb" in mparams
    assert "a.fts_text @@" not in match.split("NOT")[1].split(")")[0]  # title only
    assert "!!" in tsq


def test_sqlite_style_sql_is_translated_for_psycopg() -> None:
    from dateline.store.postgres import translate

    assert translate("SELECT ? WHERE x LIKE '100%?' AND y = ?") == (
        "SELECT %s WHERE x LIKE '100%%?' AND y = %s"
    )
    assert translate('SELECT "odd?col", ? FROM t') == 'SELECT "odd?col", %s FROM t'
    assert translate("SELECT 'it''s ?', ?") == "SELECT 'it''s ?', %s"
    assert translate("begin immediate") == "BEGIN"


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list('ab "()*:+^{},.-NOTAR\u00e9\u200b\U0001f4a5')), max_size=30
    )
)
def test_any_query_parses_or_is_a_query_error(query: str) -> None:
    from dateline.store.pgsearch import parse, render_match, render_tsquery

    try:
        node = parse(query, ("title", "text"))
    except QueryError:
        return
    match, params = render_match(node, {"title": "t", "text": "x"})
    tsq, tparams = render_tsquery(node)
    assert match.count("?") == len(params) and tsq.count("?") == len(tparams)


QUERY_CHARS = list("ab \"()*:+^{},.-_%'\\NOTAR\u00e9\u200b\U0001f4a5\x00")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(alphabet=st.sampled_from(QUERY_CHARS), max_size=25))
def test_any_search_query_returns_hits_or_a_query_error(search_store: Store, query: str) -> None:
    for run in (search_store.search, lambda q: search_store.quotes(query=q)):
        try:
            hits = run(query)
        except QueryError:
            continue
        assert isinstance(hits, list)
