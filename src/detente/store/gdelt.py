"""GDELT 2.0 event export: the 61 tab-separated columns of the GDELT 2.0 Event Codebook.

One row per stored event mention (NumMentions/NumSources/NumArticles are 1;
clustered counts come with the relations layer). Geography and tone are left
empty: detente does not code them. Dates are the EVENT's date (first day of
its stated precision), not the day it was read.
"""

from __future__ import annotations

from pathlib import Path

from detente.store.store import Store

_ACTOR = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
)  # fmt: skip
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip


def _actor(prefix: str) -> list[str]:
    known = {
        "Code": f"coalesce({prefix}_country, '') || coalesce({prefix}_sector, '')",
        "Name": f"upper(coalesce({prefix}_name, {prefix}_text, ''))",
        "CountryCode": f"coalesce({prefix}_country, '')",
        "Type1Code": f"coalesce({prefix}_sector, '')",
    }
    return [known.get(c, "''") for c in _ACTOR]


def gdelt_select() -> str:
    """The SELECT producing the GDELT 2.0 columns from the events table."""
    d = "coalesce(e.date_start, a.published)"
    exprs = [
        "row_number() OVER (ORDER BY e.doc_id, e.idx)",
        f"strftime({d}, '%Y%m%d')",
        f"strftime({d}, '%Y%m')",
        f"strftime({d}, '%Y')",
        f"round(year({d}) + (dayofyear({d}) - 1) / 365.0, 4)",
        *_actor("e.source"),
        *_actor("e.target"),
        "CASE WHEN strpos(substr(a.text, 1, e.start_char), chr(10) || chr(10)) = 0 THEN 1 ELSE 0 END",
        "e.cameo",
        "substr(e.cameo, 1, 3)",
        "e.cameo_root",
        "e.quad_class",
        "e.goldstein",
        "1",
        "1",
        "1",
        "''",
        *(["''"] * (len(_GEO) * 3)),
        "strftime(a.ingested_at, '%Y%m%d%H%M%S')",
        "coalesce(a.url, '')",
    ]
    assert len(exprs) == len(GDELT_COLUMNS)
    cols = ",\n  ".join(f'{x} AS "{n}"' for x, n in zip(exprs, GDELT_COLUMNS, strict=True))
    return f"SELECT\n  {cols}\nFROM events e JOIN articles a ON a.id = e.doc_id"


def export_gdelt(store: Store, out: Path, *, header: bool = False) -> int:
    """Write the events as a GDELT 2.0 events file (tab-separated, no header by default)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    target = str(out).replace("'", "''")
    head = "true" if header else "false"
    store.con.execute(
        f"COPY ({gdelt_select()}) TO '{target}' (FORMAT CSV, DELIMITER '\t', HEADER {head}, QUOTE '')"
    )
    row = store.con.execute("SELECT count(*) FROM events").fetchone()
    return int(row[0]) if row else 0
