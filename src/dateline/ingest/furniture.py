"""Page furniture (buttons, banners, ads): lines that must never reach the article text.

The list lives in ``data/furniture.yaml`` and is loaded once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dateline.config import DATA_DIR, load_yaml

_EDGE = " \t\u00a0|·•>»›-–—:!.\u2192"


_WORDS = re.compile(r"\w+")
_MAX_NAV_WORDS = 8


@lru_cache(maxsize=1)
def _table() -> tuple[frozenset[str], frozenset[str], re.Pattern[str], int]:
    data = load_yaml(DATA_DIR / "furniture.yaml")
    lines = frozenset(str(x).lower().strip(_EDGE) for x in data["lines"])
    nav_words = frozenset(str(x).lower() for x in data["nav_words"])
    pattern = re.compile("|".join(f"(?:{p})" for p in data["patterns"]), re.IGNORECASE)
    return lines, nav_words, pattern, int(data["max_chars"])


def is_furniture(line: str) -> bool:
    """True for a whole line that is page furniture (never for a real paragraph)."""
    lines, nav_words, pattern, max_chars = _table()
    key = " ".join(line.split()).lower().strip(_EDGE)
    if not key:
        return False
    if key in lines:
        return True
    words = _WORDS.findall(key)
    if 0 < len(words) <= _MAX_NAV_WORDS and all(w in nav_words for w in words):
        return True
    return len(key) <= max_chars and pattern.match(key) is not None


def drop_furniture(lines: list[str]) -> list[str]:
    return [line for line in lines if not is_furniture(line)]
