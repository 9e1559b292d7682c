"""Facts as highlights: cut an article's text into segments, each with the facts covering it.

Facts may nest (a place inside a quote) or cross (a quote ending inside an entity mention),
so instead of nesting tags the text is cut at every fact boundary; each segment lists the
facts that cover it, innermost first. Offsets out of range are clipped, empty spans dropped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from dateline.model import ArticleFacts

# The highlight kinds, in legend order, with what the legend calls them.
KINDS: dict[str, str] = {
    "event": "Event (trigger, mentions, casualties)",
    "quote": "Quote",
    "speaker": "Quote speaker",
    "actor": "Actor / entity",
    "time": "Time",
    "place": "Place",
}


@dataclass(frozen=True)
class Mark:
    """One highlighted span: which fact (``kind:index``) and what a hover says about it."""

    kind: str
    fact: str
    start: int
    end: int
    label: str


@dataclass
class Segment:
    text: str
    start: int
    kinds: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    title: str = ""


def _quote_label(q: Any) -> str:
    who = q.speaker.canonical or q.speaker.text or ("anonymous" if q.speaker.anonymous else "?")
    hedge = f", {q.hedge}" if q.hedge and q.hedge != "asserted" else ""
    return f"{q.kind} quote — speaker: {who}{hedge}"


def _time_label(t: Any) -> str:
    interval = t.interval or []
    span = " – ".join(v for v in interval if v) if len(set(interval)) > 1 else ""
    return f"{t.type}: {t.value or '?'}" + (f" ({span})" if span else "")


def _place_label(p: Any) -> str:
    where = ", ".join(x for x in (p.name or p.text, p.country) if x)
    coords = f" ({p.lat:.3f}, {p.lon:.3f})" if p.lat is not None and p.lon is not None else ""
    return f"place: {where}{coords}"


def _event_label(e: Any) -> str:
    mode = f"/{e.mode}" if e.mode else ""
    date = f" on {e.date.value}" if e.date and e.date.value else ""
    return f"event {e.type}{mode}{date}"


def marks(facts: ArticleFacts) -> list[Mark]:
    """Every highlightable span of the article's facts."""
    out: list[Mark] = []
    for i, e in enumerate(facts.events):
        fid, label = f"event:{i}", _event_label(e)
        spans = [e.trigger, *e.mentions, *e.instrument, *e.casualties, *e.targets]
        for s in spans:
            if s is not None and s.start is not None and s.end is not None:
                out.append(Mark("event", fid, s.start, s.end, label))
    for i, q in enumerate(facts.quotes):
        out.append(Mark("quote", f"quote:{i}", q.start, q.end, _quote_label(q)))
        sp = q.speaker
        if sp.start is not None and sp.end is not None:
            who = sp.canonical or sp.text or "?"
            out.append(Mark("speaker", f"quote:{i}", sp.start, sp.end, f"speaker: {who}"))
    for i, ent in enumerate(facts.entities):
        label = f"{ent.canonical} ({ent.kind or ent.type})"
        out.extend(Mark("actor", f"entity:{i}", m.start, m.end, label) for m in ent.mentions)
    for i, t in enumerate(facts.times):
        out.append(Mark("time", f"time:{i}", t.start, t.end, _time_label(t)))
    for i, p in enumerate(facts.places):
        out.append(Mark("place", f"place:{i}", p.start, p.end, _place_label(p)))
    return out


def segments(text: str, spans: list[Mark]) -> list[Segment]:
    """Cut ``text`` at every span boundary; each piece knows the spans covering it.

    A sweep over the cuts keeps the set of open spans, so a long article with thousands
    of facts costs (cuts x open spans), not (cuts x all spans).
    """
    n = len(text)
    valid = []
    for m in spans:
        start, end = max(0, min(m.start, n)), max(0, min(m.end, n))
        if start < end:
            valid.append(Mark(m.kind, m.fact, start, end, m.label))
    cuts = sorted({0, n, *(m.start for m in valid), *(m.end for m in valid)})
    # innermost (shortest) first, so a click shows the most specific fact on top
    rank = {id(m): r for r, m in enumerate(sorted(valid, key=lambda m: (m.end - m.start, m.start)))}
    opening: dict[int, list[Mark]] = defaultdict(list)
    for m in valid:
        opening[m.start].append(m)
    open_marks: dict[int, Mark] = {}
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        for m in opening.get(a, ()):
            open_marks[id(m)] = m
        for key in [k for k, m in open_marks.items() if m.end <= a]:
            del open_marks[key]
        seg = Segment(text[a:b], a)
        labels: list[str] = []
        for m in sorted(open_marks.values(), key=lambda m: rank[id(m)]):
            if m.kind not in seg.kinds:
                seg.kinds.append(m.kind)
            if m.fact not in seg.facts:
                seg.facts.append(m.fact)
            if m.label not in labels:
                labels.append(m.label)
        seg.title = " · ".join(labels)
        out.append(seg)
    return out


def fact_index(facts: ArticleFacts) -> dict[str, dict[str, Any]]:
    """``kind:index`` → the fact as JSON, for the reader's click-to-see panel."""
    out: dict[str, dict[str, Any]] = {}
    for kind, items in (
        ("event", facts.events),
        ("quote", facts.quotes),
        ("entity", facts.entities),
        ("time", facts.times),
        ("place", facts.places),
    ):
        for i, item in enumerate(items):
            # "fact_kind", not "kind": quotes already have a field called kind
            out[f"{kind}:{i}"] = {**item.model_dump(mode="json"), "fact_kind": kind}
    return out
