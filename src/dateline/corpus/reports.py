"""Reports: one event as one article tells it, flattened for cross-article work.

A report keeps the article's own values (date, place, actors, casualties, claims, hedge)
together with where it came from (article, outlet, publication time), so fusion is a link
and never a lossy merge.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from dateline.actors import load_kb
from dateline.model import ArticleFacts, Casualties, Event, Place

# Types Dateline treats as ``the same kind of happening`` when fusing reports.
TYPE_GROUP: dict[str, str] = {
    "ASSAULT": "violence",
    "FIGHT": "violence",
    "ATTACK": "violence",
    "COERCE": "coerce",
    "PROTEST": "protest",
    "MOBILIZE": "protest",
}
# Modes that move an event into another group: a kidnapping is told as an assault
# ("gunmen abducted") by one outlet and as coercion ("seized") by another.
MODE_GROUP: dict[str, str] = {"abduct": "coerce", "kidnap": "coerce", "hostage": "coerce"}


# Claim statuses that name a perpetrator ("denied" does not).
BLAMING = ("claimed", "attributed", "suspected")


@dataclass
class Report:
    key: str  # "<article id>:<event id>"
    article_id: str
    event_id: str
    type: str
    mode: str | None = None
    day: str | None = None  # YYYY-MM-DD; the event's date, else the publication day
    date_from: str = "event"  # "event" or "published"
    published: str | None = None
    outlet: str | None = None
    title: str | None = None
    place: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    perpetrators: list[dict[str, Any]] = field(default_factory=list)  # canonical, basis
    targets: list[str] = field(default_factory=list)
    casualties: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    hedge: str | None = None
    quotes: list[dict[str, Any]] = field(default_factory=list)  # speaker, text, hedge
    family_id: str | None = None  # the article's syndication family (its representative)
    place_from: str = "event"  # "event", or "article" when the event had no place of its own

    @property
    def group(self) -> str:
        return MODE_GROUP.get(self.mode or "", TYPE_GROUP.get(self.type, self.type))

    def blamed(self) -> list[str]:
        """Who the report holds responsible: its perpetrators, then the groups that claimed
        the event or that a source named (a denial blames no one)."""
        out = [p["canonical"] for p in self.perpetrators]
        for c in self.claims:
            if c.get("status") in BLAMING and c.get("known", True) and c["claimant"] not in out:
                out.append(c["claimant"])
        return out

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def _day(value: str | None) -> str | None:
    """YYYY-MM-DD from a TIMEX-style value, or None when it is not a full day."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _place(facts: ArticleFacts, event: Event) -> Place | None:
    if event.place is None:
        return None
    i = event.place.from_place
    if i is not None and 0 <= i < len(facts.places):
        return facts.places[i]
    return None


# Places too large to say where an event happened.
_COARSE = {None, "country", "region", "continent", "demonym"}
# Places whose coordinates are the centre of an area, not where anything happened.
_AREA = {"country", "region", "continent", "demonym"}


def article_place(facts: ArticleFacts) -> Place | None:
    """Where the article is set: the first sub-country place in the most named country."""
    located = [p for p in facts.places if p.country]
    if not located:
        return None
    counts = Counter(p.country for p in located)
    top = counts.most_common(1)[0][0]
    in_top = [p for p in located if p.country == top]
    finer = [p for p in in_top if p.feature not in _COARSE]  # "Kenyan" is no place of event
    return (finer or in_top)[0]


def known_actor_names(facts: ArticleFacts) -> set[str]:
    """Canonical names the actor KB knows (a kind or a Wikidata id): real actors, not
    descriptions like "gunmen" or "the attackers"."""
    names = {e.canonical for e in facts.entities if e.kind or e.qid}
    # and KB actors the events name without an entity of their own ("Islamic State's
    # Sahel branch" is the KB's Islamic State Sahel Province)
    kb = load_kb().actors
    for ev in facts.events:
        names.update(a.canonical for a in ev.actors if a.canonical in kb)
        names.update(c.claimant for c in ev.claims if c.claimant in kb)
    return names


def _published(facts: ArticleFacts) -> datetime | None:
    return facts.article.published


