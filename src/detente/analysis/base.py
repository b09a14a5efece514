"""What every analysis shares: the read interface and country names.

Analyses read through anything with a ``query(sql, params)`` method that
returns rows as dicts: a :class:`detente.store.Store` or the dashboard's
per-request reader. Every statement is parameterised.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

from detente.data import load_table
from detente.errors import NotFoundError


class Queryable(Protocol):
    """Read access to a store: parameterised SQL in, rows as dicts out."""

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Run a parameterised query."""
        ...


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    lookup: dict[str, str] = {}
    for row in load_table("actors/countries.csv").rows:
        code = row["code"]
        names[code] = row["name"]
        for field in ("name", "aliases"):
            for alias in (row.get(field) or "").split("|"):
                if alias.strip():
                    lookup.setdefault(alias.strip().casefold(), code)
        lookup[code.casefold()] = code
    return names, lookup


def country_name(code: str | None) -> str:
    """The English short name of a country code (the code itself when unknown)."""
    if not code:
        return "unknown"
    return _countries()[0].get(code, code)


def resolve_country(text: str) -> str:
    """A country code from what a user typed: ``CAN``, ``can``, ``Canada``.

    Codes that are not countries but are used for actors (``EUR``, ``UNO``,
    ``IGO`` ...) are accepted as three upper- or lower-case letters.

    Raises:
        NotFoundError: the text is neither a known name nor a 3-letter code.
    """
    key = " ".join(text.split()).casefold()
    code = _countries()[1].get(key)
    if code:
        return code
    if len(key) == 3 and key.isalpha() and key.isascii():
        return key.upper()
    raise NotFoundError(
        f"unknown country {text!r}: use an ISO 3166-1 alpha-3 code (CAN) or a name (Canada)"
    )


def cameo_name(code: str | None) -> str:
    """The CAMEO 1.1b3 name of an event code (the code itself when unknown)."""
    if not code:
        return ""
    from detente.extract.event_ontology import code_info

    return code_info(code).name
