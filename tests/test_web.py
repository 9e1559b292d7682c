"""The web UI: every page and its JSON twin on a real store built from articles we wrote.

The store is built once per module by the real pipeline (ingest + corpus fusion) from
tests/fixtures/web/articles.jsonl; the app is a minimal FastAPI app that does what
``dateline.api.create_app`` does for the UI: store on app.state, router, /static.
"""

from __future__ import annotations

import io
import json
import re
import sys
import tarfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline import corpus
from dateline.model import (
    Article,
    ArticleFacts,
    Entity,
    IngestError,
    Mention,
    Place,
    Quote,
    Speaker,
    TimeExpr,
)
from dateline.web import charts, highlight, render, vendor, views

FIXTURE = Path(__file__).parent / "fixtures" / "web" / "articles.jsonl"
JSON = {"accept": "application/json"}


def build_store(path: Path) -> Any:
    """A real SQLite store of the web fixture articles, with the corpus fused."""
    from dateline.batch import ingest
    from dateline.store import open_store

    store = open_store(path)
    summary = ingest([str(FIXTURE)], store, progress=False)
    assert summary.stored == 3, summary
    corpus.update(store)
    store.record_error(
        IngestError(source="feed/<bad>.html", reason="could not decode <script>x</script>")
    )
    return store


def make_app(store: Any) -> FastAPI:
    from dateline.web.routes import router

    app = FastAPI()
    app.state.store = store
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=render.STATIC), name="static")
    return app


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Any:
    s = build_store(tmp_path_factory.mktemp("web") / "web.db")
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store: Any) -> TestClient:
    return TestClient(make_app(store))


def article_id(store: Any, title_word: str) -> str:
    return next(a["id"] for a in store.list_articles() if title_word in (a["title"] or ""))


def assault(store: Any) -> dict[str, Any]:
    return next(e for e in corpus.fused_events(store) if e["type"] == "ASSAULT")


def twin(client: TestClient, url: str) -> tuple[Any, Any]:
    """The page's HTML response and its JSON twin, fetched both ways (they must agree)."""
    html = client.get(url)
    sep = "&" if "?" in url else "?"
    by_param = client.get(f"{url}{sep}format=json")
    by_header = client.get(url, headers=JSON)
    assert html.headers["content-type"].startswith("text/html")
    for r in (by_param, by_header):
        assert r.headers["content-type"].startswith("application/json")
        assert r.status_code == html.status_code
    assert by_param.json() == by_header.json()
    return html, by_param.json()


# --------------------------------------------------------------------------- highlights


def _facts(text: str, **kinds: Any) -> ArticleFacts:
    return ArticleFacts(article=Article(text=text).with_id(), **kinds)


def test_segments_rebuild_the_text_and_know_their_facts() -> None:
    text = 'Police said "Ali Omar fled to Kabul" on Monday.'
    q0 = text.index('"')
    facts = _facts(
        text,
        quotes=[
            Quote(
                text=text[q0 + 1 : -12],
                start=q0 + 1,
                end=len(text) - 12,
                kind="direct",
                speaker=Speaker(text="Police", start=0, end=6, canonical="Police"),
            )
        ],
        entities=[
            Entity(
                canonical="Ali Omar",
                type="PERSON",
                mentions=[Mention(text="Ali Omar", start=13, end=21)],
            )
        ],
        places=[Place(text="Kabul", start=text.index("Kabul"), end=text.index("Kabul") + 5)],
        times=[
            TimeExpr(
                text="Monday",
                start=text.index("Monday"),
                end=len(text) - 1,
                type="DATE",
                value="2024-01-01",
            )
        ],
    )
    segs = highlight.segments(text, highlight.marks(facts))
    assert "".join(s.text for s in segs) == text
    kabul = next(s for s in segs if s.text == "Kabul")
    # nested: the place inside the quote; innermost fact first
    assert kabul.facts == ["place:0", "quote:0"]
    assert set(kabul.kinds) == {"place", "quote"}
    monday = next(s for s in segs if s.text == "Monday")
    assert "2024-01-01" in monday.title
    police = next(s for s in segs if s.text == "Police")
    assert police.kinds == ["speaker"] and police.facts == ["quote:0"]
    assert any(s.facts == [] for s in segs)  # plain text between facts


