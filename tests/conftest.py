"""The one global conftest: shared fixtures for the whole suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import pytest

from detente.records import Quote

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("DETENTE_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """Small inputs the project ships for its own tests."""
    return FIXTURES


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the project; tests needing it skip when it is absent."""
    if not (SHARED / "DESIGN.md").exists():
        pytest.skip(f"../shared is not beside the project (looked in {SHARED})")
    return SHARED


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """The real spaCy pipeline, loaded once for the session."""
    from detente.nlp import load_pipeline

    return load_pipeline()


class QuotesOf(Protocol):
    """Type of the ``quotes_of`` fixture: text (and publication date) to quotes."""

    def __call__(self, text: str, published: date | None = None) -> list[Quote]: ...


@pytest.fixture(scope="session")
def quotes_of(nlp: Any) -> QuotesOf:
    """Parse a text with the session pipeline and run the quote extractor on it.

    Actors come from the bundled resolver (``get_resolver()``) for ``published``;
    the document id is ``"t"``.
    """
    from detente.extract.actors import get_resolver
    from detente.extract.quotes import extract_quotes

    def _quotes_of(text: str, published: date | None = None) -> list[Quote]:
        doc = nlp(text)
        resolver = get_resolver()
        actors = resolver.mentions(doc, published)
        return extract_quotes(
            doc, doc_id="t", published=published, actors=actors, resolver=resolver
        )

    return _quotes_of


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    """A path for a real DuckDB file in a fresh temporary folder."""
    return tmp_path / "test.duckdb"


@pytest.fixture()
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No DETENTE_* settings leak in from the developer's environment."""
    for key in list(os.environ):
        if key.startswith("DETENTE_") and key != "DETENTE_SHARED":
            monkeypatch.delenv(key, raising=False)
    # The CLI's --actors option sets DETENTE_ACTORS for the process: make sure
    # monkeypatch removes it again after the test.
    monkeypatch.setenv("DETENTE_ACTORS", "")
    monkeypatch.delenv("DETENTE_ACTORS")
    yield
