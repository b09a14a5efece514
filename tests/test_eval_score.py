"""Scorer unit tests on hand-made gold and predictions (FORMAT.md, Scoring)."""

from __future__ import annotations

import pytest

from detente.eval.gold import GoldActor, GoldDocument, GoldEvent, GoldQuote, GoldSpan
from detente.eval.score import (
    PRF,
    Accuracy,
    score_all,
    score_attributions,
    score_cameo_example,
    score_codings,
    score_document,
    score_events,
    score_quotes,
    total,
)
from detente.eval.spans import coverage, max_matching, normalise_name

TEXT = "x" * 400


def actor(country: str | None, sector: str | None = None) -> GoldActor:
    return GoldActor(country, sector, country)


def event(
    source: str | None = "CAN",
    target: str | None = "VEN",
    plover: str | None = "SANCTION",
    cameo: str | None = "163",
    **fields: object,
) -> GoldEvent:
    return GoldEvent(
        source=actor(source) if source else None,
        target=actor(target) if target else None,
        cameo=cameo,
        plover_event=plover,
        **fields,  # type: ignore[arg-type]
    )


def doc(
    events: tuple[GoldEvent, ...] = (),
    quotes: tuple[GoldQuote, ...] = (),
    layers: tuple[str, ...] = ("events",),
    text: str = TEXT,
) -> GoldDocument:
    return GoldDocument("d1", text, None, layers, events, quotes)


def quote(start: int, end: int, **fields: object) -> GoldQuote:
    return GoldQuote(GoldSpan(start, end), **fields)  # type: ignore[arg-type]


# ---------------------------------------------------------------- events


@pytest.mark.parametrize("level", ["plover_event", "cameo_root", "cameo", "dyad", "type"])
def test_eval_score_events_perfect_match(level: str) -> None:
    figures = score_events(doc((event(),)), doc((event(),)))
    assert figures[f"events/{level}"] == PRF(1, 1, 1)
    assert figures[f"events/{level}"].f1 == 1.0


@pytest.mark.parametrize("level", ["plover_event", "cameo_root", "cameo", "dyad", "type"])
def test_eval_score_events_empty_prediction(level: str) -> None:
    figure = score_events(doc((event(),)), doc(()))[f"events/{level}"]
    assert (figure.precision, figure.recall, figure.f1) == (0.0, 0.0, 0.0)
    assert (figure.n_gold, figure.n_pred) == (1, 0)


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("plover_event", PRF(0, 1, 1)),
        ("cameo", PRF(0, 1, 1)),
        ("dyad", PRF(0, 1, 1)),
        ("type", PRF(1, 1, 1)),
    ],
)
def test_eval_score_events_wrong_target(level: str, expected: PRF) -> None:
    figures = score_events(doc((event(target="VEN"),)), doc((event(target="USA"),)))
    assert figures[f"events/{level}"] == expected


@pytest.mark.parametrize(
    ("gold_target", "pred_target", "tp"),
    [(None, None, 1), (None, "VEN", 0), ("VEN", None, 0)],
)
def test_eval_score_events_null_target_matches_only_null(
    gold_target: str | None, pred_target: str | None, tp: int
) -> None:
    figures = score_events(doc((event(target=gold_target),)), doc((event(target=pred_target),)))
    assert figures["events/plover_event"].tp == tp


def test_eval_score_events_duplicate_predictions_collapse_to_one_happening() -> None:
    figures = score_events(doc((event(),)), doc((event(), event(), event())))
    assert figures["events/plover_event"] == PRF(1, 1, 1)


def test_eval_score_events_repeated_gold_collapses_too() -> None:
    figures = score_events(doc((event(), event())), doc((event(),)))
    assert figures["events/cameo"] == PRF(1, 1, 1)


def test_eval_score_events_level_without_gold_label_is_not_scored() -> None:
    figures = score_events(doc((event(cameo=None),)), doc((event(cameo="163"),)))
    assert "events/cameo" not in figures
    assert "events/cameo_root" not in figures
    assert figures["events/plover_event"] == PRF(1, 1, 1)


def test_eval_score_events_cameo_root_matches_when_subcode_differs() -> None:
    figures = score_events(doc((event(cameo="163"),)), doc((event(cameo="1632"),)))
    assert figures["events/cameo_root"].tp == 1
    assert figures["events/cameo"].tp == 0


