"""Exports of stored facts: JSONL, CSV, ACLED-style CSV, GeoJSON and STIX 2.1.

Every exporter takes an iterable of :class:`~dateline.model.ArticleFacts` (the store's
``iter_facts()``) and a text stream, and writes as it goes: one article in memory at a time,
never the whole corpus. Exporters are a registry (``EXPORTERS``); ``export()`` dispatches.
"""

from __future__ import annotations

import csv
import json
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, TextIO, get_args

from pydantic import BaseModel

from dateline.model import (
    FACT_KINDS,
    ArticleFacts,
    Embed,
    Entity,
    Event,
    Note,
    Place,
    Quote,
    TimeExpr,
)

# --------------------------------------------------------------------------- helpers


def event_place(facts: ArticleFacts, event: Event) -> Place | None:
    """The resolved place of an event, when it points into ``facts.places``."""
    if event.place is None or event.place.from_place is None:
        return None
    idx = event.place.from_place
    return facts.places[idx] if 0 <= idx < len(facts.places) else None


def event_coords(facts: ArticleFacts, event: Event) -> tuple[float, float] | None:
    """(lat, lon) of an event: its resolved place, or coordinates set on the event place."""
    place = event_place(facts, event)
    if place is not None and place.lat is not None and place.lon is not None:
        return place.lat, place.lon
    extra = (event.place.model_extra or {}) if event.place else {}
    lat, lon = extra.get("lat"), extra.get("lon")
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        return float(lat), float(lon)
    return None


def event_country(facts: ArticleFacts, event: Event) -> str | None:
    place = event_place(facts, event)
    if place is not None and place.country:
        return place.country
    extra = (event.place.model_extra or {}) if event.place else {}
    country = extra.get("country")
    return country if isinstance(country, str) else None


def total(values: Iterable[int | None]) -> int | None:
    """Sum of the known numbers; None when none is known (never 0 for unknown)."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def perpetrators(event: Event) -> list[str]:
    return [a.canonical for a in event.actors if a.role == "perpetrator"]


def target_names(event: Event) -> list[str]:
    return [t.canonical or t.text for t in event.targets]


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def event_day(event: Event) -> str | None:
    """The event's day as YYYY-MM-DD when its date is day-precise, else None."""
    value = event.date.value if event.date else None
    if value and _ISO_DATE.match(value):
        return value[:10]
    return None


