"""REST API latency and throughput on a store of 10,000 synthetic articles.

The store: 10,000 articles whose facts are *generated* (ArticleFacts built directly, no
spaCy: analysing 10k texts would take an hour on this machine and measures the pipeline,
not the API). About 5,000 invented incidents in 40 countries over two years, each reported
by 1-4 outlets with slightly different tolls (so fused events have several reports and
discrepancies), every article with a generated text of ~120 words (full-text search has
real work), two quotes (one named, one anonymous), entities and places. Saved through
``Store.save`` and fused with ``dateline.corpus.update``, as ``dateline ingest`` does. The
store is cached (``--db``) and rebuilt only when missing.

The load: ``dateline serve`` (uvicorn, one process) on 127.0.0.1 and a loopback load
generator: ``--concurrency`` threads, each with its own ``httpx.Client`` (keep-alive),
cycling through each endpoint's request set. Latency is per request, client side, in ms;
requests/s is the number completed over the wall time of that endpoint's run. Baseline
(same run): the same library call made in-process on the same store, without HTTP; the
ratio p50(API) / p50(direct) is what the HTTP layer costs.

    .venv/bin/python benchmarks/api.py [--articles 10000] [--requests 200] [--concurrency 4]
        [--db PATH] [--out benchmarks/results/api.json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

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
    EventTarget,
    Mention,
    Place,
    Quote,
    Speaker,
)
from dateline.store import open_store

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "results" / "api.json"
DEFAULT_DB = Path(os.environ.get("TMPDIR", "/tmp")) / "dateline-bench-api" / "api-10k.db"
TARGET_P95_MS = 100.0

# --------------------------------------------------------------------------- synthetic store

CITIES = [
    ("Kabul", "AF", 34.53, 69.17), ("Kandahar", "AF", 31.61, 65.71),
    ("Baghdad", "IQ", 33.34, 44.40), ("Mosul", "IQ", 36.34, 43.13),
    ("Mogadishu", "SO", 2.04, 45.34), ("Kismayo", "SO", -0.36, 42.55),
    ("Maiduguri", "NG", 11.85, 13.16), ("Lagos", "NG", 6.45, 3.39),
    ("Bamako", "ML", 12.65, -8.0), ("Gao", "ML", 16.27, -0.04),
    ("Niamey", "NE", 13.51, 2.11), ("Ouagadougou", "BF", 12.37, -1.52),
    ("Damascus", "SY", 33.51, 36.29), ("Idlib", "SY", 35.93, 36.63),
    ("Sanaa", "YE", 15.37, 44.19), ("Aden", "YE", 12.79, 45.04),
    ("Peshawar", "PK", 34.01, 71.58), ("Quetta", "PK", 30.18, 66.99),
    ("Goma", "CD", -1.68, 29.22), ("Beni", "CD", 0.49, 29.47),
    ("Khartoum", "SD", 15.5, 32.56), ("El Fasher", "SD", 13.63, 25.35),
    ("Tripoli", "LY", 32.89, 13.19), ("Benghazi", "LY", 32.12, 20.09),
    ("Nairobi", "KE", -1.29, 36.82), ("Garissa", "KE", -0.45, 39.65),
    ("Kharkiv", "UA", 49.99, 36.23), ("Odesa", "UA", 46.48, 30.72),
    ("Manila", "PH", 14.6, 120.98), ("Marawi", "PH", 8.0, 124.29),
    ("Bogota", "CO", 4.71, -74.07), ("Cali", "CO", 3.45, -76.53),
    ("Beirut", "LB", 33.89, 35.5), ("Tyre", "LB", 33.27, 35.2),
    ("Gaza", "PS", 31.5, 34.47), ("Jenin", "PS", 32.46, 35.3),
    ("Maputo", "MZ", -25.97, 32.57), ("Pemba", "MZ", -12.97, 40.52),
    ("Cabo Delgado", "MZ", -12.33, 39.32), ("Diffa", "NE", 13.32, 12.61),
]  # fmt: skip
TYPES = [
    ("ASSAULT", "explosives"), ("ASSAULT", "firearms"), ("ASSAULT", "suicide-attack"),
    ("FIGHT", None), ("PROTEST", None), ("COERCE", "abduction"), ("COERCE", "arrest"),
]  # fmt: skip
GROUPS = [
    "Islamic State", "Al-Shabaab", "Boko Haram", "Taliban", "Houthis", "Hezbollah", "Hamas",
    "JNIM", "M23", "Rapid Support Forces", "ELN", "Wagner Group", "ISWAP", "ADF",
]  # fmt: skip
OUTLETS = [f"{a} {b}" for a in ("Daily", "Global", "Morning", "Evening", "Wire") for b in
           ("Post", "Herald", "Times", "News", "Telegraph", "Courier")]  # fmt: skip
_FIRST = [
    "Ahmed",
    "Mariam",
    "John",
    "Sara",
    "Luis",
    "Fatima",
    "Omar",
    "Grace",
    "Ivan",
    "Amina",
    "Yusuf",
    "Elena",
    "Hassan",
    "Nadia",
    "Peter",
]
_LAST = [
    "Karimi",
    "Osei",
    "Okafor",
    "Haddad",
    "Moreno",
    "Diallo",
    "Rahimi",
    "Mensah",
    "Petrenko",
    "Yusuf",
    "Bello",
    "Nasser",
    "Cruz",
    "Ali",
]
_ROLES = ["police spokesman", "health minister", "army spokesman", "governor", "mayor"]
# 210 people, quoted with Zipf-like frequency (a few officials are quoted very often)
SPEAKERS = [(f"{f} {last}", _ROLES[i % len(_ROLES)]) for i, (f, last) in
            enumerate((f, last) for f in _FIRST for last in _LAST)]  # fmt: skip
_TOPICAL = [
    "officials",
    "said",
    "the",
    "attack",
    "residents",
    "witnesses",
    "police",
    "army",
    "security",
    "forces",
    "town",
    "market",
    "checkpoint",
    "convoy",
    "village",
    "district",
    "province",
    "capital",
    "hospital",
    "wounded",
    "dead",
    "killed",
    "injured",
    "fighters",
    "gunmen",
    "militants",
    "explosion",
    "blast",
    "gunfire",
    "clashes",
    "curfew",
    "roads",
    "closed",
    "aid",
    "workers",
    "displaced",
    "families",
    "ministry",
    "statement",
    "condemned",
    "investigation",
    "suspects",
    "arrested",
    "morning",
    "evening",
    "night",
    "border",
    "camp",
    "mosque",
    "church",
    "school",
    "bus",
    "motorcycles",
    "ambulances",
    "rescue",
    "rubble",
    "toll",
    "rose",
    "later",
    "claimed",
    "responsibility",
    "denied",
    "involvement",
]
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def _lexicon(size: int = 6000, seed: int = 5) -> list[str]:
    """Invented words, with the topical words at every third rank from the top: so they
    span every frequency from "in nearly every article" to "in a few percent"."""
    rng = random.Random(seed)
    seen = set(_TOPICAL)
    invented: list[str] = []
    while len(invented) < size - len(_TOPICAL):
        w = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            invented.append(w)
    words: list[str] = []
    topical = iter(_TOPICAL)
    pending = next(topical, None)
    for w in invented:
        if pending is not None and len(words) % 3 == 0:
            words.append(pending)
            pending = next(topical, None)
        words.append(w)
    return words


WORDS = _lexicon()
# Zipf's law (s = 1.1): word frequencies fall with rank as in real text, so a query word
# matches a realistic share of articles instead of nearly all of them.
_CUM = list(itertools.accumulate(1 / (r + 1) ** 1.1 for r in range(len(WORDS))))
_SPEAKER_CUM = list(itertools.accumulate(1 / (r + 1) for r in range(len(SPEAKERS))))


def _text(rng: random.Random, city: str, group: str, n: int) -> str:
    words = rng.choices(WORDS, cum_weights=_CUM, k=n)
    for i in range(0, n, 25):  # a few names among the words, as in real copy
        words[i] = rng.choice([city, group, "officials", "police"])
    return " ".join(words)


def doc_share(word: str) -> float:
    """Share of generated texts (120 words) expected to contain ``word``."""
    rank = WORDS.index(word)
    p = (_CUM[rank] - (_CUM[rank - 1] if rank else 0.0)) / _CUM[-1]
    return 1 - (1 - p) ** 120


def make_facts(
    rng: random.Random, incident: int, report: int, base: dict[str, Any]
) -> ArticleFacts:
    """One article about an incident; reports of one incident differ in toll and wording."""
    city, cc, lat, lon = base["city"]
    typ, mode = base["type"]
    group = base["group"]
    killed = max(0, base["killed"] + rng.choice([0, 0, 0, 1, 2, -1]))
    title = f"{killed} Killed in {city} as {group} Attack Hits {base['target'].title()}"
    lead = (
        f"At least {killed} people were killed in {city} on {base['day']:%A}, "
        f"{rng.choice(['officials', 'police', 'witnesses'])} said."
    )
    body = f"{lead}\n\n{_text(rng, city, group, 60)}.\n\n{_text(rng, city, group, 60)}."
    text = f"{title}\n\n{body}"
    published = base["day"] + timedelta(hours=rng.randrange(3, 36))
    article = Article(
        title=title,
        text=text,
        body_start=len(title) + 2,
        published=published,
        outlet=rng.choice(OUTLETS),
        url=f"https://news.example/{incident}/{report}",
        source=f"synthetic#{incident}-{report}",
    ).with_id()
    c_start = text.index(city)
    g_start = text.index(group)
    name, role = rng.choices(SPEAKERS, cum_weights=_SPEAKER_CUM)[0]
    q1 = f"We will find those responsible for this attack in {city}, {_text(rng, city, group, 12)}"
    q2 = f"The toll is likely to rise, {_text(rng, city, group, 12)}"
    quotes = [
        Quote(
            text=q1, start=0, end=len(q1), kind="direct", cue="said", hedge="asserted",
            speaker=Speaker(text=name, canonical=name, description=role, resolved_by="explicit"),
        ),
        Quote(
            text=q2, start=0, end=len(q2), kind="indirect", cue="said", hedge="asserted",
            speaker=Speaker(text="a security source", anonymous=True, resolved_by="explicit"),
        ),
    ]  # fmt: skip
    event = Event(
        id="e1",
        type=typ,
        mode=mode,
        date=EventDate(value=base["day"].date().isoformat()),
        place=EventPlace(name=city, from_place=0),
        actors=[EventActor(canonical=group, basis=rng.choice(["claimed", "attributed"]))],
        targets=[EventTarget(text=base["target"])],
        casualties=[Casualties(group="people", killed=killed, qualifier="at_least")],
    )
    return ArticleFacts(
        article=article,
        entities=[
            Entity(
                canonical=group, type="ORG", kind="armed_group",
                mentions=[Mention(text=group, start=g_start, end=g_start + len(group))],
            ),
            Entity(
                canonical=city, type="GPE",
                mentions=[Mention(text=city, start=c_start, end=c_start + len(city))],
            ),
        ],
        places=[
            Place(text=city, start=c_start, end=c_start + len(city), name=city, country=cc,
                  lat=lat, lon=lon, feature="city", confidence=0.9),
        ],
        events=[event],
        quotes=quotes,
    )  # fmt: skip


def synthetic(n_articles: int, seed: int = 11) -> list[ArticleFacts]:
    rng = random.Random(seed)
    start = datetime(2023, 1, 1, 6, 0)
    out: list[ArticleFacts] = []
    incident = 0
    while len(out) < n_articles:
        incident += 1
        base = {
            "city": rng.choice(CITIES),
            "type": rng.choice(TYPES),
            "group": rng.choice(GROUPS),
            "killed": rng.randrange(1, 40),
            "day": start + timedelta(days=rng.randrange(730)),
            "target": rng.choice(["a market", "a checkpoint", "a convoy", "a school", "a camp"]),
        }
        for report in range(rng.choice([1, 1, 2, 2, 3, 4])):
            if len(out) < n_articles:
                out.append(make_facts(rng, incident, report, base))
    return out


def build_store(path: Path, n_articles: int) -> dict[str, Any]:
    """Create (or reuse) the synthetic store; returns what it took to build."""
    if path.exists():
        with open_store(path) as store:
            if store.stats()["articles"] == n_articles:
                return {"reused": True}
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with open_store(path) as store:
        for f in synthetic(n_articles):
            store.save(f)
        t_save = time.perf_counter() - t0
        fused = corpus.update(store)
    return {
        "reused": False,
        "save_s": round(t_save, 1),
        "fuse_s": round(time.perf_counter() - t0 - t_save, 1),
        "fused_events": fused.fused_events,
    }


# --------------------------------------------------------------------------- load


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def summarise(latencies: list[float], wall: float) -> dict[str, Any]:
    return {
        "n": len(latencies),
        "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(percentile(latencies, 95), 2),
        "max_ms": round(max(latencies), 2),
        "rps": round(len(latencies) / wall, 1) if wall > 0 else None,
    }


def hammer(base: str, urls: list[str], n: int, concurrency: int) -> dict[str, Any]:
    """``n`` GETs spread over ``concurrency`` keep-alive clients; every answer must be 200."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(n))

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            client.get(urls[0])  # open the connection outside the measurement
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                t0 = time.perf_counter()
                resp = client.get(urls[i % len(urls)])
                dt = (time.perf_counter() - t0) * 1000
                with lock:
                    latencies.append(dt)
                    if resp.status_code != 200:
                        errors.append(f"{resp.status_code} {urls[i % len(urls)]}")

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out = summarise(latencies, time.perf_counter() - t0)
    out["errors"] = len(errors)
    if errors:
        out["first_error"] = errors[0]
    return out