def test_eval_score_events_prediction_without_plover_type_is_not_counted() -> None:
    figures = score_events(doc((event(),)), doc((event(plover=None, cameo="010"),)))
    assert figures["events/plover_event"].n_pred == 0
    assert figures["events/cameo"].n_pred == 1


def test_eval_score_events_document_without_gold_events_counts_spurious() -> None:
    figures = score_events(doc(()), doc((event(),)))
    assert figures["events/plover_event"] == PRF(0, 0, 1)


def test_eval_score_events_per_plover_type() -> None:
    gold = doc((event(plover="SANCTION"), event(plover="ACCUSE", cameo="112")))
    pred = doc((event(plover="SANCTION"), event(plover="THREATEN", cameo="138")))
    figures = score_events(gold, pred)
    assert figures["events/by_plover_event/SANCTION"] == PRF(1, 1, 1)
    assert figures["events/by_plover_event/ACCUSE"] == PRF(0, 1, 0)
    assert figures["events/by_plover_event/THREATEN"] == PRF(0, 0, 1)


@pytest.mark.parametrize(
    ("gold_date", "pred_date", "right"),
    [
        ("2019", "2019-03-02", True),
        ("2019-03", "2019-03-02", True),
        ("2019-03", "2019-04-02", False),
        ("2019-03-02", "2019-03", False),
        ("2019", None, False),
    ],
)
def test_eval_score_events_date_compared_at_gold_precision(
    gold_date: str, pred_date: str | None, right: bool
) -> None:
    figures = score_events(doc((event(date=gold_date),)), doc((event(date=pred_date),)))
    assert figures["events/matched/date"] == Accuracy(int(right), 1)


def test_eval_score_events_matched_fields_count_only_given_gold_fields() -> None:
    gold = doc((event(status="negated", historical=None),))
    pred = doc((event(status="actual", historical=True),))
    figures = score_events(gold, pred)
    assert figures["events/matched/status"] == Accuracy(0, 1)
    assert figures["events/matched/historical"] == Accuracy(0, 0)
    assert figures["events/matched/events"].n == 1


def test_eval_score_events_sector_counted_per_side() -> None:
    gold_event = GoldEvent(actor("CAN", "GOV"), actor("VEN", "GOV"), "163", "SANCTION")
    pred_event = GoldEvent(actor("CAN", "GOV"), actor("VEN", "OPP"), "163", "SANCTION")
    figures = score_events(doc((gold_event,)), doc((pred_event,)))
    assert figures["events/matched/sector"] == Accuracy(1, 2)


def test_eval_score_events_unmatched_events_give_no_field_accuracy() -> None:
    figures = score_events(doc((event(status="actual"),)), doc((event(target="USA"),)))
    assert figures["events/matched/status"] == Accuracy(0, 0)


def test_eval_score_events_micro_average_over_documents() -> None:
    a = score_document(doc((event(),)), doc((event(),)))
    b = score_document(doc((event(target="USA"),)), doc(()))
    assert total([a, b])["events/plover_event"] == PRF(1, 2, 1)


# ---------------------------------------------------------------- quotes


def test_eval_score_quotes_perfect_match() -> None:
    gold = doc(quotes=(quote(10, 60, kind="direct"),), layers=("quotes",))
    figures = score_quotes(gold, gold)
    assert figures["quotes/overlap_0.3"] == PRF(1, 1, 1)
    assert figures["quotes/overlap_0.8"] == PRF(1, 1, 1)
    assert figures["quotes/kind"] == Accuracy(1, 1)


def test_eval_score_quotes_empty_prediction() -> None:
    gold = doc(quotes=(quote(10, 60),), layers=("quotes",))
    figures = score_quotes(gold, doc(layers=("quotes",)))
    assert figures["quotes/overlap_0.3"] == PRF(0, 1, 0)
    assert figures["quotes/overlap_0.3"].f1 == 0.0


@pytest.mark.parametrize(
    ("covered", "threshold", "matched"),
    [(29, 0.3, False), (30, 0.3, True), (79, 0.8, False), (80, 0.8, True)],
)
def test_eval_score_quotes_overlap_thresholds(
    covered: int, threshold: float, matched: bool
) -> None:
    gold = doc(quotes=(quote(100, 200),), layers=("quotes",))
    pred = doc(quotes=(quote(100, 100 + covered),), layers=("quotes",))
    assert score_quotes(gold, pred)[f"quotes/overlap_{threshold}"].tp == int(matched)


