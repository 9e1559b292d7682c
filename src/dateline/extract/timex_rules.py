"""Rules that find temporal expressions in text and normalise them to TIMEX3 values.

Each rule is a regular expression plus a handler; handlers resolve relative expressions
against the reference date (the article's publication date). Without a reference date a
relative expression keeps its span and type but its value stays ``None``: never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

import yaml

from dateline.config import DATA_DIR
from dateline.extract import timex_calendar as cal


@dataclass
class Timex:
    start: int
    end: int
    type: str
    value: str | None
    interval: list[str | None] | None = None
    anchor: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    """What the handlers resolve against."""

    ref: date | None  # publication date
    ref_time: datetime | None
    day_first: bool | None  # order of numeric dates; None = no evidence
    tense: Callable[[int], int]  # char offset -> -1 past, 0 unknown, +1 future


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    with open(DATA_DIR / "timex.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _cap(words: list[str]) -> str:
    return "|".join(re.escape(w.capitalize()) for w in sorted(words, key=len, reverse=True))


LEX = lexicon()
MONTH = (
    rf"(?:{_cap([w for w in LEX['months'] if len(w) > 4 or w in ('may', 'june', 'july')])}\b"
    rf"|(?:{_cap([w for w in LEX['months'] if len(w) <= 4 and w not in ('may', 'june', 'july')])})\b\.?)"
)
WEEKDAY = rf"(?:{_cap([w for w in LEX['weekdays'] if len(w) > 4])})"
NUMWORD = _alt([w for w in LEX["numbers"] if w not in ("a", "an")])
NUM = rf"(?:\d+(?:\.\d+)?|(?:{NUMWORD})(?:[\s-](?:{NUMWORD}))*|an?)"
VAGUE = _alt(LEX["vague_numbers"])
UNIT = rf"(?:{_alt(list(LEX['units']))})"
PART = rf"(?:{_alt(list(LEX['parts_of_day']))})"
SEASON = rf"(?:{_alt(list(LEX['seasons']))})"
ORD = r"(?:\d{1,2}(?:st|nd|rd|th)?)"
ZONE = r"(?:GMT|UTC|BST|CET|CEST|EET|EEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|IST|local time)"
MOD = r"(?:early|late|mid|the end of|the beginning of|the start of|the middle of)"
I = "(?i:"  # noqa: E741  (inline case-insensitive group opener)


def month_no(word: str) -> int:
    return LEX["months"][word.lower().rstrip(".")]


def weekday_no(word: str) -> int:
    return LEX["weekdays"][word.lower()]


def number(text: str) -> float | None:
    """'two' -> 2, 'twenty four' -> 24, '36' -> 36, vague words -> None."""
    text = text.lower().strip()
    if text in LEX["numbers"]:
        return float(LEX["numbers"][text])
    try:
        return float(text)
    except ValueError:
        pass
    total = 0.0
    for word in re.split(r"[\s-]+", text):
        val = LEX["numbers"].get(word)
        if val is None:
            return None
        total = total * val if val == 100 and total else total + val
    return total


def unit_of(word: str) -> tuple[str, bool]:
    base = word.lower()
    if base.endswith("ies"):
        base = base[:-3] + "y"
    elif base.endswith("s") and base[:-1] in LEX["units"]:
        base = base[:-1]
    letter, clock = LEX["units"][base]
    return letter, clock


# Half of a unit in the next smaller one (minutes and months share the letter M:
# a half-minute is 30S only on the clock; a half-month stays fractional).
_HALF = {"Y": "6M", "D": "T12H", "H": "30M", "W": "3DT12H"}


def duration_value(n: float | None, unit: str, clock: bool) -> str:
    if unit == "WE":
        unit = "WE"
    if unit == "W2":
        n, unit = (n * 2 if n is not None else None), "W"
    half = "30S" if clock and unit == "M" else _HALF.get(unit)
    if n is not None and n != int(n) and n * 2 == int(n * 2) and half:
        # "2 1/2 years" -> P2Y6M, "5 1/2 hours" -> PT5H30M: TimeML keeps whole units
        whole = f"{int(n)}{unit}" if int(n) else ""
        return ("PT" if clock else "P") + whole + half
    num = "X" if n is None else (str(int(n)) if n == int(n) else str(n))
    if unit == "DE":
        num, unit = ("X" if n is None else str(int(n * 10))), "Y"
    if unit == "CE":
        num, unit = ("X" if n is None else str(int(n * 100))), "Y"
    return f"PT{num}{unit}" if clock else f"P{num}{unit}"


# --------------------------------------------------------------------------- handlers


def _date(ctx: Context, y: int, m: int, d: int) -> Timex | None:
    try:
        value, interval = cal.day_value(date(y, m, d))
    except ValueError:
        return None
    return Timex(0, 0, "DATE", value, interval, "explicit")


_FAR_MONTHS = 3
_LAST_NEXT = re.compile(r"\b(last|next)\s+$", re.I)


def h_month_day(m: re.Match[str], ctx: Context) -> Timex | None:
    mon, day, year = month_no(m["mon"]), int(m["day"]), m["year"]
    if year:
        return _date(ctx, int(year), mon, day)
    if ctx.ref is None:
        return Timex(0, 0, "DATE", None, None, None)
    # The nearest such day, unless it is months away: then the clause's tense picks the
    # side ("the year ended March 31" in November). Close by, tense misleads more than
    # it helps ("was extended to Nov. 20").
    y = cal.nearest_year(ctx.ref, mon, day)
    before = _LAST_NEXT.search(m.string, max(0, m.start() - 6), m.start())
    if before:  # "last Oct. 23", "next March 3"
        y = cal.nearest_year(ctx.ref, mon, day, -1 if before[1].lower() == "last" else 1)
    elif abs(cal.months_between(ctx.ref, y, mon)) > _FAR_MONTHS:
        y = cal.nearest_year(ctx.ref, mon, day, ctx.tense(m.start("mon")))
    t = _date(ctx, y, mon, day)
    if t:
        t.anchor = "published"
    return t


def h_month_year(m: re.Match[str], ctx: Context) -> Timex | None:
    value, interval = cal.month_value(int(m["year"]), month_no(m["mon"]))
    return Timex(0, 0, "DATE", value, interval, "explicit")


def h_iso(m: re.Match[str], ctx: Context) -> Timex | None:
    t = _date(ctx, int(m["y"]), int(m["m"]), int(m["d"]))
    if t and m["hh"]:
        t.type, t.value = "TIME", f"{t.value}T{m['hh']}:{m['mm']}"
    return t


def h_numeric(m: re.Match[str], ctx: Context) -> Timex | None:
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    if year < 100:
        year += 2000 if year < 50 else 1900
    day_first = ctx.day_first
    if m["sep"] in ".-" and day_first is None:
        day_first = True  # dotted and dashed numeric dates are day-first conventions
    if a > 12 >= b:
        day_first = True
    elif b > 12 >= a:
        day_first = False
    elif a == b:
        day_first = True
    if day_first is None:
        t = Timex(0, 0, "DATE", None, None, None, {"ambiguous": True})
        return t
    d, mon = (a, b) if day_first else (b, a)
    return _date(ctx, year, mon, d)


_BARE_ABBR = re.compile(r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)")


def h_month_only(m: re.Match[str], ctx: Context) -> Timex | None:
    mon = month_no(m["mon"])
    if not m["year"] and _BARE_ABBR.fullmatch(m["mon"]):
        return None  # "Jan Kavan", "Mar" as a name: an abbreviation wants its period
    if m["year"]:
        value, interval = cal.month_value(int(m["year"]), mon)
        t = Timex(0, 0, "DATE", value, interval, "explicit")
    elif ctx.ref is None:
        return Timex(0, 0, "DATE", None, None, None)
    else:
        rel = (m["rel"] or "").lower()
        # Tense read at the month itself, so "until mid-November" sees its "until".
        direction = -1 if rel == "last" else 1 if rel == "next" else ctx.tense(m.start("mon"))
        # "this March" is the current year's; with no tense, the nearest March.
        if not rel and abs(cal.months_between(ctx.ref, ctx.ref.year, mon)) <= _FAR_MONTHS:
            direction = 0  # "in early November" said in late October: this year's
        y = ctx.ref.year if rel == "this" else cal.nearest_year(ctx.ref, mon, None, direction)
        if rel == "last" and (y, mon) == (ctx.ref.year, ctx.ref.month):
            y -= 1
        value, interval = cal.month_value(y, mon)
        t = Timex(0, 0, "DATE", value, interval, "published")
    if m["mod"]:
        t.extra["mod"] = m["mod"].lower()
    return t


def h_month_rel_year(m: re.Match[str], ctx: Context) -> Timex | None:
    """'June last year', 'January this year'."""
    if ctx.ref is None:
        return Timex(0, 0, "DATE", None, None, None)
    value, interval = cal.month_value(ctx.ref.year + _REL_N[m["rel"].lower()], month_no(m["mon"]))
    return Timex(0, 0, "DATE", value, interval, "published")


def h_holiday(m: re.Match[str], ctx: Context) -> Timex | None:
    """'Thanksgiving Day', 'last Christmas', 'Easter 2021': the day, on the tense's side."""
    spec = LEX["holidays"][re.sub(r"\s+", " ", m["name"].lower()).replace("’", "'")]
    if m["year"]:
        value, interval = cal.day_value(cal.holiday(spec, int(m["year"])))
        return Timex(0, 0, "DATE", value, interval, "explicit")
    if ctx.ref is None:
        return Timex(0, 0, "DATE", None, None, None)
    ref = ctx.ref
    rel = (m["rel"] or "").lower()
    if rel == "this":
        day = cal.holiday(spec, ref.year)
    else:
        days = [cal.holiday(spec, y) for y in (ref.year - 1, ref.year, ref.year + 1)]
        direction = {"last": -1, "next": 1}.get(rel) or ctx.tense(m.start("name"))
        if direction < 0:
            days = [d for d in days if d < ref or (d == ref and not rel)]
        elif direction > 0:
            days = [d for d in days if d > ref or (d == ref and not rel)]
        day = min(days, key=lambda d: abs((d - ref).days))
    value, interval = cal.day_value(day)
    return Timex(0, 0, "DATE", value, interval, "published")


