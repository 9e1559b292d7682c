"""Entities: spaCy NER plus the actor KB, cleaned of junk and grouped per canonical name.

Candidates come from two sources: the KB's aliases (a PhraseMatcher, so "Daesh-K", "ISKP"
or "Daesh*" are found where the statistical NER misses them) and the NER spans, cleaned of
page furniture, time zones, numbers and headlines read as one ORG. Each candidate is linked
(KB alias, demonym, a surname of a person named earlier, an alias the article declares,
or nothing) and the candidates are grouped into one :class:`Entity` per canonical name.
Every mention records how it was linked (``linked_by``) and, when an article-declared
alias merged it into another entity, the name it had on its own (``as_named``), so a merge
can always be undone.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from dateline import actors as kbmod
from dateline.actors import Actor
from dateline.extract.doctext import doc_text
from dateline.model import Entity, Mention

# NER labels that name things (numbers, dates and times are the times component's job).
NAME_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)
TIME_ZONES = frozenset(
    [
        "GMT",
        "UTC",
        "BST",
        "CET",
        "CEST",
        "EET",
        "EEST",
        "MSK",
        "EST",
        "EDT",
        "CST",
        "CDT",
        "MST",
        "MDT",
        "PST",
        "PDT",
        "IST",
        "PKT",
        "AFT",
        "AST",
        "JST",
        "KST",
        "HKT",
        "SGT",
        "WIB",
        "AEST",
        "AEDT",
        "Z",
    ]
)
# Page furniture that NER sometimes reads as a name.
FURNITURE = frozenset(
    [
        "subscribe",
        "unsubscribe",
        "share",
        "tweet",
        "advertisement",
        "sign",
        "up",
        "newsletter",
        "cookies",
        "read",
        "more",
        "related",
        "follow",
        "us",
        "comments",
        "print",
        "email",
        "facebook",
        "twitter",
        "whatsapp",
        "telegram",
    ]
) | {"read more", "sign up", "follow us"}
# Function words a real name does not carry capitalised; a title-case headline does.
HEADLINE_WORDS = frozenset(
    [
        "That",
        "Was",
        "Were",
        "Is",
        "Are",
        "For",
        "To",
        "With",
        "After",
        "Before",
        "As",
        "Who",
        "Says",
        "Said",
        "Will",
        "Has",
        "Have",
        "Had",
        "Told",
        "Over",
        "From",
        "Into",
        "Amid",
        "Against",
        "Could",
        "Would",
        "Should",
        "May",
        "Might",
        "Not",
        "Be",
        "Been",
        "Being",
    ]
)
# Generic heads after a name ("Daesh-K Commander", "Taliban fighters"): trimmed only when
# what is left is a KB alias, so "Syrian Democratic Forces" stays whole.
GENERIC_TAIL = frozenset(
    [
        "commander",
        "commanders",
        "leader",
        "leaders",
        "spokesman",
        "spokeswoman",
        "official",
        "officials",
        "fighter",
        "fighters",
        "militant",
        "militants",
        "member",
        "members",
        "chief",
        "soldiers",
        "troops",
        "forces",
        "militia",
        "militiaman",
        "source",
        "sources",
        "group",
        "affiliate",
        "branch",
    ]
)
LEADING_JUNK = frozenset({"the", "a", "an", "*", '"', "'", "“", "”", "‘", "’", "«", "»"})
TRAILING_JUNK = frozenset(
    {"'s", "’s", "'", "’", "*", '"', "“", "”", "«", "»", ",", ".", ";", ":", "-", "—"}
)
AIRPORT_WORDS = ("airport", "airbase", "air base")
# Before a state's name, words that make "<Demonym> soldier(s)" not its armed forces.
_NOT_THE_FORCE = frozenset({"former", "ex", "retired", "pro", "anti", "non", "-"})
MAX_NAME_TOKENS = 9


@dataclass
class Cand:
    """One candidate mention: a token range, a label, and how it got its canonical name."""

    start: int  # token offsets
    end: int
    label: str
    canonical: str
    linked_by: str  # kb, ner, demonym, partial_name, declared
    actor: Actor | None = None
    country: str | None = None  # for demonyms
    role: str | None = None  # the title the article gives a person here
    as_named: str | None = None  # the canonical before an article-declared merge
    extra: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- matcher


class AliasMatcher:
    """PhraseMatchers over the KB aliases: exact-case, case-folded, and (for lower-cased
    text only) the exact-case acronyms that are safe to match in lower case."""

    def __init__(self, nlp: Language) -> None:
        kb = kbmod.load_kb()
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lowered = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.names: dict[int, str] = {}
        tables: dict[str, dict[str, list[str]]] = {"exact": {}, "folded": {}, "lowered": {}}
        for alias, name, cs in kb.aliases():
            tables["exact" if cs else "folded"].setdefault(name, []).append(alias)
            if cs and lower_safe(alias, kb.actors[name]):
                tables["lowered"].setdefault(name, []).append(alias)
        for table, matcher in (
            ("exact", self.exact),
            ("folded", self.folded),
            ("lowered", self.lowered),
        ):
            for name, aliases in tables[table].items():
                self.names[nlp.vocab.strings.add(name)] = name
                matcher.add(name, list(nlp.tokenizer.pipe(aliases)))

    def __call__(self, doc: Doc) -> list[tuple[int, int, str]]:
        hits = [(s, e, self.names[k]) for k, s, e in self.exact(doc)]
        hits += [(s, e, self.names[k]) for k, s, e in self.folded(doc)]
        if is_lowercased(doc):
            hits += [(s, e, self.names[k]) for k, s, e in self.lowered(doc)]
        return hits


# Parts of speech of a phrase of common words ("warplanes", "the gunmen"): never a name.
COMMON_WORD_POS = {"NOUN", "DET", "ADJ", "NUM"}


def lower_safe(alias: str, actor: Actor) -> bool:
    """An exact-case alias that still means the actor when the whole text is lower-cased."""
    if kbmod.is_risky(alias) or len(alias) < 3 or alias.casefold() in kbmod.COMMON_WORDS:
        return False
    if " " in alias:
        return True
    # One word: only all-caps acronyms ("FMLN", not "LeT", never a surname).
    return actor.kind != "person" and alias.replace("-", "").replace(".", "").isupper()


def is_lowercased(doc: Doc) -> bool:
    """True for text that was lower-cased as a whole (some corpora are)."""
    sample = doc[:1000].text  # doc.text would build the whole string
    letters = sum(c.isalpha() for c in sample)
    return letters > 20 and sum(c.isupper() for c in sample) / letters < 0.002


_MATCHERS: dict[int, AliasMatcher] = {}


def alias_matcher(nlp: Language) -> AliasMatcher:
    """Built once per vocabulary (once per process in practice)."""
    key = id(nlp.vocab)
    if key not in _MATCHERS:
        _MATCHERS[key] = AliasMatcher(nlp)
    return _MATCHERS[key]


# --------------------------------------------------------------------------- helpers


def is_shouting(doc: Doc, start: int, end: int) -> bool:
    """True when the line around a match is mostly all-caps words (a shouted headline)."""
    lo = start
    while lo > 0 and start - lo < 8 and "\n" not in doc[lo - 1].text:
        lo -= 1
    hi = end
    while hi < len(doc) and hi - end < 8 and "\n" not in doc[hi].text:
        hi += 1
    words = [t.text for t in doc[lo:hi] if t.is_alpha and len(t.text) > 1]
    if len(words) < 3:
        return False
    upper = sum(1 for w in words if w.isupper())
    return upper / len(words) >= 0.6


def safe_match(doc: Doc, start: int, end: int) -> bool:
    """Dangerous short aliases ("IS", "US", "AP") only count in ordinary mixed-case text."""
    if not any(kbmod.is_risky(t.text) for t in doc[start:end]):
        return True
    if end < len(doc) and doc[end].text.startswith("@"):  # "RT @user"
        return False
    return not is_shouting(doc, start, end)


def trim_span(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading articles/quotes and trailing possessives, stars, punctuation, newlines."""
    for i in range(start, end):
        if "\n" in doc[i].text or doc[i].is_space:
            end = i
            break
    while start < end and (doc[start].lower_ in LEADING_JUNK or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].lower_ in TRAILING_JUNK or doc[end - 1].is_punct):
        end -= 1
    return start, end


