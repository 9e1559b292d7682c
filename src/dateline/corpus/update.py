"""Incremental corpus update: new articles join families and fused events; nothing is redone.

Articles already in ``family_members`` are skipped; a new article is compared with stored
ones only through the LSH index (syndication) and the blocking index (fusion).  Re-running
with no new article changes nothing.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from dateline.corpus import storage
from dateline.corpus.discrepancies import discrepancies
from dateline.corpus.fusion import FusionIndex
from dateline.corpus.reports import reports_from_facts
from dateline.model import ArticleFacts


@dataclass
class CorpusSummary:
    new_articles: int = 0
    articles: int = 0
    families: int = 0
    syndicated: int = 0  # articles in a family of two or more
    new_reports: int = 0
    fused_events: int = 0
    touched_fused_events: int = 0
    comparisons: int = 0  # report-to-fused-event comparisons made in this update
    seconds: float = 0.0


def _order(f: ArticleFacts) -> tuple[float, str]:
    pub = f.article.published
    if pub is not None and pub.tzinfo is None:
        pub = pub.replace(tzinfo=UTC)
    return (pub.timestamp() if pub else float("inf"), f.article.id)


def _body(f: ArticleFacts) -> str:
    a = f.article
    return a.text[a.body_start :] if 0 < a.body_start < len(a.text) else a.text


def update_from_facts(conn: sqlite3.Connection, facts: Iterable[ArticleFacts]) -> CorpusSummary:
    """Add the articles of ``facts`` not yet in the corpus tables of ``conn``."""
    t0 = time.perf_counter()
    storage.ensure_schema(conn)
    state = storage.load(conn)
    synd, fusion = state.synd, state.fusion
    new = sorted((f for f in facts if f.article.id not in synd.members), key=_order)
    seen: set[str] = set()
    fresh: list[ArticleFacts] = []
    for f in new:  # the same article twice in one batch counts once
        if f.article.id not in seen:
            seen.add(f.article.id)
            fresh.append(f)
    for f in fresh:
        synd.add(f.article.id, _body(f), f.article.published)
    summary = CorpusSummary(new_articles=len(fresh))
    touched: set[str] = set()
    before = fusion.comparisons
    with storage.transaction(conn):
        if fresh:
            storage.save_families(conn, synd, {f.article.id for f in fresh})
        # fused events holding reports whose family changed must refresh their counts
        for fe in fusion.fused.values():
            for r in fe.reports.values():
                new_fam = synd.family_of(r.article_id) if r.article_id in synd.members else None
                if new_fam and new_fam != r.family_id:
                    r.family_id = new_fam
                    touched.add(fe.id)
        for f in fresh:
            for report in reports_from_facts(f):
                report.family_id = synd.family_of(f.article.id)
                link = fusion.add(report)
                storage.save_link(conn, link, report)
                touched.add(link.fused_id)
                # vague reports a located one made ambiguous (or clear) moved: save them too
                for key, old in fusion.drain_moves().items():
                    moved = fusion.links[key]
                    storage.save_link(conn, moved, fusion.fused[moved.fused_id].reports[key])
                    touched |= {old, moved.fused_id}
                summary.new_reports += 1
        _save_touched(conn, fusion, touched)
    fams = synd.families()
    summary.articles = len(synd.members)
    summary.families = len(fams)
    summary.syndicated = sum(len(m) for m in fams.values() if len(m) > 1)
    summary.fused_events = len(fusion.fused)
    summary.touched_fused_events = len(touched)
    summary.comparisons = fusion.comparisons - before
    summary.seconds = round(time.perf_counter() - t0, 3)
    return summary


def _save_touched(conn: sqlite3.Connection, fusion: FusionIndex, touched: set[str]) -> None:
    for fid in touched:
        fe = fusion.fused.get(fid)
        if fe is None:
            storage.delete_fused(conn, fid)
        else:
            storage.save_fused(conn, fe, discrepancies(fid, list(fe.reports.values())))


def update(store: Any) -> CorpusSummary:
    """Bring the corpus tables up to date with the articles in ``store`` (incremental)."""
    conn = storage.connection(store)
    storage.ensure_schema(conn)
    known = {r[0] for r in conn.execute("SELECT article_id FROM family_members")}
    ids = _stored_ids(store)
    if ids is not None and ids <= known:
        return update_from_facts(conn, [])
    return update_from_facts(conn, (f for f in store.iter_facts() if f.article.id not in known))


def _stored_ids(store: Any) -> set[str] | None:
    """Article ids in the store without parsing their facts, when the store allows it."""
    try:
        conn = storage.connection(store)
        return {r[0] for r in conn.execute("SELECT id FROM articles")}
    except Exception:  # another schema: fall back to iterating the facts
        return None


def _relink(store: Any, fn_name: str, *args: str) -> dict[str, Any]:
    conn = storage.connection(store)
    storage.ensure_schema(conn)
    state = storage.load(conn)
    fusion = state.fusion
    old = fusion.links[args[0]].fused_id
    link = getattr(fusion, fn_name)(*args)
    report = fusion.fused[link.fused_id].reports[link.report_key]
    with storage.transaction(conn):
        storage.save_link(conn, link, report)
        conn.execute("DELETE FROM fusion_vetoes WHERE report_key = ?", (args[0],))
        conn.executemany(
            "INSERT INTO fusion_vetoes (report_key, fused_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [v for v in fusion.vetoes if v[0] == args[0]],
        )
        _save_touched(conn, fusion, {old, link.fused_id})
    return {
        "report_key": link.report_key,
        "fused_id": link.fused_id,
        "from": old,
        "reason": link.reason,
    }


def unlink(store: Any, report_key: str) -> dict[str, Any]:
    """Take one report out of its fused event (it will not be fused there again)."""
    return _relink(store, "unlink", report_key)


def link(store: Any, report_key: str, fused_id: str) -> dict[str, Any]:
    """Put one report into a fused event by hand (undoes :func:`unlink`)."""
    return _relink(store, "link", report_key, fused_id)
