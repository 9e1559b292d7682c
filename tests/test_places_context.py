"""Places: namesake towns, the article's states, provinces and '<name> County' readings."""

from __future__ import annotations

from spacy.language import Language

from dateline.extract.places import article_states, resolve
from dateline.gazetteer import gazetteer
from dateline.model import Article, Place
from dateline.pipeline import make_doc


def places(nlp: Language, text: str) -> list[Place]:
    return nlp(make_doc(nlp, Article(text=text)))._.places


def test_namesake_towns_of_one_country_are_all_kept() -> None:
    # Two US towns share a name: both must stay in the index, not only the first loaded.
    states = {e.admin1 for e in gazetteer().lookup("Allendale") if e.country == "US"}
    assert {"NJ", "MI"} <= states


def test_the_state_the_article_names_picks_the_town() -> None:
    nj = article_states(["New Jersey"], {"US"})
    mi = article_states(["Michigan"], {"US"})
    assert nj == {"US.NJ"} and mi == {"US.MI"}
    assert resolve("Allendale", {"US"}, None, nj)[0].admin1 == "NJ"
    assert resolve("Allendale", {"US"}, None, mi)[0].admin1 == "MI"


def test_town_and_state_in_a_full_article(nlp: Language) -> None:
    text = (
        "A water main broke in Allendale early on Monday, flooding two streets, the mayor said. "
        "Crews from across New Jersey were sent to help."
    )
    p = next(p for p in places(nlp, text) if p.text == "Allendale")
    assert (p.country, p.lat is not None) == ("US", True)
    assert abs(p.lat - 41.04) < 0.2 and abs(p.lon + 74.13) < 0.2


def test_provinces_the_city_list_lacks() -> None:
    for name, country in (("Hubei", "CN"), ("KwaZulu-Natal", "ZA"), ("Benue State", "NG")):
        entry, conf = resolve(name, set(), None)
        assert entry is not None and entry.country == country and conf > 0, name


def test_county_is_read_as_its_namesake_only_in_a_named_state() -> None:
    # "Orange County": no county list offline; Orange, Calif. lies inside it.
    ca = article_states(["California"], {"US"})
    entry, conf = resolve("Orange County", {"US"}, None, ca)
    assert entry is not None and (entry.country, entry.admin1) == ("US", "CA") and conf < 0.9
    assert resolve("Orange County", {"US"}, None)[0] is None


def test_state_context_from_odd_inputs() -> None:
    assert article_states([], set()) == frozenset()
    assert article_states(["", "🙂", "Qwxzvbnm County"], set()) == frozenset()


def test_country_tagged_as_an_organisation_is_still_a_place(nlp: Language) -> None:
    # NER often labels a country that acts ("Morocco said") as ORG; it is still a place.
    text = "Morocco said on Monday it would close two crossings. Officials in Rabat agreed."
    doc = nlp(make_doc(nlp, Article(text=text)))
    found = doc._.places
    morocco = [p for p in found if p.text == "Morocco"]
    assert morocco and morocco[0].country == "MA" and morocco[0].lat is not None
    # A person's name that is also a town's stays a person.
    text = "Jackson said the talks would resume. Jackson, 54, is a lawyer."
    assert not [p for p in places(nlp, text) if p.text == "Jackson" and p.feature == "city"]
