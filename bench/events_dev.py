"""Development scores of the event coder (a private stand-in for ``detente eval``).

Usage::

    .venv/bin/python bench/events_dev.py plover      # PLOVER GSR: type and dyad+type F1
    .venv/bin/python bench/events_dev.py cameo       # CAMEO examples: root accuracy of the best event
    .venv/bin/python bench/events_dev.py article     # events of the Canada-Venezuela example
    .venv/bin/python bench/events_dev.py speed [N]   # coding overhead over bare nlp.pipe on N BBC articles
    .venv/bin/python bench/events_dev.py regenerate  # rewrite data/events/petrarch-verbs.jsonl and
                                                     # data/ontology/{cameo,plover}.csv from ../shared

Scoring follows ``../shared/gold/FORMAT.md``: per document, predicted and gold
events collapse to distinct (source country, target country, label) triples,
matched one to one; the type level reduces each document to its set of
PLOVER types. When the actor resolver finds nothing (it is still a
placeholder), a minimal stand-in built from ``data/actors/countries.csv``
resolves country names, demonyms and capitals.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span

from detente.data import load_table
from detente.extract.actors import get_resolver
from detente.extract.events import extract_events
from detente.nlp import load_pipeline
from detente.records import Actor

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
FIX = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}


class StandInResolver:
    """Country names, demonyms and capitals only (used while the real resolver is a placeholder)."""

    def __init__(self) -> None:
        names: dict[str, str] = {}
        for row in load_table("actors/countries.csv").rows:
            for field in ("name", "aliases", "demonyms", "capitals"):
                for n in row[field].split("|"):
                    n = n.strip()
                    if n:
                        names[n.lower()] = row["code"]
                        if field == "demonyms":
                            names[n.lower() + "s"] = row["code"]
        names.update(
            {
                "u.s.": "USA",
                "us": "USA",
                "u.s": "USA",
                "america": "USA",
                "washington": "USA",
                "britain": "GBR",
                "u.k.": "GBR",
                "uk": "GBR",
                "un": "IGO",
                "u.n.": "IGO",
                "united nations": "IGO",
                "nato": "IGO",
                "european union": "IGO",
                "eu": "IGO",
                "ottawa": "CAN",
            }
        )
        self.names = names
        longest = sorted(names, key=len, reverse=True)
        self.rx = re.compile(r"\b(" + "|".join(re.escape(n) for n in longest) + r")\b", re.I)

    def mentions(self, doc: Doc, when: date | None) -> list[Actor]:
        out = []
        for m in self.rx.finditer(doc.text):
            if m.group(0).lower() in ("us",) and m.group(0) != "US":
                continue
            out.append(
                Actor(
                    m.group(0),
                    m.start(),
                    m.end(),
                    self.names[m.group(0).lower()],
                    None,
                    None,
                    "stand-in",
                )
            )
        return out

    def resolve_span(self, span: Span, when: date | None, mentions: list[Actor]) -> Actor | None:
        inside = [a for a in mentions if a.start >= span.start_char and a.end <= span.end_char]
        return inside[0] if inside else None

    def lookup(self, text: str, when: date | None) -> Actor | None:
        code = self.names.get(text.lower())
        return Actor(text, 0, len(text), code) if code else None


def resolver() -> Any:
    real = get_resolver()
    nlp = load_pipeline()
    if real.mentions(nlp("Canada and France met."), None):
        return real
    print("(actor resolver is a placeholder: using the stand-in)", file=sys.stderr)
    return StandInResolver()


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def code(actor: Any) -> str | None:
    if actor is None:
        return None
    c = actor.country if hasattr(actor, "country") else actor.get("country")
    return FIX.get(c, c) if c else None


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        "n_gold": n_gold,
        "n_pred": n_pred,
        "tp": tp,
    }


def plover(show: int = 0) -> None:
    nlp = load_pipeline()
    res = resolver()
    docs = _jsonl(SHARED / "gold/events/plover-gsr.gold.jsonl")
    counts: dict[str, list[int]] = {
        k: [0, 0, 0] for k in ("type", "plover_event", "dyad", "cameo_root")
    }
    per_type: Counter[tuple[str, str]] = Counter()
    errors = []
    for d, doc in zip(docs, nlp.pipe(d["text"] for d in docs), strict=True):
        pub = date.fromisoformat(d["published"])
        mentions = res.mentions(doc, pub)
        ev = extract_events(doc, doc_id=d["id"], published=pub, actors=mentions, resolver=res)
        gold = d["events"]
        g_type = {e["plover_event"] for e in gold if e["plover_event"]}
        p_type = {e.plover_event for e in ev if e.plover_event}
        tp = len(g_type & p_type)
        for k, n in zip(("type",), (tp,), strict=True):
            counts[k][0] += n
        counts["type"][1] += len(p_type)
        counts["type"][2] += len(g_type)
        for t in g_type | p_type:
            per_type[
                (t, "tp" if t in g_type and t in p_type else ("fn" if t in g_type else "fp"))
            ] += 1
        g_tr = {(code(e["source"]), code(e["target"]), e["plover_event"]) for e in gold}
        p_tr = {(code(e.source), code(e.target), e.plover_event) for e in ev if e.plover_event}
        counts["plover_event"][0] += len(g_tr & p_tr)
        counts["plover_event"][1] += len(p_tr)
        counts["plover_event"][2] += len(g_tr)
        g_d = {(a, b) for a, b, _ in g_tr}
        p_d = {(code(e.source), code(e.target)) for e in ev}
        counts["dyad"][0] += len(g_d & p_d)
        counts["dyad"][1] += len(p_d)
        counts["dyad"][2] += len(g_d)
        if g_tr != p_tr:
            errors.append(
                (
                    d["text"],
                    sorted(map(str, g_tr)),
                    sorted(
                        f"{code(e.source)} {code(e.target)} {e.cameo} {e.plover_event} {e.rule}"
                        for e in ev
                    ),
                )
            )
    for k, (tp, n_pred, n_gold) in counts.items():
        if k != "cameo_root":
            print(k, prf(tp, n_pred, n_gold))
    types = sorted({t for t, _ in per_type})
    for t in types:
        print(
            f"  {t:10} tp={per_type[(t, 'tp')]:3} fp={per_type[(t, 'fp')]:3} fn={per_type[(t, 'fn')]:3}"
        )
    for text, g, p in errors[:show]:
        print("\n", text, "\n  gold:", g, "\n  pred:", p)


def cameo(show: int = 0) -> None:
    nlp = load_pipeline()
    res = resolver()
    docs = _jsonl(SHARED / "gold/events/cameo-examples.jsonl")
    root_ok = full_ok = coded = 0
    by_root: Counter[tuple[str, bool]] = Counter()
    misses = []
    for d, doc in zip(docs, nlp.pipe(d["text"] for d in docs), strict=True):
        mentions = res.mentions(doc, None)
        ev = extract_events(doc, doc_id=d["id"], published=None, actors=mentions, resolver=res)
        best = max(ev, key=lambda e: e.confidence) if ev else None
        ok = best is not None and best.cameo[:2] == d["cameo"][:2]
        coded += best is not None
        root_ok += ok
        full_ok += best is not None and best.cameo == d["cameo"]
        by_root[(d["cameo"][:2], ok)] += 1
        if not ok:
            misses.append(
                (d["cameo"], best.cameo if best else None, best.rule if best else None, d["text"])
            )
    n = len(docs)
    print(
        f"root accuracy {root_ok / n:.3f} ({root_ok}/{n}); full code {full_ok / n:.3f}; coded {coded}"
    )
    for r in sorted({r for r, _ in by_root}):
        print(f"  {r}: {by_root[(r, True)]}/{by_root[(r, True)] + by_root[(r, False)]}")
    for m in misses[:show]:
        print(m)


def article() -> None:
    nlp = load_pipeline()
    res = resolver()
    text = (SHARED / "examples/canada-venezuela-2024.txt").read_text(encoding="utf-8")
    doc = nlp(text)
    pub = date(2024, 2, 1)
    ev = extract_events(doc, doc_id="x", published=pub, actors=res.mentions(doc, pub), resolver=res)
    for e in ev:
        print(
            f"{code(e.source)}->{code(e.target)} {e.cameo} {e.plover_event} {e.status}"
            f"{' historical' if e.historical else ''} {e.date}/{e.date_precision}"
            f"{' (default)' if e.date_defaulted else ''} [{text[e.trigger_start : e.trigger_end]}] {e.rule}"
        )


def speed(n: int = 200) -> None:
    nlp = load_pipeline()
    res = get_resolver()
    texts = [d["text"] for d in _jsonl(SHARED / "corpus/bbc-2004/articles.jsonl")][:n]
    warm = list(nlp.pipe(texts[:5]))
    for d in warm:  # load the pattern and actor data before timing
        extract_events(d, doc_id="w", published=None, actors=res.mentions(d, None), resolver=res)
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts))
    parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_ev = 0
    for i, doc in enumerate(docs):
        mentions = res.mentions(doc, None)
        n_ev += len(
            extract_events(doc, doc_id=str(i), published=None, actors=mentions, resolver=res)
        )
    coding = time.perf_counter() - t0
    t0 = time.perf_counter()
    for doc in docs:
        res.mentions(doc, None)
    actors = time.perf_counter() - t0
    print(
        f"{len(texts)} articles: parse {parse:.2f}s, actors+events {coding:.2f}s "
        f"({100 * coding / parse:.1f}% of parse; actors alone {actors:.2f}s, "
        f"{100 * actors / parse:.1f}%), {n_ev} events"
    )


DATA = Path(__file__).resolve().parent.parent / "src" / "detente" / "data"
PETRARCH_HEADER = """# version: 1
# source: converted from the PETRARCH2 verb dictionary CAMEO.2.0.txt (https://github.com/openeventdata/petrarch2 @676801c, petrarch2/data/dictionaries), which derives from the TABARI/KEDS CAMEO dictionaries and WordNet synonym sets; converted by detente.extract.event_patterns.parse_petrarch_verbs (keep_reverse=False: CAMEO visit/host pairs keep their first code; codes outside CAMEO 1.1b3, i.e. 176, become their root's x0 code; each block's default code applies to its head verb only; object words must include the object's head)
# license: MIT, Copyright (c) 2015 Open Event Data Alliance (see NOTICE)
# format: one pattern a line, see docs/events.md; ids are petrarch2:<verb block>:<pattern number in the block> or :default
"""


def _plover(rows: list[dict[str, str]], ref: Path) -> list[str]:
    """CAMEO2PLOVER-2021.txt corrected to the PLOVER 2.0 manual (see plover.csv's header)."""
    import csv
    import io
    import re

    codes = [r["code"] for r in rows]
    tab = {}
    for line in (ref / "plover/CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d+):\s*(.*?)\s*(#.*)?$", line.strip())
        if m and "," in m.group(2):
            parts = [p.strip() for p in m.group(2).split(",")]
            tab.setdefault(m.group(1), parts)
    ROOT = {
        "01": "",
        "02": "",
        "03": "AGREE",
        "04": "CONSULT",
        "05": "SUPPORT",
        "06": "COOPERATE",
        "07": "AID",
        "09": "ACCUSE",
        "10": "REQUEST",
        "11": "ACCUSE",
        "12": "REJECT",
        "13": "THREATEN",
        "14": "PROTEST",
        "15": "MOBILIZE",
        "16": "SANCTION",
        "17": "COERCE",
        "18": "ASSAULT",
        "19": "ASSAULT",
        "20": "ASSAULT",
    }
    MODES = {
        "CONSULT": {"visit", "third-party", "multilateral", "phone"},
        "RETREAT": {"withdraw", "release", "disarm", "ceasefire", "access", "resign"},
        "REQUEST": {"assist", "change", "yield", "meet"},
        "REJECT": {"assist", "change", "yield", "meet"},
        "ACCUSE": {"disapprove", "investigate", "allege"},
        "THREATEN": {"restrict", "arrest", "relations", "expel", "territory", "violence"},
        "PROTEST": {"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"},
        "SANCTION": {"convict", "expel", "withdraw", "discontinue"},
        "MOBILIZE": {"troops", "weapons", "police", "militia"},
        "COERCE": {
            "seize",
            "restrict",
            "censor",
            "curfew",
            "martial-law",
            "arrest",
            "deport",
            "withhold",
            "misinformation",
            "cyber",
        },
        "ASSAULT": {
            "abduct",
            "beat",
            "torture",
            "sexual",
            "targeted",
            "destroy",
            "primitive",
            "firearms",
            "explosives",
            "suicide-attack",
            "aerial",
            "drone",
            "heavy-weapons",
            "crowd-control",
            "unconventional",
        },
    }
    # 2021-table mode names -> PLOVER 2.0 names (manual section per type); None = no 2.0 mode fits
    MODE_FIX = {
        ("THREATEN", "ban"): "restrict",
        ("THREATEN", "political"): "restrict",
        ("COERCE", "ban"): "restrict",
        ("ASSAULT", "assassinate"): "targeted",
        ("ASSAULT", "massacre"): "targeted",
        ("SANCTION", "restrict"): "discontinue",
    }
    CTX_FIX = {"democracy": "pro_democracy", "humanitarian": "human_security"}
    notes = []
    out = io.StringIO()
    out.write("# version: 1\n")
    out.write(
        "# source: Open Event Data Alliance, PLOVER (https://github.com/openeventdata/PLOVER @5e0c24f): CAMEO2PLOVER-2021.txt, corrected to the PLOVER 2.0 manual (CAMEO to PLOVER translation; mode tables of each event type)\n"
    )
    out.write(
        "# license: CC BY-SA 4.0, (c) Open Event Data Alliance; this derived table is shared under the same license\n"
    )
    out.write(
        "# corrections: 01x/02x have no PLOVER type (empty); 0813/0814 -> CONCEDE (081-083 are CONCEDE); 163 -> SANCTION discontinue; 1712 (mode emptied) and 175 -> COERCE (root 17); 195 -> mode aerial; 191/192 -> ASSAULT (root 19); mode names outside the 2.0 tables renamed (ban/political -> restrict, assassinate/massacre -> targeted) or emptied (ease, return, cleansing, pro_autocracy); contexts renamed to 2.0 names (democracy -> pro_democracy, humanitarian -> human_security); root codes take their root's type\n"
    )
    out.write(
        "# columns: cameo, plover_event, plover_mode, plover_context (several contexts joined by ';'); empty = none\n"
    )
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["cameo", "plover_event", "plover_mode", "plover_context"])
    for code in codes:
        root = code[:2]
        ev = ROOT.get(root, "")
        if root == "08":
            ev = "RETREAT" if code[:3] in ("084", "085", "086", "087") else "CONCEDE"
        mode = ctx = ""
        if code in tab and ev:
            parts = tab[code] + ["", ""]
            tev, mode, ctx = parts[0], parts[1], parts[2]
            if tev != ev:
                notes.append(f"{code}: {tev} -> {ev}")
            mode = mode.strip()
            if mode and mode not in MODES.get(ev, set()):
                new = MODE_FIX.get((ev, mode), "")
                notes.append(f"{code}: mode {mode} -> {new or '(none)'}")
                mode = new
            ctx = ";".join(CTX_FIX.get(c.strip(), c.strip()) for c in ctx.split(";") if c.strip())
        if code == "163":
            mode = "discontinue"
        if code == "1712":
            mode = ""
        if code == "195":
            mode = "aerial"
        if code in ("175",):
            ctx = "repression"
        w.writerow([code, ev, mode, ctx])
    (DATA / "ontology/plover.csv").write_text(out.getvalue(), encoding="utf-8")
    return notes


