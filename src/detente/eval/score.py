"""Pure scoring of predicted documents against gold documents.

The rules are those of ``../shared/gold/FORMAT.md`` (Scoring); where the
format leaves a choice open, the choice is written in the docstring of the
function that makes it. Every scorer takes a gold :class:`GoldDocument` and a
predicted one (the same id and text) and returns named counts
(:class:`PRF` or :class:`Accuracy`); counts add up over documents, so every
figure is micro-averaged.

Figure names are paths, e.g. ``events/plover_event``,
``events/by_plover_event/AGREE``, ``quotes/overlap_0.3``,
``attributions/source/overlap``; :mod:`detente.eval.report` nests them into
the JSON report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from detente.eval.gold import GoldActor, GoldDocument, GoldEvent, GoldQuote, GoldSpan, Pieces
from detente.eval.spans import (
    coverage,
    match_spans,
    merge_pieces,
    normalise_name,
    shared_chars,
)

LEVELS = ("plover_event", "cameo_root", "cameo", "dyad", "type")
QUOTE_THRESHOLDS = (0.3, 0.8)
SPAN_ROLES = ("content", "source", "cue")


@dataclass(frozen=True)
class PRF:
    """Counts for precision, recall and F1: true positives, gold, predicted."""

    tp: int = 0
    n_gold: int = 0
    n_pred: int = 0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.n_gold + other.n_gold, self.n_pred + other.n_pred)

    @property
    def precision(self) -> float:
        """tp / n_pred (0 when nothing was predicted)."""
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        """tp / n_gold (0 when there is no gold)."""
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (0 when both are 0)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def errors(self) -> int:
        """Missed gold items plus spurious predictions."""
        return (self.n_gold - self.tp) + (self.n_pred - self.tp)

    def as_dict(self) -> dict[str, float | int | None]:
        """The report's keys: precision, recall, f1, n_gold, n_pred.

        With no gold and no prediction nothing was measured: the three
        scores are then ``None``.
        """
        measured = bool(self.n_gold or self.n_pred)
        return {
            "precision": round(self.precision, 4) if measured else None,
            "recall": round(self.recall, 4) if measured else None,
            "f1": round(self.f1, 4) if measured else None,
            "n_gold": self.n_gold,
            "n_pred": self.n_pred,
        }


@dataclass(frozen=True)
class Accuracy:
    """Counts for an accuracy: items right out of items scored."""

    correct: int = 0
    n: int = 0

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.correct + other.correct, self.n + other.n)

    @property
    def accuracy(self) -> float | None:
        """correct / n, or ``None`` when nothing was scored."""
        return self.correct / self.n if self.n else None

    @property
    def errors(self) -> int:
        """Items scored wrong."""
        return self.n - self.correct

    def as_dict(self) -> dict[str, float | int | None]:
        """The report's keys: accuracy, n."""
        acc = self.accuracy
        return {"accuracy": None if acc is None else round(acc, 4), "n": self.n}


Figure = PRF | Accuracy
Figures = dict[str, Figure]


@dataclass(frozen=True)
class DocumentScore:
    """The counts of one document, and how many mistakes it holds.

    ``errors`` sums the mistakes of the document's headline figures (see
    :data:`HEADLINES`), to rank documents for ``--show-errors``.
    """

    doc_id: str
    figures: Figures = field(default_factory=dict)
    errors: int = 0


def add_figures(a: Mapping[str, Figure], b: Mapping[str, Figure]) -> Figures:
    """The sum of two sets of counts, name by name."""
    out: Figures = dict(a)
    for name, figure in b.items():
        previous = out.get(name)
        out[name] = figure if previous is None else previous + figure  # type: ignore[operator]
    return out


def total(scores: Iterable[DocumentScore]) -> Figures:
    """Micro-averaged counts: every document's counts added up."""
    out: Figures = {}
    for score in scores:
        out = add_figures(out, score.figures)
    return out


# ---------------------------------------------------------------- events


def _country(actor: GoldActor | None) -> str | None:
    if actor is None or not actor.country:
        return None
    return actor.country.upper()


def event_label(event: GoldEvent, level: str) -> str | None:
    """The label an event is compared on at a level, or ``None`` when absent.

    ``plover_event`` and ``type``: the PLOVER type; ``cameo``: the full code;
    ``cameo_root``: its first two digits; ``dyad``: always ``""``.
    """
    if level in ("plover_event", "type"):
        return event.plover_event
    if level == "cameo":
        return event.cameo
    if level == "cameo_root":
        return event.cameo[:2] if event.cameo else None
    if level == "dyad":
        return ""
    raise ValueError(f"unknown event level {level!r}")