def is_junk(span: Span, cased: bool = True) -> bool:
    """NER output that names nothing (``cased``: the article has normal casing, so a
    name in lower case is no name)."""
    text = span.text
    if not any(c.isalpha() for c in text):
        return True
    if cased and text.islower() and all(t.pos_ in COMMON_WORD_POS for t in span):
        return True  # "warplanes" read as an ORG: a common noun, not a name
    if text.startswith(("@", "#", "http", "www.")):
        return True
    if span[0].text in TIME_ZONES or text.casefold() in FURNITURE:
        return True
    if sum(c.isdigit() for c in text) >= 2 and span.label_ not in ("FAC", "PRODUCT", "LAW"):
        return True  # "GMT 28.08.2021", "21:31" read as a name
    if len(span) > MAX_NAME_TOKENS or any(c in text for c in '"“”'):
        return True
    if len(span) >= 4:
        inner = span[1:]
        if any(t.text in HEADLINE_WORDS for t in inner):
            return True
        if any(t.pos_ in ("VERB", "AUX") and t.text[:1].isupper() for t in inner):
            return True
    return False


def airport_extent(doc: Doc, end: int) -> int | None:
    """End token of "... International Airport" right after a name, if there is one."""
    window = doc[end : min(len(doc), end + 3)].text.casefold()
    for word in AIRPORT_WORDS:
        if window.startswith(word) or window.startswith("international " + word):
            n = 1 + word.count(" ") + (1 if window.startswith("international") else 0)
            return end + n
    return None


