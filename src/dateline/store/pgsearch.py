"""FTS5 query syntax for PostgreSQL: parse a query once, render it as tsquery SQL.

Users type the same queries whatever the backend, so the PostgreSQL store accepts the FTS5
syntax the SQLite store does: words (implicit AND), ``"phrases"``, ``AND``/``OR``/``NOT``
(precedence NOT > AND > OR, ``a NOT b`` meaning a and not b), parentheses, prefixes
(``bomb*``), ``a + b`` phrases and column filters (``title: kabul``, ``{title text}: x``). A query that does not
parse is retried word by word as phrases when it holds no operator characters (``U.S.``,
``al-Shabaab``, ``Gao.``), as the SQLite store does; otherwise it is a :class:`QueryError`.
``NEAR`` and ``^`` are refused with a clear message.

Rendering gives two SQL fragments with ``?`` placeholders: a boolean match (one ``@@`` per
phrase and column, so column filters and NOT keep their meaning) and one combined tsquery
for ranking and snippets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dateline.store.base import QueryError

CONFIG = "dateline_search"  # the text search configuration created by 0001_core.sql

# Same test as the SQLite store: such a query is the user's to fix, never retried.
_OPERATOR_CHARS = re.compile(r'["()*:^{}]')
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class Phrase:
    parts: tuple[tuple[str, bool], ...]  # (text, prefix) pieces joined by "+"
    columns: frozenset[str] | None = None  # None: every column


@dataclass(frozen=True)
class Op:
    kind: str  # AND, OR, NOT (binary: left and not right)
    left: Node
    right: Node


Node = Phrase | Op


def _bareword_char(c: str) -> bool:
    # FTS5 barewords: letters, digits, "_", and any non-ASCII character.
    return c.isalnum() or c == "_" or c == "\x1a" or ord(c) > 127


def _tokens(query: str) -> list[tuple[str, str]]:
    """(kind, value) tokens: STR (quoted), WORD, AND/OR/NOT, or one punctuation char."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif c == '"':
            buf, i = [], i + 1
            while True:
                if i >= n:
                    raise QueryError("cannot parse the search query (unterminated string)")
                if query[i] == '"':
                    if i + 1 < n and query[i + 1] == '"':  # "" is a literal quote
                        buf.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                buf.append(query[i])
                i += 1
            out.append(("STR", "".join(buf)))
        elif _bareword_char(c):
            j = i
            while j < n and _bareword_char(query[j]):
                j += 1
            word = query[i:j]
            out.append((word, word) if word in ("AND", "OR", "NOT") else ("WORD", word))
            i = j
        elif c in "()*:+^{},":
            out.append((c, c))
            i += 1
        else:
            raise QueryError(f"cannot parse the search query (syntax error near {c!r})")
    return out


