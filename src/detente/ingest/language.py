"""Is a text English? A cheap check on function words, before parsing.

The English spaCy model cannot read other languages: an article in another
language is skipped and counted ("unsupported language") instead of
producing nonsense records. The check counts the function words of English
and of six other languages written in Latin script (a data file); a text is
English unless another language's function words clearly outnumber English ones, and most of its
words are in Latin script. Short texts are given the benefit of the doubt.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from detente.data import load_table

MIN_WORDS = 30
MIN_FOREIGN = 5
_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"^[a-zà-ɏ]+$")


@cache
def _function_words() -> dict[str, str]:
    return {r["word"]: r["language"] for r in load_table("ingest/function-words.csv").rows}


def guess_language(text: str, limit: int = 20_000) -> str | None:
    """The language whose function words are most frequent in the text.

    Returns:
        An ISO 639-1 code (``en``, ``es``, ``fr``, ``de``, ``pt``, ``it``,
        ``nl``), ``xx`` for a text mostly in another script, or ``None`` when
        the text is too short to judge.
    """
    words = _WORD.findall(text[:limit].lower())
    if len(words) < MIN_WORDS:
        return None
    latin = sum(bool(_LATIN.match(w)) for w in words)
    if latin < len(words) / 2:
        return "xx"
    lexicon = _function_words()
    counts = Counter(lexicon[w] for w in words if w in lexicon)
    if not counts:
        return None
    top, n = counts.most_common(1)[0]
    if top != "en" and n < max(MIN_FOREIGN, 2 * counts["en"]):
        return None  # too little evidence against English (tables, lists of figures)
    return top


def looks_english(text: str) -> bool:
    """True unless the text is judged to be in another language than English."""
    return guess_language(text) in (None, "en")
