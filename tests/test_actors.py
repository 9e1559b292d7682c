"""The actor knowledge base: contents, alias groups, case rules, demonyms and titles."""

from __future__ import annotations

import re

import pycountry
import pytest

from dateline import actors
from dateline.actors import canonical, demonym_country, load_kb, lookup, strip_title

ISKP = "Islamic State Khorasan Province"


def test_kb_is_large_and_covers_every_family() -> None:
    kb = load_kb()
    assert len(kb) >= 400
    kinds = {}
    for actor in kb.actors.values():
        kinds[actor.kind] = kinds.get(actor.kind, 0) + 1
    assert kinds["state"] >= 193
    for kind in ("armed_group", "military", "police", "intelligence", "person", "igo", "outlet"):
        assert kinds.get(kind, 0) >= 5, kind


def test_records_are_well_formed() -> None:
    kb = load_kb()
    codes = {c.alpha_2 for c in pycountry.countries} | {"XK"}
    for actor in kb.actors.values():
        assert actor.name.strip() == actor.name and actor.name
        assert actor.sector and actor.sector.isupper(), actor.name
        assert actor.country is None or actor.country in codes, actor.name
        assert actor.qid is None or re.fullmatch(r"Q[1-9]\d*", actor.qid), actor.name
        assert actor.parent is None or actor.parent in kb.actors, (actor.name, actor.parent)
        if actor.kind == "person":
            assert actor.roles, actor.name


def test_no_alias_points_to_two_actors() -> None:
    assert load_kb().conflicts == []


def test_load_kb_is_cached() -> None:
    assert load_kb() is load_kb()


@pytest.mark.parametrize("alias", ["Daesh", "ISIS", "ISIL", "IS", "Islamic State", "Da'esh"])
def test_islamic_state_aliases(alias: str) -> None:
    actor = lookup(alias)
    assert actor is not None and actor.name == "Islamic State"
    assert actor.qid == "Q2429253" and actor.kind == "armed_group" and actor.sector == "REB"


@pytest.mark.parametrize(
    "alias", ["Daesh-K", "ISIS-K", "ISKP", "IS-K", "Islamic State Khorasan", "Daesh–K"]
)
def test_khorasan_province_aliases(alias: str) -> None:
    actor = lookup(alias)
    assert actor is not None and actor.name == ISKP
    assert actor.parent == "Islamic State" and actor.country == "AF"


@pytest.mark.parametrize(
    ("alias", "name", "kind"),
    [
        ("AQAP", "Al-Qaeda in the Arabian Peninsula", "armed_group"),
        ("al-Shabab", "Al-Shabaab", "armed_group"),
        ("Ansar Allah", "Houthis", "armed_group"),
        ("Wagner", "Wagner Group", "armed_group"),
        ("TTP", "Tehrik-i-Taliban Pakistan", "armed_group"),
        ("Hizbollah", "Hezbollah", "armed_group"),
        ("Pentagon", "United States Department of Defense", "military"),
        ("IDF", "Israel Defense Forces", "military"),
        ("U.N.", "United Nations", "igo"),
        ("AFP", "Agence France-Presse", "outlet"),
        ("TASS", "TASS", "outlet"),
        ("Zelensky", "Volodymyr Zelenskyy", "person"),
        ("Britain", "United Kingdom", "state"),
        ("DRC", "Democratic Republic of the Congo", "state"),
    ],
)
def test_common_aliases(alias: str, name: str, kind: str) -> None:
    actor = lookup(alias)
    assert actor is not None and (actor.name, actor.kind) == (name, kind)


def test_dangerous_short_aliases_are_case_sensitive() -> None:
    assert lookup("is") is None and lookup("Is") is None
    assert lookup("us") is None and lookup("Us") is None
    assert lookup("US").name == "United States"  # type: ignore[union-attr]
    assert lookup("un") is None and lookup("ap") is None
    assert actors.is_risky("IS") and actors.is_risky("US") and actors.is_risky("WHO")
    assert not actors.is_risky("ISIS") and not actors.is_risky("Taliban")


