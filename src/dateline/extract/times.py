"""Times: temporal expressions with TIMEX3 values anchored on the publication time.

Rules in :mod:`dateline.extract.timex_rules` find and normalise the expressions; this
component adds what needs the parse: the tense that decides "Thursday" (last or next),
the day/month order of numeric dates (from the article's other dates and the outlet),
and expressions relative to an event ("two days before the Thursday attacks").
"""

from __future__ import annotations

import bisect
import re
from datetime import UTC, date, datetime
from urllib.parse import urlparse

from spacy.language import Language
from spacy.tokens import Doc, Token

from dateline.extract import timex_calendar as cal
from dateline.extract.doctext import doc_text
from dateline.extract.timex_rules import LEX, Context, Timex, find_timexes
from dateline.model import Article, TimeExpr

_FUTURE_AUX = {
    "will",
    "'ll",
    "shall",
    "wo",
    "gonna",
    "would",
    "might",
    # "could" left out: in news it reports a past ability ("could be located Wednesday")
    "may",
    "should",
    "must",
}
# Verbs that put what they govern in the future ("plans to meet Monday", "set to resume").
_FUTURE_VERBS = re.compile(
    r"^(?:plan|schedul|expect|intend|set|due|going|hope|aim|vow|prepar|ready|slat|propos|threaten|await)",
)
# "until Tuesday", "as soon as Friday", "by 9 a.m. Monday": a deadline ahead; "effective
# Feb. 1": the date a change announced takes effect; "ahead of the weekend".
_FUTURE_BEFORE = re.compile(
    r"(?i)\b(?:until|till|as soon as|as early as|no later than|starting|beginning|by|next|coming"
    r"|effective|ahead of)\s+"
    r"(?:\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?\s+(?:\w+\s+)?)?$"
)
# Nouns of a deed already done when news names it with a day ("those behind an attack on a
# station on Friday"): the day dates the deed, whatever tense the clause around it has.
_DEED_NOUNS = re.compile(
    r"^(?:attack|bombing|blast|explosion|shooting|clash|raid|ambush|killing|massacre|assault"
    r"|kidnapping|abduction|shelling)s?$"
)
_WORD = re.compile(r"\w+")
_NUMERIC = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})/(?:\d{4}|\d\d)(?![\d/])")
_RELATION = re.compile(r"\s+(before|after|prior to|following|ahead of|since)\s+", re.I)
_SIGN = {"before": "-", "prior to": "-", "ahead of": "-", "after": "", "following": "", "since": ""}


def _token_at(doc: Doc, starts: list[int], char: int) -> Token | None:
    i = bisect.bisect_right(starts, char) - 1
    return doc[i] if 0 <= i < len(doc) else None


def _word_len(text: str, char: int) -> int:
    m = _WORD.match(text, char)
    return len(m[0]) if m else 0


def _governing_verb(doc: Doc, starts: list[int], char: int) -> Token | None:
    tok = _token_at(doc, starts, char)
    if tok is None or not doc.has_annotation("DEP"):
        return None
    verb = tok
    for _ in range(5):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    return verb if verb.pos_ in ("VERB", "AUX") else None


def _dates_a_deed(doc: Doc, starts: list[int], char: int, verb: Token) -> bool:
    """The day hangs from a deed noun on the way up to its verb ("vowed to hunt down those
    behind an attack on a station on Friday"), and that noun is not a verb's object
    ("vowed to launch an attack on Friday" stays ahead)."""
    tok = _token_at(doc, starts, char)
    if tok is None or _FUTURE_BEFORE.search(doc_text(doc)[max(0, char - 40) : char]):
        return False
    for _ in range(5):
        tok = tok.head
        if tok.i == verb.i or tok.head is tok:
            return False
        if tok.pos_ == "NOUN" and _DEED_NOUNS.match(tok.lower_):
            # "behind an attack", "since the attack": a deed named; "to launch an attack":
            # the object of a verb may still be ahead
            return tok.dep_ not in ("dobj", "obj")
    return False


