"""Attributions carried by verb phrases: a verb and the word that completes it.

PolNeAR annotates idioms of saying and stance whose verb alone says nothing:
"made it *clear* that ...", "*took aim at* X", "*came out against* X",
"*fired back at* X", "*cast* a *vote for* X", "*raised concerns about* X"
(PolNeAR train: each a handful of missed sources, about 70 in all). The
phrases are data (``quotes/cue_phrases.csv``): the verb's lemma, the lemma
of the object, particle or adjective that completes it, and where the
content is. The speaker is the verb's (:func:`quote_cues.speaker_of`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.attrs import LEMMA, POS
from spacy.symbols import VERB
from spacy.tokens import Doc, Token

from detente.data import load_table
from detente.extract.quote_cues import same_paragraph, speaker_of, word_hashes

# relations of the word that completes the phrase, to the verb or to its object
_PARTS = frozenset({"dobj", "prt", "oprd", "ccomp", "acomp", "attr", "xcomp", "advmod", "prep",
                    "npadvmod", "dep", "advcl"})
# relations of a that-clause or of a clause after a colon
_CLAUSES = frozenset({"ccomp", "acl", "advcl", "parataxis"})


@dataclass(frozen=True)
class PhraseEntry:
    """One row of ``quotes/cue_phrases.csv``."""

    verb: str
    word: str
    act: str
    content: frozenset[str]


@lru_cache(maxsize=1)
def phrases() -> dict[str, list[PhraseEntry]]:
    """The phrase cues, by verb lemma."""
    out: dict[str, list[PhraseEntry]] = {}
    for row in load_table("quotes/cue_phrases.csv").rows:
        entry = PhraseEntry(row["verb"], row["word"], row["act"], frozenset(row["content"].split()))
        out.setdefault(entry.verb, []).append(entry)
    return out


def phrase_verbs(doc: Doc) -> list[int]:
    """Indices of the verbs of ``doc`` that may open a phrase cue (a vectorised scan)."""
    if len(doc) == 0:
        return []
    hashes = word_hashes(doc, "phrases", phrases())
    arr = doc.to_array([LEMMA, POS]).astype(np.uint64)
    return np.flatnonzero(np.isin(arr[:, 0], hashes) & (arr[:, 1] == VERB)).tolist()


def _completion(verb: Token, entry: PhraseEntry) -> Token | None:
    """The word that completes the phrase: a dependent of the verb or of its object."""
    for child in verb.children:
        if child.dep_ not in _PARTS or not same_paragraph(verb, child):
            continue
        if child.lemma_.lower() == entry.word or child.lower_ == entry.word:
            return child
        for grand in child.children:
            if grand.dep_ in _PARTS and grand.i > verb.i and (
                grand.lemma_.lower() == entry.word or grand.lower_ == entry.word
            ):
                return grand
    return None


def _content(verb: Token, word: Token, entry: PhraseEntry) -> tuple[int, int] | None:
    """Token range of the phrase's content, after the word that completes it."""
    for holder in (word, verb):
        for child in holder.rights:
            if child.i <= word.i or not same_paragraph(verb, child):
                continue
            if child.dep_ == "prep" and child.lower_ in entry.content:
                obj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
                if obj is not None:
                    return obj.left_edge.i, obj.right_edge.i + 1
            if "that" in entry.content and child.dep_ in _CLAUSES and child.pos_ in ("VERB", "AUX"):
                return child.left_edge.i, child.right_edge.i + 1
            if "object" in entry.content and child.dep_ == "dobj" and child != word:
                return child.left_edge.i, child.right_edge.i + 1
    return None


def phrase_cue(verb: Token) -> tuple[Token | None, Token, tuple[int, int]] | None:
    """For a verb that opens a phrase cue, its speaker (or ``None``), the word
    that completes the phrase and the content (a token range)."""
    for entry in phrases().get(verb.lemma_.lower(), []):
        word = _completion(verb, entry)
        if word is None:
            continue
        content = _content(verb, word, entry)
        if content is not None:
            return speaker_of(verb), word, content
    return None
