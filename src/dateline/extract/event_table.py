"""The event trigger table (data/event_types.yaml), loaded once, and trigger matching."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Token

from dateline.config import DATA_DIR, load_yaml


@dataclass(frozen=True)
class Trigger:
    lemmas: tuple[str, ...]
    type: str
    mode: str | None
    family: str
    rank: int
    gtd: str | None
    acled: str | None
    acled_sub: str | None
    pos: str | None = None
    instrument: bool = False
    agent: bool = False
    needs_context: bool = False
    needs_person: bool = False
    needs_agent: bool = False


@dataclass(frozen=True)
class Table:
    by_first: dict[str, list[Trigger]]
    statement_cues: tuple[str, ...]
    irrealis: frozenset[str]
    instruments: dict[str, list[tuple[str, ...]]]
    perpetrator_nouns: frozenset[str]
    claim_channels: dict[str, list[str]]
    hit_verbs: frozenset[str] = frozenset()
    # subject lemma ("aircraft", "bomb") -> the trigger a verb of hitting takes with it
    weapon_subjects: dict[str, Trigger] = field(default_factory=dict)


@lru_cache(maxsize=1)
def table() -> Table:
    raw: dict[str, Any] = load_yaml(DATA_DIR / "event_types.yaml")
    defaults = raw.get("defaults", {})
    by_first: dict[str, list[Trigger]] = {}
    for row in raw["triggers"]:
        d = defaults.get(row["type"], {})
        trig = Trigger(
            lemmas=tuple(row["lemmas"]),
            type=row["type"],
            mode=row.get("mode"),
            family=row.get("family", row["type"].lower()),
            rank=int(row.get("rank", 1)),
            gtd=row.get("gtd", d.get("gtd")),
            acled=row.get("acled", d.get("acled")),
            acled_sub=row.get("acled_sub", d.get("acled_sub")),
            pos=row.get("pos"),
            instrument=bool(row.get("instrument", False)),
            agent=bool(row.get("agent", False)),
            needs_context=bool(row.get("needs_context", False)),
            needs_person=bool(row.get("needs_person", False)),
            needs_agent=bool(row.get("needs_agent", False)),
        )
        by_first.setdefault(trig.lemmas[0], []).append(trig)
    for lst in by_first.values():  # longest phrase first
        lst.sort(key=lambda t: -len(t.lemmas))
    instruments: dict[str, list[tuple[str, ...]]] = {}
    for seq in raw.get("instruments", []):
        instruments.setdefault(seq[0], []).append(tuple(seq))
    for lst in instruments.values():
        lst.sort(key=lambda s: -len(s))
    strikes = raw.get("weapon_strikes") or {}
    weapon_subjects: dict[str, Trigger] = {}
    for key, subjects in (strikes.get("subjects") or {}).items():
        seq = tuple(key.split())
        base = next(t for t in by_first[seq[0]] if t.lemmas == seq)
        for subj in subjects:  # the verb is the trigger: no instrument named by it
            weapon_subjects[subj] = replace(base, lemmas=(subj,), instrument=False, pos="VERB")
    return Table(
        by_first=by_first,
        statement_cues=tuple(raw.get("statement_cues", [])),
        irrealis=frozenset(raw.get("irrealis", [])),
        instruments=instruments,
        perpetrator_nouns=frozenset(raw.get("perpetrator_nouns", [])),
        claim_channels=raw.get("claim_channels", {}),
        hit_verbs=frozenset(strikes.get("verbs") or []),
        weapon_subjects=weapon_subjects,
    )


def _forms(doc: Doc, i: int) -> tuple[str, ...]:
    """Lemma, lower-cased form and a naive singular (title-case headlines: 'Blasts')."""
    tok = doc[i]
    low = tok.lower_
    return tok.lemma_.lower(), low, low[:-1] if low.endswith("s") else low


def _seq_at(doc: Doc, i: int, seq: tuple[str, ...]) -> int | None:
    """End token index when the lemma sequence ``seq`` starts at token ``i``."""
    j = i
    for word in seq:
        # tolerate one hyphen token inside a phrase ("car-bomb") and skip none otherwise
        while j < len(doc) and doc[j].text == "-" and j > i:
            j += 1
        if j >= len(doc) or word not in _forms(doc, j):
            return None
        j += 1
    return j


def find_triggers(doc: Doc) -> list[tuple[int, int, Trigger]]:
    """Non-overlapping (start, end, trigger) token spans, longest match first."""
    tab = table()
    out: list[tuple[int, int, Trigger]] = []
    i = 0
    while i < len(doc):
        cands = [t for f in dict.fromkeys(_forms(doc, i)) for t in tab.by_first.get(f, [])]
        hit: tuple[int, int, Trigger] | None = None
        for trig in sorted(cands, key=lambda t: -len(t.lemmas)):
            end = _seq_at(doc, i, trig.lemmas)
            if end is None:
                continue
            head = doc[end - 1] if doc[i].pos_ != "VERB" else doc[i]
            if trig.pos and head.pos_ != trig.pos and doc[i].pos_ != trig.pos:
                continue
            hit = (i, end, trig)
            break
        if hit:
            out.append(hit)
            i = hit[1]
        else:
            i += 1
    return out


def common_lemma(tok: Token) -> str:
    """The lemma, also of a sentence-initial plural the tagger took for a name and left
    as its own lemma ("Gunmen", "Rockets")."""
    if tok.pos_ != "PROPN":
        return tok.lemma_.lower()
    word = tok.lower_
    if word.endswith("men"):
        return word[:-3] + "man"
    return word[:-1] if word.endswith("s") else word


def weapon_subject(tab: Table, subj: Token) -> Trigger | None:
    """The trigger a weapon subject gives ("its aircraft", a sentence-initial "Rockets")."""
    return tab.weapon_subjects.get(subj.lemma_.lower()) or tab.weapon_subjects.get(
        common_lemma(subj)
    )


def find_weapon_strikes(
    doc: Doc, taken: list[tuple[int, int, Trigger]]
) -> list[tuple[int, int, Trigger]]:
    """Verbs of hitting whose subject is a weapon or an aircraft ("its aircraft had hit a
    convoy"), outside the triggers found already ("a car bomb hit": the car bomb is one)."""
    tab = table()
    used = {i for s, e, _ in taken for i in range(s, e)}
    out: list[tuple[int, int, Trigger]] = []
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in tab.hit_verbs or tok.i in used:
            continue
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subj is None and tok.dep_ == "conj":  # "Rockets fired from X struck the town"
            subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        trig = weapon_subject(tab, subj) if subj is not None else None
        if trig is not None and subj is not None and subj.i not in used:
            out.append((tok.i, tok.i + 1, trig))
    return out


def find_instruments(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Token spans of instrument phrases between tokens ``start`` and ``end``."""
    tab = table()
    out: list[tuple[int, int]] = []
    i = start
    while i < end:
        seqs = next((tab.instruments[f] for f in _forms(doc, i) if f in tab.instruments), [])
        for seq in seqs:
            j = _seq_at(doc, i, seq)
            if j is not None and j <= end:
                out.append((i, j))
                i = j - 1
                break
        i += 1
    return out
