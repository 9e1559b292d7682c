"""The timeline chart: events per day by type, as stacked bars laid out for an inline SVG.

Only days that have events get a bar (a corpus can span years; a bar per calendar day
would be mostly empty), so the x axis is the list of days in order.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Fixed colours for the PLOVER types seen most; others cycle through the spare ones.
_COLOURS = {
    "ASSAULT": "#c0392b",
    "COERCE": "#8e44ad",
    "PROTEST": "#2980b9",
    "MOBILIZE": "#16a085",
    "SEIZE": "#d35400",
    "ACCUSE": "#7f8c8d",
    "COMMUNICATE": "#95a5a6",
    "THREATEN": "#f39c12",
}
_SPARE = ("#27ae60", "#2c3e50", "#e84393", "#6c5ce7", "#00b894", "#b33939")

BAR_WIDTH = 26
GAP = 8
HEIGHT = 220
PAD_LEFT = 30
PAD_BOTTOM = 70


def colour(event_type: str, types: list[str]) -> str:
    if event_type in _COLOURS:
        return _COLOURS[event_type]
    spare = [t for t in types if t not in _COLOURS]
    return _SPARE[spare.index(event_type) % len(_SPARE)] if event_type in spare else _SPARE[0]


def per_day(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``[{"date": day, "counts": {type: n}, "total": n}]`` for days with a known date."""
    days: dict[str, Counter[str]] = defaultdict(Counter)
    for e in events:
        m = _DAY.match(str(e.get("date") or ""))
        if m:
            days[m.group(0)][str(e.get("type") or "OTHER")] += 1
    return [
        {"date": d, "counts": dict(sorted(c.items())), "total": sum(c.values())}
        for d, c in sorted(days.items())
    ]


def layout(days: list[dict[str, Any]]) -> dict[str, Any]:
    """Rectangles, labels and legend for the SVG (all numbers in SVG user units)."""
    types = sorted({t for d in days for t in d["counts"]})
    top = max((d["total"] for d in days), default=0)
    plot_h = HEIGHT - PAD_BOTTOM
    unit = (plot_h - 10) / top if top else 0
    bars, labels = [], []
    for i, d in enumerate(days):
        x = PAD_LEFT + i * (BAR_WIDTH + GAP)
        y = plot_h
        for t in types:
            n = d["counts"].get(t, 0)
            if not n:
                continue
            h = n * unit
            y -= h
            bars.append(
                {
                    "x": x,
                    "y": round(y, 1),
                    "w": BAR_WIDTH,
                    "h": round(h, 1),
                    "fill": colour(t, types),
                    "type": t,
                    "n": n,
                    "date": d["date"],
                }
            )
        labels.append({"x": x + BAR_WIDTH / 2, "y": plot_h + 8, "text": d["date"]})
    width = max(320, PAD_LEFT + len(days) * (BAR_WIDTH + GAP) + 10)
    return {
        "width": width,
        "height": HEIGHT,
        "baseline": plot_h,
        "top": top,
        "bars": bars,
        "labels": labels,
        "legend": [{"type": t, "fill": colour(t, types)} for t in types],
    }
