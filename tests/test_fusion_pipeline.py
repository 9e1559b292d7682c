"""Fusion and discrepancies where extracted facts are uneven across reports: a town in one
report and only the country in another, blame from claims, the dead named differently,
a quote reworded or its speaker resolved differently, an event left undated."""

from __future__ import annotations

from datetime import datetime

from spacy.language import Language

from corpus_helpers import rep
from dateline.corpus.discrepancies import discrepancies, same_statement
from dateline.corpus.fusion import FusionIndex
from dateline.corpus.reports import Report, lede_day, reports_from_facts
from dateline.model import (
    Article,
    ArticleFacts,
    Claim,
    Entity,
    Event,
    EventDate,
    EventPlace,
    Place,
    TimeExpr,
)
from dateline.pipeline import analyze


def _article(body: str, published: str = "2024-03-08T10:00:00+00:00") -> Article:
    title = "Bomb Hits Town"
    return Article(
        title=title,
        outlet="Wire",
        published=datetime.fromisoformat(published),
        text=f"{title}\n\n{body}",
        body_start=len(title) + 2,
    ).with_id()


def _fields(reps: list[Report]) -> dict[str, list[object]]:
    return {d.field: [v["value"] for v in d.values] for d in discrepancies("fe", reps)}


# --------------------------------------------------------------------------- place


def test_country_only_report_fuses_with_the_town_report() -> None:
    body = "A bomb went off in the capital of Afghanistan, killing five people."
    art = _article(body)
    country = Place(
        text="Afghanistan",
        start=body.index("Afghanistan") + art.body_start,
        end=body.index("Afghanistan") + art.body_start + 11,
        name="Afghanistan",
        country="AF",
        lat=33.0,  # the country's centre, some 200 km from Kabul
        lon=66.0,
        feature="country",
    )
    ev = Event(
        id="e1",
        type="ASSAULT",
        mode="explosives",
        date=EventDate(value="2024-03-07"),
        place=EventPlace(name="Afghanistan", from_place=0),
    )
    (r,) = reports_from_facts(ArticleFacts(article=art, places=[country], events=[ev]))
    assert r.country == "AF" and r.lat is None and r.lon is None
    idx = FusionIndex()
    town = idx.add(rep("town")).fused_id
    link = idx.add(r)
    assert link.fused_id == town and "same country" in link.reason


def test_country_only_report_still_never_crosses_a_border() -> None:
    idx = FusionIndex()
    town = idx.add(rep("town")).fused_id
    other = rep("pk", country="PK", place="Pakistan", lat=None, lon=None)
    assert idx.add(other).fused_id != town


# --------------------------------------------------------------------------- blame


def test_claims_name_the_perpetrator_and_denials_do_not() -> None:
    a = rep("a", claims=[{"claimant": "Group North", "status": "claimed"}])
    b = rep("b", claims=[{"claimant": "Group South", "status": "attributed"}])
    c = rep("c", claims=[{"claimant": "Group East", "status": "denied"}])
    assert a.blamed() == ["Group North"] and c.blamed() == []
    fields = _fields([a, b, c])
    assert sorted(fields["perpetrator"]) == ["Group North", "Group South"]  # type: ignore[type-var]


def test_unknown_claimant_is_no_perpetrator() -> None:
    body = "The attackers were blamed by police for the blast."
    art = _article(body)
    ev = Event(
        id="e1",
        type="ASSAULT",
        claims=[Claim(claimant="the attackers", status="attributed"), Claim(claimant="Group X")],
    )
    known = [Entity(canonical="Group X", type="ORG", kind="armed_group")]
    (r,) = reports_from_facts(ArticleFacts(article=art, entities=known, events=[ev]))
    assert r.blamed() == ["Group X"]


# --------------------------------------------------------------------------- casualties


def test_the_dead_named_differently_are_one_toll() -> None:
    a = rep("a", casualties=[{"group": "worshippers", "killed": 23, "qualifier": "exact"}])
    b = rep("b", casualties=[{"group": "people", "killed": 31, "qualifier": "at_least"}])
    fields = _fields([a, b])
    (key,) = [f for f in fields if f.startswith("killed:")]
    assert sorted(map(str, fields[key])) == ["23", "at least 31"]


