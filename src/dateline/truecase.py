"""Light truecasing for lower-cased wire copy (old FBIS transcripts, the MUC-4 corpus).

spaCy's tagger, parser and NER lean on capital letters; a text that arrives all
lower-case gets sentence starts and the names the actor KB knows written back in their
usual case. Only letters change case, so every character offset stays valid.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SENT_START = re.compile(r"(^|[.!?]\s+|\n\s*)([a-z])")
_PRONOUN_I = re.compile(r"\bi\b")
MIN_NAME_CHARS = 4  # shorter aliases ("us", "is") are ordinary words in lower-case text


@lru_cache(maxsize=1)
def _name_pattern() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One regex over the KB's capitalised aliases, and their written form by lower case."""
    from dateline.actors import load_kb

    names = [a for a, _, _ in load_kb().patterns if len(a) >= MIN_NAME_CHARS and a[:1].isupper()]
    by_low = {n.lower(): n for n in names}
    if not by_low:
        return None, {}
    alts = "|".join(re.escape(k) for k in sorted(by_low, key=len, reverse=True))
    return re.compile(r"\b(" + alts + r")\b"), by_low


def truecase(text: str, names: bool = True) -> str:
    """``text`` with sentence starts, "I" and (with ``names``) KB names capitalised."""
    out = _SENT_START.sub(lambda m: m[1] + m[2].upper(), text)
    out = _PRONOUN_I.sub("I", out)
    if names:
        pat, by_low = _name_pattern()
        if pat is not None:
            out = pat.sub(lambda m: _same_length(by_low.get(m[0], m[0]), m[0]), out)
    return out


def _same_length(new: str, old: str) -> str:
    # a few Unicode case mappings change length ("ß" -> "SS"); offsets must survive
    return new if len(new) == len(old) else old
