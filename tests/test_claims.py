"""Claims of responsibility, denials, competing claims and third-party attributions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from spacy.language import Language

from dateline.model import Article, ArticleFacts, Event
from dateline.pipeline import analyze


def assault(nlp: Language, body: str) -> tuple[ArticleFacts, list[Event]]:
    head = "Attack Report"
    art = Article(
        title=head,
        text=head + "\n\n" + body,
        body_start=len(head) + 2,
        published=datetime(2024, 3, 15, tzinfo=UTC),
    ).with_id()
    facts = analyze(art, nlp)
    return facts, [e for e in facts.events if e.type == "ASSAULT"]


def test_active_claim_with_channel(nlp: Language) -> None:
    _, [ev] = assault(
        nlp,
        "Al-Shabaab claimed responsibility for a suicide attack on an army base in Mogadishu on "
        "Friday. In a statement posted on its Telegram channel, the group said a fighter "
        "detonated an explosive vest.",
    )
    [claim] = ev.claims
    assert (claim.claimant, claim.status) == ("Al-Shabaab", "claimed")
    assert claim.model_extra["via"] in ("statement", "social media")
    assert ("Al-Shabaab", "claimed") in [(a.canonical, a.basis) for a in ev.actors]


def test_passive_claim(nlp: Language) -> None:
    _, events = assault(
        nlp,
        "Two blasts hit a bus station in Kabul on Tuesday. Responsibility for the attack was "
        "claimed by the Taliban.",
    )
    ev = events[0]
    assert ("Taliban", "claimed") in [(c.claimant, c.status) for c in ev.claims]
    assert ("Taliban", "claimed") in [(a.canonical, a.basis) for a in ev.actors]


def test_third_party_attribution(nlp: Language) -> None:
    _, events = assault(
        nlp,
        "A roadside bomb killed four policemen in Diyala on Sunday. US officials blamed the "
        "Islamic State for the bombing.",
    )
    ev = events[0]
    [claim] = [c for c in ev.claims if c.status == "attributed"]
    assert claim.claimant == "Islamic State"
    assert claim.model_extra.get("by") == "United States"
    actor = next(a for a in ev.actors if a.canonical == "Islamic State")
    assert actor.basis == "attributed"


def test_denial_and_competing_claim(nlp: Language) -> None:
    _, events = assault(
        nlp,
        "A car bomb exploded outside a hotel in Mogadishu on Monday. Al-Shabaab claimed "
        "responsibility for the bombing. Hizbul Islam denied any involvement in the attack.",
    )
    ev = events[0]
    statuses = {(c.claimant, c.status) for c in ev.claims}
    assert ("Al-Shabaab", "claimed") in statuses
    assert any(s == "denied" for _, s in statuses)
    denied = [c.claimant for c in ev.claims if c.status == "denied"]
    assert all(a.canonical not in denied for a in ev.actors)


def test_suspected_perpetrator(nlp: Language) -> None:
    _, events = assault(
        nlp, "Suspected Boko Haram militants attacked a village near Maiduguri on Saturday."
    )
    ev = events[0]
    assert ev.actors and ev.actors[0].basis == "suspected"


def test_no_claim_stated(nlp: Language) -> None:
    _, events = assault(
        nlp,
        "A bomb exploded at a bus stop in Quetta on Friday. No group claimed responsibility.",
    )
    assert events and events[0].claims == []


def test_held_hostage_is_not_an_attribution(nlp: Language) -> None:
    _, events = assault(
        nlp,
        "Gunmen kidnapped two engineers near Gao on Monday. At least eight foreigners are "
        "still held by armed groups in the region, and a militant group said it was holding them.",
    )
    for ev in events:
        assert not [c for c in ev.claims if c.status == "attributed"], ev.claims
        names = {a.canonical for a in ev.actors}
        assert not names & {"at least eight foreigners", "them", "foreigners"}, names


def test_held_responsible_is_an_attribution(nlp: Language) -> None:
    _, events = assault(
        nlp,
        "A car bomb killed six people in Baghdad on Sunday. The interior ministry held the "
        "Islamic State responsible for the bombing.",
    )
    claims = [c for ev in events for c in ev.claims if c.status == "attributed"]
    assert [c.claimant for c in claims] == ["Islamic State"]


def test_group_saying_its_fighters_planted_the_bomb_claims_it(nlp: Language) -> None:
    _, events = assault(
        nlp,
        "A bomb exploded beside a police post in Quetta on Tuesday, killing five policemen. "
        "The Pakistani Taliban said in a statement that its fighters had planted the bomb.",
    )
    claims = [(c.claimant, c.status) for e in events for c in e.claims]
    assert ("Tehrik-i-Taliban Pakistan", "claimed") in claims


def test_fighters_of_others_planting_a_bomb_is_no_claim(nlp: Language) -> None:
    _, events = assault(
        nlp,
        "A bomb exploded beside a police post in Quetta on Tuesday, killing five policemen. "
        "Police said the fighters had planted the bomb at night.",
    )
    assert [c for e in events for c in e.claims] == []


def test_suspicions_name_the_suspect_not_its_description(nlp: Language) -> None:
    _, [ev] = assault(
        nlp,
        "Gunmen kidnapped four nurses near the town of Kaya on Monday, police said. "
        "Police suspected fighters of JNIM, the al-Qaeda-linked group that holds the roads "
        "around the town.",
    )
    assert ("Jama'at Nasr al-Islam wal Muslimin", "suspected") in [
        (a.canonical, a.basis) for a in ev.actors
    ]


def test_a_branch_named_by_its_parent_is_the_branch(nlp: Language) -> None:
    _, [ev] = assault(
        nlp,
        "Gunmen kidnapped four nurses near the town of Kaya on Monday. An official said "
        "fighters of Islamic State's Sahel branch, which is active in the area, were suspected.",
    )
    assert ("Islamic State Sahel Province", "suspected") in [
        (a.canonical, a.basis) for a in ev.actors
    ]


def test_branch_lookup() -> None:
    from dateline.actors import branch

    def name(phrase: str) -> str | None:
        found = branch(phrase)
        return found.name if found else None

    assert name("the Islamic State's Afghan affiliate") == "Islamic State Khorasan Province"
    assert name("Islamic State's West Africa province") == "Islamic State West Africa Province"
    assert name("the group's military wing") is None  # no group named


@pytest.mark.parametrize(
    ("body", "who", "basis"),
    [
        ("A bomb exploded at a market in Jolo on Friday, killing five people. The army said "
         "the attack was the work of Abu Sayyaf.", "Abu Sayyaf", "attributed"),
        ("A bomb exploded on a bus in Rajouri on Sunday, killing eight people. Police said "
         "the bombing had been planned by Lashkar-e-Taiba handlers.", "Lashkar-e-Taiba", "attributed"),
        ("Gunmen killed six farmers near Tibu on Saturday. The army said intelligence "
         "pointed to the ELN.", "National Liberation Army (Colombia)", "suspected"),
        ("A grenade exploded at a wedding in Cotabato on Friday, killing five people. "
         "ISEAP said on Sunday it had carried out the attack.",
         "Islamic State East Asia Province", "claimed"),
    ],
)  # fmt: skip
def test_more_ways_of_naming_who_did_it(nlp: Language, body: str, who: str, basis: str) -> None:
    _, events = assault(nlp, body)
    assert (who, basis) in [(a.canonical, a.basis) for e in events for a in e.actors]


def test_an_accusation_names_the_accused_not_the_charge(nlp: Language) -> None:
    _, events = assault(
        nlp,
        "A drone strike killed 14 people at a bus station in Bahir Dar on Friday. Regional "
        "officials accused the Ethiopian army of punishing civilians.",
    )
    names = [c.claimant for e in events for c in e.claims]
    assert names and not any("punishing" in n for n in names)
