"""Discrepancies: every field on which the reports of one fused event differ.

Each value is listed with the reports that give it (article, outlet, publication time,
hedge); counts are of story families, so fifty reprints of one wire story count once.
A fused value sums it up with its range ("killed (civilians): over 100 (3 reports), 170 (5)").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from dateline.corpus.reports import Report

_QUALIFIER_WORDS = {"at_least": "at least", "over": "over", "about": "about", "exact": ""}
_WORD = re.compile(r"[a-z]+")
# Where a report's day comes from when it counts as the report's own claim about the date:
# the event's time expression, or the lede's (not the publication day).
_DATED = ("event", "lede")
_LETTERS = re.compile(r"[^\W\d_]+")  # words in any script, for comparing quotes
# Group heads that name the same people ("people", "civilians", "persons" are all the dead).
_SAME_GROUP = {"person": "people", "civilian": "people", "individual": "people"}


@dataclass
class Discrepancy:
    fused_id: str
    field: str  # killed:<group>, injured:<group>, date, place, perpetrator, claim, quote:<speaker>
    values: list[dict[str, Any]] = field(default_factory=list)  # value, n_families, reports
    fused_value: str = ""
    range: list[Any] | None = None
    within_article: str | None = None  # set for a disagreement inside one article

    def to_dict(self) -> dict[str, Any]:
        return {
            "fused_id": self.fused_id,
            "field": self.field,
            "values": self.values,
            "fused_value": self.fused_value,
            "range": self.range,
            "within_article": self.within_article,
        }


def group_key(group: str | None) -> str:
    """A casualty group as a comparable key: its head noun, singular ("US soldiers" -> soldier)."""
    words = _WORD.findall((group or "").lower())
    if not words:
        return "all"
    head = words[-1]
    if head.endswith("ies"):
        head = head[:-3] + "y"
    elif head.endswith("s") and not head.endswith("ss"):
        head = head[:-1]
    if head in ("people", "peopl"):
        head = "people"
    return _SAME_GROUP.get(head, head)


def _source(r: Report, hedge: str | None = None) -> dict[str, Any]:
    return {
        "article_id": r.article_id,
        "event_id": r.event_id,
        "outlet": r.outlet,
        "published": r.published,
        "hedge": hedge if hedge is not None else r.hedge,
        "family_id": r.family_id or r.article_id,
    }


def _collect(
    reports: Iterable[Report], values_of: Callable[[Report], list[tuple[Any, dict[str, Any]]]]
) -> dict[Any, list[dict[str, Any]]]:
    out: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for r in reports:
        for value, src in values_of(r):
            out[value].append(src)
    return out


def _listing(by_value: dict[Any, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    rows = []
    for value, srcs in by_value.items():
        fams = {s["family_id"] for s in srcs}
        rows.append(
            {"value": value, "n_families": len(fams), "n_reports": len(srcs), "reports": srcs}
        )
    rows.sort(key=lambda x: (-x["n_families"], str(x["value"])))
    return rows


def _phrase(rows: list[dict[str, Any]], total_families: int) -> str:
    if len(rows) == 1:
        return f"{rows[0]['value']} in all {total_families} reports"
    return ", ".join(f"{r['value']} ({r['n_families']})" for r in rows)


def _merge_groups(reports: list[Report], kind: str) -> dict[str, str]:
    """Group keys that name the same dead: "23 worshippers" in one report and "31 people" in
    another are one toll told two ways, unless some report gives both figures side by side
    ("13 soldiers and 60 civilians").  Returns group key -> the key it is counted under."""
    per_report: list[set[str]] = []
    freq: Counter[str] = Counter()
    for r in reports:
        keys = {
            group_key(c.get("group"))
            for c in r.casualties
            if c.get(kind) is not None or (c.get("count_of") == kind and c.get("range"))
        }
        if keys:
            per_report.append(keys)
            freq.update(keys)
    together = {(a, b) for keys in per_report for a in keys for b in keys if a != b}
    clusters: list[list[str]] = []
    for g, _ in sorted(freq.items(), key=lambda kv: (-kv[1], kv[0])):
        for cl in clusters:
            if not any((g, m) in together for m in cl):
                cl.append(g)
                break
        else:
            clusters.append([g])
    return {g: cl[0] for cl in clusters for g in cl}


def _casualties(fid: str, reports: list[Report], total: int) -> list[Discrepancy]:
    out = []
    for kind in ("killed", "injured"):
        by_group: dict[str, dict[Any, list[dict[str, Any]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        numbers: dict[str, list[int]] = defaultdict(list)
        merged = _merge_groups(reports, kind)
        for r in reports:
            for c in r.casualties:
                n = c.get(kind)
                if n is None and c.get("count_of") == kind and c.get("range"):
                    # "wounding dozens": told without a number, set against the figures
                    n = c["range"][0]
                    label = f"{c.get('vague') or 'unknown'} ({n} or more)"
                elif n is None:
                    continue
                else:
                    q = _QUALIFIER_WORDS.get(
                        c.get("qualifier") or "exact", c.get("qualifier") or ""
                    )
                    label = f"{q} {n}".strip()
                g = merged.get(group_key(c.get("group")), group_key(c.get("group")))
                by_group[g][label].append({**_source(r), "group": c.get("group")})
                numbers[g].append(n)
        for g, by_value in by_group.items():
            if len(by_value) < 2:
                continue
            rows = _listing(by_value)
            out.append(
                Discrepancy(
                    fid,
                    f"{kind}:{g}",
                    rows,
                    f"{kind} ({g}): {_phrase(rows, total)}",
                    [min(numbers[g]), max(numbers[g])],
                )
            )
    return out


def _simple(
    fid: str, name: str, reports: list[Report], total: int, values_of: Callable[[Report], list[Any]]
) -> Discrepancy | None:
    def pairs(r: Report) -> list[tuple[Any, dict[str, Any]]]:
        return [(v, _source(r)) for v in values_of(r)]

    by_value = _collect(reports, pairs)
    if len(by_value) < 2:
        return None
    rows = _listing(by_value)
    rng = sorted(by_value) if name == "date" else None
    return Discrepancy(
        fid, name, rows, f"{name}: {_phrase(rows, total)}", [rng[0], rng[-1]] if rng else None
    )


# Words that say nothing about which statement a quote is ("we", "the", "to").
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "we",
        "our",
        "us",
        "they",
        "them",
        "their",
        "he",
        "she",
        "his",
        "her",
        "i",
        "my",
        "you",
        "your",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "will",
        "would",
        "can",
        "could",
        "shall",
        "should",
        "may",
        "might",
        "must",
        "do",
        "does",
        "did",
        "not",
        "no",
        "any",
        "all",
        "more",
        "very",
        "just",
        "simply",
    ]
)


def _words(text: str) -> set[str]:
    """Content words, crudely stemmed ("safely" ~ "safe", "terrorists" ~ "terrorist")."""
    out = set()
    for w in _LETTERS.findall(text.lower()):
        if w in _STOP:
            continue
        for suffix in ("ly", "s"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 4:
                w = w[: -len(suffix)]
        out.add(w)
    return out


def same_statement(a: str, b: str, same_speaker: bool) -> bool:
    """Two wordings of one statement: most content words of the shorter one are in the
    longer.  The same speaker needs half of them; a differently resolved speaker ("a
    spokesman" in one article, his name in another) needs three quarters and three words."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    shared = len(wa & wb)
    contain = shared / min(len(wa), len(wb))
    if same_speaker:
        return contain >= 0.5 and shared >= 2
    return contain >= 0.75 and shared >= 3


def _quotes(fid: str, reports: list[Report]) -> list[Discrepancy]:
    """The same statement worded differently in different articles."""
    texts: dict[str, dict[str, Any]] = {}  # wording -> speakers, reports
    seen: set[tuple[str, str]] = set()
    for r in reports:
        for q in r.quotes:
            k = (r.article_id, q["text"])
            if k in seen:
                continue
            seen.add(k)
            t = texts.setdefault(q["text"], {"speakers": Counter(), "reports": []})
            t["speakers"][q["speaker"]] += 1
            t["reports"].append(_source(r, q.get("hedge")))
    # cluster wordings of one statement (first fit, in order of first appearance)
    clusters: list[list[str]] = []
    for t in texts:
        for cl in clusters:
            spk = set(texts[t]["speakers"]) & {s for u in cl for s in texts[u]["speakers"]}
            if any(same_statement(t, u, bool(spk)) for u in cl):
                cl.append(t)
                break
        else:
            clusters.append([t])
    out = []
    for cl in clusters:
        arts = {s["article_id"] for t in cl for s in texts[t]["reports"]}
        if len(cl) < 2 or len(arts) < 2:
            continue
        speakers: Counter[str] = Counter()
        for t in cl:
            speakers.update(texts[t]["speakers"])
        speaker = speakers.most_common(1)[0][0]
        rows = _listing({t: texts[t]["reports"] for t in cl})
        out.append(
            Discrepancy(fid, f"quote:{speaker}", rows, f"{len(cl)} wordings of {speaker}'s words")
        )
    return out


def _perps(r: Report) -> list[str]:
    # perpetrators named by the event and groups that claimed it or were blamed for it
    return r.blamed()


def _claims(r: Report) -> list[str]:
    return [f"{c['claimant']} ({c['status']})" for c in r.claims]


def discrepancies(fid: str, reports: list[Report]) -> list[Discrepancy]:
    """All the fields on which the reports of one fused event differ."""
    if len(reports) < 2:
        return []
    total = len({r.family_id or r.article_id for r in reports})
    out = _casualties(fid, reports, total)
    for name, fn in (
        ("date", lambda r: [r.day] if r.day and r.date_from in _DATED else []),
        ("place", lambda r: [r.place] if r.place and r.place_from == "event" else []),
        ("perpetrator", _perps),
        ("claim", _claims),
    ):
        d = _simple(fid, name, reports, total, fn)
        if d:
            out.append(d)
    out.extend(_quotes(fid, reports))
    # within one article: two reports of this event in the same article disagree on the date
    by_article: dict[str, set[str]] = defaultdict(set)
    for r in reports:
        if r.day and r.date_from in _DATED:
            by_article[r.article_id].add(r.day)
    for art, days in by_article.items():
        if len(days) > 1:
            mine = [r for r in reports if r.article_id == art]
            d = _simple(fid, "date", mine, 1, lambda r: [r.day] if r.day else [])
            if d:
                d.within_article = art
                d.fused_value = f"within one article, {d.fused_value}"
                out.append(d)
    return out
