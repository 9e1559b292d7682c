"""Exports on ArticleFacts built by hand: jsonl, csv, acled-csv, geojson and STIX 2.1."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import stix2

from dateline.export import ACLED_COLUMNS, EVENT_COLUMNS, EXPORTERS, export
from dateline.model import (
    Article,
    ArticleFacts,
    Casualties,
    Claim,
    Entity,
    Event,
    EventActor,
    EventDate,
    EventPlace,
    EventTarget,
    Mention,
    Note,
    Place,
    Quote,
    Span,
    Speaker,
    TimeExpr,
)

TEXT = (
    "Car Bomb Kills 14 in Mogadishu\n\n"
    "A car bomb killed at least 14 people in Mogadishu on Thursday. "
    "Al-Shabaab claimed the attack; officials blamed the group.\n\n"
    "*A footnote, with a comma"
)


def attack_facts(n: int = 0) -> ArticleFacts:
    """One article with one fully filled event (coordinates, casualties, claim)."""
    text = TEXT + f" #{n}"
    art = Article(
        title="Car Bomb Kills 14 in Mogadishu",
        text=text,
        url=f"https://news.example.org/{n}",
        outlet="Example Wire",
        published=datetime(2024, 3, 14, 9, 12, tzinfo=UTC),
        updated=datetime(2024, 3, 15, 17, 40, tzinfo=UTC),
        body_start=32,
    ).with_id()
    return ArticleFacts(
        article=art,
        entities=[
            Entity(
                canonical="al-Shabaab",
                type="ORG",
                kind="armed_group",
                qid="Q167391",
                mentions=[Mention(text="Al-Shabaab", start=95, end=105)],
            ),
            Entity(canonical="Mogadishu", type="GPE", kind="city"),
        ],
        quotes=[
            Quote(
                text="officials blamed the group",
                start=125,
                end=151,
                kind="indirect",
                speaker=Speaker(text="officials", start=125, end=134, anonymous=True),
                cue="blamed",
                via=["Example Wire"],
            )
        ],
        times=[
            TimeExpr(
                text="on Thursday",
                start=80,
                end=91,
                type="DATE",
                value="2024-03-14",
                interval=["2024-03-14", "2024-03-14"],
                anchor="published",
            )
        ],
        places=[
            Place(
                text="Mogadishu",
                start=70,
                end=79,
                name="Mogadishu",
                country="SO",
                lat=2.0371,
                lon=45.3438,
                feature="city",
                geonameid=53654,
                confidence=0.95,
            )
        ],
        events=[
            Event(
                id="e1",
                type="ASSAULT",
                mode="explosives",
                gtd_attack_type="Bombing/Explosion",
                acled_event_type="Explosions/Remote violence",
                acled_sub_event_type="Remote explosive/landmine/IED",
                trigger=Span(text="car bomb", start=34, end=42),
                date=EventDate(value="2024-03-14", from_time=0),
                place=EventPlace(name="Mogadishu", from_place=0),
                actors=[EventActor(canonical="al-Shabaab", role="perpetrator", basis="claimed")],
                targets=[EventTarget(text="civilians, shoppers", canonical=None)],
                instrument=[Span(text="car bomb", start=34, end=42)],
                casualties=[
                    Casualties(group="people", killed=14, qualifier="at_least", start=50, end=66)
                ],
                claims=[
                    Claim(claimant="al-Shabaab", status="claimed"),
                    Claim(claimant="Somalia", status="attributed"),
                ],
                confidence=0.8,
            ),
            # An event without a place: it has no coordinates, so no GeoJSON feature.
            Event(id="e2", type="PROTEST", hedge="claimed"),
        ],
        notes=[Note(text="*A footnote, with a comma", start=len(TEXT) - 25, end=len(TEXT))],
    )


def empty_facts() -> ArticleFacts:
    return ArticleFacts(article=Article(text="Headline only").with_id())


def corpus() -> list[ArticleFacts]:
    return [attack_facts(0), empty_facts(), attack_facts(1)]


def run(fmt: str, items: list[ArticleFacts], **options: object) -> tuple[int, str]:
    out = io.StringIO()
    n = export(fmt, iter(items), out, **options)
    return n, out.getvalue()


def test_jsonl_round_trips_facts() -> None:
    n, text = run("jsonl", corpus())
    lines = text.splitlines()
    assert n == 3 and len(lines) == 3
    back = [ArticleFacts.model_validate_json(line) for line in lines]
    assert back[0] == corpus()[0]
    assert set(json.loads(lines[1])) >= {"article", "entities", "quotes", "events", "notes"}


def test_csv_one_row_per_event_and_cells_with_commas() -> None:
    n, text = run("csv", corpus())
    rows = list(csv.DictReader(io.StringIO(text)))
    assert n == 4 and len(rows) == 4
    assert list(rows[0]) == EVENT_COLUMNS
    first = rows[0]
    assert first["type"] == "ASSAULT" and first["killed"] == "14"
    assert first["targets"] == "civilians, shoppers"  # quoted, not split
    assert first["perpetrators"] == "al-Shabaab"
    assert rows[1]["killed"] == ""  # unknown stays empty, never 0


@pytest.mark.parametrize("kind", ["entities", "quotes", "times", "places", "notes", "embeds"])
def test_csv_other_kinds(kind: str) -> None:
    n, text = run("csv", corpus(), kind=kind)
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = sum(len(getattr(f, kind)) for f in corpus())
    assert n == expected == len(rows)
    for row in rows:
        assert len(row["article_id"]) == 64
    if kind == "quotes":
        assert rows[0]["speaker.text"] == "officials"
        assert rows[0]["via"] == "Example Wire"


def test_csv_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        run("csv", corpus(), kind="rumours")


def test_acled_csv_header_and_row() -> None:
    n, text = run("acled-csv", corpus())
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == ACLED_COLUMNS
    for column in (
        "event_date",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "country",
        "location",
        "latitude",
        "longitude",
        "source",
        "notes",
        "fatalities",
    ):
        assert column in reader.fieldnames
    rows = list(reader)
    assert n == 4
    row = rows[0]
    assert row["event_id_cnty"] == "SOM1" and rows[2]["event_id_cnty"] == "SOM2"
    assert row["country"] == "Somalia" and row["iso"] == "706"
    assert row["event_date"] == "2024-03-14" and row["year"] == "2024"
    assert row["time_precision"] == "1"
    assert row["fatalities"] == "14" and "at_least" in row["tags"]
    assert row["latitude"] == "2.0371" and row["longitude"] == "45.3438"
    assert row["source"] == "Example Wire"
    assert "al-Shabaab claimed" in row["notes"]
    assert rows[1]["event_date"] == "" and rows[1]["event_id_cnty"] == "XXX1"


def test_geojson_features_only_with_coordinates() -> None:
    n, text = run("geojson", corpus())
    data = json.loads(text)
    assert data["type"] == "FeatureCollection"
    assert n == len(data["features"]) == 2
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert (lon, lat) == (45.3438, 2.0371)  # GeoJSON order is lon, lat
        assert feature["properties"]["type"] == "ASSAULT"


def test_geojson_empty_corpus_is_valid() -> None:
    n, text = run("geojson", [])
    assert n == 0 and json.loads(text) == {"type": "FeatureCollection", "features": []}


def test_stix_bundle_parses_and_validates() -> None:
    n, text = run("stix", corpus())
    bundle = stix2.parse(text, allow_custom=False)  # raises on any invalid object
    objects = bundle.objects
    assert n == len(objects)
    types = [o.type for o in objects]
    assert types.count("report") == 3
    ids = [o.id for o in objects]
    assert len(ids) == len(set(ids)), "shared objects (actors, places) must appear once"
    actor = next(o for o in objects if o.type == "threat-actor" and o.name == "al-Shabaab")
    assert actor.aliases == ["Al-Shabaab"]
    assert "location" in types and "incident" in types
    rels = {
        (o.relationship_type, o.source_ref.split("--")[0], o.target_ref.split("--")[0])
        for o in objects
        if o.type == "relationship"
    }
    assert ("attributed-to", "incident", "threat-actor") in rels
    assert ("targets", "threat-actor", "identity") in rels
    assert ("targets", "threat-actor", "location") in rels
    # Every report refers only to objects that are in the bundle.
    known = set(ids)
    for report in (o for o in objects if o.type == "report"):
        assert report.object_refs and set(report.object_refs) <= known
    notes = [o for o in objects if o.type == "note"]
    assert any("claimed responsibility" in o.content for o in notes)
    assert any(o.content.startswith("*A footnote") for o in notes)


def test_stix_outlet_without_url() -> None:
    facts = attack_facts(0)
    facts.article.url = None
    report = next(o for o in stix2.parse(run("stix", [facts])[1]).objects if o.type == "report")
    assert report.external_references[0].source_name == "Example Wire"


def test_stix_empty_article_still_valid() -> None:
    empty = empty_facts()
    _, text = run("stix", [empty])
    bundle = stix2.parse(text)
    report = next(o for o in bundle.objects if o.type == "report")
    assert report.name == empty.article.id  # no title: the id names it
    assert len(report.object_refs) == 1  # the provenance note


def test_exporters_stream() -> None:
    """Exporters pull articles one at a time: output exists before the input ends."""
    seen: list[int] = []

    def gen() -> Iterator[ArticleFacts]:
        for i in range(3):
            seen.append(i)
            yield attack_facts(i)

    for fmt in EXPORTERS:
        seen.clear()
        out = io.StringIO()
        export(fmt, gen(), out)
        assert seen == [0, 1, 2]


def test_bad_input_odd_unicode_and_unknown_format() -> None:
    facts = attack_facts(0)
    facts.article.title = "Bombe \u00e0 Mogadiscio \u202e\u0000 \U0001f4a5"
    facts.events[0].targets = [EventTarget(text='quote " and ; and\nnewline')]
    for fmt in EXPORTERS:
        _, text = run(fmt, [facts])
        assert text
    _, text = run("csv", [facts])
    assert list(csv.DictReader(io.StringIO(text)))[0]["targets"] == 'quote " and ; and\nnewline'
    with pytest.raises(ValueError, match="unknown format"):
        run("xml", [facts])
