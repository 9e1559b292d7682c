"""Train the noun-phrase role scorer (dateline.extract.role_model) on MUC-4's train split.

Reproducible and CPU-only: the train texts are truecased and run through Dateline's whole
pipeline (the features read the parse, NER, the entity linker and the events' arguments),
every candidate phrase gets the label of the gold role whose mention it equals (or "O"),
and a multinomial logistic regression with L2 is fitted by full-batch gradient descent
(Adam, fixed step count, no randomness). Features seen fewer than ``--min-count`` times
are dropped. Writes ``src/dateline/data/role_model.json``. Only the train split is read;
thresholds in the file are the defaults below (tuned once on dev, never on test).

    python benchmarks/train_role_model.py [--data DIR] [--out FILE]
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
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "muc4"
# Decision thresholds and filler caps per role (chosen on dev; see benchmarks/README.md).
THRESHOLDS = {"PerpInd": 0.15, "PerpOrg": 0.1, "Target": 0.4, "Victim": 0.1, "Weapon": 0.1}
MAX_FILLERS = {"PerpInd": 1, "PerpOrg": 1, "Target": 3, "Victim": 3, "Weapon": 2}


def load_split(data: Path, split: str) -> list[dict]:
    path = data / "processed" / f"{split}.json"
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def parse_nlp():  # noqa: ANN201  (spaCy Language)
    """Dateline's whole pipeline, as the benchmark runs it: the role features read the
    events' arguments too."""
    from dateline.pipeline import get_nlp

    return get_nlp(), []


def featurise(docs: list[dict], cache: Path | None = None) -> list[list[tuple]]:
    """Per document, (normalised text, features) of every candidate; cached on disk."""
    if cache and cache.exists():
        return pickle.loads(cache.read_bytes())
    from dateline.extract.role_model import candidates, normalise
    from dateline.model import Article
    from dateline.pipeline import make_doc
    from dateline.truecase import truecase

    nlp, disabled = parse_nlp()
    out: list[list[tuple]] = []
    with nlp.select_pipes(disable=disabled):
        arts = (Article(text=truecase(d["doctext"])).with_id() for d in docs)
        for doc in nlp.pipe((make_doc(nlp, a) for a in arts), batch_size=16):
            out.append([(normalise(c.text), c.features) for c in candidates(doc)])
    if cache:
        cache.write_bytes(pickle.dumps(out))
    return out


def labels_for(doc: dict) -> dict[str, str]:
    """Normalised gold mention -> role (the first role that lists it)."""
    from dateline.extract.role_model import ROLES, normalise

    out: dict[str, str] = {}
    for tpl in doc["templates"]:
        for role in ROLES:
            for ent in tpl[role]:
                for mention, _ in ent:
                    out.setdefault(normalise(mention), role)
    return out


def train(
    rows: list[tuple[tuple[str, ...], int]],
    min_count: int = 2,
    steps: int = 150,
    l2: float = 1e-4,
    lr: float = 0.1,
) -> dict[str, list[float]]:
    """Multinomial logistic regression over sparse binary features."""
    from dateline.extract.role_model import CLASSES

    counts: dict[str, int] = {}
    for feats, _ in rows:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}
    cols, ptr, y = [], [0], []
    for feats, label in rows:
        idx = sorted({vocab[f] for f in feats if f in vocab})
        cols.extend(idx)
        ptr.append(len(cols))
        y.append(label)
    col = np.asarray(cols, dtype=np.int64)
    row = np.repeat(np.arange(len(rows)), np.diff(ptr))
    starts = np.asarray(ptr[:-1], dtype=np.int64)
    n, k = len(rows), len(CLASSES)
    target = np.zeros((n, k))
    target[np.arange(n), y] = 1.0
    w = np.zeros((len(vocab), k))
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, steps + 1):
        z = np.add.reduceat(w[col], starts, axis=0)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g_rows = (p - target) / n
        spread = g_rows[row]  # bincount per class: far faster than np.add.at
        grad = np.stack([np.bincount(col, spread[:, c], len(vocab)) for c in range(k)], 1)
        grad += l2 * w
        m = b1 * m + (1 - b1) * grad
        v = b2 * v + (1 - b2) * grad * grad
        w -= lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        if t % 50 == 0:
            loss = -np.log(p[np.arange(n), y] + 1e-12).mean()
            print(f"step {t}: loss {loss:.4f}", flush=True)
    return {
        f: [round(float(x), 4) for x in w[i]]
        for f, i in vocab.items()
        if np.abs(w[i]).max() >= 1e-3
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument(
        "--out", type=Path, default=ROOT / "src" / "dateline" / "data" / "role_model.json"
    )
    ap.add_argument("--cache", type=Path, default=None, help="pickle of parsed candidates")
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--steps", type=int, default=150)
    ap.add_argument("--l2", type=float, default=1e-4)
    args = ap.parse_args(argv)
    if not (args.data / "processed" / "train.json").exists():
        print(f"MUC-4 train split not found under {args.data}: nothing to train.")
        return 0
    from dateline.extract.role_model import CLASSES

    t0 = time.perf_counter()
    docs = load_split(args.data, "train")
    feats = featurise(docs, args.cache)
    print(f"parsed {len(docs)} docs in {time.perf_counter() - t0:.0f}s", flush=True)
    rows: list[tuple[tuple[str, ...], int]] = []
    for doc, cands in zip(docs, feats, strict=True):
        gold = labels_for(doc)
        for norm, f in cands:
            role = gold.get(norm)
            rows.append((f, CLASSES.index(role) if role else 0))
    print(f"{len(rows)} candidates, {sum(1 for _, y in rows if y)} positive", flush=True)
    weights = train(rows, args.min_count, args.steps, args.l2)
    model = {
        "about": "MUC-4 noun-phrase role scorer; trained by benchmarks/train_role_model.py",
        "classes": list(CLASSES),
        "thresholds": THRESHOLDS,
        "max_fillers": MAX_FILLERS,
        "weights": weights,
    }
    args.out.write_text(json.dumps(model, separators=(",", ":")) + "\n", "utf-8")
    print(f"{len(weights)} features -> {args.out} ({time.perf_counter() - t0:.0f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