def tense_at(doc: Doc, starts: list[int], char: int) -> int:
    """-1 past, +1 future, 0 unknown: for the clause that holds offset ``char``."""
    text = doc_text(doc)
    if text.startswith(("'s", "’s"), char + _word_len(text, char)):
        # "Friday's vote", "Tuesday's ruling": a day named for what happened on it; but
        # "ahead of Sunday's election", "until Friday's deadline" look forward to it.
        return 1 if _FUTURE_BEFORE.search(text[max(0, char - 40) : char]) else -1
    verb = _governing_verb(doc, starts, char)
    if verb is not None and _dates_a_deed(doc, starts, char, verb):
        return -1
    words = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")} if verb else set()
    head = verb.head if verb is not None and verb.dep_ == "xcomp" else None
    # "had been due to expire Friday": the auxiliaries up the chain of complements.
    head_words: set[str] = set()
    up = head
    for _ in range(3):
        if up is None:
            break
        head_words |= {c.lower_ for c in up.children if c.dep_ in ("aux", "auxpass")}
        head_words.add(up.lower_)
        up = up.head if up.dep_ in ("xcomp", "acomp") and up.head is not up else None
    if "had" in words or "had" in head_words:
        return -1  # "until Thursday they had not called": the deadline has passed
    if _FUTURE_BEFORE.search(text[max(0, char - 40) : char]):
        return 1
    if verb is None:
        return 0
    if "have" in words:
        return -1
    if words & _FUTURE_AUX or verb.lower_ in _FUTURE_AUX:
        return 1
    if _FUTURE_VERBS.match(verb.lower_) and verb.tag_ != "VBD":
        return 1  # "is scheduled for Monday"; but "planned on Friday" says when it was planned
    if head is not None and verb.tag_ == "VB" and head.lower_ in ("is", "are", "'s", "'re"):
        return 1  # "is to resume trading Tuesday"
    if (
        verb.tag_ == "VB"
        and verb.dep_ in ("xcomp", "ccomp")
        and _FUTURE_VERBS.match(verb.head.lower_)
    ):
        return 1
    if verb.tag_ in ("VBD", "VBN") or words & {"did", "was", "were"}:
        return -1
    if verb.tag_ in ("VBZ", "VBP") or (verb.tag_ == "VBG" and words & {"is", "are", "'s", "'re"}):
        return 1  # news present with a day named: "meets Monday", "is meeting Monday"
    return 0


def day_first_evidence(text: str, article: Article | None) -> bool | None:
    """Order of numeric dates: the text's unambiguous ones first, then the outlet's locale."""
    for m in _NUMERIC.finditer(text):
        a, b = int(m[1]), int(m[2])
        if a > 12 >= b:
            return True
        if b > 12 >= a:
            return False
    if article is None:
        return None
    host = (urlparse(article.url).hostname if article.url else None) or (article.outlet or "")
    host = host.lower()
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if tld in LEX["day_first_tlds"]:
        return True
    if tld in LEX["month_first_tlds"] or any(o in host for o in LEX["month_first_outlets"]):
        return False
    return None


def _published(article: Article | None) -> datetime | None:
    if article is None or article.published is None:
        return None
    pub = article.published
    return pub.astimezone(UTC).replace(tzinfo=None) if pub.tzinfo else pub


def _relation(doc: Doc, t: Timex, found: list[Timex]) -> Timex | None:
    """'two days before the Thursday attacks': a date relative to what the phrase names."""
    text = doc_text(doc)
    m = _RELATION.match(text, t.end)
    if not m or t.value is None or not t.value.startswith("P") or "X" in t.value:
        return None
    chunk = next((c for c in doc.noun_chunks if m.end() <= c.start_char <= m.end() + 1), None)
    if chunk is None:
        target = next((x for x in found if x.start == m.end()), None)
        if target is None:
            return None
        to_start, to_end = target.start, target.end
    else:
        to_start, to_end = chunk.start_char, chunk.end_char
    sign = _SIGN[m[1].lower()]
    rel: dict = {
        "offset": sign + t.value,
        "to_text": text[to_start:to_end],
        "to_start": to_start,
        "to_end": to_end,
        "offset_start": t.start,
        "offset_end": t.end,
    }
    out = Timex(t.start, to_end, "DATE", None, None, "event", {"relation": rel})
    inner = next(
        (x for x in found if to_start <= x.start and x.end <= to_end and x.type == "DATE"), None
    )
    if inner is not None and inner.value and len(inner.value) == 10 and m[1].lower() != "since":
        days = _days(t.value)
        if days is not None:
            base = date.fromisoformat(inner.value)
            res = cal.offset(base, "D", -days if sign else days)
            if res is not None:
                out.value, out.interval = cal.day_value(res)
                out.anchor = inner.anchor
                rel["through"] = inner.value
    return out


def _days(value: str) -> int | None:
    m = re.fullmatch(r"P(\d+)([DW])", value)
    if not m:
        return None
    return int(m[1]) * (7 if m[2] == "W" else 1)


def extract_times(doc: Doc) -> list[TimeExpr]:
    article: Article | None = doc._.article
    pub = _published(article)
    starts = [t.idx for t in doc]
    ctx = Context(
        ref=pub.date() if pub else None,
        ref_time=pub,
        day_first=day_first_evidence(doc_text(doc), article),
        tense=lambda char: tense_at(doc, starts, char),
    )
    found = find_timexes(doc_text(doc), ctx)
    rels = [r for t in found if (r := _relation(doc, t, found)) is not None]
    out: list[TimeExpr] = []
    for t in sorted(found + rels, key=lambda x: (x.start, -x.end)):
        extra = {k: v for k, v in t.extra.items() if k != "rule"}
        out.append(
            TimeExpr(
                text=doc_text(doc)[t.start : t.end],
                start=t.start,
                end=t.end,
                type=t.type,  # type: ignore[arg-type]
                value=t.value,
                interval=t.interval,
                anchor=t.anchor,
                **extra,
            )
        )
    return out


class TimesExtractor:
    def __call__(self, doc: Doc) -> Doc:
        doc._.times = extract_times(doc)
        return doc


@Language.factory("dateline_times")
def make_times_extractor(nlp: Language, name: str) -> TimesExtractor:
    return TimesExtractor()
