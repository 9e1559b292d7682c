"""Train the learned cue scorer (dateline.extract.cue_model) on PolNeAR's train split.

The rules in ``dateline.extract.quotes`` find the cues of a fixed lexicon; PolNeAR's
attributions also use a long tail of reporting words and phrases ("took a shot at",
"made the case for") that no table lists. This script learns which other tokens are
cues: every candidate token of the train articles (a verb or noun outside quote marks
that the rules do not take as a cue, or a lexicon cue they found nothing to report for)
that has something to report is labelled good when it lies inside a gold cue whose content
overlaps what it would report, and a binary logistic regression over cheap parse features
(``dateline.extract.cue_model.token_features``) is fitted by full-batch Adam (fixed
steps, no randomness). spaCy's ``doc.tensor`` rows were tried as extra inputs and moved
nothing (content F1 0.8034 with them, 0.8030 without): left out. Articles are split by position: three of
every four train the weights, every fourth picks the decision threshold (the one that
maximises the mean of content-overlap F1 and source F1 of the whole quotes component,
scored as ``benchmarks/quotes.py`` scores). Neither dev nor test is read.
Writes ``src/dateline/data/cue_model.json``.

    python benchmarks/train_cue_model.py [--data DIR] [--cache FILE] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "polnear"
DEFAULT_OUT = ROOT / "src" / "dateline" / "data" / "cue_model.json"


def parse(docs: list, cache: Path | None) -> list:
    """The train articles through the core pipeline (what the quotes component sees)."""
    if cache and cache.exists():
        return pickle.loads(cache.read_bytes())
    from dateline.model import Article
    from dateline.pipeline import get_nlp, make_doc

    nlp = get_nlp()
    core = [n for n in nlp.pipe_names if n not in {"dateline_quotes", "dateline_events"}]
    out = []
    t0 = time.perf_counter()
    with nlp.select_pipes(enable=core):
        arts = (make_doc(nlp, Article(text=d.text).with_id()) for d in docs)
        for k, doc in enumerate(nlp.pipe(arts, batch_size=8)):
            out.append(doc)
            if k % 100 == 0:
                print(f"parsed {k}/{len(docs)} ({time.perf_counter() - t0:.0f}s)", flush=True)
    if cache:
        cache.write_bytes(pickle.dumps(out, protocol=5))
    return out


def rows_of(docs: list, parsed: list, lex: dict) -> tuple[list[list[str]], list[int]]:
    """Features and labels of every candidate token that has something to report."""
    from dateline.extract.cue_model import token_features
    from dateline.extract.quotes import _Extraction
    from quotes import overlap

    feats: list[list[str]] = []
    labels: list[int] = []
    for d, doc in zip(docs, parsed, strict=True):
        ext = _Extraction(doc, lex)  # the rules alone: what the scorer is asked about
        for t in ext.learned_candidates():
            # Only a token with something to report and a source can become a cue; it is
            # a good one when it lies in a gold cue whose content overlaps what it reports.
            cue = ext.learned_cue(t)
            rng = ext.learned_content(cue) if cue is not None else None
            if rng is None:
                continue
            lo, hi = doc[rng[0]].idx, doc[rng[1] - 1].idx + len(doc[rng[1] - 1])
            a, b = t.idx, t.idx + len(t)
            good = any(
                any(x < b and a < y for x, y in g.cue) and overlap(g.content, ((lo, hi),))
                for g in d.gold
            )
            labels.append(int(good))
            feats.append(token_features(t, t.i in ext.cues))
    return feats, labels


def fit(
    feats: list[list[str]],
    labels: list[int],
    min_count: int = 3,
    steps: int = 300,
    l2: float = 1e-4,
    lr: float = 0.05,
) -> dict[str, float]:
    """Binary logistic regression over sparse binary features (full-batch Adam)."""
    counts: dict[str, int] = {}
    for fs in feats:
        for f in set(fs):
            counts[f] = counts.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    cols, ptr = [], [0]
    for fs in feats:
        cols.extend(sorted({vocab[f] for f in fs if f in vocab}))
        ptr.append(len(cols))
    col = np.asarray(cols, dtype=np.int64)
    row = np.repeat(np.arange(len(feats)), np.diff(ptr))
    starts = np.asarray(ptr[:-1], dtype=np.int64)
    y = np.asarray(labels, dtype=np.float64)
    n = len(feats)
    w = np.zeros(len(vocab))
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, steps + 1):
        z = np.add.reduceat(w[col], starts)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        grad = np.bincount(col, ((p - y) / n)[row], len(vocab)) + l2 * w
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        w -= lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        if t % 100 == 0:
            loss = -(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12)).mean()
            print(f"step {t}: loss {loss:.4f}", flush=True)
    return {f: round(float(w[i]), 4) for f, i in vocab.items() if abs(w[i]) >= 1e-3}


def evaluate(docs: list, parsed: list, lex: dict, model) -> dict:  # noqa: ANN001
    """The whole quotes component on ``docs``, scored as benchmarks/quotes.py scores."""
    from dateline.extract.quotes import extract_quotes
    from quotes import predict, score

    preds = [
        predict(extract_quotes(doc, lex, model), d.text)
        for d, doc in zip(docs, parsed, strict=True)
    ]
    s = score(docs, preds)
    return {
        "content_overlap_f1": s["content_overlap"]["f1"],
        "source_f1": s["source_exact"]["f1"],
        "cue_f1": s["cue_exact"]["f1"],
        "relation_f1": s["relation"]["f1"],
        "content_overlap": s["content_overlap"],
        "source_exact": s["source_exact"],
    }


def main(argv: list[str] | None = None) -> int:
    from quotes import load_split

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the parsed articles")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--parse-only", action="store_true")
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--l2", type=float, default=1e-4)
    args = ap.parse_args(argv)
    if not (args.data / "data" / "train" / "text").is_dir():
        print(f"skip: no PolNeAR train split under {args.data}: nothing to train.")
        return 0
    docs = load_split(args.data, "train", None)
    parsed = parse(docs, args.cache)
    if args.parse_only:
        return 0
    from dataclasses import replace

    from dateline.extract.cue_model import model_from_json
    from dateline.extract.quotes import lexicon

    lex = lexicon()
    fit_idx = [k for k in range(len(docs)) if k % 4 != 0]
    tune_idx = [k for k in range(len(docs)) if k % 4 == 0]
    t0 = time.perf_counter()
    feats, labels = rows_of([docs[k] for k in fit_idx], [parsed[k] for k in fit_idx], lex)
    print(
        f"{len(labels)} candidates, {sum(labels)} good ({time.perf_counter() - t0:.0f}s)",
        flush=True,
    )
    weights = fit(feats, labels, args.min_count, args.steps, args.l2)
    tune_docs = [docs[k] for k in tune_idx]
    tune_parsed = [parsed[k] for k in tune_idx]
    base = evaluate(tune_docs, tune_parsed, lex, None)
    print(f"rules alone: {json.dumps({k: v for k, v in base.items() if k.endswith('f1')})}")
    scorer = model_from_json({"weights": weights, "threshold": 1.0})
    best: tuple[float, float] | None = None
    grid = []
    for threshold in [x / 20 for x in range(4, 20)]:
        res = evaluate(tune_docs, tune_parsed, lex, replace(scorer, threshold=threshold))
        objective = (res["content_overlap_f1"] + res["source_f1"]) / 2
        grid.append({"threshold": threshold, **{k: v for k, v in res.items() if k.endswith("f1")}})
        print(f"threshold {threshold:.2f}: {json.dumps(grid[-1])}", flush=True)
        if best is None or objective > best[1]:
            best = (threshold, objective)
    assert best is not None
    out = {
        "about": "PolNeAR cue scorer; trained by benchmarks/train_cue_model.py (train split only)",
        "threshold": best[0],
        "tuning": {
            "rules_alone": base,
            "grid": grid,
            "articles_fit": len(fit_idx),
            "articles_tune": len(tune_idx),
        },
        "weights": weights,
    }
    args.out.write_text(json.dumps(out, separators=(",", ":")) + "\n", "utf-8")
    print(f"threshold {best[0]}; {len(weights)} features -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
