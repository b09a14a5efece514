"""Reports of a measurement: the JSON report, the readable table, the errors.

The JSON report is the one ``../shared/gold/FORMAT.md`` describes
("Machine-readable report"): ``gold``, ``documents``, ``commit``, then one
section per layer the gold file annotates (``events``, ``quotes``), plus the
sections of the other shapes (``attributions`` for PolNeAR,
``cameo_examples``, ``codings`` for PETRARCH's unit tests). The table is
printed from the JSON report, so the two always agree.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from detente.eval.gold import GoldActor, GoldDocument, GoldEvent, GoldQuote
from detente.eval.runner import EvalRun
from detente.eval.score import LEVELS, PRF, SPAN_ROLES, Accuracy, Figures, layer_counts

MATCHED_FIELDS = ("status", "historical", "sector", "date")
QUOTE_ACCURACIES = {
    "speaker_strict": "speaker_strict",
    "speaker_lenient": "speaker_lenient",
    "kind_accuracy": "kind",
    "affiliation_accuracy": "affiliation",
    "speaker_country_accuracy": "speaker_country",
    "speaker_sector_accuracy": "speaker_sector",
}


def git_commit(folder: Path | None = None) -> tuple[str | None, bool]:
    """The short commit of the working tree, and whether it has changes.

    Returns ``(None, False)`` when there is no git or no commit.
    """
    cwd = folder or Path(__file__).resolve().parent
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None, False
    if head.returncode != 0:
        return None, False
    return head.stdout.strip() or None, bool(status.stdout.strip())


def _prf(figures: Figures, name: str) -> dict[str, Any]:
    figure = figures.get(name, PRF())
    return figure.as_dict() if isinstance(figure, PRF) else PRF().as_dict()


def _acc(figures: Figures, name: str) -> dict[str, Any]:
    figure = figures.get(name, Accuracy())
    return figure.as_dict() if isinstance(figure, Accuracy) else Accuracy().as_dict()


def _children(figures: Figures, prefix: str) -> list[str]:
    return sorted({n[len(prefix) :] for n in figures if n.startswith(prefix)})


def events_section(figures: Figures) -> dict[str, Any]:
    """The ``events`` section: levels, per PLOVER type, matched-field accuracy."""
    section: dict[str, Any] = {level: _prf(figures, f"events/{level}") for level in LEVELS}
    section["by_plover_event"] = {
        label: _prf(figures, f"events/by_plover_event/{label}")
        for label in _children(figures, "events/by_plover_event/")
    }
    matched: dict[str, Any] = {}
    for name in MATCHED_FIELDS:
        matched[f"{name}_accuracy"] = _acc(figures, f"events/matched/{name}")["accuracy"]
    matched["n"] = _acc(figures, "events/matched/events")["n"]
    for name in MATCHED_FIELDS:
        matched[f"n_{name}"] = _acc(figures, f"events/matched/{name}")["n"]
    section["matched"] = matched
    return section


def quotes_section(figures: Figures) -> dict[str, Any]:
    """The ``quotes`` section: overlap at 0.3 and 0.8, speaker, kind, affiliation."""
    section: dict[str, Any] = {
        "overlap_0.3": _prf(figures, "quotes/overlap_0.3"),
        "overlap_0.8": _prf(figures, "quotes/overlap_0.8"),
    }
    for key, name in QUOTE_ACCURACIES.items():
        section[key] = _acc(figures, f"quotes/{name}")
    return section


def attributions_section(figures: Figures) -> dict[str, Any]:
    """The ``attributions`` section: span F1 per role, exact and by overlap."""
    return {
        role: {m: _prf(figures, f"attributions/{role}/{m}") for m in ("exact", "overlap")}
        for role in SPAN_ROLES
    }


def cameo_examples_section(figures: Figures) -> dict[str, Any]:
    """The ``cameo_examples`` section: root and full-code accuracy."""
    return {
        "root_accuracy": _acc(figures, "cameo_examples/root"),
        "code_accuracy": _acc(figures, "cameo_examples/code"),
        "roots": _prf(figures, "cameo_examples/roots"),
    }


def codings_section(figures: Figures) -> dict[str, Any]:
    """The ``codings`` section: exact coding F1, per category, no-event accuracy."""
    return {
        "exact": _prf(figures, "codings/exact"),
        "root": _prf(figures, "codings/root"),
        "no_event_accuracy": _acc(figures, "codings/no_event"),
        "by_category": {
            c: _prf(figures, f"codings/by_category/{c}")
            for c in _children(figures, "codings/by_category/")
        },
    }


SECTIONS = {
    "events": ("events", events_section),
    "quotes": ("quotes", quotes_section),
    "attributions": ("attributions", attributions_section),
    "cameo_example": ("cameo_examples", cameo_examples_section),
    "codings": ("codings", codings_section),
}


def build_report(
    run: EvalRun, commit: str | None = None, dirty: bool = False, measured: date | None = None
) -> dict[str, Any]:
    """The JSON report of one measurement (FORMAT.md, "Machine-readable report").

    A section whose layer no document annotates is absent.
    """
    report: dict[str, Any] = {
        "gold": run.gold.path.name,
        "kind": run.gold.kind,
        "documents": len(run.documents),
        "commit": commit,
        "dirty": dirty,
        "measured": (measured or date.today()).isoformat(),
        "seconds": round(run.seconds, 1),
        "failed_documents": len(run.failures),
    }
    layers = layer_counts(run.documents)
    for layer, (key, build) in SECTIONS.items():
        if layers.get(layer):
            report[key] = build(run.figures)
    return report


def _fmt(value: Any) -> str:
    if value == "":
        return ""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def report_rows(report: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The figures of a report as ``(name, figure)`` rows, in report order.

    A figure is a dict with ``precision``/``recall``/``f1``/``n_gold``/``n_pred``
    or ``accuracy``/``n``; the ``matched`` block becomes one accuracy row per
    field.
    """
    rows: list[tuple[str, dict[str, Any]]] = []

    def walk(prefix: str, node: Mapping[str, Any]) -> None:
        for key, value in node.items():
            name = f"{prefix}{key}"
            if not isinstance(value, Mapping):
                continue
            if "f1" in value or "accuracy" in value:
                rows.append((name, dict(value)))
            elif key == "matched":
                for field in MATCHED_FIELDS:
                    rows.append(
                        (
                            f"{name}.{field}",
                            {"accuracy": value[f"{field}_accuracy"], "n": value[f"n_{field}"]},
                        )
                    )
            else:
                walk(name + ".", value)

    walk("", {k: v for k, v in report.items() if isinstance(v, Mapping)})
    return rows


