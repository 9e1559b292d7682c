"""Truecasing of lower-cased wire copy and the noun-phrase role scorer (own sentences)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.language import Language

from dateline.extract.role_model import (
    CLASSES,
    ROLES,
    RoleModel,
    candidates,
    event_arguments,
    load_model,
    normalise,
)
from dateline.model import Article
from dateline.pipeline import make_doc
from dateline.truecase import truecase

TEXT = (
    "guerrillas of the popular liberation front dynamited a power pylon near the town on "
    "monday. the attack left the region without electricity, the army said."
)


def parse(nlp: Language, text: str):  # noqa: ANN201
    return nlp(make_doc(nlp, Article(text=text).with_id()))


@pytest.mark.parametrize(
    "text",
    ["", "a", "straße ßß İstanbul", "x" * 5000, "taliban. \n\n shining path said i would go"],
)
def test_truecase_keeps_every_offset(text: str) -> None:
    out = truecase(text)
    assert len(out) == len(text)
    if text.isascii():
        assert out.lower() == text.lower()


def test_truecase_restores_sentence_starts_and_kb_names() -> None:
    out = truecase("the taliban said it. police arrested two men; i saw it.")
    assert out.startswith("The Taliban said it. Police arrested")
    assert "; I saw it." in out


def test_normalise_is_the_scorer_form() -> None:
    assert normalise('The "Santo Tomas" farm.') == "santo tomas farm"
    assert normalise("an FMLN column") == "fmln column"
    assert normalise("...") == ""


def test_candidates_have_offsets_and_features(nlp: Language) -> None:
    doc = parse(nlp, truecase(TEXT))
    cands = candidates(doc)
    texts = [c.text for c in cands]
    assert "power pylon" in texts
    for c in cands:
        assert doc.text[c.start : c.end] == c.text
        assert "b" in c.features and any(f.startswith("h:") for f in c.features)
    pylon = next(c for c in cands if c.text == "power pylon")
    assert "gv:dobj" in pylon.features  # object of a violence verb


def test_fillers_follow_the_weights(nlp: Language) -> None:
    doc = parse(nlp, truecase(TEXT))
    w = {
        "b": [3.0, 0, 0, 0, 0, 0],
        "gv:dobj": [0, 0, 0, 5.0, 0, 0],
        "h:guerrillas": [0, 5.0, 0, 0, 0, 0],
    }
    model = RoleModel(w, {r: 0.5 for r in ROLES}, {r: 2 for r in ROLES})
    got = model.fillers(doc)
    assert [t for t, _ in got["Target"]] == ["power pylon"]
    [(perp, _)] = got["PerpInd"][:1]
    assert normalise(perp).startswith("guerrillas")
    assert got["Weapon"] == [] and got["Victim"] == []
    p = model.probs(("b", "unknown-feature"))
    assert len(p) == len(CLASSES) and abs(sum(p) - 1) < 1e-9 and p[0] == max(p)


def test_one_filler_per_entity(nlp: Language) -> None:
    doc = parse(nlp, "Gunmen attacked the bus. The gunmen fled.")
    model = RoleModel({"h:gunmen": [0, 9.0, 0, 0, 0, 0]}, {"PerpInd": 0.5}, {"PerpInd": 3})
    assert [t for t, _ in model.fillers(doc)["PerpInd"]] == ["Gunmen"]


def test_missing_or_shipped_model(tmp_path: Path) -> None:
    assert load_model(tmp_path / "none.json") is None
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"weights": {"b": [1, 0, 0, 0, 0, 0]}, "thresholds": {}}))
    m = load_model(path)
    assert m is not None and m.probs(("b",))[0] > 0.3


@pytest.mark.parametrize("text", ["", " ", "\u200b\u200b", "!!! ??? ..."])
def test_bad_input(nlp: Language, text: str) -> None:
    doc = parse(nlp, text)
    model = RoleModel({"b": [0, 1, 1, 1, 1, 1]}, {}, {})
    assert candidates(doc) == [] or all(c.text.strip() for c in candidates(doc))
    assert all(isinstance(v, list) for v in model.fillers(doc).values())


def test_shipped_model_reads_a_lower_cased_report(nlp: Language) -> None:
    model = load_model()
    assert model is not None, "src/dateline/data/role_model.json is missing"
    assert set(model.thresholds) == set(ROLES)
    assert all(len(w) == len(CLASSES) for w in list(model.weights.values())[:100])
    text = truecase(
        "urban guerrillas dynamited a power pylon in the capital last night. the army said "
        "the terrorists used dynamite and that two policemen were killed in the attack."
    )
    got = model.fillers(parse(nlp, text))
    found = {normalise(t) for fillers in got.values() for t, _ in fillers}
    assert "dynamite" in {normalise(t) for t, _ in got["Weapon"]}
    assert {normalise(t) for t, _ in got["PerpInd"]} & {"terrorists", "urban guerrillas"}
    assert not {"last night", "army", "capital"} & found


def test_event_arguments_become_features(nlp: Language) -> None:
    text = "Gunmen attacked a police station in Kano on Monday, killing two officers."
    doc = parse(nlp, text)
    args = event_arguments(doc)
    assert args, doc._.events
    feats = {c.text: c.features for c in candidates(doc)}
    station = next(k for k in feats if "station" in k)
    assert any(f.startswith(("ev:target", "ev=:target")) for f in feats[station])
    assert not any(f.startswith("ev") for f in feats.get("Monday", ()))
    # a Doc the events component did not run on gives no such feature
    bare = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "dateline_events":
            break
        bare = proc(bare)
    bare._.events = None
    assert event_arguments(bare) == []
