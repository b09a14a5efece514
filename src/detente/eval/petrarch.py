"""PETRARCH2's unit tests and their test dictionaries, read for ``detente eval``.

The unit tests (``../shared/gold/events/petrarch-unit-tests.jsonl``, events
README section 3) code fictional actors (Arnor ``ARN``, Gondor ``GON``...)
that resolve only through the test dictionaries beside them. The actors file
is converted here into rows of detente's user actor format
``(pattern, country, sector, name, start, end)`` and handed to the extractor
as one extra dictionary.

Dictionary syntax followed (PETRARCH2 ``PETRreader.read_actor_dictionary`` and
``read_agent_dictionary``, and the TABARI manual): ``_`` joins the words of a
phrase; ``+NAME`` lines are synonyms of the entry above; indented ``[CODE]``
blocks carry date restrictions ``<YYMMDD`` (before), ``>YYMMDD`` (from) and
``D1-D2``; ``#`` starts a comment; ``<!-- -->`` blocks are comments. Agents
``[~GOV]`` give a role code to whatever actor they attach to; ``!X! = A, B``
defines a substitution set; ``{PLURAL}`` gives the plural (``{}``: none),
else it is formed by PETRARCH's rule (Y→IES, S→ES, else +S).
"""

from __future__ import annotations

import logging
import re
from datetime import date, timedelta
from pathlib import Path

from detente.errors import InputError
from detente.eval.gold import GoldActor, GoldDocument, GoldEvent, iter_jsonl
from detente.extract.actor_data import ActorDictionary

log = logging.getLogger(__name__)

ActorRow = tuple[str, str, str, str, str, str]

ACTORS_FILE = "PETR.Validate.actors.txt"
AGENTS_FILE = "PETR.Validate.agents.txt"

_XML_COMMENT = re.compile(r"<!?\s*--.*?-->", re.DOTALL)
_LINE_COMMENT = re.compile(r"(^|\s)#.*$")
_BLOCK = re.compile(r"\[([^\]]*)\]")
_RESTRICTION = re.compile(
    r"^(?P<code>\S+?)\s*(?:(?P<op>[<>])\s*(?P<d>\d{6,8})|(?P<d1>\d{6,8})\s*-\s*(?P<d2>\d{6,8}))?$"
)
_CODE = re.compile(r"^[A-Za-z]{3,}$")
_MARKER = re.compile(r"!(\w+)!")


def split_code(code: str) -> GoldActor | None:
    """A PETRARCH actor code as a :class:`GoldActor`.

    ``---`` is no actor; ``---GOV`` an agent with no country; ``"TEXT"`` an
    actor known only by its words (new_actor_length); otherwise the first
    three letters are the country and the rest the role codes.
    """
    code = code.strip()
    if not code or code == "---":
        return None
    if code.startswith('"') and code.endswith('"') and len(code) >= 2:
        return GoldActor(text=code[1:-1])
    if code.startswith("---"):
        return GoldActor(sector=code[3:] or None)
    return GoldActor(country=code[:3], sector=code[3:] or None)