def test_segments_crossing_and_out_of_range_spans() -> None:
    text = "abcdefghij"
    marks = [
        highlight.Mark("actor", "entity:0", 2, 6, "A"),
        highlight.Mark("place", "place:0", 4, 8, "P"),  # crosses the first
        highlight.Mark("time", "time:0", 7, 99, "T"),  # past the end: clipped
        highlight.Mark("event", "event:0", 5, 5, "E"),  # empty: dropped
        highlight.Mark("quote", "quote:0", -4, 1, "Q"),  # before the start: clipped
    ]
    segs = highlight.segments(text, marks)
    assert "".join(s.text for s in segs) == text
    by_text = {s.text: s for s in segs}
    assert by_text["ef"].facts == ["entity:0", "place:0"]  # same length: earlier first
    assert by_text["cd"].facts == ["entity:0"] and by_text["g"].facts == ["place:0"]
    assert by_text["h"].facts == ["time:0", "place:0"]  # the shorter (clipped) span first
    assert by_text["a"].facts == ["quote:0"]
    assert by_text["ij"].facts == ["time:0"]
    assert all("event:0" not in s.facts for s in segs)


def test_segments_of_empty_and_odd_unicode_text() -> None:
    assert highlight.segments("", [highlight.Mark("actor", "entity:0", 0, 3, "x")]) == []
    text = "Ataque en Đà Nẵng 💥 — «اليوم» e\u0301"
    start = text.index("Đà")
    segs = highlight.segments(text, [highlight.Mark("place", "place:0", start, start + 7, "p")])
    assert "".join(s.text for s in segs) == text
    assert [s.text for s in segs if s.facts] == ["Đà Nẵng"]


_KINDS = list(highlight.KINDS)


@settings(max_examples=150, deadline=None)
@given(
    text=st.text(max_size=40),
    raw=st.lists(
        st.tuples(
            st.integers(-5, 50), st.integers(-5, 50), st.sampled_from(_KINDS), st.integers(0, 4)
        ),
        max_size=12,
    ),
)
def test_segments_match_their_definition(text: str, raw: list[tuple[int, int, str, int]]) -> None:
    """Pieces rebuild the text; each lists exactly the (clipped) spans covering it."""
    spans = [highlight.Mark(k, f"{k}:{i}", a, b, f"{k}{i}") for a, b, k, i in raw]
    segs = highlight.segments(text, spans)
    assert "".join(s.text for s in segs) == text
    n = len(text)
    for seg in segs:
        a, b = seg.start, seg.start + len(seg.text)
        covering = {
            m.fact for m in spans if max(0, min(m.start, n)) <= a and min(max(m.end, 0), n) >= b
        }
        assert set(seg.facts) == covering
        # and no cut inside a piece: no (non-empty) span starts or ends strictly within it
        clipped = [(max(0, min(m.start, n)), max(0, min(m.end, n))) for m in spans]
        assert not any(a < x < b for s, e in clipped if s < e for x in (s, e))


def test_segments_of_a_huge_article() -> None:
    text = "Word " * 40_000  # 200,000 characters
    spans = [
        highlight.Mark("actor", f"entity:{i}", i * 40, i * 40 + 4, "A") for i in range(5000)
    ] + [highlight.Mark("quote", "quote:0", 0, len(text), "Q")]
    segs = highlight.segments(text, spans)
    assert "".join(s.text for s in segs) == text
    assert sum(1 for s in segs if s.facts[:1] != ["quote:0"]) == 5000  # entity first in each
    assert all("quote:0" in s.facts for s in segs)


# --------------------------------------------------------------------------- pages


def test_home_lists_articles_and_stats(client: TestClient, store: Any) -> None:
    html, data = twin(client, "/")
    assert html.status_code == 200
    assert {a["id"] for a in data["articles"]} == {a["id"] for a in store.list_articles()}
    assert data["stats"]["articles"] == 3
    assert data["stats"]["fused_events"] == len(corpus.fused_events(store))
    for a in data["articles"]:
        assert f'href="/articles/{a["id"]}"' in html.text


