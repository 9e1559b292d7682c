"""Build the fusion evaluation corpus from the hand-written incidents (incidents_*.yaml).

Originals are written by hand.  Syndicated copies are made here from an original by the light
edits listed in the YAML (a new headline, paragraphs after the lede reordered, a figure
replaced, a paragraph appended or the last one dropped) — the way wire copy is reprinted.
Writes articles.jsonl (readable by `dateline ingest`) and gold.json next to this file.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent


def _edit(title: str, paras: list[str], edits: list[Any]) -> tuple[str, list[str]]:
    paras = list(paras)
    for e in edits:
        if e == "reorder":  # keep the lede, reverse what follows
            paras = [paras[0], *reversed(paras[1:])]
        elif "headline" in e:
            title = e["headline"]
        elif "replace" in e:
            old, new = e["replace"]
            if not any(old in p for p in paras):
                raise ValueError(f"edit {old!r} not found")
            paras = [p.replace(old, new) for p in paras]
        elif "append" in e:
            paras.append(e["append"])
        elif "drop_last" in e:
            paras = paras[:-1]
    return title, paras


def load_incidents(folder: Path = HERE) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in sorted(folder.glob("incidents_*.yaml")):
        out.extend(yaml.safe_load(path.read_text(encoding="utf-8")))
    return out


def build(folder: Path = HERE) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(articles, gold).  Each article: id, incident, outlet, published, title, text, gold."""
    articles: list[dict[str, Any]] = []
    families: list[list[str]] = []
    incidents = load_incidents(folder)
    for inc in incidents:
        originals = {r["id"]: r for r in inc["reports"]}
        fam: dict[str, list[str]] = {rid: [rid] for rid in originals}
        for r in inc["reports"]:
            paras = [p.strip() for p in r["text"].strip().split("\n\n") if p.strip()]
            articles.append({**r, "incident": inc["id"], "paras": paras, "copy_of": None})
        for c in inc.get("copies", []):
            src = originals[c["of"]]
            paras = [p.strip() for p in src["text"].strip().split("\n\n") if p.strip()]
            title, paras = _edit(src["title"], paras, c.get("edits", []))
            gold = {**src["gold"], **c.get("gold", {})}
            articles.append(
                {
                    "id": c["id"],
                    "incident": inc["id"],
                    "outlet": c["outlet"],
                    "published": c["published"],
                    "title": title,
                    "paras": paras,
                    "gold": gold,
                    "copy_of": c["of"],
                }
            )
            fam[c["of"]].append(c["id"])
        families.extend(m for m in fam.values() if len(m) > 1)
    ids = [a["id"] for a in articles]
    if len(set(ids)) != len(ids):  # parts are written apart: an id used twice mixes them
        raise ValueError(f"article ids used twice: {sorted({i for i in ids if ids.count(i) > 1})}")
    for a in articles:
        a["text"] = "\n\n".join(a.pop("paras"))
    gold = {
        "incidents": {
            inc["id"]: {
                "type": inc["type"],
                "place": inc["place"],
                "articles": [a["id"] for a in articles if a["incident"] == inc["id"]],
            }
            for inc in incidents
        },
        "families": families,
        "syndication_pairs": sorted(
            sorted(p) for m in families for p in itertools.combinations(m, 2)
        ),
        "discrepancies": planted(articles),
    }
    return articles, gold


# fields planted on purpose; kidnapped/arrested counts are written but Dateline's casualty
# model has no such field, so they are not counted as planted discrepancies.  Parts A and B
# write only the first four; part C also injured counts, places and claims (a list each).
PLANTED_FIELDS = ("killed", "perpetrator", "quote", "day", "injured", "place", "claim")


def _gold_values(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def planted(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every field on which the reports of one incident differ, with its values."""
    out = []
    by_inc: dict[str, list[dict[str, Any]]] = {}
    for a in articles:
        by_inc.setdefault(a["incident"], []).append(a)
    for inc, arts in by_inc.items():
        for f in PLANTED_FIELDS:
            values = sorted(
                {
                    v
                    for a in arts
                    if a["gold"].get(f) is not None
                    for v in _gold_values(a["gold"][f])
                }
            )
            if len(values) > 1:
                out.append({"incident": inc, "field": f, "values": values})
    return out


def write(folder: Path = HERE) -> None:
    articles, gold = build(folder)
    with (folder / "articles.jsonl").open("w", encoding="utf-8") as fh:
        for a in articles:
            row = {k: a[k] for k in ("id", "title", "outlet", "published", "text")}
            row["url"] = f"https://fusion-corpus.example.org/{a['incident']}/{a['id']}"
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    full = {
        **gold,
        "articles": {a["id"]: {k: a[k] for k in ("incident", "copy_of", "gold")} for a in articles},
    }
    (folder / "gold.json").write_text(
        json.dumps(full, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    print(
        f"{len(articles)} articles, {len(gold['families'])} families, "
        f"{len(gold['discrepancies'])} planted discrepancies"
    )


if __name__ == "__main__":
    write()
