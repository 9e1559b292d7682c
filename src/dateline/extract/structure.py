"""Article structure: paragraphs as sentence boundaries, embedded posts and footnotes.

Runs before the parser so that spaCy never merges the headline (the first paragraph)
or one paragraph into the next sentence. Sets:

* ``doc._.paragraphs``: ``[(start_char, end_char), ...]`` of the "\\n\\n"-separated paragraphs;
* ``doc._.embeds``: quoted social posts, i.e. a post's text followed by a signature line
  ``— Name (@handle) Month D, YYYY`` (also "-", "--", "–", and "on Twitter/X" forms);
* ``doc._.notes``: editor's footnotes, lines starting with ``*``.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from dateline.ingest.dates import Ambiguous, parse_datetime
from dateline.model import Embed, Note

if not Doc.has_extension("paragraphs"):
    Doc.set_extension("paragraphs", default=None)

_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
# At a line start any dash; after the post's text on the same line (as copied tweets
# often are: "... pic.twitter.com/x— Name (@handle) date") only an em or en dash.
_SIGNATURE = re.compile(
    r"(?:^[ \t]*(?:—|–|--|-)|(?<=\S)[ \t]*[—–])[ \t]*(?P<author>[^\n()@]{1,80}?)[ \t]*\(@(?P<handle>\w{1,30})\)"
    r"(?:[ \t]+on[ \t]+(?:Twitter|X|Instagram|Threads|Bluesky|Mastodon|Telegram))?"
    r"[ \t,]*(?P<date>[^\n]{0,40})$",
    re.MULTILINE,
)
# A footnote line: "*" then a word ("* * *" separators and "**bold**" are not notes).
_NOTE = re.compile(r"^[ \t]*\*(?![ \t]*\*)[ \t]*\w[^\n]*", re.MULTILINE)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: text between blank lines, edge whitespace trimmed."""
    spans = []
    pos = 0
    for cut in [*_BLANK_LINE.finditer(text), None]:
        end = cut.start() if cut else len(text)
        chunk = text[pos:end]
        start, stop = pos + len(chunk) - len(chunk.lstrip()), pos + len(chunk.rstrip())
        if stop > start:
            spans.append((start, stop))
        pos = cut.end() if cut else len(text)
    return spans


def _embed_date(raw: str) -> str | None:
    try:
        when = parse_datetime(raw) if raw.strip() else None
    except Ambiguous:
        return None
    return when.date().isoformat() if when else None


def find_embeds(text: str, paras: list[tuple[int, int]], body_start: int = 0) -> list[Embed]:
    embeds: list[Embed] = []
    for m in _SIGNATURE.finditer(text):
        sig_start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        para = next((p for p in paras if p[0] <= sig_start < p[1]), None)
        post: tuple[int, int] | None = None
        if para is not None and para[0] < sig_start:  # the post is earlier in this paragraph
            post = (para[0], para[0] + len(text[para[0] : sig_start].rstrip()))
        elif para is not None:  # the post is the paragraph before
            before = [p for p in paras if p[1] <= para[0] and p[0] >= body_start]
            post = before[-1] if before else None
        if post and embeds and post[0] < embeds[-1].end:  # never overlap the previous embed
            post = None
        start = post[0] if post else sig_start
        embeds.append(
            Embed(
                author=m.group("author").strip() or None,
                handle=m.group("handle"),
                date=_embed_date(m.group("date")),
                text=text[post[0] : post[1]].strip() if post else None,
                start=start,
                end=m.end(),
            )
        )
    return embeds


def find_notes(text: str, body_start: int = 0) -> list[Note]:
    notes = []
    for m in _NOTE.finditer(text, body_start):
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        end = m.start() + len(m.group(0).rstrip())
        notes.append(Note(text=text[start:end], start=start, end=end))
    return notes


def mark_sentence_starts(doc: Doc, paras: list[tuple[int, int]]) -> None:
    """Paragraph starts and line starts are sentence starts; the parser keeps them."""
    starts = {start for start, _ in paras}
    previous_newline = True
    for token in doc:
        if token.is_space:
            previous_newline = previous_newline or "\n" in token.text
            continue
        if previous_newline or token.idx in starts:
            token.is_sent_start = True
        previous_newline = "\n" in token.whitespace_


class StructureAnnotator:
    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        article = doc._.article
        body_start = getattr(article, "body_start", 0) or 0
        paras = paragraphs(text)
        mark_sentence_starts(doc, paras)
        doc._.paragraphs = paras
        doc._.embeds = find_embeds(text, paras, body_start)
        doc._.notes = find_notes(text, body_start)
        return doc


@Language.factory("dateline_structure")
def make_structure_annotator(nlp: Language, name: str) -> StructureAnnotator:
    return StructureAnnotator()