def test_home_paginates(client: TestClient) -> None:
    first = client.get("/?limit=2&format=json").json()["articles"]
    rest = client.get("/?limit=2&offset=2&format=json").json()["articles"]
    assert len(first) == 2 and len(rest) == 1
    assert not {a["id"] for a in first} & {a["id"] for a in rest}
    assert client.get("/?limit=0").status_code == 422
    assert client.get("/?offset=-1").status_code == 422


def test_search_finds_articles_and_quotes(client: TestClient, store: Any) -> None:
    html, data = twin(client, "/?q=bodies")
    assert html.status_code == 200
    assert [a["id"] for a in data["articles"]] == [article_id(store, "Borno")]
    assert any("eleven bodies" in q["text"] for q in data["quotes"])
    assert "<mark>bodies</mark>" in html.text


def test_search_with_bad_query_is_a_400_with_a_message(client: TestClient) -> None:
    html, data = twin(client, '/?q="unclosed')
    assert html.status_code == 400
    assert "cannot parse" in data["detail"]
    assert "cannot parse" in html.text


def test_search_odd_and_huge_queries(client: TestClient) -> None:
    r = client.get("/", params={"q": "Nẵng 💥 \u200b", "format": "json"})
    assert r.status_code == 200 and r.json()["articles"] == []
    assert client.get("/", params={"q": "x" * 501}).status_code == 422
    # an empty or blank query is the home page, not an error
    assert "stats" in client.get("/", params={"q": "   ", "format": "json"}).json()


def test_reader_highlights_every_fact(client: TestClient, store: Any) -> None:
    aid = article_id(store, "Maiduguri")
    facts = store.get_facts(aid)
    html, data = twin(client, f"/articles/{aid}")
    assert html.status_code == 200
    # the JSON twin is facts.md JSON plus the highlights
    assert data["article"]["id"] == aid
    assert data["quotes"] == [q.model_dump(mode="json") for q in facts.quotes]
    kinds = {h["kind"] for h in data["highlights"]}
    assert {"event", "quote", "speaker", "actor", "time", "place"} <= kinds
    for h in data["highlights"]:
        assert 0 <= h["start"] < h["end"] <= len(facts.article.text)
    # every fact with offsets is clickable in the page
    for i, q in enumerate(facts.quotes):
        if q.end > q.start:
            assert re.search(rf'data-facts="[^"]*\bquote:{i}\b', html.text), i
    for i in range(len(facts.places)):
        assert re.search(rf'data-facts="[^"]*\bplace:{i}\b', html.text)
    # the speaker is on hover, the resolved date too
    danladi = next(q for q in facts.quotes if q.speaker.canonical == "Musa Danladi")
    assert "speaker: Musa Danladi" in html.text
    tuesday = next(t for t in facts.times if t.value)
    assert f"{tuesday.type}: {tuesday.value}" in html.text
    assert danladi.text[:20] in html.text
    # each event links to its fused event, to compare this report with the others
    fused = assault(store)
    mine = next(e for e in data["events"] if e["type"] == "ASSAULT")
    assert mine["fused_id"] == fused["id"]
    assert f'href="/events/{fused["id"]}"' in html.text
    # the legend and the fact index the script reads
    assert 'id="legend"' in html.text
    index = re.search(
        r'<script type="application/json" id="fact-index">(.*?)</script>', html.text, re.S
    )
    assert index is not None
    parsed = json.loads(index.group(1))
    assert parsed["quote:0"]["text"] == facts.quotes[0].text
    assert parsed["quote:0"]["kind"] == facts.quotes[0].kind  # the quote's own field survives
    assert {v["fact_kind"] for v in parsed.values()} == {
        "event",
        "quote",
        "entity",
        "time",
        "place",
    }
    assert len([k for k in parsed if k.startswith("event:")]) == len(facts.events)


def test_reader_escapes_article_text(client: TestClient, store: Any) -> None:
    aid = article_id(store, "Maiduguri")
    text = store.get_facts(aid).article.text
    assert "<script>alert('dateline')</script>" in text  # the fixture really carries it
    html = client.get(f"/articles/{aid}").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html
    # only our own script tags: the fact index (JSON) and reader.js
    assert re.findall(r"<script[^>]*>", html) == [
        '<script type="application/json" id="fact-index">',
        '<script src="/static/js/reader.js">',
    ]
    bold = article_id(store, "Nairobi")
    page = client.get(f"/articles/{bold}").text
    assert "<b>Thousands</b>" not in page and "&lt;b&gt;Thousands&lt;/b&gt;" in page
    listing = client.get("/").text
    assert "<b>Thousands" not in listing


