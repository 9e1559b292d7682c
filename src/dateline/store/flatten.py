"""ArticleFacts → rows of the per-kind tables; shared by every backend.

The full ArticleFacts is stored as JSON in ``articles.facts`` (so ``get_facts`` round-trips
exactly); these rows only flatten the columns people query. A table's rows are tuples in
the order of :data:`COLUMNS`, so each backend builds its INSERT from the same lists.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from dateline.model import ArticleFacts, Event

Row = tuple[Any, ...]

# Child tables in insertion order (articles first, then what references it).
COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": (
        "id", "title", "url", "outlet", "authors", "published", "updated", "language",
        "text", "source", "encoding", "ingested_at", "facts",
    ),
    "entities": ("article_id", "idx", "canonical", "type", "qid", "kind", "n_mentions"),
    "entity_mentions": ("article_id", "entity_idx", "text", "start", "end"),
    "quotes": (
        "article_id", "idx", "kind", "text", "start", "end", "speaker_text", "speaker_start",
        "speaker_end", "speaker_canonical", "speaker_description", "anonymous", "resolved_by",
        "cue", "hedge", "via", "addressee", "question",
    ),
    "times": (
        "article_id", "idx", "type", "text", "start", "end", "value", "interval_from",
        "interval_to", "anchor",
    ),
    "places": (
        "article_id", "idx", "text", "start", "end", "name", "country", "lat", "lon",
        "feature", "geonameid", "confidence",
    ),
    "events": (
        "article_id", "idx", "event_id", "type", "mode", "gtd_attack_type", "acled_event_type",
        "acled_sub_event_type", "trigger_text", "trigger_start", "trigger_end", "date", "place",
        "country", "lat", "lon", "killed", "injured", "hedge", "confidence",
    ),
    "event_actors": ("article_id", "event_idx", "canonical", "role", "basis"),
    "event_targets": ("article_id", "event_idx", "text", "canonical", "start", "end"),
    "casualties": (
        "article_id", "event_idx", "group", "killed", "injured", "qualifier", "start", "end",
    ),
    "embeds": ("article_id", "idx", "author", "handle", "date", "text", "start", "end"),
    "notes": ("article_id", "idx", "text", "start", "end"),
}  # fmt: skip


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _total(values: list[int | None]) -> int | None:
    """Sum of the known figures; None when no figure is known (unknown is not zero)."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def article_row(facts: ArticleFacts) -> Row:
    a = facts.article
    return (
        a.id,
        a.title,
        a.url,
        a.outlet,
        json.dumps(a.authors, ensure_ascii=False),
        _iso(a.published),
        _iso(a.updated),
        a.language,
        a.text,
        a.source,
        a.encoding,
        datetime.now(UTC).isoformat(timespec="seconds"),
        facts.model_dump_json(),
    )


def _entities(facts: ArticleFacts, aid: str) -> Iterator[tuple[str, Row]]:
    for i, e in enumerate(facts.entities):
        yield "entities", (aid, i, e.canonical, e.type, e.qid, e.kind, len(e.mentions))
        for m in e.mentions:
            yield "entity_mentions", (aid, i, m.text, m.start, m.end)


def _quotes(facts: ArticleFacts, aid: str) -> Iterator[tuple[str, Row]]:
    for i, q in enumerate(facts.quotes):
        s = q.speaker
        yield "quotes", (
            aid, i, q.kind, q.text, q.start, q.end, s.text, s.start, s.end, s.canonical,
            s.description, int(s.anonymous), s.resolved_by, q.cue, q.hedge,
            json.dumps(q.via, ensure_ascii=False), q.addressee, int(q.question),
        )  # fmt: skip


def _times(facts: ArticleFacts, aid: str) -> Iterator[tuple[str, Row]]:
    for i, t in enumerate(facts.times):
        lo, hi = (list(t.interval or []) + [None, None])[:2]
        yield "times", (aid, i, t.type, t.text, t.start, t.end, t.value, lo, hi, t.anchor)


def _places(facts: ArticleFacts, aid: str) -> Iterator[tuple[str, Row]]:
    for i, p in enumerate(facts.places):
        yield "places", (
            aid, i, p.text, p.start, p.end, p.name, p.country, p.lat, p.lon, p.feature,
            p.geonameid, p.confidence,
        )  # fmt: skip


def _event_place(facts: ArticleFacts, ev: Event) -> tuple[Any, Any, Any, Any]:
    """(name, country, lat, lon) of an event's place, resolved through ``from_place``."""
    if ev.place is None:
        return None, None, None, None
    name = ev.place.name
    idx = ev.place.from_place
    if idx is not None and 0 <= idx < len(facts.places):
        p = facts.places[idx]
        return name or p.name or p.text, p.country, p.lat, p.lon
    extra = ev.place.model_extra or {}
    return name, extra.get("country"), extra.get("lat"), extra.get("lon")


def _events(facts: ArticleFacts, aid: str) -> Iterator[tuple[str, Row]]:
    for i, ev in enumerate(facts.events):
        place, country, lat, lon = _event_place(facts, ev)
        trig = ev.trigger
        yield "events", (
            aid, i, ev.id, ev.type, ev.mode, ev.gtd_attack_type, ev.acled_event_type,
            ev.acled_sub_event_type, trig.text if trig else None, trig.start if trig else None,
            trig.end if trig else None, ev.date.value if ev.date else None, place, country,
            lat, lon, _total([c.killed for c in ev.casualties]),
            _total([c.injured for c in ev.casualties]), ev.hedge, ev.confidence,
        )  # fmt: skip
        for actor in ev.actors:
            yield "event_actors", (aid, i, actor.canonical, actor.role, actor.basis)
        for t in ev.targets:
            yield "event_targets", (aid, i, t.text, t.canonical, t.start, t.end)
        for c in ev.casualties:
            yield "casualties", (aid, i, c.group, c.killed, c.injured, c.qualifier, c.start, c.end)


def _embeds(facts: ArticleFacts, aid: str) -> Iterator[tuple[str, Row]]:
    for i, e in enumerate(facts.embeds):
        yield "embeds", (aid, i, e.author, e.handle, e.date, e.text, e.start, e.end)


def _notes(facts: ArticleFacts, aid: str) -> Iterator[tuple[str, Row]]:
    for i, n in enumerate(facts.notes):
        yield "notes", (aid, i, n.text, n.start, n.end)


# One flattener per fact kind: a new kind adds its table to COLUMNS and a function here.
FLATTENERS: tuple[Callable[[ArticleFacts, str], Iterator[tuple[str, Row]]], ...] = (
    _entities,
    _quotes,
    _times,
    _places,
    _events,
    _embeds,
    _notes,
)


def child_rows(facts: ArticleFacts) -> dict[str, list[Row]]:
    """Rows of every fact table for one article, grouped by table."""
    rows: dict[str, list[Row]] = {}
    aid = facts.article.id
    for flatten in FLATTENERS:
        for table, row in flatten(facts, aid):
            rows.setdefault(table, []).append(row)
    return rows


def insert_sql(table: str, placeholder: str = "?") -> str:
    """``INSERT INTO table (cols) VALUES (?, ...)`` with the backend's placeholder."""
    cols = COLUMNS[table]
    names = ", ".join(f'"{c}"' for c in cols)
    marks = ", ".join(placeholder for _ in cols)
    return f"INSERT INTO {table} ({names}) VALUES ({marks})"
