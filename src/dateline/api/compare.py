"""A fused event's reports side by side: one row per field, one value per report.

The corpus layer already says *which* fields differ (its discrepancies); this only lays
the reports' own values out in rows so a client can draw the comparison table without
knowing the report format. A row ``differs`` exactly when the corpus layer recorded a
discrepancy for that field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dateline.corpus.discrepancies import group_key

_QUALIFIERS = {"exact": "", "at_least": "at least", "over": "over", "about": "about"}


def _casualty(report: dict[str, Any], kind: str, group: str) -> str | None:
    labels = []
    for c in report.get("casualties") or []:
        n = c.get(kind)
        if n is None or group_key(c.get("group")) != group:
            continue
        q = c.get("qualifier") or "exact"
        labels.append(f"{_QUALIFIERS.get(q, q.replace('_', ' '))} {n}".strip())
    return ", ".join(labels) or None


def _names(items: list[Any], key: str) -> str | None:
    names = [i.get(key) if isinstance(i, dict) else str(i) for i in items or []]
    return ", ".join(n for n in names if n) or None


# field name (as the corpus layer names discrepancies) -> value of one report
FIELDS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "date": lambda r: r.get("day"),
    "place": lambda r: r.get("place"),
    "perpetrator": lambda r: _names(r.get("perpetrators") or [], "canonical"),
    "claim": lambda r: _names(r.get("claims") or [], "claimant"),
    "hedge": lambda r: r.get("hedge"),
}


def _casualty_fields(reports: list[dict[str, Any]]) -> list[str]:
    fields: list[str] = []
    for kind in ("killed", "injured"):
        for r in reports:
            for c in r.get("casualties") or []:
                name = f"{kind}:{group_key(c.get('group'))}"
                if c.get(kind) is not None and name not in fields:
                    fields.append(name)
    return fields


def comparison(event: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows ``{field, differs, values: [{report_key, article_id, outlet, published, value}]}``."""
    reports: list[dict[str, Any]] = event.get("reports") or []
    differing = {d.get("field") for d in event.get("discrepancies") or []}
    getters: dict[str, Callable[[dict[str, Any]], Any]] = dict(FIELDS)
    for name in _casualty_fields(reports):
        kind, group = name.split(":", 1)
        getters[name] = lambda r, k=kind, g=group: _casualty(r, k, g)
    rows = []
    for name, get in getters.items():
        values = [
            {
                "report_key": r.get("report_key") or r.get("key") or "",
                "article_id": r.get("article_id"),
                "outlet": r.get("outlet"),
                "published": r.get("published"),
                "value": get(r),
            }
            for r in reports
        ]
        if all(v["value"] is None for v in values):
            continue
        rows.append({"field": name, "differs": name in differing, "values": values})
    return rows
