"""Geoparsing news: Dateline's places component against GeoWebNews / GeoVirus / LGL / TR-News.

Reads ``<repo>/../shared/datasets/geoparsing`` at run time (``--data`` overrides).

* gold spans: each gold toponym's surface text is geocoded (the article's other gold
  toponyms give the context countries); accuracy@161 km over all gold toponyms, an
  unresolved one counting as a miss; median and mean error in km over all of them (an
  unresolved one counts as 20,038 km, half the Earth's circumference).
* end to end: spaCy finds the toponyms and the component geocodes them. Toponym P/R/F1
  match spans by overlap (strict = exact span too); accuracy@161 end to end is the share of
  gold toponyms found by a predicted place within 161 km.

    python benchmarks/geo.py --out benchmarks/results/geo.json      # GeoWebNews + GeoVirus
    python benchmarks/geo.py --data DIR --split lgl --out lgl.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "geoparsing"
SPLITS = {
    "gwn": "GWN.xml",
    "geovirus": "Corpora/GeoVirus.xml",
    "lgl": "Corpora/lgl.xml",
    "trnews": "Corpora/TR-News.xml",
}
MISS_KM = 20038.0


def load_gwn(root: Path) -> list[tuple[str, list[dict]]]:
    tree = ET.parse(root / "GWN.xml")
    # Line i of gwn_full.txt annotates the i-th article of GWN.xml (document order).
    texts = [a.findtext("text") or "" for a in tree.getroot().iter("article")]
    lines = (root / "Geocoding" / "gwn_full.txt").read_text(encoding="utf-8").splitlines()
    docs = []
    for i, line in enumerate(lines):
        text = texts[i] if i < len(texts) else ""
        gold = []
        for rec in line.split("||"):
            parts = rec.split(",,")
            if len(parts) != 6:
                continue
            _, surface, lat, lon, s, e = parts
            gold.append(
                {
                    "start": int(s),
                    "end": int(e),
                    "text": surface,
                    "lat": float(lat),
                    "lon": float(lon),
                }
            )
        docs.append((text, gold))
    return docs


def load_xml(path: Path) -> list[tuple[str, list[dict]]]:
    """GeoVirus (<locations><location><name/start/end/lat/lon>) and LGL/TR-News
    (<toponyms><toponym><start/end/phrase/gaztag><lat/lon>) share this reader."""
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        gold = []
        for top in list(art.iter("location")) + list(art.iter("toponym")):
            lat = top.findtext(".//lat")
            lon = top.findtext(".//lon")
            s, e = top.findtext("start"), top.findtext("end")
            if not (lat and lon and s and e):
                continue
            start, end = _align(
                text, int(s), int(e), top.findtext("name") or top.findtext("phrase")
            )
            gold.append(
                {
                    "start": start,
                    "end": end,
                    "text": text[start:end],
                    "lat": float(lat),
                    "lon": float(lon),
                }
            )
        docs.append((text, gold))
    return docs


def _align(text: str, start: int, end: int, name: str | None) -> tuple[int, int]:
    """Offsets that actually frame the gold name (GeoVirus counts from 1, for one)."""
    if not name or text[start:end] == name:
        return start, end
    for delta in (-1, 1, -2, 2, -3, 3):
        s = start + delta
        if s >= 0 and text[s : s + len(name)] == name:
            return s, s + len(name)
    return start, end


def gold_spans(docs: list[tuple[str, list[dict]]]) -> tuple[list[float], list[tuple]]:
    """Distances (km) for every gold toponym geocoded from its gold span, and the misses."""
    from dateline.extract import places as P
    from dateline.gazetteer import haversine_km

    dists: list[float] = []
    misses = []
    for text, gold in docs:
        ctx = P.article_context([g["text"] for g in gold])
        for g in gold:
            p = P.place_in_context(g["text"], g["start"], g["end"], "GOLD", ctx, text)
            d = MISS_KM if p.lat is None else haversine_km(p.lat, p.lon, g["lat"], g["lon"])
            dists.append(d)
            if d > 161:
                misses.append((g["text"], p.name, p.country, round(d)))
    return dists, misses


def end_to_end(nlp, docs: list[tuple[str, list[dict]]]) -> dict[str, int]:  # noqa: ANN001
    """Counts for toponym P/R/F1 (overlap and exact) and acc@161 of the places found."""
    from dateline.gazetteer import haversine_km
    from dateline.model import Article

    c = {"gold": 0, "system": 0, "tp": 0, "tp_strict": 0, "hit161": 0}
    inputs = []
    for text, _ in docs:
        doc = nlp.make_doc(text)
        doc._.article = Article(text=text)
        inputs.append(doc)
    for doc, (_, gold) in zip(nlp.pipe(inputs, batch_size=16), docs, strict=True):
        sys_places = list(doc._.places or [])
        c["gold"] += len(gold)
        c["system"] += len(sys_places)
        used: set[int] = set()
        for g in gold:
            for i, p in enumerate(sys_places):
                if i in used or p.end <= g["start"] or p.start >= g["end"]:
                    continue
                used.add(i)
                c["tp"] += 1
                c["tp_strict"] += (p.start, p.end) == (g["start"], g["end"])
                if p.lat is not None and haversine_km(p.lat, p.lon, g["lat"], g["lon"]) <= 161:
                    c["hit161"] += 1
                break
    return c


def metrics(dists: list[float], c: dict[str, int]) -> dict:
    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    prec, rec = c["tp"] / max(c["system"], 1), c["tp"] / max(c["gold"], 1)
    sp, sr = c["tp_strict"] / max(c["system"], 1), c["tp_strict"] / max(c["gold"], 1)
    return {
        "acc161_gold_spans": round(sum(d <= 161 for d in dists) / max(len(dists), 1), 4),
        "acc161_end_to_end": round(c["hit161"] / max(c["gold"], 1), 4),
        "toponym_f1": round(f1(prec, rec), 4),
        "toponym_precision": round(prec, 4),
        "toponym_recall": round(rec, 4),
        "toponym_f1_strict": round(f1(sp, sr), 4),
        "median_km": round(statistics.median(dists), 1) if dists else None,
        "mean_km": round(statistics.fmean(dists), 1) if dists else None,
        "gold_toponyms": len(dists),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument(
        "--split",
        default="gwn,geovirus",
        help="one or more of gwn, geovirus, lgl, trnews (comma-separated); several are also "
        "scored together (micro-averaged over all their toponyms)",
    )
    ap.add_argument("--out", type=Path)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--errors", type=int, default=0, help="print this many gold-span misses")
    args = ap.parse_args(argv)

    splits = [s.strip() for s in args.split.split(",") if s.strip()]
    unknown = [s for s in splits if s not in SPLITS]
    if unknown:
        ap.error(f"unknown split(s) {unknown}; choose from {sorted(SPLITS)}")
    present = []
    for s in splits:
        path = args.data / SPLITS[s]
        if path.exists():
            present.append(s)
        else:
            print(f"skip: {path} not found (dataset absent)")
    if not present:
        return 0

    from dateline.gazetteer import gazetteer
    from dateline.pipeline import build_nlp

    gazetteer()
    # The real pipeline up to places: NER, then the entities layer (which keeps actors
    # NER calls GPE, such as "Hamas", out of the places), then places.
    nlp = build_nlp()
    after = nlp.pipe_names[nlp.pipe_names.index("dateline_places") + 1 :]
    nlp.select_pipes(disable=after)

    per_split: dict[str, dict] = {}
    all_dists: list[float] = []
    all_counts = {"gold": 0, "system": 0, "tp": 0, "tp_strict": 0, "hit161": 0}
    misses: list[tuple] = []
    for s in present:
        path = args.data / SPLITS[s]
        docs = load_gwn(args.data) if s == "gwn" else load_xml(path)
        docs = docs[: args.limit] if args.limit else docs
        t0 = time.perf_counter()
        dists, miss = gold_spans(docs)
        t1 = time.perf_counter()
        counts = end_to_end(nlp, docs)
        t2 = time.perf_counter()
        per_split[s] = {
            "documents": len(docs),
            **metrics(dists, counts),
            "seconds_gold_spans": round(t1 - t0, 1),
            "seconds_end_to_end": round(t2 - t1, 1),
        }
        all_dists += dists
        misses += miss
        for k, v in counts.items():
            all_counts[k] += v
    if len(present) == 1:
        result = {"split": present[0], **per_split[present[0]]}
    else:
        result = {
            "split": "+".join(present),
            "documents": sum(r["documents"] for r in per_split.values()),
            **metrics(all_dists, all_counts),
        }
        for s, r in per_split.items():
            for k in ("acc161_gold_spans", "acc161_end_to_end", "toponym_f1", "median_km"):
                result[f"{s}_{k}"] = r[k]
        result["splits"] = per_split
    print(json.dumps(result, indent=2))
    for m in misses[: args.errors]:
        print("MISS", m, file=sys.stderr)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
