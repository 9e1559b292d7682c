"""Quotes: placeholder component until its issue lands (writes an empty list)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class QuotesExtractor:
    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = []
        return doc


@Language.factory("dateline_quotes")
def make_quotes_extractor(nlp: Language, name: str) -> QuotesExtractor:
    return QuotesExtractor()