def test_long_aliases_match_whatever_the_case() -> None:
    assert lookup("taliban").name == "Taliban"  # type: ignore[union-attr]
    assert lookup("ISLAMIC STATE").name == "Islamic State"  # type: ignore[union-attr]
    assert lookup("the Taliban’s").name == "Taliban"  # type: ignore[union-attr]
    assert lookup("Daesh*").name == "Islamic State"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("word", "code"),
    [("Afghan", "AF"), ("Afghans", "AF"), ("afghan", "AF"), ("Pakistanis", "PK"),
     ("British", "GB"), ("Britons", "GB"), ("Syrians", "SY"), ("Dominican", "DO"),
     ("Burkinabe", "BF"), ("Emirati", "AE"), ("North Korean", "KP")],
)  # fmt: skip
def test_demonyms(word: str, code: str) -> None:
    assert demonym_country(word) == code


@pytest.mark.parametrize("word", ["Kabul", "Afghanistan", "civilians", "", "   ", "U.S."])
def test_not_demonyms(word: str) -> None:
    assert demonym_country(word) is None


def test_country_name_of_demonym() -> None:
    assert actors.country_name(demonym_country("Afghan")) == "Afghanistan"
    assert actors.country_name(None) is None


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("US President Joe Biden", "Joe Biden", "President of the United States"),
        ("Russian Foreign Minister Sergei Lavrov", "Sergei Lavrov", "Foreign Minister of Russia"),
        ("Pakistan's Prime Minister Imran Khan", "Imran Khan", "Prime Minister of Pakistan"),
        ("CNN correspondent Clarissa Ward", "Clarissa Ward", "CNN correspondent"),
        ("Taliban spokesman Zabihullah Mujahid", "Zabihullah Mujahid", "Taliban spokesman"),
        ("Lt. Gen. Jane Roe", "Jane Roe", "Lieutenant General"),
        ("Mr. John Smith", "John Smith", None),
        ("Clarissa Ward", "Clarissa Ward", None),
        ("President", "President", None),
    ],
)
def test_strip_title(text: str, name: str, role: str | None) -> None:
    assert strip_title(text) == (name, role)


def test_canonical_known_and_unknown() -> None:
    assert canonical("US President Joe Biden") == "Joe Biden"
    assert canonical("ISIS-K") == ISKP
    assert canonical("the Acme Brigade's") == "Acme Brigade"
    assert canonical("Northern Front*") == "Northern Front"


@pytest.mark.parametrize(
    "bad", ["", " ", "\u200b", "***", "’s", "\x00", "Daesh\u0301", "😀 ISIS 😀", "x" * 200_000]
)
def test_bad_input_never_raises(bad: str) -> None:
    lookup(bad)
    canonical(bad)
    demonym_country(bad)
    strip_title(bad)
    assert lookup("\u200b") is None


def test_clean_mention() -> None:
    assert actors.clean_mention("  “the Taliban’s” ") == "Taliban"
    assert actors.clean_mention("Daesh*") == "Daesh"


def test_mixed_case_acronyms_are_case_sensitive() -> None:
    assert lookup("LeT").name == "Lashkar-e-Taiba"  # type: ignore[union-attr]
    assert lookup("Let") is None and lookup("let") is None


def test_person_roles_carry_years() -> None:
    biden = lookup("Joe Biden")
    assert biden is not None and biden.kind == "person" and biden.label == "PERSON"
    first = biden.roles[0]
    assert (first.title, first.start, first.end) == ("President of the United States", 2021, 2025)


def test_build_kb_reports_conflicting_aliases(tmp_path) -> None:  # noqa: ANN001
    (tmp_path / "a.yaml").write_text(
        "- {name: Alpha Front, kind: armed_group, sector: REB, aliases: [Red Banner]}\n"
        "- {name: Beta Front, kind: armed_group, sector: REB, aliases: [Red Banner]}\n",
        encoding="utf-8",
    )
    kb = actors.build_kb(actors_dir=tmp_path)
    assert len(kb) == 2
    assert kb.conflicts == [("Red Banner", "Alpha Front", "Beta Front")]
    assert kb.folded["red banner"] == "Alpha Front"  # the first one keeps the alias


def test_build_kb_on_empty_folder(tmp_path) -> None:  # noqa: ANN001
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    kb = actors.build_kb(actors_dir=tmp_path)
    assert len(kb) == 0 and kb.aliases() == []
