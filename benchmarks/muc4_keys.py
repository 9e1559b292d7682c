"""The MUC-4 fields the processed JSON drops, read from the original answer keys.

``raw_texts/key-tst*.v*`` hold the full 25-slot templates of the dev documents (TST1 and
TST2; TST3 and TST4 for the withheld test split, when present): incident date, location, the effect on human targets and their number, and the
confidence of the perpetrator organisation (CLAIMED OR ADMITTED, SUSPECTED ...).
``raw_keys/doc_<split>`` holds each document's wire dateline ("SAN SALVADOR, 18 FEB 90
(DPA)"), whose date is the publication date relative times count from. Only the
document's metadata is taken from there, never the text or the keys.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

MONTHS = {
    m: i
    for i, m in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1
    )
}
_DATE = re.compile(r"\b(\d{1,2}) (JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC) (\d{2})\b")
_SLOT = re.compile(r"^(\d+)\.\s+([A-Z ]+:[A-Z ]+?)\s{2,}(.*)$")
_QUOTED = re.compile(r'"([^"]*)"')
# Original key files per split, as globs (the withheld test split is TST3 + TST4).
KEY_FILES = {"dev": ("key-tst1*", "key-tst2*"), "test": ("key-tst3*", "key-tst4*")}


def _dates(text: str) -> set[date]:
    out: set[date] = set()
    for d, mon, yy in _DATE.findall(text):
        try:
            out.add(date(1900 + int(yy), MONTHS[mon], int(d)))
        except ValueError:
            continue
    return out


@dataclass
class DocKey:
    """What the raw keys say about one document, over all its templates."""

    dates: set[date] = field(default_factory=set)
    locations: set[str] = field(default_factory=set)  # every level: country, city, ...
    killed: set[int] = field(default_factory=set)  # per template, when the key counts them
    claimed: bool = False  # some perpetrator organisation CLAIMED OR ADMITTED
    templates: int = 0


def _slots(record: str) -> dict[str, list[str]]:
    slots: dict[str, list[str]] = {}
    last = None
    for line in record.splitlines():
        m = _SLOT.match(line)
        if m:
            last = m[2].strip()
            slots.setdefault(last, []).append(m[3].strip())
        elif last and line.startswith(" ") and line.strip():
            slots[last].append(line.strip())
    return slots


def _killed(slots: dict[str, list[str]]) -> int | None:
    """People killed in one template, when every dead target has a numeric count."""
    dead = [v for v in slots.get("HUM TGT: EFFECT OF INCIDENT", []) if v.startswith("DEATH")]
    if not dead:
        return None
    numbers = {}
    for v in slots.get("HUM TGT: NUMBER", []):
        m = re.match(r"(\d+)(?:\s*-\s*\d+)?\s*:\s*(.*)", v)
        if m:
            numbers[m[2]] = int(m[1])
    total = 0
    for v in dead:
        who = v.split(":", 1)[1].strip() if ":" in v else ""
        if who not in numbers:
            return None
        total += numbers[who]
    return total or None


def read_keys(data: Path, split: str) -> dict[str, DocKey] | None:
    """Doc id -> DocKey for the split, or None when its original keys are not here."""
    paths = [sorted((data / "raw_texts").glob(g)) for g in KEY_FILES.get(split, ())]
    if not paths or not all(paths):
        return None
    out: dict[str, DocKey] = {}
    for path in (p[-1] for p in paths):  # the latest version of each key file
        text = path.read_text("latin-1")
        for record in re.split(r"\n(?=0\.\s+MESSAGE: ID)", text):
            slots = _slots(record)
            ids = slots.get("MESSAGE: ID")
            if not ids:
                continue
            key = out.setdefault(ids[0].split()[0], DocKey())
            if slots.get("INCIDENT: TYPE", ["*"])[0].startswith("*"):
                continue  # an irrelevant document: no template
            key.templates += 1
            key.dates |= _dates(" ".join(slots.get("INCIDENT: DATE", [])))
            for loc in slots.get("INCIDENT: LOCATION", []):
                for part in re.split(r"[:/]", loc):
                    part = re.sub(r"\([^)]*\)", "", part).strip(" -\"'").lower()
                    if part and part != "*":
                        key.locations.add(part)
            n = _killed(slots)
            if n:
                key.killed.add(n)
            conf = " ".join(slots.get("PERP: ORGANIZATION CONFIDENCE", []))
            key.claimed |= "CLAIMED OR ADMITTED" in conf
    return out


def publication_dates(data: Path, split: str) -> dict[str, datetime]:
    """Doc id -> the date of its wire dateline, when raw_keys/doc_<split> is here."""
    path = data / "raw_keys" / f"doc_{split}"
    if not path.exists():
        return {}
    out: dict[str, datetime] = {}
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        found = sorted(_dates(rec.get("dateline") or ""))
        if found:
            out[rec["docid"]] = datetime.combine(found[0], datetime.min.time())
    return out


def quoted(value: str) -> list[str]:
    return _QUOTED.findall(value)
