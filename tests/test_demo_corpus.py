"""Schema checks for the bundled demo corpus (examples/demo/articles.jsonl).

The corpus is data that ``make run`` ingests and the dashboard shows; these
tests check its shape only, never the accuracy of the system reading it.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"
ARTICLES = DEMO / "articles.jsonl"
FIELDS = ("id", "title", "text", "published", "source", "url")
ID_RE = re.compile(r"^demo-\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")
FIRST_DAY = date(2017, 1, 1)
LAST_DAY = date(2024, 12, 31)
MIN_WORDS, MAX_WORDS = 100, 500


def _load() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    with ARTICLES.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            assert isinstance(row, dict), f"line {number} is not a JSON object"
            rows.append(row)
    return rows


@pytest.fixture(scope="module")
def articles() -> list[dict[str, Any]]:
    """Every article of the demo corpus, in file order."""
    return _load()


def test_demo_corpus_parses_every_line() -> None:
    lines = [ln for ln in ARTICLES.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert len(_load()) == len(lines)


def test_demo_corpus_has_15_to_25_articles(articles: list[dict[str, Any]]) -> None:
    assert 15 <= len(articles) <= 25


def test_demo_corpus_fields_are_exactly_the_schema(articles: list[dict[str, Any]]) -> None:
    for row in articles:
        assert tuple(row) == FIELDS, row.get("id")


def test_demo_corpus_fields_are_non_empty_strings(articles: list[dict[str, Any]]) -> None:
    for row in articles:
        for name in FIELDS:
            assert isinstance(row[name], str) and row[name].strip(), (row.get("id"), name)


def test_demo_corpus_ids_are_unique_and_well_formed(articles: list[dict[str, Any]]) -> None:
    ids = [row["id"] for row in articles]
    assert len(ids) == len(set(ids))
    for article_id in ids:
        assert ID_RE.match(article_id), article_id


def test_demo_corpus_dates_are_valid_and_in_range(articles: list[dict[str, Any]]) -> None:
    for row in articles:
        day = date.fromisoformat(row["published"])
        assert FIRST_DAY <= day <= LAST_DAY, row["id"]
        assert row["id"].startswith(f"demo-{row['published']}-"), row["id"]


def test_demo_corpus_source_and_url_follow_convention(articles: list[dict[str, Any]]) -> None:
    for row in articles:
        assert row["source"] == "detente demo"
        assert row["url"] == f"https://demo.detente.invalid/{row['id']}"


def test_demo_corpus_text_length_in_words(articles: list[dict[str, Any]]) -> None:
    for row in articles:
        words = len(row["text"].split())
        assert MIN_WORDS <= words <= MAX_WORDS, (row["id"], words)


def test_demo_corpus_paragraphs_are_separated_by_blank_lines(
    articles: list[dict[str, Any]],
) -> None:
    for row in articles:
        paragraphs = row["text"].split("\n\n")
        assert len(paragraphs) >= 2, row["id"]
        for para in paragraphs:
            assert para.strip() == para and para and "\n" not in para, row["id"]


def test_demo_corpus_every_article_mentions_venezuela(articles: list[dict[str, Any]]) -> None:
    for row in articles:
        assert "Venezuela" in row["text"], row["id"]


@pytest.mark.parametrize(
    ("pattern", "label"),
    [
        (r"\bCanada\b", "Canada"),
        (r"\bUnited States\b", "the United States"),
    ],
)
def test_demo_corpus_mentions_each_partner_country(
    articles: list[dict[str, Any]], pattern: str, label: str
) -> None:
    hits = [row["id"] for row in articles if re.search(pattern, row["text"])]
    assert hits, f"no article mentions {label}"


def test_demo_corpus_readme_lists_every_article(articles: list[dict[str, Any]]) -> None:
    readme = (DEMO / "README.md").read_text(encoding="utf-8")
    for row in articles:
        assert row["title"] in readme, row["id"]
