"""Assemble an Article from a headline and body paragraphs (the Article.text contract)."""

from __future__ import annotations

import re
from typing import Any

from dateline.ingest.dates import parse_timestamp_line
from dateline.ingest.furniture import is_furniture
from dateline.model import Article

_WORD = re.compile(r"\w")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
# A byline paragraph right under the headline: "By Jane Doe and John Roe".
_BYLINE = re.compile(r"^By\s+(?P<names>[A-Z][\w.'’-]+(?:[\s,]+(?:and\s+)?[A-Z][\w.'’-]+){0,8})$")


def clean_paragraph(text: str) -> str:
    """One paragraph on one line: inner line breaks and runs of spaces become one space."""
    return _SPACES.sub(" ", " ".join(text.split("\n"))).strip()


def byline_authors(line: str) -> list[str] | None:
    m = _BYLINE.match(line.strip())
    if not m:
        return None
    names = re.split(r",\s*|\s+and\s+", m.group("names"))
    return [n.strip() for n in names if n.strip()]


def build_article(title: str | None, paragraphs: list[str], **fields: Any) -> Article:
    """Headline, then paragraphs, separated by blank lines; furniture and empties dropped.

    The ``.id`` is computed here; the caller sets ``.source`` before or after.
    """
    title = clean_paragraph(title or "")
    # A paragraph with no word character is a separator ("·", "***"), not text.
    body = [p for p in map(clean_paragraph, paragraphs) if _WORD.search(p) and not is_furniture(p)]
    if title and body and body[0] == title:  # the headline repeated as the first paragraph
        body = body[1:]
    # Dates and bylines printed under the headline are metadata, not text: they fill
    # published/updated/authors when the caller does not already know them.
    while body:
        stamps = parse_timestamp_line(body[0])
        authors = None if stamps else byline_authors(body[0])
        if stamps is None and authors is None:
            break
        if stamps is not None:
            if stamps.ambiguous:
                fields.setdefault("date_ambiguous", stamps.ambiguous)
            for key in ("published", "updated"):
                if fields.get(key) is None and getattr(stamps, key) is not None:
                    fields[key] = getattr(stamps, key)
        elif not fields.get("authors"):
            fields["authors"] = authors
        body = body[1:]
    if title:
        text = "\n\n".join([title, *body])
        body_start = len(title) + 2 if body else len(title)
    else:
        text = "\n\n".join(body)
        body_start = 0
    return Article(title=title or None, text=text, body_start=body_start, **fields).with_id()
