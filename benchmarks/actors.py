"""Actor linking: accuracy of dateline_entities + the actor KB, and its cost.

Three measurements in one run:

1. ``linking_*`` — mention-level precision/recall/F1 of (mention text, canonical actor) pairs
   on ``benchmarks/data/actor_linking.jsonl``: 40 short texts we wrote ourselves, full of
   aliases (Daesh-K, ISKP, Hizbollah), traps ("is", "us", "Chad Daniels", all-caps
   headlines) and article-declared aliases. Demonym accuracy on the same texts.
2. ``muc4_perp_org_recall`` — on MUC-4 (``--split dev`` by default; lower-cased 1989-91
   wire copy), the share of gold PerpOrg entities that one of our KB-linked entities names
   (any gold mention string equals one of our mentions after normalising), and
   ``muc4_perp_org_kb_coverage``: the share of distinct gold PerpOrg strings that
   ``dateline.actors.lookup`` resolves at all.
3. ``entities_speed_ratio`` — throughput of spaCy + dateline_entities over bare spaCy on the
   same texts (median of ``--repeats`` runs; 1.0 means free).

Usage: ``python benchmarks/actors.py [--data DIR] [--split dev] [--out FILE] [--limit N]``.
Where the MUC-4 data is absent, parts 2 and 3 are skipped with a message.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import spacy

import dateline.extract  # noqa: F401  (registers the components)
from dateline.actors import lookup
from dateline.config import SETTINGS
from dateline.model import Article

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "muc4"
LABELLED = HERE / "data" / "actor_linking.jsonl"
# Written after the component was tuned on LABELLED and never tuned on: an honest check.
HOLDOUT = HERE / "data" / "actor_linking_holdout.jsonl"
DEFAULT_OUT = HERE / "results" / "actors.json"


def build(with_entities: bool) -> spacy.language.Language:
    nlp = spacy.load(SETTINGS.spacy_model)
    if with_entities:
        nlp.add_pipe("dateline_entities", last=True)
    return nlp


def run(nlp: spacy.language.Language, text: str):  # noqa: ANN201 (a spaCy Doc)
    doc = nlp.make_doc(text)
    doc._.article = Article(text=text)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def linking(nlp: spacy.language.Language, path: Path) -> dict:
    tp = n_pred = n_gold = 0
    dem_ok = dem_total = 0
    errors: list[dict] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        doc = run(nlp, item["text"])
        pred: Counter[tuple[str, str]] = Counter()
        demonyms: dict[str, str] = {}
        for ent in doc._.entities:
            for m in ent.mentions:
                if ent.kind == "demonym":
                    demonyms[m.text] = ent.country  # type: ignore[attr-defined]
                elif ent.kind is not None or getattr(m, "linked_by", "") == "declared":
                    pred[(m.text, ent.canonical)] += 1
                elif ent.canonical in {c for _, c in item["gold"]}:
                    pred[(m.text, ent.canonical)] += 1  # a declared name outside the KB
        gold = Counter(tuple(g) for g in item["gold"])
        hit = sum((pred & gold).values())
        tp, n_pred, n_gold = tp + hit, n_pred + sum(pred.values()), n_gold + sum(gold.values())
        if pred != gold:
            errors.append(
                {
                    "id": item["id"],
                    "missed": sorted(map(list, (gold - pred).elements())),
                    "spurious": sorted(map(list, (pred - gold).elements())),
                }
            )
        for word, code in item.get("demonyms", []):
            dem_total += 1
            dem_ok += demonyms.get(word) == code
    return {
        **{f"linking_{k}": v for k, v in prf(tp, n_pred, n_gold).items()},
        "linking_gold_mentions": n_gold,
        "demonym_accuracy": round(dem_ok / dem_total, 4) if dem_total else None,
        "linking_errors": errors,
    }


_PUNCT = re.compile(r"[^\w\s]")


def norm(text: str) -> str:
    text = _PUNCT.sub(" ", text.casefold())
    text = re.sub(r"^(?:the|a|an)\s+", "", " ".join(text.split()))
    return text


def muc4(nlp: spacy.language.Language, data: Path, split: str, limit: int | None) -> dict:
    path = data / "processed" / f"{split}.json"
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    docs = docs[:limit] if limit else docs
    found = total = 0
    strings: set[str] = set()
    for d in docs:
        golds = [ent for t in d["templates"] for ent in t.get("PerpOrg", [])]
        if not golds:
            continue
        doc = run(nlp, d["doctext"])
        ours = {norm(m.text) for e in doc._.entities if e.kind for m in e.mentions}
        for ent in golds:
            total += 1
            mentions = {norm(m[0]) for m in ent}
            strings.update(m[0] for m in ent)
            found += bool(mentions & ours)
    covered = sum(lookup(s) is not None for s in strings)
    return {
        "muc4_split": split,
        "muc4_perp_org_entities": total,
        "muc4_perp_org_recall": round(found / total, 4) if total else None,
        "muc4_perp_org_kb_coverage": round(covered / len(strings), 4) if strings else None,
    }


def speed(texts: list[str], repeats: int) -> dict:
    bare, ours = build(False), build(True)
    run(ours, "Warm-up: the Taliban and ISIS-K.")  # builds the matcher outside the timing
    ratios, bare_rates, our_rates = [], [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _doc in bare.pipe(texts):
            pass
        t1 = time.perf_counter()
        for _doc in ours.pipe(texts):
            pass
        t2 = time.perf_counter()
        bare_rates.append(len(texts) / (t1 - t0))
        our_rates.append(len(texts) / (t2 - t1))
        ratios.append((t1 - t0) / (t2 - t1))
    return {
        "speed_docs": len(texts),
        "bare_spacy_docs_per_s": round(statistics.median(bare_rates), 2),
        "with_entities_docs_per_s": round(statistics.median(our_rates), 2),
        "entities_speed_ratio": round(statistics.median(ratios), 3),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="MUC-4 folder")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--labelled", type=Path, default=LABELLED)
    ap.add_argument("--holdout", type=Path, default=HOLDOUT)
    ap.add_argument("--limit", type=int, default=None, help="MUC-4 documents to use")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)

    nlp = build(True)
    result: dict = {}
    result.update(linking(nlp, args.labelled))
    errors = result.pop("linking_errors")
    if args.holdout.exists():
        held = linking(nlp, args.holdout)
        result.update({f"holdout_{k}": v for k, v in held.items() if k != "linking_errors"})
        errors += held["linking_errors"]
    if (args.data / "processed" / f"{args.split}.json").exists():
        result.update(muc4(nlp, args.data, args.split, args.limit))
        path = args.data / "processed" / f"{args.split}.json"
        lines = path.read_text(encoding="utf-8").splitlines()[: args.limit or 100]
        result.update(speed([json.loads(x)["doctext"] for x in lines if x], args.repeats))
    else:
        print(f"MUC-4 data not found at {args.data}: skipping the MUC-4 and speed parts.")
    result["linking_errors"] = errors  # detail last, headline figures first
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "linking_errors"}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
