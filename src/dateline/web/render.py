"""One response, two forms: the HTML page, or its JSON twin with the data the page shows.

JSON is chosen by ``?format=json`` or by an ``Accept`` header that asks for JSON and not
HTML (a browser's default Accept lists text/html, so it still gets the page).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
VENDOR = STATIC / "vendor"
templates = Jinja2Templates(directory=str(HERE / "templates"))

NAV = (
    ("/", "Search"),
    ("/events", "Events"),
    ("/map", "Map"),
    ("/timeline", "Timeline"),
    ("/quotes", "Quotes"),
    ("/actors", "Actors"),
    ("/errors", "Errors"),
)


def wants_json(request: Request) -> bool:
    fmt = request.query_params.get("format", "").lower()
    if fmt:
        return fmt == "json"
    accept = request.headers.get("accept", "").lower()
    return "application/json" in accept and "text/html" not in accept


def vendor_available(name: str) -> bool:
    """Whether a vendored library (installed by ``make install``) is present."""
    return {
        "leaflet": (VENDOR / "leaflet" / "leaflet.js").is_file(),
        "world-atlas": (VENDOR / "world-atlas" / "countries-110m.json").is_file(),
    }.get(name, False)


def page(
    request: Request,
    template: str,
    data: dict[str, Any],
    status_code: int = 200,
    **extra: Any,
) -> Response:
    """The page (template with ``data`` and ``extra``), or ``data`` alone as JSON."""
    if wants_json(request):
        return JSONResponse(jsonable_encoder(data), status_code=status_code)
    context = {"data": data, "nav": NAV, **data, **extra}
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def problem(request: Request, status_code: int, message: str) -> Response:
    """An error as a page or as ``{"detail": message}``, with the status code."""
    if wants_json(request):
        return JSONResponse({"detail": message}, status_code=status_code)
    return templates.TemplateResponse(
        request,
        "problem.html",
        {"nav": NAV, "status": status_code, "message": message},
        status_code=status_code,
    )