def h_year_period(m: re.Match[str], ctx: Context) -> Timex | None:
    """'the 1988 period': that year, or its quarter when a report names one nearby."""
    value, interval = cal.year_value(int(m["year"]))
    return Timex(0, 0, "DATE", value, interval, "explicit")


def h_year(m: re.Match[str], ctx: Context) -> Timex | None:
    y = int(m["year"])
    value, interval = cal.year_value(y)
    if m["fy"]:
        value = f"{y}"  # TimeML writes fiscal years as plain years
    t = Timex(0, 0, "DATE", value, interval, "explicit")
    if m["mod"]:
        t.extra["mod"] = m["mod"].lower()
    return t


def h_decade(m: re.Match[str], ctx: Context) -> Timex | None:
    d = m["dec"]
    year = int(d) if len(d) == 4 else (1900 + int(d) if int(d) >= 30 else 2000 + int(d))
    value, interval = cal.decade_value(year)
    return Timex(0, 0, "DATE", value, interval, "explicit")


_DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def h_day_word(m: re.Match[str], ctx: Context) -> Timex | None:
    word = m["word"].lower()
    part = m["part"]
    if word in ("this", "last"):  # "this morning", "last night"
        n = -1 if word == "last" else 0
        part = part or "night"
    else:
        n = _DAY_WORDS[word]
        if word == "tonight":
            part = "night"
    typ = "TIME" if part else "DATE"
    if ctx.ref is None:
        return Timex(0, 0, typ, None, None, None)
    value, interval = cal.shift(ctx.ref, "D", n)  # type: ignore[misc]
    t = Timex(0, 0, typ, value, interval, "published")
    if part:  # TimeML: the day plus the part of day ("2021-08-26TMO")
        t.value = f"{value}T{LEX['parts_of_day'][part.lower()]}"
    return t