def test_groups_given_side_by_side_stay_apart() -> None:
    both = [
        {"group": "soldiers", "killed": 13, "qualifier": "exact"},
        {"group": "civilians", "killed": 60, "qualifier": "exact"},
    ]
    a = rep("a", casualties=both)
    b = rep("b", casualties=[{"group": "civilians", "killed": 60, "qualifier": "exact"}])
    assert not [f for f in _fields([a, b]) if f.startswith("killed")]


# --------------------------------------------------------------------------- quotes


def test_reworded_quote_of_one_speaker_is_listed() -> None:
    q1 = "We are doing everything we can to bring the hostages home safely."
    q2 = "We are doing everything possible to secure a safe return for the hostages."
    a = rep("a", quotes=[{"speaker": "Ana Lopez", "text": q1, "hedge": None}])
    b = rep("b", quotes=[{"speaker": "Ana Lopez", "text": q2, "hedge": None}])
    assert sorted(_fields([a, b])["quote:Ana Lopez"]) == sorted([q1, q2])  # type: ignore[type-var]


def test_same_words_with_speaker_resolved_differently() -> None:
    q1 = "At no time was the public in any danger from the suspects."
    q2 = "The public was in no danger from the suspects."
    a = rep("a", quotes=[{"speaker": "spokesman", "text": q1, "hedge": None}])
    b = rep("b", quotes=[{"speaker": "Piet Claes", "text": q2, "hedge": None}])
    assert any(f.startswith("quote:") for f in _fields([a, b]))


def test_different_statements_are_not_one_quote() -> None:
    assert not same_statement(
        "The market will reopen on Monday.", "We mourn the victims of this attack.", True
    )
    assert not same_statement("", "   ", True)
    assert not same_statement("✓ 🙂 42", "✓ 🙂 42", True)  # no words at all
    assert not same_statement("Ünïcödé ✓ 🙂", "Ünïcödé ✓ 🙂", True)  # one shared word: too few
    # words in other scripts are compared whole, not cut at the accents
    assert same_statement("Señor Muñoz dijo: vamos a ganar", "Muñoz: vamos a ganar hoy", True)
    # two words in common are too few for different speakers
    assert not same_statement("Security forces will respond.", "Security forces left.", False)


# --------------------------------------------------------------------------- dates


def _timed(body: str, times: list[tuple[str, str]], published: str) -> ArticleFacts:
    art = _article(body, published)
    exprs = []
    for text, value in times:
        i = art.text.index(text)
        exprs.append(TimeExpr(text=text, start=i, end=i + len(text), type="DATE", value=value))
    return ArticleFacts(article=art, times=exprs, events=[Event(id="e1", type="ASSAULT")])


def test_undated_event_takes_the_earliest_lede_day() -> None:
    body = (
        "The group said on Tuesday its fighters had attacked a checkpoint on Saturday night."
        "\n\nThe army said on Wednesday it would respond."
    )
    f = _timed(
        body,
        [
            ("Tuesday", "2024-03-12"),
            ("Saturday night", "2024-03-09TNI"),
            ("Wednesday", "2024-03-06"),
        ],
        "2024-03-12T18:00:00+00:00",
    )
    assert lede_day(f) == "2024-03-09"
    (r,) = reports_from_facts(f)
    assert (r.day, r.date_from) == ("2024-03-09", "lede")


def test_lede_day_after_publication_or_absent_falls_back_to_publication() -> None:
    f = _timed("A vote is due on Friday.", [("Friday", "2024-03-15")], "2024-03-12T18:00:00+00:00")
    assert lede_day(f) is None
    (r,) = reports_from_facts(f)
    assert (r.day, r.date_from) == ("2024-03-12", "published")
    empty = ArticleFacts(article=_article(""), events=[Event(id="e1", type="ASSAULT")])
    assert lede_day(empty) is None


def test_lede_days_disagreeing_show_as_date_discrepancy() -> None:
    a = rep("a", day="2024-03-07", date_from="lede")
    b = rep("b", day="2024-03-08", date_from="event")
    c = rep("c", day="2024-03-09", date_from="published")  # publication day says nothing
    assert sorted(_fields([a, b, c])["date"]) == ["2024-03-07", "2024-03-08"]  # type: ignore[type-var]


