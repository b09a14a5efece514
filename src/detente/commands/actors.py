"""``detente actors``: look up how a phrase resolves, and check user actor files.

The commands are thin: they call :func:`detente.extract.actors.get_resolver`
and print what it returns. See docs/actors.md.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from detente.errors import DetenteError
from detente.records import Actor

if TYPE_CHECKING:  # spaCy loads only when a command runs
    from detente.extract.actors import ActorResolver

_DATE_HELP = "the event date for dated offices, YYYY-MM-DD (default: today)"
_ACTORS_HELP = "a user actor file to use as well (repeatable); see 'detente actors add --help'"


def _when(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _resolver(actors: tuple[str, ...]) -> ActorResolver:
    from detente.extract.actors import get_resolver
    from detente.settings import get_settings

    files = [*get_settings().actors, *actors]
    try:
        return get_resolver(tuple(str(Path(a)) for a in dict.fromkeys(files)))
    except DetenteError as exc:
        raise click.ClickException(str(exc)) from exc


def _print_actor(actor: Actor | None, text: str, names: dict[str, str]) -> None:
    click.echo(f"text:    {text}")
    if actor is None:
        click.echo("actor:   none (no actor found)")
        return
    click.echo(f"actor:   {actor.code or '-'}")
    country = f"{actor.country} ({names.get(actor.country, actor.country)})" if actor.country else "-"
    click.echo(f"country: {country}")
    click.echo(f"sector:  {actor.sector or '-'}")
    click.echo(f"name:    {actor.name or '-'}")
    click.echo(f"mention: {actor.text!r} [{actor.start}:{actor.end}]")
    parts = actor.rule.split(" + ")
    click.echo(f"rule:    {parts[0]}")
    for part in parts[1:]:
        click.echo(f"         + {part}")


@click.group("actors")
def actors_group() -> None:
    """Actors: how phrases resolve to country, sector and person, and user dictionaries.

    \b
    Examples:
      detente actors lookup "the Trudeau government" --date 2019-03-01
      detente actors mentions "Venezuelan officials met the Canadian ambassador."
      detente actors check my-actors.csv
    """


@actors_group.command("lookup")
@click.argument("text")
@click.option("--date", "date_", metavar="YYYY-MM-DD", help=_DATE_HELP)
@click.option("--actors", multiple=True, metavar="FILE", help=_ACTORS_HELP)
@click.option("--json", "as_json", is_flag=True, help="print the actor as JSON")
def lookup_command(text: str, date_: str | None, actors: tuple[str, ...], as_json: bool) -> None:
    """Resolve TEXT to an actor and print the rule and dictionary row used.

    \b
    Examples:
      detente actors lookup "the Trudeau government" --date 2019-03-01
      detente actors lookup "the president of Venezuela" --date 2012-06-01
      detente actors lookup "Arnor" --actors my-actors.csv
    """
    resolver = _resolver(actors)
    actor = resolver.lookup(text, _when(date_))
    if as_json:
        click.echo(json.dumps(asdict(actor) if actor else None, ensure_ascii=False))
        return
    _print_actor(actor, text, resolver.data.country_names)


@actors_group.command("mentions")
@click.argument("text")
@click.option("--date", "date_", metavar="YYYY-MM-DD", help=_DATE_HELP)
@click.option("--actors", multiple=True, metavar="FILE", help=_ACTORS_HELP)
@click.option("--file", "is_file", is_flag=True, help="TEXT is a path to a UTF-8 text file")
def mentions_command(text: str, date_: str | None, actors: tuple[str, ...], is_file: bool) -> None:
    """List every actor mention of TEXT (or of a text file with --file).

    \b
    Examples:
      detente actors mentions "Hungarian and Romanian officials agreed on Wednesday."
      detente actors mentions article.txt --file --date 2024-02-01
    """
    from detente.nlp import load_pipeline

    if is_file:
        try:
            text = Path(text).read_text(encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"{text}: cannot read ({exc})") from exc
    resolver = _resolver(actors)
    doc = load_pipeline()(text)
    for m in resolver.mentions(doc, _when(date_)):
        click.echo(f"{m.start}:{m.end}\t{m.code or '-'}\t{m.name or '-'}\t{m.text!r}")


@actors_group.command("check")
@click.argument("file", type=click.Path(dir_okay=False))
def check_command(file: str) -> None:
    """Validate a user actor FILE and print how many rows it holds.

    Exits with status 1 and a one-line error naming the bad row when the file
    is malformed.

    \b
    Example:
      detente actors check my-actors.csv
    """
    from detente.extract.actor_data import load_user_actors

    try:
        rows = load_user_actors(file)
    except DetenteError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{file}: OK, {len(rows)} actor row(s)")


@actors_group.command("add")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--date", "date_", metavar="YYYY-MM-DD", help=_DATE_HELP)
def add_command(file: str, date_: str | None) -> None:
    """Check a user actor FILE and show what it adds to the bundled dictionaries.

    detente never edits its bundled dictionaries: you extend them with your
    own CSV file, passed as ``--actors FILE`` to any command that reads
    actors (it may be given several times). A user row overrides the
    bundled rows of the same pattern.

    \b
    The file is UTF-8 CSV: comment lines first (``# version: 1`` required),
    then a header row and one row per phrase:
      # version: 1
      # source: my own list
      pattern,country,sector,name,start,end
      Arnor,ARN,,,,
      Ministry of Magic,HGW,GOV,Ministry of Magic,,
      Cornelius Fudge,HGW,GOV,Cornelius Fudge,1990-01-01,1996-06-30
    \b
    pattern  the phrase as written; matched case-insensitively on words
    country  a 3-letter code (ISO 3166-1 alpha-3, IGO, NGO or your own, e.g. ARN)
    sector   optional CAMEO role code (GOV, MIL, OPP, REB, JUD, LEG, COP, BUS, MED, CVL ...)
    name     optional canonical name
    start    optional first day the row holds (YYYY-MM-DD)
    end      optional last day the row holds (YYYY-MM-DD)

    \b
    Example:
      detente actors add my-actors.csv
      detente actors lookup "the Ministry of Magic" --actors my-actors.csv
    """
    from detente.extract.actor_data import load_user_actors

    try:
        rows = load_user_actors(file)
    except DetenteError as exc:
        raise click.ClickException(str(exc)) from exc
    when = _when(date_)
    bundled = _resolver(())
    for pattern, country, sector, name, start, end in rows:
        before = bundled.lookup(pattern, when)
        if before is None or before.country is None:
            what = "adds"
        else:
            what = f"overrides {before.code} ({before.rule.split(' + ')[0]})"
        dates = f" {start or '…'}..{end or '…'}" if start or end else ""
        label = f"{country}{sector}{' ' + name if name else ''}{dates}"
        click.echo(f"{pattern!r} -> {label}: {what}")
    click.echo(f"{file}: {len(rows)} row(s); use it with --actors {file}")


COMMANDS = [actors_group]