class _Parser:
    def __init__(self, query: str, columns: tuple[str, ...]) -> None:
        self.toks = _tokens(query)
        self.pos = 0
        self.columns = columns

    def peek(self) -> str | None:
        return self.toks[self.pos][0] if self.pos < len(self.toks) else None

    def take(self) -> tuple[str, str]:
        if self.pos >= len(self.toks):
            raise QueryError("cannot parse the search query (it ends too early)")
        tok = self.toks[self.pos]
        self.pos += 1
        return tok

    def parse(self) -> Node:
        if not self.toks:
            raise QueryError("empty query")
        node = self.expr(None)
        if self.pos < len(self.toks):
            raise QueryError(f"cannot parse the search query (syntax error near {self.peek()!r})")
        return node

    def expr(self, cols: frozenset[str] | None) -> Node:
        node = self.conj(cols)
        while self.peek() == "OR":
            self.take()
            node = Op("OR", node, self.conj(cols))
        return node

    def conj(self, cols: frozenset[str] | None) -> Node:
        node = self.neg(cols)
        while self.peek() in ("AND", "STR", "WORD", "("):
            if self.peek() == "AND":
                self.take()
            node = Op("AND", node, self.neg(cols))
        return node

    def neg(self, cols: frozenset[str] | None) -> Node:
        node = self.primary(cols)
        while self.peek() == "NOT":
            self.take()
            node = Op("NOT", node, self.primary(cols))
        return node

    def primary(self, cols: frozenset[str] | None) -> Node:
        kind, value = self.take()
        if kind == "WORD" and value == "NEAR" and self.peek() == "(":
            raise QueryError("cannot parse the search query (NEAR is not supported here)")
        if kind == "{" or (kind == "WORD" and self.peek() == ":"):
            mine = self._column_set() if kind == "{" else frozenset({value})
            if self.take()[0] != ":":
                raise QueryError("cannot parse the search query (a column filter needs ':')")
            unknown = sorted(mine - set(self.columns))
            if unknown:
                raise QueryError(f"cannot parse the search query (no such column: {unknown[0]})")
            return self.primary(mine if cols is None else cols & mine)
        if kind == "(":
            node = self.expr(cols)
            if self.take()[0] != ")":
                raise QueryError("cannot parse the search query (unbalanced parentheses)")
            return node
        if kind in ("STR", "WORD"):
            parts = [(value, self._star())]
            while self.peek() == "+":
                self.take()
                k, v = self.take()
                if k not in ("STR", "WORD"):
                    raise QueryError(f"cannot parse the search query (syntax error near {v!r})")
                parts.append((v, self._star()))
            return Phrase(tuple(parts), cols)
        if kind == "^":
            raise QueryError("cannot parse the search query (^ is not supported here)")
        raise QueryError(f"cannot parse the search query (syntax error near {value!r})")

    def _column_set(self) -> frozenset[str]:
        """The columns of ``{a b}`` (the "{" is already taken)."""
        names: set[str] = set()
        while True:
            kind, value = self.take()
            if kind == "}":
                return frozenset(names)
            if kind != "WORD":
                raise QueryError(f"cannot parse the search query (syntax error near {value!r})")
            names.add(value)

    def _star(self) -> bool:
        if self.peek() == "*":
            self.take()
            return True
        return False


def parse(query: str, columns: tuple[str, ...]) -> Node:
    """The query as a tree; plain words that FTS5 would reject are retried as phrases."""
    query = (query or "").strip()
    if not query:
        raise QueryError("empty query")
    try:
        return _Parser(query, columns).parse()
    except QueryError:
        if _OPERATOR_CHARS.search(query):
            raise
    node: Node | None = None
    for word in query.split():
        leaf = Phrase(((word.replace('"', ""), False),))
        node = leaf if node is None else Op("AND", node, leaf)
    assert node is not None  # the query is not empty
    return node


def _tsquery(leaf: Phrase) -> tuple[str, list[Any]]:
    """A tsquery expression for one phrase."""
    if not any(prefix for _, prefix in leaf.parts):
        return f"phraseto_tsquery('{CONFIG}', ?)", [" ".join(t for t, _ in leaf.parts)]
    # Prefixes: write the tsquery text ourselves ('new' <-> 'yo':*); to_tsquery still
    # normalises each lexeme through the configuration (lower case, unaccent).
    lexemes: list[str] = []
    for text, prefix in leaf.parts:
        words = _WORDS.findall(text)
        for k, w in enumerate(words):
            star = ":*" if prefix and k == len(words) - 1 else ""
            lexemes.append("'" + w.replace("'", "''") + "'" + star)
    return f"to_tsquery('{CONFIG}', ?)", [" <-> ".join(lexemes)]


def render_match(node: Node, vectors: dict[str, str]) -> tuple[str, list[Any]]:
    """A boolean SQL condition: the rows whose tsvector columns ``vectors`` match."""
    if isinstance(node, Phrase):
        tsq, params = _tsquery(node)
        cols = [c for c in vectors if node.columns is None or c in node.columns]
        conds = [f"{vectors[c]} @@ {tsq}" for c in cols]
        return "(" + " OR ".join(conds) + ")", params * len(cols)
    left, lp = render_match(node.left, vectors)
    right, rp = render_match(node.right, vectors)
    if node.kind == "NOT":
        return f"({left} AND NOT {right})", lp + rp
    return f"({left} {node.kind} {right})", lp + rp


def render_tsquery(node: Node) -> tuple[str, list[Any]]:
    """One tsquery for ranking and snippets (column filters do not apply to these)."""
    if isinstance(node, Phrase):
        return _tsquery(node)
    left, lp = render_tsquery(node.left)
    right, rp = render_tsquery(node.right)
    op = {"AND": "&&", "OR": "||"}.get(node.kind)
    if op is None:  # NOT
        return f"({left} && !!{right})", lp + rp
    return f"({left} {op} {right})", lp + rp
