"""Timestamp lines: every form we read, the day/month rule, and lines that are not dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from dateline.ingest.dates import parse_timestamp_line


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("line", "published", "updated"),
    [
        (
            "21:31 GMT 28.08.2021 (Updated: 19:56 GMT 18.10.2022)",
            utc(2021, 8, 28, 21, 31),
            utc(2022, 10, 18, 19, 56),
        ),
        ("09:12 GMT 04.03.2024", utc(2024, 3, 4, 9, 12), None),  # dots: day first
        ("2021-08-28T21:31:00+00:00", utc(2021, 8, 28, 21, 31), None),
        ("2021-08-28 21:31 UTC", utc(2021, 8, 28, 21, 31), None),
        ("August 28, 2021 9:31 PM", utc(2021, 8, 28, 21, 31), None),
        ("Aug. 28, 2021 12:05 a.m.", utc(2021, 8, 28, 0, 5), None),
        ("28 Aug 2021", utc(2021, 8, 28), None),
        (
            "Saturday 28 August 2021, 21:31 BST",
            datetime(2021, 8, 28, 21, 31, tzinfo=timezone(timedelta(hours=1))),
            None,
        ),
        (
            "Published: 28 Aug 2021 | Updated: 29 Aug 2021 10:02 GMT",
            utc(2021, 8, 28),
            utc(2021, 8, 29, 10, 2),
        ),
        ("Posted on March 3rd, 2024", utc(2024, 3, 3), None),
        ("Updated 29 Aug 2021, 10:02", None, utc(2021, 8, 29, 10, 2)),
        (
            "Last updated: 2024-01-05T10:00:00+03:00",
            None,
            datetime(2024, 1, 5, 10, tzinfo=timezone(timedelta(hours=3))),
        ),
        ("13/04/2024 10:00", utc(2024, 4, 13, 10, 0), None),  # 13 cannot be a month
        ("04/13/2024", utc(2024, 4, 13), None),
    ],
)
def test_timestamp_forms(line: str, published: datetime | None, updated: datetime | None) -> None:
    found = parse_timestamp_line(line)
    assert found is not None
    assert found.published == published
    assert found.updated == updated
    for value in (found.published, found.updated):
        assert value is None or value.tzinfo is not None


def test_ambiguous_slashes_never_guessed() -> None:
    found = parse_timestamp_line("03/04/2024 10:00 GMT")
    assert found is not None  # still a timestamp line (kept out of the text)
    assert found.published is None and found.ambiguous == ["03/04/2024"]


@pytest.mark.parametrize(
    "line",
    [
        "The attack on 28 Aug 2021 killed at least 12 people.",
        "Police said 2021 had been the worst year.",
        "Subscribe",
        "31.02.2021",  # no such day
        "",
        "Aug. 28, 2021 at 9:31 p.m. Moscow time, witnesses said",
    ],
)
def test_not_a_timestamp(line: str) -> None:
    assert parse_timestamp_line(line) is None


def test_an_article_given_a_date_with_no_utc_equivalent_keeps_no_date() -> None:
    """The API and the Python API build Articles without a reader: the model drops a date
    that cannot be read in UTC (it failed the article's analysis with OverflowError)."""
    from datetime import timedelta, timezone

    from dateline.model import Article
    from dateline.pipeline import analyze

    east = timezone(timedelta(hours=5))
    article = Article(
        text="Blast in Kabul\n\nA blast hit Kabul on Thursday, police said.",
        published=datetime(1, 1, 1, tzinfo=east),
        updated=datetime(2024, 5, 2, 9, 0, tzinfo=east),
    )
    assert article.published is None and article.updated is not None
    assert analyze(article).article.published is None
