"""The web UI's pages: ``router`` is included by ``dateline.api.create_app``.

Each handler reads the store from ``request.app.state.store`` and answers with the page or,
for ``?format=json`` / ``Accept: application/json``, the same data as JSON (see render.py).
Handlers are plain functions: FastAPI runs them in its thread pool, off the event loop.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from dateline import corpus
from dateline.store import QueryError
from dateline.web import charts, views
from dateline.web.render import page, problem, vendor_available

router = APIRouter(include_in_schema=False)

Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000)]  # SQLite integers are 64-bit
Text = Annotated[str | None, Query(max_length=500)]
_FLAGS: dict[str, bool | None] = {"": None, "true": True, "1": True, "false": False, "0": False}


@contextlib.contextmanager
def _reading(request: Request) -> Iterator[Any]:
    """The store, under ``app.state.lock`` when the app has one (dateline.api shares one
    connection between request threads and serialises queries on it)."""
    lock = getattr(request.app.state, "lock", None)
    with lock if lock is not None else contextlib.nullcontext():
        yield request.app.state.store


@router.get("/", name="home")
def home(request: Request, q: Text = None, limit: Limit = 50, offset: Offset = 0) -> Response:
    query = (q or "").strip()
    if not query:
        with _reading(request) as store:
            data = views.home(store, limit, offset)
        return page(request, "home.html", data)
    try:
        with _reading(request) as store:
            data = views.search(store, query, limit)
    except QueryError as exc:
        return problem(request, 400, str(exc))
    return page(request, "search.html", data)


@router.get("/articles/{article_id}", name="article")
def article(request: Request, article_id: str) -> Response:
    try:
        with _reading(request) as store:
            facts = store.get_facts(article_id)
            fused = views.fused_ids(store, facts.article.id) if facts else {}
    except LookupError as exc:
        return problem(request, 400, f"{exc}; give more characters of the id")
    if facts is None:
        return problem(request, 404, f"no article with id {article_id!r}")
    data, extra = views.reader(facts, fused)
    return page(request, "article.html", data, **extra)


def _filters(
    type_: str | None,
    actor: str | None,
    place: str | None,
    date_from: str | None,
    date_to: str | None,
) -> dict[str, Any]:
    return views.event_filters(type_, actor, place, date_from, date_to)


@router.get("/events", name="events")
def events(
    request: Request,
    type: Text = None,  # noqa: A002  (the filter is called type)
    actor: Text = None,
    place: Text = None,
    date_from: Text = None,
    date_to: Text = None,
    limit: Limit = 200,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    try:
        filters = _filters(type, actor, place, date_from, date_to)
    except views.BadRequest as exc:
        return problem(request, 400, str(exc))
    with _reading(request) as store:
        # the corpus query has a limit but no offset: read past the page, keep the page
        rows = views.fused(store, filters, offset + limit + 1)
    data = {
        "filters": filters,
        "events": rows[offset : offset + limit],
        "limit": limit,
        "offset": offset,
        "more": len(rows) > offset + limit,
    }
    return page(request, "events.html", data)


@router.get("/events/{fused_id}", name="compare")
def compare(request: Request, fused_id: str) -> Response:
    if not fused_id.strip() or any(c in fused_id for c in "%_\\"):
        # the corpus looks ids up by prefix with LIKE: wildcards are not part of any id
        return problem(request, 404, f"no fused event with id {fused_id!r}")
    try:
        with _reading(request) as store:
            event = corpus.get_fused(store, fused_id)
    except LookupError as exc:
        return problem(request, 400, f"{exc}; give more characters of the id")
    except TypeError:
        event = None
    if event is None:
        return problem(request, 404, f"no fused event with id {fused_id!r}")
    return page(request, "compare.html", views.compare(event))


@router.get("/map", name="map")
def event_map(
    request: Request,
    type: Text = None,  # noqa: A002
    actor: Text = None,
    place: Text = None,
    date_from: Text = None,
    date_to: Text = None,
    limit: Annotated[int, Query(ge=1, le=50_000)] = 5000,
) -> Response:
    try:
        filters = _filters(type, actor, place, date_from, date_to)
    except views.BadRequest as exc:
        return problem(request, 400, str(exc))
    with _reading(request) as store:
        rows = views.fused(store, filters, limit)
    data = {"filters": filters, **views.map_points(rows)}
    return page(
        request,
        "map.html",
        data,
        has_leaflet=vendor_available("leaflet"),
        has_outlines=vendor_available("world-atlas"),
    )


@router.get("/timeline", name="timeline")
def timeline(
    request: Request,
    type: Text = None,  # noqa: A002
    actor: Text = None,
    place: Text = None,
    date_from: Text = None,
    date_to: Text = None,
) -> Response:
    try:
        filters = _filters(type, actor, place, date_from, date_to)
    except views.BadRequest as exc:
        return problem(request, 400, str(exc))
    with _reading(request) as store:
        rows = views.fused(store, filters)
    data = {"filters": filters, **views.timeline(rows)}
    return page(request, "timeline.html", data, chart=charts.layout(data["days"]))


@router.get("/actors", name="actors")
def actors(request: Request) -> Response:
    try:
        with _reading(request) as store:
            rows = corpus.actor_profile(store)
    except TypeError:
        rows = []
    return page(request, "actors.html", {"actors": rows})


@router.get("/actors/{name:path}", name="actor")
def actor(request: Request, name: str) -> Response:
    name = name.strip()
    if not name or len(name) > 300:
        return problem(request, 400, "give an actor name (at most 300 characters)")
    try:
        with _reading(request) as store:
            profile = corpus.actor_profile(store, name)
    except TypeError:
        return problem(request, 404, "actor profiles need the SQLite store")
    assert isinstance(profile, dict)
    if not any(profile.get(k) for k in ("as_perpetrator", "as_target", "quotes_by", "aliases")):
        return problem(request, 404, f"no actor {name!r} in the store")
    return page(request, "actor.html", profile)


@router.get("/quotes", name="quotes")
def quotes(
    request: Request,
    speaker: Text = None,
    anonymous: Text = None,
    q: Text = None,
    hedge: Text = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    # the form's "any" sends anonymous= (empty), which a bool parameter would refuse
    flag = (anonymous or "").strip().lower()
    if flag not in _FLAGS:
        return problem(request, 400, f"anonymous must be true or false, got {anonymous!r}")
    filters = {
        "speaker": (speaker or "").strip() or None,
        "anonymous": _FLAGS[flag],
        "q": (q or "").strip() or None,
        "hedge": (hedge or "").strip() or None,
    }
    try:
        with _reading(request) as store:
            rows = store.quotes(
                speaker=filters["speaker"],
                anonymous=filters["anonymous"],
                query=filters["q"],
                hedge=filters["hedge"],
                limit=limit,
                offset=offset,
            )
    except QueryError as exc:
        return problem(request, 400, str(exc))
    data = {"filters": filters, "quotes": rows, "limit": limit, "offset": offset}
    return page(request, "quotes.html", data)


@router.get("/errors", name="errors")
def errors(request: Request, limit: Limit = 500) -> Response:
    with _reading(request) as store:
        rows = [e.model_dump(mode="json") for e in store.errors(limit=limit)]
    return page(request, "errors.html", {"errors": rows})
