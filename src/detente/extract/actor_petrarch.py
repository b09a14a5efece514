"""Reader of PETRARCH2/TABARI actor and agent dictionaries, and the converter
that derives detente's ``*-petrarch.csv`` actor data files from them.

The format is described in ``../shared/reference/petrarch2/README.md``: an
entry is a name in capitals with words joined by ``_``, ``+`` lines are its
synonyms, and ``[CODE dates]`` give its CAMEO code, possibly limited in time.
The dictionaries are MIT-licensed (© 2014 Open Event Data Alliance); only
facts (names, countries, roles, dates) are carried over.

Run ``python -m detente.extract.actor_petrarch PETRARCH_DIR OUT_DIR`` to
regenerate the derived files (the maintainer's tool; nothing calls it at
run time).
"""

from __future__ import annotations

import csv
import logging
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pycountry

log = logging.getLogger(__name__)

_CODE = re.compile(r"\[([^\]]*)\]")
_DATE6 = re.compile(r"^\d{6}$")
_DATE8 = re.compile(r"^\d{8}$")
_SUBST = re.compile(r"^!([A-Z]+)!\s*=\s*(.+)$")
_BRACES = re.compile(r"\{[^}]*\}")
_SMALL = frozenset({"of", "the", "and", "for", "in", "on", "de", "la", "el", "al", "du", "le", "des"})


@dataclass(frozen=True)
class PetrarchCode:
    """One ``[CODE dates]`` of an entry: the code and the dates it holds between."""

    code: str
    start: date | None = None
    end: date | None = None


@dataclass
class PetrarchEntry:
    """An actor entry: its name, synonyms, codes and the comment on its line."""

    name: str
    synonyms: list[str] = field(default_factory=list)
    codes: list[PetrarchCode] = field(default_factory=list)
    comment: str = ""


def parse_date(text: str) -> date | None:
    """A PETRARCH date (``YYMMDD`` or ``YYYYMMDD``) as a date, or ``None`` if malformed.

    Two-digit years up to 20 are read as 20YY, later ones as 19YY (the
    dictionaries were last edited in 2014).
    """
    try:
        if _DATE8.match(text):
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if _DATE6.match(text):
            yy = int(text[:2])
            year = 2000 + yy if yy <= 20 else 1900 + yy
            return date(year, int(text[2:4]), int(text[4:]))
    except ValueError:
        return None
    return None


def parse_code(text: str) -> PetrarchCode | None:
    """Parse the inside of ``[...]``: ``AFGGOV 331108-730717``, ``IGOUNO >20070101``, ``ELI``."""
    parts = text.split()
    if not parts or not re.fullmatch(r"~?[A-Z]{3,}~?", parts[0]):
        return None
    code = parts[0]
    if len(parts) == 1:
        return PetrarchCode(code)
    spec = "".join(parts[1:])
    if spec.startswith(">"):
        start = parse_date(spec[1:])
        return PetrarchCode(code, start, None) if start else None
    if spec.startswith("<"):
        end = parse_date(spec[1:])
        return PetrarchCode(code, None, end) if end else None
    if "-" in spec:
        a, _, b = spec.partition("-")
        start, end = parse_date(a), parse_date(b)
        return PetrarchCode(code, start, end) if start and end else None
    return None


def parse_actors(text: str) -> list[PetrarchEntry]:
    """Parse a ``*.actors.txt`` dictionary into entries (comments dropped)."""
    entries: list[PetrarchEntry] = []
    current: PetrarchEntry | None = None
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        body, _, comment = raw.partition("#")
        codes = [c for c in (parse_code(m) for m in _CODE.findall(body)) if c]
        words = _CODE.sub(" ", body).strip()
        if raw[0] in " \t":
            if current is not None:
                current.codes.extend(codes)
            continue
        if raw.startswith("+"):
            if current is not None:
                for syn in words[1:].split("+"):
                    if syn.strip():
                        current.synonyms.append(syn.strip())
                current.codes.extend(codes)
            continue
        current = PetrarchEntry(words.split()[0] if words else "", [], codes, comment.strip())
        if len(words.split()) > 1:  # "MONUC INDIAN_CONTINGENT_": a space inside the name
            current.name = "_".join(words.split())
        entries.append(current)
    return [e for e in entries if e.name]


