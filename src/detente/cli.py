"""The ``detente`` command line: a thin layer over :mod:`detente.api`.

Every command has ``--help`` with an example; errors are one line on stderr
and a non-zero exit status. Only the CLI configures logging.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import pkgutil
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from detente import __version__, api
from detente.commands._output import db_option, parse_date
from detente.errors import DetenteError
from detente.ingest import ArticleDefaults
from detente.settings import get_settings

F = TypeVar("F", bound=Callable[..., Any])
err = Console(stderr=True)
out = Console()


def fail(message: str) -> None:
    """Print a one-line error and exit with status 1."""
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    sys.exit(1)


class DetenteGroup(click.Group):
    """A click group that turns detente's errors into one-line messages."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DetenteError as exc:
            fail(str(exc))


@click.group(cls=DetenteGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="detente")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
@click.option(
    "--actors",
    "actor_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Extra actor dictionary (CSV, see docs/actors.md); repeatable; for every command.",
)
def main(verbose: int, quiet: bool, actor_files: tuple[str, ...]) -> None:
    """detente: news in, verifiable data about relations between countries out.

    \b
    Example:
      detente ingest examples/demo
      detente --actors my-actors.csv ingest news/
      detente stats
    """
    if actor_files:
        known = [p for p in os.environ.get("DETENTE_ACTORS", "").split(os.pathsep) if p]
        os.environ["DETENTE_ACTORS"] = os.pathsep.join([*known, *actor_files])
    level = (
        logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    )
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--workers", type=click.IntRange(min=1), default=None, help="Parsing processes [default: 1]."
)
@click.option(
    "--published",
    callback=parse_date,
    help="Publication date (YYYY-MM-DD) for inputs without one.",
)
@click.option("--source", "source_name", help="Outlet name for inputs without one.")
@click.option("--url", help="URL of the article (for a single text file).")
@click.option("--strict", is_flag=True, help="Stop with an error at the first bad input.")
@click.option("--no-progress", is_flag=True, help="Do not show the progress bar.")
@click.option(
    "--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
    help="Parse in processes here, or on a Dask cluster.",
)
@click.option(
    "--scheduler", metavar="tcp://HOST:PORT",
    help="Dask scheduler to use [default: a LocalCluster of --workers processes].",
)
@click.option(
    "--out-parquet", type=click.Path(file_okay=False, path_type=Path),
    help="Dask engine: keep the Parquet dataset (one folder per table) in DIR.",
)
@click.option(
    "--feed-text", is_flag=True, help="For feeds, use each item's own text; do not fetch pages."
)
def ingest(
    paths: tuple[str, ...],
    db: Path | None,
    workers: int | None,
    published: date | None,
    source_name: str | None,
    url: str | None,
    strict: bool,
    no_progress: bool,
    engine: str,
    scheduler: str | None,
    out_parquet: Path | None,
    feed_text: bool,
) -> None:
    """Read articles, parse them and store them with what they contain.

    PATHS are .txt files (first line is the title when it reads as one),
    .jsonl files (fields id,title,text,published,source,url), HTML pages
    (.html, .htm, .html.gz), folders (read recursively) or - for JSON Lines
    on standard input. Re-ingesting an article changes nothing.

    \b
    Example:
      detente ingest examples/demo --workers 2
      detente ingest story.txt --published 2024-02-01 --source "The Star"
      cat articles.jsonl | detente ingest - --db news.duckdb
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    if engine != "dask" and (scheduler or out_parquet):
        raise click.BadParameter("needs --engine dask", param_hint="--scheduler/--out-parquet")
    if url and len(paths) > 1:
        raise click.BadParameter("--url applies to a single input", param_hint="--url")
    defaults = ArticleDefaults(published=published, source=source_name, url=url)
    show = not no_progress and err.is_terminal
    with Progress(
        TextColumn("[bold]ingest[/]"),
        BarColumn(),
        TextColumn("{task.completed:,} read, {task.fields[stored]:,} stored"),
        TextColumn("{task.fields[rate]:.1f} articles/s"),
        TimeElapsedColumn(),
        console=err,
        disable=not show,
        transient=True,
    ) as bar:
        task = bar.add_task("ingest", total=None, stored=0, rate=0.0)

        def on_progress(done: int, stored: int) -> None:
            elapsed = bar.tasks[0].elapsed or 0.0
            bar.update(task, completed=done, stored=stored, rate=done / elapsed if elapsed else 0.0)

        summary = api.ingest(
            paths, db, defaults=defaults, workers=workers, strict=strict, progress=on_progress,
            engine=engine, scheduler=scheduler, out_parquet=out_parquet, feed_text=feed_text,
        )  # fmt: skip
    click.echo(summary.text())
    if summary.read == 0:
        fail("no input found in " + ", ".join(paths))


@main.command()
@db_option
@click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Rows to show."
)
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Rows to skip.")
@click.option("--source", "source_name", help="Only articles from this outlet.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True
)
def articles(db: Path | None, limit: int, offset: int, source_name: str | None, fmt: str) -> None:
    """List stored articles, newest first.

    \b
    Example:
      detente articles --limit 5
    """
    rows = api.list_articles(db, limit=limit, offset=offset, source=source_name)
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, default=str, ensure_ascii=False))
        return
    table = Table("id", "published", "source", "title", "tokens")
    for row in rows:
        table.add_row(
            row["id"], str(row["published"] or ""), row["source"] or "", (row["title"] or "")[:70],
            str(row["n_tokens"] or ""),
        )  # fmt: skip
    out.print(table)


@main.command()
@click.argument("article_id")
@db_option
def show(article_id: str, db: Path | None) -> None:
    """Show one article: its metadata and text (an id prefix of 6+ characters works).

    \b
    Example:
      detente show 3f2a9c1b
    """
    row = api.get_article(article_id, db)
    out.print(f"[bold]{row['title'] or '(no title)'}[/]", highlight=False)
    for key in (
        "id",
        "published",
        "source",
        "url",
        "origin",
        "n_tokens",
        "sentences",
        "events",
        "quotes",
    ):
        out.print(f"[dim]{key}:[/] {row[key] if row[key] is not None else ''}", highlight=False)
    out.print()
    out.print(row["text"], highlight=False, markup=False)


@main.command()
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
def stats(db: Path | None, fmt: str) -> None:
    """Counts of what the store holds.

    \b
    Example:
      detente stats --db news.duckdb
    """
    data = api.stats(db)
    if fmt == "json":
        click.echo(json.dumps(data, default=str))
        return
    table = Table("what", "count", show_header=False)
    for key, value in data.items():
        table.add_row(key, f"{value:,}" if isinstance(value, int) else str(value or ""))
    out.print(table)


@main.command()
@db_option
@click.option("--table", "table_name", type=click.Choice(["articles", "sentences", "actors", "events", "quotes"]),
              default="articles", show_default=True, help="What to export.")  # fmt: skip
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl", "parquet", "gdelt"]),
    default="csv",
    show_default=True,
    help="gdelt: GDELT 2.0 event columns, tab-separated (events only).",
)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write.")  # fmt: skip
def export(db: Path | None, table_name: str, fmt: str, out_path: Path) -> None:
    """Export a table to CSV, JSON Lines, Parquet or GDELT 2.0 (events).

    \b
    Example:
      detente export --table articles --format parquet --out articles.parquet
      detente export --table events --format gdelt --out events.tsv
    """
    n = api.export(table_name, fmt, out_path, db)
    out.print(f"Wrote {n:,} rows of {table_name} to {out_path}.", highlight=False)


def _same_help_options(command: click.Command) -> None:
    """-h and --help on every command, however it is invoked."""
    command.context_settings.setdefault("help_option_names", ["-h", "--help"])
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _same_help_options(sub)


def _register_commands() -> None:
    import detente.commands as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"detente.commands.{info.name}")
        for command in getattr(module, "COMMANDS", []):
            main.add_command(command)
    _same_help_options(main)


_register_commands()


def settings_help() -> dict[str, Any]:
    """The settings in force (for docs and debugging)."""
    return {k: str(v) for k, v in vars(get_settings()).items()}


if __name__ == "__main__":
    main()
