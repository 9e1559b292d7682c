"""doc_text: the Doc's text, built once and kept with the Doc."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from dateline.extract.doctext import doc_text


def test_same_as_doc_text_and_kept() -> None:
    nlp = spacy.blank("en")
    text = "Blast in Kabul\n\n  KABUL, May 2 - A bomb \u201cwent off\u201d, police said.  "
    doc = nlp(text)
    first = doc_text(doc)
    assert first == doc.text == text
    assert doc_text(doc) is first  # kept, not rebuilt


def test_empty_and_odd_unicode() -> None:
    nlp = spacy.blank("en")
    assert doc_text(nlp("")) == ""
    odd = "Caf\u00e9\u200b \U0001f4a5 \u05e9\u05dc\u05d5\u05dd\n\n\ufeff\u00a0end"
    assert doc_text(nlp(odd)) == odd


def test_stale_text_from_another_doc_is_not_trusted() -> None:
    nlp = spacy.blank("en")
    doc = nlp("A short text.")
    doc_text(doc)
    other = Doc(nlp.vocab, words=["A", "longer", "text", "here", "."])
    other.user_data.update(doc.user_data)  # e.g. user_data copied across Docs
    assert doc_text(other) == other.text
