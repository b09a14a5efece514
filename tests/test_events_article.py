"""The example article (../shared/examples/canada-venezuela-2024.txt), coded end to end.

It is the kind of article detente must read well: sanctions relief and threats
to reimpose, relations broken in 2019 and sought again, a government that
"still refuses to recognize" a president, and history (2002, 2013, 2019)
inside a 2024 article. The actor layer is the real one.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from detente.extract.actors import get_resolver
from detente.extract.events import extract_events
from detente.records import Event

PUBLISHED = date(2024, 2, 1)


@pytest.fixture(scope="module")
def events(nlp, shared_dir: Path) -> list[Event]:  # type: ignore[no-untyped-def]
    text = (shared_dir / "examples" / "canada-venezuela-2024.txt").read_text(encoding="utf-8")
    doc = nlp(text)
    resolver = get_resolver()
    return extract_events(doc, doc_id="example", published=PUBLISHED,
                          actors=resolver.mentions(doc, PUBLISHED), resolver=resolver)


def _find(events: list[Event], source: str, target: str | None, prefix: str) -> list[Event]:
    return [e for e in events
            if e.source is not None and e.source.country == source
            and (target is None or (e.target is not None and e.target.country == target))
            and e.cameo.startswith(prefix)]


def test_events_article_us_eases_sanctions(events: list[Event]) -> None:
    found = _find(events, "USA", "VEN", "085")
    assert found and all(e.status == "actual" and not e.historical for e in found)


def test_events_article_us_threatens_to_reimpose(events: list[Event]) -> None:
    found = _find(events, "USA", "VEN", "1312")
    assert found and found[0].status == "actual" and found[0].plover_event == "THREATEN"


def test_events_article_canada_intends_to_restore_relations(events: list[Event]) -> None:
    found = _find(events, "CAN", "VEN", "03")
    assert found and found[0].plover_event == "AGREE"


def test_events_article_canada_2019_actions_historical(events: list[Event]) -> None:
    sanctions = _find(events, "CAN", None, "163")
    credentials = _find(events, "CAN", "VEN", "161")
    assert sanctions and all(e.historical and e.date == "2019" for e in sanctions)
    assert credentials and all(e.historical and e.date == "2019" for e in credentials)


def test_events_article_2002_coup_historical(events: list[Event]) -> None:
    coup = [e for e in events if e.date == "2002" and e.plover_event == "ASSAULT"]
    assert coup and all(e.historical for e in coup)


def test_events_article_no_recognition_of_maduro(events: list[Event]) -> None:
    assert not [e for e in events if e.cameo == "054" and e.status == "actual"
                and e.source is not None and e.source.country == "CAN"]
    assert _find(events, "CAN", "VEN", "12")


def test_events_article_evidence_spans(events: list[Event], shared_dir: Path) -> None:
    text = (shared_dir / "examples" / "canada-venezuela-2024.txt").read_text(encoding="utf-8")
    for e in events:
        assert e.start <= e.trigger_start < e.trigger_end <= e.end
        assert text[e.start:e.end].strip()
