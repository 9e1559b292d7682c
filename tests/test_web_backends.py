"""The web UI tests of test_web.py over a PostgreSQL store (SQLite runs them there).

The bodies are taken unchanged; this module's ``store`` fixture ingests the same fixture
articles into a PostgreSQL schema.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

import test_web
from pg_helpers import PG_SKIP, PG_URL, drop_schema, with_schema

pytestmark = [pytest.mark.postgres, PG_SKIP]

globals().update({k: v for k, v in vars(test_web).items() if k.startswith("test_")})
client = test_web.client


@pytest.fixture(scope="module")
def store() -> Iterator[Any]:
    schema = f"dl_web_{uuid.uuid4().hex[:12]}"
    try:
        s = test_web.build_store(with_schema(PG_URL, schema))  # type: ignore[arg-type]
        yield s
        s.close()
    finally:
        drop_schema(schema)