def lede_day(facts: ArticleFacts) -> str | None:
    """The event day a wire lede gives: the earliest full day named in the first body
    paragraph that is not after publication ("said on Tuesday its fighters attacked ... on
    Saturday": Saturday).  Used only for an event the extractor left undated."""
    art = facts.article
    end = art.text.find("\n\n", art.body_start)
    end = len(art.text) if end < 0 else end
    pub = art.published.date().isoformat() if art.published else None
    days = [
        d
        for t in facts.times
        if t.type in ("DATE", "TIME") and art.body_start <= t.start < end
        if (d := _day(t.value)) and (pub is None or d <= pub)
    ]
    return min(days) if days else None


def article_quotes(facts: ArticleFacts) -> list[dict[str, Any]]:
    out = []
    for q in facts.quotes:
        if q.kind == "indirect" or not q.speaker.canonical:
            continue
        # the comma before the closing mark ('"... the city," he said') is the article's
        # punctuation, not the speaker's words: wordings are compared and shown without it
        text = q.text.rstrip(" ,;:")
        out.append({"speaker": q.speaker.canonical, "text": text, "hedge": q.hedge})
    return out


def _casualty(c: Casualties) -> dict[str, Any]:
    out: dict[str, Any] = {
        "group": c.group,
        "killed": c.killed,
        "injured": c.injured,
        "qualifier": c.qualifier,
    }
    extra = c.model_extra or {}
    low = (extra.get("range") or [None])[0]
    if c.killed is None and c.injured is None and low is not None and extra.get("count_of"):
        # a vague toll ("wounding dozens") has no number but still says something
        # another report's figure can be set against
        out["vague"] = extra.get("vague") or f"{low} or more"
        out["range"] = list(extra["range"])
        out["count_of"] = extra["count_of"]
    return out


def reports_from_facts(facts: ArticleFacts) -> list[Report]:
    """One report per event of the article (COMMUNICATE statements are not fused)."""
    art = facts.article
    pub = _published(facts)
    quotes = article_quotes(facts)
    fallback = article_place(facts)
    known = known_actor_names(facts)
    lede = lede_day(facts)
    out: list[Report] = []
    for ev in facts.events:
        if ev.type == "COMMUNICATE":
            continue
        day = _day(ev.date.value if ev.date else None)
        date_from = "event"
        if day is None and lede is not None:
            day, date_from = lede, "lede"
        if day is None and pub is not None:
            day, date_from = pub.date().isoformat(), "published"
        place = _place(facts, ev)
        place_from = "event"
        named = None  # a place the event names that the gazetteer does not know ("Sirwah")
        if place is None or not place.country:
            named = place.name if place is not None and fallback is not None else None
            # matched where the article is set, listed under the name the report gives
            place, place_from = fallback, "event" if named else "article"
        elif (
            place.feature in ("country", "demonym")
            and fallback is not None
            and fallback.country == place.country
            and fallback.feature not in _COARSE
        ):
            # "an attack in Somalia" in an article set in Mogadishu: the country's centre
            # is no place of event; the article's own town is (provenance says so).
            place, place_from = fallback, "article"
        out.append(
            Report(
                key=f"{art.id}:{ev.id}",
                article_id=art.id,
                event_id=ev.id,
                type=ev.type,
                mode=ev.mode,
                day=day,
                date_from=date_from,
                published=pub.isoformat() if pub else None,
                outlet=art.outlet,
                title=art.title,
                place=named
                or (place.name if place else None)
                or (ev.place.name if ev.place else None),
                place_from=place_from,
                country=place.country if place else None,
                # a country's or region's centre is no place of event: such a report
                # matches by country, never by distance from the centroid
                lat=place.lat if place and place.feature not in _AREA else None,
                lon=place.lon if place and place.feature not in _AREA else None,
                perpetrators=[
                    {"canonical": a.canonical, "basis": a.basis}
                    for a in ev.actors
                    if a.role == "perpetrator" and a.canonical in known
                ],
                targets=[t.canonical or t.text for t in ev.targets],
                casualties=[_casualty(c) for c in ev.casualties],
                claims=[
                    {"claimant": c.claimant, "status": c.status, "known": c.claimant in known}
                    for c in ev.claims
                ],
                hedge=ev.hedge,
                quotes=quotes,
            )
        )
    return out
