"""The MUC-4 benchmark's own scorer and raw-key reader, on templates written for the test."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import muc4  # noqa: E402
from muc4_keys import read_keys  # noqa: E402

GOLD = [
    {
        "incident_type": "attack / bombing",
        "PerpInd": [[["guerrillas", 10], ["guerrilla column", 40]]],
        "PerpOrg": [[["fmln", 20]]],
        "Target": [[["power pylon", 60]], [["bridge", 90]]],
        "Victim": [],
        "Weapon": [[["dynamite", 70]]],
    }
]


def tpl(kind: str, **roles: list[str]) -> dict:
    return {"incident_type": kind, **{r: roles.get(r, []) for r in muc4.ROLES}}


def test_perfect_prediction_scores_one() -> None:
    pred = [tpl("bombing", PerpInd=["The guerrillas"], PerpOrg=["FMLN"],
                Target=["power pylon", "the bridge"], Weapon=["dynamite"])]  # fmt: skip
    counts = muc4.score_doc(pred, GOLD)
    assert all(tp == npred == ngold for tp, npred, ngold in counts.values())


def test_two_mentions_of_one_entity_count_once() -> None:
    pred = [tpl("attack", PerpInd=["guerrillas", "guerrilla column"])]
    counts = muc4.score_doc(pred, GOLD)
    assert counts["PerpInd"] == [1, 2, 1]  # one hit, one false positive


def test_incident_type_must_match_for_alignment() -> None:
    pred = [tpl("kidnapping", PerpOrg=["fmln"])]
    counts = muc4.score_doc(pred, GOLD)
    assert counts["incident_type"] == [0, 1, 1]
    assert counts["PerpOrg"] == [0, 1, 1]


def test_empty_and_spurious() -> None:
    assert muc4.score_doc([], [])["Target"] == [0, 0, 0]
    spurious = muc4.score_doc([tpl("attack", Target=["bus"])], [])
    assert spurious["Target"] == [0, 1, 0] and spurious["incident_type"] == [0, 1, 0]
    missed = muc4.score_doc([], GOLD)
    assert missed["Target"] == [0, 0, 2]


def test_best_one_to_one_alignment() -> None:
    gold = [tpl("attack", Target=[[["bus", 1]]]), tpl("bombing", Target=[[["embassy", 5]]])]
    pred = [tpl("bombing", Target=["embassy"]), tpl("attack", Target=["bus"])]
    counts = muc4.score_doc(pred, gold)
    assert counts["Target"] == [2, 2, 2] and counts["incident_type"] == [2, 2, 2]


def test_prf() -> None:
    assert muc4.prf(0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert muc4.prf(1, 2, 4)["f1"] == pytest.approx(1 / 3, abs=1e-4)


KEY = """0.  MESSAGE: ID                     TST9-0001
1.  MESSAGE: TEMPLATE               1
2.  INCIDENT: DATE                  (03 FEB 90) / (02 FEB 90 - 03 FEB 90)
3.  INCIDENT: LOCATION              PERU: LIMA (CITY)
4.  INCIDENT: TYPE                  BOMBING
11. PERP: ORGANIZATION CONFIDENCE   CLAIMED OR ADMITTED: "SHINING PATH"
21. HUM TGT: NUMBER                 2: "POLICEMEN"
                                    1: "DRIVER"
23. HUM TGT: EFFECT OF INCIDENT     DEATH: "POLICEMEN"
                                    DEATH: "DRIVER"

0.  MESSAGE: ID                     TST9-0002
1.  MESSAGE: TEMPLATE               *
4.  INCIDENT: TYPE                  *
"""


def test_read_raw_keys(tmp_path: Path) -> None:
    (tmp_path / "raw_texts").mkdir()
    (tmp_path / "raw_texts" / "key-tst1.v7").write_text(KEY)
    (tmp_path / "raw_texts" / "key-tst2.v4").write_text("")
    keys = read_keys(tmp_path, "dev")
    assert keys is not None
    k = keys["TST9-0001"]
    assert k.dates == {date(1990, 2, 3), date(1990, 2, 2)}
    assert k.locations == {"peru", "lima"}
    assert k.killed == {3} and k.claimed and k.templates == 1
    assert keys["TST9-0002"].templates == 0
    assert read_keys(tmp_path, "test") is None  # withheld: not scored


def test_missing_split_skips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert muc4.main(["--data", str(tmp_path), "--split", "test"]) == 0
    assert "skipping" in capsys.readouterr().out


def test_one_template_per_incident_event_with_the_nearest_fillers() -> None:
    from dateline.extract.role_model import Candidate, RoleModel
    from dateline.model import Event, Span

    def event(mode: str, start: int, end: int) -> Event:
        trigger = Span(text="x" * (end - start), start=start, end=end)
        return Event(id=mode, type="ASSAULT", mode=mode, trigger=trigger, mentions=[trigger])

    # a bombing told at 0-10, a kidnapping at 200-210; each candidate is sure of one role
    model = RoleModel(weights={}, thresholds=dict.fromkeys(muc4.ROLES, 0.5),
                      max_fillers=dict.fromkeys(muc4.ROLES, 2))  # fmt: skip

    def cand(text: str, start: int, role: str) -> tuple[Candidate, list[float]]:
        probs = [0.0] * 6
        probs[1 + muc4.ROLES.index(role)] = 0.9
        return Candidate(text, start, start + len(text), ()), probs

    scored = [cand("dynamite", 20, "Weapon"), cand("the mayor", 230, "Victim"),
              cand("guerrillas", 215, "PerpInd")]  # fmt: skip
    events = [event("explosives", 0, 10), event("abduct", 200, 210)]
    tpls = muc4.templates_per_event(events, scored, model)
    by_type = {t["incident_type"]: t for t in tpls}
    assert set(by_type) == {"bombing", "kidnapping"}
    assert by_type["bombing"]["Weapon"] == ["dynamite"] and not by_type["bombing"]["Victim"]
    assert by_type["kidnapping"]["Victim"] == ["the mayor"]
    assert by_type["kidnapping"]["PerpInd"] == ["guerrillas"]
    # one incident event: the single main template, all fillers in it
    one = muc4.templates_per_event(events[:1], scored, model)
    assert len(one) == 1 and one[0]["Victim"] == ["the mayor"]
