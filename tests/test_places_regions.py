"""Places: oceans, continents and broad regions at GeoNames-style centres; regional names.

Every article here is written for these tests.
"""

from __future__ import annotations

from spacy.language import Language

from dateline.extract.places import article_context, place_in_context
from dateline.gazetteer import haversine_km
from dateline.model import Article, Place
from dateline.pipeline import make_doc

ARTICLE = (
    "Storm heads west across the Atlantic\n\n"
    "MIAMI (Reuters) - A tropical storm that formed off West Africa crossed the Atlantic on "
    "Tuesday, forecasters said, while a second system churned in the Indian Ocean. Korean "
    "shipping lines rerouted vessels bound for the Americas and Northern Europe."
)


def places(nlp: Language, text: str) -> list[Place]:
    return nlp(make_doc(nlp, Article(text=text)))._.places


def gold_span(text: str, name: str, others: list[str]) -> Place:
    ctx = article_context([name, *others])
    start = text.index(name)
    return place_in_context(name, start, start + len(name), "LOC", ctx, text)


def _near(p: Place, lat: float, lon: float, km: float = 161.0) -> bool:
    return p.lat is not None and haversine_km(p.lat, p.lon, lat, lon) <= km


def test_oceans_sit_at_geonames_centres() -> None:
    others = ["MIAMI", "West Africa", "Indian Ocean"]
    atlantic = gold_span(ARTICLE, "Atlantic", others)
    assert atlantic.feature == "sea" and _near(atlantic, 10.0, -25.0)
    indian = gold_span(ARTICLE, "Indian Ocean", ["MIAMI", "Atlantic"])
    assert indian.feature == "sea" and _near(indian, -10.0, 70.0)


def test_named_subregions_are_not_their_continent() -> None:
    # "Northern Europe" and "the Americas" have entries of their own: not Europe's centre,
    # not an unresolved name.
    north = gold_span(ARTICLE, "Northern Europe", ["Atlantic"])
    assert north.name == "Northern Europe" and north.lat is not None and north.lat > 55
    americas = gold_span(ARTICLE, "Americas", ["Atlantic"])
    assert americas.lat is not None and americas.country is None


def test_korean_alone_reads_as_south_korea(nlp: Language) -> None:
    found = {p.text: p for p in places(nlp, ARTICLE)}
    korean = found.get("Korean")
    assert korean is not None
    assert (korean.country, korean.role, korean.feature) == ("KR", "nationality", "demonym")


def test_regions_odd_input() -> None:
    # Case and stray whitespace do not matter; a made-up region stays unresolved.
    assert gold_span("  the americas ", "the americas", []).lat is not None
    unknown = gold_span("Far Westeros", "Far Westeros", [])
    assert unknown.lat is None and unknown.confidence == 0.0
