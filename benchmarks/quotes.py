"""Benchmark: quotes and attribution on PolNeAR (political news attribution relations).

Scores Dateline's quotes against PolNeAR's BRAT standoff annotations: span precision,
recall and F1 for Source, Cue and Content (exact and overlap), and the relation level (a
gold relation is found when a predicted relation's content overlaps its content and its
source overlaps its source). Where several annotators did an article, the first annotation
file in sorted order is used (deterministic). Quote marks and whitespace are normalised
before exact matching; a direct quote is scored with its quote marks, and the quotes of one
cue form one (discontinuous) content, as PolNeAR annotates them.

Speed: the documents are parsed once by the core pipeline (everything before
dateline_quotes, timed), then only the quotes component runs over them (timed); the cost is
its time as a fraction of the core's, medians of per-document timings.

    python benchmarks/quotes.py --split dev|train|test [--data DIR] [--out FILE] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "polnear"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "quotes.json"

Ranges = tuple[tuple[int, int], ...]
_QUOTES = str.maketrans({c: '"' for c in "“”„«»‘’'`"})
_EDGE = re.compile(r"^[\s\"',.;:]+|[\s\"',.;:]+$")


@dataclass
class Relation:
    content: Ranges
    cue: Ranges = ()
    source: Ranges = ()


@dataclass
class Doc:
    name: str
    text: str
    gold: list[Relation] = field(default_factory=list)


# --------------------------------------------------------------------------- loading


def parse_ranges(field_: str) -> Ranges:
    """'12 20;25 31' -> ((12, 20), (25, 31))."""
    out = []
    for part in field_.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return tuple(out)


def load_ann(path: Path) -> list[Relation]:
    spans: dict[str, tuple[str, Ranges]] = {}
    rels: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            kind, _, ranges = parts[1].partition(" ")
            try:
                spans[parts[0]] = (kind, parse_ranges(ranges))
            except ValueError:
                continue
        elif line.startswith("E"):
            parts = line.split("\t")
            args = dict(a.split(":", 1) for a in parts[1].split() if ":" in a)
            rels.append(args)
    out = []
    for args in rels:
        content = spans.get(args.get("Content", ""))
        if content is None:
            continue
        cue = spans.get(args.get("Cue", ""), ("", ()))[1]
        source = spans.get(args.get("Source", ""), ("", ()))[1]
        out.append(Relation(content[1], cue, source))
    return out


def load_split(data: Path, split: str, limit: int | None) -> list[Doc]:
    base = data / "data" / split
    docs = []
    anns = sorted((base / "attributions").glob("*.ann"))
    by_name: dict[str, Path] = {}
    for ann in anns:  # "<name>_<annotator>.ann": the first annotator in sorted order
        name = ann.stem.rsplit("_", 1)[0]
        by_name.setdefault(name, ann)
    for name in sorted(by_name):
        text_path = base / "text" / f"{name}.txt"
        if not text_path.exists():
            continue
        docs.append(Doc(name, text_path.read_text(encoding="utf-8"), load_ann(by_name[name])))
        if limit and len(docs) >= limit:
            break
    return docs


# --------------------------------------------------------------------------- predictions


def with_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """A direct quote's span widened to its quote marks (and a comma inside them)."""
    if start > 0 and text[start - 1] in "\"“'‘«":
        start -= 1
    j = end
    while j < len(text) and text[j] in ",.?!" and j - end < 1:
        j += 1
    if j < len(text) and text[j] in "\"”'’»":
        end = j + 1
    return start, end


def predict(qs: list, text: str) -> list[Relation]:
    """Dateline quotes as PolNeAR relations: one per cue (its quotes joined)."""
    indirect = [(q.start, q.end) for q in qs if q.kind == "indirect"]
    groups: dict[object, list] = {}
    prev: tuple[object, object] | None = None  # (key, speaker) of the last direct quote
    for q in sorted(qs, key=lambda q: q.start):
        if q.cue is None and q.speaker.resolved_by == "none":
            continue  # scare quotes / titles: not an attribution
        if q.kind == "partial" and any(a <= q.start and q.end <= b for a, b in indirect):
            continue  # a few quoted words inside reported speech: the clause is the content
        key = (q.cue_start, q.cue_end) if q.cue_start is not None else ("q", q.start)
        who = q.speaker.canonical or q.speaker.text
        if q.speaker.resolved_by == "continuation":
            # The speaker goes on without a new cue: PolNeAR joins these words to the
            # previous quote's content (one discontinuous content per attribution).
            key = prev[0] if prev is not None and prev[1] == who else ("q", q.start)
        if q.kind == "direct":
            prev = (key, who)
        groups.setdefault(key, []).append(q)
    out = []
    for key, group in groups.items():
        ranges = []
        for q in group:
            s, e = (q.start, q.end) if q.kind == "indirect" else with_marks(text, q.start, q.end)
            if q.kind == "indirect":
                for word in ("that ", "whether ", "if "):
                    if text[max(0, s - len(word)) : s].lower() == word:
                        s -= len(word)  # PolNeAR's content keeps the complementizer
                        break
            ranges.append((s, e))
        cue: Ranges = ((key[0], key[1]),) if key[0] != "q" else ()  # type: ignore[index]
        sp = group[0].speaker
        source: Ranges = ()
        if sp.start is not None and sp.end is not None and sp.resolved_by != "continuation":
            source = ((sp.start, sp.end),)
        out.append(Relation(tuple(sorted(ranges)), cue, source))
    return out


