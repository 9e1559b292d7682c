"""Across articles: syndication families, fused events, discrepancies, timelines, actors.

Entry point: :func:`update` (incremental; ``dateline fuse`` and ``dateline ingest`` call it).
Queries for the CLI, the API and the exports: :func:`fused_events`, :func:`get_fused`,
:func:`families`, :func:`timeline`, :func:`actor_profile`, :func:`corpus_stats`; manual
corrections: :func:`unlink`, :func:`link`.
"""

from __future__ import annotations

from dateline.corpus.queries import (
    actor_profile,
    corpus_stats,
    families,
    fused_events,
    get_fused,
    timeline,
)
from dateline.corpus.update import CorpusSummary, link, unlink, update, update_from_facts

__all__ = [
    "CorpusSummary",
    "actor_profile",
    "corpus_stats",
    "families",
    "fused_events",
    "get_fused",
    "link",
    "timeline",
    "unlink",
    "update",
    "update_from_facts",
]
