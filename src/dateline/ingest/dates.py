"""Timestamp lines of news pages, parsed into time-zone-aware datetimes.

Forms understood (one date per segment, an optional clock time and zone around it)::

    21:31 GMT 28.08.2021 (Updated: 19:56 GMT 18.10.2022)
    2021-08-28T21:31:00+00:00          2021-08-28 21:31 UTC
    August 28, 2021 9:31 PM            Aug. 28, 2021
    28 Aug 2021                        Saturday 28 August 2021, 21:31 BST
    Published: 28 Aug 2021 | Updated: 29 Aug 2021 10:02 GMT

Day/month order is never guessed: ``dd.mm.yyyy`` (dots) is day-first, as the outlets
that write it mean it; ``a/b/yyyy`` (slashes) is read day-first only when ``a`` > 12 and
month-first only when ``b`` > 12; when both are <= 12 (and differ) the date is
*ambiguous*: the line is still recognised as a timestamp line (and kept out of the text),
but that date is left unknown (``None``). A time without a zone is taken as UTC; a date
without a time is midnight UTC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from dateline.model import utc_representable

MONTHS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ],
    start=1,
):
    for _n in _names:
        MONTHS[_n] = _i

# Zone abbreviations that name one offset unambiguously (IST, AST, CST are left out on
# purpose: each names more than one zone).
ZONES: dict[str, float] = {
    "gmt": 0,
    "utc": 0,
    "z": 0,
    "bst": 1,
    "cet": 1,
    "wat": 1,
    "cest": 2,
    "eet": 2,
    "cat": 2,
    "sast": 2,
    "eest": 3,
    "msk": 3,
    "eat": 3,
    "pkt": 5,
    "est": -5,
    "edt": -4,
    "cdt": -5,
    "mst": -7,
    "mdt": -6,
    "pst": -8,
    "pdt": -7,
}

_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
# Each pattern names day, mon (name or number) and year; order matters (ISO first).
_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})")),
    ("dots", re.compile(r"\b(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>\d{4})\b")),
    ("slashes", re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})\b")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE)),
    ("dmy", re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE)),
)
_TIME = re.compile(
    r"(?<![\d.])(?P<h>\d{1,2})[:.h](?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?",
    re.IGNORECASE,
)
_ZONE = re.compile(
    r"(?P<off>(?:GMT|UTC)?\s?[+-]\d{1,2}(?::?\d{2})?)(?![\d.:/-])|\b(?P<abbr>[A-Za-z]{1,4})\b"
)
# What may surround the date and time on a timestamp line without being text.
_FILLER = re.compile(
    r"(?i)\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|on|at|am|pm|time|date)\b|[\s,()|·•:;\-–—/.T]"
)
_LABEL = re.compile(
    r"(?i)\b(?P<label>(?:first\s+)?published(?:\s+on)?|posted(?:\s+on)?|"
    r"(?:last\s+)?updated(?:\s+on)?|(?:last\s+)?modified(?:\s+on)?)\b\s*:?"
)


@dataclass
class Timestamps:
    published: datetime | None = None
    updated: datetime | None = None
    ambiguous: list[str] | None = None  # dates seen but left unknown (day/month order)


class Ambiguous(ValueError):
    pass


def _tz(text: str) -> tuple[timezone | None, str]:
    """The zone named in ``text`` (if any) and the text without it."""
    for m in _ZONE.finditer(text):
        if m.group("off"):
            raw = m.group("off").upper().replace("GMT", "").replace("UTC", "").strip()
            sign = -1 if raw.startswith("-") else 1
            digits = raw[1:].replace(":", "")
            hours, minutes = (
                (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
            )
            if hours > 14 or minutes >= 60:
                continue
            offset = timezone(sign * timedelta(hours=hours, minutes=minutes))
            return offset, text[: m.start()] + " " + text[m.end() :]
        abbr = m.group("abbr").lower()
        if abbr in ZONES:
            offset = timezone(timedelta(hours=ZONES[abbr]))
            return offset, text[: m.start()] + " " + text[m.end() :]
    return None, text


def _month(name: str) -> int:
    """The number of a month name the pattern matched.

    The pattern matches case-insensitively, and so also with the characters ``re`` folds
    onto ASCII letters (long s 'ſ', dotted 'İ', the Kelvin sign): ``lower()`` does not map
    those back, so the name is matched against each key the same way (found by fuzzing).
    """
    name = name.rstrip(".")
    if name.lower() in MONTHS:
        return MONTHS[name.lower()]
    return next(n for k, n in MONTHS.items() if re.fullmatch(re.escape(k), name, re.IGNORECASE))


def parse_datetime(text: str) -> datetime | None:
    """One date (with optional time and zone) filling ``text``; None when it is not one.

    Raises :class:`Ambiguous` for a slash date whose day/month order cannot be told.
    """
    found = next(((k, m) for k, p in _DATE_PATTERNS if (m := p.search(text))), None)
    if found is None:
        return None
    kind, m = found
    year = int(m.group("year"))
    if kind == "slashes":
        a, b = int(m.group("a")), int(m.group("b"))
        if a > 12 and b <= 12:
            day, month = a, b
        elif b > 12 and a <= 12:
            month, day = a, b
        elif a == b:
            day = month = a
        else:
            raise Ambiguous(m.group(0))
    else:
        mon = m.group("mon")
        month = int(mon) if mon.isdigit() else _month(mon)
        day = int(m.group("day"))
    rest = text[: m.start()] + " " + text[m.end() :]
    hour = minute = second = 0
    t = _TIME.search(rest)
    if t:
        hour, minute, second = int(t.group("h")), int(t.group("m")), int(t.group("s") or 0)
        ampm = (t.group("ampm") or "").lower()
        if ampm and not 1 <= hour <= 12:
            return None
        if ampm == "p" and hour != 12:
            hour += 12
        elif ampm == "a" and hour == 12:
            hour = 0
        rest = rest[: t.start()] + " " + rest[t.end() :]
    tz, rest = _tz(rest)
    if _FILLER.sub("", rest):  # words other than filler: not a timestamp
        return None
    try:
        when = datetime(year, month, day, hour, minute, second, tzinfo=tz or UTC)
    except ValueError:  # 31.02.2021, 25:61 and the like
        return None
    return utc_representable(when)


def parse_timestamp_line(line: str) -> Timestamps | None:
    """Published/updated from a whole timestamp line; None when the line is not one."""
    line = line.strip()
    if not line or len(line) > 160 or not re.search(r"\d{4}", line):
        return None
    # Split into labelled segments: text before any label counts as "published".
    segments: list[tuple[str, str]] = []
    label, pos = "published", 0
    for m in _LABEL.finditer(line):
        if line[pos : m.start()].strip(" ,()|·•-–—:;"):
            segments.append((label, line[pos : m.start()]))
        label = (
            "updated"
            if re.match(r"(?i)(last\s+)?(updated|modified)", m.group("label"))
            else "published"
        )
        pos = m.end()
    segments.append((label, line[pos:]))
    found = Timestamps()
    for label, segment in segments:
        if not segment.strip(" ,()|·•-–—:;"):
            continue
        try:
            when = parse_datetime(segment)
        except Ambiguous as exc:
            found.ambiguous = [*(found.ambiguous or []), str(exc)]
            continue
        if when is None:
            return None
        if getattr(found, label) is None:
            setattr(found, label, when)
    if found.published is None and found.updated is None and not found.ambiguous:
        return None
    return found
