"""Event fusion: reports of one real-world event from many articles become one fused event.

Fusion is a link (report -> fused event) with a score and a reason; each report keeps its own
values.  A new report is compared only with the fused events found by blocking on
(type group, country, day) within the date window — never with every stored report — so
adding n reports costs O(n · candidates) with a small, bounded number of candidates.

A *vague* report (placed only in a country or region, or nowhere: no coordinates) cannot say
which of two same-day incidents in one country it tells of.  It joins a fused event anchored
by located reports only when that event is the one clear fit (its score, with the support of
tolls, quotes, blame and targets, beats the next by MARGIN); otherwise it stays unfused.
Two vague reports join each other only when something besides type, day and country agrees
(perpetrator, target, a close toll, a quote, the story family): two same-day incidents in
one country are common, and a country is weak evidence of the same place.
Located reports never join an event of vague reports only: they anchor their own, and the
vague reports near a located report are placed again whenever one arrives, so a later
incident can make an earlier link ambiguous (and undo it) or a clear one possible.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from dateline.corpus.discrepancies import same_statement
from dateline.corpus.reports import Report

DAY_WINDOW = 2  # reports' dates of one event differ by at most this many days
NEAR_KM = 50.0  # "same place"
FAR_KM = 150.0  # beyond this two reports are never the same event
THRESHOLD = 0.55
MARGIN = 0.1  # a vague report's best fit must beat the next candidate by this much


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _ordinal(day: str | None) -> int | None:
    return date.fromisoformat(day).toordinal() if day else None


def is_vague(report: Report) -> bool:
    """No coordinates: placed only in a country or region (or nowhere), not in a town."""
    return report.lat is None or report.lon is None


def _killed(report: Report) -> set[int]:
    return {int(c["killed"]) for c in report.casualties if c.get("killed") is not None}


@dataclass
class Link:
    report_key: str
    fused_id: str
    score: float
    reason: str
    manual: bool = False


@dataclass
class FusedEvent:
    id: str
    group: str
    reports: dict[str, Report] = field(default_factory=dict)

    # ---- summaries used for matching (recomputed from the reports, never stored apart)
    def days(self) -> list[int]:
        return sorted({o for r in self.reports.values() if (o := _ordinal(r.day)) is not None})

    def countries(self) -> set[str]:
        return {r.country for r in self.reports.values() if r.country}

    def coords(self) -> list[tuple[float, float]]:
        return [
            (r.lat, r.lon) for r in self.reports.values() if r.lat is not None and r.lon is not None
        ]

    def places(self) -> set[str]:
        # located reports' places only: two reports naming one country are not "same place"
        return {r.place.lower() for r in self.reports.values() if r.place and not is_vague(r)}

    def anchored(self) -> bool:
        """Some report says where (coordinates), not only which country."""
        return any(not is_vague(r) for r in self.reports.values())

    def killed(self) -> set[int]:
        return {k for r in self.reports.values() for k in _killed(r)}

    def quotes(self) -> list[tuple[str, str]]:
        return [(q["speaker"], q["text"]) for r in self.reports.values() for q in r.quotes]

    def perpetrators(self) -> set[str]:
        return {p for r in self.reports.values() for p in r.blamed()}

    def targets(self) -> set[str]:
        return {t.lower() for r in self.reports.values() for t in r.targets}

    def modes(self) -> set[str]:
        return {r.mode for r in self.reports.values() if r.mode}

    def families(self) -> set[str]:
        return {r.family_id or r.article_id for r in self.reports.values()}

    # ---- fused values
    def summary(self) -> dict[str, object]:
        reps = list(self.reports.values())
        types = Counter(r.type for r in reps)
        # the event's own dates first, then days read off the lede, then publication days
        days = (
            Counter(r.day for r in reps if r.day and r.date_from == "event")
            or Counter(r.day for r in reps if r.day and r.date_from == "lede")
            or Counter(r.day for r in reps if r.day)
        )
        places = Counter(r.place for r in reps if r.place)
        countries = Counter(r.country for r in reps if r.country)
        coords = self.coords()
        perps = Counter(p for r in reps for p in r.blamed())
        return {
            "id": self.id,
            "type": types.most_common(1)[0][0] if types else None,
            "mode": Counter(r.mode for r in reps if r.mode).most_common(1)[0][0]
            if any(r.mode for r in reps)
            else None,
            "date": days.most_common(1)[0][0] if days else None,
            "date_range": [min(days), max(days)] if days else None,
            "place": places.most_common(1)[0][0] if places else None,
            "country": countries.most_common(1)[0][0] if countries else None,
            "lat": sum(c[0] for c in coords) / len(coords) if coords else None,
            "lon": sum(c[1] for c in coords) / len(coords) if coords else None,
            "perpetrators": [p for p, _ in perps.most_common()],
            "targets": sorted({t for r in reps for t in r.targets}),
            "n_reports": len(reps),
            "n_families": len(self.families()),
            "n_articles": len({r.article_id for r in reps}),
        }


def support(report: Report, fused: FusedEvent) -> tuple[float, str]:
    """What besides type, day and place ties a vague report to one fused event: the same
    perpetrator or target, a close toll (a far one counts against), the same statement,
    the same story family.  (bonus, reason)."""
    bonus, agree, against = 0.0, [], []
    if set(report.blamed()) & fused.perpetrators():
        bonus += 0.05
        agree.append("perpetrator")
    if {t.lower() for t in report.targets} & fused.targets():
        bonus += 0.05
        agree.append("target")
    mine, theirs = _killed(report), fused.killed()
    if mine and theirs:
        # reports of one event differ in their tolls, but not by much
        if any(abs(a - b) <= max(2, 0.25 * max(a, b)) for a in mine for b in theirs):
            bonus += 0.1
            agree.append("toll")
        else:
            bonus -= 0.1
            against.append("toll")
    if any(
        same_statement(q["text"], text, q["speaker"] == speaker)
        for q in report.quotes
        for speaker, text in fused.quotes()
    ):
        bonus += 0.1
        agree.append("quote")
    if report.family_id and report.family_id in fused.families():
        agree.append("story family")  # already in the score; counts as support here
    parts = [f"{'/'.join(agree)} agree"] if agree else []
    parts += [f"{'/'.join(against)} differ"] if against else []
    return bonus, ", ".join(parts)


def fused_id_for(report_key: str) -> str:
    return "fe-" + hashlib.sha1(report_key.encode("utf-8")).hexdigest()[:12]


def _told_apart(report: Report, fused: FusedEvent, perps: set[str]) -> bool:
    """The report's own article already tells this event as another one, by other hands
    and in another way (a suicide bombing by IS, then a US airstrike): the article's two
    events stay two."""
    for other in fused.reports.values():
        if other.article_id != report.article_id:
            continue
        theirs = set(other.blamed())
        if perps and theirs and not perps & theirs and report.mode != other.mode:
            return True
    return False


def score(report: Report, fused: FusedEvent) -> tuple[float, str] | None:
    """How likely ``report`` tells of ``fused``: (score, reason), or None when impossible."""
    if report.group != fused.group:
        return None
    reasons: list[str] = []
    # date
    days = fused.days()
    o = _ordinal(report.day)
    if o is None or not days:
        s_date = 0.3
        reasons.append("no date")
    else:
        diff = min(abs(o - d) for d in days)
        if diff > DAY_WINDOW:
            return None
        s_date = 1.0 - diff / (DAY_WINDOW + 1)
        reasons.append("same day" if diff == 0 else f"dates {diff}d apart")
    # place
    countries = fused.countries()
    if report.country and countries and report.country not in countries:
        return None
    coords = fused.coords()
    if report.place and not is_vague(report) and report.place.lower() in fused.places():
        # the same name in the same country: one place however each report geocoded it
        # (one gazetteer hit, one "Rajouri" only the article's setting locates)
        s_place = 1.0
        reasons.append(f"same place {report.place}")
    elif report.lat is not None and report.lon is not None and coords:
        dist = min(haversine_km((report.lat, report.lon), c) for c in coords)
        if dist > FAR_KM:
            return None
        s_place = 1.0 if dist <= NEAR_KM else 0.5
        reasons.append(f"{dist:.0f} km apart")
    elif report.country and countries:
        s_place = 0.5
        reasons.append(f"same country {report.country}")
    else:
        s_place = 0.3
        reasons.append("place unknown")
    # actors and targets: agreement helps; disagreement on blame is a discrepancy, not a veto
    perps = set(report.blamed())
    if _told_apart(report, fused, perps):
        return None
    fperps = fused.perpetrators()
    s_actor = 0.5
    if perps and fperps:
        s_actor = 1.0 if perps & fperps else 0.2
        reasons.append("same perpetrator" if perps & fperps else "different perpetrator")
    targets = {t.lower() for t in report.targets}
    if targets & fused.targets():
        s_actor = min(1.0, s_actor + 0.3)
        reasons.append("same target")
    s_mode = 1.0 if report.mode and report.mode in fused.modes() else 0.5
    total = 0.35 * s_date + 0.35 * s_place + 0.15 * s_actor + 0.15 * s_mode
    fam = report.family_id
    if fam and fam in fused.families():
        total += 0.2
        reasons.append("same story family")
    return round(min(total, 1.0), 3), ", ".join(reasons)


@dataclass
class FusionIndex:
    """Fused events, with a blocking index on (type group, country, day)."""

    threshold: float = THRESHOLD
    fused: dict[str, FusedEvent] = field(default_factory=dict)
    links: dict[str, Link] = field(default_factory=dict)  # report key -> link
    vetoes: set[tuple[str, str]] = field(default_factory=set)  # (report key, fused id)
    _by_country: dict[tuple[str, str, int], set[str]] = field(default_factory=dict)
    _by_day: dict[tuple[str, int], set[str]] = field(default_factory=dict)
    _undated: dict[str, set[str]] = field(default_factory=dict)
    # events holding a report with no country, by day: any located report may concern them
    _nowhere: dict[tuple[str, int], set[str]] = field(default_factory=dict)
    comparisons: int = 0
    moved: dict[str, str] = field(default_factory=dict)  # report key -> fused id it left

    def _index(self, fid: str, report: Report) -> None:
        o = _ordinal(report.day)
        g = report.group
        if o is None:
            self._undated.setdefault(g, set()).add(fid)
            return
        self._by_day.setdefault((g, o), set()).add(fid)
        if report.country:
            self._by_country.setdefault((g, report.country, o), set()).add(fid)
        else:
            self._nowhere.setdefault((g, o), set()).add(fid)

    def candidates(self, report: Report) -> set[str]:
        o = _ordinal(report.day)
        g = report.group
        if o is None:
            return {f for f in self._undated.get(g, ()) if f in self.fused}
        out: set[str] = set()
        for d in range(o - DAY_WINDOW, o + DAY_WINDOW + 1):
            if report.country:
                out |= self._by_country.get((g, report.country, d), set())
                # fused events whose reports name no country are found by day alone
            out |= {
                f
                for f in self._by_day.get((g, d), ())
                if f in self.fused and (not report.country or not self.fused[f].countries())
            }
        # a report moved by a revisit leaves its old event's index entries behind
        return {f for f in out if f in self.fused}

    def attach(
        self, report: Report, fid: str, sc: float, reason: str, manual: bool = False
    ) -> None:
        fe = self.fused.get(fid)
        if fe is None:
            fe = self.fused[fid] = FusedEvent(fid, report.group)
        fe.reports[report.key] = report
        self.links[report.key] = Link(report.key, fid, sc, reason, manual)
        self._index(fid, report)

    def add(self, report: Report) -> Link:
        """Link one new report to the best fused event, or found a new one."""
        if report.key in self.links:
            return self.links[report.key]
        if is_vague(report):
            fid, sc, reason = self._place_vague(report, fused_id_for(report.key))
            self.attach(report, fid, sc, reason)
            return self.links[report.key]
        best: tuple[float, str, str] | None = None
        near = self.candidates(report)
        for fid in sorted(near):
            if (report.key, fid) in self.vetoes or not self.fused[fid].anchored():
                continue  # events of vague reports only are never joined, their reports move
            self.comparisons += 1
            res = score(report, self.fused[fid])
            if res and res[0] >= self.threshold and (best is None or res[0] > best[0]):
                best = (res[0], fid, res[1])
        if best is None:
            self.attach(report, self._free_id(fused_id_for(report.key)), 1.0, "first report")
        else:
            self.attach(report, best[1], best[0], best[2])
        link = self.links[report.key]
        self._revisit(near | {link.fused_id} | self._placeless_near(report))
        return link

    def _placeless_near(self, report: Report) -> set[str]:
        o = _ordinal(report.day)
        if o is None:
            return set()
        g = report.group
        return {
            f
            for d in range(o - DAY_WINDOW, o + DAY_WINDOW + 1)
            for f in self._nowhere.get((g, d), ())
            if f in self.fused
        }

    def _free_id(self, fid: str) -> str:
        while fid in self.fused:  # after an unlink or a move the natural id may be taken
            fid = fused_id_for(fid)
        return fid

    def _place_vague(self, report: Report, home: str) -> tuple[str, float, str]:
        """Where a vague report goes: (fused id, score, reason).  The one clear anchored
        fit, else the best event of vague reports only that some support ties it to, else a
        new event (``home``)."""
        anchored: list[tuple[float, str, str]] = []
        vague: list[tuple[float, str, str]] = []
        for fid in sorted(self.candidates(report)):
            if (report.key, fid) in self.vetoes:
                continue
            fe = self.fused[fid]
            self.comparisons += 1
            res = score(report, fe)
            if res is None or res[0] < self.threshold:
                continue
            bonus, why = support(report, fe)
            reason = f"{res[1]}, {why}" if why else res[1]
            if fe.anchored():
                anchored.append((round(res[0] + bonus, 3), fid, reason))
            elif "agree" in why:
                # two vague reports share no place finer than a country: on type, day and
                # country alone two same-day incidents would fuse, so something must agree
                vague.append((round(res[0] + bonus, 3), fid, reason))
        for options in (anchored, vague):
            if not options:
                continue
            options.sort(key=lambda o: (-o[0], o[1]))
            first = options[0]
            if len(options) == 1:
                return first[1], min(first[0], 1.0), first[2] + ", only candidate"
            if round(first[0] - options[1][0], 3) >= MARGIN:
                return first[1], min(first[0], 1.0), f"{first[2]}, clear of {options[1][1]}"
            fits = ", ".join(o[1] for o in options if round(first[0] - o[0], 3) < MARGIN)
            return self._free_id(home), 1.0, f"vague place, fits several: {fits}"
        return self._free_id(home), 1.0, "first report"

    def _revisit(self, fids: set[str]) -> None:
        """Place again the vague reports held by ``fids`` (not those linked by hand): a
        located report may have made a link ambiguous, or a clear one possible."""
        keys = sorted(
            k
            for fid in fids
            if fid in self.fused
            for k, r in self.fused[fid].reports.items()
            if is_vague(r) and not self.links[k].manual
        )
        for key in keys:
            old = self.links[key]
            fe = self.fused[old.fused_id]
            report = fe.reports.pop(key)
            if not fe.reports:
                del self.fused[old.fused_id]
            fid, sc, reason = self._place_vague(report, old.fused_id)
            if fid == old.fused_id and fid in self.fused:
                fe.reports[key] = report  # stays: keep the link as it was
                continue
            if fid == old.fused_id:  # alone before and after
                self.fused[fid] = fe
                fe.reports[key] = report
                continue
            del self.links[key]
            self.attach(report, fid, sc, reason)
            self.moved[key] = old.fused_id

    def drain_moves(self) -> dict[str, str]:
        """Reports moved by revisits since the last call: report key -> old fused id."""
        out, self.moved = self.moved, {}
        return out

    def unlink(self, report_key: str) -> Link:
        """Take a report out of its fused event (remembered as a veto); it stands alone."""
        link = self.links.pop(report_key)
        fe = self.fused[link.fused_id]
        report = fe.reports.pop(report_key)
        self.vetoes.add((report_key, link.fused_id))
        if not fe.reports:
            del self.fused[link.fused_id]
        self._rebuild_index()
        fid = fused_id_for(report_key)
        while fid in self.fused:
            fid = fused_id_for(fid)
        self.attach(report, fid, 1.0, "unlinked by hand", manual=True)
        return self.links[report_key]

    def link(self, report_key: str, fused_id: str) -> Link:
        """Put a report into a fused event by hand (undoes an unlink)."""
        if fused_id not in self.fused:
            raise KeyError(fused_id)
        old = self.links.pop(report_key)
        report = self.fused[old.fused_id].reports.pop(report_key)
        if not self.fused[old.fused_id].reports:
            del self.fused[old.fused_id]
        self.vetoes.discard((report_key, fused_id))
        self._rebuild_index()
        self.attach(report, fused_id, 1.0, "linked by hand", manual=True)
        return self.links[report_key]

    def _rebuild_index(self) -> None:
        self._by_country.clear()
        self._by_day.clear()
        self._undated.clear()
        self._nowhere.clear()
        for fid, fe in self.fused.items():
            for r in fe.reports.values():
                self._index(fid, r)
