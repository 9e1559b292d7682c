"""Places: small towns, self-free context, places inside names, datelines, former names.

Every article here is written for these tests.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from dateline.extract.places import (
    _after_locative,
    _datelines,
    _inner_place,
    article_context,
    article_states,
    place_in_context,
    resolve,
)
from dateline.gazetteer import fold, gazetteer, towns
from dateline.model import Article, Place
from dateline.pipeline import make_doc


def places(nlp: Language, text: str) -> list[Place]:
    return nlp(make_doc(nlp, Article(text=text)))._.places


def gold_span(text: str, name: str, others: list[str]) -> Place:
    """A mention read against the article's other place names (as the geo benchmark does)."""
    ctx = article_context([name, *others])
    start = text.index(name)
    return place_in_context(name, start, start + len(name), "GPE", ctx)


# --------------------------------------------------------------------------- small towns


def test_small_town_is_found_when_nothing_bigger_has_its_name() -> None:
    assert gazetteer().lookup("Tideswell") == []  # under 5,000 people: not in the main list
    entry, conf = resolve("Tideswell", set(), None)
    assert entry is not None and (entry.country, entry.feature) == ("GB", "town")
    assert 0 < conf < 0.9  # a fallback reading is less sure than a listed city


def test_small_town_of_the_articles_country_beats_a_minor_namesake_elsewhere() -> None:
    # Avenel: a New Jersey town of some 17,000 and a Victorian village of about 1,000.
    assert resolve("Avenel", set(), None)[0].country == "US"
    assert resolve("Avenel", {"US"}, None)[0].country == "US"
    au, _ = resolve("Avenel", {"AU"}, None)
    assert au is not None and (au.country, au.feature) == ("AU", "town")


def test_big_city_never_gives_way_to_a_small_town() -> None:
    # A capital keeps its reading even in an article about a country with a namesake hamlet.
    for code in ("US", "GB", "AU"):
        best, _ = resolve("Damascus", {code}, None)
        assert best is not None and best.country == "SY", code


def test_town_lookup_odd_names() -> None:
    assert towns("") == [] and towns("🙂") == [] and towns("x" * 10_000) == []
    assert towns("TIDESWELL") == towns("tideswell") != []


def test_fold_drops_curly_opening_quote() -> None:
    # GeoNames spells some Arabic names with an opening quote for the ayn.
    assert fold("‘Afrīn") == fold("Afrin")


# --------------------------------------------------------------------------- context


def test_a_name_is_not_its_own_context_georgia_the_state() -> None:
    text = "Storms hit Georgia on Monday. In Atlanta, power was cut to 40,000 homes."
    p = gold_span(text, "Georgia", ["Atlanta"])
    assert (p.country, p.feature) == ("US", "admin1")


def test_a_name_is_not_its_own_context_georgia_the_country() -> None:
    text = "Protesters marched in Tbilisi, the capital of Georgia, on Sunday."
    p = gold_span(text, "Georgia", ["Tbilisi"])
    assert (p.country, p.feature) == ("GE", "country")


def test_context_support_lists_which_names_put_a_country_there() -> None:
    ctx = article_context(["Georgia", "Atlanta", "Savannah"])
    assert "US" in ctx.countries("Georgia") and "GE" not in ctx.countries("Georgia")
    assert "US" in ctx.local_countries("Georgia")
    empty = article_context([])
    assert empty.countries() == set() and empty.states == frozenset()


# --------------------------------------------------------------------------- inside names


@pytest.mark.parametrize(
    ("name", "country", "feature"),
    [
        ("Arizona State University", "US", "admin1"),
        ("University of Alberta", "CA", None),
        ("Dubai World Cup", "AE", "city"),
        ("Greater Karachi", "PK", "city"),
        ("North Houston", "US", "city"),
    ],
)
def test_place_a_longer_name_starts_with_or_names_after_of(
    name: str, country: str, feature: str | None
) -> None:
    entry = _inner_place(name)
    assert entry is not None and entry.country == country
    assert feature is None or entry.feature == feature


@pytest.mark.parametrize("name", ["Soviet Union", "Paddock Hill Bend", "Hotel Zzyx", "West Wing"])
def test_no_place_from_a_word_inside_a_name(name: str) -> None:
    # A word in the middle or at the end ("Union", "Bend") is no place of its own.
    assert _inner_place(name) is None or _inner_place(name).feature == "country"


