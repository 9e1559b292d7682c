"""Times: placeholder component until its issue lands (writes an empty list)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class TimesExtractor:
    def __call__(self, doc: Doc) -> Doc:
        doc._.times = []
        return doc


@Language.factory("dateline_times")
def make_times_extractor(nlp: Language, name: str) -> TimesExtractor:
    return TimesExtractor()