def _words(doc: Doc, lo: int, hi: int) -> list[str]:
    """Tokens written together are one word: "Secretary-General", "Capt.", "Taliban's"."""
    words: list[str] = []
    for t in doc[lo:hi]:
        if words and t.i > lo and not doc[t.i - 1].whitespace_:
            words[-1] += t.text
        else:
            words.append(t.text)
    return words


def _title_suffix(words: list[str]) -> str | None:
    """The role of the longest run of words at the end that is one title phrase."""
    for k in range(len(words), 0, -1):
        role, used = kbmod.parse_title(words[-k:])
        if used == k:
            return role
    return None


def title_before(doc: Doc, start: int) -> str | None:
    """The role a title right before a person's name gives ("US President" Joe Biden,
    "the EU's foreign policy chief, Kaja Kallas")."""
    lo = start
    # The parser may start a sentence at the name itself after "Capt.": look past that.
    while (
        lo > 0
        and start - lo < 10
        and (lo == start or not doc[lo].is_sent_start)
        and "\n" not in doc[lo - 1].text
    ):
        lo -= 1
    words = _words(doc, lo, start)
    role = _title_suffix(words)
    if role is None and words and words[-1].endswith(","):
        words[-1] = words[-1][:-1]
        role = _title_suffix([w for w in words if w])
    return role


def title_after(doc: Doc, end: int) -> str | None:
    """The role an appositive after a name gives ("Antony Blinken, the US secretary of
    state, said")."""
    if end >= len(doc) or doc[end].text != ",":
        return None
    hi = end + 1
    while hi < len(doc) and hi - end <= 10 and doc[hi].text not in {",", ".", ";", "\n\n"}:
        hi += 1
    if hi >= len(doc) or doc[hi].text not in {",", "."}:
        return None
    words = _words(doc, end + 1, hi)
    if words and words[0].lower() in {"the", "a", "an", "its", "their"}:
        words = words[1:]
    if not words:
        return None
    role, used = kbmod.parse_title(words)
    return role if used == len(words) else None


# --------------------------------------------------------------------------- candidates


def kb_candidates(doc: Doc, matcher: AliasMatcher) -> list[Cand]:
    kb = kbmod.load_kb()
    hits = [h for h in matcher(doc) if safe_match(doc, h[0], h[1])]
    # Longest first, then earliest: a token belongs to one match.
    hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
    taken: set[int] = set()
    out: list[Cand] = []
    for s, e, name in hits:
        if any(i in taken for i in range(s, e)):
            continue
        taken.update(range(s, e))
        actor = kb.actors[name]
        if (
            actor.kind == "state"
            and s >= 2
            and doc[s - 2].lower_ == "state"
            and doc[s - 1].lower_ == "of"
        ):
            # "the US state of Georgia": a place that shares a country's name.
            us = s >= 3 and doc[s - 3].text in {"US", "U.S.", "American"}
            place = f"{doc[s:e].text} ({'US ' if us else ''}state)"  # never the country's name
            out.append(Cand(s, e, "GPE", place, "ner"))
            continue
        out.append(Cand(s, e, actor.label, actor.name, "kb", actor=actor))
    return out


