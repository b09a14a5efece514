"""Event coder (placeholder until the event coder lands: codes nothing)."""

from __future__ import annotations

from datetime import date
from typing import Any

from spacy.tokens import Doc

from detente.records import Actor, Event


def extract_events(
    doc: Doc, *, doc_id: str, published: date | None, actors: list[Actor], resolver: Any
) -> list[Event]:
    """The events of one parsed article."""
    return []
