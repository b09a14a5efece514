"""Gold sets: the records they hold and the readers of each shape.

Every gold set is read into :class:`GoldDocument` records, whatever its shape
on disk (``../shared/gold/FORMAT.md`` and the READMEs beside the sets):

- ``gold``: the gold format itself (``*.gold.jsonl``), layers ``events`` and
  ``quotes`` as each document says;
- ``cameo-examples``: one example sentence per CAMEO code, layer
  ``cameo_example`` (one event carrying only the code);
- ``petrarch-unit-tests``: PETRARCH2's validation sentences, layer
  ``codings`` (events whose actors are PETRARCH codes; see
  :mod:`detente.eval.petrarch`);
- ``polnear``: PolNeAR attributions, layers ``quotes`` and ``attributions``
  (source becomes the speaker span, content keeps its fragments).

Predictions are written into the same records (:mod:`detente.eval.predict`),
so that every scorer compares like with like.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from detente.errors import InputError

log = logging.getLogger(__name__)

KINDS = ("gold", "cameo-examples", "petrarch-unit-tests", "polnear")

Pieces = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class GoldSpan:
    """A character span, end exclusive, with its pieces when discontinuous.

    Attributes:
        start: offset of the first character.
        end: offset after the last character (of the last piece).
        fragments: the pieces in text order, or ``()`` for a contiguous span.
    """

    start: int
    end: int
    fragments: Pieces = ()

    @property
    def pieces(self) -> Pieces:
        """The pieces to score on: the fragments, or the span itself."""
        return self.fragments or ((self.start, self.end),)


@dataclass(frozen=True)
class GoldActor:
    """An actor of a gold (or predicted) event: country, sector, words."""

    country: str | None = None
    sector: str | None = None
    text: str | None = None

    @property
    def code(self) -> str:
        """The CAMEO-style code: country followed by sector."""
        return (self.country or "") + (self.sector or "")


@dataclass(frozen=True)
class GoldEvent:
    """An event in the gold format; ``None`` fields are not scored."""

    source: GoldActor | None = None
    target: GoldActor | None = None
    cameo: str | None = None
    plover_event: str | None = None
    status: str | None = None
    historical: bool | None = None
    date: str | None = None
    evidence: GoldSpan | None = None


@dataclass(frozen=True)
class GoldQuote:
    """A quote in the gold format; ``None`` fields are not scored.

    ``content`` is ``None`` only for a PolNeAR attribution annotated without
    one: it then counts for its source and cue spans alone.
    """

    content: GoldSpan | None
    kind: str | None = None
    cue: GoldSpan | None = None
    speaker: GoldSpan | None = None
    speaker_name: str | None = None
    speaker_country: str | None = None
    speaker_sector: str | None = None


@dataclass(frozen=True)
class GoldDocument:
    """One gold (or predicted) document.

    Attributes:
        id: the document id.
        text: the text every span points into.
        published: publication date (relative dates resolve against it).
        layers: the kinds of record annotated exhaustively here.
        events: the events (or codings, or the example's code).
        quotes: the quotes (or attributions).
        note: what a test case expects besides its records (PETRARCH's
            ``noevents`` or error), else ``None``.
        category: a group the case belongs to (PETRARCH's category), or ``None``.
    """

    id: str
    text: str
    published: date | None = None
    layers: tuple[str, ...] = ()
    events: tuple[GoldEvent, ...] = ()
    quotes: tuple[GoldQuote, ...] = ()
    note: str | None = None
    category: str | None = None


@dataclass(frozen=True)
class GoldSet:
    """The documents of one gold file, with what running on them needs.

    Attributes:
        path: the file read.
        kind: one of :data:`KINDS`.
        documents: its documents, in file order.
        extra_actors: actor dictionary rows to extract with (PETRARCH's
            test dictionaries), as ``extra_actors`` for the extractor.
        event_patterns: verb pattern files to code events with instead of
            the bundled ones (PETRARCH's test verb dictionary).
    """

    path: Path
    kind: str
    documents: tuple[GoldDocument, ...]
    extra_actors: tuple[Any, ...] = field(default=())
    event_patterns: tuple[str, ...] = field(default=())


def iter_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line number, object)`` for each non-blank line of a JSONL file.

    Raises:
        InputError: when the file cannot be read or a line is not a JSON object.
    """
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), "unreadable", str(exc)) from exc
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}", "not JSON", exc.msg) from exc
            if not isinstance(record, dict):
                raise InputError(f"{path}:{number}", "not a JSON object")
            yield number, record


def detect_kind(path: Path) -> str:
    """The shape of a gold file, told from the keys of its first record.

    Raises:
        InputError: when the file is empty or its shape is not one of
            :data:`KINDS`.
    """
    for _, record in iter_jsonl(path):
        keys = set(record)
        if "layers" in keys:
            return "gold"
        if "attributions" in keys:
            return "polnear"
        if "codings" in keys:
            return "petrarch-unit-tests"
        if {"cameo", "name", "text"} <= keys:
            return "cameo-examples"
        raise InputError(
            str(path),
            "unknown gold shape",
            f"keys {sorted(keys)}; expected the gold format (FORMAT.md), "
            "CAMEO examples, PETRARCH unit tests or PolNeAR",
        )
    raise InputError(str(path), "empty gold file")


def _date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise InputError(where, "bad date", repr(value)) from exc


