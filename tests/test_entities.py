"""The dateline_entities component on short wire-style texts and the shared example."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from dateline.extract.entities import alias_matcher, entity_at, is_junk
from dateline.model import Article, Entity

ISKP = "Islamic State Khorasan Province"
KABUL = Path(__file__).resolve().parents[2] / "shared" / "examples" / "kabul-airport-2021-08-28.txt"


def analyse(nlp: Language, text: str, article: bool = True) -> Doc:
    """Run the pipeline up to and including dateline_entities (later layers are not ours)."""
    doc = nlp.make_doc(text)
    doc._.article = Article(text=text) if article else None
    for name, proc in nlp.pipeline:
        doc = proc(doc)
        if name == "dateline_entities":
            break
    for ent in doc._.entities:  # every mention points at its own text
        for m in ent.mentions:
            assert text[m.start : m.end] == m.text
    return doc


def by_name(doc: Doc) -> dict[str, Entity]:
    return {e.canonical: e for e in doc._.entities}


def texts(ent: Entity) -> list[str]:
    return [m.text for m in ent.mentions]


def all_mentions(doc: Doc) -> list[str]:
    return [m.text for e in doc._.entities for m in e.mentions]


# --------------------------------------------------------------------------- shared example


@pytest.fixture(scope="module")
def kabul(nlp: Language) -> Doc:
    if not KABUL.exists():
        pytest.skip("shared example absent")
    lines = [line.strip() for line in KABUL.read_text(encoding="utf-8").splitlines()]
    return analyse(nlp, "\n\n".join(line for line in lines if line))


def test_kabul_islamic_state_aliases(kabul: Doc) -> None:
    ents = by_name(kabul)
    isis = ents["Islamic State"]
    assert isis.qid == "Q2429253" and isis.kind == "armed_group"
    assert {"Daesh", "ISIS", "ISIL", "IS"} <= set(texts(isis))
    # "Daesh*" is found without its footnote star; the footnote's "IS" is Islamic State.
    assert not any(t.endswith("*") for t in all_mentions(kabul))
    declared = {d["alias"] for d in isis.aliases_declared}  # type: ignore[attr-defined]
    assert declared == {"ISIS", "ISIL", "IS"}


def test_kabul_khorasan_province(kabul: Doc) -> None:
    iskp = by_name(kabul)[ISKP]
    assert set(texts(iskp)) == {"Daesh-K", "ISIS-K"}
    assert iskp.parent == "Islamic State"  # type: ignore[attr-defined]


def test_kabul_people_outlets_and_groups(kabul: Doc) -> None:
    ents = by_name(kabul)
    assert ents["CNN"].kind == "outlet"
    ward = ents["Clarissa Ward"]
    assert ward.type == "PERSON"
    assert texts(ward).count("Ward") >= 2  # the bare surname joins the full name
    biden = ents["Joe Biden"]
    assert biden.type == "PERSON" and biden.role == "President of the United States"  # type: ignore[attr-defined]
    assert ents["Taliban"].kind == "armed_group"
    assert ents["United States"].kind == "state"


def test_kabul_no_junk(kabul: Doc) -> None:
    mentions = all_mentions(kabul)
    assert not any("GMT" in m for m in mentions)
    assert "Subscribe" not in mentions
    assert not any(m.startswith("@") for m in mentions)
    assert not any(len(m.split()) > 6 for m in mentions)  # no headline read as one ORG
    assert not any(any(c.isdigit() for c in m) for m in mentions)


def test_kabul_demonyms(kabul: Doc) -> None:
    afghan = by_name(kabul)["Afghan"]
    assert afghan.type == "NORP" and afghan.kind == "demonym"
    assert afghan.country == "AF" and afghan.country_name == "Afghanistan"  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- own texts


def test_verb_is_is_not_islamic_state(nlp: Language) -> None:
    doc = analyse(
        nlp,
        "IS fighters attacked a checkpoint near Raqqa on Monday.\n\n"
        "Is the group weaker? The commander said it is not, and that IS would strike again.",
    )
    isis = by_name(doc)["Islamic State"]
    assert texts(isis) == ["IS", "IS"]
    assert "is" not in all_mentions(doc) and "Is" not in all_mentions(doc)


def test_us_versus_us(nlp: Language) -> None:
    doc = analyse(nlp, "A local elder told us that US forces left the valley. Let us wait.")
    mentions = all_mentions(doc)
    assert "us" not in mentions
    assert "United States Armed Forces" in by_name(doc)


def test_all_caps_headline_does_not_trigger_short_aliases(nlp: Language) -> None:
    doc = analyse(nlp, "WHAT IS NEXT FOR US AND THE WORLD\n\nMarkets were calm on Tuesday.")
    assert "Islamic State" not in by_name(doc)
    assert "United States" not in by_name(doc)


def test_aliases_the_ner_misses(nlp: Language) -> None:
    doc = analyse(
        nlp,
        "ISKP claimed the bombing in Jalalabad. Analysts said Daesh-K had grown since 2020, "
        "while AQAP and al-Shabab were quiet.",
    )
    ents = by_name(doc)
    assert set(texts(ents[ISKP])) == {"ISKP", "Daesh-K"}
    assert "Al-Qaeda in the Arabian Peninsula" in ents and "Al-Shabaab" in ents


def test_demonym_gives_a_country_not_a_place(nlp: Language) -> None:
    doc = analyse(nlp, "Three Syrians and two Afghans were among the dead, officials said.")
    ents = by_name(doc)
    assert ents["Syrian"].country == "SY" and ents["Syrian"].kind == "demonym"  # type: ignore[attr-defined]
    assert ents["Afghan"].country == "AF"  # type: ignore[attr-defined]
    assert "Syria" not in ents and "Afghanistan" not in ents


def test_titles_give_roles(nlp: Language) -> None:
    doc = analyse(
        nlp,
        "Taliban spokesman Qari Yusuf Ahmadi denied the report. Russian Foreign Minister "
        "Sergei Lavrov said talks would continue.",
    )
    ents = by_name(doc)
    ahmadi = next(e for e in doc._.entities if e.canonical.endswith("Ahmadi"))
    assert ahmadi.type == "PERSON" and ahmadi.role == "Taliban spokesman"  # type: ignore[attr-defined]
    assert ents["Sergei Lavrov"].role == "Foreign Minister of Russia"  # type: ignore[attr-defined]
    assert "Foreign Minister of Russia" in ents["Sergei Lavrov"].roles  # type: ignore[attr-defined]


def test_declared_abbreviation_merges_unknown_group(nlp: Language) -> None:
    doc = analyse(
        nlp,
        "Fighters of the Northern Valley Front (NVF) seized two villages on Sunday. "
        "An NVF statement said the offensive would go on.",
    )
    ents = by_name(doc)
    front = ents["Northern Valley Front"]
    assert texts(front).count("NVF") == 2
    declared = front.aliases_declared  # type: ignore[attr-defined]
    assert declared[0]["alias"] == "NVF" and declared[0]["reason"] == "abbreviation"
    assert doc.text[declared[0]["start"] : declared[0]["end"]] == "NVF"
    # The merge is a link with a reason: each merged mention keeps the name it had alone.
    nvf = [m for m in front.mentions if m.text == "NVF"]
    assert all(m.linked_by == "declared" for m in nvf)  # type: ignore[attr-defined]


def test_declared_also_called(nlp: Language) -> None:
    doc = analyse(
        nlp,
        "The Green Crescent Brigade, also called Saraya Hilal, claimed the attack. "
        "Saraya Hilal has operated in the area since 2019.",
    )
    ents = by_name(doc)
    assert "Saraya Hilal" not in ents
    brigade = ents["Green Crescent Brigade"]
    assert texts(brigade).count("Saraya Hilal") == 2
    assert brigade.aliases_declared[0]["reason"] == "also known as"  # type: ignore[attr-defined]


def test_declared_affiliate_records_parent(nlp: Language) -> None:
    doc = analyse(
        nlp,
        "ISIS-K, the Islamic State's Afghan affiliate, said it carried out the blast.",
    )
    iskp = by_name(doc)[ISKP]
    assert iskp.parent_declared == "Islamic State"  # type: ignore[attr-defined]
    (decl,) = iskp.aliases_declared  # type: ignore[attr-defined]
    assert decl["alias"] == "the Islamic State's Afghan affiliate"
    assert decl["reason"] == "appositive"


def test_dateline_in_parentheses_is_not_an_alias(nlp: Language) -> None:
    doc = analyse(nlp, "MOGADISHU (Reuters) - Al-Shabaab fighters attacked a base on Friday.")
    ents = by_name(doc)
    assert "Reuters" in ents and ents["Reuters"].kind == "outlet"
    assert all(
        m.text != "Reuters" for e in doc._.entities if e.canonical != "Reuters" for m in e.mentions
    )


def test_possessives_and_stars_are_cleaned(nlp: Language) -> None:
    doc = analyse(
        nlp,
        "Hezbollah's fighters and the Wagner Group's men* clashed, the Kremlin's envoy said.",
    )
    mentions = all_mentions(doc)
    assert "Hezbollah" in mentions and "Wagner Group" in mentions
    assert not any(m.endswith(("'s", "’s", "*")) for m in mentions)


def test_person_name_with_country_alias_inside(nlp: Language) -> None:
    doc = analyse(nlp, "Chad Mitchell, a senior analyst, said the talks had stalled.")
    ents = by_name(doc)
    assert "Chad" not in ents
    assert any(e.type == "PERSON" and "Mitchell" in e.canonical for e in doc._.entities)


def test_sector_and_country_set(nlp: Language) -> None:
    doc = analyse(nlp, "The Islamic Revolutionary Guard Corps said its drones hit the base.")
    irgc = by_name(doc)["Islamic Revolutionary Guard Corps"]
    assert irgc.sector == "MIL" and irgc.country == "IR"  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "*", "…", "\u200b\u200b"])
def test_empty_and_blank_docs(nlp: Language, text: str) -> None:
    assert analyse(nlp, text)._.entities == []


def test_odd_unicode(nlp: Language) -> None:
    text = (
        "Da\u200besh 🔥 fighters — “ISIS” — met\u00a0Taliban envoys in Kab\u0301ul.\n\n"
        "\u202eالدولة الإسلامية\u202c said ISIS-K’s cell was hit. 𝐓𝐚𝐥𝐢𝐛𝐚𝐧"
    )
    doc = analyse(nlp, text)
    ents = by_name(doc)
    assert "Taliban" in ents and "Islamic State" in ents and ISKP in ents


def test_no_article_attached(nlp: Language) -> None:
    doc = analyse(nlp, "Hamas and Israel agreed a truce, Egypt said.", article=False)
    assert {"Hamas", "Israel", "Egypt"} <= set(by_name(doc))


def test_huge_doc(nlp: Language) -> None:
    para = "Taliban fighters and ISKP militants clashed near Kabul, a CNN report said.\n\n"
    doc = analyse(nlp, para * 600)
    ents = by_name(doc)
    assert len(ents["Taliban"].mentions) == 600
    assert len(ents[ISKP].mentions) == 600


def test_matcher_built_once(nlp: Language) -> None:
    assert alias_matcher(nlp) is alias_matcher(nlp)


def test_lower_cased_text_matches_safe_acronyms_only(nlp: Language) -> None:
    doc = analyse(
        nlp, "the fmln said it is ready to talk. let us wait, the eln and the medellin cartel said."
    )
    ents = by_name(doc)
    assert "Farabundo Martí National Liberation Front" in ents
    assert "Medellín Cartel" in ents and "National Liberation Army (Colombia)" in ents
    assert not {"Islamic State", "United States", "Lashkar-e-Taiba"} & set(ents)


def test_let_is_not_lashkar_e_taiba(nlp: Language) -> None:
    doc = analyse(nlp, "Let us be clear, an Indian official said. LeT denied any role.")
    lashkar = by_name(doc)["Lashkar-e-Taiba"]
    assert texts(lashkar) == ["LeT"]


def test_airport_named_after_a_person_is_a_facility(nlp: Language) -> None:
    doc = analyse(nlp, "Crowds gathered at Hamid Karzai International Airport on Monday.")
    ents = by_name(doc)
    assert "Hamid Karzai" not in ents
    assert ents["Hamid Karzai International Airport"].type == "FAC"


def test_soldiers_link_to_the_armed_forces(nlp: Language) -> None:
    doc = analyse(nlp, "The blasts killed 13 US soldiers and dozens of civilians.")
    ents = by_name(doc)
    assert texts(ents["United States Armed Forces"]) == ["US soldiers"]


def test_declared_merge_keeps_the_original_name(nlp: Language) -> None:
    doc = analyse(
        nlp,
        "The Blue River Coalition (BRC) held talks on Monday. BRC negotiators left early.",
    )
    coalition = by_name(doc)["Blue River Coalition"]
    brc = [m for m in coalition.mentions if m.text == "BRC"]
    assert len(brc) == 2
    # Undoing the merge is possible: each "BRC" was either found through the declaration
    # or merged into the coalition with the name it had on its own kept.
    for m in brc:
        assert m.linked_by == "declared"  # type: ignore[attr-defined]
        assert getattr(m, "as_named", "BRC") == "BRC"
    assert coalition.mentions[0].linked_by == "ner"  # type: ignore[attr-defined]


def test_surname_of_another_person_is_not_a_kb_person(nlp: Language) -> None:
    doc = analyse(nlp, "The director Werner Herzog said the film was finished.")
    assert "Isaac Herzog" not in by_name(doc)


def test_entity_at_finds_the_entity_of_a_span(nlp: Language) -> None:
    text = "Taliban spokesman Zabihullah Mujahid said ISKP fighters were arrested."
    doc = analyse(nlp, text)
    start = text.index("ISKP")
    found = entity_at(doc._.entities, start, start + len("ISKP fighters"))
    assert found is not None and found.canonical == ISKP
    assert entity_at(doc._.entities, 0, 0) is None
    assert entity_at(None, 0, 10) is None


def test_titles_written_with_hyphens_and_abbreviations(nlp: Language) -> None:
    doc = analyse(
        nlp,
        "Secretary-General António Guterres condemned the raid. Capt. Ibrahim Traoré vowed "
        "revenge, and the Taliban's spokesman Zabihullah Mujahid denied it.",
    )
    ents = by_name(doc)
    assert ents["António Guterres"].role == "Secretary-General"  # type: ignore[attr-defined]
    assert ents["Ibrahim Traoré"].role == "Captain"  # type: ignore[attr-defined]
    assert ents["Zabihullah Mujahid"].role == "Taliban spokesman"  # type: ignore[attr-defined]


def test_appositive_titles_give_roles(nlp: Language) -> None:
    doc = analyse(
        nlp,
        "Antony Blinken, the US secretary of state, arrived on Monday. The EU's foreign policy "
        "chief, Kaja Kallas, met him. Sam Brown, a farmer, said nothing.",
    )
    ents = by_name(doc)
    assert ents["Antony Blinken"].role == "Secretary of State of the United States"  # type: ignore[attr-defined]
    assert ents["Kaja Kallas"].role == "European Union foreign policy chief"  # type: ignore[attr-defined]
    assert not hasattr(ents["Sam Brown"], "role")


def test_us_state_named_like_a_country(nlp: Language) -> None:
    doc = analyse(
        nlp,
        "Georgia's government in Tbilisi protested; officials in the US state of Georgia did not.",
    )
    georgia = by_name(doc)["Georgia"]
    assert georgia.kind == "state" and texts(georgia) == ["Georgia"]
    assert texts(by_name(doc)["Georgia (US state)"]) == ["Georgia"]


def test_a_common_noun_read_as_an_org_is_no_entity(nlp: Language) -> None:
    # spaCy's small model tags "warplanes" ORG here; as a perpetrator it would name no one
    text = (
        "Ten civilians were killed on Wednesday when warplanes struck a neighbourhood "
        "in Idlib city in northwest Syria, a monitoring group said."
    )
    doc = analyse(nlp, text)
    assert "warplanes" not in [e.canonical for e in doc._.entities]
    events = nlp(text)._.events
    assert events and all(a.canonical != "warplanes" for e in events for a in e.actors)
    # in a lower-cased corpus every name is lower case: the rule is off there
    span = next(t for t in nlp(text) if t.text == "warplanes")
    one = span.doc[span.i : span.i + 1]
    assert is_junk(one, cased=True) and not is_junk(one, cased=False)