def event_key(event: GoldEvent, level: str) -> tuple[str | None, ...] | None:
    """The key an event is collapsed to at a level (FORMAT.md, Scoring).

    ``(source country, target country, label)``, or ``(label,)`` at level
    ``type``; ``None`` when the event has no label at that level. A missing
    source or target (or one with no country) is ``None`` and matches only
    ``None``.
    """
    label = event_label(event, level)
    if label is None:
        return None
    if level == "type":
        return (label,)
    return (_country(event.source), _country(event.target), label)


def level_scored(gold: Sequence[GoldEvent], level: str) -> bool:
    """Whether a document is scored at a level.

    A field that is null is not scored (FORMAT.md): a document is scored at a
    level only when every gold event has that level's label. A document with
    no gold event is scored at every level (any prediction is spurious).
    """
    return all(event_label(e, level) is not None for e in gold)


def event_keys(events: Iterable[GoldEvent], level: str) -> set[tuple[str | None, ...]]:
    """The distinct keys of some events at a level (events without a label drop out)."""
    return {k for k in (event_key(e, level) for e in events) if k is not None}


def _date_equal(gold: str, pred: str | None) -> bool:
    """Dates compared at the gold precision: ``2000-01`` matches ``2000-01-15``."""
    return pred is not None and len(pred) >= len(gold) and pred[: len(gold)] == gold


def _attribute_checks(gold: GoldEvent, pred: GoldEvent) -> dict[str, list[bool]]:
    checks: dict[str, list[bool]] = {"status": [], "historical": [], "sector": [], "date": []}
    if gold.status is not None:
        checks["status"].append(pred.status == gold.status)
    if gold.historical is not None:
        checks["historical"].append(pred.historical == gold.historical)
    if gold.date is not None:
        checks["date"].append(_date_equal(gold.date, pred.date))
    for g_actor, p_actor in ((gold.source, pred.source), (gold.target, pred.target)):
        if g_actor is not None and g_actor.sector:
            p_sector = p_actor.sector if p_actor is not None else None
            checks["sector"].append((p_sector or "").upper() == g_actor.sector.upper())
    return checks


def matched_event_figures(
    gold: Sequence[GoldEvent], pred: Sequence[GoldEvent], level: str
) -> Figures:
    """Accuracy of status, historical, sectors and date among matched events.

    A gold event is matched when its key at ``level`` is among the predicted
    keys; it is compared with the predicted event of that key that agrees with
    it on the most fields. Each field counts only where gold gives it; sector
    counts once per side (source, target).
    """
    by_key: dict[tuple[str | None, ...], list[GoldEvent]] = {}
    for event in pred:
        key = event_key(event, level)
        if key is not None:
            by_key.setdefault(key, []).append(event)
    counts = {name: Accuracy() for name in ("status", "historical", "sector", "date")}
    matched = 0
    for event in gold:
        key = event_key(event, level)
        candidates = by_key.get(key) if key is not None else None
        if not candidates:
            continue
        matched += 1
        best = max(
            (_attribute_checks(event, p) for p in candidates),
            key=lambda c: sum(sum(v) for v in c.values()),
        )
        for name, results in best.items():
            counts[name] = counts[name] + Accuracy(sum(results), len(results))
    figures: Figures = {f"events/matched/{k}": v for k, v in counts.items()}
    figures["events/matched/events"] = Accuracy(matched, matched)
    return figures


def score_events(gold: GoldDocument, pred: GoldDocument) -> Figures:
    """Events scored as sets per level, per PLOVER type, and matched fields.

    Follows FORMAT.md (Scoring): at each level both sides are collapsed to
    distinct keys (:func:`event_key`) and matched one to one (equal keys).
    Per PLOVER type uses the ``plover_event`` level's keys. Matched fields
    are scored at ``plover_event``, or at ``cameo`` in a document not scored
    at ``plover_event``.
    """
    figures: Figures = {}
    for level in LEVELS:
        if not level_scored(gold.events, level):
            continue
        g_keys = event_keys(gold.events, level)
        p_keys = event_keys(pred.events, level)
        figures[f"events/{level}"] = PRF(len(g_keys & p_keys), len(g_keys), len(p_keys))
        if level != "plover_event":
            continue
        for label in {k[-1] for k in g_keys | p_keys}:
            g = {k for k in g_keys if k[-1] == label}
            p = {k for k in p_keys if k[-1] == label}
            figures[f"events/by_plover_event/{label}"] = PRF(len(g & p), len(g), len(p))
    for level in ("plover_event", "cameo"):
        if f"events/{level}" in figures:
            figures.update(matched_event_figures(gold.events, pred.events, level))
            break
    return figures


# ---------------------------------------------------------------- quotes


