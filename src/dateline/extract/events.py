"""Events: what happened, coded as PLOVER type/mode with GTD and ACLED types.

Triggers come from data/event_types.yaml. Each trigger is a *mention*; mentions of one
event within an article (headline, lead, "the Thursday attacks", "several deadly blasts")
are merged into one :class:`~dateline.model.Event` unless a date, place or target says
they are different (a recalled past attack is a separate, older event). Arguments come
from the dependency parse: perpetrators (with ``basis``), targets, victims, instrument,
casualties (:mod:`casualties`), claims (:mod:`claims`), place (``doc._.places``, else
the place entities) and date (``doc._.times``). Mentions in a quote never create an
attack on their own if irrealis ("more attacks", "we will strike"); a first-person future
attack in a direct quote is a THREATEN event. Times anchored on an event ("two days after
the blasts") are re-resolved once the event's date is known (anchor ``event:<id>``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dateline.actors import load_kb, state_force
from dateline.extract.casualties import Count, counts_in
from dateline.extract.claims import FoundClaim, channel_of, claims_in, name_of
from dateline.extract.doctext import doc_text
from dateline.extract.event_table import (
    Trigger,
    common_lemma,
    find_instruments,
    find_triggers,
    find_weapon_strikes,
    table,
    weapon_subject,
)
from dateline.model import (
    Casualties,
    Claim,
    Entity,
    Event,
    EventActor,
    EventDate,
    EventPlace,
    EventTarget,
    Place,
    Quote,
    TimeExpr,
)
from dateline.model import (
    Span as FactSpan,
)

_LIGHT_VERBS = {"carry", "conduct", "launch", "stage", "mount", "perpetrate", "commit", "claim"}
_HIT_VERBS = {"hit", "target", "strike", "rock", "attack", "bomb", "ambush", "raid", "storm"}
_BACKGROUND = {"previous", "earlier", "last", "similar", "another", "prior", "former", "past"}
_BACKGROUND |= {"separate", "second", "third", "fourth", "other"}
_ROLES = {"ASSAULT": "perpetrator", "COERCE": "enforcer", "PROTEST": "protester"}
_ROLES |= {"ACCUSE": "accuser", "THREATEN": "threatener", "MOBILIZE": "mobilizer", "AID": "donor"}
_MODIFIER_DEPS = {"compound", "amod", "poss", "nsubj", "nsubjpass", "dobj", "nmod"}
_RUMOUR = re.compile(r"\b(reportedly|allegedly|rumou?red|unconfirmed|purported(ly)?)\b", re.I)
_PLACE_HEADS = {"city", "town", "village", "province", "district", "region", "governorate", "state"}
# a place named as the point a bearing or a distance is taken from
_BEARING_BEFORE = re.compile(
    r"\b(?:(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|"
    r"north-west|south-east|south-west)(?:ern)?|kilometres|kilometers|km|miles)\s+(?:of|from)\s+"
    r"(?:the\s+)?$",
    re.I,
)
_PLACE_RANK = {"airport": 0, "FAC": 0, "LOC": 2, "city": 1, "GPE": 1, "country": 3}
_PEOPLE = {"commander", "official", "leader", "spokesman", "minister", "president"}
_COMM_ROLES = {"nsubj": "interviewer", "pobj": "interviewee", "dobj": "interviewee"}


@dataclass
class Mention:
    start: int  # token span of the trigger
    end: int
    trig: Trigger
    head: Token
    sent: Span
    np_start: int  # char span of the mention phrase ("the Thursday attacks")
    np_end: int
    definite: bool
    in_headline: bool
    quote: Quote | None
    date_i: int | None = None  # index into times
    background: bool = False


@dataclass
class Draft:
    mentions: list[Mention]
    trig: Trigger
    actors: list[EventActor] = field(default_factory=list)
    targets: list[EventTarget] = field(default_factory=list)
    target_heads: set[str] = field(default_factory=set)
    instrument: list[FactSpan] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    date_i: int | None = None
    place: EventPlace | None = None
    hedge: str = "asserted"
    actor_spans: list[tuple[int, int]] = field(default_factory=list)  # not the place


class Context:
    """Upstream facts indexed for cheap look-ups."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.entities: list[Entity] = doc._.entities or []
        self.times: list[TimeExpr] = doc._.times or []
        self.places: list[Place] = doc._.places or []
        self.quotes: list[Quote] = doc._.quotes or []
        article = doc._.article
        self.body_start = getattr(article, "body_start", 0) or 0
        self.article_id = (getattr(article, "id", "") or "")[:12]
        self.ent_spans = [(m.start, m.end, e) for e in self.entities for m in e.mentions]
        self.time_spans = [(t.start, t.end) for t in self.times]
        self.note_spans = [(n.start, n.end) for n in (doc._.notes or [])]

    def in_time(self, char: int) -> bool:
        return any(s <= char < e for s, e in self.time_spans)

    def entity_at(self, start: int, end: int) -> Entity | None:
        """The entity with the longest mention inside [start, end), else one whose mention
        holds it."""
        best: tuple[int, Entity] | None = None
        for s, e, ent in self.ent_spans:
            if start <= s and e <= end and (best is None or e - s > best[0]):
                best = (e - s, ent)
        if best is None:  # a word of a longer name ("IS Mozambique" parsed as "IS" + noun)
            best = next(
                ((e - s, ent) for s, e, ent in self.ent_spans if s <= start and end <= e), None
            )
        return best[1] if best else None

    def canonical_at(self, start: int, end: int) -> str | None:
        ent = self.entity_at(start, end)
        return ent.canonical if ent else None

    def quote_at(self, char: int) -> Quote | None:
        return next((q for q in self.quotes if q.start <= char < q.end), None)


# --------------------------------------------------------------------------- mentions


def _np_span(head: Token) -> tuple[int, int]:
    """Char span of a noun trigger's phrase: its left modifiers and itself."""
    left = head.left_edge
    return left.idx, head.idx + len(head)


def _irrealis(m: Mention) -> bool:
    """Not a thing that happened: future, hypothetical, negated, 'more attacks'."""
    irr = table().irrealis
    head = m.head
    near = [c.lower_ for c in head.children] + [head.head.lower_, head.head.lemma_.lower()]
    for anc in list(head.ancestors)[:3]:
        near += [c.lower_ for c in anc.children if c.dep_ in ("aux", "neg", "amod")]
        near.append(anc.lemma_.lower())
    if any(c.dep_ == "neg" for c in head.children):
        return True
    return any(w in irr for w in near)


def _generic(m: Mention, ctx: Context) -> bool:
    """A bare plural with no date in its sentence ('had carried out suicide attacks')."""
    h = m.head
    if h.pos_ != "NOUN" or h.tag_ != "NNS":
        return False
    if any(c.dep_ in ("det", "poss", "nummod") for c in h.children):
        return False
    if any(m.sent.start_char <= s < m.sent.end_char for s, _ in ctx.time_spans):
        return False
    return any(c.dep_ in ("amod", "compound") for c in h.children) is False or m.quote is not None


