"""The data behind each page, shaped from the store and the corpus queries (no HTML here)."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from datetime import date
from typing import Any

from dateline import corpus
from dateline.corpus import storage as corpus_storage
from dateline.model import ArticleFacts
from dateline.web import charts, highlight

SNIPPET_MARKS = ("«", "»")
_ISO_DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class BadRequest(ValueError):
    """A parameter the page cannot use (answered with 400 and this message)."""


def check_day(name: str, value: str | None) -> str | None:
    """An ISO day, month or year (compared as text with the stored ISO dates), or None."""
    value = (value or "").strip() or None
    if value is None:
        return None
    ok = bool(_ISO_DAY.match(value))
    if ok:
        padded = value + "-01-01"[len(value) - 4 :]  # 2024 -> 2024-01-01, 2024-03 -> 2024-03-01
        try:
            date.fromisoformat(padded)
        except ValueError:
            ok = False
    if not ok:
        raise BadRequest(f"{name} must be a date like 2024-03-14 (or 2024-03, 2024), got {value!r}")
    return value


def snippet_parts(snippet: str | None) -> list[dict[str, Any]]:
    """A search snippet with «matches» as ``[{"text", "match"}]`` pieces (escaped by the page)."""
    parts: list[dict[str, Any]] = []
    for i, piece in enumerate(re.split(f"[{SNIPPET_MARKS[0]}{SNIPPET_MARKS[1]}]", snippet or "")):
        if piece:
            parts.append({"text": piece, "match": i % 2 == 1})
    return parts


def search(store: Any, query: str, limit: int) -> dict[str, Any]:
    """Articles and quotes matching a full-text query (QueryError when it cannot parse)."""
    articles = store.search(query, limit=limit)
    if hasattr(store, "search_quotes"):
        quotes = store.search_quotes(query, limit=limit)
    else:
        quotes = store.quotes(query=query, limit=limit)
    for row in (*articles, *quotes):
        row["snippet_parts"] = snippet_parts(row.get("snippet") or row.get("text"))
    return {"query": query, "articles": articles, "quotes": quotes}


def home(store: Any, limit: int, offset: int) -> dict[str, Any]:
    stats = store.stats()
    with contextlib.suppress(TypeError):  # a backend the corpus layer cannot read
        stats.update(corpus.corpus_stats(store))
    return {
        "query": "",
        "articles": store.list_articles(limit=limit, offset=offset),
        "limit": limit,
        "offset": offset,
        "stats": stats,
    }


def fused_ids(store: Any, article_id: str) -> dict[str, str]:
    """Event id -> the fused event it belongs to, for this article (empty without a corpus)."""
    try:
        conn = corpus_storage.connection(store)
        corpus_storage.ensure_schema(conn)
        rows = conn.execute(
            "SELECT event_id, fused_id FROM event_links WHERE article_id = ?", (article_id,)
        ).fetchall()
    except (TypeError, sqlite3.Error):  # another backend, or no corpus tables
        return {}
    return {str(e): str(f) for e, f in rows}


def reader(
    facts: ArticleFacts, fused: dict[str, str] | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The article's facts (facts.md JSON plus its highlights) and the page's extras."""
    spans = highlight.marks(facts)
    data = facts.model_dump(mode="json")
    for event in data["events"]:  # the link to compare this report with the others
        event["fused_id"] = (fused or {}).get(event["id"])
    data["highlights"] = [
        {"kind": m.kind, "fact": m.fact, "start": m.start, "end": m.end, "label": m.label}
        for m in spans
    ]
    extra = {
        "segments": highlight.segments(facts.article.text, spans),
        "fact_index": highlight.fact_index(facts),
        "legend": highlight.KINDS,
        "facts": facts,
    }
    return data, extra


def fused(store: Any, filters: dict[str, Any], limit: int | None = None) -> list[dict[str, Any]]:
    """Fused events matching the filters (without their reports)."""
    try:
        return corpus.fused_events(store, with_reports=False, limit=limit, **filters)
    except TypeError:  # not an SQLite store: the corpus layer has no tables to read
        return []


def event_filters(
    type_: str | None,
    actor: str | None,
    place: str | None,
    date_from: str | None,
    date_to: str | None,
) -> dict[str, Any]:
    return {
        "type": (type_ or "").strip() or None,
        "actor": (actor or "").strip() or None,
        "place": (place or "").strip() or None,
        "date_from": check_day("date_from", date_from),
        "date_to": check_day("date_to", date_to),
    }


def map_points(events: list[dict[str, Any]]) -> dict[str, Any]:
    keys = ("id", "type", "mode", "date", "place", "country", "lat", "lon", "n_reports")
    points = [
        {k: e.get(k) for k in keys}
        for e in events
        if isinstance(e.get("lat"), int | float) and isinstance(e.get("lon"), int | float)
    ]
    return {"events": points, "without_coordinates": len(events) - len(points)}


# Rows listed under the timeline chart and the map (the chart and the markers use all):
# rendering thousands of rows costs more than the page is worth.
LIST_LIMIT = 500


def timeline(events: list[dict[str, Any]]) -> dict[str, Any]:
    days = charts.per_day(events)
    return {
        "days": days,
        "n_events": len(events),
        "undated": len(events) - sum(d["total"] for d in days),
        "events": events[:LIST_LIMIT],
    }


def compare(event: dict[str, Any]) -> dict[str, Any]:
    """The fused event plus a matrix: one row per discrepancy, one cell per report."""
    reports = event.get("reports", [])
    rows = []
    differs: set[str] = set()
    for d in event.get("discrepancies", []):
        by_event: dict[str, list[dict[str, Any]]] = {}
        for v in d.get("values", []):
            for src in v.get("reports", []):
                by_event.setdefault(src.get("event_id"), []).append(
                    {"value": v.get("value"), "hedge": src.get("hedge"), "group": src.get("group")}
                )
        field = str(d.get("field", ""))
        differs.add(field.split(":", 1)[0])
        rows.append(
            {
                "field": field,
                "fused_value": d.get("fused_value"),
                "within_article": d.get("within_article"),
                "cells": [by_event.get(r.get("event_id"), []) for r in reports],
            }
        )
    return {**event, "matrix": rows, "differs": sorted(differs)}
