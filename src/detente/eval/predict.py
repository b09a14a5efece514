"""Running detente's extraction on gold documents, and writing predictions.

Predictions are held in the gold records (:mod:`detente.eval.gold`) so that
the scorers compare like with like, and written in the gold format
(``../shared/gold/FORMAT.md``) with the gold's ids and texts, so that any
other scorer can read them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.eval.gold import GoldActor, GoldDocument, GoldEvent, GoldQuote, GoldSet, GoldSpan
from detente.records import Actor, Event, Extraction, Quote

log = logging.getLogger(__name__)

PREDICTED_LAYERS = ("events", "quotes")
EVAL_BATCH_SIZE = 16
"""Most documents per ``nlp.pipe`` batch: gold articles are long, and 16 parse
as fast as 64 in a third of the memory (PolNeAR dev: 0.4 GB instead of 1.2 GB)."""


@dataclass(frozen=True)
class Prediction:
    """What the extraction made of one gold document.

    Attributes:
        document: the predicted records, with the gold's id and text.
        error: why extraction failed on it (the document then predicts
            nothing), or ``None``.
    """

    document: GoldDocument
    error: str | None = None


def actor_to_gold(actor: Actor | None) -> GoldActor | None:
    """A resolved actor as a gold actor (country, sector, words)."""
    if actor is None:
        return None
    return GoldActor(actor.country, actor.sector, actor.text)


def _span(start: int | None, end: int | None) -> GoldSpan | None:
    if start is None or end is None:
        return None
    return GoldSpan(start, end)


def event_to_gold(event: Event) -> GoldEvent:
    """A coded event as a gold event (its evidence span kept)."""
    return GoldEvent(
        source=actor_to_gold(event.source),
        target=actor_to_gold(event.target),
        cameo=event.cameo,
        plover_event=event.plover_event,
        status=event.status,
        historical=event.historical,
        date=event.date,
        evidence=GoldSpan(event.start, event.end),
    )


def quote_to_gold(quote: Quote) -> GoldQuote:
    """A quote as a gold quote: content (with fragments), cue, speaker, affiliation."""
    affiliation = quote.speaker_actor
    return GoldQuote(
        content=GoldSpan(quote.start, quote.end, tuple(quote.fragments)),
        kind=quote.kind,
        cue=_span(quote.cue_start, quote.cue_end),
        speaker=_span(quote.speaker_start, quote.speaker_end),
        speaker_name=quote.speaker_name,
        speaker_country=affiliation.country if affiliation else None,
        speaker_sector=affiliation.sector if affiliation else None,
    )


def extraction_to_document(gold: GoldDocument, extraction: Extraction) -> GoldDocument:
    """The predicted document of a gold document: same id, text and date."""
    return GoldDocument(
        id=gold.id,
        text=gold.text,
        published=gold.published,
        layers=PREDICTED_LAYERS,
        events=tuple(event_to_gold(e) for e in extraction.events),
        quotes=tuple(quote_to_gold(q) for q in extraction.quotes),
    )


def predict(
    gold_set: GoldSet,
    documents: Sequence[GoldDocument] | None = None,
    *,
    batch_size: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Prediction]:
    """Run the extraction on gold documents (parsed in batches with ``nlp.pipe``).

    Args:
        gold_set: the set; its ``extra_actors`` are passed to the extractor.
        documents: the documents to run on (default: all of the set's).
        batch_size: documents per ``nlp.pipe`` batch (default: the
            ``batch_size`` setting, at most :data:`EVAL_BATCH_SIZE`).
        progress: called with 1 after each document.

    Returns:
        One :class:`Prediction` per document, in order. A document the
        extractor fails on predicts nothing and carries the error.
    """
    from detente.extract.events import use_patterns
    from detente.nlp import load_pipeline
    from detente.settings import get_settings

    docs = list(gold_set.documents if documents is None else documents)
    nlp = load_pipeline()
    size = batch_size or min(get_settings().batch_size, EVAL_BATCH_SIZE)
    patterns: AbstractContextManager[Any] = (
        use_patterns(gold_set.event_patterns) if gold_set.event_patterns else nullcontext()
    )
    with patterns:
        return _predict(docs, nlp.pipe((d.text for d in docs), batch_size=size), gold_set, progress)


def _predict(
    docs: Sequence[GoldDocument],
    parsed_docs: Iterable[Any],
    gold_set: GoldSet,
    progress: Callable[[int], None] | None,
) -> list[Prediction]:
    from detente.extract import extract_document

    out: list[Prediction] = []
    seen_errors: set[str] = set()
    for gold, parsed in zip(docs, parsed_docs, strict=True):
        try:
            extraction = extract_document(
                parsed,
                doc_id=gold.id,
                published=gold.published,
                extra_actors=gold_set.extra_actors,
            )
            out.append(Prediction(extraction_to_document(gold, extraction)))
        except Exception as exc:  # one bad document must not end the measurement
            error = f"{type(exc).__name__}: {exc}"
            # Each distinct error is shown once; the report counts every failure.
            level = logging.DEBUG if error in seen_errors else logging.WARNING
            seen_errors.add(error)
            log.log(level, "extraction failed on %s: %s", gold.id, error, exc_info=True)
            out.append(Prediction(extraction_to_document(gold, Extraction()), error))
        if progress is not None:
            progress(1)
    return out


def span_to_json(span: GoldSpan | None) -> dict[str, Any] | None:
    """A span in the gold format: start, end, and fragments when discontinuous."""
    if span is None:
        return None
    out: dict[str, Any] = {"start": span.start, "end": span.end}
    if span.fragments:
        out["fragments"] = [{"start": s, "end": e} for s, e in span.fragments]
    return out


def _actor_json(actor: GoldActor | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {"country": actor.country, "sector": actor.sector, "text": actor.text}


def document_to_json(doc: GoldDocument) -> dict[str, Any]:
    """A document as one line of the gold format (FORMAT.md)."""
    return {
        "id": doc.id,
        "text": doc.text,
        "published": doc.published.isoformat() if doc.published else None,
        "layers": list(doc.layers),
        "events": [
            {
                "source": _actor_json(e.source),
                "target": _actor_json(e.target),
                "cameo": e.cameo,
                "plover_event": e.plover_event,
                "status": e.status,
                "historical": e.historical,
                "date": e.date,
                "evidence": span_to_json(e.evidence),
            }
            for e in doc.events
        ],
        "quotes": [
            {
                "content": span_to_json(q.content),
                "kind": q.kind,
                "cue": span_to_json(q.cue),
                "speaker": span_to_json(q.speaker),
                "speaker_name": q.speaker_name,
                "speaker_country": q.speaker_country,
                "speaker_sector": q.speaker_sector,
            }
            for q in doc.quotes
        ],
    }


def write_documents(documents: Iterable[GoldDocument], path: Path) -> int:
    """Write documents as gold-format JSON Lines; returns how many were written."""
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for doc in documents:
            handle.write(json.dumps(document_to_json(doc), ensure_ascii=False) + "\n")
            count += 1
    return count
