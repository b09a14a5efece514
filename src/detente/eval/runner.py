"""One measurement: read a gold set, predict, score, time it.

:func:`run_eval` is what ``detente eval`` calls for each gold file; it is
also the function to call from Python.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from detente.eval.gold import GoldDocument, GoldSet, load_gold
from detente.eval.predict import Prediction, predict
from detente.eval.score import DocumentScore, Figures, score_all, total

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EvalRun:
    """The result of measuring extraction on one gold set.

    Attributes:
        gold: the gold set read (all of it, even when limited).
        documents: the gold documents scored (the first ``limit``).
        predictions: the predicted documents, in the same order.
        failures: ``(document id, error)`` for each document the extractor
            failed on (it then predicted nothing).
        scores: per-document counts, in the same order.
        figures: the counts added over documents (micro-averages).
        seconds: wall time of prediction and scoring.
    """

    gold: GoldSet
    documents: tuple[GoldDocument, ...]
    predictions: tuple[GoldDocument, ...]
    failures: tuple[tuple[str, str], ...]
    scores: tuple[DocumentScore, ...]
    figures: Figures
    seconds: float


def evaluate(
    gold_set: GoldSet, predictions: list[Prediction], documents: list[GoldDocument], seconds: float
) -> EvalRun:
    """Score predictions already made for ``documents`` of ``gold_set``."""
    predicted = [p.document for p in predictions]
    scores = score_all(documents, predicted)
    failures = tuple((p.document.id, p.error) for p in predictions if p.error)
    return EvalRun(
        gold=gold_set,
        documents=tuple(documents),
        predictions=tuple(predicted),
        failures=failures,
        scores=tuple(scores),
        figures=total(scores),
        seconds=seconds,
    )


def run_eval(
    path: str | Path,
    *,
    limit: int | None = None,
    batch_size: int | None = None,
    on_start: Callable[[GoldSet, int], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> EvalRun:
    """Measure the extraction on one gold file of any supported shape.

    Args:
        path: the gold file (its shape is detected).
        limit: score only its first ``limit`` documents.
        batch_size: documents per parsing batch.
        on_start: called with the set and the number of documents to run,
            once the gold is read (to size a progress bar).
        progress: called with 1 after each document is predicted.

    Raises:
        InputError: when the file cannot be read as a gold set.
    """
    gold_set = load_gold(path)
    documents = list(gold_set.documents[:limit] if limit else gold_set.documents)
    if on_start is not None:
        on_start(gold_set, len(documents))
    from detente.nlp import load_pipeline

    load_pipeline()  # loaded once per process: not part of this set's time
    started = time.perf_counter()
    predictions = predict(gold_set, documents, batch_size=batch_size, progress=progress)
    run = evaluate(gold_set, predictions, documents, 0.0)
    seconds = time.perf_counter() - started
    log.info("%s: %d documents in %.1f s", gold_set.path, len(documents), seconds)
    return replace(run, seconds=seconds)
