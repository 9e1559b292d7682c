"""The text pipeline: spaCy's English model plus Dateline's extraction components.

Each kind of fact is extracted by one spaCy component (``@Language.factory`` in
``dateline.extract.<kind>``) that writes model objects to a ``Doc`` extension named
after the kind (``doc._.quotes``, ``doc._.events``...). ``facts_from_doc`` gathers them
into one :class:`~dateline.model.ArticleFacts`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import dateline.extract  # noqa: F401  (registers the components and Doc extensions)
from dateline.config import SETTINGS, Settings
from dateline.model import FACT_KINDS, Article, ArticleFacts


def build_nlp(settings: Settings = SETTINGS) -> Language:
    """Load the pinned spaCy model and add Dateline's components to it."""
    try:
        nlp = spacy.load(settings.spacy_model, exclude=[])
    except OSError as exc:  # the model package is missing: say how to install it
        raise RuntimeError(
            f"spaCy model {settings.spacy_model!r} is not installed. "
            "Run `make install` (or `pip install --no-deps --require-hashes -r "
            "requirements-model.txt`)."
        ) from exc
    # Paragraph and headline boundaries must be fixed before the parser sees the text.
    nlp.add_pipe("dateline_structure", before="parser")
    for name in settings.components:
        nlp.add_pipe(name, last=True)
    return nlp


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The process-wide pipeline (loaded once; a worker process loads its own)."""
    return build_nlp()


def make_doc(nlp: Language, article: Article) -> Doc:
    text = article.text[: SETTINGS.max_chars]
    doc = nlp.make_doc(text)
    doc._.article = article
    return doc


def facts_from_doc(doc: Doc) -> ArticleFacts:
    article: Article = doc._.article
    facts = {kind: getattr(doc._, kind) or [] for kind in FACT_KINDS}
    return ArticleFacts(article=article, **facts)


def analyze(article: Article, nlp: Language | None = None) -> ArticleFacts:
    """All the facts of one article."""
    nlp = nlp or get_nlp()
    if not article.id:
        article.with_id()
    return facts_from_doc(nlp(make_doc(nlp, article)))


def analyze_many(
    articles: Iterable[Article], nlp: Language | None = None, batch_size: int | None = None
) -> Iterator[ArticleFacts]:
    """Facts of many articles, streamed through ``nlp.pipe`` in batches."""
    nlp = nlp or get_nlp()

    def docs() -> Iterator[Doc]:
        for article in articles:
            if not article.id:
                article.with_id()
            yield make_doc(nlp, article)

    for doc in nlp.pipe(docs(), batch_size=batch_size or SETTINGS.batch_size):
        yield facts_from_doc(doc)
