"""Corpus layer on a real SQLite store: families, fusion, discrepancies, incremental updates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from corpus_helpers import facts
from dateline import corpus

WIRE = (
    "A car bomb exploded near a crowded market in central Kabul on Thursday, killing 12 people "
    "and wounding dozens more, police said. No group has claimed responsibility for the attack, "
    "which came days after a similar blast in the city. Ambulances ferried the wounded to the "
    "emergency hospital as security forces sealed off the area."
)


@pytest.fixture
def store(tmp_path: Path) -> Any:
    store_mod = pytest.importorskip("dateline.store")
    if not hasattr(store_mod, "open_store"):
        pytest.skip("the store layer has not landed")
    s = store_mod.open_store(tmp_path / "corpus.db")
    yield s
    s.close()


def kabul_reports() -> list[Any]:
    return [
        facts(WIRE, outlet="Wire", killed=[("people", 12, "exact")]),
        # the same wire story reprinted later with an updated figure
        facts(
            WIRE.replace("12 people", "14 people"),
            outlet="Daily Post",
            published="2024-03-08T15:00:00+00:00",
            killed=[("people", 14, "exact")],
        ),
        facts(
            "Officials in the Afghan capital said at least 15 civilians died when an "
            "explosives-laden car blew up beside a market. Islamic State claimed it.",
            outlet="Herald",
            published="2024-03-07T18:00:00+00:00",
            killed=[("civilians", 15, "at_least")],
            perpetrator="Islamic State",
            hedge="claimed",
        ),
    ]


def test_empty_store(store: Any) -> None:
    summary = corpus.update(store)
    assert summary.new_articles == 0 and summary.fused_events == 0
    assert corpus.fused_events(store) == []
    assert corpus.families(store) == []
    assert corpus.corpus_stats(store)["fused_events"] == 0


def test_syndication_family_and_fusion_across_outlets(store: Any) -> None:
    for f in kabul_reports():
        store.save(f)
    summary = corpus.update(store)
    assert summary.new_articles == 3
    fams = corpus.families(store)
    assert len(fams) == 1 and fams[0]["size"] == 2
    wire_id = kabul_reports()[0].article.id
    assert fams[0]["representative"] == wire_id  # earliest member of the family
    events = corpus.fused_events(store)
    assert len(events) == 1
    fe = events[0]
    assert fe["n_reports"] == 3 and fe["n_families"] == 2
    assert {r["outlet"] for r in fe["reports"]} == {"Wire", "Daily Post", "Herald"}
    # each report keeps its own figures: fusion is a link, not a merge
    figures = {r["outlet"]: r["casualties"][0]["killed"] for r in fe["reports"]}
    assert figures == {"Wire": 12, "Daily Post": 14, "Herald": 15}
    assert all(r["reason"] for r in fe["reports"])


def test_discrepancies_list_values_sources_and_hedges(store: Any) -> None:
    for f in kabul_reports():
        store.save(f)
    corpus.update(store)
    fe = corpus.fused_events(store)[0]
    by_field = {d["field"]: d for d in fe["discrepancies"]}
    killed = by_field["killed:people"]
    values = {v["value"]: v for v in killed["values"]}
    assert set(values) == {"12", "14", "at least 15"}
    assert values["at least 15"]["reports"][0]["outlet"] == "Herald"
    assert values["at least 15"]["reports"][0]["hedge"] == "claimed"
    assert values["12"]["reports"][0]["published"].startswith("2024-03-08T10:00")
    assert killed["range"] == [12, 15]
    assert "at least 15 (1)" in killed["fused_value"]
    assert "perpetrator" not in by_field  # only one report names a perpetrator: no disagreement


def test_no_fusion_of_same_day_incidents_in_different_countries(store: Any) -> None:
    store.save(facts("A bomb went off in Kabul.", place="Kabul", outlet="A"))
    store.save(facts("A bomb went off in Baghdad.", place="Baghdad", outlet="B"))
    store.save(facts("A bomb went off in Mogadishu.", place="Mogadishu", outlet="C"))
    corpus.update(store)
    events = corpus.fused_events(store)
    assert len(events) == 3
    assert sorted(e["country"] for e in events) == ["AF", "IQ", "SO"]


def test_no_fusion_of_different_types_or_distant_dates(store: Any) -> None:
    store.save(facts("A bomb went off in Kabul.", outlet="A"))
    store.save(facts("Protesters marched in Kabul.", outlet="B", type="PROTEST", mode=None))
    store.save(
        facts(
            "Another bomb in Kabul.",
            outlet="C",
            day="2024-03-20",
            published="2024-03-20T12:00:00+00:00",
        )
    )
    corpus.update(store)
    assert len(corpus.fused_events(store)) == 3


def test_incremental_update_links_new_article_only_and_is_idempotent(store: Any) -> None:
    first, copy, herald = kabul_reports()
    store.save(first)
    store.save(herald)
    s1 = corpus.update(store)
    assert s1.new_articles == 2 and s1.fused_events == 1
    before = corpus.fused_events(store)[0]
    store.save(copy)
    s2 = corpus.update(store)
    assert s2.new_articles == 1 and s2.new_reports == 1
    assert s2.comparisons == 1  # one new report against the one blocked candidate
    after = corpus.fused_events(store)
    assert len(after) == 1 and after[0]["id"] == before["id"]
    assert after[0]["n_reports"] == 3
    s3 = corpus.update(store)
    assert s3.new_articles == 0 and s3.comparisons == 0 and s3.touched_fused_events == 0
    assert corpus.fused_events(store) == after


def test_earlier_article_becomes_family_representative(store: Any) -> None:
    late = facts(WIRE, outlet="Late", published="2024-03-09T10:00:00+00:00")
    early = facts(WIRE + " Updated.", outlet="Early", published="2024-03-08T08:00:00+00:00")
    store.save(late)
    corpus.update(store)
    store.save(early)
    corpus.update(store)
    fams = corpus.families(store)
    assert len(fams) == 1 and fams[0]["representative"] == early.article.id
    assert corpus.corpus_stats(store)["story_families"] == 1


def test_unlink_is_remembered_and_link_reverses_it(store: Any) -> None:
    for f in kabul_reports():
        store.save(f)
    corpus.update(store)
    fe = corpus.fused_events(store)[0]
    herald = next(r for r in fe["reports"] if r["outlet"] == "Herald")
    moved = corpus.unlink(store, herald["report_key"])
    assert moved["from"] == fe["id"] and moved["fused_id"] != fe["id"]
    events = {e["id"]: e for e in corpus.fused_events(store)}
    assert len(events) == 2 and events[fe["id"]]["n_reports"] == 2
    # discrepancies were recomputed without the unlinked report
    fields = {d["field"] for d in events[fe["id"]]["discrepancies"]}
    values = {v["value"] for d in events[fe["id"]]["discrepancies"] for v in d["values"]}
    assert "killed:people" in fields and "at least 15" not in values
    # a later update does not fuse it back
    corpus.update(store)
    assert len(corpus.fused_events(store)) == 2
    corpus.link(store, herald["report_key"], fe["id"])
    events = corpus.fused_events(store)
    assert len(events) == 1 and events[0]["n_reports"] == 3


def test_quote_wording_discrepancy(store: Any) -> None:
    store.save(
        facts(
            "Text one about the Kabul bombing.",
            outlet="A",
            quote=("Zabihullah Mujahid", "We will find those responsible and punish them"),
        )
    )
    store.save(
        facts(
            "Text two on the explosion in the Afghan capital.",
            outlet="B",
            quote=("Zabihullah Mujahid", "We will find those responsible and punish them severely"),
        )
    )
    corpus.update(store)
    fe = corpus.fused_events(store)[0]
    quote = [d for d in fe["discrepancies"] if d["field"].startswith("quote:")]
    assert len(quote) == 1 and len(quote[0]["values"]) == 2


def test_get_fused_by_prefix_and_actor_profile(store: Any) -> None:
    for f in kabul_reports():
        store.save(f)
    corpus.update(store)
    fid = corpus.fused_events(store)[0]["id"]
    assert corpus.get_fused(store, fid[:6])["id"] == fid
    assert corpus.get_fused(store, "fe-nothing") is None
    profile = corpus.actor_profile(store, "Islamic State")
    assert [e["id"] for e in profile["as_perpetrator"]] == [fid]
    listing = corpus.actor_profile(store)
    assert listing[0]["actor"] == "Islamic State"


def test_timeline_filters(store: Any) -> None:
    store.save(facts("A bomb went off in Kabul.", place="Kabul", outlet="A", day="2024-03-07"))
    store.save(
        facts(
            "A bomb in Baghdad.",
            place="Baghdad",
            outlet="B",
            day="2024-03-01",
            perpetrator="Islamic State",
        )
    )
    corpus.update(store)
    days = [e["date"] for e in corpus.timeline(store)]
    assert days == sorted(days) and len(days) == 2
    assert [e["place"] for e in corpus.timeline(store, place="Baghdad")] == ["Baghdad"]
    assert len(corpus.timeline(store, actor="islamic state")) == 1
    assert corpus.timeline(store, date_from="2024-03-05")[0]["place"] == "Kabul"


def test_odd_input_articles_without_events_or_text(store: Any) -> None:
    f = facts("\u200b\u00a0 ✓✓ \U0001f4a5", outlet="Odd")
    f.events = []
    store.save(f)
    summary = corpus.update(store)
    assert summary.new_articles == 1 and summary.new_reports == 0
    assert corpus.fused_events(store) == []
