"""Dateline: news articles in, a database of sourced facts out."""

from dateline.model import ArticleFacts

__version__ = "0.1.0"

__all__ = ["ArticleFacts", "__version__", "analyze_text"]


def analyze_text(text: str, **article_fields: object) -> ArticleFacts:
    """Analyse one article given as plain text (title line first); nothing is stored."""
    from dateline.ingest.text import parse_text_article
    from dateline.pipeline import analyze

    article = parse_text_article(text, **article_fields)  # type: ignore[arg-type]
    return analyze(article)
