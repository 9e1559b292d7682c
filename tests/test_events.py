"""Events: types and modes, merged mentions, arguments, traps (articles written for the tests)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from spacy.language import Language

from dateline.extract.event_table import find_triggers, table
from dateline.gazetteer import fold
from dateline.model import Article, ArticleFacts, Event
from dateline.pipeline import analyze

SHARED_EXAMPLES = Path(__file__).resolve().parent.parent.parent / "shared" / "examples"

PUB = datetime(2024, 3, 15, 12, 0, tzinfo=UTC)  # a Friday


def run(nlp: Language, head: str, body: str) -> ArticleFacts:
    text = head + "\n\n" + body
    art = Article(title=head, text=text, body_start=len(head) + 2, published=PUB).with_id()
    return analyze(art, nlp)


def only(facts: ArticleFacts, type_: str) -> list[Event]:
    return [e for e in facts.events if e.type == type_]


def test_table_loads_and_codes_every_assault() -> None:
    tab = table()
    assert "bombing" in tab.by_first and "airstrike" in tab.by_first
    for trigs in tab.by_first.values():
        for t in trigs:
            assert t.family and t.type.isupper()


@pytest.mark.parametrize(
    ("body", "type_", "mode", "gtd"),
    [
        ("A suicide bombing at a mosque in Quetta killed 12 worshippers on Friday.",
         "ASSAULT", "suicide-attack", "Bombing/Explosion"),
        ("A drone strike hit a compound near Mosul on Thursday.", "ASSAULT", "drone", None),
        ("Gunmen opened fire on a bus near Jos on Wednesday.", "ASSAULT", "firearms",
         "Armed Assault"),
        ("Armed men kidnapped three engineers near Kano on Tuesday.", "ASSAULT", "abduct",
         "Hostage Taking (Kidnapping)"),
        ("Police arrested two men in Lyon on Thursday.", "COERCE", "arrest", None),
        ("Thousands of teachers held a protest in Nairobi on Monday.", "PROTEST", None, None),
        ("Artillery shelling of the town continued on Wednesday.", "ASSAULT", "explosives", None),
    ],
)  # fmt: skip
def test_event_type_and_mode(
    nlp: Language, body: str, type_: str, mode: str | None, gtd: str | None
) -> None:
    facts = run(nlp, "Report", body)
    events = only(facts, type_)
    assert len(events) == 1, facts.events
    if mode:
        assert events[0].mode == mode
    if gtd:
        assert events[0].gtd_attack_type == gtd
    assert events[0].hedge and events[0].confidence is not None
    assert events[0].id.endswith("-e1") or events[0].id.split("-e")[1].isdigit()


def test_mentions_of_one_event_merge_with_headline(nlp: Language) -> None:
    facts = run(
        nlp,
        "Car Bomb Kills Dozens at Market",
        "A car bomb exploded at a busy market in Gao on Wednesday, killing at least 60 people "
        "and wounding dozens, police said. No group has claimed responsibility for the bombing.",
    )
    [ev] = only(facts, "ASSAULT")
    texts = [m.text for m in ev.mentions]
    assert "Car Bomb" in texts and "the bombing" in texts
    assert ev.date is not None and ev.date.value == "2024-03-13"
    assert ev.claims == [] and ev.actors == []  # "no group has claimed" is not a claim
    assert any(i.text == "car bomb" for i in ev.instrument)


def test_recalled_past_attack_is_a_separate_older_event(nlp: Language) -> None:
    facts = run(
        nlp,
        "Gunmen Kill Four in Village",
        "Gunmen opened fire on villagers in Dori on Monday, killing four people. In March 2019, "
        "a similar attack in the same district killed 20 people.",
    )
    events = only(facts, "ASSAULT")
    assert len(events) == 2
    now, past = events
    assert now.date and now.date.value == "2024-03-11"
    assert past.date and past.date.value == "2019-03"
    assert [c.killed for c in now.casualties] == [4]
    assert [c.killed for c in past.casualties] == [20]
    assert now.actors[0].canonical.lower() == "gunmen"


def test_quoted_threat_is_not_an_attack(nlp: Language) -> None:
    facts = run(
        nlp,
        "Rebel Leader Warns of New Offensive",
        '"We will attack the capital again if our demands are not met," the rebel commander '
        "said in a video released on Tuesday.",
    )
    assert only(facts, "ASSAULT") == []
    [threat] = only(facts, "THREATEN")
    assert any(t.text == "the capital" for t in threat.targets)


def test_possibility_of_more_attacks_is_no_event(nlp: Language) -> None:
    facts = run(
        nlp,
        "Officials Warn",
        "The minister did not rule out the possibility of more attacks in the capital.",
    )
    assert only(facts, "ASSAULT") == []


def test_arrest_and_protest_are_separate(nlp: Language) -> None:
    facts = run(
        nlp,
        "Police Arrest Suspects",
        "Police in Brussels arrested three men on Thursday in connection with a plot. Hundreds "
        "of people held a protest in the city center on Saturday.",
    )
    [arrest] = only(facts, "COERCE")
    [protest] = only(facts, "PROTEST")
    assert arrest.date and arrest.date.value == "2024-03-14"
    assert protest.date and protest.date.value == "2024-03-09"
    assert any(t.text == "three men" for t in arrest.targets)
    assert arrest.actors and arrest.actors[0].role == "enforcer"


def test_place_and_perpetrator_from_entities(nlp: Language) -> None:
    facts = run(
        nlp,
        "Militants Claim Checkpoint Attack",
        "Al-Shabaab claimed responsibility on Friday for a suicide attack on an army checkpoint "
        "in Mogadishu that killed five soldiers.",
    )
    [ev] = only(facts, "ASSAULT")
    assert ev.place is not None and ev.place.name == "Mogadishu"
    if ev.place.from_place is not None:
        assert facts.places[ev.place.from_place].text == "Mogadishu"
    assert [(a.canonical, a.basis) for a in ev.actors] == [("Al-Shabaab", "claimed")]
    assert any("checkpoint" in t.text for t in ev.targets)


def test_interview_is_a_communication_event(nlp: Language) -> None:
    facts = run(
        nlp,
        "Reporter Met Rebel Chief",
        "BBC correspondent Lyse Doucet spoke to a rebel commander two days before the Tuesday "
        "bombing at the port. The interview was aired on Thursday.",
    )
    [comm] = only(facts, "COMMUNICATE")
    assert comm.mode == "interview" and len(comm.mentions) == 2
    [ev] = only(facts, "ASSAULT")
    assert ev.date and ev.date.value == "2024-03-12"
    assert comm.date is not None and comm.date.value == "2024-03-10"


def test_time_relative_to_event_resolved_against_it(nlp: Language) -> None:
    facts = run(
        nlp,
        "Attack Aftermath",
        "A suicide bombing hit the airport on Tuesday. The interview was aired two days after "
        "the bombing.",
    )
    [ev] = only(facts, "ASSAULT")
    rel = [t for t in facts.times if "relation" in (t.model_extra or {})]
    assert rel and rel[0].value == "2024-03-14"
    assert rel[0].anchor == f"event:{ev.id}"


def test_kabul_example(nlp: Language) -> None:
    path = SHARED_EXAMPLES / "kabul-airport-2021-08-28.txt"
    if not path.exists():
        pytest.skip("shared example not present")
    import dateline

    facts = dateline.analyze_text(path.read_text("utf-8"))
    assaults = only(facts, "ASSAULT")
    main = assaults[0]
    assert main.mode == "suicide-attack" and main.date and main.date.value == "2021-08-26"
    texts = [m.text for m in main.mentions]
    assert "the Thursday attacks" in texts and "several deadly blasts" in texts
    assert any("Blasts" in t for t in texts)
    assert ("Islamic State", "claimed") in [(a.canonical, a.basis) for a in main.actors]
    got = {(c.group, c.killed, c.qualifier) for c in main.casualties}
    assert ("US soldiers", 13, "exact") in got
    assert ("Afghan civilians", 100, "over") in got
    assert ("Taliban members", None, "unknown") in got
    assert main.place and "Airport" in (main.place.name or "")
    strike = [e for e in assaults if e.mode == "aerial"]
    assert strike and strike[0].date and strike[0].date.value == "2021-08-27"
    assert strike[0].actors[0].canonical == "United States"
    [interview] = [e for e in facts.events if e.mode == "interview"]
    assert interview.date and interview.date.value == "2021-08-24"
    statements = [e for e in facts.events if e.mode == "statement"]
    assert any(a.canonical == "Joe Biden" for e in statements for a in e.actors)


@pytest.mark.parametrize(
    "text", ["", " ", "\u200b\u202e\ufeff", "bomb " * 3000, "Ω≈ç√ attack ☃ " * 50]
)
def test_bad_input_does_not_break(nlp: Language, text: str) -> None:
    facts = run(nlp, "x", text)
    for ev in facts.events:
        assert 0 <= ev.mentions[0].start <= ev.mentions[0].end <= len(facts.article.text)


def test_trigger_matching_longest_first(nlp: Language) -> None:
    doc = nlp.make_doc("A suicide bombing and a car bomb.")
    for _, proc in nlp.pipeline[:3]:
        doc = proc(doc)
    found = [(doc[s:e].text, t.mode) for s, e, t in find_triggers(doc)]
    assert ("suicide bombing", "suicide-attack") in found
    assert ("car bomb", "explosives") in found


def test_wire_dateline_place_is_not_the_perpetrator(nlp: Language) -> None:
    facts = run(
        nlp,
        "Drone Strike Hits Camp",
        "MAIDUGURI, Nigeria - A Nigerian air force drone struck a camp on an island in Lake "
        "Chad on Tuesday, killing at least 23 fighters, the army said.\n\n"
        "OUAGADOUGOU - Gunmen on motorbikes attacked a village on Sunday, killing 12 people.",
    )
    actors = [a for e in only(facts, "ASSAULT") for a in e.actors if a.role == "perpetrator"]
    texts = [(a.model_extra or {}).get("text", a.canonical) for a in actors]
    assert not any("MAIDUGURI" in t or "OUAGADOUGOU" in t for t in texts), texts
    assert "Gunmen" in texts


def test_projectiles_hitting_a_place_are_a_shelling(nlp: Language) -> None:
    facts = run(
        nlp,
        "Report",
        "Artillery shells hit a residential district of Kharkiv on Sunday morning, killing three "
        "people and wounding 17, the regional governor said. Rockets struck a market in the "
        "town on Monday.",
    )
    evs = only(facts, "ASSAULT")
    assert [e.mode for e in evs] == ["explosives", "explosives"]
    assert [(c.killed, c.injured) for c in evs[0].casualties] == [(3, None), (None, 17)]
    # a shell company hitting a record is no attack
    assert (
        only(run(nlp, "Report", "The shell company hit a record profit on Monday."), "ASSAULT")
        == []
    )


def test_a_partys_own_account_of_its_strike_is_the_same_event(nlp: Language) -> None:
    facts = run(
        nlp,
        "Six Dead in Air Raid on Homs Suburb",
        "Six civilians were killed on Thursday when warplanes struck a market in Homs city "
        "in western Syria, a monitoring group said.\n\n"
        'The Syrian army said in a statement that its aircraft had hit "terrorist hideouts" '
        "in the area.",
    )
    strikes = only(facts, "ASSAULT")
    assert len(strikes) == 1
    strike = strikes[0]
    assert strike.place is not None and strike.place.name == "Homs"  # not "Syria"
    assert [(a.canonical, a.basis) for a in strike.actors] == [("Syrian Arab Army", "claimed")]
    assert "terrorist hideouts" in [t.text for t in strike.targets]  # no quote mark in the span


def test_a_second_strike_told_by_a_witness_stays_apart(nlp: Language) -> None:
    facts = run(
        nlp,
        "Six Dead in Air Raid on Homs Suburb",
        "Six civilians were killed on Thursday when warplanes struck a market in Homs, "
        "a monitoring group said.\n\n"
        "A resident said drones had hit a police station in Hama on Monday.",
    )
    assert len(only(facts, "ASSAULT")) == 2


def test_a_bearing_names_no_place_of_event(nlp: Language) -> None:
    facts = run(
        nlp,
        "Drone Strike Hits Camp",
        "A drone hit a camp for displaced families in the town of Harib, south of Marib, on "
        "Thursday, killing four people, aid workers said.",
    )
    [strike] = only(facts, "ASSAULT")
    assert strike.place is not None and fold(strike.place.name or "") == "harib"  # Ḩarīb


def test_a_fire_set_in_the_attack_is_the_attack(nlp: Language) -> None:
    facts = run(
        nlp,
        "Insurgents Attack Village",
        "Insurgents attacked a village in Cabo Delgado province on Monday, killing nine "
        "villagers and burning dozens of homes, officials said.",
    )
    [attack] = only(facts, "ASSAULT")
    assert attack.mode != "arson"
    assert [c.killed for c in attack.casualties] == [9]
