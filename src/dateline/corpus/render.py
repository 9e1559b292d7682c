"""Rich renderings of corpus results for the CLI (JSON output needs none of this)."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text


def _s(v: Any) -> str:
    return escape("" if v is None else str(v))


def summary(s: Any) -> RenderableType:
    d = s if isinstance(s, dict) else s.__dict__
    return Text(
        f"{d['new_articles']} new articles → {d['articles']} in {d['families']} story families "
        f"({d['syndicated']} syndicated copies); {d['new_reports']} new reports → "
        f"{d['fused_events']} fused events ({d['comparisons']} comparisons, {d['seconds']} s)"
    )


def events_table(events: list[dict[str, Any]], title: str = "Fused events") -> RenderableType:
    if not events:
        return Text("No fused events. Run `dateline fuse` after `dateline ingest`.")
    t = Table(title=f"{title} ({len(events)})", title_justify="left", expand=True)
    for col in ("id", "date", "type", "place", "perpetrators", "reports", "discrepancies"):
        t.add_column(col, overflow="fold")
    for e in events:
        t.add_row(
            _s(e["id"]),
            _s(e.get("date")),
            _s(" / ".join(x for x in (e.get("type"), e.get("mode")) if x)),
            _s(", ".join(x for x in (e.get("place"), e.get("country")) if x)),
            _s(", ".join(e.get("perpetrators") or [])),
            f"{e.get('n_reports')} ({e.get('n_families')} stories)",
            _s("; ".join(d["fused_value"] for d in e.get("discrepancies", []))),
        )
    return t


def compare(e: dict[str, Any]) -> RenderableType:
    head = Text(
        f"{e['id']}  {e.get('type')} {e.get('mode') or ''}  {e.get('date')}  "
        f"{e.get('place') or ''} {e.get('country') or ''}  "
        f"{e['n_reports']} reports from {e['n_families']} stories",
        style="bold",
    )
    reps = Table(title="Reports", title_justify="left", expand=True)
    for col in (
        "published",
        "outlet",
        "date",
        "place",
        "perpetrator",
        "casualties",
        "hedge",
        "link",
    ):
        reps.add_column(col, overflow="fold")
    for r in e.get("reports", []):
        cas = "; ".join(
            f"{(c.get('qualifier') or '').replace('exact', '').replace('_', ' ')} "
            f"{c.get('killed')} killed {c.get('group') or ''}".strip()
            for c in r.get("casualties", [])
            if c.get("killed") is not None
        )
        reps.add_row(
            _s((r.get("published") or "")[:16]),
            _s(r.get("outlet")),
            _s(r.get("day")),
            _s(r.get("place")),
            _s(", ".join(p["canonical"] for p in r.get("perpetrators", []))),
            _s(cas),
            _s(r.get("hedge")),
            _s(f"{r['score']} {r['reason']}"),
        )
    disc = Table(title="Where the reports differ", title_justify="left", expand=True)
    disc.add_column("field")
    disc.add_column("value")
    disc.add_column("sources", overflow="fold")
    for d in e.get("discrepancies", []):
        for v in d["values"]:
            srcs = ", ".join(
                f"{s.get('outlet') or s['article_id'][:8]} {(s.get('published') or '')[:10]}"
                f"{' (' + s['hedge'] + ')' if s.get('hedge') and s['hedge'] != 'asserted' else ''}"
                for s in v["reports"]
            )
            disc.add_row(_s(d["field"]), _s(v["value"]), _s(srcs))
    parts: list[RenderableType] = [head, reps]
    parts.append(disc if e.get("discrepancies") else Text("The reports agree."))
    return Group(*parts)


def actors(rows: list[dict[str, Any]]) -> RenderableType:
    t = Table(title="Actors across the corpus", title_justify="left")
    t.add_column("actor")
    t.add_column("events as perpetrator")
    t.add_column("events as target")
    for r in rows:
        t.add_row(_s(r["actor"]), str(r["as_perpetrator"]), str(r["as_target"]))
    return t


def profile(p: dict[str, Any]) -> RenderableType:
    parts: list[RenderableType] = [Text(p["actor"], style="bold")]
    if p["as_perpetrator"]:
        parts.append(events_table(p["as_perpetrator"], "As perpetrator"))
    if p["as_target"]:
        parts.append(events_table(p["as_target"], "As target"))
    for key, title in (("quotes_by", "Quotes by"), ("quotes_about", "Quotes about")):
        if p[key]:
            t = Table(title=title, title_justify="left", expand=True)
            t.add_column("outlet")
            t.add_column("quote", overflow="fold")
            t.add_column("hedge")
            for q in p[key]:
                t.add_row(_s(q.get("outlet")), _s(q["text"]), _s(q.get("hedge")))
            parts.append(t)
    if p["aliases"]:
        parts.append(
            Text(
                "Aliases: "
                + "; ".join(f"{a['alias']} ({', '.join(a['sources'])})" for a in p["aliases"])
            )
        )
    return Group(*parts)
