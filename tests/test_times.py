"""Times: TIMEX3 values anchored on the publication time (texts written for these tests)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from spacy.language import Language

from dateline.model import Article, TimeExpr
from dateline.pipeline import make_doc

# A Saturday evening, as in the shared Kabul example.
SATURDAY = datetime(2021, 8, 28, 21, 31, tzinfo=UTC)


def times(
    nlp: Language, text: str, published: datetime | None = SATURDAY, **kw: str
) -> list[TimeExpr]:
    article = Article(text=text, published=published, **kw)
    return nlp(make_doc(nlp, article))._.times


def find(found: list[TimeExpr], text: str) -> TimeExpr:
    hits = [t for t in found if t.text == text]
    assert hits, f"{text!r} not found in {[t.text for t in found]}"
    return hits[0]


def test_past_weekday_is_the_most_recent(nlp: Language) -> None:
    found = times(nlp, "Two bombs exploded near the gate on Thursday, officials said.")
    t = find(found, "Thursday")
    assert (t.type, t.value, t.interval, t.anchor) == (
        "DATE",
        "2021-08-26",
        ["2021-08-26", "2021-08-26"],
        "published",
    )


def test_future_weekday_is_the_next_one(nlp: Language) -> None:
    found = times(nlp, "The foreign ministers will meet on Thursday in Doha.")
    assert find(found, "Thursday").value == "2021-09-02"


def test_friday_airstrike(nlp: Language) -> None:
    found = times(nlp, "The military conducted an airstrike on Friday, a spokesman said.")
    assert find(found, "Friday").value == "2021-08-27"


def test_offset_before_a_dated_event_resolves_through_it(nlp: Language) -> None:
    found = times(
        nlp, "The reporter met the commander two days before the Thursday attacks at the airport."
    )
    t = find(found, "two days before the Thursday attacks")
    assert t.value == "2021-08-24"
    assert t.relation["offset"] == "-P2D"
    assert t.relation["to_text"] == "the Thursday attacks"
    # the referenced day keeps its own entry
    assert find(found, "Thursday").value == "2021-08-26"


def test_offset_after_an_undated_event_is_recorded_not_guessed(nlp: Language) -> None:
    found = times(
        nlp, "The interview was aired two days after several deadly blasts hit the airport."
    )
    t = find(found, "two days after several deadly blasts")
    assert t.value is None and t.interval is None
    assert t.anchor == "event"
    assert t.relation["offset"] == "P2D"
    assert t.relation["to_text"] == "several deadly blasts"


def test_explicit_dates_in_common_orders(nlp: Language) -> None:
    text = "Talks began on August 27, 2021, resumed on 3 September 2021 and ended 2021-09-10."
    found = times(nlp, text)
    assert find(found, "August 27, 2021").value == "2021-08-27"
    assert find(found, "August 27, 2021").anchor == "explicit"
    assert find(found, "3 September 2021").value == "2021-09-03"
    assert find(found, "2021-09-10").value == "2021-09-10"


def test_ambiguous_numeric_date_without_evidence_is_flagged(nlp: Language) -> None:
    t = find(times(nlp, "The decree dated 03/04/2021 was published."), "03/04/2021")
    assert t.value is None
    assert t.ambiguous is True


def test_numeric_date_order_from_the_texts_other_dates(nlp: Language) -> None:
    found = times(nlp, "The first order, dated 25/03/2021, was replaced by one dated 03/04/2021.")
    assert find(found, "03/04/2021").value == "2021-04-03"


def test_numeric_date_order_from_a_us_outlet(nlp: Language) -> None:
    found = times(nlp, "The memo dated 03/04/2021 was leaked.", url="https://www.nytimes.com/x")
    assert find(found, "03/04/2021").value == "2021-03-04"


def test_clock_time_with_zone(nlp: Language) -> None:
    t = find(times(nlp, "The statement came at 21:31 GMT."), "21:31 GMT")
    assert (t.type, t.value, t.zone) == ("TIME", "2021-08-28T21:31", "GMT")


def test_relative_periods(nlp: Language) -> None:
    found = times(nlp, "Attacks rose last week and earlier this month, and fell in March.")
    assert find(found, "last week").value == "2021-W33"
    assert find(found, "this month").value == "2021-08"  # TimeML leaves "earlier" out
    assert find(found, "March").value == "2021-03"


def test_durations(nlp: Language) -> None:
    found = times(
        nlp, "The siege lasted two days; the talks ran for 24-36 hours, on and off for three weeks."
    )
    assert find(found, "two days").value == "P2D"
    assert find(found, "three weeks").value == "P3W"
    hours = find(found, "24-36 hours")
    assert (hours.type, hours.value, hours.value_max) == ("DURATION", "PT24H", "PT36H")


def test_future_ranges_from_publication_time(nlp: Language) -> None:
    found = times(
        nlp, "More attacks are possible over the next 24-36 hours and in the coming weeks."
    )
    t = find(found, "the next 24-36 hours")  # TimeML leaves "over" out
    assert t.interval == ["2021-08-28T21:31:00", "2021-08-30T09:31:00"]
    assert t.direction == "future"
    weeks = find(found, "the coming weeks")
    # An open stretch ahead: some weeks (TimeML "PXW"), starting at publication.
    assert (weeks.type, weeks.value) == ("DURATION", "PXW")
    assert weeks.interval == ["2021-08-28", None] and weeks.direction == "future"


def test_sets(nlp: Language) -> None:
    found = times(nlp, "Protesters gather every Friday and the council meets daily.")
    assert (find(found, "every Friday").type, find(found, "every Friday").value) == (
        "SET",
        "XXXX-WXX-5",
    )
    assert find(found, "daily").value == "P1D"


def test_no_publication_date_leaves_relative_values_unresolved(nlp: Language) -> None:
    found = times(nlp, "The blast happened on Thursday, last week, on 12 May 2020.", published=None)
    assert find(found, "Thursday").value is None
    assert find(found, "last week").value is None
    assert find(found, "12 May 2020").value == "2020-05-12"  # absolute dates need no anchor


@pytest.mark.parametrize("text", ["", "   \n\n  ", "🙂 Ωμέγα 2021 — ‐ ‑ …", "Thursday " * 1500])
def test_odd_inputs_do_not_break(nlp: Language, text: str) -> None:
    found = times(nlp, text)
    assert all(text[t.start : t.end] == t.text for t in found)


def test_a_unit_after_a_quantity_is_a_rate(nlp: Language) -> None:
    found = times(
        nlp,
        "The airline will add four flights a week. The plan saves $500 million a year. "
        "The talks could take a week.",
    )
    rates = [t for t in found if t.type == "SET"]
    assert [(t.text, t.value) for t in rates] == [("a week", "P1W"), ("a year", "P1Y")]
    # "take a week" counts a stretch of time: a duration.
    assert [(t.type, t.value) for t in found if t.text == "a week"][-1] == ("DURATION", "P1W")


def test_clock_with_a_zone_aside_takes_the_day_after_it(nlp: Language) -> None:
    found = times(nlp, "The first blast hit the gate at about 5:50 p.m. (1320 GMT) Thursday.")
    assert find(found, "5:50 p.m.").value == "2021-08-26T17:50"
    assert find(found, "Thursday").value == "2021-08-26"
