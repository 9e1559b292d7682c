"""Extraction components: one module per kind of fact, each a spaCy pipeline component.

Importing this package registers the ``Doc`` extensions (one per kind of fact, plus
``doc._.article``) and every component factory, so ``nlp.add_pipe("dateline_quotes")``
works anywhere.
"""

from spacy.tokens import Doc

from dateline.model import FACT_KINDS

if not Doc.has_extension("article"):
    Doc.set_extension("article", default=None)
for _kind in FACT_KINDS:
    if not Doc.has_extension(_kind):
        Doc.set_extension(_kind, default=None)

# Imported for their @Language.factory registrations.
from dateline.extract import (  # noqa: E402
    entities,
    events,
    places,
    quotes,
    structure,
    times,
)

__all__ = ["entities", "events", "places", "quotes", "structure", "times"]