def link_ner(doc: Doc, span: Span) -> Cand:
    """Link one cleaned NER span: KB alias, demonym, KB alias behind a generic tail, or none."""
    text = span.text
    label = span.label_
    actor = kbmod.lookup_exact(text)
    if actor is None and label == "PERSON":
        bare, _ = kbmod.strip_title(text)
        actor = kbmod.lookup_exact(bare) if bare != text else None
    if actor is not None:
        return Cand(span.start, span.end, actor.label, actor.name, "kb", actor=actor)
    code = kbmod.demonym_country(text)
    if code and label in ("NORP", "GPE", "PERSON", "ORG"):
        singular = text[:-1] if text.endswith("s") and kbmod.demonym_country(text[:-1]) else text
        return Cand(span.start, span.end, "NORP", singular, "demonym", country=code)
    # "Daesh-K Commander": the KB alias before a generic head noun.
    end = span.end
    while end - span.start > 1 and doc[end - 1].lower_ in GENERIC_TAIL:
        end -= 1
        actor = kbmod.lookup_exact(doc[span.start : end].text)
        if actor is not None:
            return Cand(span.start, end, actor.label, actor.name, "kb", actor=actor)
    return Cand(span.start, span.end, label, kbmod.canonical(text), "ner")


def ner_candidates(doc: Doc) -> list[Cand]:
    out: list[Cand] = []
    cased = not is_lowercased(doc)
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        start, end = trim_span(doc, ent.start, ent.end)
        if start >= end:
            continue
        span = Span(doc, start, end, label=ent.label_)
        if span.label_ == "PERSON" and len(span) > 1:
            # "President Joe Biden" inside the NER span: keep the name.
            _, used = kbmod.parse_title([t.text for t in span[:-1]])
            if used:
                span = Span(doc, start + used, end, label="PERSON")
        if is_junk(span, cased) or not safe_match(doc, span.start, span.end):
            continue  # junk, or "US" / "UN" read by NER inside a shouted headline
        out.append(link_ner(doc, span))
    return out


def merge_candidates(kb_cands: list[Cand], ner_cands: list[Cand]) -> list[Cand]:
    """KB matches win over NER spans, except a longer NER name that holds one KB alias
    ("Chad Smith", "US Central Command" when the KB lacks it)."""
    out = list(kb_cands)
    for n in ner_cands:
        inside = [k for k in kb_cands if k.start < n.end and n.start < k.end]
        if not inside:
            out.append(n)
            continue
        if len(inside) == 1 and n.linked_by == "ner":
            k = inside[0]
            longer = n.start <= k.start and k.end <= n.end and (n.end - n.start) > (k.end - k.start)
            # "Chad Daniels", "Werner Herzog": a fuller name NER found that the KB lacks.
            person_over_place = n.label == "PERSON"
            bigger_name = n.label in ("ORG", "FAC", "LOC", "GPE", "EVENT", "WORK_OF_ART", "LAW")
            if longer and (person_over_place or bigger_name):
                out.remove(k)
                out.append(n)
        # Otherwise the KB match stands and the overlapping NER span is dropped.
    out.sort(key=lambda c: c.start)
    return out


