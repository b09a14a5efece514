"""Readers of the gold sets: small fixtures, and every set in ../shared/gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.errors import InputError
from detente.eval.gold import GoldSpan, detect_kind, load_gold


@pytest.fixture(scope="module")
def eval_dir(fixtures_dir: Path) -> Path:
    return fixtures_dir / "eval"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("tiny.gold.jsonl", "gold"),
        ("cameo.jsonl", "cameo-examples"),
        ("petrarch.jsonl", "petrarch-unit-tests"),
        ("polnear.jsonl", "polnear"),
    ],
)
def test_eval_gold_detects_shape(eval_dir: Path, name: str, kind: str) -> None:
    assert detect_kind(eval_dir / name) == kind


def test_eval_gold_reads_gold_format(eval_dir: Path) -> None:
    gold = load_gold(eval_dir / "tiny.gold.jsonl")
    events_doc, quotes_doc, empty_doc = gold.documents
    assert events_doc.layers == ("events",)
    event = events_doc.events[0]
    assert event.source is not None and event.target is not None
    assert (event.source.country, event.target.country) == ("CAN", "VEN")
    assert (event.cameo, event.plover_event, event.date) == ("163", "SANCTION", "2024-03-04")
    assert event.historical is False
    assert str(events_doc.published) == "2024-03-05"
    quote = quotes_doc.quotes[0]
    assert quote.content is not None
    assert quotes_doc.text[quote.content.start : quote.content.end] == '"We will not accept this,"'
    assert (quote.speaker_country, quote.speaker_sector) == ("VEN", "CVL")
    assert empty_doc.published is None and empty_doc.layers == ("events", "quotes")


def test_eval_gold_reads_cameo_examples(eval_dir: Path) -> None:
    gold = load_gold(eval_dir / "cameo.jsonl")
    assert [d.events[0].cameo for d in gold.documents] == ["0311", "172"]
    assert all(d.layers == ("cameo_example",) for d in gold.documents)


def test_eval_gold_reads_petrarch_tests_with_dictionaries(eval_dir: Path) -> None:
    gold = load_gold(eval_dir / "petrarch.jsonl")
    demo, agent, none = gold.documents
    assert demo.events[0].source.code == "ARN"  # type: ignore[union-attr]
    assert agent.events[1].source.country is None  # type: ignore[union-attr]
    assert agent.events[1].source.sector == "GOV"  # type: ignore[union-attr]
    assert agent.events[1].target is None
    assert none.note == "noevents" and none.events == ()
    assert str(demo.published) == "1995-01-01"
    (rows,) = gold.extra_actors
    assert ("ARNOR", "ARN", "", "", "", "") in rows


def test_eval_gold_reads_polnear_fragments_and_null_source(eval_dir: Path) -> None:
    gold = load_gold(eval_dir / "polnear.jsonl")
    (doc,) = gold.documents
    assert doc.layers == ("quotes", "attributions")
    assert len(doc.quotes) == 3
    split = doc.quotes[1]
    assert split.content is not None and len(split.content.fragments) == 2
    for start, end in split.content.pieces:
        assert doc.text[start] == '"' and doc.text[end - 1] == '"'
    assert doc.quotes[2].speaker is None


def test_eval_gold_span_pieces_default_to_the_span() -> None:
    assert GoldSpan(3, 9).pieces == ((3, 9),)
    assert GoldSpan(0, 9, ((0, 2), (5, 9))).pieces == ((0, 2), (5, 9))


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"id": "x", "text": "t", "layers": ["events"], "events": [{"evidence": 3}]}', "bad span"),
        ('{"id": "x", "layers": []}', "missing key"),
        ("[1, 2]", "not a JSON object"),
        ("{not json", "not JSON"),
        ('{"something": "else"}', "unknown gold shape"),
    ],
)
def test_eval_gold_rejects_malformed_input(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_gold(path)
    assert reason in str(caught.value)


def test_eval_gold_rejects_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty gold file"):
        load_gold(path)


# ---------------------------------------------------------------- ../shared/gold


def _raw(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


SHARED_SETS = [
    "events/plover-gsr.gold.jsonl",
    "events/cameo-examples.jsonl",
    "events/petrarch-unit-tests.jsonl",
    "quotes/polnear/dev.jsonl",
    "quotes/polnear/train.jsonl",
]


@pytest.mark.parametrize("name", SHARED_SETS)
def test_eval_gold_reads_every_shared_set(shared_dir: Path, name: str) -> None:
    path = shared_dir / "gold" / name
    raw = _raw(path)
    gold = load_gold(path)
    assert [d.id for d in gold.documents] == [r["id"] for r in raw]
    assert [d.text for d in gold.documents] == [r["text"] for r in raw]
    n_events = sum(len(d.events) for d in gold.documents)
    n_quotes = sum(len(d.quotes) for d in gold.documents)
    if gold.kind == "gold":
        assert n_events == sum(len(r["events"]) for r in raw)
        assert n_quotes == sum(len(r["quotes"]) for r in raw)
    elif gold.kind == "polnear":
        assert n_quotes == sum(len(r["attributions"]) for r in raw)
    elif gold.kind == "petrarch-unit-tests":
        assert n_events == sum(len(r["codings"]) for r in raw)
    else:
        assert n_events == len(raw)


def test_eval_gold_shared_polnear_spans_point_into_text(shared_dir: Path) -> None:
    path = shared_dir / "gold" / "quotes" / "polnear" / "dev.jsonl"
    raw = {r["id"]: r for r in _raw(path)}
    for doc in load_gold(path).documents:
        for quote, attribution in zip(doc.quotes, raw[doc.id]["attributions"], strict=True):
            assert quote.content is not None
            pieces = attribution["content"].get("fragments") or [attribution["content"]]
            assert [doc.text[s:e] for s, e in quote.content.pieces] == [p["text"] for p in pieces]


def test_eval_gold_shared_petrarch_dictionaries_load(shared_dir: Path) -> None:
    gold = load_gold(shared_dir / "gold" / "events" / "petrarch-unit-tests.jsonl")
    (rows,) = gold.extra_actors
    patterns = {row[0] for row in rows}
    for actor in ("ARNOR", "GONDOR", "OSGILIATH", "MINAS TIRITH", "GOLLUM"):
        assert actor in patterns
