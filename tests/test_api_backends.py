"""The REST API tests of test_api.py over a PostgreSQL store (SQLite runs them there).

The bodies are taken unchanged; this module's ``corpus_db`` fixture fills a PostgreSQL
schema with the same corpus. Tests that post articles through the pipeline (``live``) stay
in test_api.py only.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

import test_api
from dateline import corpus
from dateline.api.app import create_app
from dateline.store import open_store
from pg_helpers import PG_SKIP, PG_URL, drop_schema, with_schema

pytestmark = [pytest.mark.postgres, PG_SKIP]

# Tests that copy the SQLite file of the corpus (the PostgreSQL equivalent is below).
SQLITE_FILE_TESTS = {"test_unlink_and_link_back"}

# Every test of test_api.py that reads the shared corpus, collected here with the fixture
# below; `client` (built on corpus_db) is taken along.
globals().update(
    {
        name: fn
        for name, fn in vars(test_api).items()
        if name.startswith("test_")
        and callable(fn)
        and "live" not in inspect.signature(fn).parameters
        and name not in SQLITE_FILE_TESTS
    }
)
client = test_api.client


@pytest.fixture(scope="module")
def corpus_db() -> Iterator[str]:
    schema = f"dl_api_{uuid.uuid4().hex[:12]}"
    url = with_schema(PG_URL, schema)
    try:
        with open_store(url) as store:
            for f in test_api.corpus_facts():
                assert store.save(f)
            corpus.update(store)
        yield url
    finally:
        drop_schema(schema)


def test_unlink_and_link_back_on_postgres() -> None:
    """test_api's relink test, on its own copy of the corpus (a fresh schema)."""
    schema = f"dl_api_{uuid.uuid4().hex[:12]}"
    url = with_schema(PG_URL, schema)
    try:
        with open_store(url) as store:
            for f in test_api.corpus_facts():
                store.save(f)
            corpus.update(store)
        with TestClient(create_app(url, token=test_api.TOKEN)) as c:
            kabul = test_api.kabul_event(c)
            events = c.get(f"/api/events/{kabul['id']}").json()
            report = events["reports"][0]["report_key"]
            out = c.post("/api/links/unlink", json={"report_key": report}, headers=test_api.AUTH)
            assert out.status_code == 200, out.text
            assert out.json()["from"] == kabul["id"] and out.json()["fused_id"] != kabul["id"]
            assert c.get(f"/api/events/{kabul['id']}").json()["n_reports"] == 2
            back = c.post(
                "/api/links/link",
                json={"report_key": report, "fused_id": kabul["id"]},
                headers=test_api.AUTH,
            )
            assert back.status_code == 200 and back.json()["fused_id"] == kabul["id"]
            assert c.get(f"/api/events/{kabul['id']}").json()["n_reports"] == 3
    finally:
        drop_schema(schema)
