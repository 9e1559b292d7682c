"""MUC-4 template filling with Dateline's events, scored with a GRIT/GTT-style metric.

Reads ``processed/<split>.json`` (JSON lines: docid, lower-cased doctext, templates) from
the MUC-4 folder (default ``<repo>/../shared/datasets/muc4``; ``--data`` overrides), runs
the full Dateline pipeline on each text: its ASSAULT events (and work stoppages) give the
incident type, the trained noun-phrase role scorer (``dateline.extract.role_model``) the
fillers (``--legacy``: the events' own arguments instead); then it scores the templates:

* per document, predicted templates are aligned one-to-one to gold templates of the same
  incident type (a gold "attack / bombing" accepts either) so that matches are maximal;
* a predicted role filler counts when, after lower-casing and stripping punctuation and
  leading articles, it equals any mention of a gold entity not already matched;
* micro P/R/F1 over the incident type and the five roles (PerpInd, PerpOrg, Target,
  Victim, Weapon); per-role P/R/F1 too. Unaligned templates count against precision or
  recall in full.

The text is lower-cased, which hurts spaCy's tagger, parser and NER; ``dateline.truecase``
capitalises sentence starts and the actor KB's names first (offsets unchanged). Where the
original keys are here (dev: ``raw_texts/key-tst*``), incident date, location, number
killed and "claimed" are scored too (see ``muc4_keys.py``); ``--timing-docs`` measures the
cost against bare spaCy and the core pipeline in the same run. Tune on train/dev only.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "muc4"
ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
SLOTS = ("incident_type", *ROLES)
# PLOVER mode -> MUC incident type (everything else an ASSAULT is "attack")
MODE_TO_INCIDENT = {
    "explosives": "bombing",
    "suicide-attack": "bombing",
    "abduct": "kidnapping",
    "arson": "arson",
    "robbery": "robbery",
    "strike": "forced work stoppage",
}
PERSON_HEADS = {
    "people", "person", "civilian", "peasant", "soldier", "president", "official", "judge",
    "priest", "jesuit", "student", "worker", "man", "men", "woman", "women", "child",
    "children", "leader", "member", "mayor", "minister", "journalist", "policeman", "police",
    "guard", "driver", "passenger", "citizen", "resident", "farmer", "villager", "teacher",
    "candidate", "diplomat", "ambassador", "businessman", "employee", "officer", "agent",
    "colonel", "general", "captain", "lieutenant", "sergeant", "commander", "director",
    "congressman", "senator", "deputy", "attorney", "lawyer", "doctor", "nun", "archbishop",
    "bishop", "family", "wife", "son", "daughter", "brother", "father", "mother", "victim",
    "target", "individual", "youth", "hostage", "executive", "manager", "dignitary",
}  # fmt: skip
_PAREN = re.compile(r"\s*\([^)]*\)")
_ARTICLES = re.compile(r"^(the|a|an)\s+")
_PUNCT = re.compile(r"[^\w\s]")


def normalise(text: str) -> str:
    text = _PUNCT.sub(" ", text.lower())
    text = re.sub(r"\s+", " ", text).strip()
    return _ARTICLES.sub("", text)


# --------------------------------------------------------------------------- prediction


def _perp_heads() -> frozenset[str]:
    from dateline.extract.event_table import table

    return frozenset(w for n in table().perpetrator_nouns for w in [n, n + "s"])


PERP_HEADS: frozenset[str] = frozenset()


def _is_person(text: str) -> bool:
    words = normalise(text).split()
    if not words:
        return False
    head = words[-1]
    return head in PERSON_HEADS or head.rstrip("s") in PERSON_HEADS


def templates_from_events(events: Iterable, text: str, ents: list) -> list[dict]:
    """Dateline events -> MUC templates (role fillers as surface strings)."""
    out: list[dict] = []
    for ev in events:
        if ev.type == "ASSAULT":
            if ev.acled_sub_event_type == "Armed clash" and ev.mode != "firearms":
                continue
            incident = MODE_TO_INCIDENT.get(ev.mode or "", "attack")
        elif ev.type == "PROTEST" and ev.mode == "strike":
            incident = "forced work stoppage"
        else:
            continue
        tpl: dict = {"incident_type": incident, **{r: [] for r in ROLES}}
        for a in ev.actors:
            if a.role != "perpetrator":
                continue
            extra = a.model_extra or {}
            surface = _PAREN.sub("", extra.get("text") or a.canonical).strip()
            start, end = extra.get("start"), extra.get("end")
            orgs = [
                text[m.start : m.end]
                for e in ents
                if e.type in ("ORG", "NORP") and e.kind != "demonym"
                for m in e.mentions
                if start is not None and start <= m.start and m.end <= end
            ]
            tpl["PerpOrg"].extend(orgs)
            head = normalise(surface.split(" of ")[0]).split()[-1:] or [""]
            if head[0] in PERP_HEADS or head[0].rstrip("s") in PERP_HEADS:
                tpl["PerpInd"].append(surface)
        people = [(m.start, m.end) for e in ents if e.type == "PERSON" for m in e.mentions]
        for t in ev.targets:
            named = t.start is not None and any(t.start <= s < t.end for s, _ in people)
            victim = (t.model_extra or {}).get("role") == "victim" or named
            role = "Victim" if victim or _is_person(t.text) else "Target"
            tpl[role].append(_PAREN.sub("", t.text))
        for i in ev.instrument:
            if normalise(i.text).split()[-1:] not in (["bombing"], ["bombings"], ["attack"]):
                tpl["Weapon"].append(i.text)
        if any(tpl[r] for r in ROLES):  # a bare trigger is more often noise than a template
            out.append(tpl)
    return out


# --------------------------------------------------------------------------- scoring


def _type_ok(pred: str, gold: str) -> bool:
    return pred in {g.strip() for g in gold.split("/")}


def _role_matches(pred: list[str], gold: list[list]) -> int:
    """Predicted fillers that match a distinct gold entity (any of its mentions)."""
    golds = [{normalise(m[0]) for m in ent} for ent in gold]
    used: set[int] = set()
    hits = 0
    for p in dict.fromkeys(normalise(x) for x in pred):
        for gi, forms in enumerate(golds):
            if gi not in used and p in forms:
                used.add(gi)
                hits += 1
                break
    return hits


def _npred(tpl: dict, role: str) -> int:
    if role == "incident_type":
        return 1
    return len({normalise(x) for x in tpl[role] if normalise(x)})


def _ngold(tpl: dict, role: str) -> int:
    return 1 if role == "incident_type" else len(tpl[role])


def _pair_hits(p: dict, g: dict) -> dict[str, int]:
    hits = {"incident_type": 1}
    for r in ROLES:
        hits[r] = _role_matches([x for x in p[r] if normalise(x)], g[r])
    return hits


def score_doc(pred: list[dict], gold: list[dict]) -> dict[str, list[int]]:
    """Per slot [tp, n_pred, n_gold] for one document under the best alignment."""
    counts = {s: [0, 0, 0] for s in SLOTS}
    for p in pred:
        for s in SLOTS:
            counts[s][1] += _npred(p, s)
    for g in gold:
        for s in SLOTS:
            counts[s][2] += _ngold(g, s)
    best: dict[str, int] = {s: 0 for s in SLOTS}
    best_total = -1
    pairs = {
        (i, j): _pair_hits(p, g)
        for i, p in enumerate(pred)
        for j, g in enumerate(gold)
        if _type_ok(p["incident_type"], g["incident_type"])
    }
    n, m = len(pred), len(gold)
    if n <= 7 and m <= 7:
        # every one-to-one alignment (a template may stay unaligned)
        k = min(n, m)
        for size in range(k, -1, -1):
            for ps in itertools.permutations(range(n), size):
                for gs in itertools.combinations(range(m), size):
                    if not all((i, j) in pairs for i, j in zip(ps, gs, strict=True)):
                        continue
                    tot = {s: sum(pairs[(i, j)][s] for i, j in zip(ps, gs, strict=True))
                           for s in SLOTS}  # fmt: skip
                    total = sum(tot.values())
                    if total > best_total:
                        best_total, best = total, tot
    else:  # greedy on large documents
        used_p: set[int] = set()
        used_g: set[int] = set()
        for (i, j), h in sorted(pairs.items(), key=lambda kv: -sum(kv[1].values())):
            if i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            for s in SLOTS:
                best[s] += h[s]
    for s in SLOTS:
        counts[s][0] = best[s]
    return counts


def prf(tp: int, npred: int, ngold: int) -> dict[str, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


# --------------------------------------------------------------------------- hybrid mapping


def incident_of(ev) -> str | None:  # noqa: ANN001  (dateline.model.Event)
    """The MUC incident type of a Dateline event, or None when it is no MUC incident."""
    if ev.type == "ASSAULT":
        if ev.acled_sub_event_type == "Armed clash" and ev.mode != "firearms":
            return None  # a battle between armed forces is no terrorist incident
        return MODE_TO_INCIDENT.get(ev.mode or "", "attack")
    if ev.type == "PROTEST" and ev.mode == "strike":
        return "forced work stoppage"
    return None


def templates_hybrid(
    events: list, fillers: dict[str, list[tuple[str, float]]], min_fillers: int = 1
) -> list[dict]:
    """The main template of a document: the incident type Dateline's events give most
    often (the earliest on a tie) with the role fillers the trained scorer picks. A
    document with no confident filler, or with no incident event and fewer than
    ``min_fillers + 1`` fillers, gets no template."""
    types = [t for ev in events if (t := incident_of(ev))]
    n_fill = sum(len(v) for v in fillers.values())
    if not types and n_fill < min_fillers + 1:
        return []
    if not n_fill:
        return []
    incident = Counter(types).most_common(1)[0][0] if types else "attack"
    tpl: dict = {"incident_type": incident}
    for role in ROLES:
        tpl[role] = [text for text, _ in fillers.get(role, [])]
    # another incident type the events report at least twice is a template of its own,
    # without fillers (the scorer cannot yet tell which filler belongs to which incident)
    counts = Counter(types)
    others = [t for t in counts if t != incident and counts[t] >= 2]
    return [tpl, *({"incident_type": t, **{r: [] for r in ROLES}} for t in others)]


def templates_per_event(events: list, scored: list, model) -> list[dict]:  # noqa: ANN001
    """One template per incident event Dateline found: a document often reports several
    incidents ("a bomb exploded at the embassy ... in another attack, gunmen kidnapped
    ..."), and each gold template has its own fillers. Every scored candidate goes to the
    incident event with a mention nearest to it in the text; each event's template takes
    the role fillers of its own candidates (same thresholds and caps as one template). A
    document with fewer than two incident events, or where no event gets a filler, keeps
    the single main template of :func:`templates_hybrid`."""
    incidents = [
        (kind, [(m.start, m.end) for m in ev.mentions] or [(ev.trigger.start, ev.trigger.end)])
        for ev in events
        if (kind := incident_of(ev)) and (ev.mentions or ev.trigger)
    ]
    if len(incidents) < 2:
        return templates_hybrid(events, model.pick(scored))
    groups: list[list] = [[] for _ in incidents]
    for cand, probs in scored:
        dist = [
            min(0 if a <= cand.start < b else min(abs(cand.start - b), abs(a - cand.end))
                for a, b in spans)
            for _, spans in incidents
        ]  # fmt: skip
        groups[dist.index(min(dist))].append((cand, probs))
    out = []
    for (kind, _), group in zip(incidents, groups, strict=True):
        fillers = model.pick(group)
        out.append({"incident_type": kind, **{r: [t for t, _ in fillers[r]] for r in ROLES}})
    if not any(tpl[r] for tpl in out for r in ROLES):
        return templates_hybrid(events, model.pick(scored))
    return out


# --------------------------------------------------------------------------- raw-key fields


def key_fields(events: list, places: list) -> dict[str, set]:
    """Incident dates, locations, killed counts and 'claimed' from the MUC-type events."""
    from dateline.actors import country_name

    out: dict[str, set] = {"dates": set(), "locations": set(), "killed": set(), "claimed": set()}
    for ev in events:
        if incident_of(ev) is None:
            continue
        value = (ev.date.value or "") if ev.date else ""
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]) and len(value) >= 10:
            with contextlib.suppress(ValueError):
                out["dates"].add(date.fromisoformat(value[:10]))
        if ev.place:
            if ev.place.name:
                out["locations"].add(ev.place.name.lower())
            if ev.place.from_place is not None and ev.place.from_place < len(places):
                code = places[ev.place.from_place].country
                name = country_name(code) if code else None
                if name:
                    out["locations"].add(name.lower())
        killed = sum(c.killed or 0 for c in ev.casualties if c.qualifier == "exact")
        if killed:
            out["killed"].add(killed)
        if any(c.status == "claimed" for c in ev.claims):
            out["claimed"].add(True)
    return out


def score_fields(rows: list[tuple[dict[str, set], object, bool]]) -> dict[str, dict]:
    """Document-level P/R/F1 of each raw-key field (a hit: any value in common)."""
    out: dict[str, dict] = {}
    for name, attr in (("incident_date", "dates"), ("location", "locations"),
                       ("number_killed", "killed"), ("claimed", "claimed")):  # fmt: skip
        tp = npred = ngold = 0
        for pred, key, templated in rows:
            gold = getattr(key, attr)
            gold = {True} if gold is True else set() if gold is False else gold
            mine = pred[attr] if templated else set()
            npred += bool(mine)
            ngold += bool(gold)
            if name == "location":
                hit = any(p in gold or any(p in g or g in p for g in gold) for p in mine)
            else:
                hit = bool(mine & gold)
            tp += hit and bool(gold)
        out[name] = {**prf(tp, npred, ngold), "tp": tp, "pred_docs": npred, "gold_docs": ngold}
    return out


# --------------------------------------------------------------------------- main


def load(data: Path, split: str) -> list[dict] | None:
    path = data / "processed" / f"{split}.json"
    if not path.exists():
        return None
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def articles_for(docs: list[dict], published: dict[str, datetime]) -> list:
    from dateline.model import Article
    from dateline.truecase import truecase

    return [
        Article(text=truecase(d["doctext"]), published=published.get(d["docid"])).with_id()
        for d in docs
    ]


def predict(  # noqa: ANN201
    nlp,  # noqa: ANN001
    articles: list,
    model,  # noqa: ANN001
    legacy: bool = False,
    one_template: bool = False,
) -> Iterator[tuple]:
    """(facts, templates) per article through the full Dateline pipeline."""
    from dateline.pipeline import facts_from_doc, make_doc

    for doc in nlp.pipe((make_doc(nlp, a) for a in articles), batch_size=16):
        facts = facts_from_doc(doc)
        if model is None or legacy:
            tpls = templates_from_events(facts.events, doc.text, facts.entities)
        elif one_template:
            tpls = templates_hybrid(facts.events, model.fillers(doc))
        else:
            tpls = templates_per_event(facts.events, model.scored(doc), model)
        yield facts, tpls


def timing(nlp, articles: list, model, repeats: int) -> dict:  # noqa: ANN001
    """Docs/second of bare spaCy, the core Dateline pipeline and the MUC-4 path, on the
    same documents in the same run, interleaved; medians over ``repeats``."""
    import spacy

    from dateline.config import SETTINGS
    from dateline.pipeline import make_doc

    bare = spacy.load(SETTINGS.spacy_model)
    texts = [a.text for a in articles]
    runs: dict[str, list[float]] = {"bare_spacy": [], "dateline": [], "muc4_path": []}
    for _ in range(repeats):
        t = time.perf_counter()
        for _doc in bare.pipe(texts, batch_size=16):
            pass
        runs["bare_spacy"].append(time.perf_counter() - t)
        t = time.perf_counter()
        for _doc in nlp.pipe((make_doc(nlp, a) for a in articles), batch_size=16):
            pass
        runs["dateline"].append(time.perf_counter() - t)
        t = time.perf_counter()
        for _ in predict(nlp, articles, model):
            pass
        runs["muc4_path"].append(time.perf_counter() - t)
    med = {k: statistics.median(v) for k, v in runs.items()}
    return {
        "docs": len(articles),
        "repeats": repeats,
        **{f"{k}_docs_per_second": round(len(articles) / v, 2) for k, v in med.items()},
        "muc4_cost_vs_dateline": round(med["muc4_path"] / med["dateline"], 3),
        "dateline_cost_vs_bare_spacy": round(med["dateline"] / med["bare_spacy"], 3),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "muc4.json")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--legacy", action="store_true", help="rules only: events -> templates")
    ap.add_argument(
        "--one-template",
        action="store_true",
        help="one main template per document (the previous mapping), not one per incident event",
    )
    ap.add_argument("--timing-docs", type=int, default=40, help="0: no speed measurement")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)

    docs = load(args.data, args.split)
    if docs is None:
        print(f"MUC-4 {args.split} split not found under {args.data}: skipping the benchmark.")
        return 0
    if args.limit:
        docs = docs[: args.limit]
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from dateline.extract.role_model import load_model
    from dateline.pipeline import get_nlp
    from muc4_keys import publication_dates, read_keys

    global PERP_HEADS
    PERP_HEADS = _perp_heads()
    model = load_model()
    if model is None and not args.legacy:
        print("No trained role model (src/dateline/data/role_model.json): rules only.")
    keys = read_keys(args.data, args.split)
    articles = articles_for(docs, publication_dates(args.data, args.split))
    nlp = get_nlp()
    t0 = time.perf_counter()
    totals = {s: [0, 0, 0] for s in SLOTS}
    n_pred = 0
    field_rows = []
    preds = predict(nlp, articles, model, args.legacy, args.one_template)
    for d, (facts, pred) in zip(docs, preds, strict=True):
        n_pred += len(pred)
        for s, (tp, npd, ng) in score_doc(pred, d["templates"]).items():
            totals[s][0] += tp
            totals[s][1] += npd
            totals[s][2] += ng
        if keys is not None and d["docid"] in keys:
            fields = key_fields(facts.events, facts.places)
            field_rows.append((fields, keys[d["docid"]], bool(pred)))
    elapsed = time.perf_counter() - t0
    micro = prf(*(sum(totals[s][k] for s in SLOTS) for k in range(3)))
    roles_only = prf(*(sum(totals[s][k] for s in ROLES) for k in range(3)))
    result = {
        "split": args.split,
        "docs": len(docs),
        "metric": "GRIT/GTT-style template match (incident type + 5 roles), re-implemented",
        "system": "rules (events -> templates)"
        if args.legacy or model is None
        else "Dateline events (incident type) + trained noun-phrase role scorer (fillers)"
        + (
            ", one template per document"
            if args.one_template
            else ", one template per incident event"
        ),
        "micro_precision": micro["precision"],
        "micro_recall": micro["recall"],
        "micro_f1": micro["f1"],
        "roles_only_f1": roles_only["f1"],
        "per_role": {
            s: {**prf(*totals[s]), "tp": totals[s][0], "pred": totals[s][1], "gold": totals[s][2]}
            for s in SLOTS
        },  # fmt: skip
        "templates_predicted": n_pred,
        "templates_gold": sum(len(d["templates"]) for d in docs),
        "seconds": round(elapsed, 1),
    }
    if field_rows:
        result["raw_key_fields"] = score_fields(field_rows)
        result["raw_key_fields_note"] = (
            "document level, from raw_texts/key-tst*: a document's field is right when a "
            "value from its predicted incident events matches a value of any of its gold "
            "templates (dates: same day; location: any level of the key's location, "
            "substring either way; killed: exact count; claimed: a responsibility claim)"
        )
    else:
        result["raw_key_fields"] = f"not scored: the original keys of {args.split} are not here"
    if args.timing_docs:
        result["speed"] = timing(nlp, articles[: args.timing_docs], model, args.repeats)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, default=str) + "\n", "utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "per_role"}, indent=2, default=str))
    for s in SLOTS:
        r = result["per_role"][s]
        print(f"{s:14s} P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
