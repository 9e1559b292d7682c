"""Short synthetic wire-style articles, for load tests and scaling benchmarks.

Each article is a few sentences built from templates with names, places and figures drawn
by a seeded random generator, so a corpus of any size is cheap to make, every article is
different (different id), and the same seed gives the same corpus. They exercise the whole
pipeline (people, places, dates, quotes, casualty figures) without any external text.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

_CITIES = [
    ("Kandahar", "Afghanistan"), ("Mosul", "Iraq"), ("Aleppo", "Syria"), ("Gao", "Mali"),
    ("Maiduguri", "Nigeria"), ("Mogadishu", "Somalia"), ("Peshawar", "Pakistan"),
    ("Sanaa", "Yemen"), ("Goma", "Congo"), ("Benghazi", "Libya"), ("Kharkiv", "Ukraine"),
    ("Marawi", "Philippines"),
]  # fmt: skip
_PEOPLE = [
    "Amina Yusuf", "Daniel Okoro", "Farid Haddad", "Lena Petrova", "Omar Siddiqui",
    "Grace Mensah", "Rahim Karimi", "Sofia Alvarez", "Tomas Novak", "Hana Saleh",
]  # fmt: skip
_ROLES = ["a police spokesman", "the provincial governor", "a hospital official",
          "an army spokeswoman", "a local elder", "the interior minister"]  # fmt: skip
_EVENTS = [
    ("A car bomb exploded near a market in {city}", "killed"),
    ("Gunmen attacked a checkpoint on the outskirts of {city}", "killed"),
    ("An air strike hit a building in northern {city}", "killed"),
    ("A roadside bomb struck a bus travelling to {city}", "wounded"),
    ("Protesters clashed with security forces in central {city}", "injured"),
]
_QUOTES = [
    "We are still counting the victims",
    "The attackers fled towards the border",
    "Security has been tightened across the city",
    "Nobody has claimed responsibility so far",
    "Rescue teams are searching the rubble",
]


def article(rng: random.Random, n: int) -> dict[str, str]:
    """One article as a JSONL row (title, text, published, outlet, url)."""
    city, country = rng.choice(_CITIES)
    lead, verb = rng.choice(_EVENTS)
    person, role = rng.choice(_PEOPLE), rng.choice(_ROLES)
    day = date(2024, 1, 1) + timedelta(days=rng.randrange(700))
    killed, wounded = rng.randrange(1, 40), rng.randrange(0, 80)
    title = f"{lead.format(city=city)}, {killed} {verb}"
    body = [
        f"{city.upper()}, {country} — {lead.format(city=city)} on {day:%A}, "
        f"{'killing' if verb == 'killed' else 'wounding'} at least {killed} people and "
        f"injuring {wounded} others, officials said.",
        f'"{rng.choice(_QUOTES)}," said {person}, {role}, speaking by telephone.',
        f"It was the {rng.choice(['second', 'third', 'fourth'])} such incident in {country} "
        f"this month, according to figures compiled by the agency (report {n}).",
    ]
    return {
        "title": title,
        "text": "\n\n".join(body),
        "published": f"{day.isoformat()}T{rng.randrange(24):02d}:00:00Z",
        "outlet": "Synthetic Wire",
        "url": f"https://example.org/synthetic/{n}",
    }


def articles(count: int, seed: int = 0) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    for n in range(count):
        yield article(rng, n)


def write_jsonl(
    path: str | Path, count: int, seed: int = 0, per_file: int | None = None
) -> list[Path]:
    """Write ``count`` articles as JSONL: one file, or files of ``per_file`` lines each."""
    path = Path(path)
    rows = list(articles(count, seed))
    size = per_file or max(1, count)
    groups = [rows[i : i + size] for i in range(0, len(rows), size)] or [[]]
    if per_file is None:
        targets = [path]
    else:
        path.mkdir(parents=True, exist_ok=True)
        targets = [path / f"part-{i:04d}.jsonl" for i in range(len(groups))]
    for target, group in zip(targets, groups, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8") as fh:
            for row in group:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return targets
