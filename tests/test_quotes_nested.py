"""Quotes: a report nested in another one's content ("said she believed X") is the outer
report only, as PolNeAR annotates it; a cue deeper in the clause ("..., saying X") is still a
report of its own (short articles we wrote)."""

from __future__ import annotations

from spacy.language import Language

from test_quotes_sources import quotes_of, with_words

HEAD = "Council vote on bridge tolls delayed"


def test_belief_heading_a_reported_clause_is_not_a_second_quote(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp, HEAD, "Mayor Ana Ruiz said she believed the tolls would be lifted by spring."
    )
    found = with_words(qs, "the tolls would be lifted")
    assert len(found) == 1, [q.text for q in qs]
    assert found[0].cue == "said" and found[0].speaker.canonical == "Ana Ruiz"
    assert found[0].text.startswith("she believed")


def test_another_speakers_view_inside_a_report_stays_in_it(nlp: Language) -> None:
    _, qs = quotes_of(
        nlp, HEAD, "Councillor Omar Haddad said that the mayor wants the bridge to reopen."
    )
    found = with_words(qs, "the bridge to reopen")
    assert len(found) == 1, [q.text for q in qs]
    assert found[0].cue == "said" and found[0].speaker.canonical == "Omar Haddad"


def test_infinitive_and_stance_under_a_cue_are_part_of_its_content(nlp: Language) -> None:
    _, qs = quotes_of(nlp, HEAD, "Ruiz pledged to oppose any new tolls.")
    assert [q.cue for q in with_words(qs, "any new tolls")] == ["pledged"]
    _, qs = quotes_of(nlp, HEAD, "Haddad said the drivers were willing to pay more.")
    assert [q.cue for q in with_words(qs, "to pay more")] == ["said"]


def test_a_cue_deeper_in_the_clause_keeps_its_own_report(nlp: Language) -> None:
    _, qs = quotes_of(nlp, HEAD, "Haddad backed the plan, saying it would cut traffic.")
    saying = [q for q in qs if q.cue == "saying"]
    assert len(saying) == 1 and saying[0].text == "it would cut traffic"
    assert saying[0].speaker.text == "Haddad"
    # ... and the object of "backed" stops before that aside
    assert [q.text for q in qs if q.cue == "backed"] == ["the plan"]
