"""Exports of facts the pipeline extracted from articles we wrote (not hand-built facts)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import stix2
from spacy.language import Language

from dateline.export import ACLED_COLUMNS, export
from dateline.model import Article, ArticleFacts
from dateline.pipeline import analyze

HEAD = "Car Bomb Kills Nine in Mogadishu"
BODY = (
    "MOGADISHU, May 3 - A car bomb exploded outside a hotel in Mogadishu on Friday, killing "
    "at least nine people, police said. Al-Shabaab claimed responsibility in a statement.\n\n"
    "The mayor said in an interview on Saturday that security would be tightened."
)


def facts(nlp: Language) -> ArticleFacts:
    art = Article(
        title=HEAD,
        text=HEAD + "\n\n" + BODY,
        body_start=len(HEAD) + 2,
        url="https://wire.example.org/mogadishu",
        outlet="Example Wire",
        published=datetime(2024, 5, 4, 8, 0, tzinfo=UTC),
    ).with_id()
    return analyze(art, nlp)


def run(fmt: str, items: list[ArticleFacts]) -> str:
    out = io.StringIO()
    export(fmt, iter(items), out)
    return out.getvalue()


def test_acled_row_of_a_pipeline_event(nlp: Language) -> None:
    f = facts(nlp)
    rows = list(csv.DictReader(io.StringIO(run("acled-csv", [f]))))
    assert len(rows) == len(f.events) and list(rows[0]) == ACLED_COLUMNS
    bomb = next(r for r in rows if r["event_type"] == "Explosions/Remote violence")
    assert bomb["event_date"] == "2024-05-03" and bomb["iso"] == "706"
    assert "Al-Shabaab" in bomb["actor1"]
    assert "MOGADISHU" not in bomb["actor1"]  # the wire dateline is not the perpetrator


def test_geojson_points_are_valid_coordinates(nlp: Language) -> None:
    data = json.loads(run("geojson", [facts(nlp)]))
    assert data["type"] == "FeatureCollection" and data["features"]
    for feat in data["features"]:
        lon, lat = feat["geometry"]["coordinates"]
        assert feat["geometry"]["type"] == "Point"
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    lon, lat = data["features"][0]["geometry"]["coordinates"]
    assert 1 < lat < 3 and 44 < lon < 46  # Mogadishu, lon before lat


def test_stix_bundle_from_pipeline_validates(nlp: Language) -> None:
    bundle = stix2.parse(run("stix", [facts(nlp)]), allow_custom=False)
    kinds = {o.type for o in bundle.objects}
    assert {"report", "incident", "threat-actor", "relationship"} <= kinds
    actor = next(o for o in bundle.objects if o.type == "threat-actor")
    assert actor.name == "Al-Shabaab"
    rels = {o.relationship_type for o in bundle.objects if o.type == "relationship"}
    assert "attributed-to" in rels


def test_jsonl_round_trips_pipeline_facts(nlp: Language) -> None:
    f = facts(nlp)
    [line] = run("jsonl", [f]).splitlines()
    assert ArticleFacts.model_validate_json(line) == ArticleFacts.model_validate(json.loads(line))
    assert json.loads(line)["events"][0]["type"] == f.events[0].type


def test_empty_corpus_exports() -> None:
    assert list(csv.reader(io.StringIO(run("acled-csv", [])))) == [ACLED_COLUMNS]
    assert json.loads(run("geojson", []))["features"] == []
    assert json.loads(run("stix", []))["type"] == "bundle"