def _cell(value: Any) -> Any:
    """A CSV cell: lists joined with '; ', None empty, everything else as is."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(_cell(v)) for v in value)
    if isinstance(value, BaseModel):
        return value.model_dump_json()
    return value


# --------------------------------------------------------------------------- jsonl


def write_jsonl(facts_iter: Iterable[ArticleFacts], out: TextIO, **_: Any) -> int:
    """One facts.md object per line."""
    n = 0
    for facts in facts_iter:
        out.write(facts.model_dump_json() + "\n")
        n += 1
    return n


# --------------------------------------------------------------------------- csv

EVENT_COLUMNS = [
    "article_id",
    "event_id",
    "type",
    "mode",
    "gtd_attack_type",
    "acled_event_type",
    "acled_sub_event_type",
    "date",
    "place",
    "country",
    "latitude",
    "longitude",
    "perpetrators",
    "targets",
    "instrument",
    "killed",
    "injured",
    "casualties",
    "claims",
    "hedge",
    "confidence",
    "trigger",
    "trigger_start",
    "trigger_end",
    "article_title",
    "article_url",
    "outlet",
    "published",
]


def event_row(facts: ArticleFacts, event: Event) -> dict[str, Any]:
    coords = event_coords(facts, event)
    place = event_place(facts, event)
    art = facts.article
    return {
        "article_id": art.id,
        "event_id": event.id,
        "type": event.type,
        "mode": event.mode,
        "gtd_attack_type": event.gtd_attack_type,
        "acled_event_type": event.acled_event_type,
        "acled_sub_event_type": event.acled_sub_event_type,
        "date": event.date.value if event.date else None,
        "place": (event.place.name if event.place else None) or (place.name if place else None),
        "country": event_country(facts, event),
        "latitude": coords[0] if coords else None,
        "longitude": coords[1] if coords else None,
        "perpetrators": perpetrators(event),
        "targets": target_names(event),
        "instrument": [i.text for i in event.instrument],
        "killed": total(c.killed for c in event.casualties),
        "injured": total(c.injured for c in event.casualties),
        "casualties": [casualty_phrase(c) for c in event.casualties],
        "claims": [f"{c.claimant}: {c.status}" for c in event.claims],
        "hedge": event.hedge,
        "confidence": event.confidence,
        "trigger": event.trigger.text if event.trigger else None,
        "trigger_start": event.trigger.start if event.trigger else None,
        "trigger_end": event.trigger.end if event.trigger else None,
        "article_title": art.title,
        "article_url": art.url,
        "outlet": art.outlet,
        "published": art.published.isoformat() if art.published else None,
    }


def casualty_phrase(c: Any) -> str:
    counts = ", ".join(
        f"{n} {what}" for n, what in ((c.killed, "killed"), (c.injured, "injured")) if n is not None
    )
    return f"{c.group or 'people'}: {counts or 'unknown'} ({c.qualifier})"


# Model of each fact kind, for the generic ``--kind`` CSV of non-event facts.
KIND_MODELS: dict[str, type[BaseModel]] = {
    "entities": Entity,
    "quotes": Quote,
    "times": TimeExpr,
    "places": Place,
    "embeds": Embed,
    "notes": Note,
}


def _is_model(annotation: Any) -> type[BaseModel] | None:
    for candidate in (annotation, *get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def kind_columns(model: type[BaseModel]) -> list[str]:
    """Columns of a fact kind: its fields, nested models flattened as ``field.sub``."""
    cols: list[str] = []
    for name, info in model.model_fields.items():
        sub = _is_model(info.annotation)
        if sub is not None and name != "mentions":
            cols.extend(f"{name}.{s}" for s in sub.model_fields)
        else:
            cols.append(name)
    return cols


def kind_row(item: BaseModel, columns: list[str]) -> dict[str, Any]:
    data = item.model_dump(mode="json")
    row: dict[str, Any] = {}
    for col in columns:
        if "." in col:
            outer, inner = col.split(".", 1)
            value = (data.get(outer) or {}).get(inner)
        else:
            value = data.get(col)
        if col == "mentions" and isinstance(value, list):
            value = [m.get("text") for m in value]
        row[col] = _cell(value)
    return row


def write_csv(
    facts_iter: Iterable[ArticleFacts], out: TextIO, kind: str = "events", **_: Any
) -> int:
    """One row per event (or per fact of ``kind``), with the article id on every row."""
    if kind == "events":
        writer = csv.DictWriter(out, fieldnames=EVENT_COLUMNS)
        writer.writeheader()
        n = 0
        for facts in facts_iter:
            for event in facts.events:
                writer.writerow({k: _cell(v) for k, v in event_row(facts, event).items()})
                n += 1
        return n
    if kind not in KIND_MODELS:
        raise ValueError(f"unknown kind {kind!r}; choose one of: {', '.join(FACT_KINDS)}")
    columns = kind_columns(KIND_MODELS[kind])
    writer = csv.DictWriter(out, fieldnames=["article_id", *columns])
    writer.writeheader()
    n = 0
    for facts in facts_iter:
        for item in getattr(facts, kind):
            writer.writerow({"article_id": facts.article.id, **kind_row(item, columns)})
            n += 1
    return n


# --------------------------------------------------------------------------- acled-csv

# ACLED's export columns (the subset Dateline can fill, in ACLED's order), then two
# columns that point back to the Dateline article and event.
ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "civilian_targeting",
    "iso",
    "country",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
    "dateline_article_id",
    "dateline_event_id",
]


def _country_codes(alpha2: str | None) -> tuple[str | None, str | None, str | None]:
    """(alpha-3, numeric ISO, name) of an ISO alpha-2 code, via pycountry."""
    if not alpha2:
        return None, None, None
    import pycountry  # lazy: only the ACLED export needs it

    country = pycountry.countries.get(alpha_2=alpha2.upper())
    if country is None:
        return None, None, None
    return (
        country.alpha_3,
        str(int(country.numeric)),
        getattr(country, "common_name", None) or country.name,
    )


def time_precision(value: str | None) -> int | None:
    """ACLED time_precision: 1 day, 2 week or a few days, 3 month or more."""
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", value):
        return 1
    if re.fullmatch(r"\d{4}-W\d{2}", value):
        return 2
    return 3


def acled_notes(facts: ArticleFacts, event: Event) -> str:
    parts = []
    day = event_day(event)
    if day:
        parts.append(f"On {day},")
    if event.trigger:
        parts.append(event.trigger.text)
    place = event.place.name if event.place else None
    if place:
        parts.append(f"in {place}")
    text = " ".join(parts)
    if event.casualties:
        text += ". " + "; ".join(casualty_phrase(c) for c in event.casualties)
    if event.claims:
        text += ". " + "; ".join(f"{c.claimant} {c.status}" for c in event.claims)
    return text.strip()


def write_acled_csv(facts_iter: Iterable[ArticleFacts], out: TextIO, **_: Any) -> int:
    """One row per event with ACLED's column names (fields ACLED codes and we do not: blank)."""
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS)
    writer.writeheader()
    counters: dict[str, int] = {}
    n = 0
    now = int(datetime.now(UTC).timestamp())
    for facts in facts_iter:
        art = facts.article
        for event in facts.events:
            alpha3, numeric, country = _country_codes(event_country(facts, event))
            prefix = alpha3 or "XXX"
            counters[prefix] = counters.get(prefix, 0) + 1
            coords = event_coords(facts, event)
            perps = perpetrators(event)
            targets = target_names(event)
            day = event_day(event)
            place = event_place(facts, event)
            row = {
                "event_id_cnty": f"{prefix}{counters[prefix]}",
                "event_date": day,
                "year": day[:4] if day else None,
                "time_precision": time_precision(event.date.value if event.date else None),
                "event_type": event.acled_event_type,
                "sub_event_type": event.acled_sub_event_type,
                "actor1": perps[0] if perps else None,
                "assoc_actor_1": perps[1:],
                "actor2": targets[0] if targets else None,
                "assoc_actor_2": targets[1:],
                "civilian_targeting": "Civilian targeting"
                if any("civilian" in t.lower() for t in targets)
                else None,
                "iso": numeric,
                "country": country,
                "location": (event.place.name if event.place else None)
                or (place.name if place else None),
                "latitude": f"{coords[0]:.4f}" if coords else None,
                "longitude": f"{coords[1]:.4f}" if coords else None,
                "geo_precision": _geo_precision(place),
                "source": art.outlet or art.url or art.source,
                "source_scale": None,
                "notes": acled_notes(facts, event),
                "fatalities": total(c.killed for c in event.casualties),
                "tags": "; ".join(
                    f"{c.qualifier} {c.group or ''}".strip()
                    for c in event.casualties
                    if c.qualifier != "exact"
                ),
                "timestamp": now,
                "dateline_article_id": art.id,
                "dateline_event_id": event.id,
            }
            writer.writerow({k: _cell(v) for k, v in row.items()})
            n += 1
    return n


