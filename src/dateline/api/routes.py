"""Read endpoints under /api: thin calls into ``dateline.store`` and ``dateline.corpus``.

Every listing is a page (``items``, ``limit``, ``offset``, ``next_offset``); unknown ids
are 404, ambiguous id prefixes 409, malformed parameters and search queries 422, all in
the one error shape of ``dateline.api.errors``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from dateline import corpus
from dateline.api.compare import comparison
from dateline.api.deps import PagingDep, reading
from dateline.api.errors import ApiError, responses
from dateline.api.schemas import (
    ActorProfile,
    ActorRow,
    ArticleSummary,
    Comparison,
    FusedEvent,
    FusedEventDetail,
    Page,
    QuoteRow,
    SearchResult,
)
from dateline.model import ArticleFacts
from dateline.store import QueryError

router = APIRouter(prefix="/api")

# A day, a month or a year (ISO); [0-9] because \d would also match other scripts' digits.
DATE_PATTERN = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
DateParam = Annotated[
    str | None, Query(pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD.")
]
SearchText = Annotated[str | None, Query(max_length=500, description="Words to look for.")]


def _bad_query(exc: QueryError) -> ApiError:
    return ApiError(
        422,
        f'{exc}. Use plain words or "a phrase".',
        details=[{"loc": ["query", "q"], "message": str(exc), "type": "fts_syntax"}],
    )


# =========================================================================== articles


@router.get(
    "/articles",
    response_model=Page[ArticleSummary],
    tags=["articles"],
    responses=responses(),
)
def list_articles(request: Request, paging: PagingDep) -> dict[str, Any]:
    """Stored articles (no text), newest publication first."""
    with reading(request) as store:
        rows = store.list_articles(limit=paging.limit + 1, offset=paging.offset)
    return paging.page(rows)


@router.get(
    "/articles/{article_id}",
    response_model=ArticleFacts,
    tags=["articles"],
    responses=responses(404, 409),
)
def get_article(
    request: Request,
    article_id: Annotated[str, Path(max_length=128, description="An id or a unique prefix.")],
) -> ArticleFacts:
    """One article with all its facts (the JSON of docs/facts.md)."""
    with reading(request) as store:
        try:
            facts = store.get_facts(article_id)
        except LookupError as exc:
            raise ApiError(409, f"{exc}. Give more characters of the id.") from exc
    if facts is None:
        raise ApiError(404, f"No article with id or prefix {article_id!r}.")
    return facts


# =========================================================================== events


def _date_to(value: str | None) -> str | None:
    """An inclusive upper bound: "2024-03" covers every day of March."""
    if value is None:
        return None
    return {4: value + "-12-31", 7: value + "-31"}.get(len(value), value)


def _haystack(event: dict[str, Any]) -> str:
    parts: list[str] = []
    for value in event.values():
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            parts.extend(v for v in value if isinstance(v, str))
    return " ".join(parts).lower()


@router.get(
    "/events",
    response_model=Page[FusedEvent],
    tags=["events"],
    responses=responses(),
)
def list_events(
    request: Request,
    paging: PagingDep,
    event_type: Annotated[
        str | None, Query(alias="type", max_length=50, description="PLOVER type, e.g. ASSAULT.")
    ] = None,
    actor: Annotated[
        str | None, Query(max_length=200, description="Perpetrator or target.")
    ] = None,
    place: Annotated[str | None, Query(max_length=200, description="Place name (or part).")] = None,
    country: Annotated[
        str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code.")
    ] = None,
    date_from: DateParam = None,
    date_to: DateParam = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Words that must all appear in the event.")
    ] = None,
) -> dict[str, Any]:
    """Fused events (one per real-world event) in date order; filters combine with AND."""
    # q filters the summaries here, so paging is then done here too
    post_filter = bool(q)
    with reading(request) as store:
        rows = corpus.fused_events(
            store,
            actor=actor,
            place=place,
            date_from=date_from,
            date_to=_date_to(date_to),
            type=event_type,
            with_reports=False,
            limit=None if post_filter else paging.limit + 1,
            offset=0 if post_filter else paging.offset,
            country=country,
        )
    if not post_filter:
        return paging.page(rows)
    words = (q or "").lower().split()
    rows = [r for r in rows if all(w in _haystack(r) for w in words)]
    return paging.window(rows)


def _fused(request: Request, event_id: str) -> dict[str, Any]:
    not_found = ApiError(404, f"No fused event {event_id!r}. List them at /api/events.")
    if any(c in event_id for c in "%_\\"):  # get_fused matches prefixes with LIKE
        raise not_found
    with reading(request) as store:
        try:
            event = corpus.get_fused(store, event_id)
        except LookupError as exc:
            raise ApiError(409, f"{exc}. Give more characters of the id.") from exc
    if event is None:
        raise not_found
    return event


EventId = Annotated[
    str, Path(min_length=1, max_length=100, description="Fused event id or prefix.")
]


@router.get(
    "/events/{event_id}",
    response_model=FusedEventDetail,
    tags=["events"],
    responses=responses(404, 409),
)
def get_event(request: Request, event_id: EventId) -> dict[str, Any]:
    """One fused event with its reports and discrepancies."""
    return _fused(request, event_id)


@router.get(
    "/events/{event_id}/compare",
    response_model=Comparison,
    tags=["events"],
    responses=responses(404, 409),
)
def compare_event(request: Request, event_id: EventId) -> dict[str, Any]:
    """A fused event's reports side by side: one row per field, flagged where they differ."""
    event = _fused(request, event_id)
    event["comparison"] = comparison(event)
    return event


