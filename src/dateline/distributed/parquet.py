"""Facts as Parquet (``dateline ingest --out parquet:DIR``), for corpora a database should not hold.

Layout: one folder per table of the store's flattened schema (``articles``, ``quotes``,
``events``, ``event_actors``... exactly the columns of ``dateline.store.flatten.COLUMNS``),
and in each folder one file per written chunk (about 50 articles):
``DIR/<table>/part-<run>-<n>.parquet``. Each folder is a Parquet dataset that pyarrow,
pandas, DuckDB or Spark read as one table (``pyarrow.dataset.dataset("DIR/quotes")``).
``articles.facts`` holds the whole ArticleFacts as JSON, so :func:`iter_facts` round-trips.

A file appears atomically (written under a temporary name, then renamed), so a killed run
never leaves half a file behind; a sink re-opened on the same folder reads the article ids
already there and never writes an article twice (exactly once, with ``--resume``).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from dateline.model import ArticleFacts
from dateline.store.flatten import COLUMNS, Row, article_row, child_rows

# Column types; every column not named here is a string (None stays null).
_INTS = frozenset(
    [
        "idx",
        "start",
        "end",
        "n_mentions",
        "entity_idx",
        "event_idx",
        "speaker_start",
        "speaker_end",
        "trigger_start",
        "trigger_end",
        "killed",
        "injured",
        "anonymous",
        "question",
        "geonameid",
    ]
)
_FLOATS = frozenset({"lat", "lon", "confidence"})


def _type(column: str) -> pa.DataType:
    if column in _INTS:
        return pa.int64()
    if column in _FLOATS:
        return pa.float64()
    return pa.string()


SCHEMAS: dict[str, pa.Schema] = {
    table: pa.schema([(c, _type(c)) for c in cols]) for table, cols in COLUMNS.items()
}


def _cell(value: Any, kind: pa.DataType) -> Any:
    """A value coerced to its column type (a fact field may hold an int where text is due)."""
    if value is None:
        return None
    if kind == pa.string():
        return value if isinstance(value, str) else str(value)
    try:
        return int(value) if kind == pa.int64() else float(value)
    except (TypeError, ValueError):
        return None


def _table(name: str, rows: list[Row]) -> pa.Table:
    schema = SCHEMAS[name]
    columns = [
        pa.array([_cell(row[i], field.type) for row in rows], type=field.type)
        for i, field in enumerate(schema)
    ]
    return pa.Table.from_arrays(columns, schema=schema)


class ParquetSink:
    """Writes chunks of ArticleFacts as Parquet files under ``root``; see the module doc."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.run = uuid.uuid4().hex[:12]
        self.count = 0
        self.ids: set[str] = set(article_ids(self.root))

    def has(self, article_id: str) -> bool:
        return article_id in self.ids

    def write(self, facts: list[ArticleFacts]) -> set[str]:
        """Write the articles not yet in the folder (one file per table); their ids."""
        new: list[ArticleFacts] = []
        seen: set[str] = set()
        for f in facts:
            if not f.article.id:
                f.article.with_id()
            if f.article.id not in self.ids and f.article.id not in seen:
                seen.add(f.article.id)
                new.append(f)
        if not new:
            return set()
        tables: dict[str, list[Row]] = {"articles": [article_row(f) for f in new]}
        for f in new:
            for table, rows in child_rows(f).items():
                tables.setdefault(table, []).extend(rows)
        self.count += 1
        name = f"part-{self.run}-{self.count:06d}.parquet"
        # Child tables first, articles last: a reader that sees an article sees its facts.
        for table in [t for t in tables if t != "articles"] + ["articles"]:
            self._write_file(self.root / table / name, _table(table, tables[table]))
        self.ids |= seen
        return seen

    def _write_file(self, path: Path, table: pa.Table) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")  # hidden: dataset readers skip it
        pq.write_table(table, tmp)
        os.replace(tmp, path)

    def close(self) -> None:
        """Nothing is buffered: every write() is already on disk."""


def dataset(root: str | Path, table: str = "articles") -> ds.Dataset:
    """One table of a Parquet fact folder as a pyarrow dataset."""
    return ds.dataset(Path(root) / table, format="parquet", schema=SCHEMAS[table])


def article_ids(root: str | Path) -> Iterator[str]:
    """Ids of the articles stored under ``root`` (reads only the id column)."""
    folder = Path(root) / "articles"
    if not folder.is_dir() or not any(folder.glob("*.parquet")):
        return
    for batch in dataset(root).to_batches(columns=["id"]):
        yield from batch.column(0).to_pylist()


def iter_facts(root: str | Path) -> Iterator[ArticleFacts]:
    """Every article's facts from a Parquet fact folder, each article once."""
    folder = Path(root) / "articles"
    if not folder.is_dir() or not any(folder.glob("*.parquet")):
        return
    seen: set[str] = set()
    for batch in dataset(root).to_batches(columns=["id", "facts"]):
        for aid, raw in zip(batch.column(0).to_pylist(), batch.column(1).to_pylist(), strict=True):
            if aid in seen:
                continue
            seen.add(aid)
            yield ArticleFacts.model_validate_json(raw)


class ParquetFacts:
    """A Parquet fact folder seen as a read-only store for export (``--db parquet:DIR``)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        if not (self.root / "articles").is_dir():
            raise FileNotFoundError(f"no Parquet facts in {self.root} (no articles/ folder)")

    def iter_facts(self) -> Iterator[ArticleFacts]:
        return iter_facts(self.root)

    def __enter__(self) -> ParquetFacts:
        return self

    def __exit__(self, *exc: object) -> None:
        return None
