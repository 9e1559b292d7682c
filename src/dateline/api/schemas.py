"""Response and request models of the REST API: they make /openapi.json and /docs say what
each endpoint returns. Rows come from the store and the corpus layer as dicts; the models
allow extra fields so a layer that grows a column shows up without an API change."""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class Open(BaseModel):
    """A row that may carry more fields than listed."""

    model_config = ConfigDict(extra="allow")


# --------------------------------------------------------------------------- errors


class ErrorDetail(BaseModel):
    loc: list[str | int] = Field(default_factory=list, description="Where: e.g. query, limit.")
    message: str
    type: str | None = None


class ErrorInfo(BaseModel):
    status: int
    code: str = Field(description="not_found, bad_request, unauthorized, forbidden, ...")
    message: str
    details: list[ErrorDetail] = Field(default_factory=list)


class ErrorBody(BaseModel):
    """Every error the API returns has this one shape."""

    error: ErrorInfo


# --------------------------------------------------------------------------- pages


class Page(BaseModel, Generic[T]):
    """One page of a listing; ``next_offset`` is null on the last page."""

    items: list[T]
    limit: int
    offset: int
    next_offset: int | None = None


# --------------------------------------------------------------------------- articles


class ArticleSummary(Open):
    id: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    updated: str | None = None
    source: str | None = None
    ingested_at: str | None = None
    n_quotes: int = 0
    n_events: int = 0


class ArticleIn(BaseModel):
    """One article posted as JSON (the fields of a JSONL line)."""

    model_config = ConfigDict(extra="allow")

    text: str = Field(description="The body; the first line is not taken as the headline.")
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = Field(None, description="ISO 8601 or a human date.")
    updated: str | None = None
    authors: list[str] | str | None = None
    language: str | None = None


class IngestItem(BaseModel):
    status: Literal["stored", "duplicate", "failed"]
    id: str | None = None
    title: str | None = None
    source: str | None = None
    reason: str | None = None


class IngestResult(BaseModel):
    stored: int
    duplicates: int
    failed: int
    items: list[IngestItem]
    corpus: dict[str, Any] | None = Field(
        None, description="What the incremental corpus update did (families, fused events)."
    )


# --------------------------------------------------------------------------- quotes


class QuoteRow(Open):
    article_id: str
    idx: int
    kind: str
    text: str
    start: int
    end: int
    speaker_text: str | None = None
    speaker_canonical: str | None = None
    speaker_description: str | None = None
    anonymous: bool = False
    resolved_by: str | None = None
    cue: str | None = None
    hedge: str | None = None
    via: list[str] = Field(default_factory=list)
    addressee: str | None = None
    question: bool = False
    title: str | None = None
    published: str | None = None
    outlet: str | None = None


# --------------------------------------------------------------------------- events


class FusedEvent(Open):
    """One real-world event fused from the reports of several articles."""

    id: str
    type: str | None = None
    mode: str | None = None
    date: str | None = None
    date_range: list[str | None] | None = None
    place: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    perpetrators: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    n_reports: int = 0
    n_families: int = 0


class FusedEventDetail(FusedEvent):
    reports: list[dict[str, Any]] = Field(default_factory=list)
    discrepancies: list[dict[str, Any]] = Field(default_factory=list)


class CompareValue(BaseModel):
    report_key: str
    article_id: str | None = None
    outlet: str | None = None
    published: str | None = None
    value: Any = None


class CompareRow(BaseModel):
    """One field across the reports; ``differs`` when the corpus layer found a discrepancy."""

    field: str
    differs: bool
    values: list[CompareValue]


class Comparison(FusedEventDetail):
    comparison: list[CompareRow] = Field(default_factory=list)


class RelinkResult(Open):
    report_key: str
    fused_id: str


class UnlinkIn(BaseModel):
    report_key: str = Field(min_length=1, max_length=300, description="<article id>:<event id>")


class LinkIn(UnlinkIn):
    fused_id: str = Field(min_length=1, max_length=100, description="The fused event to join.")


# --------------------------------------------------------------------------- actors


class ActorRow(BaseModel):
    actor: str
    as_perpetrator: int
    as_target: int


class Alias(BaseModel):
    alias: str
    sources: list[str]


class ActorProfile(Open):
    actor: str
    as_perpetrator: list[FusedEvent]
    as_target: list[FusedEvent]
    quotes_by: list[dict[str, Any]]
    quotes_about: list[dict[str, Any]]
    aliases: list[Alias]
    counts: dict[str, int]


# --------------------------------------------------------------------------- search


class ArticleHit(Open):
    id: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    snippet: str | None = None
    score: float | None = None


class QuoteHit(Open):
    article_id: str
    idx: int
    text: str
    speaker_text: str | None = None
    speaker_canonical: str | None = None
    anonymous: bool = False
    hedge: str | None = None
    snippet: str | None = None
    score: float | None = None


class SearchResult(BaseModel):
    query: str
    articles: list[ArticleHit]
    quotes: list[QuoteHit]
