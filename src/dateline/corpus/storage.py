"""The corpus tables in the store's database: load the indexes, save what changed.

The SQL is portable (SQLite and PostgreSQL): ``?`` placeholders and ``ON CONFLICT`` upserts;
a PostgreSQL store's connection takes sqlite3-style calls (``dateline.store.postgres``).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from dateline.corpus.discrepancies import Discrepancy
from dateline.corpus.fusion import FusedEvent, FusionIndex, Link
from dateline.corpus.reports import Report
from dateline.corpus.syndication import SyndicationIndex, sig_from_bytes, sig_to_bytes

_SCHEMA = "0002_corpus.sql"


def connection(store: Any) -> sqlite3.Connection:
    """The SQLite connection behind a store (or a connection / a path given directly)."""
    if isinstance(store, sqlite3.Connection):
        return store
    if isinstance(store, str | Path):
        return sqlite3.connect(str(store))
    for name in ("conn", "connection", "_conn", "db", "_db"):
        conn = getattr(store, name, None)
        # a sqlite3 connection, or another backend's adapter with the same API
        if isinstance(conn, sqlite3.Connection) or getattr(conn, "dialect", None):
            return conn  # type: ignore[no-any-return]
    path = getattr(store, "path", None)
    if path is not None:
        conn = sqlite3.connect(str(path))
        store._corpus_conn = conn  # keep it alive as long as the store
        return conn
    raise TypeError(f"dateline.corpus needs a SQLite-backed store, got {type(store).__name__}")


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One explicit transaction (the store's connection is in autocommit mode)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def ensure_schema(conn: sqlite3.Connection) -> None:
    if getattr(conn, "dialect", "sqlite") != "sqlite":
        return  # other backends: the store's own migrations created the tables
    sql = resources.files("dateline.store").joinpath("sql", "sqlite", _SCHEMA).read_text("utf-8")
    conn.executescript(sql)


@dataclass
class CorpusState:
    synd: SyndicationIndex = field(default_factory=SyndicationIndex)
    fusion: FusionIndex = field(default_factory=FusionIndex)


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def load(conn: sqlite3.Connection) -> CorpusState:
    """Rebuild the in-memory indexes from the tables (no comparisons are redone)."""
    state = CorpusState()
    rows = conn.execute(
        "SELECT article_id, published, linked_to, similarity, signature FROM family_members"
        " ORDER BY published IS NULL, published, article_id"
    ).fetchall()
    synd = state.synd
    for aid, pub, _, _, sig in rows:
        synd.add(aid, "", _dt(pub), sig_from_bytes(sig) if sig else None, links=[])
    for aid, _, linked_to, sim, _ in rows:  # replay the links once every member is back
        if linked_to and linked_to in synd.members:
            synd.members[aid].linked_to, synd.members[aid].similarity = linked_to, sim
            synd._union(aid, linked_to)
    fusion = state.fusion
    for key, fid in conn.execute("SELECT report_key, fused_id FROM fusion_vetoes"):
        fusion.vetoes.add((key, fid))
    for _key, fid, sc, reason, manual, data in conn.execute(
        "SELECT report_key, fused_id, score, reason, manual, report FROM event_links"
    ):
        report = Report.from_dict(json.loads(data))
        if report.article_id in state.synd.members:
            report.family_id = state.synd.family_of(report.article_id)
        fusion.attach(report, fid, sc, reason, bool(manual))
    return state


def save_families(conn: sqlite3.Connection, synd: SyndicationIndex, article_ids: set[str]) -> None:
    """Write new members and refresh every family that one of ``article_ids`` belongs to."""
    fams = {synd.family_of(a) for a in article_ids}
    members = [a for a in synd.members if synd.family_of(a) in fams]
    for a in members:
        m = synd.members[a]
        sig = synd.sigs.get(a)
        conn.execute(
            "INSERT INTO family_members (article_id, family_id, published, linked_to, similarity,"
            " signature) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(article_id) DO UPDATE SET"
            " family_id = excluded.family_id",
            (
                a,
                synd.family_of(a),
                m.published.isoformat() if m.published else None,
                m.linked_to,
                m.similarity,
                sig_to_bytes(sig) if sig is not None else None,
            ),
        )
    # a family root may have changed (an earlier member arrived): drop stale family rows
    conn.execute(
        "DELETE FROM story_families WHERE family_id NOT IN (SELECT family_id FROM family_members)"
    )
    for fam in fams:
        size = conn.execute(
            "SELECT COUNT(*) FROM family_members WHERE family_id = ?", (fam,)
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO story_families (family_id, representative, size) VALUES (?,?,?)"
            " ON CONFLICT (family_id) DO UPDATE SET representative = excluded.representative,"
            " size = excluded.size",
            (fam, fam, size),
        )


def save_link(conn: sqlite3.Connection, link: Link, report: Report) -> None:
    conn.execute(
        "INSERT INTO event_links (report_key, fused_id, article_id, event_id, score,"
        " reason, manual, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (report_key) DO UPDATE SET fused_id = excluded.fused_id,"
        " article_id = excluded.article_id, event_id = excluded.event_id,"
        " score = excluded.score, reason = excluded.reason, manual = excluded.manual,"
        " report = excluded.report",
        (
            link.report_key,
            link.fused_id,
            report.article_id,
            report.event_id,
            link.score,
            link.reason,
            int(link.manual),
            json.dumps(report.to_dict(), ensure_ascii=False),
        ),
    )


def save_fused(conn: sqlite3.Connection, fe: FusedEvent, discs: list[Discrepancy]) -> None:
    s = fe.summary()
    rng = s["date_range"] or [None, None]
    conn.execute(
        "INSERT INTO fused_events (id, type, mode, date, date_from, date_to, place,"
        " country, lat, lon, n_reports, n_families, summary)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET type = excluded.type, mode = excluded.mode,"
        " date = excluded.date, date_from = excluded.date_from, date_to = excluded.date_to,"
        " place = excluded.place, country = excluded.country, lat = excluded.lat,"
        " lon = excluded.lon, n_reports = excluded.n_reports,"
        " n_families = excluded.n_families, summary = excluded.summary",
        (
            fe.id,
            s["type"],
            s["mode"],
            s["date"],
            rng[0],
            rng[1],
            s["place"],
            s["country"],
            s["lat"],
            s["lon"],
            s["n_reports"],
            s["n_families"],
            json.dumps(s, ensure_ascii=False),
        ),
    )
    conn.execute("DELETE FROM discrepancies WHERE fused_id = ?", (fe.id,))
    conn.executemany(
        "INSERT INTO discrepancies (fused_id, field, fused_value, within_article, data)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (d.fused_id, d.field, d.fused_value, d.within_article, json.dumps(d.to_dict()))
            for d in discs
        ],
    )


def delete_fused(conn: sqlite3.Connection, fid: str) -> None:
    conn.execute("DELETE FROM fused_events WHERE id = ?", (fid,))
    conn.execute("DELETE FROM discrepancies WHERE fused_id = ?", (fid,))
