"""Numbered SQL migrations: ``sql/<backend>/NNNN_name.sql`` applied in order, once each.

Any layer can add a file (e.g. ``0002_corpus.sql``); the next ``open_store`` applies it and
records it in ``schema_version``. Files must be re-runnable (``IF NOT EXISTS``) so that two
processes opening a fresh database at the same moment cannot break it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SQL_DIR = Path(__file__).parent / "sql"
_NAME = re.compile(r"^(\d{4})_([A-Za-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path

    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")


def migrations(backend: str) -> list[Migration]:
    """The migration files of a backend, sorted by number; duplicate numbers are an error."""
    found: dict[int, Migration] = {}
    for path in sorted((SQL_DIR / backend).glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise ValueError(f"migration file {path.name!r} is not named NNNN_name.sql")
        version = int(match.group(1))
        if version in found:
            raise ValueError(f"two migrations numbered {version:04d}: {path.name}")
        found[version] = Migration(version, match.group(2), path)
    return [found[v] for v in sorted(found)]
