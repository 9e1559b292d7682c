"""Quotes: stances and views as PolNeAR annotates them - stance adjectives ("are concerned
that"), sourceless cues ("it seems that"), passive cues whose subject is what is reported,
and cue verbs the lemmatizer gets wrong (short articles we wrote)."""

from __future__ import annotations

from spacy.language import Language

from dateline.model import Quote
from test_quotes_sources import quotes_of, with_words

HEAD = "Council vote on bridge tolls delayed"


def only(qs: list[Quote], words: str) -> Quote:
    found = with_words(qs, words)
    assert len(found) == 1, [q.text for q in qs]
    return found[0]


def test_stance_adjective_with_a_that_clause(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "Several council members are concerned that the tolls will hurt commuters.",
    )
    q = only(qs, "the tolls will hurt commuters")
    assert q.kind == "indirect"
    assert q.speaker.text == "Several council members"
    assert q.cue is not None and "concerned" in q.cue
    assert q.hedge == "believed"


def test_stance_adjective_with_a_preposition(nlp: Language) -> None:
    text, qs = quotes_of(
        nlp,
        HEAD,
        "Mayor Elena Ruiz was sharply critical of the transport authority's plan.",
    )
    q = only(qs, "the transport authority's plan")
    assert q.speaker.text == "Mayor Elena Ruiz"
    assert q.cue is not None and q.cue.endswith("critical of")
    assert q.cue_start is not None and text[q.cue_start : q.cue_end] == q.cue


def test_adjective_without_content_is_no_quote(nlp: Language) -> None:
    _, qs = quotes_of(nlp, HEAD, "The councillors were angry. The meeting ended early.")
    assert qs == []


def test_negated_stance_keeps_the_negation(nlp: Language) -> None:
    _, qs = quotes_of(nlp, HEAD, "Ruiz is not confident that the bridge will reopen before winter.")
    q = only(qs, "the bridge will reopen")
    assert q.hedge == "not_believed"


def test_seem_has_no_source(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "It seems that the council has run out of patience with the contractor.",
    )
    q = only(qs, "run out of patience")
    assert q.speaker.text is None and q.speaker.resolved_by == "none"
    assert q.cue is not None and "seems" in q.cue


def test_passive_cue_subject_is_not_the_source(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "The toll plan is expected to pass next month.",
    )
    for q in qs:
        assert q.speaker.text != "The toll plan"


def test_passive_cue_with_by_names_its_source(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "It was announced by the city treasurer that the tolls would double in March.",
    )
    q = only(qs, "the tolls would double")
    assert q.speaker.text == "the city treasurer"


def test_lemmatizer_slip_hopes_is_still_a_cue(nlp: Language) -> None:
    _, qs = quotes_of(nlp, HEAD, "Ruiz hopes to settle the dispute before the vote.")
    q = only(qs, "to settle the dispute")
    assert q.speaker.text == "Ruiz"
    assert q.hedge == "believed"


def test_odd_input_around_stance_cues(nlp: Language) -> None:
    for body in ("are concerned that", "“Concerned” — that.", "concerned\u200b that \ufeff"):
        _, qs = quotes_of(nlp, HEAD, body)
        for q in qs:
            assert q.start < q.end


def test_cue_with_a_prepositional_object_reports_it(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "Councillor Omar Haddad spoke out in favor of the new toll bridge on Monday.",
    )
    q = only(qs, "the new toll bridge")
    assert q.speaker.text == "Councillor Omar Haddad"
    assert "Monday" not in q.text


def test_prepositional_fallback_is_never_a_date_or_channel(nlp: Language) -> None:
    _, qs = quotes_of(nlp, HEAD, "Haddad spoke on Twitter on Monday.")
    assert qs == []


def test_asking_has_the_main_clause_subject_but_asked_whether_has_none(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "Haddad wrote to the transport minister on Friday, asking her to delay the vote.",
        "Asked whether the tolls would rise, the minister did not answer.",
    )
    q = only(qs, "to delay the vote")
    assert q.speaker.text == "Haddad"
    for q in with_words(qs, "the tolls would rise"):
        assert q.speaker.text is None


