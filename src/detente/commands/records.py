"""``detente events``, ``detente quotes`` and ``detente voices``: what the store found."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from detente import api
from detente.analysis.records_query import EventQuery, QuoteQuery
from detente.commands._output import db_option, emit, format_option, parse_date


@click.command("events")
@db_option
@click.option("--actor", help="Country code on either side, e.g. CAN.")
@click.option("--dyad", help="SOURCE:TARGET country codes, e.g. CAN:VEN.")
@click.option("--type", "plover", help="PLOVER event type, e.g. SANCTION.")
@click.option("--cameo", help="CAMEO code or prefix, e.g. 163 or 16.")
@click.option("--status", type=click.Choice(["actual", "negated", "future", "hypothetical"]))
@click.option("--since", callback=parse_date, help="Events dated on or after (YYYY-MM-DD).")
@click.option("--until", callback=parse_date, help="Events dated on or before (YYYY-MM-DD).")
@click.option("--article", help="Only events of this article id.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@format_option
def events_command(
    db: Path | None, actor: str | None, dyad: str | None, plover: str | None, cameo: str | None,
    status: str | None, since: date | None, until: date | None, article: str | None, limit: int,
    fmt: str,
) -> None:  # fmt: skip
    """List coded events, each with its evidence sentence.

    \b
    Example:
      detente events --dyad CAN:VEN --type SANCTION --since 2019-01-01
      detente events --actor VEN --status negated --format jsonl
    """
    f = EventQuery(actor, dyad, plover, cameo, status, since, until, article, limit)
    rows = api.events(f, db)
    cols = [
        "event_date",
        "source_country",
        "cameo",
        "plover_event",
        "target_country",
        "status",
        "evidence",
    ]
    if fmt == "table":
        for r in rows:
            r["evidence"] = " ".join(str(r["evidence"]).split())[:120]
            r["status"] = r["status"] + (" (hist.)" if r["historical"] else "")
    emit(rows, fmt, cols)


@click.command("quotes")
@db_option
@click.option("--speaker", help="Part of the speaker's name.")
@click.option("--country", help="Speaker's country code, e.g. VEN.")
@click.option("--sector", help="Speaker's CAMEO sector, e.g. GOV.")
@click.option("--article", help="Only quotes of this article id.")
@click.option("--since", callback=parse_date, help="Articles published on or after (YYYY-MM-DD).")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@format_option
def quotes_command(
    db: Path | None, speaker: str | None, country: str | None, sector: str | None,
    article: str | None, since: date | None, limit: int, fmt: str,
) -> None:  # fmt: skip
    """List quotes with their speaker, affiliation and article.

    \b
    Example:
      detente quotes --country VEN --sector GOV
      detente quotes --speaker Joly --format csv
    """
    rows = api.quotes(QuoteQuery(speaker, country, sector, article, since, limit), db)
    if fmt == "table":
        for r in rows:
            r["content"] = " ".join(str(r["content"]).split())[:100]
            r["who"] = r["speaker_name"] or r["speaker"]
            r["affiliation"] = " ".join(x for x in (r["speaker_country"], r["speaker_sector"]) if x)
    emit(rows, fmt, ["published", "who", "affiliation", "kind", "content"])


@click.command("voices")
@db_option
@click.option("--about", help="Only articles about this country (code), e.g. VEN.")
@click.option("--since", callback=parse_date, help="Articles published on or after (YYYY-MM-DD).")
@click.option("--until", callback=parse_date, help="Articles published on or before (YYYY-MM-DD).")
@click.option("--by", type=click.Choice(["country", "sector", "outlet", "speaker"]), default="country",
              show_default=True, help="Group speakers by.")  # fmt: skip
@format_option
def voices_command(
    db: Path | None, about: str | None, since: date | None, until: date | None, by: str, fmt: str
) -> None:
    """Whose voices the coverage carries: quotes and quoted words per group.

    For the articles about a country (or all), how many quotes and words of
    quotation come from each speaker country, sector or outlet, with the top
    speakers of each group.

    \b
    Example:
      detente voices --about VEN --by sector
    """
    rows = api.voices(db, about=about, since=since, until=until, by=by)
    if fmt == "table":
        for r in rows:
            r["top_speakers"] = ", ".join(r["top_speakers"])
    emit(rows, fmt, ["group", "quotes", "words", "share_quotes", "share_words", "top_speakers"])


COMMANDS = [events_command, quotes_command, voices_command]
