"""The work done on each article, wherever it runs: parse, split, extract."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from detente.extract import extract_document
from detente.nlp import load_pipeline, sentences
from detente.records import Article, ParsedArticle


def process_articles(
    articles: Sequence[Article],
    *,
    model: str | None = None,
    batch_size: int = 64,
    extra_actors: tuple[Any, ...] = (),
) -> list[ParsedArticle]:
    """Parse a batch of articles with ``nlp.pipe`` and extract their records.

    Args:
        articles: the articles, in order.
        model: spaCy model name (default: the ``model`` setting).
        batch_size: ``nlp.pipe`` batch size.
        extra_actors: extra actor dictionaries (paths), passed to the extractors.

    Returns:
        One :class:`ParsedArticle` per article, in the same order.
    """
    nlp = load_pipeline(model)
    out = []
    docs = nlp.pipe((a.text for a in articles), batch_size=batch_size)
    for article, doc in zip(articles, docs, strict=True):
        extraction = extract_document(
            doc, doc_id=article.id, published=article.published, extra_actors=extra_actors
        )
        out.append(
            ParsedArticle(
                article=article,
                sentences=tuple(sentences(doc, article.id)),
                extraction=extraction,
                n_tokens=len(doc),
            )
        )
    return out
