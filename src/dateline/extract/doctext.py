"""``doc_text(doc)``: the Doc's text, built once.

spaCy's ``Doc.text`` joins every token's text anew on each access (a Token object per
token), so a component that slices ``doc.text`` once per mention or per cue pays for the
whole document each time; profiling the pipeline put a third of its time there. Components
read the text through :func:`doc_text`, which keeps it in ``doc.user_data``.
"""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "dateline.text"


def _length(doc: Doc) -> int:
    """The text's length from the last token alone (no walk over the Doc)."""
    if not len(doc):
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed on first use and then kept with the Doc."""
    text = doc.user_data.get(_KEY)
    # The length check keeps a Doc whose user_data came from another Doc honest.
    if not isinstance(text, str) or len(text) != _length(doc):
        text = doc.text
        doc.user_data[_KEY] = text
    return text