def _speaker_name(quote: GoldQuote, text: str) -> str:
    if quote.speaker_name:
        return normalise_name(quote.speaker_name)
    if quote.speaker is not None:
        return normalise_name(text[quote.speaker.start : quote.speaker.end])
    return ""


def _speaker_figures(gold: GoldQuote, pred: GoldQuote, text: str) -> Figures:
    figures: Figures = {}
    g_name = normalise_name(gold.speaker_name)
    if g_name:
        same = g_name == normalise_name(pred.speaker_name)
        figures["quotes/speaker_strict"] = Accuracy(int(same), 1)
    if g_name or gold.speaker is not None:
        spans = (
            gold.speaker is not None
            and pred.speaker is not None
            and shared_chars(gold.speaker, pred.speaker) > 0
        )
        p_name = _speaker_name(pred, text)
        surname = bool(g_name and p_name) and g_name.split()[-1] == p_name.split()[-1]
        figures["quotes/speaker_lenient"] = Accuracy(int(spans or surname), 1)
    if gold.kind:
        figures["quotes/kind"] = Accuracy(int(pred.kind == gold.kind), 1)
    if gold.speaker_country or gold.speaker_sector:
        checks = []
        for name in ("speaker_country", "speaker_sector"):
            want = getattr(gold, name)
            if want:
                ok = (getattr(pred, name) or "").upper() == want.upper()
                figures[f"quotes/{name}"] = Accuracy(int(ok), 1)
                checks.append(ok)
        figures["quotes/affiliation"] = Accuracy(int(all(checks)), 1)
    return figures


def score_quotes(gold: GoldDocument, pred: GoldDocument) -> Figures:
    """Quotes matched one to one by content coverage, and their speakers.

    FORMAT.md (Scoring): a predicted quote may match a gold quote when it
    covers at least the threshold share of the gold content's characters
    (0.3 and 0.8); the matching has the most pairs, higher coverage tried
    first. Speaker, kind and affiliation are scored on the pairs matched at
    0.3: strict is the normalised ``speaker_name`` equal; lenient is the
    speaker spans overlapping, or the gold ``speaker_name`` and the
    predicted one (else the predicted speaker's words) ending with the same
    word. Without a gold name (PolNeAR), only the spans count: "he" is not
    a name. Gold quotes without content are not scored here.
    """
    g_quotes = [q for q in gold.quotes if q.content is not None]
    p_quotes = [q for q in pred.quotes if q.content is not None]
    g_spans = [q.content for q in g_quotes if q.content is not None]
    p_spans = [q.content for q in p_quotes if q.content is not None]
    figures: Figures = {}
    for threshold in QUOTE_THRESHOLDS:
        pairs = match_spans(g_spans, p_spans, coverage, threshold)
        figures[f"quotes/overlap_{threshold}"] = PRF(len(pairs), len(g_spans), len(p_spans))
        if threshold == QUOTE_THRESHOLDS[0]:
            for i, j in pairs.items():
                figures = add_figures(
                    figures, _speaker_figures(g_quotes[i], p_quotes[j], gold.text)
                )
    return figures


def role_spans(quotes: Iterable[GoldQuote], role: str) -> list[GoldSpan]:
    """The distinct spans of one role (content, source, cue) of some quotes.

    Spans are compared by their merged pieces; a span shared by several
    attributions (one source for two contents) counts once.
    """
    seen: dict[Pieces, GoldSpan] = {}
    for quote in quotes:
        span = {"content": quote.content, "source": quote.speaker, "cue": quote.cue}[role]
        if span is None:
            continue
        key = merge_pieces(span.pieces)
        if key:
            seen.setdefault(key, span)
    return list(seen.values())


def _any_overlap(a: GoldSpan, b: GoldSpan) -> float:
    return float(shared_chars(a, b))


def score_attributions(gold: GoldDocument, pred: GoldDocument) -> Figures:
    """Span F1 of content, source and cue, exact and by overlap (PolNeAR).

    Per role, the distinct spans of each side (:func:`role_spans`) are
    matched one to one: ``exact`` when their pieces cover the same
    characters (fragments, not the covering span, when present),
    ``overlap`` when they share at least one character.
    """
    figures: Figures = {}
    for role in SPAN_ROLES:
        g_spans = role_spans(gold.quotes, role)
        p_spans = role_spans(pred.quotes, role)
        g_keys = {merge_pieces(s.pieces) for s in g_spans}
        p_keys = {merge_pieces(s.pieces) for s in p_spans}
        n_g, n_p = len(g_spans), len(p_spans)
        figures[f"attributions/{role}/exact"] = PRF(len(g_keys & p_keys), n_g, n_p)
        pairs = match_spans(g_spans, p_spans, _any_overlap, 1.0)
        figures[f"attributions/{role}/overlap"] = PRF(len(pairs), n_g, n_p)
    return figures