def test_organisation_names_give_affiliation_places(nlp: Language) -> None:
    text = (
        "The California National Guard sent 200 troops to the fire on Tuesday. "
        "A spokesman for the Ministry of Health of Uganda said the clinic would reopen."
    )
    found = places(nlp, text)
    inner = [p for p in found if getattr(p, "role", None) == "affiliation"]
    assert {(p.text, p.country) for p in inner} >= {("California", "US")}
    for p in inner:
        assert text[p.start : p.end] == p.text


def test_la_liga_is_not_los_angeles(nlp: Language) -> None:
    text = "La Liga officials met on Monday to discuss the fixtures, the league said."
    assert not [p for p in places(nlp, text) if p.text == "La"]


# --------------------------------------------------------------------------- datelines


def test_wire_datelines_in_capitals() -> None:
    text = (
        "KHARTOUM, Sudan (Reuters) - Fighting resumed on Friday.\n\n"
        "ALBUQUERQUE, N.M. (AP) - A judge ruled on Monday. "
        "NATO, the alliance, said nothing. UPDATE, More to follow."
    )
    found = {text[s:e] for s, e, _ in _datelines(text)}
    assert found == {"KHARTOUM", "ALBUQUERQUE"}


def test_dateline_in_a_full_article(nlp: Language) -> None:
    text = "MOGADISHU, Somalia (AP) - A car bomb exploded near a market on Saturday, police said."
    p = next(p for p in places(nlp, text) if p.text == "MOGADISHU")
    assert (p.name, p.country) == ("Mogadishu", "SO") and p.lat is not None


@pytest.mark.parametrize("text", ["", "A, B", "ÉÉÉÉ, X", "\n\n" * 50, "ABCD, " * 5000])
def test_dateline_odd_inputs(text: str) -> None:
    for s, e, _ in _datelines(text):
        assert 0 <= s < e <= len(text)


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("name", "code"), [("Zaire", "CD"), ("Soviet Union", "RU"), ("USSR", "RU")]
)
def test_former_country_names_read_as_their_successor(name: str, code: str) -> None:
    entry, _ = resolve(name, set(), None)
    assert entry is not None and (entry.country, entry.feature) == (code, "country")


# --------------------------------------------------------------------------- state cues


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Wildfires spread across Washington state on Friday.", "Washington"),
        ("Snow closed schools in upstate New York this week.", "New York"),
        ("Officials in the state of Georgia said polls would open late.", "Georgia"),
    ],
)
def test_words_around_a_name_say_it_is_the_state(text: str, name: str) -> None:
    start = text.index(name)
    ctx = article_context([name])
    p = place_in_context(name, start, start + len(name), "GPE", ctx, text)
    assert (p.country, p.feature) == ("US", "admin1")


def test_without_a_cue_the_usual_reading_stays() -> None:
    text = "Talks resumed in Washington on Monday."
    start = text.index("Washington")
    p = place_in_context("Washington", start, start + 10, "GPE", article_context([]), text)
    assert p.feature == "city"


# --------------------------------------------------------------------------- divisions


@pytest.mark.parametrize(
    ("name", "country"),
    [("Bavaria", "DE"), ("Donetsk region", "UA"), ("Kunar", "AF"), ("South Darfur", "SD")],
)
def test_first_level_divisions_the_city_list_lacks(name: str, country: str) -> None:
    entry, _ = resolve(name, set(), None)
    assert entry is not None and (entry.country, entry.feature) == (country, "admin1")


def test_country_codes_in_the_data_stay_strings() -> None:
    # YAML reads a bare NO (Norway) as false: every code must come through as text.
    codes = {e.country for bucket in gazetteer().index.values() for e in bucket}
    assert all(c is None or (isinstance(c, str) and len(c) == 2) for c in codes)
    assert resolve("Rogaland", set(), None)[0].country == "NO"


# --------------------------------------------------------------------------- US counties


def test_county_of_one_state_is_placed_in_that_state() -> None:
    # Only Ohio has a Cuyahoga County: a rough reading at the state's centre, low confidence.
    entry, conf = resolve("Cuyahoga County", {"US"}, None)
    assert entry is not None and (entry.country, entry.admin1, entry.feature) == (
        "US",
        "OH",
        "admin2",
    )
    assert 0 < conf < 0.5


