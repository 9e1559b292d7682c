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

from dateline.ingest.compose import build_article
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
    # The timestamp line: the next non-empty, non-furniture line, if it is one.
    j = i
    while j < len(lines) and (not lines[j].strip() or is_furniture(lines[j])):
        j += 1
    stamps = parse_timestamp_line(lines[j]) if j < len(lines) else None
    found: dict[str, Any] = {}
    if stamps is not None:
        lines[j] = ""
        found = {"published": stamps.published, "updated": stamps.updated}
        if stamps.ambiguous:
            found["date_ambiguous"] = stamps.ambiguous
    found = {k: v for k, v in found.items() if v is not None}
    found.update({k: v for k, v in fields.items() if v is not None})
    return build_article(title, split_paragraphs(lines[i:]), **found)
