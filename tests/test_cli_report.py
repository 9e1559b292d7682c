"""The readable report of one article (dateline.report), on hand-built facts."""

from __future__ import annotations

from rich.console import Console

from dateline.model import (
    Article,
    ArticleFacts,
    Embed,
    Quote,
    Speaker,
)
from dateline.report import render
from test_export import attack_facts, empty_facts


def text_of(facts: ArticleFacts, width: int = 160) -> str:
    console = Console(record=True, width=width, force_terminal=False, color_system=None)
    console.print(render(facts))
    return console.export_text()


def test_full_report_has_every_section() -> None:
    facts = attack_facts(0)
    facts.quotes.append(
        Quote(
            text="We expect the number of dead to rise.",
            start=0,
            end=10,
            kind="direct",
            speaker=Speaker(
                text="he",
                canonical="Abdirahman Hassan",
                description="police spokesman",
                resolved_by="pronoun",
            ),
            cue="told",
            hedge="asserted",
            via=["Example Wire"],
            addressee="reporters",
        )
    )
    facts.embeds.append(
        Embed(author="Helen Marsh", handle="@helenmarsh_news", date="2022-06-20", start=0, end=12)
    )
    out = text_of(facts)
    assert "Car Bomb Kills 14 in Mogadishu" in out
    assert "2024-03-14T09:12" in out and "2024-03-15T17:40" in out  # published and updated
    assert "Example Wire" in out
    for title in ("Entities", "Quotes", "Times", "Places", "Events", "Embedded posts"):
        assert title in out, title
    assert "Editor's notes" in out
    assert "al-Shabaab" in out and "Q167391" in out
    assert "Abdirahman Hassan" in out and "police spokesman" in out and "pronoun" in out
    assert "2.0371, 45.3438" in out  # place coordinates
    assert "ASSAULT / explosives" in out
    assert "14 killed (at_least)" in out
    assert "al-Shabaab [perpetrator, claimed]" in out
    assert "@helenmarsh_news" in out


def test_empty_sections_are_skipped() -> None:
    out = text_of(empty_facts())
    for title in ("Entities", "Quotes", "Times", "Places", "Events", "Embedded posts"):
        assert title not in out
    assert "No facts extracted" in out
    assert "(untitled)" in out


def test_markup_in_article_text_is_not_interpreted() -> None:
    """Rich markup inside article text (e.g. "[bold]") must print literally, not crash."""
    facts = attack_facts(0)
    facts.article.title = "[bold red]Not markup[/] and [/unbalanced]"
    facts.quotes.append(
        Quote(text="[/] closing tag [link=x]", start=0, end=5, kind="direct", speaker=Speaker())
    )
    out = text_of(facts)
    assert "[bold red]Not markup[/] and [/unbalanced]" in out
    assert "[/] closing tag [link=x]" in out


def test_odd_unicode_and_narrow_terminal() -> None:
    art = Article(
        title="Ataque en Kabul \u202e\U0001f4a5 \u0627\u0644\u0647\u062c\u0648\u0645", text="x"
    )
    facts = ArticleFacts(article=art.with_id())
    out = text_of(facts, width=30)
    assert "Ataque" in out


def test_a_vague_toll_shows_its_range_not_unknown() -> None:
    from dateline.model import Casualties

    facts = attack_facts(0)
    vague = Casualties(
        group=None, qualifier="at_least", count_of="injured", range=[24, None], start=0, end=6
    )
    facts.events[0].casualties.append(vague)
    out = text_of(facts)
    assert "people: 24 or more injured" in out and "number unknown" not in out
