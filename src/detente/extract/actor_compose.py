"""Composing dictionary matches ("atoms") into actor mentions.

Atoms that sit in one noun phrase combine into one actor: the country from a
country word ("Venezuelan officials", "the president of Venezuela"), the
sector from the agent noun nearest the head ("the Canadian army" -> MIL,
"opposition leader" -> OPP), the name from the head (a person or an
organisation). This follows the CAMEO actor coding scheme, where an agent's
role code is appended to the code of the actor it belongs to (CAMEO 1.1b3
manual, "Actor codes"; PETRARCH2 agents dictionary).

Within an article, short references resolve to earlier full ones: a name to
the person first named in full ("Páez Victor" -> "Maria Páez Victor"), "the
ministry" to the last ministry named with a country, "the country" to the
country in focus (named in the same sentence, else most often so far).
Pronouns are not resolved here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from spacy.tokens import Doc, Token

from detente.extract.actor_data import ActorData
from detente.records import Actor

#: Atom kinds that state a country in the text itself.
EXPLICIT = frozenset({"country", "demonym", "capital", "place", "org", "user"})
#: Dependencies inside a noun phrase along which a modifier joins its head.
TIGHT = frozenset({"compound", "amod", "nmod", "poss", "appos", "flat", "nn"})
#: Prepositions that attach an affiliation to an agent noun.
AFFILIATION = frozenset({"of", "for", "from", "at", "in"})
#: Dependencies of a phrase that is an argument (a capital there is a metonym).
ARGUMENT = frozenset({"nsubj", "nsubjpass", "dobj", "iobj", "poss", "agent", "dative", "attr"})
#: Dependencies of words that cannot head a phrase.
SKIP_DEPS = frozenset({"det", "predet", "punct", "case", "prep", "cc"})
#: Atom kinds that name one entity (an apposition describes them).
NAMED = frozenset({"person", "name", "maybe-name", "org", "user", "agent", "office"})
#: Words and marks that coordinate two countries ("Canada-Venezuela relations").
COORDINATORS = frozenset({"-", "–", "—", "/", "and", "or", ","})
#: Atom kinds that are places.
PLACES = frozenset({"country", "capital", "place"})
#: Rule part listing the other countries of a co-coded phrase ("also:BIL|SAM").
ALSO = "also:"


@dataclass
class Atom:
    """A dictionary match (or a named entity) with its resolution for the date.

    Attributes:
        start: first token index.
        end: token index after the last.
        kind: the entry kind, or ``name`` for a named entity not in the dictionaries.
        country: country code or ``None``.
        sector: role code or ``None``.
        name: canonical name or ``None``.
        office: office key of an office title.
        rule: the rule and row that produced it.
        also: other countries the same phrase names at once (co-coded rows).
        fallback: a trade noun's sector when no institution is named ("a
            sociologist" -> CVL; ``descriptions.csv``).
        residence: a place joined through a residence phrase ("living in
            Canada"): it gives a country only when nothing else does.
    """

    start: int
    end: int
    kind: str
    country: str | None = None
    sector: str | None = None
    name: str | None = None
    office: str | None = None
    rule: str = ""
    also: tuple[str, ...] = ()
    fallback: str | None = None
    residence: bool = False


@dataclass
class DocState:
    """What earlier mentions of an article tell later ones."""

    focus: str | None = None
    focus_text: str = ""
    focus_sent: int = -1
    counts: dict[str, int] = field(default_factory=dict)
    by_head: dict[str, Actor] = field(default_factory=dict)
    names: dict[str, Actor] = field(default_factory=dict)


def name_keys(name: str) -> list[str]:
    """Keys a later short reference to a person may use: the full name, the
    last word and, for longer names, the last two words (``Páez Victor``)."""
    from detente.extract.actor_data import fold

    words = fold(name).lower().replace("'s", "").split()
    keys = [" ".join(words)]
    if len(words) >= 2:
        keys.append(words[-1])
    if len(words) >= 3:
        keys.append(" ".join(words[-2:]))
    return keys


class Composer:
    """Groups the atoms of a document and composes them into mentions."""

    def __init__(self, data: ActorData) -> None:
        self.data = data

    def compose(self, doc: Doc, atoms: list[Atom], when: date) -> list[Actor]:
        """Mentions of ``doc`` from its atoms (sorted, non-overlapping)."""
        at_token: dict[int, int] = {}
        for i, a in enumerate(atoms):
            for t in range(a.start, a.end):
                at_token[t] = i
        groups: dict[int, list[int]] = defaultdict(list)
        anchors: dict[int, int] = {}
        for i, a in enumerate(atoms):
            anchor = self._anchor(doc, a, atoms, at_token)
            group = at_token.get(anchor, i)
            groups[group].append(i)
            anchors[group] = anchor
        state = DocState()
        out: list[Actor] = []
        ordered = sorted(groups.items(), key=lambda kv: atoms[min(kv[1])].start)
        tight = _interleaved([(min(atoms[i].start for i in m), max(atoms[i].end for i in m))
                              for _, m in ordered])
        for k, (group, members) in enumerate(ordered):
            parts = sorted((atoms[i] for i in members), key=lambda a: a.start)
            out.extend(self._mentions(doc, parts, anchors[group], when, state, k in tight))
        return _no_overlap(out)

    def _anchor(self, doc: Doc, atom: Atom, atoms: list[Atom], at_token: dict[int, int]) -> int:
        """The token heading the noun phrase the atom belongs to (CAMEO agents attach
        to the actor they modify: compound, amod, possessive, apposition, of/for/from)."""
        t = _root(doc, atom)
        own = at_token.get(t.i)
        for _ in range(12):
            h = t.head
            if h.i == t.i:
                break
            dep = t.dep_
            nxt: Token | None = None
            target = atoms[at_token[h.i]] if h.i in at_token else None
            current = atoms[at_token[t.i]] if t.i in at_token else atom
            if dep == "appos" and target is not None:
                listed = (current.kind in EXPLICIT and target.kind in EXPLICIT
                          and current.country != target.country)
                if target.kind in NAMED and current.kind not in PLACES and not listed:
                    nxt = h  # "Genevieve Tremblay, a spokesperson for ..."
            elif dep in TIGHT and target is not None:
                nxt = h
            elif dep in TIGHT and h.dep_ == "appos" and h.head.i in at_token and h.pos_ == "NOUN":
                if atoms[at_token[h.head.i]].kind in NAMED:
                    nxt = h.head  # "X, a Venezuelan sociologist": the demonym describes X
            elif dep == "conj" and target is not None and h.dep_ in TIGHT | {"pobj"}:
                if atom.kind in EXPLICIT and target.kind in EXPLICIT:
                    nxt = h  # "Hungarian and Romanian officials", "officials of Hungary and Romania"
            elif (
                dep == "pobj"
                and h.dep_ == "prep"
                and self._ties(h, atoms, at_token)
                and h.head.i in at_token
                and h.head.pos_ in ("NOUN", "PROPN")
                and at_token[h.head.i] != own
                and atom.kind != "name"
            ):
                nxt = h.head
            elif dep == "pobj" and atom.kind in EXPLICIT and atom.country:
                described = self._residence(h, atoms, at_token)
                if described is not None:
                    atom.residence = True  # "X, a sociologist living in Canada"
                    nxt = described
            if nxt is None:
                break
            t = nxt
        return t.i

    def _ties(self, prep: Token, atoms: list[Atom], at_token: dict[int, int]) -> bool:
        """Whether ``prep`` ties its object to the noun it follows: "of/for/from/at/in",
        and for a trade noun also the ``tie`` rows ("an economist with the IMF")."""
        if prep.lower_ in AFFILIATION:
            return True
        noun = at_token.get(prep.head.i)
        return (prep.lower_ in self.data.ties and noun is not None
                and atoms[noun].fallback is not None)

    def _residence(self, prep: Token, atoms: list[Atom], at_token: dict[int, int]) -> Token | None:
        """The described noun of a residence phrase ("living in", "who is based in";
        ``descriptions.csv``) headed by ``prep``, when it describes a person: a
        named individual, a trade noun, or a role in apposition to a name
        ("Alison Bodine, an activist living in Vancouver"). Troops "based in
        Germany" are not German: other nouns are left alone."""
        verb = prep.head
        if prep.dep_ != "prep" or verb.pos_ not in ("VERB", "AUX"):
            return None
        if (verb.lemma_.lower(), prep.lower_) not in self.data.residence:
            return None
        if verb.dep_ not in ("acl", "relcl") or verb.head.i not in at_token:
            return None
        noun = verb.head
        target = atoms[at_token[noun.i]]
        if target.kind in ("person", "name", "maybe-name") or target.fallback is not None:
            return noun
        named = noun.dep_ == "appos" and noun.head.i in at_token
        if target.kind == "agent" and named and atoms[at_token[noun.head.i]].kind in (
            "person", "name", "maybe-name"
        ):
            return noun
        return None

    def _mentions(
        self, doc: Doc, parts: list[Atom], anchor: int, when: date, state: DocState,
        tight: bool = False,
    ) -> list[Actor]:
        explicit = [a for a in parts if a.kind in EXPLICIT and a.country]
        if len({a.country for a in explicit}) >= 2 and _coordinated(doc, explicit):
            return self._split(doc, parts, explicit, anchor, when, state, tight)
        actor = self._one(doc, parts, anchor, when, state, tight)
        if actor is None:
            return []
        self._remember(doc, parts, actor, state)
        return [actor]

    def _one(
        self, doc: Doc, parts: list[Atom], anchor: int, when: date, state: DocState,
        tight: bool = False,
    ) -> Actor | None:
        if all(a.kind in ("none", "former") for a in parts):
            return None
        head = next((a for a in parts if a.start <= anchor < a.end), parts[-1])
        rules: list[str] = []
        country, c_atom = self._country(parts, head, anchor)
        sector = self._sector(doc, parts, head, anchor, country is not None or bool(c_atom))
        name = head.name if head.kind in ("person", "org", "name", "user") else None
        for a in parts:
            rules.append(f"residence:{a.rule}" if a.residence else a.rule)
        if sector is None:
            sector = self._unaffiliated(doc, parts, anchor)
            if sector is not None:
                rules.append(f"unaffiliated:{sector}")
        former = any(a.kind == "former" for a in parts)
        people = [a for a in parts if a.kind in ("person", "name") and a.name]
        if name is None and head.kind == "office" and len(people) == 1:
            name = people[0].name
        # short references ----------------------------------------------------
        if country is None and len(parts) == 1 and head.kind == "country_noun" and _definite(doc, head):
            if state.focus is None:
                return None
            country, why = _in_focus(doc, head, state)
            rules.append(f"focus:{why}")
        elif (country is None and len(parts) == 1 and head.kind in ("agent", "government", "office")
              and head.fallback is None):  # "the analysts" are not the analyst named before
            prev = state.by_head.get(_head_word(doc, head)) if _definite(doc, head) else None
            if prev is not None:
                country = prev.country
                name = name or (prev.name if head.kind == "office" else None)
                rules.append(f"same-as:{prev.text!r}")
        elif head.kind in ("name", "maybe-name"):
            prev = _lookup_name(state, head.name or "")
            if prev is not None:
                country = country or prev.country
                sector = sector or prev.sector
                name = prev.name
                rules.append(f"same-as:{prev.text!r}")
        # offices held on the date ---------------------------------------------
        office = next((a for a in parts if a.kind == "office"), None)
        has_person = any(a.kind in ("person", "name") for a in parts)
        if office is not None and office.office:
            if country is None:
                titles = self.data.title_countries.get(doc[office.start : office.end].text.lower())
                if titles and len(titles) == 1:
                    country = next(iter(titles))
                    rules.append(f"title-of:{country}")
            if country and not has_person and not former:
                holder = self.data.holder(country, office.office, when)
                if holder is not None:
                    name = holder.name
                    rules.append(f"holder:{holder.source}")
        if former and (has_person or office is not None or sector == "GOV"):
            sector = "ELI"
        if country is None and sector is None and name is None:
            return None
        if head.kind == "name" and country and sector is None and not any(a.fallback for a in parts):
            sector = "CVL"  # a named individual with no role: a civilian (CAMEO)
        start, end = (head.start, head.end) if tight else (parts[0].start, parts[-1].end)
        span = doc[start:end]
        return Actor(span.text, span.start_char, span.end_char, country, sector, name,
                     " + ".join(r for r in rules if r))

    def _country(
        self, parts: list[Atom], head: Atom, anchor: int
    ) -> tuple[str | None, Atom | None]:
        """Country of a phrase: a country word heading it, else the nearest one
        before the head, else after it; else a person's country."""
        placed = [a for a in parts if a.kind in EXPLICIT and a.country]
        explicit = [a for a in placed if not a.residence]
        if head in explicit:
            return head.country, head
        before = [a for a in explicit if a.end <= anchor]
        if before:
            return before[-1].country, before[-1]
        if explicit:
            return explicit[0].country, explicit[0]
        people = [a for a in parts if a.kind in ("person", "name") and a.country]
        if people:
            best = head if head in people else people[-1]
            return best.country, best
        if placed:  # where a described person lives: only when nothing else says
            return placed[0].country, placed[0]
        return None, None

    def _sector(self, doc: Doc, parts: list[Atom], head: Atom, anchor: int, has_country: bool) -> str | None:
        """Sector of a phrase: the agent nearest the head that is not GOV, else GOV,
        else the organisation's, place's or person's own sector."""
        trades = {_root(doc, a).i for a in parts if a.fallback}
        agents = [a for a in parts if a.kind in ("agent", "government", "office") and a.sector
                  and not self._rank(doc, a, trades)]
        agents.sort(key=lambda a: (a is not head, abs(a.start - anchor)))
        for a in agents:
            if a.sector != "GOV":
                return a.sector
        if agents:
            return "GOV"
        own = [a for a in parts if a.kind in EXPLICIT | {"person", "name"} and a.sector]
        if own:
            return (head if head in own else own[-1]).sector
        metonym = len(parts) == 1 and head.kind == "capital" and has_country
        if metonym and _root(doc, head).dep_ in ARGUMENT:
            return "GOV"  # "Ottawa has sent diplomats": the capital stands for its government
        return None

    def _rank(self, doc: Doc, atom: Atom, trades: set[int]) -> bool:
        """Whether the atom is a rank word modifying a trade noun ("deputy chief
        economist": a deputy economist, not a member of parliament)."""
        if not trades or doc[atom.start : atom.end].text.lower() not in self.data.ranks:
            return False
        t = _root(doc, atom)
        for _ in range(3):
            if t.head.i in trades:
                return True
            if t.head.i == t.i or t.dep_ not in TIGHT:
                return False
            t = t.head
        return False

    def _unaffiliated(self, doc: Doc, parts: list[Atom], anchor: int) -> str | None:
        """The fallback sector of the trade noun nearest the head, when the phrase
        ties it to no institution ("a Venezuelan sociologist" -> CVL: PLOVER
        manual 2.0, Table 5.2, CVL are those who lack an affiliation). An
        institution is a known organisation in the phrase, or a proper name
        (not a place) modifying the noun or after "at/of/for/with": "an
        economist at Jefferies", "Marquis Research analyst X" keep no sector."""
        if any(a.kind in ("org", "user") for a in parts):
            return None
        trades = [a for a in parts if a.fallback]
        if not trades:
            return None
        trade = min(trades, key=lambda a: abs(a.start - anchor))
        if self._institution(_root(doc, trade)):
            return None
        return trade.fallback

    def _institution(self, noun: Token) -> bool:
        """Whether a proper name that is not a place is tied to ``noun``."""
        def named(t: Token) -> bool:
            if t.ent_type_ == "ORG":
                return True
            return t.pos_ == "PROPN" and t.ent_type_ not in ("GPE", "LOC", "NORP", "PERSON")

        modifiers = [c for c in noun.children if c.i < noun.i]
        if noun.dep_ == "compound":  # "CBI chief economist Ian McCafferty": all hang on the name
            modifiers += [c for c in noun.head.children if c.i < noun.i]
        if any(c.dep_ in ("compound", "nmod", "poss", "amod") and named(c) for c in modifiers):
            return True
        preps = [c for c in noun.children if c.dep_ == "prep"
                 and (c.lower_ in AFFILIATION or c.lower_ in self.data.ties)]
        return any(named(g) for p in preps for g in p.children if g.dep_ == "pobj")

    def _split(
        self, doc: Doc, parts: list[Atom], explicit: list[Atom], anchor: int, when: date,
        state: DocState, tight: bool = False,
    ) -> list[Actor]:
        """One mention per coordinated country ("Hungarian and Romanian officials")."""
        shared = [a for a in parts if a not in explicit]
        base = self._one(doc, shared, anchor, when, state) if shared else None
        sector = base.sector if base else None
        out: list[Actor] = []
        cuts = [a.start for a in explicit] + [parts[-1].end]
        first = min(parts[0].start, explicit[0].start)
        for k, a in enumerate(explicit):
            s = first if k == 0 else a.start
            e = cuts[k + 1]
            while e > s + 1 and (doc[e - 1].dep_ in ("cc", "punct") or doc[e - 1].is_punct):
                e -= 1
            if k + 1 < len(explicit) and e > a.end and not any(
                p.start >= a.end and p.end <= e for p in shared
            ):
                e = a.end
            span = doc[a.start : a.end] if tight else doc[s:e]
            own = a.sector or sector
            rule = " + ".join([a.rule] + ([base.rule] if base else []))
            actor = Actor(span.text, span.start_char, span.end_char, a.country, own, None, rule)
            out.append(actor)
            self._remember(doc, [a], actor, state)
        return out

    def _remember(self, doc: Doc, parts: list[Atom], actor: Actor, state: DocState) -> None:
        for a in parts:
            if actor.country and a.kind in ("agent", "government", "office"):
                state.by_head[_head_word(doc, a)] = actor
            if a.kind in PLACES | {"demonym"} and a.country and a.country == actor.country:
                state.focus = actor.country
                state.focus_text = actor.text
                state.focus_sent = _sent_start(doc, a.start)
                state.counts[a.country] = state.counts.pop(a.country, 0) + 1  # latest last
            if a.kind in ("person", "name") and a.name:
                for key in name_keys(a.name):
                    state.names.setdefault(key, actor)
                if actor.name and actor.name != a.name:
                    for key in name_keys(actor.name):
                        state.names.setdefault(key, actor)


def co_actors(actor: Actor) -> list[Actor]:
    """The actor and the others its phrase names at once (co-coded dictionary rows,
    listed in its rule as ``also:``), each with the actor's sector."""
    out = [actor]
    for part in actor.rule.split(" + "):
        if part.startswith(ALSO):
            out.extend(Actor(actor.text, actor.start, actor.end, c, actor.sector, None,
                             actor.rule) for c in part[len(ALSO):].split("|") if c)
    return out


def _interleaved(bounds: list[tuple[int, int]]) -> set[int]:
    """Indices of phrases (sorted by start) that overlap another phrase and are
    not the shorter of the two: they keep only their head words as their span."""
    out: set[int] = set()
    for k, (s, e) in enumerate(bounds):
        j = k + 1
        while j < len(bounds) and bounds[j][0] < e:
            s2, e2 = bounds[j]
            if e2 - s2 <= e - s:
                out.add(k)
            if e - s <= e2 - s2:
                out.add(j)
            j += 1
    return out


def _sent_start(doc: Doc, i: int) -> int:
    return doc[i].sent.start if doc.has_annotation("SENT_START") else -1


def _in_focus(doc: Doc, atom: Atom, state: DocState) -> tuple[str | None, str]:
    """The country "the country" refers to: the last one named in the same
    sentence, else the one named most often so far (ties: the latest)."""
    if state.focus_sent == _sent_start(doc, atom.start) and state.focus_sent >= 0:
        return state.focus, f"same sentence {state.focus_text!r}"
    if not state.counts:
        return state.focus, f"last named {state.focus_text!r}"
    top = max(state.counts.values())
    if state.counts.get(state.focus or "", 0) == top:
        return state.focus, f"most named {state.focus}"
    best = next(c for c, n in reversed(list(state.counts.items())) if n == top)
    return best, f"most named {best}"


def phrase_root(doc: Doc, start: int, end: int) -> Token:
    """The syntactic head of ``doc[start:end]``, not its article: in "The U.S."
    modifying "government" both words hang outside the span; "U.S." is the head."""
    span = doc[start:end]
    root = span.root
    if end - start == 1 or root.dep_ not in SKIP_DEPS:
        return root
    heads = [t for t in span if t.dep_ not in SKIP_DEPS and not start <= t.head.i < end]
    return heads[-1] if heads else root


def _root(doc: Doc, atom: Atom) -> Token:
    return phrase_root(doc, atom.start, atom.end)


def _definite(doc: Doc, atom: Atom) -> bool:
    """Whether the atom is preceded by ``the`` (a short reference)."""
    i = atom.start - 1
    return i >= 0 and doc[i].lower_ == "the"


def _head_word(doc: Doc, atom: Atom) -> str:
    return doc[atom.end - 1].lemma_.lower()


def _lookup_name(state: DocState, name: str) -> Actor | None:
    for key in name_keys(name)[:1]:
        if key in state.names:
            return state.names[key]
    return None


def _coordinated(doc: Doc, explicit: list[Atom]) -> bool:
    """Whether two of the country words are joined by a conjunction or a hyphen."""
    roots = {_root(doc, a).i for a in explicit}
    for a in explicit:
        r = _root(doc, a)
        if r.dep_ == "conj" and r.head.i in roots:
            return True
    for a, b in pairwise(explicit):
        between = doc[a.end : b.start]
        if 0 < len(between) <= 2 and all(t.text in COORDINATORS for t in between):
            return True
        if 0 < len(between) <= 5 and between[0].lower_ in COORDINATORS and not any(
            t.pos_ in ("PROPN", "NUM", "VERB") for t in between
        ):
            return True  # "Fornost and the evil awful Gondor" (whatever the parse)
    return False


def _no_overlap(mentions: list[Actor]) -> list[Actor]:
    """Sorted by start; a mention overlapping an earlier one is dropped."""
    out: list[Actor] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out
