"""Casualty counts: every phrase shape, qualifiers, vague amounts, dates that are not counts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from spacy.language import Language

from dateline.extract.casualties import parse_amount, words_to_int
from dateline.model import Article, Casualties
from dateline.pipeline import analyze


@pytest.mark.parametrize(
    ("text", "value"),
    [("13", 13), ("1,200", 1200), ("a hundred", 100), ("one hundred", 100),
     ("twenty-five", 25), ("two thousand", 2000), ("three", 3), ("2.5 thousand", 2500),
     ("banana", None)],
)  # fmt: skip
def test_words_to_int(text: str, value: int | None) -> None:
    assert words_to_int(text) == value


@pytest.mark.parametrize(
    ("np", "value", "qualifier", "group"),
    [
        ("13 US soldiers", 13, "exact", "US soldiers"),
        ("over a hundred Afghan civilians", 100, "over", "Afghan civilians"),
        ("more than 40 people", 40, "over", "people"),
        ("at least 60 people", 60, "at_least", "people"),
        ("about 30 villagers", 30, "about", "villagers"),
        ("nearly two hundred migrants", 200, "about", "migrants"),
        ("an unknown number of Taliban members", None, "unknown", "Taliban members"),
        ("a soldier", 1, "exact", "soldier"),
    ],
)
def test_parse_amount(np: str, value: int | None, qualifier: str, group: str) -> None:
    parsed = parse_amount(np)
    assert parsed is not None
    got_value, got_qualifier, rest, _ = parsed
    assert (got_value, got_qualifier, rest) == (value, qualifier, group)


def test_dozens_is_never_a_number() -> None:
    parsed = parse_amount("dozens of civilians")
    assert parsed is not None
    value, qualifier, rest, extra = parsed
    assert value is None and rest == "civilians"
    assert extra["range"] == [24, None] and "no exact number" in extra["note"]


def test_no_count_without_a_number() -> None:
    assert parse_amount("civilians") is None
    assert parse_amount("the") is None


def counts(nlp: Language, body: str) -> list[Casualties]:
    head = "Attack Report"
    art = Article(
        title=head,
        text=head + "\n\n" + body,
        body_start=len(head) + 2,
        published=datetime(2024, 3, 15, tzinfo=UTC),
    ).with_id()
    facts = analyze(art, nlp)
    return [c for e in facts.events for c in e.casualties]


def test_killing_and_wounding(nlp: Language) -> None:
    got = counts(
        nlp, "A bomb exploded in a market in Kirkuk on Friday, killing 13 people and wounding 20."
    )
    killed = [c for c in got if c.killed is not None]
    injured = [c for c in got if c.injured is not None]
    assert [(c.group, c.killed) for c in killed] == [("people", 13)]
    assert [c.injured for c in injured] == [20]


def test_passive_and_words(nlp: Language) -> None:
    got = counts(nlp, "Seven soldiers were killed when gunmen ambushed a convoy near Gao.")
    assert [(c.group, c.killed, c.qualifier) for c in got] == [("soldiers", 7, "exact")]


def test_dozens_wounded_in_article(nlp: Language) -> None:
    got = counts(
        nlp,
        "A suicide bombing at a rally in Peshawar killed at least 20 people and wounded dozens.",
    )
    vague = [c for c in got if c.model_extra and c.model_extra.get("range")]
    assert vague and vague[0].injured is None and vague[0].killed is None
    assert vague[0].model_extra["range"] == [24, None]
    assert any(c.killed == 20 and c.qualifier == "at_least" for c in got)


def test_numbers_in_a_date_are_not_casualties(nlp: Language) -> None:
    got = counts(nlp, "Three civilians were killed in shelling of the town on 12 March 2024.")
    assert [c.killed for c in got] == [3]
    assert all(c.killed not in (12, 2024) for c in got)


def test_negated_killing_is_no_count(nlp: Language) -> None:
    got = counts(nlp, "A bomb exploded near a school in Jos on Monday but did not kill anyone.")
    assert got == []


@pytest.mark.parametrize("np", ["", "   ", "\u202e\u200b", "9" * 400, "over over over"])
def test_parse_amount_bad_input(np: str) -> None:
    parsed = parse_amount(np)
    assert parsed is None or isinstance(parsed[0], int)


def test_participle_adjectives_count_the_wounded(nlp: Language) -> None:
    """The tagger reads "wounded" before a noun as an adjective whose lemma is itself."""
    got = counts(
        nlp,
        "A car bomb exploded at a bus station in Kirkuk on Friday, killing nine people. "
        "Doctors at the city hospital said they had received 31 wounded people.",
    )
    assert [(c.group, c.injured) for c in got if c.injured is not None] == [("people", 31)]


def test_elided_passive_second_count(nlp: Language) -> None:
    """'were killed and 14 wounded': the parser reads '14' as the active subject of 'wounded'."""
    got = counts(
        nlp,
        "Seven people were killed and 14 wounded when gunmen attacked a church in Zaria on "
        "Sunday. Four soldiers were killed and more than 20 wounded in a second attack.",
    )
    assert [(c.killed, c.qualifier) for c in got if c.killed is not None] == [
        (7, "exact"),
        (4, "exact"),
    ]
    assert [(c.injured, c.qualifier) for c in got if c.injured is not None] == [
        (14, "exact"),
        (20, "over"),
    ]


def test_a_vague_count_keeps_its_word(nlp: Language) -> None:
    got = counts(
        nlp, "A car bomb exploded in Mosul on Tuesday, killing 10 people and wounding dozens."
    )
    [vague] = [c for c in got if c.model_extra and c.model_extra.get("range")]
    assert vague.model_extra["vague"] == "dozens" and vague.model_extra["count_of"] == "injured"


@pytest.mark.parametrize(
    ("body", "killed", "qualifier"),
    [
        ("The death toll from Thursday's bombing in Kabul has risen to 26, officials said.", 26, "exact"),
        ("A third protester died of his wounds on Monday, raising the toll to three.", 3, "exact"),
        ("The toll from the bombing in Mosul stood at at least 40 on Tuesday.", 40, "at_least"),
    ],
)  # fmt: skip
def test_a_toll_given_a_figure_is_a_killed_count(
    nlp: Language, body: str, killed: int, qualifier: str
) -> None:
    found = [(c.killed, c.qualifier) for c in counts(nlp, body) if c.killed is not None]
    assert found == [(killed, qualifier)]  # and "a third protester" is no count of one