# --------------------------------------------------------------------------- extraction
# Small fixes in extract/ found through the fusion benchmark's dev part, each tested on an
# article of our own through the whole pipeline.


def _analyze(nlp: Language, title: str, body: str, published: str) -> ArticleFacts:
    art = Article(
        title=title,
        outlet="Wire",
        published=datetime.fromisoformat(published),
        text=f"{title}\n\n{body}",
        body_start=len(title) + 2,
    ).with_id()
    return analyze(art, nlp)


def _killed(f: ArticleFacts) -> list[int | None]:
    return [c.killed for e in f.events for c in e.casualties if c.killed is not None]


def test_shot_dead_is_a_death_toll(nlp: Language) -> None:
    f = _analyze(
        nlp,
        "Guards Killed at Depot",
        "Three guards were shot dead at a fuel depot in Kano on Monday, police said.",
        "2024-06-04T09:00:00+00:00",
    )
    assert _killed(f) == [3]


def test_lede_toll_reaches_the_attack_told_later(nlp: Language) -> None:
    f = _analyze(
        nlp,
        "Raid on Border Post",
        "Armed men stormed a border post near Kano on Sunday, killing seven guards."
        "\n\nThe attackers opened fire from pickup trucks, a local official said.",
        "2024-06-03T09:00:00+00:00",
    )
    assert _killed(f) == [7]


def test_toll_of_a_protest_without_an_attack(nlp: Language) -> None:
    f = _analyze(
        nlp,
        "Protest Turns Deadly",
        "Three people were killed on Monday as protests over bread prices turned violent "
        "in Kano, a doctor said.",
        "2024-06-04T09:00:00+00:00",
    )
    assert [(e.type, c.killed) for e in f.events for c in e.casualties] == [("PROTEST", 3)]


def test_group_saying_its_fighters_attacked_is_a_claim_dated_by_the_attack(
    nlp: Language,
) -> None:
    f = _analyze(
        nlp,
        "Militants Say They Hit Patrol",
        "Al-Shabaab said on Tuesday its fighters had attacked an army patrol near Baidoa "
        "on Saturday night, killing four soldiers.",
        "2024-06-04T09:00:00+00:00",
    )
    ev = next(e for e in f.events if e.casualties)
    assert [(c.claimant, c.status) for c in ev.claims] == [("Al-Shabaab", "claimed")]
    assert ev.date is not None and (ev.date.value or "").startswith("2024-06-01")


def test_believed_to_be_behind_is_a_suspicion_but_fleeing_is_not(nlp: Language) -> None:
    f = _analyze(
        nlp,
        "Aid Workers Seized",
        "Gunmen seized two aid workers near Gao on Monday. A local official said Al-Shabaab "
        "fighters were believed to be holding the workers. The kidnappers were believed to "
        "have fled north.",
        "2024-06-04T09:00:00+00:00",
    )
    claims = [(c.claimant, c.status) for e in f.events for c in e.claims]
    assert ("Al-Shabaab", "suspected") in claims
    assert not any("kidnapper" in c.lower() for c, _ in claims)


def test_blew_up_is_a_bombing(nlp: Language) -> None:
    f = _analyze(
        nlp,
        "Blast in Town",
        "A truck packed with explosives blew up outside a bank in Kirkuk on Friday.",
        "2024-06-08T09:00:00+00:00",
    )
    assert [(e.type, e.mode) for e in f.events] == [("ASSAULT", "explosives")]


def test_empty_and_odd_articles_give_no_reports(nlp: Language) -> None:
    for body in ("", "   ", "🙂🙂 — ✓", "killed " * 200):
        f = _analyze(nlp, "Title", body, "2024-06-08T09:00:00+00:00")
        for r in reports_from_facts(f):
            assert r.article_id == f.article.id


def test_fused_date_prefers_event_then_lede_then_publication() -> None:
    idx = FusionIndex()
    fid = idx.add(rep("a", day="2024-03-08", date_from="published")).fused_id
    idx.add(rep("b", day="2024-03-07", date_from="lede"))
    assert idx.fused[fid].summary()["date"] == "2024-03-07"
    idx.add(rep("c", day="2024-03-06", date_from="event"))
    assert idx.fused[fid].summary()["date"] == "2024-03-06"
