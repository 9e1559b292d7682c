"""Plain-text articles: a title line, an optional timestamp line, then the body.

Paragraphs: when the body has blank lines between blocks of several lines (hard-wrapped
text), each blank-line block is a paragraph and its lines are joined; otherwise each
non-empty line is a paragraph (the usual form of copied web articles). A signature line
of an embedded post (``— Name (@handle) ...``) and a ``*`` footnote line always stay
paragraphs of their own. Page furniture lines are dropped.
"""

from __future__ import annotations

import re
from typing import Any

from dateline.ingest.compose import build_article, byline_authors
from dateline.ingest.dates import parse_timestamp_line
from dateline.ingest.furniture import is_furniture
from dateline.model import Article

# Lines that start a paragraph of their own even inside a hard-wrapped block.
_OWN_LINE = re.compile(r"^\s*(?:[—–]|--?\s|\*\S)")


def split_paragraphs(lines: list[str]) -> list[str]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    wrapped = len(blocks) > 1 and any(len(b) > 1 for b in blocks)
    if not wrapped:
        return [line for b in blocks for line in b]
    paragraphs: list[str] = []
    for block in blocks:
        current: list[str] = []
        for line in block:
            if _OWN_LINE.match(line) and current:
                paragraphs.append(" ".join(current))
                current = []
            current.append(line)
        paragraphs.append(" ".join(current))
    return paragraphs


def parse_text_article(text: str, **fields: Any) -> Article:
    """An Article from plain text: headline first, then an optional timestamp line.

    ``fields`` (url, outlet, published, source...) override what the text says.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i = 0
    # The headline: the first non-empty line that is not furniture.
    while i < len(lines) and (not lines[i].strip() or is_furniture(lines[i])):
        i += 1
    title = lines[i].strip() if i < len(lines) else ""
    i += 1
    # Dates and a byline under the headline are handled by build_article (they fill
    # published/updated/authors and stay out of the text); fields given by the caller win.
    # They are taken line by line here so that hard-wrapped bodies never join them.
    head: list[str] = []
    while i < len(lines):
        line = lines[i].strip()
        if line and not is_furniture(line):
            if parse_timestamp_line(line) is None and byline_authors(line) is None:
                break
            head.append(line)
        i += 1
    found = {k: v for k, v in fields.items() if v is not None}
    return build_article(title, head + split_paragraphs(lines[i:]), **found)
