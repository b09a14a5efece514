"""Frames: words that govern an event without being one.

"X threatened to (reimpose sanctions)", "X is seeking to (reestablish
relations)", "X still refuses to (recognize Y)", "X's decision to (expel Y's
diplomats)", "X called for (talks)". The frame decides the event's code (CAMEO
codes intent, appeals, demands, rejections and threats as mirrors of the acts
they announce: ``events/derived-codes.csv``) and may give it a status
(``events/frames.csv``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from detente.data import load_table
from detente.errors import DataFileError
from detente.extract.event_ontology import frame_kinds

FRAME_POS = ("VERB", "NOUN", "ADJ")


@dataclass(frozen=True)
class FrameRule:
    """One row of ``frames.csv``.

    Attributes:
        lemma: the frame word.
        pos: VERB, NOUN or ADJ.
        kind: the frame kind (a kind of ``derived-codes.csv``).
        links: how the governed event hangs from it (xcomp, obj, ccomp, prep:X).
        status: the status it gives the event, or empty.
        reciprocal: coordinated actors of the frame act on each other.
    """

    lemma: str
    pos: str
    kind: str
    links: frozenset[str]
    status: str = ""
    reciprocal: bool = False


@dataclass(frozen=True)
class Frame:
    """A frame found above an event: the word and its rule."""

    token: Token
    rule: FrameRule


@lru_cache(maxsize=1)
def load_frames() -> dict[tuple[str, str], tuple[FrameRule, ...]]:
    """Load ``events/frames.csv``: (lemma, pos) -> rules."""
    kinds = frame_kinds()
    table: dict[tuple[str, str], list[FrameRule]] = {}
    for row in load_table("events/frames.csv").rows:
        if row["kind"] not in kinds:
            raise DataFileError(f"events/frames.csv: unknown kind {row['kind']!r}")
        if row["pos"] not in FRAME_POS:
            raise DataFileError(f"events/frames.csv: unknown pos {row['pos']!r}")
        rule = FrameRule(row["lemma"], row["pos"], row["kind"],
                         frozenset(row["link"].split("|")), row.get("status", ""),
                         row.get("reciprocal", "") == "yes")
        table.setdefault((rule.lemma, rule.pos), []).append(rule)
    return {k: tuple(v) for k, v in table.items()}


def _pos(tok: Token) -> str:
    if tok.pos_ in ("VERB", "AUX"):
        return "VERB"
    if tok.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    return tok.pos_


def link_of(tok: Token) -> tuple[str, Token] | None:
    """How ``tok`` hangs from the word above it, and that word.

    ``xcomp`` covers to-infinitives and gerund complements of verbs and
    adjectives and infinitive modifiers of nouns (``acl``); ``obj`` a direct
    object; ``ccomp`` a that-clause; ``prep:X`` the object (or gerund) of a
    preposition X.
    """
    dep = tok.dep_
    head = tok.head
    if head == tok:
        return None
    if dep in ("xcomp",) or (dep == "acl" and head.pos_ in ("NOUN", "PROPN")):
        return "xcomp", head
    if dep == "dobj":
        return "obj", head
    if dep == "ccomp":
        return "ccomp", head
    if dep in ("pobj", "pcomp") and head.dep_ in ("prep", "prt", "agent"):
        grand = head.head
        if grand == head:
            return None
        return f"prep:{head.lower_}", grand
    return None


def frame_chain(tok: Token, frames: dict[tuple[str, str], tuple[FrameRule, ...]]) -> list[Frame]:
    """The frames above an event word, innermost first.

    Coordinated events share their first conjunct's frames ("threatened to
    impose sanctions and expel diplomats").
    """
    chain: list[Frame] = []
    cur = tok
    for _ in range(6):
        while cur.dep_ == "conj" and cur.head != cur:
            cur = cur.head
        linked = link_of(cur)
        if linked is None:
            break
        link, head = linked
        rules = frames.get((head.lemma_.lower(), _pos(head)), ())
        if not rules and _pos(head) == "ADJ":
            rules = frames.get((head.lower_, "ADJ"), ())
        rule = next((r for r in rules if link in r.links), None)
        if rule is None:
            # phrasal frames: "call on X to", "rule out"
            rule = next((r for r in rules if any(li.startswith("prep:") and li[5:] in
                                                    {c.lower_ for c in head.children}
                                                    for li in r.links) and link == "xcomp"), None)
        if rule is None:
            break
        chain.append(Frame(head, rule))
        cur = head
    return chain
