"""``detente eval``: measure extraction against gold sets (see docs/accuracy.md)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from detente.commands._output import db_option

log = logging.getLogger(__name__)


@click.command("eval")
@click.argument(
    "gold",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the figures as JSON (one object, or a list for several GOLD files).",
)
@click.option(
    "--predictions",
    "predictions_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the predictions as gold-format JSON Lines (same ids and texts).",
)
@click.option(
    "--show-errors",
    type=click.IntRange(min=0),
    metavar="N",
    default=0,
    show_default=True,
    help="Print the N worst documents, gold and predicted records side by side.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    metavar="N",
    default=None,
    help="Score only the first N documents.",
)
@db_option
def eval_command(
    gold: tuple[Path, ...],
    report_path: Path | None,
    predictions_path: Path | None,
    show_errors: int,
    limit: int | None,
    db: Path | None,
) -> None:
    """Measure extraction against GOLD files: every figure with its counts.

    Runs the extraction on every gold document (with its publication date),
    scores it as ../shared/gold/FORMAT.md says (see docs/accuracy.md), and
    prints precision, recall and F1 with n gold and n predicted. Each GOLD
    file's shape is detected: the gold format (*.gold.jsonl), the CAMEO
    codebook examples, PETRARCH2's unit tests (coded with their test
    dictionaries from the folder beside them) or PolNeAR.

    \b
    Example:
      detente eval ../shared/gold/events/plover-gsr.gold.jsonl --report gsr.json
      detente eval ../shared/gold/quotes/polnear/dev.jsonl --show-errors 3
      detente eval ../shared/gold/events/cameo-examples.jsonl --predictions pred.jsonl
    """
    from detente.eval.predict import write_documents
    from detente.eval.report import build_report, git_commit, render_errors, render_report
    from detente.eval.runner import EvalRun, run_eval

    out = Console()
    err = Console(stderr=True)
    commit, dirty = git_commit()
    reports: list[dict[str, Any]] = []
    runs: list[EvalRun] = []
    for path in gold:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task(path.name, total=None)

            def start(_set: object, n: int, _task: Any = task, _bar: Progress = bar) -> None:
                _bar.update(_task, total=n)

            def step(k: int, _task: Any = task, _bar: Progress = bar) -> None:
                _bar.advance(_task, k)

            run = run_eval(path, limit=limit, on_start=start, progress=step)
        runs.append(run)
        report = build_report(run, commit, dirty)
        reports.append(report)
        render_report(report, out)
        if show_errors:
            render_errors(run, show_errors, out)
    if report_path is not None:
        payload: Any = reports[0] if len(reports) == 1 else reports
        report_path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", "utf-8")
        err.print(f"report written to {report_path}")
    if predictions_path is not None:
        count = write_documents((d for r in runs for d in r.predictions), predictions_path)
        err.print(f"{count} predicted documents written to {predictions_path}")


COMMANDS = [eval_command]