def h_weekday(m: re.Match[str], ctx: Context) -> Timex | None:
    wd = weekday_no(m["wd"])
    part = m["part"]
    typ = "TIME" if part else "DATE"
    if ctx.ref is None:
        return Timex(0, 0, typ, None, None, None)
    rel = (m["rel"] or "").lower()
    direction = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(rel) or ctx.tense(
        m.start("wd")
    )
    cur = ctx.ref.isoweekday()
    if direction > 0:
        delta = (wd - cur) % 7 or (7 if rel == "next" else 0)
    else:
        delta = -((cur - wd) % 7)
        if rel == "last" and delta == 0:
            delta = -7
    value, interval = cal.shift(ctx.ref, "D", delta)  # type: ignore[misc]
    t = Timex(0, 0, typ, value, interval, "published")
    if part:  # TimeML: the day plus the part of day ("2021-08-26TMO")
        t.value = f"{value}T{LEX['parts_of_day'][part.lower()]}"
    return t


_REL_N = {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}


def h_rel_unit(m: re.Match[str], ctx: Context) -> Timex | None:
    """'last week', 'this year', 'next month', 'earlier this month', 'this summer'."""
    word = m["unit"].lower()
    rel = m["rel"].lower()
    if rel == "the" and not m["mod"]:
        return None  # "the man of the year"; but "by the end of the year" is this one
    rel = "this" if rel == "the" else rel
    if ctx.ref is None:
        return Timex(0, 0, "DATE", None, None, None)
    n = _REL_N[rel]
    if word in LEX["seasons"]:
        s = LEX["seasons"][word]
        y = ctx.ref.year + n
        value, interval = cal.season_value(y, s)
    else:
        unit, _ = unit_of(word)
        res = cal.shift(ctx.ref, unit, n)
        if res is None:
            return None
        value, interval = res
    t = Timex(0, 0, "DATE", value, interval, "published")
    if m["mod"] or m["mod2"]:
        t.extra["mod"] = (m["mod"] or m["mod2"]).lower()
    return t


def h_ago(m: re.Match[str], ctx: Context) -> Timex | None:
    n = number(m["num"]) if m["num"] else None
    unit, clock = unit_of(m["unit"])
    if m["dir"].lower() == "later" and unit != "Y":
        # "three days later": counted from the story's last event, not from publication;
        # TimeML marks the duration and leaves "later" out.
        value = duration_value(n, unit, clock)
        return Timex(0, 0, "DURATION", value, None, None, {"drop_dir": True})
    if m["vague"]:
        return Timex(
            0, 0, "DATE", "PAST_REF" if m["dir"].lower() in ("ago", "earlier") else "FUTURE_REF"
        )
    if ctx.ref is None or n is None or clock or n != int(n):
        return Timex(0, 0, "DATE", None, None, None)
    sign = 1 if m["dir"].lower() in ("from now", "hence", "later") else -1
    res = cal.shift(ctx.ref, unit, sign * int(n))
    if res is None:
        return None
    return Timex(0, 0, "DATE", res[0], res[1], "published")


def h_duration(m: re.Match[str], ctx: Context) -> Timex | None:
    """'two days', 'the past three years', 'over the next 24-36 hours', 'several weeks'."""
    if m["num"] and _YEARLIKE.fullmatch(m["num"]):
        return None  # "the 1988 second quarter", "the 1988 quarter": a year, not a count
    unit, clock = unit_of(m["unit"])
    n = number(m["num"]) if m["num"] else (None if m["vague"] or m["pl"] else 1.0)
    if n is not None and (m["half"] or m["half2"]):
        n += 0.5
    n2 = number(m["num2"]) if m["num2"] else None
    rel = (m["rel"] or "").lower()
    if n is None and rel in ("past", "last", "previous", "next", "coming", "following"):
        # "in the coming weeks", "the last few months": an open stretch before/after now
        # Ahead, an unknown number of units ("the next few days": PXD; the interval says
        # which side); behind, TimeML annotators mostly write PAST_REF ("in past years").
        fut = rel in ("next", "coming", "following")
        t = (
            Timex(0, 0, "DURATION", duration_value(None, unit, clock), None, None, {"vague": True})
            if fut
            else Timex(0, 0, "DATE", "PAST_REF", None, None, {"vague": True})
        )
        if ctx.ref_time is not None:
            here = ctx.ref_time.date().isoformat()
            t.interval, t.anchor = ([here, None] if fut else [None, here]), "published"
            t.extra["direction"] = "future" if fut else "past"
        return t
    value = duration_value(n, unit, clock)
    t = Timex(0, 0, "DURATION", value, None, None)
    if n2 is not None:
        t.extra["value_max"] = duration_value(n2, unit, clock)
    if rel and ctx.ref_time is not None:
        span = n2 if n2 is not None else n
        direction = 1 if rel in ("next", "coming", "following") else -1
        t.extra["direction"] = "future" if direction > 0 else "past"
        t.anchor = "published"
        pub = ctx.ref_time
        if span is None:
            other = None
        elif clock:
            secs = span * {"H": 3600, "M": 60, "S": 1}[unit]
            other = (pub + direction * timedelta(seconds=secs)).isoformat()
        else:
            d = cal.offset(pub.date(), unit, direction * span)
            other = d.isoformat() if d else None
        here = pub.isoformat() if clock else pub.date().isoformat()
        t.interval = [here, other] if direction > 0 else [other, here]
    return t


