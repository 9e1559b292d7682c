"""The offline gazetteer: names, aliases and folding."""

from __future__ import annotations

from dateline.gazetteer import fold, gazetteer, haversine_km


def test_fold_ignores_case_accents_dots_and_leading_article() -> None:
    assert fold("The U.S.") == fold("US") == "us"
    assert fold("Québec") == fold("quebec")
    assert fold("Bab al-Hawa") == fold("bab al hawa")


def test_countries_by_official_informal_and_short_names() -> None:
    gz = gazetteer()
    for name in (
        "United States",
        "U.S.",
        "America",
        "Britain",
        "UK",
        "Iran",
        "Syria",
        "Côte d'Ivoire",
    ):
        hits = [e for e in gz.lookup(name) if e.feature == "country"]
        assert hits, name
    assert gz.lookup("Britain")[0].country == "GB"


def test_facility_aliases_share_one_entry() -> None:
    gz = gazetteer()
    full = gz.lookup("Hamid Karzai International Airport")[0]
    assert gz.lookup("Kabul airport")[0] == full == gz.lookup("Kabul International Airport")[0]


def test_cities_carry_population_and_geonames_id() -> None:
    kabul = next(e for e in gazetteer().lookup("Kabul") if e.country == "AF")
    assert kabul.geonameid == 1138958 and kabul.population > 1_000_000


def test_preferred_reading_and_state_abbreviations() -> None:
    gz = gazetteer()
    assert gz.lookup("New York")[0].name == "New York City"
    assert any(e.feature == "admin1" and e.name == "California" for e in gz.lookup("Calif."))


def test_unknown_and_empty_names() -> None:
    gz = gazetteer()
    assert gz.lookup("") == [] and gz.lookup("Qwxzvbnm") == [] and gz.lookup("🙂") == []


def test_haversine() -> None:
    assert haversine_km(0, 0, 0, 0) == 0
    assert 5500 < haversine_km(51.5, -0.12, 40.71, -74.0) < 5600  # London - New York


def test_preload_builds_the_lazy_tables() -> None:
    """warm_up() calls it, so no article pays for the town tier or the skeleton index."""
    from dateline import gazetteer as gz

    gz.preload()
    assert gz._town_lines.cache_info().currsize == 1
    assert gz.gazetteer()._skeletons is not None
