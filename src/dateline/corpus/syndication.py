"""Syndication: near-duplicate articles (one wire story reprinted, edited, updated) as families.

MinHash signatures of word 3-shingles of the body go into a MinHash LSH index; a new article
joins the family of every stored article whose estimated Jaccard similarity passes the
threshold (families merge with union-find).  The representative of a family is its earliest
member (publication time, then id), so counts and fusion can use one report per family.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 3
# Reprints, re-headlined copies and updated copies share well over half their shingles;
# independently written reports of one event share a few names and numbers, far below this.
THRESHOLD = 0.5
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Word k-shingles of the lower-cased text (a short text is one shingle)."""
    words = _WORD.findall(text.lower())
    if not words:
        return set()
    if len(words) <= k:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def signature(text: str) -> LeanMinHash | None:
    """The MinHash of a text, or None for a text without words."""
    sh = shingles(text)
    if not sh:
        return None
    # The permutations depend on the seed only: made once, not per article (a third of the
    # cost of a signature when every MinHash builds its own).
    m = MinHash(num_perm=NUM_PERM, permutations=_PROTO.permutations, scheme=_SCHEME)
    m.update_batch(list(sh))
    return LeanMinHash(m)


# datasketch 2 records the hashing scheme with the values; stored signatures reuse it.
_PROBE = MinHash(num_perm=2)
_SCHEME: str = getattr(_PROBE, "scheme", "legacy")
_DTYPE = np.asarray(_PROBE.hashvalues).dtype
_PROTO = MinHash(num_perm=NUM_PERM)


def sig_to_bytes(sig: LeanMinHash) -> bytes:
    return np.asarray(sig.hashvalues, dtype=np.uint64).tobytes()


def sig_from_bytes(data: bytes) -> LeanMinHash:
    values = np.frombuffer(data, dtype=np.uint64).astype(_DTYPE)
    return LeanMinHash(seed=_PROBE.seed, hashvalues=values, scheme=_SCHEME)


@dataclass
class Member:
    article_id: str
    published: datetime | None
    similarity: float = 1.0  # to the member it was linked through (1.0 for a founder)
    linked_to: str | None = None


def _order(m: Member) -> tuple[float, str]:
    ts = m.published.timestamp() if m.published else float("inf")
    return (ts, m.article_id)


@dataclass
class SyndicationIndex:
    """Families of near-duplicate articles, grown one article at a time."""

    threshold: float = THRESHOLD
    members: dict[str, Member] = field(default_factory=dict)
    parent: dict[str, str] = field(default_factory=dict)  # union-find over article ids
    sigs: dict[str, LeanMinHash] = field(default_factory=dict)
    lsh: MinHashLSH = field(init=False)

    def __post_init__(self) -> None:
        self.lsh = MinHashLSH(threshold=self.threshold, num_perm=NUM_PERM)

    # ------------------------------------------------------------------ union-find
    def find(self, a: str) -> str:
        root = a
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(a, a) != root:  # path compression
            self.parent[a], a = root, self.parent[a]
        return root

    def _union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        # the earliest member stays the root, so the root is the representative
        if _order(self.members[rb]) < _order(self.members[ra]):
            ra, rb = rb, ra
        self.parent[rb] = ra

    # ------------------------------------------------------------------ growing
    def add(
        self,
        article_id: str,
        text: str,
        published: datetime | None,
        sig: LeanMinHash | None = None,
        *,
        links: list[tuple[str, float]] | None = None,
    ) -> list[tuple[str, float]]:
        """Add one article; return the (stored article, similarity) pairs it was linked to.

        ``links`` replays known links (loading from the store) instead of querying LSH.
        """
        if article_id in self.members:
            return []
        sig = sig if sig is not None else signature(text)
        self.members[article_id] = Member(article_id, published)
        self.parent[article_id] = article_id
        if sig is None:
            return []
        if links is None:
            links = []
            for other in self.lsh.query(sig):
                sim = float(sig.jaccard(self.sigs[other]))
                if sim >= self.threshold:
                    links.append((other, round(sim, 3)))
        self.sigs[article_id] = sig
        self.lsh.insert(article_id, sig)
        for other, _sim in links:
            if other in self.members:
                self._union(article_id, other)
        if links:
            best = max(links, key=lambda x: x[1])
            self.members[article_id].linked_to, self.members[article_id].similarity = best
        return links

    # ------------------------------------------------------------------ reading
    def family_of(self, article_id: str) -> str:
        """The family id: the representative (earliest) member's article id."""
        return self.find(article_id)

    def families(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for a in self.members:
            out.setdefault(self.find(a), []).append(a)
        for fam in out.values():
            fam.sort(key=lambda a: _order(self.members[a]))
        return out
