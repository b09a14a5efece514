"""Character spans: pieces, overlap, coverage and one-to-one matching.

Helpers of :mod:`detente.eval.score`: spans are compared on their pieces
(the fragments of a discontinuous span), never on the covering span.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

from detente.eval.gold import GoldSpan, Pieces


def merge_pieces(pieces: Iterable[tuple[int, int]]) -> Pieces:
    """Pieces sorted, empty ones dropped, overlapping or touching ones merged."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(p for p in pieces if p[1] > p[0]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def span_length(span: GoldSpan) -> int:
    """Characters in a span's pieces."""
    return sum(e - s for s, e in merge_pieces(span.pieces))


def shared_chars(a: GoldSpan, b: GoldSpan) -> int:
    """Characters the pieces of two spans have in common."""
    total_ = 0
    for s1, e1 in merge_pieces(a.pieces):
        for s2, e2 in merge_pieces(b.pieces):
            total_ += max(0, min(e1, e2) - max(s1, s2))
    return total_


def coverage(gold: GoldSpan, pred: GoldSpan) -> float:
    """Share of the gold span's characters covered by the predicted span.

    The Gender Gap Tracker's measure (FORMAT.md): discontinuous spans are
    measured on their fragments, so a gap (the attribution inside a split
    quote) counts only where the gold span includes it.
    """
    length = span_length(gold)
    return shared_chars(gold, pred) / length if length else 0.0


def max_matching(candidates: Sequence[Sequence[int]]) -> dict[int, int]:
    """A maximum one-to-one matching of gold items to predicted items.

    Args:
        candidates: for each gold item, the predicted items it may match,
            in order of preference.

    Returns:
        ``{gold index: predicted index}``; as many pairs as possible (Kuhn's
        augmenting paths), preferred candidates tried first.
    """
    owner: dict[int, int] = {}

    def assign(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or assign(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(candidates)):
        assign(i, set())
    return {i: j for j, i in owner.items()}


def match_spans(
    gold: Sequence[GoldSpan],
    pred: Sequence[GoldSpan],
    similarity: Callable[[GoldSpan, GoldSpan], float],
    threshold: float,
) -> dict[int, int]:
    """Match spans one to one where ``similarity(gold, pred) >= threshold`` (> 0)."""
    candidates = []
    for g in gold:
        scored = [(similarity(g, p), j) for j, p in enumerate(pred)]
        ok = sorted(((s, j) for s, j in scored if s > 0 and s >= threshold), key=lambda t: -t[0])
        candidates.append([j for _, j in ok])
    return max_matching(candidates)


_NON_WORD = re.compile(r"[\W_]+")


def normalise_name(name: str | None) -> str:
    """A name folded for comparison: accents, case and punctuation removed."""
    if not name:
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", bare.casefold()).split())
