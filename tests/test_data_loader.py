"""The one data loader, and the schema of every bundled data file."""

from __future__ import annotations

import pytest

from detente.data import bundled_files, load_table, parse_table
from detente.errors import DataFileError


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("word\nthe\n", "no '# version"),
        ("# version: 1\n", "no header row"),
        ("# version: 1\na,b\n1,2,3\n", "row 2 has 3 fields"),
    ],
)
def test_data_loader_rejects_malformed_csv(text: str, message: str) -> None:
    with pytest.raises(DataFileError, match=message):
        parse_table("x.csv", text)


def test_data_loader_rejects_malformed_jsonl() -> None:
    with pytest.raises(DataFileError, match="record 2 is not JSON"):
        parse_table("x.jsonl", '# version: 1\n{"a": 1}\n{oops\n')


def test_data_loader_reads_header_and_comments() -> None:
    table = parse_table("x.csv", "# version: 3\n# source: here\nword,language\n# a comment\nthe,en\n")
    assert (table.version, table.meta["source"], table.columns) == ("3", "here", ("word", "language"))
    assert table.rows == ({"word": "the", "language": "en"},)


@pytest.mark.parametrize("name", bundled_files())
def test_data_every_bundled_file_loads_with_version(name: str) -> None:
    table = load_table(name)
    assert table.version and table.rows, name


def test_data_function_words_schema() -> None:
    table = load_table("ingest/function-words.csv")
    assert table.columns == ("word", "language")
    assert {r["language"] for r in table.rows} == {"en", "es", "fr", "de", "pt", "it", "nl"}
    words = [r["word"] for r in table.rows]
    assert len(words) == len(set(words)), "a word shared by two languages tells nothing"
    assert all(w == w.lower() and w.isalpha() for w in words)
