"""Quotation marks: the spans of text that an article puts between them.

The mark styles are data (``quotes/marks.csv``): curly, straight, low-high,
guillemets, the New York Times' two apostrophes, and single marks. A quote
that a paragraph opens without closing continues into the next paragraph when
that one opens with a mark again (the newswire convention for quotes over
several paragraphs); otherwise it ends with its paragraph.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from detente.data import load_table

log = logging.getLogger(__name__)

_OPEN_PUNCT = "([{—–-/"
_AFTER_CLOSE = " \t\n\r\xa0.,;:!?)]}—–-/…"


@dataclass(frozen=True)
class MarkStyles:
    """The quotation marks of ``quotes/marks.csv``, indexed for scanning.

    Attributes:
        closers: for each opening mark and level, the marks that close it.
        ambiguous: marks that both open and close (straight quotes).
        marks: every mark, longest first (multi-character marks win).
        level: the level (``double`` or ``single``) of each mark.
        closing: every mark that closes some style.
    """

    closers: dict[str, frozenset[str]]
    ambiguous: frozenset[str]
    marks: tuple[str, ...]
    level: dict[str, str]
    closing: frozenset[str]


@dataclass(frozen=True)
class MarkedSpan:
    """Text between quotation marks.

    Attributes:
        start: offset of the opening mark.
        end: offset just after the closing mark (or the end of the last
            paragraph when the quote is never closed).
        level: ``double`` or ``single``.
        closed: whether a closing mark was found.
        paragraphs: how many paragraphs the quote runs over.
        words: the number of words between the marks.
    """

    start: int
    end: int
    level: str
    closed: bool
    paragraphs: int
    words: int


@lru_cache(maxsize=1)
def mark_styles() -> MarkStyles:
    """Load the quotation-mark styles (``quotes/marks.csv``)."""
    closers: dict[str, set[str]] = {}
    ambiguous: set[str] = set()
    level: dict[str, str] = {}
    for row in load_table("quotes/marks.csv").rows:
        closers.setdefault(row["open"], set()).add(row["close"])
        level.setdefault(row["open"], row["level"])
        level.setdefault(row["close"], row["level"])
        if row["role"] == "ambiguous":
            ambiguous.add(row["open"])
    marks = tuple(sorted(level, key=len, reverse=True))
    closing = frozenset(c for v in closers.values() for c in v)
    return MarkStyles(
        {k: frozenset(v) for k, v in closers.items()}, frozenset(ambiguous), marks, level, closing
    )


def _scan(text: str, styles: MarkStyles) -> list[tuple[int, str]]:
    """Every quotation mark in ``text`` with its offset."""
    return [(m.start(), m.group()) for m in _mark_pattern(styles.marks).finditer(text)]


@lru_cache(maxsize=4)
def _mark_pattern(marks: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for every mark, longest first (multi-character marks win)."""
    return re.compile("|".join(re.escape(m) for m in marks))


def _can_open(text: str, pos: int, mark: str) -> bool:
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + len(mark)] if pos + len(mark) < len(text) else " "
    if after.isspace():
        # French spacing: « Bonjour »; a straight mark followed by a space closes
        return after != "\n" and before.isspace() and not mark.isascii()
    return before.isspace() or before in _OPEN_PUNCT or not before.isalnum()


def _can_close(text: str, pos: int, mark: str) -> bool:
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + len(mark)] if pos + len(mark) < len(text) else " "
    if before.isspace() and not after.isspace() and after not in _AFTER_CLOSE:
        return False
    return not after.isalnum()


def _paragraph_end(text: str, pos: int) -> int:
    """The end of the paragraph holding ``pos`` (trailing spaces dropped)."""
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    while end > pos and text[end - 1].isspace():
        end -= 1
    return end


def _words(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())


def _unclosed(text: str, start: int, end: int, paragraphs: int) -> MarkedSpan:
    while end > start and text[end - 1].isspace():
        end -= 1
    return MarkedSpan(start, end, "double", False, paragraphs, _words(text, start, end))


def _double_spans(text: str, styles: MarkStyles, found: list[tuple[int, str]]) -> list[MarkedSpan]:
    """Pair double marks; a quote left open continues when the next paragraph reopens it."""
    spans: list[MarkedSpan] = []
    opener: str | None = None
    open_at = cursor = 0
    paragraphs = 1
    for pos, mark in found:
        if styles.level[mark] != "double":
            continue
        if opener is not None:
            brk = text.find("\n", cursor, pos)
            if brk >= 0:
                i = brk
                while i < len(text) and text[i].isspace():
                    i += 1
                if i == pos and mark in styles.closers and _can_open(text, pos, mark):
                    paragraphs += 1
                    cursor = pos + len(mark)
                    continue
                spans.append(_unclosed(text, open_at, brk, paragraphs))
                opener = None
            elif mark in styles.closers[opener] or (
                mark in styles.closing and _can_close(text, pos, mark)
                and not _can_open(text, pos, mark)
            ):
                # a closing mark of another style closes too ("...," he said. "...)
                spans.append(
                    MarkedSpan(open_at, pos + len(mark), "double", True, paragraphs,
                               _words(text, open_at + len(opener), pos))
                )
                opener = None
                continue
            elif mark in styles.closers and _can_open(text, pos, mark):
                spans.append(_unclosed(text, open_at, pos, paragraphs))
                opener = None
            else:
                continue
        if mark in styles.closers and _can_open(text, pos, mark):
            opener, open_at, cursor, paragraphs = mark, pos, pos + len(mark), 1
    if opener is not None:
        spans.append(_unclosed(text, open_at, _paragraph_end(text, cursor), paragraphs))
    return spans


def _single_spans(
    text: str, styles: MarkStyles, found: list[tuple[int, str]], doubles: list[MarkedSpan]
) -> list[MarkedSpan]:
    """Single-mark quotes outside double ones (British style speech, or scare quotes)."""
    spans: list[MarkedSpan] = []
    marks = [(p, m) for p, m in found if styles.level[m] == "single"]

    def inside_double(pos: int) -> bool:
        return any(d.start <= pos < d.end for d in doubles)

    k = 0
    while k < len(marks):
        pos, mark = marks[k]
        if mark not in styles.closers or not _can_open(text, pos, mark) or inside_double(pos):
            k += 1
            continue
        para_end = _paragraph_end(text, pos)
        for j in range(k + 1, len(marks)):
            cpos, cmark = marks[j]
            if cpos >= para_end or inside_double(cpos):
                break
            if cmark in styles.closers[mark] and _can_close(text, cpos, cmark):
                before = text[cpos - 1] if cpos > 0 else " "
                if before.isspace():
                    continue
                end = cpos + len(cmark)
                spans.append(
                    MarkedSpan(pos, end, "single", True, 1, _words(text, pos + len(mark), cpos))
                )
                k = j
                break
        k += 1
    return spans


def find_marked_spans(text: str) -> list[MarkedSpan]:
    """Every span of ``text`` between quotation marks, outermost only, in text order.

    Args:
        text: an article text.

    Returns:
        Spans that include their marks; single-mark spans nested in double
        ones are left out (they are part of the outer quote).
    """
    styles = mark_styles()
    found = _scan(text, styles)
    doubles = _double_spans(text, styles, found)
    singles = _single_spans(text, styles, found, doubles)
    return sorted(doubles + singles, key=lambda s: s.start)
