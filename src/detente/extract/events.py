"""The event coder: CAMEO- and PLOVER-coded events from a parsed article.

For each sentence (see ``docs/events.md``):

1. *Cores*: every verb and noun whose lemma triggers a pattern is tried
   against its patterns (``data/events/*.jsonl``, indexed by lemma), most
   specific first; the first match gives the CAMEO code.
2. *Frames*: words above a core that govern it ("threatened to", "refuses
   to", "is seeking to", "called for") derive CAMEO's own intent (03),
   appeal (02), demand (10), rejection (12) and threat (13) codes, and absorb
   their own events.
3. *Actors*: source and target heads from the parse (``event_roles``),
   resolved by the actor resolver; one event per source-target pair,
   reciprocal events in both directions (FORMAT.md conventions).
4. *Time and status*: the nearest time expression up the event's chain of
   heads, else the narrative time of a past-tense story, else the
   publication date (``date_defaulted``); the status from negation, modals,
   conditions and frames (PLOVER auxiliary modes); ``historical`` when the
   event ended more than :data:`HISTORICAL_DAYS` before publication.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from detente.extract.dates import TimeValue, attach, find_time_expressions
from detente.extract.event_args import (
    Core,
    alternatives,
    fallback_zone,
    governor,
    source_candidates,
    target_candidates,
)
from detente.extract.event_frames import frame_chain, load_frames
from detente.extract.event_match import Match, find_match
from detente.extract.event_ontology import code_info, derive_code
from detente.extract.event_patterns import Pattern, PatternIndex, load_patterns
from detente.extract.event_place import (
    aside_clause,
    condition_subjects,
    drop_one_sided,
    embedded,
    event_place,
    home_target,
)
from detente.extract.event_roles import actors_of, np_span, passive_agent
from detente.extract.event_status import Cues, decide, load_cues, under_report
from detente.records import Actor, Event

log = logging.getLogger(__name__)

HISTORICAL_DAYS = 365
"""An event is historical when its period ended more than this many days before publication."""
NARRATIVE_SENTENCES = 2
"""A past-tense sentence with no time expression inherits one from this many sentences back."""
FUTURE_INTENT_ROOTS = frozenset({"04", "05", "06", "07", "08"})
NON_ABSORBING = frozenset({"content"})
THREAT_ROOTS = frozenset({"14", "15", "16", "17", "18", "19", "20"})
DOMESTIC_TYPES = frozenset({"PROTEST", "COERCE", "CONCEDE", "ASSAULT"})
"""PLOVER types whose unstated recipient is the source's own country (``_home_target``)."""
OBJECT_DOMESTIC_TYPES = frozenset({"THREATEN", "REJECT", "ACCUSE", "SANCTION", "MOBILIZE"})
"""The same for acts on a stated thing with no stated owner ("threatened to impose a curfew",
"denied land allocation"); not for a bare threat ("Iran threatened to retaliate")."""
REFUSAL_ROOTS = frozenset({"03", "04", "05", "06", "07", "08"})
OBLIGATION = Pattern(id="reported-obligation", triggers=frozenset({"must"}), pos="VERB",
                     cameo="100", confidence=0.55)


