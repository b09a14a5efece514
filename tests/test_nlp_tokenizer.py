"""The tokenizer splits quotation marks glued to words (detente.nlp.split_glued_quotes)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from detente.nlp import split_glued_quotes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He told me,”Clinton said.", ["me", ",", "”", "Clinton"]),
        ("It was “fine.”The senator left.", ["fine", ".", "”", "The"]),
        ("She said “no”and left.", ["no", "”", "and"]),
        ('He said,"I am here."', ["said", ",", '"', "I"]),
    ],
)
def test_nlp_glued_quote_marks_become_tokens(nlp: Language, text: str, expected: list[str]) -> None:
    words = [t.text for t in nlp.tokenizer(text)]
    start = words.index(expected[0])
    assert words[start : start + len(expected)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Canada’s minister didn’t go.", ["Canada", "’s", "minister", "did", "n’t", "go", "."]),
        ("The U.S.-led talks", ["The", "U.S.-led", "talks"]),
    ],
)
def test_nlp_apostrophes_and_words_stay_whole(nlp: Language, text: str, expected: list[str]) -> None:
    assert [t.text for t in nlp.tokenizer(text)] == expected


def test_nlp_split_glued_quotes_is_idempotent(nlp: Language) -> None:
    split_glued_quotes(nlp)
    split_glued_quotes(nlp)
    pattern: str = nlp.tokenizer.infix_finditer.__self__.pattern  # type: ignore[union-attr]
    assert pattern.count("[“”„«»\"]") == 1