def test_reader_unknown_and_prefix_ids(client: TestClient, store: Any) -> None:
    html, data = twin(client, "/articles/0000nothere")
    assert html.status_code == 404 and "no article" in data["detail"]
    aid = article_id(store, "Nairobi")
    r = client.get(f"/articles/{aid[:10]}", headers=JSON)
    assert r.status_code == 200 and r.json()["article"]["id"] == aid


def test_events_table_and_filters(client: TestClient, store: Any) -> None:
    html, data = twin(client, "/events")
    all_events = corpus.fused_events(store, with_reports=False)
    assert [e["id"] for e in data["events"]] == [e["id"] for e in all_events]
    for e in all_events:
        assert f'href="/events/{e["id"]}"' in html.text
    _, only = twin(client, "/events?type=assault")
    assert only["events"] and {e["type"] for e in only["events"]} == {"ASSAULT"}
    _, july = twin(client, "/events?date_from=2024-07-01&date_to=2024-07-31")
    assert july["events"] and all(e["date"].startswith("2024-07") for e in july["events"])
    _, place = twin(client, "/events?place=Maiduguri")
    assert {e["place"] for e in place["events"]} == {"Maiduguri"}
    _, none = twin(client, "/events?actor=Nobody%20At%20All")
    assert none["events"] == []
    # pages of two: together they are the whole list, in order, without overlap
    pages, offset = [], 0
    while True:
        html_page, chunk = twin(client, f"/events?limit=2&offset={offset}")
        pages += chunk["events"]
        assert ("Next →" in html_page.text) == chunk["more"]
        if not chunk["more"]:
            break
        offset += 2
    assert [e["id"] for e in pages] == [e["id"] for e in all_events]


def test_events_bad_date_is_a_400(client: TestClient) -> None:
    html, data = twin(client, "/events?date_from=yesterday")
    assert html.status_code == 400 and "date_from" in data["detail"]
    for page in ("/map", "/timeline"):
        assert client.get(f"{page}?date_to=3%2F9%2F2024").status_code == 400


def test_compare_shows_discrepancies_side_by_side(client: TestClient, store: Any) -> None:
    event = assault(store)
    assert event["n_reports"] == 2 and event["discrepancies"]
    html, data = twin(client, f"/events/{event['id']}")
    assert html.status_code == 200
    assert len(data["reports"]) == 2
    assert len(data["matrix"]) == len(event["discrepancies"])
    killed = next(r for r in data["matrix"] if r["field"].startswith("killed"))
    values = sorted(c["value"] for cell in killed["cells"] for c in cell)
    assert values == ["11", "9"]  # the two tolls, each under the report that gives it
    assert all(c["hedge"] for cell in killed["cells"] for c in cell)
    assert "Example Wire" in html.text and "Daily Monitor" in html.text
    assert html.text.count('class="discrepancy"') == len(event["discrepancies"])
    # a prefix works; an unknown id is a 404
    assert client.get(f"/events/{event['id'][:8]}", headers=JSON).json()["id"] == event["id"]
    assert client.get("/events/fe-nothing", headers=JSON).status_code == 404


