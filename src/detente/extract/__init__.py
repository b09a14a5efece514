"""Extractors: pure functions from a parsed document to records.

:func:`extract_document` is the one entry point the engine calls for each
parsed article; it runs the actor resolver, the event coder and the quote
extractor, in that order, each seeing the actors found before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from spacy.tokens import Doc

from detente.records import Extraction


def extract_document(
    doc: Doc,
    *,
    doc_id: str,
    published: date | None,
    extra_actors: Sequence[Any] = (),
) -> Extraction:
    """Extract actors, events and quotes from one parsed article.

    Args:
        doc: the spaCy ``Doc`` of the article text.
        doc_id: the article id, copied into every record.
        published: publication date; relative dates resolve against it.
        extra_actors: user actor dictionaries (paths or rows) to use as well.

    Returns:
        An :class:`Extraction` whose spans all point into ``doc.text``.
    """
    from detente.extract.actors import get_resolver
    from detente.extract.events import extract_events
    from detente.extract.quotes import extract_quotes

    resolver = get_resolver(tuple(extra_actors))
    actors = resolver.mentions(doc, published)
    events = extract_events(
        doc, doc_id=doc_id, published=published, actors=actors, resolver=resolver
    )
    quotes = extract_quotes(
        doc, doc_id=doc_id, published=published, actors=actors, resolver=resolver
    )
    return Extraction(actors=tuple(actors), events=tuple(events), quotes=tuple(quotes))
