"""Printing rows as a table, CSV or JSON Lines: shared by the listing commands."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

FORMATS = ("table", "csv", "jsonl")


def format_option(func: Any) -> Any:
    """``--format table|csv|jsonl``."""
    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
        help="Output format.",
    )(func)  # fmt: skip


def db_option(func: Any) -> Any:
    """``--db FILE``: the store (default ./detente.duckdb or $DETENTE_DB)."""
    return click.option(
        "--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help="DuckDB store [default: ./detente.duckdb, or $DETENTE_DB].",
    )(func)  # fmt: skip


def parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    """A click callback reading YYYY-MM-DD dates."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


def emit(rows: Sequence[dict[str, Any]], fmt: str, table_columns: Sequence[str]) -> None:
    """Print rows: a rich table of ``table_columns``, or every column as CSV / JSON Lines."""
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, default=str, ensure_ascii=False))
    elif fmt == "csv":
        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
            writer.writeheader()
            for row in rows:
                writer.writerow({k: "" if v is None else v for k, v in row.items()})
    else:
        table = Table(*table_columns, show_lines=False)
        for row in rows:
            table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in table_columns))
        Console().print(table)
        if not rows:
            click.echo("(nothing found)", err=True)
