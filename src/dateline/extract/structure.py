"""Article structure: paragraphs as sentence boundaries, embedded posts and footnotes.

Runs before the parser so that spaCy never merges the headline (the first paragraph)
or one paragraph into the next sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class StructureAnnotator:
    def __call__(self, doc: Doc) -> Doc:
        mark_paragraph_starts(doc)
        doc._.embeds = []
        doc._.notes = []
        return doc


def mark_paragraph_starts(doc: Doc) -> None:
    """A token that follows a line break starts a sentence; the parser keeps that."""
    for i, token in enumerate(doc):
        if i == 0:
            token.is_sent_start = True
        elif "\n" in doc[i - 1].text or doc[i - 1].whitespace_ == "\n":
            if not token.is_space:
                token.is_sent_start = True


@Language.factory("dateline_structure")
def make_structure_annotator(nlp: Language, name: str) -> StructureAnnotator:
    return StructureAnnotator()
