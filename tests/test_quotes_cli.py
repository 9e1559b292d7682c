"""`dateline quotes` and the quotes of `dateline show`, end to end: a short article of our
own is ingested by the real CLI into a temporary SQLite file, then queried back."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app

runner = CliRunner()

ARTICLE = """Daesh claims deadly attack on checkpoint near Mosul
Published 2026-03-04 09:00 UTC

BAGHDAD (Wire) - Daesh claimed responsibility on Tuesday for a bombing at an army \
checkpoint south of Mosul that killed four soldiers, saying in a statement that its \
fighters "will strike again before the holy month".

Iraqi Defence Minister Thabit al-Abbasi said the attacker had driven a truck packed with \
explosives into the barrier. "We will hunt down every one of them," he told reporters in \
Baghdad.

A senior intelligence officer, who spoke on condition of anonymity because he was not \
authorised to brief the media, said the cell had entered from Syria two weeks earlier.

"They were watched, but the trail went cold," the officer said.
"""


def invoke(*args: str):  # noqa: ANN201  (typer's Result)
    return runner.invoke(app, list(args))


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("quotes_cli")
    article = folder / "mosul.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    path = folder / "q.db"
    result = invoke("ingest", str(article), "--db", str(path), "--no-progress")
    assert result.exit_code == 0, result.output
    return path


def quotes_json(db: Path, *args: str) -> list[dict]:
    result = invoke("quotes", "--db", str(db), "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_all_quotes_listed_with_article(db: Path) -> None:
    rows = quotes_json(db)
    with sqlite3.connect(db) as con:
        stored = con.execute("SELECT count(*) FROM quotes").fetchone()[0]
    assert len(rows) == stored >= 4
    for row in rows:
        assert row["article"]["title"].startswith("Daesh claims")
        # every quote points back to the exact words of the article
        assert ARTICLE.count(row["text"].split("\n")[0][:30]) >= 1


def test_speaker_alias_goes_through_canonical_name(db: Path) -> None:
    # The article says "Daesh"; the KB's canonical name is stored; either finds the quote.
    by_alias = quotes_json(db, "--speaker", "Daesh")
    by_other_alias = quotes_json(db, "--speaker", "ISIS")
    assert by_alias
    assert {r["speaker"]["canonical"] for r in by_alias} == {"Islamic State"}
    assert by_alias == by_other_alias
    assert any("strike again" in r["text"] for r in by_alias)
    assert any("statement" in r["via"] for r in by_alias)


def test_speaker_by_surname_and_pronoun_resolution(db: Path) -> None:
    rows = quotes_json(db, "--speaker", "al-Abbasi")
    texts = [r["text"] for r in rows]
    assert any(t.startswith("We will hunt down") for t in texts)
    hunt = next(r for r in rows if r["text"].startswith("We will hunt down"))
    assert hunt["kind"] == "direct"
    assert hunt["speaker"]["resolved_by"] == "pronoun"
    assert hunt["cue"] == "told"
    assert all(r["speaker"]["canonical"] == "Thabit al-Abbasi" for r in rows)


def test_anonymous_filter(db: Path) -> None:
    rows = quotes_json(db, "--anonymous")
    assert rows
    assert all(r["speaker"]["anonymous"] for r in rows)
    texts = " ".join(r["text"] for r in rows)
    assert "trail went cold" in texts and "entered from Syria" in texts
    assert "hunt down" not in texts
    cold = next(r for r in rows if "trail went cold" in r["text"])
    assert cold["speaker"]["resolved_by"] == "role_noun"
    assert "intelligence officer" in (cold["speaker"]["description"] or "")


def test_query_and_filters_combine(db: Path) -> None:
    rows = quotes_json(db, "--query", "truck")
    assert rows and all("truck" in r["text"] for r in rows)
    assert quotes_json(db, "--query", "truck", "--anonymous") == []
    assert quotes_json(db, "--speaker", "Daesh", "--query", "hunt") == []


def test_hedge_filter(db: Path) -> None:
    every = quotes_json(db)
    hedges = {r["hedge"] for r in every}
    assert "asserted" in hedges
    rows = quotes_json(db, "--hedge", "asserted")
    assert rows and len(rows) == sum(1 for r in every if r["hedge"] == "asserted")
    assert all(r["hedge"] == "asserted" for r in rows)
    other = sorted(hedges - {"asserted"})
    if other:  # two --hedge options keep both kinds
        both = quotes_json(db, "--hedge", "asserted", "--hedge", other[0])
        assert {r["hedge"] for r in both} == {"asserted", other[0]}
    assert quotes_json(db, "--hedge", "no_such_hedge") == []


def test_limit(db: Path) -> None:
    assert len(quotes_json(db, "--limit", "2")) == 2


def test_table_output(db: Path) -> None:
    result = invoke("quotes", "--db", str(db), "--speaker", "Daesh")
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert "Islamic State" in out and "strike again" in out and "statement" in out


def test_no_match_says_so(db: Path) -> None:
    result = invoke("quotes", "--db", str(db), "--speaker", "Nobody Atall")
    assert result.exit_code == 0
    assert "No quote matches" in flat(result.output)
    assert quotes_json(db, "--speaker", "Nobody Atall") == []


@pytest.mark.parametrize(
    "args",
    [
        ("--query", '"unbalanced'),  # FTS5 syntax error
        ("--speaker", "   "),  # empty name
    ],
)
def test_bad_input_is_a_usage_error(db: Path, args: tuple[str, ...]) -> None:
    result = invoke("quotes", "--db", str(db), *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_odd_names_are_not_wildcards(db: Path) -> None:
    # LIKE wildcards and odd Unicode in a name match nothing rather than everything.
    for name in ("%", "_", "al\\", "Ǳ\u200bé"):
        assert quotes_json(db, "--speaker", name) == []


def test_missing_database(tmp_path: Path) -> None:
    result = invoke("quotes", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2


def test_show_prints_quotes_with_speaker_anonymity_and_chain(db: Path) -> None:
    with sqlite3.connect(db) as con:
        (article_id,) = con.execute("SELECT id FROM articles").fetchone()
    result = invoke("show", article_id[:10], "--db", str(db))
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert "Quotes" in out
    assert "Thabit al-Abbasi" in out and "pronoun" in out
    assert "anonymous" in out and "role_noun" in out
    assert "statement" in out  # via: the chain of attribution
    shown = json.loads(invoke("show", article_id, "--db", str(db), "--json").stdout)
    listed = quotes_json(db, "--limit", "100")
    assert sorted(q["text"] for q in shown["quotes"]) == sorted(r["text"] for r in listed)
