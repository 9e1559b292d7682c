"""The FastAPI application: the JSON API under /api, plus the web UI when it is installed.

``create_app(db, token)`` opens the store once and puts it on ``app.state.store`` (with
``app.state.lock`` to hold around queries, see ``dateline.api.deps``) and the write token
on ``app.state.token``. The pages of ``dateline.web.routes.router`` (if that module exists)
are included at their own, non-/api paths, and ``dateline/web/static`` is served at /static.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from dateline import __version__
from dateline.api import errors, routes, writes
from dateline.store import open_store

log = logging.getLogger("dateline.api")

WEB_PACKAGE = "dateline.web"

DESCRIPTION = """\
The facts Dateline extracted from news articles: articles with their facts (docs/facts.md),
fused events with the reports they come from and where those reports differ, quotes with
their speakers, actors, and full-text search.

Reads are open. Writes (posting articles, re-fusing, relinking reports) need
`Authorization: Bearer <token>` with the token the server was started with; a server
started without one is read-only. Errors are always `{"error": {"status", "code",
"message", "details"}}`.
"""


def _include_web(app: FastAPI) -> bool:
    """Add the web UI's pages and static files, when that package provides them."""
    try:
        web_routes = importlib.import_module(f"{WEB_PACKAGE}.routes")
    except ModuleNotFoundError as exc:
        if exc.name in (WEB_PACKAGE, f"{WEB_PACKAGE}.routes"):
            return False  # no web UI in this build: the API alone
        log.exception("the web UI could not be loaded; serving the API only")
        return False
    except Exception:  # a broken web UI must not take the API down with it
        log.exception("the web UI could not be loaded; serving the API only")
        return False
    router = getattr(web_routes, "router", None)
    if not isinstance(router, APIRouter):
        return False
    app.include_router(router)
    static = Path(web_routes.__file__).parent / "static"
    if static.is_dir():
        app.mount("/static", StaticFiles(directory=static), name="static")
    return True


def create_app(db: str, token: str | None = None) -> FastAPI:
    """The API (and web UI) over the store at ``db``; writes need ``token`` (None: read-only)."""
    store = open_store(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # A server may run several startup/shutdown cycles (test clients do): reopen.
        if app.state.store is None:
            app.state.store = open_store(db)
        yield
        with app.state.lock, app.state.write_lock:
            for name in ("store", "write_store"):
                opened = getattr(app.state, name, None)
                if opened is not None:
                    opened.close()
                    setattr(app.state, name, None)

    app = FastAPI(
        title="Dateline",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.store = store
    app.state.lock = threading.Lock()
    app.state.write_store = None
    app.state.write_lock = threading.Lock()
    app.state.token = token or None
    errors.install(app)
    app.include_router(routes.router)
    app.include_router(writes.router)
    app.state.web = _include_web(app)
    return app