_YEARLIKE = re.compile(r"(?:1[89]|20)\d\d")


def h_quarter(m: re.Match[str], ctx: Context) -> Timex | None:
    is_half = m["what"].lower() == "half"
    q = 2 if is_half and m["ord"].lower() == "last" else LEX["ordinals"][m["ord"].lower()]
    if is_half and q > 2:
        return None
    given = m["year"] or m["year0"]
    if is_half and m["ord"].lower() == "last" and not given:
        return None  # "the last half of the '80s": not this year's second half
    year = int(given) if given else (ctx.ref.year if ctx.ref else None)
    if year is None or ctx.ref is None and not given:
        return Timex(0, 0, "DATE", None, None, None)
    current = (ctx.ref.month - 1) // (6 if is_half else 3) + 1 if ctx.ref else q
    rel_year = (m["relyear"] or "").lower()
    if rel_year and ctx.ref is not None and not given:
        year = ctx.ref.year + _REL_N[rel_year]
    elif m["ago"] and not given:
        year -= 1  # "the year-ago third quarter": the same quarter a year before
    elif not given and q > current and ctx.tense(m.start()) <= 0:
        year -= 1  # "the fourth quarter" in a February report: last year's
    value, interval = cal.half_value(year, q) if is_half else cal.quarter_value(year, q)
    return Timex(0, 0, "DATE", value, interval, "explicit" if given else "published")


def h_this_quarter(m: re.Match[str], ctx: Context) -> Timex | None:
    """'the quarter', 'the latest quarter': in a report, the last one completed."""
    if ctx.ref is None:
        return Timex(0, 0, "DATE", None, None, None)
    which = (m["which"] or m["which2"] or "").lower()
    if which == "current":
        back = 0
    elif which in ("latest", "recent", "most recent", "just-ended"):
        back = -1  # the last one reported, whatever the tense
    else:
        back = 0 if ctx.tense(m.start()) > 0 else -1
    res = cal.shift(ctx.ref, "Q", back)
    return Timex(0, 0, "DATE", res[0], res[1], "published") if res else None


def h_season(m: re.Match[str], ctx: Context) -> Timex | None:
    s = LEX["seasons"][m["season"].lower()]
    if m["year"]:
        value, interval = cal.season_value(int(m["year"]), s)
        return Timex(0, 0, "DATE", value, interval, "explicit")
    if ctx.ref is None:
        return Timex(0, 0, "DATE", None, None, None)
    value, interval = cal.season_value(ctx.ref.year, s)
    return Timex(0, 0, "DATE", value, interval, "published")


def h_clock(m: re.Match[str], ctx: Context) -> Timex | None:
    hh = int(m["hh"])
    mm = int(m["mm"] or 0)
    ampm = (m["ampm"] or "").lower().replace(".", "")
    if ampm == "pm" and hh < 12:
        hh += 12
    elif ampm == "am" and hh == 12:
        hh = 0
    if hh > 24 or mm > 59:
        return None
    t = Timex(0, 0, "TIME", None, None, None)
    if m["zone"]:
        t.extra["zone"] = m["zone"]
    if ctx.ref is not None:
        t.value = f"{ctx.ref.isoformat()}T{hh:02d}:{mm:02d}"
        t.interval = [t.value, t.value]
        t.anchor = "published"
    return t


def h_noon(m: re.Match[str], ctx: Context) -> Timex | None:
    hh = "12:00" if m[0].lower() == "noon" else "24:00"
    if ctx.ref is None:
        return Timex(0, 0, "TIME", None, None, None)
    value = f"{ctx.ref.isoformat()}T{hh}"
    return Timex(0, 0, "TIME", value, [value, value], "published")


_NAME_AFTER = re.compile(r"\s+(?:[A-Z][a-z]|newspaper)")


def h_set(m: re.Match[str], ctx: Context) -> Timex | None:
    g = m.groupdict()
    if g.get("word"):
        after = m.string[m.end() : m.end() + 20]
        before = m.string[max(0, m.start() - 9) : m.start()]
        if g["word"].lower() in ("daily", "weekly") and (
            _NAME_AFTER.match(after) or before.lower().endswith("average ")
        ):
            return None  # "the party daily Granma" (a paper), "average daily volume"
        return Timex(0, 0, "SET", LEX["sets"][g["word"].lower()], None, "explicit")
    if g.get("wd"):
        return Timex(0, 0, "SET", f"XXXX-WXX-{weekday_no(g['wd'])}", None, "explicit")
    if g.get("wds"):
        return Timex(0, 0, "SET", f"XXXX-WXX-{weekday_no(g['wds'][:-1])}", None, "explicit")
    unit, clock = unit_of(g["unit"])
    n = number(g["num"]) if g.get("num") else 1.0
    return Timex(0, 0, "SET", duration_value(n, unit, clock), None, "explicit")


def h_ref(m: re.Match[str], ctx: Context) -> Timex | None:
    return Timex(0, 0, "DATE", LEX["refs"][m[0].lower()], None, "published")


def h_weekend(m: re.Match[str], ctx: Context) -> Timex | None:
    if ctx.ref is None:
        return Timex(0, 0, "DATE", None, None, None)
    direction = ctx.tense(m.start())
    d = ctx.ref
    if direction < 0 and d.isoweekday() < 6:
        d = d - timedelta(days=7)
    value, interval = cal.weekend_value(d)
    return Timex(0, 0, "DATE", value, interval, "published")


_TENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}


