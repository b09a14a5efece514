"""``detente relations``, ``detente timeline``, ``detente clusters`` and ``detente serve``.

Thin: the work is in :mod:`detente.analysis` and :mod:`detente.web`.
"""

from __future__ import annotations

import csv
import ipaddress
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeVar

import click
from rich.console import Console
from rich.table import Table

from detente.analysis.base import resolve_country
from detente.analysis.clusters import cluster_stats, ensure_clusters, rebuild_clusters
from detente.commands._output import db_option, parse_date
from detente.settings import get_settings
from detente.store import Store

F = TypeVar("F", bound=Callable[..., Any])
out = Console()
err = Console(stderr=True)


def _path(db: Path | None) -> Path:
    return Path(db) if db else get_settings().db


def _open(db: Path | None) -> Store:
    """The store, read-only, with its event clusters brought up to date first."""
    path = _path(db)
    ensure_clusters(path)
    return Store(path, read_only=True)


@click.command("relations")
@click.argument("a")
@click.argument("b")
@click.option("--by", type=click.Choice(["day", "week", "month", "quarter", "year"]), default="month",
              show_default=True, help="Period length.")  # fmt: skip
@click.option(
    "--directed", is_flag=True, help="Only events from A to B (default: both directions)."
)
@click.option("--since", callback=parse_date, help="First event date (YYYY-MM-DD).")
@click.option("--until", callback=parse_date, help="Last event date (YYYY-MM-DD).")
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a chart (.svg or .png).")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl"]), default="table",
              show_default=True)  # fmt: skip
@db_option
def relations_command(
    a: str, b: str, by: str, directed: bool, since: date | None, until: date | None,
    plot_path: Path | None, fmt: str, db: Path | None,
) -> None:  # fmt: skip
    """Events between countries A and B per period, by the date they happened.

    One event per happening (reports of it are counted as mentions). Per
    period: events per quad class (1 verbal cooperation .. 4 material
    conflict) and PLOVER type, Goldstein sum and mean. Only actual events
    count; negated, future and hypothetical ones did not happen.

    \b
    Example:
      detente relations Canada Venezuela --by quarter
      detente relations USA VEN --by year --directed --plot usa-ven.svg
      detente relations CAN VEN --since 2019-01-01 --format csv > can-ven.csv
    """
    from detente.analysis.relations import relation_series
    from detente.analysis.timeline import timeline

    ca, cb = resolve_country(a), resolve_country(b)
    with _open(db) as store:
        series = relation_series(store, ca, cb, by=by, directed=directed, since=since, until=until)  # type: ignore[arg-type]
        bands = timeline(store, ca, cb, until=until).bands if plot_path else ()
    records = series.records()
    if fmt == "jsonl":
        for row in records:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        columns = list(records[0]) if records else ["period", "start", "events", "mentions"]
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
    else:
        arrow = "→" if directed else "↔"
        table = Table("period", "events", "reports", "q1", "q2", "q3", "q4", "Goldstein", "mean",
                      "PLOVER types", title=f"{series.a_name} {arrow} {series.b_name}, per {by}")  # fmt: skip
        for row, period in zip(records, series.rows, strict=True):
            mean = row["goldstein_mean"]
            types = ", ".join(
                f"{t} {n}" for t, n in sorted(period.plover.items(), key=lambda kv: -kv[1])
            )
            table.add_row(
                row["period"], str(row["events"]), str(row["mentions"]),
                *(str(row[f"quad{i}"]) for i in range(1, 5)), f"{row['goldstein_sum']:.1f}",
                "" if mean is None else f"{mean:.2f}", types,
            )  # fmt: skip
        out.print(table)
        if series.skipped:
            out.print(f"{series.skipped} event(s) not placed: date unknown or coarser than a {by}.",
                      highlight=False)  # fmt: skip
    if plot_path:
        from detente.analysis.plots import plot_series

        plot_series(series, plot_path, bands)
        err.print(f"Wrote {plot_path}.", highlight=False)


