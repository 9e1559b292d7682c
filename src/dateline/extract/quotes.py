"""Quotes: who said what, according to whom (``doc._.quotes``).

Three kinds: *direct* quotes (a quoted stretch that is a statement of its own, possibly
over sentences and paragraphs), *partial* quotes (a few quoted words inside reported
speech) and *indirect* speech (the content clause of a cue: "X said that...", "according
to X", "X did not rule out..."). Cues and their hedges come from ``data/cue_verbs.yaml``;
speakers are resolved by :mod:`dateline.extract.speakers`; the chain of attribution
(``via``, ``addressee``) comes from the cue's objects and from embedded posts.
A quoted stretch inside "when asked whether ..." is the reporter's question: it is kept
with ``question = True`` and no speaker, never put in the interviewee's mouth.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dateline.config import DATA_DIR, load_yaml
from dateline.extract.cue_model import CANDIDATE_POS, CueModel, load_cue_model
from dateline.extract.doctext import doc_text
from dateline.extract.quote_marks import QuoteMark, find_quote_marks, paragraph_spans
from dateline.extract.speakers import Cluster, SpeakerResolver, canonical_name, clean
from dateline.model import Quote, Speaker

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
CLIMB_DEPS = {"advcl", "conj", "xcomp", "pcomp", "acl", "relcl", "prep", "pobj", "acomp"}
NOMINAL = {"NOUN", "PROPN", "PRON", "NUM"}
SOURCE_ASIDES = {"advcl"}
MAX_SOURCE_TOKENS = 40
SOURCE_PREPS = {"of", "with", "from", "for", "at", "behind", "within"}
REQUEST_LEMMAS = {"ask", "urge", "tell", "encourage", "invite", "call", "implore", "beg"}
TELL_LEMMAS = {"tell", "inform", "assure", "remind", "warn", "brief", "ask"}
SENT_END = {".", "!", "?"}
# How the head of a content clause hangs on the outer cue (or the sentence root that an
# aside "they argue" reports): a cue there is nested in that report, not a new one.
NESTED_HEAD_DEPS = {"ccomp", "ROOT", "dobj", "pcomp", "pobj", "acl", "xcomp"}
# Prepositions whose object a learned cue reports ("lashed out at X", "a jab at X").
LEARNED_PREPS = {"at", "on", "about", "against", "for", "to", "of", "over", "with", "as"}
FAVOR_NOUNS = {"favor", "favour", "support", "defense", "defence", "praise", "behalf"}


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """cue_verbs.yaml, read once per process."""
    return load_yaml(DATA_DIR / "cue_verbs.yaml")


@dataclass
class Cue:
    token: Token
    words: str  # the cue as written ("told", "did not rule out", "according to")
    hedge: str
    start: int  # character offsets of the cue words
    end: int
    stative: bool = False  # "is concerned that": the subject of "be" is the source
    learned: bool = False  # found by the trained scorer (cue_model), not the lexicon


# --------------------------------------------------------------------------- cues


def cue_lemma(tok: Token, lex: dict) -> str:
    """A token's lemma, with the lemmatizer's slips fixed ("hopes" -> "hop")."""
    return lex.get("form_lemmas", {}).get(tok.lower_) or tok.lemma_.lower()


def cue_at(tok: Token, lex: dict) -> Cue | None:
    """The cue a token anchors, with its hedge, or None."""
    lemma = cue_lemma(tok, lex)
    low = tok.lower_
    if low == "according":
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.lower_ == "to":
            return Cue(tok, "according to", "according_to", tok.idx, nxt.idx + len(nxt))
        return None
    if tok.pos_ == "NOUN" and not tok.tag_.startswith("VB"):
        return noun_cue(tok, lex) if lemma in lex.get("noun_cues", {}) else None
    if is_stative(tok, lex):
        return adjective_cue(tok, lex)
    if tok.pos_ not in {"VERB", "AUX"} and not (tok.pos_ == "NOUN" and tok.tag_.startswith("VB")):
        return None
    if lemma == "rule" and any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children):
        negated = is_negated(tok)
        hedge = "not_ruled_out" if negated else "denied"
        first = min(
            [tok] + [c for c in tok.children if c.dep_ in {"neg", "aux"}], key=lambda t: t.i
        )
        last = max(c.i for c in tok.children if c.dep_ == "prt")
        doc = tok.doc
        start = first.idx if negated else tok.idx
        return Cue(
            tok,
            doc_text(doc)[start : doc[last].idx + len(doc[last])],
            hedge,
            start,
            doc[last].idx + len(doc[last]),
        )
    hedge = lex["verbs"].get(lemma) or lex.get("lemma_fixes", {}).get(low)
    if hedge is None and reports_that_clause(tok, lex):
        hedge = "asserted"  # "X warned/hinted/... that ...": any verb of a that-clause
    if hedge is None:
        return None
    if lemma in lex.get("sourceless_verbs", ()) and any(
        c.dep_ == "xcomp" and cue_lemma(c, lex) in lex["verbs"] for c in tok.children
    ):
        return None  # "he seemed to indicate that ...": the inner cue has a source
    for child in tok.children:
        if child.dep_ == "advmod" and child.lower_ in lex["hedge_words"]:
            hedge = lex["hedge_words"][child.lower_]
    if is_negated(tok) and hedge not in {"denied", "question"}:
        hedge = f"not_{hedge}"
    start, end = verb_group(tok, lex.get("prep_content", {}).get(lemma, ()))
    doc = tok.doc
    return Cue(tok, doc_text(doc)[start:end], hedge, start, end)


def is_stative(tok: Token, lex: dict) -> bool:
    """A stance adjective after "be" ("is confident"), or a participle the parser reads as
    a passive ("are concerned", "was shocked"): the state of the subject."""
    table = lex.get("adjective_cues", {})
    if tok.lower_ not in table and tok.lemma_.lower() not in table:
        return False
    if tok.pos_ == "ADJ":
        return tok.dep_ == "acomp"
    return tok.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in tok.children)


def adjective_cue(tok: Token, lex: dict) -> Cue | None:
    """A stance adjective after "be" with what it is about: "are concerned that ...",
    "was critical of X", "is eager to hear X". The cue runs from the verb group of "be"
    to the adjective and the preposition that opens its content."""
    rng = adjective_content(tok, lex)
    if rng is None:
        return None
    doc = tok.doc
    if tok.pos_ == "ADJ":
        start = verb_group(tok.head, ())[0] if tok.head.i < tok.i else tok.idx
    else:
        start = verb_group(tok, ())[0]
    last = tok
    for c in tok.children:
        if c.dep_ == "prep" and c.i == rng[0] - 1:
            last = c
    end = last.idx + len(last)
    table = lex["adjective_cues"]
    hedge = table.get(tok.lower_) or table[tok.lemma_.lower()]
    if is_negated(tok.head) or is_negated(tok):
        hedge = f"not_{hedge}"
    return Cue(tok, doc_text(doc)[start:end], hedge, start, end, stative=True)


def adjective_content(tok: Token, lex: dict) -> tuple[int, int] | None:
    """Token range of what a stance adjective is about: its clause or prepositional object."""
    return clause_or_prep_object(tok, {"ccomp", "xcomp"}, lex.get("adjective_preps", ()))


def clause_or_prep_object(
    tok: Token, clause_deps: set[str], preps: Iterable[str]
) -> tuple[int, int] | None:
    """Token range of the clause after ``tok`` (without its "that"), else of the object of
    one of ``preps`` after it; None when it has neither."""
    for c in tok.children:
        if c.dep_ in clause_deps and c.i > tok.i:
            start = c.left_edge.i
            for m in c.children:
                if m.dep_ == "mark" and m.i < c.i and m.lower_ == "that":
                    start = m.i + 1
            return start, c.right_edge.i + 1
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps and c.i > tok.i:
            objs = [p for p in c.children if p.dep_ in {"pobj", "pcomp"}]
            if objs:
                return objs[0].left_edge.i, c.right_edge.i + 1
    return None


def noun_cue(tok: Token, lex: dict) -> Cue | None:
    """A nominal cue with its owner: "Cruz's refusal to disavow", "her call for calm"."""
    if noun_owner(tok) is None and not that_clause(tok):
        # "reports that ...", "an assertion that ...": no owner needed; an ownerless
        # "the call for calm" is mostly no one's report
        return None
    if noun_content(tok, lex) is None:
        return None
    hedge = lex["noun_cues"][tok.lemma_.lower()]
    return Cue(tok, tok.text, hedge, tok.idx, tok.idx + len(tok))


def noun_owner(tok: Token) -> Token | None:
    """Who a nominal cue's words or position belong to: "Cruz's refusal", "warnings from
    medical experts", "opposition by gay rights groups", "Cruz made a call for X"."""
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in {"from", "by"} and c.i > tok.i:
            obj = next((p for p in c.children if p.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in {"PROPN", "NOUN", "PRON"}:
                return obj
    if tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
        return next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    return None


def that_clause(tok: Token) -> bool:
    """A noun with a "that" clause after it: "the assertion that X"."""
    return any(
        c.dep_ in {"acl", "ccomp"}
        and c.i > tok.i
        and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        for c in tok.children
    )


def noun_content(tok: Token, lex: dict) -> tuple[int, int] | None:
    """Token range of what a nominal cue reports: its clause or its prepositional object."""
    return clause_or_prep_object(tok, {"acl", "ccomp", "xcomp"}, lex.get("noun_cue_preps", ()))


def reports_that_clause(tok: Token, lex: dict) -> bool:
    """A verb outside the lexicon with a subject and a "that" clause reports it, unless it
    is one of the verbs that take a clause without reporting anyone's words or views."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() in lex.get("not_cues", ()):
        return False
    if not any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children):
        return False
    return any(
        c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        for c in tok.children
    )


def phrase_end(verb: Token, obj: Token) -> int:
    """End of an object content: the object and what the verb says of it after it
    ("praised his supporters for delivering a win", "described him as a work in progress")."""
    end = obj.right_edge.i + 1
    doc = verb.doc
    for c in verb.rights:
        if c.i > obj.i and c.dep_ not in {"punct", "cc", "conj", "parataxis", "ccomp"}:
            if c.dep_ == "advcl" and doc[c.left_edge.i - 1].text == ",":
                break  # "backed the plan, saying ...": an aside of the verb's own
            end = max(end, c.right_edge.i + 1)
    return end


def verb_group(tok: Token, preps: tuple[str, ...] | list[str]) -> tuple[int, int]:
    """Character span of a cue with its auxiliaries and particles: "did not mention",
    "is calling for", "also called for" (the words a reader sees as the cue)."""
    first = tok.i
    left = {c.i for c in tok.children if c.dep_ in {"aux", "auxpass", "neg", "advmod"}}
    while first - 1 in left:
        first -= 1
    last = tok.i
    right = {
        c.i for c in tok.children if c.dep_ == "prt" or (c.dep_ == "prep" and c.lower_ in preps)
    }
    for c in tok.children:
        if c.dep_ in {"advcl", "ccomp"}:  # "calling for the US to act": the clause's "for"
            right.update(m.i for m in c.children if m.dep_ == "mark" and m.lower_ in preps)
        elif c.dep_ == "npadvmod" and c.ent_type_ == "DATE" and c.i == c.right_edge.i:
            right.add(c.i)  # "said Tuesday"
    while last + 1 in right:
        last += 1
    doc = tok.doc
    return doc[first].idx, doc[last].idx + len(doc[last])


def learned_cue_span(tok: Token) -> tuple[int, int]:
    """Character span of a learned cue as a reader sees it: a verb with its group and
    preposition ("lashed out at"), a noun with the verb it is the object of and its own
    preposition ("took a shot at")."""
    if tok.pos_ != "NOUN":
        return verb_group(tok, tuple(LEARNED_PREPS))
    start = tok.idx
    if tok.dep_ == "dobj" and tok.head.pos_ == "VERB" and tok.head.i < tok.i:
        start = verb_group(tok.head, ())[0]
    end = tok.idx + len(tok)
    for c in tok.children:
        if c.dep_ == "prep" and c.i == tok.i + 1 and c.lower_ in LEARNED_PREPS:
            end = c.idx + len(c)
    return start, end


@lru_cache(maxsize=1)
def deed_lemmas() -> frozenset[str]:
    """Words of violence and coercion (the events' ASSAULT and COERCE triggers, and
    "target"): what they tell is an event, never a stance the scorer should report."""
    from dateline.extract.event_table import table

    triggers = table().by_first
    deeds = {k for k, v in triggers.items() if any(t.type in ("ASSAULT", "COERCE") for t in v)}
    return frozenset(deeds | {"target"})


def is_nobody(tok: Token) -> bool:
    """A subject that names no one: "nobody", "no one", "none", "no group"."""
    if tok.lower_ in {"nobody", "none", "noone"}:
        return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children) or (
        tok.lower_ == "one" and tok.i > 0 and tok.nbor(-1).lower_ == "no"
    )


def is_negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    head = tok.head  # "refused to rule out", "would not rule out"
    return tok.dep_ == "xcomp" and (
        head.lemma_ in {"refuse", "decline", "fail"} or any(c.dep_ == "neg" for c in head.children)
    )


# --------------------------------------------------------------------------- helpers


def token_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return 0, 0
    return span.start, span.end


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop edge punctuation and complementizers from a token range."""
    while start < end and (
        doc[start].is_punct
        or doc[start].is_space
        or doc[start].dep_ == "mark"
        and doc[start].lower_ in {"that", "whether", "if"}
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_punct and not is_quote_char(doc[end - 1].text) or doc[end - 1].is_space
    ):
        end -= 1
    return start, end


def is_quote_char(text: str) -> bool:
    return text in {'"', "“", "”", "'", "‘", "’", "«", "»"}


def subject_of(cue: Cue) -> Token | None:
    """The speaker's head token: the cue's subject, climbing "..., saying that" chains."""
    tok = cue.token
    if tok.pos_ == "NOUN" and not tok.tag_.startswith("VB"):  # "Cruz's refusal": the owner
        return noun_owner(tok)  # "Trump made an assertion that ..."
    lex = lexicon()
    if cue_lemma(tok, lex) in lex.get("sourceless_verbs", ()):
        return None  # "it seems that ...", "she appeared to ...": no one is cited
    if cue.stative:
        # "X is concerned that": the subject of "be" (or of the participle) holds the view
        holder = tok.head if tok.pos_ == "ADJ" else tok
        return next((c for c in holder.children if c.dep_ in SUBJECT_DEPS), None)
    if any(c.dep_ == "nsubjpass" for c in tok.children) and cue.token.lemma_ != "ask":
        # A passive cue names its source only in a "by" phrase ("Sanders was declared the
        # winner", "it is said that"): its subject is what is reported, not who reports.
        for c in tok.children:
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        return None
    if cue.words == "according to":
        for c in tok.children:
            if c.lower_ == "to":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        nxt = tok.nbor(1)
        for p in nxt.children:
            if p.dep_ == "pobj":
                return p
        return None
    for _ in range(4):
        subjects = [
            c
            for c in tok.children
            if c.dep_ in {"nsubj", "csubj"} or (c.dep_ == "nsubjpass" and cue.token.lemma_ != "ask")
        ]
        if subjects:
            # Two subjects are a misparse ("LAGOS (Wire) - Port manager X said"): the one
            # nearest before the verb is the speaker.
            before = [c for c in subjects if c.i < tok.i]
            c = before[-1] if before else subjects[0]
            if c.lower_ in {"who", "that", "which"} and tok.dep_ == "relcl":
                return tok.head
            return c
        if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.pos_ in NOMINAL:
            return tok.head  # "emails that night showing that ...", "a group backing X"
        for c in tok.children:
            if c.dep_ == "agent":
                for p in c.children:
                    if p.dep_ == "pobj":
                        return p
        if cue.token.lemma_ == "ask" and cue.token.tag_ != "VBG":
            return None  # "when asked whether ...": the asker is the unnamed reporter
        if tok.dep_ == "pcomp" and tok.head.dep_ == "prep":
            for c in tok.head.children:  # "with him telling her that ..."
                if c.dep_ == "pobj" and c.i < tok.i:
                    return c
        if tok.dep_ in CLIMB_DEPS and tok.head is not tok:
            tok = tok.head
            # "X confirmed that A did B, while saying ...": the parser hangs "saying" on
            # the content clause; its subject is the reporting clause's, not A.
            while tok.dep_ == "ccomp" and tok.head is not tok and is_cue_lemma(tok.head):
                tok = tok.head
        else:
            break
    return None


def is_cue_lemma(tok: Token) -> bool:
    return tok.lemma_.lower() in lexicon()["verbs"]


def np_range(tok: Token, doc: Doc) -> tuple[int, int]:
    """The speaker's noun phrase around its head (appositions and clauses left out)."""
    start = tok.i
    for c in tok.lefts:
        if c.dep_ not in {"punct", "cc", "prep"}:
            start = min(start, c.left_edge.i)
    end = tok.i + 1
    for c in tok.rights:
        if c.dep_ in {"compound", "flat"} or (
            c.dep_ == "prep" and c.lower_ in {"with", "of", "from"}
        ):
            end = max(end, c.right_edge.i + 1)
        else:
            break
    return start, end


def source_range(subj: Token | None, cue_tok: Token, doc: Doc) -> tuple[int, int]:
    """Token range of the source phrase as written: the subject with its modifiers,
    appositions and relative clauses ("Jane Roe, a lawyer for the family,"); the relative
    pronoun when the cue sits in a relative clause ("voters who say")."""
    if subj is None:
        return 0, 0
    if cue_tok.dep_ == "relcl" and subj.i == cue_tok.head.i:
        for c in cue_tok.children:
            if c.dep_ in SUBJECT_DEPS and c.lower_ in {"who", "that", "which"}:
                return c.i, c.i + 1
    lo, hi = subj.left_edge.i, subj.right_edge.i + 1
    if lo <= cue_tok.i < hi:
        return np_range(subj, doc)
    for c in subj.rights:  # "Trump, in Kentucky," / "Sanders, celebrating a win,": asides
        after_comma = c.left_edge.i > 0 and doc[c.left_edge.i - 1].text == ","
        if (
            c.dep_ in SOURCE_ASIDES
            or (c.dep_ == "acl" and c.tag_ == "VBG")
            or (after_comma and c.dep_ in {"amod", "acomp", "prep", "npadvmod", "nummod"})
        ):
            hi = min(hi, c.left_edge.i)
        elif c.dep_ == "appos" and c.right_edge.i + 1 < len(doc):
            # An apposition runs up to a comma or a dash; one that runs straight into the
            # verb is a misparse that swallowed the next clause's subject.
            nxt = doc[c.right_edge.i + 1]
            if not nxt.is_punct and nxt.i != cue_tok.i and nxt.pos_ in {"VERB", "AUX"}:
                hi = min(hi, c.left_edge.i)
    for j in range(subj.i - 1, lo - 1, -1):  # "MACAU (Reuters) – Top donor X": a dateline
        if doc[j].text in {"–", "—", "--", ")", ":"}:
            lo = j + 1
            break
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space or doc[lo].dep_ == "cc"):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        if doc[hi - 1].text == ")" and any(doc[k].text == "(" for k in range(lo, hi)):
            break  # "Gov. John Kasich (R-OH)"
        hi -= 1
    if hi - lo > MAX_SOURCE_TOKENS:  # a runaway parse: the noun phrase alone
        return np_range(subj, doc)
    return lo, hi


# --------------------------------------------------------------------------- component


class QuotesExtractor:
    def __init__(self, use_model: bool = True) -> None:
        self.lex = lexicon()
        self.model = load_cue_model() if use_model else None

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.quotes = extract_quotes(doc, self.lex, self.model)
        except Exception:  # noqa: BLE001 - one odd article must not sink a batch
            doc._.quotes = []
        return doc


@Language.factory("dateline_quotes")
def make_quotes_extractor(nlp: Language, name: str) -> QuotesExtractor:
    return QuotesExtractor()


def doc_paragraphs(doc: Doc) -> list[tuple[int, int]]:
    paras = doc._.paragraphs if Doc.has_extension("paragraphs") else None
    return [tuple(p) for p in paras] if paras else paragraph_spans(doc_text(doc))  # type: ignore[misc]


class _Extraction:
    """State for one doc: quotes found so far, the last speaker per paragraph."""

    def __init__(self, doc: Doc, lex: dict, model: CueModel | None = None) -> None:
        self.doc = doc
        self.lex = lex
        self.paras = doc_paragraphs(doc)
        self.marks = find_quote_marks(doc_text(doc), self.paras)
        self.in_quote = [False] * len(doc)
        self.mark_of_token: dict[int, int] = {}
        for k, m in enumerate(self.marks):
            a, b = token_range(doc, m.start, m.end)
            for i in range(a, b):
                self.in_quote[i] = True
                self.mark_of_token[i] = k
        self.speakers = SpeakerResolver(doc, lex, self.in_quote, [a for a, _ in self.paras])
        embeds = doc._.embeds if Doc.has_extension("embeds") else None
        self.embeds = list(embeds or [])
        self.cues: dict[int, Cue] = {}
        self.object_cues: set[int] = set()  # cues whose content is an object, not a clause
        self.open_words: list[Token] = []  # verbs and nouns outside quote marks
        for tok in doc:
            if not self.in_quote[tok.i]:
                cue = cue_at(tok, lex)
                if cue is not None:
                    self.cues[tok.i] = cue
                if tok.pos_ in CANDIDATE_POS:
                    self.open_words.append(tok)
        if model is not None:
            self.cues.update(self.learned_cues(model))
        # Resolve the cues' subjects in reading order, so that a pronoun knows who spoke
        # (a learned cue's subject is not made the last speaker: "Reyes shared the
        # interview" must not turn the next "He said" into Reyes).
        for i in sorted(self.cues):
            if self.cues[i].learned:
                continue
            head = subject_of(self.cues[i])
            if head is not None and self.reports_something(self.cues[i]):
                _, cluster = self.speakers.resolve(head, *np_range(head, doc))
                self.speakers.note_speaker(cluster, head.i)

    def learned_cues(self, model: CueModel) -> dict[int, Cue]:
        """Cues outside the lexicon that the trained scorer accepts, best first; a token
        next to a cue in the parse (its head or child: "took" and "shot" in "took a shot
        at") is one cue with it, not a second one."""
        # Only a token with something to report and a source can become a cue: the
        # scorer (the costlier step) judges those alone, as it was trained to.
        possible = [(t, c) for t in self.learned_candidates() if (c := self.learned_cue(t))]
        tokens = [t for t, _ in possible]
        scored = sorted(
            zip(model.scores(tokens, set(self.cues)), range(len(possible)), strict=True),
            key=lambda pk: -pk[0],
        )
        taken: dict[int, Cue] = {}
        for p, k in scored:
            if p < model.threshold:
                break
            tok, cue = possible[k]
            near = {tok.head.i, *(c.i for c in tok.children)}
            if near & (taken.keys() | self.cues.keys()) and tok.i not in self.cues:
                continue
            taken[tok.i] = cue
        return taken

    def learned_cue(self, tok: Token) -> Cue | None:
        """``tok`` as a learned cue, if it has both something to report and someone who
        reports it ("the call for calm grew louder" is nobody's report). Its hedge is
        "stance": these words mostly tell a position or an act toward someone ("took a
        shot at X", "savaged X"), not words said."""
        cue = Cue(tok, tok.text, "stance", tok.idx, tok.idx + len(tok), learned=True)
        if self.learned_content(cue) is None:
            return None
        subj = subject_of(cue)
        if subj is None or is_nobody(subj):
            return None  # "No group claimed the attack": no one to attribute anything to
        cue.start, cue.end = learned_cue_span(tok)
        cue.words = doc_text(self.doc)[cue.start : cue.end]
        if is_negated(tok):
            cue.hedge = "not_stance"
        return cue

    def learned_candidates(self) -> list[Token]:
        """What the scorer judges: verbs and nouns outside quote marks that the lexicon
        does not take as cues, and lexicon cues that found nothing to report ("asked the
        question", "talked politics": the rules want a clause there)."""
        out = []
        deeds = deed_lemmas()
        for t in self.open_words:
            if t.lemma_.lower() in deeds:
                continue  # "Daesh has targeted patrols": a deed, which events report
            cue = self.cues.get(t.i)
            if cue is None:
                out.append(t)
            elif (
                cue.words != "according to"
                and cue_lemma(t, self.lex) not in self.lex.get("xcomp_content", ())
                and self.content_range(cue) is None
            ):
                out.append(t)  # not "claimed the attack": its bare object is no report
        return out

    def learned_content(self, cue: Cue) -> tuple[int, int] | None:
        """What a learned cue reports: its clause, else its object or the object of its
        preposition ("took a shot at X": X)."""
        tok = cue.token
        if tok.pos_ == "NOUN":
            rng = clause_or_prep_object(tok, {"acl", "ccomp", "xcomp"}, LEARNED_PREPS)
        else:
            rng = None
            for c in tok.children:
                if c.dep_ in {"ccomp", "xcomp", "dobj"} and c.i > tok.i:
                    start = c.left_edge.i
                    for m in c.children:
                        if m.dep_ == "mark" and m.i < c.i and m.lower_ == "that":
                            start = m.i + 1
                    rng = (start, phrase_end(tok, c) if c.dep_ != "ccomp" else c.right_edge.i + 1)
                    break
            if rng is None:
                rng = clause_or_prep_object(tok, set(), LEARNED_PREPS)
        if rng is None or any(self.in_quote[i] for i in range(*rng)):
            return None
        return rng

    # -------------------------------------------------------------- paragraphs

    def reports_something(self, cue: Cue) -> bool:
        """A cue with a content clause or a quote beside it ("shared the video" is not)."""
        if self.content_range(cue) is not None:
            return True
        i = cue.token.i
        return any(self.in_quote[j] for j in range(max(0, i - 4), min(len(self.doc), i + 4)))

    def para_of(self, char: int) -> int:
        for k, (a, b) in enumerate(self.paras):
            if a <= char < b + 2:
                return k
        return len(self.paras) - 1

    # -------------------------------------------------------------- cue search

    def cue_for_mark(self, m: QuoteMark) -> Cue | None:
        """The cue that introduces a quoted stretch: by the parse, then by the window."""
        doc = self.doc
        a, b = token_range(doc, m.start, m.end)
        for i in range(a, b):
            head = doc[i].head
            for _ in range(4):
                if head.i in self.cues:
                    return self.cues[head.i]
                if a <= head.i < b or head.head is head:
                    break
                head = head.head
        lo, hi = self.paras[self.para_of(m.start)]
        # After the quote: ', said X' / ', he told Ward.'
        j = b
        while j < len(doc) and doc[j].idx < hi and not self.in_quote[j]:
            if j in self.cues:
                return self.cues[j]
            if doc[j].text in SENT_END:
                break
            j += 1
        # Before it, in the same sentence: 'X said: "...'
        j = a - 1
        while j >= 0 and doc[j].idx >= lo and not self.in_quote[j]:
            if doc[j].text in SENT_END:
                break
            if j in self.cues:
                return self.cues[j]
            j -= 1
        return None

    def cue_before_colon(self, m: QuoteMark) -> Cue | None:
        """'Caddell continued:' ending the paragraph before a quote paragraph, or 'She
        retorted: "..."' in the same one; any verb before the colon introduces the quote."""
        text = doc_text(self.doc)
        k = self.para_of(m.start)
        lo = self.paras[k][0]
        if text[lo : m.start].strip():  # the quote follows words in its own paragraph
            if not text[lo : m.start].rstrip().endswith(":"):
                return None
            a, b = token_range(self.doc, lo, m.start)
        else:
            if k == 0:
                return None
            plo, phi = self.paras[k - 1]
            if not text[plo:phi].rstrip().endswith(":"):
                return None
            a, b = token_range(self.doc, plo, phi)
        for j in range(b - 1, a - 1, -1):
            if j in self.cues:
                return self.cues[j]
        if b <= a:
            return None
        root = self.doc[b - 1].sent.root
        if root.pos_ != "VERB" or self.in_quote[root.i] or not a <= root.i < b:
            return None
        if not any(c.dep_ in SUBJECT_DEPS for c in root.children):
            return None
        start, end = verb_group(root, ())
        return Cue(root, text[start:end], "asserted", start, end)

    def is_question(self, a: int, b: int) -> Token | None:
        """The 'asked' a quoted stretch hangs under ('when asked whether ... "..."')."""
        doc = self.doc
        for i in range(a, b):
            head = doc[i].head
            for _ in range(6):
                if (
                    head.lemma_ in {"ask", "question"}
                    and not self.in_quote[head.i]
                    and not any(c.dep_ == "nsubj" for c in head.children)
                ):
                    return head
                if head.head is head:
                    break
                head = head.head
        return None

    # -------------------------------------------------------------- speakers

    def speaker_for(self, cue: Cue) -> tuple[Speaker, Cluster | None]:
        head = subject_of(cue) or self.inverted_subject(cue)
        if head is None:
            return Speaker(), None
        for c in head.children:  # "The spokesman for the group, Omar Haddad, claimed"
            ref = self.speakers.by_token.get(c.i)
            named = ref is not None and not self.speakers.clusters[ref.cluster].anonymous
            if c.dep_ == "appos" and named:
                head = c
                break
        s, e = np_range(head, self.doc)
        speaker, cluster = self.speakers.resolve(head, s, e)
        # The mention as written is the whole source phrase (titles, appositions, "who"),
        # while the resolution above works from its head.
        ws, we = source_range(subject_of(cue), cue.token, self.doc)
        if speaker.start is not None and we > ws:
            span = self.doc[ws:we]
            speaker = speaker.model_copy(
                update={"text": span.text, "start": span.start_char, "end": span.end_char}
            )
        return speaker, cluster

    def inverted_subject(self, cue: Cue) -> Token | None:
        """The source the parser missed after a quote: '"...," Murphy, the head of X, tweeted'
        or '"...," read one.' (only right after a closing quote, never a guess elsewhere)."""
        doc, i = self.doc, cue.token.i
        j = i - 1
        while j >= 0 and not self.in_quote[j] and i - j <= 25:
            if doc[j].text in SENT_END:
                return None
            j -= 1
        if j < 0 or not self.in_quote[j]:
            return None
        if j == i - 1 or all(doc[k].is_punct for k in range(j + 1, i)):
            for c in cue.token.rights:  # '"...," read one.'
                if c.dep_ in {"dobj", "attr", "nsubj"} and c.pos_ in NOMINAL:
                    return c
            return None
        stretch = range(j + 1, i)
        for k in stretch:
            tok = doc[k]
            if tok.pos_ in NOMINAL and not (j < tok.head.i < i):
                return tok
        return None

    def attribution(self, cue: Cue | None, char: int) -> tuple[list[str], str | None]:
        """(via, addressee) from the cue's objects and from an embedding post."""
        via: list[str] = []
        addressee: str | None = None
        if cue is not None:
            via, addressee = self.cue_attribution(cue)
        for emb in self.embeds:
            if emb.start <= char < emb.end and emb.author:
                label = f"{emb.author} ({handle(emb.handle)})" if emb.handle else emb.author
                if label not in via:
                    via.append(label)
        return via, addressee

    def cue_attribution(self, cue: Cue) -> tuple[list[str], str | None]:
        lex = self.lex
        via: list[str] = []
        addressee: str | None = None
        tok = cue.token
        targets: list[Token] = []
        for c in tok.children:
            if c.dep_ in {"dobj", "dative"} and tok.lemma_ in TELL_LEMMAS:
                targets.append(c)
            elif c.dep_ in {"prep", "dative"} and c.lower_ in lex["addressee_preps"]:
                targets.extend(p for p in c.children if p.dep_ == "pobj")
        that = self.that_after(tok)
        if that is not None and not targets:
            for t in self.doc[tok.i + 1 : that.i]:
                known = t.i in self.speakers.by_token
                if (known or t.pos_ in {"PROPN", "PRON"}) and t.dep_ != "mark":
                    targets.append(t)
                    break
        for c in list(tok.children) + list(tok.head.children if tok.head is not tok else []):
            if c.dep_ == "prep" and c.lower_ in {"in", "during", "on", "via", "through"}:
                for p in c.children:
                    if p.dep_ != "pobj":
                        continue
                    word = p.lemma_.lower()
                    if c.lower_ == "on" and (p.text.lower() in lex["platforms"]):
                        via.append(lex["platforms"][p.text.lower()])
                    elif word in lex["channel_nouns"]:
                        for pp in p.children:  # "in an interview with X"
                            if pp.dep_ == "prep" and pp.lower_ in {"with", "to", "on"}:
                                targets.extend(q for q in pp.children if q.dep_ == "pobj")
                        via.append(lex["channel_nouns"][word])
        speaker_head = subject_of(cue)
        own = self.speakers.mention_of(speaker_head) if speaker_head is not None else None
        for t in targets:
            c = self.speakers.mention_of(t, exclude=own.id if own is not None else None)
            if c is None and t.pos_ == "PRON":
                continue  # an unresolved "her" is no addressee
            name = (
                c.canonical
                if c is not None and c.canonical
                else canonical_name(self.doc[np_range(t, self.doc)[0] : t.i + 1].text)
            )
            if not name:
                continue
            if (c is not None and c.kind == "group" and is_outlet(t, name)) or is_outlet(t, name):
                via.insert(0, name)
            else:
                addressee = addressee or name
                chain = [name] + ([c.outlet] if c is not None and c.outlet else [])
                via = chain + [v for v in via if v not in chain]
        return via, addressee

    # -------------------------------------------------------------- quotes

    def run(self) -> list[Quote]:
        quotes: list[Quote] = []
        last: dict[int, tuple[Speaker, str | None, str | None]] = {}  # para -> speaker, cue, hedge
        direct_spans: list[tuple[int, int]] = []
        for m in self.marks:
            q = self.quote_for_mark(m, last)
            if q is None:
                continue
            quotes.append(q)
            if q.kind == "direct":
                direct_spans.append((q.start, q.end))
        quotes.extend(self.indirect_quotes(direct_spans))
        quotes.extend(self.headline_attribution())
        quotes.extend(self.embed_quotes())
        quotes.sort(key=lambda q: (q.start, q.end))
        return quotes

    def quote_for_mark(self, m: QuoteMark, last: dict) -> Quote | None:
        doc = self.doc
        text = doc_text(doc)
        if m.inner_end <= m.inner_start:
            return None
        a, b = token_range(doc, m.inner_start, m.inner_end)
        para = self.para_of(m.start)
        kind = self.mark_kind(m)
        asked = self.is_question(a, b)
        if asked is not None:
            # The reporter's question: the interviewee it was put to is the addressee.
            target = subject_of(Cue(asked, asked.text, "question", asked.idx, asked.idx))
            addressee = None
            main = asked.head if asked.dep_ in {"advcl"} else None
            if main is not None and target is None:
                for c in main.children:
                    if c.dep_ in SUBJECT_DEPS:
                        sp, _ = self.speakers.resolve(c, *np_range(c, doc))
                        addressee = sp.canonical
            return Quote(
                text=text[m.inner_start : m.inner_end], start=m.inner_start, end=m.inner_end,
                kind=kind, cue=asked.text, hedge="question", addressee=addressee,
                question=True, cue_start=asked.idx, cue_end=asked.idx + len(asked),
            )  # fmt: skip
        cue = self.cue_for_mark(m) if kind == "direct" else self.cue_for_partial(a, b)
        if cue is None and kind == "direct":
            cue = self.cue_before_colon(m)
        how_override = None
        if cue is not None:
            speaker, _ = self.speaker_for(cue)
            hedge, cue_words = cue.hedge, cue.words
        else:
            speaker, hedge, cue_words = Speaker(), None, None
            prev = last.get(para) or (
                last.get(para - 1) if self.paras[para][0] == m.start else None
            )
            if kind == "direct" and prev is not None:
                speaker, cue_words, hedge = prev
                how_override = "continuation"
        if how_override and speaker.resolved_by != "none":
            speaker = speaker.model_copy(update={"resolved_by": how_override})
        if speaker.resolved_by != "none" or speaker.text:
            last[para] = (speaker, cue_words, hedge)
        via, addressee = self.attribution(cue, m.start)
        return Quote(
            text=text[m.inner_start : m.inner_end], start=m.inner_start, end=m.inner_end,
            kind=kind, speaker=speaker, cue=cue_words, hedge=hedge, via=via,
            addressee=addressee, cue_start=cue.start if cue else None,
            cue_end=cue.end if cue else None,
        )  # fmt: skip

    def mark_kind(self, m: QuoteMark) -> str:
        """Direct when the quote stands as a statement; partial when it is words in a clause."""
        text = doc_text(self.doc)
        lo = self.paras[self.para_of(m.start)][0]
        j = m.start - 1
        while j >= lo and text[j].isspace():
            j -= 1
        before = text[j] if j >= lo else ""
        inner = text[m.inner_start : m.inner_end]
        words = len(inner.split())
        if before in {"", ".", "!", "?", "”", '"', "’", "…"}:
            return "direct" if words >= 2 or not m.closed else "partial"
        if before in {":", ","} and words >= 3 and (inner[:1].isupper() or inner[:1] in "…."):
            return "direct"
        return "partial"

    def cue_for_partial(self, a: int, b: int) -> Cue | None:
        doc = self.doc
        for i in range(a, b):
            head = doc[i].head
            for _ in range(8):
                if head.i in self.cues and not (a <= head.i < b):
                    return self.cues[head.i]
                if head.head is head:
                    break
                head = head.head
        sent = doc[a].sent
        for j in range(sent.start, sent.end):
            if j in self.cues:
                return self.cues[j]
        return None

    def indirect_quotes(self, direct_spans: list[tuple[int, int]]) -> list[Quote]:
        doc = self.doc
        out: list[Quote] = []
        ranges = {i: self.content_range(cue) for i, cue in self.cues.items()}
        clauses = [r for i, r in ranges.items() if r and i not in self.object_cues]
        for i, cue in self.cues.items():
            rng = ranges[i]
            if rng is None:
                continue
            if i in self.object_cues and any(a <= i < b for a, b in clauses):
                continue  # "said that voters backed Clinton": the stance is part of the report
            if self.heads_other_content(cue, ranges):
                continue  # "said he believed X": X is already in the outer report's words
            s, e = trim(doc, *rng)
            if e <= s:
                continue
            cs, ce = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
            for mk in self.marks:  # a quote opened inside the clause closes inside it too
                if cs <= mk.start < ce < mk.end:
                    ce = mk.end
            inside = sum(
                min(ce, de) - max(cs, ds) for ds, de in direct_spans if de > cs and ds < ce
            )
            if inside > 0.5 * (ce - cs):
                continue  # the clause is a direct quote already
            # "Asked whether ...": the reporter's question, kept as one, never a statement
            # of whoever answers it.
            question = cue.token.lemma_ in {"ask", "question"} and subject_of(cue) is None
            speaker, _ = (Speaker(), None) if question else self.speaker_for(cue)
            via, addressee = self.attribution(cue, cs)
            out.append(
                Quote(
                    text=doc_text(doc)[cs:ce],
                    start=cs,
                    end=ce,
                    kind="indirect",
                    speaker=speaker,
                    cue=cue.words,
                    hedge="question" if question else cue.hedge,
                    via=via,
                    addressee=addressee,
                    question=question,
                    cue_start=cue.start,
                    cue_end=cue.end,
                )  # fmt: skip
            )
        return out

    def heads_other_content(self, cue: Cue, ranges: dict[int, tuple[int, int] | None]) -> bool:
        """A cue that is the head of another cue's content ("Smith said he believed X",
        "X, they argue, ..."): the outer report already carries its words, so a second,
        nested attribution would only repeat them (PolNeAR annotates the outer one). A cue
        deeper inside ("..., saying X", "which he said ...") stays a report of its own."""
        tok = cue.token
        anchor = tok.head if cue.stative and tok.pos_ == "ADJ" else tok  # "is willing"
        if anchor.dep_ not in NESTED_HEAD_DEPS:
            return False
        for j, rng in ranges.items():
            if j == tok.i or rng is None:
                continue
            a, b = rng
            if not a <= anchor.i < b or a <= j < b:
                continue
            head = anchor.head
            if head is anchor or not a <= head.i < b:
                return True
        return False

    def content_range(self, cue: Cue) -> tuple[int, int] | None:
        """Token range of what a cue reports: its that-clause, object, or clause (according to)."""
        tok = cue.token
        if cue.learned:
            rng = self.learned_content(cue)
            clause = tok.pos_ != "NOUN" and any(
                c.dep_ == "ccomp" and c.i > tok.i for c in tok.children
            )
            if rng is not None and not clause:
                self.object_cues.add(tok.i)  # "took a shot at X": X is an object
            return rng
        if cue.words == "according to":
            head = tok.head
            if head is tok or head.pos_ not in {"VERB", "AUX"}:
                return None
            sub = [t.i for t in head.subtree if not (tok.left_edge.i <= t.i <= tok.right_edge.i)]
            if not sub:
                return None
            lo, hi = min(sub), max(sub) + 1
            if tok.i < lo or tok.i > hi:
                return lo, hi
            # according to X in the middle: take the larger side
            return (
                (lo, tok.left_edge.i)
                if tok.left_edge.i - lo > hi - tok.right_edge.i
                else (tok.right_edge.i + 1, hi)
            )
        lemma = cue_lemma(tok, self.lex)
        if cue.stative:
            rng = adjective_content(tok, self.lex)
            if rng is not None and rng[0] > 0 and self.doc[rng[0] - 1].dep_ == "prep":
                self.object_cues.add(tok.i)  # "critical of X" inside a report is its part
            return rng
        if tok.pos_ == "NOUN" and not tok.tag_.startswith("VB"):
            rng = noun_content(tok, self.lex)
            if rng is not None:
                self.object_cues.add(tok.i)
            return rng
        if tok.dep_ == "parataxis" and tok.head.pos_ in {"VERB", "AUX"}:
            # "This campaign, he says, is different": the cue is an aside in its content
            head = tok.head
            if not self.in_quote[head.i]:
                return head.left_edge.i, head.right_edge.i + 1
        for c in tok.children:
            if c.dep_ in {"ccomp", "parataxis"}:
                start = c.left_edge.i
                for m in c.children:  # "revealed to Ward that ...": start after "that"
                    if m.dep_ == "mark" and m.i < c.i:
                        start = max(start, m.i + 1)
                return start, c.right_edge.i + 1
        that = self.that_after(tok)
        if that is not None:
            return that.i + 1, that.head.right_edge.i + 1
        preps = self.lex.get("prep_content", {}).get(lemma, ())
        for c in tok.children:  # "calling for the US to step up": a clause marked by "for"
            if c.dep_ in {"advcl", "ccomp"} and not self.in_quote[c.i]:
                marks = [m for m in c.children if m.dep_ == "mark" and m.lower_ in preps]
                if marks and marks[0].i < c.i:
                    self.object_cues.add(tok.i)
                    return marks[0].i + 1, c.right_edge.i + 1
        if lemma in REQUEST_LEMMAS:  # "asked supporters to donate": object and its infinitive
            objs = [c for c in tok.children if c.dep_ == "dobj" and not self.in_quote[c.i]]
            xcomps = [c for c in tok.children if c.dep_ == "xcomp" and not self.in_quote[c.i]]
            if objs and xcomps and objs[0].i < xcomps[0].i:
                self.object_cues.add(tok.i)
                return objs[0].left_edge.i, xcomps[0].right_edge.i + 1
        for c in tok.children:  # "referred to X", "voted for X"
            if c.dep_ == "prep" and c.lower_ in preps:
                objs = [p for p in c.children if p.dep_ in {"pobj", "pcomp"}]
                if objs and not self.in_quote[objs[0].i]:
                    self.object_cues.add(tok.i)
                    return objs[0].left_edge.i, phrase_end(tok, objs[0])
        if lemma in self.lex.get("sourceless_verbs", ()):
            # "Her plan sounds reasonable": what is said of the subject, with the subject
            subj = next((c for c in tok.children if c.dep_ in SUBJECT_DEPS), None)
            for c in tok.children:
                if c.dep_ in {"acomp", "attr"} and c.i > tok.i and not self.in_quote[c.i]:
                    lo = subj.left_edge.i if subj is not None and subj.i < tok.i else tok.i + 1
                    if subj is not None and subj.lower_ in {"it", "this", "that"}:
                        return None  # "it sounds good": nothing of anyone's is reported
                    return lo, c.right_edge.i + 1
        if lemma in self.lex.get("xcomp_content", ()):
            for c in tok.children:  # "agreed to debate him": the infinitive is the report
                if c.dep_ == "xcomp" and c.i > tok.i and not self.in_quote[c.i]:
                    self.object_cues.add(tok.i)
                    return c.left_edge.i, phrase_end(tok, c)
        if lemma in self.lex["object_content"] or cue.hedge == "not_ruled_out":
            for c in tok.children:
                if c.dep_ in {"dobj", "xcomp"} and not self.in_quote[c.i]:
                    self.object_cues.add(tok.i)
                    return c.left_edge.i, phrase_end(tok, c)
        return self.fallback_content(tok)

    def fallback_content(self, tok: Token) -> tuple[int, int] | None:
        """What a cue verb with no clause or object is about: the object of a preposition
        ("spoke out in favor of X", "hinted at X", "pushed back against X"); never a date or
        a channel. (A bare direct object is no report: "shared the video".)"""
        if tok.pos_ != "VERB":
            return None
        preps = set(self.lex.get("fallback_preps", ()))
        channels = self.lex["channel_nouns"]
        for c in tok.children:
            if c.i < tok.i or c.dep_ != "prep":
                continue
            objs = [p for p in c.children if p.dep_ in {"pobj", "pcomp"}]
            if not objs or self.in_quote[objs[0].i]:
                continue
            obj = objs[0]
            if c.lower_ not in preps and obj.lower_ not in FAVOR_NOUNS:
                continue  # "in favor of X" counts, "in Iowa" does not
            if (
                obj.ent_type_ in {"DATE", "TIME"}
                or obj.lemma_.lower() in channels
                or obj.lower_ in self.lex["platforms"]
            ):
                continue
            # "in favor of X", "the need for X": the innermost object is the content
            for pp in obj.children:
                if pp.dep_ == "prep" and pp.lower_ in preps and obj.lower_ in FAVOR_NOUNS:
                    inner = [p for p in pp.children if p.dep_ == "pobj"]
                    if inner:
                        obj = inner[0]
            self.object_cues.add(tok.i)
            return obj.left_edge.i, obj.right_edge.i + 1
        return None

    def headline_attribution(self) -> list[Quote]:
        """'Lynch: No outside influence on the probe' - a headline's "Source: words"."""
        if not self.paras:
            return []
        doc, text = self.doc, doc_text(self.doc)
        lo, hi = self.paras[0]
        colon = text.find(": ", lo, min(hi, lo + 60))
        if colon < 0 or any(m.start < colon < m.end for m in self.marks):
            return []
        a, b = token_range(doc, lo, colon)
        prefix = doc[a:b]
        if not 0 < len(prefix) <= 5 or any(t.pos_ in {"VERB", "AUX"} for t in prefix):
            return []
        # Headlines capitalise every word, so the tagger often calls a name a noun.
        labels = set(self.lex.get("headline_labels", ()))
        if any(t.lower_ in labels for t in prefix) or not any(
            t.pos_ == "PROPN"
            or t.lower_ in self.speakers.roles
            or (t.pos_ == "NOUN" and t.is_title and len(prefix) <= 3)
            for t in prefix
        ):
            return []
        start = colon + 2
        while start < hi and text[start].isspace():
            start += 1
        if start >= hi:
            return []
        speaker, _ = self.speakers.resolve(prefix[-1], a, b)
        return [
            Quote(
                text=text[start:hi],
                start=start,
                end=hi,
                kind="indirect",
                speaker=speaker,
                cue=":",
                hedge="asserted",
                cue_start=colon,
                cue_end=colon + 1,
            )  # fmt: skip
        ]

    def that_after(self, tok: Token) -> Token | None:
        """A "that" shortly after a cue ("sharing with Ward that ..."), whatever the parse."""
        doc = self.doc
        for j in range(tok.i + 1, min(len(doc), tok.i + 9)):
            t = doc[j]
            if self.in_quote[j] or (t.is_punct and t.text not in {"-", "–"}) or j in self.cues:
                return None
            if t.lower_ == "that" and t.dep_ == "mark" and t.head.i > j:
                return t
            if t.lower_ in {"whether", "if"} and tok.lemma_ in {"ask", "question", "wonder"}:
                return t if t.head.i > j else None
        return None

    def embed_quotes(self) -> list[Quote]:
        """An embedded post is its author's own statement; the signature line is left out."""
        out: list[Quote] = []
        text = doc_text(self.doc)
        for emb in self.embeds:
            if not emb.author:
                continue
            body = text[emb.start : emb.end]
            cut = body.rfind("\n— ")
            if cut < 0:
                cut = body.rfind("\n- ")
            end = emb.start + (cut if cut > 0 else len(body.rstrip()))
            while end > emb.start and text[end - 1].isspace():
                end -= 1
            start = emb.start
            while start < end and text[start].isspace():
                start += 1
            if end <= start:
                continue
            names = [c for c in self.speakers.clusters if c.canonical == canonical_name(emb.author)]
            canon = names[0].canonical if names else canonical_name(emb.author)
            out.append(
                Quote(
                    text=text[start:end],
                    start=start,
                    end=end,
                    kind="direct",
                    speaker=Speaker(
                        text=emb.author,
                        canonical=canon,
                        resolved_by="explicit",
                        description=handle(emb.handle),
                    ),
                    cue="posted",
                    hedge="asserted",
                    via=[handle(emb.handle)] if emb.handle else [],
                )  # fmt: skip
            )
        return out


def handle(name: str | None) -> str | None:
    """A social-media handle with its "@"."""
    if not name:
        return None
    return name if name.startswith("@") else f"@{name}"


def is_outlet(tok: Token, name: str) -> bool:
    from dateline.extract.speakers import actor_kind

    if actor_kind(name) == "outlet" or actor_kind(tok.text) == "outlet":
        return True
    return tok.ent_type_ == "ORG" and name.isupper() and len(name) <= 5


def extract_quotes(doc: Doc, lex: dict, model: CueModel | None = None) -> list[Quote]:
    """The quotes of a parsed Doc; ``model`` adds the cues the trained scorer finds."""
    if not doc_text(doc).strip() or not doc.has_annotation("DEP"):
        return []
    return _Extraction(doc, lex, model).run()


__all__ = ["QuotesExtractor", "extract_quotes", "lexicon", "Span", "clean"]
