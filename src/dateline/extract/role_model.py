"""A small trained scorer for the part a noun phrase plays in an attack report.

Rules find Dateline's events in well-cased news; wire copy that arrives lower-cased (the
MUC-4 corpus, old FBIS transcripts) defeats much of spaCy's NER, so this scorer looks at
every noun phrase of a parsed Doc and says how likely it is to be the perpetrator
(individual or organisation), the physical target, the human victim or the weapon of the
attack the article reports. Features are cheap strings read off the parse (head word,
dependency, governing verb, preposition, neighbours, whether the sentence speaks of an
attack, and what Dateline's events make of the phrase when that component ran: a
perpetrator, target, casualty group or instrument of an attack of some mode); the weights
are a multinomial logistic regression trained by
``benchmarks/train_role_model.py`` on the MUC-4 train split and shipped as
``data/role_model.json``. Without that file, :func:`load_model` returns None.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from dateline.config import DATA_DIR

ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
CLASSES = ("O", *ROLES)
MODEL_PATH = DATA_DIR / "role_model.json"
MAX_WORDS = 8  # longer phrases are clauses the chunker swallowed, never role fillers

# Words whose presence in a sentence says it reports violence (lemmas).
VIOLENCE = frozenset(
    [
        "attack",
        "kill",
        "murder",
        "assassinate",
        "assassination",
        "bomb",
        "bombing",
        "explode",
        "explosion",
        "blast",
        "dynamite",
        "kidnap",
        "kidnapping",
        "abduct",
        "abduction",
        "burn",
        "arson",
        "shoot",
        "shooting",
        "wound",
        "injure",
        "destroy",
        "damage",
        "machinegun",
        "massacre",
        "ambush",
        "hurl",
        "throw",
        "detonate",
        "set",
        "fire",
        "rob",
        "robbery",
        "steal",
        "seize",
        "hostage",
        "hijack",
        "raid",
        "shell",
        "slay",
        "execute",
        "torture",
        "death",
        "dead",
        "die",
    ]
)
_NORM_PUNCT = re.compile(r"[^\w\s]")
_ARTICLES = re.compile(r"^(the|a|an)\s+")


def normalise(text: str) -> str:
    """Lower-cased, punctuation and leading article stripped (the MUC scorer's form)."""
    text = re.sub(r"\s+", " ", _NORM_PUNCT.sub(" ", text.lower())).strip()
    return _ARTICLES.sub("", text)


@dataclass(frozen=True)
class Candidate:
    text: str
    start: int  # character offsets in the Doc's text
    end: int
    features: tuple[str, ...]


def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3+" if n < 6 else "6+"


def _trim(span: Span) -> Span | None:
    """The phrase without leading determiners, possessive pronouns or punctuation."""
    i = span.start
    while i < span.end and (span.doc[i].pos_ in ("DET", "PUNCT") or span.doc[i].tag_ == "PRP$"):
        i += 1
    j = span.end
    while j > i and span.doc[j - 1].pos_ == "PUNCT":
        j -= 1
    if j <= i or j - i > MAX_WORDS:
        return None
    return span.doc[i:j]


def _phrases(doc: Doc) -> list[Span]:
    """Noun chunks and named entities, each once, plus "X of Y" extensions."""
    seen: dict[tuple[int, int], Span] = {}
    spans: list[Span] = [*doc.noun_chunks, *doc.ents]
    for sp in list(spans):
        # "members of the farabundo marti national liberation front"
        end = sp.end
        if end + 1 < len(doc) and doc[end].lower_ == "of":
            nxt = next((c for c in doc.noun_chunks if c.start == end + 1), None)
            if nxt is not None:
                spans.append(doc[sp.start : nxt.end])
    for sp in spans:
        t = _trim(sp)
        if t is not None and any(tok.is_alpha for tok in t):
            seen.setdefault((t.start, t.end), t)
    return sorted(seen.values(), key=lambda s: s.start)


def event_arguments(doc: Doc) -> list[tuple[int, int, str]]:
    """(start, end, tag) of the arguments Dateline's events give, when the events
    component ran: "perp", "target", "victim" (a casualty phrase), "weapon" (an
    instrument), each also with the event's mode ("target|explosives")."""
    events = doc._.events if Doc.has_extension("events") else None
    out: list[tuple[int, int, str]] = []
    for ev in events or []:
        if ev.type != "ASSAULT":
            continue
        args = [(a, "perp") for a in ev.actors if a.role == "perpetrator"]
        args += [(t, "target") for t in ev.targets]
        args += [(c, "victim") for c in ev.casualties]
        args += [(w, "weapon") for w in ev.instrument]
        for arg, tag in args:
            start, end = getattr(arg, "start", None), getattr(arg, "end", None)
            if start is not None and end is not None:
                out.append((start, end, tag))
                out.append((start, end, f"{tag}|{ev.mode or '-'}"))
    return out


def candidates(doc: Doc) -> list[Candidate]:
    """Every candidate role filler of a parsed Doc with its feature strings."""
    args = event_arguments(doc)
    heads = [t.lemma_.lower() for t in doc]
    counts: dict[str, int] = {}
    for h in heads:
        counts[h] = counts.get(h, 0) + 1
    sent_index: dict[int, int] = {}
    sent_violent: dict[int, bool] = {}
    for k, s in enumerate(doc.sents):
        sent_index[s.start] = k
        sent_violent[s.start] = any(t.lemma_.lower() in VIOLENCE for t in s)
    out: list[Candidate] = []
    for sp in _phrases(doc):
        h = sp.root
        lem = h.lemma_.lower()
        gov = h.head
        glem = gov.lemma_.lower()
        s0 = h.sent.start
        f = [
            "b",
            f"h:{h.lower_}",
            f"hl:{lem}",
            f"suf:{h.lower_[-3:]}",
            f"d:{h.dep_}",
            f"g:{glem}",
            f"dg:{h.dep_}|{glem}",
            f"tag:{h.tag_}",
            f"e:{h.ent_type_ or '-'}",
            f"si:{_bucket(sent_index.get(s0, 0))}",
            f"n:{_bucket(counts.get(lem, 0))}",
            f"len:{_bucket(len(sp))}",
            f"pre:{doc[sp.start - 1].lower_ if sp.start else '<s>'}",
            f"post:{doc[sp.end].lower_ if sp.end < len(doc) else '</s>'}",
            f"first:{sp[0].lower_}",
        ]
        norm = normalise(sp.text)
        if len(sp) <= 4:
            f.append(f"t:{norm}")
        for tok in sp:
            if tok is not h and tok.dep_ in ("amod", "compound", "nmod", "nummod"):
                f.append(f"m:{tok.lemma_.lower()}")
        if h.dep_ == "pobj":
            f.append(f"p:{gov.lower_}")
            f.append(f"pg:{gov.lower_}|{gov.head.lemma_.lower()}")
            if gov.head.lemma_.lower() in VIOLENCE:
                f.append(f"pv:{gov.lower_}")
        if glem in VIOLENCE:
            f.append(f"gv:{h.dep_}")
        if sent_violent.get(s0):
            f.append("sv")
            f.append(f"svd:{h.dep_}")
        if any(t.ent_type_ for t in sp):
            f.append(f"ent:{sp[-1].ent_type_ or sp[0].ent_type_}")
        a, b = sp.start_char, sp.end_char
        for s, e, tag in args:  # what Dateline's events make of the phrase
            if s < b and a < e:
                f.append(f"ev:{tag}" if (s, e) != (a, b) else f"ev=:{tag}")
        out.append(Candidate(sp.text, sp.start_char, sp.end_char, tuple(f)))
    return out


@dataclass
class RoleModel:
    weights: dict[str, list[float]]
    thresholds: dict[str, float]
    max_fillers: dict[str, int]

    def probs(self, features: tuple[str, ...]) -> list[float]:
        """Class probabilities (``CLASSES`` order) for one candidate."""
        z = [0.0] * len(CLASSES)
        for name in features:
            w = self.weights.get(name)
            if w is not None:
                for k, v in enumerate(w):
                    z[k] += v
        top = max(z)
        e = [math.exp(v - top) for v in z]
        tot = sum(e)
        return [v / tot for v in e]

    def scored(self, doc: Doc) -> list[tuple[Candidate, list[float]]]:
        """Every candidate of ``doc`` with its class probabilities."""
        return [(cand, self.probs(cand.features)) for cand in candidates(doc)]

    def fillers(self, doc: Doc) -> dict[str, list[tuple[str, float]]]:
        """Per role, distinct phrases (best first) whose probability clears the threshold."""
        return self.pick(self.scored(doc))

    def pick(
        self, scored: list[tuple[Candidate, list[float]]]
    ) -> dict[str, list[tuple[str, float]]]:
        """Per role, the distinct phrases of ``scored`` (best first) that clear the role's
        threshold, at most its cap."""
        best: dict[str, dict[str, tuple[float, str]]] = {r: {} for r in ROLES}
        for cand, p in scored:
            key = normalise(cand.text)
            if not key:
                continue
            for k, role in enumerate(ROLES, start=1):
                if p[k] >= self.thresholds.get(role, 0.5) and p[k] > best[role].get(key, (0,))[0]:
                    best[role][key] = (p[k], cand.text)
        out: dict[str, list[tuple[str, float]]] = {}
        for role in ROLES:
            ranked = sorted(best[role].values(), key=lambda v: -v[0])
            kept: list[tuple[str, float]] = []
            for prob, text in ranked:
                key = normalise(text)
                # one filler per entity: skip a phrase inside (or around) one already kept
                if any(key in normalise(k) or normalise(k) in key for k, _ in kept):
                    continue
                kept.append((text, prob))
                if len(kept) >= self.max_fillers.get(role, 2):
                    break
            out[role] = kept
        return out


@lru_cache(maxsize=2)
def load_model(path: Path = MODEL_PATH) -> RoleModel | None:
    """The shipped model (read once), or None when it has not been trained."""
    if not path.exists():
        return None
    raw = json.loads(path.read_text("utf-8"))
    return RoleModel(
        weights={k: list(v) for k, v in raw["weights"].items()},
        thresholds=raw.get("thresholds", {}),
        max_fillers=raw.get("max_fillers", {}),
    )
