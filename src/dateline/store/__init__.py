"""The store: articles and their facts in SQLite (default) or PostgreSQL.

``open_store(target)`` opens (and migrates) the database named by ``target``: a path is an
SQLite file, ``postgresql://...`` a PostgreSQL server. Every backend has the same
:class:`Store` interface (see ``dateline.store.base``).
"""

from __future__ import annotations

from pathlib import Path

from dateline.store.base import QueryError, Store
from dateline.store.sqlite import SQLiteStore

__all__ = ["QueryError", "SQLiteStore", "Store", "display_target", "open_store"]

_PG_SCHEMES = ("postgresql://", "postgres://")


def display_target(target: str | Path) -> str:
    """``target`` as messages may show it: a database URL loses its password."""
    name = str(target)
    if "://" not in name:
        return name
    scheme, rest = name.split("://", 1)
    auth, at, host = rest.rpartition("@")
    if not at:
        return name
    user = auth.split(":", 1)[0]
    return f"{scheme}://{user}@{host.split('?', 1)[0]}"


def open_store(target: str | Path) -> Store:
    """Open the store at ``target`` (created and migrated when new)."""
    name = str(target)
    if name.startswith(_PG_SCHEMES):
        try:
            from dateline.store.postgres import PostgresStore  # type: ignore[import-not-found]
        except ImportError as exc:
            raise ValueError("the PostgreSQL backend is not available in this build") from exc
        return PostgresStore(name)  # type: ignore[no-any-return]
    if "://" in name:
        raise ValueError(f"unknown database URL {name!r}: give a file path or postgresql://...")
    return SQLiteStore(name)
