"""Geoparsing news: Dateline's places component against GeoWebNews / GeoVirus / LGL / TR-News.

Reads ``<repo>/../shared/datasets/geoparsing`` at run time (``--data`` overrides).

* gold spans: each gold toponym's surface text is geocoded (the article's other gold
  toponyms give the context countries); accuracy@161 km over all gold toponyms, an
  unresolved one counting as a miss; median and mean error in km over all of them (an
  unresolved one counts as 20,038 km, half the Earth's circumference).
* end to end: spaCy finds the toponyms and the component geocodes them. Toponym P/R/F1
  match spans by overlap (strict = exact span too); accuracy@161 end to end is the share of
  gold toponyms found by a predicted place within 161 km.

    python benchmarks/geo.py --split gwn --out benchmarks/results/geo_gwn.json
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--split", choices=sorted(SPLITS), default="gwn")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--errors", type=int, default=0, help="print this many gold-span misses")
    args = ap.parse_args(argv)

    path = args.data / SPLITS[args.split]
    if not path.exists():
        print(f"skip: {path} not found (dataset absent)")
        return 0
    docs = load_gwn(args.data) if args.split == "gwn" else load_xml(path)
    docs = docs[: args.limit] if args.limit else docs

    import spacy

    import dateline.extract  # noqa: F401
    from dateline.config import SETTINGS
    from dateline.extract import places as P
    from dateline.gazetteer import gazetteer, haversine_km
    from dateline.model import Article

    gazetteer()
    t0 = time.perf_counter()
    # --- gold spans
    dists: list[float] = []
    misses = []
    for _text, gold in docs:
        countries = P._article_countries([g["text"] for g in gold])
        states = P.article_states([g["text"] for g in gold], countries)
        for g in gold:
            p = P._place(g["text"], g["start"], g["end"], "GOLD", countries, None, states)
            d = MISS_KM if p.lat is None else haversine_km(p.lat, p.lon, g["lat"], g["lon"])
            dists.append(d)
            if d > 161:
                misses.append((g["text"], p.name, p.country, round(d)))
    gold_time = time.perf_counter() - t0

    # --- end to end
    nlp = spacy.load(SETTINGS.spacy_model, exclude=["lemmatizer"])
    nlp.add_pipe("dateline_places", last=True)
    n_gold = n_sys = tp = tp_strict = hit161 = 0
    t1 = time.perf_counter()
    inputs = []
    for text, _ in docs:
        doc = nlp.make_doc(text)
        doc._.article = Article(text=text)
        inputs.append(doc)
    for doc, (_, gold) in zip(nlp.pipe(inputs, batch_size=16), docs, strict=True):
        sys_places = [p for p in doc._.places or []]
        n_gold += len(gold)
        n_sys += len(sys_places)
        used: set[int] = set()
        for g in gold:
            for i, p in enumerate(sys_places):
                if i in used or p.end <= g["start"] or p.start >= g["end"]:
                    continue
                used.add(i)
                tp += 1
                tp_strict += (p.start, p.end) == (g["start"], g["end"])
                if p.lat is not None and haversine_km(p.lat, p.lon, g["lat"], g["lon"]) <= 161:
                    hit161 += 1
                break
    e2e_time = time.perf_counter() - t1

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    prec, rec = tp / max(n_sys, 1), tp / max(n_gold, 1)
    result = {
        "split": args.split,
        "documents": len(docs),
        "acc161_gold_spans": round(sum(d <= 161 for d in dists) / max(len(dists), 1), 4),
        "acc161_end_to_end": round(hit161 / max(n_gold, 1), 4),
        "toponym_f1": round(f1(prec, rec), 4),
        "toponym_precision": round(prec, 4),
        "toponym_recall": round(rec, 4),
        "toponym_f1_strict": round(f1(tp_strict / max(n_sys, 1), tp_strict / max(n_gold, 1)), 4),
        "median_km": round(statistics.median(dists), 1) if dists else None,
        "mean_km": round(statistics.fmean(dists), 1) if dists else None,
        "gold_toponyms": len(dists),
        "seconds_gold_spans": round(gold_time, 1),
        "seconds_end_to_end": round(e2e_time, 1),
    }
    print(json.dumps(result, indent=2))
    for m in misses[: args.errors]:
        print("MISS", m, file=sys.stderr)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
