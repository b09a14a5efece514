"""Speaker attachment: datelines, inverted speakers, passive heads, "in a
statement", linking phrases and colon labels (texts written for these tests)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from detente.records import Quote


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a dateline the parser takes for the subject
        ("LONDON (Reuters) - Foreign Minister Jane Dupont said Canada would keep its embassy open.",
         "Foreign Minister Jane Dupont"),
        ("CARACAS, May 3 (AP) — The opposition leader told supporters that the vote had been stolen.",
         "The opposition leader"),
        # an age closes the apposition chain the opening phrase swallowed
        ("As part of his plea, Marcel Lazar, 44, said that he had victimized nearly 100 "
         "Americans.", "Marcel Lazar"),
        # a dateline in title case, with the agency in brackets
        ("Clinton speaks.\n\nWashington (AFP) – Democrat Hillary Clinton said Tuesday that the "
         "vote would be close.", "Democrat Hillary Clinton"),
        # the speaker after the verb, which has no subject
        ("“There is no going back for the people of this country after the election,” added "
         "another opposition lawmaker.", "another opposition lawmaker"),
        # a verb coordinated with a passive one shares its subject
        ("The minister was pressed by reporters for an hour and said that the talks had failed.",
         "The minister"),
        # a statement or speech is the words of the clause's subject
        ("In a speech in Ottawa, the prime minister set out his plan for the north.",
         "the prime minister"),
        # a poll is its own source
        ("In a new poll, Smith leads Jones by four points.", "a new poll"),
    ],
)
def test_quotes_attach_speaker(
    quotes_of: Callable[..., list[Quote]], text: str, expected: str
) -> None:
    assert expected in [q.speaker for q in quotes_of(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("That said, the ministry has not changed its position on the sanctions.", "said"),
        ("All told, the three agencies spent more than $2 million on the program.", "told"),
        ("Editor's note: This article was updated on Monday with new figures.", ":"),
        ("A statement on Friday was expected from the ministry.", "statement"),
    ],
)
def test_quotes_attach_not_an_attribution(
    quotes_of: Callable[..., list[Quote]], text: str, expected: str
) -> None:
    assert expected not in [q.cue for q in quotes_of(text)]


def test_quotes_attach_label_names_speaker(quotes_of: Callable[..., list[Quote]]) -> None:
    quotes = quotes_of("Trudeau: Canada will not back down on tariffs.")
    assert [(q.speaker, q.cue) for q in quotes] == [("Trudeau", ":")]


def test_quotes_attach_transcript_turns(quotes_of: Callable[..., list[Quote]]) -> None:
    # a label that opens two paragraphs marks a transcript's turns, even when the
    # tagger misses that it is a name
    text = ("Matthews: Well, speculation is bad.\n\nLopez: Well, no one is like that.\n\n"
            "Matthews: Here is the irony of our time.")
    found = [(q.speaker, text[q.start:q.end]) for q in quotes_of(text)]
    assert ("Matthews", "Here is the irony of our time.") in found


def test_quotes_attach_signed_quotation(quotes_of: Callable[..., list[Quote]]) -> None:
    # a quotation that closes its paragraph, signed on the next line after a dash
    text = ('Sanders spoke.\n\n"Almost all new income is going to the top 1 percent."\n\n'
            '- Bernie Sanders.\n\n"I will look into it, and I will certainly look into it."\n\n'
            '-President Obama, tweeting after the speech.\n')
    found = [(q.speaker, text[q.start:q.end][:12]) for q in quotes_of(text)]
    assert found == [("Bernie Sanders", '"Almost all '), ("President Obama", '"I will look')]


def test_quotes_attach_in_phrase_hung_on_quotation(quotes_of: Callable[..., list[Quote]]) -> None:
    # the parser hung "In an interview" on the quoted verb: no "I" speaks it
    text = ('In an interview with TMZ Sports, Walker said, "I have had a lot of people cancel '
            'speech engagements with me."')
    assert {q.speaker for q in quotes_of(text)} == {"Walker"}


def test_quotes_attach_metadata_line_is_no_label(quotes_of: Callable[..., list[Quote]]) -> None:
    text = "BYLINE: Amber Phillips.\n\nClinton: Keep it simple and win the state."
    assert [q.speaker for q in quotes_of(text)] == ["Clinton"]
