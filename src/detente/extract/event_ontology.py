"""The event ontology: CAMEO codes with Goldstein scores, their PLOVER mapping,
and the codes derived by framing words ("threatened to ...", "refuses to ...").

Data: ``ontology/cameo.csv`` (CAMEO 1.1b3 codes, names, Goldstein scores, quad
classes), ``ontology/plover.csv`` (CAMEO -> PLOVER 2.0 type, mode and context,
CC BY-SA 4.0 OEDA) and ``events/derived-codes.csv``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from detente.data import load_table
from detente.errors import DataFileError

log = logging.getLogger(__name__)

KEEP = "="
NEGATE = "~"
FUTURE = "future"
DROP = "drop"


@dataclass(frozen=True)
class CodeInfo:
    """What the ontology says about one CAMEO code.

    Attributes:
        code: the CAMEO code (leading zeros kept).
        name: its CAMEO name.
        goldstein: Goldstein conflict-cooperation score.
        quad_class: GDELT quad class 1..4 (0 for a code outside CAMEO).
        plover_event: PLOVER 2.0 event type, or ``None`` (CAMEO 01, 02).
        plover_mode: PLOVER mode, or ``None``.
        plover_context: PLOVER context(s) joined by ``;``, or ``None``.
    """

    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_event: str | None
    plover_mode: str | None
    plover_context: str | None


@lru_cache(maxsize=1)
def _codes() -> dict[str, CodeInfo]:
    plover = {r["cameo"]: r for r in load_table("ontology/plover.csv").rows}
    out: dict[str, CodeInfo] = {}
    for row in load_table("ontology/cameo.csv").rows:
        code = row["code"]
        p = plover.get(code, {})
        out[code] = CodeInfo(
            code=code,
            name=row["name"],
            goldstein=float(row["goldstein"]),
            quad_class=int(row["quad_class"]),
            plover_event=p.get("plover_event") or None,
            plover_mode=p.get("plover_mode") or None,
            plover_context=p.get("plover_context") or None,
        )
    return out


def is_cameo(code: str) -> bool:
    """True when ``code`` is a CAMEO 1.1b3 event code."""
    return code in _codes()


def code_info(code: str) -> CodeInfo:
    """The ontology entry of a CAMEO code.

    A code outside CAMEO (e.g. a WEIS code of a user's test dictionary) gets
    its root's entry when the root is a CAMEO code, else a neutral entry
    (Goldstein 0, quad class 0, no PLOVER type).
    """
    codes = _codes()
    info = codes.get(code)
    if info is not None:
        return info
    root = codes.get(code[:2])
    if root is not None:
        return CodeInfo(code, root.name, root.goldstein, root.quad_class, root.plover_event,
                        None, None)
    return CodeInfo(code, code, 0.0, 0, None, None, None)


@lru_cache(maxsize=1)
def _derived() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for row in load_table("events/derived-codes.csv").rows:
        to = row["to"]
        if to not in (KEEP, NEGATE, FUTURE, DROP) and not is_cameo(to):
            raise DataFileError(f"events/derived-codes.csv: {to!r} is not a CAMEO code")
        table.setdefault(row["kind"], {})[row["from"]] = to
    return table


def frame_kinds() -> frozenset[str]:
    """The frame kinds that derived-codes.csv knows."""
    return frozenset(_derived())


def derive_code(kind: str, code: str) -> tuple[str, str | None]:
    """The code an event takes under a framing word of ``kind``.

    CAMEO codes intent (03), appeals (02), demands (10), rejections (12) and
    threats (13) as mirrors of the acts they announce; ``derived-codes.csv``
    holds that mirror, matched on the longest code prefix.

    Args:
        kind: frame kind (intent, promise, threat, refuse, reject, appeal,
            demand, attempt, future, hypothetical, negation).
        code: CAMEO code of the governed event.

    Returns:
        ``(code, status)``: the derived code and the status the frame imposes
        (``"negated"``, ``"future"`` or ``None``); the code is empty when the
        event is not asserted at all (``drop``).
    """
    table = _derived().get(kind)
    if not table:
        return code, None
    for n in range(len(code), 0, -1):
        to = table.get(code[:n])
        if to is None:
            continue
        if to == KEEP:
            return code, None
        if to == NEGATE:
            return code, "negated"
        if to == FUTURE:
            return code, "future"
        if to == DROP:
            return "", None
        return to, None
    return code, None