def _span(value: Any, where: str) -> GoldSpan | None:
    if value is None:
        return None
    try:
        fragments = tuple((int(f["start"]), int(f["end"])) for f in value.get("fragments") or ())
        return GoldSpan(int(value["start"]), int(value["end"]), fragments)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(where, "bad span", repr(value)) from exc


def _actor(value: Any, where: str) -> GoldActor | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InputError(where, "bad actor", repr(value))
    return GoldActor(value.get("country"), value.get("sector"), value.get("text"))


def _event(value: dict[str, Any], where: str) -> GoldEvent:
    cameo = value.get("cameo")
    historical = value.get("historical")
    return GoldEvent(
        source=_actor(value.get("source"), where),
        target=_actor(value.get("target"), where),
        cameo=None if cameo is None else str(cameo),
        plover_event=value.get("plover_event"),
        status=value.get("status"),
        historical=None if historical is None else bool(historical),
        date=value.get("date"),
        evidence=_span(value.get("evidence"), where),
    )


def _quote(value: dict[str, Any], where: str) -> GoldQuote:
    content = _span(value.get("content"), where)
    if content is None:
        raise InputError(where, "quote without content")
    return GoldQuote(
        content=content,
        kind=value.get("kind"),
        cue=_span(value.get("cue"), where),
        speaker=_span(value.get("speaker"), where),
        speaker_name=value.get("speaker_name"),
        speaker_country=value.get("speaker_country"),
        speaker_sector=value.get("speaker_sector"),
    )


def document_from_json(record: dict[str, Any], where: str) -> GoldDocument:
    """Read one line of the gold format (FORMAT.md) into a :class:`GoldDocument`.

    Raises:
        InputError: when a required key is missing or a value is malformed.
    """
    try:
        doc_id = str(record["id"])
        text = str(record["text"])
    except KeyError as exc:
        raise InputError(where, "missing key", str(exc)) from exc
    events = tuple(_event(e, f"{where} ({doc_id})") for e in record.get("events") or ())
    quotes = tuple(_quote(q, f"{where} ({doc_id})") for q in record.get("quotes") or ())
    return GoldDocument(
        id=doc_id,
        text=text,
        published=_date(record.get("published"), where),
        layers=tuple(record.get("layers") or ()),
        events=events,
        quotes=quotes,
    )


def read_gold_format(path: Path) -> list[GoldDocument]:
    """Read a ``*.gold.jsonl`` file (FORMAT.md)."""
    return [document_from_json(r, f"{path}:{n}") for n, r in iter_jsonl(path)]


def read_cameo_examples(path: Path) -> list[GoldDocument]:
    """Read ``cameo-examples.jsonl``: one sentence per CAMEO code.

    Each becomes a document with layer ``cameo_example`` and one event that
    carries only the code (events README, section 2).
    """
    docs = []
    for number, record in iter_jsonl(path):
        try:
            event = GoldEvent(cameo=str(record["cameo"]))
            docs.append(
                GoldDocument(
                    id=str(record["id"]),
                    text=str(record["text"]),
                    layers=("cameo_example",),
                    events=(event,),
                    category=record.get("name"),
                )
            )
        except KeyError as exc:
            raise InputError(f"{path}:{number}", "missing key", str(exc)) from exc
    return docs


def _polnear_quote(attribution: dict[str, Any], where: str) -> GoldQuote:
    return GoldQuote(
        content=_span(attribution.get("content"), where),
        cue=_span(attribution.get("cue"), where),
        speaker=_span(attribution.get("source"), where),
    )


def read_polnear(path: Path) -> list[GoldDocument]:
    """Read a PolNeAR split (``quotes/polnear/*.jsonl``).

    Each attribution becomes a :class:`GoldQuote`: its content (fragments
    kept), its cue, and its source as the speaker span. Layers are
    ``quotes`` (scored by content overlap) and ``attributions`` (span F1 of
    content, source and cue).
    """
    docs = []
    for number, record in iter_jsonl(path):
        where = f"{path}:{number}"
        try:
            quotes = tuple(_polnear_quote(a, where) for a in record["attributions"])
            docs.append(
                GoldDocument(
                    id=str(record["id"]),
                    text=str(record["text"]),
                    layers=("quotes", "attributions"),
                    quotes=quotes,
                )
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise InputError(where, "bad PolNeAR record", str(exc)) from exc
    return docs


def load_gold(path: str | Path, kind: str | None = None) -> GoldSet:
    """Read a gold file of any supported shape.

    Args:
        path: the file.
        kind: its shape; detected from its first record when ``None``.

    Raises:
        InputError: when the file cannot be read as a gold set.
    """
    from detente.eval.petrarch import petrarch_actor_rows, read_petrarch_tests

    p = Path(path)
    kind = kind or detect_kind(p)
    if kind == "gold":
        return GoldSet(p, kind, tuple(read_gold_format(p)))
    if kind == "cameo-examples":
        return GoldSet(p, kind, tuple(read_cameo_examples(p)))
    if kind == "polnear":
        return GoldSet(p, kind, tuple(read_polnear(p)))
    if kind == "petrarch-unit-tests":
        rows = petrarch_actor_rows(p.with_suffix(""))
        verbs = p.with_suffix("") / "PETR.Validate.verbs.txt"
        return GoldSet(
            p,
            kind,
            tuple(read_petrarch_tests(p)),
            (rows,) if rows else (),
            (str(verbs),) if verbs.exists() else (),
        )
    raise InputError(str(p), "unknown gold kind", kind)
