"""MUC-4 template filling with Dateline's events, scored with a GRIT/GTT-style metric.

Reads ``processed/<split>.json`` (JSON lines: docid, lower-cased doctext, templates) from
the MUC-4 folder (default ``<repo>/../shared/datasets/muc4``; ``--data`` overrides), runs
the full Dateline pipeline on each text, maps ASSAULT events (and work stoppages) to MUC
templates and scores them:

* per document, predicted templates are aligned one-to-one to gold templates of the same
  incident type (a gold "attack / bombing" accepts either) so that matches are maximal;
* a predicted role filler counts when, after lower-casing and stripping punctuation and
  leading articles, it equals any mention of a gold entity not already matched;
* micro P/R/F1 over the incident type and the five roles (PerpInd, PerpOrg, Target,
  Victim, Weapon); per-role P/R/F1 too. Unaligned templates count against precision or
  recall in full.

The text is lower-cased, which hurts spaCy's tagger, parser and NER; a light truecasing
(``--truecase``, on by default) capitalises sentence starts and the names of the actor KB
before the pipeline sees the text. Tune on train/dev only.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import time
from collections.abc import Iterable
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


# --------------------------------------------------------------------------- truecasing


def _kb_names() -> list[str]:
    """Names from the actor KB (four letters or more) to restore in lower-cased text."""
    try:
        from dateline.actors import load_kb

        pats = load_kb().patterns
    except Exception:  # another layer's API: without it, sentence starts only
        return []
    return [a for a, _, _ in pats if len(a) >= 4 and a[:1].isupper()]


def truecase(text: str, names: list[str]) -> str:
    """Sentence starts upper-cased, and KB names restored to their written case."""
    out = re.sub(r"(^|[.!?]\s+|\n\s*)([a-z])", lambda m: m[1] + m[2].upper(), text)
    out = re.sub(r"\bi\b", "I", out)
    if names:
        by_low = {n.lower(): n for n in names}
        pat = re.compile(
            r"\b(" + "|".join(re.escape(k) for k in sorted(by_low, key=len, reverse=True)) + r")\b"
        )
        out = pat.sub(lambda m: by_low.get(m[0].lower(), m[0]), out)
    return out


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


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "muc4.json")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--no-truecase", action="store_true", help="feed the lower-cased text as is")
    args = ap.parse_args(argv)

    path = args.data / "processed" / f"{args.split}.json"
    if not path.exists():
        print(f"MUC-4 data not found at {path}: skipping the benchmark.")
        return 0
    docs = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    if args.limit:
        docs = docs[: args.limit]

    sys.path.insert(0, str(ROOT / "src"))
    from dateline.model import Article
    from dateline.pipeline import analyze_many, get_nlp

    global PERP_HEADS
    PERP_HEADS = _perp_heads()
    names = [] if args.no_truecase else _kb_names()
    nlp = get_nlp()
    articles = []
    for d in docs:
        raw = d["doctext"]
        # truecasing keeps every offset: only letters change case
        text = raw if args.no_truecase else truecase(raw, names)
        articles.append(Article(text=text, body_start=0).with_id())
    t0 = time.perf_counter()
    totals = {s: [0, 0, 0] for s in SLOTS}
    n_pred = 0
    for d, facts in zip(docs, analyze_many(articles, nlp), strict=True):
        pred = templates_from_events(facts.events, facts.article.text, facts.entities)
        n_pred += len(pred)
        for s, (tp, npd, ng) in score_doc(pred, d["templates"]).items():
            totals[s][0] += tp
            totals[s][1] += npd
            totals[s][2] += ng
    elapsed = time.perf_counter() - t0
    micro = prf(*(sum(totals[s][k] for s in SLOTS) for k in range(3)))
    roles_only = prf(*(sum(totals[s][k] for s in ROLES) for k in range(3)))
    result = {
        "split": args.split,
        "docs": len(docs),
        "metric": "GRIT/GTT-style template match (incident type + 5 roles), re-implemented",
        "micro_precision": micro["precision"],
        "micro_recall": micro["recall"],
        "micro_f1": micro["f1"],
        "roles_only_f1": roles_only["f1"],
        "per_role": {s: {**prf(*totals[s]), "tp": totals[s][0], "pred": totals[s][1],
                         "gold": totals[s][2]} for s in SLOTS},  # fmt: skip
        "templates_predicted": n_pred,
        "templates_gold": sum(len(d["templates"]) for d in docs),
        "truecase": not args.no_truecase,
        "seconds": round(elapsed, 1),
        "docs_per_second": round(len(docs) / elapsed, 2) if elapsed else None,
        "raw_key_fields": (
            "not scored: raw_keys/keys_<split> here hold only incident type, instrument, "
            "perpetrators and targets (no incident date, location, effect or confidence)"
        ),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "per_role"}, indent=2))
    for s in SLOTS:
        r = result["per_role"][s]
        print(f"{s:14s} P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
