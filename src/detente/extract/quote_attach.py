"""Speaker attachment repairs: when the parse gives a cue verb no speaker, or one
that cannot be it.

The parser's subject of a cue verb is wrong in a few recurring shapes of news
text (PolNeAR train errors; the same shapes run through any newswire):

- the subject is inside the quotation the verb attributes (``“That,
  unfortunately,” he said`` parsed with "That" as the subject), or inside the
  content itself;
- the subject is a dateline (``LONDON (Reuters) - Donald Trump said``,
  ``CLEVELAND, July 19 (UPI) — ... told``);
- the verb has no subject at all: the speaker stands after it (``“...,” added
  a South Carolina Democrat``), or a clause to its left swallowed it
  (``Mr. Slinker, whose start-up ... uses big data ..., said ...``), or the
  parse skipped a paragraph break.

The repair looks for the speaker in the words between the content (or the
start of the clause) and the verb, then right after the verb.
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc, Token

from detente.extract.quote_cues import doc_text, is_passive, same_paragraph, verb_entry
from detente.extract.quote_direct import Draft

# parts of speech that can head a speaker
_NOMINAL = frozenset({"PROPN", "NOUN", "PRON"})
# relations of a nominal that never make it the speaker (time, place, manner)
_NOT_SPEAKER = frozenset({"advmod", "prep", "pobj", "poss", "compound", "punct"})
# entity types of the time and place words the parser hangs on a verb ("Monday, ...")
_NOT_SPEAKER_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "GPE"})
# relations a speaker after its verb has in a broken parse ("..., added a Democrat")
_AFTER_VERB = frozenset({"nsubj", "dobj", "attr", "npadvmod", "dep", "appos", "oprd", "nsubjpass"})
# parts of speech of a noun phrase read off the surface ("the senior adviser Jo Li")
_PHRASE = frozenset({"DET", "ADJ", "PROPN", "NOUN", "NUM"})
# the longest dateline, in tokens ("CLEVELAND, July 19 (UPI) —")
DATELINE_TOKENS = 12
_DASHES = frozenset({"—", "–", "-", "--"})
_FINITE = frozenset({"VBD", "VBZ", "VBP"})
# clause boundaries inside a sentence: the speaker is never on the far side
_BOUNDARY = frozenset({":", ";", "(", ")"})


def _dateline_end(doc: Doc, speaker: Token, verb: Token) -> int | None:
    """Index after the dash that closes a dateline the parser took for the
    speaker ("LONDON (Reuters) - Donald Trump said", "CLEVELAND, July 19
    (UPI) — Former Attorney General Michael Mukasey told")."""
    first = speaker.left_edge.i
    opens = first == 0 or "\n" in doc[first - 1].text
    if not opens or len(doc[first].text) < 3:
        return None
    if not doc[first].is_upper and not any(  # "New York (AFP) –": an agency in brackets
        doc[k].text == "(" for k in range(first + 1, min(verb.i, first + DATELINE_TOKENS))
    ):
        return None
    for k in range(speaker.i + 1, min(verb.i, first + DATELINE_TOKENS)):
        tok = doc[k]
        if tok.text in _DASHES and doc[k - 1].whitespace_ and tok.whitespace_:
            return k + 1
    return None


def _roots(doc: Doc, lo: int, hi: int, skip: Collection[int]) -> list[Token]:
    """Tokens of [lo, hi) whose head lies outside it (the phrases it is made of)."""
    out = []
    for k in range(lo, hi):
        tok = doc[k]
        if k in skip or tok.is_space or tok.is_punct:
            continue
        if tok.head.i == k or not lo <= tok.head.i < hi:
            out.append(tok)
    return out


def _left_speaker(doc: Doc, verb: Token, lo: int, skip: Collection[int]) -> Token | None:
    """The nominal that stands as the verb's subject in [lo, verb): a phrase of
    the stretch with no head inside it, else the subject of a clause to the
    left that hangs from the verb and swallowed its subject."""
    for tok in _roots(doc, lo, verb.i, skip):
        if tok.pos_ in _NOMINAL and tok.dep_ not in _NOT_SPEAKER and tok.tag_ != "DT" \
                and tok.lower_ != "it" and tok.ent_type_ not in _NOT_SPEAKER_ENTS:
            return tok
    for tok in _roots(doc, lo, verb.i, skip):
        if tok.pos_ in ("VERB", "AUX"):
            # "''...,'' Mr. Daniloff, now 81 and retired in Cambridge, said": a clause
            # of the stretch took the name as its own subject
            sub = next((c for c in tok.lefts if c.dep_ == "nsubj" and c.i >= lo), None)
            if sub is not None and sub.pos_ == "PROPN" and sub.i not in skip:
                return sub
    head = verb.head
    if verb.dep_ in ("parataxis", "dep") and head.tag_ == "VBG" and lo <= head.i < verb.i:
        # "Sen. Durbin, noting the size of ..., said": the participle took the subject
        for sub in head.lefts:
            if sub.dep_ == "nsubj" and sub.pos_ in ("PROPN", "NOUN", "PRON") and sub.i not in skip:
                return sub
    for child in verb.lefts:
        if child.dep_ != "ccomp" or child.i < lo:
            continue
        for sub in child.lefts:
            if sub.dep_ in ("nsubj", "nsubjpass") and sub.pos_ in ("PROPN", "NOUN") \
                    and sub.i not in skip:
                return sub
    return None


def _comma_before(doc: Doc, k: int, lo: int, skip: Collection[int]) -> int | None:
    """The last comma at or before ``k`` and after ``lo`` (``lo`` when there is
    none), or ``None`` when a verb or a quoted word comes first."""
    while k > lo and doc[k].text != ",":
        if doc[k].pos_ in ("VERB", "AUX") or doc[k].i in skip:
            return None
        k -= 1
    return k


def _after_comma(doc: Doc, verb: Token, lo: int, skip: Collection[int]) -> Token | None:
    """The noun phrase between the last comma and a verb with no subject, when
    an opening phrase swallowed it as an apposition ("In an interview with X,
    the Democratic candidate stated ...")."""
    k = verb.i - 1
    hi = verb.i
    if doc[k].text == "," and k > lo:
        # "..., Col. Steven Warren, a military spokesman, said": the apposition
        # chain ends with a comma, so the phrase stands between the two last commas
        hi = k
        k -= 1
    comma = _comma_before(doc, k, lo, skip)
    if comma is not None and comma > lo and hi < verb.i and hi - comma == 2 \
            and doc[comma + 1].like_num:
        # "..., Marcel Lehel Lazar, 44, said": an age closes the chain; the name
        # stands before it
        hi = comma
        comma = _comma_before(doc, comma - 1, lo, skip)
    if comma is None or comma <= lo:
        return None
    k = comma
    found = _left_speaker(doc, doc[hi], k + 1, skip) if hi < verb.i else \
        _left_speaker(doc, verb, k + 1, skip)
    if found is None or found.dep_ not in ("appos", "conj", "pobj", "npadvmod"):
        return None
    while hi < verb.i and found.dep_ == "appos" and found.head.dep_ == "appos" \
            and lo <= found.head.i < found.i:
        found = found.head  # "her adviser, Jake Sullivan,": the chain's first phrase
    return found


def _phrase_after(doc: Doc, k: int) -> Token | None:
    """A noun phrase that starts at ``k`` and ends its clause ("..., said Richard
    L. Trumka, president of ...", "..., said the woman, who ...", "..., said
    retired neurosurgeon Ben Carson, asked about ..."), however the parser hung
    it: its last noun. Not a date ("..., said Tuesday.")."""
    end = k
    while end < len(doc) and (doc[end].pos_ in _PHRASE or doc[end].tag_ == "NNP" or (
            doc[end].tag_ in ("VBN", "VBG") and end + 1 < len(doc)
            and doc[end + 1].pos_ in _PHRASE)):  # "retired neurosurgeon", "ranking Democrat"
        end += 1
    if end == k or (end < len(doc) and not (doc[end].is_punct or doc[end].is_space)):
        return None
    last = doc[end - 1]
    if last.pos_ not in ("PROPN", "NOUN") or last.ent_type_ in _NOT_SPEAKER_ENTS:
        return None
    return last


def _right_speaker(doc: Doc, verb: Token, skip: Collection[int]) -> Token | None:
    """The nominal right after the verb ("..., added a South Carolina Democrat")."""
    k = verb.i + 1
    while k < len(doc) and doc[k].is_space:
        k += 1
    if k >= len(doc) or k in skip:
        return None
    tok = doc[k]
    phrase = _phrase_after(doc, k)
    if phrase is not None:
        return phrase
    while tok.head.i != tok.i and tok.head.i != verb.i and tok.head.i > verb.i:
        tok = tok.head
    if tok.head.i != verb.i or tok.dep_ not in _AFTER_VERB or tok.pos_ not in ("PROPN", "NOUN"):
        return None
    # the phrase closes the clause ("..., added a Democrat."), it does not start a
    # complement ("told AFP in an interview" names the listener)
    end = tok.i + 1
    while end < len(doc) and doc[end].head.i == tok.i and doc[end].dep_ in ("compound", "flat"):
        end += 1
    nxt = doc[end] if end < len(doc) else None
    return tok if nxt is None or nxt.is_punct or nxt.is_space else None


def _bare_past(verb: Token) -> bool:
    """Whether a past participle with no auxiliary heads its sentence: a past tense
    the tagger misread after a name it did not know ("Will wrote", "Skelly called")."""
    return verb.tag_ == "VBN" and verb.dep_ == "ROOT" and not any(
        c.dep_ in ("aux", "auxpass") for c in verb.children
    )


def _mistagged_name(doc: Doc, verb: Token, lo: int, skip: Collection[int]) -> Token | None:
    """A capitalised word right before a verb with no subject, which the tagger
    read as an adverb or auxiliary ("And Skelly called ...", "“...,” Will wrote")."""
    k = verb.i - 1
    if k < lo or k in skip:
        return None
    tok = doc[k]
    if not (tok.is_title and tok.is_alpha) or tok.pos_ in _NOMINAL:
        return None
    if k == verb.sent.start or doc[k - 1].is_space or doc[k - 1].text in (".", "\n"):
        return None  # a sentence-opening "However said ..." is no name
    return tok


def _clause_start(doc: Doc, verb: Token) -> int:
    """First token of the verb's clause: its sentence, paragraph and the last
    clause boundary before it."""
    lo = verb.sent.start
    text = doc_text(doc).text
    para = text.rfind("\n", 0, verb.idx) + 1
    top = verb.i - 1
    while top >= lo and doc[top].text == ",":
        top -= 1
    if top > lo and doc[top].text == ")":
        # "Sen. Chris Murphy (a Connecticut Democrat ...) says": the aside between
        # the subject and its verb is no clause boundary
        opening = next((j for j in range(top - 1, lo - 1, -1) if doc[j].text in "()"), None)
        if opening is not None and doc[opening].text == "(":
            top = opening - 1
    for k in range(top, lo - 1, -1):
        tok = doc[k]
        if tok.idx < para or tok.text in _BOUNDARY:
            return k + 1
    return lo


def repair_speaker(doc: Doc, draft: Draft, quoted: Collection[int]) -> int | None:
    """The speaker head of a verb-cued draft, with the parser's mistakes repaired.

    Args:
        doc: the parsed article.
        draft: a draft whose cue may be a verb.
        quoted: tokens inside quotations (the speaker of a cue outside them
            is never inside).

    Returns:
        The token index of the speaker's head, or ``None``.
    """
    if draft.cue_i is None:
        return draft.speaker_i
    verb = doc[draft.cue_i]
    entry = verb_entry(verb)
    if verb.pos_ != "VERB" or entry is None or not entry.has_speaker:
        return draft.speaker_i
    skip = quoted
    before = [p for p in draft.pieces if p[1] <= verb.idx]
    if before:  # the content comes first: look between its end and the verb
        end_char = before[-1][1]
        lo = next((t.i for t in doc[verb.sent.start:verb.i] if t.idx >= end_char), verb.i)
    else:
        lo = _clause_start(doc, verb)
    lo = max(lo, verb.sent.start)
    current = doc[draft.speaker_i] if draft.speaker_i is not None else None
    if current is not None and current.i in skip:
        # two subjects by the parse, one inside the quotation: `“...,” said a person
        # close to the Clintons` (the other stands after the verb)
        other = next((c for c in verb.rights if c.dep_ == "nsubj" and c.i not in skip
                      and c.pos_ in _NOMINAL and same_paragraph(c, verb)), None)
        if other is not None:
            return other.i
    if current is not None:
        if current.i not in skip:
            cut = _dateline_end(doc, current, verb) if current.i < verb.i else None
            if cut is None:
                return current.i
            lo = cut
    elif (verb.tag_ not in _FINITE and not _bare_past(verb)) or is_passive(verb) \
            or verb.dep_ in ("relcl", "acl", "amod"):
        return None
    if lo < verb.i and not same_paragraph(doc[lo], verb):
        return draft.speaker_i
    found = _left_speaker(doc, verb, lo, skip) if lo < verb.i else None
    if found is None and current is None and lo < verb.i:
        found = _after_comma(doc, verb, lo, skip)
    if found is None and current is None and lo < verb.i:
        found = _mistagged_name(doc, verb, lo, skip)
    if found is None and before:
        found = _right_speaker(doc, verb, skip)
    if found is None:
        return None if current is not None and current.i in skip else draft.speaker_i
    return found.i
