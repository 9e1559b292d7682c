"""Syndication families in memory: reprints, re-headlined and updated copies, unrelated stories."""

from __future__ import annotations

from datetime import datetime, timedelta

from dateline.corpus.syndication import SyndicationIndex, shingles, signature

STORY = [
    "Gunmen stormed a police checkpoint on the outskirts of Maiduguri late on Sunday, killing "
    "four officers before fleeing into the bush, a military spokesman said.",
    "The attackers arrived on motorcycles and opened fire as officers were changing shifts, "
    "according to two residents who asked not to be named for fear of reprisals.",
    "No group has claimed the attack, but the area has seen repeated raids by jihadist "
    "fighters loyal to a faction that split from Boko Haram several years ago.",
]
OTHER = (
    "Thousands of farmers marched through central Nairobi on Monday to protest a new tax on "
    "fertiliser, blocking traffic for hours as police watched from the side of the road."
)
T0 = datetime(2024, 5, 5, 22, 0)


def test_shingles_of_empty_and_short_text() -> None:
    assert shingles("") == set()
    assert shingles("  \u200b ") == set()
    assert shingles("Blast") == {b"blast"}
    assert signature("") is None


def test_reprint_reordered_and_updated_copies_join_one_family() -> None:
    idx = SyndicationIndex()
    idx.add("a", "\n\n".join(STORY), T0)
    reordered = "\n\n".join([STORY[0], STORY[2], STORY[1]])
    updated = "\n\n".join(
        [STORY[0].replace("four", "six"), *STORY[1:], "Officials later raised the toll."]
    )
    assert idx.add("b", reordered, T0 + timedelta(hours=2))
    assert idx.add("c", updated, T0 + timedelta(hours=5))
    idx.add("d", OTHER, T0)
    fams = idx.families()
    assert sorted(map(sorted, fams.values())) == [["a", "b", "c"], ["d"]]
    assert idx.family_of("c") == "a"


def test_independent_reports_of_the_same_event_are_not_a_family() -> None:
    idx = SyndicationIndex()
    idx.add("a", "\n\n".join(STORY), T0)
    rewrite = (
        "Four policemen were shot dead when suspected insurgents on motorbikes attacked their "
        "post near Maiduguri on Sunday night, the army said. Residents said the assailants "
        "escaped into nearby forest. There was no immediate claim of responsibility."
    )
    assert idx.add("b", rewrite, T0) == []
    assert len(idx.families()) == 2


def test_earliest_member_is_the_representative_even_when_added_later() -> None:
    idx = SyndicationIndex()
    idx.add("late", "\n\n".join(STORY), T0 + timedelta(days=1))
    idx.add("early", "\n\n".join(STORY) + " Extra line.", T0)
    assert idx.family_of("late") == "early"


def test_huge_and_odd_unicode_text() -> None:
    idx = SyndicationIndex()
    big = " ".join(f"word{i}" for i in range(200_000))
    idx.add("big", big, None)
    idx.add("odd", "Ẓạḅịḥụḷḷạḥ — «quoted» 💥 " * 50, None)
    idx.add("odd2", "Ẓạḅịḥụḷḷạḥ — «quoted» 💥 " * 50, None)
    assert idx.family_of("odd2") == "odd"
    assert idx.family_of("big") == "big"