def direct(calls: list[Callable[[], Any]], n: int) -> dict[str, Any]:
    latencies = []
    t0 = time.perf_counter()
    for i in range(n):
        s = time.perf_counter()
        calls[i % len(calls)]()
        latencies.append((time.perf_counter() - s) * 1000)
    return summarise(latencies, time.perf_counter() - t0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    cmd = [sys.executable, "-m", "dateline.cli", "serve", "--db", str(db), "--port", str(port)]
    env = {k: v for k, v in os.environ.items() if k != "DATELINE_TOKEN"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/stats", timeout=5).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("dateline serve did not start")


def endpoints(store: Any, sample: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per endpoint: URLs for the load, the same calls made in-process (one per URL, in the
    same order, for the baseline), and the share of ``--requests`` to run."""
    words = sample["query_words"]
    countries = sorted({c[1] for c in CITIES})[:4]
    groups = GROUPS[:4]
    speakers = [s[0] for s in SPEAKERS[::21]]
    ev_ids = sample["event_ids"]
    art_ids = sample["article_ids"]
    fused = corpus.fused_events

    def searching(w: str) -> Callable[[], Any]:
        return lambda: (store.search(w, 20), store.search_quotes(w, 20))

    return {
        "events": {
            "urls": ["/api/events?limit=50", "/api/events?limit=50&offset=2000"],
            "direct": [
                lambda: fused(store, with_reports=False, limit=51),
                lambda: fused(store, with_reports=False, limit=51, offset=2000),
            ],
            "n": 1.0,
        },
        "events_filtered": {
            "urls": [f"/api/events?type=ASSAULT&actor={g}&limit=50" for g in groups]
            + [f"/api/events?country={c}&limit=50" for c in countries],
            "direct": [
                lambda g=g: fused(store, type="ASSAULT", actor=g, with_reports=False, limit=51)
                for g in groups
            ]
            + [
                lambda c=c: fused(store, country=c, with_reports=False, limit=51) for c in countries
            ],
            "n": 0.5,
        },
        "search": {
            "urls": [f"/api/search?q={w}&limit=20" for w in words],
            "direct": [searching(w) for w in words],
            "n": 1.0,
        },
        "search_common_word": {  # stress: a word in every headline, ranked over all articles
            "urls": ["/api/search?q=killed&limit=20"],
            "direct": [searching("killed")],
            "n": 0.25,
        },
        "quotes": {
            "urls": [f"/api/quotes?speaker={name}&limit=50" for name in speakers]
            + ["/api/quotes?anonymous=true&limit=50", f"/api/quotes?q={words[0]}&limit=50"],
            "direct": [lambda n=n: store.quotes(speaker=n, limit=51) for n in speakers]
            + [
                lambda: store.quotes(anonymous=True, limit=51),
                lambda: store.quotes(query=words[0], limit=51),
            ],
            "n": 1.0,
        },
        "articles": {
            "urls": ["/api/articles?limit=50", "/api/articles?limit=50&offset=5000"],
            "direct": [
                lambda: store.list_articles(limit=51),
                lambda: store.list_articles(limit=51, offset=5000),
            ],
            "n": 1.0,
        },
        "article": {
            "urls": [f"/api/articles/{a}" for a in art_ids],
            "direct": [lambda a=a: store.get_facts(a) for a in art_ids],
            "n": 1.0,
        },
        "compare": {
            "urls": [f"/api/events/{e}/compare" for e in ev_ids],
            "direct": [lambda e=e: corpus.get_fused(store, e) for e in ev_ids],
            "n": 1.0,
        },
        "stats": {
            "urls": ["/api/stats"],
            "direct": [lambda: (store.stats(), corpus.corpus_stats(store))],
            "n": 0.25,
        },
        "actors": {
            "urls": ["/api/actors?limit=50"],
            "direct": [lambda: corpus.actor_profile(store)],
            "n": 0.1,
        },
        "actor_profile": {
            "urls": ["/api/actors/Taliban"],
            "direct": [lambda: corpus.actor_profile(store, "Taliban")],
            "n": 0.02,
        },
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    db = Path(args.db)
    t0 = time.perf_counter()
    built = build_store(db, args.articles)
    print(f"store: {db} {built} ({time.perf_counter() - t0:.0f} s)", flush=True)
    with open_store(db) as store:
        stats = {**store.stats(), **corpus.corpus_stats(store)}
        multi = [e for e in corpus.fused_events(store, with_reports=False) if e["n_reports"] > 1]
        rng = random.Random(3)
        sample = {
            "event_ids": [e["id"] for e in rng.sample(multi, min(20, len(multi)))],
            "article_ids": [
                a["id"] for a in store.list_articles(limit=20, offset=stats["articles"] // 2)
            ],
            # words of typical selectivity: each in 1-30% of the articles
            "query_words": [w for w in _TOPICAL if 0.01 <= doc_share(w) <= 0.30][::6],
        }
        eps = endpoints(store, sample)
        baseline = {}
        for name, ep in eps.items():
            n = max(3, int(args.requests * ep["n"] / 4))
            ep["direct"][0]()  # warm
            baseline[name] = direct(ep["direct"], max(n, len(ep["direct"])))
    proc, base = start_server(db)
    results: dict[str, Any] = {}
    try:
        for name, ep in eps.items():
            n = max(5, int(args.requests * ep["n"]))
            hammer(base, ep["urls"], min(n, 20), 1)  # warm the server's caches
            seq = hammer(base, ep["urls"], n, 1)
            conc = hammer(base, ep["urls"], n, args.concurrency)
            ratio = seq["p50_ms"] / baseline[name]["p50_ms"] if baseline[name]["p50_ms"] else None
            results[name] = {
                "sequential": seq,
                f"concurrent_{args.concurrency}": conc,
                "direct_in_process": baseline[name],
                "api_over_direct_p50": round(ratio, 2) if ratio else None,
            }
            print(
                f"{name:15s} p50 {seq['p50_ms']:7.1f} ms  p95 {seq['p95_ms']:7.1f} ms  "
                f"{seq['rps']:6.1f} req/s  | x{args.concurrency}: p95 {conc['p95_ms']:7.1f} ms "
                f"{conc['rps']:6.1f} req/s  | direct p50 {baseline[name]['p50_ms']:6.1f} ms",
                flush=True,
            )
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    return {
        "store": {"articles": stats["articles"], "fused_events": stats["fused_events"],
                  "quotes": stats["quotes"], "db_bytes": stats["db_bytes"], **built},
        "query_words": {w: round(doc_share(w), 3) for w in sample["query_words"]},
        "results": results,
    }  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=200, help="Requests per main endpoint.")
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--db", default=str(DEFAULT_DB), help="Synthetic store (reused if present).")
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    args = ap.parse_args()
    out = run(args)
    res = out["results"]
    main_eps = ("events", "search")
    headline = {
        "articles": out["store"]["articles"],
        "events_p50_ms": res["events"]["sequential"]["p50_ms"],
        "events_p95_ms": res["events"]["sequential"]["p95_ms"],
        "events_rps": res["events"]["sequential"]["rps"],
        "search_p50_ms": res["search"]["sequential"]["p50_ms"],
        "search_p95_ms": res["search"]["sequential"]["p95_ms"],
        "search_rps": res["search"]["sequential"]["rps"],
        "target_p95_ms": TARGET_P95_MS,
        "target_met": all(res[e]["sequential"]["p95_ms"] < TARGET_P95_MS for e in main_eps),
        "concurrency": args.concurrency,
        "server": "dateline serve (uvicorn, 1 process) on 127.0.0.1; httpx keep-alive clients",
        "machine": f"{os.cpu_count()} CPUs, shared with other jobs (load {os.getloadavg()[0]:.1f})",
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps({**headline, **out}, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
