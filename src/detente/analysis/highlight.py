"""Evidence in context: cut a text into segments marked by the spans over them.

Pages and the JSON API show text as a list of segments, each with the marks
(``event``, ``quote``, ``evidence``, ``trigger``, ``sentence``) and the record
ids that cover it, so the evidence behind a record is always the article's own
words at the stored offsets. Segments are plain text; escaping is the
template's job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True)
class Span:
    """A marked range of an article text (offsets into the article, end exclusive)."""

    start: int
    end: int
    mark: str
    ref: str = ""


@dataclass(frozen=True)
class Segment:
    """A run of text covered by the same spans."""

    text: str
    marks: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()


def segments(
    text: str, spans: Sequence[Span], lo: int = 0, hi: int | None = None
) -> tuple[Segment, ...]:
    """Cut ``text[lo:hi]`` at every span boundary.

    Args:
        text: the article text.
        spans: marked ranges in article offsets (clipped to the window; empty
            or inverted ranges are ignored).
        lo: window start.
        hi: window end (default: the end of the text).

    Returns:
        Consecutive segments that concatenate to ``text[lo:hi]``.
    """
    end = len(text) if hi is None else min(hi, len(text))
    lo = max(0, min(lo, end))
    usable = [s for s in spans if s.end > s.start and s.end > lo and s.start < end]
    cuts = {lo, end}
    for s in usable:
        cuts.add(max(lo, s.start))
        cuts.add(min(end, s.end))
    points = sorted(cuts)
    out: list[Segment] = []
    for a, b in pairwise(points):
        if a >= b:
            continue
        covering = [s for s in usable if s.start <= a and s.end >= b]
        marks = tuple(dict.fromkeys(s.mark for s in covering))
        refs = tuple(dict.fromkeys(s.ref for s in covering if s.ref))
        out.append(Segment(text[a:b], marks, refs))
    return tuple(out)


def context_window(
    sentences: Sequence[tuple[int, int]], start: int, end: int, around: int = 1
) -> tuple[int, int, int, int]:
    """The sentences around a span.

    Args:
        sentences: ``(start, end)`` of the article's sentences, in order.
        start: span start.
        end: span end.
        around: sentences to add on each side.

    Returns:
        ``(window_start, window_end, sentence_start, sentence_end)``: the
        context window and the sentence(s) holding the span; the span itself
        when the article has no sentences.
    """
    inside = [i for i, (s, e) in enumerate(sentences) if e > start and s < max(end, start + 1)]
    if not inside:
        return start, end, start, end
    first, last = inside[0], inside[-1]
    lo_i, hi_i = max(0, first - around), min(len(sentences) - 1, last + around)
    return sentences[lo_i][0], sentences[hi_i][1], sentences[first][0], sentences[last][1]
