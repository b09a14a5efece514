"""Event coding on sentences written for these tests (real spaCy parses).

A small test-local resolver stands for the actor layer (country names,
demonyms and capitals of a few countries), so that these tests exercise the
event rules alone.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from spacy.tokens import Doc, Span

from detente.extract.events import extract_events
from detente.records import Actor, Event

NAMES = {
    "canada": "CAN", "canadian": "CAN", "ottawa": "CAN",
    "venezuela": "VEN", "venezuelan": "VEN", "caracas": "VEN", "maduro": "VEN",
    "united states": "USA", "u.s.": "USA", "washington": "USA", "american": "USA",
    "france": "FRA", "french": "FRA", "germany": "DEU", "german": "DEU",
    "russia": "RUS", "russian": "RUS", "russians": "RUS", "china": "CHN", "chinese": "CHN",
    "iran": "IRN", "iranian": "IRN", "israel": "ISR", "israeli": "ISR",
    "japan": "JPN", "japanese": "JPN", "peru": "PER", "cuba": "CUB",
}
PUBLISHED = date(2024, 2, 1)


class LocalResolver:
    """Country names and demonyms only: the test stand-in for the actor layer."""

    rx = re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, NAMES), key=len, reverse=True))
                    + r")(?!\w)", re.IGNORECASE)

    def mentions(self, doc: Doc, when: date | None) -> list[Actor]:
        return [Actor(m.group(0), m.start(), m.end(), NAMES[m.group(0).lower()], "GOV")
                for m in self.rx.finditer(doc.text)]

    def resolve_span(self, span: Span, when: date | None, mentions: list[Actor]) -> Actor | None:
        inside = [a for a in mentions if span.start_char <= a.start and a.end <= span.end_char]
        return inside[0] if inside else None

    def lookup(self, text: str, when: date | None) -> Actor | None:
        code = NAMES.get(text.lower())
        return Actor(text, 0, len(text), code) if code else None


def code(nlp, text: str, published: date | None = PUBLISHED) -> list[Event]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    res = LocalResolver()
    return extract_events(doc, doc_id="t", published=published,
                          actors=res.mentions(doc, published), resolver=res)


def triples(events: list[Event]) -> set[tuple[str | None, str | None, str]]:
    return {(e.source.country if e.source else None, e.target.country if e.target else None,
             e.cameo) for e in events}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Canada imposed sanctions on Venezuela.", ("CAN", "VEN", "163")),
        ("Sanctions were imposed on Venezuela by Canada.", ("CAN", "VEN", "163")),
        ("The United States hit Venezuela with new sanctions.", ("USA", "VEN", "163")),
        ("Washington eased sanctions on Venezuela.", ("USA", "VEN", "085")),
        ("Washington announced sanctions relief for Venezuela.", ("USA", "VEN", "085")),
        ("Canada broke off diplomatic relations with Venezuela.", ("CAN", "VEN", "161")),
        ("Ottawa expelled two Venezuelan diplomats.", ("CAN", "VEN", "161")),
        ("France restored diplomatic relations with Iran.", ("FRA", "IRN", "050")),
        ("Peru recognized Maduro as president.", ("PER", "VEN", "054")),
        ("Russia accused Germany of spying.", ("RUS", "DEU", "112")),
        ("China condemned the Japanese government.", ("CHN", "JPN", "111")),
        ("Israel arrested three Iranian journalists.", ("ISR", "IRN", "173")),
    ],
)
def test_events_verb_and_nominal_patterns(nlp, text: str, expected: tuple) -> None:  # type: ignore[no-untyped-def]
    assert expected in triples(code(nlp, text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. government has threatened to reimpose sanctions on Venezuela.",
         ("USA", "VEN", "1312")),
        ("Canada threatened to break off relations with Venezuela.", ("CAN", "VEN", "1313")),
        ("Canada is seeking to reestablish diplomatic relations with Venezuela.",
         ("CAN", "VEN", "032")),
        ("France offered to negotiate with Iran.", ("FRA", "IRN", "036")),
        ("China urged Japan to release the prisoners.", ("CHN", "JPN", "0253")),
        ("Germany demanded that Russia release the prisoners.", ("DEU", "RUS", "1053")),
        ("Russia rejected a French proposal for talks.", ("RUS", "FRA", "125")),
        ("Washington's decision to expel Russian diplomats angered Moscow.",
         ("USA", "RUS", "161")),
    ],
)
def test_events_frames_derive_codes(nlp, text: str, expected: tuple) -> None:  # type: ignore[no-untyped-def]
    assert expected in triples(code(nlp, text))


def test_events_refusal_is_never_recognition(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "The Canadian government still refuses to recognize Maduro as president.")
    assert not any(e.cameo == "054" and e.status == "actual" for e in events)
    assert any(e.cameo.startswith("12") and e.plover_event == "REJECT" for e in events)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Canada did not impose sanctions on Venezuela.", "negated"),
        ("Canada never recognized Maduro as president.", "negated"),
        ("Canada could impose sanctions on Venezuela if the election is not free.",
         "hypothetical"),
        ("Sanctions relief for Venezuela is contingent on a free election, said Washington.",
         "hypothetical"),
        ("Canada plans to impose new sanctions on Venezuela.", "future"),
        ("Canada imposed sanctions on Venezuela.", "actual"),
    ],
)
def test_events_status(nlp, text: str, status: str) -> None:  # type: ignore[no-untyped-def]
    events = [e for e in code(nlp, text) if e.cameo[:2] in ("05", "08", "13", "16")]
    assert events and events[0].status == status


def test_events_future_cooperation_is_intent(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "The German foreign minister will visit Russia next week.")
    assert ("DEU", "RUS", "036") in triples(events)
    assert all(e.plover_event == "AGREE" and e.status == "future" for e in events)


def test_events_future_conflict_is_threat(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "Canada said it would impose sanctions on Venezuela.")
    assert ("CAN", "VEN", "1312") in triples(events)


def test_events_coordinated_sources(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "Canada and France imposed sanctions on Iran.")
    assert {("CAN", "IRN", "163"), ("FRA", "IRN", "163")} <= triples(events)


def test_events_reciprocal_pairs(nlp) -> None:  # type: ignore[no-untyped-def]
    assert {("FRA", "DEU", "040"), ("DEU", "FRA", "040")} <= triples(
        code(nlp, "France and Germany met in Paris."))
    assert {("CHN", "JPN", "046"), ("JPN", "CHN", "046")} <= triples(
        code(nlp, "China held talks with Japan on Monday."))


def test_events_relative_clause_source(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "Venezuela protested against Canada, which imposed sanctions on Caracas.")
    assert ("CAN", "VEN", "163") in triples(events)


def test_events_statement_dropped_when_content_is_coded(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "Russia said it had expelled two German diplomats.")
    assert "010" not in {e.cameo for e in events}


def test_events_ontology_fields(nlp) -> None:  # type: ignore[no-untyped-def]
    event = next(e for e in code(nlp, "Canada imposed sanctions on Venezuela.")
                 if e.cameo == "163")
    assert event.plover_event == "SANCTION" and event.plover_mode == "discontinue"
    assert event.quad_class == 4 and event.goldstein < 0
    assert 0.0 < event.confidence <= 1.0 and event.rule


def test_events_spans(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "It rained. Canada imposed sanctions on Venezuela."
    event = next(e for e in code(nlp, text) if e.cameo == "163")
    assert text[event.start:event.end] == "Canada imposed sanctions on Venezuela."
    assert text[event.trigger_start:event.trigger_end] == "imposed sanctions"


@pytest.mark.parametrize(
    ("text", "date_", "precision", "historical"),
    [
        ("Canada imposed sanctions on Venezuela in 2019.", "2019", "year", True),
        ("Canada imposed sanctions on Venezuela in December 2023.", "2023-12", "month", False),
        ("Canada imposed sanctions on Venezuela on Wednesday.", "2024-01-31", "day", False),
        ("Canada imposed sanctions on Venezuela last fall.", "2023-09", "season", False),
    ],
)
def test_events_dates(nlp, text: str, date_: str, precision: str, historical: bool) -> None:  # type: ignore[no-untyped-def]
    event = next(e for e in code(nlp, text) if e.cameo == "163")
    assert (event.date, event.date_precision, event.historical) == (date_, precision, historical)
    assert not event.date_defaulted


def test_events_date_defaults_to_publication(nlp) -> None:  # type: ignore[no-untyped-def]
    event = next(e for e in code(nlp, "Canada has imposed sanctions on Venezuela.")
                 if e.cameo == "163")
    assert event.date == PUBLISHED.isoformat() and event.date_defaulted
    assert event.reported == PUBLISHED and not event.historical


def test_events_narrative_time(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("Canada recalled its ambassador from Caracas in 2019. "
            "Ottawa also imposed sanctions on Venezuela.")
    event = next(e for e in code(nlp, text) if e.cameo == "163")
    assert event.date == "2019" and event.historical and not event.date_defaulted


def test_events_no_publication_date(nlp) -> None:  # type: ignore[no-untyped-def]
    event = next(e for e in code(nlp, "Canada imposed sanctions on Venezuela.", None)
                 if e.cameo == "163")
    assert event.date is None and event.date_precision == "unknown" and event.reported is None
