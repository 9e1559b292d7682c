"""The actor knowledge base: canonical names, aliases, demonyms and titles.

The KB ships in ``dateline/data/actors/*.yaml`` (see the README there) and is loaded once
per process (:func:`load_kb`). Other layers use :func:`lookup` / :func:`canonical` to put an
actor under one name whatever alias an outlet uses, :func:`demonym_country` for "Afghan" →
AF, and :func:`strip_title` for "US President Joe Biden" → ("Joe Biden", "President of the
United States").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.lang.en.stop_words import STOP_WORDS

from dateline.config import DATA_DIR

ACTORS_DIR = DATA_DIR / "actors"

# spaCy label an actor's mentions carry, by kind (anything else is an ORG).
KIND_LABEL: dict[str, str] = {"state": "GPE", "person": "PERSON"}

# Lower-case words that are also short acronyms in the KB; such an alias ("IS", "US",
# "WHO") only matches with its exact case and outside all-caps text.
COMMON_WORDS = frozenset(STOP_WORDS) | {
    "raw", "tip", "site", "base", "dawn", "guardian", "economist", "amnesty", "ana",
    "gallant", "wagner", "akhmat", "talib", "basij", "milf", "ria", "cv", "sana", "let", "ice",
}  # fmt: skip

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-", "‐": "-"})
_LEADING_THE = re.compile(r"^(?:the)\s+", re.IGNORECASE)
MAX_NAME_CHARS = 300  # longer text is not a name (and is not worth caching)
_POSSESSIVE = re.compile(r"(?:'s|')$")
_EDGE_JUNK = re.compile(r"^[\s\"'*“”«»(\[]+|[\s\"'*“”«»)\],.;:!?]+$")


@dataclass(frozen=True)
class Role:
    title: str
    start: int | None = None  # year
    end: int | None = None


@dataclass(frozen=True)
class Actor:
    name: str
    kind: str
    sector: str | None = None
    country: str | None = None
    qid: str | None = None
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    article: str | None = None  # "the" for "the United States"

    @property
    def label(self) -> str:
        """The spaCy entity label this actor's mentions should carry."""
        return KIND_LABEL.get(self.kind, "ORG")

    @property
    def role_titles(self) -> list[str]:
        return [r.title for r in self.roles]

    @property
    def display(self) -> str:
        """Name as used inside a phrase: "the United States"."""
        return f"{self.article} {self.name}" if self.article else self.name


@dataclass
class KnowledgeBase:
    actors: dict[str, Actor] = field(default_factory=dict)
    # Aliases matched with their exact case (acronyms, persons, common words).
    exact: dict[str, str] = field(default_factory=dict)
    # Normalised (case-folded) aliases matched whatever their case.
    folded: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)  # "Afghan" -> "AF"
    demonyms_folded: dict[str, str] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)  # "AF" -> "Afghanistan"
    titles: dict[str, str] = field(default_factory=dict)  # "foreign minister" -> canonical
    honorifics: frozenset[str] = frozenset()
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)
    # (alias as written, canonical name, case-sensitive): what the PhraseMatchers look for.
    patterns: list[tuple[str, str, bool]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.actors)

    def aliases(self) -> list[tuple[str, str, bool]]:
        """Every (alias as written, canonical name, case-sensitive) the KB matches in text."""
        return list(self.patterns)

    def state_for(self, code: str) -> Actor | None:
        name = self.countries.get(code)
        return self.actors.get(name) if name else None


# --------------------------------------------------------------------------- normalising


