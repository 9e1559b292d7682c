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
from functools import lru_cache
from urllib.parse import urlparse

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from dateline.extract.doctext import doc_text
from dateline.gazetteer import GeoEntry, facility_names, fold, gazetteer
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
    import yaml

    from dateline.config import DATA_DIR

    path = DATA_DIR / "demonyms.yaml"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    return {k.casefold(): v for k, v in (data.get("demonyms") or {}).items()}


def demonym_country(text: str) -> str | None:
    """ISO code of a demonym ("Afghan", "Afghans" → AF), else None."""
    return _demonyms().get(text.strip().casefold())


def score(
    entry: GeoEntry, countries: set[str], outlet: str | None, states: frozenset[str] = frozenset()
) -> float:
    s = math.log10(entry.population + 10)
    s += _FEATURE_PRIOR.get(entry.feature, 0.0)
    if entry.feature not in _PLAIN_FEATURES:
        s += _CURATED_BONUS
    if entry.country and entry.country in countries and entry.feature != "country":
        s += _CONTEXT_BONUS
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


def resolve(
    text: str, countries: set[str], outlet: str | None, states: frozenset[str] = frozenset()
) -> tuple[GeoEntry | None, float]:
    """Best gazetteer entry for a mention, with a confidence in [0, 1]."""
    hits = candidates(text)
    factor = 1.0
    if not hits and (m := _ADMIN_SUFFIX.match(_LEAD.sub("", text.strip()))):
        # The unit is unknown but its namesake often lies inside it: a rougher reading.
        hits = [e for e in candidates(m[1]) if e.feature in ("city", "admin1", "region")]
        if m["unit"].lower() in _LOCAL_UNITS:
            hits = [e for e in hits if f"{e.country}.{e.admin1}" in states]
        factor = 0.7
    if not hits:
        return None, 0.0
    ranked = sorted(((score(e, countries, outlet, states), e) for e in hits), key=lambda x: -x[0])
    best_s, best = ranked[0]
    if len(ranked) == 1:
        return best, round(0.9 * factor, 3)
    margin = best_s - ranked[1][0]
    return best, round((0.5 + 0.45 * (1 - math.exp(-margin))) * factor, 3)


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
    for s, e in _phrase_matches(doc):
        found.append((s, e, "CURATED"))
    skip = _not_places(doc)
    found.extend(_missed_by_ner(doc, skip))
    for ent in doc.ents:
        if (ent.start_char, ent.end_char) in skip:
            continue
        if ent.label_ in PLACE_LABELS or (
            ent.label_ == "NORP"
            and (demonym_country(ent.text) or fold(ent.text) in gazetteer().demonyms)
        ):
            found.append((ent.start_char, ent.end_char, ent.label_))
    found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    out: list[tuple[int, int, str]] = []
    for m in found:
        if all(m[1] <= o[0] or m[0] >= o[1] for o in out):
            out.append(m)
    return sorted(out)


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
}
_MISSABLE = {"ORG", "PERSON", "PRODUCT", "WORK_OF_ART", ""}


def _known_place(text: str) -> bool:
    return any(
        e.feature in ("country", "admin1")
        or (e.feature == "city" and e.population >= 100_000 and e.primary)
        for e in candidates(text)
    )


def _country_or_state(text: str) -> bool:
    """A name whose first reading is a country or a first-level division (not a town)."""
    best, _ = resolve(text, set(), None)
    return best is not None and best.feature in ("country", "admin1") and text[:1].isupper()


def _missed_by_ner(doc: Doc, skip: set[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Well-known places NER tagged as ORG/PERSON or missed, after a locative word ("reached Hyderabad")."""
    out: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        if ent.label_ in ("ORG", "PERSON") and (ent.start_char, ent.end_char) not in skip:
            prev = doc[ent.start - 1].lower_ if ent.start > 0 else ""
            if (prev in _LOCATIVE and _known_place(ent.text)) or _country_or_state(ent.text):
                # "Cyprus said", "in Hyderabad": NER's ORG/PERSON on a name that is a place
                out.append((ent.start_char, ent.end_char, "GAZ"))
    for tok in doc:
        if (
            tok.ent_type_
            or not tok.is_title
            or tok.i == 0
            or doc[tok.i - 1].lower_ not in _LOCATIVE
        ):
            continue
        if _known_place(tok.text):
            out.append((tok.idx, tok.idx + len(tok.text), "GAZ"))
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


def _article_countries(texts: list[str]) -> set[str]:
    """Countries the article names: country mentions and unambiguous places."""
    out: set[str] = set()
    for text in texts:
        hits = candidates(text)
        if any(h.feature == "country" for h in hits):
            out.update(h.country for h in hits if h.feature == "country" and h.country)
        elif len({h.country for h in hits}) == 1 and hits[0].country:
            out.add(hits[0].country)
        elif (code := demonym_country(text)) is not None:
            out.add(code)
    return out


def article_states(texts: list[str], countries: set[str]) -> frozenset[str]:
    """First-level divisions the article names ("N.J." -> "US.NJ"), as country.admin1 keys."""
    out: set[str] = set()
    for text in texts:
        best, conf = resolve(text, countries, None)
        if best is None or not best.admin1:
            continue
        # A state named, or a big city read with confidence: its state is the article's.
        if best.feature == "admin1" or (best.population >= 100_000 and conf >= 0.8):
            out.add(f"{best.country}.{best.admin1}")
    return frozenset(out)


def extract_places(doc: Doc) -> list[Place]:
    article: Article | None = doc._.article
    outlet = _tld_country(article)
    mentions = _mentions(doc)
    texts = [doc_text(doc)[s:e] for s, e, _ in mentions]
    countries = _article_countries(texts)
    states = article_states(texts, countries)
    places: list[Place] = []
    for (s, e, label), text in zip(mentions, texts, strict=True):
        places.append(_place(text, s, e, label, countries, outlet, states))
    return places


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
) -> Place:
    entry, conf = resolve(text, countries, outlet, states)
    if entry is None or (entry.feature == "city" and entry.population < 100_000) or label == "NORP":
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
        return Place(text=text, start=s, end=e, name=text, confidence=0.0, label=label)
    return Place(
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


class PlacesExtractor:
    def __call__(self, doc: Doc) -> Doc:
        doc._.places = extract_places(doc)
        return doc


@Language.factory("dateline_places")
def make_places_extractor(nlp: Language, name: str) -> PlacesExtractor:
    return PlacesExtractor()
