"""Which words name an event's source and target: ordered candidates from the parse.

The event coder tries the candidates in order and keeps the first that the
actor resolver turns into actors, so that "X offered troops to (a force in
Liberia)" falls through an object that names no actor ("troops") to the
prepositional target, and "Quatar's emir, Sheikh Hamad, launched ..." falls
through an unknown name to its apposition.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from detente.extract.event_frames import Frame
from detente.extract.event_match import Match
from detente.extract.event_roles import (
    TARGET_PREPS,
    direct_object,
    prep_objects,
    subject_head,
)

DEMAND_KINDS = frozenset({"appeal", "demand"})
GOVERNING_PREPS = frozenset({"for", "into", "at"})
ARGUMENT_PREPS = frozenset(TARGET_PREPS) | {"in", "at", "of", "by"}


@dataclass(frozen=True)
class Core:
    """An event found in a sentence, before its actors are attached.

    Attributes:
        match: the pattern match at the trigger word.
        chain: the frames above the trigger, innermost first.
        code: the CAMEO code after the frames.
        reverse: the code of the reverse event (CAMEO visit/host pairs), or ``None``.
        statuses: statuses the frames impose.
        demand_by: the reporting verb of a reported obligation ("X said Y must ...").
    """

    match: Match
    chain: tuple[Frame, ...]
    code: str
    reverse: str | None
    statuses: tuple[str, ...]
    demand_by: Token | None = None


def governor(core: Core) -> Token | None:
    """The verb that carries a nominal event ("Washington announced (sanctions relief)")."""
    tok = core.match.trigger
    if tok.pos_ != "NOUN":
        return None
    if core.chain:
        return core.chain[-1].token
    if tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
        return tok.head
    if tok.dep_ == "conj" and tok.head.dep_ == "dobj" and tok.head.head.pos_ == "VERB":
        return tok.head.head
    if tok.dep_ == "pobj" and tok.head.lower_ in GOVERNING_PREPS and tok.head.head.pos_ == "VERB":
        # "negotiators return to Geneva for (talks)"
        return tok.head.head
    return None


def alternatives(tok: Token) -> Iterator[Token]:
    """``tok`` and the words that name the same actor: appositions, and the
    author of a document that "demands"/"says" something."""
    yield tok
    for c in tok.children:
        if c.dep_ == "appos":
            yield c
    if tok.dep_ == "appos":
        yield tok.head
    if tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.pos_ == "VERB" and any(
        c.dep_ in ("acl", "relcl", "ccomp") for c in tok.children
    ):
        # "issued a declaration demanding ...": the issuer
        subj = subject_head(tok.head)
        if subj is not None and subj != tok:
            yield subj


def frame_subject(tok: Token) -> list[Token]:
    """Who utters a frame: the possessor of a frame noun ("X's decision"), else its subject."""
    out: list[Token] = []
    if tok.pos_ in ("NOUN", "PROPN"):
        out.extend(c for c in tok.children if c.dep_ == "poss")
        out.extend(c for c in tok.children
                   if c.dep_ in ("compound", "amod", "nmod") and c.ent_type_ in ("GPE", "NORP", "ORG"))
    head = subject_head(tok)
    if head is not None:
        out.append(head)
    return out


def source_candidates(core: Core) -> list[Token]:
    """Candidate heads of the source, best first."""
    m = core.match
    tok = m.trigger
    if "source" in m.roles:
        return [m.roles["source"]]
    if core.demand_by is not None:
        head = subject_head(core.demand_by)
        return [head] if head is not None else []
    demand = next((f for f in reversed(core.chain) if f.rule.kind in DEMAND_KINDS), None)
    if demand is not None:
        return frame_subject(demand.token)
    if m.pattern.source == "obj":
        obj = direct_object(tok)
        return [obj] if obj is not None else []
    out: list[Token] = []
    if tok.pos_ == "NOUN":
        out.extend(c for c in tok.children if c.dep_ == "poss")
        out.extend(prep_objects(tok, ("by",)))
        out.extend(c for c in tok.children
                   if c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i
                   and c.i not in m.consumed)
        gov = governor(core)
        if gov is not None:
            head = subject_head(gov)
            if head is not None:
                out.append(head)
            elif tok.dep_ != "nsubjpass":
                # "Serb forces were engaged in (ethnic cleansing)"
                out.extend(c for c in gov.children if c.dep_ == "nsubjpass")
        return out
    head = subject_head(tok)
    if head is not None:
        out.append(head)
    if core.chain:
        out.extend(frame_subject(core.chain[-1].token))
    return out


def target_candidates(core: Core) -> list[Token]:
    """Candidate heads of the target, best first (the source is removed later)."""
    m = core.match
    tok = m.trigger
    out: list[Token] = []
    if core.demand_by is not None:
        head = subject_head(tok)
        return [head] if head is not None else []
    for frame in reversed(core.chain):
        if frame.rule.kind in DEMAND_KINDS | {"threat"}:
            out.extend(c for c in frame.token.children
                       if c.dep_ in ("dobj", "dative") and c != tok and c.i not in m.consumed)
            if frame.rule.kind in DEMAND_KINDS:
                inner = next((f.token for f in core.chain if f.token.dep_ == "ccomp"), None)
                clause = inner if inner is not None else tok
                if clause.dep_ == "ccomp" and clause.pos_ == "VERB":
                    subj = subject_head(clause)
                    if subj is not None:
                        out.append(subj)
    for k, frame in enumerate(core.chain):
        if frame.rule.kind == "reject":
            below = core.chain[k - 1].token if k else tok
            if below.pos_ == "NOUN" and below.dep_ == "dobj":
                # "rejected a U.S. request to ...": the target owns what was rejected
                out.append(below)
    if "target" in m.roles:
        out.append(m.roles["target"])
    spec = m.pattern.target
    if spec == "none":
        return out
    if spec == "subj":
        # "X received aid from Y": X is the recipient
        head = subject_head(tok)
        return [*out, head] if head is not None else out
    preps = m.pattern.target_preps or TARGET_PREPS
    consumed = [t for t in tok.sent if t.i in m.consumed]
    if tok.pos_ == "NOUN":
        out.extend(o for o in prep_objects(tok, preps) if o.i not in m.consumed)
        for of in prep_objects(tok, ("of",)):
            out.extend(o for o in prep_objects(of, preps) if o.i not in m.consumed)
        for h in consumed:
            out.extend(o for o in prep_objects(h, preps) if o.i not in m.consumed)
        if spec in ("poss", "auto"):
            out.extend(c for c in tok.children if c.dep_ == "poss")
        gov = governor(core)
        if gov is not None:
            out.extend(o for o in prep_objects(gov, preps) if o.i not in m.consumed)
        return out
    if spec in ("iobj", "auto"):
        out.extend(c for c in tok.children
                   if c.dep_ == "dative" and c.pos_ in ("NOUN", "PROPN", "PRON"))
    if spec in ("obj", "auto"):
        obj = direct_object(tok)
        if obj is not None and (obj.i not in m.consumed or spec == "obj") and obj.pos_ != "PRON":
            out.append(obj)
    for h in [tok, *consumed]:
        out.extend(o for o in prep_objects(h, preps) if o.i not in m.consumed)
    ccomp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    if ccomp is not None:
        # "demanded that (the US) cancel ...": the one the clause is about
        subj = subject_head(ccomp)
        if subj is not None and subj.pos_ != "PRON":
            out.append(subj)
    return out


def fallback_zone(core: Core) -> list[Token]:
    """Where a weak target may be looked for: the object, argument phrases and
    the infinitive the event word governs ("threatened to cut off power to X")."""
    tok = core.match.trigger
    zone: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("dobj", "dative", "attr", "oprd", "xcomp", "nsubjpass") or (
            c.dep_ == "prep" and c.lower_ in ARGUMENT_PREPS
        ):
            zone.extend(c.subtree)
    return zone
