"""Reports: where an event happened when the event itself names only a country or demonym."""

from __future__ import annotations

from datetime import UTC, datetime

from dateline.corpus.reports import article_place, reports_from_facts
from dateline.model import Article, ArticleFacts, Event, EventPlace, Place


def _facts(places: list[Place], event_place: int | None) -> ArticleFacts:
    text = "Blast\n\nA bomb exploded, Somali police said."
    art = Article(
        title="Blast", text=text, body_start=7, published=datetime(2024, 3, 8, tzinfo=UTC)
    ).with_id()
    ev = Event(
        id="e1",
        type="ASSAULT",
        place=EventPlace(name="x", from_place=event_place) if event_place is not None else None,
    )
    return ArticleFacts(article=art, places=places, events=[ev])


SOMALI = Place(
    text="Somali", start=0, end=6, name="Somalia", country="SO", lat=10.0, lon=49.0,
    feature="demonym", role="nationality",
)  # fmt: skip
SOMALIA = Place(
    text="Somalia", start=0, end=7, name="Somalia", country="SO", lat=10.0, lon=49.0,
    feature="country",
)  # fmt: skip
MOGADISHU = Place(
    text="Mogadishu", start=0, end=9, name="Mogadishu", country="SO", lat=2.04, lon=45.34,
    feature="city",
)  # fmt: skip
NAIROBI = Place(
    text="Nairobi", start=0, end=7, name="Nairobi", country="KE", lat=-1.29, lon=36.82,
    feature="city",
)  # fmt: skip


def test_article_place_skips_demonyms() -> None:
    assert article_place(_facts([SOMALI, MOGADISHU], None)) == MOGADISHU
    assert article_place(_facts([SOMALI], None)) == SOMALI  # a country is better than none


def test_country_level_event_place_gives_way_to_the_articles_town() -> None:
    (r,) = reports_from_facts(_facts([SOMALIA, MOGADISHU], 0))
    assert (r.place, r.place_from, r.lat) == ("Mogadishu", "article", 2.04)


def test_a_town_in_another_country_does_not_replace_the_country() -> None:
    (r,) = reports_from_facts(_facts([SOMALIA, NAIROBI, NAIROBI], 0))
    assert (r.place, r.place_from) == ("Somalia", "event")


def test_no_places_at_all() -> None:
    (r,) = reports_from_facts(_facts([], None))
    assert r.place is None and r.lat is None
