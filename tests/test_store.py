"""The SQLite store: round trips, duplicates, full-text search, errors, migrations."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dateline.model import (
    Article,
    ArticleFacts,
    Casualties,
    Embed,
    Entity,
    Event,
    EventActor,
    EventDate,
    EventPlace,
    IngestError,
    Mention,
    Note,
    Place,
    Quote,
    Speaker,
    TimeExpr,
)
from dateline.store import QueryError, SQLiteStore, open_store
from dateline.store import migrate as migrate_mod

TEXT = (
    "Gunmen Kill Four at Checkpoint Near Gao\n\n"
    "GAO, Mali (Wire) — Gunmen on motorcycles killed four soldiers at a checkpoint outside "
    'Gao on Tuesday, the army said. "We will find those responsible," Colonel Amadou Traore '
    "told reporters. A security source, who asked not to be named, said the attackers fled north."
)


def make_facts(text: str = TEXT, source: str = "gao.txt", **extra: object) -> ArticleFacts:
    article = Article(
        title=text.split("\n\n")[0],
        text=text,
        source=source,
        outlet="Wire",
        authors=["A. Writer"],
        published=datetime(2024, 3, 5, 9, 30, tzinfo=UTC),
        body_start=text.find("\n\n") + 2,
        **extra,
    ).with_id()
    gao = text.find("Gao")
    return ArticleFacts(
        article=article,
        entities=[
            Entity(
                canonical="Mali Armed Forces",
                type="ORG",
                kind="military",
                mentions=[Mention(text="the army", start=10, end=18)],
            )
        ],
        quotes=[
            Quote(
                kind="direct",
                text="We will find those responsible",
                start=150,
                end=180,
                speaker=Speaker(text="Colonel Amadou Traore", canonical="Amadou Traore"),
                cue="told",
                hedge="asserted",
            ),
            Quote(
                kind="indirect",
                text="the attackers fled north",
                start=250,
                end=274,
                speaker=Speaker(text="A security source", anonymous=True),
                via=["security source"],
            ),
        ],
        times=[
            TimeExpr(
                text="Tuesday",
                start=120,
                end=127,
                type="DATE",
                value="2024-03-05",
                interval=["2024-03-05", "2024-03-05"],
                anchor="published",
            )
        ],  # fmt: skip
        places=[
            Place(
                text="Gao",
                start=gao,
                end=gao + 3,
                name="Gao",
                country="ML",
                lat=16.27,
                lon=-0.04,
                feature="city",
            )
        ],  # fmt: skip
        events=[
            Event(
                id="ev1",
                type="ASSAULT",
                mode="firearms",
                date=EventDate(value="2024-03-05", from_time=0),
                place=EventPlace(name="Gao", from_place=0),
                actors=[EventActor(canonical="Gunmen", role="perpetrator")],
                casualties=[Casualties(group="soldiers", killed=4)],
                custom_score=0.5,  # an extra field a future extractor adds
            )
        ],
        embeds=[Embed(author="Army", handle="@army", text="post", start=0, end=4)],
        notes=[Note(text="*note", start=0, end=5)],
    )


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    s = open_store(tmp_path / "t.db")
    yield s
    s.close()


def test_round_trip_exactly_as_saved(store: SQLiteStore) -> None:
    facts = make_facts()
    assert store.save(facts) is True
    back = store.get_facts(facts.article.id)
    assert back == facts
    assert back.model_dump_json() == facts.model_dump_json()
    assert back.events[0].model_extra == {"custom_score": 0.5}
    assert store.get_facts(facts.article.id[:10]) == facts  # a unique prefix
    assert list(store.iter_facts()) == [facts]


def test_flattened_rows(store: SQLiteStore) -> None:
    store.save(make_facts())
    ev = store.events(type="assault")
    assert len(ev) == 1
    assert (ev[0]["place"], ev[0]["country"], ev[0]["lat"], ev[0]["killed"]) == (
        "Gao",
        "ML",
        16.27,
        4,
    )
    assert ev[0]["actors"][0]["canonical"] == "Gunmen"
    assert store.events(actor="gunmen") and not store.events(actor="nobody")
    assert store.events(since="2024-03-01", until="2024-03-31")
    assert not store.events(since="2025-01-01")
    anon = store.quotes(anonymous=True)
    assert [q["text"] for q in anon] == ["the attackers fled north"]
    assert anon[0]["via"] == ["security source"]
    assert [q["idx"] for q in store.quotes(speaker="amadou traore")] == [0]
    stats = store.stats()
    assert stats["articles"] == 1 and stats["quotes"] == 2 and stats["events"] == 1
    assert stats["entity_mentions"] == 1 and stats["casualties"] == 1
    assert stats["db_bytes"] > 0 and stats["schema_version"] >= 1


def test_duplicate_is_stored_once(store: SQLiteStore) -> None:
    facts = make_facts()
    assert store.save(facts) is True
    assert store.save(make_facts()) is False  # same text: same id
    assert store.stats()["articles"] == 1
    assert store.stats()["quotes"] == 2  # child rows not duplicated either
    assert store.has_article(facts.article.id)


def test_same_text_other_url_is_another_article(store: SQLiteStore) -> None:
    assert store.save(make_facts(url="https://a.example/1"))
    assert store.save(make_facts(url="https://b.example/1"))
    assert store.stats()["articles"] == 2


def test_unknown_and_ambiguous_ids(store: SQLiteStore) -> None:
    assert store.get_facts("deadbeef") is None
    assert store.get_facts("") is None
    assert store.get_facts("%") is None
    for i in range(20):  # 20 ids: some pair shares the first hex digit
        store.save(make_facts(TEXT + f" Update {i}."))
    firsts = [a["id"][0] for a in store.list_articles(limit=100)]
    shared = next(c for c in firsts if firsts.count(c) > 1)
    with pytest.raises(LookupError):
        store.get_facts(shared)


def test_search_articles_and_quotes(store: SQLiteStore) -> None:
    store.save(make_facts())
    other = make_facts("Floods Hit Dhaka\n\nHeavy rain flooded Dhaka on Monday.", "dhaka.txt")
    other.quotes = []
    other.events = []
    store.save(other)
    hits = store.search("checkpoint")
    assert [h["id"] for h in hits] == [make_facts().article.id]
    assert "«checkpoint»" in hits[0]["snippet"].lower() or "«Checkpoint»" in hits[0]["snippet"]
    assert store.search("dhaka")[0]["title"] == "Floods Hit Dhaka"
    assert store.search("nothing-like-this") == []
    # Punctuated words are searched as phrases rather than failing.
    assert store.search("motorcycles, Gao.")
    quotes = store.search_quotes("responsible")
    assert quotes[0]["speaker_canonical"] == "Amadou Traore" and "«" in quotes[0]["snippet"]
    assert [q["text"] for q in store.quotes(query="fled")] == ["the attackers fled north"]


@pytest.mark.parametrize("query", ['"unclosed phrase', "(gao", "gao AND (", "title:", "*"])
def test_malformed_query_is_a_clear_error(store: SQLiteStore, query: str) -> None:
    store.save(make_facts())
    with pytest.raises(QueryError) as info:
        store.search(query)
    assert "search query" in str(info.value)
    assert isinstance(info.value, ValueError)  # the CLI turns ValueError into a usage error
    with pytest.raises(QueryError):
        store.quotes(query='"unclosed')


def test_empty_query(store: SQLiteStore) -> None:
    with pytest.raises(QueryError):
        store.search("   ")


def test_errors_and_sources(store: SQLiteStore) -> None:
    err = IngestError(source="bad.html", reason="no body text", stage="read")
    store.record_error(err)
    got = store.errors()
    assert [(e.source, e.reason, e.stage) for e in got] == [("bad.html", "no body text", "read")]
    assert got[0].time is not None
    assert store.source_done("bad.html")
    assert not store.source_done("other.txt")
    store.mark_source("other.txt", None, "done")
    assert store.source_done("other.txt")
    facts = make_facts(source="x.jsonl#line=1")
    store.save(facts)
    assert store.source_done("x.jsonl#line=1")


def test_migrations_idempotent_on_reopen(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    with open_store(path) as s:
        s.save(make_facts())
        first = s._rows("SELECT version, name FROM schema_version ORDER BY version")
    with open_store(path) as s:
        again = s._rows("SELECT version, name FROM schema_version ORDER BY version")
        assert again == first
        assert s.stats()["articles"] == 1
        assert s.migrate() == []
    assert first[0] == {"version": 1, "name": "core"}


def test_new_migration_file_is_applied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sql_dir = tmp_path / "sql"
    shutil.copytree(migrate_mod.SQL_DIR, sql_dir)
    path = tmp_path / "n.db"
    monkeypatch.setattr(migrate_mod, "SQL_DIR", sql_dir)
    with open_store(path) as s:
        s.save(make_facts())
        before = s.schema_version()
    (sql_dir / "sqlite" / "0099_extra.sql").write_text(
        "CREATE TABLE IF NOT EXISTS extra_thing (id INTEGER PRIMARY KEY, note TEXT);"
    )
    with open_store(path) as s:
        assert s.schema_version() == 99 > before
        s._execute("INSERT INTO extra_thing (note) VALUES ('x')")
        assert s.stats()["articles"] == 1


def test_badly_named_migration_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sqlite").mkdir()
    (tmp_path / "sqlite" / "core.sql").write_text("SELECT 1;")
    monkeypatch.setattr(migrate_mod, "SQL_DIR", tmp_path)
    with pytest.raises(ValueError, match="NNNN_name"):
        migrate_mod.migrations("sqlite")


def test_wal_and_foreign_keys(store: SQLiteStore) -> None:
    assert store._scalar("PRAGMA journal_mode") == "wal"
    assert store._scalar("PRAGMA foreign_keys") == 1
    with pytest.raises(sqlite3.IntegrityError):
        store._execute("INSERT INTO notes VALUES ('no-such-article', 0, 'x', 0, 1)")


# ----------------------------------------------------------------------------- bad input


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(ValueError, match="not a Dateline"):
        open_store(path)


def test_unknown_url_scheme() -> None:
    with pytest.raises(ValueError, match="unknown database URL"):
        open_store("mysql://localhost/x")


def test_odd_unicode_round_trips_and_is_searchable(store: SQLiteStore) -> None:
    text = (
        "انفجار في بغداد \u200f\u200b\n\nA blast 💥 hit Baghdad\u200d; «Zürich» naïve "
        "Ελλάδα 北京 \ud7ff end."
    )
    facts = make_facts(text, "rtl.txt")
    facts.quotes = []
    facts.entities = []
    store.save(facts)
    assert store.get_facts(facts.article.id) == facts
    assert store.search("zurich")  # diacritics folded
    assert store.search("بغداد")


def test_empty_and_huge_articles(store: SQLiteStore) -> None:
    empty = ArticleFacts(article=Article(text="", source="empty.txt").with_id())
    assert store.save(empty)
    assert store.get_facts(empty.article.id) == empty
    huge_text = "Headline\n\n" + ("Troops advanced on the town. " * 200_000)
    huge = ArticleFacts(article=Article(text=huge_text, source="huge.txt").with_id())
    assert store.save(huge)
    assert len(store.get_facts(huge.article.id).article.text) == len(huge_text)
    (hit,) = store.search("advanced")
    assert hit["id"] == huge.article.id
    assert "«advanced»" in hit["snippet"]


def test_failed_save_rolls_back_only_that_article(store: SQLiteStore) -> None:
    good = make_facts()
    store.save(good)
    bad = make_facts(TEXT + " More.")
    bad.quotes[0].text = None  # type: ignore[assignment]  (violates NOT NULL)
    with pytest.raises(sqlite3.IntegrityError):
        store.save(bad)
    assert not store.has_article(bad.article.id)  # no half-written article
    assert store.stats()["quotes"] == 2
    assert store.save(make_facts(TEXT + " Later."))  # the store is still usable
