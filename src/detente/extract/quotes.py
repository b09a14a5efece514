"""Quote extractor (placeholder until the quote extractor lands: finds nothing)."""

from __future__ import annotations

from datetime import date
from typing import Any

from spacy.tokens import Doc

from detente.records import Actor, Quote


def extract_quotes(
    doc: Doc, *, doc_id: str, published: date | None, actors: list[Actor], resolver: Any
) -> list[Quote]:
    """The quotes of one parsed article."""
    return []