def link_state_forces(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """ "Russian warplanes", "Pakistani security forces", "Kenyan police", "Pakistan's
    troops": a demonym or a state's name before a military or police noun names that
    state's armed forces or police (:func:`dateline.actors.state_force`). Not "a former US
    soldier" (a veteran), "pro-Russian forces" (others) nor "Russian-made warplanes"
    (where they come from)."""
    taken = {i for c in cands for i in range(c.start, c.end)}
    # a capitalised demonym the NER missed ("Ukrainian drones attacked ..."): a candidate
    # here only if a force noun follows (below), never a bare demonym entity
    missed = [
        Cand(t.i, t.i + 1, "NORP", t.text, "demonym", country=code)
        for t in doc
        if t.i not in taken and t.text[:1].isupper() and (code := kbmod.demonym_country(t.text))
    ]
    extra = {id(c) for c in missed}
    out: list[Cand] = []
    for c in sorted(cands + missed, key=lambda c: c.start):
        code = c.country if c.linked_by == "demonym" else None
        if c.actor is not None and c.actor.kind == "state":
            code = c.actor.country
        prev = doc[c.start - 1].lower_ if c.start > 0 else ""
        before = doc[c.start - 2].lower_ if c.start > 1 else ""
        other = prev in _NOT_THE_FORCE or prev.endswith("-")
        force = c.actor is not None and c.actor.kind in ("military", "police")
        if force and (prev in ("former", "ex", "retired") or before in ("pro", "anti")):
            continue  # "pro-Russian forces", "former US soldiers": not that force
        if code is None or other:
            if id(c) not in extra:
                out.append(c)
            continue
        j = c.end
        if j < len(doc) and doc[j].lower_ in ("'s", "’s") and c.linked_by != "demonym":
            j += 1  # "Pakistan's security forces"
        found = _force_after(doc, j, code, taken)
        if found is None:
            if id(c) not in extra:
                out.append(c)
            continue
        end, actor = found
        taken.update(range(c.end, end))
        out.append(Cand(c.start, end, actor.label, actor.name, "state_force", actor=actor))
    return out


def _force_after(doc: Doc, j: int, code: str, taken: set[int]) -> tuple[int, Actor] | None:
    """The longest "[modifiers] <force noun>" from token ``j`` (up to four words) and the
    state force it names: "security forces", "government troops", "riot police"."""
    words = [t.lower_ for t in doc[j : j + 4]]
    for k in range(len(words), 0, -1):
        if any(i in taken for i in range(j, j + k)):
            continue
        for n in (2, 1):
            if n > k or not all(w in kbmod.FORCE_MODIFIERS for w in words[: k - n]):
                continue
            kind = kbmod.force_kind(words[k - n : k])
            actor = kbmod.state_force(code, kind) if kind else None
            if actor is not None:
                return j + k, actor
    return None


def fix_airports(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """ "Hamid Karzai international airport" is a facility, not the person."""
    out: list[Cand] = []
    skip_until = -1
    for c in cands:
        if c.start < skip_until:
            continue
        end = airport_extent(doc, c.end)
        if end is not None:
            name = doc[c.start : end].text
            name = " ".join(w[:1].upper() + w[1:] for w in name.split())
            c = Cand(c.start, end, "FAC", name, "ner")
            skip_until = end
        out.append(c)
    return out


def link_partial_names(doc: Doc, cands: list[Cand]) -> None:
    """A lone surname ("Ward") refers to the person named in full in the same article."""
    surnames: dict[str, set[str]] = {}
    for c in cands:
        if c.label == "PERSON" and c.end - c.start >= 2:
            surnames.setdefault(doc[c.end - 1].text, set()).add(c.canonical)
    for c in cands:
        if c.end - c.start == 1 and c.linked_by == "ner":
            names = surnames.get(doc[c.start].text)
            if names and len(names) == 1:
                (name,) = names
                c.as_named, c.canonical = c.canonical, name
                c.label, c.linked_by = "PERSON", "partial_name"


# --------------------------------------------------------------------------- declared aliases

_NAME_SEP = re.compile(r"\s*(?:/|,|;|\bor\b|\band\b)\s*")
DECLARATIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "also known as",
        re.compile(
            r"\s*\(\s*(?:also known as|also called|otherwise known as|a\.?k\.?a\.?|known as|"
            r"formerly known as|formerly|or)\s+(?P<names>[^()\n]{1,120}?)\s*\)"
        ),
    ),
    ("abbreviation", re.compile(r"\s*\(\s*(?P<names>[A-Z][A-Za-z0-9&.\-]{1,11})\s*\)")),
    (
        "also known as",
        re.compile(
            r",?\s+(?:also known as|also called|otherwise known as|better known as|a\.?k\.?a\.?)"
            r"\s+(?:the\s+)?(?P<names>[A-Z][\w'’\-]*(?:[ /][A-Z0-9][\w'’\-]*|\s(?:al|of|the|el|ad|wa|wal|in)\b)*)"
        ),
    ),
    (
        "appositive",
        re.compile(
            r",\s+(?P<names>(?:the|an?)\s+[^,.;()\n]{2,80}?\b(?:affiliate|branch|wing|offshoot|"
            r"off-shoot|franchise|faction|arm|province|chapter|splinter group)s?)\b"
        ),
    ),
)


