"""Attributions carried by adjectives of stance and feeling.

PolNeAR annotates the stance a copula states as an attribution whose cue is
the adjective: "Mr. Ackman is *convinced* that Valeant will recover", "some
Democrats are *concerned* that ...", "Cruz is *critical* of the deal",
"Republicans are *eager* to move on" (PolNeAR train: about 120 missed
sources had such a cue). The words are data (``quotes/cue_adjectives.csv``);
a word yields an attribution only with a content of its own: a that-clause,
an infinitive, or the object of one of its prepositions. The speaker is the
subject of the copula (or of the passive participle, for the words the
parser reads as verbs: "is convinced", "are worried").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.attrs import LOWER, POS
from spacy.symbols import ADJ, NOUN, VERB
from spacy.tokens import Doc, Token

from detente.data import load_table
from detente.extract.quote_cues import same_paragraph, word_hashes

# relations of the subject of the copula or of the participle
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# a subject that names no one ("it is clear that", "there are worried voices")
_NO_ONE = frozenset({"it", "there", "that", "this", "which"})


@dataclass(frozen=True)
class AdjectiveEntry:
    """One row of ``quotes/cue_adjectives.csv``."""

    word: str
    act: str
    preps: frozenset[str]


@lru_cache(maxsize=1)
def adjectives() -> dict[str, AdjectiveEntry]:
    """The adjective cues, by the word as written (lower case)."""
    return {
        row["word"]: AdjectiveEntry(row["word"], row["act"], frozenset(row["preps"].split()))
        for row in load_table("quotes/cue_adjectives.csv").rows
    }


def adjective_tokens(doc: Doc) -> list[int]:
    """Indices of the adjective cues of ``doc`` (adjectives, or participles the
    parser reads as verbs), found with one vectorised scan."""
    if len(doc) == 0:
        return []
    hashes = word_hashes(doc, "adjectives", adjectives())
    arr = doc.to_array([LOWER, POS]).astype(np.uint64)
    found = np.isin(arr[:, 0], hashes) & (
        (arr[:, 1] == ADJ) | (arr[:, 1] == VERB) | (arr[:, 1] == NOUN)
    )
    return np.flatnonzero(found).tolist()


def _subject(word: Token) -> Token | None:
    """The subject of the copula the word completes ("Cruz is critical"), or of
    the participle itself ("Democrats are worried")."""
    holder = word
    if word.pos_ in ("NOUN", "PROPN"):
        if word.dep_ == "appos" and word.head.pos_ in ("PROPN", "NOUN") \
                and same_paragraph(word, word.head):
            return word.head  # "Adelson, a fierce supporter of Israel"
        attr = _partitive_attr(word)
        if attr is None:
            return None  # "supporters of X say ...": the noun is the subject, not the cue
        holder = attr.head  # "Cruz is a longtime critic of the deal"
    elif word.dep_ == "acomp" and word.head != word:
        holder = word.head
    elif word.pos_ == "ADJ" and word.dep_ != "ROOT":
        return None  # "a confident Trump", "the worried voters": no statement of stance
    for child in holder.children:
        if child.dep_ in _SUBJECTS and same_paragraph(child, word):
            if child.lower_ in _NO_ONE or child.pos_ not in ("PROPN", "NOUN", "PRON"):
                return None
            return child
    return None


def _partitive_attr(noun: Token) -> Token | None:
    """The complement of a copula that an agent noun is or belongs to: the noun
    itself ("Cruz is a critic of"), or "one of" / "among" it ("Sarandon is one of
    the supporters of", "unions were among the earliest supporters of")."""
    if noun.dep_ == "attr" and noun.head != noun:
        return noun
    prep = noun.head
    if noun.dep_ != "pobj" or prep.head == prep:
        return None
    if prep.lower_ == "among" and prep.dep_ == "prep" and prep.head.lemma_ == "be":
        return prep  # its head is the copula
    if prep.lower_ == "of" and prep.head.dep_ == "attr" and prep.head.pos_ in ("NUM", "PRON"):
        return prep.head
    return None


def _content(word: Token, entry: AdjectiveEntry) -> tuple[int, int] | None:
    """Token range of the word's own content: its that-clause or infinitive, or
    the object of one of its prepositions."""
    for child in word.rights:
        if not same_paragraph(word, child):
            break
        if child.dep_ in ("ccomp", "xcomp", "advcl") and child.pos_ in ("VERB", "AUX"):
            if child.dep_ == "advcl" and not any(
                g.dep_ == "mark" and g.lower_ == "that" for g in child.children
            ):
                continue
            return child.left_edge.i, child.right_edge.i + 1
        if child.dep_ in ("prep", "agent") and child.lower_ in entry.preps:
            obj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return obj.left_edge.i, obj.right_edge.i + 1
    return None


def adjective_cue(word: Token) -> tuple[Token, tuple[int, int]] | None:
    """The speaker and the content (token range) of an adjective cue, or ``None``
    when it states no stance of a named holder about a content of its own."""
    entry = adjectives().get(word.lower_)
    if entry is None:
        return None
    content = _content(word, entry)
    if content is None:
        return None
    speaker = _subject(word)
    if speaker is None:
        return None
    return speaker, content
