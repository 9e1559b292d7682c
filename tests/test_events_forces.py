"""A state's armed forces and police named by a demonym or the state ("Russian warplanes",
"Pakistani security forces", "Kenyan police") as perpetrators and victims; the traps
("Russian-made", "a former US soldier", "Afghan civilians"); weapon-subject attacks ("its
aircraft had hit"); warnings of attacks to come (articles written for the tests)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from spacy.language import Language

from dateline.actors import state_force
from dateline.model import Article, ArticleFacts, Event
from dateline.pipeline import analyze

PUB = datetime(2024, 3, 15, 12, 0, tzinfo=UTC)  # a Friday


def run(nlp: Language, body: str, head: str = "Report") -> ArticleFacts:
    text = head + "\n\n" + body
    art = Article(title=head, text=text, body_start=len(head) + 2, published=PUB).with_id()
    return analyze(art, nlp)


def assaults(facts: ArticleFacts) -> list[Event]:
    return [e for e in facts.events if e.type == "ASSAULT"]


def perpetrators(facts: ArticleFacts) -> list[tuple[str, str | None]]:
    # force used on protesters is told in the protest event (tests/test_fusion_extraction.py)
    events = assaults(facts) + [e for e in facts.events if e.type == "PROTEST"]
    return [(a.canonical, a.basis) for e in events for a in e.actors if a.role == "perpetrator"]


@pytest.mark.parametrize(
    ("code", "kind", "name"),
    [
        ("RU", "military", "Russian Armed Forces"),
        ("PK", "military", "Pakistan Armed Forces"),
        ("IL", "military", "Israel Defense Forces"),
        ("US", "military", "United States Armed Forces"),
        ("TH", "military", "Royal Thai Armed Forces"),
        ("KE", "police", "National Police Service (Kenya)"),
        ("IT", "police", "Polizia di Stato"),  # not the Carabinieri, a gendarmerie
        ("US", "police", None),  # no national police
        ("IN", "police", None),
    ],
)
def test_state_force_from_the_kb(code: str, kind: str, name: str | None) -> None:
    actor = state_force(code, kind)
    assert (actor.name if actor else None) == name


@pytest.mark.parametrize(
    ("body", "perpetrator"),
    [
        ("Russian warplanes carried out the strike on a market in Idlib on Tuesday, killing "
         "nine civilians.", "Russian Armed Forces"),
        ("Israeli troops opened fire on protesters near the fence on Friday, wounding 12 people.",
         "Israel Defense Forces"),
        ("US forces killed a senior militant commander in a raid in Syria on Thursday.",
         "United States Armed Forces"),
        ("Nigerian soldiers killed 20 insurgents in an ambush near Maiduguri on Sunday.",
         "Nigerian Armed Forces"),
        ("Pakistani security forces killed six militants in a raid in North Waziristan on "
         "Wednesday.", "Pakistan Armed Forces"),
        ("Pakistan's security forces killed four militants in Bannu on Tuesday.",
         "Pakistan Armed Forces"),
        ("Turkish warplanes bombed Kurdish positions in northern Iraq on Tuesday.",
         "Turkish Armed Forces"),
        ("Russian shelling killed four civilians in Kherson on Sunday.", "Russian Armed Forces"),
        ("An Israeli airstrike killed five people in Rafah on Monday.", "Israel Defense Forces"),
    ],
)  # fmt: skip
def test_state_forces_as_perpetrators(nlp: Language, body: str, perpetrator: str) -> None:
    facts = run(nlp, body)
    got = perpetrators(facts)
    assert (perpetrator, "asserted") in got, facts.events
    assert len({c for c, _ in got}) == 1, got  # not the demonym too ("Russian", "Israeli")


def test_army_saying_its_aircraft_hit_is_its_claim(nlp: Language) -> None:
    facts = run(
        nlp, "The Syrian army said its aircraft had hit a rebel convoy near Hama on Monday."
    )
    [ev] = assaults(facts)
    assert ev.mode == "aerial"
    assert ("Syrian Arab Army", "claimed") in perpetrators(facts)
    assert [t.text for t in ev.targets] == ["a rebel convoy"]


def test_weapon_subject_is_an_attack_with_no_perpetrator(nlp: Language) -> None:
    facts = run(
        nlp, "A roadside bomb struck a patrol in Kidal on Monday, killing two French soldiers."
    )
    [ev] = assaults(facts)
    assert ev.mode == "explosives" and perpetrators(facts) == []
    victims = [(t.text, t.canonical) for t in ev.targets if getattr(t, "role", None) == "victim"]
    assert victims == [("French soldiers", "French Armed Forces")]


def test_soldiers_killed_are_victims_of_their_side(nlp: Language) -> None:
    facts = run(
        nlp,
        "A suicide bomber attacked a convoy in Kandahar on Monday, killing 13 US soldiers and "
        "two Afghan civilians.",
    )
    [ev] = assaults(facts)
    victims = {t.text: t.canonical for t in ev.targets if getattr(t, "role", None) == "victim"}
    assert victims["US soldiers"] == "United States Armed Forces"
    assert victims["Afghan civilians"] == "Afghan"  # civilians are no armed force
    assert ("US soldiers", 13) in [(c.group, c.killed) for c in ev.casualties]
    assert "United States Armed Forces" not in [a.canonical for a in ev.actors]


def test_a_single_us_soldier_is_of_the_us_forces(nlp: Language) -> None:
    facts = run(
        nlp,
        "A US soldier was killed when a roadside bomb hit a convoy near Baghdad on Monday.",
    )
    [ev] = assaults(facts)
    victims = {t.text: t.canonical for t in ev.targets if getattr(t, "role", None) == "victim"}
    assert victims == {"US soldier": "United States Armed Forces"}


@pytest.mark.parametrize(
    ("body", "not_actor"),
    [
        ("A former US soldier opened fire at a shopping mall in Texas on Saturday, killing "
         "five people.", {"United States", "United States Armed Forces"}),
        ("Pro-Russian forces shelled the town of Avdiivka on Monday, killing two civilians.",
         {"Russian Armed Forces", "Russia"}),
        ("Indian police arrested three men in Srinagar on Friday.", {"Indian", "India"}),
    ],
)  # fmt: skip
def test_traps_are_not_the_state_force(nlp: Language, body: str, not_actor: set[str]) -> None:
    facts = run(nlp, body)
    actors = [a.canonical for e in facts.events for a in e.actors]
    assert actors, facts.events
    assert not set(actors) & not_actor, actors


def test_russian_made_weapons_are_not_russian_forces(nlp: Language) -> None:
    facts = run(
        nlp,
        "Gunmen carrying Russian-made rifles attacked a checkpoint in Darfur on Monday, killing "
        "four people. Russian-made warplanes were seen over the town.",
    )
    names = [e.canonical for e in facts.entities]
    assert "Russian Armed Forces" not in names, names
    assert [a.canonical for e in assaults(facts) for a in e.actors if a.role == "perpetrator"] == [
        "Gunmen"
    ]


def test_warning_of_attacks_to_come_is_a_dated_threat(nlp: Language) -> None:
    facts = run(
        nlp,
        "A bomb exploded at a bus station in Peshawar on Thursday, killing six people.\n\n"
        "Interior Minister Ahmed Khan did not rule out more attacks in the city over the next "
        "48 hours.",
    )
    [warn] = [e for e in facts.events if e.type == "THREATEN"]
    assert warn.mode == "warning" and warn.hedge == "not_ruled_out"
    assert warn.date is not None and (warn.date.model_extra or {}).get("direction") == "future"
    interval = (warn.date.model_extra or {})["interval"]
    assert interval[0].startswith("2024-03-15") and interval[1].startswith("2024-03-17")
    assert [a.role for a in warn.actors] == ["source"]
    [attack] = assaults(facts)  # the warned-of attacks are not an attack that happened
    assert attack.date and attack.date.value == "2024-03-14"


def test_no_warning_without_a_future_time(nlp: Language) -> None:
    facts = run(
        nlp,
        "A bomb exploded at a bus station in Peshawar on Thursday, killing six people. "
        "Officials fear more attacks.",
    )
    assert not [e for e in facts.events if e.type == "THREATEN"]


def test_past_attack_in_a_future_clause_is_no_warning(nlp: Language) -> None:
    facts = run(
        nlp,
        "A bomb exploded at a bus station in Peshawar on Thursday, killing six people. "
        "Investigators will examine the attack on Monday.",
    )
    assert not [e for e in facts.events if e.type == "THREATEN"]


def test_demonym_the_ner_missed_before_a_force_noun(nlp: Language) -> None:
    facts = run(nlp, "Ukrainian drones attacked an oil depot in Bryansk on Tuesday.")
    assert ("Armed Forces of Ukraine", "asserted") in perpetrators(facts)
    facts = run(nlp, "The Ukrainian delegation arrived in Geneva on Monday.")
    assert "Armed Forces of Ukraine" not in [e.canonical for e in facts.entities]


def test_a_known_force_hitting_something_is_an_attack_by_it(nlp: Language) -> None:
    facts = run(
        nlp,
        "A drone struck a bus station in Bahir Dar on Saturday, killing 20 people. A government "
        "spokesman said the Ethiopian National Defense Force had targeted armed extremists.",
    )
    assert ("Ethiopian National Defense Force", "attributed") in perpetrators(facts)