# --------------------------------------------------------------------------- scoring


def norm(text: str, ranges: Ranges) -> str:
    joined = " ".join(text[a:b] for a, b in ranges).translate(_QUOTES)
    joined = re.sub(r"\s+", " ", joined)
    return _EDGE.sub("", joined).lower()


def overlap(a: Ranges, b: Ranges) -> int:
    return sum(max(0, min(y, q) - max(x, p)) for x, y in a for p, q in b)


def match(text: str, gold: list[Ranges], pred: list[Ranges], exact: bool) -> int:
    """One-to-one greedy matching by overlap size; exact also needs equal normalised text."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            ov = overlap(g, p)
            if ov <= 0:
                continue
            if exact and norm(text, g) != norm(text, p):
                continue
            pairs.append((ov, i, j))
    used_g: set[int] = set()
    used_p: set[int] = set()
    hits = 0
    for _, i, j in sorted(pairs, reverse=True):
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        hits += 1
    return hits


@dataclass
class Count:
    tp_p: int = 0  # predictions matched
    tp_g: int = 0  # gold matched
    n_pred: int = 0
    n_gold: int = 0

    def add(self, hits: int, n_pred: int, n_gold: int) -> None:
        self.tp_p += hits
        self.tp_g += hits
        self.n_pred += n_pred
        self.n_gold += n_gold

    def prf(self) -> dict[str, float]:
        p = self.tp_p / self.n_pred if self.n_pred else 0.0
        r = self.tp_g / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def unique(rs: list[Ranges]) -> list[Ranges]:
    return sorted({r for r in rs if r})


def relation_hits(gold: list[Relation], pred: list[Relation]) -> int:
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            ov = overlap(g.content, p.content)
            if ov <= 0:
                continue
            if g.source and not overlap(g.source, p.source):
                continue
            if not g.source and p.source:
                continue
            pairs.append((ov, i, j))
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return len(used_g)


def score(docs: list[Doc], preds: list[list[Relation]]) -> dict[str, dict[str, float]]:
    counts = {k: Count() for k in ("content", "cue", "source")}
    counts_ov = {k: Count() for k in ("content", "cue", "source")}
    rel = Count()
    for doc, pred in zip(docs, preds, strict=True):
        for kind in ("content", "cue", "source"):
            g = unique([getattr(r, kind) for r in doc.gold])
            p = unique([getattr(r, kind) for r in pred])
            counts[kind].add(match(doc.text, g, p, exact=True), len(p), len(g))
            counts_ov[kind].add(match(doc.text, g, p, exact=False), len(p), len(g))
        rel.add(relation_hits(doc.gold, pred), len(pred), len(doc.gold))
    out = {f"{k}_exact": c.prf() for k, c in counts.items()}
    out.update({f"{k}_overlap": c.prf() for k, c in counts_ov.items()})
    out["relation"] = rel.prf()
    return out


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--split", default="dev", help="train (tuning), dev (reporting) or test")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args(argv)
    if not (args.data / "data" / args.split / "text").is_dir():
        print(f"skip: no PolNeAR split {args.split!r} under {args.data}", file=sys.stderr)
        return 0

    sys.path.insert(0, str(ROOT / "src"))
    from dateline.extract.quotes import lexicon, make_quotes_extractor
    from dateline.model import Article
    from dateline.pipeline import get_nlp, make_doc

    docs = load_split(args.data, args.split, args.limit)
    nlp = get_nlp()
    core = [n for n in nlp.pipe_names if n not in {"dateline_quotes", "dateline_events"}]
    quotes_component = make_quotes_extractor(nlp, "dateline_quotes")
    lexicon()
    core_times, quote_times, preds = [], [], []
    with nlp.select_pipes(enable=core):
        for d in docs:
            art = Article(text=d.text).with_id()
            t0 = time.perf_counter()
            parsed = nlp(make_doc(nlp, art))
            t1 = time.perf_counter()
            quotes_component(parsed)
            t2 = time.perf_counter()
            core_times.append(t1 - t0)
            quote_times.append(t2 - t1)
            preds.append(predict(parsed._.quotes or [], d.text))
    scores = score(docs, preds)
    core_med, quote_med = statistics.median(core_times), statistics.median(quote_times)
    result = {
        "dataset": "PolNeAR",
        "split": args.split,
        "articles": len(docs),
        "gold_relations": sum(len(d.gold) for d in docs),
        "annotator_choice": "first annotation file per article in sorted order",
        "content_overlap_f1": scores["content_overlap"]["f1"],
        "content_exact_f1": scores["content_exact"]["f1"],
        "source_f1": scores["source_exact"]["f1"],
        "source_overlap_f1": scores["source_overlap"]["f1"],
        "cue_f1": scores["cue_exact"]["f1"],
        "cue_overlap_f1": scores["cue_overlap"]["f1"],
        "relation_f1": scores["relation"]["f1"],
        "quotes_cost_ratio": round(quote_med / core_med, 4) if core_med else None,
        "core_median_s": round(core_med, 5),
        "quotes_median_s": round(quote_med, 5),
        "detail": scores,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "detail"}, indent=2))
    for k, v in scores.items():
        print(f"{k:16} P={v['precision']:.3f} R={v['recall']:.3f} F1={v['f1']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
