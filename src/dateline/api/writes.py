"""Write endpoints (bearer token required): ingest posted articles, re-fuse, relink reports.

Posting the same article again changes nothing: its id is the hash of its text (and URL),
so it is reported as a duplicate without being analysed again.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from dateline import corpus
from dateline.api.deps import WriteAuth, writing
from dateline.api.errors import ApiError, responses
from dateline.api.posted import read_posted
from dateline.api.schemas import ArticleIn, IngestResult, LinkIn, RelinkResult, UnlinkIn
from dateline.config import SETTINGS
from dateline.model import Article, ArticleFacts, IngestError

router = APIRouter(prefix="/api", dependencies=[WriteAuth])

_TEXT = {"schema": {"type": "string"}}
_ARTICLE = ArticleIn.model_json_schema()
POST_BODY = {
    "requestBody": {
        "required": True,
        "description": "One article as text (headline on the first line) or HTML; several as "
        'JSON Lines; or JSON: one article object, a list of them, or {"articles": [...]}.',
        "content": {
            "text/plain": _TEXT,
            "text/html": _TEXT,
            "application/x-ndjson": _TEXT,
            "application/json": {
                "schema": {"anyOf": [_ARTICLE, {"type": "array", "items": _ARTICLE}]}
            },
        },
    }
}


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it passes ``limit`` bytes."""
    too_large = ApiError(413, f"The body is over {limit} bytes; split it or use `dateline ingest`.")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _analyse(articles: list[Article]) -> list[ArticleFacts | IngestError]:
    """Facts of each article; one that fails is an IngestError, the others go on."""
    from dateline.pipeline import analyze, analyze_many

    try:
        return list(analyze_many(articles))
    except Exception:  # redo one by one so only the bad article fails
        out: list[ArticleFacts | IngestError] = []
        for a in articles:
            try:
                out.append(analyze(a))
            except Exception as exc:
                reason = f"analysis failed: {type(exc).__name__}: {exc}"
                out.append(IngestError(source=a.source or a.id, reason=reason, stage="analyse"))
        return out


def _ingest(request: Request, items: list[Article | IngestError]) -> dict[str, Any]:
    results: list[dict[str, Any]] = []
    todo: list[Article] = []
    seen: set[str] = set()
    with writing(request) as store:
        for item in items:
            if isinstance(item, IngestError):
                store.record_error(item)
                results.append({"status": "failed", "source": item.source, "reason": item.reason})
                continue
            item.source = f"api:{item.id}"
            row = {"status": "duplicate", "id": item.id, "title": item.title, "source": item.source}
            results.append(row)
            if item.id not in seen and not store.has_article(item.id):
                row["status"] = "stored"  # provisional: confirmed by save() below
                todo.append(item)
            seen.add(item.id)
    analysed = _analyse(todo) if todo else []
    stored: list[ArticleFacts] = []
    by_id = {r.get("id"): r for r in results if r["status"] == "stored"}
    summary: dict[str, Any] | None = None
    with writing(request) as store:
        for article, result in zip(todo, analysed, strict=True):
            row = by_id[article.id]
            if isinstance(result, IngestError):
                store.record_error(result)
                row.update(status="failed", reason=result.reason)
            elif store.save(result):
                stored.append(result)
            else:  # stored meanwhile by another request
                row["status"] = "duplicate"
        if stored:
            summary = _fuse_new(store, stored)
    return {
        "stored": sum(r["status"] == "stored" for r in results),
        "duplicates": sum(r["status"] == "duplicate" for r in results),
        "failed": sum(r["status"] == "failed" for r in results),
        "items": results,
        "corpus": summary,
    }


def _fuse_new(store: Any, stored: list[ArticleFacts]) -> dict[str, Any] | None:
    """Incremental corpus update with the new articles (SQLite stores only)."""
    from dateline.corpus.storage import connection

    try:
        conn = connection(store)
    except TypeError:  # a backend the corpus layer cannot use
        return None
    return vars(corpus.update_from_facts(conn, stored))


@router.post(
    "/articles",
    response_model=IngestResult,
    status_code=201,
    tags=["write"],
    openapi_extra=POST_BODY,
    responses={200: {"description": "Nothing new: every article was already stored."}}
    | responses(401, 403, 413, 415),
)
async def post_articles(request: Request, response: Response) -> dict[str, Any]:
    """Analyse and store posted articles (text, HTML, JSON or JSON Lines); idempotent."""
    body = await _read_body(request, SETTINGS.max_bytes)
    items = read_posted(body, request.headers.get("content-type", ""), SETTINGS.max_bytes)
    result = await run_in_threadpool(_ingest, request, items)
    if not result["stored"]:
        response.status_code = 200
    return result


@router.post("/fuse", tags=["write"], responses=responses(401, 403))
def fuse(request: Request) -> dict[str, Any]:
    """Bring syndication families and fused events up to date (incremental)."""
    with writing(request) as store:
        return vars(corpus.update(store))


def _relink(request: Request, fn: str, *args: str) -> dict[str, Any]:
    with writing(request) as store:
        try:
            result: dict[str, Any] = getattr(corpus, fn)(store, *args)
        except KeyError as exc:
            raise ApiError(404, f"Unknown report key or fused event: {exc}.") from exc
    return result


@router.post(
    "/links/unlink",
    response_model=RelinkResult,
    tags=["write"],
    responses=responses(400, 401, 403, 404),
)
def unlink(request: Request, body: UnlinkIn) -> dict[str, Any]:
    """Take one report out of its fused event (a correction by hand; it is remembered)."""
    return _relink(request, "unlink", body.report_key)


@router.post(
    "/links/link",
    response_model=RelinkResult,
    tags=["write"],
    responses=responses(400, 401, 403, 404),
)
def link(request: Request, body: LinkIn) -> dict[str, Any]:
    """Put one report into a given fused event by hand (undoes an unlink)."""
    return _relink(request, "link", body.report_key, body.fused_id)
