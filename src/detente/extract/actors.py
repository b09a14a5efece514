"""Actor resolver (placeholder until the actor layer lands: finds nothing)."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date
from functools import lru_cache

from spacy.tokens import Doc, Span

from detente.records import Actor


class ActorResolver:
    """Resolves actor mentions in documents."""

    def mentions(self, doc: Doc, when: date | None) -> list[Actor]:
        """All actor mentions in ``doc``."""
        return []

    def resolve_span(self, span: Span, when: date | None, mentions: list[Actor]) -> Actor | None:
        """The actor of a noun phrase."""
        return None

    def lookup(self, text: str, when: date | None) -> Actor | None:
        """Resolve a free text."""
        return None


@lru_cache(maxsize=8)
def get_resolver(extra: tuple[Hashable, ...] = ()) -> ActorResolver:
    """The resolver for the bundled dictionaries plus ``extra`` ones (cached)."""
    return ActorResolver()
