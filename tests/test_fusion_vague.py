"""Vague reports (only a country, or no place): linked only to the one clear fused event."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from corpus_helpers import facts, rep
from dateline import corpus
from dateline.corpus.fusion import FusionIndex, is_vague
from dateline.corpus.reports import Report


def _kandahar(key: str, **kw: object) -> Report:
    """A second bombing the same day in Afghanistan, some 480 km from Kabul."""
    return rep(key, place="Kandahar", lat=31.61, lon=65.71, **kw)


def _country_only(key: str, **kw: object) -> Report:
    return rep(key, place="Afghanistan", lat=None, lon=None, **kw)


def _toll(n: int) -> list[dict[str, object]]:
    return [{"group": "people", "killed": n, "qualifier": "exact"}]


def test_country_only_report_fitting_two_incidents_stays_unlinked() -> None:
    idx = FusionIndex()
    kabul = idx.add(rep("kabul")).fused_id
    kandahar = idx.add(_kandahar("kandahar")).fused_id
    assert kabul != kandahar
    link = idx.add(_country_only("vague"))
    assert link.fused_id not in (kabul, kandahar)
    assert "fits several" in link.reason and kabul in link.reason and kandahar in link.reason
    assert [len(fe.reports) for fe in idx.fused.values()] == [1, 1, 1]


def test_country_only_report_fitting_one_incident_links() -> None:
    idx = FusionIndex()
    kabul = idx.add(rep("kabul")).fused_id
    link = idx.add(_country_only("vague"))
    assert link.fused_id == kabul and "same country AF" in link.reason


def test_later_incident_makes_an_earlier_link_ambiguous_and_undoes_it() -> None:
    idx = FusionIndex()
    kabul = idx.add(rep("kabul")).fused_id
    assert idx.add(_country_only("vague")).fused_id == kabul
    idx.drain_moves()
    idx.add(_kandahar("kandahar"))
    moves = idx.drain_moves()
    assert moves == {"vague": kabul}
    assert idx.links["vague"].fused_id != kabul and set(idx.fused[kabul].reports) == {"kabul"}
    assert idx.drain_moves() == {}  # drained


def test_vague_report_first_joins_the_town_report_that_follows() -> None:
    idx = FusionIndex()
    alone = idx.add(_country_only("vague")).fused_id
    town = idx.add(rep("kabul")).fused_id
    assert idx.links["vague"].fused_id == town
    assert alone not in idx.fused  # the vague report's own event is gone, not left empty
    assert idx.drain_moves() == {"vague": alone}


def test_order_does_not_decide_an_ambiguous_report() -> None:
    orders = [
        [rep("kabul"), _kandahar("kandahar"), _country_only("vague")],
        [rep("kabul"), _country_only("vague"), _kandahar("kandahar")],
        [_country_only("vague"), rep("kabul"), _kandahar("kandahar")],
    ]
    for order in orders:
        idx = FusionIndex()
        for r in order:
            idx.add(r)
        assert len(idx.fused) == 3, [r.key for r in order]
        assert len(idx.fused[idx.links["vague"].fused_id].reports) == 1


def test_a_close_toll_settles_the_ambiguity_and_a_far_one_does_not_help() -> None:
    idx = FusionIndex()
    kabul = idx.add(rep("kabul", casualties=_toll(12))).fused_id
    kandahar = idx.add(_kandahar("kandahar", casualties=_toll(3))).fused_id
    link = idx.add(_country_only("vague", casualties=_toll(14)))
    assert link.fused_id == kabul and "toll" in link.reason
    other = idx.add(_country_only("vague2", casualties=_toll(60)))  # near neither
    assert other.fused_id not in (kabul, kandahar)


def test_the_same_quote_or_perpetrator_settles_the_ambiguity() -> None:
    said = "The attackers targeted the crowded market where families were shopping"
    quote = [{"speaker": "Police", "text": said, "hedge": "asserted"}]
    idx = FusionIndex()
    idx.add(rep("kabul"))
    kandahar = idx.add(_kandahar("kandahar", quotes=quote)).fused_id
    reworded = "Attackers targeted a crowded market while families were shopping, police said"
    link = idx.add(
        _country_only("vague", quotes=[{"speaker": "a spokesman", "text": reworded, "hedge": None}])
    )
    assert link.fused_id == kandahar and "quote" in link.reason

    blame = [{"canonical": "Taliban", "basis": "claimed"}]
    idx = FusionIndex()
    kabul = idx.add(rep("kabul", perpetrators=blame)).fused_id
    idx.add(_kandahar("kandahar", perpetrators=[{"canonical": "Islamic State", "basis": None}]))
    assert idx.add(_country_only("vague", perpetrators=blame)).fused_id == kabul


def test_report_without_any_place_is_vague_too() -> None:
    idx = FusionIndex()
    kabul = idx.add(rep("kabul")).fused_id
    nowhere = rep("nowhere", place=None, country=None, lat=None, lon=None)
    assert is_vague(nowhere) and not is_vague(rep("x"))
    assert idx.add(nowhere).fused_id == kabul  # the only candidate that day
    idx.add(rep("baghdad", place="Baghdad", country="IQ", lat=33.34, lon=44.40))
    assert idx.links["nowhere"].fused_id != kabul  # now it could be either


def test_two_country_only_reports_are_not_the_same_place() -> None:
    # Type, day and country alone are weak: two same-day bombings in one country are
    # common, so two country-only reports with nothing else in common stay apart.
    idx = FusionIndex()
    first = idx.add(_country_only("v1")).fused_id
    link = idx.add(_country_only("v2"))
    assert link.fused_id != first and "same place" not in link.reason


def test_country_only_reports_fuse_when_something_else_agrees() -> None:
    blame = [{"canonical": "Taliban", "basis": "claimed"}]
    idx = FusionIndex()
    first = idx.add(_country_only("v1", perpetrators=blame, casualties=_toll(12))).fused_id
    link = idx.add(_country_only("v2", perpetrators=blame, casualties=_toll(13)))
    assert link.fused_id == first
    assert "perpetrator/toll agree" in link.reason and "same place" not in link.reason
    # a reprint of the same story (one syndication family) is support enough on its own
    fam = idx.add(_country_only("v3", family_id="fam-1")).fused_id
    assert idx.add(_country_only("v4", family_id="fam-1")).fused_id == fam != first
    assert "story family agree" in idx.links["v4"].reason
    # a far toll is no support
    far = idx.add(_country_only("v5", casualties=_toll(60)))
    assert far.fused_id not in (first, fam)


def test_a_hand_made_link_of_a_vague_report_is_kept() -> None:
    idx = FusionIndex()
    kabul = idx.add(rep("kabul")).fused_id
    kandahar = idx.add(_kandahar("kandahar")).fused_id
    idx.add(_country_only("vague"))
    idx.link("vague", kandahar)
    idx.add(rep("kabul2"))  # revisits the neighbourhood
    assert idx.links["vague"].fused_id == kandahar and idx.links["vague"].manual
    assert idx.links["kabul2"].fused_id == kabul


def test_odd_vague_reports() -> None:
    idx = FusionIndex()
    idx.add(rep("kabul"))
    # no date, no place, no type group in common: each stands alone, nothing raises
    for r in (
        rep("undated", day=None, place=None, country=None, lat=None, lon=None),
        rep("protest", type="PROTEST", mode=None, lat=None, lon=None),
        rep("odd", place="\u202eنا\u0000", lat=None, lon=None, casualties=[{"killed": None}]),
    ):
        idx.add(r)
    assert idx.links["undated"].fused_id != idx.links["kabul"].fused_id
    assert idx.links["protest"].fused_id != idx.links["kabul"].fused_id
    assert idx.links["odd"].fused_id == idx.links["kabul"].fused_id  # same country, one fit


# --------------------------------------------------------------------------- in the store


@pytest.fixture
def store(tmp_path: Path) -> Any:
    store_mod = pytest.importorskip("dateline.store")
    s = store_mod.open_store(tmp_path / "corpus.db")
    yield s
    s.close()


def test_store_keeps_up_when_a_later_article_makes_a_link_ambiguous(store: Any) -> None:
    store.save(facts("A car bomb exploded in Kabul.", outlet="A"))
    store.save(
        facts(
            "A car bomb exploded in Afghanistan.",
            outlet="B",
            place="Afghanistan",
            published="2024-03-08T12:00:00+00:00",
        )
    )
    corpus.update(store)
    (one,) = corpus.fused_events(store)
    assert one["n_reports"] == 2
    store.save(
        facts(
            "A car bomb exploded in Kandahar.",
            outlet="C",
            place="Kandahar",
            published="2024-03-08T14:00:00+00:00",
        )
    )
    corpus.update(store)
    events = corpus.fused_events(store)
    assert len(events) == 3 and all(e["n_reports"] == 1 for e in events)
    # the stored links agree with a fresh load of the index
    from dateline.corpus import storage

    state = storage.load(storage.connection(store))
    assert sorted(len(fe.reports) for fe in state.fusion.fused.values()) == [1, 1, 1]
    assert {e["id"] for e in events} == set(state.fusion.fused)