def _mention(doc: Doc, ctx: Context, start: int, end: int, trig: Trigger) -> Mention | None:
    first, last = doc[start], doc[end - 1]
    head = first if first.pos_ in ("VERB", "AUX") else last
    if head.pos_ in ("NOUN", "PROPN"):
        np_start, np_end = _np_span(head)
        np_start = min(np_start, first.idx)
        dets = {c.lower_ for c in head.children if c.dep_ in ("det", "poss")}
        definite = bool(dets & {"the", "this", "that", "these", "those"}) or any(
            c.dep_ == "poss" for c in head.children
        )
        background = bool({c.lower_ for c in head.children} & _BACKGROUND)
    else:
        np_start, np_end = first.idx, last.idx + len(last)
        definite, background = False, False
    char = first.idx
    return Mention(
        start,
        end,
        trig,
        head,
        first.sent,
        np_start,
        np_end,
        definite,
        char < ctx.body_start,
        ctx.quote_at(char),
        background=background,
    )


def _keep(m: Mention, ctx: Context) -> bool:
    head = m.head
    if m.trig.needs_context:
        # "strike" / "threat": only with a modifier naming who ("a US strike")
        mods = [c for c in head.children if c.dep_ in ("compound", "amod", "poss", "nmod")]
        if not any(ctx.canonical_at(c.idx, c.idx + len(c)) for c in mods) and not _done_by_known(
            head, ctx
        ):
            return False
    if m.trig.needs_person:
        obj = next((c for c in m.sent.doc[m.end - 1].children if c.dep_ == "pobj"), None)
        if obj is None:
            return False
        known = ctx.canonical_at(obj.left_edge.idx, obj.idx + len(obj)) is not None
        if not known and obj.lemma_.lower() not in table().perpetrator_nouns | _PEOPLE:
            return False
    if m.trig.needs_agent:
        subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
        if subj is None and head.dep_ == "advcl" and head.tag_ == "VBG":
            # "Gunmen burst into a hamlet ..., killing six farmers": the clause's subject
            subj = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
        if subj is None or (
            common_lemma(subj) not in table().perpetrator_nouns
            and ctx.canonical_at(subj.left_edge.idx, subj.idx + len(subj)) is None
        ):
            return False  # "the blast killed 13": a consequence, not another attack
    if m.trig.type == "ASSAULT" and _generic(m, ctx):
        return False
    # an editor's footnote ("*X is banned in Russia") reports no event
    return not any(s <= m.np_start < e for s, e in ctx.note_spans)


def _attack_noun(tok: Token) -> bool:
    """ "Russian shelling killed four": the attack itself as the subject, not who did it."""
    if tok.pos_ != "NOUN":
        return False
    trigs = table().by_first.get(tok.lemma_.lower(), [])
    return any(t.type == "ASSAULT" and not t.agent and len(t.lemmas) == 1 for t in trigs)