def regenerate() -> None:
    """Rewrite the converted data files from the reference material in ../shared."""
    import csv
    import io

    from detente.extract.event_ontology import is_cameo
    from detente.extract.event_patterns import (
        parse_petrarch_verbs,
        pattern_from_record,
        records_to_jsonl,
    )

    ref = SHARED / "reference"
    with open(ref / "cameo/cameo-codes.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = io.StringIO()
    out.write(
        "# version: 1\n# source: CAMEO 1.1b3 event codes (Schrodt, Gerner, Yilmaz et al. 2012) "
        "via andybega/icews data-raw/cameo-codes.csv @3746c72 (MIT); code, name, Goldstein "
        "score and GDELT quad class only\n# license: codes, names and scores are facts (no "
        "CAMEO manual prose is included); file MIT like detente\n# columns: code (string, "
        "leading zeros kept), name, goldstein (-10..10), quad_class (1 verbal coop, 2 material "
        "coop, 3 verbal conflict, 4 material conflict)\n"
    )
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "name", "goldstein", "quad_class"])
    for row in rows:
        writer.writerow([row["code"], row["name"], row["goldstein"], row["quad_class"]])
    (DATA / "ontology/cameo.csv").write_text(out.getvalue(), encoding="utf-8")
    notes = _plover(rows, ref)
    text = (ref / "petrarch2/CAMEO.2.0.txt").read_text(encoding="utf-8")
    records = parse_petrarch_verbs(text, keep_reverse=False)
    for rec in records:
        rec["loose"] = False  # the bundled conversion wants an object head (docs/events.md)
        for key in ("cameo", "reverse"):
            c = rec.get(key)
            if c and not is_cameo(c):
                rec[key] = c[:2] + "0"
        pattern_from_record(rec, "petrarch2")
    (DATA / "events/petrarch-verbs.jsonl").write_text(
        PETRARCH_HEADER + records_to_jsonl(records), encoding="utf-8"
    )
    print(
        f"cameo.csv and plover.csv: {len(rows)} codes ({len(notes)} corrections to the 2021 "
        f"table); petrarch-verbs.jsonl: {len(records)} patterns"
    )


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "plover"
    arg = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    {
        "plover": lambda: plover(arg),
        "cameo": lambda: cameo(arg),
        "article": article,
        "speed": lambda: speed(arg or 200),
        "regenerate": regenerate,
    }[what]()