def declared_aliases(doc: Doc, cands: list[Cand]) -> list[tuple[Cand, str, int, int, str]]:
    """(candidate, alias, start_char, end_char, reason) for each alias the article declares."""
    text = doc_text(doc)
    out: list[tuple[Cand, str, int, int, str]] = []
    for c in cands:
        end_char = doc[c.end - 1].idx + len(doc[c.end - 1].text)
        window = text[end_char : end_char + 160]
        for reason, pattern in DECLARATIONS:
            m = pattern.match(window)
            if not m:
                continue
            names_start = end_char + m.start("names")
            names = m.group("names")
            parts = [names] if reason == "appositive" else _NAME_SEP.split(names)
            pos = 0
            for part in parts:
                part = part.strip()
                if not part:
                    continue
                i = names.find(part, pos)
                pos = i + len(part)
                out.append((c, part, names_start + i, names_start + i + len(part), reason))
            break
    return out


def apply_declarations(doc: Doc, cands: list[Cand]) -> tuple[list[Cand], dict[str, list[dict]]]:
    """Merge what an article declares as one actor; returns the mentions and, per canonical
    name, the declared aliases with their offsets and reason."""
    declared: dict[str, list[dict]] = {}
    redirect: dict[str, str] = {}
    by_char = {doc[c.start].idx: c for c in cands}
    added: list[Cand] = []
    for c, alias, s, e, reason in declared_aliases(doc, cands):
        if reason == "abbreviation" and c.label in ("GPE", "LOC") and c.actor is None:
            continue  # "KABUL (AFP)" is a dateline, not an abbreviation
        other = by_char.get(s)
        alias_actor = kbmod.lookup_exact(alias)
        target = c.canonical
        if other is not None and other.actor is not None and c.actor is None:
            target = other.canonical  # the KB knows the alias: its name wins
        elif alias_actor is not None and c.actor is None:
            target = alias_actor.name
        conflicting = (
            c.actor is not None
            and ((other is not None and other.actor is not None and other.actor.name != c.actor.name)
                 or (alias_actor is not None and alias_actor.name != c.actor.name))
        )  # fmt: skip
        if alias_actor is not None and alias_actor.kind == "outlet" and c.actor is None:
            continue
        declared.setdefault(target, []).append(
            {"alias": alias, "start": s, "end": e, "reason": reason}
        )
        if reason == "appositive":
            # "ISIS-K, the Islamic State's Afghan affiliate": a description, and the actor
            # named inside it is the parent, not another name of this one.
            parent = next((x for x in cands if x.actor and s <= doc[x.start].idx < e), None)
            if parent is not None:
                c.extra["parent_declared"] = parent.canonical
            continue
        if conflicting:
            continue  # two different KB actors: recorded, never merged
        if c.canonical != target:
            redirect[c.canonical] = target
        alias_name = alias_actor.name if alias_actor is not None else kbmod.canonical(alias)
        if alias_name != target:
            redirect[alias_name] = target  # its other mentions, wherever NER found them
        if other is not None:
            if other.canonical != target:
                redirect[other.canonical] = target
        else:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None:
                new = Cand(span.start, span.end, c.label, target, "declared")
                added.append(new)
                added.extend(_repeats(doc, alias, e, target, c.label, cands))
    cands = sorted(cands + added, key=lambda x: x.start)
    for c in cands:
        final = _resolve(redirect, c.canonical)
        if final != c.canonical:
            c.as_named, c.canonical = c.canonical, final
            c.linked_by = "declared"
    return cands, {_resolve(redirect, k): v for k, v in declared.items()}


def _resolve(redirect: dict[str, str], name: str) -> str:
    seen = set()
    while name in redirect and name not in seen:
        seen.add(name)
        name = redirect[name]
    return name