def read_petrarch_tests(path: Path) -> list[GoldDocument]:
    """Read ``petrarch-unit-tests.jsonl`` into documents with layer ``codings``.

    ``note`` is ``"noevents"``, the expected error, or ``None``; records that
    expect an error or no event have no codings (nothing must be coded).
    """
    docs = []
    for number, record in iter_jsonl(path):
        where = f"{path}:{number}"
        try:
            events = tuple(
                GoldEvent(
                    source=split_code(c["source"]),
                    target=split_code(c["target"]),
                    cameo=str(c["event"]),
                )
                for c in record["codings"]
            )
            published = date.fromisoformat(record["date"]) if record.get("date") else None
            note = record.get("error") or ("noevents" if record.get("noevents") else None)
            docs.append(
                GoldDocument(
                    id=str(record["id"]),
                    text=str(record["text"]),
                    published=published,
                    layers=("codings",),
                    events=events,
                    note=note,
                    category=record.get("category"),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(where, "bad PETRARCH test record", str(exc)) from exc
    return docs


def _clean_lines(text: str) -> list[str]:
    text = _XML_COMMENT.sub("", text)
    out = []
    for line in text.splitlines():
        line = _LINE_COMMENT.sub("", line).rstrip()
        if line.strip():
            out.append(line)
    return out


def _phrase(raw: str) -> str:
    """A dictionary phrase as words: underscores to spaces, trimmed."""
    return " ".join(raw.replace("_", " ").split())


def petrarch_date(text: str) -> date:
    """A PETRARCH date: ``YYYYMMDD``, or ``YYMMDD`` with years up to 30 in 2000s.

    Follows ``PETRreader.dstr_to_ordate``.
    """
    if len(text) > 7:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    year = int(text[:2])
    year += 2000 if year <= 30 else 1900
    return date(year, int(text[2:4]), int(text[4:6]))


def _code_rows(block: str) -> list[tuple[str, str, str]]:
    """``(code, start, end)`` for each code of one ``[...]`` block.

    ``<D`` holds before D (end the day before), ``>D`` from D on, ``D1-D2``
    from D1 to D2 (PETRARCH's ``check_date``). Codes that are not letters
    (``---``, ``+++``, ``###``) are no code: they come back as ``""``.
    """
    match = _RESTRICTION.match(block.strip())
    if not match:
        log.warning("PETRARCH code block not understood: [%s]", block)
        return []
    start = end = ""
    if match["op"] == "<":
        end = (petrarch_date(match["d"]) - timedelta(days=1)).isoformat()
    elif match["op"] == ">":
        start = petrarch_date(match["d"]).isoformat()
    elif match["d1"]:
        start = petrarch_date(match["d1"]).isoformat()
        end = petrarch_date(match["d2"]).isoformat()
    codes = [c.upper() if _CODE.match(c) else "" for c in match["code"].split("/")]
    return [(c, start, end) for c in dict.fromkeys(codes)]


def _actor_entries(lines: list[str]) -> list[tuple[list[str], list[str]]]:
    """Group actor dictionary lines into (phrases, code blocks) entries."""
    entries: list[tuple[list[str], list[str]]] = []
    for line in lines:
        stripped = line.strip()
        if line[0].isspace() and stripped.startswith("["):
            if entries:
                entries[-1][1].extend(_BLOCK.findall(stripped))
            continue
        if stripped.startswith("+"):
            if entries:
                entries[-1][0].append(_phrase(stripped[1:].split("[")[0]))
                entries[-1][1].extend(_BLOCK.findall(stripped))
            continue
        name, _, _ = stripped.partition("[")
        entries.append(([_phrase(name)], _BLOCK.findall(stripped)))
    return entries


def _entry_codes(blocks: list[str]) -> list[tuple[str, str, str]]:
    """The coded ``(code, start, end)`` of one entry.

    A dated "no code" block (``[--- <950630]``) limits the entry's undated
    codes to the other side of its date, as PETRARCH's default code applies
    only when no restriction does.
    """
    codes = [row for block in blocks for row in _code_rows(block)]
    start = end = ""
    for code, s, e in codes:
        if code or bool(s) == bool(e):
            continue
        if e:
            start = (date.fromisoformat(e) + timedelta(days=1)).isoformat()
        else:
            end = (date.fromisoformat(s) - timedelta(days=1)).isoformat()
    return [(code, s, e) if (s or e) else (code, start, end) for code, s, e in codes if code]


def user_code(code: str) -> tuple[str, str] | None:
    """A PETRARCH code as the user format's ``(country, sector)``, or ``None``.

    The user actor format takes a 3-letter country and at most one 3-letter
    role code, so stacked roles keep their first (``PSEREBHMS`` →
    ``PSE``, ``REB``) and a role that is not 3 letters is dropped
    (``ITHTV`` → ``ITH``). Such actors cannot reproduce PETRARCH's full code.
    """
    country, roles = code[:3], code[3:]
    if not re.fullmatch(r"[A-Z]{3}", country):
        return None
    sector = roles[:3] if re.fullmatch(r"[A-Z]{3}", roles[:3]) else ""
    if sector != roles:
        log.debug("PETRARCH code %s shortened to %s%s", code, country, sector)
    return country, sector


def parse_actor_dictionary(text: str) -> list[ActorRow]:
    """Rows of the user actor format from a PETRARCH actor dictionary's text."""
    rows: list[ActorRow] = []
    for phrases, blocks in _actor_entries(_clean_lines(text)):
        codes = _entry_codes(blocks)
        for phrase in phrases:
            if not phrase:
                continue
            for code, start, end in codes:
                pair = user_code(code)
                if pair is not None:
                    rows.append((phrase, pair[0], pair[1], "", start, end))
    return rows


def _plural(phrase: str) -> str:
    if phrase.endswith("Y"):
        return phrase[:-1] + "IES"
    if phrase.endswith("S"):
        return phrase + "ES"
    return phrase + "S"


def parse_agent_dictionary(text: str) -> list[ActorRow]:
    """Rows (no country, a role code) from a PETRARCH agents dictionary's text.

    ``[~GOV]`` and ``[NGO~]`` both give the role code; where PETRARCH puts
    it (after or before the country) is lost in the row format. The rows are
    handed to the extractor as agent rows (:func:`petrarch_actor_rows`).
    """
    markers: dict[str, list[str]] = {}
    rows: list[ActorRow] = []
    for line in _clean_lines(text):
        stripped = line.strip()
        if "!" in stripped and "=" in stripped:
            name, _, values = stripped.partition("=")
            found = _MARKER.search(name)
            if found:
                markers[found.group(1)] = [v.strip() for v in values.split(",") if v.strip()]
            continue
        blocks = _BLOCK.findall(stripped)
        if not blocks:
            continue
        sector = blocks[0].replace("~", "").strip().upper()
        head = stripped.partition("[")[0]
        explicit: str | None = None
        if "{" in head:
            explicit = head[head.index("{") + 1 : head.index("}")] if "}" in head else ""
            head = head[: head.index("{")]
        found = _MARKER.search(head)
        variants = (
            [head.replace(found.group(0), sub) for sub in markers.get(found.group(1), [])]
            if found
            else [head]
        )
        for variant in variants:
            phrase = _phrase(variant)
            forms = [phrase]
            if explicit is None and not found:
                forms.append(_plural(phrase))
            elif explicit:
                forms.append(_phrase(explicit))
            rows.extend((form, "", sector, "", "", "") for form in forms if form and sector)
    return rows


def petrarch_actor_rows(folder: Path) -> ActorDictionary:
    """The test dictionaries in ``folder`` as one user actor dictionary.

    The actors file gives the actor rows; the agents file gives agent rows
    (no country, a role code), which replace detente's bundled agent nouns
    and office titles (``own_agents``), as PETRARCH codes its validation
    suite with its test dictionaries alone. Stacked role codes keep their
    first role (``[~GOVFRM]`` -> ``GOV``). Returns an empty dictionary (and
    logs a warning) when the actors file is missing, so that the unit tests
    still run, with every fictional actor unresolved.
    """
    path = folder / ACTORS_FILE
    if not path.exists():
        log.warning("PETRARCH test dictionary %s is missing", path)
        return ActorDictionary(())
    rows = parse_actor_dictionary(path.read_text(encoding="utf-8", errors="replace"))
    agents = folder / AGENTS_FILE
    if agents.exists():
        for pattern, _country, sector, _name, _start, _end in parse_agent_dictionary(
            agents.read_text(encoding="utf-8", errors="replace")
        ):
            role = sector[:3]
            if re.fullmatch(r"[A-Z]{3}", role):
                rows.append((pattern, "", role, "", "", ""))
    return ActorDictionary(tuple(dict.fromkeys(rows)), own_agents=agents.exists())
