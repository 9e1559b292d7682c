"""Article body extraction: Dateline's HTML reader against gold article bodies.

Data: ../shared/datasets/article-extraction (real news pages, gold ``articleBody``), read at
run time. Metric (the dataset's own): tokens are ``\\w+`` matches; per page, the multisets
of token 4-gram shingles of the prediction and the gold body give TP/FP/FN, normalised to
sum to 1; precision is averaged over pages with a prediction, recall over pages with a
gold body, and F1 is the harmonic mean of those two averages. ``f1_page_mean`` (the mean
of per-page F1) is reported too.

The same metric is computed, on the same pages, for every non-empty file in
``reference-outputs/``, and for trafilatura's plain ``extract()`` run here (the
reference file for trafilatura may be empty).

    python benchmarks/extraction.py [--data DIR] [--out FILE] [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "article-extraction"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "extraction.json"
_TOKEN = re.compile(r"\w+")
NGRAM = 4


def shingles(text: str | None) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    # A text shorter than one shingle counts as one short shingle (as the benchmark does).
    n = max(1, len(tokens) - NGRAM + 1)
    return Counter(tuple(tokens[i : i + NGRAM]) for i in range(n) if tokens[i : i + NGRAM])


def tp_fp_fn(gold: str | None, pred: str | None) -> tuple[float, float, float]:
    g, p = shingles(gold), shingles(pred)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def score(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    precisions = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    p = statistics.mean(precisions) if precisions else 0.0
    r = statistics.mean(recalls) if recalls else 0.0
    page_f1 = [
        2 * _precision(*c) * _recall(*c) / (_precision(*c) + _recall(*c))
        if _precision(*c) + _recall(*c)
        else 0.0
        for c in counts
    ]
    return {
        "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1_page_mean": round(statistics.mean(page_f1), 4) if page_f1 else 0.0,
    }


def bootstrap_f1(counts: list[tuple[float, float, float]], n: int = 500) -> float:
    """Half-width of the 95% interval of F1 over pages resampled with replacement (seeded)."""
    rng = random.Random(0)
    values = [score(rng.choices(counts, k=len(counts)))["f1"] for _ in range(n)]
    return round(1.96 * statistics.stdev(values), 4) if len(values) > 1 else 0.0


def paired_difference(
    gold: dict[str, dict], ours: dict[str, str], other: dict[str, str], n: int = 500
) -> dict[str, float]:
    """F1(ours) - F1(other) over the same resampled pages: mean and 95% half-width."""
    pairs = [
        (tp_fp_fn(g.get("articleBody"), ours.get(k)), tp_fp_fn(g.get("articleBody"), other.get(k)))
        for k, g in gold.items()
    ]
    rng = random.Random(0)
    values = []
    for _ in range(n):
        sample = rng.choices(pairs, k=len(pairs))
        values.append(score([a for a, _ in sample])["f1"] - score([b for _, b in sample])["f1"])
    if len(values) < 2:
        return {"mean": 0.0, "ci95": 0.0}
    return {
        "mean": round(statistics.mean(values), 4),
        "ci95": round(1.96 * statistics.stdev(values), 4),
    }


def load_pages(data: Path, limit: int | None) -> tuple[dict[str, dict], dict[str, bytes]]:
    gold = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(gold)[:limit] if limit else sorted(gold)
    pages = {}
    for page_id in ids:
        path = data / "html" / f"{page_id}.html.gz"
        pages[page_id] = gzip.decompress(path.read_bytes()) if path.exists() else b""
    return {k: gold[k] for k in ids}, pages


def run_dateline(
    gold: dict[str, dict], pages: dict[str, bytes]
) -> tuple[dict[str, str], list[dict]]:
    from dateline.ingest.errors import ReadError
    from dateline.ingest.html import parse_html

    bodies: dict[str, str] = {}
    failures: list[dict] = []
    for page_id, raw in pages.items():
        try:
            if not raw:
                raise ReadError("page file missing")
            article = parse_html(raw, url=gold[page_id].get("url"))
            bodies[page_id] = article.text[article.body_start :]
        except ReadError as exc:  # recorded with its reason: counted as an empty prediction
            bodies[page_id] = ""
            failures.append({"id": page_id, "reason": str(exc)})
    return bodies, failures


def run_trafilatura(pages: dict[str, bytes]) -> dict[str, str]:
    """trafilatura as the benchmark runs it: extract(html, include_comments=False)."""
    import trafilatura

    return {
        k: trafilatura.extract(v.decode("utf-8", errors="replace"), include_comments=False) or ""
        for k, v in pages.items()
    }


def evaluate(gold: dict[str, dict], predicted: Callable[[str], str | None]) -> dict[str, float]:
    counts = [tp_fp_fn(g.get("articleBody"), predicted(k)) for k, g in gold.items()]
    return {**score(counts), "f1_ci95": bootstrap_f1(counts)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--limit", type=int, default=None, help="first N pages only (a quick look)")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").exists():
        print(f"skip: no dataset at {args.data} (ground-truth.json missing); pass --data DIR")
        return 0
    sys.path.insert(0, str(ROOT / "src"))
    import trafilatura

    gold, pages = load_pages(args.data, args.limit)
    started = time.perf_counter()
    bodies, failures = run_dateline(gold, pages)
    seconds = time.perf_counter() - started
    ours = evaluate(gold, bodies.get)
    references: dict[str, dict] = {}
    started = time.perf_counter()
    traf = run_trafilatura(pages)
    references[f"trafilatura {trafilatura.__version__} extract() (run here)"] = {
        **evaluate(gold, traf.get),
        "seconds": round(time.perf_counter() - started, 1),
    }
    diff = paired_difference(gold, bodies, traf)
    for path in sorted((args.data / "reference-outputs").glob("*.json")):
        ref = json.loads(path.read_text(encoding="utf-8"))
        if not ref:
            references[path.stem] = {"note": "empty reference file: not scored"}
            continue
        references[path.stem] = evaluate(
            gold, lambda k, ref=ref: (ref.get(k) or {}).get("articleBody")
        )
    result = {
        **ours,
        "pages": len(gold),
        "failed": len(failures),
        "ingested_or_recorded_pct": round(100 * (len(bodies)) / len(gold), 1) if gold else 0.0,
        "seconds": round(seconds, 1),
        "data": args.data.name,
        "f1_minus_trafilatura": diff,
        "references": references,
        "failures": failures,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"dateline            f1={ours['f1']:.3f} ± {ours['f1_ci95']:.3f} p={ours['precision']:.3f} "
        f"r={ours['recall']:.3f} pages={len(gold)} failed={len(failures)} ({seconds:.1f}s)"
    )
    print(f"dateline - trafilatura: {diff['mean']:+.3f} ± {diff['ci95']:.3f} (paired bootstrap)")
    for name, m in references.items():
        if "f1" in m:
            print(
                f"{name:<20} f1={m['f1']:.3f} ± {m['f1_ci95']:.3f} p={m['precision']:.3f} r={m['recall']:.3f}"
            )
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
