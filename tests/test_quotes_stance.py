"""Fourth round: adjectives and verb phrases of stance, and speaker repairs
(texts written for these tests)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from detente.records import Quote


def _pairs(quotes_of: Callable[..., list[Quote]], text: str) -> list[tuple[str | None, str]]:
    return [(q.speaker, text[q.start:q.end]) for q in quotes_of(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The finance minister is convinced that the deal will hold.",
         ("The finance minister", "that the deal will hold")),
        ("Several senators are concerned that the sanctions could hurt farmers.",
         ("Several senators", "that the sanctions could hurt farmers")),
        ("The opposition leader is critical of the new border agreement.",
         ("The opposition leader", "the new border agreement")),
        ("Officials in Ottawa are eager to resume the talks.",
         ("Officials in Ottawa", "to resume the talks")),
        ("Maria Lopez, a longtime critic of the embassy closure, spoke at the rally.",
         ("Maria Lopez", "the embassy closure")),
        ("Teachers unions were among the earliest supporters of Hillary Clinton.",
         ("Teachers unions", "Hillary Clinton")),
        ("Sarandon is one of the supporters of Sanders.", ("Sarandon", "Sanders")),
    ],
)
def test_quotes_stance_adjective(
    quotes_of: Callable[..., list[Quote]], text: str, expected: tuple[str, str]
) -> None:
    assert expected in _pairs(quotes_of, text)


@pytest.mark.parametrize(
    "text",
    [
        "It is clear that the talks failed.",  # no one holds the stance
        "The worried voters stayed home.",  # no copula: no statement of stance
        "The minister was happy.",  # no content of its own
    ],
)
def test_quotes_stance_adjective_needs_holder_and_content(
    quotes_of: Callable[..., list[Quote]], text: str
) -> None:
    cues = {q.cue for q in quotes_of(text)}
    assert not cues & {"clear", "worried", "happy"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ambassador made it clear that Canada would not reopen the embassy.",
         ("The ambassador", "that Canada would not reopen the embassy")),
        ("The prime minister took aim at the government's trade policy.",
         ("The prime minister", "the government's trade policy")),
        ("The union came out against the pipeline.", ("The union", "the pipeline")),
        ("The senator fired back at her critics on Monday.", ("The senator", "her critics")),
    ],
)
def test_quotes_stance_phrase(
    quotes_of: Callable[..., list[Quote]], text: str, expected: tuple[str, str]
) -> None:
    assert expected in _pairs(quotes_of, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Opposition leaders welcomed the talks, and the foreign minister contradicted the report.",
         "the foreign minister"),
        ("The mayor disavowed the comments made by his aide.", "The mayor"),
    ],
)
def test_quotes_stance_new_verbs(
    quotes_of: Callable[..., list[Quote]], text: str, expected: str
) -> None:
    assert expected in [q.speaker for q in quotes_of(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an inverted speaker followed by an apposition or a relative clause
        ("“We will not accept a deal that hurts our workers,” said Richard L. Trumka, president "
         "of the union.", "Richard L. Trumka"),
        ("“The border must stay open for trade,” said the woman, who did not want to be named.",
         "the woman"),
        ("“We have no choice but to wait,” said retired diplomat Jean Dubois, asked about the "
         "sanctions.", "retired diplomat Jean Dubois"),
        # an apposition chain after an opening phrase swallowed the subject
        ("In a call with reporters on Monday, Col. John Smith, a military spokesman in Baghdad, "
         "said, “The raid was a combat operation.”", "Col. John Smith"),
        # a participle clause took the subject of the verb of saying
        ("But Sen. Mary Jones (D-Ill.), noting the size of the crowd, said, “We have the votes.”",
         "Sen. Mary Jones"),
    ],
)
def test_quotes_stance_repaired_speaker(
    quotes_of: Callable[..., list[Quote]], text: str, expected: str
) -> None:
    quotes = quotes_of(text)
    marked = [q for q in quotes if q.cue == "said"]
    assert marked and marked[0].speaker == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "called for X to Y", which the parser reads as a "for" clause
        ("After the vote, the senator called for the minister to resign.",
         ("the senator", "the minister to resign")),
        # a listener and an infinitive after "tell"
        ("The president told the ambassador to return home.",
         ("The president", "the ambassador to return home")),
        # the one who ran the advertisements speaks, not the advertisements
        ("The group ran advertisements criticizing the minister as weak.",
         ("The group", "the minister as weak")),
    ],
)
def test_quotes_stance_object_content(
    quotes_of: Callable[..., list[Quote]], text: str, expected: tuple[str, str]
) -> None:
    assert expected in _pairs(quotes_of, text)


@pytest.mark.parametrize(
    "text",
    [
        "Q: Will the embassy reopen this year?\n\nA: Not before the election, I think.",
        "The vote was delayed again. That suggests the coalition is divided.",
    ],
)
def test_quotes_stance_no_pronoun_or_letter_speaker(
    quotes_of: Callable[..., list[Quote]], text: str
) -> None:
    speakers = {q.speaker for q in quotes_of(text)}
    assert not speakers & {"Q", "A", "that"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # whose view it is
        ("In their view, the sanctions will not change the government's course.", "their"),
        ("In the eyes of many diplomats, the embassy closure was a mistake.", "many diplomats"),
        # a relative "that" is the source as written (PolNeAR's span)
        ("New polls that show the treaty is popular were released on Monday.", "that"),
        # a possessive pronoun before a cue noun gives way to the clause's subject
        ("After the vote, the senator stepped up his attacks on the treaty.", "the senator"),
    ],
)
def test_quotes_stance_source_span(
    quotes_of: Callable[..., list[Quote]], text: str, expected: str
) -> None:
    assert expected in [q.speaker for q in quotes_of(text)]