def test_county_many_states_share_needs_the_articles_state() -> None:
    assert resolve("Suffolk County", {"US"}, None)[0] is None  # New York and Massachusetts
    ny = article_states(["New York"], {"US"}) | article_states(["Albany"], {"US"})
    entry, _ = resolve("Suffolk County", {"US"}, None, frozenset(ny) | {"US.NY"})
    assert entry is not None and entry.admin1 == "NY"


def test_saint_and_st_are_one_spelling() -> None:
    gz = gazetteer()
    ru = [e for e in gz.lookup("St. Petersburg") if e.country == "RU"]
    assert ru and ru[0].primary and ru[0] in gz.lookup("Saint Petersburg")
    # Russia named elsewhere in the article: the big city, not the Florida one.
    assert resolve("St. Petersburg", {"RU", "US"}, None)[0].country == "RU"


def test_state_read_by_the_articles_towns_in_it() -> None:
    # Seattle and Spokane are in Washington state, far from the capital: the state is meant.
    text = "Wildfires burned across Washington. Smoke reached Seattle and Spokane on Friday."
    ctx = article_context(["Washington", "Seattle", "Spokane"])
    start = text.index("Washington")
    p = place_in_context("Washington", start, start + 10, "GPE", ctx, text)
    assert (p.country, p.feature) == ("US", "admin1")
    # Towns near the capital leave the usual reading alone.
    ctx = article_context(["Washington", "Arlington", "Alexandria"])
    p = place_in_context("Washington", start, start + 10, "GPE", ctx, text)
    assert p.feature == "city"


@pytest.mark.parametrize("word", ["West", "Central", "Eastern"])
def test_compass_words_are_no_small_towns(word: str) -> None:
    entry, _ = resolve(word, {"US"}, None)
    assert entry is None or entry.feature != "town"


# --------------------------------------------------------------------------- namesakes


def test_near_tie_between_namesakes_goes_to_the_one_near_the_articles_places() -> None:
    text = "Portland police said the storm also closed roads in Lewiston and Bangor."
    # Maine towns around it: Portland, Maine, not the bigger Portland, Oregon.
    p = gold_span(text, "Portland", ["Lewiston", "Bangor"])
    assert (p.country, round(p.lat), round(p.lon)) == ("US", 44, -70)
    # Oregon towns around it, or none: the usual reading, Portland, Oregon.
    text = "Portland police said the storm also closed roads in Salem and Eugene."
    p = gold_span(text, "Portland", ["Salem", "Eugene"])
    assert (p.country, round(p.lat), round(p.lon)) == ("US", 46, -123)
    p = gold_span("Portland police said the storm closed roads.", "Portland", [])
    assert (p.country, round(p.lat), round(p.lon)) == ("US", 46, -123)


def test_a_metropolis_keeps_its_name_beside_a_namesakes_neighbours() -> None:
    # Sanya (Hainan) lies near a smaller Changsha in Guangdong; the Hunan capital is meant.
    text = "Flights from Changsha to Sanya resumed on Monday, the airline said."
    p = gold_span(text, "Changsha", ["Sanya"])
    assert (p.country, round(p.lat)) == ("CN", 28)


# --------------------------------------------------------------------------- peoples' names


@pytest.mark.parametrize(
    ("name", "country"),
    [("European Commission", None), ("Mexican Senate", "MX"), ("British Embassy", "GB")],
)
def test_a_peoples_name_leading_a_name_stands_for_its_place(name: str, country: str) -> None:
    text = f"The {name} said on Tuesday it would look into the matter."
    p = gold_span(text, name, [])
    assert p.lat is not None and p.country == country
    assert p.confidence <= 0.5  # a rough reading: the name is an organisation's


@pytest.mark.parametrize(
    ("word", "region", "country"),
    [("Sicilian", "Sicily", "IT"), ("Siberian", "Siberia", "RU"), ("Tibetan", "Tibet", "CN")],
)
def test_regional_peoples_name_their_region(word: str, region: str, country: str) -> None:
    p = gold_span(f"The {word} fishermen returned on Monday.", word, [])
    assert (p.name, p.country, p.feature) == (region, country, "demonym")


