"""Claims of responsibility, denials and third-party attributions, from the parse.

"X claimed responsibility for the attack", "Responsibility ... was claimed by X",
"X denied involvement", "US officials blamed X for the bombing", "attributed the attack
to X", "suspected X militants". Each found claim names the claimant (or the accused), its
status (claimed / denied / attributed / suspected), who made the attribution, how it was
made (statement, social media, video) when the sentence or the next one says so, and the
token the claim points at, so the events component can attach it to the right event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from dateline.actors import branch

_RESPONSIBILITY = {"responsibility", "credit", "involvement", "role", "part", "link"}
_CLAIM = {"claim", "admit", "acknowledge"}
_DENY = {"deny", "reject", "disavow"}
_BLAME = {"blame", "accuse", "attribute", "hold", "suspect", "charge"}
_HELD = {"responsible", "accountable", "culpable"}
# "X said its fighters had carried out the attack": a group speaking of its own men's deed.
_SAY = {"say", "announce", "state", "declare", "boast"}
_DEED = {
    "carry", "attack", "conduct", "launch", "stage", "target", "kill", "bomb", "execute",
    # "its fighters had planted the bomb / stormed the hotel / ambushed the convoy"
    "plant", "detonate", "storm", "ambush", "abduct", "kidnap", "shoot", "raid",
    # "its drones had struck a gathering of mercenaries", "its fighters had taken them"
    "strike", "hit", "shell", "take", "seize", "capture",
}  # fmt: skip
_OWN = {"its", "their"}
_PLAN = {"plan", "orchestrate", "mastermind", "order", "direct", "organise", "organize"}
_ATTACK_WORDS = {"attack", "bombing", "blast", "assault", "massacre", "killing", "ambush", "raid"}
_EVIDENCE = {"intelligence", "evidence", "suspicion", "investigation", "finding", "clue", "sign"}


@dataclass
class FoundClaim:
    claimant_tok: Token  # head of the claimant (or accused) noun phrase
    status: str  # claimed | denied | attributed | suspected
    by_tok: Token | None  # who attributed it
    about_i: int | None  # a token naming the event, when the sentence has one
    cue: Token


def _child(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _prep_obj(tok: Token, *preps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("prep", "dative", "agent") and c.lower_ in preps:
            obj = _child(c, "pobj")
            if obj is not None:
                return obj
    return None


def _subject(verb: Token) -> Token | None:
    subj = _child(verb, "nsubj")
    if subj is None:  # "IS claimed responsibility": the acronym read as an auxiliary
        subj = next(
            (c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.text == "IS"), None
        )
    while subj is None and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
        verb = verb.head
        subj = _child(verb, "nsubj")
    return subj


def _negated(verb: Token) -> bool:
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    subj = _child(verb, "nsubj", "nsubjpass")
    return subj is not None and any(c.lower_ in ("no", "none") for c in subj.children)


def _about(tok: Token) -> int | None:
    """The event named by 'for the attack' / 'in the bombing' / the object, if any."""
    for c in tok.subtree:
        if c.dep_ == "pobj" and c.head.lower_ in ("for", "in", "behind", "over", "to", "of"):
            return c.i
    return None


def claims_in(sent: Span) -> list[FoundClaim]:
    out: list[FoundClaim] = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma in ("work", "hallmark", "handiwork") and tok.dep_ == "attr":
            found = _work_of(tok)  # "the attack was the work of X"
            if found is not None:
                out.append(found)
            continue
        if tok.pos_ != "VERB" and lemma != "suspected":
            continue
        if _negated(tok):
            continue  # "no group has claimed responsibility"
        obj = _child(tok, "dobj")
        passive = _child(tok, "nsubjpass")
        agent = _prep_obj(tok, "by")
        if lemma in _CLAIM:
            thing = obj or passive
            if thing is None or (
                thing.lemma_.lower() not in _RESPONSIBILITY and thing.pos_ != "NOUN"
            ):
                continue
            who = agent if passive is not None else _subject(tok)
            if who is not None:
                out.append(FoundClaim(who, "claimed", None, _about(thing), tok))
        elif lemma in _DENY:
            who = _subject(tok)
            comp = _child(tok, "ccomp")
            self_denial = comp is not None and any(
                c.dep_ == "nsubj" and (c.lower_ in ("it", "they", "we", "i") or _own_men(c))
                for c in comp.children
            )
            if who is not None and (
                (obj is not None and obj.lemma_.lower() in _RESPONSIBILITY) or self_denial
            ):
                out.append(FoundClaim(who, "denied", None, _about(tok), tok))
        elif lemma in _BLAME and tok.pos_ == "VERB":
            if lemma == "hold" and not any(c.lower_ in _HELD for c in tok.subtree):
                continue  # "held hostage", "holding them": not "held X responsible"
            if passive is None and _child(tok, "auxpass") is not None:
                # "said fighters of X were suspected", parsed with "fighters" under "said"
                passive = next(
                    (
                        c
                        for c in tok.head.children
                        if c.dep_ in ("nsubj", "dobj") and tok.head.i < c.i < tok.i
                    ),
                    None,
                )
            if lemma == "suspect" and tok.dep_ == "amod":  # "sources suspected fighters of X"
                out.append(FoundClaim(tok.head, "suspected", None, None, tok))
            elif passive is not None:  # "X was blamed for the attack (by Y)"
                status = "suspected" if lemma == "suspect" else "attributed"
                out.append(FoundClaim(passive, status, agent, _about(tok), tok))
            elif obj is not None:
                accused = obj
                if lemma == "attribute":  # "attributed the attack to X"
                    accused = _prep_obj(tok, "to") or obj
                by = _subject(tok)
                status = "suspected" if lemma == "suspect" else "attributed"
                out.append(FoundClaim(accused, status, by, _about(tok) or obj.i, tok))
        elif lemma in _PLAN and passive is not None and agent is not None:
            if passive.lemma_.lower() in _ATTACK_WORDS:  # "the attack was planned by X"
                out.append(FoundClaim(agent, "attributed", None, passive.i, tok))
        elif lemma == "point" and (pointed := _prep_obj(tok, "to")) is not None:
            subj = _subject(tok)
            if subj is not None and subj.lemma_.lower() in _EVIDENCE:
                # "intelligence pointed to the ELN"
                out.append(FoundClaim(pointed, "suspected", None, None, tok))
        elif lemma == "suspected" and tok.dep_ == "amod":
            out.append(FoundClaim(tok.head, "suspected", None, None, tok))
        elif lemma == "believe" and passive is not None and _believed_deed(tok):
            # "X were believed to be holding the workers / to be behind the attack"
            out.append(FoundClaim(passive, "suspected", agent, _about(tok), tok))
        elif lemma in _SAY:
            found = _own_deed(tok)
            if found is not None:
                out.append(found)
    return out


def _work_of(noun: Token) -> FoundClaim | None:
    """'the attack was the work of X', 'bore the hallmarks of X' told as 'was': X is
    blamed, by whoever says so."""
    subj = _child(noun.head, "nsubj")
    who = _prep_obj(noun, "of")
    if subj is None or who is None or subj.lemma_.lower() not in _ATTACK_WORDS:
        return None
    return FoundClaim(who, "attributed", None, subj.i, noun)


def _own_men(subj: Token) -> bool:
    """'its fighters', 'the group's forces': the speaker's own people."""
    return any(
        t.dep_ == "poss" and (t.lower_ in _OWN or t.lemma_.lower() == "group") for t in subj.subtree
    )


def _believed_deed(believe: Token) -> bool:
    """'believed to be behind / holding / to have carried out': a deed, not 'to have fled'."""
    comp = _child(believe, "xcomp")
    words = _DEED | {"hold", "behind", "responsible", "involve"}
    return comp is not None and any(t.lemma_.lower() in words for t in comp.subtree)


def _own_deed(say: Token) -> FoundClaim | None:
    """'X said (that) its fighters had attacked the post': X claims the attack."""
    who = _subject(say)
    if who is None or who.pos_ == "PRON":
        return None
    for deed in (c for c in say.children if c.dep_ == "ccomp" and c.lemma_.lower() in _DEED):
        doer = _child(deed, "nsubj")
        if doer is None or _negated(deed):
            continue
        # "its fighters had attacked", "it had carried out a grenade attack"
        if doer.lower_ in ("it", "they", "we") or any(
            t.lower_ in _OWN and t.dep_ == "poss" for t in doer.subtree
        ):
            obj = _child(deed, "dobj")
            return FoundClaim(who, "claimed", None, obj.i if obj is not None else deed.i, say)
    return None


def channel_of(sents: list[Span], table: dict[str, list[str]]) -> str | None:
    """How a claim was made: the first channel word in the claim's sentence or the next."""
    for sent in sents:
        low = sent.text.lower()
        for name, words in table.items():
            if any(w in low for w in words):
                return name
    return None


def name_of(tok: Token, canonical_at: Callable[[int, int], str | None]) -> str:
    """The canonical name of the noun phrase headed by ``tok`` (its text when unknown)."""
    left, right = tok.left_edge, tok
    for c in tok.rights:  # keep "of the X" in "members of the X" so the entity is found
        if c.dep_ == "prep" and c.lower_ == "of":
            # up to X itself: not X's apposition ("JNIM, the al-Qaeda-linked group")
            pobj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if pobj is not None:  # not "accused the government of punishing civilians"
                right = pobj
    start, end = left.idx, right.idx + len(right)
    part = branch(tok.doc[left.i : right.i + 1].text)  # "fighters of IS's Sahel branch"
    if part is not None:
        return part.name
    canon = canonical_at(start, end)
    if canon:
        return canon
    words = [t for t in tok.doc[left.i : right.i + 1] if t.dep_ != "det" and not t.is_punct]
    return " ".join(t.text for t in words) or tok.text
