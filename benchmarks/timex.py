"""TempEval-3 Task A (temporal expressions): Dateline's times component against TimeML gold.

Reads ``<repo>/../shared/datasets/tempeval3`` at run time (``--data`` overrides). Each
document's text is the ``<TEXT>`` element with its tags stripped; the DCT is the article's
publication time. Scores the TempEval-3 way: strict (exact span) and relaxed (overlap)
P/R/F1; type and value accuracy over relaxed matches; value F1 = relaxed F1 x value accuracy.

    python benchmarks/timex.py --out benchmarks/results/timex.json   # TimeBank + AQUAINT
    python benchmarks/timex.py --data DIR --split platinum --out platinum.json
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "tempeval3"
SPLITS = {
    "timebank": "Training/TBAQ-cleaned/TimeBank",
    "aquaint": "Training/TBAQ-cleaned/AQUAINT",
    "platinum": "Evaluation/te3-platinum",
}
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def parse_tml(raw: str) -> tuple[str, str | None, list[dict]]:
    """(plain text of <TEXT>, DCT value, gold timexes with offsets into that text)."""
    dct = None
    m = re.search(r"<DCT>\s*<TIMEX3([^>]*)>", raw)
    if m:
        dct = dict(_ATTR.findall(m[1])).get("value")
    body = raw[raw.index("<TEXT>") + 6 : raw.index("</TEXT>")]
    out: list[str] = []
    pos = 0
    length = 0
    gold: list[dict] = []
    open_timex: dict | None = None
    for tag in _TAG.finditer(body):
        chunk = _unescape(body[pos : tag.start()])
        out.append(chunk)
        length += len(chunk)
        pos = tag.end()
        if tag[2] != "TIMEX3":
            continue
        if tag[1] == "":
            attrs = dict(_ATTR.findall(tag[3]))
            open_timex = {"start": length, "type": attrs.get("type"), "value": attrs.get("value")}
        elif open_timex is not None:
            open_timex["end"] = length
            gold.append(open_timex)
            open_timex = None
    out.append(_unescape(body[pos:]))
    return "".join(out), dct, gold


def _unescape(s: str) -> str:
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def _dct_datetime(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value[:16] if "T" in value else value[:10])
    except ValueError:
        return None


def score(pairs: list[tuple[list[dict], list[dict]]]) -> dict:
    n_gold = n_sys = strict = relaxed = type_ok = value_ok = 0
    for gold, system in pairs:
        n_gold += len(gold)
        n_sys += len(system)
        used: set[int] = set()
        for g in gold:
            best = None
            for i, s in enumerate(system):
                if i in used or s["end"] <= g["start"] or s["start"] >= g["end"]:
                    continue
                if best is None or (s["start"], s["end"]) == (g["start"], g["end"]):
                    best = i
            if best is None:
                continue
            used.add(best)
            s = system[best]
            relaxed += 1
            strict += (s["start"], s["end"]) == (g["start"], g["end"])
            type_ok += s["type"] == g["type"]
            value_ok += s["value"] == g["value"]

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    rp, rr = relaxed / max(n_sys, 1), relaxed / max(n_gold, 1)
    sp, sr = strict / max(n_sys, 1), strict / max(n_gold, 1)
    value_acc = value_ok / max(relaxed, 1)
    type_acc = type_ok / max(relaxed, 1)
    return {
        "value_f1": round(f1(rp, rr) * value_acc, 4),
        "relaxed_f1": round(f1(rp, rr), 4),
        "strict_f1": round(f1(sp, sr), 4),
        "type_accuracy": round(type_acc, 4),
        "value_accuracy": round(value_acc, 4),
        "type_f1": round(f1(rp, rr) * type_acc, 4),
        "relaxed_precision": round(rp, 4),
        "relaxed_recall": round(rr, 4),
        "strict_precision": round(sp, 4),
        "strict_recall": round(sr, 4),
        "gold": n_gold,
        "system": n_sys,
    }


def system_timexes(doc) -> list[dict]:  # noqa: ANN001
    """The component's times as TempEval sees them: event-relative spans give their offset."""
    out = []
    for t in doc._.times or []:
        if getattr(t, "relation", None):
            continue  # the offset ("two days") is emitted on its own as a DURATION
        out.append({"start": t.start, "end": t.end, "type": t.type, "value": t.value})
    return out


def run_split(nlp, folder: Path, limit: int | None) -> tuple[dict, list]:  # noqa: ANN001
    """Score one folder of .tml files: (scores, value errors)."""
    from dateline.model import Article

    files = sorted(folder.glob("*.tml")) if folder.is_dir() else []
    files = files[:limit] if limit else files
    docs_in = []
    golds = []
    for f in files:
        text, dct, gold = parse_tml(f.read_text(encoding="utf-8"))
        doc = nlp.make_doc(text)
        doc._.article = Article(text=text, published=_dct_datetime(dct))
        docs_in.append(doc)
        golds.append(gold)
    t0 = time.perf_counter()
    pairs = []
    errors = []
    for doc, gold in zip(nlp.pipe(docs_in, batch_size=16), golds, strict=True):
        system = system_timexes(doc)
        pairs.append((gold, system))
        for g in gold:
            hit = [s for s in system if s["start"] < g["end"] and s["end"] > g["start"]]
            if not hit or hit[0]["value"] != g["value"]:
                got = (doc.text[hit[0]["start"] : hit[0]["end"]], hit[0]["value"]) if hit else None
                errors.append((doc.text[g["start"] : g["end"]], g["value"], got))
    result = {"documents": len(files), **score(pairs)}
    result["seconds"] = round(time.perf_counter() - t0, 1)
    return result, pairs, errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument(
        "--split",
        default="timebank,aquaint",
        help="one or more of timebank, aquaint, platinum (comma-separated); several are "
        "also scored together (micro-averaged over all their timexes)",
    )
    ap.add_argument("--out", type=Path)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--errors", type=int, default=0, help="print this many value errors")
    args = ap.parse_args(argv)

    splits = [s.strip() for s in args.split.split(",") if s.strip()]
    unknown = [s for s in splits if s not in SPLITS]
    if unknown:
        ap.error(f"unknown split(s) {unknown}; choose from {sorted(SPLITS)}")
    present = [s for s in splits if any((args.data / SPLITS[s]).glob("*.tml"))]
    for s in splits:
        if s not in present:
            print(f"skip: no TimeML files in {args.data / SPLITS[s]} (dataset absent)")
    if not present:
        return 0

    import spacy

    import dateline.extract  # noqa: F401
    from dateline.config import SETTINGS

    nlp = spacy.load(SETTINGS.spacy_model, exclude=["ner", "lemmatizer"])
    nlp.add_pipe("dateline_times", last=True)

    per_split = {}
    all_pairs = []
    errors = []
    for s in present:
        res, pairs, errs = run_split(nlp, args.data / SPLITS[s], args.limit)
        per_split[s] = res
        all_pairs += pairs
        errors += errs
    if len(present) == 1:
        result = {"split": present[0], **per_split[present[0]]}
    else:
        combined = {"documents": sum(r["documents"] for r in per_split.values())}
        combined.update(score(all_pairs))
        result = {"split": "+".join(present), **combined, "splits": per_split}
        # Headline per split too, with plain names.
        for s, r in per_split.items():
            for k in ("value_f1", "relaxed_f1", "strict_f1", "type_accuracy"):
                result[f"{s}_{k}"] = r[k]
    print(json.dumps(result, indent=2))
    for e in errors[: args.errors]:
        print("ERR", e, file=sys.stderr)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
