"""Casualties: killed and injured counts per group, read off the dependency parse.

"killing 13 US soldiers and over a hundred Afghan civilians", "at least 60 people were
killed", "an unknown number of Taliban members", "wounding dozens". Numbers are parsed
from digits or words with their qualifier (exact / at_least / over / about / unknown).
A vague amount ("dozens") never becomes a number: the count stays ``None`` and the range
it means is stored with a note. Quantities inside a time expression are never counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from dateline.extract.doctext import doc_text

KILL = {"kill", "die", "slay", "murder", "massacre", "execute", "behead", "dead"}
INJURE = {"wound", "injure", "hurt", "maim"}
# Participles the tagger reads as adjectives keep their own form as lemma ("31 wounded people").
_PARTICIPLES = {"wounded": "wound", "injured": "injure", "maimed": "maim", "killed": "kill"}
_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "single": 1,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "dozen": 12}
# Vague amounts: the least number they mean (None above) and the note saying so.
_VAGUE = {
    "dozens": (24, None), "scores": (40, None), "hundreds": (200, None),
    "thousands": (2000, None), "several": (3, None), "a few": (2, None),
    "a dozen": (12, 12), "a handful": (2, None), "tens": (20, None),
}  # fmt: skip
_QUALIFIERS = [
    (r"more than|over|upwards of", "over"),
    (r"at least|no fewer than|no less than|a minimum of", "at_least"),
    (r"about|around|approximately|nearly|almost|some|roughly|up to|close to|an estimated", "about"),
]
_NUMWORD = "|".join(sorted(list(_UNITS) + list(_SCALES), key=len, reverse=True))
_NUM = re.compile(
    rf"^(?P<num>\d[\d,]*(?:\.\d+)?(?:\s+(?:hundred|thousand|million))?"
    rf"|(?:(?:{_NUMWORD})(?:[\s-]+|$))+)",
    re.I,
)
_UNKNOWN = re.compile(r"^(an? )?(unknown|undetermined|unspecified|unconfirmed) number of\s+", re.I)
_VAGUE_RE = re.compile(
    r"^(?P<v>" + "|".join(sorted(_VAGUE, key=len, reverse=True)) + r")(\s+(more|of))?\b\s*", re.I
)
_LEAD_DET = re.compile(r"^(the|a|an|its|their|his|her)\s+", re.I)


@dataclass
class Count:
    """One group's count: what the model's Casualties is built from."""

    group: str | None
    measure: str  # killed | injured
    value: int | None
    qualifier: str
    start: int
    end: int
    extra: dict = field(default_factory=dict)
    token_i: int = 0  # the casualty verb, to attach the count to the nearest event


def words_to_int(text: str) -> int | None:
    """'13' -> 13, 'a hundred' -> 100, 'twenty-five' -> 25, '1,200' -> 1200."""
    text = text.strip().lower().replace(",", "")
    m = re.fullmatch(r"(\d{1,9}(?:\.\d+)?)(?:\s+(hundred|thousand|million))?", text)
    if m:  # nine digits at most: longer is no head count (a phone number, an id)
        n = float(m[1]) * (_SCALES[m[2]] if m[2] else 1)
        return int(n)
    if re.fullmatch(r"\d+", text):
        return None
    total = current = 0
    seen = False
    for w in re.split(r"[\s-]+", text):
        if w in ("and", ""):
            continue
        if w in _UNITS:
            current += _UNITS[w]
            seen = True
        elif w in _SCALES:
            current = max(current, 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, current = total + current, 0
            seen = True
        else:
            return None
    return total + current if seen else None


def parse_amount(text: str) -> tuple[int | None, str, str, dict] | None:
    """(value, qualifier, rest of the phrase, extra) for an NP text, or None without a count."""
    s = text.strip()
    extra: dict = {}
    if m := _UNKNOWN.match(s):
        return None, "unknown", s[m.end() :], extra
    qualifier = "exact"
    for pat, name in _QUALIFIERS:
        if m := re.match(rf"^(?:{pat})\s+", s, re.I):
            qualifier, s = name, s[m.end() :]
            break
    if m := _VAGUE_RE.match(s):
        word = m["v"].lower()
        low, high = _VAGUE[word]
        # the word itself ("dozens") is kept: reports of one event compare it with numbers
        extra = {"range": [low, high], "note": f"'{m['v']}' gives no exact number", "vague": word}
        if high == low:  # "a dozen": a number, loosely meant
            return low, "about" if qualifier == "exact" else qualifier, s[m.end() :], {}
        return None, "at_least" if qualifier == "exact" else qualifier, s[m.end() :], extra
    if m := _NUM.match(s):
        num = m["num"].strip().rstrip("-")
        value = words_to_int(num)
        rest = s[m.end() :].lstrip()
        if value is not None and num.lower() in ("a", "an", "single") and not rest:
            return None  # "a soldier" is one, but only when a noun follows
        if value is not None:
            rest = re.sub(r"^of\s+", "", rest)
            return value, qualifier, rest, extra
    return None


def _np_tokens(head: Token) -> list[Token]:
    """The head's left modifiers and itself: the quantity and the group, not the clauses."""
    return [t for t in head.subtree if t.i <= head.i and head.left_edge.i <= t.i]


