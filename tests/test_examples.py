"""examples/ holds what the other tests and the benchmarks rely on, in readable form.

Checks the files themselves (formats, the phenomena each must show), and, once the readers
are there, what the readers make of them (furniture dropped, dates parsed).
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TIMESTAMP = re.compile(
    r"^\d{2}:\d{2} GMT \d{2}\.\d{2}\.\d{4}( \(Updated: \d{2}:\d{2} GMT \d{2}\.\d{2}\.\d{4}\))?$"
)


def files(suffix: str) -> list[Path]:
    return sorted(EXAMPLES.glob(f"*{suffix}"))


def all_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.iterdir()))


def test_formats_present() -> None:
    assert len(files(".txt")) >= 5
    assert len(files(".html")) >= 2
    assert len(files(".jsonl")) >= 1


@pytest.mark.parametrize("path", files(".txt"), ids=lambda p: p.name)
def test_txt_layout(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    title, rest = lines[0], lines[1:]
    assert title and not title.endswith(".") and len(title) < 120
    if rest and TIMESTAMP.match(rest[0]):
        rest = rest[1:]
    assert not any(TIMESTAMP.match(line) for line in rest), "timestamp only on line 2"
    body = [line for line in rest if line.strip()]
    assert len(body) >= 4  # several paragraphs
    assert len(" ".join(body).split()) < 400  # short


@pytest.mark.parametrize("path", files(".html"), ids=lambda p: p.name)
def test_html_pages_have_furniture_and_dates(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    tree = lxml_html.fromstring(source)
    assert tree.xpath("//nav"), "navigation"
    assert "Subscribe" in source and "cookie" in source.lower()
    assert tree.xpath("//a[contains(., 'Share') or contains(., 'Facebook')]")
    published = tree.xpath("//meta[@property='article:published_time']/@content")[0]
    modified = tree.xpath("//meta[@property='article:modified_time']/@content")[0]
    assert modified > published  # an update after publication
    embed = tree.xpath("//blockquote")[0].text_content()
    embed_date = re.search(r"([A-Z][a-z]+ \d{1,2}, \d{4})", embed)
    assert embed_date, "the embedded post carries its own date"
    day = datetime.strptime(embed_date.group(1), "%B %d, %Y").date()
    assert day.isoformat() != published[:10]  # dated differently from the publication


def test_jsonl_rows() -> None:
    for path in files(".jsonl"):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert len(rows) >= 3
        for row in rows:
            assert {"title", "text", "url", "published", "outlet"} <= set(row)
            datetime.fromisoformat(row["published"])
            assert "\n\n" in row["text"]  # paragraphs


@pytest.mark.parametrize(
    ("what", "pattern"),
    [
        ("casualties with 'at least'", r"\bat least \d+"),
        ("'dozens'", r"\bdozens\b"),
        (
            "numbers as words",
            r"\b(nine|five|six|eleven|three|seven|two|four) (civilians|soldiers|people|Taliban|children|women|men|aid)",
        ),
        ("a claim of responsibility", r"claimed responsibility"),
        ("an alias", r"\bDaesh\b.*\n(.*\n)*.*ISIS-K|ISIS-K(.*\n)*.*\bDaesh\b"),
        ("a denial", r"\bdenied\b"),
        ("an anonymous source", r"asked not to be named|on condition of anonymity"),
        ("quotes told to a reporter", r"\bhe told \w+"),
        ("a quoted social post", r"(?m)^— [^()]+ \(@\w+\) [A-Z][a-z]+ \d{1,2}, \d{4}$"),
        ("an editor's footnote", r"(?m)^\*\w"),
        ("a weekday", r"\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
        ("a relative date", r"two days (before|after|ago)"),
        ("a vague duration", r"over the next 24-36 hours"),
        ("an update timestamp", r"\(Updated: \d{2}:\d{2} GMT"),
        ("an arrest", r"\barrested\b"),
        ("an airstrike", r"\b[Aa]irstrike\b"),
        ("a protest", r"\bprotest"),
    ],
)
def test_examples_cover(what: str, pattern: str) -> None:
    assert re.search(pattern, all_text()), f"no example has {what}"


# --------------------------------------------------------------------------- through the readers


@pytest.fixture(scope="module")
def articles() -> dict[str, object]:
    ingest = pytest.importorskip("dateline.ingest")
    if not hasattr(ingest, "read_paths"):
        pytest.skip("dateline.ingest.read_paths is not there yet")
    out: dict[str, object] = {}
    for item in ingest.read_paths([str(EXAMPLES)]):
        out[str(getattr(item, "source", ""))] = item
    return out


def test_readers_read_every_example(articles: dict[str, object]) -> None:
    from dateline.model import Article, IngestError

    errors = [a for a in articles.values() if isinstance(a, IngestError)]
    assert not errors, errors
    n = len(files(".txt")) + len(files(".html"))
    n += sum(len(p.read_text(encoding="utf-8").splitlines()) for p in files(".jsonl"))
    assert len(articles) == n
    ids = [a.id for a in articles.values() if isinstance(a, Article)]
    assert len(set(ids)) == n


def _by_name(articles: dict[str, object], name: str):  # noqa: ANN202
    return next(a for src, a in articles.items() if name in src)


def test_txt_timestamp_parsed(articles: dict[str, object]) -> None:
    art = _by_name(articles, "market-bombing-mogadishu.txt")
    assert art.title == "Car Bomb Kills at Least 14 at Crowded Mogadishu Market"
    assert art.published.isoformat().startswith("2024-03-14T09:12")
    assert art.updated.isoformat().startswith("2024-03-15T17:40")
    assert "GMT" not in art.text and art.text.startswith(art.title + "\n\n")


@pytest.mark.parametrize(
    ("name", "published"),
    [("drone-strike-lakechad.html", "2024-02-07"), ("hostage-release-sahel.html", "2023-10-12")],
)
def test_html_furniture_dropped_and_original_date(
    articles: dict[str, object], name: str, published: str
) -> None:
    art = _by_name(articles, name)
    assert art.published.date().isoformat() == published  # not the update, not the embed
    for junk in ("Subscribe", "cookie", "Share on", "All rights reserved", "Related stories"):
        assert junk not in art.text, junk
    assert "@" in art.text  # the embedded post is kept in the text


# --------------------------------------------------------------------------- the shared real article


def _shared_example(name: str) -> Path | None:
    """../shared/examples/<name> next to the checkout, or next to any folder above it (a
    git worktree lives one level further down)."""
    for up in ROOT.parents:
        path = up / "shared" / "examples" / name
        if path.is_file():
            return path
    return None


KABUL = _shared_example("kabul-airport-2021-08-28.txt")


@pytest.fixture(scope="module")
def kabul():  # noqa: ANN201
    if KABUL is None:
        pytest.skip("../shared/examples is not present")
    import dateline

    return dateline.analyze_text(KABUL.read_text(encoding="utf-8"))


def test_kabul_bombing_facts(kabul) -> None:  # noqa: ANN001
    bomb = next(e for e in kabul.events if e.mode == "suicide-attack")
    assert bomb.date and bomb.date.value == "2021-08-26"  # "on Thursday", published Saturday
    assert bomb.place and bomb.place.name == "Hamid Karzai International Airport"
    got = {(c.group, c.killed, c.qualifier) for c in bomb.casualties}
    assert {
        ("US soldiers", 13, "exact"),
        ("Afghan civilians", 100, "over"),
        ("Taliban members", None, "unknown"),
    } <= got
    victims = {t.text: t.canonical for t in bomb.targets if getattr(t, "role", None) == "victim"}
    assert victims["US soldiers"] == "United States Armed Forces"
    assert victims["Taliban members"] == "Taliban"
    assert [(c.claimant, c.status) for c in bomb.claims] == [("Islamic State", "claimed")]
    perps = [(a.canonical, a.basis) for a in bomb.actors if a.role == "perpetrator"]
    assert perps == [("Islamic State", "claimed")]  # the victims' side is no perpetrator
    names = {e.canonical: {m.text for m in e.mentions} for e in kabul.entities}
    assert {"Daesh-K", "ISIS-K"} <= names["Islamic State Khorasan Province"]
    assert "Daesh" in names["Islamic State"]


def test_kabul_airstrike_interview_and_warning(kabul) -> None:  # noqa: ANN001
    [strike] = [e for e in kabul.events if e.mode == "aerial"]
    assert strike.date and strike.date.value == "2021-08-27"  # "on Friday"
    assert [a.canonical for a in strike.actors] == ["United States"]
    assert "a group planner" in [t.text for t in strike.targets]
    assert ("target", 1) in [(c.group, c.killed) for c in strike.casualties]  # "target was killed"
    [interview] = [e for e in kabul.events if e.mode == "interview"]
    assert interview.type == "COMMUNICATE"
    assert interview.date and interview.date.value == "2021-08-24"  # two days before Thursday
    roles = {(a.canonical, a.role) for a in interview.actors}
    assert {("Clarissa Ward", "interviewer"), ("CNN", "outlet")} <= roles
    [warning] = [e for e in kabul.events if e.type == "THREATEN"]
    assert warning.mode == "warning" and warning.hedge == "not_ruled_out"
    assert [(a.canonical, a.role) for a in warning.actors] == [("Joe Biden", "source")]
    assert warning.date is not None
    extra = warning.date.model_extra or {}
    assert extra.get("direction") == "future"
    start, end = extra["interval"]  # the next 24-36 hours, from publication
    assert start.startswith("2021-08-28") and end.startswith("2021-08-30")
    assert warning.place and "Airport" in (warning.place.name or "")
    [statement] = [e for e in kabul.events if e.mode == "statement"]
    assert statement.hedge == "not_ruled_out"
    assert [a.canonical for a in statement.actors] == ["Joe Biden"]