def render_report(report: Mapping[str, Any], console: Console) -> None:
    """Print one report as tables, a section each: every figure with its counts."""
    console.print(
        f"[bold]{report['gold']}[/bold] ({report['kind']}): {report['documents']} documents, "
        f"{report['seconds']} s, commit {report['commit'] or 'none'}"
        + (" (uncommitted changes)" if report.get("dirty") else "")
    )
    sections: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for name, figure in report_rows(report):
        section, _, rest = name.partition(".")
        sections.setdefault(section, []).append((rest, figure))
    for section, rows in sections.items():
        table = Table(title=section, title_justify="left")
        table.add_column("figure", no_wrap=True)
        for header in ("P", "R", "F1", "acc", "n gold", "n pred"):
            table.add_column(header, justify="right", no_wrap=True)
        for name, figure in rows:
            if "f1" in figure:
                values = [figure["precision"], figure["recall"], figure["f1"], ""]
                counts = [figure["n_gold"], figure["n_pred"]]
            else:
                values, counts = ["", "", "", figure["accuracy"]], [figure["n"], ""]
            table.add_row(name, *(_fmt(v) for v in values + counts))
        console.print(table)
    if report.get("failed_documents"):
        console.print(
            f"[red]extraction failed on {report['failed_documents']} documents "
            "(scored as predicting nothing)[/red]"
        )


# ---------------------------------------------------------------- errors


def _actor_text(actor: GoldActor | None) -> str:
    if actor is None:
        return "–"
    code = " ".join(x for x in (actor.country, actor.sector) if x)
    if code:
        return code
    return f'"{actor.text}"' if actor.text else "?"


def describe_event(event: GoldEvent) -> str:
    """One line for an event: dyad, type, code, status, date."""
    no_actors = event.source is None and event.target is None and not event.plover_event
    parts = [
        "" if no_actors else f"{_actor_text(event.source)} → {_actor_text(event.target)}",
        event.plover_event or "",
        event.cameo or "",
        event.status or "",
        "historical" if event.historical else "",
        event.date or "",
    ]
    return " ".join(p for p in parts if p)


def describe_quote(quote: GoldQuote, text: str, width: int = 70) -> str:
    """One line for a quote: content excerpt, speaker, kind, affiliation."""
    if quote.content is not None:
        content = " … ".join(text[s:e] for s, e in quote.content.pieces)
        content = " ".join(content.split())
        if len(content) > width:
            content = content[: width - 1] + "…"
    else:
        content = "(no content)"
    speaker = quote.speaker_name or (
        text[quote.speaker.start : quote.speaker.end] if quote.speaker else "?"
    )
    extra = "/".join(x for x in (quote.speaker_country, quote.speaker_sector) if x)
    line = f"«{content}» — {' '.join(speaker.split())}"
    if quote.kind:
        line += f" ({quote.kind})"
    return line + (f" [{extra}]" if extra else "")


def describe_document(doc: GoldDocument) -> list[str]:
    """The records of a document, one line each."""
    quotes = sorted(doc.quotes, key=lambda q: q.content.start if q.content else -1)
    return sorted(describe_event(e) for e in doc.events) + [
        describe_quote(q, doc.text) for q in quotes
    ]


def render_errors(run: EvalRun, count: int, console: Console, max_rows: int = 40) -> None:
    """Print the ``count`` documents with the most mistakes, gold beside predicted."""
    ranked = sorted(
        (i for i, s in enumerate(run.scores) if s.errors > 0),
        key=lambda i: -run.scores[i].errors,
    )[:count]
    if not ranked:
        console.print(f"{run.gold.path.name}: no document has a mistake")
        return
    for i in ranked:
        gold, pred = run.documents[i], run.predictions[i]
        excerpt = " ".join(gold.text.split())
        excerpt = excerpt if len(excerpt) <= 300 else excerpt[:299] + "…"
        expects = f" (expects {gold.note})" if gold.note else ""
        errors = run.scores[i].errors
        plural = "" if errors == 1 else "s"
        console.rule(f"{gold.id}: {errors} mistake{plural}{expects}")
        console.print(Text(excerpt, style="dim"))
        _side_by_side(describe_document(gold), describe_document(pred), console, max_rows)


def _side_by_side(
    gold: Sequence[str], pred: Sequence[str], console: Console, max_rows: int
) -> None:
    table = Table(show_lines=False, expand=True)
    table.add_column(f"gold ({len(gold)})", ratio=1)
    table.add_column(f"predicted ({len(pred)})", ratio=1)
    rows = max(len(gold), len(pred))
    for k in range(min(rows, max_rows)):
        table.add_row(gold[k] if k < len(gold) else "", pred[k] if k < len(pred) else "")
    if rows > max_rows:
        table.add_row(
            f"… {max(0, len(gold) - max_rows)} more", f"… {max(0, len(pred) - max_rows)} more"
        )
    console.print(table)
