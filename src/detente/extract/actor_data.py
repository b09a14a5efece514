"""The actor dictionaries as one in-memory model (DESIGN.md, Actors and time).

Every phrase that names an actor (a country, a demonym, a capital, a seat of
government, an organisation, a person, an agent noun, an office title) becomes
an :class:`Entry` under the key of its lower-cased tokens. The resolver
matches those keys with one spaCy ``PhraseMatcher`` and picks among a key's
entries by source priority and date.

Sources, highest priority first: user files (``--actors FILE``), the people
files (``actors/people*.csv``), ``organisations.csv``, ``countries.csv``,
``places.csv``, ``offices.csv``, ``agents.csv``, then the ``*-petrarch.csv``
files derived from the PETRARCH2 dictionaries. A key found in a higher source
hides the lower ones ("a user entry overrides bundled ones").
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pycountry

from detente.data import DataTable, bundled_files, load_table, load_user_table
from detente.errors import DataFileError

log = logging.getLogger(__name__)

#: Kinds of entry whose words are proper names (a capital letter is required).
PROPER = frozenset({"country", "demonym", "capital", "place", "org", "person"})
#: Offices the people files track.
OFFICES = ("head_of_state", "head_of_government", "foreign_minister")
#: Columns of a user actor file (``--actors FILE``).
USER_COLUMNS = ("pattern", "country", "sector", "name", "start", "end")

_CODE = re.compile(r"^[A-Z]{3}$")
_NO_PLURAL = ("s", "sh", "ch", "x", "z", "ese")


@dataclass(frozen=True)
class Entry:
    """One dictionary row as a phrase to match.

    Attributes:
        kind: country, demonym, capital, place, org, person, office, agent,
            government, country_noun, former, none or user.
        pattern: the phrase as written in the dictionary.
        country: country (or bloc) code, or ``None``.
        sector: CAMEO role code, or ``None``.
        name: canonical entity name, or ``None``.
        start: first day the row holds (``None``: always).
        end: last day the row holds (``None``: still).
        office: office key of an office title or of a people row.
        source: the file and row, e.g. ``countries.csv[VEN]``.
        priority: lower wins among entries of one key.
        generated: derived from PETRARCH2 (words need spaCy's NER to agree).
        fallback: for a trade noun (``descriptions.csv``), the sector it takes
            when the phrase ties it to no institution ("a sociologist": CVL).
    """

    kind: str
    pattern: str
    country: str | None = None
    sector: str | None = None
    name: str | None = None
    start: date | None = None
    end: date | None = None
    office: str | None = None
    source: str = ""
    priority: int = 50
    generated: bool = False
    fallback: str | None = None

    def holds(self, when: date) -> bool:
        """Whether the row holds on ``when``."""
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)

    def distance(self, when: date) -> int:
        """Days from ``when`` to the row's date range (0 inside it)."""
        if self.start is not None and when < self.start:
            return (self.start - when).days
        if self.end is not None and when > self.end:
            return (when - self.end).days
        return 0

    @property
    def rule(self) -> str:
        """``kind:source 'pattern'``, the rule part naming the row used."""
        return f"{self.kind}:{self.source} {self.pattern!r}"


@dataclass(frozen=True)
class Holder:
    """A people-file row: who held an office of a country, and when."""

    name: str
    country: str
    office: str
    title: str
    start: date | None
    end: date | None
    source: str


@dataclass(frozen=True)
class ActorDictionary:
    """A user actor dictionary given as rows, and how it joins the bundled ones.

    Attributes:
        rows: user rows ``(pattern, country, sector, name, start, end)``; a
            row with no country is an agent noun (see :func:`validate_user_rows`).
        own_agents: the dictionary's agent rows replace the bundled agent
            nouns and office titles (a closed dictionary, such as PETRARCH2's
            validation dictionaries, which its tests are coded with alone).
    """

    rows: tuple[tuple[str, ...], ...]
    own_agents: bool = False

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        """The rows, so that the dictionary reads like a tuple of rows."""
        return iter(self.rows)

    def __contains__(self, row: object) -> bool:
        return row in self.rows


#: Entry kinds that a dictionary with its own agents replaces.
AGENT_KINDS = frozenset({"agent", "government", "office"})


@dataclass
class ActorData:
    """All dictionaries, ready to compile into a matcher.

    Attributes:
        entries: phrase -> entries (several sources or dated rows).
        holders: (country, office) -> holders in date order.
        title_countries: lower-cased title -> countries whose holders use it.
        roles: CAMEO role codes.
        country_names: code -> canonical country name.
        stances: prefixes ("anti", "pro") that make a country word a stance
            toward it ("an anti-Syria journalist" is not Syrian).
        residence: (verb lemma, preposition) pairs that say where a described
            person lives ("living in", "based in"; ``descriptions.csv``).
        ties: prepositions that also tie a trade noun to its institution ("with").
        ranks: words that rank a trade noun and give it no role ("deputy chief economist").
    """

    entries: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    holders: dict[tuple[str, str], list[Holder]] = field(default_factory=lambda: defaultdict(list))
    title_countries: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    roles: frozenset[str] = frozenset()
    country_names: dict[str, str] = field(default_factory=dict)
    stances: set[str] = field(default_factory=set)
    residence: set[tuple[str, str]] = field(default_factory=set)
    ties: set[str] = field(default_factory=set)
    ranks: set[str] = field(default_factory=set)

    def add(self, entry: Entry, plural: bool = False) -> None:
        """Add an entry under its pattern and its variants (accents folded, plural)."""
        for form in variants(entry.pattern, plural):
            self.entries[form].append(entry)

    def holder(self, country: str, office: str, when: date) -> Holder | None:
        """Who held ``office`` of ``country`` on ``when`` (``None`` if unknown)."""
        for h in self.holders.get((country, office), ()):
            if (h.start is None or h.start <= when) and (h.end is None or when <= h.end):
                return h
        return None


def fold(text: str) -> str:
    """Accents removed, apostrophes straightened: ``Páez’s`` -> ``Paez's``."""
    if text.isascii():
        return text
    text = text.replace("’", "'").replace("‘", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def pluralise(phrase: str) -> str | None:
    """The regular English plural of a phrase's last word, or ``None``.

    ``official`` -> ``officials``, ``ministry`` -> ``ministries``,
    ``Venezuelan`` -> ``Venezuelans``; words ending in s, sh, ch, x, z or
    ``ese`` get none (``Chinese``, ``Swiss``, ``French``).
    """
    head, _, last = phrase.rpartition(" ")
    low = last.lower()
    if not low or not low[-1].isalpha() or low.endswith(_NO_PLURAL):
        return None
    if low.endswith("man") and not low.endswith(("human", "german", "roman")):
        plural = last[:-3] + "men"
    elif low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


def variants(pattern: str, plural: bool = False) -> list[str]:
    """The forms a pattern is matched in: as written, accent-folded, plural."""
    forms = [pattern]
    if plural:
        p = pluralise(pattern)
        if p:
            forms.append(p)
    for f in list(forms):
        folded = fold(f)
        if folded != f:
            forms.append(folded)
        if "'" in f:
            forms.append(f.replace("'", "’"))
    return forms


def split_list(value: str | None) -> list[str]:
    """A ``|``-separated cell as a list of non-empty stripped items."""
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def parse_iso(value: str | None, where: str) -> date | None:
    """An ISO date cell, or ``None`` when empty.

    Raises:
        DataFileError: when the cell is not an ISO date.
    """
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DataFileError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _actor_files(prefix: str) -> list[str]:
    return [n for n in bundled_files() if n.startswith("actors/" + prefix)]


def load_bundled(people: bool = True) -> ActorData:
    """Load every bundled actor dictionary into one :class:`ActorData`.

    Args:
        people: whether to load the people files (``actors/people*.csv``);
            tests leave them out to use their own rows (see :func:`add_people`).
    """
    data = ActorData()
    sectors = load_table("actors/sectors.csv")
    data.roles = frozenset(r["code"] for r in sectors.rows if r["kind"] == "role")
    if people:
        _load_people(data)
    _load_orgs(data, load_table("actors/organisations.csv"), 20, generated=False)
    _load_countries(data)
    _load_places(data)
    _load_offices(data)
    _load_agents(data, load_table("actors/agents.csv"), 60)
    _load_descriptions(data, load_table("actors/descriptions.csv"), 60)
    if "actors/officials-petrarch.csv" in bundled_files():
        _load_orgs(data, load_table("actors/officials-petrarch.csv"), 70, generated=True, kind="person")
    if "actors/organisations-petrarch.csv" in bundled_files():
        _load_orgs(data, load_table("actors/organisations-petrarch.csv"), 75, generated=True)
    if "actors/places-petrarch.csv" in bundled_files():
        for row in load_table("actors/places-petrarch.csv").rows:
            data.add(Entry("place", row["pattern"], row["country"], None,
                           data.country_names.get(row["country"]),
                           source=f"places-petrarch.csv[{row['pattern']}]",
                           priority=80, generated=True))
    if "actors/agents-petrarch.csv" in bundled_files():
        _load_agents(data, load_table("actors/agents-petrarch.csv"), 90)
    return data


def _load_people(data: ActorData) -> None:
    for name in _actor_files("people"):
        try:
            table = load_table(name)
        except DataFileError as exc:  # a file being written while we read it
            log.warning("skipping %s: %s", name, exc)
            continue
        add_people(data, table)


def add_people(data: ActorData, table: DataTable) -> int:
    """Add the rows of a people file (``name,aliases,country,sector,office,title,start,end``).

    Each row is a person holding an office between two dates; the holders of
    the tracked offices answer "the president of Venezuela" on a date, and
    each title is added as an office word. Rows that cannot be read are
    logged and skipped (the files may be partial while they are written).

    Returns:
        The number of rows added.
    """
    short = table.name.removeprefix("actors/")
    n = 0
    for i, row in enumerate(table.rows, 2):
        try:
            start = parse_iso(row.get("start"), f"{short} row {i}")
            end = parse_iso(row.get("end"), f"{short} row {i}")
        except DataFileError as exc:
            log.warning("%s", exc)
            continue
        person, country = row.get("name", ""), row.get("country", "")
        if not person or not _CODE.match(country):
            continue
        office = row.get("office") or None
        title = row.get("title", "")
        source = f"{short}[{person} {row.get('start', '')}..{row.get('end', '')}]"
        entry = Entry("person", person, country, row.get("sector") or "GOV", person,
                      start, end, office, source, priority=10)
        for pattern in [person, *split_list(row.get("aliases"))]:
            data.add(replace(entry, pattern=pattern))
        n += 1
        if office not in OFFICES:
            continue
        holders = data.holders[(country, office)]
        holders.append(Holder(person, country, office, title, start, end, source))
        holders.sort(key=lambda h: h.start or date.min)
        if title and title.lower() not in data.title_countries:
            data.add(Entry("office", title.lower(), None, "GOV", office=office,
                           source=f"{short}[title {title}]", priority=45), plural=True)
        if title:
            data.title_countries[title.lower()].add(country)
    return n


def _load_orgs(
    data: ActorData, table: DataTable, priority: int, generated: bool, kind: str = "org"
) -> None:
    short = table.name.removeprefix("actors/")
    aliases: dict[str, list[str]] = defaultdict(list)  # a name's aliases may sit on one row only
    for row in table.rows:
        aliases[row["name"]].extend(split_list(row.get("aliases")))
    for i, row in enumerate(table.rows, 2):
        name = row["name"]
        where = f"{short} row {i}"
        start = parse_iso(row.get("start"), where)
        end = parse_iso(row.get("end"), where)
        entry = Entry(kind, name, row["country"] or None, row.get("sector") or None, name,
                      start, end, None, f"{short}[{name}]", priority, generated)
        for pattern in dict.fromkeys([name, *aliases[name]]):
            data.add(replace(entry, pattern=pattern))


def _load_countries(data: ActorData) -> None:
    table = load_table("actors/countries.csv")
    for row in table.rows:
        code, name = row["code"], row["name"]
        data.country_names[code] = name
        src = f"countries.csv[{code}]"
        for pattern in [name, *split_list(row["aliases"])]:
            data.add(Entry("country", pattern, code, None, name, source=src, priority=30))
        for pattern in split_list(row["demonyms"]):
            data.add(Entry("demonym", pattern, code, None, name, source=src, priority=30),
                     plural=True)
        for pattern in split_list(row["capitals"]):
            data.add(Entry("capital", pattern, code, None, name, source=src, priority=31))
    for c in pycountry.countries:  # ISO names for any country the file lacks
        if c.alpha_3 not in data.country_names:
            data.country_names[c.alpha_3] = getattr(c, "common_name", c.name)
        for pattern in {c.name, getattr(c, "common_name", c.name), getattr(c, "official_name", c.name)}:
            if "," not in pattern:
                data.add(Entry("country", pattern, c.alpha_3, None, data.country_names[c.alpha_3],
                               source=f"pycountry[{c.alpha_3}]", priority=32))


def _load_places(data: ActorData) -> None:
    for row in load_table("actors/places.csv").rows:
        country = row["country"] or None
        data.add(Entry("place", row["pattern"], country, row["sector"] or None,
                       data.country_names.get(country or ""),
                       source=f"places.csv[{row['pattern']}]", priority=35))


def _load_offices(data: ActorData) -> None:
    for row in load_table("actors/offices.csv").rows:
        data.add(Entry("office", row["title"], None, "GOV", office=row["office"],
                       source=f"offices.csv[{row['title']}]", priority=45), plural=True)


def _load_agents(data: ActorData, table: DataTable, priority: int) -> None:
    short = table.name.removeprefix("actors/")
    kinds = {"agent": "agent", "government": "government", "country": "country_noun",
             "former": "former", "none": "none"}
    for row in table.rows:
        if row.get("kind") == "stance":
            data.stances.add(row["pattern"].lower())
            continue
        kind = kinds.get(row.get("kind") or "agent", "agent")
        data.add(Entry(kind, row["pattern"], None, row["sector"] or None,
                       source=f"{short}[{row['pattern']}]", priority=priority),
                 plural=kind in ("agent", "government", "country_noun", "none"))


def _load_descriptions(data: ActorData, table: DataTable, priority: int) -> None:
    """Trade nouns, residence phrases, ties and ranks of ``descriptions.csv``.

    A trade noun ("sociologist", "economist") is an agent with no sector of
    its own: it takes the sector of the institution the phrase ties it to,
    else its row's sector as a fallback (PLOVER manual 2.0, Table 5.2: EDU is
    educators and education bodies; CVL is those who lack an affiliation).
    """
    for row in table.rows:
        kind = row["kind"]
        if kind == "trade":
            data.add(Entry("agent", row["pattern"], None, None,
                           source=f"descriptions.csv[{row['pattern']}]", priority=priority,
                           fallback=row["sector"] or None), plural=True)
        elif kind == "residence":
            verb, _, prep = row["pattern"].partition(" ")
            data.residence.add((verb, prep))
        elif kind == "tie":
            data.ties.add(row["pattern"])
        elif kind == "rank":
            data.ranks.add(row["pattern"])
        else:
            raise DataFileError(f"descriptions.csv: unknown kind {kind!r} in row {row}")


def validate_user_rows(rows: Iterable[Sequence[str]], where: str) -> list[tuple[str, ...]]:
    """Check user actor rows (``pattern,country[,sector,name,start,end]``).

    A row with no country and a sector is an agent noun ("border guard,,MIL"):
    like CAMEO's agents it gives its role to the actor it is attached to
    ("Arnorian border guards" -> ARNMIL). It matches the words as written
    (list a plural as its own row).

    Returns:
        The rows padded to six cells, stripped.

    Raises:
        DataFileError: naming the first bad row and what is wrong with it.
    """
    out: list[tuple[str, ...]] = []
    for i, raw in enumerate(rows, 1):
        cells = [str(c).strip() for c in raw] + [""] * (len(USER_COLUMNS) - len(raw))
        if len(cells) > len(USER_COLUMNS):
            raise DataFileError(f"{where} row {i}: more than {len(USER_COLUMNS)} cells")
        pattern, country, sector, _name, start, end = cells
        if not pattern:
            raise DataFileError(f"{where} row {i}: empty pattern")
        if not country and not sector:
            raise DataFileError(f"{where} row {i}: an agent row (no country) needs a sector")
        if country and not _CODE.match(country):
            raise DataFileError(f"{where} row {i}: country {country!r} is not a 3-letter code")
        if sector and not re.fullmatch(r"[A-Z]{3}", sector):
            raise DataFileError(f"{where} row {i}: sector {sector!r} is not a 3-letter code")
        parse_iso(start, f"{where} row {i}")
        parse_iso(end, f"{where} row {i}")
        out.append(tuple(cells))
    return out


def load_user_actors(path: str | Path) -> tuple[tuple[str, ...], ...]:
    """Read and validate a user actor file (the ``--actors FILE`` format).

    The file is CSV with a ``# version: 1`` header line and the columns
    ``pattern,country,sector,name,start,end`` (only ``pattern`` and
    ``country`` are required). See docs/actors.md.

    Raises:
        DataFileError: when the file cannot be read or a row is invalid.
    """
    table = load_user_table(path)
    missing = [c for c in ("pattern", "country") if c not in table.columns]
    if missing:
        raise DataFileError(f"{path}: missing column(s) {', '.join(missing)}")
    rows = [[row.get(c, "") for c in USER_COLUMNS] for row in table.rows]
    return tuple(validate_user_rows(rows, str(path)))


def add_user_rows(data: ActorData, rows: Iterable[tuple[str, ...]], source: str) -> int:
    """Add validated user rows to ``data`` (priority above every bundled file).

    Rows with no country are added as agent nouns (kind ``agent``).
    """
    n = 0
    for i, (pattern, country, sector, name, start, end) in enumerate(rows, 1):
        kind = "user" if country else "agent"
        data.add(Entry(kind, pattern, country or None, sector or None, name or None,
                       parse_iso(start, source), parse_iso(end, source),
                       source=f"{source}[row {i}]", priority=0))
        n += 1
    return n


def drop_agents(data: ActorData) -> int:
    """Remove the agent nouns, government nouns and office titles from ``data``.

    Used before adding a dictionary that brings its own agents
    (:attr:`ActorDictionary.own_agents`). Returns the number of entries removed.
    """
    n = 0
    for key in list(data.entries):
        kept = [e for e in data.entries[key] if e.kind not in AGENT_KINDS]
        n += len(data.entries[key]) - len(kept)
        if kept:
            data.entries[key] = kept
        else:
            del data.entries[key]
    data.title_countries.clear()
    return n
