"""Time expressions resolved against the publication date.

"in 2019", "December 2023", "last fall", "on Wednesday", "two days later",
"three years ago", "earlier this month": each becomes a :class:`TimeValue`, a
date range with a precision (day, month, season, year). News convention
applies: a bare weekday or month names the most recent one before publication
unless the clause is in the future tense.

Which expression dates an event is decided by the parse: an expression dates
the clause its words attach to, and an event takes the nearest expression up
its chain of heads (see :func:`attach`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Span, Token

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "several": 3, "few": 3, "a few": 3, "couple": 2, "a couple of": 2,
}
UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month",
         "months": "month", "year": "year", "years": "year", "decade": "decade",
         "decades": "decade"}
TEMPORAL_PREPS = frozenset({"in", "on", "at", "during", "after", "following", "before", "by",
                            "throughout", "through", "amid", "around", "from", "within",
                            "until", "till", "since", "prior"})
IGNORED_PREPS = frozenset({"since", "until", "till", "before", "prior", "by"})
TIME_NOUNS = frozenset({"year", "month", "week", "day", "fall", "autumn", "spring", "summer",
                        "winter", "season", "quarter", "decade", "weekend", "morning", "night",
                        "evening", "afternoon"})


@dataclass(frozen=True)
class TimeValue:
    """A resolved time: the range ``[start, end]`` and its precision.

    Attributes:
        start: first day of the range.
        end: last day of the range.
        precision: day, month, season or year.
        text: the words it was read from.
    """

    start: date
    end: date
    precision: str
    text: str = ""

    def iso(self) -> str:
        """The date at its precision: ``YYYY``, ``YYYY-MM`` (month; season: its first month) or ``YYYY-MM-DD``."""
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision in ("month", "season"):
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return f"{self.start.year:04d}"


@dataclass(frozen=True)
class TimeExpression:
    """A time expression found in a document.

    Attributes:
        start: index of its first token.
        end: index after its last token.
        anchor: index of the verb (or event noun) it dates.
        value: its resolved value.
        absolute: true when it names a calendar date rather than one relative to
            another event ("two days later").
    """

    start: int
    end: int
    anchor: int
    value: TimeValue
    absolute: bool = True


def _day(y: int, m: int, d: int) -> TimeValue:
    x = date(y, m, d)
    return TimeValue(x, x, "day")


def _month(y: int, m: int) -> TimeValue:
    last = calendar.monthrange(y, m)[1]
    return TimeValue(date(y, m, 1), date(y, m, last), "month")


def _year(y: int) -> TimeValue:
    return TimeValue(date(y, 1, 1), date(y, 12, 31), "year")


def _season(y: int, name: str) -> TimeValue:
    m = SEASONS[name]
    start = date(y, m, 1)
    end_m = m + 2
    end_y = y
    if end_m > 12:
        end_m -= 12
        end_y += 1
    return TimeValue(start, date(end_y, end_m, calendar.monthrange(end_y, end_m)[1]), "season")


def _shift(value: TimeValue, amount: int, unit: str) -> TimeValue:
    """Move a value by a number of units, keeping a precision the text supports."""
    if unit == "day":
        delta = timedelta(days=amount)
    elif unit == "week":
        delta = timedelta(weeks=amount)
    else:
        months = amount * {"month": 1, "year": 12, "decade": 120}[unit]
        y, m = divmod(value.start.year * 12 + value.start.month - 1 + months, 12)
        m += 1
        d = min(value.start.day, calendar.monthrange(y, m)[1])
        start = date(y, m, d)
        precision = value.precision
        if unit in ("year", "decade"):
            return _year(start.year) if precision != "day" else TimeValue(start, start, "day")
        if precision == "year":
            return _year(start.year)
        return _month(y, m) if precision != "day" else TimeValue(start, start, "day")
    start = value.start + delta
    if value.precision == "day":
        return TimeValue(start, start, "day")
    if value.precision in ("month", "season"):
        return _month(start.year, start.month)
    return _year(start.year)


def _number(words: str) -> int | None:
    words = words.strip().lower()
    if words.isdigit():
        return int(words)
    return NUMBERS.get(words)


_YEAR = r"(1[89]\d\d|20\d\d)"
_MONTH = r"(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_RE_DMY = re.compile(rf"^(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}$")
_RE_MDY = re.compile(rf"^{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}$")
_RE_MD = re.compile(rf"^{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?$")
_RE_DM = re.compile(rf"^(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}$")
_RE_MY = re.compile(rf"^(?:early|mid|late|mid-)?\s*{_MONTH},?\s+(?:of\s+)?{_YEAR}$")
_RE_M = re.compile(rf"^(?:early|mid|late|mid-)?\s*{_MONTH}$")
_RE_Y = re.compile(rf"^(?:the\s+)?(?:early|mid|late|mid-|the\s+end\s+of|the\s+year)?\s*{_YEAR}$")
_RE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_RE_SEASON_Y = re.compile(rf"^(?:the\s+)?(?:early|late)?\s*(spring|summer|fall|autumn|winter)\s+(?:of\s+)?{_YEAR}$")
_RE_REL_SEASON = re.compile(r"^(last|this|next|past)\s+(spring|summer|fall|autumn|winter)$")
_RE_REL_UNIT = re.compile(r"^(?:the\s+)?(last|this|next|past|previous|coming)\s+(week|month|year|weekend)$")
_RE_AGO = re.compile(r"^(?:about\s+|some\s+|nearly\s+|almost\s+)?(\w+(?:\s+\w+)?)\s+(days?|weeks?|months?|years?|decades?)\s+ago$")
_RE_LATER = re.compile(r"^(?:about\s+|some\s+)?(\w+(?:\s+\w+)?)\s+(days?|weeks?|months?|years?)\s+(later|earlier|after|before)$")
_RE_EARLIER_THIS = re.compile(r"^(?:earlier|later)\s+(?:this|in\s+the)\s+(week|month|year)$")
_RE_WEEKDAY = re.compile(r"^(?:last|this|next|on)?\s*(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$")


def _recent_month(m: int, published: date, future: bool) -> TimeValue:
    y = published.year
    if not future and m > published.month:
        y -= 1
    if future and m < published.month:
        y += 1
    return _month(y, m)


def parse_time(
    text: str,
    published: date | None,
    reference: TimeValue | None = None,
    future: bool = False,
) -> TimeValue | None:
    """Resolve a time expression.

    Args:
        text: the expression ("December 2023", "last fall", "two days later").
        published: the publication date relative ones resolve against.
        reference: the time of the preceding narrated event, for "later"/"earlier".
        future: the clause is in the future tense (a bare weekday or month then
            names the next one, not the last one).

    Returns:
        The value, or ``None`` when the words name no time detente resolves.
    """
    t = re.sub(r"\s+", " ", text.strip().lower().replace("’", "'")).strip(" ,.")
    t = re.sub(r"^(?:in|on|at|during|of)\s+", "", t)
    m = _RE_ISO.match(t)
    if m:
        try:
            return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    try:
        if m := _RE_DMY.match(t):
            return _day(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1)))
        if m := _RE_MDY.match(t):
            return _day(int(m.group(3)), MONTHS[m.group(1)], int(m.group(2)))
    except ValueError:
        return None
    if m := _RE_MY.match(t):
        return _month(int(m.group(2)), MONTHS[m.group(1)])
    if m := _RE_SEASON_Y.match(t):
        return _season(int(m.group(2)), m.group(1))
    if m := _RE_Y.match(t):
        return _year(int(m.group(1)))
    if published is None:
        if reference is not None and (m := _RE_LATER.match(t)):
            n = _number(m.group(1))
            if n is not None:
                sign = 1 if m.group(3) in ("later", "after") else -1
                return _shift(reference, sign * n, UNITS[m.group(2)])
        return None
    try:
        if m := _RE_MD.match(t):
            v = _recent_month(MONTHS[m.group(1)], published, future)
            return _day(v.start.year, v.start.month, int(m.group(2)))
        if m := _RE_DM.match(t):
            v = _recent_month(MONTHS[m.group(2)], published, future)
            return _day(v.start.year, v.start.month, int(m.group(1)))
    except ValueError:
        return None
    if m := _RE_M.match(t):
        return _recent_month(MONTHS[m.group(1)], published, future)
    if t in ("today", "tonight", "this morning", "this afternoon", "this evening", "now"):
        return TimeValue(published, published, "day")
    if t in ("yesterday", "last night"):
        x = published - timedelta(days=1)
        return TimeValue(x, x, "day")
    if t == "tomorrow":
        x = published + timedelta(days=1)
        return TimeValue(x, x, "day")
    if m := _RE_WEEKDAY.match(t):
        wd = WEEKDAYS[m.group(1)]
        if future or t.startswith("next"):
            delta = (wd - published.weekday()) % 7 or 7
            x = published + timedelta(days=delta)
        else:
            delta = (published.weekday() - wd) % 7 or 7
            x = published - timedelta(days=delta)
        return TimeValue(x, x, "day", text)
    if m := _RE_REL_SEASON.match(t):
        which, season = m.group(1), m.group(2)
        start_m = SEASONS[season]
        y = published.year
        this_start = date(y if start_m != 12 or published.month == 12 else y - 1, start_m, 1)
        if which in ("last", "past"):
            v = _season(this_start.year, season)
            if v.end >= published:
                v = _season(this_start.year - 1, season)
            return v
        if which == "next":
            v = _season(this_start.year, season)
            if v.start <= published:
                v = _season(this_start.year + 1, season)
            return v
        return _season(this_start.year, season)
    if m := _RE_REL_UNIT.match(t):
        which, unit = m.group(1), m.group(2)
        sign = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(which, 0)
        if unit in ("week", "weekend"):
            x = published + timedelta(weeks=sign)
            return _month(x.year, x.month)
        if unit == "month":
            return _shift(_month(published.year, published.month), sign, "month")
        return _year(published.year + sign)
    if m := _RE_EARLIER_THIS.match(t):
        unit = m.group(1)
        if unit == "year":
            return _year(published.year)
        return _month(published.year, published.month)
    if m := _RE_AGO.match(t):
        n = _number(m.group(1))
        if n is None:
            return None
        unit = UNITS[m.group(2)]
        base = TimeValue(published, published, "day")
        shifted = _shift(base, -n, unit)
        if unit in ("month",):
            return _month(shifted.start.year, shifted.start.month)
        if unit in ("year", "decade"):
            return _year(shifted.start.year)
        return shifted
    if reference is not None and (m := _RE_LATER.match(t)):
        n = _number(m.group(1))
        if n is not None:
            sign = 1 if m.group(3) in ("later", "after") else -1
            return _shift(reference, sign * n, UNITS[m.group(2)])
    return None


def _is_relative(text: str) -> bool:
    return bool(_RE_LATER.match(re.sub(r"\s+", " ", text.strip().lower())))


def _anchor(root: Token) -> tuple[int, str | None] | None:
    """The verb or event noun an expression dates, and the preposition it hangs on.

    Returns ``None`` when the expression only modifies a noun that is not
    itself a time ("Venezuela's 2024 presidential election" dates no event of
    its clause).
    """
    tok = root
    prep: str | None = None
    for _ in range(8):
        dep = tok.dep_
        head = tok.head
        if head == tok:
            return tok.i, prep
        if dep in ("nummod", "compound", "amod", "poss", "npadvmod", "det", "quantmod", "nmod"):
            if head.pos_ in ("NOUN", "PROPN") and dep != "npadvmod":
                if head.lemma_.lower() in TIME_NOUNS:
                    tok = head
                    continue
                # a year modifying an event noun counts only inside a temporal phrase
                if head.dep_ == "pobj" and head.head.lower_ in TEMPORAL_PREPS - IGNORED_PREPS:
                    tok = head
                    continue
                return None
            if head.pos_ in ("VERB", "AUX") or dep == "npadvmod":
                return head.i, prep
            tok = head
            continue
        if dep == "pobj":
            p = head.lower_
            if p not in TEMPORAL_PREPS:
                return None
            prep = prep or p
            tok = head.head if head.head != head else head
            if tok.pos_ in ("VERB", "AUX"):
                return tok.i, prep
            if tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() not in TIME_NOUNS:
                # "the election of his successor in 2013" under "following ...": keep climbing
                if tok.dep_ in ("pobj", "conj", "appos") or tok.head.pos_ == "ADP":
                    continue
                return tok.i, prep
            continue
        if dep in ("prep", "conj", "appos", "npadvmod", "advmod", "tmod", "dobj"):
            if head.pos_ in ("VERB", "AUX"):
                return head.i, prep
            tok = head
            continue
        if head.pos_ in ("VERB", "AUX"):
            return head.i, prep
        tok = head
    return None


def find_time_expressions(
    sent: Span,
    published: date | None,
    reference: TimeValue | None = None,
) -> list[TimeExpression]:
    """The time expressions of a sentence that date a clause, resolved.

    Expressions come from the parser's DATE entities; those only modifying a
    non-time noun, and those introduced by "since", "until", "before" or "by"
    (which bound rather than date an event) are left out.

    Args:
        sent: the sentence.
        published: the publication date.
        reference: the time of the last narrated event before the sentence.
    """
    out: list[TimeExpression] = []
    for ent in sent.ents:
        if ent.label_ != "DATE":
            continue
        anchored = _anchor(ent.root)
        if anchored is None:
            continue
        anchor, prep = anchored
        if prep in IGNORED_PREPS:
            continue
        future = _future_clause(sent.doc[anchor])
        text = ent.text
        value = parse_time(text, published, reference, future=future)
        if value is None:
            # "the 2002 coup": the year inside a longer DATE-less phrase
            years = re.findall(r"\b(1[89]\d\d|20\d\d)\b", text)
            if len(years) == 1 and not re.search(r"\b(since|until|before)\b", text.lower()):
                value = _year(int(years[0]))
        if value is None:
            continue
        relative = _is_relative(text)
        out.append(TimeExpression(ent.start, ent.end, anchor, value, absolute=not relative))
        if not relative:
            reference = value
    return out


def _future_clause(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll", "wo") for c in tok.children)


def attach(trigger: Token, chain: list[Token], expressions: list[TimeExpression]) -> TimeExpression | None:
    """The expression that dates an event: the nearest one up its chain of heads.

    Args:
        trigger: the event's trigger word.
        chain: the words that frame it, innermost first (they share its time).
        expressions: the sentence's expressions.
    """
    if not expressions:
        return None
    by_anchor: dict[int, TimeExpression] = {}
    for e in expressions:
        by_anchor.setdefault(e.anchor, e)
    seen: set[int] = set()
    for tok in [trigger, *chain]:
        cur: Token | None = tok
        for _ in range(6):
            if cur is None or cur.i in seen:
                break
            seen.add(cur.i)
            if cur.i in by_anchor:
                return by_anchor[cur.i]
            if cur.head == cur:
                break
            # stop at a reported clause: "X said on Monday that Y did Z in 2019"
            if cur.dep_ == "ccomp" and cur.i != trigger.i:
                break
            cur = cur.head
    return None
