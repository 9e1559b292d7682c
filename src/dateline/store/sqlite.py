"""The SQLite backend: one file, WAL mode, foreign keys on, FTS5 full-text search."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from dateline.store.base import QueryError, Store
from dateline.store.migrate import migrations

T = TypeVar("T")

# A query made only of words (letters, digits, inner punctuation such as U.S. or
# al-Shabaab) is retried as quoted phrases when FTS5 rejects it; a query with FTS
# operators (quotes, parentheses, *, :, ^) that does not parse is the user's to fix.
_OPERATOR_CHARS = re.compile(r'["()*:^{}]')

SNIPPET_TOKENS = 14
# FTS5's snippet() is quadratic in the number of hits in a row (a 1.5 MB article that
# repeats the query word takes minutes), so long articles get a plain window around
# the first hit, cut in Python, instead.
FTS_SNIPPET_MAX_CHARS = 50_000
_WORD = re.compile(r"\w+")


class SQLiteStore(Store):
    backend = "sqlite"

    def __init__(self, path: str | Path, timeout: float = 30.0) -> None:
        path = Path(path)
        if path.parent and not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE ... COMMIT), one per
        # article, so a killed process loses at most the article it was writing.
        conn = sqlite3.connect(
            str(path), timeout=timeout, isolation_level=None, check_same_thread=False
        )
        super().__init__(conn, str(path))
        try:
            self._check_file()
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable at checkpoints
            self.migrate()
        except BaseException:
            conn.close()
            raise

    def _check_file(self) -> None:
        """Fail early and clearly on a file that is not an SQLite database."""
        try:
            self.conn.execute("SELECT name FROM sqlite_master LIMIT 1").fetchall()
        except sqlite3.DatabaseError as exc:
            raise ValueError(f"{self.target} is not a Dateline (SQLite) database: {exc}") from exc

    def migrate(self) -> list[int]:
        """Apply the migration files not yet recorded; returns the versions applied."""
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = {row[0] for row in self.conn.execute("SELECT version FROM schema_version")}
        applied = []
        for m in migrations("sqlite"):
            if m.version in done:
                continue
            # executescript commits first, so the transaction is part of the script itself.
            self.conn.executescript(
                "BEGIN IMMEDIATE;\n"
                f"{m.sql()}\n;\n"
                "INSERT OR IGNORE INTO schema_version (version, name, applied_at) "
                f"VALUES ({m.version}, '{m.name}', datetime('now'));\n"
                "COMMIT;"
            )
            applied.append(m.version)
        return applied

    def _begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def _db_size(self) -> int | None:
        path = Path(self.target)
        return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())

    # ------------------------------------------------------------------ full text

    def _fts(self, query: str, run: Callable[[str], T]) -> T:
        """Run ``run(fts_query)``; retry plain words as phrases; QueryError when malformed."""
        query = (query or "").strip()
        if not query:
            raise QueryError("empty query")
        try:
            return run(query)
        except sqlite3.OperationalError as exc:
            first = exc
        if not _OPERATOR_CHARS.search(query):
            phrases = " ".join('"' + w.replace('"', "") + '"' for w in query.split())
            try:
                return run(phrases)
            except sqlite3.OperationalError:
                pass
        msg = str(first).removeprefix("fts5: ")
        raise QueryError(f"cannot parse the search query ({msg})") from first

    def search(
        self, query: str, limit: int = 20, mark: tuple[str, str] = ("«", "»")
    ) -> list[dict[str, Any]]:
        """Articles whose title or text match an FTS5 query, best first, with a snippet."""
        sql = (
            "SELECT a.id, a.title, a.url, a.outlet, a.published, a.source, "
            f"CASE WHEN length(a.text) <= {FTS_SNIPPET_MAX_CHARS} "
            f"THEN snippet(articles_fts, -1, ?, ?, '…', {SNIPPET_TOKENS}) END AS snippet, "
            "bm25(articles_fts, 5.0, 1.0) AS score "
            "FROM articles_fts JOIN articles a ON a.num = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY score LIMIT ?"
        )
        rows = self._fts(query, lambda q: self._rows(sql, (mark[0], mark[1], q, limit)))
        for row in rows:
            if row["snippet"] is None:
                text = self._rows("SELECT text FROM articles WHERE id = ?", (row["id"],))
                row["snippet"] = window_snippet(text[0]["text"] if text else "", query, mark)
        return rows

    def search_quotes(
        self, query: str, limit: int = 20, mark: tuple[str, str] = ("«", "»")
    ) -> list[dict[str, Any]]:
        """Quotes whose text (or speaker) match an FTS5 query, best first, with a snippet."""
        sql = (
            "SELECT q.article_id, q.idx, q.kind, q.text, q.speaker_text, q.speaker_canonical, "
            "q.anonymous, q.hedge, a.title, a.published, "
            f"snippet(quotes_fts, 0, ?, ?, '…', {SNIPPET_TOKENS}) AS snippet, "
            "bm25(quotes_fts) AS score "
            "FROM quotes_fts JOIN quotes q ON q.num = quotes_fts.rowid "
            "JOIN articles a ON a.id = q.article_id "
            "WHERE quotes_fts MATCH ? ORDER BY score LIMIT ?"
        )
        rows = self._fts(query, lambda q: self._rows(sql, (mark[0], mark[1], q, limit)))
        for row in rows:
            row["anonymous"] = bool(row["anonymous"])
        return rows

    def _quote_match(self, query: str) -> tuple[str, list[Any]]:
        return "q.num IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)", [query]

    def _guard_query(self, run: Any) -> Any:
        try:
            return run()
        except sqlite3.OperationalError as exc:  # only used around full-text queries
            msg = str(exc).removeprefix("fts5: ")
            raise QueryError(f"cannot parse the search query ({msg})") from exc


def window_snippet(text: str, query: str, mark: tuple[str, str] = ("«", "»")) -> str:
    """About SNIPPET_TOKENS words around the first word of ``query`` found in ``text``."""
    wanted = {w.casefold() for w in _WORD.findall(query)}
    words = list(_WORD.finditer(text[: FTS_SNIPPET_MAX_CHARS * 40]))
    hit = next((i for i, w in enumerate(words) if w.group().casefold() in wanted), 0)
    first = max(0, hit - SNIPPET_TOKENS // 2)
    chosen = words[first : first + SNIPPET_TOKENS]
    if not chosen:
        return ""
    parts = [
        f"{mark[0]}{w.group()}{mark[1]}" if w.group().casefold() in wanted else w.group()
        for w in chosen
    ]
    prefix = "…" if chosen[0].start() > 0 else ""
    suffix = "…" if chosen[-1].end() < len(text) else ""
    return prefix + " ".join(parts) + suffix
