"""The actor resolver: who is acting, by country, sector, person and date.

One resolver serves the event coder and the quote extractor (DESIGN.md,
Actors and time). It is built once per process from the dictionaries under
``detente/data/actors/`` (see :mod:`detente.extract.actor_data` and
docs/actors.md) plus any user files, and matches them all with one spaCy
``PhraseMatcher`` on lower-cased tokens; dictionary matches are then composed
along the parse into actor mentions (:mod:`detente.extract.actor_compose`).

Use :func:`get_resolver`; :meth:`ActorResolver.mentions` lists the actors of a
document, :meth:`ActorResolver.resolve_span` gives the actor of a noun phrase
and :meth:`ActorResolver.lookup` resolves a free text.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span

from detente.errors import DataFileError
from detente.extract.actor_compose import ALSO, Atom, Composer, phrase_root
from detente.extract.actor_data import (
    PROPER,
    ActorData,
    ActorDictionary,
    Entry,
    add_user_rows,
    drop_agents,
    load_bundled,
    load_user_actors,
    validate_user_rows,
)
from detente.records import Actor

__all__ = ["ActorDictionary", "ActorResolver", "get_resolver", "load_user_actors"]

log = logging.getLogger(__name__)

#: NER labels that name something (a generated dictionary word must be one).
NAMED = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "LAW"})
#: NER labels of entities that may be people or organisations named in the text.
NAME_LABELS = frozenset({"PERSON", "ORG"})
#: NER labels whose entities may be short references to a person named before.
COREF_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC"})
#: NER labels of places, and the entry kinds that are places.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PLACE_KINDS = frozenset({"country", "demonym", "capital", "place"})
_KEY = "DETENTE_ACTOR"
#: How many free-text lookups a resolver keeps.
LOOKUP_CACHE = 4096
#: A surname alone names an office holder only from this many years before office.
YEARS_BEFORE_OFFICE = 8
UNBOUNDED_DAYS = 1_000_000
"""The length given to an open end of a row's date range when comparing ranges."""


@dataclass(frozen=True)
class _Ref:
    """An entry under a matched key, with the letter case of the form matched."""

    entry: Entry
    shape: str  # per token: A = all capitals, C = capitalised, l = other


def _shape(words: Iterable[str]) -> str:
    out = []
    for w in words:
        if w.isupper() and sum(c.isalpha() for c in w) >= 2:
            out.append("A")
        elif w[:1].isupper():
            out.append("C")
        else:
            out.append("l")
    return "".join(out)