def test_seem_with_a_cue_verb_leaves_the_source_to_it(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp, HEAD, "Ruiz seemed to suggest that the vote would be delayed until spring."
    )
    q = only(qs, "the vote would be delayed")
    assert q.speaker.text == "Ruiz"


def test_noun_cue_with_a_that_clause_needs_no_owner(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp,
        HEAD,
        "Reports that the bridge would close for a month alarmed drivers.",
        "Haddad made the assertion that the tolls were illegal.",
    )
    q = only(qs, "the bridge would close")
    assert q.speaker.text is None
    q = only(qs, "the tolls were illegal")
    assert q.speaker.text == "Haddad"


def test_sound_reports_a_view_of_the_subject_with_no_source(nlp: Language) -> None:
    _, qs = quotes_of(nlp, HEAD, "The treasurer's new plan sounds reasonable to most drivers.")
    q = only(qs, "reasonable")
    assert q.text.startswith("The treasurer's new plan")
    assert q.speaker.text is None
    _, qs = quotes_of(nlp, HEAD, "It sounds good.")
    assert qs == []


def test_agreed_with_reports_its_object(nlp: Language) -> None:
    _, qs = quotes_of(nlp, HEAD, "Most residents agreed with the mayor on the toll plan.")
    q = only(qs, "the mayor")
    assert q.speaker.text == "Most residents"


def test_stress_and_recall_report_their_object(nlp: Language) -> None:
    _, qs = quotes_of(nlp, HEAD, "Councillor Omar Haddad stressed the need for a second bridge.")
    q = only(qs, "the need for a second bridge")
    assert q.text == "the need for a second bridge" and q.cue == "stressed"
    assert q.speaker.canonical == "Omar Haddad"
    _, qs = quotes_of(nlp, HEAD, "Mayor Ana Ruiz recalled the floods of 2009.")
    assert only(qs, "the floods").speaker.canonical == "Ana Ruiz"


def test_noun_cue_owned_by_a_from_phrase_or_the_verb_subject(nlp: Language) -> None:
    _, qs = quotes_of(nlp, HEAD, "Warnings from the union about higher fares went unheeded.")
    q = only(qs, "higher fares")
    assert q.speaker.text == "the union"
    _, qs = quotes_of(nlp, HEAD, "Mayor Ana Ruiz made a call for calm on Monday.")
    q = only(qs, "calm")
    assert q.speaker.canonical == "Ana Ruiz"
    # No owner at all: a noun is no report ("the call for calm grew louder")
    _, qs = quotes_of(nlp, HEAD, "The call for calm grew louder after the vote.")
    assert with_words(qs, "calm") == []


def test_write_and_explain_report_their_object(nlp: Language) -> None:
    _, qs = quotes_of(nlp, HEAD, "Councillor Omar Haddad explained his vote against the tolls.")
    q = only(qs, "his vote against the tolls")
    assert q.speaker.canonical == "Omar Haddad"
    _, qs = quotes_of(nlp, HEAD, "Mayor Ana Ruiz characterized the tolls as a tax on workers.")
    assert only(qs, "the tolls as a tax").speaker.canonical == "Ana Ruiz"


def test_agree_and_claim_report_their_infinitive(nlp: Language) -> None:
    _, qs = quotes_of(nlp, HEAD, "The council agreed to delay the vote until March.")
    q = only(qs, "delay the vote")
    assert q.speaker.text == "The council"
    _, qs = quotes_of(nlp, HEAD, "Haddad claimed to have the votes for a second bridge.")
    assert only(qs, "have the votes").speaker.text == "Haddad"


def test_glad_is_a_stance(nlp: Language) -> None:
    _, qs = quotes_of(nlp, HEAD, "Most drivers are glad that the old bridge reopened.")
    q = only(qs, "the old bridge reopened")
    assert q.speaker.text == "Most drivers" and q.hedge == "believed"