class EventCoder:
    """Codes events with one pattern index (bundled patterns plus user files)."""

    def __init__(self, index: PatternIndex) -> None:
        self.index = index
        self.frames = load_frames()
        self.cues: Cues = load_cues()

    # ------------------------------------------------------------ cores

    def _matches(self, sent: Span) -> list[Match]:
        found: list[Match] = []
        consumed: set[int] = set()
        for tok in sent:
            if tok.pos_ != "VERB" or tok.dep_ in ("amod", "compound"):
                continue
            m = find_match(self.index, tok, "VERB")
            if m is not None:
                consumed |= m.consumed
                if m.pattern.cameo or m.pattern.reverse:
                    found.append(m)
        for tok in sent:
            if tok.pos_ != "NOUN" or tok.i in consumed:
                continue
            m = find_match(self.index, tok, "NOUN")
            if m is not None and (m.pattern.cameo or m.pattern.reverse):
                consumed |= m.consumed
                found.append(m)
        return found

    def _cores(self, sent: Span) -> list[Core]:
        matches = self._matches(sent)
        chains = {m.trigger.i: tuple(frame_chain(m.trigger, self.frames)) for m in matches}
        framing = {f.token.i for chain in chains.values() for f in chain
                   if f.rule.kind not in NON_ABSORBING}
        consumed = {i for m in matches for i in m.consumed}
        cores: list[Core] = []
        for m in matches:
            if m.trigger.i in framing or m.trigger.i in consumed:
                continue
            chain = chains[m.trigger.i]
            if not chain and _incidental(m.trigger):
                continue
            if _background(chain[-1].token if chain else m.trigger):
                continue
            if aside_clause(chain[-1].token if chain else m.trigger) and len(matches) > 1:
                continue
            code = m.pattern.cameo or m.pattern.reverse or ""
            reverse = m.pattern.reverse if m.pattern.cameo else None
            statuses: list[str] = []
            for frame in chain:
                new, status = derive_code(frame.rule.kind, code)
                if new != code:
                    reverse = None
                code = new
                statuses.append(status or "")
                statuses.append(frame.rule.status)
                if not code:
                    break
            if not code:
                continue
            demand_by = None
            report = under_report(m.trigger, self.cues)
            if report is not None and not chain and self.cues.obligation(m.trigger):
                # "X said that Y must (release the prisoners)": a demand by X on Y
                code, _ = derive_code("demand", code)
                reverse = None
                demand_by = report
            cores.append(Core(m, chain, code, reverse, tuple(statuses), demand_by))
        triggers = {c.match.trigger.i for c in cores}
        cores = [c for c in cores if not (
            # "shelled Juba, (killing) 20 people": the participle elaborates the event above it
            c.match.trigger.dep_ == "advcl" and c.match.trigger.tag_ == "VBG"
            and c.match.trigger.head.i in triggers and not c.chain)]
        cores.extend(self._reported_obligations(sent, cores, framing))
        return self._drop_protest_topics(self._drop_statements(cores))

    def _reported_obligations(self, sent: Span, cores: list[Core], framing: set[int]) -> list[Core]:
        """"X said that Y must (do something)": a demand (CAMEO 100) by X on Y."""
        taken = {c.match.trigger.i for c in cores} | framing
        out: list[Core] = []
        for tok in sent:
            if tok.pos_ not in ("VERB", "AUX") or tok.i in taken or not self.cues.obligation(tok):
                continue
            report = under_report(tok, self.cues)
            if report is None or report.i in framing:
                continue
            out.append(Core(Match(OBLIGATION, tok), (), OBLIGATION.cameo or "100", None, (),
                             report))
        return out

    @staticmethod
    def _drop_protest_topics(cores: list[Core]) -> list[Core]:
        """PLOVER 2.0, PROTEST: the demand a protest makes is not coded apart from it."""
        protests = [c.match.trigger for c in cores if c.code[:2] == "14"]
        if not protests:
            return cores
        keep = []
        for c in cores:
            tok = c.match.trigger
            if c.code[:2] in ("02", "10") and any(
                p in tok.ancestors or p.head in tok.ancestors or tok.head == p.head
                for p in protests
            ):
                continue
            keep.append(c)
        return keep

    @staticmethod
    def _drop_statements(cores: list[Core]) -> list[Core]:
        """Drop a bare statement (CAMEO 01x) when what was stated is itself coded."""
        keep: list[Core] = []
        for c in cores:
            if c.code.startswith("01") and not c.chain:
                tok = c.match.trigger
                if any(o is not c and tok in o.match.trigger.ancestors for o in cores):
                    continue
            keep.append(c)
        return keep

    # ------------------------------------------------------------ time

    @staticmethod
    def _past(core: Core, gov: Token | None) -> bool:
        top = core.chain[-1].token if core.chain else (gov or core.match.trigger)
        return top.tag_ == "VBD" or (top.tag_ == "VBN" and not any(
            c.dep_ in ("aux", "auxpass") and c.lower_ in ("has", "have", "'s", "'ve")
            for c in top.children))

    # ------------------------------------------------------------ records

    def extract(
        self,
        doc: Doc,
        *,
        doc_id: str,
        published: date | None,
        actors: list[Actor],
        resolver: Any,
    ) -> list[Event]:
        """The events of one parsed article (see the module docstring)."""
        events: list[Event] = []
        narrative: TimeValue | None = None
        narrative_age = 0
        for sent in doc.sents:
            cores = self._cores(sent)
            exprs = find_time_expressions(sent, published, narrative)
            by_core = [(core, self._events(core, sent, doc_id, published, actors, resolver,
                                           exprs, narrative)) for core in cores]
            words = [{t.i for t in (core.match.trigger, *(f.token for f in core.chain))}
                     for core, _ in by_core]
            heads = {i for n, (_, found) in enumerate(by_core)
                     if any(e.plover_event for e in found) for i in words[n]}
            coded = [e for n, (core, found) in enumerate(by_core)
                     if not embedded(core.match.trigger, heads - words[n]) for e in found]
            events.extend(drop_one_sided(coded))
            absolute = [e for e in exprs if e.absolute]
            if absolute:
                narrative, narrative_age = absolute[-1].value, 0
            else:
                narrative_age += 1
                if narrative_age > NARRATIVE_SENTENCES:
                    narrative = None
        return events

    def _events(
        self,
        core: Core,
        sent: Span,
        doc_id: str,
        published: date | None,
        mentions: list[Actor],
        resolver: Any,
        exprs: list[Any],
        narrative: TimeValue | None,
    ) -> list[Event]:
        m = core.match
        tok = m.trigger
        gov = governor(core)
        chain_tokens = [f.token for f in core.chain]
        if gov is not None and gov not in chain_tokens:
            chain_tokens.append(gov)
        # time
        expr = attach(tok, chain_tokens, exprs)
        inherited = False
        value: TimeValue | None
        if expr is not None:
            value, defaulted = expr.value, False
        elif narrative is not None and self._past(core, gov):
            value, defaulted, inherited = narrative, False, True
        else:
            value, defaulted = None, True
        when = value.start if value is not None else published
        # actors
        sources = self._first_actors(source_candidates(core), when, mentions, resolver, [])
        if not sources:
            sources = self._domestic(source_candidates(core), sent, when, mentions, resolver)
        targets = self._first_actors(target_candidates(core), when, mentions, resolver, sources)
        if not targets and sources:
            targets = self._domestic(target_candidates(core), sent, when, mentions, resolver)
        weak = False
        mutual = m.pattern.reciprocal or any(f.rule.reciprocal for f in core.chain)
        if not targets and m.pattern.target != "none" and not (mutual and len(sources) > 1):
            # a weak target; never for coordinated actors acting on each other
            targets = self._fallback_targets(core, sources, mentions)
            weak = bool(targets)
        if not sources and targets:
            # "a journalist was killed in Beirut": the place stands for the unnamed agent
            place = event_place(tok, mentions, targets)
            sources = [place] if place is not None else []
        if not sources and not targets:
            return []
        if m.pattern.dyad and not (sources and (targets or (mutual and len(sources) > 1))):
            return []
        # status
        status = decide(tok, chain_tokens, core.statuses, self.cues)
        if status == "actual" and value is not None and published is not None \
                and value.start > published:
            status = "future"
        code = core.code
        if _ultimatum(tok, chain_tokens) and not code.startswith("13"):
            # "will withdraw its force from Chad unless ...": a conditional threat (CAMEO 13)
            code, _ = derive_code("threat", code)
        elif status == "future" and code[:2] in FUTURE_INTENT_ROOTS:
            # PLOVER 2.0, AGREE: cooperative acts reported in the future tense are intentions
            code, _ = derive_code("intent", code)
        elif status in ("future", "hypothetical") and code[:2] in THREAT_ROOTS:
            # CAMEO 13: an announced or conditional conflictual act is a threat
            code, _ = derive_code("threat", code)
        elif status == "negated" and code[:2] in REFUSAL_ROOTS and \
                _declared(tok, chain_tokens):
            # "will not accept", "would not meet": a refusal (CAMEO 12), itself actual
            code, _ = derive_code("refuse", code)
            status = "actual"
        if not targets and sources and code.startswith("13"):
            # "threatened to stop talks if the United States goes ahead": a threat to it
            targets = self._first_actors(condition_subjects([tok, *chain_tokens]), when,
                                         mentions, resolver, sources)
        if not targets and sources and m.pattern.target != "none" \
                and (code_info(code).plover_event in DOMESTIC_TYPES
                     or (code_info(code).plover_event in OBJECT_DOMESTIC_TYPES
                         and any(t.dep_ == "dobj" for t in tok.subtree))):
            place = event_place(tok, mentions, sources)
            targets = [place] if place is not None else \
                home_target(core, sent, sources, mentions)
            weak = bool(targets)
        historical = bool(value is not None and published is not None
                          and value.end < published - timedelta(days=HISTORICAL_DAYS))
        if value is None and published is not None:
            value = TimeValue(published, published, "day")
        confidence = m.pattern.confidence + (0.05 if sources and targets else 0.0)
        confidence -= (0.1 if not sources else 0.0) + (0.1 if weak else 0.0)
        confidence -= 0.05 if inherited else 0.0
        confidence -= 0.1 if code.startswith(("01", "02")) else 0.0
        confidence += _salience(chain_tokens[-1] if chain_tokens else tok)
        confidence = round(min(0.99, max(0.05, confidence)), 3)
        span_toks = [tok, *(tok.doc[i] for i in m.consumed), *(f.token for f in core.chain)]
        t_start = min(t.idx for t in span_toks)
        t_end = max(t.idx + len(t.text) for t in span_toks)
        base = dict(doc_id=doc_id, status=status, historical=historical,
                    date=value.iso() if value else None,
                    date_precision=value.precision if value else "unknown",
                    date_defaulted=defaulted, reported=published, confidence=confidence,
                    start=sent.start_char, end=sent.end_char, trigger_start=t_start,
                    trigger_end=t_end, rule=m.pattern.id)
        out: list[Event] = []
        reciprocal = m.pattern.reciprocal
        if core.chain or core.demand_by is not None or code != m.pattern.cameo:
            # an intent, demand or threat is one-sided even when its act would be mutual
            reciprocal = "subjects" if reciprocal or any(f.rule.reciprocal for f in core.chain) \
                else ""
        if weak:
            # a weak target is not reversed into a second event
            reciprocal = "subjects" if reciprocal else ""
        reverse = core.reverse if code == core.code and not weak else None
        for src, tgt, c in _pairs(sources, targets, code, reverse, reciprocal):
            out.append(_event(src, tgt, c, base, m.pattern.plover if c == m.pattern.cameo else ""))
        return out

    @staticmethod
    def _first_actors(heads: list[Token], when: date | None, mentions: list[Actor],
                      resolver: Any, exclude: list[Actor]) -> list[Actor]:
        """The actors of the first candidate head that names any (other than ``exclude``)."""
        seen: set[int] = set()
        for head in heads:
            for cand in alternatives(head):
                if cand.i in seen:
                    continue
                seen.add(cand.i)
                found = [a for a in actors_of(cand, when, mentions, resolver)
                         if not any(_same(a, x) for x in exclude)]
                if found:
                    return found
        return []

    @staticmethod
    def _domestic(heads: list[Token], sent: Span, when: date | None, mentions: list[Actor],
                  resolver: Any) -> list[Actor]:
        """A known kind of actor of no stated country ("Shona rebels", "opposition groups")
        in a sentence that names a single country: that country's (the CAMEO coders'
        convention for domestic actors)."""
        countries = {a.country for a in mentions
                     if a.country and sent.start_char <= a.start < sent.end_char}
        if len(countries) != 1 or not heads or resolver is None:
            return []
        country = next(iter(countries))
        if len(country) != 3 or country in ("IGO", "NGO", "IMG", "MNC", "ISM"):
            return []
        for head in heads[:1]:
            actor = resolver.resolve_span(np_span(head), when, mentions)
            if actor is not None and actor.sector and not actor.country:
                return [Actor(actor.text, actor.start, actor.end, country, actor.sector,
                              actor.name, (actor.rule + " + sole country of the sentence"))]
        return []

    @staticmethod
    def _fallback_targets(core: Core, sources: list[Actor], mentions: list[Actor]) -> list[Actor]:
        """The first actor named in the event's object or argument phrases (a weak target)."""
        zone = fallback_zone(core)
        if not zone:
            return []
        spans = {(t.idx, t.idx + len(t.text)) for t in zone}
        countries = {s.country for s in sources}
        for a in mentions:
            if a.country and a.country not in countries and any(
                s <= a.start < e for s, e in spans
            ):
                return [a]
        return []


