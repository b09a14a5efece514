"""Speakers: from the words that name them to a full name and an affiliation.

Name resolution is local to the article, the way a reader does it: a surname
or a shorter form ("Bodine", "Páez Victor", "Mr. Trump") takes the full name
that ends with it; a pronoun takes the nearest person before it who is a
subject or a speaker and agrees in gender; a definite role ("the
spokesperson") takes the person described by that role earlier. Gender comes
from honorifics and gendered titles (``quotes/titles.csv``) and from the
pronoun that a named person's next sentence opens with.

Affiliation goes through the actor layer: the noun phrase that introduces the
person (with its apposition: "Genevieve Tremblay, a spokesperson for Global
Affairs Canada") is resolved with ``ActorResolver.resolve_span``; failing
that, the full name is looked up.
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np
from spacy.attrs import DEP, POS
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token

from detente.data import load_table
from detente.records import Actor

log = logging.getLogger(__name__)

_NAME_DEPS = frozenset({"compound", "flat"})
_PLACES = frozenset({"GPE", "LOC", "NORP", "FAC"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
# how far back (in tokens) a pronoun looks for its person
PRONOUN_REACH = 400


@dataclass(frozen=True)
class Pronoun:
    """A row of ``quotes/pronouns.csv``."""

    gender: str
    number: str
    person: int


@lru_cache(maxsize=1)
def pronouns() -> dict[str, Pronoun]:
    """Pronouns by lower-case form."""
    return {
        r["pronoun"]: Pronoun(r["gender"], r["number"], int(r["person"]))
        for r in load_table("quotes/pronouns.csv").rows
    }


@lru_cache(maxsize=1)
def titles() -> dict[str, str]:
    """Titles and honorifics (lower case, no period) with their gender ("" if any)."""
    return {r["word"]: r["gender"] for r in load_table("quotes/titles.csv").rows}


def _title_key(token: Token) -> str:
    return token.lower_.rstrip(".")


@dataclass
class Person:
    """A person named in the article.

    Attributes:
        name: the fullest name given.
        tokens: the name's words.
        first: token index of the first mention.
        gender: ``female``, ``male`` or ``""``.
        mentions: head token indices of every mention.
    """

    name: str
    tokens: tuple[str, ...]
    first: int
    gender: str = ""
    mentions: list[int] = field(default_factory=list)
    actor: Actor | None = None
    actor_done: bool = False


def name_chain(head: Token) -> tuple[int, int]:
    """Token range of the proper-name chain around ``head`` (compounds and flats)."""
    start = end = head.i
    for child in head.lefts:
        if child.dep_ in _NAME_DEPS and child.pos_ == "PROPN":
            start = min(start, child.left_edge.i)
    for child in head.rights:
        if child.dep_ in _NAME_DEPS and child.pos_ == "PROPN":
            end = max(end, child.right_edge.i)
    return start, end + 1


def clean_name(doc: Doc, start: int, end: int) -> tuple[tuple[str, ...], str]:
    """The words of a name without leading titles and a trailing possessive,
    and the gender its titles give ("Foreign Affairs Minister Mélanie Joly" →
    ("Mélanie", "Joly"); "Ms. Warren" → ("Warren",), female)."""
    table = titles()
    gender = ""
    words = [doc[i] for i in range(start, end) if not doc[i].is_space]
    while words and (words[-1].text in _POSSESSIVE or words[-1].is_punct):
        words.pop()
    last_title = -1
    for k, tok in enumerate(words[:-1]):
        key = _title_key(tok)
        if key in table:
            last_title = k
            gender = gender or table[key]
    words = words[last_title + 1:]
    return tuple(w.text for w in words), gender


def _name_heads(doc: Doc) -> list[int]:
    """Indices of the proper nouns that head a name (a vectorised scan)."""
    if len(doc) == 0 or not doc.has_annotation("DEP"):
        return []
    arr = doc.to_array([POS, DEP]).astype(np.uint64)
    deps = np.array([doc.vocab.strings.add(d) for d in _NAME_DEPS], dtype=np.uint64)
    mask = (arr[:, 0] == PROPN) & ~np.isin(arr[:, 1], deps)
    return [int(i) for i in np.flatnonzero(mask)]


class SpeakerResolver:
    """Resolves speakers within one article (names, pronouns, roles, affiliation)."""

    def __init__(
        self,
        doc: Doc,
        *,
        published: date | None,
        actors: list[Actor],
        resolver: Any,
        speakers: list[Token] = (),  # type: ignore[assignment]
    ) -> None:
        self.doc = doc
        self.published = published
        self.actors = actors
        self.resolver = resolver
        self.people: list[Person] = []
        self.mention_at: dict[int, Person] = {}
        self.subjects: list[tuple[int, Person]] = []
        self.roles: list[tuple[int, str, Person]] = []
        heads = [doc[i] for i in _name_heads(doc)]
        named = [ent.root for ent in doc.ents if ent.label_ == "PERSON"]
        named += [h for h in speakers if h.pos_ == "PROPN" and h.ent_type_ not in _PLACES]
        sized = []
        for head in named:
            words = clean_name(doc, *name_chain(head))[0]
            if head.ent_type_ == "PERSON" or len(words) >= 2:
                sized.append((-len(words), head.i, head))
        for _, _, head in sorted(sized, key=lambda x: (x[0], x[1])):
            self.add_name(head)
        known = {word for person in self.people for word in person.tokens}
        for head in heads:
            if head.i in self.mention_at or head.text not in known:
                continue
            found = self._find(clean_name(doc, *name_chain(head))[0], head.i)
            if found is not None and (head.ent_type_ not in _PLACES or len(found.tokens) > 1):
                self.add_name(head)
        for head in speakers:
            person = self.mention_at.get(head.i)
            if person is not None and head.dep_ not in ("nsubj", "nsubjpass", "poss"):
                self.subjects.append((head.i, person))
        self.subjects.sort(key=lambda x: x[0])

    def _find(self, words: tuple[str, ...], at: int) -> Person | None:
        """The person whose full name ends with ``words`` (nearest before ``at``)."""
        n = len(words)
        best: Person | None = None
        for person in self.people:
            ends_with = len(person.tokens) >= n and person.tokens[-n:] == words
            inside = n == 1 and len(person.tokens) > 1 and words[0] in person.tokens[1:]
            if not (ends_with or inside):
                continue
            if best is None or (
                person.first <= at and (best.first > at or person.first > best.first)
            ):
                best = person
        return best

    def add_name(self, head: Token) -> Person | None:
        """Register the name around ``head`` and return its person."""
        if head.i in self.mention_at:
            return self.mention_at[head.i]
        start, end = name_chain(head)
        words, gender = clean_name(self.doc, start, end)
        if not words:
            return None
        person = self._find(words, head.i)
        if person is None:
            person = Person(" ".join(words), words, head.i)
            self.people.append(person)
        elif len(words) > len(person.tokens) and words[-len(person.tokens):] == person.tokens:
            person.name, person.tokens = " ".join(words), words
        if gender and not person.gender:
            person.gender = gender
        person.first = min(person.first, head.i)
        person.mentions.append(head.i)
        self.mention_at[head.i] = person
        if head.dep_ in ("nsubj", "nsubjpass") or head.dep_ == "poss":
            self.subjects.append((head.i, person))
        for child in head.children:
            if child.dep_ == "appos":
                self._note_role(child, person)
        if start < head.i:
            # "Foreign Affairs Minister Mélanie Joly": the title is a role too
            for i in range(start, head.i):
                key = _title_key(self.doc[i])
                if key in titles():
                    self.roles.append((head.i, self.doc[i].lemma_.lower(), person))
                    person.gender = person.gender or titles()[key]
        self._gender_from_next_sentence(head, person)
        return person

    def _note_role(self, appos: Token, person: Person) -> None:
        lemma = appos.lemma_.lower()
        self.roles.append((appos.i, lemma, person))
        gender = titles().get(lemma, "")
        if gender and not person.gender:
            person.gender = gender

    def _gender_from_next_sentence(self, head: Token, person: Person) -> None:
        if person.gender:
            return
        sent = head.sent
        if sent.end >= len(self.doc):
            return
        nxt = self.doc[sent.end:]
        for tok in nxt[:3]:
            if tok.is_space or tok.is_punct:
                continue
            entry = pronouns().get(tok.lower_)
            if entry and entry.person == 3 and entry.gender and tok.dep_ == "nsubj":
                person.gender = entry.gender
            break

    def _pronoun(self, tok: Token, entry: Pronoun) -> Person | None:
        if entry.person != 3 or entry.number != "singular" or not entry.gender:
            return None
        floor = tok.i - PRONOUN_REACH
        best: Person | None = None
        for at, person in reversed(self.subjects):
            if at >= tok.i:
                continue
            if at < floor:
                break
            if person.gender and person.gender != entry.gender:
                continue
            best = person
            break
        if best is None:
            for person in sorted(self.people, key=lambda p: -max(
                    [m for m in p.mentions if m < tok.i], default=-1)):
                if any(m < tok.i for m in person.mentions) and person.gender in ("", entry.gender):
                    best = person
                    break
        if best is not None and not best.gender:
            best.gender = entry.gender
        return best

    def _role(self, tok: Token) -> Person | None:
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
            return None
        lemma = tok.lemma_.lower()
        for at, role, person in reversed(self.roles):
            if at < tok.i and role == lemma:
                return person
        return None

    def resolve(self, head: Token) -> tuple[str | None, Person | None]:
        """The full name (or organisation name) of the speaker headed by ``head``.

        Returns:
            The name, and the person when the speaker is a person.
        """
        if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl" and head.head.head != head:
            return self.resolve(head.head.head)  # "Carl Icahn, who said": the antecedent
        lower = head.lower_
        entry = pronouns().get(lower)
        if head.pos_ == "PRON" or entry is not None:
            if entry is None:
                return None, None
            person = self._pronoun(head, entry)
            if person is not None:
                bisect.insort(self.subjects, (head.i, person), key=lambda x: x[0])
            return (person.name if person else None), person
        if head.pos_ == "PROPN":
            words = clean_name(self.doc, *name_chain(head))[0]
            if head.i in self.mention_at or (head.ent_type_ not in _PLACES and (
                head.ent_type_ in ("PERSON", "") or len(words) >= 2 or self._find(words, head.i)
            )):
                person = self.add_name(head)
                if person is not None:
                    return person.name, person
            start, end = name_chain(head)
            return " ".join(clean_name(self.doc, start, end)[0]) or None, None
        person = self._role(head)
        if person is not None:
            bisect.insort(self.subjects, (head.i, person), key=lambda x: x[0])
            return person.name, person
        return None, None

    def affiliation(self, head: Token, person: Person | None) -> Actor | None:
        """The speaker's actor: from the phrase that introduces them, through the
        actor layer's ``resolve_span`` (or ``lookup`` of the full name)."""
        if person is not None:
            if not person.actor_done:
                person.actor_done = True
                person.actor = self._person_actor(person)
            if person.actor is not None:
                return person.actor
        return self._span_actor(head)

    def _phrase(self, head: Token) -> Span:
        sent = head.sent
        start = max(head.left_edge.i, sent.start)
        end = min(head.right_edge.i + 1, sent.end)
        return self.doc[start:end]

    def _span_actor(self, head: Token) -> Actor | None:
        if head.pos_ == "PRON":
            return None
        span = self._phrase(head)
        for actor in self.actors:
            if actor.start <= head.idx < actor.end:
                return actor
        try:
            return self.resolver.resolve_span(span, self.published, self.actors)
        except Exception:  # the actor layer must never break quote extraction
            log.exception("actor resolution failed for %r", span.text)
            return None

    def _person_actor(self, person: Person) -> Actor | None:
        for at in person.mentions:
            head = self.doc[at]
            if head.pos_ == "PRON":
                continue
            actor = self._span_actor(head)
            if actor is not None:
                return actor
        try:
            return self.resolver.lookup(person.name, self.published)
        except Exception:  # the actor layer must never break quote extraction
            log.exception("actor lookup failed for %r", person.name)
            return None
