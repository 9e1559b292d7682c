"""A small trained scorer for reporting words the cue lexicon does not list.

``dateline.extract.quotes`` finds cues from ``data/cue_verbs.yaml``; news also reports
speech and stance with a long tail of other words ("took a shot at", "lashed out",
"made the case for"). This scorer says how likely a verb or noun outside quote marks is
such a cue. Its inputs are cheap strings read off the parse (lemma, dependency, head,
children, the kind of subject, and their pairs); the weights are a binary logistic
regression trained by ``benchmarks/train_cue_model.py``
on PolNeAR's train split and shipped as ``data/cue_model.json``, with the decision
threshold picked on held-out train articles. Without that file :func:`load_cue_model`
returns None and the quotes component runs on its rules alone.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from dateline.config import DATA_DIR

MODEL_PATH = DATA_DIR / "cue_model.json"
CANDIDATE_POS = {"VERB", "NOUN"}
CHILD_DEPS = {
    "ccomp",
    "xcomp",
    "dobj",
    "prep",
    "nsubj",
    "nsubjpass",
    "advcl",
    "attr",
    "acomp",
    "agent",
    "dative",
    "neg",
    "prt",
    "mark",
    "poss",
    "acl",
    "relcl",
    "conj",
    "parataxis",
}


def subject_kind(tok: Token) -> str:
    """What kind of thing the token's subject (or a noun's owner) is: people speak."""
    for c in tok.children:
        if c.dep_ in {"nsubj", "poss"}:
            if c.ent_type_:
                return c.ent_type_
            if c.pos_ == "PRON":
                return "PRON:" + c.lower_
            return c.pos_
    return "none"


def token_features(tok: Token, lexicon_cue: bool = False) -> list[str]:
    """The sparse, string features of one candidate token (``lexicon_cue``: the rules
    took it as a cue but found nothing it reports)."""
    lemma = tok.lemma_.lower()
    subj = subject_kind(tok)
    head = tok.head
    feats = [
        "bias",
        f"lemma={lemma}",
        f"pos={tok.pos_}",
        f"tag={tok.tag_}",
        f"dep={tok.dep_}",
        f"hdep={head.dep_}",
        f"hpos={head.pos_}",
        f"hlemma={head.lemma_.lower()}",
        f"subj={subj}",
        f"hsubj={subject_kind(head)}",
        f"lemma={lemma}|subj={subj}",
        f"tag={tok.tag_}|subj={subj}",
        f"lexicon={lexicon_cue}",
    ]
    for c in tok.children:
        if c.dep_ not in CHILD_DEPS:
            continue
        feats.append(f"c={c.dep_}")
        feats.append(f"lemma={lemma}|c={c.dep_}")
        feats.append(f"subj={subj}|c={c.dep_}")
        if c.dep_ in {"prep", "prt", "mark", "dative"}:
            feats.append(f"{c.dep_}={c.lower_}")
            feats.append(f"lemma={lemma}|{c.dep_}={c.lower_}")
        elif c.dep_ == "dobj":
            feats.append(f"dobj={c.lemma_.lower()}")
            feats.append(f"lemma={lemma}|dobj={c.lemma_.lower()}")
    if tok.dep_ == "dobj":  # "took a shot at": the light verb and its object
        feats.append(f"verb+obj={head.lemma_.lower()}+{lemma}")
    return feats


@dataclass(frozen=True)
class CueModel:
    weights: dict[str, float]
    threshold: float

    def scores(
        self, tokens: list[Token], lexicon_cues: set[int] | frozenset[int] = frozenset()
    ) -> list[float]:
        """P(cue) for each of ``tokens`` (``lexicon_cues``: the indices of those the rules
        took as cues but found nothing to report for)."""
        out = []
        for tok in tokens:
            feats = token_features(tok, tok.i in lexicon_cues)
            z = sum(self.weights.get(f, 0.0) for f in feats)
            out.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
        return out


def model_from_json(data: dict) -> CueModel:
    return CueModel(weights=data["weights"], threshold=float(data["threshold"]))


@lru_cache(maxsize=1)
def load_cue_model(path: Path = MODEL_PATH) -> CueModel | None:
    """The shipped scorer, or None when the file is absent (the rules then run alone)."""
    if not path.exists():
        return None
    return model_from_json(json.loads(path.read_text("utf-8")))


__all__ = ["CANDIDATE_POS", "CueModel", "load_cue_model", "model_from_json", "token_features"]
