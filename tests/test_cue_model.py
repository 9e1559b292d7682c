"""The learned cue scorer: reporting words outside the lexicon, on articles we wrote."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from dateline.extract.cue_model import MODEL_PATH, load_cue_model, model_from_json
from dateline.extract.quotes import _Extraction, extract_quotes, lexicon
from dateline.model import Article
from dateline.pipeline import make_doc

HEAD = "Council vote on bridge tolls delayed"


def parse(nlp: Language, sentence: str):  # noqa: ANN201  (spaCy Doc)
    text = f"{HEAD}\n\n{sentence}"
    return nlp(make_doc(nlp, Article(text=text, body_start=len(HEAD) + 2).with_id()))


def test_shipped_model_loads() -> None:
    model = load_cue_model()
    assert model is not None, f"{MODEL_PATH} is missing: run benchmarks/train_cue_model.py"
    assert 0.0 < model.threshold < 1.0
    assert len(model.weights) > 1000


def test_missing_model_file_means_rules_alone(tmp_path: Path) -> None:
    assert load_cue_model.__wrapped__(tmp_path / "absent.json") is None


def test_a_stance_phrase_outside_the_lexicon_is_reported(nlp: Language) -> None:
    doc = parse(nlp, "The mayor lashed out at critics of the bridge plan.")
    lex = lexicon()
    assert extract_quotes(doc, lex, None) == []  # the rules alone miss it
    found = [q for q in extract_quotes(doc, lex, load_cue_model()) if "critics" in q.text]
    assert len(found) == 1
    q = found[0]
    assert q.hedge == "stance" and q.kind == "indirect"
    assert q.speaker.text == "The mayor"
    assert q.cue == "lashed out at"
    assert doc.text[q.start : q.end] == q.text


def test_the_component_uses_the_model(nlp: Language) -> None:
    doc = parse(nlp, "The mayor lashed out at critics of the bridge plan.")
    assert any(q.hedge == "stance" and "critics" in q.text for q in doc._.quotes)


def test_deeds_are_not_stances(nlp: Language) -> None:
    model = load_cue_model()
    for sentence in (
        "Police arrested three men in the capital on Monday.",
        "The army shelled the town overnight.",
        "Engineers closed the bridge for repairs.",
        "The group has repeatedly targeted army patrols since 2021.",
        "No group claimed the attack.",
        "No one claimed responsibility for the blast on Tuesday.",
    ):
        assert extract_quotes(parse(nlp, sentence), lexicon(), model) == [], sentence


def test_no_source_no_learned_cue(nlp: Language) -> None:
    # "call" scores as a cue, but with no one's name on it the call is nobody's report
    doc = parse(nlp, "The call for calm grew louder after the vote.")
    ext = _Extraction(doc, lexicon())
    call = next(t for t in doc if t.text == "call")
    assert call.i not in ext.cues
    assert ext.learned_cue(call) is None
    doc = parse(nlp, "The mayor lashed out at critics of the bridge plan.")
    lashed = next(t for t in doc if t.text == "lashed")
    cue = _Extraction(doc, lexicon()).learned_cue(lashed)
    assert cue is not None and cue.learned and cue.hedge == "stance"


def test_threshold_one_accepts_nothing_learned(nlp: Language) -> None:
    model = load_cue_model()
    assert model is not None
    strict = model_from_json({"weights": model.weights, "threshold": 1.0})
    doc = parse(nlp, "The mayor lashed out at critics of the bridge plan.")
    assert extract_quotes(doc, lexicon(), strict) == []
