"""Quotes: the source phrase as written, sources the parser misses, nominal cues, stances
inside reported clauses and 'asked whether' questions (short articles we wrote)."""

from __future__ import annotations

from spacy.language import Language

from dateline.model import Article, Quote
from dateline.pipeline import make_doc

HEAD = "Port strike enters second week"


def quotes_of(nlp: Language, *paragraphs: str) -> tuple[str, list[Quote]]:
    text = "\n\n".join(paragraphs)
    art = Article(text=text, body_start=len(paragraphs[0]) + 2).with_id()
    qs = nlp(make_doc(nlp, art))._.quotes
    for q in qs:  # offsets always point back to the words
        assert text[q.start : q.end] == q.text
        if q.speaker.start is not None:
            assert text[q.speaker.start : q.speaker.end] == q.speaker.text
    return text, qs


def with_words(qs: list[Quote], words: str) -> list[Quote]:
    return [q for q in qs if words in q.text]


def test_source_phrase_keeps_apposition_but_resolves_to_the_name(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "Maria Okafor, a spokeswoman for the dockworkers' union, said the strike would "
        "continue until wages were raised.",
    )
    (q,) = with_words(qs, "strike would continue")
    assert q.kind == "indirect"
    assert q.speaker.text == "Maria Okafor, a spokeswoman for the dockworkers' union"
    assert q.speaker.canonical == "Maria Okafor"


def test_dateline_is_not_part_of_the_source(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "LAGOS (Wire) \u2013 Port manager Daniel Eze said on Monday that ships were being "
        "diverted to Cotonou.",
    )
    (q,) = with_words(qs, "ships were being diverted")
    assert "LAGOS" not in (q.speaker.text or "")
    assert q.speaker.canonical and "Eze" in q.speaker.canonical


def test_relative_pronoun_is_the_mention_and_its_noun_the_speaker(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "Union leader Grace Bello, who said the talks had collapsed, left the port on foot.",
    )
    (q,) = with_words(qs, "talks had collapsed")
    assert q.speaker.text == "who"
    assert q.speaker.canonical == "Grace Bello"


def test_stance_inside_a_reported_clause_is_part_of_it(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "The ministry said that most drivers supported the strike.",
    )
    assert len(qs) == 1
    assert qs[0].text == "most drivers supported the strike"
    assert qs[0].speaker.text == "The ministry"


def test_calling_for_and_asking_to(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "Governor Ade Bankole is calling for the federal government to open talks.",
        "He asked the workers to return to the docks.",
    )
    (call,) = with_words(qs, "federal government to open talks")
    assert call.speaker.canonical == "Ade Bankole"
    (ask,) = with_words(qs, "workers to return")
    assert ask.speaker.resolved_by == "pronoun" and ask.speaker.canonical == "Ade Bankole"


def test_nominal_cue_with_its_owner(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "Bankole's call for calm was ignored by the crowd.",
    )
    (q,) = with_words(qs, "calm")
    assert q.kind == "indirect" and q.cue == "call"
    assert q.speaker.text in {"Bankole", "Bankole's"}
    assert q.speaker.canonical == "Bankole"


def test_asked_whether_is_a_question_with_no_speaker(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "Asked whether the port would reopen this week, Eze said he could not promise it.",
    )
    (question,) = with_words(qs, "port would reopen")
    assert question.question is True and question.hedge == "question"
    assert question.speaker.text is None and question.speaker.canonical is None
    answers = [q for q in qs if not q.question]
    assert answers and all("port would reopen" not in q.text for q in answers)


def test_source_after_a_quote_the_parser_misses(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "\u201cNobody is leaving until we are paid,\u201d read one banner.",
    )
    (q,) = with_words(qs, "Nobody is leaving")
    assert q.kind == "direct"
    assert q.speaker.text and "banner" in q.speaker.text


def test_bad_input_does_not_break_sources(nlp: Language) -> None:
    # A lone possessive, a cue with no subject, stray marks and odd Unicode.
    _, qs = quotes_of(
        nlp,
        HEAD,
        "\u2019s call for \u201c\u200b",
        "Said that. According to, \u201c\u201d \u00ab \u00bb \ufeff\u0301",
    )
    for q in qs:
        assert q.speaker.canonical is None or q.speaker.canonical.strip()


def test_any_verb_before_a_colon_introduces_the_quote(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        'Mayor John Ellis addressed the dockers again: "We will not abandon you."',
        "The mayor then left for the airport:",
        "\u201cThe talks resume on Friday.\u201d",
    )
    (same,) = with_words(qs, "not abandon you")
    assert same.kind == "direct" and same.speaker.canonical == "John Ellis"
    (next_para,) = with_words(qs, "talks resume")
    assert next_para.speaker.canonical == "John Ellis"


def test_colon_without_a_speaking_verb_is_no_guess(nlp: Language) -> None:
    _, qs = quotes_of(nlp, HEAD, 'Three words on a banner: "Pay us now."')
    for q in with_words(qs, "Pay us now"):
        assert q.speaker.canonical is None
