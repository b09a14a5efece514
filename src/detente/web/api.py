"""The JSON API under ``/api``: what every dashboard page shows, as data.

Documented by the OpenAPI schema at ``/docs`` (and ``/openapi.json``). Query
parameters are validated (422 with the offending parameter named); unknown
ids and countries are 404; the store is read through the dashboard's
snapshot (503 when there is no store yet).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request

from detente.analysis.articles import (
    ArticleView,
    QuoteFilter,
    QuotePage,
    article_view,
    search_quotes,
)
from detente.analysis.base import resolve_country
from detente.analysis.browse import EventDetail, EventFilter, EventPage, event_detail, search_events
from detente.analysis.relations import (
    PairSummary,
    RelationSeries,
    active_pairs,
    check_length,
    relation_series,
)
from detente.analysis.timeline import PairChange, Timeline, recent_changes, timeline
from detente.errors import InputError
from detente.web.charts import pair_figure
from detente.web.snapshot import Reader, SnapshotStatus

router = APIRouter(prefix="/api", tags=["api"])

Status = Literal["actual", "negated", "future", "hypothetical"]
By = Literal["day", "week", "month", "quarter", "year"]
Country = Annotated[
    str, Path(min_length=2, max_length=60, description="Country code (CAN) or name (Canada).")
]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip.")]
Since = Annotated[date | None, Query(description="First event date (YYYY-MM-DD).")]
Until = Annotated[date | None, Query(description="Last event date (YYYY-MM-DD).")]
Text = Annotated[str | None, Query(min_length=1, max_length=200, description="Words to look for.")]
Actor = Annotated[str | None, Query(min_length=2, max_length=100,
                                    description="Country code or name, or words of an actor's name.")]  # fmt: skip


def get_reader(request: Request) -> Iterator[Reader]:
    """A reader on the dashboard's snapshot, for one request."""
    with request.app.state.snapshot.reader() as reader:
        yield reader


DB = Annotated[Reader, Depends(get_reader)]
T = TypeVar("T")


def shared(db: Reader, fn: Callable[..., T], *args: Hashable, **kwargs: Hashable) -> T:
    """``fn(db, *args, **kwargs)``, computed once per data version for a page and its JSON twin."""
    key = (fn.__module__, fn.__qualname__, args, tuple(sorted(kwargs.items())))
    return db.shared(key, lambda: fn(db, *args, **kwargs))


def pair_codes(a: str, b: str) -> tuple[str, str]:
    """Two country codes from path parameters (404 when unknown, 422 when equal)."""
    ca, cb = resolve_country(a), resolve_country(b)
    if ca == cb:
        raise HTTPException(422, detail=f"a pair needs two different countries (got {ca} twice)")
    return ca, cb


def check_range(since: date | None, until: date | None, by: str | None = None) -> None:
    """422 when ``since`` is after ``until``, or the range holds too many periods of ``by``."""
    if since and until and since > until:
        raise HTTPException(422, detail=f"since ({since}) is after until ({until})")
    if since and until and by:
        try:
            check_length(since, until, by)  # type: ignore[arg-type]
        except InputError as exc:
            raise HTTPException(422, detail=str(exc)) from None


@dataclass(frozen=True)
class Overview:
    """The overview page's data."""

    counts: dict[str, int]
    pairs: tuple[PairSummary, ...]
    changes: tuple[PairChange, ...]
    latest: EventPage


def overview_data(db: Reader, limit: int = 10) -> Overview:
    """Most active pairs, recent state changes, latest events, and store counts."""
    counts = db.query(
        "SELECT (SELECT count(*) FROM articles) AS articles, "
        "(SELECT count(*) FROM events) AS mentions, (SELECT count(*) FROM event_clusters) AS events, "
        "(SELECT count(*) FROM quotes) AS quotes"
    )[0]
    return Overview(
        counts={k: int(v) for k, v in counts.items()},
        pairs=tuple(active_pairs(db, limit=limit)),
        changes=tuple(recent_changes(db, limit=limit)),
        latest=search_events(db, EventFilter(status="actual"), limit=limit, order="date"),
    )


@router.get("/overview", summary="Most active pairs, recent state changes, latest events")
def api_overview(db: DB, limit: Annotated[int, Query(ge=1, le=100)] = 10) -> Overview:
    """What the overview page shows."""
    return shared(db, overview_data, limit)


@router.get("/status", summary="How current the dashboard's copy of the store is")
def api_status(request: Request) -> SnapshotStatus:
    """The snapshot's time and whether a writer is holding the store."""
    status: SnapshotStatus = request.app.state.snapshot.status()
    return status