def parse_agents(text: str) -> list[tuple[str, str]]:
    """Parse ``Phoenix.agents.txt`` into ``(phrase, code)`` pairs.

    Substitution sets (``!PERSON! = MAN, MEN, ...``) are expanded; irregular
    forms in braces are kept as separate phrases; ``[~GOV]`` becomes ``GOV``.
    """
    subst: dict[str, list[str]] = {}
    out: list[tuple[str, str]] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = _SUBST.match(line)
        if m:
            subst[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        codes = _CODE.findall(line)
        if not codes:
            continue
        code = codes[0].strip().lstrip("~")  # "[~GOV]" is appended; "[IGO~]" (kept) is prefixed
        words = _CODE.sub(" ", line)
        forms = [f.strip() for f in _BRACES.findall(words)]
        head = _BRACES.sub(" ", words).strip()
        phrases = [head] + [w for f in forms for w in f.strip("{}").split()]
        for ph in phrases:
            for expanded in _expand(ph, subst):
                out.append((phrase(expanded).lower(), code))
    return out


def _expand(text: str, subst: dict[str, list[str]]) -> list[str]:
    m = re.search(r"!([A-Z]+)!", text)
    if not m or m.group(1) not in subst:
        return [text]
    return [
        e
        for word in subst[m.group(1)]
        for e in _expand(text[: m.start()] + word + text[m.end() :], subst)
    ]


def phrase(name: str) -> str:
    """A dictionary name as words: ``HUGO_CHAVEZ_`` -> ``Hugo Chavez``."""
    words = [w for w in name.strip("_ ").split("_") if w]
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        if "." in w or not re.search(r"[AEIOUY]", w):
            out.append(w)
        elif i > 0 and low in _SMALL:
            out.append(low)
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(out)


def split_code(code: str, roles: frozenset[str]) -> tuple[str, str]:
    """Split a CAMEO actor code into its country and its first role: ``USAGOVMED`` -> (USA, GOV)."""
    country = code[:3]
    for i in range(3, len(code) - 2, 3):
        chunk = code[i : i + 3]
        if chunk in roles:
            return country, chunk
    return country, ""


def _country_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries)


