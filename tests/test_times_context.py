"""Times: values that depend on context (earnings quarters, far dates, vague ranges).

Texts written for these tests.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from spacy.language import Language

from dateline.model import Article, TimeExpr
from dateline.pipeline import make_doc

# An early-November report: the last completed quarter is 2021-Q3.
NOVEMBER = datetime(2021, 11, 3, 12, 0, tzinfo=UTC)
# A Saturday in late August.
SATURDAY = datetime(2021, 8, 28, 12, 0, tzinfo=UTC)


def times(nlp: Language, text: str, published: datetime = NOVEMBER) -> list[TimeExpr]:
    return nlp(make_doc(nlp, Article(text=text, published=published)))._.times


def value_of(found: list[TimeExpr], text: str) -> str | None:
    hits = [t for t in found if t.text == text]
    assert hits, f"{text!r} not found in {[t.text for t in found]}"
    return hits[0].value


def test_a_year_ago_after_a_quarter_is_that_quarter(nlp: Language) -> None:
    found = times(
        nlp,
        "Acme Corp. said third-quarter profit rose 12% in the third quarter. "
        "Profit was $4 million, up from $3 million a year earlier. "
        "Sales fell from a year ago.",
    )
    assert value_of(found, "a year earlier") == "2020-Q3"
    assert value_of(found, "a year ago") == "2020-Q3"


def test_a_year_ago_without_a_quarter_is_a_year(nlp: Language) -> None:
    found = times(nlp, "The mayor took office a year ago and has promised new parks.")
    assert value_of(found, "a year ago") == "2020"


def test_year_earlier_adjective(nlp: Language) -> None:
    found = times(
        nlp,
        "Net income in the second quarter fell, compared with year-earlier net of $2 million. "
        "In the year-ago period, the company lost money.",
    )
    assert value_of(found, "year-earlier") == "2020-Q2"
    assert value_of(found, "the year-ago period") == "2020-Q2"
    alone = times(nlp, "The bank blamed year-earlier gains for the drop.")
    assert value_of(alone, "year-earlier") == "2020"


def test_latest_quarter_is_the_last_reported(nlp: Language) -> None:
    found = times(nlp, "The chief executive expects revenue in the latest quarter to rise.")
    assert value_of(found, "the latest quarter") == "2021-Q3"
    period = times(nlp, "Sales in the latest period were $1.2 billion.")
    assert value_of(period, "the latest period") == "2021-Q3"


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        # Months away: the past tense picks last year's day.
        ("The company earned $3 million in the year ended March 31.", "March 31", "2021-03-31"),
        # Close by: the nearest, whatever the tense ("was extended to Nov. 20").
        ("The offer was extended to Nov. 20 by the bidders.", "Nov. 20", "2021-11-20"),
        # A month next to the publication month is this year's.
        ("Final rules were to be published in early December.", "early December", "2021-12"),
    ],
)
def test_day_and_month_without_a_year(nlp: Language, text: str, phrase: str, value: str) -> None:
    assert value_of(times(nlp, text), phrase) == value


def test_until_month_reads_its_preposition(nlp: Language) -> None:
    found = times(nlp, "Regulators gave the firm until mid-January to answer.")
    assert value_of(found, "mid-January") == "2022-01"


def test_vague_future_range_is_a_duration(nlp: Language) -> None:
    found = times(nlp, "Talks will continue over the next few days.", SATURDAY)
    t = next(t for t in found if "next few days" in t.text)
    assert (t.type, t.value, t.interval) == ("DURATION", "PXD", ["2021-08-28", None])


def test_vague_past_range_is_past_ref(nlp: Language) -> None:
    found = times(nlp, "Prices have fallen over the past several months.", SATURDAY)
    t = next(t for t in found if "past several months" in t.text)
    assert (t.type, t.value, t.interval) == ("DATE", "PAST_REF", [None, "2021-08-28"])


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The offer had been due to expire Thursday evening.", "2021-08-26TEV"),
        ("Trading is to resume in Paris Thursday.", "2021-09-02"),
        ("None of the relatives could be located Thursday.", "2021-08-26"),
    ],
)
def test_weekday_tense_cues(nlp: Language, text: str, value: str) -> None:
    found = times(nlp, text, SATURDAY)
    assert any(t.value == value for t in found), [(t.text, t.value) for t in found]


@pytest.mark.parametrize(
    "text",
    ["", "a year ago", "year-earlier " * 500, "the latest period\u200b\u0000 a year earlier"],
)
def test_odd_inputs_do_not_break(nlp: Language, text: str) -> None:
    found = times(nlp, text)
    assert all(0 <= t.start < t.end <= len(text) for t in found)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Prices rose over the past two months.", "the past two months"),
        ("For the nine months, profit fell.", "the nine months"),
        ("He met the envoy earlier this week.", "this week"),
        ("The rebels agreed to the 30-day truce.", "30-day"),
        ("Such raids were rare in the past.", "the past"),
    ],
)
def test_spans_leave_out_prepositions(nlp: Language, text: str, span: str) -> None:
    found = times(nlp, text, SATURDAY)
    assert span in [t.text for t in found]


def test_units_later_are_durations(nlp: Language) -> None:
    found = times(nlp, "The gunmen fled. Three days later, police arrested two men.", SATURDAY)
    t = next(t for t in found if t.text == "Three days")
    assert (t.type, t.value) == ("DURATION", "P3D")
    assert "Three days later" not in [t.text for t in found]


def test_approximate_ago_keeps_its_modifier(nlp: Language) -> None:
    found = times(nlp, "The base was built nearly four years ago.", SATURDAY)
    assert value_of(found, "nearly four years ago") == "2017"


def test_early_and_late_weekdays(nlp: Language) -> None:
    found = times(nlp, "The convoy was attacked late Thursday near the border.", SATURDAY)
    assert value_of(found, "late Thursday") == "2021-08-26"
    found = times(nlp, "Earlier yesterday the minister resigned.", SATURDAY)
    assert value_of(found, "Earlier yesterday") == "2021-08-27"


def test_month_with_relative_year(nlp: Language) -> None:
    found = times(nlp, "The talks collapsed in June last year and resumed in March this year.")
    assert value_of(found, "June last year") == "2020-06"
    assert value_of(found, "March this year") == "2021-03"


def test_year_period_takes_the_reported_quarter(nlp: Language) -> None:
    found = times(
        nlp, "Profit in the third quarter rose. In the 2020 period, the company lost money."
    )
    assert value_of(found, "the 2020 period") == "2020-Q3"
    alone = times(nlp, "Sales were flat in the 2019 period.")
    assert value_of(alone, "the 2019 period") == "2019"


def test_last_half_of_a_year(nlp: Language) -> None:
    found = times(nlp, "Earnings will be lower for the last half of 2022.")
    assert value_of(found, "the last half of 2022") == "2022-H2"
    decade = times(nlp, "Sales grew through the last half of the '80s.")
    assert "the last half" not in [t.text for t in decade]


def test_last_month_and_day_is_a_day(nlp: Language) -> None:
    found = times(nlp, "The doctor was shot last Oct. 23 at his home.", SATURDAY)
    assert value_of(found, "Oct. 23") == "2020-10-23"


def test_seasons_and_abbreviations_need_whole_words(nlp: Language) -> None:
    found = times(nlp, "MindSpring said Jan Kavan met the envoy in the spring.")
    texts = [t.text for t in found]
    assert "Spring" not in texts and "Jan" not in texts
    assert "the spring" in texts


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Refugees lived in the camps for 2 1/2 years.", "2 1/2 years", "P2Y6M"),
        ("The flight took five and a half hours.", "five and a half hours", "PT5H30M"),
    ],
)
def test_half_units(nlp: Language, text: str, span: str, value: str) -> None:
    assert value_of(times(nlp, text, SATURDAY), span) == value


def test_fiscal_periods(nlp: Language) -> None:
    found = times(
        nlp, "Sales in the current fiscal year will rise; the fiscal first quarter was weak."
    )
    assert value_of(found, "the current fiscal year") == "2021"
    assert value_of(found, "the fiscal first quarter") == "2021-Q1"


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The boy was found at sea on Thanksgiving Day.", "Thanksgiving Day", "2020-11-26"),
        ("Troops will be home by Christmas.", "Christmas", "2021-12-25"),
        ("The vote was held on Election Day, 2020.", "Election Day, 2020", "2020-11-03"),
        ("Pilgrims gathered last Easter in the old city.", "last Easter", "2021-04-04"),
        ("Parties on New Year’s Eve were cancelled.", "New Year’s Eve", "2020-12-31"),
    ],
)
def test_holidays(nlp: Language, text: str, phrase: str, value: str) -> None:
    assert value_of(times(nlp, text), phrase) == value


def test_holiday_season_is_not_the_day(nlp: Language) -> None:
    found = times(nlp, "Shops hired staff for the Christmas season.")
    assert "Christmas" not in [t.text for t in found]


def test_daily_newspaper_is_not_a_set(nlp: Language) -> None:
    found = times(nlp, "The Israeli daily Haaretz said average daily volume doubled.")
    assert not [t for t in found if t.text == "daily"]
    sets = times(nlp, "Patrols now run daily along the border.")
    assert value_of(sets, "daily") == "P1D"


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The lease runs for 20 more years.", "20 more years", "P20Y"),
        ("Shares fell for eight trading days.", "eight trading days", "P8D"),
        ("A minute and a half later, a second blast hit.", "A minute and a half", "PT1M30S"),
    ],
)
def test_counted_durations_with_qualifiers(nlp: Language, text: str, span: str, value: str) -> None:
    assert value_of(times(nlp, text, SATURDAY), span) == value


def test_a_second_blast_is_an_ordinal(nlp: Language) -> None:
    found = times(nlp, "A second blast hit the gate; a second later the lights failed.", SATURDAY)
    assert "A second" not in [t.text for t in found]


def test_the_year_ended_a_date_is_a_twelve_month_duration(nlp: Language) -> None:
    found = times(
        nlp,
        "For the fiscal year ended March 31, the brewer earned $12 million. "
        "It expects a loss in the year ending June 30.",
    )
    fiscal = [t for t in found if t.text == "the fiscal year"]
    assert fiscal and (fiscal[0].type, fiscal[0].value) == ("DURATION", "P1Y")
    assert value_of(found, "the year") == "P1Y"
    assert value_of(found, "March 31") == "2021-03-31"
    # Without "ended", "the year" is no timex of its own.
    assert not [t for t in times(nlp, "It was the year of the flood.") if t.text == "the year"]


def test_that_year_and_the_following_month_follow_the_story_dates(nlp: Language) -> None:
    found = times(
        nlp,
        "The fisherman fled to Florida in June 1998 and returned to Cuba later that year. "
        "Exports rose in March 2019. The following month they fell. "
        "The court met on Feb. 22, 2020, and the lawyers left the next morning.",
    )
    assert value_of(found, "later that year") == "1998"
    assert value_of(found, "The following month") == "2019-04"
    assert value_of(found, "the next morning") == "2020-02-23TMO"
    # With no date told before it, "that day" points at nothing the rules can see.
    assert not [t for t in times(nlp, "Residents remember that day.") if t.text == "that day"]


def test_the_end_of_the_year_is_this_year(nlp: Language) -> None:
    found = times(nlp, "The bank aims to cut 500 jobs by the end of the year.")
    t = [t for t in found if t.text == "the end of the year"]
    assert t and (t[0].value, t[0].mod) == ("2021", "the end of")
    # Without a "the end of"-style modifier, "of the year" is no date.
    assert not [t for t in times(nlp, "She was named manager of the year.") if t.value == "2021"]
