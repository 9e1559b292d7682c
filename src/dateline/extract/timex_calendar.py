"""Calendar arithmetic for TIMEX3 values: granules (day, week, month...) and their intervals."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

# Season -> (first month, number of months); winter runs into the next year.
SEASON_MONTHS: dict[str, tuple[int, int]] = {
    "SP": (3, 3),
    "SU": (6, 3),
    "FA": (9, 3),
    "WI": (12, 3),
}


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def last_day(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def day_value(d: date) -> tuple[str, list[str | None]]:
    return d.isoformat(), [d.isoformat(), d.isoformat()]


def month_value(y: int, m: int) -> tuple[str, list[str | None]]:
    return f"{y:04d}-{m:02d}", [date(y, m, 1).isoformat(), last_day(y, m).isoformat()]


def year_value(y: int) -> tuple[str, list[str | None]]:
    return f"{y:04d}", [f"{y:04d}-01-01", f"{y:04d}-12-31"]


def week_value(d: date) -> tuple[str, list[str | None]]:
    iso = d.isocalendar()
    monday = d - timedelta(days=d.isoweekday() - 1)
    return f"{iso[0]:04d}-W{iso[1]:02d}", [monday.isoformat(), (monday + timedelta(6)).isoformat()]


def weekend_value(d: date) -> tuple[str, list[str | None]]:
    week, _ = week_value(d)
    sat = d + timedelta(days=6 - d.isoweekday())
    return f"{week}-WE", [sat.isoformat(), (sat + timedelta(1)).isoformat()]


def quarter_value(y: int, q: int) -> tuple[str, list[str | None]]:
    first = 3 * (q - 1) + 1
    return f"{y:04d}-Q{q}", [date(y, first, 1).isoformat(), last_day(y, first + 2).isoformat()]


def half_value(y: int, h: int) -> tuple[str, list[str | None]]:
    first = 6 * (h - 1) + 1
    return f"{y:04d}-H{h}", [date(y, first, 1).isoformat(), last_day(y, first + 5).isoformat()]


def season_value(y: int, s: str) -> tuple[str, list[str | None]]:
    m, n = SEASON_MONTHS[s]
    ey, em = add_months(y, m, n - 1)
    return f"{y:04d}-{s}", [date(y, m, 1).isoformat(), last_day(ey, em).isoformat()]


def decade_value(decade: int) -> tuple[str, list[str | None]]:
    return f"{decade // 10:03d}", [f"{decade:04d}-01-01", f"{decade + 9:04d}-12-31"]


def shift(ref: date, unit: str, n: int) -> tuple[str, list[str | None]] | None:
    """The granule ``n`` units from ``ref`` (negative = past), at that unit's granularity."""
    if unit == "D":
        return day_value(ref + timedelta(days=n))
    if unit in ("W", "WE"):
        d = ref + timedelta(weeks=n)
        return weekend_value(d) if unit == "WE" else week_value(d)
    if unit == "M":
        return month_value(*add_months(ref.year, ref.month, n))
    if unit == "Q":
        y, m = add_months(ref.year, ref.month, 3 * n)
        return quarter_value(y, (m - 1) // 3 + 1)
    if unit == "Y":
        return year_value(ref.year + n)
    if unit == "DE":
        return decade_value((ref.year // 10 + n) * 10)
    return None


def offset(ref: date, unit: str, n: float) -> date | None:
    """The day ``n`` units from ``ref`` (for durations turned into intervals)."""
    if unit == "D":
        return ref + timedelta(days=n)
    if unit in ("W", "WE"):
        return ref + timedelta(weeks=n)
    if unit in ("M", "Q", "Y", "DE", "CE"):
        months = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}[unit] * int(n)
        y, m = add_months(ref.year, ref.month, months)
        if not 1 <= y <= 9999:
            return None
        return date(y, m, min(ref.day, calendar.monthrange(y, m)[1]))
    return None


def nearest_year(ref: date, month: int, day: int | None, direction: int = 0) -> int:
    """Year of a month(/day) given without one: nearest to ``ref``, or past/future only."""
    cands = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            d = date(y, month, day or 1)
        except ValueError:
            continue
        # A month counts as "now" for the whole of itself.
        if day is None and (y, month) == (ref.year, ref.month):
            return y
        delta = (d - ref).days
        if direction < 0 and delta > 0:
            continue
        if direction > 0 and delta < 0:
            continue
        cands.append((abs(delta), y))
    return min(cands)[1] if cands else ref.year


def months_between(ref: date, year: int, month: int) -> int:
    """Whole months from ``ref``'s month to ``year``-``month`` (negative: before)."""
    return (year - ref.year) * 12 + month - ref.month


def easter(y: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    return date(y, month, (h + l_ - 7 * m + 114) % 31 + 1)


def nth_weekday(y: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ISO ``weekday`` of a month; ``n = -1`` for the last."""
    if n > 0:
        first = date(y, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = last_day(y, month)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def holiday(spec: dict, y: int) -> date:
    """The day a holiday table entry (data/timex.yaml) falls on in year ``y``."""
    if "fixed" in spec:
        return date(y, *spec["fixed"])
    if "nth" in spec:
        return nth_weekday(y, *spec["nth"])
    if "easter" in spec:
        return easter(y) + timedelta(days=spec["easter"])
    # US Election Day: the Tuesday after the first Monday of November.
    return nth_weekday(y, 11, 1, 1) + timedelta(days=1)
