"""Where an event happened, as a stand-in for a participant the text leaves unnamed.

The PLOVER gold standard codes an event's place as the country of the
participant that the sentence does not name: "an anti-Syria journalist has
been killed in ... Beirut" is LBN -> SYR (no stated attacker: the place's
country), "Young Algerians blocked roads in Algiers" is DZA -> DZA (no stated
recipient). The place is a country, capital or known place named in a
locative phrase (``data/events/locatives.csv``: "in", "outside", "near" ...)
under the event word, or under the clauses and phrases it heads.

The module also decides which of a sentence's events are separate
happenings: one-sided duplicates of a coded dyad are dropped
(:func:`drop_one_sided`), and so are acts embedded in another act's phrase
(:func:`embedded`) or set in a background time clause (:func:`aside_clause`);
a conditional threat names its recipient (:func:`condition_subjects`), and a
domestic act with no recipient takes the source's home country
(:func:`home_target`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from spacy.tokens import Span, Token

from detente.data import load_table
from detente.extract.event_args import Core, fallback_zone
from detente.records import Actor, Event

#: Dependency relations followed down from the event word to find its place.
_FOLLOW = frozenset({"prep", "pobj", "pcomp", "advcl", "xcomp", "conj", "npadvmod", "acl"})
#: Codes of bodies that are no state: they have no home country.
NON_STATE = frozenset({"IGO", "NGO", "IMG", "MNC", "ISM", "UNO", "EUR"})
#: Kinds of actor entry that name a place (see ``actor_data.Entry.kind``).
_PLACE_KINDS = ("country:", "capital:", "place:")


@lru_cache(maxsize=4)
def locatives(kind: str = "place") -> frozenset[str]:
    """The words of one kind in ``data/events/locatives.csv``.

    ``place``: prepositions whose object places an event; ``condition`` and
    ``aside``: markers of a conditional or a time clause.
    """
    return frozenset(r["word"] for r in load_table("events/locatives.csv").rows
                     if r["kind"] == kind)


def aside_clause(tok: Token) -> bool:
    """Whether ``tok`` heads a time clause set against the event above it.

    "(Italy announced a suspension of air links) one day after a Serbian jet
    shot down a helicopter": the clause is background to the event it modifies.
    """
    return tok.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in locatives("aside") for c in tok.children
    )


def _is_place(actor: Actor) -> bool:
    return bool(actor.country) and any(k in actor.rule for k in _PLACE_KINDS)


def _phrase(prep: Token, words: frozenset[str]) -> list[Token]:
    """The words of a locative phrase, without its clauses and its other phrases.

    "in peace talks with Syria" keeps "peace talks"; "in the city of Basra"
    keeps all.
    """
    out: list[Token] = []
    stack = [prep]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for child in tok.children:
            if child.dep_ in ("relcl", "acl", "advcl", "ccomp"):
                continue
            if child.dep_ == "prep" and child.lower_ not in words and child.lower_ != "of":
                continue
            stack.append(child)
    return out


def event_place(trigger: Token, mentions: list[Actor], exclude: Iterable[Actor] = ()) -> Actor | None:
    """The place of the event expressed by ``trigger``, as an actor of its country.

    Looks for a locative phrase ("in Beirut", "outside of the city of Basra")
    among the trigger's prepositional phrases and those of the clauses and
    phrases below it (nested phrases included: "in a sector of Beirut"), in
    sentence order, and returns the first place named there, or ``None``.
    Mentions in ``exclude`` (the event's own actors) are not places.
    """
    taken = {(a.start, a.end) for a in exclude}
    words = locatives()
    away = locatives("condition") | locatives("aside")
    stack = [trigger]
    seen = {trigger.i}
    found: list[tuple[int, Actor]] = []
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.i in seen or child.dep_ not in _FOLLOW:
                continue
            seen.add(child.i)
            if child.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in away for m in child.children
            ):
                continue  # "if war starts in Iraq": not where the event happens
            if child.dep_ == "prep" and child.lower_ in words:
                starts = {t.idx for t in _phrase(child, words)}
                for a in mentions:
                    if a.start in starts and _is_place(a) and (a.start, a.end) not in taken:
                        found.append((a.start, a))
            stack.append(child)
    if not found:
        return None
    _, place = min(found, key=lambda f: f[0])
    return Actor(place.text, place.start, place.end, place.country, None, place.name,
                 place.rule + " + place of the event")


def drop_one_sided(events: list[Event]) -> list[Event]:
    """Events of one sentence without the recipient-less duplicates of coded dyads.

    An event with no target is dropped when the same sentence has an event
    of the same source country and type (PLOVER type, else CAMEO root) with
    a target: both report one happening, which the dyad codes in full.
    """
    def kind(e: Event) -> str:
        return e.plover_event or e.cameo[:2]

    full = {(e.source.country if e.source else None, kind(e))
            for e in events if e.target is not None}
    return [e for e in events
            if e.target is not None
            or (e.source.country if e.source else None, kind(e)) not in full]


def condition_subjects(tokens: Iterable[Token]) -> list[Token]:
    """Subjects of the conditional clauses under ``tokens`` ("... if (the United States) goes ahead").

    The party a threat is made conditional on is its recipient (CAMEO 13:
    "threatened to stop negotiations if the United States goes ahead" is a
    threat to the United States).
    """
    words = locatives("condition")
    return [s for tok in tokens for c in tok.children
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in words
                                         for m in c.children)
            for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]


def home_target(core: Core, sent: Span, sources: list[Actor],
                 mentions: list[Actor]) -> list[Actor]:
    """The recipient of a domestic act that names none: the source's own country.

    PLOVER's gold standard codes protests, coercion and concessions with no
    stated recipient as acts within the source's country ("students
    throughout Indonesia staged demonstrations": IDN -> IDN; "police
    dispersed demonstrators": the demonstrators, of the police's country).
    Only when the sentence names no other country and the source is a state.
    """
    home = {s.country for s in sources}
    if len(home) != 1:
        return []
    country = next(iter(home))
    if not country or country in NON_STATE:
        return []
    inside = [a for a in mentions if sent.start_char <= a.start < sent.end_char]
    if any(a.country and a.country != country for a in inside):
        return []
    zone = {t.idx for t in fallback_zone(core)}
    taken = {(s.start, s.end) for s in sources}
    for a in inside:
        if a.start in zone and a.sector and (a.start, a.end) not in taken:
            # "disperse (demonstrators)": an actor of no stated country
            return [Actor(a.text, a.start, a.end, country, a.sector, a.name,
                          a.rule + " + home country of the source")]
    named = [a for a in inside if a.country == country and (a.start, a.end) not in taken]
    if named:
        a = named[-1]
        return [Actor(a.text, a.start, a.end, country, a.sector, a.name,
                      a.rule + " + home country of the source")]
    tok = core.match.trigger  # implied by the act itself
    return [Actor(tok.text, tok.idx, tok.idx + len(tok.text), country, None, None,
                  "home country of the source")]


def embedded(trigger: Token, heads: set[int]) -> bool:
    """Whether an event word lies inside the phrase of another coded event.

    "agreed that their countries should cooperate", "demanded that the US
    cancel plans to sell weapons": the inner act is the content of the
    event above it, not a second happening. ``heads`` are the trigger and
    frame words of the sentence's coded events; coordination ("condemned
    the attack and promised aid") and a relative clause on a name ("Canada,
    which imposed sanctions") are not embedding.
    """
    tok = trigger
    while tok.head.i != tok.i:
        if tok.dep_ == "conj":
            return False
        if tok.dep_ == "relcl" and (tok.head.pos_ == "PROPN" or tok.head.ent_type_):
            return False  # "Canada, which imposed sanctions": a fact about a named actor
        tok = tok.head
        if tok.i in heads:
            return True
    return False
