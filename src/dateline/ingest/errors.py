"""The error type readers raise, and the IngestError record the caller gets."""

from __future__ import annotations

from datetime import UTC, datetime

from dateline.model import IngestError


class ReadError(ValueError):
    """An article that cannot be read: the message is the recorded reason."""


def ingest_error(source: str, reason: str) -> IngestError:
    return IngestError(source=source, reason=reason, stage="read", time=datetime.now(UTC))