def _geo_precision(place: Place | None) -> int | None:
    """ACLED geo_precision: 1 the town itself, 2 a nearby or part of a region, 3 a region."""
    if place is None or place.feature is None:
        return None
    if place.feature in {"country", "region", "admin1", "province", "state"}:
        return 3
    return 1


# --------------------------------------------------------------------------- geojson


def event_feature(facts: ArticleFacts, event: Event) -> dict[str, Any] | None:
    coords = event_coords(facts, event)
    if coords is None:
        return None
    lat, lon = coords
    props = event_row(facts, event)
    props.pop("latitude")
    props.pop("longitude")
    return {
        "type": "Feature",
        "id": f"{facts.article.id[:16]}:{event.id}",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": props,
    }


def write_geojson(facts_iter: Iterable[ArticleFacts], out: TextIO, **_: Any) -> int:
    """A FeatureCollection of the events that have coordinates, written feature by feature."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for facts in facts_iter:
        for event in facts.events:
            feature = event_feature(facts, event)
            if feature is None:
                continue
            out.write((",\n" if n else "") + json.dumps(feature, ensure_ascii=False))
            n += 1
    out.write("\n]}\n")
    return n


# --------------------------------------------------------------------------- stix

# Fixed namespace so the same actor or place gets the same STIX id in every export.
STIX_NAMESPACE = uuid.UUID("9c1f4a8e-2f7d-4a63-9d39-6e0f3c2b7a51")
# Entity kinds that are organised violent actors (threat-actor rather than identity).
THREAT_KINDS = {
    "armed_group",
    "terrorist_group",
    "militia",
    "insurgent",
    "criminal_group",
    "cartel",
}


def stix_id(kind: str, *key: str) -> str:
    return f"{kind}--{uuid.uuid5(STIX_NAMESPACE, '|'.join((kind, *key)))}"


def stix_time(value: datetime | None) -> str:
    value = value or datetime.now(UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _aliases(facts: ArticleFacts, canonical: str) -> list[str]:
    """Other names the article used for an actor (from its entity's mentions)."""
    for entity in facts.entities:
        if entity.canonical == canonical:
            return sorted({m.text for m in entity.mentions if m.text != canonical})
    return []


def _entity_kind(facts: ArticleFacts, canonical: str) -> tuple[str | None, str | None]:
    for entity in facts.entities:
        if entity.canonical == canonical:
            return entity.kind, entity.type
    return None, None


class StixArticle:
    """The STIX objects of one article; shared objects (actors, places) once per export."""

    def __init__(self, facts: ArticleFacts, seen: set[str]) -> None:
        self.facts = facts
        self.seen = seen
        self.created = stix_time(facts.article.published)
        self.objects: list[dict[str, Any]] = []
        self.refs: list[str] = []
        self.report_id = stix_id("report", facts.article.id)

    def add(self, obj: dict[str, Any], shared: bool = False) -> str:
        oid = obj["id"]
        if oid in self.refs:  # already part of this article
            return oid
        self.refs.append(oid)
        if shared and oid in self.seen:
            return oid
        self.seen.add(oid)
        obj.setdefault("spec_version", "2.1")
        obj.setdefault("created", self.created)
        obj.setdefault("modified", obj["created"])
        self.objects.append(obj)
        return oid

    def actor(self, canonical: str) -> str:
        kind, _ = _entity_kind(self.facts, canonical)
        aliases = _aliases(self.facts, canonical)
        if kind is None or kind in THREAT_KINDS:
            obj: dict[str, Any] = {
                "type": "threat-actor",
                "id": stix_id("threat-actor", canonical),
                "name": canonical,
            }
        else:
            obj = self.identity_obj(canonical, kind)
        if aliases and obj["type"] == "threat-actor":
            obj["aliases"] = aliases
        return self.add(obj, shared=True)

    def identity_obj(self, name: str, kind: str | None) -> dict[str, Any]:
        cls = "individual" if kind == "person" else "organization" if kind else "group"
        return {
            "type": "identity",
            "id": stix_id("identity", name),
            "name": name,
            "identity_class": cls,
        }

    def location(self, place: Place) -> str | None:
        obj: dict[str, Any] = {"type": "location", "name": place.name or place.text}
        if place.lat is not None and place.lon is not None:
            obj["latitude"] = round(place.lat, 6)
            obj["longitude"] = round(place.lon, 6)
        if place.country:
            obj["country"] = place.country
        if "latitude" not in obj and "country" not in obj:
            return None  # STIX needs coordinates, a country or a region
        key = str(place.geonameid) if place.geonameid else f"{obj['name']}|{place.country}"
        obj["id"] = stix_id("location", key)
        return self.add(obj, shared=True)

    def relationship(self, rel: str, source: str, target: str, description: str | None) -> None:
        obj: dict[str, Any] = {
            "type": "relationship",
            "id": stix_id("relationship", self.facts.article.id, rel, source, target),
            "relationship_type": rel,
            "source_ref": source,
            "target_ref": target,
        }
        if description:
            obj["description"] = description
        self.add(obj)

    def event(self, event: Event) -> None:
        facts = self.facts
        name = event.type + (f" ({event.mode})" if event.mode else "")
        place = event_place(facts, event)
        where = (event.place.name if event.place else None) or (place.name if place else None)
        if where:
            name += f" in {where}"
        day = event_day(event)
        if day:
            name += f" on {day}"
        description = acled_notes(facts, event) or None
        incident: dict[str, Any] = {
            "type": "incident",
            "id": stix_id("incident", facts.article.id, event.id),
            "name": name,
        }
        if description:
            incident["description"] = description
        inc_id = self.add(incident)
        loc_id = self.location(place) if place else None
        if loc_id:
            self.relationship("located-at", inc_id, loc_id, None)
        for actor in event.actors:
            if actor.role != "perpetrator":
                continue
            actor_id = self.actor(actor.canonical)
            self.relationship("attributed-to", inc_id, actor_id, actor.basis)
            if loc_id:
                self.relationship("targets", actor_id, loc_id, None)
            for target in event.targets:
                tname = target.canonical or target.text
                kind, _ = _entity_kind(facts, tname)
                target_id = self.add(self.identity_obj(tname, kind), shared=True)
                self.relationship("targets", actor_id, target_id, target.text)
        for claim in event.claims:
            claimant = self.actor(claim.claimant)
            verb = {"claimed": "claimed responsibility for", "denied": "denied"}.get(
                claim.status, f"{claim.status}:"
            )
            self.add(
                {
                    "type": "note",
                    "id": stix_id("note", facts.article.id, event.id, claim.claimant, claim.status),
                    "abstract": f"{claim.claimant} {claim.status}",
                    "content": f"{claim.claimant} {verb} {name}.",
                    "object_refs": [inc_id, claimant],
                }
            )

    def build(self) -> list[dict[str, Any]]:
        facts = self.facts
        art = facts.article
        for event in facts.events:
            self.event(event)
        for i, note in enumerate(facts.notes):
            self.add(
                {
                    "type": "note",
                    "id": stix_id("note", art.id, "editor", str(i)),
                    "abstract": "Editor's note",
                    "content": note.text,
                    "object_refs": [self.report_id],
                }
            )
        # Provenance: always one note, so a report is valid even with nothing extracted.
        self.add(
            {
                "type": "note",
                "id": stix_id("note", art.id, "source"),
                "abstract": "Source article",
                "content": f"Dateline article {art.id} from {art.url or art.source or 'unknown'}"
                f"; {len(facts.events)} events, {len(facts.quotes)} quotes.",
                "object_refs": [self.report_id],
            }
        )
        report: dict[str, Any] = {
            "type": "report",
            "spec_version": "2.1",
            "id": self.report_id,
            "created": self.created,
            "modified": stix_time(art.updated or art.published),
            "name": art.title or art.id,
            "published": self.created,
            "report_types": ["threat-report"] if facts.events else ["observed-data"],
            "object_refs": list(self.refs),
        }
        if art.url or art.outlet:
            # STIX wants a url, an external_id or a description besides the name.
            ref: dict[str, Any] = {"source_name": art.outlet or "article"}
            if art.url:
                ref["url"] = art.url
            else:
                ref["description"] = f"published by {art.outlet}"
            report["external_references"] = [ref]
        return [*self.objects, report]


def iter_stix_objects(facts_iter: Iterable[ArticleFacts]) -> Iterator[dict[str, Any]]:
    seen: set[str] = set()  # ids of shared objects already written (ids only: small)
    for facts in facts_iter:
        yield from StixArticle(facts, seen).build()


def write_stix(facts_iter: Iterable[ArticleFacts], out: TextIO, **_: Any) -> int:
    """A STIX 2.1 bundle, written object by object."""
    bundle_id = f"bundle--{uuid.uuid4()}"
    out.write(f'{{"type": "bundle", "id": "{bundle_id}", "objects": [\n')
    n = 0
    for obj in iter_stix_objects(facts_iter):
        out.write((",\n" if n else "") + json.dumps(obj, ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n


# --------------------------------------------------------------------------- registry

Exporter = Callable[..., int]

EXPORTERS: dict[str, Exporter] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "acled-csv": write_acled_csv,
    "geojson": write_geojson,
    "stix": write_stix,
}


def export(fmt: str, facts_iter: Iterable[ArticleFacts], out: TextIO, **options: Any) -> int:
    """Write ``facts_iter`` to ``out`` in format ``fmt``; returns the number of records."""
    try:
        exporter = EXPORTERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(EXPORTERS)}") from None
    return exporter(facts_iter, out, **options)
