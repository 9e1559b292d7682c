"""The Store interface and the behaviour every backend shares.

A backend supplies a DB-API connection, its placeholder, its transaction start, full-text
search and migrations; everything else (saving one article in one transaction, duplicates,
errors, sources for ``--resume``, listings, stats) is written once here in portable SQL.
SQL below uses ``?`` placeholders; :meth:`Store._sql` rewrites them for the backend.
"""

from __future__ import annotations

import contextlib
import json
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

from dateline.model import FACT_KINDS, ArticleFacts, IngestError
from dateline.store.flatten import article_row, child_rows, insert_sql

# Source statuses that mean "a previous run finished with this source" (for --resume).
DONE_STATUSES = ("stored", "duplicate", "failed", "done")

# Columns of list_articles() rows.
ARTICLE_COLUMNS = ("id", "title", "url", "outlet", "published", "updated", "source", "ingested_at")

# Count tables shown by stats(): the fact kinds plus the flattened sub-tables.
COUNT_TABLES = (*FACT_KINDS, "entity_mentions", "event_actors", "casualties")


class QueryError(ValueError):
    """A search query the full-text engine cannot parse (the message says why)."""


def _words(value: str | Sequence[str] | None) -> list[str]:
    """A filter given as one string or several, stripped, blanks dropped."""
    items = [value] if isinstance(value, str) else list(value or ())
    return [x.strip() for x in items if x and x.strip()]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store(ABC):
    """A database of articles and their facts; use as a context manager or call close()."""

    backend: str = "?"
    placeholder: str = "?"

    def __init__(self, conn: Any, target: str) -> None:
        self.conn = conn
        self.target = target

    # ------------------------------------------------------------------ backend hooks

    @abstractmethod
    def _begin(self) -> None:
        """Start a write transaction."""

    @abstractmethod
    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Articles matching a full-text query, best first, each with a snippet."""

    @abstractmethod
    def _quote_match(self, query: str) -> tuple[str, list[Any]]:
        """A WHERE fragment (on alias ``q``) matching quotes by full text, and its params."""

    @abstractmethod
    def _db_size(self) -> int | None:
        """Bytes the database takes, when the backend can tell."""

    # ------------------------------------------------------------------ plumbing

    def _sql(self, sql: str) -> str:
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        cur = self.conn.cursor()
        cur.execute(self._sql(sql), tuple(params))
        return cur

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self._execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self._execute(sql, params).fetchone()
        return row[0] if row else None

    def _commit(self) -> None:
        self._execute("COMMIT")

    def _rollback(self) -> None:
        # nothing to roll back when the failure already ended the transaction
        with contextlib.suppress(Exception):
            self._execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.target}>"

    # ------------------------------------------------------------------ writing

    def save(self, facts: ArticleFacts) -> bool:
        """Store one article and all its facts in one transaction.

        Returns False (and changes nothing but the source's status) when an article with
        the same id is already stored: re-ingesting the same text stores it once.
        """
        article = facts.article
        if not article.id:
            article.with_id()
        self._begin()
        try:
            cur = self._execute(
                insert_sql("articles", "?") + " ON CONFLICT (id) DO NOTHING", article_row(facts)
            )
            stored = cur.rowcount == 1
            if stored:
                for table, rows in child_rows(facts).items():
                    self.conn.cursor().executemany(self._sql(insert_sql(table, "?")), rows)
            if article.source:
                self._mark(article.source, article.id, "stored" if stored else "duplicate")
            self._commit()
        except BaseException:
            self._rollback()
            raise
        return stored

    def _mark(self, source: str, article_id: str | None, status: str) -> None:
        self._execute(
            "INSERT INTO sources (source, article_id, status, time) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (source) DO UPDATE SET article_id = excluded.article_id, "
            "status = excluded.status, time = excluded.time",
            (source, article_id, status, _now()),
        )

    def record_error(self, error: IngestError) -> None:
        """Record an article that failed; its source counts as done for ``--resume``."""
        when = (error.time or datetime.now(UTC)).isoformat()
        self._begin()
        try:
            # The same failure again (a re-run without --resume) only updates its time, so
            # `dateline errors` lists each failure once, however often the input is re-read.
            cur = self._execute(
                "UPDATE errors SET time = ? WHERE source = ? AND reason = ? AND stage = ?",
                (when, error.source, error.reason, error.stage),
            )
            if cur.rowcount == 0:
                self._execute(
                    "INSERT INTO errors (source, reason, stage, time) VALUES (?, ?, ?, ?)",
                    (error.source, error.reason, error.stage, when),
                )
            self._mark(error.source, None, "failed")
            self._commit()
        except BaseException:
            self._rollback()
            raise

    def mark_source(self, source: str, article_id: str | None = None, status: str = "done") -> None:
        """Record what a source came to (stored, duplicate, failed, done)."""
        self._begin()
        try:
            self._mark(source, article_id, status)
            self._commit()
        except BaseException:
            self._rollback()
            raise

    # ------------------------------------------------------------------ reading

    def source_done(self, source: str) -> bool:
        status = self._scalar("SELECT status FROM sources WHERE source = ?", (source,))
        return status in DONE_STATUSES

    def has_article(self, article_id: str) -> bool:
        return self._scalar("SELECT 1 FROM articles WHERE id = ?", (article_id,)) is not None

    def resolve_id(self, id_or_prefix: str) -> str | None:
        """The full id for an id or a unique prefix; LookupError when the prefix is ambiguous."""
        prefix = (id_or_prefix or "").strip().lower()
        if not prefix:
            return None
        if self.has_article(prefix):
            return prefix
        # Ids are hex, so a prefix with LIKE wildcards is simply not an id.
        if any(c in prefix for c in "%_\\"):
            return None
        ids = [
            r["id"]
            for r in self._rows("SELECT id FROM articles WHERE id LIKE ? LIMIT 2", (prefix + "%",))
        ]
        if len(ids) > 1:
            raise LookupError(f"the prefix {id_or_prefix!r} matches several articles")
        return ids[0] if ids else None

    def get_facts(self, id_or_prefix: str) -> ArticleFacts | None:
        """The ArticleFacts exactly as saved, by id or unique prefix; None when unknown."""
        full = self.resolve_id(id_or_prefix)
        if full is None:
            return None
        raw = self._scalar("SELECT facts FROM articles WHERE id = ?", (full,))
        return ArticleFacts.model_validate_json(raw) if raw is not None else None

    def iter_facts(self, batch: int = 200) -> Iterator[ArticleFacts]:
        """Every stored article's facts, in the order they were stored (streamed)."""
        last = -1
        while True:
            rows = self._rows(
                "SELECT num, facts FROM articles WHERE num > ? ORDER BY num LIMIT ?", (last, batch)
            )
            if not rows:
                return
            for row in rows:
                yield ArticleFacts.model_validate_json(row["facts"])
            last = rows[-1]["num"]

    def list_articles(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Stored articles (without text or facts), newest publication first."""
        cols = ", ".join(f"a.{c}" for c in ARTICLE_COLUMNS)
        return self._rows(
            f"SELECT {cols}, "
            "(SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id) AS n_quotes, "
            "(SELECT COUNT(*) FROM events e WHERE e.article_id = a.id) AS n_events "
            "FROM articles a ORDER BY a.published IS NULL, a.published DESC, a.num "
            "LIMIT ? OFFSET ?",
            (limit, offset),
        )

    def quotes(
        self,
        speaker: str | Sequence[str] | None = None,
        anonymous: bool | None = None,
        query: str | None = None,
        limit: int = 50,
        offset: int = 0,
        hedge: str | Sequence[str] | None = None,
    ) -> list[dict[str, Any]]:
        """Quotes with their speaker and article; filters combine with AND.

        ``speaker`` (a name, or several: an alias and its canonical name) matches the
        canonical name, the text as written, or the last words of the canonical name
        ("Haddad" finds "Omar Haddad"), case-insensitive;
        ``query`` is a full-text query over the quote text (QueryError when malformed);
        ``hedge`` keeps the quotes with one of these hedges ("denied", "stance", ...).
        """
        where: list[str] = []
        params: list[Any] = []
        names = _words(speaker)
        if names:
            one = (
                "LOWER(q.speaker_canonical) = LOWER(?) OR LOWER(q.speaker_text) = LOWER(?) "
                "OR LOWER(q.speaker_canonical) LIKE LOWER(?) ESCAPE '\\'"
            )
            where.append("(" + " OR ".join(f"({one})" for _ in names) + ")")
            for n in names:
                like = n.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                params += [n, n, "% " + like]
        if anonymous is not None:
            where.append("q.anonymous = ?")
            params.append(int(anonymous))
        hedges = _words(hedge)
        if hedges:
            where.append("q.hedge IN (" + ", ".join("?" for _ in hedges) + ")")
            params += hedges
        if query:
            clause, qparams = self._quote_match(query)
            where.append(clause)
            params += qparams
        sql = (
            'SELECT q.article_id, q.idx, q.kind, q.text, q.start, q."end", q.speaker_text, '
            "q.speaker_canonical, q.speaker_description, q.anonymous, q.resolved_by, q.cue, "
            "q.hedge, q.via, q.addressee, q.question, a.title, a.published, a.outlet "
            "FROM quotes q JOIN articles a ON a.id = q.article_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += (
            " ORDER BY a.published IS NULL, a.published DESC, q.article_id, q.idx LIMIT ? OFFSET ?"
        )
        args = [*params, limit, offset]
        rows = self._guard_query(lambda: self._rows(sql, args)) if query else self._rows(sql, args)
        for row in rows:
            row["anonymous"] = bool(row["anonymous"])
            row["question"] = bool(row["question"])
            row["via"] = json.loads(row["via"] or "[]")
        return rows

    def events(
        self,
        type: str | None = None,  # noqa: A002  (the field is called type)
        actor: str | None = None,
        country: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Events with their article; filters on type, actor, country, date range (ISO)."""
        where: list[str] = []
        params: list[Any] = []
        if type:
            where.append("LOWER(e.type) = LOWER(?)")
            params.append(type)
        if actor:
            where.append(
                "EXISTS (SELECT 1 FROM event_actors x WHERE x.article_id = e.article_id "
                "AND x.event_idx = e.idx AND LOWER(x.canonical) = LOWER(?))"
            )
            params.append(actor)
        if country:
            where.append("UPPER(e.country) = UPPER(?)")
            params.append(country)
        if since:
            where.append("e.date >= ?")
            params.append(since)
        if until:
            where.append("e.date <= ?")
            params.append(until)
        sql = (
            "SELECT e.*, a.title, a.published, a.outlet FROM events e "
            "JOIN articles a ON a.id = e.article_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY e.date IS NULL, e.date DESC, e.article_id, e.idx LIMIT ? OFFSET ?"
        rows = self._rows(sql, [*params, limit, offset])
        for row in rows:
            row["actors"] = self._rows(
                "SELECT canonical, role, basis FROM event_actors "
                "WHERE article_id = ? AND event_idx = ?",
                (row["article_id"], row["idx"]),
            )
        return rows

    def errors(self, limit: int | None = None) -> list[IngestError]:
        """Recorded failures, oldest first."""
        sql = "SELECT source, reason, stage, time FROM errors ORDER BY num"
        params: tuple[Any, ...] = ()
        if limit is not None:
            sql += " LIMIT ?"
            params = (limit,)
        return [
            IngestError(
                source=r["source"],
                reason=r["reason"],
                stage=r["stage"],
                time=datetime.fromisoformat(r["time"]) if r["time"] else None,
            )
            for r in self._rows(sql, params)
        ]

    def schema_version(self) -> int:
        return int(self._scalar("SELECT MAX(version) FROM schema_version") or 0)

    def stats(self) -> dict[str, Any]:
        """Counts of what the store holds: articles, facts per kind, errors, sources, size."""
        out: dict[str, Any] = {
            "backend": self.backend,
            "articles": self._scalar("SELECT COUNT(*) FROM articles"),
        }
        for table in COUNT_TABLES:
            out[table] = self._scalar(f"SELECT COUNT(*) FROM {table}")
        out["errors"] = self._scalar("SELECT COUNT(*) FROM errors")
        out["sources"] = self._scalar("SELECT COUNT(*) FROM sources")
        out["schema_version"] = self.schema_version()
        out["db_bytes"] = self._db_size()
        return out

    def _guard_query(self, run: Any) -> Any:
        """Run a query; backends turn their full-text syntax errors into QueryError."""
        return run()