def _repeats(
    doc: Doc, alias: str, after: int, target: str, label: str, cands: list[Cand]
) -> list[Cand]:
    """Later uses of a declared alias that nothing else found ("the group's Afghan affiliate")."""
    out = []
    taken = {i for c in cands for i in range(c.start, c.end)}
    for m in re.finditer(r"\b" + re.escape(alias) + r"\b", doc_text(doc)[after:]):
        span = doc.char_span(after + m.start(), after + m.end(), alignment_mode="expand")
        if span is not None and not any(i in taken for i in range(span.start, span.end)):
            out.append(Cand(span.start, span.end, label, target, "declared"))
    return out


# --------------------------------------------------------------------------- grouping


def entity_label(cands: list[Cand], actor: Actor | None) -> str:
    if actor is not None:
        return actor.label
    if any(c.label == "PERSON" and c.end - c.start >= 2 for c in cands):
        return "PERSON"  # "Clarissa Ward" read once as a GPE is still a person
    votes = Counter(c.label for c in cands)
    return votes.most_common(1)[0][0]


def build_entities(doc: Doc, cands: list[Cand], declared: dict[str, list[dict]]) -> list[Entity]:
    kb = kbmod.load_kb()
    groups: dict[str, list[Cand]] = {}
    for c in cands:
        groups.setdefault(c.canonical, []).append(c)
    entities: list[Entity] = []
    for name, members in groups.items():
        actor = kb.actors.get(name)
        label = entity_label(members, actor)
        mentions = []
        for c in members:
            span = doc[c.start : c.end]
            m = Mention(
                text=span.text, start=span.start_char, end=span.end_char, linked_by=c.linked_by
            )
            if c.as_named and c.as_named != name:
                m.as_named = c.as_named  # type: ignore[attr-defined]
            mentions.append(m)
        ent = Entity(canonical=name, type=label, mentions=mentions)
        extra: dict[str, object] = {}
        if actor is not None:
            ent.qid, ent.kind = actor.qid, actor.kind
            extra.update(country=actor.country, sector=actor.sector, parent=actor.parent)
            if actor.roles:
                extra["roles"] = actor.role_titles
        elif members[0].linked_by == "demonym" or all(c.country for c in members):
            code = next(c.country for c in members if c.country)
            ent.kind = "demonym"
            extra.update(country=code, country_name=kbmod.country_name(code))
        if label == "PERSON":
            stated = []
            for c in members[:5]:
                for role in (title_before(doc, c.start), title_after(doc, c.end)):
                    if role and role not in stated:
                        stated.append(role)
            if stated:
                extra["role"], extra["roles_stated"] = stated[0], stated
        parents = [c.extra["parent_declared"] for c in members if "parent_declared" in c.extra]
        if parents:
            extra["parent_declared"] = parents[0]
        if name in declared:
            extra["aliases_declared"] = declared[name]
        for key, value in extra.items():
            if value is not None:
                setattr(ent, key, value)
        entities.append(ent)
    return entities


def extract_entities(doc: Doc, matcher: AliasMatcher) -> list[Entity]:
    if not len(doc):
        return []
    cands = merge_candidates(kb_candidates(doc, matcher), ner_candidates(doc))
    cands = fix_airports(doc, cands)
    cands = link_state_forces(doc, cands)
    link_partial_names(doc, cands)
    cands, declared = apply_declarations(doc, cands)
    return build_entities(doc, cands, declared)


class EntitiesExtractor:
    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self._matcher: AliasMatcher | None = None

    @property
    def matcher(self) -> AliasMatcher:
        if self._matcher is None:  # built on first use, not when the pipeline is assembled
            self._matcher = alias_matcher(self.nlp)
        return self._matcher

    def __call__(self, doc: Doc) -> Doc:
        doc._.entities = extract_entities(doc, self.matcher)
        return doc


@Language.factory("dateline_entities")
def make_entities_extractor(nlp: Language, name: str) -> EntitiesExtractor:
    return EntitiesExtractor(nlp)


def entity_at(entities: list[Entity] | None, start: int, end: int) -> Entity | None:
    """The entity with a mention overlapping the characters ``[start, end)`` (the largest
    overlap wins): for quotes and events to name a speaker or an actor by its entity."""
    best: Entity | None = None
    best_overlap = 0
    for ent in entities or []:
        for m in ent.mentions:
            overlap = min(end, m.end) - max(start, m.start)
            if overlap > best_overlap:
                best, best_overlap = ent, overlap
    return best
