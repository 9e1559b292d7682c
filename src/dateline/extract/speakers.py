"""Speakers: who a speaker mention refers to, with rules of our own (no coreference model).

The article's people and organisations are collected once, in order, as *referents*:
named entities, and descriptions whose head is a person role ("a senior commander with
ISIS-K", "the anonymous militiaman"). Each referent joins a *cluster*, one per real-world
speaker: a surname joins the earlier full name, an indefinite description joins an earlier
unnamed one with the same head, a definite description ("the commander", "the source")
repeats the latest description with its head, else the latest unnamed person. A pronoun
speaker takes the latest compatible referent before it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Token

from dateline.model import Speaker

try:  # the actor KB: canonical names whatever alias an outlet uses
    from dateline import actors as _actors
except ImportError:  # pragma: no cover - the KB layer missing: cleaned names only
    _actors = None

PERSON_PRONOUNS = {"he", "him", "she", "her"}
PLURAL_PRONOUNS = {"they", "them"}
THING_PRONOUNS = {"it"}
PRONOUNS = PERSON_PRONOUNS | PLURAL_PRONOUNS | THING_PRONOUNS
SALIENCE_WINDOW = 150  # tokens back in which an earlier speaker beats a recent bystander
INDEFINITE = {"a", "an", "one", "another", "some", "several", "two", "three", "many"}
DEFINITE = {"the", "this", "that", "these", "those"}
NAMED_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}
_EDGE = re.compile(r"^[\s\"'*“”‘’«»(\[,]+|[\s\"'*“”‘’«»)\],.;:!?]+$")


def clean(text: str) -> str:
    """A mention without edge punctuation, footnote stars and doubled spaces."""
    text = _EDGE.sub("", text.replace("*", ""))
    return re.sub(r"\s+", " ", text).strip()


def canonical_name(name: str) -> str:
    if _actors is not None:
        try:
            return _actors.canonical(name) or clean(name)
        except Exception:  # noqa: BLE001 - a KB problem must not lose the quote
            return clean(name)
    return clean(name)


@lru_cache(maxsize=4096)
def actor_kind(name: str) -> str | None:
    if _actors is None:
        return None
    try:
        actor = _actors.lookup(name)
    except Exception:  # noqa: BLE001
        return None
    return actor.kind if actor is not None else None


@dataclass
class Cluster:
    """One real-world speaker: a named actor or an unnamed person."""

    id: int
    canonical: str | None
    kind: str  # person, group, thing
    anonymous: bool
    plural: bool = False
    heads: set[str] = field(default_factory=set)
    descriptions: list[str] = field(default_factory=list)
    title: str | None = None
    outlet: str | None = None


@dataclass
class Referent:
    start: int  # token indices
    end: int
    cluster: int
    kind: str
    plural: bool
    how: str  # explicit, role_noun


class SpeakerResolver:
    """Resolves speaker mentions of one doc; build once per doc."""

    def __init__(
        self,
        doc: Doc,
        lex: dict,
        in_quote: list[bool],
        para_starts: list[int] | None = None,
    ) -> None:
        # Paragraph start offsets: an earlier speaker beats a bystander only nearby.
        self.para_starts = para_starts or [0]
        self.doc = doc
        self.roles: set[str] = set(lex.get("person_roles", []))
        self.journalists: set[str] = set(lex.get("journalist_roles", []))
        self.anon_markers: set[str] = set(lex.get("anonymous_markers", []))
        self.generic: set[str] = set(lex.get("generic_roles", []))
        self.spoke: dict[int, int] = {}  # cluster -> first token where it is a cue's subject
        self._resolved: dict[int, tuple[Speaker, Cluster | None]] = {}
        self.clusters: list[Cluster] = []
        self.referents: list[Referent] = []
        self.by_token: dict[int, Referent] = {}
        self._collect(in_quote)

    # ------------------------------------------------------------------ referents

    def _named_spans(self) -> list[tuple[int, int, str, str, str | None]]:
        """(start, end, label, canonical, kind) of named mentions, from dateline_entities."""
        doc = self.doc
        out: list[tuple[int, int, str, str, str | None]] = []
        entities = doc._.entities if Doc.has_extension("entities") else None
        if entities:
            for ent in entities:
                for m in ent.mentions:
                    span = doc.char_span(m.start, m.end, alignment_mode="expand")
                    if span is not None:
                        out.append((span.start, span.end, ent.type, ent.canonical, ent.kind))
        else:
            for ent in doc.ents:
                if ent.label_ in NAMED_LABELS:
                    name = canonical_name(ent.text)
                    out.append((ent.start, ent.end, ent.label_, name, actor_kind(ent.text)))
        return sorted(out)

    def _collect(self, in_quote: list[bool]) -> None:
        doc = self.doc
        named = [n for n in self._named_spans() if n[2] in NAMED_LABELS]
        named_at: dict[int, tuple[int, int, str, str, str | None]] = {}
        for n in named:
            for i in range(n[0], n[1]):
                named_at[i] = n
        items: list[tuple[int, str, object]] = [(n[0], "named", n) for n in named]
        for chunk in doc.noun_chunks:
            root = chunk.root
            is_role = root.lower_ in self.roles or root.lemma_.lower() in self.roles
            if is_role and (root.i not in named_at or named_at[root.i][2] != "PERSON"):
                items.append((chunk.start, "desc", chunk))
        seen: set[int] = set()
        for _, what, obj in sorted(items, key=lambda x: x[0]):
            if what == "named":
                start, end, label, name, kind = obj  # type: ignore[misc]
                if start in seen:
                    continue
                seen.update(range(start, end))
                self._add_named(start, end, label, name, kind, in_quote[start])
            else:
                chunk = obj
                if chunk.root.i in seen or in_quote[chunk.root.i]:  # type: ignore[union-attr]
                    continue  # "he is our brother": a quoted description is nobody here
                self._add_description(chunk, in_quote[chunk.start])  # type: ignore[arg-type]

    def _new_cluster(
        self, canonical: str | None, kind: str, anonymous: bool, plural: bool
    ) -> Cluster:
        c = Cluster(len(self.clusters), canonical, kind, anonymous, plural)
        self.clusters.append(c)
        return c

    def _add_ref(self, start: int, end: int, c: Cluster, how: str, quoted: bool) -> None:
        ref = Referent(start, end, c.id, c.kind, c.plural, how)
        for i in range(start, end):
            self.by_token[i] = ref
        if not quoted:  # words inside a quote are the speaker's, not a later pronoun's antecedent
            self.referents.append(ref)

    def _add_named(
        self, start: int, end: int, label: str, name: str, kind: str | None, quoted: bool
    ) -> None:
        doc = self.doc
        ckind = "person" if label == "PERSON" else "group"
        words = name.split()
        titles: list[str] = []
        while ckind == "person" and len(words) > 2 and words[0].lower() in self.roles:
            titles.append(words[0].lower())  # "Farmer Joseph Banda": the role is no part
            words = words[1:]  # of the name, but "the farmer" later repeats it
        name = " ".join(words)
        found = None
        for c in reversed(self.clusters):
            if c.canonical == name or (
                ckind == "person"
                and c.kind == "person"
                and c.canonical
                and " " not in name
                and c.canonical.split()[-1] == name
            ):
                found = c
                break
        if found is None:
            found = self._new_cluster(name, ckind, False, label == "NORP")
        found.heads.update(titles)
        # Titles before a name ("CNN correspondent Clarissa Ward") are its role nouns.
        sent_start = doc[start].sent.start
        j = start - 1
        while j >= sent_start and doc[j].pos_ in {"NOUN", "PROPN", "ADJ"} and start - j <= 4:
            word = doc[j].lower_
            if word in self.roles:
                found.heads.add(word)
                if word in self.journalists:
                    found.title = word
            outlet_kind = actor_kind(doc[j].text)
            if outlet_kind == "outlet" or (word in {"cnn", "bbc", "ap", "afp", "reuters"}):
                found.outlet = canonical_name(doc[j].text)
            j -= 1
        if ckind == "person" and not found.title and _actors is not None:
            try:
                _, title = _actors.strip_title(doc[max(sent_start, start - 4) : end].text)
            except Exception:  # noqa: BLE001
                title = None
            found.title = found.title or title
        self._add_ref(start, end, found, "explicit", quoted)

    def _add_description(self, chunk, quoted: bool) -> None:  # noqa: ANN001 - spaCy Span
        root = chunk.root
        head = root.lemma_.lower() if root.lemma_.lower() in self.roles else root.lower_
        plural = root.tag_ in {"NNS", "NNPS"}
        start = chunk.start
        while start < root.i and self.doc[start].pos_ in {"ADV", "PUNCT", "CCONJ", "SPACE"}:
            start += 1  # "Later a senior commander": the adverb is no part of it
        lead = self.doc[start]
        first = lead.lower_
        end = description_end(chunk)
        text = clean(self.doc[start:end].text)
        definite = first in DEFINITE or lead.tag_ == "PRP$" or lead.dep_ == "poss"
        if first in {"his", "her", "their", "its"}:
            definite = True
        found: Cluster | None = None
        how = "explicit"
        if definite:
            for c in reversed(self.clusters):
                if head in c.heads and c.plural == plural and c.kind == "person":
                    found = c
                    break
            unnamed = head in self.generic or any(t.lower_ in self.anon_markers for t in chunk)
            if found is None and unnamed:
                for c in reversed(self.clusters):
                    if c.anonymous and c.plural == plural and c.kind == "person":
                        found = c
                        break
            if found is not None:
                how = "role_noun"
        else:
            for c in reversed(self.clusters):
                if c.anonymous and head in c.heads and not plural and not c.plural:
                    found = c
                    break
        if found is None:
            found = self._new_cluster(None, "person", True, plural)
        found.heads.add(head)
        found.descriptions.append(text)
        self._add_ref(start, end, found, how, quoted)

    # ------------------------------------------------------------------ resolution

    def cluster_speaker(
        self, c: Cluster, text: str | None, start: int | None, end: int | None, how: str
    ) -> Speaker:
        if c.anonymous:
            canonical = first_full(c.descriptions)
            description = max(c.descriptions, key=len) if c.descriptions else None
        else:
            canonical, description = c.canonical, c.title
        return Speaker(
            text=text,
            start=start,
            end=end,
            canonical=canonical,
            description=description,
            anonymous=c.anonymous,
            resolved_by=how,  # type: ignore[arg-type]
        )

    def note_speaker(self, cluster: Cluster | None, at: int) -> None:
        """Record that a cluster speaks at token ``at``: pronouns prefer earlier speakers."""
        if cluster is not None and cluster.id not in self.spoke:
            self.spoke[cluster.id] = at

    def resolve(
        self, head: Token, span_start: int, span_end: int
    ) -> tuple[Speaker, Cluster | None]:
        """The speaker a mention (its head token and span, token indices) refers to."""
        if head.i not in self._resolved:
            self._resolved[head.i] = self._resolve(head, span_start, span_end)
        return self._resolved[head.i]

    def _resolve(
        self, head: Token, span_start: int, span_end: int
    ) -> tuple[Speaker, Cluster | None]:
        doc = self.doc
        span = doc[span_start:span_end]
        cstart, cend = span.start_char, span.end_char
        text = span.text
        low = head.lower_
        if low in PRONOUNS and head.pos_ == "PRON":
            c = self.antecedent(head.i, low)
            if c is None:
                return Speaker(text=text, start=cstart, end=cend, resolved_by="none"), None
            return self.cluster_speaker(c, text, cstart, cend, "pronoun"), c
        ref = self.by_token.get(head.i)
        if ref is not None:
            c = self.clusters[ref.cluster]
            return self.cluster_speaker(c, text, cstart, cend, ref.how), c
        # Not a tracked person: a plain noun phrase ("the ministry", "officials").
        name = canonical_name(text)
        anonymous = any(t.lower_ in self.anon_markers for t in span)
        c = self._new_cluster(None if anonymous else name, "group", anonymous, head.tag_ == "NNS")
        if anonymous:
            c.descriptions.append(clean(text))
        return self.cluster_speaker(c, text, cstart, cend, "explicit"), c

    def antecedent(self, before: int, pronoun: str, exclude: int | None = None) -> Cluster | None:
        """The latest referent before a token that a pronoun can refer to.

        A referent who has already spoken nearby wins over a more recent bystander
        ("Otieno told Lin ... He later said": he is Otieno).
        """
        for ref in reversed(self.referents):
            if before - ref.start > SALIENCE_WINDOW or not self.near(ref.start, before):
                break
            spoke = self.spoke.get(ref.cluster)
            if ref.end > before or ref.cluster == exclude or spoke is None or spoke >= before:
                continue
            if self.compatible(self.clusters[ref.cluster], pronoun):
                return self.clusters[ref.cluster]
        for ref in reversed(self.referents):
            if ref.end > before or ref.cluster == exclude:
                continue
            c = self.clusters[ref.cluster]
            if self.compatible(c, pronoun):
                return c
        return None

    def near(self, a: int, b: int) -> bool:
        """Token ``a`` is in the same paragraph as token ``b`` or the one before it."""
        pa = bisect_right(self.para_starts, self.doc[a].idx)
        pb = bisect_right(self.para_starts, self.doc[min(b, len(self.doc) - 1)].idx)
        return pb - pa <= 1

    @staticmethod
    def compatible(c: Cluster, pronoun: str) -> bool:
        if pronoun in PERSON_PRONOUNS:
            return c.kind == "person" and not c.plural
        if pronoun in PLURAL_PRONOUNS:
            return c.plural or c.kind == "group"
        return c.kind == "group" and not c.plural

    def mention_of(self, tok: Token, exclude: int | None = None) -> Cluster | None:
        """The cluster a token (an addressee, say) belongs to, pronouns included.

        ``exclude`` is the speaker's own cluster: "him telling her" - her is not him.
        """
        if tok.lower_ in PRONOUNS and tok.pos_ == "PRON":
            return self.antecedent(tok.i, tok.lower_, exclude)
        ref = self.by_token.get(tok.i)
        return self.clusters[ref.cluster] if ref is not None else None


def description_end(chunk) -> int:  # noqa: ANN001 - spaCy Span
    """A description runs on through "with ISIS-K" / "of the group" after its head."""
    end = chunk.end
    for child in chunk.root.rights:
        if child.dep_ == "prep" and child.lower_ in {"with", "of", "from", "in"}:
            end = max(end, child.right_edge.i + 1)
    return end


def first_full(descriptions: list[str]) -> str | None:
    """Canonical name of an unnamed person: the first description, article dropped."""
    if not descriptions:
        return None
    indef = [d for d in descriptions if d.split()[0].lower() in INDEFINITE] or descriptions
    words = indef[0].split()
    if words and words[0].lower() in INDEFINITE | DEFINITE:
        words = words[1:]
    return " ".join(words) or indef[0]
