"""PETRARCH-style loose matching, coordinated lists, co-coded actors and home targets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

from detente.extract.actors import get_resolver
from detente.extract.event_patterns import parse_petrarch_verbs
from detente.extract.events import extract_events, use_patterns
from detente.records import Event

PUBLISHED = date(2000, 1, 1)

ROWS = (
    ("Freedonia", "FRE", "", "", "", ""),
    ("Sylvania", "SYL", "", "", "", ""),
    ("Tomainia", "TOM", "", "", "", ""),
    ("Osterlich", "OST", "", "", "", ""),
    # one phrase, two actors (PETRARCH2's "[DUC/GRA]")
    ("the Duchy", "DUC", "", "", "", ""),
    ("the Duchy", "GRA", "", "", "", ""),
)

VERBS = """
&PREPS_
+ON
+AGAINST

&NEGAUX
+DID N'T
+WILL NOT

--- SPAR [111] ---
SPAR
- &NEGAUX * OVER PLANS  [904]
- * OVER PLANS  [121]
- * &PREPS PROPOSAL  [102]
- DECLARED WOULD * NOW  [1010]
"""


def _code(
    nlp: Language, text: str, rows: tuple[tuple[str, ...], ...] = ()
) -> set[tuple[str | None, str | None, str]]:
    resolver = get_resolver((rows,)) if rows else get_resolver()
    doc = nlp(text)
    events: list[Event] = extract_events(
        doc, doc_id="t", published=PUBLISHED, actors=resolver.mentions(doc, PUBLISHED),
        resolver=resolver,
    )
    return {(e.source.code if e.source else None, e.target.code if e.target else None, e.cameo)
            for e in events}


@pytest.fixture(scope="module")
def verbs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("verbs") / "verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    return path


def test_events_petrarch_synset_trailing_underscore() -> None:
    records = {r["id"]: r for r in parse_petrarch_verbs(VERBS, "t")}
    assert set(records["t:spar:3"]["object"][0].split("|")) >= {"on", "against"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sylvania didn't spar over the plans of Osterlich.", "904"),  # a "pre" phrase in order
        ("Sylvania sparred over the plans of Osterlich.", "121"),  # object words in a PP
        ("Sylvania sparred on a proposal with Osterlich.", "102"),  # a set ending in "_"
        ("Sylvania declared it would spar now with Osterlich.", "1010"),  # a governing verb
    ],
)
def test_events_petrarch_loose_matching(
    nlp: Language, verbs: Path, text: str, expected: str
) -> None:
    with use_patterns([verbs]):
        found = _code(nlp, text, ROWS)
    assert ("SYL", "OST", expected) in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a list the parser reads as an apposition ("Freedonia, (the Duchy, ...)")
        ("Freedonia, the Duchy, Tomainia and Sylvania imposed sanctions on Osterlich.",
         {"FRE", "DUC", "GRA", "TOM", "SYL"}),
        # a co-coded phrase names both of its actors
        ("Freedonia and the Duchy imposed sanctions on Osterlich.", {"FRE", "DUC", "GRA"}),
        # modifiers between the conjunction and the second name
        ("Tomainia and the evil awful Sylvania imposed sanctions on Osterlich.", {"TOM", "SYL"}),
    ],
)
def test_events_coordinated_sources_lists(nlp: Language, text: str, expected: set[str]) -> None:
    found = _code(nlp, text, ROWS)
    assert {s for s, t, c in found if t == "OST" and c == "163"} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tens of thousands of students throughout Indonesia staged demonstrations on Saturday.",
         ("IDNEDU", "IDN", "141")),
        ("Hundreds of farmers in Chile staged a protest on Monday.", ("CHLAGR", "CHL", "141")),
        ("The Algerian government imposed a curfew on Monday.", ("DZAGOV", "DZA", "1723")),
    ],
)
def test_events_home_target(nlp: Language, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _code(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "Iran threatened to retaliate.",  # a threat: no domestic default
        "Students in Kenya staged demonstrations against Britain.",  # a stated recipient
    ],
)
def test_events_home_target_not_assumed(nlp: Language, text: str) -> None:
    found = _code(nlp, text)
    assert found and not any(s and t and s[:3] == t[:3] for s, t, _ in found)
