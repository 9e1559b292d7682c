"""Places: placeholder component until its issue lands (writes an empty list)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class PlacesExtractor:
    def __call__(self, doc: Doc) -> Doc:
        doc._.places = []
        return doc


@Language.factory("dateline_places")
def make_places_extractor(nlp: Language, name: str) -> PlacesExtractor:
    return PlacesExtractor()
