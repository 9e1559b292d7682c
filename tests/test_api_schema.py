"""Schemathesis against /openapi.json: generated requests (valid and invalid) for every
operation must get a documented status, a body matching the documented schema, and never
a 500. Bounded (a few dozen examples per operation) so that it runs in well under a minute.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from dateline import corpus
from dateline.api import create_app
from dateline.store import open_store
from test_api import AUTH, TOKEN, corpus_facts

EXAMPLES = 10
COVERAGE = os.environ.get("SCHEMA_COVERAGE", "1") == "1"
# A full-text query can be schema-valid and still not parse (the schema cannot express
# FTS5 syntax): there a 422 that says why is right, so the "valid data is accepted" check
# allows it on the two endpoints that take such queries. Every other check stays on.
CONFIG = SchemathesisConfig.from_dict(
    {
        "phases": {"coverage": {"enabled": COVERAGE}},
        "operations": [
            {
                "include-path-regex": "^/api/(search|quotes)$",
                "checks": {
                    "positive_data_acceptance": {
                        "expected-statuses": ["2xx", "401", "403", "404", "409", "422"]
                    }
                },
            }
        ],
    }
)


def _build(path: Path) -> str:
    with open_store(path) as store:
        for f in corpus_facts():
            store.save(f)
        corpus.update(store)
    return str(path)


def _schema(name: str) -> Any:
    # Built at collection: schemathesis parametrizes from a loaded schema (its lazy loader
    # does not work with this pytest). Building the store costs a few milliseconds, no NLP.
    db = _build(Path(_TMP) / name)
    app = create_app(db, token=TOKEN)
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=CONFIG)


_TMP = tempfile.mkdtemp(prefix="dateline-schema-")
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)

schema = _schema("reads.db")
# Write operations with the token, except posting articles (that would run spaCy on noise;
# tests/test_api.py posts real articles).
writes = _schema("writes.db").exclude(method="GET").exclude(path="/api/articles")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_conforms_to_its_schema(case: Any) -> None:
    case.call_and_validate()


@writes.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_write_endpoints_with_the_token_conform(case: Any) -> None:
    case.call_and_validate(headers=AUTH)