def h_spoken_year(m: re.Match[str], ctx: Context) -> Timex | None:
    """'nineteen ninety-six', 'the year two thousand'."""
    if m["thousand"]:
        y = 2000 + int(number(m["rest"]) or 0) if m["rest"] else 2000
    else:
        y = 1900 + _TENS[m["tens"].lower()] + int(number(m["unit"]) or 0 if m["unit"] else 0)
    value, interval = cal.year_value(y)
    return Timex(0, 0, "DATE", value, interval, "explicit")


def h_century(m: re.Match[str], ctx: Context) -> Timex | None:
    n = (
        int(m["n"])
        if m["n"]
        else {"eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21}[
            m["w"].lower()
        ]
    )
    c = n - 1
    return Timex(0, 0, "DATE", f"{c:02d}", [f"{c:02d}00-01-01", f"{c:02d}99-12-31"], "explicit")


def h_year_ended(m: re.Match[str], ctx: Context) -> Timex | None:
    """'the year ended March 31': a twelve-month (fiscal) period, not a calendar year."""
    return Timex(0, 0, "DURATION", "P1Y", None, None)


def h_anaphor(m: re.Match[str], ctx: Context) -> Timex | None:
    """'later that year', 'the following month': resolved against the last date told."""
    which, unit = m["which"].lower(), m["unit"].lower()
    part = LEX["parts_of_day"].get(unit) if unit not in ("day", "night") else None
    if unit == "night":
        part = "NI"
    granule = "D" if part or unit == "day" else unit_of(unit)[0]
    shift = 1 if which.startswith(("the following", "the next")) else 0
    return Timex(
        0, 0, "TIME" if part else "DATE", None, None, None, {"anaphor": (granule, shift, part)}
    )


def h_year_ago(m: re.Match[str], ctx: Context) -> Timex | None:
    """'year-earlier profit', 'the year-ago period': last year (a quarter when one is near)."""
    if ctx.ref is None:
        return Timex(0, 0, "DATE", None, None, None)
    value, interval = cal.year_value(ctx.ref.year - 1)
    return Timex(0, 0, "DATE", value, interval, "published")


# --------------------------------------------------------------------------- the rules

# Holiday names with any spacing and either apostrophe ("New Year’s Day").
HOLIDAY = "|".join(
    r"[ \t]+".join(re.escape(w).replace("'", "['’]") for w in name.split())
    for name in sorted(LEX["holidays"], key=len, reverse=True)
)
WD_PREFIX = rf"(?:{WEEKDAY},?\s+)?"
REF_WORDS = _alt(list(LEX["refs"]))