class ActorResolver:
    """Resolves actor mentions in parsed documents (build with :func:`get_resolver`)."""

    def __init__(self, data: ActorData, nlp: Language) -> None:
        self.data = data
        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._refs: dict[tuple[int, ...], list[_Ref]] = {}
        self._composer = Composer(data)
        self._lookups: dict[tuple[str, date], Actor | None] = {}
        strings = nlp.vocab.strings
        tokenizer: Tokenizer = nlp.tokenizer
        special = tokenizer.rules or {}
        slow: list[str] = []
        for form in data.entries:
            words = form.split()
            if all(w.isalpha() and w not in special and w.lower() not in special for w in words):
                self._add_form(form, words, [strings.add(w.lower()) for w in words])
            else:
                slow.append(form)
        for form, pattern_doc in zip(slow, tokenizer.pipe(slow), strict=True):
            words = [t.text for t in pattern_doc]
            self._add_form(form, words, [t.lower for t in pattern_doc])
        # token-hash sequences instead of Docs: supported by PhraseMatcher.add, and
        # it spares building a Doc per phrase
        self.matcher.add(_KEY, [list(k) for k in self._refs])  # type: ignore[misc]
        for refs in self._refs.values():
            refs.sort(key=lambda r: r.entry.priority)
        log.debug("actor resolver: %d phrases", len(self._refs))

    def _add_form(self, form: str, words: list[str], key: list[int]) -> None:
        if not key:
            return
        shape = _shape(words)
        refs = self._refs.setdefault(tuple(key), [])
        refs.extend(_Ref(e, shape) for e in self.data.entries[form])

    # -- public API ------------------------------------------------------------
    def mentions(self, doc: Doc, when: date | None) -> list[Actor]:
        """All actor mentions in ``doc``, sorted by start and non-overlapping.

        Dictionary phrases are matched (longest match wins) and composed along
        the parse: "Venezuelan officials" -> VEN GOV, "the president of
        Venezuela" -> VEN GOV with the holder on ``when`` as name. Short
        references resolve within the article ("Páez Victor" -> "Maria Páez
        Victor"; "the ministry" -> the last ministry; "the country" -> the last
        country in focus); pronouns are not resolved here.

        Args:
            doc: a parsed document (tagger, parser and NER).
            when: the event or publication date for dated offices (``None``: today).
        """
        day = _day(when)
        atoms = self._atoms(doc, day)
        return self._composer.compose(doc, atoms, day)

    def resolve_span(self, span: Span, when: date | None, mentions: list[Actor]) -> Actor | None:
        """The actor of a noun phrase, from the document's mentions.

        The mention at (or else nearest to) the span's syntactic head wins; a
        missing country or sector is filled from the other mentions in the
        span ("opposition leader X" -> X's country, OPP).

        Args:
            span: the phrase, e.g. the subtree of a verb's subject.
            when: the event date (kept for symmetry with :meth:`mentions`).
            mentions: the document's mentions from :meth:`mentions`.

        Returns:
            The actor, or ``None`` when the span holds no actor.
        """
        inside = [m for m in mentions if m.start < span.end_char and m.end > span.start_char]
        if not inside:
            return None
        root = span.root.idx

        def distance(m: Actor) -> int:
            if m.start <= root < m.end:
                return 0
            return min(abs(m.start - root), abs(m.end - root))

        inside.sort(key=lambda m: (distance(m), m.country is None))
        best = inside[0]
        country, sector, rule = best.country, best.sector, best.rule
        if country is None:
            other = next((m for m in inside[1:] if m.country), None)
            if other is not None:
                country = other.country
                rule += f" + country-from:{other.text!r}"
        if sector is None:
            other = next((m for m in inside[1:] if m.sector), None)
            if other is not None:
                sector = other.sector
                rule += f" + sector-from:{other.text!r}"
        if country is None and sector is None and best.name is None:
            return None
        return Actor(best.text, best.start, best.end, country, sector, best.name, rule)

    def lookup(self, text: str, when: date | None) -> Actor | None:
        """Resolve a free text (parsed here); ``Actor.rule`` names the rules and rows used.

        Results are cached per resolver (the quote extractor looks up the same
        names again and again).
        """
        key = (text, _day(when))
        if key in self._lookups:
            return self._lookups[key]
        doc = self.nlp(text)
        actor = self.resolve_span(doc[:], when, self.mentions(doc, when)) if len(doc) else None
        if len(self._lookups) >= LOOKUP_CACHE:
            self._lookups.clear()
        self._lookups[key] = actor
        return actor

    # -- matching --------------------------------------------------------------
    def _atoms(self, doc: Doc, when: date) -> list[Atom]:
        ents: dict[int, Span] = {}
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                ents[i] = ent
        candidates: list[tuple[int, int, int, Atom]] = []
        lowers = doc.to_array("LOWER")
        for _, start, end in self.matcher(doc):
            refs = self._refs.get(tuple(int(x) for x in lowers[start:end]))
            if refs is None:
                continue
            chosen = self._choose(doc, refs, start, end, ents, when)
            if chosen is not None:
                candidates.append((-(end - start), chosen[1], start, chosen[0]))
        candidates.sort(key=lambda c: (c[0], c[1], c[2]))
        taken = bytearray(len(doc))
        atoms: list[Atom] = []
        for _, _, start, atom in candidates:
            if any(taken[start : atom.end]):
                continue
            taken[start : atom.end] = b"\x01" * (atom.end - start)
            if atom.kind != "none":  # a "none" row only keeps its words from matching
                atoms.append(atom)
        for ent in doc.ents:
            if ent.label_ in COREF_LABELS and not any(taken[ent.start : ent.end]):
                atom_ = _name_atom(ent, ent.label_ in NAME_LABELS)
                if atom_ is not None:
                    atoms.append(atom_)
        atoms.sort(key=lambda a: a.start)
        return atoms

    def _choose(
        self, doc: Doc, refs: list[_Ref], start: int, end: int, ents: dict[int, Span], when: date
    ) -> tuple[Atom, int] | None:
        """The entry of a match that holds: letter case, NER and date checks, then
        the best source (a user entry must hold on the date to override)."""
        ok = [r for r in refs if self._fits(doc, r, start, end, ents)]
        if not ok:
            return None
        ent = ents.get(start)
        if ok[0].entry.kind == "person" and ent is not None and ent.label_ in PLACE_LABELS:
            places = [r for r in ok if r.entry.kind in PLACE_KINDS]
            if places:
                ok = places  # "Lagos" the city, not Ricardo Lagos, when NER says it is a place
        picked = _pick(ok, when, single=end - start == 1)
        if picked is None:
            return None
        entry, sector = picked
        if entry.country and self._stance(doc, start, end):
            return None  # "an anti-Syria journalist", "pro-Iranian militias": a stance
        nominal = phrase_root(doc, start, end).pos_ in ("NOUN", "PROPN")
        if entry.kind in ("agent", "government", "office", "country_noun") and not nominal:
            return None  # "military exercises", "national elections": not an actor
        also = _co_coded(ok, entry, when)
        rule = entry.rule + (f" + {ALSO}{'|'.join(also)}" if also else "")
        atom = Atom(start, end, entry.kind, entry.country, sector, entry.name, entry.office,
                    rule, also, fallback=entry.fallback)
        return atom, entry.priority

    def _stance(self, doc: Doc, start: int, end: int) -> bool:
        """Whether a country word is a stance ("anti-", "pro-") qualifying an agent.

        "an anti-Syria journalist" is not Syrian; "an anti-Syria protest"
        still names the country, as the protest's target.
        """
        before = doc[start - 1] if start >= 1 else None
        if before is None:
            return False
        if before.text == "-" and start >= 2 and not doc[start - 2].whitespace_:
            prefix = doc[start - 2].lower_
        elif before.text.endswith("-"):
            prefix = before.lower_.rstrip("-")
        else:
            return False
        if prefix not in self.data.stances:
            return False
        head = phrase_root(doc, start, end).head
        return any(e.kind == "agent" for e in self.data.entries.get(head.lemma_.lower(), ()))

    def _fits(self, doc: Doc, ref: _Ref, start: int, end: int, ents: dict[int, Span]) -> bool:
        e = ref.entry
        if e.kind not in PROPER:
            return True
        upper_seen = False
        for k, ch in enumerate(ref.shape):
            text = doc[start + k].text
            if ch == "A" and not text.isupper():
                return False
            if ch in "AC" and text[:1].isupper():
                upper_seen = True
        if ("A" in ref.shape or "C" in ref.shape) and not upper_seen:
            return False
        ent = ents.get(start)
        inside_larger = ent is not None and (ent.start < start or ent.end > end)
        if ent is not None and inside_larger and ent.label_ == "PERSON":
            return False  # "George Washington", "Michael Jordan"
        if e.kind == "person" and inside_larger and ent is not None and ent.label_ == "ORG":
            return False  # "JP Morgan", "Johnson & Johnson"
        capital = e.kind == "capital" or (e.kind == "place" and e.generated)
        if capital and ent is not None and ent.label_ == "PERSON":
            return False  # "Sofia" the person
        if e.generated and end - start == 1 and (ent is None or ent.label_ not in NAMED):
            return False
        return not (e.kind == "demonym" and _is_language(doc, start, end))