# --------------------------------------------------------------------------- lists of states


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Cases were reported in Michigan, Oregon, New York and Ohio.", "New York"),
        ("Officials are checking cases in Washington, Pennsylvania and California.", "Washington"),
        ("Illnesses were found in Utah, Washington and Wisconsin last week.", "Washington"),
    ],
)
def test_a_name_listed_with_states_is_the_state(text: str, name: str) -> None:
    start = text.index(name)
    ctx = article_context([name])
    p = place_in_context(name, start, start + len(name), "GPE", ctx, text)
    assert (p.country, p.feature) == ("US", "admin1")


def test_a_list_of_cities_or_countries_leaves_the_usual_reading() -> None:
    text = "He flew from London to Washington and New York on Friday."
    ctx = article_context(["London", "Washington", "New York"])
    for name in ("Washington", "New York"):
        start = text.index(name)
        p = place_in_context(name, start, start + len(name), "GPE", ctx, text)
        assert p.feature == "city", name
    text = "Storms hit Texas and Mexico overnight."
    start = text.index("Mexico")
    p = place_in_context(
        "Mexico", start, start + 6, "GPE", article_context(["Texas", "Mexico"]), text
    )
    assert p.feature == "country"


def test_a_name_the_article_calls_a_state_is_the_state_throughout() -> None:
    text = (
        "New York state governor said on Monday that 75 people had died of the flu in "
        "New York since April."
    )
    start = text.rindex("New York")
    p = place_in_context("New York", start, start + 8, "GPE", article_context(["New York"]), text)
    assert p.feature == "admin1"
    # Without "state" anywhere, the city.
    text = "Seventy-five people had died of the flu in New York since April."
    start = text.index("New York")
    p = place_in_context("New York", start, start + 8, "GPE", article_context(["New York"]), text)
    assert p.feature == "city"


# --------------------------------------------------------------------------- gazetteer extras


@pytest.mark.parametrize(
    ("name", "feature", "country"),
    [
        ("Cauvery", "river", "IN"),
        ("Lake Titicaca", "lake", "PE"),
        ("the Urals", "mountains", "RU"),
        ("Swat Valley", "valley", "PK"),
        ("Long Island", "island", "US"),
        ("Schiphol", "airport", "NL"),
        ("Fort Detrick", "military_base", "US"),
        ("Kvemo-Kartli", "admin1", "GE"),
        ("Bohol", "admin1", "PH"),
    ],
)
def test_natural_features_sites_and_provinces(name: str, feature: str, country: str) -> None:
    entry, _ = resolve(name, set(), None)
    assert entry is not None and (entry.feature, entry.country) == (feature, country)


def test_namesake_provinces_follow_the_articles_country() -> None:
    # The English Midlands unless the article is about Zimbabwe.
    assert resolve("Midlands", set(), None)[0].country == "GB"
    assert resolve("Midlands", {"ZW"}, None)[0].country == "ZW"
    # Limburg: Dutch or Belgian by the article's country.
    assert resolve("Limburg", {"BE"}, None)[0].country == "BE"
    assert resolve("Limburg", {"NL"}, None)[0].country == "NL"


def test_a_swat_team_is_no_valley(nlp: Language) -> None:
    found = places(nlp, "A SWAT team surrounded the house in Dayton, Ohio, on Sunday night.")
    assert all(p.country != "PK" for p in found)


# --------------------------------------------------------------------------- part of a place


def test_a_place_after_a_part_of_it_and_of(nlp: Language) -> None:
    # NER leaves "Kharkiv" untagged after "district of"; the article is about the city
    text = (
        "Shelling Kills Three\n\nArtillery shells hit a residential district of Kharkiv "
        "on Sunday, killing three people, the regional governor said."
    )
    doc = nlp(make_doc(nlp, Article(text=text, body_start=22)))
    assert [p.name for p in doc._.places] == ["Kharkiv"]
    assert doc._.events and doc._.events[0].place is not None
    assert doc._.events[0].place.name == "Kharkiv"
    # "of" after any other noun is no locative cue ("the mayor of X" may name a person's
    # title, not where something happened)
    for text, expected in (
        ("Shells hit the outskirts of Kharkiv.", True),
        ("Shells hit a district of Kharkiv.", True),
        ("The mayor of Kharkiv spoke.", False),
    ):
        doc = nlp(text)
        i = next(t.i for t in doc if t.text == "Kharkiv")
        assert _after_locative(doc, i) is expected, text