def _incidental(tok: Token) -> bool:
    """True for an event word that is not reported as happening.

    A purpose clause ("visited X (to mediate)": PLOVER codes the visit, the
    purpose is an intention at most), and an event noun mentioned in passing
    inside a phrase ("rejected a plan (in peace talks)", "(sanctions) relief").
    """
    if tok.pos_ == "VERB":
        to = any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
        if tok.dep_ == "advcl" and to:
            return True
        return tok.dep_ == "xcomp" and to and any(c.dep_ == "dobj" for c in tok.head.children)
    if tok.dep_ in ("compound", "amod", "poss", "npadvmod", "nmod"):
        return True
    if tok.dep_ == "pobj":
        prep = tok.head
        return not (prep.lower_ in {"for", "into", "at", "to", "on", "of", "with"}
                    and prep.head.pos_ == "VERB")
    return False


def _ultimatum(trigger: Token, chain: list[Token]) -> bool:
    """True when the event is announced on a condition ("... unless Y does Z")."""
    return any(
        c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == "unless" for g in c.children)
        for tok in [trigger, *chain] for c in tok.children
    )


def _salience(tok: Token) -> float:
    """A confidence adjustment: main-clause events are what a sentence reports."""
    depth = 0
    cur = tok
    while cur.head != cur and depth < 8:
        if cur.dep_ not in ("ccomp", "xcomp", "conj", "dobj", "aux"):
            depth += 1
        cur = cur.head
    return 0.05 if depth == 0 else (-0.05 if depth >= 3 else 0.0)


