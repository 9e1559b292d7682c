"""HTML pages: trafilatura for the main text and metadata, page metadata and htmldate for dates.

Dates: the *original* publication date wins. It is taken, in order, from the page's
publication metadata (``article:published_time``, ``datePublished`` in JSON-LD or
microdata...), then from ``<time>`` elements outside embedded posts, then from a
timestamp line under the headline, then from htmldate
(``original_date=True``) run on the page with embedded posts removed, so that neither the
update date nor the date of a quoted tweet is taken for the publication date.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import htmldate
import trafilatura
from lxml import html as lxml_html
from lxml.etree import ParserError, XMLSyntaxError

from dateline.ingest.compose import build_article
from dateline.ingest.dates import Ambiguous, parse_datetime
from dateline.ingest.decode import decode, html_charset
from dateline.ingest.errors import ReadError
from dateline.model import Article, utc_representable


class NoBodyText(ReadError):
    pass


TRAFILATURA_OPTIONS: dict[str, Any] = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": True,
    "favor_precision": True,
}
# A page with less article text than this is a gallery, an index or an error page.
MIN_BODY_WORDS = 8
_WORD = re.compile(r"\w+")
# Opening and closing <time> tags, replaced separately: one pattern for the pair
# (``<time[^>]*>(.*?)</time>``) scanned to the end of the page from every unclosed
# ``<time>``, quadratic (16,000 of them, a 96 KB page, took 26 s; found while fuzzing).
_TIME_OPEN = re.compile(r"(?i)<time\b[^<>]*>")
_TIME_CLOSE = re.compile(r"(?i)</time\s*>")


_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "date",
)
_UPDATED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "lastmod",
    "last-modified",
    "dcterms.modified",
)
# Elements that hold quoted posts: their dates are the post's, not the article's.
_EMBEDS = (
    "//blockquote | //iframe | //*[contains(@class,'twitter-tweet')]"
    " | //*[contains(@class,'instagram-media')] | //*[contains(@class,'embed')]"
)
_ARTICLE_TYPES = re.compile(r"(?i)article|posting|report|webpage")


def to_datetime(value: str | None) -> datetime | None:
    """An ISO or human date string as an aware datetime (naive means UTC); None if unparsable."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = parse_datetime(value)
        except Ambiguous:
            return None
        if when is None:
            return None
    return utc_representable(when if when.tzinfo else when.replace(tzinfo=UTC))


def _meta_dates(tree: Any) -> dict[str, datetime]:
    found: dict[str, datetime] = {}
    seen: dict[str, datetime] = {}
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key not in seen and (when := to_datetime(meta.get("content") or meta.get("datetime"))):
            seen[key] = when
    # The most specific key wins, wherever it stands on the page.
    for field, keys in (("published", _PUBLISHED_META), ("updated", _UPDATED_META)):
        for key in keys:
            if key in seen:
                found[field] = seen[key]
                break
    for script in tree.xpath("//script[@type='application/ld+json']"):
        for item in _ld_items(script.text or ""):
            if not _ARTICLE_TYPES.search(str(item.get("@type", ""))):
                continue
            for field, key in (("published", "datePublished"), ("updated", "dateModified")):
                if field not in found and (when := to_datetime(item.get(key))):
                    found[field] = when
    return found


def _ld_items(raw: str) -> Iterator[dict[str, Any]]:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # RecursionError: JSON-LD nested thousands deep
        return
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            yield item
            if "@graph" in item:
                stack.append(item["@graph"])


def _time_elements(tree: Any) -> dict[str, datetime]:
    """<time datetime> outside embedded posts: 'updated/modified' ones are the update."""
    found: dict[str, datetime] = {}
    for el in tree.xpath("//time[@datetime]"):
        if el.xpath("ancestor::blockquote"):
            continue
        label = " ".join([el.text_content(), el.get("class") or "", el.get("itemprop") or ""])
        field = "updated" if re.search(r"(?i)updat|modif", label) else "published"
        if field not in found and (when := to_datetime(el.get("datetime"))):
            found[field] = when
    return found


def _htmldate_original(tree: Any) -> datetime | None:
    for el in tree.xpath(_EMBEDS):
        el.getparent().remove(el)
    try:
        day = htmldate.find_date(tree, original_date=True, extensive_search=True)
    except Exception:  # htmldate on odd trees: no date rather than no article
        return None
    return to_datetime(day)


def page_dates(tree: Any) -> dict[str, datetime]:
    """Dates the page's markup states (metadata, then <time> outside embedded posts)."""
    dates = _meta_dates(tree)
    for field, when in _time_elements(tree).items():
        dates.setdefault(field, when)
    return dates


def parse_html(
    data: bytes | str, *, url: str | None = None, charset: str | None = None, **fields: Any
) -> Article:
    """An Article from one HTML page; raises NoBodyText when the page has no article text."""
    if isinstance(data, bytes):
        decoded = decode(data, charset or html_charset(data))
        page, encoding, fallback = decoded.text, decoded.encoding, decoded.fallback
    else:
        page, encoding, fallback = data, None, False
    try:
        tree = lxml_html.document_fromstring(page)
    except (ParserError, XMLSyntaxError, ValueError) as exc:
        raise NoBodyText(f"HTML with no body text: the page does not parse ({exc})") from exc
    # The page as a string (trafilatura's own parsing extracts better than our tree), with
    # favor_precision: measured on benchmarks/extraction.py (see benchmarks/README.md).
    # trafilatura drops <time> elements, and with them the date of an embedded post's
    # signature: keep their text (the dates themselves were read from the tree above).
    spans = _TIME_CLOSE.sub("</span>", _TIME_OPEN.sub("<span>", page))
    doc = trafilatura.bare_extraction(spans, url=url, **TRAFILATURA_OPTIONS)
    body = (doc.text or "") if doc is not None else ""
    if not re.search(r"\w", body):
        raise NoBodyText("HTML with no body text: no article text found on the page")
    meta: dict[str, Any] = {"encoding": encoding, "encoding_fallback": fallback}
    meta["url"] = url or (doc.url if doc is not None else None)
    meta["outlet"] = doc.sitename or None
    if doc.author:
        meta["authors"] = [a.strip() for a in doc.author.split(";") if a.strip()]
    meta.update(page_dates(tree))
    meta.update({k: v for k, v in fields.items() if v is not None})
    # A timestamp line under the headline fills what the markup does not say.
    article = build_article(doc.title, body.split("\n"), **meta)
    if len(_WORD.findall(article.text[article.body_start :])) < MIN_BODY_WORDS:
        raise NoBodyText(
            "HTML with no body text: only a headline and page furniture "
            f"(fewer than {MIN_BODY_WORDS} words of article text)"
        )
    if article.published is None:  # last resort: htmldate, embedded posts removed
        article.published = _htmldate_original(tree)
    return article
