"""Verbs of saying that interrupt the clause they attribute.

News text sets a short attribution inside the reported clause, between
commas: ``The contrast with Trump, said Doyle and others, would be clear`` or
``Clinton, a top aide said, "is very confident"``. The parser reads the words
before the first comma as the verb's subject and the speaker as the subject of
the clause after it (or as an apposition of the real subject), so the speaker
comes out wrong and the content loses its subject. These repairs read the
surface order instead: PolNeAR train annotates the interrupting name as the
source and the clause around it as the content (4 of the 5 inverted shapes
the parse gives, before the check that the clause resumes after the name).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from detente.extract.quote_cues import _trim, same_paragraph, verb_entry

# relations of the words that open a clause's verb phrase ("would be", "doesn't forgive")
_VERB_OPENERS = frozenset({"aux", "auxpass", "neg", "advmod"})


def _clause_resumes(doc: Doc, k: int, clause: Token) -> bool:
    """Whether token ``k`` opens the verb phrase of ``clause`` (its verb, or an
    auxiliary, negation or adverb of it)."""
    if k >= len(doc):
        return False
    tok = doc[k]
    return tok == clause or (tok.head == clause and tok.dep_ in _VERB_OPENERS)


def _inverted_inside(verb: Token) -> tuple[Token, list[tuple[int, int]]] | None:
    """``NP, said X, VP``: the parse made NP the subject of "said" and X the
    subject of VP. X speaks; NP and VP are the content."""
    doc = verb.doc
    if verb.i < 2 or doc[verb.i - 1].text != ",":
        return None
    front = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if front is None or front.right_edge.i + 2 != verb.i:
        return None
    for clause in verb.children:
        if clause.dep_ != "ccomp" or clause.i < verb.i or not same_paragraph(verb, clause):
            continue
        speaker = next((c for c in clause.children
                        if c.dep_ == "nsubj" and c.left_edge.i == verb.i + 1), None)
        if speaker is None:
            continue
        comma = speaker.right_edge.i if doc[speaker.right_edge.i].text == "," \
            else speaker.right_edge.i + 1
        if comma >= len(doc) or doc[comma].text != "," or not _clause_resumes(doc, comma + 1, clause):
            continue
        pieces = [_trim(doc, front.left_edge.i, verb.i), _trim(doc, comma + 1, clause.right_edge.i + 1)]
        return speaker, [p for p in pieces if p[1] > p[0]]
    return None


def _apposed_speaker(verb: Token) -> tuple[Token, list[tuple[int, int]]] | None:
    """``Clinton, a top aide said, "is very confident"``: the parse made the
    speaker an apposition of the clause's subject and the verb a parataxis of
    the clause. The apposition speaks; subject and clause are the content."""
    doc = verb.doc
    clause = verb.head
    if verb.dep_ != "parataxis" or clause.i < verb.i or verb.i + 1 >= len(doc) \
            or doc[verb.i + 1].text != ",":
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subject is None:
        return None
    speaker = next((a for a in subject.children
                    if a.dep_ == "appos" and a.right_edge.i == verb.i - 1
                    and doc[a.left_edge.i - 1].text == ","), None)
    if speaker is None or not same_paragraph(verb, clause):
        return None
    pieces = [_trim(doc, subject.left_edge.i, speaker.left_edge.i),
              _trim(doc, verb.i + 1, clause.right_edge.i + 1)]
    return speaker, [p for p in pieces if p[1] > p[0]]


def interrupting_cue(verb: Token) -> tuple[Token, list[tuple[int, int]]] | None:
    """The speaker and the content of a verb of saying set inside its clause.

    Args:
        verb: a cue verb.

    Returns:
        The speaker's head token and the content as token ranges, or ``None``
        when the verb does not interrupt a clause.
    """
    entry = verb_entry(verb)
    if entry is None or not entry.speech:
        return None
    return _inverted_inside(verb) or _apposed_speaker(verb)
