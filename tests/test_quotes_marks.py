"""Quote-mark scanning: curly, straight, single, nested, apostrophes, unbalanced."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dateline.extract.quote_marks import find_quote_marks, paragraph_spans, scan_paragraph


def inner(text: str) -> list[str]:
    return [
        text[m.inner_start : m.inner_end] for m in find_quote_marks(text, paragraph_spans(text))
    ]


def test_curly_and_straight_marks() -> None:
    assert inner("He said \u201cyes, now\u201d and left.") == ["yes, now"]
    assert inner('He said "yes, now" and "later".') == ["yes, now", "later"]


def test_apostrophes_are_not_quotes() -> None:
    text = "The Taliban\u2019s ranks and the group's men didn't move in the '90s."
    assert inner(text) == []


def test_single_quotes_in_a_headline() -> None:
    assert inner("Commander Says Group Was 'Waiting For Time to Strike'") == [
        "Waiting For Time to Strike"
    ]
    assert inner("It\u2019s \u2018in Their Heads.\u2019") == ["in Their Heads."]


def test_nested_quotes_stay_in_the_outer_one() -> None:
    text = "\u201cShe told me \u2018run\u2019 and \u201chide\u201d,\u201d he said."
    assert inner(text) == ["She told me \u2018run\u2019 and \u201chide\u201d,"]


def test_inch_mark_is_not_a_quote() -> None:
    assert inner('A 12" pipe was found.') == []


def test_unclosed_quote_runs_to_paragraph_end_only() -> None:
    text = "He said: \u201cWe will stay\n\nThe army left."
    marks = find_quote_marks(text, paragraph_spans(text))
    assert [text[m.inner_start : m.inner_end] for m in marks] == ["We will stay"]
    assert marks[0].closed is False


def test_quote_reopened_in_next_paragraph_is_one_quote() -> None:
    text = "She said: \u201cFirst part.\n\n\u201cSecond part.\u201d"
    marks = find_quote_marks(text, paragraph_spans(text))
    assert len(marks) == 1
    assert text[marks[0].inner_start : marks[0].inner_end] == "First part.\n\n\u201cSecond part."


def test_stray_closing_mark_is_ignored() -> None:
    assert inner("The vote\u201d was close.") == []


@given(st.text(alphabet="ab \u201c\u201d\"'\u2018\u2019\n.,", max_size=80))
def test_any_text_gives_well_formed_spans(text: str) -> None:
    paras = paragraph_spans(text)
    for lo, hi in paras:
        for m in scan_paragraph(text, lo, hi):
            assert lo <= m.start <= m.inner_start <= m.inner_end <= m.end <= hi


def test_doubled_apostrophes_are_a_double_mark() -> None:
    text = "''We will rebuild,'' the mayor said. ''Every road.''"
    assert inner(text) == ["We will rebuild,", "Every road."]
    marks = find_quote_marks(text, paragraph_spans(text))
    assert all(not m.single and m.closed for m in marks)
    assert text[marks[0].start : marks[0].end] == "''We will rebuild,''"


def test_doubled_apostrophes_nest_a_single_quote_and_run_on() -> None:
    text = "He said ''the 'deal' is done'' and ''we are not"
    assert inner(text) == ["the 'deal' is done", "we are not"]
    assert inner("''") == []
    assert inner("it''s") == []
