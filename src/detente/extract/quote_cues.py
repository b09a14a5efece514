"""Cues of attribution: verbs and nouns of saying, their speakers and contents.

The cue lexicon is data (``quotes/cues.csv`` for verbs, ``quotes/cue_nouns.csv``
for nouns). The dependency rules follow the shape of reported speech in
English news (Newell et al. 2018, PolNeAR guidelines): the speaker is the
subject of the cue verb (or of the verb it hangs from, for "..., adding
that"), the content its clausal complement ("said that ..."), its object for
verbs whose object is what was said ("denied the report"), or the clause the
cue interrupts ("Canada, she said, is wrong").
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.attrs import LEMMA, LOWER, POS
from spacy.symbols import NOUN, PROPN, VERB
from spacy.tokens import Doc, Token

from detente.data import load_table

log = logging.getLogger(__name__)

_SUBJECTS = frozenset({"nsubj", "csubj"})
# entity types of a preposition's object that is a time, not what is spoken of
_WHEN = frozenset({"DATE", "TIME"})
# dependents of a name that belong to the speaker as written
_SPEAKER_RIGHT = frozenset({"prep", "compound", "flat", "nummod", "cc", "conj", "case"})
# subjects that name no one ("That irritates ...", "It is possible that ...")
_NOT_SPEAKERS = frozenset({"it", "that", "this", "which", "what"})
# relations through which a participle or coordinated verb shares its head's subject
_INHERIT = frozenset({"xcomp", "advcl", "conj", "ccomp", "pcomp"})


@dataclass(frozen=True)
class CueEntry:
    """One row of the cue lexicon.

    Attributes:
        lemma: the verb or noun lemma.
        act: the kind of speech act (assert, deny, warn, ...).
        frame: ``clause`` or ``object`` (verbs only; see ``cues.csv``).
        speech: whether it is a verb of saying (vs thinking or showing).
        preps: prepositions or particles whose object is the content
            ("called for", "pointed to").
        has_speaker: whether the subject is the speaker (false for "X
            appeared to ...", where it is what the content is about).
    """

    lemma: str
    act: str
    frame: str = "clause"
    speech: bool = True
    preps: frozenset[str] = frozenset()
    has_speaker: bool = True


@dataclass(frozen=True)
class Lexicon:
    """The cue verbs and nouns."""

    verbs: dict[str, CueEntry]
    nouns: dict[str, CueEntry]
    sources: dict[str, str]
    controls: frozenset[str] = frozenset()
    receivers: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the cue lexicon (``quotes/cues.csv``, ``cue_nouns.csv``, ``source_nouns.csv``,
    ``control_verbs.csv`` and ``receive_verbs.csv``)."""
    verbs = {
        row["lemma"]: CueEntry(
            row["lemma"], row["act"], row["frame"], row["speech"] == "yes",
            frozenset(row["preps"].split()), row["speaker"] != "none",
        )
        for row in load_table("quotes/cues.csv").rows
    }
    nouns = {
        row["lemma"]: CueEntry(row["lemma"], row["act"], preps=frozenset(row["preps"].split()))
        for row in load_table("quotes/cue_nouns.csv").rows
    }
    sources = {row["lemma"]: row["kind"] for row in load_table("quotes/source_nouns.csv").rows}
    controls = frozenset(row["lemma"] for row in load_table("quotes/control_verbs.csv").rows)
    receivers = frozenset(row["lemma"] for row in load_table("quotes/receive_verbs.csv").rows)
    return Lexicon(verbs, nouns, sources, controls, receivers)


_HASHES: dict[tuple[int, str], np.ndarray] = {}


def word_hashes(doc: Doc, kind: str, words: Iterable[str]) -> np.ndarray:
    """The string-store hashes of a word list named ``kind`` (cached per vocabulary)."""
    key = (id(doc.vocab), kind)
    cached = _HASHES.get(key)
    if cached is None:
        cached = np.array([doc.vocab.strings.add(w) for w in words], dtype=np.uint64)
        _HASHES[key] = cached
    return cached


@dataclass(frozen=True)
class CueTokens:
    """Token indices of the cues of one document."""

    verbs: list[int]
    nouns: list[int]
    according: list[int]
    ins: list[int]


def cue_tokens(doc: Doc) -> CueTokens:
    """The cue verbs, cue nouns and "according" tokens of ``doc`` (a vectorised scan)."""
    if len(doc) == 0:
        return CueTokens([], [], [], [])
    lex = lexicon()
    arr = doc.to_array([LEMMA, POS, LOWER]).astype(np.uint64)
    lemmas, pos, lower = arr[:, 0], arr[:, 1], arr[:, 2]
    verbs = np.flatnonzero(np.isin(lemmas, word_hashes(doc, "verbs", lex.verbs)) & (pos == VERB))
    nouns = np.flatnonzero(
        np.isin(lemmas, word_hashes(doc, "nouns", lex.nouns)) & ((pos == NOUN) | (pos == PROPN))
    )
    according = np.flatnonzero(lower == np.uint64(doc.vocab.strings.add("according")))
    ins = np.flatnonzero(lower == np.uint64(doc.vocab.strings.add("in")))
    return CueTokens(verbs.tolist(), nouns.tolist(), according.tolist(), ins.tolist())


def verb_entry(token: Token) -> CueEntry | None:
    """The lexicon entry of a cue verb token."""
    return lexicon().verbs.get(token.lemma_.lower())


@dataclass(frozen=True)
class DocText:
    """The text of a document and its line breaks (``Doc.text`` is rebuilt on
    every access, so it is read once per document)."""

    doc: Doc
    text: str
    breaks: tuple[int, ...]


_LAST: list[DocText] = []


def doc_text(doc: Doc) -> DocText:
    """The text and line breaks of ``doc``, cached for the document in hand."""
    if _LAST and _LAST[0].doc is doc:
        return _LAST[0]
    text = doc.text
    entry = DocText(doc, text, tuple(m.start() for m in _BREAK.finditer(text)))
    _LAST[:] = [entry]
    return entry


_BREAK = re.compile("\n")


def same_paragraph(a: Token, b: Token) -> bool:
    """Whether two tokens stand in the same paragraph (no line break between them).

    The parser links words across paragraphs now and then; an attribution never
    does, except through a quotation that runs over several paragraphs.
    """
    breaks = doc_text(a.doc).breaks
    return bisect.bisect_right(breaks, a.idx) == bisect.bisect_right(breaks, b.idx)


def is_passive(verb: Token) -> bool:
    """Whether a verb is passive ("was asked", "is expected")."""
    return not _contracted_perfect(verb) and any(
        c.dep_ in ("nsubjpass", "auxpass") for c in verb.children
    )


def _contracted_perfect(verb: Token) -> bool:
    """Whether a verb parsed as passive is a perfect with a contracted "has" and a
    clause of its own ("he's said he'll fight", "she's argued that"), unlike "it's
    said that" or "he's called a liar"."""
    aux = [c for c in verb.children if c.dep_ == "auxpass"]
    return (
        len(aux) == 1 and aux[0].lower_ in ("'s", "’s") and verb.tag_ in ("VBN", "VBD")
        and any(c.dep_ == "ccomp" for c in verb.children)
        and not any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in verb.children)
    )