def _background(tok: Token) -> bool:
    """True for a participle that only describes a noun, with no agent named.

    "weapons (seized) last year", "the curfew (imposed) in Sudan": background,
    not a reported event; "sanctions (imposed by the U.S.)" names its agent
    and stays.
    """
    return tok.dep_ == "acl" and tok.tag_ == "VBN" and passive_agent(tok) is None


def _declared(trigger: Token, chain: list[Token]) -> bool:
    """True when a negation is declared for the future ("will not", "would not", "won't")."""
    for tok in [trigger, *chain]:
        aux = {c.lower_ for c in tok.children if c.dep_ == "aux"}
        if aux & {"will", "would", "wo", "shall", "'ll", "'d"} and any(
            c.dep_ == "neg" for c in tok.children
        ):
            return True
    return False


def _is_mention(tok: Token, mentions: list[Actor]) -> bool:
    return any(a.start <= tok.idx < a.end and a.country for a in mentions)


def _same(a: Actor, b: Actor) -> bool:
    return a.start == b.start and a.end == b.end


def _pairs(
    sources: list[Actor],
    targets: list[Actor],
    code: str,
    reverse: str | None,
    reciprocal: str,
) -> list[tuple[Actor | None, Actor | None, str]]:
    """Source-target pairs: one event per pair; reciprocal ones both ways."""
    out: list[tuple[Actor | None, Actor | None, str]] = []
    seen: set[tuple[Any, Any, str]] = set()

    def add(s: Actor | None, t: Actor | None, c: str) -> None:
        key = (s.code if s else None, t.code if t else None, c)
        if key not in seen and not (s and t and s.code == t.code and s.start == t.start):
            seen.add(key)
            out.append((s, t, c))

    if reciprocal and not sources and len(targets) > 1:
        # "talks between X and Y"
        sources, targets = targets, []
    if reciprocal and len(sources) > 1 and not targets:
        for s in sources:
            for t in sources:
                if s is not t and s.country != t.country:
                    add(s, t, code)
        return out
    src_list: list[Actor | None] = list(sources) or [None]
    tgt_list: list[Actor | None] = list(targets) or [None]
    for one in src_list:
        for other in tgt_list:
            add(one, other, code)
            if one is not None and other is not None and (reverse or reciprocal == "both"):
                add(other, one, reverse or code)
    return out