def _done_by_known(head: Token, ctx: Context) -> bool:
    """ "Russian warplanes carried out the strike": the object of a light verb whose
    subject is a known actor."""
    gov = head.head
    if head.dep_ not in ("dobj", "obj") or gov.lemma_.lower() not in _LIGHT_VERBS - {"claim"}:
        return False
    subj = next((c for c in gov.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return False
    ent = ctx.entity_at(subj.left_edge.idx, subj.idx + len(subj))
    return ent is not None and ent.kind not in ("demonym", None)


# --------------------------------------------------------------------------- arguments


def _clause_verb(tok: Token) -> Token:
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            return tok
        tok = tok.head
    return tok


def _perpetrator_heads(m: Mention) -> list[tuple[Token, str]]:
    """(head token, basis) of the perpetrators the parse gives for one mention."""
    h = m.head
    out: list[tuple[Token, str]] = []
    if m.trig.agent and h.pos_ == "NOUN":
        return [(h, "asserted")]
    if h.pos_ in ("VERB", "AUX"):
        agent = next((c for c in h.children if c.dep_ == "agent"), None)
        if agent is not None:
            out += [(c, "asserted") for c in agent.children if c.dep_ == "pobj"]
        subj = next((c for c in h.children if c.dep_ == "nsubj"), None)
        v = h
        while subj is None and v.dep_ in ("conj", "xcomp", "advcl") and v.head.i != v.i:
            v = v.head
            subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.lower_ not in ("it", "which", "that"):
            owner = _owner(subj)
            out.append((owner or subj, "asserted"))
    else:
        for c in h.children:
            if c.dep_ in ("compound", "poss", "amod", "nmod") and (
                c.pos_ == "PROPN" or c.ent_type_ in ("ORG", "GPE", "NORP")
            ):
                out.append((c, "modifier"))  # "a Taliban attack"; not "Kabul blasts"
            if c.dep_ == "prep" and c.lower_ == "by":
                out += [(p, "asserted") for p in c.children if p.dep_ == "pobj"]
        gov = h.head
        if h.dep_ in ("dobj", "obj") and gov.lemma_.lower() in _LIGHT_VERBS - {"claim"}:
            subj = next((c for c in gov.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                out.append((_owner(subj) or subj, "asserted"))  # "its fighters carried out"
    return out


# "the group said its fighters had attacked ...": the speaker's own men are the speaker
_OWN_MEN = {"fighter", "militant", "force", "troop", "soldier", "man", "member", "unit", "mujahid"}


def _owner(subj: Token) -> Token | None:
    """ "The army said its aircraft had hit ...": whose weapon, when a pronoun says so, is
    the subject of the clause the report hangs from."""
    if subj.lemma_.lower() not in table().weapon_subjects and subj.lemma_.lower() not in _OWN_MEN:
        return None
    poss = next((c for c in subj.children if c.dep_ == "poss"), None)
    if poss is None or poss.lower_ not in ("its", "their"):
        return None
    gov = subj.head.head
    for _ in range(3):  # "IS claimed the attack, saying its fighters had killed 15"
        found = next((c for c in gov.children if c.dep_ == "nsubj" and c.i < subj.i), None)
        if found is not None or gov.dep_ not in ("advcl", "xcomp", "conj"):
            return found
        gov = gov.head
    return None


_DATELINE_PUNCT = (",", "-", "\u2014", "\u2013")


def _dateline_word(tok: Token) -> bool:
    """The place of a wire dateline ("MAIDUGURI, Nigeria - A drone struck ..."): the
    parser often makes it the subject of the lead's verb."""
    doc = tok.doc
    first = tok.i == tok.sent.start or (tok.i > 0 and doc[tok.i - 1].is_space)
    nxt = doc[tok.i + 1].text if tok.i + 1 < len(doc) else ""
    return first and tok.is_upper and len(tok.text) > 2 and nxt in _DATELINE_PUNCT


def _suspected(tok: Token) -> bool:
    return any(c.lower_ in ("suspected", "alleged", "presumed") for c in tok.subtree)


# Attack families done by a state's armed forces when a demonym says whose ("Russian
# shelling", "an Israeli airstrike"); other attacks by a demonym are the state's own.
_MILITARY_FAMILIES = {"aerial", "shelling", "battle"}


def _actor_name(ctx: Context, tok: Token, span: tuple[int, int], trig: Trigger,
                as_modifier: bool) -> str | None:  # fmt: skip
    """The canonical actor of a perpetrator phrase, or None when no entity names it. A
    demonym is no actor: "Russian shelling" is the Russian armed forces' (the state's for
    other attacks); a state or demonym before another noun only says where a person or
    group is from ("a former US soldier", "Indian police"): the phrase itself is the name."""
    ent = ctx.entity_at(*span)
    if ent is None or ent.kind not in ("state", "demonym"):
        return ent.canonical if ent else None
    code = getattr(ent, "country", None)
    if as_modifier:
        if ent.kind == "state" or not code:
            return ent.canonical if ent.kind == "state" else None
        force = state_force(code, "military") if trig.family in _MILITARY_FAMILIES else None
        state = load_kb().state_for(code)
        return force.name if force else (state.name if state else None)
    covers = any(m.start <= tok.idx < m.end for m in ent.mentions)
    if covers:
        return ent.canonical if ent.kind == "state" else None
    words = [t for t in tok.doc[tok.left_edge.i : tok.i + 1] if t.dep_ != "det" and not t.is_punct]
    return " ".join(t.text for t in words) or None


def _targets(m: Mention, ctx: Context) -> list[Token]:
    h = m.head
    out: list[Token] = []
    if h.pos_ in ("VERB", "AUX"):
        passive = any(c.dep_ == "auxpass" for c in h.children)
        for c in h.children:
            if (c.dep_ in ("dobj", "obj") and not passive) or (passive and c.dep_ == "nsubjpass"):
                out.append(c)
            if c.dep_ == "prep" and c.lower_ in ("on", "against", "at"):
                out += [p for p in c.children if p.dep_ == "pobj"]
    else:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in ("on", "against"):
                out += [p for p in c.children if p.dep_ == "pobj"]
            if c.dep_ == "acl" and c.lemma_.lower() in ("target", "hit", "kill"):
                out += [p for p in c.children if p.dep_ in ("dobj", "obj")]
        gov = h.head
        if h.dep_ == "nsubj" and gov.lemma_.lower() in _HIT_VERBS:
            out += [c for c in gov.children if c.dep_ in ("dobj", "obj")]
        if h.dep_ in ("dobj", "obj"):
            for c in gov.children:
                if c.dep_ == "advcl" and c.lemma_.lower() == "target":
                    out += [p for p in c.children if p.dep_ in ("dobj", "obj")]
    extra: list[Token] = []
    for t in out:
        extra += [c for c in t.conjuncts if c.i > t.i]
    tools = find_instruments(m.sent.doc, m.sent.start, m.sent.end)
    return [
        t
        for t in out + extra
        if t.pos_ in ("NOUN", "PROPN")
        and not (m.start <= t.i < m.end)  # "opened fire": part of the trigger
        and not any(i <= t.i < j for i, j in tools)  # "detonated an explosive vest"
        and not any(s <= t.idx < e for s, e in ctx.time_spans)
    ]


def _span_of(tok: Token) -> tuple[int, int]:
    right = tok
    for c in tok.rights:
        if c.dep_ == "compound" or (c.dep_ == "prep" and c.lower_ == "of"):
            right = c.right_edge
    left = tok.left_edge
    if left.i < tok.i and _dateline_word(left):  # "OUAGADOUGOU - Gunmen": only "Gunmen"
        left = next(t for t in tok.doc[left.i + 1 : tok.i + 1] if not t.is_punct)
    while left.i < tok.i and (left.is_quote or left.is_bracket):  # 'hit "terrorist positions"'
        left = left.doc[left.i + 1]
    while right.i > tok.i and right.is_space:  # a headline's trailing line break
        right = right.doc[right.i - 1]
    return left.idx, right.idx + len(right)


def _time_for(m: Mention, ctx: Context, others: list[Mention]) -> int | None:
    """The time expression dating a mention: inside its phrase, then in its clause."""
    if _relation_target(m, ctx) is not None:
        return None  # "on Saturday, a day after clashes": dated by _date_relation_targets
    cands: list[tuple[int, int]] = []
    verb = _clause_verb(m.head)
    for i, t in enumerate(ctx.times):
        if (
            t.type not in ("DATE", "TIME")
            or t.value is None
            and "relation" not in (t.model_extra or {})
        ):
            continue
        if not (m.sent.start_char <= t.start < m.sent.end_char):
            continue
        if t.start <= m.head.idx < t.end:
            continue  # "two days before the Thursday attacks" dates the interview
        if m.np_start <= t.start and t.end <= m.np_end:
            cands.append((0, i))
            continue
        if any(o is not m and o.np_start <= t.start and t.end <= o.np_end for o in others):
            continue  # it dates another mention
        tok = ctx.doc.char_span(t.start, t.end, alignment_mode="expand")
        if tok is None:
            continue
        tverb = _clause_verb(tok.root)
        chain = [verb, verb.head, m.head]
        tchain = [tverb, tverb.head, tverb.head.head]
        if tverb.dep_ in ("relcl", "acl") and _in_phrase_of(tverb.head, m.head):
            # the mention's own relative clause: "an attack on a hotel that killed 13
            # people on Friday" dates the attack Friday, not the vow around it (the parse
            # often hangs the clause on the last noun: "hotel")
            cands.append((1, i))
        elif tverb.i in (verb.i, m.head.i) and not _before_subject(t.end, verb):
            # the mention's own clause before the clause it hangs from: "X said on Tuesday
            # its fighters attacked the post on Saturday" dates the attack Saturday
            cands.append((1, i))
        elif any(a.i == b.i for a in chain for b in tchain):
            cands.append((2, i))
        elif len([o for o in others if o.sent == m.sent]) <= 1:
            cands.append((3, i))
    if not cands:
        return None
    cands.sort(key=lambda c: (c[0], abs(ctx.times[c[1]].start - m.head.idx)))
    return cands[0][1]


def _in_phrase_of(tok: Token, head: Token) -> bool:
    """``tok`` is ``head`` or a noun hanging from it through prepositions only."""
    for _ in range(6):
        if tok.i == head.i:
            return True
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _before_subject(char: int, verb: Token) -> bool:
    """A time that ends before a reported clause's subject belongs to the verb of saying,
    whatever the parse says: "said on Tuesday [its fighters attacked ...]"."""
    if verb.dep_ != "ccomp":
        return False
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and char <= subj.left_edge.idx and verb.head.i < subj.i


def _adjectival(ctx: Context, start: int, end: int) -> bool:
    """A place name used as a modifier or a participant ("US officials"), not a location."""
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    while tok.dep_ == "compound" and tok.head.pos_ == "PROPN":
        tok = tok.head
    if tok.dep_ == "compound" and tok.head.lemma_.lower() in _PLACE_HEADS:
        return False  # "Idlib city", "Kunar province": the name says where
    return tok.dep_ in _MODIFIER_DEPS


def _place_for(
    mentions: list[Mention], ctx: Context, skip: list[tuple[int, int]]
) -> EventPlace | None:
    """The most specific place in the clause of the first mention that has one."""
    for m in mentions:
        verb = _clause_verb(m.head)
        sent = ctx.doc[verb.left_edge.i : verb.right_edge.i + 1]
        best: tuple[int, EventPlace] | None = None
        for i, p in enumerate(ctx.places):
            if _adjectival(ctx, p.start, p.end) or getattr(p, "role", None) == "affiliation":
                continue  # "US officials", "the US Centers for Disease Control": who, not where
            if sent.start_char <= p.start < sent.end_char and not any(
                s <= p.start < e for s, e in skip
            ):
                rank = _PLACE_RANK.get(p.feature or "", 2)
                if _BEARING_BEFORE.search(doc_text(ctx.doc), max(0, p.start - 30), p.start):
                    rank += 4  # "in Sirwah district, west of Marib": Marib only says where that is
                cand = EventPlace(name=p.name or p.text, from_place=i, country=p.country)
                if best is None or rank < best[0]:
                    best = (rank, cand)
        if best is None:
            for s, e, ent in ctx.ent_spans:
                if any(a <= s < b for a, b in skip) or _adjectival(ctx, s, e):
                    continue
                if sent.start_char <= s < sent.end_char and ent.type in ("FAC", "GPE", "LOC"):
                    rank = _PLACE_RANK.get(ent.type, 2) + (2 if ent.kind == "state" else 0)
                    cand = EventPlace(name=ent.canonical, from_place=None)
                    if best is None or rank < best[0]:
                        best = (rank, cand)
        if best is not None:
            return best[1]
    return None


# --------------------------------------------------------------------------- merging


def _compatible(d: Draft, m: Mention, ctx: Context) -> bool:
    a, b = d.trig, m.trig
    if a.type != b.type:
        return False
    # one sentence telling several acts of one attack ("attacked the village, killing 11
    # and burning dozens of homes"; "one rocket hit a playground and another set fire to a
    # car park") tells one event, whatever each act's family or target
    same_sentence = a.type == "ASSAULT" and any(x.sent.start == m.sent.start for x in d.mentions)
    if a.type == "ASSAULT":
        if a.family != b.family and a.rank > 0 and b.rank > 0 and not same_sentence:
            return False
    elif a.family != b.family:
        return False
    if m.background:
        return False
    airing = m.definite and a.type == "COMMUNICATE"  # "the interview was aired on Thursday"
    # "the protesters", "the attackers": people named by the event refer back to it, and a
    # day in their sentence dates something else they did
    airing = airing or (m.definite and m.trig.agent)
    if m.date_i is not None and d.date_i is not None and not airing:
        v1, v2 = ctx.times[m.date_i].value, ctx.times[d.date_i].value
        if v1 and v2 and not (v1[:10].startswith(v2[:10]) or v2[:10].startswith(v1[:10])):
            return False  # a date of its own: another (older) event
    # a headline names the article's main event in short, often misparsed in title case
    # ("Shelling Kills Two"): its targets say nothing against the body's; and a party telling
    # of its own strike names the targets in its own terms ("its aircraft had hit 'terrorist
    # positions'"), which is a disagreement about the event, not another one
    own_account = m.quote is not None and any(_owner(t) is not None for t in m.head.children)
    if (
        not m.in_headline
        and not m.definite
        and not own_account
        and not same_sentence
        and m.head.pos_ in ("VERB", "AUX")
        and d.target_heads
    ):
        heads = {t.lemma_.lower() for t in _targets(m, ctx)}
        # other targets and a place of its own: another attack ("a bomb hit a bus in
        # Hama"); other targets alone are often the same attack told in detail ("one
        # rocket hit a playground")
        if heads and not heads & d.target_heads and _names_a_place(m, ctx):
            return False
    return True


def _names_a_place(m: Mention, ctx: Context) -> bool:
    verb = _clause_verb(m.head)
    lo, hi = verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge)
    return any(
        lo <= p.start < hi
        and p.feature != "demonym"
        and getattr(p, "role", None) is None
        and not _adjectival(ctx, p.start, p.end)
        for p in ctx.places
    )


def _finer(ctx: Context, new: int | None, old: int) -> bool:
    """A day inside the month or year the event was dated by ("the deadliest attack this
    year ... on Sunday"): the day says more."""
    if new is None:
        return False
    a, b = ctx.times[new].value or "", ctx.times[old].value or ""
    return len(b) in (4, 7) and len(a) >= 10 and a.startswith(b)


def _merge(mentions: list[Mention], ctx: Context) -> list[Draft]:
    drafts: list[Draft] = []
    body = [m for m in mentions if not m.in_headline]
    head = [m for m in mentions if m.in_headline]
    for m in body:
        match = next((d for d in reversed(drafts) if _compatible(d, m, ctx)), None)
        if match is None:
            drafts.append(Draft([m], m.trig))
            match = drafts[-1]
        else:
            match.mentions.append(m)
            # a fire set in an attack does not make the attack an arson
            subsidiary = m.trig.family == "arson" and match.trig.family != "arson"
            if m.trig.rank > match.trig.rank and not subsidiary:
                match.trig = m.trig
        if match.date_i is None or _finer(ctx, m.date_i, match.date_i):
            match.date_i = m.date_i
        for t in _targets(m, ctx):
            match.target_heads.add(t.lemma_.lower())
    for m in head:  # the headline names the article's main event: the first compatible
        match = next((d for d in drafts if _compatible(d, m, ctx)), None)
        if match is None:
            drafts.append(Draft([m], m.trig))
        else:
            match.mentions.insert(0, m)
    return drafts


# People a protest is made of: force used on them is part of the protest (ACLED's "protest
# with intervention"), not an attack of its own.
_PROTESTERS = {"protester", "protestor", "demonstrator", "marcher", "rioter"}


def _fold_force_on_protest(drafts: list[Draft]) -> list[Draft]:
    """'Police opened fire on protesters' in an article about a protest: one incident, so
    the firing joins the protest event instead of being a second (ASSAULT) event."""
    protest = next((d for d in drafts if d.trig.type == "PROTEST"), None)
    if protest is None:
        return drafts
    sents = {m.sent.start for m in protest.mentions}
    out: list[Draft] = []
    for d in drafts:
        # gunfire or a clash (not a bomb) aimed at protesters or told with the protest in
        # each of its sentences ("Police Clash With Protesters")
        if (
            d.trig.type == "ASSAULT"
            and d.trig.mode == "firearms"
            and (
                (d.target_heads and d.target_heads <= _PROTESTERS)
                or all(m.sent.start in sents for m in d.mentions)
                # "50 people were wounded in the clashes": the protest's, told back
                or (
                    d.trig.family == "battle"
                    and not d.target_heads
                    and all(m.definite for m in d.mentions)
                )
            )
        ):
            _absorb(protest, d)
            continue
        out.append(d)
    return out


def _absorb(into: Draft, d: Draft) -> None:
    """``d``'s mentions are ``into``'s: its targets join, its date fills a missing one."""
    into.mentions.extend(d.mentions)
    into.target_heads |= d.target_heads
    if into.date_i is None:
        into.date_i = d.date_i


def _place_names(m: Mention, ctx: Context) -> set[str]:
    lo, hi = m.sent.start_char, m.sent.end_char
    return {
        (p.name or p.text)
        for p in ctx.places
        if lo <= p.start < hi and p.feature != "demonym" and getattr(p, "role", None) is None
    }


def _fold_shooting_into_kidnapping(drafts: list[Draft], ctx: Context) -> list[Draft]:
    """'Two guards were shot dead when armed men stormed the hotel' in an article about a
    kidnapping: the gunfire is how the kidnapping was done, one incident, so its toll is
    the kidnapping's. Not a shooting on another day or at a place the kidnapping's
    sentences do not name."""
    kidnap = next((d for d in drafts if d.trig.mode == "abduct"), None)
    if kidnap is None:
        return drafts
    where = set().union(*(_place_names(m, ctx) for m in kidnap.mentions))
    day = ctx.times[kidnap.date_i].value if kidnap.date_i is not None else None
    out: list[Draft] = []
    for d in drafts:
        own_day = ctx.times[d.date_i].value if d.date_i is not None else None
        places = set().union(*(_place_names(m, ctx) for m in d.mentions))
        if (
            d is not kidnap
            and d.trig.type == "ASSAULT"
            and d.trig.family in ("assault", "battle")
            and d.trig.mode in ("firearms", None)
            and not any(m.background for m in d.mentions)
            and (own_day is None or day is None or own_day[:10] == day[:10])
            and places <= where
        ):
            _absorb(kidnap, d)
            continue
        out.append(d)
    return out


# --------------------------------------------------------------------------- assembly


def _add_actor(d: Draft, name: str, role: str, basis: str | None, **extra: object) -> None:
    for a in d.actors:
        if a.canonical == name and a.role == role:
            if basis == "claimed" or a.basis is None:
                a.basis = basis
            return
    d.actors.append(EventActor(canonical=name, role=role, basis=basis, **extra))


def _fill(d: Draft, ctx: Context, counts: list[Count], found: list[FoundClaim]) -> None:
    doc = ctx.doc
    tab = table()
    for m in d.mentions:
        # perpetrators (participants for communication events)
        if d.trig.type == "COMMUNICATE" and d.trig.mode == "interview":
            preps = [c for c in m.head.children if c.dep_ == "prep" and c.lower_ in ("to", "with")]
            for c in list(m.head.children) + [p for prep in preps for p in prep.children]:
                role = _COMM_ROLES.get(c.dep_)
                if role and c.pos_ in ("NOUN", "PROPN"):
                    _add_actor(d, name_of(c, ctx.canonical_at), role, "asserted")
                    d.actor_spans.append((c.left_edge.idx, c.idx + len(c)))
                    outlet = next(
                        (
                            ent
                            for s, e, ent in ctx.ent_spans
                            if c.left_edge.idx <= s < c.idx + len(c) and ent.kind == "outlet"
                        ),
                        None,
                    )
                    if outlet is not None:
                        _add_actor(d, outlet.canonical, "outlet", "asserted")
        elif d.trig.type != "COMMUNICATE":
            for tok, basis in _perpetrator_heads(m):
                if ctx.in_time(tok.idx) or _dateline_word(tok) or _attack_noun(tok):
                    continue  # "the Thursday attacks", "MAIDUGURI, Nigeria - ...": not who
                ent = ctx.entity_at(tok.idx, tok.idx + len(tok))
                as_modifier = basis == "modifier"
                if as_modifier:
                    if ent is None or (ent.type in ("GPE", "FAC", "LOC") and ent.kind != "state"):
                        continue  # a place name before the noun says where, not who
                    basis = "asserted"
                elif ent is not None and ent.type in ("FAC", "LOC"):
                    continue  # a building or a region does not attack
                span = _span_of(tok)
                d.actor_spans.append(span)
                canon = _actor_name(ctx, tok, span, d.trig, as_modifier)
                known_noun = tok.lemma_.lower() in tab.perpetrator_nouns or tok.pos_ == "PROPN"
                known_noun = known_noun or (
                    d.trig.type != "ASSAULT" and tok.lemma_.lower() in _PEOPLE | {"government"}
                )
                if canon is None and (not known_noun or weapon_subject(tab, tok) is not None):
                    continue  # "Rockets fired from Lebanon struck ...": what, not who
                name = canon or name_of(tok, ctx.canonical_at)
                if _suspected(tok):
                    basis = "suspected"
                elif m.quote is not None and m.quote.kind == "indirect":
                    basis = "attributed"
                # the mention's own type: police firing on a protest are not protesters
                role = _ROLES.get(m.trig.type, "participant")
                by = m.quote.speaker.canonical if basis == "attributed" and m.quote else None
                if by is not None and by == name:
                    basis, by = "claimed", None  # "the army said its aircraft had hit ..."
                where = {"text": doc_text(doc)[span[0] : span[1]], "start": span[0], "end": span[1]}
                _add_actor(d, name, role, basis, **where, **({"by": by} if by else {}))
            for tok in _targets(m, ctx):
                s, e = _span_of(tok)
                if any(t.start == s for t in d.targets):
                    continue
                d.targets.append(
                    EventTarget(
                        text=doc_text(doc)[s:e], canonical=ctx.canonical_at(s, e), start=s, end=e
                    )
                )
        # instrument: in the trigger's sentence
        if d.trig.type == "ASSAULT" and not m.in_headline:
            for i, j in find_instruments(doc, m.sent.start, m.sent.end):
                head = doc[j - 1]
                mods = [c for c in head.lefts if c.dep_ in ("amod", "nummod", "compound")]
                span = doc[min([i] + [c.left_edge.i for c in mods]) : j]  # "four powerful rockets"
                if not any(x.start == span.start_char for x in d.instrument):
                    d.instrument.append(
                        FactSpan(text=span.text, start=span.start_char, end=span.end_char)
                    )
        if m.quote is not None and m.quote.hedge in ("alleged", "claimed", "denied"):
            d.hedge = "claimed" if m.quote.hedge == "claimed" else "alleged"
        elif _RUMOUR.search(m.sent.text) and d.hedge == "asserted":
            d.hedge = "alleged"
    named = [m for m in d.mentions if m.trig.instrument and not m.in_headline]
    if named and not d.instrument:
        m = named[0]
        span = doc[m.start : m.end]
        d.instrument.append(FactSpan(text=span.text, start=span.start_char, end=span.end_char))
    d.counts.extend(counts)
    _victims(d, ctx)
    _claims(d, ctx, found)


def _victims(d: Draft, ctx: Context) -> None:
    for c in d.counts:
        if c.group is None or c.measure != "killed":
            continue
        gs = doc_text(ctx.doc).find(c.group, c.start, c.end)
        if gs < 0 or any(t.text.lower() == c.group.lower() for t in d.targets):
            continue
        d.targets.append(
            EventTarget(
                text=c.group,
                canonical=ctx.canonical_at(gs, gs + len(c.group)),
                start=gs,
                end=gs + len(c.group),
                role="victim",
            )
        )


def _claims(d: Draft, ctx: Context, found: list[FoundClaim]) -> None:
    doc = ctx.doc
    for fc in found:
        name = name_of(fc.claimant_tok, ctx.canonical_at)
        cs, ce = _span_of(fc.claimant_tok)
        by = name_of(fc.by_tok, ctx.canonical_at) if fc.by_tok is not None else None
        sent = fc.cue.sent
        nxt = [s for s in doc.sents if s.start == sent.end][:1]
        channel = channel_of([sent, *nxt], table().claim_channels)
        extra: dict = {"start": fc.cue.idx, "end": fc.cue.idx + len(fc.cue)}
        if by:
            extra["by"] = by
        if channel and fc.status in ("claimed", "denied"):
            extra["via"] = channel
        if not any(c.claimant == name and c.status == fc.status for c in d.claims):
            d.claims.append(Claim(claimant=name, status=fc.status, **extra))
        if fc.status == "denied":
            continue
        basis = "claimed" if fc.status == "claimed" else fc.status
        where = {"text": doc_text(doc)[cs:ce], "start": cs, "end": ce}
        _add_actor(d, name, "perpetrator", basis, **where, **({"by": by} if by else {}))
    # an actor who denies is not a perpetrator on the parse's word alone
    denied = {c.claimant for c in d.claims if c.status == "denied"}
    claimed = {c.claimant for c in d.claims if c.status != "denied"}
    d.actors = [a for a in d.actors if a.canonical not in denied - claimed]


def _statement_events(ctx: Context) -> list[Draft]:
    """Statements with a cue of their own ('did not rule out', 'vowed') by a named speaker."""
    out: list[Draft] = []
    cues = table().statement_cues
    trig = Trigger(("statement",), "COMMUNICATE", "statement", "statement", 1, None, None, None)
    for q in ctx.quotes:
        cue = (q.cue or "").lower()
        speaker = q.speaker.canonical
        if not speaker or q.speaker.anonymous or q.cue_start is None or q.question:
            continue
        if not any(c in cue or cue.startswith(c.split()[0][:4]) for c in cues):
            continue
        tok = ctx.doc.char_span(q.cue_start, q.cue_end or q.cue_start + len(cue), "expand")
        if tok is None:
            continue
        sent = tok[0].sent
        same = next(
            (d for d in out if d.mentions[0].sent == sent and d.actors[0].canonical == speaker),
            None,
        )
        if same is not None:
            continue
        m = Mention(tok.start, tok.end, trig, tok.root, sent, tok.start_char, tok.end_char,
                    False, q.start < ctx.body_start, q)  # fmt: skip
        d = Draft([m], trig, hedge=q.hedge or "asserted")
        d.actors.append(EventActor(canonical=speaker, role="speaker", basis="asserted"))
        out.append(d)
    return out


def _threat_events(ctx: Context, dropped: list[Mention]) -> list[Draft]:
    """A first-person future attack in a direct quote: the speaker threatens."""
    out: list[Draft] = []
    trig = Trigger(("threaten",), "THREATEN", None, "threaten", 1, None, None, None)
    for m in dropped:
        q = m.quote
        if q is None or q.kind != "direct" or m.trig.type != "ASSAULT":
            continue
        words = {t.lower_ for t in m.sent}
        if not words & {"we", "i", "our"} or not words & {"will", "'ll", "shall", "would"}:
            continue
        d = Draft([m], trig)
        if q.speaker.canonical:
            d.actors.append(EventActor(canonical=q.speaker.canonical, role="threatener"))
        out.append(d)
    return out


_TO_COME = {"more", "further", "new", "possible", "future", "fresh", "imminent"}
_RISK = {"possibility", "threat", "risk", "danger", "warning", "fear", "plan", "plot"}


def _yet_to_come(m: Mention) -> bool:
    """An attack told as one that may come ("more attacks", "the possibility of attacks",
    "militants will attack"), not a past one told in a future clause ("investigators will
    examine the attack on Monday") nor one denied ("no attacks")."""
    head = m.head
    kids = {c.lower_ for c in head.children}
    if kids & {"no", "not", "never"}:
        return False
    if head.pos_ in ("VERB", "AUX"):
        return bool(kids & {"will", "would", "could", "may", "might", "'ll"})
    gov = head.head.head if head.dep_ == "pobj" else head.head
    return bool(kids & _TO_COME) or gov.lemma_.lower() in _RISK


def _warning_events(ctx: Context, dropped: list[Mention], threats: list[Draft]) -> list[Draft]:
    """Attacks told as a future risk with the time they may come in ("did not rule out more
    attacks over the next 24-36 hours"): a THREATEN event (mode "warning") dated by that
    future time; who warns is its ``source``, whoever would attack is not said."""
    out: list[Draft] = []
    trig = Trigger(("threat",), "THREATEN", "warning", "threaten", 1, None, None, None)
    done = {id(m) for d in threats for m in d.mentions}
    published = getattr(ctx.doc._.article, "published", None)
    pub = published.date().isoformat() if published else None
    for m in dropped:
        if (
            m.trig.type != "ASSAULT"
            or id(m) in done
            or any(d.mentions[0].sent == m.sent for d in out)
        ):
            continue
        future = [
            i
            for i, t in enumerate(ctx.times)
            if m.sent.start_char <= t.start < m.sent.end_char
            and (
                (t.model_extra or {}).get("direction") == "future"
                or (t.type == "DATE" and pub is not None and (_day(t.value) or "") > pub)
            )
        ]
        if not future or not _yet_to_come(m):
            continue
        d = Draft([m], trig, date_i=future[0])
        q = m.quote
        if q is not None:
            d.hedge = q.hedge or "asserted"
            if q.speaker.canonical and not q.speaker.anonymous:
                d.actors.append(
                    EventActor(canonical=q.speaker.canonical, role="source", basis="asserted")
                )
        out.append(d)
    return out


def _pronoun_perpetrators(drafts: list[Draft]) -> None:
    """'... where they burned the facilities': 'they' are the last attack's perpetrators."""
    last: list[EventActor] = []
    for d in sorted(drafts, key=lambda d: d.mentions[0].start):
        if d.trig.type != "ASSAULT":
            continue
        perps = [a for a in d.actors if a.role == "perpetrator"]
        if perps:
            last = perps
            continue
        subj = [
            c
            for m in d.mentions
            for c in m.head.children
            if c.dep_ == "nsubj" and c.lower_ in ("they", "he", "she")
        ]
        if subj and last:
            for a in last:
                d.actors.append(a.model_copy(update={"resolved_by": "pronoun"}))


def _confidence(d: Draft) -> float:
    score = 0.5 + 0.1 * min(len(d.mentions), 3)
    if d.actors:
        score += 0.05
    if d.date_i is not None:
        score += 0.05
    if d.hedge != "asserted":
        score -= 0.2
    return round(max(0.1, min(score, 0.95)), 2)


def _relation_target(m: Mention, ctx: Context) -> int | None:
    """Index of a time that names this mention as what another day is relative to ("a day
    after clashes in which 55 were injured"), unless the phrase dates it itself ("two days
    before the Thursday attacks")."""
    for i, t in enumerate(ctx.times):
        rel = (t.model_extra or {}).get("relation")
        if not rel or "through" in rel or not (m.sent.start_char <= t.start < m.sent.end_char):
            continue
        if rel["to_start"] <= m.head.idx < rel["to_end"]:
            return i
        # a mention inside the phrase the day is relative to: "a day after clashes between
        # police and demonstrators" (the demonstrators' protest is those clashes' day too)
        span = ctx.doc.char_span(rel["to_start"], rel["to_end"], alignment_mode="expand")
        if span is not None and any(a.i == span.root.i for a in m.head.ancestors):
            return i
    return None


def _date_relation_targets(ctx: Context, events: list[tuple[Draft, Event]]) -> None:
    """'Factories stayed shut on Wednesday, a day after clashes': the clashes are the day
    before the day the sentence names."""
    for d, ev in events:
        if ev.date is not None and ev.date.value:
            continue
        i = next((j for m in d.mentions if (j := _relation_target(m, ctx)) is not None), None)
        if i is None:
            continue
        t = ctx.times[i]
        off = re.fullmatch(r"(-?)P(\d+)([DW])", t.model_extra["relation"].get("offset", ""))
        if not off:
            continue
        sent = next(m.sent for m in d.mentions if _relation_target(m, ctx) == i)
        days = [
            x
            for x in ctx.times
            if x is not t
            and x.type == "DATE"
            and x.value
            and re.fullmatch(r"\d{4}-\d\d-\d\d", x.value)
            and sent.start_char <= x.start < sent.end_char
            and not (t.start <= x.start < t.end)
        ]
        if not days:
            # no day named: when the outer clause happened is not known either, so the
            # offset is recorded, not guessed (tests/test_times.py)
            continue
        base = date.fromisoformat(min(days, key=lambda x: abs(x.start - t.start)).value or "")
        n = int(off[2]) * (7 if off[3] == "W" else 1) * (-1 if off[1] else 1)
        ev.date = EventDate(value=(base - timedelta(days=n)).isoformat(), from_time=i)


def _resolve_relative(ctx: Context, events: list[tuple[Draft, Event]]) -> None:
    """'two days after the blasts': the offset applied to the date of the event named."""
    for t in ctx.times:
        rel = (t.model_extra or {}).get("relation")
        if not rel:
            continue
        hit = next(
            (
                (d, ev)
                for d, ev in events
                if any(
                    m.np_start < rel["to_end"] and rel["to_start"] < m.np_end for m in d.mentions
                )
            ),
            None,
        )
        if hit is None or hit[1].date is None or not hit[1].date.value:
            continue
        base = hit[1].date.value
        m = re.fullmatch(r"(-?)P(\d+)([DW])", rel.get("offset", ""))
        if not m or not re.fullmatch(r"\d{4}-\d\d-\d\d", base):
            continue
        days = int(m[2]) * (7 if m[3] == "W" else 1) * (-1 if m[1] else 1)
        value = (date.fromisoformat(base) + timedelta(days=days)).isoformat()
        t.value, t.interval, t.anchor = value, [value, value], f"event:{hit[1].id}"


def _to_event(d: Draft, n: int, ctx: Context) -> Event:
    doc = ctx.doc
    first = next((m for m in d.mentions if not m.in_headline), d.mentions[0])
    trig_span = doc[first.start : first.end]
    seen: set[tuple] = set()
    casualties: list[Casualties] = []
    for c in d.counts:
        key = (c.group.lower() if c.group else None, c.measure, c.value, c.qualifier)
        if key in seen:
            continue
        seen.add(key)
        casualties.append(
            Casualties(
                group=c.group,
                killed=c.value if c.measure == "killed" else None,
                injured=c.value if c.measure == "injured" else None,
                qualifier=c.qualifier,
                start=c.start,
                end=c.end,
                count_of=c.measure,
                **c.extra,
            )
        )
    ev_date = None
    if d.date_i is not None:
        t = ctx.times[d.date_i]
        ev_date = EventDate(value=t.value, from_time=d.date_i)
        if t.type == "DURATION" and t.interval and all(t.interval):  # "the next 24-36 hours"
            ev_date = EventDate(
                value="/".join(t.interval), from_time=d.date_i, interval=list(t.interval),
                direction=(t.model_extra or {}).get("direction"),
            )  # fmt: skip
    return Event(
        id=f"{ctx.article_id}-e{n}",
        type=d.trig.type,
        mode=d.trig.mode,
        gtd_attack_type=d.trig.gtd,
        acled_event_type=d.trig.acled,
        acled_sub_event_type=d.trig.acled_sub,
        trigger=FactSpan(text=trig_span.text, start=trig_span.start_char, end=trig_span.end_char),
        mentions=[
            FactSpan(text=doc_text(doc)[m.np_start : m.np_end], start=m.np_start, end=m.np_end)
            for m in sorted(d.mentions, key=lambda m: m.np_start)
        ],
        date=ev_date,
        place=d.place,
        actors=d.actors,
        targets=d.targets,
        instrument=d.instrument,
        casualties=casualties,
        claims=d.claims,
        hedge=d.hedge,
        confidence=_confidence(d),
    )


# Event types besides assaults that people can die in (a protest turning violent, a raid).
_DEADLY = ("PROTEST", "COERCE", "MOBILIZE")


def _lede_end(doc: Doc, body_start: int) -> int:
    """Where the first body paragraph (the lede) ends."""
    paras = doc._.paragraphs if Doc.has_extension("paragraphs") else None
    for s, e in paras or []:
        if s <= body_start < e or s >= body_start:
            return e
    return len(doc_text(doc))


def _count_fallback(
    sent: Span, drafts: list[Draft], assault: list[tuple[Mention, Draft]], lede_end: int
) -> list[tuple[Mention, Draft]]:
    """Where a count goes when its sentence names no assault: a protest or other event in
    the sentence ("two people were killed as protests turned violent"), else, for the lede
    alone (which sums up the main event), the nearest assault told in the body. Later in the
    body such a count is an *orphan* (:func:`_orphan_target` decides)."""
    other = [(m, d) for d in drafts if d.trig.type in _DEADLY for m in d.mentions if m.sent == sent]
    if other or sent.start_char >= lede_end:
        return other
    body = [(m, d) for m, d in assault if not m.in_headline]
    return sorted(body, key=lambda md: abs(md[0].start - sent.start))[:1]


def _main_assault(assault: list[tuple[Mention, Draft]], lede_end: int) -> Draft | None:
    """The article's main current assault: the one its lede tells, else its headline's."""
    for m, d in assault:
        if not m.in_headline and m.np_start < lede_end and not m.background:
            return d
    return next((d for m, d in assault if m.in_headline), None)


def _day(value: str | None) -> str | None:
    """The calendar day of a time value ('2024-03-14TMO' -> '2024-03-14'), else None."""
    return value[:10] if value and re.match(r"\d{4}-\d{2}-\d{2}", value) else None


def _other_day(ctx: Context, start: int, end: int, main: Draft) -> bool:
    """A date or time in [start, end) that is not the main event's day ('in 2022', 'on
    Friday', 'this year', 'two days later'): the text tells of another time."""
    ref = _day(ctx.times[main.date_i].value) if main.date_i is not None else None
    for t in ctx.times:
        if t.type not in ("DATE", "TIME") or not (start <= t.start < end):
            continue
        if t.value in ("PRESENT_REF",):
            continue  # "now", "currently": the state of the main event's victims
        if ref is None or _day(t.value) != ref:
            return True
    return False


def _paragraph_of(doc: Doc, char: int) -> int:
    paras = (doc._.paragraphs if Doc.has_extension("paragraphs") else None) or []
    return next((i for i, (s, e) in enumerate(paras) if s <= char < e), -1)


def _orphan_target(
    sent: Span, ctx: Context, assault: list[tuple[Mention, Draft]], main: Draft | None
) -> Draft | None:
    """The event a count goes to when its sentence, past the lede, names no event ("Doctors
    said they had received 31 wounded people"): the main current assault, when the nearest
    assault told before it is that one, in the same or the previous paragraph (or the main
    assault is the article's only current one), and nothing in the paragraph up to the
    count dates it to another day. A recalled past attack, or a count of another day or
    period ("in 2022", "this year"), keeps its count to itself."""
    if main is None:
        return None
    before = [(m, d) for m, d in assault if not m.in_headline and m.np_start < sent.start_char]
    if not before:
        return None
    near_m, near_d = before[-1]
    if near_d is not main or near_m.background:
        return None  # the nearest attack told is a past or another one
    para = _paragraph_of(ctx.doc, sent.start_char)
    paras = ctx.doc._.paragraphs or []
    para_start = paras[para][0] if para >= 0 else sent.start_char
    if _other_day(ctx, max(para_start, near_m.np_start), sent.end_char, main):
        return None
    if para - _paragraph_of(ctx.doc, near_m.np_start) > 1:
        day = _day(ctx.times[main.date_i].value) if main.date_i is not None else None
        for _, d in assault:
            if d is main or any(m.background for m in d.mentions):
                continue
            if d.date_i is None or _day(ctx.times[d.date_i].value) == day:
                return None  # two current attacks, and the count near neither
    return main


def _restates(c: Count, known: list[Count]) -> bool:
    """A count that says again what the event's counts already say: the same figure (five
    or more: 'a soldier' and 'a passer-by' are two people), or a figure for a group (and
    measure) the event already has one for ('14 people killed' in the lede, '14 people
    were killed' later). A vague one ('dozens') takes a figure."""
    for k in known:
        if k.measure != c.measure:
            continue
        if c.value is not None and c.value >= 5 and k.value == c.value:
            return True
        same_group = (k.group or "").lower() == (c.group or "").lower()
        if same_group and k.value is not None:
            return True
    return False


_ARMED_KINDS = {"military", "armed_group"}


def _actor_strikes(
    ctx: Context, taken: list[tuple[int, int, Trigger]]
) -> list[tuple[int, int, Trigger]]:
    """A verb of hitting whose subject is an armed force or group the KB knows ("the
    Ethiopian National Defense Force had targeted a meeting", "the army struck militant
    positions"): an attack, coded like "attack"."""
    tab = table()
    base = next((t for t in tab.by_first.get("attack", []) if t.lemmas == ("attack",)), None)
    if base is None:
        return []
    used = {i for s, e, _ in taken for i in range(s, e)}
    out: list[tuple[int, int, Trigger]] = []
    for tok in ctx.doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in tab.hit_verbs or tok.i in used:
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None:
            continue
        ent = ctx.entity_at(subj.left_edge.idx, subj.idx + len(subj))
        if ent is not None and ent.kind in _ARMED_KINDS:
            out.append((tok.i, tok.i + 1, base))
    return out


def extract_events(doc: Doc) -> list[Event]:
    if not doc.has_annotation("DEP") or len(doc) == 0:
        return []
    ctx = Context(doc)
    mentions: list[Mention] = []
    dropped: list[Mention] = []
    found = find_triggers(doc)
    found += find_weapon_strikes(doc, found)
    found = sorted(found + _actor_strikes(ctx, found), key=lambda f: f[0])
    for start, end, trig in found:
        m = _mention(doc, ctx, start, end, trig)
        if m is None or not _keep(m, ctx):
            continue
        if trig.type == "ASSAULT" and _irrealis(m):
            dropped.append(m)
            continue
        mentions.append(m)
    for m in mentions:
        # "a third protester died ..., a health official said on Monday": the people a
        # protest is made of refer back to it; a day near them dates something else
        weak_agent = m.trig.agent and m.trig.rank == 0
        m.date_i = None if weak_agent else _time_for(m, ctx, mentions)
    drafts = _fold_shooting_into_kidnapping(_fold_force_on_protest(_merge(mentions, ctx)), ctx)
    # casualties and claims go to the nearest assault mention in their sentence (or before)
    assault = [(m, d) for d in drafts for m in d.mentions if d.trig.type == "ASSAULT"]
    per_draft_counts: dict[int, list[Count]] = {id(d): [] for d in drafts}
    per_draft_claims: dict[int, list[FoundClaim]] = {id(d): [] for d in drafts}
    lede_end = _lede_end(doc, ctx.body_start)
    orphans: list[tuple[Span, Count]] = []
    apart: list[tuple[Count, Draft]] = []
    for sent in doc.sents:
        local = [(m, d) for m, d in assault if m.sent == sent]
        if sent.start_char < ctx.body_start:
            continue  # the headline repeats the body's counts in short
        for c in counts_in(sent, ctx.time_spans):
            near = local or _count_fallback(sent, drafts, assault, lede_end)
            if near:
                _, d = min(near, key=lambda md: abs(md[0].head.i - c.token_i))
                if local or d.trig.type != "ASSAULT":
                    per_draft_counts[id(d)].append(c)
                else:  # a lede count told apart from its attack: it may say a toll again
                    apart.append((c, d))
            elif sent.start_char >= lede_end:
                orphans.append((sent, c))
        for fc in claims_in(sent):
            target = None
            if fc.about_i is not None:
                target = next((d for m, d in local if m.start <= fc.about_i < m.end + 1), None)
            if target is None and local:
                target = min(local, key=lambda md: abs(md[0].head.i - fc.cue.i))[1]
            if target is None:
                before = [md for md in assault if md[0].start < sent.start]
                target = before[-1][1] if before else None
            if target is None:  # no assault told: a kidnapping told as a seizure, a raid
                other = [
                    (m, d)
                    for d in drafts
                    if d.trig.type in _DEADLY
                    for m in d.mentions
                    if m.start < sent.end
                ]
                target = other[-1][1] if other else None
            if target is not None:
                per_draft_claims[id(target)].append(fc)
    for c, d in apart:
        if not _restates(c, per_draft_counts[id(d)]):
            per_draft_counts[id(d)].append(c)
    main = _main_assault(assault, lede_end)
    for sent, c in orphans:  # once every count told with its event is known
        target = _orphan_target(sent, ctx, assault, main)
        if target is not None and not _restates(c, per_draft_counts[id(target)]):
            per_draft_counts[id(target)].append(c)
    for found in per_draft_counts.values():
        found.sort(key=lambda c: c.start)  # in the order the article tells them
    threats = _threat_events(ctx, dropped)
    drafts += _statement_events(ctx) + threats + _warning_events(ctx, dropped, threats)
    for d in drafts:
        _fill(d, ctx, per_draft_counts.get(id(d), []), per_draft_claims.get(id(d), []))
        if d.trig.type != "COMMUNICATE":  # where a statement was made is rarely said
            body = [m for m in d.mentions if not m.in_headline]
            d.place = _place_for(body, ctx, d.actor_spans)
    _pronoun_perpetrators(drafts)
    # number events in body order (the headline mention follows its event)
    drafts.sort(key=lambda d: min((m.start for m in d.mentions if not m.in_headline), default=0))
    events = [_to_event(d, n, ctx) for n, d in enumerate(drafts, 1)]
    pairs = list(zip(drafts, events, strict=True))
    _date_relation_targets(ctx, pairs)
    _resolve_relative(ctx, pairs)
    for d, ev in pairs:  # a date from a time just resolved against another event
        if d.date_i is not None and ev.date is not None and ctx.times[d.date_i].type != "DURATION":
            ev.date.value = ctx.times[d.date_i].value
    return events


class EventsExtractor:
    def __call__(self, doc: Doc) -> Doc:
        doc._.events = extract_events(doc)
        return doc


@Language.factory("dateline_events")
def make_events_extractor(nlp: Language, name: str) -> EventsExtractor:
    return EventsExtractor()