def speaker_of(verb: Token, depth: int = 0) -> Token | None:
    """The token that heads the speaker of a cue verb, or ``None``.

    The subject of the verb; for a participle or coordinated verb ("he said,
    adding ...", "she smiled and said") the subject of the verb it hangs
    from; for "X, who said ..." the noun the clause modifies; for a passive
    cue, its ``by`` agent; for a gerund after a preposition that leads to no
    subject ("Trump has been the most aggressive in the field *in
    denouncing* ..."), the subject of its sentence.
    """
    found = _speaker_of(verb, depth)
    if found is None and not depth and verb.tag_ == "VBG" and verb.dep_ == "pcomp":
        root = verb.sent.root
        if root != verb and same_paragraph(verb, root):
            found = next((c for c in root.lefts if c.dep_ == "nsubj"), None)
            if found is not None and (found.lower_ in _NOT_SPEAKERS or found.pos_ == "DET"):
                found = None
    return found


def _speaker_of(verb: Token, depth: int) -> Token | None:
    for child in verb.children:
        if not same_paragraph(verb, child):
            continue
        if child.dep_ == "nsubj" and any(
            c.dep_ == "nsubj" and child.i < c.i < verb.i for c in verb.children
        ):
            # of two subjects before the verb the nearer speaks: "Rubio, whom *many
            # progressives* believed was ...", "in Salem, New Hampshire, *Trump* went"
            continue
        if child.dep_ in _SUBJECTS or (
            child.dep_ == "nsubjpass" and (depth or _contracted_perfect(verb))
        ):
            if child.lower_ == "that":  # "polls that show": "that" (PolNeAR's span), but
                # "a hat that says" names no one (train: a source for 37 of 118 "that")
                kind = lexicon().sources.get(verb.head.lemma_.lower())
                return child if kind == "poll" and verb.dep_ == "relcl" else None
            if depth and child.lower_ == "it" and _impersonal(verb):
                return None  # "it is hard to say", "it helps to know": no one speaks
            return child  # at depth > 0: "X was forced to ... and said"
        if child.dep_ == "agent" and verb.tag_ == "VBN":  # not "said by telephone"
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    if depth >= 3 or verb.head == verb:
        return None
    if not same_paragraph(verb, verb.head):
        return None
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.dep_ == "dobj" \
            and verb.head.head.pos_ in ("VERB", "AUX") and same_paragraph(verb, verb.head.head):
        # "X issued a statement describing ...", "Y has drawn crowds describing ...":
        # the one who issued or drew speaks (PolNeAR train: 69 to 15)
        found = speaker_of(verb.head.head, depth + 1)
        if found is not None:
            return found
    if verb.dep_ == "xcomp" and verb.tag_ == "VB" and not depth:
        controller = _object_controller(verb)
        if controller is not None:
            return controller  # "the victory led Priebus to declare": Priebus declares
    if verb.dep_ == "acl" and verb.tag_ == "VB" and verb.head.pos == NOUN:
        return _infinitive_owner(verb, depth)  # "an opportunity to draw": not the noun
    if verb.dep_ in ("relcl", "acl") and verb.head.pos in (NOUN, PROPN):
        if misparsed_finite(verb):
            return verb.head  # "A Quinnipiac poll found last week that ...": the poll
        if is_passive(verb) or (verb.dep_ == "acl" and verb.tag_ == "VBN"):
            return None  # "delegates who are expected to", "the stories talked about": said of them
        return verb.head  # "X, who said ...", "a statement saying ..."
    if verb.dep_ in _INHERIT and not is_passive(verb):
        head = verb.head
        if head.pos_ in ("ADP", "SCONJ") and head.head != head \
                and same_paragraph(head, head.head):
            head = head.head  # "... by saying that", "after telling reporters", "despite ..."
            if head.dep_ == "pobj" and head.pos == NOUN and head.head.pos_ == "ADP" \
                    and not any(c.dep_ in ("det", "poss") for c in head.children) \
                    and head.head.head != head.head:
                head = head.head.head  # "in addition to stating", "in favor of banning"
        elif head.pos_ == "ADJ" and head.dep_ == "acomp" and head.head != head:
            head = head.head  # "was quick to say", "are likely to vote"
        if head.pos in (NOUN, PROPN) and verb.dep_ == "pcomp":
            return None
        return speaker_of(head, depth + 1)
    return None