@router.get("/pairs", summary="Country pairs with the most events")
def api_pairs(
    db: DB,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    country: Actor = None,
    since: Since = None,
) -> list[PairSummary]:
    """Pairs (both directions together) by number of actual events."""
    code = resolve_country(country) if country else None
    return active_pairs(db, limit=limit, since=since, country=code)


@router.get("/pairs/{a}/{b}/relations", summary="Events of a pair per period, by event date")
def api_relations(
    db: DB, a: Country, b: Country, by: By = "month", directed: bool = False,
    since: Since = None, until: Until = None,
) -> RelationSeries:  # fmt: skip
    """Counts per quad class and PLOVER type, Goldstein sum and mean, per period."""
    ca, cb = pair_codes(a, b)
    check_range(since, until, by)
    return shared(db, relation_series, ca, cb, by=by, directed=directed, since=since, until=until)


@router.get("/pairs/{a}/{b}/timeline", summary="Diplomatic ties and sanctions of a pair over time")
def api_timeline(
    db: DB, a: Country, b: Country, since: Since = None, until: Until = None
) -> Timeline:
    """Every state step with its evidence, and the state bands."""
    ca, cb = pair_codes(a, b)
    check_range(since, until)
    return shared(db, timeline, ca, cb, since=since, until=until)


@router.get("/pairs/{a}/{b}/chart", summary="The pair chart as a plotly.js figure")
def api_chart(
    db: DB, a: Country, b: Country, by: By = "month", directed: bool = False,
    since: Since = None, until: Until = None,
) -> dict[str, Any]:  # fmt: skip
    """``data`` and ``layout`` for ``Plotly.newPlot``: one bar per period, state bands below."""
    ca, cb = pair_codes(a, b)
    check_range(since, until, by)
    series = shared(db, relation_series, ca, cb, by=by, directed=directed, since=since, until=until)
    return pair_figure(series, shared(db, timeline, ca, cb, since=None, until=until))


@router.get("/pairs/{a}/{b}/events", summary="Events of a pair")
def api_pair_events(
    db: DB, a: Country, b: Country, status: Status | None = None, since: Since = None,
    until: Until = None, limit: Limit = 50, offset: Offset = 0,
) -> EventPage:  # fmt: skip
    """Events between the two countries (either direction), newest first."""
    ca, cb = pair_codes(a, b)
    check_range(since, until)
    f = EventFilter(status=status, since=since, until=until, pair=(ca, cb))
    return shared(db, search_events, f, limit=limit, offset=offset)


@router.get("/pairs/{a}/{b}/quotes", summary="Quotes about a pair")
def api_pair_quotes(
    db: DB, a: Country, b: Country, limit: Limit = 50, offset: Offset = 0
) -> QuotePage:
    """Quotes of the articles that report an event between the two countries."""
    ca, cb = pair_codes(a, b)
    return shared(db, search_quotes, QuoteFilter(pair=(ca, cb)), limit=limit, offset=offset)


@router.get("/events/{event_id}", summary="One event with all its reports")
def api_event(db: DB, event_id: Annotated[str, Path(min_length=1, max_length=200)]) -> EventDetail:
    """An event (or the event of a mention id) with each report's sentence in context."""
    return shared(db, event_detail, event_id)


@router.get("/articles/{article_id}", summary="An article with its events and quotes marked")
def api_article(
    db: DB, article_id: Annotated[str, Path(min_length=1, max_length=200)]
) -> ArticleView:
    """The text as segments marked ``event`` / ``quote``; an id prefix of 6+ characters works."""
    return shared(db, article_view, article_id)


@router.get("/search/events", summary="Search events")
def api_search_events(
    db: DB,
    actor: Actor = None,
    cameo: Annotated[
        str | None, Query(pattern=r"^\d{2,4}$", description="CAMEO code prefix.")
    ] = None,
    plover: Annotated[
        str | None, Query(pattern=r"^[A-Za-z_]{3,20}$", description="PLOVER type.")
    ] = None,
    status: Status | None = None,
    since: Since = None,
    until: Until = None,
    text: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> EventPage:
    """Events matching every filter given, newest event date first."""
    check_range(since, until)
    f = EventFilter(actor=actor, cameo=cameo, plover=plover, status=status, since=since,
                    until=until, text=text)  # fmt: skip
    return search_events(db, f, limit=limit, offset=offset)


@router.get("/search/quotes", summary="Search quotes")
def api_search_quotes(
    db: DB,
    actor: Actor = None,
    kind: Literal["direct", "indirect", "mixed"] | None = None,
    since: Since = None,
    until: Until = None,
    text: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> QuotePage:
    """Quotes matching every filter given (dates are publication dates), newest first."""
    check_range(since, until)
    f = QuoteFilter(actor=actor, kind=kind, since=since, until=until, text=text)
    return search_quotes(db, f, limit=limit, offset=offset)
