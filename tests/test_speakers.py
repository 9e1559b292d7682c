"""Speaker resolution: names, surnames, pronouns, role nouns, unnamed sources."""

from __future__ import annotations

from spacy.language import Language

from dateline.extract.quotes import lexicon
from dateline.extract.speakers import SpeakerResolver, first_full
from dateline.model import Article
from dateline.pipeline import make_doc


def resolver(nlp: Language, text: str) -> tuple:
    doc = nlp(make_doc(nlp, Article(text=text)))
    return doc, SpeakerResolver(doc, lexicon(), [False] * len(doc))


def token(doc, word: str, nth: int = 0):  # noqa: ANN001, ANN201
    return [t for t in doc if t.text == word][nth]


def test_surname_joins_the_full_name(nlp: Language) -> None:
    doc, r = resolver(nlp, "Minister Helen Achieng arrived on Monday. Achieng spoke first.")
    tok = token(doc, "Achieng", 1)
    sp, _ = r.resolve(tok, tok.i, tok.i + 1)
    assert sp.canonical == "Helen Achieng" and sp.resolved_by == "explicit"


def test_pronoun_takes_latest_compatible_person(nlp: Language) -> None:
    doc, r = resolver(
        nlp,
        "The army entered the town. Farmer Samuel Odhiambo watched from his field. He said little.",
    )
    tok = token(doc, "He")
    sp, _ = r.resolve(tok, tok.i, tok.i + 1)
    assert sp.canonical == "Samuel Odhiambo" and sp.resolved_by == "pronoun"


def test_pronoun_with_nobody_before_is_unresolved(nlp: Language) -> None:
    doc, r = resolver(nlp, "He said the roads were closed.")
    tok = token(doc, "He")
    sp, c = r.resolve(tok, tok.i, tok.i + 1)
    assert c is None and sp.canonical is None and sp.resolved_by == "none"


def test_unnamed_descriptions_form_one_speaker(nlp: Language) -> None:
    doc, r = resolver(
        nlp,
        "Reporters met a Daesh commander near the border. Later a senior commander with the group "
        "spoke again. The unnamed commander was calm. The source was armed.",
    )
    heads = [token(doc, "commander", 0), token(doc, "commander", 1), token(doc, "commander", 2)]
    heads.append(token(doc, "source"))
    speakers = [r.resolve(h, h.i, h.i + 1)[0] for h in heads]
    assert len({s.canonical for s in speakers}) == 1
    assert speakers[0].canonical == "Daesh commander"
    assert all(s.anonymous for s in speakers)
    assert speakers[0].description == "a senior commander with the group"
    assert [s.resolved_by for s in speakers] == ["explicit", "explicit", "role_noun", "role_noun"]


def test_definite_role_noun_can_name_a_known_person(nlp: Language) -> None:
    doc, r = resolver(
        nlp,
        "Longtime pollster Mark Devlin released new figures. The pollster said turnout was low.",
    )
    tok = token(doc, "pollster", 1)
    sp, _ = r.resolve(tok, tok.i, tok.i + 1)
    assert sp.canonical == "Mark Devlin" and sp.resolved_by == "role_noun"
    assert sp.anonymous is False


def test_first_full_drops_the_article() -> None:
    assert first_full(["a Daesh commander", "the source"]) == "Daesh commander"
    assert first_full(["the source"]) == "source"
    assert first_full([]) is None