# =========================================================================== quotes


@router.get(
    "/quotes",
    response_model=Page[QuoteRow],
    tags=["quotes"],
    responses=responses(),
)
def list_quotes(
    request: Request,
    paging: PagingDep,
    speaker: Annotated[
        str | None, Query(max_length=200, description="Canonical name or the words used.")
    ] = None,
    anonymous: Annotated[bool | None, Query(description="Only (un)named sources.")] = None,
    q: SearchText = None,
    hedge: Annotated[
        list[str] | None,
        Query(
            max_length=40,
            description="Only these hedges (repeat the parameter): asserted, claimed, "
            "denied, stance, ...",
        ),
    ] = None,
) -> dict[str, Any]:
    """Quotes with their speaker and article, newest first."""
    with reading(request) as store:
        try:
            rows = store.quotes(
                speaker=speaker,
                anonymous=anonymous,
                query=q or None,
                hedge=hedge or None,
                limit=paging.limit + 1,
                offset=paging.offset,
            )
        except QueryError as exc:
            raise _bad_query(exc) from exc
    return paging.page(rows)


# =========================================================================== actors


@router.get(
    "/actors",
    response_model=Page[ActorRow],
    tags=["actors"],
    responses=responses(),
)
def list_actors(
    request: Request,
    paging: PagingDep,
    q: Annotated[str | None, Query(max_length=200, description="Part of the name.")] = None,
) -> dict[str, Any]:
    """Actors of fused events, most events first."""
    with reading(request) as store:
        rows = corpus.actor_profile(store)
    assert isinstance(rows, list)
    if q:
        rows = [r for r in rows if q.lower() in r["actor"].lower()]
    return paging.window(rows)


@router.get(
    "/actors/{name}",
    response_model=ActorProfile,
    tags=["actors"],
    responses=responses(404),
)
def get_actor(
    request: Request,
    name: Annotated[str, Path(min_length=1, max_length=200, description="Name or alias.")],
) -> dict[str, Any]:
    """One actor: events as perpetrator or target, quotes by and about it, aliases by source."""
    with reading(request) as store:
        profile = corpus.actor_profile(store, name)
    assert isinstance(profile, dict)
    if not any(profile[k] for k in ("as_perpetrator", "as_target", "quotes_by", "aliases")):
        raise ApiError(404, f"No actor {name!r} in the store. List them at /api/actors.")
    profile["counts"] = dict(profile["counts"])
    return profile


# =========================================================================== search, stats


@router.get(
    "/search",
    response_model=SearchResult,
    tags=["search"],
    responses=responses(),
)
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Full-text query.")],
    limit: Annotated[int, Query(ge=1, le=100, description="Hits of each kind.")] = 20,
) -> dict[str, Any]:
    """Full-text search over articles (title and text) and quotes, best first."""
    if not q.strip():
        raise ApiError(
            422, "Empty query.", details=[{"loc": ["query", "q"], "message": "only spaces"}]
        )
    with reading(request) as store:
        try:
            articles = store.search(q, limit=limit)
            search_quotes = getattr(store, "search_quotes", None)
            quotes = search_quotes(q, limit=limit) if search_quotes else []
        except QueryError as exc:
            raise _bad_query(exc) from exc
    return {"query": q, "articles": articles, "quotes": quotes}


@router.get("/stats", tags=["stats"], response_model=dict[str, Any])
def stats(request: Request) -> dict[str, Any]:
    """Counts of what the store holds, and of the corpus layer (families, fused events)."""
    with reading(request) as store:
        data: dict[str, Any] = dict(store.stats())
        data.update(corpus.corpus_stats(store))
    return data
