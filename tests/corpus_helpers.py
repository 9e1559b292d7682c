"""Builders for corpus tests: articles and events written by us, no NLP needed."""

from __future__ import annotations

from datetime import datetime

from dateline.corpus.reports import Report
from dateline.model import (
    Article,
    ArticleFacts,
    Casualties,
    Claim,
    Entity,
    Event,
    EventActor,
    EventDate,
    EventPlace,
    EventTarget,
    Place,
    Quote,
    Speaker,
)


def rep(key: str, **kw: object) -> Report:
    """A report of a Kabul car bombing on 2024-03-07; keywords override any field."""
    base: dict[str, object] = dict(
        article_id=key,
        event_id="e1",
        type="ASSAULT",
        mode="explosives",
        day="2024-03-07",
        place="Kabul",
        country="AF",
        lat=34.53,
        lon=69.17,
        outlet=key,
    )
    base.update(kw)
    return Report(key=key, **base)  # type: ignore[arg-type]


PLACES = {
    "Kabul": ("AF", 34.53, 69.17),
    "Baghdad": ("IQ", 33.34, 44.40),
    "Mogadishu": ("SO", 2.04, 45.34),
    "Lagos": ("NG", 6.45, 3.39),
    "Kandahar": ("AF", 31.61, 65.71),
    "Afghanistan": ("AF", 33.0, 66.0),  # a country: its centre is no place of event
}
AREAS = {"Afghanistan"}


def facts(
    text: str,
    *,
    outlet: str = "Wire",
    published: str = "2024-03-08T10:00:00+00:00",
    day: str | None = "2024-03-07",
    place: str | None = "Kabul",
    type: str = "ASSAULT",
    mode: str | None = "explosives",
    perpetrator: str | None = None,
    basis: str | None = "claimed",
    killed: list[tuple[str | None, int, str]] | None = None,
    target: str | None = None,
    claim: str | None = None,
    hedge: str = "asserted",
    quote: tuple[str, str] | None = None,
    title: str = "Blast",
    extra_events: list[Event] | None = None,
) -> ArticleFacts:
    art = Article(
        title=title,
        outlet=outlet,
        published=datetime.fromisoformat(published),
        text=f"{title}\n\n{text}",
        body_start=len(title) + 2,
    ).with_id()
    places = []
    if place:
        cc, lat, lon = PLACES[place]
        places.append(
            Place(
                text=place,
                start=0,
                end=len(place),
                name=place,
                country=cc,
                lat=lat,
                lon=lon,
                feature="country" if place in AREAS else "city",
            )
        )
    ev = Event(
        id="e1",
        type=type,
        mode=mode,
        date=EventDate(value=day) if day else None,
        place=EventPlace(name=place, from_place=0) if place else None,
        actors=[EventActor(canonical=perpetrator, basis=basis)] if perpetrator else [],
        targets=[EventTarget(text=target)] if target else [],
        casualties=[Casualties(group=g, killed=n, qualifier=q) for g, n, q in (killed or [])],
        claims=[Claim(claimant=claim)] if claim else [],
        hedge=hedge,
    )
    quotes = []
    if quote:
        quotes.append(
            Quote(
                text=quote[1],
                start=0,
                end=1,
                kind="direct",
                speaker=Speaker(text=quote[0], canonical=quote[0], resolved_by="explicit"),
                hedge="asserted",
            )
        )
    # perpetrators count only when the actor KB knows them (a kind), as in real articles
    entities = (
        [Entity(canonical=perpetrator, type="ORG", kind="armed_group")] if perpetrator else []
    )
    return ArticleFacts(
        article=art,
        entities=entities,
        places=places,
        events=[ev, *(extra_events or [])],
        quotes=quotes,
    )
