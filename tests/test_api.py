"""The REST API on real SQLite files: every endpoint, auth, errors, posting articles.

Two stores: ``corpus_db`` holds facts built by hand (tests/corpus_helpers.py), so fused
events and discrepancies are known exactly; ``live`` starts empty and is filled by posting
articles written for these tests through the API, so the whole pipeline runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from corpus_helpers import facts
from dateline import corpus
from dateline.api import create_app
from dateline.store import open_store

TOKEN = "t0k3n-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

KABUL = (
    "A car bomb exploded near a crowded market in central Kabul on Thursday, killing 12 people "
    "and wounding dozens more, police said. No group has claimed responsibility for the attack."
)

# Articles written for these tests, in wire-service style.
TEXT_ARTICLE = """Gunmen Kill Five Soldiers at Checkpoint Near Maiduguri
March 4, 2024 10:15 GMT

Gunmen killed five soldiers at a checkpoint outside the northeastern Nigerian city of Maiduguri on Monday, the army said.

"The attackers came on motorcycles and opened fire before dawn," army spokesman Onyema Nwachukwu told reporters in Abuja.

A local official, who spoke on condition of anonymity, said Boko Haram fighters were behind the attack.
"""

HTML_ARTICLE = """<!doctype html><html><head><title>Flooding displaces thousands</title>
<meta property="article:published_time" content="2024-05-02T08:00:00Z"></head>
<body><article><h1>Floods Force Thousands From Homes in Southern Somalia</h1>
<p>Floods forced more than 20,000 people from their homes along the Juba river in southern
Somalia this week, the United Nations said on Thursday.</p>
<p>"Whole villages are under water," said a spokesman for the UN refugee agency, adding that
aid convoys could not reach the town of Bardhere.</p></article></body></html>"""

JSON_ARTICLE = {
    "title": "Protesters Rally Outside Parliament in Nairobi",
    "text": "Hundreds of protesters rallied outside parliament in Nairobi on Tuesday against "
    "a proposed finance bill, witnesses said.\n\nPolice fired tear gas to disperse the crowd, "
    "and one person was injured, a Red Cross official said.",
    "outlet": "Test Wire",
    "published": "2024-06-18T14:00:00+00:00",
}


def assert_error(resp: Any, status: int) -> dict[str, Any]:
    """Every error has one shape: {"error": {"status", "code", "message", "details"}}."""
    assert resp.status_code == status, resp.text
    err = resp.json()["error"]
    assert err["status"] == status
    assert isinstance(err["code"], str) and err["code"]
    assert isinstance(err["message"], str) and len(err["message"]) > 5
    assert isinstance(err["details"], list)
    return err


# =========================================================================== fixtures


def corpus_facts() -> list[Any]:
    """Three reports of one Kabul bombing (12, 14, at least 15 killed), one in Baghdad, and
    twenty one-off Lagos stories (so some one-character id prefix is ambiguous)."""
    out = [
        facts(
            KABUL,
            outlet="Wire",
            killed=[("people", 12, "exact")],
            quote=("Abdul Rahman", "We heard a huge blast and then screams."),
        ),
        facts(
            KABUL.replace("12 people", "14 people"),
            outlet="Daily Post",
            published="2024-03-08T15:00:00+00:00",
            killed=[("people", 14, "exact")],
        ),
        facts(
            "Officials said at least 15 civilians died when an explosives-laden car blew up "
            "beside a market in the Afghan capital. Islamic State claimed it.",
            outlet="Herald",
            published="2024-03-07T18:00:00+00:00",
            killed=[("civilians", 15, "at_least")],
            perpetrator="Islamic State",
            hedge="claimed",
        ),
        facts(
            "A roadside bomb struck a police patrol in Baghdad, killing two officers.",
            outlet="Wire",
            place="Baghdad",
            day="2024-02-11",
            published="2024-02-11T09:00:00+00:00",
            killed=[("officers", 2, "exact")],
        ),
    ]
    for i in range(20):
        out.append(
            facts(
                f"Story number {i} about a protest in Lagos that ended peacefully.",
                outlet=f"Outlet {i}",
                place="Lagos",
                type="PROTEST",
                mode=None,
                day=f"2023-{1 + i % 12:02d}-{1 + i:02d}",
                published=f"2023-{1 + i % 12:02d}-{1 + i:02d}T12:00:00+00:00",
                title=f"Lagos protest {i}",
            )
        )
    return out


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("api") / "corpus.db")
    with open_store(path) as store:
        for f in corpus_facts():
            assert store.save(f)
        corpus.update(store)
    return path


@pytest.fixture(scope="module")
def client(corpus_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(corpus_db, token=TOKEN)) as c:
        yield c


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Iterator[TestClient]:
    """An empty store filled by posting three articles (text, HTML, JSON)."""
    path = str(tmp_path_factory.mktemp("api") / "live.db")
    with TestClient(create_app(path, token=TOKEN)) as c:
        posts = [
            c.post("/api/articles", content=TEXT_ARTICLE, headers={**AUTH, "Content-Type": "text/plain"}),
            c.post("/api/articles", content=HTML_ARTICLE, headers={**AUTH, "Content-Type": "text/html"}),
            c.post("/api/articles", json=JSON_ARTICLE, headers=AUTH),
        ]  # fmt: skip
        for resp in posts:
            assert resp.status_code == 201, resp.text
            assert resp.json()["stored"] == 1
        c.ids = [r.json()["items"][0]["id"] for r in posts]  # type: ignore[attr-defined]
        yield c


def kabul_event(client: TestClient) -> dict[str, Any]:
    items = client.get("/api/events", params={"place": "Kabul"}).json()["items"]
    assert len(items) == 1
    return items[0]


# =========================================================================== docs


def test_openapi_lists_every_endpoint_and_docs_page(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    for path in (
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/events",
        "/api/events/{event_id}",
        "/api/events/{event_id}/compare",
        "/api/quotes",
        "/api/actors",
        "/api/actors/{name}",
        "/api/search",
        "/api/stats",
        "/api/fuse",
        "/api/links/unlink",
        "/api/links/link",
    ):
        assert path in paths
    post = spec["paths"]["/api/articles"]["post"]
    assert {"text/plain", "text/html", "application/json", "application/x-ndjson"} <= set(
        post["requestBody"]["content"]
    )
    assert post["security"]  # the docs say writes need the bearer token
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


# =========================================================================== articles


def test_articles_are_paged_newest_first(client: TestClient, corpus_db: str) -> None:
    first = client.get("/api/articles", params={"limit": 10}).json()
    assert len(first["items"]) == 10 and first["next_offset"] == 10
    dates = [a["published"] for a in first["items"]]
    assert dates == sorted(dates, reverse=True)
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        page = client.get("/api/articles", params={"limit": 7, "offset": offset}).json()
        seen += [a["id"] for a in page["items"]]
        offset = page["next_offset"]
    assert len(seen) == len(set(seen)) == len(corpus_facts())
    past = client.get("/api/articles", params={"offset": 1000}).json()
    assert past["items"] == [] and past["next_offset"] is None
    with open_store(corpus_db) as store:
        assert [a["id"] for a in first["items"]] == [a["id"] for a in store.list_articles(limit=10)]


def test_article_facts_by_id_and_prefix(client: TestClient, corpus_db: str) -> None:
    wire = corpus_facts()[0]
    full = client.get(f"/api/articles/{wire.article.id}")
    assert full.status_code == 200
    with open_store(corpus_db) as store:
        stored = store.get_facts(wire.article.id)
    assert stored is not None
    assert full.json() == json.loads(stored.model_dump_json())
    assert full.json()["article"]["text"].startswith("Blast\n\n")
    assert client.get(f"/api/articles/{wire.article.id[:12]}").json() == full.json()


def test_unknown_and_ambiguous_article_ids(client: TestClient) -> None:
    assert_error(client.get("/api/articles/" + "0" * 64), 404)
    assert_error(client.get("/api/articles/not-an-id"), 404)
    # 24 articles, 16 hex digits: some one-character prefix is shared by several
    firsts = [f.article.id[0] for f in corpus_facts()]
    shared = next(c for c in firsts if firsts.count(c) > 1)
    err = assert_error(client.get(f"/api/articles/{shared}"), 409)
    assert "prefix" in err["message"]


# =========================================================================== events


def test_events_list_and_filters(client: TestClient) -> None:
    all_events = client.get("/api/events", params={"limit": 500}).json()["items"]
    assert len(all_events) == 22  # one fused Kabul event, Baghdad, twenty Lagos protests
    kabul = kabul_event(client)
    assert kabul["n_reports"] == 3 and kabul["country"] == "AF"
    assert "Islamic State" in kabul["perpetrators"]

    def ids(**params: Any) -> set[str]:
        return {e["id"] for e in client.get("/api/events", params={"limit": 500, **params}).json()["items"]}  # fmt: skip

    assert ids(type="protest") == {e["id"] for e in all_events if e["type"] == "PROTEST"}
    assert len(ids(type="PROTEST")) == 20
    assert ids(country="af") == {kabul["id"]}
    assert ids(actor="islamic state") == {kabul["id"]}
    assert ids(actor="ISLAMIC st") == ids(place="kab") == {kabul["id"]}  # part, any case
    assert ids(actor='Islamic "State') == set()
    assert ids(q="islamic kabul") == {kabul["id"]}
    assert ids(q="no-such-word") == set()
    feb = ids(date_from="2024-02", date_to="2024-02")
    assert len(feb) == 1 and kabul["id"] not in feb
    assert ids(date_from="2024-03-07", date_to="2024-03-07") == {kabul["id"]}
    assert len(ids(date_to="2023")) == 20
    assert ids(date_from="2024-03-02", date_to="2024-03-01") == set()  # an empty range
    # filters combine
    assert ids(type="ASSAULT", country="IQ") == feb


@pytest.mark.parametrize("filters", [{"type": "PROTEST"}, {"q": "protest"}, {"country": "NG"}])
def test_events_paging(client: TestClient, filters: dict[str, str]) -> None:
    """Paged in SQL (type) or after filtering the summaries (q, country): same pages."""
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        page = client.get("/api/events", params={"limit": 5, "offset": offset, **filters}).json()  # fmt: skip
        assert len(page["items"]) <= 5
        seen += [e["id"] for e in page["items"]]
        offset = page["next_offset"]
    assert len(seen) == len(set(seen)) == 20
    dates = [e["date"] for e in client.get("/api/events", params={"limit": 500}).json()["items"]]
    assert dates == sorted(dates)  # date order: a timeline


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "yesterday"},
        {"date_to": "2024-1-1"},
        {"country": "AFG"},
        {"limit": 0},
        {"limit": 501},
        {"limit": "ten"},
        {"offset": -1},
        {"offset": 10**20},
        {"type": "X" * 51},
    ],
)
def test_events_bad_parameters_are_422(client: TestClient, params: dict[str, Any]) -> None:
    err = assert_error(client.get("/api/events", params=params), 422)
    assert err["code"] == "invalid_parameter"
    assert any(name in err["message"] for name in params)


def test_event_detail_and_compare(client: TestClient) -> None:
    kabul = kabul_event(client)
    detail = client.get(f"/api/events/{kabul['id']}").json()
    assert len(detail["reports"]) == 3
    assert {r["outlet"] for r in detail["reports"]} == {"Wire", "Daily Post", "Herald"}
    fields = {d["field"] for d in detail["discrepancies"]}
    assert "killed:people" in fields
    cmp = client.get(f"/api/events/{kabul['id'][:8]}/compare").json()
    assert cmp["id"] == kabul["id"]
    rows = {r["field"]: r for r in cmp["comparison"]}
    killed = rows["killed:people"]
    assert killed["differs"] is True
    by_outlet = {v["outlet"]: v["value"] for v in killed["values"]}
    assert by_outlet == {"Wire": "12", "Daily Post": "14", "Herald": "at least 15"}
    assert rows["place"]["differs"] is False
    assert {v["value"] for v in rows["place"]["values"]} == {"Kabul"}
    perp = {v["outlet"]: v["value"] for v in rows["perpetrator"]["values"]}
    assert perp["Herald"] == "Islamic State" and perp["Wire"] is None
    # every report appears once in every row, keyed as the corpus layer keys it
    keys = {r["report_key"] for r in detail["reports"]}
    assert all({v["report_key"] for v in r["values"]} == keys for r in cmp["comparison"])


def test_unknown_event_is_404(client: TestClient) -> None:
    assert_error(client.get("/api/events/fe-000000000000"), 404)
    assert_error(client.get("/api/events/fe-000000000000/compare"), 404)
    assert_error(client.get("/api/events/fe-/compare"), 409)  # every id starts with fe-


# =========================================================================== quotes, actors


def test_quotes_filters(client: TestClient) -> None:
    items = client.get("/api/quotes").json()["items"]
    assert len(items) == 1
    q = items[0]
    assert q["speaker_canonical"] == "Abdul Rahman" and q["anonymous"] is False
    assert client.get("/api/quotes", params={"speaker": "abdul rahman"}).json()["items"] == items
    assert client.get("/api/quotes", params={"speaker": "Nobody"}).json()["items"] == []
    assert client.get("/api/quotes", params={"anonymous": True}).json()["items"] == []
    assert client.get("/api/quotes", params={"anonymous": False}).json()["items"] == items
    assert client.get("/api/quotes", params={"q": "screams"}).json()["items"] == items
    assert client.get("/api/quotes", params={"q": "whispers"}).json()["items"] == []
    assert_error(client.get("/api/quotes", params={"q": '"unbalanced'}), 422)
    assert_error(client.get("/api/quotes", params={"anonymous": "perhaps"}), 422)
    hedge = q["hedge"]
    assert client.get("/api/quotes", params={"hedge": hedge}).json()["items"] == items
    both = client.get("/api/quotes", params=[("hedge", "denied"), ("hedge", hedge)])
    assert both.json()["items"] == items
    other = "stance" if hedge != "stance" else "denied"
    assert client.get("/api/quotes", params={"hedge": other}).json()["items"] == []


def test_actors_list_and_profile(client: TestClient) -> None:
    rows = client.get("/api/actors", params={"limit": 500}).json()["items"]
    by_name = {r["actor"]: r for r in rows}
    assert by_name["Islamic State"]["as_perpetrator"] == 1
    only = client.get("/api/actors", params={"q": "islamic"}).json()["items"]
    assert [r["actor"] for r in only] == ["Islamic State"]
    profile = client.get("/api/actors/Islamic State").json()
    assert profile["actor"] == "Islamic State"
    assert [e["id"] for e in profile["as_perpetrator"]] == [kabul_event(client)["id"]]
    assert profile["counts"]["events_as_perpetrator"] == 1
    assert_error(client.get("/api/actors/Nobody At All"), 404)


# =========================================================================== search, stats


def test_search_articles_and_quotes(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "screams"}).json()
    assert hits["query"] == "screams"
    assert hits["articles"] == []  # the hand-made quote is not in its article's text
    assert len(hits["quotes"]) == 1 and "«" in hits["quotes"][0]["snippet"]
    market = client.get("/api/search", params={"q": "crowded market"}).json()
    assert {h["id"] for h in market["articles"]} == {f.article.id for f in corpus_facts()[:2]}
    lagos = client.get("/api/search", params={"q": "Lagos protest", "limit": 5}).json()
    assert len(lagos["articles"]) == 5 and lagos["quotes"] == []
    assert client.get("/api/search", params={"q": "zebra"}).json()["articles"] == []


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"q": "(unclosed"}, {"limit": 0}])
def test_search_bad_queries_are_422(client: TestClient, params: dict[str, Any]) -> None:
    assert_error(client.get("/api/search", params=params), 422)


def test_stats(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["articles"] == len(corpus_facts())
    assert stats["quotes"] == 1
    assert stats["fused_events"] == 22
    assert stats["discrepancies"] >= 1


@pytest.mark.parametrize(
    "value",
    ["\u202eRTL\u202c", "🙂" * 50, "\x00", "%", "_", "' OR 1=1 --", "ا" * 200, "\ufeff"],
)
def test_odd_unicode_never_500(client: TestClient, value: str) -> None:
    for path, key in (
        ("/api/events", "q"),
        ("/api/events", "actor"),
        ("/api/events", "place"),
        ("/api/quotes", "speaker"),
        ("/api/quotes", "q"),
        ("/api/actors", "q"),
        ("/api/search", "q"),
    ):
        resp = client.get(path, params={key: value})
        assert resp.status_code in (200, 422), (path, key, resp.text)
        if resp.status_code == 200 and path != "/api/search":
            assert resp.json()["items"] == []
    for path in ("/api/articles/", "/api/events/", "/api/actors/"):
        resp = client.get(path + quote(value, safe=""))
        assert resp.status_code in (404, 422), (path, resp.text)


def test_unknown_path_and_method(client: TestClient) -> None:
    assert_error(client.get("/api/nothing-here"), 404)
    resp = client.delete("/api/articles")
    err = assert_error(resp, 405)
    assert err["code"] == "method_not_allowed"
    assert set(resp.headers["allow"].split(", ")) >= {"GET", "POST"}  # both routes of the path
    assert "GET" in client.put("/api/stats").headers["allow"]


# =========================================================================== auth


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/api/articles", {"text": "Something happened somewhere today, police said."}),
        ("post", "/api/fuse", None),
        ("post", "/api/links/unlink", {"report_key": "x:y"}),
        ("post", "/api/links/link", {"report_key": "x:y", "fused_id": "fe-1"}),
    ],
)
def test_writes_need_the_token(
    corpus_db: str, client: TestClient, method: str, path: str, body: Any
) -> None:
    before = client.get("/api/stats").json()
    with TestClient(create_app(corpus_db)) as read_only:
        err = assert_error(read_only.request(method, path, json=body, headers=AUTH), 403)
        assert "read-only" in err["message"]
        assert read_only.get("/api/stats").status_code == 200  # reads stay open
    missing = client.request(method, path, json=body)
    assert_error(missing, 401)
    assert missing.headers["www-authenticate"] == "Bearer"
    assert_error(client.request(method, path, json=body, headers={"Authorization": "Bearer nope"}), 401)  # fmt: skip
    assert_error(client.request(method, path, json=body, headers={"Authorization": TOKEN}), 401)
    assert client.get("/api/stats").json() == before  # nothing was written


def test_fuse_with_token_changes_nothing_when_up_to_date(client: TestClient) -> None:
    resp = client.post("/api/fuse", headers=AUTH)
    assert resp.status_code == 200
    assert resp.json()["new_articles"] == 0


def test_unlink_and_link_back(corpus_db: str, tmp_path: Path) -> None:
    path = tmp_path / "relink.db"
    path.write_bytes(Path(corpus_db).read_bytes())
    with TestClient(create_app(str(path), token=TOKEN)) as c:
        kabul = kabul_event(c)
        report = c.get(f"/api/events/{kabul['id']}").json()["reports"][0]["report_key"]
        out = c.post("/api/links/unlink", json={"report_key": report}, headers=AUTH)
        assert out.status_code == 200, out.text
        moved = out.json()
        assert moved["from"] == kabul["id"] and moved["fused_id"] != kabul["id"]
        assert c.get(f"/api/events/{kabul['id']}").json()["n_reports"] == 2
        back = c.post(
            "/api/links/link", json={"report_key": report, "fused_id": kabul["id"]}, headers=AUTH
        )
        assert back.status_code == 200 and back.json()["fused_id"] == kabul["id"]
        assert c.get(f"/api/events/{kabul['id']}").json()["n_reports"] == 3
        assert_error(c.post("/api/links/unlink", json={"report_key": "no:such"}, headers=AUTH), 404)  # fmt: skip
        assert_error(c.post("/api/links/link", json={"report_key": report}, headers=AUTH), 422)
        assert_error(c.post("/api/links/unlink", json={}, headers=AUTH), 422)


# =========================================================================== posting articles


def test_posted_articles_are_analysed_and_served(live: TestClient) -> None:
    ids = live.ids  # type: ignore[attr-defined]
    assert len(set(ids)) == 3
    listed = {a["id"] for a in live.get("/api/articles").json()["items"]}
    assert listed == set(ids)
    text_facts = live.get(f"/api/articles/{ids[0]}").json()
    assert text_facts["article"]["title"].startswith("Gunmen Kill Five Soldiers")
    assert text_facts["article"]["published"].startswith("2024-03-04")
    assert text_facts["article"]["source"] == f"api:{ids[0]}"
    assert text_facts["entities"] and text_facts["quotes"]  # the pipeline ran
    html_facts = live.get(f"/api/articles/{ids[1]}").json()
    assert "Juba river" in html_facts["article"]["text"]
    assert html_facts["article"]["published"].startswith("2024-05-02")
    json_facts = live.get(f"/api/articles/{ids[2]}").json()
    assert json_facts["article"]["outlet"] == "Test Wire"
    assert live.get("/api/search", params={"q": "Maiduguri"}).json()["articles"][0]["id"] == ids[0]
    quotes = live.get("/api/quotes", params={"limit": 500}).json()["items"]
    assert any("motorcycles" in q["text"] for q in quotes)
    stats = live.get("/api/stats").json()
    assert stats["articles"] == 3 and stats["corpus_articles"] == 3  # the corpus was updated


def test_posting_the_same_article_again_changes_nothing(live: TestClient) -> None:
    before = live.get("/api/stats").json()
    for _ in range(2):
        again = live.post(
            "/api/articles", content=TEXT_ARTICLE, headers={**AUTH, "Content-Type": "text/plain"}
        )
        assert again.status_code == 200, again.text
        body = again.json()
        assert body["stored"] == 0 and body["duplicates"] == 1 and body["corpus"] is None
        assert body["items"][0]["id"] == live.ids[0]  # type: ignore[attr-defined]
    # the same article twice in one request is stored once
    twice = live.post("/api/articles", json=[JSON_ARTICLE, JSON_ARTICLE], headers=AUTH).json()
    assert twice["stored"] == 0 and twice["duplicates"] == 2
    after = live.get("/api/stats").json()
    assert {k: v for k, v in after.items() if k != "db_bytes"} == {
        k: v for k, v in before.items() if k != "db_bytes"
    }


def test_jsonl_post_with_a_bad_line(live: TestClient) -> None:
    good = {
        "title": "Ceasefire Talks Resume in Doha",
        "text": "Negotiators resumed ceasefire talks in Doha on Sunday, two officials said.",
        "published": "2024-07-07",
    }
    body = "\n".join([json.dumps(good), '{"title": "no text here"}', "not json at all"])
    resp = live.post(
        "/api/articles", content=body, headers={**AUTH, "Content-Type": "application/x-ndjson"}
    )
    assert resp.status_code == 201, resp.text
    out = resp.json()
    assert (out["stored"], out["duplicates"], out["failed"]) == (1, 0, 2)
    failed = [i for i in out["items"] if i["status"] == "failed"]
    assert {f["source"] for f in failed} == {"api#line=2", "api#line=3"}
    assert all(f["reason"].startswith("bad JSONL line") for f in failed)
    assert live.get("/api/stats").json()["errors"] >= 2  # recorded, as `dateline ingest` does


@pytest.mark.parametrize(
    ("content", "ctype", "status"),
    [
        (b"", "text/plain", 422),
        (b"   \n  ", "text/plain", 422),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "image/png", 415),
        (b"{not json", "application/json", 200),
        (b"[1, 2]", "application/json", 200),
        (b'{"title": "only a title"}', "application/json", 200),
        (b"\x00\x01\x02\x03binary\x00", "application/octet-stream", 200),
    ],
)
def test_bad_bodies(live: TestClient, content: bytes, ctype: str, status: int) -> None:
    resp = live.post("/api/articles", content=content, headers={**AUTH, "Content-Type": ctype})
    if status != 200:
        assert_error(resp, status)
        return
    assert resp.status_code == 200, resp.text  # nothing stored; each failure said why
    out = resp.json()
    assert out["stored"] == 0 and out["failed"] >= 1
    assert all(i["status"] == "failed" and i["reason"] for i in out["items"])


def test_too_large_body_is_413(live: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from dateline.api import writes
    from dateline.config import Settings

    monkeypatch.setattr(writes, "SETTINGS", Settings(max_bytes=1000))
    big = "Headline\n\n" + "A sentence about a protest in the capital. " * 100
    resp = live.post("/api/articles", content=big, headers={**AUTH, "Content-Type": "text/plain"})
    assert_error(resp, 413)


def test_odd_unicode_article_is_stored(live: TestClient) -> None:
    text = (
        "Ünïcödé Héadline — «Test» 🙂\n\n"
        "Officials in Zürich said on Friday that the \u202eRTL\u202c mark and the emoji 🙂 "
        "must survive storage, a spokeswoman said.\n\nA second paragraph with ا العربية."
    )
    resp = live.post("/api/articles", content=text.encode(), headers={**AUTH, "Content-Type": "text/plain; charset=utf-8"})  # fmt: skip
    assert resp.status_code == 201, resp.text
    got = live.get(f"/api/articles/{resp.json()['items'][0]['id']}").json()
    assert "🙂" in got["article"]["text"] and "العربية" in got["article"]["text"]


# =========================================================================== web UI hook


def test_web_router_and_static_are_included(
    corpus_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys
    import types

    from fastapi import APIRouter
    from fastapi.responses import HTMLResponse

    router = APIRouter()

    @router.get("/", response_class=HTMLResponse)
    def home() -> str:
        return "<h1>home</h1>"

    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "site.css").write_text("body { margin: 0 }")
    fake = types.ModuleType("dateline.web.routes")
    fake.router = router  # type: ignore[attr-defined]
    fake.__file__ = str(tmp_path / "routes.py")
    monkeypatch.setitem(sys.modules, "dateline.web.routes", fake)
    with TestClient(create_app(corpus_db)) as c:
        assert c.app.state.web is True  # type: ignore[attr-defined]
        assert c.get("/").text == "<h1>home</h1>"
        assert c.get("/static/site.css").text == "body { margin: 0 }"
        assert c.get("/api/stats").status_code == 200
