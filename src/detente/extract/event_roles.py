"""Source and target attachment: who acts and who is acted upon, from the parse.

The rules follow the dependency labels of spaCy's English models (ClearNLP
style): subjects (``nsubj``), passive subjects and agents (``nsubjpass``,
``agent`` + ``by``), objects (``dobj``, ``dative``), prepositional targets
("sanctions on X", "talks with X"), control ("X sought to ..."; "X urged Y
to ..."), coordination ("X and Y"), relative clauses ("X, which imposed ...")
and possessives ("X's decision to ...").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from spacy.tokens import Span, Token

from detente.extract.actor_compose import co_actors
from detente.records import Actor

NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM", "X", "ADJ"})
REL_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
PERSONAL = frozenset({"it", "they", "he", "she", "we", "its", "their", "his", "her", "our",
                      "them", "him", "us", "i", "my"})
SUBJECT_CONTROL = frozenset({"promise", "vow", "pledge", "threaten"})
TARGET_PREPS = ("on", "against", "with", "to", "toward", "towards", "from", "for", "into",
                "upon", "between", "over", "in")
CLIMB_DEPS = frozenset({"xcomp", "conj", "advcl", "acomp", "pcomp", "ccomp_free"})
CLAUSE_CUT = frozenset({"relcl", "acl", "cc", "conj", "appos", "punct", "advcl"})


def is_passive(verb: Token) -> bool:
    """True when the verb is in the passive voice (has a passive subject or aux)."""
    return any(c.dep_ in ("nsubjpass", "csubjpass", "auxpass") for c in verb.children)


def passive_agent(verb: Token) -> Token | None:
    """The object of the ``by`` phrase of a passive verb, or ``None``."""
    for c in verb.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _child(tok: Token, *deps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def subject_head(verb: Token) -> Token | None:
    """The head of the noun phrase that does what ``verb`` says.

    Active subject; passive agent; the subject (or object, for object
    control: "urged Y to ...") of the verb a non-finite clause depends on;
    the shared subject of coordinated verbs; the noun a relative or
    participial clause modifies; the possessor of a noun frame ("X's
    decision to ...").
    """
    cur = verb
    for _ in range(8):
        if cur == verb and is_passive(cur):
            return passive_agent(cur)
        subj = _child(cur, "nsubj", "csubj")
        if subj is not None:
            if subj.lower_ in REL_PRONOUNS and cur.dep_ == "relcl":
                return cur.head
            return subj
        if cur != verb and is_passive(cur):
            return _child(cur, "nsubjpass")
        dep = cur.dep_
        head = cur.head
        if head == cur:
            return None
        if dep == "relcl":
            return head
        if dep == "acl":
            if head.pos_ in ("NOUN", "PROPN"):
                owner = _child(head, "poss")
                if cur.tag_ == "VBG" or (owner is None and head.pos_ == "PROPN"):
                    return head
                if owner is not None:
                    return owner
                by = _prep_object(head, ("by",))
                if by is not None:
                    return by
                cur = head
                continue
            return None
        if dep == "xcomp":
            obj = _child(head, "dobj")
            if obj is not None and head.lemma_.lower() not in SUBJECT_CONTROL:
                return obj
            if head.pos_ in ("NOUN", "PROPN"):
                owner = _child(head, "poss")
                if owner is not None:
                    return owner
            cur = head
            continue
        if dep in ("conj", "advcl", "acomp", "pcomp", "prep", "pobj", "dobj"):
            if dep in ("dobj", "pobj") and cur.pos_ in ("NOUN", "PROPN"):
                owner = _child(cur, "poss")
                if owner is not None:
                    return owner
            cur = head
            continue
        return None
    return None


def _prep_object(tok: Token, preps: Iterable[str]) -> Token | None:
    wanted = set(preps)
    for c in tok.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in wanted:
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def prep_objects(tok: Token, preps: Sequence[str] = TARGET_PREPS) -> list[Token]:
    """Objects of the prepositional phrases of ``tok`` headed by ``preps``, in ``preps`` order."""
    found: list[tuple[int, Token]] = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            for g in c.children:
                if g.dep_ == "pobj":
                    found.append((preps.index(c.lower_), g))
    return [g for _, g in sorted(found, key=lambda t: (t[0], t[1].i))]


def direct_object(verb: Token) -> Token | None:
    """The patient: direct object (active) or passive subject."""
    if is_passive(verb):
        return _child(verb, "nsubjpass")
    return _child(verb, "dobj")


def np_span(head: Token) -> Span:
    """The noun phrase of ``head``, without its coordinated and clausal parts."""
    start = head.left_edge.i
    end = head.right_edge.i + 1
    for c in head.children:
        if c.i > head.i and c.dep_ in CLAUSE_CUT:
            end = min(end, c.left_edge.i)
        elif c.i < head.i and c.dep_ in ("relcl", "acl", "advcl"):
            start = max(start, c.right_edge.i + 1)
    if end <= start:
        end = head.i + 1
        start = min(start, head.i)
    return head.doc[start:end]


def coordinated(head: Token) -> list[Token]:
    """``head`` and the nominal heads coordinated with it ("X and Y").

    A list parsed as an apposition ("Mordor, (the Shire), Fornost and Bree":
    the appositive has conjuncts of its own) is a coordination too.
    """
    out = [head]
    listed = [c for c in head.children
              if c.dep_ == "appos" and any(g.dep_ == "conj" for g in c.children)]
    for c in [*head.conjuncts, *listed, *(g for a in listed for g in a.conjuncts)]:
        if c.pos_ in NOMINAL and c not in out:
            out.append(c)
    return sorted(out, key=lambda t: t.i)


def _mentions_in(span: Span, mentions: Sequence[Actor]) -> list[Actor]:
    s, e = span.start_char, span.end_char
    return [m for m in mentions if m.start >= s and m.end <= e and m.country]


def _fallback(span: Span, head: Token, mentions: Sequence[Actor]) -> Actor | None:
    inside = _mentions_in(span, mentions)
    if not inside:
        return None
    for m in inside:
        if m.start <= head.idx < m.end:
            return m
    near = {c.idx for c in head.children if c.dep_ in ("compound", "amod", "poss", "nmod")}
    for m in inside:
        if any(m.start <= i < m.end for i in near):
            return m
    # "Vietnamese-led forces": one country among the words before the head
    pre = {m.country for m in inside if m.end <= head.idx}
    if len(pre) == 1:
        return next(m for m in inside if m.end <= head.idx)
    of = _prep_object(head, ("of",))
    if of is not None:
        lo, hi = of.left_edge.idx, of.right_edge.idx + len(of.right_edge.text)
        for m in inside:
            if lo <= m.start and m.end <= hi:
                return m
    # "workers affiliated with the Serbian Workers' Union": a participle's object
    for c in head.children:
        if c.dep_ == "acl" and c.i > head.i:
            lo, hi = c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)
            for m in mentions:
                if m.country and lo <= m.start and m.end <= hi:
                    return m
    return None


def actors_of(
    head: Token | None,
    when: date | None,
    mentions: Sequence[Actor],
    resolver: Any,
) -> list[Actor]:
    """The actors a noun phrase names: one per coordinated part.

    "Senior Hungarian and Romanian officials" gives two actors; "the U.S.
    and Canada" gives two; "the Trudeau government" one.
    """
    if head is None:
        return []
    out: list[Actor] = []
    for h in coordinated(head):
        span = np_span(h)
        actor = resolver.resolve_span(span, when, list(mentions)) if resolver else None
        if actor is None or not actor.country:
            actor = _fallback(span, h, mentions)
        if actor is None:
            pronoun = h if h.pos_ == "PRON" else next(
                (c for c in h.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
            ante = antecedent(pronoun) if pronoun is not None else None
            if ante is not None and ante is not h:
                out.extend(a for a in actors_of(ante, when, mentions, resolver) if a not in out)
            continue
        inner = _mentions_in(span, mentions)
        countries = {m.country for m in inner}
        if len(countries) > 1 and _coordinated_mentions(span, inner):
            for m in inner:
                extra = Actor(m.text, m.start, m.end, m.country, actor.sector or m.sector,
                              m.name, m.rule)
                if all(a.country != extra.country for a in out):
                    out.append(extra)
            continue
        for one in co_actors(actor):
            if all((a.country, a.start) != (one.country, one.start) for a in out):
                out.append(one)
    return out


def antecedent(pronoun: Token) -> Token | None:
    """What a personal pronoun most likely stands for: the subject of the clause that reports it.

    "Iraq said (it) would allow ...", "Bosnian Serbs said (their) forces had
    completed ...": the nearest enclosing clause with a non-pronoun subject.
    """
    if pronoun.lower_ not in PERSONAL:
        return None
    cur = pronoun
    for _ in range(10):
        head = cur.head
        if head == cur:
            return None
        if cur.dep_ in ("ccomp", "advcl", "conj", "xcomp", "parataxis") and head.pos_ in (
            "VERB", "AUX", "ADJ"
        ):
            subj = subject_head(head)
            if subj is not None and subj.pos_ != "PRON":
                return subj
        cur = head
    return None


def _coordinated_mentions(span: Span, inner: Sequence[Actor]) -> bool:
    """True when two mentions inside one phrase are joined by a conjunction."""
    doc = span.doc
    heads = []
    for m in inner:
        toks = [t for t in span if m.start <= t.idx < m.end]
        if toks:
            heads.append(max(toks, key=lambda t: t.i))
    for a in heads:
        for b in heads:
            if a != b and (b in a.conjuncts or any(c.dep_ == "cc" for c in doc[a.i:b.i])):
                return True
    return False
