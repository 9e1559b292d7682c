"""Store URLs for tests that run one body against SQLite and PostgreSQL.

PostgreSQL runs only when DATELINE_TEST_PG is a postgresql:// URL (``.ci/run`` starts a
throwaway server and sets it); each test gets a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

PG_URL = os.environ.get("DATELINE_TEST_PG", "").strip()
PG_SKIP = pytest.mark.skipif(
    not PG_URL.startswith(("postgresql://", "postgres://")),
    reason="set DATELINE_TEST_PG=postgresql://user@host:port/db to test the PostgreSQL store "
    "(.ci/run starts a throwaway server)",
)
POSTGRES = pytest.param("postgres", marks=[pytest.mark.postgres, PG_SKIP], id="postgres")
BACKENDS = ["sqlite", POSTGRES]


def with_schema(url: str, schema: str) -> str:
    """``url`` with search_path set to ``schema`` (libpq's ``options`` URI parameter)."""
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options={quote(f'-csearch_path={schema}', safe='')}"


def drop_schema(schema: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def store_target(backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store location for ``backend``; the PostgreSQL schema is dropped after."""
    if backend == "sqlite":
        yield str(tmp_path / "store.db")
        return
    schema = f"dl_test_{uuid.uuid4().hex[:12]}"
    try:
        yield with_schema(PG_URL, schema)
    finally:
        drop_schema(schema)
