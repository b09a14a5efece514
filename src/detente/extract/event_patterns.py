"""Event patterns: the data that says which words express which CAMEO event.

A pattern is one JSON object per line (see ``docs/events.md``)::

    {"id": "sanction-impose", "trigger": "impose|reimpose", "pos": "VERB",
     "cameo": "163", "object": ["sanction|embargo"], "target": "auto"}

Patterns live in ``data/events/*.jsonl`` (hand-written ``patterns.jsonl`` and
``petrarch-verbs.jsonl``, converted from the PETRARCH2 CAMEO verb dictionary,
MIT, Open Event Data Alliance). Users add their own files in the same format
or in PETRARCH's verb-dictionary format (:func:`parse_petrarch_verbs`). They
are indexed by trigger lemma and part of speech, so that coding a sentence
looks up each word once and never loops over all patterns.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from detente.data import load_table, load_user_table
from detente.errors import DataFileError

log = logging.getLogger(__name__)

BUNDLED = ("events/patterns.jsonl", "events/petrarch-verbs.jsonl")
POS = ("VERB", "NOUN")
ROLES = ("subj", "obj", "iobj", "poss", "mod", "none", "auto")
WordGroup = frozenset[str]


@dataclass(frozen=True)
class PrepSpec:
    """A prepositional phrase a pattern requires.

    Attributes:
        preps: the preposition lemmas, any of which heads the phrase.
        words: groups of words that must all occur in the phrase (any word of
            each group).
        role: ``target`` or ``source`` when the phrase's object is that
            actor, else empty.
    """

    preps: WordGroup
    words: tuple[WordGroup, ...] = ()
    role: str = ""


@dataclass(frozen=True)
class Pattern:
    """One event pattern.

    Attributes:
        id: the rule id recorded on every event it produces.
        triggers: lemmas of the verb or noun that expresses the event.
        pos: ``VERB`` or ``NOUN``.
        cameo: the CAMEO code, or ``None`` for a pattern that matches and
            codes nothing (it blocks weaker patterns).
        reverse: the code of the event in the other direction (CAMEO's
            visit/host pairs ``042:043``), or ``None``.
        particle: particle or preposition lemmas of a phrasal verb ("break
            off"), all required.
        obj: word groups that must occur in the object (verbs) or among the
            modifiers and of-phrase (nouns) of the trigger.
        pre: word groups that must occur before the trigger, on the subject
            side.
        preps: required prepositional phrases.
        source: where the source comes from (``subj``, ``poss``, ``mod``,
            ``obj``, ``none``, ``auto``).
        target: where the target comes from (``obj``, ``iobj``, ``poss``,
            ``mod``, ``none``, ``auto``).
        reciprocal: ``both``: the actors act on each other ("X and Y met", "X
            met Y": an event each way); ``subjects``: only coordinated subjects
            do ("X and Y restored ties"); empty: no reciprocity.
        target_preps: prepositions whose object is the target, in order of
            preference (default :data:`~detente.extract.event_roles.TARGET_PREPS`).
        dyad: the event is coded only when both its source and target resolve.
        loose: the object words may all be modifiers ("artillery shells" for
            ARTILLERY), as in PETRARCH; otherwise one must head the object.
        confidence: the base confidence of its events.
        origin: ``detente``, ``petrarch2`` or a user file name.
        plover: the PLOVER type (and ``:mode``) of its own code, when PLOVER
            2.0 types the act otherwise than the CAMEO code's default
            ("resign": CAMEO 0831, PLOVER ``RETREAT:resign``); empty: the
            ontology's type.
    """

    id: str
    triggers: WordGroup
    pos: str
    cameo: str | None
    reverse: str | None = None
    particle: WordGroup = frozenset()
    obj: tuple[WordGroup, ...] = ()
    pre: tuple[WordGroup, ...] = ()
    preps: tuple[PrepSpec, ...] = ()
    source: str = "auto"
    target: str = "auto"
    reciprocal: str = ""
    target_preps: tuple[str, ...] = ()
    dyad: bool = False
    loose: bool = False
    confidence: float = 0.7
    origin: str = "detente"
    plover: str = ""

    @property
    def specificity(self) -> int:
        """How much the pattern asks of a sentence: more specific ones are tried first."""
        return (
            2 * len(self.obj)
            + 2 * sum(1 + len(p.words) for p in self.preps)
            + len(self.pre)
            + 2 * len(self.particle)
        )


def _group(spec: str) -> WordGroup:
    words = {w.strip().lower() for w in spec.split("|") if w.strip()}
    if not words:
        raise ValueError(f"empty word group {spec!r}")
    return frozenset(words)


def _groups(value: Any) -> tuple[WordGroup, ...]:
    if value is None or value == "":
        return ()
    items = [value] if isinstance(value, str) else list(value)
    out: list[WordGroup] = []
    for item in items:
        # each item is required; "sanction|embargo" = either word; "martial law" = a phrase
        out.append(_group(" ".join(str(item).split())))
    return tuple(out)


def _reciprocal(value: Any) -> str:
    if value in (None, False, "", "no"):
        return ""
    if value is True or value == "both":
        return "both"
    if value == "subjects":
        return "subjects"
    raise ValueError(f"reciprocal must be true, 'both' or 'subjects', not {value!r}")


def pattern_from_record(record: Mapping[str, Any], origin: str = "detente") -> Pattern:
    """Build a :class:`Pattern` from one JSON record of a pattern file.

    Raises:
        DataFileError: when a field is missing or has a value out of range.
    """
    try:
        pid = str(record["id"])
        pos = str(record.get("pos", "VERB")).upper()
        if pos not in POS:
            raise ValueError(f"pos must be one of {POS}")
        cameo = record.get("cameo")
        reverse = record.get("reverse")
        preps = tuple(
            PrepSpec(_group(p["prep"]), _groups(p.get("words")), str(p.get("role", "")))
            for p in record.get("prep", ())
        )
        for p in preps:
            if p.role not in ("", "target", "source"):
                raise ValueError(f"prep role {p.role!r}")
        source = str(record.get("source", "auto"))
        target = str(record.get("target", "auto"))
        if source not in ROLES or target not in ROLES:
            raise ValueError(f"source/target must be one of {ROLES}")
        plover = str(record.get("plover") or "")
        if plover and not re.fullmatch(r"[A-Z]+(:[a-z_-]+)?", plover):
            raise ValueError(f"plover must be TYPE or TYPE:mode, got {plover!r}")
        confidence = float(record.get("confidence", 0.7 if origin == "detente" else 0.55))
        if not 0.0 <= confidence <= 1.0:
            raise ValueError("confidence must be within 0..1")
        return Pattern(
            id=pid,
            triggers=_group(str(record["trigger"])),
            pos=pos,
            cameo=str(cameo) if cameo not in (None, "") else None,
            reverse=str(reverse) if reverse not in (None, "") else None,
            particle=frozenset(_group(record["particle"])) if record.get("particle") else frozenset(),
            obj=_groups(record.get("object")),
            pre=_groups(record.get("pre")),
            preps=preps,
            source=source,
            target=target,
            reciprocal=_reciprocal(record.get("reciprocal")),
            target_preps=tuple(str(record["target_preps"]).split("|"))
            if record.get("target_preps") else (),
            dyad=bool(record.get("dyad", False)),
            loose=bool(record.get("loose", False)),
            confidence=confidence,
            origin=origin,
            plover=plover,
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise DataFileError(f"{origin}: pattern {record.get('id')!r}: {exc}") from exc


# ---------------------------------------------------------------- PETRARCH2

_PARTICLES = frozenset(
    ["off", "up", "down", "out", "for", "in", "on", "at", "away", "back", "over", "with", "into", "to", "from", "forward", "about", "around", "after", "through", "along", "apart", "aside"]
)
_CODE = re.compile(r"\[([^\]]*)\]")


def _petrarch_word(word: str, synsets: Mapping[str, list[str]]) -> WordGroup | None:
    """The word group of one PETRARCH pattern word: a word, a ``&SET``, or a phrase
    joined by ``_`` whose parts may be sets ("&TIETYPES_MEMOS"); ``None`` when it
    cannot be read (an unknown set)."""
    word = word.strip().strip("_").lower()
    if not word or not re.search(r"[a-z]", word):
        return None
    parts = [p for p in re.split(r"[_ ]+", word) if p]
    if len(parts) == 1 and parts[0].startswith("&"):
        members = synsets.get(parts[0][1:].upper())
        if not members:
            return None
        out: set[str] = set()
        for m in members:
            out |= _petrarch_word(m, synsets) or set()
        return frozenset(out) or None
    if len(parts) == 1:
        return frozenset(_inflections(parts[0]))
    # a phrase: matched at its last word, the others right before it
    options: list[list[str]] = []
    for i, part in enumerate(parts):
        if part.startswith("&"):
            group = _petrarch_word(part, synsets)
            if group is None:
                return None
            options.append(sorted(group))
        else:
            options.append(sorted(_inflections(part)) if i == len(parts) - 1 else [part])
    phrases = [""]
    for opts in options:
        phrases = [f"{p} {o}".strip() for p in phrases for o in opts][:400]
    return frozenset(phrases)


def _inflections(word: str) -> set[str]:
    """The word and its naive singular, so that SANCTIONS matches lemma sanction."""
    forms = {word}
    if word.endswith("ies") and len(word) > 4:
        forms.add(word[:-3] + "y")
    elif word.endswith(("ses", "xes", "ches", "shes")):
        forms.add(word[:-2])
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.add(word[:-1])
    return forms


def _tokenize(phrase: str) -> list[str]:
    """Split a PETRARCH phrase into words, keeping ``{...}`` and ``(...)`` groups."""
    out: list[str] = []
    depth = 0
    buf = ""
    for ch in phrase:
        if ch in "({":
            if depth == 0 and buf.strip():
                out.extend(buf.split())
                buf = ""
            depth += 1
            buf += ch
        elif ch in ")}":
            depth -= 1
            buf += ch
            if depth == 0:
                out.append(buf.strip())
                buf = ""
        else:
            buf += ch
    out.extend(buf.split())
    return out


def _parse_codes(text: str) -> tuple[str | None, str | None] | None:
    m = _CODE.search(text)
    if not m:
        return None
    raw = m.group(1).strip()
    if raw in ("---", "+++", ""):
        return (None, None)
    first, _, second = raw.partition(":")
    first = first.strip()
    second = second.strip()
    ok = re.compile(r"^[0-9]{2,4}$")
    return (first if ok.match(first) else None, second if ok.match(second) else None)


def _convert_pattern(
    line: str, synsets: Mapping[str, list[str]]
) -> dict[str, Any] | None:
    body, _, _comment = line[1:].partition("#")
    codes = _parse_codes(body)
    if codes is None:
        return None
    phrase = _CODE.sub("", body).strip()
    tokens = _tokenize(phrase)
    if "*" not in tokens:
        return None
    star = tokens.index("*")
    rec: dict[str, Any] = {"cameo": codes[0], "reverse": codes[1], "loose": True}
    pre: list[str] = []
    obj: list[str] = []
    preps: list[dict[str, Any]] = []
    target = "auto"
    source = "auto"
    for i, tok in enumerate(tokens):
        if i == star:
            continue
        before = i < star
        if tok == "%":
            rec["reciprocal"] = True
        elif tok == "$":
            source = "subj" if before else "obj"
        elif tok == "+":
            target = "subj" if before else "obj"
        elif tok.startswith("("):
            inner = _tokenize(tok[1:-1])
            if not inner:
                continue
            prep_group = _petrarch_word(inner[0], synsets)
            if prep_group is None:
                return None
            words: list[str] = []
            role = ""
            for w in inner[1:]:
                if w == "+":
                    role = "target"
                elif w == "$":
                    role = "source"
                else:
                    for sub in _tokenize(w.strip("{}")) if w.startswith("{") else [w]:
                        g = _petrarch_word(sub, synsets)
                        if g:
                            words.append("|".join(sorted(g)))
                        elif re.search(r"[a-z&]", sub.lower()):
                            return None  # an unreadable word must not widen the pattern
            preps.append({"prep": "|".join(sorted(prep_group)), "words": words, "role": role})
        else:
            subs = _tokenize(tok.strip("{}")) if tok.startswith("{") else [tok]
            for sub in subs:
                g = _petrarch_word(sub, synsets)
                if g:
                    (pre if before else obj).append("|".join(sorted(g)))
                elif re.search(r"[a-z&]", sub.lower()):
                    return None  # an unreadable word must not widen the pattern
    if pre:
        rec["pre"] = pre
    if obj:
        rec["object"] = obj
    if preps:
        rec["prep"] = preps
    rec["source"] = source
    rec["target"] = target
    return rec


def _verb_entry(line: str) -> tuple[str, list[str], tuple[str | None, str | None] | None] | None:
    """A verb line: ``(lemma, particles, own code)``; ``+ASK_FOR {...} [020]``."""
    text = re.sub(r"\{[^}]*\}", "", line.split("#")[0]).strip()
    codes = _parse_codes(text)
    text = _CODE.sub("", text).strip()
    if not text:
        return None
    words = text.split()[0].split("_")
    verb_at = next((i for i, w in enumerate(words) if w.startswith("+")), 0)
    words = [w.lstrip("+").lower() for w in words]
    words = [w for w in words if w]
    if not words or verb_at >= len(words):
        return None
    verb = words[verb_at]
    rest = [w for i, w in enumerate(words) if i != verb_at]
    return verb, rest, codes


def parse_petrarch_verbs(
    text: str, origin: str = "petrarch2", keep_reverse: bool = True
) -> list[dict[str, Any]]:
    """Convert a PETRARCH verb dictionary (CAMEO.2.0.txt format) to pattern records.

    Each block's verbs share its patterns; ``*`` is the verb, ``$`` the
    source, ``+`` the target, ``%`` a reciprocal actor, ``(PREP WORDS)`` a
    prepositional phrase, ``&SET`` a synonym set. Word order is not kept: a
    dependency parse places the words instead (object, phrases, subject side).

    Args:
        text: the dictionary's text.
        origin: prefix of the pattern ids.
        keep_reverse: keep CAMEO's paired codes (``[042:043]``: a visit and its
            hosting); when false, a pair of equal codes becomes a reciprocal
            pattern and an unequal pair keeps its first code only (PLOVER: the
            visitor is the source, the host the recipient).

    Returns:
        Pattern records (see :func:`pattern_from_record`).
    """
    synsets: dict[str, list[str]] = {}
    blocks: list[tuple[str, tuple[str | None, str | None], list[str], list[str]]] = []
    current_set: str | None = None
    for raw in text.splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "<!--")):
            continue
        if stripped.startswith("&"):
            # a trailing "_" marks a word with no inflected forms, not part of the name
            current_set = stripped.split()[0][1:].upper().rstrip("_")
            synsets[current_set] = []
            continue
        if stripped.startswith("+") and current_set is not None and not blocks:
            synsets[current_set].append(stripped[1:].split("#")[0].strip())
            continue
        if stripped.startswith("---"):
            current_set = None
            m = re.match(r"---\s*(\S+)\s*(\[[^\]]*\])?", stripped)
            name = m.group(1) if m else stripped
            codes = _parse_codes(m.group(2) or "") if m else None
            blocks.append((name, codes or (None, None), [], []))
            continue
        if not blocks:
            continue
        if stripped.startswith("+") and current_set is not None:
            synsets[current_set].append(stripped[1:].split("#")[0].strip())
            continue
        if stripped.startswith("-"):
            blocks[-1][3].append(stripped)
        else:
            blocks[-1][2].append(stripped)
    records: list[dict[str, Any]] = []
    for name, default, verbs, lines in blocks:
        simple: list[str] = []
        block_id = name.strip("_").lower()
        for entry in verbs:
            parsed = _verb_entry(entry)
            if parsed is None:
                continue
            verb, rest, own = parsed
            if not rest and own is None:
                simple.append(verb)
                continue
            code, reverse = own if own is not None else default
            rec: dict[str, Any] = {"id": f"{origin}:{block_id}:{verb}_{'_'.join(rest)}",
                                   "trigger": verb, "pos": "VERB", "cameo": code,
                                   "reverse": reverse}
            if not rest:
                rec["dyad"] = True
            particles = [w for w in rest if w in _PARTICLES]
            objs = [w for w in rest if w not in _PARTICLES]
            if particles:
                rec["particle"] = particles[0]
            if objs:
                rec["object"] = objs
            if code or reverse or rest:
                records.append(rec)
        if not simple:
            continue
        trigger = "|".join(dict.fromkeys(simple))
        for n, line in enumerate(lines, 1):
            conv = _convert_pattern(line, synsets)
            if conv is None:
                continue
            records.append({"id": f"{origin}:{block_id}:{n}", "trigger": trigger, "pos": "VERB",
                            **conv})
        if default[0] or default[1]:
            # the block's own verb takes its default code when the sentence names both
            # actors (PETRARCH's require_dyad); its WordNet synonyms take none: too many
            # of them are generic verbs ("give", "have", "hold")
            head_word = name.split("_")[0].lower()
            head = head_word if head_word in simple else simple[0]
            records.append({"id": f"{origin}:{block_id}:default", "trigger": head,
                            "pos": "VERB", "cameo": default[0], "reverse": default[1],
                            "source": "auto", "target": "auto", "dyad": True})
    if not keep_reverse:
        for rec in records:
            rev = rec.pop("reverse", None)
            if rev and rev == rec.get("cameo"):
                rec["reciprocal"] = True
            elif rev and not rec.get("cameo"):
                rec["cameo"] = None
    return records


# ---------------------------------------------------------------- index


@dataclass(frozen=True)
class PatternIndex:
    """Patterns indexed by ``(trigger lemma, pos)``, most specific first."""

    by_trigger: Mapping[tuple[str, str], tuple[Pattern, ...]]

    def lookup(self, lemma: str, pos: str) -> tuple[Pattern, ...]:
        """The patterns a word with this lemma and part of speech can trigger."""
        return self.by_trigger.get((lemma, pos), ())

    def __len__(self) -> int:
        return len({p.id for ps in self.by_trigger.values() for p in ps})


def build_index(patterns: Iterable[Pattern]) -> PatternIndex:
    """Index patterns by trigger; earlier-listed sources win ties of specificity."""
    table: dict[tuple[str, str], list[tuple[tuple[int, int, int], int, Pattern]]] = {}
    for order, p in enumerate(patterns):
        constrained = bool(p.obj or p.preps or p.pre or p.particle)
        # a user's and detente's own patterns before converted ones; constrained before defaults
        key = (1 if p.origin == "petrarch2" else 0, 0 if constrained else 1, -p.specificity)
        for trig in p.triggers:
            table.setdefault((trig, p.pos), []).append((key, order, p))
    return PatternIndex(
        {k: tuple(p for _, _, p in sorted(v, key=lambda t: (t[0], t[1]))) for k, v in table.items()}
    )


def read_pattern_file(path: str | Path) -> list[Pattern]:
    """Read a user pattern file: JSON Lines (``.jsonl``) or a PETRARCH verb dictionary.

    A PETRARCH verb dictionary is coded as PETRARCH codes it by default
    (``require_dyad``): each of its patterns needs both a source and a target.
    """
    p = Path(path)
    if p.suffix == ".jsonl":
        table = load_user_table(p)
        return [pattern_from_record(r, origin=p.name) for r in table.rows]
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{p}: cannot read pattern file ({exc})") from exc
    # PETRARCH's default configuration (PETR_config.ini, require_dyad = True): an event
    # from its own dictionary is coded only when both source and target are found
    return [pattern_from_record({**r, "dyad": True}, origin=p.name)
            for r in parse_petrarch_verbs(text, p.stem)]


@lru_cache(maxsize=8)
def load_patterns(extra: tuple[str, ...] = (), bundled: bool = True) -> PatternIndex:
    """Load the bundled patterns (and ``extra`` user files, tried first), indexed.

    Args:
        extra: paths of user pattern files (JSONL or PETRARCH format).
        bundled: include the bundled pattern files.
    """
    patterns: list[Pattern] = []
    for path in extra:
        patterns.extend(read_pattern_file(path))
    if bundled:
        for name in BUNDLED:
            origin = "petrarch2" if "petrarch" in name else "detente"
            patterns.extend(pattern_from_record(r, origin) for r in load_table(name).rows)
    index = build_index(patterns)
    log.debug("loaded %d event patterns", len(index))
    return index


def records_to_jsonl(records: Sequence[Mapping[str, Any]]) -> str:
    """Serialise pattern records, one JSON object a line, dropping empty fields."""
    lines = []
    for r in records:
        kept = {k: v for k, v in r.items() if v not in (None, "", [], "auto", False)}
        lines.append(json.dumps(kept, ensure_ascii=False))
    return "\n".join(lines) + "\n"
