"""The data types every layer shares: the facts of one article (see docs/facts.md).

Field names are the contract of ``dateline analyze --json``, the store, the API and the
exports. Add fields freely; rename none without a migration note in CHANGELOG.md.
Every fact carries ``start``/``end``: character offsets into ``Article.text``.
Unknown is ``None``, never a guess.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = 1


class Fact(BaseModel):
    """Base of every record: extra fields are allowed so extractors can grow."""

    model_config = ConfigDict(extra="allow")


class Span(Fact):
    """A piece of the article text."""

    text: str
    start: int
    end: int


# --------------------------------------------------------------------------- article


class Article(Fact):
    id: str = ""
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    authors: list[str] = Field(default_factory=list)
    published: datetime | None = None  # original publication, never the update
    updated: datetime | None = None
    language: str = "en"
    # The clean text: the headline as the first paragraph, then the body;
    # paragraphs are separated by one blank line ("\n\n").
    text: str = ""
    source: str | None = None  # path, URL or "stdin:N" the article was read from
    encoding: str | None = None  # charset the bytes were decoded with
    encoding_fallback: bool = False  # True when the declared charset failed
    # Character offset where the body starts (after the headline paragraph).
    body_start: int = 0

    @field_validator("title", "url", "outlet", "text", "source", mode="after")
    @classmethod
    def _no_lone_surrogates(cls, value: str | None) -> str | None:
        # JSON escapes ("\ud800") and surrogateescape decoding can leave halves of UTF-16
        # pairs, which UTF-8 (the hash, SQLite, PostgreSQL) cannot encode.
        return value if value is None else LONE_SURROGATE.sub("\ufffd", value)

    @field_validator("published", "updated", mode="after")
    @classmethod
    def _utc_representable(cls, value: datetime | None) -> datetime | None:
        return None if value is None else utc_representable(value)

    def with_id(self) -> Article:
        self.id = article_id(self.text, self.url)
        return self


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def utc_representable(when: datetime) -> datetime | None:
    """``when``, or None when it has no UTC equivalent (0001-01-01 at +05:00, 9999-12-31
    at -12:00): every layer reads dates in UTC, and such a date failed the article with
    OverflowError (found while fuzzing). Readers and the model both apply it."""
    if when.tzinfo is None:
        return when
    try:
        when.astimezone(UTC)
    except OverflowError:
        return None
    return when


def normalise_text(text: str) -> str:
    """The form the article id is computed on: NFC, unified whitespace, trimmed."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r"\s*\n\s*", "\n", text)
    return text.strip()


def article_id(text: str, url: str | None = None) -> str:
    """sha256 of the normalised text, plus the URL when known."""
    h = hashlib.sha256(normalise_text(text).encode("utf-8"))
    if url:
        h.update(b"\x00" + url.strip().encode("utf-8"))
    return h.hexdigest()


# --------------------------------------------------------------------------- entities


class Mention(Span):
    pass


class Entity(Fact):
    canonical: str
    type: str  # spaCy label: ORG, PERSON, GPE, NORP, FAC, LOC, ...
    qid: str | None = None  # Wikidata id when the actor knowledge base knows it
    kind: str | None = None  # armed_group, state, military, person, outlet, ...
    mentions: list[Mention] = Field(default_factory=list)


# --------------------------------------------------------------------------- quotes

QuoteKind = Literal["direct", "partial", "indirect"]
ResolvedBy = Literal["explicit", "pronoun", "role_noun", "continuation", "none"]


class Speaker(Fact):
    text: str | None = None
    start: int | None = None
    end: int | None = None
    canonical: str | None = None
    description: str | None = None
    anonymous: bool = False
    resolved_by: ResolvedBy = "none"


class Quote(Span):
    kind: QuoteKind
    speaker: Speaker = Field(default_factory=Speaker)
    cue: str | None = None
    hedge: str | None = None  # asserted, claimed, alleged, denied, not_ruled_out, according_to
    via: list[str] = Field(default_factory=list)
    addressee: str | None = None
    question: bool = False  # a reporter's question ("when asked whether ..."), not a statement
    cue_start: int | None = None  # offsets of the cue words in the text
    cue_end: int | None = None


# --------------------------------------------------------------------------- times

TimeType = Literal["DATE", "TIME", "DURATION", "SET"]


class TimeExpr(Span):
    type: TimeType
    value: str | None = None  # TIMEX3-style value
    interval: list[str | None] | None = None  # [from, to], ISO 8601
    anchor: str | None = None  # "published", "event:<id>", "explicit"


# --------------------------------------------------------------------------- places


class Place(Span):
    name: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None  # city, country, airport, ...
    geonameid: int | None = None
    confidence: float | None = None


# --------------------------------------------------------------------------- events


class EventDate(Fact):
    value: str | None = None
    from_time: int | None = None  # index into ArticleFacts.times


class EventPlace(Fact):
    name: str | None = None
    from_place: int | None = None  # index into ArticleFacts.places


class EventActor(Fact):
    canonical: str
    role: str = "perpetrator"
    basis: str | None = None  # claimed, attributed, suspected, asserted


class EventTarget(Fact):
    text: str
    canonical: str | None = None
    start: int | None = None
    end: int | None = None


class Casualties(Fact):
    group: str | None = None
    killed: int | None = None
    injured: int | None = None
    qualifier: str = "exact"  # exact, at_least, over, about, unknown
    start: int | None = None
    end: int | None = None


class Claim(Fact):
    claimant: str
    status: str = "claimed"  # claimed, denied, attributed


class Event(Fact):
    id: str
    type: str  # PLOVER event type
    mode: str | None = None
    gtd_attack_type: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    trigger: Span | None = None
    mentions: list[Span] = Field(default_factory=list)
    date: EventDate | None = None
    place: EventPlace | None = None
    actors: list[EventActor] = Field(default_factory=list)
    targets: list[EventTarget] = Field(default_factory=list)
    instrument: list[Span] = Field(default_factory=list)
    casualties: list[Casualties] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    hedge: str = "asserted"
    confidence: float | None = None


# --------------------------------------------------------------------------- structure


class Embed(Fact):
    """A post quoted inside the article (a tweet and the like)."""

    author: str | None = None
    handle: str | None = None
    date: str | None = None
    text: str | None = None
    start: int
    end: int


class Note(Span):
    """An editor's footnote or disclaimer ("*X is banned in Russia")."""


class ArticleFacts(Fact):
    """Everything Dateline knows about one article: the object of docs/facts.md."""

    article: Article
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    times: list[TimeExpr] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    embeds: list[Embed] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)


# The kinds of per-article fact, in the order they appear in the JSON.
FACT_KINDS: tuple[str, ...] = ("entities", "quotes", "times", "places", "events", "embeds", "notes")


class IngestError(Fact):
    """An article that could not be read or analysed: recorded, never fatal to a batch."""

    source: str
    reason: str
    stage: str = "read"  # read, analyse, store
    time: datetime | None = None
