"""Places: offline geocoding disambiguated by the article (texts written for these tests)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from dateline.extract.places import resolve
from dateline.gazetteer import haversine_km
from dateline.model import Article, Place
from dateline.pipeline import make_doc


def places(nlp: Language, text: str, **kw: str) -> list[Place]:
    return nlp(make_doc(nlp, Article(text=text, **kw)))._.places


def find(found: list[Place], text: str) -> Place:
    hits = [p for p in found if p.text == text]
    assert hits, f"{text!r} not found in {[p.text for p in found]}"
    return hits[0]


def test_facility_aliases_are_one_facility(nlp: Language) -> None:
    text = (
        "Two explosions hit the area of Hamid Karzai International Airport on Thursday. "
        "Crowds had gathered at the Kabul airport for days before the blasts."
    )
    found = places(nlp, text)
    full = find(found, "Hamid Karzai International Airport")
    short = next(p for p in found if p.text.endswith("Kabul airport"))
    assert full.name == short.name == "Hamid Karzai International Airport"
    assert (full.lat, full.lon) == (short.lat, short.lon)
    assert full.feature == "airport" and full.country == "AF"
    assert haversine_km(full.lat, full.lon, 34.5659, 69.2123) < 5


def test_city_geocoded_with_geonames_id(nlp: Language) -> None:
    p = find(places(nlp, "A car bomb exploded in Kabul on Sunday, police said."), "Kabul")
    assert (p.name, p.country, p.feature, p.geonameid) == ("Kabul", "AF", "city", 1138958)
    assert p.confidence and p.confidence > 0.5


def test_demonym_is_a_nationality_not_a_place(nlp: Language) -> None:
    found = places(nlp, "The attack killed 13 US soldiers and over a hundred Afghan civilians.")
    afghan = [p for p in found if p.text == "Afghan"]
    for p in afghan:  # if kept at all, it is marked so events never use it as a place
        assert p.feature == "demonym" and p.role == "nationality" and p.country == "AF"
    assert not [p for p in found if p.feature not in ("demonym",) and p.text == "Afghan"]


def test_unresolvable_name_keeps_null_coordinates_and_others_survive(nlp: Language) -> None:
    text = "Fighters moved from Zzyxqvor Province toward Mosul on Monday."
    found = places(nlp, text)
    mosul = find(found, "Mosul")
    assert mosul.country == "IQ" and mosul.lat is not None
    for p in found:
        if p.name and "Zzyxqvor" in p.text:
            assert p.lat is None and p.lon is None and p.confidence == 0.0


def test_ambiguous_name_resolved_by_the_articles_country() -> None:
    # "Hyderabad" is a large city in India and another in Pakistan.
    india, _ = resolve("Hyderabad", {"IN"}, None)
    pakistan, _ = resolve("Hyderabad", {"PK"}, None)
    assert india is not None and pakistan is not None
    assert (india.country, pakistan.country) == ("IN", "PK")


def test_ambiguous_name_in_a_full_article(nlp: Language) -> None:
    text = (
        "Police in Pakistan said gunmen attacked a checkpoint in Sindh province. "
        "Later the convoy reached Hyderabad, where a curfew was declared."
    )
    assert find(places(nlp, text), "Hyderabad").country == "PK"


def test_unknown_name_resolves_to_nothing() -> None:
    entry, conf = resolve("Qwxzvbnm", set(), None)
    assert entry is None and conf == 0.0


@pytest.mark.parametrize("text", ["", "\n\n", "Ωμέγα 🙂 ‐‑ Köln–Bonn", "Kabul. " * 2000])
def test_odd_inputs_do_not_break(nlp: Language, text: str) -> None:
    found = places(nlp, text)
    assert all(text[p.start : p.end] == p.text for p in found)


def test_a_declared_village_is_a_place_without_coordinates(nlp: Language) -> None:
    found = places(nlp, "Gunmen attacked the village of Ntakata in northern Mozambique on Monday.")
    village = find(found, "Ntakata")
    assert village.feature == "town" and village.lat is None  # named so, not geocoded


def test_a_place_found_once_is_found_where_it_is_repeated(nlp: Language) -> None:
    text = (
        "Gunmen Kill Nine Near Beni\n\n"
        "Gunmen attacked a convoy on the road between Beni and Butembo on Tuesday, officials said."
    )
    found = places(nlp, text)
    assert [p.country for p in found if p.text == "Beni"] == ["CD", "CD"]


def test_spelling_variants_and_person_names(nlp: Language) -> None:
    assert resolve("Kiryat Shmona", set(), None)[0].country == "IL"  # GeoNames: Qiryat Shmona
    found = places(nlp, "A rocket hit a school in Sderot, the mayor, Avi Golan, said.")
    assert "Golan" not in [p.text for p in found]  # part of a person's name


def test_congo_alone_is_read_from_the_article() -> None:
    assert resolve("Congo", {"CG"}, None)[0].country == "CG"
    assert resolve("Congo", {"CD"}, None)[0].country == "CD"


def test_the_people_of_a_place_name_it(nlp: Language) -> None:
    found = places(nlp, "Residents of Kiryat Shmona buried two people on Wednesday.")
    assert find(found, "Kiryat Shmona").country == "IL"


def test_repeated_names_in_empty_and_long_texts(nlp: Language) -> None:
    assert places(nlp, "") == []
    body = "Gunmen attacked a convoy near Beni on Tuesday. " + "Traders left Beni. " * 300
    found = [p for p in places(nlp, body) if p.text == "Beni"]
    assert len(found) == 301 and {p.country for p in found} == {"CD"}
