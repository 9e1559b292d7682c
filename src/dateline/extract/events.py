"""Events: placeholder component until its issue lands (writes an empty list)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class EventsExtractor:
    def __call__(self, doc: Doc) -> Doc:
        doc._.events = []
        return doc


@Language.factory("dateline_events")
def make_events_extractor(nlp: Language, name: str) -> EventsExtractor:
    return EventsExtractor()