# ---------------------------------------------------------------- code sets


def score_cameo_example(gold: GoldDocument, pred: GoldDocument) -> Figures:
    """Root-code and full-code accuracy of the best predicted event.

    The sentence's code is right at root level when some predicted event has
    its first two digits, and in full when some has the whole code (events
    README, section 2: examples are not exhaustive, so extra events are
    not errors; ``cameo_examples/roots`` counts them as distinct roots).
    """
    code = gold.events[0].cameo if gold.events else None
    if not code:
        return {}
    codes = {e.cameo for e in pred.events if e.cameo}
    roots = {c[:2] for c in codes}
    return {
        "cameo_examples/root": Accuracy(int(code[:2] in roots), 1),
        "cameo_examples/code": Accuracy(int(code in codes), 1),
        "cameo_examples/roots": PRF(int(code[:2] in roots), 1, len(roots)),
    }


def coding_actor(actor: GoldActor | None) -> str:
    """An actor as PETRARCH writes it: its code, ``"WORDS"`` or ``""``.

    A predicted actor with no code but with words stands for PETRARCH's
    quoted actor text (new_actor_length); no actor is ``""`` (``---``).
    """
    if actor is None:
        return ""
    if actor.code:
        return actor.code.upper()
    if actor.text:
        return '"' + " ".join(actor.text.upper().split()) + '"'
    return ""


def codings(events: Iterable[GoldEvent], root: bool = False) -> set[tuple[str, str, str]]:
    """Distinct ``(source code, target code, CAMEO code)`` codings."""
    return {
        (coding_actor(e.source), coding_actor(e.target), e.cameo[:2] if root else e.cameo)
        for e in events
        if e.cameo
    }


def score_codings(gold: GoldDocument, pred: GoldDocument) -> Figures:
    """Exact coding F1 of a PETRARCH unit test (and at root-code level).

    A coding is right when source code, target code and CAMEO code are all
    equal (actor codes as :func:`coding_actor` writes them). A test that
    expects nothing (``noevents``, an error, or no coding) also scores
    ``codings/no_event``: right when nothing was predicted.
    """
    g, p = codings(gold.events), codings(pred.events)
    figures: Figures = {
        "codings/exact": PRF(len(g & p), len(g), len(p)),
        "codings/root": PRF(
            len(codings(gold.events, True) & codings(pred.events, True)),
            len(codings(gold.events, True)),
            len(codings(pred.events, True)),
        ),
    }
    if gold.category:
        figures[f"codings/by_category/{gold.category}"] = figures["codings/exact"]
    if not g:
        figures["codings/no_event"] = Accuracy(int(not p), 1)
    return figures


# ---------------------------------------------------------------- documents

SCORERS: dict[str, Callable[[GoldDocument, GoldDocument], Figures]] = {
    "events": score_events,
    "quotes": score_quotes,
    "attributions": score_attributions,
    "cameo_example": score_cameo_example,
    "codings": score_codings,
}

HEADLINES: tuple[tuple[str, ...], ...] = (
    ("events/plover_event", "events/cameo", "events/dyad"),
    ("quotes/overlap_0.3",),
    ("attributions/content/overlap",),
    ("attributions/source/overlap",),
    ("cameo_examples/code",),
    ("codings/exact",),
)
"""The figures whose mistakes rank documents: the first present of each group."""


def score_document(gold: GoldDocument, pred: GoldDocument) -> DocumentScore:
    """Score one document on every layer its gold annotates.

    Layers not listed in ``gold.layers`` are not scored (FORMAT.md).
    """
    figures: Figures = {}
    for layer in gold.layers:
        scorer = SCORERS.get(layer)
        if scorer is not None:
            figures = add_figures(figures, scorer(gold, pred))
    errors = 0
    for group in HEADLINES:
        present = [name for name in group if name in figures]
        if present:
            errors += figures[present[0]].errors
    return DocumentScore(gold.id, figures, errors)


def score_all(gold: Sequence[GoldDocument], pred: Sequence[GoldDocument]) -> list[DocumentScore]:
    """Score documents pairwise (same order, same ids).

    Raises:
        ValueError: when the two lists do not pair up by id.
    """
    if [g.id for g in gold] != [p.id for p in pred]:
        raise ValueError("gold and predicted documents do not pair up by id")
    return [score_document(g, p) for g, p in zip(gold, pred, strict=True)]


def layer_counts(documents: Iterable[GoldDocument]) -> Counter[str]:
    """How many documents annotate each layer."""
    return Counter(layer for d in documents for layer in d.layers)
