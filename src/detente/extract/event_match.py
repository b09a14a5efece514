"""Matching event patterns against the dependency parse of one word.

A verb pattern's object words are looked for in the verb's object zone (its
objects, complements and particles with their subtrees), its prepositional
phrases among the verb's and the object's PPs, its ``pre`` words on the
subject side. A noun pattern's object words are looked for among the noun's
modifiers and its of-phrase ("sanctions relief", "the imposition of
sanctions").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Token

from detente.extract.event_patterns import Pattern, PatternIndex, PrepSpec, WordGroup
from detente.extract.event_roles import is_passive

OBJ_DEPS = frozenset({"dobj", "dative", "attr", "oprd", "acomp", "prt", "advmod", "npadvmod",
                      "ccomp_obj"})
NOUN_MOD_DEPS = frozenset({"compound", "amod", "nmod", "nummod"})
PARTICLE_DEPS = frozenset({"prt", "prep", "advmod", "agent"})
CLAUSE_DEPS = frozenset({"relcl", "acl", "ccomp", "advcl", "xcomp", "parataxis"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "poss", "det", "quantmod"})
PRE_WINDOW = 12
"""How many words before a verb a loose (PETRARCH) pattern's ``pre`` words are looked for in."""


@dataclass(frozen=True)
class Match:
    """A pattern matched at a trigger word.

    Attributes:
        pattern: the pattern.
        trigger: the trigger word.
        consumed: indices of the words the pattern used besides the trigger
            (object nouns that are part of the event, not its actors).
        roles: ``target``/``source`` -> the object of a PP the pattern names.
    """

    pattern: Pattern
    trigger: Token
    consumed: frozenset[int] = frozenset()
    roles: dict[str, Token] = field(default_factory=dict)


def _word_ok(tok: Token, group: WordGroup) -> bool:
    if tok.lemma_.lower() in group or tok.lower_ in group:
        return True
    for phrase in group:
        # a phrase ("cease fire", "martial law") matches at its last word
        if " " in phrase:
            words = phrase.split()
            if tok.lower_ == words[-1] or tok.lemma_.lower() == words[-1]:
                start = tok.i - len(words) + 1
                if start >= 0 and [t.lower_ for t in tok.doc[start:tok.i]] == words[:-1]:
                    return True
    return False


def _subtree(tok: Token) -> Iterable[Token]:
    """The words of a phrase, without the clauses inside it ("a reminder (that ...)") and
    without its prepositional phrases other than "of" ("a round of (sanctions)", not
    "fire against camps (near the border)"): a pattern names those with ``prep``."""
    yield tok
    for c in tok.children:
        if c.dep_ in CLAUSE_DEPS or (c.dep_ == "prep" and c.lower_ != "of"):
            continue
        yield from _subtree(c)


def object_zone(trigger: Token) -> list[Token]:
    """The words a verb pattern's object words are looked for in."""
    zone: list[Token] = []
    passive = trigger.pos_ != "NOUN" and is_passive(trigger)
    noun = trigger.pos_ == "NOUN"
    for c in trigger.children:
        verb_arg = c.dep_ in OBJ_DEPS or (passive and c.dep_ == "nsubjpass")
        noun_arg = noun and (c.dep_ in NOUN_MOD_DEPS or (c.dep_ == "prep" and c.lower_ == "of"))
        if verb_arg or noun_arg:
            zone.extend(_subtree(c))
    if trigger.pos_ == "VERB" and trigger.dep_ == "acl" and trigger.tag_ == "VBN":
        # "sanctions imposed by X": the participle's noun is its object
        zone.append(trigger.head)
    return zone


@lru_cache(maxsize=4096)
def _phrases(group: WordGroup) -> tuple[str, ...]:
    return tuple(w for w in group if " " in w)


