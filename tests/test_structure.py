"""dateline_structure: paragraphs as sentence starts, embedded posts, footnotes."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from dateline.extract.structure import find_embeds, find_notes, paragraphs
from dateline.ingest import parse_text_article, read_source
from dateline.model import Article
from dateline.pipeline import make_doc

KABUL = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "examples"
    / "kabul-airport-2021-08-28.txt"
)

ARTICLE = """Militants Say They Downed Army Helicopter in Border Region
10:00 GMT 05.05.2024
A militant group said it shot down an army helicopter in the border region on Sunday
Officials did not confirm the claim.
The group posted a statement online within hours.
We brought down the enemy aircraft over the valley this morning.
-- Valley Front Media (@valleyfront) May 5, 2024
The army said only that it had lost contact with a helicopter on a routine flight.
A second post followed in the afternoon.
Wreckage is visible from the ridge.
— Local Monitor (@localmonitor) on X, May 5, 2024
*The group is listed as a terrorist organisation in several countries.
* * *
"""


def run(nlp: Language, article: Article) -> Doc:
    return nlp(make_doc(nlp, article))


@pytest.mark.skipif(not KABUL.exists(), reason="../shared/examples is not there")
def test_shared_example(nlp: Language) -> None:
    art = next(read_source(str(KABUL)))
    assert isinstance(art, Article)
    doc = run(nlp, art)
    assert len(doc._.embeds) == 1
    embed = doc._.embeds[0]
    assert (embed.author, embed.handle, embed.date) == (
        "Clarissa Ward",
        "clarissaward",
        "2021-08-27",
    )
    assert embed.text.startswith("Coming up on @AC360") and embed.text.endswith(
        "tracking the threat."
    )
    assert art.text[embed.start : embed.end].startswith("Coming up on @AC360")
    assert art.text[embed.start : embed.end].endswith("(@clarissaward) August 27, 2021")
    assert len(doc._.notes) == 1
    note = doc._.notes[0]
    assert note.text.startswith("*Daesh (also known as ISIS/ISIL/IS)")
    assert art.text[note.start : note.end] == note.text
    sents = list(doc.sents)
    assert sents[0].text.strip() == art.title  # the headline is its own sentence
    assert doc._.paragraphs[0] == (0, len(art.title))
    assert len(doc._.paragraphs) == art.text.count("\n\n") + 1


def test_paragraph_starts_are_sentence_starts(nlp: Language) -> None:
    art = parse_text_article(ARTICLE)
    doc = run(nlp, art)
    for start, end in doc._.paragraphs:
        token = doc.char_span(start, end, alignment_mode="expand")[0]
        assert token.is_sent_start, art.text[start:end]
        assert art.text[start:end].strip() == art.text[start:end]
    # The first body paragraph has no final full stop: it must still not merge.
    first = art.text.split("\n\n")[1]
    assert any(s.text.strip() == first for s in doc.sents)
    assert [art.text[s:e] for s, e in doc._.paragraphs] == art.text.split("\n\n")


def test_embeds_with_dash_variants(nlp: Language) -> None:
    art = parse_text_article(ARTICLE)
    doc = run(nlp, art)
    embeds = doc._.embeds
    assert [(e.author, e.handle, e.date) for e in embeds] == [
        ("Valley Front Media", "valleyfront", "2024-05-05"),
        ("Local Monitor", "localmonitor", "2024-05-05"),
    ]
    assert embeds[0].text == "We brought down the enemy aircraft over the valley this morning."
    assert embeds[1].text == "Wreckage is visible from the ridge."
    for embed in embeds:
        assert art.text[embed.start : embed.end].startswith(embed.text)
    notes = doc._.notes
    assert [n.text for n in notes] == [
        "*The group is listed as a terrorist organisation in several countries."
    ]


def test_embed_inside_one_paragraph_and_no_false_signatures() -> None:
    text = (
        "Headline\n\nBody opens here - and goes on (@nobody) for a while.\n\n"
        "Post line one.\nPost line two.\n— Somebody (@some_body) June 1, 2023"
    )
    paras = paragraphs(text)
    embeds = find_embeds(text, paras, body_start=10)
    assert len(embeds) == 1
    assert embeds[0].text == "Post line one.\nPost line two." and embeds[0].end == len(text)
    assert embeds[0].handle == "some_body" and embeds[0].date == "2023-06-01"
    assert find_notes(text) == []


def test_bad_input(nlp: Language) -> None:
    for text in ("", "\n\n\n", "— (@x)", "*", "Headline only"):
        doc = run(nlp, Article(text=text))
        assert isinstance(doc._.paragraphs, list) and isinstance(doc._.embeds, list)
    doc = nlp("No article attached.\n\nSecond paragraph.")  # doc._.article is None
    assert doc._.paragraphs == [(0, 20), (22, 39)]


def test_signature_on_the_same_line_as_the_post() -> None:
    text = (
        "Headline\n\nA witness posted a video.\n\n"
        "Smoke everywhere near the port pic.twitter.com/abc123— Port Watcher (@portwatch) March 2, 2024\n\n"
        "Police said the fire was out - Chief Officer (@chief) would speak later."
    )
    embeds = find_embeds(text, paragraphs(text), body_start=10)
    assert len(embeds) == 1  # a hyphen mid-line is not a signature
    embed = embeds[0]
    assert embed.text == "Smoke everywhere near the port pic.twitter.com/abc123"
    assert (embed.author, embed.handle, embed.date) == ("Port Watcher", "portwatch", "2024-03-02")
    assert text[embed.start : embed.end].endswith("March 2, 2024")
