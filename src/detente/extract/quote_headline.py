"""Attributions in title-case headlines ("Glenn Beck Blasts Drudge", "Conservative
Icon Morton Blackwell Endorses Ted Cruz").

In a headline written in title case the tagger reads the verb as a proper noun
(``Endorses/PROPN``), so the cue lexicon, which asks for verbs, misses it. The
rule here looks only at an article's first line when most of its words are
capitalised: the first capitalised word that is an inflected form of a cue verb
of ``quotes/cues.csv`` ("Endorses", "Blasted") is the cue, the capitalised words
right before it the speaker, and the words after it, to the end of the clause,
the content. PolNeAR annotates such headlines as attributions (train articles).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from detente.extract.quote_cues import doc_text, lexicon
from detente.extract.quote_direct import Draft

# share of a headline's words that must start with a capital
TITLE_CASE_SHARE = 0.7
# the fewest words a title-case headline has
MIN_HEADLINE_WORDS = 4
# punctuation that closes the speaker on its left or the content on its right
_BREAKS = frozenset({":", ",", ";", "–", "—", "-", "(", ")", "|"})
# inflectional endings of a verb, longest first ("Praises", "Slammed", "Urges")
_ENDINGS = ("ies", "es", "ed", "s", "d")


def _verb_lemma(word: str) -> str | None:
    """The cue-lexicon lemma of an inflected verb form, or ``None``."""
    verbs = lexicon().verbs
    low = word.lower()
    if low in verbs:
        return low
    for ending in _ENDINGS:
        if low.endswith(ending) and len(low) > len(ending) + 2:
            stem = low[: -len(ending)]
            for candidate in (stem, stem + "e", stem + "y", stem[:-1]):
                if candidate in verbs:
                    return candidate
    return None


def _title_case(tokens: list[Token]) -> bool:
    words = [t for t in tokens if t.is_alpha]
    if len(words) < MIN_HEADLINE_WORDS:
        return False
    capitalised = sum(1 for t in words if t.text[:1].isupper())
    return capitalised >= TITLE_CASE_SHARE * len(words)


def headline_drafts(doc: Doc, known: set[int]) -> list[Draft]:
    """The attribution of a title-case first line, when its cue is not a verb
    the parse found (``known``: token indices of cue verbs already taken)."""
    text = doc_text(doc).text
    end_char = text.find("\n")
    end_char = len(text) if end_char < 0 else end_char
    tokens = []
    for t in doc:
        if t.idx >= end_char:
            break
        if not t.is_space:
            tokens.append(t)
    if not _title_case(tokens):
        return []
    for n, tok in enumerate(tokens):
        if n == 0 or tok.i in known or not tok.text[:1].isupper() or not tok.is_alpha:
            continue
        if tok.pos_ not in ("PROPN", "NOUN", "VERB") or _verb_lemma(tok.text) is None:
            continue
        before = tokens[n - 1]
        if before.text in _BREAKS or not (before.text[:1].isupper() or before.is_upper):
            return []
        if before.pos_ not in ("PROPN", "NOUN"):
            return []
        stop = n + 1
        while stop < len(tokens) and tokens[stop].text not in _BREAKS:
            stop += 1
        while stop > n + 1 and tokens[stop - 1].is_punct and tokens[stop - 1].text not in ("’", "'", "”"):
            stop -= 1
        if stop <= n + 1:
            return []
        first, last = tokens[n + 1], tokens[stop - 1]
        content = (first.idx, last.idx + len(last.text))
        return [Draft([content], tok.i, (tok.idx, tok.idx + len(tok.text)), before.i, "headline")]
    return []
