"""The REST API over the store (FastAPI): ``create_app(db, token)``; ``dateline serve`` runs it."""

from dateline.api.app import create_app

__all__ = ["create_app"]
