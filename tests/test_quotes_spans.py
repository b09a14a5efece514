"""Source spans of the fifth round: a name between a quotation and its verb,
relative "that", passive relatives, infinitives on an object, plural polls
(texts written for these tests)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from detente.records import Quote


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“It is not the position that everything is hunky-dory,” Gene Sperling, a top "
         "outside Clinton adviser, said at a recent event on the economy in Iowa.",
         ("Gene Sperling", "“It is not the position that everything is hunky-dory,”")),
    ],
)
def test_quotes_name_between_quotation_and_verb(
    quotes_of: Callable[..., list[Quote]], text: str, expected: tuple[str, str]
) -> None:
    quotes = [q for q in quotes_of(text) if q.cue == "said"]
    assert [(q.speaker, text[q.start:q.end]) for q in quotes] == [expected]


@pytest.mark.parametrize(
    ("text", "cue", "not_speaker"),
    [
        ("Giuliani is now wearing a campaign hat that says the wall will be built.", "says", "that"),
        ("The reporters watched a slide show that predicted victory for the governor in every "
         "state.", "predicted", "that"),
        ("Delegates who are expected to support Clinton met in Philadelphia on Monday.",
         "expected", "Delegates"),
    ],
)
def test_quotes_relative_without_speaker(
    quotes_of: Callable[..., list[Quote]], text: str, cue: str, not_speaker: str
) -> None:
    speakers = [q.speaker for q in quotes_of(text) if q.cue == cue]
    assert not_speaker not in speakers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The senator took the opportunity to say that the bank had failed.", "The senator"),
    ],
)
def test_quotes_infinitive_on_object_speaks_with_verb(
    quotes_of: Callable[..., list[Quote]], text: str, expected: str
) -> None:
    assert [q.speaker for q in quotes_of(text) if q.cue == "say"] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Clinton leads Trump in national polls by three points.", []),
        ("In a new poll, Smith leads Jones by four points.", ["a new poll"]),
    ],
)
def test_quotes_plural_polls_are_no_source(
    quotes_of: Callable[..., list[Quote]], text: str, expected: list[str]
) -> None:
    assert [q.speaker for q in quotes_of(text) if q.cue and q.cue.lower() == "in"] == expected
