"""Times: which Thursday (tense cues) and quarters (texts written for these tests)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from spacy.language import Language

from dateline.model import Article, TimeExpr
from dateline.pipeline import make_doc

# A Saturday; the Thursday before is 2021-08-26, the one after 2021-09-02.
SATURDAY = datetime(2021, 8, 28, 12, 0, tzinfo=UTC)
# A report of early November: the last completed quarter is the third.
NOVEMBER = datetime(2021, 11, 3, 12, 0, tzinfo=UTC)


def times(nlp: Language, text: str, published: datetime = SATURDAY) -> list[TimeExpr]:
    return nlp(make_doc(nlp, Article(text=text, published=published)))._.times


def value_of(found: list[TimeExpr], text: str) -> str | None:
    hits = [t for t in found if t.text == text]
    assert hits, f"{text!r} not found in {[t.text for t in found]}"
    return hits[0].value


@pytest.mark.parametrize(
    ("text", "day", "value"),
    [
        # A day named for what happened on it is past, whatever the main verb's tense.
        ("The ministry says Thursday's vote is binding on all parties.", "Thursday", "2021-08-26"),
        # "planned" on a day: when the plan was made, not when it happens.
        ("On Thursday, the council planned a new curfew for the city.", "Thursday", "2021-08-26"),
        # A deadline that has passed: past perfect wins over "until".
        ("Until Thursday, the rebels had not released any hostages.", "Thursday", "2021-08-26"),
        # The future stays future.
        ("The envoy will meet the rebels on Thursday in Doha.", "Thursday", "2021-09-02"),
        ("Talks are scheduled for Thursday, a spokesman said.", "Thursday", "2021-09-02"),
    ],
)
def test_which_thursday(nlp: Language, text: str, day: str, value: str) -> None:
    assert value_of(times(nlp, text), day) == value


def test_quarters_named_by_year(nlp: Language) -> None:
    text = (
        "Profit rose in the third quarter from the year-ago third quarter. "
        "Sales in the 2019 second quarter were flat, and next year's first quarter looks weak."
    )
    found = times(nlp, text, NOVEMBER)
    assert value_of(found, "the third quarter") == "2021-Q3"
    assert value_of(found, "the year-ago third quarter") == "2020-Q3"
    assert value_of(found, "the 2019 second quarter") == "2019-Q2"
    assert value_of(found, "next year's first quarter") == "2022-Q1"


def test_a_year_is_not_a_count(nlp: Language) -> None:
    found = times(
        nlp, "Revenue in the 1998 quarter fell; the plant ran for two quarters.", NOVEMBER
    )
    assert all(not (t.value or "").startswith("P1998") for t in found)
    assert value_of(found, "two quarters") == "P2Q"


@pytest.mark.parametrize("text", ["", "'s", "Thursday's", "’s Thursday’s ’s", "Q" * 5000])
def test_odd_inputs(nlp: Language, text: str) -> None:
    found = times(nlp, text)
    assert all(text[t.start : t.end] == t.text for t in found)


def test_effective_date_of_an_announced_change_is_ahead(nlp: Language) -> None:
    # Early November: March 1 is months away, so the clause decides the side, and
    # "effective" dates the change announced, not the announcement.
    found = times(
        nlp, "The company said it named a new chairman, effective March 1.", published=NOVEMBER
    )
    assert value_of(found, "March 1") == "2022-03-01"
    found = times(nlp, "The company said it named a new chairman on March 1.", published=NOVEMBER)
    assert value_of(found, "March 1") == "2021-03-01"


@pytest.mark.parametrize(
    ("text", "day", "value"),
    [
        ("Tension rose in the capital ahead of Sunday's election.", "Sunday", "2021-08-29"),
        ("Traders squared positions ahead of the weekend.", "the weekend", "2021-W34-WE"),
        # Without the cue, a possessive day is the one just past.
        ("Tension rose in the capital after Sunday's election.", "Sunday", "2021-08-22"),
    ],
)
def test_ahead_of_looks_forward(nlp: Language, text: str, day: str, value: str) -> None:
    assert value_of(times(nlp, text), day) == value
