"""Reading the corpus tables: fused events, families, timelines, actor profiles, stats."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

from dateline.corpus import storage
from dateline.model import ArticleFacts


def _conn(store: Any) -> sqlite3.Connection:
    conn = storage.connection(store)
    storage.ensure_schema(conn)
    return conn


def _report_rows(conn: sqlite3.Connection, fid: str) -> list[dict[str, Any]]:
    # only this event's articles: loading every member made each call O(corpus)
    fam = dict(
        conn.execute(
            "SELECT m.article_id, m.family_id FROM family_members m"
            " JOIN event_links l ON l.article_id = m.article_id WHERE l.fused_id = ?",
            (fid,),
        )
    )
    out = []
    rows = conn.execute(
        "SELECT report_key, score, reason, manual, report FROM event_links WHERE fused_id = ?",
        (fid,),
    ).fetchall()
    # by publication time, then key (sorted here: JSON functions differ between backends;
    # None first, as SQL sorts NULL first)
    loaded = [(json.loads(data), key, sc, reason, manual) for key, sc, reason, manual, data in rows]
    loaded.sort(
        key=lambda r: (r[0].get("published") is not None, r[0].get("published") or "", r[1])
    )
    for rep, key, sc, reason, manual in loaded:
        rep.pop("quotes", None)
        rep["family_id"] = fam.get(rep["article_id"], rep.get("family_id"))
        out.append(
            {"report_key": key, "score": sc, "reason": reason, "manual": bool(manual), **rep}
        )
    return out


def _discrepancies(conn: sqlite3.Connection, fid: str) -> list[dict[str, Any]]:
    return [
        json.loads(d)
        for (d,) in conn.execute(
            "SELECT data FROM discrepancies WHERE fused_id = ? ORDER BY id", (fid,)
        )
    ]


def _matches(summary: dict[str, Any], actor: str | None, place: str | None) -> bool:
    if actor:
        a = actor.lower()
        names = [*summary.get("perpetrators", []), *summary.get("targets", [])]
        if not any(a in n.lower() for n in names):
            return False
    if place:
        p = place.lower()
        where = [summary.get("place") or "", summary.get("country") or ""]
        if not any(p == w.lower() or p in w.lower() for w in where if w):
            return False
    return True


def fused_events(
    store: Any,
    *,
    actor: str | None = None,
    place: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    type: str | None = None,
    with_reports: bool = True,
    limit: int | None = None,
    offset: int = 0,
    country: str | None = None,
) -> list[dict[str, Any]]:
    """Fused events in date order, each with its reports and discrepancies (export-ready).

    The first ``offset`` matches are skipped (for paging), in SQL when no actor or place
    filter needs the summaries read.
    """
    conn = _conn(store)
    sql = "SELECT id, summary FROM fused_events WHERE 1=1"
    args: list[Any] = []
    if date_from:
        sql += " AND date >= ?"
        args.append(date_from)
    if date_to:
        sql += " AND date <= ?"
        args.append(date_to)
    if type:
        sql += " AND type = ?"
        args.append(type.upper())
    if country:
        sql += " AND country = ?"
        args.append(country.upper())
    for needle in (actor, place):
        # a cheap superset in SQL (the words appear somewhere in the summary JSON), so
        # only candidates are parsed; _matches decides. ASCII needles only, as SQLite's
        # lower() is (the rare non-ASCII letter whose Python lower() is ASCII, like the
        # Kelvin sign, is the one case this can miss).
        if needle and needle.isascii() and not set(needle) & set('"\\') and needle.isprintable():
            # LIKE, not instr(): the same SQL on SQLite and PostgreSQL
            like = needle.lower().replace("%", "\\%").replace("_", "\\_")
            sql += " AND lower(summary) LIKE ? ESCAPE '\\'"
            args.append(f"%{like}%")
    sql += " ORDER BY date IS NULL, date, id"
    skip = max(0, offset)
    if skip and not (actor or place):
        sql += " LIMIT ? OFFSET ?"  # no LIMIT -1 ("all") on PostgreSQL
        args += [2**62, skip]
        skip = 0
    out = []
    for fid, data in conn.execute(sql, args):
        s = json.loads(data)
        if not _matches(s, actor, place):
            continue
        if skip:
            skip -= 1
            continue
        if with_reports:
            s["reports"] = _report_rows(conn, fid)
            s["discrepancies"] = _discrepancies(conn, fid)
        out.append(s)
        if limit and len(out) >= limit:
            break
    return out


def get_fused(store: Any, fused_id: str) -> dict[str, Any] | None:
    """One fused event (id or unique prefix) with its reports and discrepancies."""
    conn = _conn(store)
    rows = conn.execute(
        "SELECT id, summary FROM fused_events WHERE id LIKE ? LIMIT 2", (fused_id + "%",)
    ).fetchall()
    if len(rows) != 1:
        if len(rows) > 1:
            raise LookupError(f"{fused_id!r} matches more than one fused event")
        return None
    fid, data = rows[0]
    s = json.loads(data)
    s["reports"] = _report_rows(conn, fid)
    s["discrepancies"] = _discrepancies(conn, fid)
    return s


def timeline(store: Any, **filters: Any) -> list[dict[str, Any]]:
    """Fused events in date order (without the report details)."""
    return fused_events(store, with_reports=False, **filters)


def families(store: Any, *, min_size: int = 2) -> list[dict[str, Any]]:
    """Syndication families with their members (earliest first)."""
    conn = _conn(store)
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for aid, fam, pub, linked, sim in conn.execute(
        "SELECT article_id, family_id, published, linked_to, similarity FROM family_members"
        " ORDER BY published IS NULL, published, article_id"
    ):
        members[fam].append(
            {"article_id": aid, "published": pub, "linked_to": linked, "similarity": sim}
        )
    return [
        {"family_id": fam, "representative": fam, "size": len(m), "members": m}
        for fam, m in members.items()
        if len(m) >= min_size
    ]


def corpus_stats(store: Any) -> dict[str, int]:
    conn = _conn(store)

    def one(sql: str) -> int:
        return int(conn.execute(sql).fetchone()[0])

    return {
        "corpus_articles": one("SELECT COUNT(*) FROM family_members"),
        "story_families": one("SELECT COUNT(*) FROM story_families"),
        "syndicated_families": one("SELECT COUNT(*) FROM story_families WHERE size > 1"),
        "fused_events": one("SELECT COUNT(*) FROM fused_events"),
        "multi_report_events": one("SELECT COUNT(*) FROM fused_events WHERE n_families > 1"),
        "event_links": one("SELECT COUNT(*) FROM event_links"),
        "discrepancies": one("SELECT COUNT(*) FROM discrepancies"),
    }


def _facts_naming(conn: sqlite3.Connection, name: str) -> Iterator[ArticleFacts]:
    """The facts of the articles a profile of ``name`` can draw on, in stored order: those
    with an entity or mention of that name, a quote by the entity it names, or a quote whose
    words contain it.  The flattened tables find them, so a profile reads a few articles'
    facts instead of the whole corpus (seconds on 10,000 articles)."""
    like = "%" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    named = (
        "SELECT e.article_id FROM entities e WHERE lower(e.canonical) = lower(?)"
        " UNION SELECT m.article_id FROM entity_mentions m WHERE lower(m.text) = lower(?)"
    )
    canonicals = (
        "SELECT e.canonical FROM entities e WHERE lower(e.canonical) = lower(?) OR EXISTS ("
        "SELECT 1 FROM entity_mentions m WHERE m.article_id = e.article_id"
        " AND m.entity_idx = e.idx AND lower(m.text) = lower(?))"
    )
    sql = (
        f"SELECT a.facts FROM articles a WHERE a.id IN ({named}"
        f" UNION SELECT q.article_id FROM quotes q WHERE lower(q.text) LIKE lower(?) ESCAPE '\\'"
        f" OR lower(q.speaker_canonical) = lower(?)"
        f" OR q.speaker_canonical IN ({canonicals})) ORDER BY a.num"
    )
    for (raw,) in conn.execute(sql, (name, name, like, name, name, name)):
        yield ArticleFacts.model_validate_json(raw)


def actor_profile(store: Any, name: str | None = None) -> dict[str, Any] | list[dict[str, Any]]:
    """One actor across the corpus: events as perpetrator or target, quotes by and about it,
    the aliases outlets used with their sources.  Without a name: actors with their counts."""
    conn = _conn(store)
    perp: dict[str, set[str]] = defaultdict(set)
    targ: dict[str, set[str]] = defaultdict(set)
    for fid, data in conn.execute("SELECT fused_id, report FROM event_links"):
        r = json.loads(data)
        for p in r.get("perpetrators", []):
            perp[p["canonical"]].add(fid)
        for t in r.get("targets", []):
            targ[t].add(fid)
    if name is None:
        names = set(perp) | set(targ)
        rows = [
            {"actor": n, "as_perpetrator": len(perp[n]), "as_target": len(targ[n])} for n in names
        ]
        return sorted(rows, key=lambda x: (-(x["as_perpetrator"] + x["as_target"]), x["actor"]))
    low = name.lower()
    canonical = name
    aliases: dict[str, set[str]] = defaultdict(set)
    by: list[dict[str, Any]] = []
    about: list[dict[str, Any]] = []
    for facts in _facts_naming(conn, name):
        art = facts.article
        ents = [
            e
            for e in facts.entities
            if e.canonical.lower() == low or any(m.text.lower() == low for m in e.mentions)
        ]
        for e in ents:
            canonical = e.canonical
            for m in e.mentions:
                aliases[m.text].add(art.outlet or art.id)
        forms = {m.text.lower() for e in ents for m in e.mentions} | {low}
        for q in facts.quotes:
            src = {"article_id": art.id, "outlet": art.outlet, "text": q.text, "hedge": q.hedge}
            if (q.speaker.canonical or "").lower() == canonical.lower():
                by.append(src)
            elif any(f in q.text.lower() for f in forms):
                about.append({**src, "speaker": q.speaker.canonical or q.speaker.text})
    fids = lambda table: sorted(  # noqa: E731
        {f for n, fs in table.items() if n.lower() in (low, canonical.lower()) for f in fs}
    )
    events = {fid: json.loads(s) for fid, s in conn.execute("SELECT id, summary FROM fused_events")}
    return {
        "actor": canonical,
        "as_perpetrator": [events[f] for f in fids(perp) if f in events],
        "as_target": [events[f] for f in fids(targ) if f in events],
        "quotes_by": by,
        "quotes_about": about,
        "aliases": [{"alias": a, "sources": sorted(s)} for a, s in sorted(aliases.items())],
        "counts": Counter(
            {"events_as_perpetrator": len(fids(perp)), "events_as_target": len(fids(targ))}
        ),
    }