RULES: list[tuple[str, str, Callable[[re.Match[str], Context], Timex | None]]] = [
    (
        "month_day",
        rf"{WD_PREFIX}(?P<mon>{MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}})\b)?",
        h_month_day,
    ),
    (
        "day_month",
        rf"{WD_PREFIX}(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<mon>{MONTH})(?:,?\s+(?P<year>\d{{4}})\b)?",
        h_month_day,
    ),
    ("month_year", rf"(?P<mon>{MONTH}),?\s+(?:of\s+)?(?P<year>(?:1[89]|20)\d\d)\b", h_month_year),
    (
        "iso",
        r"\b(?P<y>(?:1[89]|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?:[T ](?P<hh>\d\d):(?P<mm>\d\d)(?::\d\d)?)?\b",
        h_iso,
    ),
    (
        "numeric",
        r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:1[89]|20)\d\d|\d\d)(?![\d/])",
        h_numeric,
    ),
    (
        "month_only",
        rf"\b{I}in|since|until|by|through|during|of|from|to|before|after|between|and|or|till)\s+"
        rf"(?P<core>(?:{I}(?P<rel>last|next|this)\s+))?(?:(?P<mod>{I}{MOD}))[\s-]+)?(?P<mon>{MONTH})"
        rf"(?:,?\s+(?P<year>(?:1[89]|20)\d\d)\b)?)",
        h_month_only,
    ),
    (
        "month_only2",
        rf"(?:{I}(?P<rel>last|next|this)\s+)|(?P<mod>{I}{MOD}))[\s-]+)(?P<mon>{MONTH})"
        rf"(?:,?\s+(?P<year>(?:1[89]|20)\d\d)\b)?(?!\.?\s*\d)",  # "last Oct. 23" is a day
        h_month_only,
    ),
    (
        "holiday",
        rf"(?:{I}(?P<rel>last|next|this)\s+))?"
        rf"(?P<name>{I}{HOLIDAY}))\b(?![\s-]+{I}week|season|holidays?)\b)"
        rf"(?:,?\s+(?P<year>(?:1[89]|20)\d\d)\b)?",
        h_holiday,
    ),
    (
        "year_period",
        rf"{I}\bthe\s+)(?P<year>(?:1[89]|20)\d\d)\s+{I}period|quarter)\b",
        h_year_period,
    ),
    (
        "month_rel_year",
        rf"(?P<mon>{MONTH})\s+(?:of\s+)?(?P<rel>{I}last|this|next))\s+{I}year\b)",
        h_month_rel_year,
    ),
    (
        "year",
        rf"(?<![\d$.,£€-])(?:(?P<mod>{I}early|late|mid|the end of|the beginning of|the middle of))[\s-]+)?"
        rf"(?:(?P<fy>{I}fiscal(?: year)?)\s+))?(?P<year>(?:1[89]|20)\d\d)(?![\d,.]\d|-\d|\s*(?:%|percent))\b",
        h_year,
    ),
    (
        "decade",
        r"(?:(?i:the)\s+)?(?:(?i:early|late|mid)[\s-]+)?(?P<dec>(?:1[89]|20)\d0|'\d0)'?s\b",
        h_decade,
    ),
    (
        "day_word",
        rf"{I}\b(?:(?P<pre>early|late|earlier|later)\s+)?(?P<word>today|tonight|yesterday|tomorrow)(?:\s+(?P<part>{PART}))?\b"
        rf"|\b(?P<word2>this|last)\s+(?P<part2>morning|afternoon|evening|night)\b)",
        lambda m, c: h_day_word(_DayMatch(m), c),
    ),
    (
        "weekday",
        rf"(?:{I}(?P<pre>early|late|earlier|later))\s+)?"
        rf"(?:{I}(?P<rel>last|next|this|coming|past))\s+)?(?P<wd>{WEEKDAY})\b(?!,?\s+{MONTH})"
        rf"(?:\s+(?P<part>{I}{PART})))?",
        h_weekday,
    ),
    (
        "rel_unit",
        # "earlier this month": TimeML marks "this month" and leaves "earlier" out.
        rf"{I}\b(?:(?P<mod2>earlier|later)\s+)?(?P<core>(?:(?P<mod>{MOD})\s+)?"
        rf"(?:the\s+(?=current))?(?P<rel>this|last|next|past|previous|coming|current|(?<=of )the)\s+"
        rf"(?:fiscal[\s-]+)?(?P<unit>week|weekend|month|year|quarter|decade|{SEASON})\b))(?!s)",
        h_rel_unit,
    ),
    (
        "ago",
        rf"{I}\b(?:(?:about|nearly|almost|more than|less than|some|roughly|around|just|only)\s+)?"
        rf"(?:(?P<num>{NUM})|(?P<vague>{VAGUE}))[\s-]+(?P<unit>{UNIT})s?\s+(?P<dir>ago|from now|hence|earlier|later)\b)",
        h_ago,
    ),
    (
        "quarter",
        rf"{I}\b(?:the\s+|(?P<relyear>this|last|next)\s+year(?:'s|’s)\s+)?"
        rf"(?:(?:comparable\s+)?(?P<ago>year-ago|year-earlier|year ago|year earlier)\s+)?"
        rf"(?:(?P<year0>(?:1[89]|20)\d\d)\s+)?(?:fiscal[\s-]+)?"
        rf"(?P<ord>first|second|third|fourth|last)[\s-]+(?P<what>quarter|half)\b"
        rf"(?:\s+of\s+(?:(?:fiscal|the year)\s+)?(?P<year>(?:1[89]|20)\d\d))?)",
        h_quarter,
    ),
    (
        "this_quarter",
        rf"{I}\bthe\s+(?:(?P<which>latest|current|recent|most recent|just-ended|fiscal)\s+)?quarter\b"
        rf"|\bthe\s+(?P<which2>latest|most recent|just-ended)\s+period\b)(?![\s-]+(?:of|century|mile|point))",
        h_this_quarter,
    ),
    (
        "season",
        # Whole words only ("MindSpring" is no season); "of" only before a year.
        rf"{I}\b(?:(?:the|this)\s+)?(?P<season>spring|summer|autumn|winter)\b)"
        rf"(?:(?:\s+{I}of))?\s+(?P<year>(?:1[89]|20)\d\d)\b)?",
        h_season,
    ),
    (
        "clock",
        rf"\b(?P<hh>\d{{1,2}})(?:[:.](?P<mm>\d\d))?\s*(?P<ampm>{I}a\.m\.|p\.m\.|am\b|pm\b))(?:\s+(?P<zone>{ZONE})\b)?",
        h_clock,
    ),
    (
        "clock24",
        rf"\b(?P<hh>[01]?\d|2[0-3]):(?P<mm>[0-5]\d)(?P<ampm>)(?:\s+(?P<zone>{ZONE})\b)?",
        h_clock,
    ),
    ("noon", r"\b(?i:noon|midnight)\b", h_noon),
    (
        "set",
        rf"{I}\b(?:every|each)\s+(?:(?P<wd>{WEEKDAY})|(?P<num>{NUM})?\s*(?P<unit>{UNIT})s?)\b)"
        rf"|{I}\b(?P<word>{_alt(list(LEX['sets']))})\b)"
        rf"|\b(?:{I}on)\s+)(?P<wds>{WEEKDAY}s)\b"
        rf"|{I}\b(?:once|twice|\w+ times)\s+(?:a|an|per|each)\s+(?P<unit2>{UNIT})\b)",
        lambda m, c: h_set(_SetMatch(m), c),
    ),
    (
        "anaphor",
        # "later that year", "the following month", "that same day": the story's own date
        rf"{I}\b(?:(?:earlier|later)\s+)?(?P<which>that(?:\s+same)?|the\s+same|the\s+following"
        rf"|the\s+next(?=\s+(?:day|morning|afternoon|evening|night)\b))\s+"
        rf"(?P<unit>day|morning|afternoon|evening|night|week|month|quarter|year)\b)(?!\s+(?:of|ago|before|after)\b)",
        h_anaphor,
    ),
    (
        "duration",
        # TimeML leaves the preposition out: "over [the next few days]".
        rf"{I}\b(?:(?:over|in|within|for|during|throughout)\s+(?=the\b))?(?P<core>(?:the\s+)?"
        rf"(?:(?P<rel>past|last|next|coming|previous|following|first|final)\s+)?"
        rf"(?:(?:about|nearly|almost|more than|less than|at least|up to|some|over|around|roughly)\s+)?"
        rf"(?:(?P<num>{NUM})(?P<half>\s+1/2|[\s-]and[\s-]a[\s-]half)?"
        rf"(?:\s*(?:-|–|to|or)\s*(?P<num2>{NUM}))?(?:\s+(?:more|additional|trading|business|straight|consecutive))?"
        rf"|(?P<vague>{VAGUE}))?[\s-]*"
        rf"(?P<unit>{UNIT})(?P<pl>s)?\b(?:(?P<half2>\s+and\s+a\s+half\b)"
        rf"|(?!\s+(?:ago|from now|hence|earlier|later)|[\s-]old))))",
        h_duration,
    ),
    ("ref", rf"{I}\b(?:{REF_WORDS})\b)", h_ref),
    (
        "spoken_year",
        rf"{I}\b(?:the\s+year\s+)?(?:nineteen[\s-]+(?P<tens>ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
        rf"|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
        rf"(?:[\s-]+(?P<unit>one|two|three|four|five|six|seven|eight|nine))?"
        rf"|(?P<thousand>two thousand)(?:\s+(?:and\s+)?(?P<rest>one|two|three|four|five|six|seven|eight|nine|ten))?)\b)",
        h_spoken_year,
    ),
    (
        "century",
        rf"{I}\b(?:the\s+)?(?:(?P<n>1[0-9]|2[01])(?:st|nd|rd|th)|(?P<w>eighteenth|nineteenth|twentieth|twenty-first))"
        rf"[\s-]+century\b)",
        h_century,
    ),
    ("weekend", rf"{I}\bthe\s+weekend\b)", h_weekend),
    (
        "year_ended",
        # The date after "ended" is its own timex; the year before it is the period's length.
        rf"{I}\bthe\s+(?:(?:fiscal|financial|latest)\s+)?year)(?=\s+(?:ended|ending)\b)",
        h_year_ended,
    ),
    (
        "year_ago",
        rf"{I}\bthe\s+(?:comparable\s+)?year[\s-](?:ago|earlier)\s+(?:quarter|period)\b"
        rf"|\byear-(?:ago|earlier)\b)",
        h_year_ago,
    ),
]


