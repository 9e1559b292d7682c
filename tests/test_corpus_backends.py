"""The corpus tests of test_corpus.py, run against the PostgreSQL store.

The bodies are taken unchanged: pytest collects them again in this module, where ``store``
is the fixture below (PostgreSQL; SQLite runs them in test_corpus.py), so fuse, events,
timeline and compare are shown to behave the same on both backends.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import test_corpus
from dateline.store import Store, open_store
from pg_helpers import POSTGRES, store_target

# Every test of test_corpus.py, new ones included, collected here with the fixture below.
globals().update({k: v for k, v in vars(test_corpus).items() if k.startswith("test_")})


@pytest.fixture(params=[POSTGRES])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    for target in store_target(request.param, tmp_path):
        s = open_store(target)
        try:
            yield s
        finally:
            s.close()
