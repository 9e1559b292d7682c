"""Store backends: write rate, re-ingest rate, search latency and size, SQLite vs PostgreSQL.

Synthetic articles (model objects built here, no spaCy: the store is what is measured) are
saved one transaction each into a fresh SQLite file and a fresh PostgreSQL schema, in the
same run; medians over ``--repeat`` runs. PostgreSQL comes from ``--pg URL`` or
DATELINE_TEST_PG; without one the script says so and exits 0.

    python benchmarks/store_backends.py [--articles 500] [--repeat 3] [--pg postgresql://...]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from dateline.model import (
    Article,
    ArticleFacts,
    Casualties,
    Entity,
    Event,
    EventActor,
    EventDate,
    Mention,
    Quote,
    Speaker,
)
from dateline.store import Store, open_store

HERE = Path(__file__).resolve().parent
WORDS = [
    "forces",
    "police",
    "attack",
    "convoy",
    "border",
    "village",
    "officials",
    "said",
    "province",
    "market",
    "blast",
    "militants",
    "ministry",
    "statement",
    "killed",
    "wounded",
    "security",
    "spokesman",
    "capital",
    "checkpoint",
    "government",
    "rebels",
    "ceasefire",
    "talks",
    "witnesses",
    "hospital",
    "district",
    "commander",
    "residents",
]
NAMES = ["Amina Diallo", "Omar Haddad", "Lena Petrova", "Carlos Mendez", "Ravi Sharma"]
QUERIES = ["checkpoint", '"security forces"', "blast OR ceasefire", "milit*", "title: convoy"]


def synthetic(i: int, rng: random.Random) -> ArticleFacts:
    """One article of about 3,000 characters with entities, quotes and an event."""
    title = f"Convoy attack {i} near border " + " ".join(rng.choices(WORDS, k=4))
    paras = [" ".join(rng.choices(WORDS, k=45)) + "." for _ in range(8)]
    text = title + "\n\n" + "\n\n".join(paras)
    art = Article(
        title=title,
        text=text,
        outlet="Synthetic Wire",
        source=f"synthetic/{i}.txt",
        published=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=i),
        body_start=len(title) + 2,
    ).with_id()
    name = NAMES[i % len(NAMES)]
    return ArticleFacts(
        article=art,
        entities=[
            Entity(canonical=n, type="PERSON", mentions=[Mention(text=n, start=0, end=len(n))])
            for n in NAMES
        ],
        quotes=[
            Quote(
                kind="direct",
                text=" ".join(rng.choices(WORDS, k=12)),
                start=0,
                end=10,
                speaker=Speaker(text=name, canonical=name),
                cue="said",
            )
            for _ in range(4)
        ],
        events=[
            Event(
                id="e1",
                type="ASSAULT",
                date=EventDate(value=f"2024-01-{1 + i % 28:02d}"),
                actors=[EventActor(canonical="Militants", role="perpetrator")],
                casualties=[Casualties(group="soldiers", killed=1 + i % 9)],
            )
        ],
    )


def median_ms(fn: Callable[[], Any], repeat: int = 15) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def targets(pg: str | None) -> Iterator[tuple[str, str, Callable[[], None]]]:
    """(backend, a fresh store location, its cleanup)."""
    tmp = tempfile.mkdtemp(prefix="dateline-bench-")
    yield "sqlite", str(Path(tmp) / "bench.db"), lambda: shutil.rmtree(tmp, ignore_errors=True)
    if pg:
        import psycopg

        schema = f"dl_bench_{uuid.uuid4().hex[:10]}"
        sep = "&" if "?" in pg else "?"
        url = f"{pg}{sep}options={quote(f'-csearch_path={schema}', safe='')}"

        def drop() -> None:
            with psycopg.connect(pg, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')

        yield "postgresql", url, drop


def measure(store: Store, batch: list[ArticleFacts]) -> dict[str, float]:
    t0 = time.perf_counter()
    for f in batch:
        store.save(f)
    write = len(batch) / (time.perf_counter() - t0)
    dups = batch[: max(1, len(batch) // 5)]
    t0 = time.perf_counter()
    assert not any(store.save(f) for f in dups)
    reingest = len(dups) / (time.perf_counter() - t0)
    out = {"write_per_s": write, "reingest_per_s": reingest}
    for q in QUERIES:
        out[f"search_ms[{q}]"] = median_ms(lambda q=q: store.search(q, limit=20))
    out["quotes_by_speaker_ms"] = median_ms(lambda: store.quotes(speaker="Haddad", limit=50))
    out["events_filter_ms"] = median_ms(lambda: store.events(type="ASSAULT", since="2024-01-10"))
    out["bytes_per_article"] = (store.stats()["db_bytes"] or 0) / len(batch)
    return out


def pg_settings(url: str) -> dict[str, str]:
    """What makes PostgreSQL's numbers comparable: version, durability, where it runs."""
    import psycopg

    with psycopg.connect(url) as conn:
        names = ("server_version", "fsync", "synchronous_commit", "shared_buffers")
        return {n: str(conn.execute(f"SHOW {n}").fetchone()[0]) for n in names} | {
            "host": str(conn.info.host)
        }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pg", default=os.environ.get("DATELINE_TEST_PG"))
    ap.add_argument("--out", type=Path, default=HERE / "results" / "store_backends.json")
    args = ap.parse_args()
    if not args.pg:
        print("No PostgreSQL server: give --pg postgresql://... or set DATELINE_TEST_PG; skipped.")
        return 0
    rng = random.Random(8)
    batch = [synthetic(i, rng) for i in range(args.articles)]
    runs: dict[str, list[dict[str, float]]] = {}
    for _ in range(args.repeat):
        for backend, target, cleanup in targets(args.pg):
            try:
                with open_store(target) as store:
                    runs.setdefault(backend, []).append(
                        measure(store, [f.model_copy(deep=True) for f in batch])
                    )
            finally:
                cleanup()
    med = {
        b: {k: round(statistics.median(r[k] for r in rs), 2) for k in rs[0]}
        for b, rs in runs.items()
    }
    sq, pg = med["sqlite"], med["postgresql"]
    result = {
        "sqlite_write_per_s": sq["write_per_s"],
        "postgresql_write_per_s": pg["write_per_s"],
        "postgresql_vs_sqlite_write": round(pg["write_per_s"] / sq["write_per_s"], 2),
        "sqlite_search_ms": round(statistics.median(sq[f"search_ms[{q}]"] for q in QUERIES), 2),
        "postgresql_search_ms": round(statistics.median(pg[f"search_ms[{q}]"] for q in QUERIES), 2),
        "articles": args.articles,
        "repeat": args.repeat,
        "medians": med,
        "postgresql_settings": pg_settings(args.pg),
        "machine": f"{os.cpu_count()} CPU cores (shared with other work while measured)",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    json.dump({k: v for k, v in result.items() if k != "medians"}, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
