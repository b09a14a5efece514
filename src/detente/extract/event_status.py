"""Event status: the PLOVER 2.0 auxiliary modes (negation, future, hypothetical).

Cues are data (``events/status-cues.csv``) and frames (``events/frames.csv``).
Rules, in order of precedence (PLOVER manual, "Auxiliary modes"):

1. ``negated``: a negation ("not", "never", "no sanctions") on the event word
   or on a word that frames it, or a negating frame ("failed to").
2. ``hypothetical``: a conditional clause on the way up ("if", "unless"), a
   condition phrase ("contingent on"), or a modal ("could", "might", "would"
   outside reported speech).
3. ``future``: "will", "would" under a reporting verb ("said it would"), a
   future frame ("plans to", "is expected to", "scheduled to"), or an event
   date after publication.
4. ``actual`` otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from detente.data import load_table

PRECEDENCE = ("negated", "hypothetical", "future", "actual")


@dataclass(frozen=True)
class Cues:
    """The status cues: word -> [(status, dependency relations)]."""

    by_word: dict[str, tuple[tuple[str, frozenset[str]], ...]]
    reporting: frozenset[str]

    def statuses(self, tok: Token) -> set[str]:
        """Statuses that ``tok``'s own dependents give it."""
        out: set[str] = set()
        for c in tok.children:
            for status, deps in self.by_word.get(c.lower_, ()):
                if status in ("report", "obligation"):
                    continue
                if "word" in deps or c.dep_ in deps:
                    out.add(status)
        return out

    def obligation(self, tok: Token) -> bool:
        """True when ``tok`` carries "must"/"should" (a demand when reported)."""
        for c in tok.children:
            for status, deps in self.by_word.get(c.lower_, ()):
                if status == "obligation" and c.dep_ in deps:
                    return True
        return False

    def is_condition_word(self, tok: Token) -> bool:
        """True for "contingent", "conditional", ... (any relation)."""
        return any(s == "hypothetical" and "word" in d for s, d in self.by_word.get(tok.lower_, ()))


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """Load ``events/status-cues.csv`` once."""
    table: dict[str, list[tuple[str, frozenset[str]]]] = {}
    reporting: set[str] = set()
    for row in load_table("events/status-cues.csv").rows:
        if row["status"] == "report":
            reporting.add(row["cue"])
            continue
        table.setdefault(row["cue"], []).append((row["status"], frozenset(row["dep"].split("|"))))
    return Cues({k: tuple(v) for k, v in table.items()}, frozenset(reporting))


def under_report(tok: Token, cues: Cues) -> Token | None:
    """The reporting verb whose clause contains ``tok`` ("said that ..."), or ``None``."""
    cur = tok
    for _ in range(6):
        if cur.head == cur:
            return None
        if cur.dep_ in ("ccomp", "parataxis") and cur.head.lemma_.lower() in cues.reporting:
            return cur.head
        if cur.dep_ in ("ccomp", "advcl", "relcl"):
            return None
        cur = cur.head
    return None


def conditional(tok: Token, cues: Cues) -> bool:
    """True when an enclosing clause is conditional ("if", "unless", "contingent on")."""
    cur = tok
    for _ in range(10):
        for c in cur.children:
            if c.dep_ == "mark" and any(
                s == "hypothetical" and "mark" in d for s, d in cues.by_word.get(c.lower_, ())
            ):
                return True
            if c.dep_ in ("acomp", "amod", "prep", "advmod") and cues.is_condition_word(c):
                return True
        if cues.is_condition_word(cur):
            return True
        if cur.head == cur:
            return False
        cur = cur.head
    return False


def decide(
    trigger: Token,
    chain: Iterable[Token],
    frame_statuses: Iterable[str],
    cues: Cues,
) -> str:
    """The status of an event from its trigger, the words that frame it, and their cues.

    Args:
        trigger: the event word.
        chain: the words above it that frame it (innermost first), including
            a verb that governs a nominal event ("announced sanctions").
        frame_statuses: statuses imposed by frames and derived codes.
        cues: the status cues.
    """
    found: set[str] = {s for s in frame_statuses if s}
    words = [trigger, *chain]
    for tok in words:
        statuses = cues.statuses(tok)
        if "hypothetical" in statuses and under_report(tok, cues) is not None:
            # "said it would impose sanctions": future in the past
            aux = {c.lower_ for c in tok.children if c.dep_ == "aux"}
            if aux & {"would", "'d"} and not aux & {"could", "might", "may", "should", "can"}:
                statuses.discard("hypothetical")
                statuses.add("future")
        found |= statuses
    top = words[-1]
    if conditional(top, cues) or conditional(trigger, cues):
        found.add("hypothetical")
    for status in PRECEDENCE:
        if status in found:
            return status
    return "actual"
