"""Quotes: kinds, speakers, hedges and the chain of attribution, on short articles we wrote."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from dateline.model import Article, Quote
from dateline.pipeline import make_doc


def quotes_of(nlp: Language, *paragraphs: str) -> tuple[str, list[Quote]]:
    text = "\n\n".join(paragraphs)
    art = Article(text=text, body_start=len(paragraphs[0]) + 2).with_id()
    doc = nlp(make_doc(nlp, art))
    qs = doc._.quotes
    for q in qs:  # every quote points back to the exact words of the article
        assert text[q.start : q.end] == q.text
        if q.speaker.start is not None:
            assert text[q.speaker.start : q.speaker.end] == q.speaker.text
    return text, qs


def find(qs: list[Quote], words: str) -> Quote:
    hits = [q for q in qs if words in q.text]
    assert hits, f"no quote with {words!r} in {[q.text for q in qs]}"
    return min(hits, key=lambda q: (len(q.text), q.start))  # the closest fit


HEAD = "Militia leader warns of new offensive"


def test_direct_quote_with_named_speaker(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "\u201cWe will not lay down our weapons,\u201d said Ahmad Karimi, a militia leader.",
    )
    q = find(qs, "lay down our weapons")
    assert q.kind == "direct"
    assert q.text == "We will not lay down our weapons,"
    assert q.speaker.canonical == "Ahmad Karimi"
    assert q.speaker.resolved_by == "explicit"
    assert q.speaker.anonymous is False
    assert q.hedge == "asserted" and q.cue == "said"


def test_multi_sentence_quote_and_cueless_continuation(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "\u201cThe roads are closed. Nobody can leave the city,\u201d Mayor Ruth Okello told reporters.",
        "\u201cWe have asked for help from the capital and we are still waiting.\u201d",
    )
    first = find(qs, "Nobody can leave")
    assert "The roads are closed." in first.text and first.kind == "direct"
    assert first.speaker.canonical == "Ruth Okello"
    cont = find(qs, "asked for help")
    assert cont.kind == "direct"
    assert cont.speaker.resolved_by == "continuation"
    assert cont.speaker.canonical == "Ruth Okello"


def test_paragraph_spanning_quote_that_reopens(nlp: Language) -> None:
    text, qs = quotes_of(
        nlp,
        HEAD,
        "Colonel Amadou Diallo said: \u201cThe convoy was hit twice on the northern road.",
        "\u201cWe lost two trucks and the drivers are missing.\u201d",
    )
    q = find(qs, "convoy was hit")
    assert "drivers are missing" in q.text  # one quote over both paragraphs
    assert q.speaker.canonical == "Amadou Diallo"


def test_partial_quote_inside_reported_speech(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "Police chief Maria Santos said the gang was \u201claying low\u201d after the raids.",
    )
    q = find(qs, "laying low")
    assert q.kind == "partial" and q.text == "laying low"
    assert q.speaker.canonical == "Maria Santos"
    ind = [x for x in qs if x.kind == "indirect" and "gang" in x.text]
    assert ind and ind[0].text.startswith("the gang was")


@pytest.mark.parametrize(
    ("sentence", "content", "hedge", "speaker"),
    [
        (
            "Defence Minister Kofi Mensah said that the border would stay closed.",
            "the border would stay closed",
            "asserted",
            "Kofi Mensah",
        ),
        (
            "According to the army, the rebels withdrew from the town overnight.",
            "the rebels withdrew from the town overnight",
            "according_to",
            None,
        ),
        (
            "Prime Minister Lena Novak did not rule out a second round of strikes.",
            "a second round of strikes",
            "not_ruled_out",
            "Lena Novak",
        ),
        (
            "The spokesman for the group, Omar Haddad, claimed that the blast was an accident.",
            "the blast was an accident",
            "claimed",
            None,
        ),
        (
            "Governor Peter Walsh denied that his office had received any warning.",
            "his office had received any warning",
            "denied",
            "Peter Walsh",
        ),
        (
            "Senator Anna Berg confirmed that the talks would resume on Monday.",
            "the talks would resume on Monday",
            "confirmed",
            "Anna Berg",
        ),
    ],
)
def test_indirect_speech_and_hedges(
    nlp: Language, sentence: str, content: str, hedge: str, speaker: str | None
) -> None:
    _, qs = quotes_of(nlp, HEAD, sentence)
    q = find(qs, content)
    assert q.kind == "indirect"
    assert q.text.rstrip(".") == content
    assert q.hedge == hedge
    if speaker:
        assert q.speaker.canonical == speaker
    assert q.speaker.resolved_by == "explicit"


def test_told_addressee_and_outlet(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "BBC correspondent Sarah Lin met the governor, Daniel Otieno, in his office.",
        "Otieno told Lin that the curfew would be lifted.",
        "He later told CNN that the army had been \u201cvery slow\u201d to respond.",
    )
    q = find(qs, "curfew would be lifted")
    assert q.speaker.canonical == "Daniel Otieno"
    assert q.addressee == "Sarah Lin"
    assert q.via[:2] == ["Sarah Lin", "BBC"]
    q2 = find(qs, "the army had been")
    assert q2.kind == "indirect"
    assert q2.speaker.resolved_by == "pronoun"
    assert q2.speaker.canonical == "Daniel Otieno"
    assert "CNN" in q2.via and q2.addressee is None


def test_statement_and_platform_channels(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "The ministry said in a statement that two soldiers were wounded.",
        "Opposition leader Grace Mwangi said on Twitter that the vote was rigged.",
    )
    assert "statement" in find(qs, "two soldiers were wounded").via
    assert "X/Twitter" in find(qs, "the vote was rigged").via


def test_unnamed_source_across_descriptions(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "A reporter spoke to a senior commander with the Northern Front before the assault.",
        "\u201cWe are ready to fight for every street,\u201d said the anonymous commander.",
        "The source also claimed that his men had received new rifles.",
        "\u201cThey cannot stop us,\u201d he said.",
    )
    a = find(qs, "every street")
    b = find(qs, "new rifles")
    c = find(qs, "cannot stop us")
    for q in (a, b, c):
        assert q.speaker.anonymous is True
        assert q.speaker.canonical == a.speaker.canonical
        assert q.speaker.description == "a senior commander with the Northern Front"
    assert a.speaker.resolved_by == "role_noun"
    assert b.speaker.resolved_by == "role_noun"
    assert c.speaker.resolved_by == "pronoun"
    assert b.hedge == "claimed"


def test_quote_with_no_speaker_anywhere_is_null(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "The so-called \u201cpeace plan\u201d was published on Friday.",
    )
    q = find(qs, "peace plan")
    assert q.speaker.text is None and q.speaker.canonical is None
    assert q.speaker.resolved_by == "none"


def test_reporters_question_is_not_the_interviewees_statement(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "Rebel commander Idris Kamara spoke to reporters in the camp.",
        "When asked whether his group is planning \u201cattacks abroad\u201d, "
        "Kamara said that he could only speak about the region.",
    )
    q = find(qs, "attacks abroad")
    assert q.question is True and q.hedge == "question"
    assert q.speaker.canonical is None and q.speaker.resolved_by == "none"
    assert q.addressee == "Idris Kamara"
    ans = find(qs, "he could only speak")
    assert ans.speaker.canonical == "Idris Kamara" and not ans.question


def test_nested_quotes_stay_inside(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "\u201cThe officer told me \u2018go home now\u2019 and then he left,\u201d said Hana Yusuf.",
    )
    q = find(qs, "go home now")
    assert q.text.startswith("The officer told me") and q.kind == "direct"
    assert not any(x.text == "go home now" for x in qs)
    assert q.speaker.canonical == "Hana Yusuf"


def test_straight_marks_and_unbalanced_quote(nlp: Language) -> None:
    text, qs = quotes_of(
        nlp,
        HEAD,
        'Farmer Joseph Banda said: "The river took everything we had',
        "The floods reached the valley on Tuesday.",
        'Banda said the aid was "too little" and "too late".',
    )
    cut = find(qs, "river took everything")
    assert cut.speaker.canonical == "Joseph Banda"
    assert "floods reached" not in cut.text  # a cut-off quote ends with its paragraph
    assert find(qs, "too little").kind == "partial"
    assert find(qs, "too late").speaker.canonical == "Joseph Banda"


def test_quote_inside_embedded_post(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "Reporter Tom Reyes shared the interview online.",
        "We met a senior militia commander today. He said the fighters would "
        "\u201cmove south when the rains stop.\u201d",
        "\u2014 Tom Reyes (@tomreyes) March 3, 2024",
        "The army has not commented.",
    )
    inner = find(qs, "move south")
    assert inner.speaker.anonymous is True
    assert inner.speaker.description == "a senior militia commander"
    assert "Tom Reyes (@tomreyes)" in inner.via
    post = [q for q in qs if q.text.startswith("We met a senior militia commander")]
    assert post and post[0].speaker.canonical == "Tom Reyes"


def test_empty_and_blank_docs(nlp: Language) -> None:
    assert quotes_of(nlp, "")[1] == []
    assert quotes_of(nlp, "   ", "  ")[1] == []


def test_odd_unicode_and_marks_do_not_break_it(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        "\u200bHeadline \U0001f525 with \u202eodd\u202c text",
        '\u201c\u201d "" \u2018 \u2019 \u00ab\u00bb " \u201c',
        "Caf\u0065\u0301 owner L\u00e9a Dubois said \u201cwe are open \U0001f600\u201d on Sunday.",
        '12" pipes and the 90\'s were "fine',
    )
    assert find(qs, "we are open").speaker.resolved_by == "explicit"


def test_huge_doc(nlp: Language) -> None:
    para = "\u201cWe will rebuild the bridge,\u201d said Mayor Ruth Okello on Monday."
    text, qs = quotes_of(nlp, HEAD, *([para] * 150))
    assert len([q for q in qs if q.kind == "direct"]) == 150
    assert all(q.speaker.canonical == "Ruth Okello" for q in qs if q.kind == "direct")


KABUL = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "examples"
    / "kabul-airport-2021-08-28.txt"
)


@pytest.mark.skipif(not KABUL.exists(), reason="shared example not present")
def test_shared_kabul_example(nlp: Language) -> None:
    lines = KABUL.read_text(encoding="utf-8").splitlines()
    body = [ln for ln in lines[1:] if ln.strip() and not ln.startswith(("21:31", "Subscribe"))]
    _, qs = quotes_of(nlp, lines[0], *body)
    commander = find(qs, "restart our operations").speaker
    assert commander.anonymous and commander.resolved_by == "role_noun"
    for words in (
        "laying low",
        "restart operations when",
        "led groups of up to 600",
        "used to work with the Taliban",
        "operating in Taliban",
        "If anyone gets along",
        "carried out suicide attacks",
        "close combat",
        "only comment on Afghanistan",
    ):
        sp = find(qs, words).speaker
        assert sp.canonical == commander.canonical, words
        assert sp.anonymous
    assert find(qs, "Waiting For Time").via == ["CNN"]
    assert find(qs, "operating in Taliban").addressee == "Clarissa Ward"
    assert find(qs, "restart operations when").via == ["Clarissa Ward (@clarissaward)"]
    assert find(qs, "Coming up on").speaker.canonical == "Clarissa Ward"
    biden = find(qs, "possibility of more attacks")
    assert biden.speaker.canonical == "Joe Biden" and biden.hedge == "not_ruled_out"
    question = find(qs, "international attacks")
    assert question.question and question.speaker.canonical is None
