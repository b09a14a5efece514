"""Property tests of the extractors on arbitrary text (hypothesis, real spaCy parsing).

On any text :func:`detente.api.extract_text` must not raise, every span it
reports must lie within the text (and, where the record states its words,
``text[start:end]`` must be those words), and the same text must give the
same records. Texts mix random unicode, quote marks, newlines and fragments
of real news sentences, so that the extractors' rules actually fire.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.api import extract_text
from detente.records import Actor, Extraction

FRAGMENTS = (
    "Canada imposed new sanctions on Venezuela on Friday.",
    '"We will not bow to pressure," said President Nicolás Maduro.',
    "Foreign Minister Mélanie Joly said Ottawa would recall its ambassador from Caracas.",
    "“It is a sad day for democracy,” she told reporters in Ottawa on 3 March 2019.",
    "The United States condemned the attack and threatened to expel Russian diplomats.",
    "China and Russia signed a trade agreement in Moscow last week, officials said.",
    "According to the ministry, talks will resume in Geneva next month.",
    "Venezuela did not expel the Canadian envoy, a spokesman said.",
    "'We are ready to talk', the Iranian government said in a statement.",
    "He said: “No.”",
    "Prime Minister Justin Trudeau met NATO leaders in Brussels.",
)
MARKS = ('"', "“", "”", "'", "‘", "’", "«", "»", "„", "—", "–", ":", ",", ".", "\n", "\n\n",
         "\r\n", "\t", " ", "said", "says", "Canada", "Venezuela's", "U.N.", "2019", "\u200b")  # fmt: skip
PIECES = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.sampled_from(MARKS),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8", categories=("L", "P", "Z", "N")), max_size=20),
)
TEXTS = st.lists(PIECES, max_size=14).map("".join)
PROPERTIES = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def check_span(text: str, start: int | None, end: int | None, words: str | None, what: str) -> None:
    """``start``..``end`` lies within ``text`` and, when ``words`` is stated, spells them."""
    if start is None and end is None:
        return
    assert start is not None and end is not None, f"{what}: half a span ({start}, {end})"
    assert 0 <= start <= end <= len(text), f"{what}: span ({start}, {end}) outside 0..{len(text)}"
    if words is not None:
        assert text[start:end] == words, f"{what}: text[{start}:{end}]={text[start:end]!r} != {words!r}"


def check_actor(text: str, actor: Actor | None, what: str) -> None:
    if actor is not None:
        check_span(text, actor.start, actor.end, actor.text, what)


def check_extraction(text: str, found: Extraction) -> None:
    for n, actor in enumerate(found.actors):
        check_actor(text, actor, f"actor {n}")
    for n, event in enumerate(found.events):
        check_span(text, event.start, event.end, None, f"event {n} evidence")
        assert event.start < event.end, f"event {n}: empty evidence"
        check_span(text, event.trigger_start, event.trigger_end, None, f"event {n} trigger")
        check_actor(text, event.source, f"event {n} source")
        check_actor(text, event.target, f"event {n} target")
    for n, quote in enumerate(found.quotes):
        check_span(text, quote.start, quote.end, None, f"quote {n} content")
        assert quote.start < quote.end, f"quote {n}: empty content"
        check_span(text, quote.cue_start, quote.cue_end, quote.cue, f"quote {n} cue")
        check_span(text, quote.speaker_start, quote.speaker_end, quote.speaker, f"quote {n} speaker")
        check_actor(text, quote.speaker_actor, f"quote {n} speaker actor")
        for m, (start, end) in enumerate(quote.fragments):
            check_span(text, start, end, None, f"quote {n} fragment {m}")


@PROPERTIES
@given(text=TEXTS)
def test_reliability_extract_spans_lie_within_the_text(nlp: object, text: str) -> None:
    check_extraction(text, extract_text(text, date(2024, 2, 1)))


@PROPERTIES
@given(text=TEXTS)
def test_reliability_extract_is_deterministic(nlp: object, text: str) -> None:
    first = extract_text(text, date(2024, 2, 1))
    assert extract_text(text, date(2024, 2, 1)) == first


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\n\n", "\x00", "\ufeff", "“", '"' * 50, "said said said", "\u200b" * 10,
     "“" + FRAGMENTS[0], FRAGMENTS[1][:-5], "\n".join(FRAGMENTS), "Canada" * 200],
)  # fmt: skip
def test_reliability_extract_edge_texts(nlp: object, text: str) -> None:
    check_extraction(text, extract_text(text, date(2024, 2, 1)))
