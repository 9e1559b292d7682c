"""Quote marks: find the top-level quoted stretches of each paragraph.

Works on characters, not tokens, so that curly, straight, single and guillemet marks,
nested quotes, apostrophes and unbalanced marks are all handled in one place. A quote left
open at the end of a paragraph runs to the paragraph's end (a cut-off quote, or the usual
newspaper style for a quote that goes on in the next paragraph, which reopens it).
"""

from __future__ import annotations

from dataclasses import dataclass

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
OPENERS_BEFORE = " \t\n([{—–-/:;“‘\"'"  # characters after which a straight mark opens
CLOSING_NEXT = " \t\n.,;:!?)]}—–-…”’\"'"  # characters before which a mark closes


@dataclass
class QuoteMark:
    """A quoted stretch: ``start``/``end`` include the marks, the inner ones do not."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool = True
    single: bool = False


def _prev(text: str, i: int, lo: int) -> str:
    return text[i - 1] if i > lo else " "


def _next(text: str, i: int, hi: int) -> str:
    return text[i + 1] if i + 1 < hi else " "


def scan_paragraph(text: str, lo: int, hi: int) -> list[QuoteMark]:
    """Top-level quotes in ``text[lo:hi]``; nested quotes stay inside their outer quote."""
    out: list[QuoteMark] = []
    stack: list[tuple[str, int]] = []  # ("d"|"s", position of the opening mark)

    def close(pos: int) -> None:
        kind, start = stack.pop()
        if not stack:
            out.append(_mark(text, start, pos + 1, kind == "s"))

    skip = False
    for i in range(lo, hi):
        if skip:  # the second mark of a doubled ''
            skip = False
            continue
        ch = text[i]
        last = i  # the mark's last character: i + 1 for a doubled ''
        if ch == "'" and i + 1 < hi and text[i + 1] == "'":
            # Two apostrophes stand for a double quote mark in some wire copy: ''Yes,''
            ch, last, skip = '"', i + 1, True
        if ch in OPEN_DOUBLE:
            stack.append(("d", i))
        elif ch in CLOSE_DOUBLE:
            while stack and stack[-1][0] == "s":  # an unclosed single inside: drop it
                stack.pop()
            if stack:
                close(i)
        elif ch == '"':
            prev, nxt = _prev(text, i, lo), _next(text, last, hi)
            opens = prev in OPENERS_BEFORE and not nxt.isspace()
            if prev.isdigit() and not any(k == "d" for k, _ in stack):
                continue  # an inch mark: 12" pipe
            has_open = any(k == "d" for k, _ in stack)
            if opens and not (has_open and nxt in CLOSING_NEXT):
                stack.append(("d", i))
            elif has_open:
                while stack and stack[-1][0] == "s":
                    stack.pop()
                close(last)
        elif ch in "‘'":
            prev, nxt = _prev(text, i, lo), _next(text, i, hi)
            if (
                prev in OPENERS_BEFORE
                and nxt.isalnum()
                and not (ch == "'" and _elision(text, i, hi))
            ):
                stack.append(("s", i))
        elif ch == "’" or ch == "'":
            pass
        if ch in "’'" and stack and stack[-1][0] == "s":
            prev, nxt = _prev(text, i, lo), _next(text, i, hi)
            if not prev.isspace() and (nxt in CLOSING_NEXT or i + 1 >= hi) and stack[-1][1] != i:
                close(i)
    # A double quote left open runs to the paragraph end; stray singles were apostrophes.
    doubles = [(k, s) for k, s in stack if k == "d"]
    if doubles:
        out.append(_mark(text, doubles[0][1], hi, False, closed=False))
    return sorted(out, key=lambda m: m.start)


def _elision(text: str, i: int, hi: int) -> bool:
    """'em, 'tis, '90s: an apostrophe at a word start, not an opening quote."""
    word = text[i + 1 : min(hi, i + 5)].lower()
    return word.startswith(("em ", "tis", "twas", "cause ")) or word[:2].isdigit()


def _mark(text: str, start: int, end: int, single: bool, closed: bool = True) -> QuoteMark:
    inner_start, inner_end = start + 1, end - 1 if closed else end
    if text.startswith("''", start):
        inner_start += 1
    if closed and end - start >= 4 and text.startswith("''", end - 2):
        inner_end -= 1
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and text[inner_end - 1].isspace():
        inner_end -= 1
    return QuoteMark(start, end, inner_start, inner_end, closed, single)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: runs of text between blank lines."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for block in text.split("\n\n"):
        start, end = pos, pos + len(block)
        pos = end + 2
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def find_quote_marks(text: str, paragraphs: list[tuple[int, int]]) -> list[QuoteMark]:
    """All top-level quotes; an open quote followed by a paragraph that reopens is merged."""
    marks: list[QuoteMark] = []
    for lo, hi in paragraphs:
        para_marks = scan_paragraph(text, lo, hi)
        if (
            marks
            and not marks[-1].closed
            and para_marks
            and para_marks[0].start == lo
            and not marks[-1].single
        ):
            first = para_marks.pop(0)
            prev = marks[-1]
            marks[-1] = QuoteMark(
                prev.start, first.end, prev.inner_start, first.inner_end, first.closed
            )
        marks.extend(para_marks)
    return marks
