"""Quote extraction on short texts: direct, split, multi-paragraph, indirect, mixed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from detente.records import Quote


def _content(text: str, quote: Quote) -> str:
    return text[quote.start:quote.end]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“We will not back down,” she said on Monday.",
            ("“We will not back down,”", "said", "she"),
        ),
        (
            "“Sanctions hurt ordinary people,” said Maria Lopez, a teacher in Caracas.",
            ("“Sanctions hurt ordinary people,”", "said", "Maria Lopez"),
        ),
        (
            'The minister told reporters: "Our position has not changed at all."',
            ('"Our position has not changed at all."', "told", "The minister"),
        ),
        (
            "Il a dit: « Nous ne reculerons pas devant eux. »\n\nJohn Smith said: « We will not retreat from them. »",
            ("« We will not retreat from them. »", "said", "John Smith"),
        ),
    ],
)
def test_quotes_extract_direct(
    quotes_of: Callable[..., list[Quote]], text: str, expected: tuple[str, str, str]
) -> None:
    quotes = [q for q in quotes_of(text) if q.kind == "direct"]
    found = [(_content(text, q), q.cue, q.speaker) for q in quotes]
    assert expected in found


def test_quotes_extract_split_quote_is_one(quotes_of: Callable[..., list[Quote]]) -> None:
    text = "“With the coup,” said Maria Lopez, “we saw who our enemies were.”"
    quotes = quotes_of(text)
    assert len(quotes) == 1
    quote = quotes[0]
    assert (quote.start, quote.end) == (0, len(text))
    assert [text[s:e] for s, e in quote.fragments] == [
        "“With the coup,”",
        "“we saw who our enemies were.”",
    ]
    assert (quote.kind, quote.speaker) == ("direct", "Maria Lopez")


def test_quotes_extract_split_across_sentences(quotes_of: Callable[..., list[Quote]]) -> None:
    text = "“It is unusual,” Ms. Warren said. “I ask, for whom exactly is this plan meant?”"
    quotes = quotes_of(text)
    assert len(quotes) == 1
    assert len(quotes[0].fragments) == 2
    assert quotes[0].speaker == "Ms. Warren"


def test_quotes_extract_multi_paragraph(quotes_of: Callable[..., list[Quote]]) -> None:
    text = (
        "The ambassador spoke at length.\n\n"
        "“We have waited for years to see this day come.\n\n"
        "“Now we will work to make it last,” he said.\n"
    )
    quotes = [q for q in quotes_of(text) if q.kind == "direct"]
    assert len(quotes) == 1
    assert _content(text, quotes[0]).startswith("“We have waited")
    assert _content(text, quotes[0]).endswith("make it last,”")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The spokesman said that the embassy would reopen next month.",
            ("that the embassy would reopen next month", "said", "The spokesman"),
        ),
        (
            "Officials told reporters the talks had failed.",
            ("the talks had failed", "told", "Officials"),
        ),
        (
            "The minister warned that new sanctions would follow.",
            ("that new sanctions would follow", "warned", "The minister"),
        ),
        (
            "The deal will collapse, the senator said.",
            ("The deal will collapse", "said", "the senator"),
        ),
        (
            "According to the ministry, the border will stay closed.",
            ("the border will stay closed", "According to", "the ministry"),
        ),
    ],
)
def test_quotes_extract_indirect(
    quotes_of: Callable[..., list[Quote]], text: str, expected: tuple[str, str, str]
) -> None:
    quotes = quotes_of(text)
    found = [(_content(text, q)[-len(expected[0]):], q.cue, q.speaker, q.kind) for q in quotes]
    assert (*expected, "indirect") in found


def test_quotes_extract_parenthetical_has_fragments(quotes_of: Callable[..., list[Quote]]) -> None:
    text = "The talks, the diplomat said, will resume in March."
    quotes = quotes_of(text)
    assert len(quotes) == 1
    assert [text[s:e] for s, e in quotes[0].fragments] == ["The talks", "will resume in March"]


def test_quotes_extract_mixed(quotes_of: Callable[..., list[Quote]]) -> None:
    text = "Bodine said that the media had imposed a “total blackout on dissenting voices” for years."
    quotes = quotes_of(text)
    assert [(q.kind, q.cue) for q in quotes] == [("mixed", "said")]
    assert "“total blackout on dissenting voices”" in _content(text, quotes[0])


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. granted sanctions “carve-outs” to European firms in 2023.",
        "She starred in “The Crown” before moving to Toronto.",
        "The group, known as “Friends of Venezuela,” met in Ottawa.",
    ],
)
def test_quotes_extract_scare_quotes_and_titles_are_not_quotes(
    quotes_of: Callable[..., list[Quote]], text: str
) -> None:
    assert quotes_of(text) == []


def test_quotes_extract_spans_point_into_text(quotes_of: Callable[..., list[Quote]]) -> None:
    text = (
        "“We are ready,” the minister said. “Talks start today.”\n\n"
        "Analysts said the deal was fragile, according to Reuters."
    )
    for quote in quotes_of(text):
        assert 0 <= quote.start < quote.end <= len(text)
        assert quote.cue is not None and quote.cue_start is not None and quote.cue_end is not None
        assert text[quote.cue_start:quote.cue_end] == quote.cue
        if quote.speaker is not None:
            assert quote.speaker_start is not None and quote.speaker_end is not None
            assert text[quote.speaker_start:quote.speaker_end] == quote.speaker
        for s, e in quote.fragments:
            assert quote.start <= s < e <= quote.end


def test_quotes_extract_empty_text(quotes_of: Callable[..., list[Quote]]) -> None:
    assert quotes_of("   ") == []
