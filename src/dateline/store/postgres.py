"""The PostgreSQL backend: psycopg 3, tsvector/GIN full-text search, for a shared server.

Everything but connection, migrations and full-text search is the portable code of
:class:`dateline.store.base.Store`. The store's connection is a :class:`PgConnection`, a
thin adapter that speaks the small part of the sqlite3 API the shared code and the corpus
layer use (``?`` placeholders, ``execute``/``executemany``/``executescript``, ``commit``),
so the same SQL runs on both backends.

Several stores can share one database through schemas: put the schema in the URL,
``postgresql://host/db?options=-csearch_path%3Dteam_a`` (it is created when missing).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import sql as pgsql

from dateline.model import ArticleFacts
from dateline.store import pgsearch
from dateline.store.base import QueryError, Store
from dateline.store.migrate import migrations

# pg_advisory_xact_lock key: two processes opening a fresh database migrate one at a time.
_MIGRATE_LOCK = 0x646174656C696E65  # "dateline"

SNIPPET_WORDS = 14
SNIPPET_CHARS = 200_000  # only this much of a text is indexed (see 0001_core.sql)

ARTICLE_VECTORS = {"title": "a.fts_title", "text": "a.fts_text"}
QUOTE_VECTORS = {"text": "q.fts_text", "speaker_canonical": "q.fts_speaker"}


@functools.lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """sqlite3-style SQL → psycopg: ``?`` → ``%s`` and ``%`` → ``%%`` outside literals.

    ``BEGIN IMMEDIATE`` (SQLite's write transaction) is a plain ``BEGIN`` here.
    """
    if sql.strip().upper() == "BEGIN IMMEDIATE":
        return "BEGIN"
    out: list[str] = []
    quote: str | None = None  # the quote character of the literal we are in
    for c in sql:
        if quote:
            out.append("%%" if c == "%" else c)
            if c == quote:  # a doubled quote closes and reopens: same result
                quote = None
        elif c in "'\"":
            quote = c
            out.append(c)
        elif c == "?":
            out.append("%s")
        elif c == "%":
            out.append("%%")
        else:
            out.append(c)
    return "".join(out)


def _clean(value: Any) -> Any:
    # PostgreSQL text cannot hold NUL; U+FFFD keeps every character offset valid.
    # (articles.facts is JSON, where NUL is already escaped, so get_facts stays exact.)
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\ufffd")
    return value


def _params(params: Sequence[Any] | None) -> tuple[Any, ...]:
    return tuple(_clean(v) for v in params or ())


class PgCursor:
    """A psycopg cursor that takes sqlite3-style SQL."""

    def __init__(self, cur: psycopg.Cursor[Any], conn: PgConnection) -> None:
        self._cur = cur
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> PgCursor:
        self._cur.execute(translate(sql), _params(params))
        return self

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> PgCursor:
        self._cur.executemany(translate(sql), [_params(p) for p in seq])
        return self

    def fetchone(self) -> tuple[Any, ...] | None:
        return self._cur.fetchone()

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self._cur.fetchall()

    def fetchmany(self, size: int = 100) -> list[tuple[Any, ...]]:
        return self._cur.fetchmany(size)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._cur)

    @property
    def description(self) -> list[tuple[str, ...]] | None:
        desc = self._cur.description
        return None if desc is None else [(d.name,) for d in desc]

    @property
    def rowcount(self) -> int:
        if self._conn.pipeline is not None:  # results arrive at the next sync point
            self._conn.pipeline.sync()
        return self._cur.rowcount

    def close(self) -> None:
        self._cur.close()


class PgConnection:
    """A psycopg connection (autocommit: transactions are explicit) with the sqlite3 API."""

    dialect = "postgres"

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw
        self.pipeline: psycopg.Pipeline | None = None  # while statements are batched

    def cursor(self) -> PgCursor:
        return PgCursor(self.raw.cursor(), self)

    @contextlib.contextmanager
    def batched(self) -> Iterator[None]:
        """Send the statements of the block together (psycopg pipeline mode).

        Errors surface at the next sync point (``rowcount``, the end of the block); a
        transaction that failed is rolled back before the error goes on.
        """
        try:
            with self.raw.pipeline() as pipeline:
                self.pipeline = pipeline
                yield
        except BaseException:
            self.pipeline = None
            with contextlib.suppress(psycopg.Error):
                self.rollback()
            raise
        finally:
            self.pipeline = None

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> PgCursor:
        return self.cursor().execute(sql, params)

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> PgCursor:
        return self.cursor().executemany(sql, seq)

    def executescript(self, script: str) -> None:
        """Run several statements as they are (no placeholders; PostgreSQL syntax)."""
        # Without parameters psycopg sends the simple protocol: several statements, and
        # "%" (format() in a DO block) is not a placeholder.
        self.raw.execute(script)  # type: ignore[call-overload]

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def commit(self) -> None:
        if self.in_transaction:
            self.raw.execute("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction:
            self.raw.execute("ROLLBACK")

    def close(self) -> None:
        self.raw.close()


class PostgresStore(Store):
    backend = "postgresql"

    def __init__(self, url: str, connect_timeout: int = 10) -> None:
        try:
            raw = psycopg.connect(url, autocommit=True, connect_timeout=connect_timeout)
        except psycopg.Error as exc:
            raise ValueError(f"cannot connect to PostgreSQL: {exc}".strip()) from exc
        conn = PgConnection(raw)
        super().__init__(conn, url)  # the whole URL: open_store(store.target) reopens it
        try:
            self._ensure_schema()
            self.migrate()
        except BaseException:
            raw.close()
            raise

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {_redact(self.target)}>"  # no password

    def _ensure_schema(self) -> None:
        """Create the schema named first in search_path when none of them exists yet."""
        if self._scalar("SELECT current_schema()") is not None:
            return
        path = str(self._scalar("SHOW search_path"))
        first = next((p.strip().strip('"') for p in path.split(",") if "$user" not in p), "")
        if not first:
            raise ValueError("no schema to create the tables in: set search_path in the URL")
        self.conn.raw.execute(
            pgsql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(pgsql.Identifier(first))
        )

    def migrate(self) -> list[int]:
        """Apply the migration files not yet recorded; returns the versions applied."""
        applied: list[int] = []
        self._begin()
        try:
            self._execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATE_LOCK,))
            self._execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
            done = {r["version"] for r in self._rows("SELECT version FROM schema_version")}
            for m in migrations("postgres"):
                if m.version in done:
                    continue
                self.conn.executescript(m.sql())
                self._execute(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (version) DO NOTHING",
                    (m.version, m.name, datetime.now(UTC).isoformat(timespec="seconds")),
                )
                applied.append(m.version)
            self._commit()
        except BaseException:
            self._rollback()
            raise
        return applied

    def save(self, facts: ArticleFacts) -> bool:
        # The dozen statements of one article travel together: two round trips, not one per
        # table (5x the write rate on loopback). Still one transaction per article.
        with self.conn.batched():
            return super().save(facts)

    def _begin(self) -> None:
        self._execute("BEGIN")

    def _db_size(self) -> int | None:
        # The tables of this store's schema (with indexes and TOAST), not the whole database.
        return int(
            self._scalar(
                "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "WHERE c.relnamespace = (SELECT oid FROM pg_namespace "
                "WHERE nspname = current_schema()) AND c.relkind = 'r'"
            )
        )

    # ------------------------------------------------------------------ full text

    def search(
        self, query: str, limit: int = 20, mark: tuple[str, str] = ("«", "»")
    ) -> list[dict[str, Any]]:
        """Articles whose title or text match the query, best first, with a snippet."""
        node = pgsearch.parse(query, tuple(ARTICLE_VECTORS))
        match, mparams = pgsearch.render_match(node, ARTICLE_VECTORS)
        tsq, tparams = pgsearch.render_tsquery(node)
        # score: lower is better, like SQLite's bm25(); the title weighs 5x as there.
        sql = (
            "WITH hits AS ("
            "SELECT a.id, a.title, a.url, a.outlet, a.published, a.source, a.text, "
            f"-(5 * ts_rank_cd(a.fts_title, {tsq}) + ts_rank_cd(a.fts_text, {tsq})) AS score "
            f"FROM articles a WHERE {match} ORDER BY score, a.num LIMIT ?) "
            "SELECT id, title, url, outlet, published, source, "
            f"ts_headline('{pgsearch.CONFIG}', left(text, {SNIPPET_CHARS}), {tsq}, ?) "
            "AS snippet, score FROM hits ORDER BY score"
        )
        params = [*tparams, *tparams, *mparams, limit, *tparams, _headline_options(mark)]
        return self._guard_query(lambda: self._rows(sql, params))  # type: ignore[no-any-return]

    def search_quotes(
        self, query: str, limit: int = 20, mark: tuple[str, str] = ("«", "»")
    ) -> list[dict[str, Any]]:
        """Quotes whose text (or speaker) match the query, best first, with a snippet."""
        node = pgsearch.parse(query, tuple(QUOTE_VECTORS))
        match, mparams = pgsearch.render_match(node, QUOTE_VECTORS)
        tsq, tparams = pgsearch.render_tsquery(node)
        sql = (
            "SELECT q.article_id, q.idx, q.kind, q.text, q.speaker_text, q.speaker_canonical, "
            "q.anonymous, q.hedge, a.title, a.published, "
            f"ts_headline('{pgsearch.CONFIG}', q.text, {tsq}, ?) AS snippet, "
            f"-(ts_rank_cd(q.fts_text, {tsq}) + ts_rank_cd(q.fts_speaker, {tsq})) AS score "
            "FROM quotes q JOIN articles a ON a.id = q.article_id "
            f"WHERE {match} ORDER BY score, q.num LIMIT ?"
        )
        params = [*tparams, _headline_options(mark), *tparams, *tparams, *mparams, limit]
        rows: list[dict[str, Any]] = self._guard_query(lambda: self._rows(sql, params))
        for row in rows:
            row["anonymous"] = bool(row["anonymous"])
        return rows

    def _quote_match(self, query: str) -> tuple[str, list[Any]]:
        return pgsearch.render_match(pgsearch.parse(query, tuple(QUOTE_VECTORS)), QUOTE_VECTORS)

    def _guard_query(self, run: Any) -> Any:
        try:
            return run()
        except psycopg.errors.SyntaxError as exc:  # a tsquery the parser let through
            raise QueryError(f"cannot parse the search query ({exc})") from exc


def _headline_options(mark: tuple[str, str]) -> str:
    start, stop = (m.replace('"', "") for m in mark)
    return (
        f'StartSel="{start}", StopSel="{stop}", MaxWords={SNIPPET_WORDS}, MinWords=5, '
        'ShortWord=1, MaxFragments=1, FragmentDelimiter=" … "'
    )


def _redact(url: str) -> str:
    """The URL without its password, for messages and repr()."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.Error:
        return "postgresql://…"
    user = f"{info['user']}@" if info.get("user") else ""
    host = info.get("host") or ""
    port = f":{info['port']}" if info.get("port") else ""
    return f"postgresql://{user}{host}{port}/{info.get('dbname') or ''}"
