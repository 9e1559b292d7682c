"""Event fusion in memory: scoring, blocking, and links that keep every report's values."""

from __future__ import annotations

from corpus_helpers import rep
from dateline.corpus.discrepancies import discrepancies, group_key
from dateline.corpus.fusion import FusionIndex, score


def test_nearby_place_and_next_day_fuse() -> None:
    idx = FusionIndex()
    a = idx.add(rep("a"))
    # the airport, ~15 km away, reported a day later with its own figures
    b = idx.add(
        rep(
            "b",
            place="Kabul airport",
            lat=34.56,
            lon=69.21,
            day="2024-03-08",
            casualties=[{"group": "people", "killed": 9, "qualifier": "exact"}],
        )
    )
    assert a.fused_id == b.fused_id and "1d apart" in b.reason
    assert idx.fused[a.fused_id].reports["b"].casualties[0]["killed"] == 9


def test_far_apart_or_other_country_or_out_of_window_is_a_new_event() -> None:
    idx = FusionIndex()
    first = idx.add(rep("a")).fused_id
    assert idx.add(rep("b", place="Kandahar", lat=31.61, lon=65.71)).fused_id != first
    assert idx.add(rep("c", country="PK", place="Peshawar", lat=34.0, lon=71.5)).fused_id != first
    assert idx.add(rep("d", day="2024-03-12")).fused_id != first
    assert len(idx.fused) == 4


def test_blocking_never_compares_other_countries() -> None:
    idx = FusionIndex()
    for i in range(50):
        idx.add(rep(f"iq{i}", country="IQ", place=f"Town{i}", lat=30 + i, lon=40.0))
    before = idx.comparisons
    idx.add(rep("af"))
    assert idx.comparisons == before  # no candidate from Iraq was scored


def test_different_perpetrators_still_fuse_and_show_as_discrepancy() -> None:
    idx = FusionIndex()
    idx.add(rep("a", perpetrators=[{"canonical": "Taliban", "basis": "attributed"}]))
    link = idx.add(rep("b", perpetrators=[{"canonical": "Islamic State", "basis": "claimed"}]))
    assert len(idx.fused) == 1
    ds = discrepancies(link.fused_id, list(idx.fused[link.fused_id].reports.values()))
    perp = next(d for d in ds if d.field == "perpetrator")
    assert {v["value"] for v in perp.values} == {"Taliban", "Islamic State"}


def test_score_requires_compatible_type() -> None:
    idx = FusionIndex()
    fid = idx.add(rep("a")).fused_id
    assert score(rep("b", type="PROTEST"), idx.fused[fid]) is None


def test_undated_reports_meet_only_undated_ones() -> None:
    idx = FusionIndex()
    a = idx.add(rep("a", day=None))
    b = idx.add(rep("b", day=None))
    c = idx.add(rep("c"))
    assert a.fused_id == b.fused_id != c.fused_id


def test_casualty_group_keys_and_family_counting() -> None:
    assert group_key("US soldiers") == group_key("soldier") == "soldier"
    assert group_key(None) == "all"
    assert group_key("civilians") == group_key("people")
    reports = [
        rep(
            "a",
            casualties=[{"group": "people", "killed": 170, "qualifier": "exact"}],
            family_id="f1",
        ),
        rep(
            "b",
            casualties=[{"group": "people", "killed": 170, "qualifier": "exact"}],
            family_id="f1",
        ),
        rep(
            "c", casualties=[{"group": "people", "killed": 100, "qualifier": "over"}], family_id="c"
        ),
    ]
    (d,) = [d for d in discrepancies("fe", reports) if d.field.startswith("killed")]
    assert {v["value"]: v["n_families"] for v in d.values} == {"170": 1, "over 100": 1}
    assert d.range == [100, 170]


def test_within_article_date_disagreement() -> None:
    reports = [
        rep("x:e1", article_id="x", day="2024-03-07"),
        rep("x:e2", article_id="x", day="2024-03-05"),
    ]
    ds = discrepancies("fe", reports)
    assert any(d.within_article == "x" and d.field == "date" for d in ds)


def test_unlink_then_link_restores() -> None:
    idx = FusionIndex()
    fid = idx.add(rep("a")).fused_id
    idx.add(rep("b"))
    moved = idx.unlink("b")
    assert moved.fused_id != fid and ("b", fid) in idx.vetoes
    back = idx.link("b", fid)
    assert back.fused_id == fid and len(idx.fused[fid].reports) == 2 and len(idx.fused) == 1


def test_a_vague_toll_is_set_against_the_figures() -> None:
    dozens = {"group": None, "killed": None, "injured": None, "qualifier": "at_least"}
    dozens |= {"vague": "dozens", "range": [24, None], "count_of": "injured"}
    reps = [
        rep("a", casualties=[{"group": "people", "injured": 45, "qualifier": "exact"}]),
        rep("b", casualties=[dozens]),
        rep("c", casualties=[{"group": "people", "injured": 45, "qualifier": "exact"}]),
    ]
    [d] = [d for d in discrepancies("fe", reps) if d.field.startswith("injured")]
    assert [v["value"] for v in d.values] == ["45", "dozens (24 or more)"]
    assert d.range == [24, 45]
    # a vague toll alone gives no killed discrepancy and no injured one in the killed field
    assert not [x for x in discrepancies("fe", reps[1:2] * 2) if x.field.startswith("killed")]


def test_a_report_keeps_a_vague_toll() -> None:
    from dateline.corpus.reports import _casualty
    from dateline.model import Casualties

    c = Casualties(qualifier="at_least", count_of="killed", range=[24, None], vague="dozens")
    assert _casualty(c) == {
        "group": None,
        "killed": None,
        "injured": None,
        "qualifier": "at_least",
        "vague": "dozens",
        "range": [24, None],
        "count_of": "killed",
    }
    assert "vague" not in _casualty(Casualties(group="people", killed=3, count_of="killed"))


def test_an_articles_two_attacks_by_other_hands_stay_two() -> None:
    idx = FusionIndex()
    bombing = rep(
        "x:e1", article_id="x", mode="suicide-attack", perpetrators=[{"canonical": "Islamic State"}]
    )
    strike = rep(
        "x:e2", article_id="x", mode="aerial", day="2024-03-08",
        perpetrators=[{"canonical": "United States"}],
    )  # fmt: skip
    first = idx.add(bombing).fused_id
    assert idx.add(strike).fused_id != first
    # another outlet's report of the strike may still join the strike
    again = rep("y", mode="aerial", day="2024-03-08", perpetrators=[{"canonical": "United States"}])
    assert idx.add(again).fused_id != first