def test_eval_score_quotes_coverage_counts_only_gold_characters() -> None:
    assert coverage(GoldSpan(100, 200), GoldSpan(50, 250)) == 1.0
    assert coverage(GoldSpan(100, 200), GoldSpan(150, 250)) == 0.5


SPLIT = '"We will not accept this," she said, "and we will fight it."'
PART1 = (0, SPLIT.index(" she said"))
PART2 = (SPLIT.index('"and'), len(SPLIT))


def test_eval_score_quotes_split_quote_predicted_as_two_parts() -> None:
    gold = doc(quotes=(quote(0, len(SPLIT)),), layers=("quotes",), text=SPLIT)
    pred = doc(quotes=(quote(*PART1), quote(*PART2)), layers=("quotes",), text=SPLIT)
    figures = score_quotes(gold, pred)
    assert figures["quotes/overlap_0.3"] == PRF(1, 1, 2)
    assert figures["quotes/overlap_0.8"] == PRF(0, 1, 2)


def test_eval_score_quotes_split_quote_predicted_as_fragments() -> None:
    gold = doc(quotes=(quote(0, len(SPLIT)),), layers=("quotes",), text=SPLIT)
    fragments = GoldQuote(GoldSpan(0, len(SPLIT), (PART1, PART2)))
    pred = doc(quotes=(fragments,), layers=("quotes",), text=SPLIT)
    assert score_quotes(gold, pred)["quotes/overlap_0.8"] == PRF(1, 1, 1)


def test_eval_score_quotes_gold_fragments_ignore_the_gap() -> None:
    gold_span = GoldSpan(0, len(SPLIT), (PART1, PART2))
    assert coverage(gold_span, GoldSpan(0, len(SPLIT))) == 1.0


def test_eval_score_quotes_duplicate_predictions_match_once() -> None:
    gold = doc(quotes=(quote(10, 60),), layers=("quotes",))
    pred = doc(quotes=(quote(10, 60), quote(10, 60)), layers=("quotes",))
    assert score_quotes(gold, pred)["quotes/overlap_0.3"] == PRF(1, 1, 2)


def test_eval_score_quotes_matching_finds_most_pairs() -> None:
    # gold A is covered by both predictions, gold B only by the first.
    gold = doc(quotes=(quote(0, 100), quote(100, 140)), layers=("quotes",))
    pred = doc(quotes=(quote(0, 140), quote(0, 50)), layers=("quotes",))
    assert score_quotes(gold, pred)["quotes/overlap_0.3"].tp == 2


@pytest.mark.parametrize(
    ("gold_name", "pred_name", "strict"),
    [
        ("María Páez Victor", "Maria Paez Victor", True),
        ("Maria Paez Victor", "maria paez-victor", True),
        ("Maria Paez Victor", "Paez Victor", False),
        ("Maria Paez Victor", None, False),
    ],
)
def test_eval_score_quotes_speaker_strict(
    gold_name: str, pred_name: str | None, strict: bool
) -> None:
    gold = doc(quotes=(quote(10, 60, speaker_name=gold_name),), layers=("quotes",))
    pred = doc(quotes=(quote(10, 60, speaker_name=pred_name),), layers=("quotes",))
    assert score_quotes(gold, pred)["quotes/speaker_strict"] == Accuracy(int(strict), 1)


def test_eval_score_quotes_speaker_lenient_by_surname() -> None:
    gold = doc(quotes=(quote(10, 60, speaker_name="Maria Paez Victor"),), layers=("quotes",))
    pred = doc(quotes=(quote(10, 60, speaker_name="Victor"),), layers=("quotes",))
    figures = score_quotes(gold, pred)
    assert figures["quotes/speaker_lenient"] == Accuracy(1, 1)
    assert figures["quotes/speaker_strict"] == Accuracy(0, 1)


def test_eval_score_quotes_speaker_lenient_by_predicted_words() -> None:
    text = '"We will not accept this," Bodine said.'
    at = text.index("Bodine")
    gold = doc(quotes=(quote(0, 26, speaker_name="Alison Bodine"),), layers=("quotes",), text=text)
    pred = doc(quotes=(quote(0, 26, speaker=GoldSpan(at, at + 6)),), layers=("quotes",), text=text)
    assert score_quotes(gold, pred)["quotes/speaker_lenient"] == Accuracy(1, 1)


