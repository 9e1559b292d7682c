"""Shared fixtures: one spaCy pipeline per test session (loading it costs ~1 s)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED_EXAMPLES = ROOT.parent / "shared" / "examples"


@pytest.fixture(scope="session")
def nlp() -> Language:
    from dateline.pipeline import get_nlp

    return get_nlp()
