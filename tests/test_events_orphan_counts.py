"""Counts in a sentence past the lede that names no attack ("orphan" counts): they go to
the article's main current assault, never to a recalled past one or to another day's toll.
Articles written for the tests."""

from __future__ import annotations

from datetime import UTC, datetime

from spacy.language import Language

from dateline.model import Article, ArticleFacts, Event
from dateline.pipeline import analyze

PUB = datetime(2024, 3, 14, 15, 0, tzinfo=UTC)  # a Thursday

HEAD = "Bomb Blast Hits Bus Station in Garissa"
LEDE = (
    "GARISSA, March 14 - A bomb exploded at a crowded bus station in the Kenyan town of "
    "Garissa on Thursday, killing at least eight people, police said."
)


def run(nlp: Language, *paragraphs: str) -> ArticleFacts:
    text = "\n\n".join([HEAD, LEDE, *paragraphs])
    art = Article(title=HEAD, text=text, body_start=len(HEAD) + 2, published=PUB).with_id()
    return analyze(art, nlp)


def main_event(facts: ArticleFacts) -> Event:
    return next(e for e in facts.events if e.type == "ASSAULT")


def counts(ev: Event, measure: str) -> list[int | None]:
    return [getattr(c, measure) for c in ev.casualties if c.count_of == measure]


def test_hospital_count_goes_to_the_main_attack(nlp: Language) -> None:
    facts = run(
        nlp,
        "Witnesses said the blast tore through two waiting buses.",
        "Doctors at the Garissa General Hospital said they had received 23 wounded people.",
    )
    ev = main_event(facts)
    assert 23 in counts(ev, "injured")
    assert 8 in counts(ev, "killed")


def test_subgroups_add_no_second_total(nlp: Language) -> None:
    facts = run(
        nlp,
        "Doctors said they had received 23 wounded people, among them five children, "
        "and that seven of them were in critical condition.",
    )
    ev = main_event(facts)
    assert counts(ev, "injured") == [23]


def test_count_told_again_is_not_added_twice(nlp: Language) -> None:
    facts = run(nlp, "A police spokesman said eight people were killed and 15 were hurt.")
    ev = main_event(facts)
    assert counts(ev, "killed").count(8) == 1


def test_recalled_past_attack_keeps_its_toll(nlp: Language) -> None:
    facts = run(
        nlp,
        "Doctors said 19 people were wounded.",
        "In 2019, gunmen stormed a university in the same town. Officials said "
        "36 students were killed.",
    )
    ev = main_event(facts)
    assert 19 in counts(ev, "injured")
    assert 36 not in counts(ev, "killed")


def test_background_paragraph_without_a_trigger_keeps_its_toll(nlp: Language) -> None:
    facts = run(
        nlp,
        "The town had its deadliest day in April 2015. More than 140 people died then.",
    )
    ev = main_event(facts)
    assert 140 not in counts(ev, "killed")


def test_count_dated_another_day_is_not_attached(nlp: Language) -> None:
    facts = run(nlp, "On Monday, 12 people were killed in the same district, officials said.")
    ev = main_event(facts)
    assert 12 not in counts(ev, "killed")


def test_count_for_a_period_is_not_attached(nlp: Language) -> None:
    facts = run(nlp, "More than 300 people have been killed in the region this year.")
    ev = main_event(facts)
    assert 300 not in counts(ev, "killed")


def test_nearest_attack_is_a_past_one(nlp: Language) -> None:
    facts = run(
        nlp,
        "A similar bombing at the same station last year was blamed on al-Shabaab.",
        "Police said 25 people were killed.",
    )
    ev = main_event(facts)
    assert 25 not in counts(ev, "killed")


def test_no_attack_in_the_article_attaches_nothing(nlp: Language) -> None:
    text = "Hospital Report\n\nDoctors said they had received 31 wounded people.\n\n\u200b 7 died."
    art = Article(title="Hospital Report", text=text, body_start=17, published=PUB).with_id()
    facts = analyze(art, nlp)
    assert all(not e.casualties for e in facts.events if e.type == "ASSAULT")
