"""One event per happening: reports of one happening collapse, distinct happenings stay apart."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from detente.analysis.clusters import (
    ClusterParams,
    Mention,
    assign,
    best_mention,
    cluster_stats,
    compatible_codes,
    ensure_clusters,
    rebuild_clusters,
    similarity,
    tokens,
    update_clusters,
)
from detente.store import Store
from test_relations_builder import Doc, Ev, build, parsed


def clusters(db: Path) -> list[dict]:
    with Store(db, read_only=True) as store:
        return store.query("SELECT * FROM event_clusters ORDER BY date_start, id")


def report(key: str, text: str, phrase: str, published: date, outlet: str, **ev: object) -> Doc:
    return Doc(key, text, published, outlet, events=(Ev(phrase, **ev),))  # type: ignore[arg-type]


SANCTIONS_DAY = [
    report(
        "s1",
        "Canada imposed sanctions on Venezuelan officials on Friday.",
        "Canada imposed sanctions on Venezuelan officials",
        date(2017, 9, 23),
        "Wire One",
        cameo="163",
        date="2017-09-22",
    ),
    report(
        "s2",
        "Ottawa slapped sanctions on 40 Venezuelan officials, freezing assets.",
        "Ottawa slapped sanctions on 40 Venezuelan officials",
        date(2017, 9, 23),
        "Wire Two",
        cameo="163",
        date="2017-09-22",
    ),
    report(
        "s3",
        "On Friday Canada sanctioned Venezuelan officials including Maduro.",
        "Canada sanctioned Venezuelan officials",
        date(2017, 9, 24),
        "Wire Two",
        cameo="163",
        date="2017-09-22",
    ),
]


def test_clusters_reports_of_one_happening_collapse(db_path: Path) -> None:
    build(db_path, SANCTIONS_DAY)
    found = clusters(db_path)
    assert len(found) == 1
    assert (found[0]["n_mentions"], found[0]["n_articles"], found[0]["n_sources"]) == (3, 3, 2)


def test_clusters_first_and_last_report_dates(db_path: Path) -> None:
    build(db_path, SANCTIONS_DAY)
    found = clusters(db_path)[0]
    assert (found["first_reported"], found["last_reported"]) == (
        date(2017, 9, 23),
        date(2017, 9, 24),
    )


def test_clusters_happenings_months_apart_stay_apart(db_path: Path) -> None:
    later = report("s4", "Canada imposed sanctions on 14 more Venezuelan officials.",
                   "Canada imposed sanctions on 14 more Venezuelan officials", date(2018, 5, 31),
                   "Wire One", cameo="163", date="2018-05-30")  # fmt: skip
    build(db_path, [*SANCTIONS_DAY, later])
    found = clusters(db_path)
    assert [c["n_mentions"] for c in found] == [3, 1]
    assert [c["event_date"] for c in found] == ["2017-09-22", "2018-05-30"]


def test_clusters_two_mentions_in_one_article_count_one_article(db_path: Path) -> None:
    doc = Doc("d1", "Canada imposed sanctions on Venezuela. The sanctions Canada imposed on Venezuela "
              "hit officials.", date(2017, 9, 23), "Wire One",
              events=(Ev("Canada imposed sanctions on Venezuela", "163", date="2017-09-22"),
                      Ev("sanctions Canada imposed on Venezuela", "163", date="2017-09-22")))  # fmt: skip
    build(db_path, [doc])
    found = clusters(db_path)
    assert (len(found), found[0]["n_mentions"], found[0]["n_articles"]) == (1, 2, 1)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"cameo": "163"}, {"cameo": "163", "status": "negated"}),
        ({"cameo": "163"}, {"cameo": "163", "source": "VEN", "target": "CAN"}),
        ({"cameo": "163"}, {"cameo": "161"}),
        ({"cameo": "163"}, {"cameo": "163", "target": "CUB"}),
    ],
    ids=["status", "direction", "sibling-code", "target"],
)
def test_clusters_different_key_stays_apart(db_path: Path, first: dict, second: dict) -> None:
    text = "Canada acted against Venezuela today. Then it acted against Venezuela again today."
    doc = Doc("k1", text, date(2019, 1, 10), events=(
        Ev("Canada acted against Venezuela today", date="2019-01-10", **first),
        Ev("it acted against Venezuela again today", date="2019-01-10", **second)))  # fmt: skip
    build(db_path, [doc])
    assert len(clusters(db_path)) == 2


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("163", "163", True), ("16", "163", True), ("160", "163", True), ("163", "1631", True),
     ("161", "163", False), ("0354", "0351", False), ("030", "0354", True), ("163", "085", False)],
)  # fmt: skip
def test_clusters_compatible_codes(a: str, b: str, expected: bool) -> None:
    assert compatible_codes(a, b) is expected
    assert compatible_codes(b, a) is expected


def test_clusters_year_date_joins_the_single_same_code_event(db_path: Path) -> None:
    recall = report("y1", "In 2019 Canada imposed sanctions on Venezuelan governors.",
                    "Canada imposed sanctions on Venezuelan governors", date(2024, 2, 1), "Wire Two",
                    cameo="163", date="2019", precision="year")  # fmt: skip
    day = report("y0", "Canada imposed sanctions on 43 Venezuelan governors and officials.",
                 "Canada imposed sanctions on 43 Venezuelan governors", date(2019, 4, 16), "Wire One",
                 cameo="163", date="2019-04-15")  # fmt: skip
    build(db_path, [day, recall])
    found = clusters(db_path)
    assert len(found) == 1
    assert (found[0]["event_date"], found[0]["date_precision"]) == ("2019-04-15", "day")


def test_clusters_defaulted_dates_within_a_week_merge(db_path: Path) -> None:
    docs = [
        report("d1", "Canada expelled Venezuela's ambassador.", "Canada expelled Venezuela's ambassador",
               date(2017, 12, 25), "Wire One", cameo="161", date="2017-12-25", defaulted=True),
        report("d2", "Canada has expelled the Venezuelan ambassador.",
               "Canada has expelled the Venezuelan ambassador", date(2017, 12, 27), "Wire Two",
               cameo="161", date="2017-12-27", defaulted=True),
    ]  # fmt: skip
    build(db_path, docs)
    found = clusters(db_path)
    assert len(found) == 1
    assert found[0]["event_date"] == "2017-12-25"


def test_clusters_incremental_update_grows_the_stored_event(db_path: Path) -> None:
    build(db_path, SANCTIONS_DAY[:2])
    first_id = clusters(db_path)[0]["id"]
    with Store(db_path) as store:
        store.add([parsed(SANCTIONS_DAY[2])])
        update = update_clusters(store)
    found = clusters(db_path)
    assert (update.mentions, update.new_clusters, update.grown_clusters) == (1, 0, 1)
    assert [(c["id"], c["n_mentions"]) for c in found] == [(first_id, 3)]


def test_clusters_update_without_new_mentions_changes_nothing(db_path: Path) -> None:
    build(db_path, SANCTIONS_DAY)
    before = clusters(db_path)
    with Store(db_path) as store:
        update = update_clusters(store)
    assert update.mentions == 0
    assert clusters(db_path) == before


def test_clusters_rebuild_matches_incremental(db_path: Path) -> None:
    build(db_path, SANCTIONS_DAY)
    before = [(c["id"], c["n_mentions"], c["event_date"]) for c in clusters(db_path)]
    with Store(db_path) as store:
        rebuild_clusters(store)
    assert [(c["id"], c["n_mentions"], c["event_date"]) for c in clusters(db_path)] == before


def test_clusters_stats_ratio(db_path: Path) -> None:
    build(db_path, SANCTIONS_DAY)
    with Store(db_path, read_only=True) as store:
        stats = cluster_stats(store)
    assert (stats.mentions, stats.events, stats.ratio, stats.unclustered) == (3, 1, 3.0, 0)


def test_clusters_ensure_clusters_updates_a_lagging_store(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add([parsed(d) for d in SANCTIONS_DAY])
    update = ensure_clusters(db_path)
    assert update is not None and update.mentions == 3
    assert ensure_clusters(db_path) is None


def _mention(mid: str, date_: str, precision: str, defaulted: bool = False) -> Mention:
    return Mention(mid, "d", "CAN", "VEN", "163", "16", "SANCTION", 4, -8.0, "actual", date_,
                   precision, defaulted, date(2019, 5, 1), "o", frozenset())  # fmt: skip


def test_clusters_best_date_is_the_most_supported() -> None:
    ms = [_mention("a", "2019-04-15", "day"), _mention("b", "2019-04-15", "day"),
          _mention("c", "2019-04-16", "day"), _mention("d", "2019-04", "month"),
          _mention("e", "2019", "year")]  # fmt: skip
    assert best_mention(ms).event_date == "2019-04-15"


def test_clusters_text_dates_beat_defaulted_ones() -> None:
    ms = [_mention("a", "2019-05-01", "day", defaulted=True), _mention("b", "2019-04", "month")]
    assert best_mention(ms).event_date == "2019-04"


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [("Canada imposed sanctions", "sanctions imposed by Canada", 1.0),
     ("Canada imposed sanctions", "Venezuela expelled diplomats", 0.0)],
)  # fmt: skip
def test_clusters_similarity_of_evidence(a: str, b: str, expected: float) -> None:
    assert similarity(tokens(a), tokens(b)) == pytest.approx(expected)


def test_clusters_assign_coarse_mention_with_two_candidates_needs_similar_words() -> None:
    p = ClusterParams()
    sept = _mention("x", "2019-09-10", "day")
    nov = _mention("y", "2019-11-10", "day")
    coarse = _mention("z", "2019", "year")
    changed = assign([sept, nov, coarse], [], p)
    assert sorted(len(c.mentions) for c in changed) == [1, 1, 1]