def clean_mention(text: str) -> str:
    """A mention's text without edge punctuation, a trailing "*", "the" or a possessive."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    text = " ".join(text.split())
    text = _EDGE_JUNK.sub("", text)
    text = _POSSESSIVE.sub("", text)
    text = _LEADING_THE.sub("", text)
    return _EDGE_JUNK.sub("", text)


def fold(text: str) -> str:
    """The case-insensitive index key of a name."""
    return clean_mention(text).casefold()


def is_case_sensitive(alias: str, kind: str) -> bool:
    """Whether an alias must match with its exact case to be safe."""
    core = alias.replace(".", "").replace("-", "")
    if kind == "person" and " " not in alias:
        return True
    if " " not in alias and any(c.isupper() for c in alias[1:]):
        return True  # "LeT", "JeM", "FAMa": mixed case means an acronym
    if core.isupper() and len(core) <= 5:
        return True
    if any(c.isdigit() for c in alias) and len(alias) <= 4:
        return True
    return alias.casefold() in COMMON_WORDS


def is_risky(alias: str) -> bool:
    """A short acronym that is also an English word ("IS", "US", "WHO", "AP", "UN")."""
    core = alias.replace(".", "")
    return core.isupper() and (len(core) <= 2 or core.casefold() in COMMON_WORDS)


# --------------------------------------------------------------------------- loading


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is ~10x faster


def _read_yaml(path: Path) -> object:
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader)  # noqa: S506 (a safe loader)


def _actor_from_record(rec: dict) -> Actor:
    roles = tuple(
        Role(r["title"], r.get("from"), r.get("to")) if isinstance(r, dict) else Role(str(r))
        for r in rec.get("roles") or []
    )
    aliases = tuple(dict.fromkeys(str(a) for a in rec.get("aliases") or [] if a))
    return Actor(
        name=str(rec["name"]),
        kind=str(rec.get("kind") or "org"),
        sector=rec.get("sector"),
        country=rec.get("country"),
        qid=rec.get("qid"),
        parent=rec.get("parent"),
        aliases=aliases,
        roles=roles,
        article=rec.get("article"),
    )


def build_kb(actors_dir: Path = ACTORS_DIR, data_dir: Path = DATA_DIR) -> KnowledgeBase:
    """Read the YAML files into a KB (use :func:`load_kb` for the cached one)."""
    kb = KnowledgeBase()
    for path in sorted(actors_dir.glob("*.yaml")):
        for rec in _read_yaml(path) or []:
            actor = _actor_from_record(rec)
            if actor.name in kb.actors:
                kb.conflicts.append((actor.name, kb.actors[actor.name].name, "duplicate name"))
                continue
            kb.actors[actor.name] = actor
    # Canonical names first so an alias never shadows another actor's own name.
    for actor in kb.actors.values():
        _index(kb, actor.name, actor)
    for actor in kb.actors.values():
        for alias in actor.aliases:
            _index(kb, alias, actor)
    dem = _read_yaml(data_dir / "demonyms.yaml") or {}
    kb.countries = dict(dem.get("countries") or {})
    kb.demonyms = dict(dem.get("demonyms") or {})
    kb.demonyms_folded = {k.casefold(): v for k, v in kb.demonyms.items()}
    titles = _read_yaml(data_dir / "titles.yaml") or {}
    kb.titles = {k.casefold(): v for k, v in (titles.get("titles") or {}).items()}
    kb.honorifics = frozenset(h.casefold() for h in titles.get("honorifics") or [])
    return kb


def _index(kb: KnowledgeBase, raw: str, actor: Actor) -> None:
    alias = clean_mention(raw)
    if not alias:
        return
    if is_case_sensitive(alias, actor.kind):
        table, key = kb.exact, alias
    else:
        table, key = kb.folded, alias.casefold()
    have = table.get(key)
    if have is None:
        table[key] = actor.name
    elif have != actor.name:
        kb.conflicts.append((alias, have, actor.name))
        return
    pattern = _LEADING_THE.sub("", " ".join(raw.split())).translate(_QUOTES)
    kb.patterns.append((pattern, actor.name, table is kb.exact))
    if "'" in pattern:  # typographic apostrophes are common in news text
        kb.patterns.append((pattern.replace("'", "’"), actor.name, table is kb.exact))


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    """The process-wide KB, read once."""
    return build_kb()


# --------------------------------------------------------------------------- lookups


@lru_cache(maxsize=32768)  # names repeat across articles: look each up once
def _lookup(name: str) -> Actor | None:
    """Cached body of :func:`lookup`."""
    kb = load_kb()
    clean = clean_mention(name)
    if not clean:
        return None
    hit = kb.exact.get(clean) or kb.folded.get(clean.casefold())
    if hit is None and " " in clean:
        # "US President Joe Biden": the name behind a title.
        bare, _ = strip_title(clean)
        if bare and bare != clean:
            hit = kb.exact.get(bare) or kb.folded.get(bare.casefold())
    return kb.actors.get(hit) if hit else None


def lookup(name: str) -> Actor | None:
    """The actor a name refers to ("Daesh-K" → Islamic State Khorasan Province), or None."""
    if len(name) > MAX_NAME_CHARS:
        return None
    return _lookup(name)


@lru_cache(maxsize=32768)  # names repeat across articles: look each up once
def _canonical(name: str) -> str:
    """Cached body of :func:`canonical`."""
    actor = lookup(name)
    if actor is not None:
        return actor.name
    bare, _ = strip_title(clean_mention(name))
    return bare or clean_mention(name)


def canonical(name: str) -> str:
    """The KB name of an actor, or the cleaned mention when the KB does not know it."""
    if len(name) > MAX_NAME_CHARS:
        return clean_mention(name)
    return _canonical(name)


@lru_cache(maxsize=32768)  # names repeat across articles: look each up once
def _demonym_country(word: str) -> str | None:
    """Cached body of :func:`demonym_country`."""
    kb = load_kb()
    clean = clean_mention(word)
    return kb.demonyms.get(clean) or kb.demonyms_folded.get(clean.casefold())


def demonym_country(word: str) -> str | None:
    """ISO alpha-2 code of the country a demonym refers to ("Afghan" → "AF"), else None."""
    if len(word) > MAX_NAME_CHARS:
        return None
    return _demonym_country(word)


def country_name(code: str | None) -> str | None:
    """Canonical KB name of a country code ("AF" → "Afghanistan")."""
    return load_kb().countries.get(code or "")


# --------------------------------------------------------------------------- titles

_MAX_TITLE_WORDS = 4
_MAX_AFFIL_WORDS = 5


def _affiliation(words: list[str], pos: int) -> tuple[Actor | None, str | None, int]:
    """Longest actor or demonym starting at ``pos``: (actor, country code, words used)."""
    for n in range(min(_MAX_AFFIL_WORDS, len(words) - pos), 0, -1):
        phrase = " ".join(words[pos : pos + n])
        code = demonym_country(phrase)
        if code:
            return load_kb().state_for(code), code, n
        actor = lookup_exact(phrase)
        if actor is not None and actor.kind != "person":
            return actor, actor.country, n
    return None, None, 0


@lru_cache(maxsize=32768)  # names repeat across articles: look each up once
def _lookup_exact(name: str) -> Actor | None:
    """Cached body of :func:`lookup_exact`."""
    kb = load_kb()
    clean = clean_mention(name)
    hit = kb.exact.get(clean) or kb.folded.get(clean.casefold())
    return kb.actors.get(hit) if hit else None


def lookup_exact(name: str) -> Actor | None:
    """Like :func:`lookup` without title stripping (for parsing titles themselves)."""
    if len(name) > MAX_NAME_CHARS:
        return None
    return _lookup_exact(name)


def _title_at(words: list[str], pos: int) -> tuple[str | None, int]:
    titles = load_kb().titles
    for n in range(min(_MAX_TITLE_WORDS, len(words) - pos), 0, -1):
        key = " ".join(words[pos : pos + n]).casefold().translate(_QUOTES)
        if key in titles:
            return key, n
    return None, 0


def parse_title(words: list[str]) -> tuple[str | None, int]:
    """Parse a title prefix ("US President", "CNN correspondent", "Taliban's spokesman").

    Returns the role phrase (None for honorifics only) and how many words it used; (None, 0)
    when the words do not start with a title.
    """
    kb = load_kb()
    pos = 0
    affil, code, used = _affiliation(words, 0)
    pos += used
    found: list[str] = []
    while pos < len(words):
        key, n = _title_at(words, pos)
        if key is None:
            break
        found.append(key)
        pos += n
    if not found:
        return None, 0
    roles = [k for k in found if k not in kb.honorifics]
    if not roles:
        return None, pos
    title = " ".join(kb.titles[k] for k in roles)
    return role_phrase(title, affil, code), pos


def role_phrase(title: str, affil: Actor | None, code: str | None = None) -> str:
    """ "President" + United States → "President of the United States"; else "CNN correspondent"."""
    if affil is None:
        return title
    if affil.kind == "state" and title[:1].isupper():
        return f"{title} of {affil.display}"
    return f"{affil.name} {title}"


@lru_cache(maxsize=32768)  # names repeat across articles: look each up once
def _strip_title(text: str) -> tuple[str, str | None]:
    """Cached body of :func:`strip_title`."""
    words = clean_mention(text).split()
    if len(words) < 2:
        return " ".join(words), None
    role, used = parse_title(words[:-1])
    if used == 0:
        return " ".join(words), None
    return " ".join(words[used:]), role


def strip_title(text: str) -> tuple[str, str | None]:
    """Split "US President Joe Biden" into ("Joe Biden", "President of the United States")."""
    if len(text) > MAX_NAME_CHARS:
        return clean_mention(text), None
    return _strip_title(text)


# --------------------------------------------------------------------------- state forces

# What "Russian warplanes", "Pakistani security forces" or "Kenyan police" name: a state's
# armed forces or its police, when a demonym or the state's name comes right before.
MILITARY_NOUNS = frozenset(
    {
        "troops", "troop", "forces", "force", "soldiers", "soldier", "army", "military",
        "servicemen", "serviceman", "service members", "servicemembers", "marines",
        "commandos", "paratroopers", "special forces", "security forces", "armed forces",
        "air force", "navy", "warplanes", "warplane", "jets", "fighter jets", "aircraft",
        "helicopters", "helicopter", "gunships", "helicopter gunships", "warships",
        "artillery", "tanks", "drones", "units", "patrol", "patrols", "sailors", "airmen",
    }
)  # fmt: skip
POLICE_NOUNS = frozenset(
    {"police", "policemen", "policeman", "police officers", "police officer", "gendarmes",
     "riot police", "gendarmerie", "security police"}
)  # fmt: skip
# Words that may stand between the state and the noun ("Pakistani *government* forces").
FORCE_MODIFIERS = frozenset(
    {"security", "armed", "government", "regular", "elite", "ground", "naval", "federal",
     "national", "military", "border", "special", "regime", "state", "army", "air"}
)  # fmt: skip
_FORCE_PROBES = {
    "military": ("military", "armed forces", "army", "forces", "troops"),
    "police": ("police", "national police"),
}


@lru_cache(maxsize=512)
def state_force(code: str, kind: str) -> Actor | None:
    """The armed forces (``kind`` "military") or national police ("police") of a country,
    as the KB names them: the actor its "<Demonym> military" / "<Demonym> police" aliases
    point to (a country with several police forces and none national has none)."""
    kb = load_kb()
    state = kb.state_for(code)
    forms = [d for d, c in kb.demonyms.items() if c == code and not d.endswith("s")]
    if state is not None:
        forms += [state.name, *state.aliases]
    for probe in _FORCE_PROBES.get(kind, ()):
        for form in forms:
            actor = lookup_exact(f"{form} {probe}")
            if actor is not None and actor.kind == kind and actor.country == code:
                return actor
    return None


def force_kind(words: list[str]) -> str | None:
    """ "military" or "police" for the words after a state ("security forces", "police")."""
    text = " ".join(w.casefold() for w in words)
    if text in POLICE_NOUNS:
        return "police"
    if text in MILITARY_NOUNS:
        return "military"
    return None


_BRANCH = re.compile(
    r"(?P<before>.+?)(?:'s|’s)\s+(?P<word>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)\s+"
    r"(?:branch|affiliate|province|wing|franchise|offshoot|chapter)\b"
)


def branch(phrase: str) -> Actor | None:
    """ "Islamic State's Sahel branch", "fighters of the Islamic State's Afghan affiliate":
    the KB actor whose parent is the group named and whose name, alias or country the word
    gives."""
    m = _BRANCH.search(phrase)
    if m is None:
        return None
    words = m["before"].split()
    parent = next(
        (a for n in range(min(5, len(words)), 0, -1) if (a := lookup(" ".join(words[-n:])))),
        None,
    )
    if parent is None:
        return None
    word, code = m["word"], demonym_country(m["word"])
    kids = [a for a in load_kb().actors.values() if a.parent == parent.name]
    for kid in kids:
        if any(re.search(rf"\b{re.escape(word)}\b", n) for n in (kid.name, *kid.aliases)):
            return kid
    same_country = [k for k in kids if code and k.country == code]
    return same_country[0] if len(same_country) == 1 else None
