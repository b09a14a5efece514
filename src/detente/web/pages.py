"""Server-rendered pages (Jinja2, autoescaped). Each page has its JSON twin under ``/api``."""

from __future__ import annotations

import dataclasses
import re
from importlib import resources
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import escape

from detente.analysis.articles import QuoteFilter, article_view, search_quotes
from detente.analysis.base import country_name
from detente.analysis.browse import EventFilter, event_detail, search_events
from detente.analysis.relations import QUAD_NAMES, relation_series
from detente.analysis.timeline import timeline
from detente.web.api import (
    DB,
    Actor,
    By,
    Country,
    Limit,
    Offset,
    Since,
    Status,
    Text,
    Until,
    check_range,
    overview_data,
    pair_codes,
    shared,
)  # fmt: skip
from detente.web.charts import pair_figure
from detente.web.snapshot import SnapshotStatus

router = APIRouter(include_in_schema=False)

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(resources.files("detente.web").joinpath("templates"))),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)
_env.globals.update(country_name=country_name, quad_names=QUAD_NAMES)
_env.filters["qs"] = lambda params: urlencode(
    {k: v for k, v in params.items() if v not in (None, "")}
)


_WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.I)


def link_url(url: str | None) -> str | None:
    """An article URL fit for a link: ``http(s)`` only.

    A stored URL comes from the input (a feed, a JSON Lines record): a
    ``javascript:`` or ``data:`` one would run when clicked, so it is not linked.
    """
    return url if url and _WEB_URL.fullmatch(url) else None


FILL_HEADER = "x-detente-fill"
_NOTICE = b"<!--detente:notice-->"
_STORE = b"<!--detente:store-->"


def render(
    request: Request, name: str, status_code: int = 200, *, fill_now: bool = False, **context: Any
) -> HTMLResponse:
    """Render a template with the request.

    The snapshot's status (the notice that a writer holds the store, the
    time of the copy) is left as markers that :func:`fill_status` fills as
    the answer leaves (:class:`detente.web.cache.AnswerCache`), so that a
    kept page shows the status of the moment it is served; the
    ``x-detente-fill`` header asks for it. ``fill_now``: fill them here (an
    error page, which may leave by another way).
    """
    html = _env.get_template(name).render(request=request, **context).encode()
    if fill_now:
        return HTMLResponse(fill_status(html, request.app.state.snapshot.status()), status_code)
    return HTMLResponse(html, status_code=status_code, headers={FILL_HEADER: "status"})


def fill_status(body: bytes, status: SnapshotStatus) -> bytes:
    """A rendered page with the snapshot's status in place of its markers (see :func:`render`)."""
    notice = (
        b'<p class="notice">' + str(escape(status.message)).encode() + b"</p>"
        if status.message
        else b""
    )
    store = str(escape(status.path)) + (
        f", read at {status.copied_at:%Y-%m-%d %H:%M:%S}" if status.copied_at else ""
    )
    return body.replace(_NOTICE, notice, 1).replace(_STORE, store.encode(), 1)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, db: DB) -> HTMLResponse:
    """Most active pairs, recent state changes, latest events."""
    return render(request, "overview.html", data=shared(db, overview_data, 10), title="Overview")


@router.get("/pair")
def pair_form(a: Annotated[str, Query(min_length=2, max_length=60)],
              b: Annotated[str, Query(min_length=2, max_length=60)]) -> Response:  # fmt: skip
    """The overview's pair form: redirect to the pair page."""
    ca, cb = pair_codes(a, b)
    return RedirectResponse(f"/pair/{ca}/{cb}", status_code=303)


@router.get("/pair/{a}/{b}", response_class=HTMLResponse)
def pair(
    request: Request, db: DB, a: Country, b: Country, by: By = "month", directed: bool = False,
    since: Since = None, until: Until = None, offset: Offset = 0,
) -> HTMLResponse:  # fmt: skip
    """Timeline chart, state bands, steps with evidence, events and quotes of a pair."""
    ca, cb = pair_codes(a, b)
    check_range(since, until, by)
    series = shared(db, relation_series, ca, cb, by=by, directed=directed, since=since, until=until)
    tl = shared(db, timeline, ca, cb, since=since, until=until)
    events = shared(db, search_events, EventFilter(pair=(ca, cb), since=since, until=until),
                    limit=50, offset=offset)  # fmt: skip
    quotes = shared(db, search_quotes, QuoteFilter(pair=(ca, cb)), limit=20, offset=0)
    return render(
        request, "pair.html", title=f"{country_name(ca)} – {country_name(cb)}", a=ca, b=cb,
        series=series, timeline=tl, events=events, quotes=quotes,
        figure=pair_figure(series, tl), by=by, directed=directed, since=since, until=until,
    )  # fmt: skip


@router.get("/event/{event_id}", response_class=HTMLResponse)
def event(
    request: Request, db: DB, event_id: Annotated[str, PathParam(min_length=1, max_length=200)]
) -> HTMLResponse:
    """One event with each report's sentence highlighted in context."""
    detail = shared(db, event_detail, event_id)
    mentions = tuple(dataclasses.replace(m, url=link_url(m.url)) for m in detail.mentions)
    detail = dataclasses.replace(detail, mentions=mentions)
    return render(request, "event.html", title=detail.event.cameo_name, detail=detail)


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article(
    request: Request, db: DB, article_id: Annotated[str, PathParam(min_length=1, max_length=200)]
) -> HTMLResponse:
    """An article's text with its events and quotes highlighted."""
    view = shared(db, article_view, article_id)
    view = dataclasses.replace(view, url=link_url(view.url))
    return render(request, "article.html", title=view.title or view.id, article=view)


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    db: DB,
    kind: Literal["events", "quotes"] = "events",
    actor: Actor = None,
    cameo: Annotated[str | None, Query(pattern=r"^\d{2,4}$")] = None,
    plover: Annotated[str | None, Query(pattern=r"^[A-Za-z_]{3,20}$")] = None,
    status: Status | None = None,
    quote_kind: Literal["direct", "indirect", "mixed"] | None = None,
    since: Since = None,
    until: Until = None,
    text: Text = None,
    a: Annotated[str | None, Query(max_length=60)] = None,
    b: Annotated[str | None, Query(max_length=60)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> HTMLResponse:
    """Search events or quotes with filters (actor, type, status, date range, text)."""
    check_range(since, until)
    pair = pair_codes(a, b) if a and b else None
    params = {"kind": kind, "actor": actor, "cameo": cameo, "plover": plover, "status": status,
              "quote_kind": quote_kind, "since": since, "until": until, "text": text,
              "a": a, "b": b, "limit": limit}  # fmt: skip
    if kind == "events":
        results: Any = search_events(
            db, EventFilter(actor=actor or None, cameo=cameo or None, plover=plover or None,
                            status=status or None, since=since, until=until, text=text or None,
                            pair=pair),
            limit=limit, offset=offset,
        )  # fmt: skip
    else:
        results = search_quotes(
            db, QuoteFilter(actor=actor or None, kind=quote_kind or None, since=since,
                            until=until, text=text or None, pair=pair),
            limit=limit, offset=offset,
        )  # fmt: skip
    return render(request, "search.html", title="Search", kind=kind, params=params,
                  results=results, offset=offset, limit=limit)  # fmt: skip