def _day(when: date | None) -> date:
    """The date to resolve on: ``when`` as a plain date, today when ``None``."""
    if when is None:
        return date.today()
    return when.date() if isinstance(when, datetime) else when


def _pick(refs: list[_Ref], when: date, single: bool) -> tuple[Entry, str | None] | None:
    """The entry to use among a key's entries (sorted by priority) and its sector on ``when``.

    The best source wins; within it, the row holding on ``when`` with the
    narrowest date range (a dated row is more specific than an undated one:
    PETRARCH2's date restrictions override an entry's default code), else the
    nearest in time (a person out of office is ELI, CAMEO's elites). A source
    is passed over when a user row does not hold on the date, or when a
    surname alone would name someone years before their office.
    """
    priorities = sorted({r.entry.priority for r in refs})
    for priority in priorities:
        group = [r.entry for r in refs if r.entry.priority == priority]
        held = [e for e in group if e.holds(when)]
        if held:
            best = min(held, key=_range_days)
            return best, best.sector
        if group[0].kind == "user":
            continue
        if group[0].kind == "person" and single:
            first = min((e.start for e in group if e.start), default=None)
            if first is not None and (first - when).days > YEARS_BEFORE_OFFICE * 365:
                continue  # "Johnson" in 2004 is not a prime minister of 2019
        entry = min(group, key=lambda e: e.distance(when))
        return entry, "ELI" if entry.kind == "person" else entry.sector
    return None