def misparsed_finite(verb: Token) -> bool:
    """Whether a past participle the parser hung on a noun is the noun's finite
    verb ("A Quinnipiac poll *found* last week that ...", "two analysts *found*
    in 2014 that ..."): a participle with a clause of its own and no auxiliary."""
    return verb.tag_ == "VBN" and verb.dep_ == "acl" and verb.i > verb.head.i \
        and any(c.dep_ == "ccomp" for c in verb.children) \
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _object_controller(verb: Token) -> Token | None:
    """The object of the verb an infinitive complements, when it does the act
    ("led *some* to speculate", "drove *Armenians* to demand"): object control
    (``quotes/control_verbs.csv``), so the object and not the subject speaks."""
    head = verb.head
    if head.lemma_.lower() not in lexicon().controls:
        return None
    obj = next((c for c in head.children if c.dep_ == "dobj" and c.i < verb.i), None)
    if obj is None or obj.pos_ not in ("NOUN", "PROPN", "PRON") or obj.lower_ in ("it", "that"):
        return None
    return obj if same_paragraph(verb, obj) else None


def _infinitive_owner(verb: Token, depth: int) -> Token | None:
    """Who acts in an infinitive on a noun ("*he* took the chance to say", "*his*
    plans to spend", "*Sanders* used it as an opportunity to draw"): the subject of
    the verb whose object the noun is, else the noun's possessor, else the subject
    of the verb the noun's preposition hangs from; never the noun itself."""
    noun = verb.head
    up = noun.head
    if noun.dep_ in ("dobj", "attr") and up.pos_ in ("VERB", "AUX") and same_paragraph(verb, up):
        return speaker_of(up, depth + 1)
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    if noun.dep_ == "pobj" and up.head != up:
        up = up.head
        if up.pos_ in ("VERB", "AUX") and depth < 3 and same_paragraph(verb, up):
            return speaker_of(up, depth + 1)
    return None