def test_map_lists_coordinates_and_loads_leaflet_when_vendored(
    client: TestClient, store: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    html, data = twin(client, "/map")
    located = [e for e in corpus.fused_events(store, with_reports=False) if e["lat"] is not None]
    assert {e["id"] for e in data["events"]} == {e["id"] for e in located}
    assert data["without_coordinates"] == len(corpus.fused_events(store)) - len(located)
    assert html.text.count('href="/events/fe-') >= len(located)
    # without the vendored library the page says so and keeps the table
    monkeypatch.setattr(render, "VENDOR", tmp_path / "none")
    bare = client.get("/map").text
    assert "map-missing" in bare and "leaflet.js" not in bare
    assert 'id="coords"' in bare
    # with it, the page loads Leaflet, our converter and the outlines
    for rel in ("leaflet/leaflet.js", "world-atlas/countries-110m.json"):
        (tmp_path / "v" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "v" / rel).write_text("{}")
    monkeypatch.setattr(render, "VENDOR", tmp_path / "v")
    full = client.get("/map").text
    assert "/static/vendor/leaflet/leaflet.js" in full and "/static/js/map.js" in full
    assert 'data-outlines="/static/vendor/world-atlas/countries-110m.json"' in full
    assert "map-missing" not in full


def test_timeline_counts_events_per_day_by_type(client: TestClient, store: Any) -> None:
    html, data = twin(client, "/timeline")
    events = corpus.fused_events(store, with_reports=False)
    assert sum(d["total"] for d in data["days"]) + data["undated"] == len(events)
    day = next(d for d in data["days"] if d["date"] == "2024-09-03")
    assert day["counts"]["ASSAULT"] == 1
    bars = re.findall(r'<rect class="bar"[^>]*data-type="([A-Z]+)" data-date="([\d-]+)"', html.text)
    assert sorted(bars) == sorted((t, d["date"]) for d in data["days"] for t in d["counts"])


def test_chart_layout_stacks_bars() -> None:
    days = charts.per_day(
        [
            {"date": "2024-01-02", "type": "ASSAULT"},
            {"date": "2024-01-02", "type": "PROTEST"},
            {"date": "2024-01-02T10:00", "type": "ASSAULT"},
            {"date": "2024-01-01", "type": "NEWTYPE"},
            {"date": None, "type": "ASSAULT"},
            {"date": "sometime", "type": "ASSAULT"},
        ]
    )
    assert days == [
        {"date": "2024-01-01", "counts": {"NEWTYPE": 1}, "total": 1},
        {"date": "2024-01-02", "counts": {"ASSAULT": 2, "PROTEST": 1}, "total": 3},
    ]
    chart = charts.layout(days)
    second = [b for b in chart["bars"] if b["date"] == "2024-01-02"]
    assert sum(b["h"] for b in second) == pytest.approx(chart["baseline"] - 10, abs=0.5)
    assert charts.layout([])["bars"] == []


def test_actor_list_and_profile(client: TestClient, store: Any) -> None:
    html, data = twin(client, "/actors")
    names = [a["actor"] for a in data["actors"]]
    assert "Boko Haram" in names
    assert 'href="/actors/Boko%20Haram"' in html.text
    page, profile = twin(client, "/actors/Boko%20Haram")
    assert page.status_code == 200
    assert profile["actor"] == "Boko Haram"
    assert profile["as_perpetrator"] or profile["as_target"]
    assert any(a["alias"] == "Boko Haram" for a in profile["aliases"])
    assert "Example Wire" in page.text  # an alias's source
    missing, detail = twin(client, "/actors/Nobody%20At%20All")
    assert missing.status_code == 404 and "Nobody At All" in detail["detail"]


def test_errors_page_escapes_reasons(client: TestClient) -> None:
    html, data = twin(client, "/errors")
    assert [e["source"] for e in data["errors"]] == ["feed/<bad>.html"]
    assert "<script>x</script>" not in html.text
    assert "could not decode &lt;script&gt;x&lt;/script&gt;" in html.text


def test_every_page_links_its_json_twin_and_the_nav(client: TestClient, store: Any) -> None:
    pages = ["/", "/events", "/map", "/timeline", "/quotes", "/actors", "/errors"]
    pages += [f"/articles/{article_id(store, 'Nairobi')}", f"/events/{assault(store)['id']}"]
    for url in pages:
        html = client.get(url).text
        assert "format=json" in html, url
        for href in ("/events", "/map", "/timeline", "/quotes", "/actors", "/errors"):
            assert f'href="{href}"' in html, (url, href)
        assert 'name="viewport"' in html


def test_static_assets_are_served(client: TestClient) -> None:
    for path in ("/static/css/dateline.css", "/static/js/reader.js", "/static/js/map.js"):
        assert client.get(path).status_code == 200, path


# --------------------------------------------------------------------------- vendoring


def _tarball(path: Path, files: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return path


def test_vendor_unpacks_the_files_the_map_needs(tmp_path: Path) -> None:
    files = vendor.PACKAGES["world-atlas@2.0.2"]
    tgz = _tarball(tmp_path / "wa.tgz", {name: name.encode() for name in files})
    dest = tmp_path / "vendor"
    assert "world-atlas@2.0.2" in vendor.missing(dest)
    vendor.unpack(tgz, files, dest)
    assert "world-atlas@2.0.2" not in vendor.missing(dest)
    assert (dest / "world-atlas/countries-110m.json").read_bytes() == b"package/countries-110m.json"
    broken = _tarball(tmp_path / "broken.tgz", {"package/README.md": b"x"})
    with pytest.raises(KeyError):
        vendor.unpack(broken, files, tmp_path / "other")


def test_vendor_without_npm_explains_and_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(vendor.shutil, "which", lambda name: None)
    assert vendor.main(["--dest", str(tmp_path / "v")]) == 0
    assert "npm not found" in capsys.readouterr().out
    assert not (tmp_path / "v").exists()


def test_wants_json_negotiation() -> None:
    from starlette.requests import Request

    def req(query: str = "", accept: str = "") -> Request:
        headers = [(b"accept", accept.encode())] if accept else []
        return Request({"type": "http", "query_string": query.encode(), "headers": headers})

    assert render.wants_json(req("format=json"))
    assert not render.wants_json(req("format=html", "application/json"))
    assert render.wants_json(req(accept="application/json"))
    assert not render.wants_json(
        req(accept="text/html,application/xhtml+xml,application/json;q=0.9")
    )
    assert not render.wants_json(req())


def test_snippet_parts_mark_matches() -> None:
    assert views.snippet_parts("a «b» c") == [
        {"text": "a ", "match": False},
        {"text": "b", "match": True},
        {"text": " c", "match": False},
    ]
    assert views.snippet_parts(None) == []


def test_pages_through_the_api_app(store: Any) -> None:
    """The real app (dateline.api.create_app) includes these pages and serves /static."""
    api = pytest.importorskip("dateline.api.app", reason="the API package is not in this build")
    app = api.create_app(store.target)
    with TestClient(app) as c:
        assert c.get("/").status_code == 200
        aid = article_id(store, "Nairobi")
        r = c.get(f"/articles/{aid}", headers=JSON)
        assert r.status_code == 200 and r.json()["article"]["id"] == aid
        assert c.get("/events?format=json").json()["events"]
        assert c.get("/static/js/reader.js").status_code == 200
        assert c.get("/events?date_from=nope").status_code == 400


def test_impossible_dates_ids_with_wildcards_and_huge_offsets(client: TestClient) -> None:
    for url in (
        "/events?date_to=2024-13-45",
        "/timeline?date_from=2024-02-30",
        "/map?date_to=0000",
    ):
        r = client.get(url, headers=JSON)
        assert r.status_code == 400 and "must be a date" in r.json()["detail"], url
    assert client.get("/events?date_from=2024-02&date_to=2024&format=json").status_code == 200
    for fid in ("%25", "_", "fe-%25"):
        assert client.get(f"/events/{fid}", headers=JSON).status_code == 404, fid
    assert client.get("/?offset=99999999999999999999").status_code == 422


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    path=st.sampled_from(["/", "/events", "/map", "/timeline", "/quotes", "/errors"]),
    name=st.sampled_from(
        ["q", "type", "actor", "place", "date_from", "date_to", "limit", "speaker", "anonymous"]
    ),
    value=st.text(max_size=60),
    item=st.sampled_from(["/articles/", "/events/", "/actors/"]),
    ident=st.text(min_size=1, max_size=40),
)
def test_no_page_answers_500_to_odd_input(
    client: TestClient, path: str, name: str, value: str, item: str, ident: str
) -> None:
    lenient = TestClient(client.app, raise_server_exceptions=False)
    for resp in (
        lenient.get(path, params={name: value}),
        lenient.get(path, params={name: value, "format": "json"}),
        lenient.get(item + quote(ident, safe="")),
    ):
        assert resp.status_code < 500, (path, name, value, item, ident, resp.text[:200])


def test_quotes_page_and_filters(client: TestClient, store: Any) -> None:
    html, data = twin(client, "/quotes")
    assert [(q["article_id"], q["idx"]) for q in data["quotes"]] == [
        (q["article_id"], q["idx"]) for q in store.quotes(limit=100)
    ]
    assert 'id="quotes-table"' in html.text
    _, by = twin(client, "/quotes?speaker=Musa%20Danladi")
    assert by["quotes"] and {q["speaker_canonical"] for q in by["quotes"]} == {"Musa Danladi"}
    _, anon = twin(client, "/quotes?anonymous=true")
    assert anon["quotes"] and all(q["anonymous"] for q in anon["quotes"])
    _, named = twin(client, "/quotes?anonymous=false")
    assert named["quotes"] and not any(q["anonymous"] for q in named["quotes"])
    _, anyone = twin(client, "/quotes?anonymous=&speaker=")  # the form's "any"
    assert len(anyone["quotes"]) == len(data["quotes"])
    _, words = twin(client, "/quotes?q=bodies")
    assert words["quotes"] and all("bodies" in q["text"] for q in words["quotes"])
    hedge = data["quotes"][0]["hedge"]
    _, hedged = twin(client, f"/quotes?hedge={hedge}")
    assert hedged["quotes"] and all(q["hedge"] == hedge for q in hedged["quotes"])
    assert len(hedged["quotes"]) == sum(1 for q in data["quotes"] if q["hedge"] == hedge)
    _, none = twin(client, "/quotes?hedge=no_such_hedge")
    assert none["quotes"] == []
    bad, detail = twin(client, "/quotes?anonymous=maybe")
    assert bad.status_code == 400 and "anonymous" in detail["detail"]
    assert client.get('/quotes?q="open', headers=JSON).status_code == 400


def _fake_npm(tmp_path: Path, body: str) -> str:
    """An executable standing in for npm (no network in tests)."""
    npm = tmp_path / "npm"
    npm.write_text(f"#!{sys.executable}\nimport sys, tarfile, io, pathlib\n{body}\n")
    npm.chmod(0o755)
    return str(npm)


def test_vendor_with_npm_pack_unpacks_each_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {name for spec in vendor.PACKAGES.values() for name in spec}
    npm = _fake_npm(
        tmp_path,
        "args = sys.argv[1:]\n"
        "dest = pathlib.Path(args[args.index('--pack-destination') + 1])\n"
        "spec = args[-1]\n"
        "name = spec.replace('@', '-') + '.tgz'\n"
        "with tarfile.open(dest / name, 'w:gz') as tar:\n"
        f"    for f in {sorted(files)!r}:\n"
        "        data = (spec + ':' + f).encode()\n"
        "        info = tarfile.TarInfo(f); info.size = len(data)\n"
        "        tar.addfile(info, io.BytesIO(data))\n"
        "print(name)",
    )
    monkeypatch.setattr(vendor.shutil, "which", lambda name: npm)
    dest = tmp_path / "vendor"
    assert vendor.main(["--dest", str(dest)]) == 0
    assert vendor.missing(dest) == []
    leaflet = (dest / "leaflet/leaflet.js").read_text()
    assert leaflet == "leaflet@1.9.4:package/dist/leaflet.js"
    assert (dest / "world-atlas/LICENSE").read_text() == "world-atlas@2.0.2:package/LICENSE"


def test_vendor_when_npm_fails_skips_and_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    npm = _fake_npm(tmp_path, "sys.stderr.write('network unreachable'); sys.exit(1)")
    monkeypatch.setattr(vendor.shutil, "which", lambda name: npm)
    assert vendor.main(["--dest", str(tmp_path / "v")]) == 0
    out = capsys.readouterr().out
    assert out.count("failed (network unreachable)") == len(vendor.PACKAGES)
    assert len(vendor.missing(tmp_path / "v")) == len(vendor.PACKAGES)


def test_reader_shows_a_vague_toll_as_its_range(tmp_path: Path) -> None:
    from dateline.model import Casualties
    from dateline.store import open_store
    from test_export import attack_facts

    facts = attack_facts(0)
    facts.events[0].casualties.append(
        Casualties(qualifier="at_least", count_of="injured", range=[24, None], start=0, end=6)
    )
    with open_store(tmp_path / "v.db") as store:
        store.save(facts)
        html = TestClient(make_app(store)).get(f"/articles/{facts.article.id}").text
    assert "24 or more injured" in html
