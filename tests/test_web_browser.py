"""The web UI in a real browser: Playwright driving Debian's chromium against a live server.

Skipped (with the reason) when /usr/bin/chromium or playwright is missing; CI installs
chromium with apt-get (.ci/run). Screenshots go to $DATELINE_ARTIFACTS when set, else to a
pytest temp folder (its path is printed).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path(os.environ.get("DATELINE_CHROMIUM", "/usr/bin/chromium"))
try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - playwright is a test dependency
    sync_playwright = None  # type: ignore[assignment]

if sync_playwright is None:
    pytest.skip("playwright is not installed", allow_module_level=True)
if not CHROMIUM.exists() and not shutil.which("chromium"):
    pytest.skip(
        f"no chromium at {CHROMIUM}: install Debian's with `apt-get install -y chromium`",
        allow_module_level=True,
    )

from dateline import corpus  # noqa: E402
from dateline.web import render  # noqa: E402
from test_web import article_id, assault, build_store, make_app  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    s = build_store(tmp_path_factory.mktemp("webui") / "web.db")
    yield s
    s.close()


@contextlib.contextmanager
def serving(store: Any) -> Iterator[str]:
    """A live uvicorn server of the UI over ``store`` on a free loopback port."""
    import uvicorn

    port = _free_port()
    config = uvicorn.Config(make_app(store), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(store: Any) -> Iterator[str]:
    with serving(store) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    exe = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")
    with sync_playwright() as p:
        # --no-sandbox: CI containers run as root, where chromium's sandbox refuses to start
        b = p.chromium.launch(executable_path=exe, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    env = os.environ.get("DATELINE_ARTIFACTS")
    folder = Path(env) / "screenshots" if env else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"screenshots in {folder}")
    return folder


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def test_reader_click_a_highlight_shows_the_fact(
    page: Page, server: str, store: Any, shots: Path
) -> None:
    aid = article_id(store, "Maiduguri")
    facts = store.get_facts(aid)
    qi = next(i for i, q in enumerate(facts.quotes) if q.speaker.canonical == "Musa Danladi")
    page.goto(f"{server}/articles/{aid}")
    panel = page.locator("#fact-detail")
    assert "Click a highlight" in panel.inner_text()
    quote = page.locator(f'#article-text .hl.k-quote[data-facts~="quote:{qi}"]').first
    quote.hover()
    assert "speaker: Musa Danladi" in (quote.get_attribute("title") or "")
    quote.click()
    text = panel.inner_text()
    assert "by Musa Danladi" in text and facts.quotes[qi].text[:30] in text
    # the quote's other highlighted pieces light up too
    assert page.locator(f'#article-text .hl.active[data-facts~="quote:{qi}"]').count() >= 1
    page.screenshot(path=str(shots / "reader-quote.png"), full_page=True)

    # a place: its coordinates in the panel
    pi = next(i for i, p in enumerate(facts.places) if p.lat is not None)
    page.locator(f'#article-text .hl[data-facts~="place:{pi}"]').first.click()
    assert f"{facts.places[pi].lat}" in panel.inner_text()
    # the script-looking text stayed text: no alert, and it is visible as written
    assert "<script>alert('dateline')</script>" in page.locator("#article-text").inner_text()


def test_reader_legend_toggles_a_layer(page: Page, server: str, store: Any) -> None:
    page.goto(f"{server}/articles/{article_id(store, 'Maiduguri')}")
    page.locator('#legend input[data-kind="quote"]').uncheck()
    assert "off-quote" in (page.locator("#article-text").get_attribute("class") or "")
    page.locator('#legend input[data-kind="quote"]').check()
    assert "off-quote" not in (page.locator("#article-text").get_attribute("class") or "")


def test_every_page_fits_a_phone_screen(
    browser: Browser, server: str, store: Any, shots: Path
) -> None:
    pages = {
        "home": "/",
        "reader": f"/articles/{article_id(store, 'Maiduguri')}",
        "events": "/events",
        "compare": f"/events/{assault(store)['id']}",
        "map": "/map",
        "timeline": "/timeline",
        "quotes": "/quotes",
        "actor": "/actors/Boko%20Haram",
        "errors": "/errors",
    }
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    pg = context.new_page()
    overflow = {}
    for name, url in pages.items():
        pg.goto(f"{server}{url}")
        # wide tables and the chart scroll inside their own boxes, never the page
        overflow[name] = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        pg.screenshot(path=str(shots / f"phone-{name}.png"), full_page=True)
    context.close()
    assert all(v <= 1 for v in overflow.values()), overflow


def test_events_filter_in_the_form(page: Page, server: str, shots: Path) -> None:
    page.goto(f"{server}/events")
    page.fill('form.filters input[name="type"]', "ASSAULT")
    page.click('form.filters button[type="submit"]')
    page.wait_for_url("**/events?type=ASSAULT**")
    types = page.locator("#events-table tbody tr").evaluate_all(
        "rows => rows.map(r => r.getAttribute('data-type'))"
    )
    assert types and set(types) == {"ASSAULT"}
    page.screenshot(path=str(shots / "events-assault.png"), full_page=True)


@pytest.mark.skipif(
    not render.vendor_available("leaflet"),
    reason="Leaflet is not vendored (run `make install` with npm) - the map draws nothing",
)
def test_map_shows_a_marker_per_located_event(
    page: Page, server: str, store: Any, shots: Path
) -> None:
    located = [e for e in corpus.fused_events(store, with_reports=False) if e["lat"] is not None]
    page.goto(f"{server}/map")
    page.wait_for_selector("#map[data-ready='1']")
    markers = page.locator("path.event-marker")
    markers.first.wait_for()
    assert markers.count() == len(located)
    if render.vendor_available("world-atlas"):
        page.wait_for_selector("#map[data-outlines-ready='1']")
        assert page.locator(".leaflet-overlay-pane path").count() > 100  # countries + markers
    markers.last.click(force=True)  # co-located markers overlap; any of them opens a popup
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "report" in popup.inner_text()
    page.screenshot(path=str(shots / "map.png"), full_page=True)


def test_map_without_vendor_lists_coordinates(
    page: Page, server: str, store: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(render, "VENDOR", tmp_path / "absent")
    page.goto(f"{server}/map")
    assert page.locator(".map-missing").is_visible()
    located = [e for e in corpus.fused_events(store, with_reports=False) if e["lat"] is not None]
    assert page.locator("#coords tbody tr").count() == len(located)


def test_compare_and_timeline_pages(page: Page, server: str, store: Any, shots: Path) -> None:
    event = assault(store)
    page.goto(f"{server}/events/{event['id']}")
    assert page.locator("#discrepancies tr.discrepancy").count() == len(event["discrepancies"])
    assert page.locator("section.report").count() == event["n_reports"]
    page.screenshot(path=str(shots / "compare.png"), full_page=True)
    page.goto(f"{server}/timeline")
    assert page.locator("#timeline-chart rect.bar").count() >= 1
    page.screenshot(path=str(shots / "timeline.png"), full_page=True)


def test_topojson_converter_decodes_and_unwraps_the_antimeridian(page: Page, server: str) -> None:
    page.goto(f"{server}/errors")
    page.add_script_tag(url=f"{server}/static/js/topojson.js")
    result = page.evaluate(
        """() => {
        const topo = {
          type: "Topology",
          transform: {scale: [1, 1], translate: [0, 0]},
          // arc 0 quantized and delta-encoded: (170,0) (190->-170 wraps) ...
          arcs: [[[170, 0], [-340, 0], [0, 10], [340, 0], [0, -10]], [[0, 0], [1, 0], [0, 1]]],
          objects: {countries: {type: "GeometryCollection", geometries: [
            {type: "Polygon", arcs: [[0]], properties: {name: "Wrap"}},
            {type: "MultiPolygon", arcs: [[[1]], [[~1]]], properties: {name: "Two"}}
          ]}}
        };
        return window.datelineTopo.features(topo, "countries");
      }"""
    )
    wrap, two = result["features"]
    assert wrap["properties"]["name"] == "Wrap"
    assert wrap["geometry"]["coordinates"] == [[[170, 0], [190, 0], [190, 10], [170, 10], [170, 0]]]
    assert two["geometry"]["type"] == "MultiPolygon"
    first, second = two["geometry"]["coordinates"]
    assert first == [[[0, 0], [1, 0], [1, 1], [0, 0]]]  # closed
    assert second == [[[1, 1], [1, 0], [0, 0], [1, 1]]]  # ~1: the arc reversed


def test_every_example_article_in_the_reader(
    page: Page, tmp_path_factory: pytest.TempPathFactory, shots: Path
) -> None:
    """The examples/ articles (HTML, JSONL, embeds, footnotes) open and their highlights click."""
    from dateline.batch import ingest
    from dateline.store import open_store

    examples = Path(__file__).resolve().parent.parent / "examples"
    store = open_store(tmp_path_factory.mktemp("examples") / "examples.db")
    try:
        assert ingest([str(examples)], store, progress=False).stored >= 10
        corpus.update(store)
        with serving(store) as url:
            for row in store.list_articles(limit=100):
                page.goto(f"{url}/articles/{row['id']}")
                highlights = page.locator("#article-text .hl")
                assert highlights.count() > 0, row["title"]
                highlights.first.click()
                assert page.locator("#fact-detail .fact").count() >= 1, row["title"]
                text = store.get_facts(row["id"]).article.text
                shown = page.locator("#article-text").inner_text()
                assert shown.split() == text.split(), row["title"]  # all of it, as written
            page.goto(f"{url}/events/{corpus.fused_events(store)[0]['id']}")
            page.screenshot(path=str(shots / "examples-compare.png"), full_page=True)
    finally:
        store.close()