@click.command("timeline")
@click.argument("a")
@click.argument("b")
@click.option("--since", callback=parse_date, help="First event date shown (YYYY-MM-DD).")
@click.option(
    "--all", "show_all", is_flag=True, help="Also list events that left the state as it was."
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True
)
@db_option
def timeline_command(
    a: str, b: str, since: date | None, show_all: bool, fmt: str, db: Path | None
) -> None:
    """Diplomatic ties and sanctions between A and B over time, with the evidence for each change.

    Ties: normal, downgraded, severed, restoring, restored. Sanctions, per
    sanctioning country: threatened, imposed, eased, lifted, reimposed.

    \b
    Example:
      detente timeline Canada Venezuela
      detente timeline USA VEN --all --format jsonl
    """
    from detente.analysis.timeline import timeline

    ca, cb = resolve_country(a), resolve_country(b)
    with _open(db) as store:
        tl = timeline(store, ca, cb, since=since)
    steps = [s for s in tl.steps if show_all or s.changed]
    if fmt == "jsonl":
        for s in steps:
            click.echo(json.dumps(asdict(s), default=str, ensure_ascii=False))
        return
    if not steps:
        out.print(f"No change of diplomatic ties or sanctions found between {tl.a_name} and {tl.b_name}.",
                  highlight=False)  # fmt: skip
        return
    for s in steps:
        e = s.event
        track = "diplomatic ties" if s.dimension == "ties" else f"sanctions {s.actor}→{s.target}"
        when = e.event_date or "undated"
        out.print(f"[bold]{when}[/]  {track}: {s.previous} → [bold]{s.state}[/]  ({s.label}; "
                  f"{e.n_mentions} report{'s' * (e.n_mentions != 1)}, event {e.id})", highlight=False)  # fmt: skip
        for m in s.evidence[:3]:
            title = m.title or m.doc_id
            words = " ".join(m.evidence.split())
            out.print(f"    “{words}” — {title}, {m.published or 'undated'} [{m.doc_id}]",
                      highlight=False, markup=False)  # fmt: skip


@click.command("clusters")
@click.option(
    "--rebuild", is_flag=True, help="Forget the clusters and cluster every mention again."
)
@db_option
def clusters_command(rebuild: bool, db: Path | None) -> None:
    """Group event mentions into events (one per happening) and print the figures.

    Runs incrementally: only mentions that belong to no event yet are
    clustered. Prints mentions, events and mentions per event.

    \b
    Example:
      detente clusters --db news.duckdb
      detente clusters --rebuild
    """
    with Store(_path(db)) as store:
        update = rebuild_clusters(store) if rebuild else None
        if update is None:
            from detente.analysis.clusters import update_clusters

            update = update_clusters(store)
        stats = cluster_stats(store)
    out.print(update.text(), highlight=False)
    out.print(
        f"{stats.mentions:,} mentions → {stats.events:,} events ({stats.ratio:.2f} mentions per "
        f"event; {stats.multi_report_events:,} events with several reports, at most "
        f"{stats.max_mentions:,}).",
        highlight=False,
    )


def is_loopback(host: str) -> bool:
    """True when ``host`` only accepts connections from this machine."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port."
)
def serve_command(db: Path | None, host: str, port: int) -> None:
    """Serve the dashboard (pages and JSON API) on this machine.

    Binds 127.0.0.1 unless told otherwise; the dashboard has no login, so
    another address exposes the store to whoever can reach it. The store is
    read from a private copy refreshed when the file changes: an ingest can
    run while the dashboard serves.

    \b
    Example:
      detente serve --db demo.duckdb
      detente serve --port 8080
    """
    import uvicorn

    from detente.web.app import create_app

    path = _path(db)
    if not path.exists():
        raise click.ClickException(f"{path}: no such store; run 'detente ingest' first")
    if not is_loopback(host):
        err.print(f"[bold yellow]warning:[/] listening on {host}: anyone who can reach this machine "
                  "can read the store (the dashboard has no login).", highlight=False,
                  soft_wrap=True)  # fmt: skip
    shown = f"[{host}]" if ":" in host else host
    err.print(f"detente dashboard on http://{shown}:{port}/ (store {path}; Ctrl-C to stop)",
              highlight=False, soft_wrap=True)  # fmt: skip
    http, loop = server_options()
    uvicorn.run(create_app(path, warm=get_settings().serve_warm), host=host, port=port,
                log_level="warning", access_log=False, http=http, loop=loop)  # fmt: skip


def server_options() -> tuple[Literal["httptools", "h11"], Literal["uvloop", "asyncio"]]:
    """uvicorn's faster HTTP parser and event loop (``httptools``, ``uvloop``) where installed,
    else the pure-Python ones."""
    import importlib.util

    fast_http = importlib.util.find_spec("httptools") is not None
    fast_loop = sys.platform != "win32" and importlib.util.find_spec("uvloop") is not None
    return ("httptools" if fast_http else "h11"), ("uvloop" if fast_loop else "asyncio")


COMMANDS = [relations_command, timeline_command, clusters_command, serve_command]
