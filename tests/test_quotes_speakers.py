"""Speakers: full names behind pronouns, surnames, titles and roles; affiliations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from detente.records import Quote


def _speaker_of(text: str, quotes: list[Quote], words: str) -> tuple[str | None, str | None]:
    """The speaker as written and resolved of the quote whose content holds ``words``."""
    for q in quotes:
        if words in text[q.start:q.end]:
            return q.speaker, q.speaker_name
    raise AssertionError(f"no quote holds {words!r}")


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        (
            "Ana Ortiz, a nurse from Quito, spoke first. “We need more doctors,” she said.",
            "more doctors",
            ("she", "Ana Ortiz"),
        ),
        (
            "Peter Hall, a farmer, was angry. “The prices are too low,” he said.",
            "prices are too low",
            ("he", "Peter Hall"),
        ),
        (
            "“We are ready,” said Alison Bodine, an activist. Later, Bodine said the "
            "campaign would continue.",
            "campaign would continue",
            ("Bodine", "Alison Bodine"),
        ),
        (
            "“It is a start,” said Maria Páez Victor, a sociologist. “It is not enough,” "
            "said Páez Victor.",
            "not enough",
            ("Páez Victor", "Maria Páez Victor"),
        ),
        (
            "Senator John Carter opposed the bill. Mr. Carter said it was rushed.",
            "it was rushed",
            ("Mr. Carter", "John Carter"),
        ),
        (
            "The mayor met Anna Berg, who said the city was broke.",
            "the city was broke",
            ("who", "Anna Berg"),
        ),
        (
            # a description, then the name set off by commas: both are the speaker
            "A spokesman for the Canadian foreign ministry, John Smith, said the road would "
            "reopen.",
            "the road would reopen",
            ("A spokesman for the Canadian foreign ministry, John Smith", "John Smith"),
        ),
        (
            # the name inside the description is not the speaker's
            "A spokesman for Hillary Clinton said the road would reopen.",
            "the road would reopen",
            ("A spokesman for Hillary Clinton", None),
        ),
    ],
)
def test_quotes_speakers_resolved_to_full_name(
    quotes_of: Callable[..., list[Quote]], text: str, words: str, expected: tuple[str, str | None]
) -> None:
    assert _speaker_of(text, quotes_of(text), words) == expected


def test_quotes_speakers_pronoun_agrees_in_gender(quotes_of: Callable[..., list[Quote]]) -> None:
    text = (
        "Mr. Daniel Reyes met Ms. Laura Chen in Lima. Reyes spoke about trade. "
        "“We need an agreement,” she said."
    )
    assert _speaker_of(text, quotes_of(text), "an agreement") == ("she", "Laura Chen")


def test_quotes_speakers_role_takes_the_person_it_described(
    quotes_of: Callable[..., list[Quote]]
) -> None:
    text = (
        "Genevieve Tremblay, a spokesperson for Global Affairs Canada, declined to comment "
        "on the talks. The spokesperson said that Canada remained open to dialogue."
    )
    speaker = _speaker_of(text, quotes_of(text), "remained open")
    assert speaker == ("The spokesperson", "Genevieve Tremblay")


def test_quotes_speakers_apposition_gives_affiliation(
    quotes_of: Callable[..., list[Quote]]
) -> None:
    text = (
        "Genevieve Tremblay, a spokesperson for Global Affairs Canada (GAC), said that "
        "officials were committed to dialogue."
    )
    quotes = quotes_of(text, date(2024, 1, 15))
    actor = quotes[0].speaker_actor
    assert actor is not None
    assert (actor.country, actor.sector) == ("CAN", "GOV")


EXAMPLE_SPEAKERS = [
    ("Canada remains prepared to engage", "Genevieve Tremblay", ("CAN", "GOV")),
    ("should have normal relations", "Maria Páez Victor", ("VEN", None)),
    ("we realized the mighty foreign enemies", "Maria Páez Victor", ("VEN", None)),
    ("with quite a vicious emphasis", "Maria Páez Victor", ("VEN", None)),
    ("would be a good step forward", "Alison Bodine", ("CAN", "CVL")),
    ("The democratic tragedy of Canada", "Maria Páez Victor", ("VEN", None)),
    ("always exhilarating for me", "Maria Páez Victor", ("VEN", None)),
    ("Every time I’ve traveled to Venezuela", "Alison Bodine", ("CAN", "CVL")),
    ("Venezuelan society is an engaged society", "Alison Bodine", ("CAN", "CVL")),
    ("Folks don’t know a lot", "Alison Bodine", ("CAN", "CVL")),
    ("there’s been a housing crisis", "Alison Bodine", ("CAN", "CVL")),
    ("Washington is a dangerous friend", "Maria Páez Victor", ("VEN", None)),
]


@pytest.fixture(scope="module")
def example_quotes(
    quotes_of: Callable[..., list[Quote]], shared_dir: Path
) -> tuple[str, list[Quote]]:
    text = (shared_dir / "examples" / "canada-venezuela-2024.txt").read_text(encoding="utf-8")
    return text, quotes_of(text, date(2024, 1, 15))


@pytest.mark.parametrize(("words", "name", "affiliation"), EXAMPLE_SPEAKERS)
def test_quotes_speakers_example_article(
    example_quotes: tuple[str, list[Quote]],
    words: str,
    name: str,
    affiliation: tuple[str, str | None],
) -> None:
    text, quotes = example_quotes
    holding = [q for q in quotes if words in text[q.start:q.end]]
    assert holding, f"no quote holds {words!r}"
    quote = holding[0]
    assert quote.speaker_name == name
    assert quote.speaker_actor is not None
    country, sector = affiliation
    assert quote.speaker_actor.country == country
    if sector is not None:
        assert quote.speaker_actor.sector == sector


def test_quotes_speakers_example_scare_quotes_left_out(
    example_quotes: tuple[str, list[Quote]],
) -> None:
    text, quotes = example_quotes
    contents = [text[q.start:q.end] for q in quotes]
    assert "“carve-outs”" not in contents
    assert "“low-ranking diplomats”" not in contents
    assert "“report back”" not in contents