class _Context:
    """What the patterns of one trigger word look at, computed once for all of them."""

    def __init__(self, trigger: Token) -> None:
        self.trigger = trigger
        self._zone: list[Token] | None = None
        self._index: dict[str, list[Token]] | None = None
        self._loose: dict[str, list[Token]] | None = None
        self._pre: set[str] | None = None
        self._pre_text = ""
        self._left: str | None = None
        self._left_words: set[str] = set()
        self._parts: set[str] | None = None

    @property
    def zone(self) -> list[Token]:
        if self._zone is None:
            self._zone = object_zone(self.trigger)
        return self._zone

    def hits(self, group: WordGroup, loose: bool = False) -> list[Token]:
        """Zone words in ``group``, in zone order.

        ``loose`` (converted PETRARCH2 patterns): PETRARCH matches the words
        after the verb along the verb phrase, so the verb's prepositional
        phrases count too ("clash (over the efforts)").
        """
        if self._index is None:
            self._index = _word_index(self.zone)
        found = self._find(group, self._index)
        if found or not loose:
            return found
        if self._loose is None:
            self._loose = _word_index([t for c in self.trigger.children
                                       if c.dep_ == "prep" and c.i > self.trigger.i
                                       for t in _subtree_all(c)])
        return self._find(group, self._loose)

    @staticmethod
    def _find(group: WordGroup, index: dict[str, list[Token]]) -> list[Token]:
        found: dict[int, Token] = {}
        for word in group & index.keys():
            for t in index[word]:
                found[t.i] = t
        for word in _phrases(group):
            for t in index.get(word.split()[-1], ()):
                if _word_ok(t, frozenset({word})):
                    found[t.i] = t
        return sorted(found.values(), key=lambda t: t.i)

    def pre_words(self) -> set[str]:
        if self._pre is None:
            self._pre = set()
            words: list[Token] = []
            for c in self.trigger.children:
                if c.i < self.trigger.i and c.dep_ not in ("punct", "cc"):
                    for t in _subtree(c):
                        self._pre.update((t.lower_, t.lemma_.lower()))
                        words.append(t)
            words.sort(key=lambda t: t.i)
            self._pre_text = " " + " ".join(t.lower_ for t in words) + " "
        return self._pre

    def pre_has(self, group: WordGroup, loose: bool = False) -> bool:
        """Whether a word, or a phrase in order ("did n't"), of ``group`` is on the subject side.

        ``loose`` (converted PETRARCH2 patterns): PETRARCH reads the words
        before the verb in the sentence, so the verbs governing it count too
        ("indicated it would (act)").
        """
        if self.pre_words() & group:
            return True
        text = self._pre_text
        if loose:
            if self._left is None:
                left = _left_words(self.trigger)
                self._left = " " + " ".join(t.lower_ for t in left) + " "
                self._left_words = {w for t in left for w in (t.lower_, t.lemma_.lower())}
            if self._left_words & group:
                return True
            text = self._left
        return any(f" {p} " in text for p in _phrases(group))

    def particles(self) -> set[str]:
        if self._parts is None:
            self._parts = {c.lower_ for c in self.trigger.children if c.dep_ in PARTICLE_DEPS}
        return self._parts


def _left_words(trigger: Token) -> list[Token]:
    """The words before ``trigger`` in its sentence, at most :data:`PRE_WINDOW` of them."""
    doc = trigger.doc
    out: list[Token] = []
    i = trigger.i
    while i > 0 and len(out) < PRE_WINDOW and not doc[i].is_sent_start:
        i -= 1
        out.append(doc[i])
    return out[::-1]


def _word_index(tokens: Iterable[Token]) -> dict[str, list[Token]]:
    index: dict[str, list[Token]] = {}
    for t in tokens:
        for key in {t.lower_, t.lemma_.lower()}:
            index.setdefault(key, []).append(t)
    return index


def _subtree_all(tok: Token) -> Iterable[Token]:
    """A prepositional phrase's words, without the clauses inside it."""
    yield tok
    for c in tok.children:
        if c.dep_ not in CLAUSE_DEPS:
            yield from _subtree_all(c)


def _prep_heads(trigger: Token, zone_heads: Iterable[Token]) -> list[Token]:
    preps = [c for c in trigger.children if c.dep_ in ("prep", "agent", "dative")]
    for h in zone_heads:
        preps.extend(c for c in h.children if c.dep_ == "prep")
    return preps


def _match_prep(spec: PrepSpec, preps: list[Token]) -> tuple[Token, Token | None] | None:
    for p in preps:
        if p.lower_ not in spec.preps and p.lemma_.lower() not in spec.preps:
            continue
        inside = list(p.subtree)
        if all(any(_word_ok(t, g) for t in inside) for g in spec.words):
            pobj = next((g for g in p.children if g.dep_ in ("pobj", "pcomp")), None)
            return p, pobj
    return None


def match_pattern(pattern: Pattern, trigger: Token, ctx: _Context | None = None) -> Match | None:
    """Match one pattern at ``trigger``, or ``None``."""
    ctx = ctx or _Context(trigger)
    if pattern.particle and not pattern.particle <= ctx.particles():
        return None
    if pattern.pre and not all(ctx.pre_has(group, pattern.loose) for group in pattern.pre):
        return None
    consumed: set[int] = set()
    if pattern.obj:
        head_hit = trigger.pos_ == "NOUN" or pattern.loose
        for group in pattern.obj:
            hits = [t for t in ctx.hits(group, pattern.loose) if t.i not in consumed]
            if not hits:
                return None
            hit = next((t for t in hits if t.dep_ not in MODIFIER_DEPS), hits[0])
            head_hit = head_hit or hit.dep_ not in MODIFIER_DEPS
            consumed.add(hit.i)
        if not head_hit:
            # "announced (sanctions) relief": the object words only modify another noun
            return None
    roles: dict[str, Token] = {}
    if pattern.preps:
        zone_heads = [t for t in ctx.zone if t.i in consumed] or [
            c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")
        ]
        preps = _prep_heads(trigger, zone_heads)
        for spec in pattern.preps:
            found = _match_prep(spec, preps)
            if found is None:
                return None
            prep, pobj = found
            preps = [p for p in preps if p != prep]
            for t in prep.subtree:
                if any(_word_ok(t, g) for g in spec.words):
                    consumed.add(t.i)
            if spec.role and pobj is not None:
                roles[spec.role] = pobj
    return Match(pattern, trigger, frozenset(consumed), roles)


def find_match(index: PatternIndex, trigger: Token, pos: str) -> Match | None:
    """The first (most specific) pattern of ``index`` that matches at ``trigger``."""
    patterns = index.lookup(trigger.lemma_.lower(), pos)
    if not patterns:
        return None
    ctx = _Context(trigger)
    for pattern in patterns:
        m = match_pattern(pattern, trigger, ctx)
        if m is not None:
            return m
    return None