def _co_coded(refs: list[_Ref], chosen: Entry, when: date) -> tuple[str, ...]:
    """Other countries that a phrase names together with ``chosen``.

    A dictionary phrase with several rows of one source that hold equally on
    the date names several actors at once ("the two Koreas"; PETRARCH2's
    ``THE_SHIRE [FRO/BIL/SAM]``): the first row is the mention's country, the
    others come back here (PETRARCH2 codes an event for each).
    """
    out: list[str] = []
    length = _range_days(chosen)
    for r in refs:
        e = r.entry
        if (e is not chosen and e.priority == chosen.priority and e.kind == chosen.kind
                and e.pattern == chosen.pattern and e.country and e.country != chosen.country
                and e.holds(when) and _range_days(e) == length and e.country not in out):
            out.append(e.country)
    return tuple(out)


def _range_days(entry: Entry) -> int:
    """How many days a row holds (open ends count as unbounded): narrower is more specific."""
    if entry.start is None or entry.end is None:
        return UNBOUNDED_DAYS * (2 - (entry.start is not None) - (entry.end is not None))
    return (entry.end - entry.start).days


def _is_language(doc: Doc, start: int, end: int) -> bool:
    """A demonym used as a language: "in Spanish", "Spanish-speaking"."""
    tok = doc[end - 1]
    if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in ("speaking", "language"):
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ in ("in", "into") and not list(tok.children)


def _name_atom(ent: Span, is_name: bool) -> Atom | None:
    """A named entity not in the dictionaries, as a name atom (possessive and
    article stripped); GPE/NORP/LOC ones only serve short references."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'", "’") or doc[end - 1].is_punct):
        end -= 1
    if start >= end:
        return None
    text = doc[start:end].text
    if "\n" in text or not any(c.isupper() for c in text):
        return None
    return Atom(start, end, "name" if is_name else "maybe-name", None, None, text, None,
                f"name:{ent.label_} {text!r}")


def _add_extra(data: ActorData, item: Hashable, index: int) -> None:
    if isinstance(item, (str, Path)):
        add_user_rows(data, load_user_actors(item), Path(item).name)
        return
    if isinstance(item, tuple):
        add_user_rows(data, validate_user_rows(item, f"extra actors #{index}"), f"extra#{index}")
        return
    if isinstance(item, ActorDictionary):
        if item.own_agents:
            drop_agents(data)
        add_user_rows(data, validate_user_rows(item.rows, f"extra actors #{index}"),
                      f"extra#{index}")
        return
    raise DataFileError(f"extra actors #{index}: expected a path, a tuple of rows or an "
                        f"ActorDictionary, got {item!r}")


@lru_cache(maxsize=8)
def get_resolver(extra: tuple[Hashable, ...] = ()) -> ActorResolver:
    """The resolver for the bundled dictionaries plus ``extra`` ones (cached).

    Args:
        extra: user actor dictionaries: each a path (``str``/``Path``) to a
            user actor CSV file, a tuple of row tuples
            ``(pattern, country, sector, name, start, end)`` (trailing cells
            optional), or an :class:`ActorDictionary` of such rows.

    Raises:
        DataFileError: when a dictionary is malformed.
    """
    from detente.nlp import load_pipeline

    data = load_bundled()
    for i, item in enumerate(extra):
        _add_extra(data, item, i)
    return ActorResolver(data, load_pipeline())