class _DayMatch:
    """Adapter: the day_word rule has two alternatives with their own group names."""

    def __init__(self, m: re.Match[str]) -> None:
        self._m = m

    def __getitem__(self, key: str) -> str | None:
        m = self._m
        if key == "word":
            return m["word"] or m["word2"]
        if key == "part":
            return m["part"] or m["part2"]
        return m[key]


class _SetMatch:
    def __init__(self, m: re.Match[str]) -> None:
        self._m = m

    def groupdict(self) -> dict[str, str | None]:
        g = dict(self._m.groupdict())
        g["unit"] = g.get("unit") or g.get("unit2")
        return g

    def __getattr__(self, name: str) -> Any:  # string, start(), end() of the match
        return getattr(self._m, name)


# Rules whose matches always start a word: a leading \b lets the regex engine reject the
# positions inside words at once (these ran 2-2.5x faster so, with the same matches).
WORD_START_RULES = {
    "month_day",
    "day_month",
    "month_year",
    "month_only2",
    "holiday",
    "weekday",
    "month_rel_year",
}
COMPILED = [
    (name, re.compile((r"\b" if name in WORD_START_RULES else "") + pat), fn)
    for name, pat, fn in RULES
]


def find_timexes(text: str, ctx: Context) -> list[Timex]:
    """All non-overlapping temporal expressions (longest first), resolved against ``ctx``."""
    cands: list[tuple[int, int, int, Timex]] = []
    for prio, (name, rx, fn) in enumerate(COMPILED):
        for m in rx.finditer(text):
            s, e = m.span("core") if "core" in rx.groupindex and m["core"] else m.span()
            while e > s and text[e - 1] in " ,-":
                e -= 1
            while s < e and text[s] in " ,-":
                s += 1
            if e <= s:
                continue
            if name == "duration" and _ORDINAL_SECOND.match(text, s, min(len(text), e + 12)):
                continue  # "a second blast": the ordinal, not one second
            if name == "duration" and re.search(r"-quarters?$", text[s:e]):
                continue  # "three-quarters": a fraction
            if name == "duration" and not (m["num"] or m["rel"] or m["vague"] or m["pl"]):
                continue  # "the day", "over the weekend": not a duration
            if name == "duration" and (a := _THE_ADJ.match(text, s, e)) and a.end() == e:
                s += len(a["the"])  # "the 30-day [truce]": the article is the noun's
            try:
                t = fn(m, ctx)
            except (KeyError, ValueError, OverflowError):
                t = None
            if t is None:
                continue
            if name == "duration" and _rate(text, s, e, m):
                # "four flights a week", "$2 million a year": a rate, i.e. per unit (a SET)
                t = Timex(0, 0, "SET", t.value, None, "explicit")
            if t.extra.pop("drop_dir", False):
                e = m.start("dir")
                while e > s and text[e - 1] == " ":
                    e -= 1
            t.start, t.end = s, e
            t.extra["rule"] = name
            cands.append((s, e, prio, t))
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[Timex] = []
    used = bytearray(len(text) + 1)
    for s, e, _, t in cands:
        if any(used[s:e]):
            continue
        used[s:e] = b"\x01" * (e - s)
        taken.append(t)
    taken.sort(key=lambda t: t.start)
    return anaphoric_dates(year_ago_quarters(text, merge_clock_dates(text, taken)))


_DATED = re.compile(r"(\d{4})(?:-(?:(\d\d)(?:-(\d\d))?|Q([1-4])))?(?:T|$)")
_ANAPHOR_REACH = 2000  # characters back to the date "that year" points to


def anaphoric_dates(found: list[Timex]) -> list[Timex]:
    """'that year', 'the following month': the unit of the last date told, or the next one.

    An anaphor with no date of that granularity before it (within reach) is dropped: it
    points at something the rules cannot see.
    """
    out: list[Timex] = []
    last: tuple[int, re.Match[str]] | None = None  # (end, parsed value) of the last date
    for t in found:
        spec = t.extra.pop("anaphor", None)
        if spec is None:
            dm = _DATED.match(t.value or "") if t.type in ("DATE", "TIME") else None
            if dm:
                last = (t.end, dm)
            out.append(t)
            continue
        granule, shift, part = spec
        if last is None or t.start - last[0] > _ANAPHOR_REACH:
            continue
        res = _unit_of_date(last[1], granule, shift)
        if res is None:
            continue
        t.value, t.interval = res
        if part:
            t.value = f"{t.value}T{part}"
        t.anchor = "previous"
        last = (t.end, _DATED.match(t.value) or last[1])  # the story moves on to that day
        out.append(t)
    return out


