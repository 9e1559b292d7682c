"""The readable report of one article: what ``dateline show`` and ``dateline analyze`` print.

Builds rich renderables from an :class:`~dateline.model.ArticleFacts`. One section per kind
of fact, in a fixed order, each skipped when empty, so the report works whatever the
extractors return today. Sections are a registry (``SECTIONS``): a new fact kind adds one
function and one entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dateline.export import event_place
from dateline.model import ArticleFacts, Event, Place, Quote

# How much of a quote or footnote to show before cutting it with an ellipsis.
MAX_SNIPPET = 160


def snippet(text: str | None, limit: int = MAX_SNIPPET) -> str:
    """One line of at most ``limit`` characters (newlines folded)."""
    if not text:
        return ""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def fmt_dt(value: datetime | str | None) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    return str(value)


def _na(value: object) -> str:
    return "—" if value is None or value == "" or value == [] else str(value)


# --------------------------------------------------------------------------- header


def header(facts: ArticleFacts) -> RenderableType:
    art = facts.article
    lines = Text()
    lines.append(art.title or "(untitled)", style="bold")
    lines.append("\n")
    meta = [
        ("published", fmt_dt(art.published)),
        ("updated", fmt_dt(art.updated) if art.updated else None),
        ("outlet", art.outlet),
        ("authors", ", ".join(art.authors) if art.authors else None),
        ("url", art.url),
        ("source", art.source),
        ("id", art.id[:12] if art.id else None),
    ]
    for label, value in meta:
        if value:
            lines.append(f"{label}: ", style="dim")
            lines.append(f"{value}\n")
    counts = ", ".join(
        f"{len(getattr(facts, kind))} {kind}"
        for kind in ("entities", "quotes", "times", "places", "events", "embeds", "notes")
    )
    lines.append(counts, style="dim")
    return Panel(lines, title="Article", title_align="left", expand=True)


# --------------------------------------------------------------------------- sections


def entities_section(facts: ArticleFacts) -> RenderableType | None:
    if not facts.entities:
        return None
    table = Table(title="Entities", title_justify="left", show_lines=False, expand=True)
    table.add_column("type", style="cyan", no_wrap=True)
    table.add_column("canonical", style="bold")
    table.add_column("kind")
    table.add_column("mentions")
    # Grouped by spaCy type so people, groups and places read as blocks.
    for entity in sorted(facts.entities, key=lambda e: (e.type, e.canonical.lower())):
        forms = sorted({m.text for m in entity.mentions})
        label = escape(entity.canonical) + (f" [dim]({entity.qid})[/]" if entity.qid else "")
        table.add_row(
            entity.type,
            label,
            _na(entity.kind),
            escape(f"{len(entity.mentions)}× " + ", ".join(forms)) if forms else "—",
        )
    return table


def _speaker(quote: Quote) -> str:
    sp = quote.speaker
    name = sp.canonical or sp.text or "unattributed"
    parts = [escape(name)]
    if sp.description and sp.description.lower().strip() != name.lower().strip():
        parts.append(f"[dim]({escape(sp.description)})[/]")
    if sp.anonymous:
        parts.append("[yellow]anonymous[/]")
    if sp.resolved_by and sp.resolved_by != "none":
        parts.append(f"[dim]({sp.resolved_by})[/]")
    return " ".join(parts)


def quotes_section(facts: ArticleFacts) -> RenderableType | None:
    if not facts.quotes:
        return None
    table = Table(title="Quotes", title_justify="left", show_lines=True, expand=True)
    table.add_column("#", style="dim", no_wrap=True)
    table.add_column("quote", ratio=3)
    table.add_column("speaker", ratio=2)
    table.add_column("cue / hedge", no_wrap=True)
    table.add_column("via", ratio=1, overflow="fold")
    for i, quote in enumerate(facts.quotes):
        cue = " / ".join(x for x in (quote.cue, quote.hedge) if x) or "—"
        via = escape(" → ".join(quote.via)) if quote.via else "—"
        if quote.addressee:
            via += f"\n[dim]to {escape(quote.addressee)}[/]"
        table.add_row(
            str(i),
            f"[dim]{quote.kind}[/] " + escape(snippet(quote.text)),
            _speaker(quote),
            escape(cue),
            via,
        )
    return table


def times_section(facts: ArticleFacts) -> RenderableType | None:
    if not facts.times:
        return None
    table = Table(title="Times", title_justify="left", expand=True)
    table.add_column("text", style="bold")
    table.add_column("type", style="cyan")
    table.add_column("value")
    table.add_column("interval")
    table.add_column("anchor", style="dim")
    for t in facts.times:
        if not t.interval:
            interval = "—"
        elif len(set(t.interval)) == 1:  # a single day: show it once
            interval = t.interval[0] or "?"
        else:
            interval = " … ".join(x or "?" for x in t.interval)
        table.add_row(escape(t.text), t.type, _na(t.value), interval, _na(t.anchor))
    return table


def _coords(place: Place) -> str:
    if place.lat is None or place.lon is None:
        return "—"
    return f"{place.lat:.4f}, {place.lon:.4f}"


def places_section(facts: ArticleFacts) -> RenderableType | None:
    if not facts.places:
        return None
    table = Table(title="Places", title_justify="left", expand=True)
    table.add_column("text", style="bold")
    table.add_column("name")
    table.add_column("country", style="cyan")
    table.add_column("feature")
    table.add_column("lat, lon", no_wrap=True)
    table.add_column("conf.", justify="right")
    for p in facts.places:
        conf = f"{p.confidence:.2f}" if p.confidence is not None else "—"
        table.add_row(
            escape(p.text), escape(_na(p.name)), _na(p.country), _na(p.feature), _coords(p), conf
        )
    return table


def _event_body(facts: ArticleFacts, event: Event) -> Text:
    out = Text()

    def line(label: str, value: str | None) -> None:
        if value:
            out.append(f"{label}: ", style="dim")
            out.append(value + "\n")

    coding = ", ".join(
        x
        for x in (
            event.gtd_attack_type and f"GTD {event.gtd_attack_type}",
            event.acled_event_type
            and "ACLED "
            + event.acled_event_type
            + (f" / {event.acled_sub_event_type}" if event.acled_sub_event_type else ""),
        )
        if x
    )
    line("coded", coding)
    if event.trigger:
        line("trigger", f"“{snippet(event.trigger.text, 80)}”")
    others = [m.text for m in event.mentions if not event.trigger or m.text != event.trigger.text]
    line("mentions", "; ".join(f"“{snippet(m, 60)}”" for m in others))
    if event.date:
        line("date", event.date.value or "unknown")
    if event.place:
        place = event_place(facts, event)
        where = event.place.name or (place.name if place else None) or "unknown"
        if place and place.lat is not None:
            where += f" ({_coords(place)})"
        line("place", where)
    line(
        "actors",
        "; ".join(
            f"{a.canonical} [{a.role}{', ' + a.basis if a.basis else ''}]" for a in event.actors
        ),
    )
    line(
        "targets",
        "; ".join(
            f"{t.text} ({t.canonical})" if t.canonical and t.canonical != t.text else t.text
            for t in event.targets
        ),
    )
    line("instrument", "; ".join(i.text for i in event.instrument))
    casualties = []
    for c in event.casualties:
        counts = ", ".join(
            f"{n} {what}"
            for n, what in ((c.killed, "killed"), (c.injured, "injured"))
            if n is not None
        )
        extra = c.model_extra or {}
        low = (extra.get("range") or [None])[0]
        qualifier = c.qualifier if c.qualifier != "exact" else None
        if not counts and low is not None:  # "wounding dozens": a range, never a number
            counts, qualifier = f"{low} or more {extra.get('count_of') or 'hurt'}", None
        casualties.append(
            f"{c.group or 'people'}: {counts or 'number unknown'}"
            + (f" ({qualifier})" if qualifier else "")
        )
    line("casualties", "; ".join(casualties))
    line("claims", "; ".join(f"{c.claimant} {c.status}" for c in event.claims))
    conf = f", confidence {event.confidence:.2f}" if event.confidence is not None else ""
    line("hedge", f"{event.hedge}{conf}")
    out.rstrip()  # no blank last line inside the panel
    return out


def events_section(facts: ArticleFacts) -> RenderableType | None:
    if not facts.events:
        return None
    panels = []
    for event in facts.events:
        title = event.type + (f" / {event.mode}" if event.mode else "")
        panels.append(
            Panel(_event_body(facts, event), title=escape(title), title_align="left", expand=True)
        )
    return Group(Text("Events", style="bold italic"), *panels)


def embeds_section(facts: ArticleFacts) -> RenderableType | None:
    if not facts.embeds:
        return None
    table = Table(title="Embedded posts", title_justify="left", expand=True)
    table.add_column("author")
    table.add_column("handle", style="cyan")
    table.add_column("date")
    table.add_column("text", ratio=3)
    for e in facts.embeds:
        text = e.text if e.text is not None else facts.article.text[e.start : e.end]
        table.add_row(
            escape(_na(e.author)), escape(_na(e.handle)), _na(e.date), escape(snippet(text))
        )
    return table


def notes_section(facts: ArticleFacts) -> RenderableType | None:
    if not facts.notes:
        return None
    body = Text()
    for note in facts.notes:
        body.append("• " + snippet(note.text) + "\n")
    body.rstrip()
    return Panel(body, title="Editor's notes", title_align="left", expand=True)


Section = Callable[[ArticleFacts], RenderableType | None]

# The report's sections, in order. Each returns None when it has nothing to show.
SECTIONS: list[Section] = [
    entities_section,
    quotes_section,
    times_section,
    places_section,
    events_section,
    embeds_section,
    notes_section,
]


def render(facts: ArticleFacts, sections: Iterable[Section] = SECTIONS) -> Group:
    """The whole report as one rich renderable."""
    parts: list[RenderableType] = [header(facts)]
    for section in sections:
        part = section(facts)
        if part is not None:
            parts.append(part)
    if len(parts) == 1:
        parts.append(Text("No facts extracted from this article yet.", style="dim"))
    return Group(*parts)


def print_report(facts: ArticleFacts, console: Console | None = None) -> None:
    (console or Console()).print(render(facts))
