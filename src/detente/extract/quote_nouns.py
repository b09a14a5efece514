"""Nominal cues of attribution: "in a statement", "according to X" and cue nouns.

A cue noun ("Trump's claim that ...", "a statement from the ministry") takes
its speaker from its possessor, its ``by``/``from`` object or the subject of
the verb it is the object of; "according to X" and "In a poll, ..." take as
content the clause they modify, without the phrase (PolNeAR guidelines).
The noun lexicon is data (``quotes/cue_nouns.csv``, ``quotes/source_nouns.csv``).
"""

from __future__ import annotations

from spacy.tokens import Token

from detente.extract.quote_cues import (
    _SUBJECTS,
    _WHEN,
    _span,
    _trim,
    lexicon,
    same_paragraph,
    speaker_of,
    verb_entry,
)


def in_phrase(token: Token) -> tuple[Token | None, list[tuple[int, int]]] | None:
    """For the ``in`` of "In a Des Moines Register poll, Cruz led ...", the
    source and the clause the phrase modifies (without the phrase); not when
    that clause's verb is a cue ("said in a statement").

    A poll or survey is its own source; a statement, speech or interview is
    the words of the clause's subject ("In a statement, Rep. Jeffries reacted
    ...": Jeffries), and names no source when the clause has none.
    """
    pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
    kind = lexicon().sources.get(pobj.lemma_.lower()) if pobj is not None else None
    if pobj is None or kind is None:
        return None
    head = token.head
    if head.pos_ not in ("VERB", "AUX") or verb_entry(head) is not None:
        return None
    if not same_paragraph(token, head):
        return None
    doc = token.doc
    s0, e0 = _span(head)
    left, right = token.i, token.right_edge.i + 1
    pieces = [p for p in (_trim(doc, s0, left), _trim(doc, right, e0)) if p[1] - p[0] >= 2]
    if not pieces:
        return None
    if kind == "poll":
        if pobj.tag_ == "NNS" and not any(c.dep_ == "compound" for c in pobj.children):
            return None  # "leads in the polls", "in national polls": a standing, not a poll's finding
        return pobj, pieces
    if kind == "opinion":  # "In their view, ...", "in the eyes of X": whose view it is
        owner = next((c for c in pobj.children if c.dep_ == "poss"), None)
        if owner is None:
            of = next((c for c in pobj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            owner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        return (owner, pieces) if owner is not None else None
    subject = speaker_of(head)
    return (subject if subject is not None and subject.pos_ in ("PROPN", "NOUN", "PRON") else None,
            pieces)


def according_to(token: Token) -> tuple[Token, list[tuple[int, int]]] | None:
    """For the ``according`` of "according to X", the source X and the content:
    the clause the phrase modifies, without the phrase."""
    if token.lower_ != "according":
        return None
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None:
        return None
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        return None
    head = token.head
    if head == token or not same_paragraph(token, head):
        return None
    s0, e0 = _span(head)
    inner = (token.left_edge.i, token.right_edge.i + 1)
    doc = token.doc
    pieces = [p for p in (_trim(doc, s0, inner[0]), _trim(doc, inner[1], e0)) if p[1] > p[0]]
    return source, pieces


def noun_speaker(token: Token) -> Token | None:
    """Who a cue noun's words are from: its possessor ("Trump's claim"), its
    ``by``/``from`` object ("a statement from the ministry"), or the subject of
    the verb it is the object of ("he made accusations", "voiced concern")."""
    for c in token.children:
        if c.dep_ == "poss":
            if c.pos_ == "PRON":
                owner = _clause_subject(token, c)
                if owner is not None:
                    return owner  # "He stepped up his attacks on ...": he (PolNeAR)
            return c
    for c in token.rights:
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    head = token.head
    if token.dep_ == "dobj" and head.pos_ == "VERB" and same_paragraph(token, head):
        return speaker_of(head)
    if token.dep_ == "pobj" and head.lower_ in ("in", "with") and head.head.pos_ == "VERB" \
            and same_paragraph(token, head.head) \
            and head.head.lemma_.lower() not in lexicon().receivers:
        # "X said in a statement that ...", "Cruz entered the debate with an argument that
        # ...", not "Starr has dealt with criticism of ...": he received it
        return speaker_of(head.head)
    return None


def _clause_subject(noun: Token, pronoun: Token) -> Token | None:
    """The subject of the verb a noun is the object of ("kept his promise"), or
    of the verb or adjective its preposition hangs from ("have been unsparing
    in their criticism"), when the possessive pronoun agrees with it in number."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
        if head.pos_ == "ADJ" and head.dep_ == "acomp":
            head = head.head
        if pronoun.lower_ not in _PLURAL_POSS:
            return None  # "attacked Clinton over her support": her is not the subject
    elif noun.dep_ != "dobj":
        return None
    if head.pos_ not in ("VERB", "AUX") or not same_paragraph(noun, head):
        return None
    subject = next((c for c in head.children if c.dep_ in _SUBJECTS and c.i < noun.i), None)
    if subject is not None and noun.dep_ == "pobj" and not _plural(subject):
        return None
    return subject


_PLURAL_POSS = frozenset({"their", "our"})


def _plural(tok: Token) -> bool:
    """Whether a subject is plural ("Latino Republicans", "they", "Clinton and Sanders")."""
    return tok.tag_ in ("NNS", "NNPS") or tok.lower_ in ("they", "we") \
        or any(c.dep_ == "conj" for c in tok.children)


_GIVER_PREPS = frozenset({"from", "by", "among"})


def _received(noun: Token, act: str) -> tuple[Token | None, list[tuple[int, int]]] | None:
    """For a cue noun received by the verb's subject (``quotes/receive_verbs.csv``:
    "Cruz won *the endorsement of* Bob Vander Plaats", "the program faces
    *criticism from* environmentalists"): the giver speaks, and what the words
    are about is the subject."""
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in lexicon().receivers \
            or not same_paragraph(noun, verb):
        return None
    # "the endorsement *of* X" names the giver; "a view *of* X", "criticism *of* X"
    # name what the words are about
    preps = _GIVER_PREPS | {"of"} if act == "support" else _GIVER_PREPS
    giver = None
    for c in noun.rights:
        if c.dep_ == "prep" and c.lower_ in preps:
            giver = next((g for g in c.children if g.dep_ == "pobj"), None)
            break
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS and c.i < verb.i), None)
    if giver is None or subject is None or giver.pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    return giver, [_span(subject)]


def noun_cue(token: Token) -> tuple[Token | None, list[tuple[int, int]]] | None:
    """For a cue noun with a that-clause ("Trump's claim that ..."), an object
    ("her criticism of the deal", "his call for talks") or an infinitive
    ("their decision to leave"), its possessor (the speaker, when given) and
    that content."""
    entry = lexicon().nouns.get(token.lemma_.lower())
    if entry is None:
        return None
    received = _received(token, entry.act)
    if received is not None:
        return received
    owner = noun_speaker(token)
    for c in token.rights:
        if not same_paragraph(token, c):
            break
        if c.dep_ in ("acl", "ccomp") and any(
            g.dep_ == "mark" and g.lower_ == "that" for g in c.children
        ):
            return owner, [_span(c)]
        if c.dep_ == "prep" and c.lower_ in entry.preps:
            obj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None and obj.ent_type_ not in _WHEN:
                return owner, [_span(obj)]  # not "a statement on Friday"
        if c.dep_ in ("acl", "relcl") and "to" in entry.preps and any(
            g.dep_ == "aux" and g.lower_ == "to" for g in c.children
        ):
            return owner, [_span(c)]
    return None
