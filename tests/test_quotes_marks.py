"""Quotation marks: which spans of a text stand between them."""

from __future__ import annotations

import pytest

from detente.extract.quote_marks import find_marked_spans


def _quoted(text: str) -> list[str]:
    return [text[s.start:s.end] for s in find_marked_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “we will go” today.", ["“we will go”"]),
        ('He said "we will go" today.', ['"we will go"']),
        ("Il a dit « nous irons » hier.", ["« nous irons »"]),
        ("Er sagte „wir gehen“ heute.", ["„wir gehen“"]),
        ("He said ''we will go'' today.", ["''we will go''"]),
        ("He said ‘we will go’ today.", ["‘we will go’"]),
        ("He said 'we will go' today.", ["'we will go'"]),
    ],
)
def test_quotes_marks_styles(text: str, expected: list[str]) -> None:
    assert _quoted(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Valls’ comments and the ’90s don’t open quotes.", []),
        ("It wasn't Chris' fault, they're sure.", []),
        ("“Our view,” she said, “is that ‘no’ means no.”", ["“Our view,”", "“is that ‘no’ means no.”"]),
    ],
)
def test_quotes_marks_apostrophes_and_nesting(text: str, expected: list[str]) -> None:
    assert _quoted(text) == expected


def test_quotes_marks_paragraph_continuation() -> None:
    text = "She said: “The first part goes on.\n\n“The second part ends here,” she added.\n\nLater."
    spans = find_marked_spans(text)
    assert [(text[s.start:s.end], s.paragraphs) for s in spans] == [
        ("“The first part goes on.\n\n“The second part ends here,”", 2)
    ]


def test_quotes_marks_unclosed_ends_with_paragraph() -> None:
    text = "He wrote: “This never closes\n\nA new paragraph with no mark."
    spans = find_marked_spans(text)
    assert [(text[s.start:s.end], s.closed) for s in spans] == [("“This never closes", False)]


def test_quotes_marks_mixed_styles_close() -> None:
    text = '“We will build it," he said. "It will be built.”'
    assert _quoted(text) == ['“We will build it,"', '"It will be built.”']


def test_quotes_marks_counts_words() -> None:
    text = "the so-called “carve-outs” and “a much longer quoted sentence here”"
    assert [s.words for s in find_marked_spans(text)] == [1, 6]