def _event(src: Actor | None, tgt: Actor | None, code: str, base: dict[str, Any],
           plover: str = "") -> Event:
    info = code_info(code)
    kind, _, mode = plover.partition(":")
    return Event(source=src, target=tgt, cameo=code, plover_event=kind or info.plover_event,
                 plover_mode=(mode or None) if kind else info.plover_mode,
                 plover_context=info.plover_context,
                 goldstein=info.goldstein, quad_class=info.quad_class, **base)


@lru_cache(maxsize=8)
def get_coder(extra_patterns: tuple[str, ...] = (), bundled: bool = True) -> EventCoder:
    """The coder for the bundled patterns plus user pattern files (cached).

    Args:
        extra_patterns: paths of pattern files (JSONL, or a PETRARCH verb
            dictionary such as PETRARCH's unit-test ``PETR.Validate.verbs.txt``),
            tried before the bundled ones.
        bundled: use the bundled patterns too.
    """
    return EventCoder(load_patterns(tuple(extra_patterns), bundled))


_OVERRIDE: ContextVar[EventCoder | None] = ContextVar("detente_event_coder", default=None)


@contextmanager
def use_patterns(paths: Sequence[str | Path], bundled: bool = False) -> Iterator[EventCoder]:
    """Code events with other pattern files inside a ``with`` block.

    For evaluations with a test dictionary, e.g. PETRARCH's unit tests and
    their verb dictionary::

        with use_patterns([folder / "PETR.Validate.verbs.txt"]):
            extract_document(doc, doc_id=..., published=..., extra_actors=rows)

    Args:
        paths: pattern files (JSONL, or a PETRARCH verb dictionary).
        bundled: also use the bundled patterns (after the given ones).
    """
    coder = get_coder(tuple(str(p) for p in paths), bundled)
    token = _OVERRIDE.set(coder)
    try:
        yield coder
    finally:
        _OVERRIDE.reset(token)


def extract_events(
    doc: Doc,
    *,
    doc_id: str,
    published: date | None,
    actors: list[Actor],
    resolver: Any,
) -> list[Event]:
    """The events of one parsed article.

    Args:
        doc: the spaCy ``Doc`` of the article text.
        doc_id: the article id, copied into every event.
        published: publication date; dates resolve against it.
        actors: the resolver's mentions in ``doc`` (``resolver.mentions``).
        resolver: the actor resolver (``resolve_span`` gives each role's actor).

    Returns:
        Events in text order, with evidence (the sentence) and trigger spans.
    """
    coder = _OVERRIDE.get() or get_coder()
    return coder.extract(doc, doc_id=doc_id, published=published, actors=actors,
                         resolver=resolver)


__all__ = ["HISTORICAL_DAYS", "EventCoder", "extract_events", "get_coder", "use_patterns"]