def _write(path: Path, header: str, columns: list[str], rows: Iterable[list[str]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(header)
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        for row in rows:
            w.writerow(row)
            n += 1
    return n


_HEADER = (
    "# version: 1\n"
    "# source: generated by detente.extract.actor_petrarch from PETRARCH2 {files} "
    "(openeventdata/petrarch2 commit 676801cd9cb2924bbbad09f86d15c9323e7097bf); facts only\n"
    "# license: MIT, (c) 2014 Open Event Data Alliance (see NOTICE)\n"
    "# note: {note}\n"
)


def convert(
    petrarch_dir: Path,
    out_dir: Path,
    roles: frozenset[str],
    blocs: frozenset[str],
    religions: frozenset[str],
) -> None:
    """Write the ``*-petrarch.csv`` files into ``out_dir`` from the PETRARCH2 dictionaries.

    Args:
        petrarch_dir: folder holding ``Phoenix.*.actors.txt``.
        out_dir: the actors data folder.
        roles: CAMEO role codes that may become a sector.
        blocs: non-country codes accepted as an actor's country (``IGO``, ``NGO``...).
        religions: religion codes (an agent with only one of these is ``REL``).
    """
    isos = _country_codes()
    countries_file = petrarch_dir / "Phoenix.Countries.actors.txt"
    entries = parse_actors(countries_file.read_text(encoding="utf-8"))
    place_countries: dict[str, set[str]] = defaultdict(set)
    people: list[list[str]] = []
    orgs: list[list[str]] = []
    for e in entries:
        codes = e.codes
        if len(codes) == 1 and codes[0].start is None and codes[0].code in isos:
            for syn in [e.name, *e.synonyms]:
                if "(" not in syn and "," not in syn:
                    place_countries[phrase(syn)].add(codes[0].code)
            continue
        if "CountryInfo" in e.comment or any(c.start or c.end for c in codes):
            people.extend(_rows(e, isos, blocs, roles, person=True))
        else:
            orgs.extend(_rows(e, isos, blocs, roles))
    places = [[p, next(iter(cs))] for p, cs in sorted(place_countries.items()) if len(cs) == 1]
    n = _write(
        out_dir / "places-petrarch.csv",
        _HEADER.format(files="Phoenix.Countries.actors.txt", note="country synonyms: "
                       "cities, regions, variant and misspelt names; ambiguous ones dropped"),
        ["pattern", "country"],
        places,
    )
    log.info("places: %d", n)
    n = _write(
        out_dir / "officials-petrarch.csv",
        _HEADER.format(files="Phoenix.Countries.actors.txt (CountryInfo.140130)",
                       note="office holders and elites, one row per dated code"),
        ["name", "aliases", "country", "sector", "start", "end"],
        people,
    )
    log.info("officials: %d", n)
    for extra in ("Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"):
        for e in parse_actors((petrarch_dir / extra).read_text(encoding="utf-8")):
            orgs.extend(_rows(e, isos, blocs, roles))
    n = _write(
        out_dir / "organisations-petrarch.csv",
        _HEADER.format(files="Phoenix.Countries/International/MilNonState.actors.txt",
                       note="institutions, international bodies, NGOs, companies and armed "
                       "groups (and some of their officials), one row per dated code"),
        ["name", "aliases", "country", "sector", "start", "end"],
        orgs,
    )
    log.info("organisations: %d", n)
    agents = parse_agents((petrarch_dir / "Phoenix.agents.txt").read_text(encoding="utf-8"))
    seen: dict[str, str] = {}
    for pattern, code in agents:
        sector = _agent_sector(code, roles, religions)
        dangling = pattern.rsplit(" ", 1)[-1] in _SMALL | {"to", "at", "from", "with"}
        if sector and not dangling and pattern not in seen and re.fullmatch(r"[a-z0-9 .'&/-]+", pattern):
            seen[pattern] = sector
    n = _write(
        out_dir / "agents-petrarch.csv",
        _HEADER.format(files="Phoenix.agents.txt", note="agent nouns and their CAMEO role "
                       "(singular; regular plurals are generated when loading)"),
        ["pattern", "sector"],
        ([p, s] for p, s in sorted(seen.items())),
    )
    log.info("agents: %d", n)


def _agent_sector(code: str, roles: frozenset[str], religions: frozenset[str]) -> str:
    """The sector of an agent code: its first role, REL for a religion only, else ''."""
    if code.endswith("~") or len(code) % 3:
        return ""
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    for chunk in chunks:
        if chunk in roles:
            return chunk
    return "REL" if chunks[0] in religions else ""


def _name_variant(synonym: str, name: str) -> bool:
    """Whether a person's synonym is a form of the name itself (``PUTIN_``, ``K._ANNAN_``),
    not the name with a title or description (``PRESIDENT_PUTIN_``): titles are
    composed by the resolver and must not be frozen into a person's aliases."""
    words = {w.lower() for w in name.split()}
    initials = {w[0].lower() for w in words}
    for w in synonym.lower().split():
        if w in words or (len(w.rstrip(".")) == 1 and w[0] in initials):
            continue
        return False
    return True


def _rows(
    e: PetrarchEntry,
    isos: frozenset[str],
    blocs: frozenset[str],
    roles: frozenset[str],
    person: bool = False,
) -> list[list[str]]:
    name = phrase(e.name)
    aliases = sorted({phrase(s) for s in e.synonyms if "(" not in s} - {name})
    if person:
        aliases = [a for a in aliases if _name_variant(a, name)]
    rows: list[list[str]] = []
    last_country = ""
    for c in e.codes:
        code = c.code.strip("~")
        if len(code) == 3 and code in roles and last_country:  # "[ELI]": a role only
            country, sector = last_country, code
        else:
            country, sector = split_code(code, roles)
        if country not in isos and country not in blocs:
            continue
        last_country = country
        rows.append([
            name, "" if rows else "|".join(aliases), country, sector,
            c.start.isoformat() if c.start else "", c.end.isoformat() if c.end else "",
        ])
    return rows


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m detente.extract.actor_petrarch PETRARCH_DIR OUT_DIR``."""
    from detente.data import load_table

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__)
        return 2
    logging.basicConfig(level=logging.INFO)
    sectors = load_table("actors/sectors.csv")
    roles = frozenset(r["code"] for r in sectors.rows if r["kind"] == "role")
    blocs = frozenset(r["code"] for r in sectors.rows if r["kind"] == "bloc")
    religions = frozenset(r["code"] for r in sectors.rows if r["kind"] == "religion")
    convert(Path(args[0]), Path(args[1]), roles, blocs, religions)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