def test_eval_score_quotes_pronouns_are_not_names() -> None:
    text = '"Yes," he said. "No," he said.'
    first, second = text.index("he"), text.index("he", text.index("No"))
    gold = doc(
        quotes=(quote(0, 6, speaker=GoldSpan(first, first + 2)),), layers=("quotes",), text=text
    )
    pred = doc(
        quotes=(quote(0, 6, speaker=GoldSpan(second, second + 2)),), layers=("quotes",), text=text
    )
    assert score_quotes(gold, pred)["quotes/speaker_lenient"] == Accuracy(0, 1)


SAID = '"We will not accept this," said the minister, and Alison Bodine agreed.'


@pytest.mark.parametrize(
    ("pred_speaker", "right"), [("the minister", True), ("minister", True), ("Alison", False)]
)
def test_eval_score_quotes_speaker_lenient_by_span(pred_speaker: str, right: bool) -> None:
    start = SAID.index("the minister")
    gold_speaker = GoldSpan(start, start + len("the minister"))
    at = SAID.index(pred_speaker)
    pred_span = GoldSpan(at, at + len(pred_speaker))
    gold = doc(quotes=(quote(0, 26, speaker=gold_speaker),), layers=("quotes",), text=SAID)
    pred = doc(quotes=(quote(0, 26, speaker=pred_span),), layers=("quotes",), text=SAID)
    assert score_quotes(gold, pred)["quotes/speaker_lenient"] == Accuracy(int(right), 1)


@pytest.mark.parametrize(
    ("pred_country", "pred_sector", "right"),
    [("VEN", "CVL", True), ("VEN", "GOV", False), (None, "CVL", False)],
)
def test_eval_score_quotes_affiliation(
    pred_country: str | None, pred_sector: str | None, right: bool
) -> None:
    gold = doc(
        quotes=(quote(10, 60, speaker_country="VEN", speaker_sector="CVL"),), layers=("quotes",)
    )
    pred = doc(
        quotes=(quote(10, 60, speaker_country=pred_country, speaker_sector=pred_sector),),
        layers=("quotes",),
    )
    assert score_quotes(gold, pred)["quotes/affiliation"] == Accuracy(int(right), 1)


def test_eval_score_quotes_fields_scored_only_on_matched_quotes() -> None:
    gold = doc(quotes=(quote(10, 60, kind="direct"),), layers=("quotes",))
    pred = doc(quotes=(quote(200, 260, kind="direct"),), layers=("quotes",))
    assert "quotes/kind" not in score_quotes(gold, pred)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("María  Páez-Victor", "maria paez victor"), ("O'Neil, Jr.", "o neil jr"), (None, "")],
)
def test_eval_score_normalise_name(name: str | None, expected: str) -> None:
    assert normalise_name(name) == expected


# ---------------------------------------------------------------- attributions


def attribution(content: GoldSpan, source: GoldSpan | None, cue: GoldSpan) -> GoldQuote:
    return GoldQuote(content, cue=cue, speaker=source)


@pytest.mark.parametrize(
    ("pred_source", "exact", "overlap"),
    [((10, 20), 1, 1), ((12, 25), 0, 1), ((30, 40), 0, 0)],
)
def test_eval_score_attributions_exact_and_overlap(
    pred_source: tuple[int, int], exact: int, overlap: int
) -> None:
    gold = doc(quotes=(attribution(GoldSpan(50, 90), GoldSpan(10, 20), GoldSpan(21, 25)),))
    pred = doc(quotes=(attribution(GoldSpan(50, 90), GoldSpan(*pred_source), GoldSpan(21, 25)),))
    figures = score_attributions(gold, pred)
    assert figures["attributions/source/exact"].tp == exact
    assert figures["attributions/source/overlap"].tp == overlap
    assert figures["attributions/content/exact"] == PRF(1, 1, 1)


def test_eval_score_attributions_fragments_scored_not_covering_span() -> None:
    gold_content = GoldSpan(0, 30, ((0, 10), (20, 30)))
    gold = doc(quotes=(attribution(gold_content, None, GoldSpan(12, 16)),))
    covering = doc(quotes=(attribution(GoldSpan(0, 30), None, GoldSpan(12, 16)),))
    pieces = doc(
        quotes=(attribution(GoldSpan(0, 30, ((0, 10), (20, 30))), None, GoldSpan(12, 16)),)
    )
    assert score_attributions(gold, covering)["attributions/content/exact"].tp == 0
    assert score_attributions(gold, covering)["attributions/content/overlap"].tp == 1
    assert score_attributions(gold, pieces)["attributions/content/exact"].tp == 1


