"""Web UI page latency on a synthetic store: median and p95 per page, in process.

Builds a store of N synthetic articles (model objects written directly, no spaCy: the
pages are what is measured, not extraction), fuses the corpus, then requests every page
(HTML, and the JSON twin of each) through FastAPI's TestClient and times them. The REST
API's loopback load test is benchmarks/api.py; this one is the UI's own cost per page.

    python benchmarks/web.py [--articles 2000] [--repeat 15] [--out benchmarks/results/web.json]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.testclient import TestClient

from dateline import corpus
from dateline.model import (
    Article,
    ArticleFacts,
    Casualties,
    Entity,
    Event,
    EventActor,
    EventDate,
    EventPlace,
    Mention,
    Place,
    Quote,
    Span,
    Speaker,
    TimeExpr,
)
from dateline.store import open_store
from dateline.web import render
from dateline.web.routes import router

HERE = Path(__file__).resolve().parent
PLACES = [
    ("Mogadishu", "SO", 2.037, 45.344),
    ("Maiduguri", "NG", 11.847, 13.157),
    ("Kabul", "AF", 34.528, 69.172),
    ("Idlib", "SY", 35.930, 36.633),
    ("Bamako", "ML", 12.650, -8.000),
    ("Goma", "CD", -1.679, 29.228),
    ("Mosul", "IQ", 36.340, 43.130),
    ("Nairobi", "KE", -1.283, 36.817),
]
ACTORS = ["Al-Shabaab", "Boko Haram", "Islamic State", "JNIM", "M23", "Taliban"]
KINDS = [
    ("ASSAULT", "explosives", "a bomb exploded"),
    ("ASSAULT", "firearms", "gunmen opened fire"),
    ("PROTEST", "demonstrate", "protesters marched"),
    ("COERCE", "arrest", "police arrested dozens"),
]
WORDS = [
    "officials",
    "residents",
    "market",
    "convoy",
    "checkpoint",
    "district",
    "village",
    "road",
    "witnesses",
    "hospital",
    "army",
    "police",
    "statement",
    "council",
    "border",
    "fighters",
    "camp",
    "aid",
    "water",
    "fuel",
    "prices",
    "school",
]


def synthetic(i: int, rng: random.Random) -> ArticleFacts:
    """One article with an event, a quote, a place, a time and two actors, offsets exact."""
    place, cc, lat, lon = rng.choice(PLACES)
    etype, mode, phrase = rng.choice(KINDS)
    actor = rng.choice(ACTORS)
    day = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(365))
    killed = rng.randrange(1, 40)
    speaker = f"spokesman {rng.choice(['Ali', 'Musa', 'Omar', 'Sara'])} {i}"
    headline = f"{phrase.capitalize()} in {place}, {killed} dead"
    filler = " ".join(rng.choice(WORDS) for _ in range(40))
    body = (
        f"{place.upper()} - Officials said {phrase} in {place} on {day:%B %d}, killing "
        f"{killed} people. They blamed {actor}.\n\n"
        f'"We will find those responsible," said {speaker}.\n\n{filler.capitalize()}.'
    )
    text = f"{headline}\n\n{body}"
    at = text.index

    def span(s: str, start: int = 0) -> tuple[int, int]:
        b = at(s, start)
        return b, b + len(s)

    ps, pe = span(place, len(headline))
    ts, te = span(f"on {day:%B %d}")
    trs, tre = span(phrase, len(headline))
    ks, ke = span(f"killing {killed} people")
    acs, ace = span(actor)
    qs, qe = span("We will find those responsible")
    ss, se = span(speaker)
    return ArticleFacts(
        article=Article(
            title=headline,
            text=text,
            outlet=f"Outlet {i % 17}",
            published=day + timedelta(hours=rng.randrange(6, 20)),
            body_start=len(headline) + 2,
            url=f"https://news.example.org/{i}",
        ).with_id(),
        entities=[
            Entity(
                canonical=actor,
                type="ORG",
                kind="armed_group",
                mentions=[Mention(text=actor, start=acs, end=ace)],
            )
        ],
        quotes=[
            Quote(
                text=text[qs:qe],
                start=qs,
                end=qe,
                kind="direct",
                cue="said",
                hedge="asserted",
                speaker=Speaker(text=speaker, start=ss, end=se, canonical=speaker),
            )
        ],
        times=[TimeExpr(text=text[ts:te], start=ts, end=te, type="DATE", value=f"{day:%Y-%m-%d}")],
        places=[Place(text=place, start=ps, end=pe, name=place, country=cc, lat=lat, lon=lon)],
        events=[
            Event(
                id=f"e{i}",
                type=etype,
                mode=mode,
                trigger=Span(text=phrase, start=trs, end=tre),
                date=EventDate(value=f"{day:%Y-%m-%d}", from_time=0),
                place=EventPlace(name=place, from_place=0),
                actors=[EventActor(canonical=actor, role="perpetrator", basis="attributed")],
                casualties=[Casualties(group="people", killed=killed, start=ks, end=ke)],
            )
        ],
    )


def build(path: Path, n: int, seed: int = 7) -> tuple[Any, float, float]:
    rng = random.Random(seed)
    store = open_store(path)
    t0 = time.perf_counter()
    for i in range(n):
        store.save(synthetic(i, rng))
    t1 = time.perf_counter()
    corpus.update(store)
    return store, t1 - t0, time.perf_counter() - t1


def app_for(store: Any) -> FastAPI:
    app = FastAPI()
    app.state.store = store
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=render.STATIC), name="static")
    return app


def pages(store: Any) -> dict[str, str]:
    article = store.list_articles(limit=1)[0]["id"]
    fused = corpus.fused_events(store, with_reports=False)
    busiest = max(fused, key=lambda e: e["n_reports"])
    return {
        "home": "/",
        "search": "/?q=checkpoint%20market",
        "reader": f"/articles/{article}",
        "events": "/events",
        "events_filtered": "/events?type=ASSAULT&place=Mogadishu&date_from=2024-03",
        "compare": f"/events/{busiest['id']}",
        "map": "/map",
        "timeline": "/timeline",
        "quotes": "/quotes",
        "actors": "/actors",
        "actor": "/actors/Boko%20Haram",
        "errors": "/errors",
    }


def measure(client: TestClient, url: str, repeat: int, as_json: bool) -> dict[str, Any]:
    headers = {"accept": "application/json"} if as_json else {}
    times, size = [], 0
    client.get(url, headers=headers)  # warm caches (templates, SQLite pages)
    for _ in range(repeat):
        t0 = time.perf_counter()
        r = client.get(url, headers=headers)
        times.append((time.perf_counter() - t0) * 1000)
        if r.status_code != 200:
            raise SystemExit(f"{url} answered {r.status_code}: {r.text[:200]}")
        size = len(r.content)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"median_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1), "bytes": size}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--out", type=Path, default=HERE / "results" / "web.json")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        store, t_save, t_fuse = build(Path(tmp) / "web.db", args.articles)
        stats = store.stats() | corpus.corpus_stats(store)
        client = TestClient(app_for(store))
        rows = {}
        for name, url in pages(store).items():
            rows[name] = {
                "url": url,
                "html": measure(client, url, args.repeat, False),
                "json": measure(client, url, args.repeat, True),
            }
            h, j = rows[name]["html"], rows[name]["json"]
            print(
                f"{name:16} html median {h['median_ms']:7.1f} ms p95 {h['p95_ms']:7.1f} ms"
                f" ({h['bytes'] // 1024} KiB) | json median {j['median_ms']:7.1f} ms",
                file=sys.stderr,
            )
        store.close()
    slowest = max(rows, key=lambda k: rows[k]["html"]["p95_ms"])
    result = {
        "articles": args.articles,
        "fused_events": stats["fused_events"],
        "repeat": args.repeat,
        "html_median_ms_max": max(r["html"]["median_ms"] for r in rows.values()),
        "html_p95_ms_max": rows[slowest]["html"]["p95_ms"],
        "slowest_page": slowest,
        "build_seconds": {"save": round(t_save, 1), "fuse": round(t_fuse, 1)},
        "pages": rows,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