def _unit_of_date(
    dm: re.Match[str], granule: str, shift: int
) -> tuple[str, list[str | None]] | None:
    """The ``granule`` holding a parsed date value, ``shift`` granules on."""
    y, mo, d, q = int(dm[1]), dm[2], dm[3], dm[4]
    if granule == "Y":
        return cal.year_value(y + shift)
    if granule == "Q" and (q or mo):
        quarter = int(q) if q else (int(mo) - 1) // 3 + 1
        return cal.shift(date(y, 3 * quarter - 2, 1), "Q", shift)
    if granule == "M" and mo:
        return cal.shift(date(y, int(mo), 1), "M", shift)
    if granule in ("W", "D") and mo and d:
        return cal.shift(date(y, int(mo), int(d)), granule, shift)
    return None


_QUARTER_VALUE = re.compile(r"(\d{4})-Q([1-4])$")
_A_YEAR_AGO = re.compile(r"(?i)an?\s+year\s+(?:ago|earlier)$")
_QUARTER_REACH = 1500  # characters: an earnings report's comparison stays near its quarter


def year_ago_quarters(text: str, found: list[Timex]) -> list[Timex]:
    """'the third quarter ... up from a year ago': the same quarter, one year before.

    In a report about a quarter, "a year ago" compares that quarter with its
    predecessor a year back, not the whole year.
    """
    last: tuple[int, int, int] | None = None  # (end, year, quarter)
    for t in found:
        qm = _QUARTER_VALUE.match(t.value or "")
        if qm and t.extra.get("rule") in ("quarter", "this_quarter", "rel_unit"):
            last = (t.end, int(qm[1]), int(qm[2]))
        elif (
            last is not None
            and t.start - last[0] <= _QUARTER_REACH
            and t.extra.get("rule") == "year_period"
        ):
            t.value, t.interval = cal.quarter_value(int(t.value or 0), last[2])
            t.anchor = "quarter"
        elif (
            last is not None
            and t.start - last[0] <= _QUARTER_REACH
            and (
                t.extra.get("rule") == "year_ago"
                or (t.extra.get("rule") == "ago" and _A_YEAR_AGO.match(text[t.start : t.end]))
            )
        ):
            t.value, t.interval = cal.quarter_value(last[1] - 1, last[2])
            t.anchor = "quarter"
    return found


_A_UNIT = re.compile(r"(?i:an?)\s+\w+$")
# A quantity just before "a week": digits or a number word, maybe one plural noun after it.
_QUANTITY_BEFORE = re.compile(
    rf"(?:[\d%]|\b(?i:{NUMWORD}|million|billion|thousand|dozen|times|twice|once))"
    r"(?:\s+[a-z]+s)?[\s,]+$"
)


def _rate(text: str, s: int, e: int, m: re.Match[str]) -> bool:
    """'700 seats a week', '24 hours a day': 'a <unit>' after a quantity means 'per unit'."""
    if m["rel"] or not _A_UNIT.fullmatch(text, s, e):
        return False
    return bool(_QUANTITY_BEFORE.search(text, max(0, s - 40), s))


_ORDINAL_SECOND = re.compile(
    r"(?i:an?|the)\s+second\s+(?!(?:later|earlier|ago|after|before|or|and|of)\b)[a-z]"
)
_THE_ADJ = re.compile(r"(?P<the>(?i:the)\s+)[\w.]+-\w+")
_GAP = re.compile(r"^(?:\s*,?\s*|\s+on\s+)$")
# The same time in another zone, set off in parentheses: "(0735 GMT)", "(1400 GMT),".
_ZONE_ASIDE = re.compile(r"\s*\(\s*\d{1,2}:?\d\d\s*[A-Z]{2,4}\s*\)\s*,?\s*(?:on\s+)?$")


def merge_clock_dates(text: str, found: list[Timex]) -> list[Timex]:
    """'10 p.m. Wednesday', 'Thursday, 9 a.m.': one TIME on that day."""
    out: list[Timex] = []
    for t in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.extra.get("rule") in _CLOCK_RULES
            and t.extra.get("rule") in _DAY_RULES
            and _ZONE_ASIDE.match(text, prev.end, t.start)
            and prev.value
            and t.value
            and len(t.value) == 10
        ):
            # "10:35 a.m. (0735 GMT) Friday": the clock is on that day; both keep their spans
            prev.value = t.value + prev.value[10:]
            prev.interval = [prev.value, prev.value]
            prev.anchor = t.anchor
        if (
            prev is not None
            and _GAP.match(text[prev.end : t.start])
            and {prev.type, t.type} <= {"TIME", "DATE"}
        ):
            clock, day = (prev, t) if prev.extra.get("rule") in _CLOCK_RULES else (t, prev)
            if clock.extra.get("rule") in _CLOCK_RULES and day.extra.get("rule") in _DAY_RULES:
                merged = Timex(
                    prev.start, t.end, "TIME", None, None, day.anchor, {**day.extra, **clock.extra}
                )
                if day.value and clock.value and len(day.value) == 10:
                    merged.value = day.value + clock.value[10:]
                    merged.interval = [merged.value, merged.value]
                out[-1] = merged
                continue
        out.append(t)
    return out


_CLOCK_RULES = {"clock", "clock24", "noon"}
_DAY_RULES = {"weekday", "month_day", "day_month", "day_word", "iso", "numeric"}