def test_eval_score_attributions_shared_source_counts_once() -> None:
    source = GoldSpan(0, 5)
    gold = doc(
        quotes=(
            attribution(GoldSpan(20, 40), source, GoldSpan(6, 10)),
            attribution(GoldSpan(50, 70), source, GoldSpan(42, 48)),
        )
    )
    assert score_attributions(gold, doc())["attributions/source/exact"] == PRF(0, 1, 0)


def test_eval_score_max_matching_beats_greedy() -> None:
    assert max_matching([[0, 1], [0]]) == {0: 1, 1: 0}


# ---------------------------------------------------------------- codes


@pytest.mark.parametrize(
    ("predicted", "root", "code"),
    [(("0311",), 1, 1), (("031",), 1, 0), (("042", "0312"), 1, 0), ((), 0, 0), (("042",), 0, 0)],
)
def test_eval_score_cameo_example_best_event(
    predicted: tuple[str, ...], root: int, code: int
) -> None:
    gold = doc((GoldEvent(cameo="0311"),), layers=("cameo_example",))
    pred = doc(tuple(GoldEvent(cameo=c) for c in predicted))
    figures = score_cameo_example(gold, pred)
    assert figures["cameo_examples/root"] == Accuracy(root, 1)
    assert figures["cameo_examples/code"] == Accuracy(code, 1)


def test_eval_score_codings_exact_match_on_codes() -> None:
    gold = doc((GoldEvent(GoldActor("ARN"), GoldActor("GON"), "064"),), layers=("codings",))
    pred = doc(
        (GoldEvent(GoldActor("ARN", None, "Arnor"), GoldActor("GON", None, "Gondor"), "064"),)
    )
    assert score_codings(gold, pred)["codings/exact"] == PRF(1, 1, 1)


def test_eval_score_codings_agent_without_country() -> None:
    gold = doc((GoldEvent(GoldActor(sector="GOV"), None, "023"),), layers=("codings",))
    pred = doc((GoldEvent(GoldActor(None, "GOV", "officials"), None, "023"),))
    assert score_codings(gold, pred)["codings/exact"].tp == 1


@pytest.mark.parametrize(
    ("pred_code", "exact", "root"), [("0641", 0, 1), ("064", 1, 1), ("051", 0, 0)]
)
def test_eval_score_codings_root_level(pred_code: str, exact: int, root: int) -> None:
    gold = doc((GoldEvent(GoldActor("ARN"), GoldActor("GON"), "064"),), layers=("codings",))
    pred = doc((GoldEvent(GoldActor("ARN"), GoldActor("GON"), pred_code),))
    figures = score_codings(gold, pred)
    assert (figures["codings/exact"].tp, figures["codings/root"].tp) == (exact, root)


@pytest.mark.parametrize(("predicted", "right"), [(0, 1), (1, 0)])
def test_eval_score_codings_no_event(predicted: int, right: int) -> None:
    gold = doc((), layers=("codings",))
    pred = doc(tuple(GoldEvent(GoldActor("ARN"), None, "010") for _ in range(predicted)))
    assert score_codings(gold, pred)["codings/no_event"] == Accuracy(right, 1)


# ---------------------------------------------------------------- documents


def test_eval_score_document_scores_only_annotated_layers() -> None:
    gold = doc(quotes=(quote(10, 60),), layers=("quotes",))
    pred = doc((event(),), (quote(10, 60),))
    score = score_document(gold, pred)
    assert not any(name.startswith("events/") for name in score.figures)
    assert score.errors == 0


def test_eval_score_document_errors_count_misses_and_spurious() -> None:
    score = score_document(doc((event(),)), doc((event(target="USA"),)))
    assert score.errors == 2


def test_eval_score_all_requires_paired_documents() -> None:
    other = GoldDocument("d2", TEXT)
    with pytest.raises(ValueError):
        score_all([doc()], [other])


def test_eval_score_prf_undefined_when_nothing_measured() -> None:
    assert PRF().as_dict()["f1"] is None
    assert Accuracy().as_dict()["accuracy"] is None
