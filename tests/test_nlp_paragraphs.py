"""Paragraph breaks start sentences before the parser (detente.nlp.paragraph_starts)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from detente.nlp import PARAGRAPHS


def _sentence_starts(nlp: Language, text: str) -> list[str]:
    return [s[0].text for s in nlp(text).sents if not s[0].is_space]


def test_nlp_paragraph_component_runs_before_the_parser(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names.index(PARAGRAPHS) < names.index("parser")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a blank line ends a sentence even after a closing quotation mark or a colon
        ("Why not ask about the issues people care about?”\n\nCruz was brilliantly "
         "articulate as he recapitulated the debate.", "Cruz"),
        ("It was the stage itself:\n\n“The clear winner of Tuesday night was the crowd.”",
         "“"),
        ("Polls closed at 9:05 a.m.\n\nDemocratic candidate Bernie Sanders is disavowing "
         "the remarks.", "Democratic"),
        # a single line break ends one after a mark that can end a sentence
        ("The border is closed to the U.S.\nChris Christie added that he agreed.", "Chris"),
    ],
)
def test_nlp_paragraph_break_starts_a_sentence(nlp: Language, text: str, expected: str) -> None:
    assert expected in _sentence_starts(nlp, text)


def test_nlp_wrapped_line_keeps_its_sentence_whole(nlp: Language) -> None:
    text = "The minister said that the talks would\nresume in Geneva next week."
    assert _sentence_starts(nlp, text) == ["The"]
