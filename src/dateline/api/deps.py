"""What the routes share: the store (behind a lock), the write store, auth and paging.

The store on ``app.state.store`` is one connection used by every request thread: requests
take ``app.state.lock`` around their queries, because the corpus layer runs DDL scripts on
that connection and a script in one thread must not interleave with a query in another.
Writes go through a second connection (``write_store``) under ``app.state.write_lock``, so
one writer at a time and readers never see a half-written article.
"""

from __future__ import annotations

import contextlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from dateline.api.errors import ApiError
from dateline.store import Store, open_store

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000  # SQLite integers are 64-bit; anything past this is a typo

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="The token the server was started with (--token or DATELINE_TOKEN).",
)


@contextlib.contextmanager
def reading(request: Request) -> Iterator[Store]:
    """The shared store, held for the duration of the ``with`` block."""
    with request.app.state.lock:
        yield request.app.state.store


@contextlib.contextmanager
def writing(request: Request) -> Iterator[Store]:
    """The write connection (opened on first use), one writer at a time."""
    state = request.app.state
    with state.write_lock:
        if getattr(state, "write_store", None) is None:
            state.write_store = open_store(state.db)
        yield state.write_store


def require_token(
    request: Request,
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> None:
    """Writes need ``Authorization: Bearer <token>``; without a configured token, none pass."""
    token: str | None = request.app.state.token
    if not token:
        raise ApiError(
            403,
            "This server is read-only: start it with --token (or DATELINE_TOKEN) to allow writes.",
        )
    challenge = {"WWW-Authenticate": "Bearer"}
    if creds is None or creds.scheme.lower() != "bearer":
        raise ApiError(401, "Send the header `Authorization: Bearer <token>`.", headers=challenge)
    if not hmac.compare_digest(creds.credentials.encode(), token.encode()):
        raise ApiError(401, "Wrong token.", headers=challenge)


WriteAuth = Depends(require_token)


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int

    def page(self, rows: list[Any]) -> dict[str, Any]:
        """A page from up to ``limit + 1`` rows (the extra one says there is a next page)."""
        more = len(rows) > self.limit
        return {
            "items": rows[: self.limit],
            "limit": self.limit,
            "offset": self.offset,
            "next_offset": self.offset + self.limit if more else None,
        }

    def window(self, rows: list[Any]) -> dict[str, Any]:
        """A page cut from a full list."""
        return self.page(rows[self.offset : self.offset + self.limit + 1])


def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page.")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")] = 0,
) -> Paging:
    return Paging(limit, offset)


PagingDep = Annotated[Paging, Depends(paging)]
