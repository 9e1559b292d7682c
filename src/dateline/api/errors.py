"""One JSON shape for every error: ``{"error": {"status", "code", "message", "details"}}``.

FastAPI's own 422 body and Starlette's 404/405 are rewritten into it, and anything
unexpected becomes a 500 in the same shape (logged, never a traceback to the client).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from dateline.api.schemas import ErrorBody

log = logging.getLogger("dateline.api")

# Short machine codes by status; the message says what to do.
CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_parameter",
    500: "internal_error",
}


class ApiError(Exception):
    """Raise from a handler to answer with an error in the API's shape."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details or []
        self.headers = headers


def error_response(
    status: int,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    code = CODES.get(status) or HTTPStatus(status).phrase.lower().replace(" ", "_")
    body = {"error": {"status": status, "code": code, "message": message, "details": details or []}}
    return JSONResponse(body, status_code=status, headers=headers)


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        loc = [x if isinstance(x, int) else str(x) for x in err.get("loc", ())]
        out.append({"loc": loc, "message": str(err.get("msg", "")), "type": err.get("type")})
    return out


def _validation_message(details: list[dict[str, Any]]) -> str:
    parts = []
    for d in details[:3]:
        where = ".".join(str(x) for x in d["loc"][1:]) or ".".join(str(x) for x in d["loc"])
        parts.append(f"{where}: {d['message']}" if where else d["message"])
    more = f" (and {len(details) - 3} more)" if len(details) > 3 else ""
    return "Bad parameters: " + "; ".join(parts) + more


async def _on_api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.message, exc.details, exc.headers)


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = _validation_details(exc)
    return error_response(422, _validation_message(details), details)


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    headers = getattr(exc, "headers", None)
    if exc.status_code == 404 and message == "Not Found":
        message = f"No such endpoint: {request.url.path}. See /docs for the API."
    if exc.status_code == 405:
        allowed = _allowed_methods(request)
        headers = {**(headers or {}), "Allow": ", ".join(allowed)}
        message = f"{request.method} is not allowed here; use {' or '.join(allowed)}."
    return error_response(exc.status_code, message, headers=headers)


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route answers on this path (Starlette names only the first
    route's). Probed through the router's own matching, so included routers count too."""
    allowed = []
    for method in _METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


async def _on_crash(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return error_response(500, f"Internal error ({type(exc).__name__}); it has been logged.")


def install(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(Exception, _on_crash)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the error statuses a route can return (422 always)."""
    described = {
        400: "A request body that cannot be parsed (not JSON, not UTF-8).",
        401: "No or wrong bearer token.",
        403: "The server is read-only (no token configured).",
        404: "Not found.",
        409: "An id prefix that matches several records.",
        413: "The request body is too large.",
        415: "A content type the endpoint cannot read.",
        422: "Bad parameters.",
    }
    return {
        s: {"model": ErrorBody, "description": described.get(s, HTTPStatus(s).phrase)}
        for s in sorted({*statuses, 422})
    }
