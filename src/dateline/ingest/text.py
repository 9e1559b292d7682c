"""Plain-text articles: a title line, an optional timestamp line, then the body."""

from __future__ import annotations

from dateline.model import Article


def parse_text_article(text: str, **fields: object) -> Article:
    """Minimal first cut: first non-empty line is the title, the rest the body."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    title = lines[0] if lines else ""
    body = "\n\n".join(lines[1:])
    clean = f"{title}\n\n{body}" if body else title
    article = Article(title=title, text=clean, body_start=len(title) + 2, **fields)  # type: ignore[arg-type]
    return article.with_id()
