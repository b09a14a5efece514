"""The one loader of detente's language data (CSV and JSON Lines files).

Data files live under ``src/detente/data/``. Each starts with comment lines
(``# key: value``) that must include ``version``; a CSV then has a header row.
Lines starting with ``#`` are comments anywhere in the file. Users extend the
dictionaries with their own files in the same format.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from detente.errors import DataFileError


@dataclass(frozen=True)
class DataTable:
    """Rows of a data file with its header metadata.

    Attributes:
        name: the file's name relative to the data folder, or its path.
        meta: the ``# key: value`` header lines (``version`` is required).
        columns: the CSV header, or the keys of the first JSON record.
        rows: one dict per row.
    """

    name: str
    meta: dict[str, str]
    columns: tuple[str, ...]
    rows: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    @property
    def version(self) -> str:
        """The file's declared version."""
        return self.meta["version"]


def _split_header(name: str, text: str) -> tuple[dict[str, str], list[str]]:
    meta: dict[str, str] = {}
    body: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            if not body and ":" in stripped:
                key, _, value = stripped[1:].partition(":")
                meta.setdefault(key.strip().lower(), value.strip())
            continue
        if stripped:
            body.append(line)
    if "version" not in meta:
        raise DataFileError(f"{name}: data file has no '# version: ...' header line")
    return meta, body


def parse_table(name: str, text: str) -> DataTable:
    """Parse the text of a data file (CSV or JSON Lines, chosen by ``name``).

    Args:
        name: file name; ``.jsonl`` files are JSON Lines, others CSV.
        text: the file's content.

    Raises:
        DataFileError: when the header or a row is malformed.
    """
    meta, body = _split_header(name, text)
    if name.endswith(".jsonl"):
        rows: list[dict[str, Any]] = []
        for number, line in enumerate(body, 1):
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataFileError(f"{name}: record {number} is not JSON ({exc.msg})") from exc
            if not isinstance(record, dict):
                raise DataFileError(f"{name}: record {number} is not a JSON object")
            rows.append(record)
        columns = tuple(rows[0]) if rows else ()
        return DataTable(name, meta, columns, tuple(rows))
    reader = csv.reader(io.StringIO("\n".join(body)))
    try:
        header = [c.strip() for c in next(reader)]
    except StopIteration:
        raise DataFileError(f"{name}: CSV data file has no header row") from None
    table_rows = []
    for number, values in enumerate(reader, 2):
        if len(values) != len(header):
            raise DataFileError(
                f"{name}: row {number} has {len(values)} fields, header has {len(header)}"
            )
        table_rows.append({k: v.strip() for k, v in zip(header, values, strict=True)})
    return DataTable(name, meta, tuple(header), tuple(table_rows))


@cache
def load_table(name: str) -> DataTable:
    """Load a bundled data file by its path under ``detente/data`` (cached).

    Args:
        name: e.g. ``"ontology/cameo.csv"``.
    """
    resource = resources.files("detente.data").joinpath(name)
    try:
        text = resource.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(f"{name}: no such bundled data file") from None
    return parse_table(name, text)


def load_user_table(path: str | Path) -> DataTable:
    """Load a user's data file (same format as the bundled ones)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{p}: cannot read data file ({exc})") from exc
    return parse_table(str(p), text)


def bundled_files() -> list[str]:
    """Names of every bundled data file, relative to the data folder."""
    root = resources.files("detente.data")
    names: list[str] = []

    def walk(node: Any, prefix: str) -> None:
        for child in node.iterdir():
            if child.is_dir():
                if not child.name.startswith("__"):
                    walk(child, prefix + child.name + "/")
            elif child.name.endswith((".csv", ".jsonl")):
                names.append(prefix + child.name)

    walk(root, "")
    return sorted(names)