def _groups(verb: Token) -> list[Token]:
    """The noun phrases that a casualty verb counts (object, passive subject, and their conj)."""
    heads: list[Token] = []
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    # "seven people were killed and 14 wounded": the second verb's passive is elided and
    # the parser reads its bare number as an active subject
    elided = (
        not passive
        and verb.dep_ == "conj"
        and any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.head.children)
    )
    for c in verb.children:
        counted = "nsubjpass" if passive else "nsubj" if verb.lemma_ == "die" else "dobj"
        bare = elided and c.dep_ == "nsubj" and c.pos_ == "NUM"
        if c.dep_ == counted or (c.dep_ == "obj" and not passive) or bare:
            heads.append(c)
        elif c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "NUM") and heads:
            heads.append(c)  # "killing 13 soldiers and over a hundred civilians"
    if verb.dep_ in ("amod", "acl") and verb.head.pos_ in ("NOUN", "NUM", "PROPN"):
        heads.append(verb.head)  # "13 people killed", "five dead"
    if not heads and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        heads.append(verb.head)
    if not heads and verb.dep_ in ("oprd", "acomp", "xcomp") and verb.head.pos_ == "VERB":
        # "six policemen were shot dead", "gunmen shot two guards dead": the verb's people
        heads.extend(
            c for c in verb.head.children if c.dep_ in ("nsubjpass", "dobj") and c.i != verb.i
        )
    out: list[Token] = []
    for h in heads:
        out.append(h)
        out.extend(c for c in h.conjuncts if c.i > h.i)
    return out


def _clean_group(text: str) -> str | None:
    text = _LEAD_DET.sub("", text.strip(" ,.;:")).strip()
    text = re.sub(r"\s+(more|others?)$", "", text)
    text = re.sub(r"^(?:" + "|".join(_PARTICIPLES) + r")\s+", "", text, flags=re.I)
    return text or None


def counts_in(sent: Span, time_spans: list[tuple[int, int]]) -> list[Count]:
    """Every killed/injured count in one sentence."""
    out: list[Count] = []
    for tok in sent:
        lemma = _PARTICIPLES.get(tok.lower_) or tok.lemma_.lower()
        measure = "killed" if lemma in KILL else "injured" if lemma in INJURE else None
        if measure is None or tok.pos_ not in ("VERB", "ADJ", "AUX"):
            continue
        if any(c.dep_ == "neg" for c in tok.children):
            continue
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _WANTING:
            continue  # "wanted to kill as many people as possible": no one counted
        for head in _groups(tok):
            toks = _np_tokens(head)
            if head.lemma_.lower() in ("number", "dozen", "score", "hundred", "thousand"):
                # "an unknown number of X", "dozens of X": the group is the pobj
                for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"):
                    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                        toks = [t for t in toks] + [prep] + _np_tokens(pobj)
            if not toks:
                continue
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
            if any(s <= start < e or s < end <= e for s, e in time_spans):
                continue  # a number inside a date is not a count
            text = doc_text(sent.doc)[start:end]
            parsed = parse_amount(text)
            if parsed is None:
                if head.lower_ == "target" or (
                    head.tag_ in ("NN", "NNP") and toks[0].lower_ in ("the", "a", "an")
                ):
                    # one named victim or "the target": one person
                    parsed = (1, "exact", text, {})
                else:
                    continue
            value, qualifier, rest, extra = parsed
            if value == 1 and rest.split(" ", 1)[0].lower() in _ORDINALS:
                continue  # "a third protester has died": one more, the toll is told apart
            out.append(
                Count(_clean_group(rest), measure, value, qualifier, start, end, extra, tok.i)
            )
    out.extend(_tolls(sent, time_spans))
    return out


_WANTING = {"want", "try", "seek", "aim", "intend", "plan", "attempt", "threaten", "vow"}
_ORDINALS = {"second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}
_TOLL_VERBS = {"rise", "climb", "jump", "reach", "stand", "raise", "bring", "push", "increase"}


def _tolls(sent: Span, time_spans: list[tuple[int, int]]) -> list[Count]:
    """'the death toll has risen to 26', 'raising the toll to three', 'the toll stood at
    at least 40': the figure a toll is given (killed; an injury toll is rarely so told)."""
    out: list[Count] = []
    for toll in sent:
        verb = toll.head
        if (
            toll.lemma_.lower() != "toll"
            or toll.dep_ not in ("nsubj", "dobj", "nsubjpass")
            or verb.lemma_.lower() not in _TOLL_VERBS
            or any(c.lower_ in ("injury", "injuries") for c in toll.children)
        ):
            continue
        figures = [
            p
            for prep in verb.children
            if prep.dep_ == "prep" and prep.lower_ in ("to", "at")
            for p in prep.children
            if p.dep_ == "pobj"
        ]
        if verb.lemma_.lower() == "reach":
            figures += [c for c in verb.children if c.dep_ == "dobj" and c.i != toll.i]
        for fig in figures:
            toks = _np_tokens(fig)
            start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
            if any(s <= start < e or s < end <= e for s, e in time_spans):
                continue
            parsed = parse_amount(doc_text(sent.doc)[start:end])
            if parsed is None or parsed[0] is None:
                continue
            value, qualifier, rest, extra = parsed
            out.append(
                Count(_clean_group(rest), "killed", value, qualifier, start, end, extra, verb.i)
            )
    return out
