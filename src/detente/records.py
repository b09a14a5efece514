"""Plain frozen records that flow between the stages (see DESIGN.md, Records).

Every record that comes out of a document carries provenance: the id of its
article and character offsets into the article text (end exclusive).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

STATUSES = ("actual", "negated", "future", "hypothetical")
DATE_PRECISIONS = ("day", "month", "season", "year", "unknown")


@dataclass(frozen=True)
class Article:
    """One news article, as read from a source.

    Attributes:
        id: stable id: a hash of the URL when there is one, else of the
            normalised text (see :func:`article_id`).
        text: the article body; every offset of later records points into it.
        title: headline, or ``None``.
        published: publication date, or ``None`` when unknown.
        source: the outlet's name, or ``None``.
        url: canonical URL, or ``None``.
        language: ISO 639-1 code of the text.
        origin: where it was read from (file path, ``path:line``, URL).
    """

    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    language: str = "en"
    origin: str = ""


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article with its character offsets."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Actor:
    """A resolved actor mention (DESIGN.md, Records).

    Attributes:
        text: the words of the mention as written.
        start: offset of the mention in the article text.
        end: end offset (exclusive).
        country: ISO 3166-1 alpha-3 code, or a code for an international
            body (``IGO``, ``UNO``, ``EUR``, ``NGO`` ...), or ``None``.
        sector: CAMEO role code (GOV, MIL, OPP, ...), or ``None``.
        name: canonical entity (a person or organisation), or ``None``.
        rule: the rule and dictionary row that produced the resolution.
    """

    text: str
    start: int
    end: int
    country: str | None = None
    sector: str | None = None
    name: str | None = None
    rule: str = ""

    @property
    def code(self) -> str:
        """The CAMEO-style actor code: country followed by sector."""
        return (self.country or "") + (self.sector or "")


@dataclass(frozen=True)
class Event:
    """A coded political event: who did what to whom, when.

    Attributes:
        doc_id: article id.
        source: the acting actor, or ``None`` when it cannot be resolved.
        target: the recipient, or ``None``.
        cameo: CAMEO code as a string with leading zeros.
        plover_event: PLOVER 2.0 event type, or ``None`` for CAMEO 01/02.
        plover_mode: PLOVER mode, or ``None``.
        plover_context: PLOVER context, or ``None``.
        status: one of ``actual``, ``negated``, ``future``, ``hypothetical``.
        historical: true when the event happened well before publication.
        date: ISO date at the stated precision (``YYYY``, ``YYYY-MM``,
            ``YYYY-MM-DD``), or ``None``.
        date_precision: day, month, season, year or unknown.
        date_defaulted: true when no time expression was found and the
            publication date was used.
        reported: the publication date of the article.
        goldstein: Goldstein score of the CAMEO code.
        quad_class: GDELT quad class (1..4).
        confidence: 0..1.
        start: evidence span start (offset into the article text).
        end: evidence span end.
        trigger_start: start of the words that express the event.
        trigger_end: end of those words.
        rule: id of the pattern that produced the event.
    """

    doc_id: str
    source: Actor | None
    target: Actor | None
    cameo: str
    plover_event: str | None
    plover_mode: str | None
    plover_context: str | None
    status: str
    historical: bool
    date: str | None
    date_precision: str
    date_defaulted: bool
    reported: dt.date | None
    goldstein: float
    quad_class: int
    confidence: float
    start: int
    end: int
    trigger_start: int
    trigger_end: int
    rule: str = ""


@dataclass(frozen=True)
class Quote:
    """A quotation with its speaker (DESIGN.md, Records).

    Attributes:
        doc_id: article id.
        start: content span start.
        end: content span end.
        kind: ``direct``, ``indirect`` or ``mixed``.
        cue_start: cue span start, or ``None``.
        cue_end: cue span end, or ``None``.
        cue: the cue word(s) as written.
        speaker_start: speaker span start (as written), or ``None``.
        speaker_end: speaker span end, or ``None``.
        speaker: the speaker as written (a name, a title, a pronoun).
        speaker_name: the resolved full name, or ``None``.
        speaker_actor: the speaker's affiliation, or ``None``.
        fragments: content pieces when the quote is split by its attribution.
    """

    doc_id: str
    start: int
    end: int
    kind: str
    cue_start: int | None = None
    cue_end: int | None = None
    cue: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker: str | None = None
    speaker_name: str | None = None
    speaker_actor: Actor | None = None
    fragments: tuple[tuple[int, int], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document."""

    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()


_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Fold a text for identity: NFC, whitespace collapsed, case folded."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip().casefold()


def article_id(url: str | None, text: str) -> str:
    """A stable article id: a hash of the URL when there is one, else of the text.

    Args:
        url: the article URL, or ``None``.
        text: the article text.

    Returns:
        16 hex digits of a SHA-256 digest.
    """
    key = ("url:" + url.strip()) if url and url.strip() else ("text:" + normalise_text(text))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class ParsedArticle:
    """An article with everything the pipeline found in it, ready to store."""

    article: Article
    sentences: tuple[Sentence, ...]
    extraction: Extraction
    n_tokens: int