_IMPERSONAL = frozenset({"be", "take", "help", "make", "pay", "seem"})


def _impersonal(verb: Token) -> bool:
    """Whether a verb whose subject is "it" makes an impersonal frame ("it is
    hard to", "it takes long to", "it helps to")."""
    return verb.pos_ == "ADJ" or verb.lemma_.lower() in _IMPERSONAL or any(
        c.dep_ in ("acomp", "expl") for c in verb.children
    )


def speaker_extent(head: Token) -> tuple[int, int]:
    """Token range of the speaker as written: the noun phrase without appositions
    or relative clauses ("a spokesman for the mayor", "Sen. Chuck Grassley")."""
    if head.pos_ == "PRON":
        return head.i, head.i + 1
    start = head.left_edge.i
    while start < head.i and (head.doc[start].is_punct or head.doc[start].is_space
                              or not same_paragraph(head.doc[start], head)):
        start += 1
    for k in range(start + 1, head.i):  # "“...,” Gene Sperling said": not the quote's words
        if head.doc[k].is_quote and head.doc[k - 1].text in (",", "?", "!"):
            start = k + 1
    end = head.i + 1
    for child in head.rights:
        first = child.left_edge.i  # a conjunct of several words starts before its head
        if child.dep_ not in _SPEAKER_RIGHT or (first != end and not _only_space(head, end, first)):
            break
        if child.dep_ == "cc" and child.i == end:
            end = child.i + 1
            continue
        # a conjunct is itself a phrase without apposition ("Bush and his rivals")
        end = speaker_extent(child)[1] if child.dep_ == "conj" and child.pos_ != "PRON" \
            else child.right_edge.i + 1
    while end - 1 > start and (head.doc[end - 1].is_punct or head.doc[end - 1].dep_ == "cc"):
        end -= 1  # "GOP presidential contender and": no dangling conjunction
    return start, end


def named_after(doc: Doc, end: int) -> int:
    """The end of a description followed by the person's name set off by commas
    ("The head of the Super PAC backing Jeb Bush, *Mike Murphy*, praised"):
    the name belongs to the speaker as written, however the parser hung it."""
    k = end + 1
    if k >= len(doc) or doc[end].text != "," or doc[k].ent_type_ != "PERSON" \
            or doc[k].ent_iob_ != "B":
        return end
    while k + 1 < len(doc) and doc[k + 1].ent_type_ == "PERSON" and doc[k + 1].ent_iob_ == "I":
        k += 1
    after = doc[k + 1] if k + 1 < len(doc) else None
    return k + 1 if after is not None and (after.text == "," or after.pos_ in ("VERB", "AUX")) \
        else end


def _only_space(head: Token, start: int, end: int) -> bool:
    return all(head.doc[i].is_space for i in range(start, end))


def _trim(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """Drop punctuation (but not quotation marks) and spaces at both ends."""
    while s < e and ((doc[s].is_punct and doc[s].text not in _MARKS) or doc[s].is_space):
        s += 1
    while e > s and ((doc[e - 1].is_punct and doc[e - 1].text not in _MARKS) or doc[e - 1].is_space):
        e -= 1
    return s, e


def _span(tok: Token) -> tuple[int, int]:
    """Token range of a subtree, without outer punctuation."""
    return _trim(tok.doc, tok.left_edge.i, tok.right_edge.i + 1)


_MARKS = frozenset({'"', "“", "”", "«", "»", "'", "‘", "’", "''", "``", "„"})
