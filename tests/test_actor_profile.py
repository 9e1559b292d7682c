"""Actor profiles read only the articles that name the actor, and still find everything."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from dateline import corpus
from dateline.model import Article
from dateline.pipeline import analyze
from dateline.store import open_store

ARTICLES = {
    "claim": (
        "Islamic State Claims Market Bombing\n\n"
        "A suicide bomber killed eight people at a market in Kirkuk on Tuesday, police said. "
        "ISIS claimed responsibility for the attack in a statement on its Amaq agency."
    ),
    "quote": (
        "Governor Vows Tighter Security\n\n"
        '"We will not let ISIS terrorise this city again," the governor of Kirkuk, '
        "Rakan al-Jubouri, told reporters on Wednesday."
    ),
    "unrelated": (
        "Harvest Festival Opens\n\n"
        "Farmers in Erbil opened the annual harvest festival on Friday, the organisers said."
    ),
}


def test_profile_by_alias_finds_events_quotes_and_aliases(nlp: Language, tmp_path: Path) -> None:
    store = open_store(tmp_path / "p.db")
    try:
        for outlet, text in ARTICLES.items():
            article = Article(
                id=outlet, text=text, outlet=outlet, published="2024-05-14T10:00:00+00:00"
            )
            store.save(analyze(article, nlp))
        corpus.update(store)
        profile = corpus.actor_profile(store, "isis")
        assert profile["actor"] == "Islamic State"
        assert profile["counts"]["events_as_perpetrator"] == 1
        about = [q for q in profile["quotes_about"] if "ISIS" in q["text"]]
        assert [q["outlet"] for q in about] == ["quote"]
        sources = {s for a in profile["aliases"] for s in a["sources"]}
        assert "claim" in sources and "unrelated" not in sources
        # the same profile by its canonical name
        again = corpus.actor_profile(store, "Islamic State")
        assert again["counts"] == profile["counts"]
        assert corpus.actor_profile(store, "100%_nobody")["quotes_about"] == []
    finally:
        store.close()
