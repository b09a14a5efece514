"""Readers: text, JSON Lines and HTML, on the project's fixtures and real inputs."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from detente.errors import InputError
from detente.ingest import ArticleDefaults, iter_inputs
from detente.ingest.text import split_title
from detente.records import Article


def _articles(items: list[Article | InputError]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Canada recalls envoy\n\nCanada recalled its envoy.", "Canada recalls envoy"),
        ("Canada recalled its envoy on Friday.\nIt said nothing more.", None),
        ("Only one line without a full stop", None),
        (" ".join(["word"] * 25) + "\n\nBody text.", None),
        ("Sanctions: what changes\nThe measures take effect today.", "Sanctions: what changes"),
    ],
)
def test_ingest_text_title_rule(text: str, expected: str | None) -> None:
    assert split_title(text)[0] == expected


def test_ingest_text_file_reads_title_and_metadata(fixtures_dir: Path) -> None:
    defaults = ArticleDefaults(
        published=date(2017, 12, 23), source="fixture", url="https://x.invalid/a"
    )
    [article] = list(iter_inputs([fixtures_dir / "articles" / "story.txt"], defaults))
    assert isinstance(article, Article)
    assert article.title == "Venezuela expels Canadian envoy"
    assert article.text.startswith("Venezuela declared")
    assert (article.published, article.source, article.url) == (
        date(2017, 12, 23),
        "fixture",
        "https://x.invalid/a",
    )


def test_ingest_jsonl_fields(fixtures_dir: Path) -> None:
    items = _articles(list(iter_inputs([fixtures_dir / "articles" / "sample.jsonl"])))
    assert [a.title for a in items] == ["Ottawa recalls envoy", "Talks resume", None]
    assert items[0].published == date(2019, 1, 29)
    assert items[0].url == "https://example.invalid/fx-1"
    assert items[2].url is None


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"title": "no text"}', "missing field"),
        ('{"text": 42}', "bad field type"),
        ('{"text": "ok", "published": "not a date at all"}', "bad date"),
        ('{"text": "   "}', "empty text"),
        ('{"text": "truncated', "malformed JSON"),
        ('["a", "list"]', "malformed JSON"),
    ],
)
def test_ingest_jsonl_bad_line_is_counted_with_its_line(
    tmp_path: Path, line: str, reason: str
) -> None:
    path = tmp_path / "bad.jsonl"
    good = json.dumps({"text": "Canada and Venezuela restored ties."})
    path.write_text(
        good + "\n" + line + "\n" + good.replace("restored", "cut") + "\n", encoding="utf-8"
    )
    items = list(iter_inputs([path]))
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(_articles(items)) == 2
    assert [e.reason for e in errors] == [reason]
    assert errors[0].source == f"{path}:2"


def test_ingest_jsonl_invalid_utf8_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.jsonl"
    path.write_bytes(b'{"text": "caf\xe9 society"}\n{"text": "fine"}\n')
    items = list(iter_inputs([path]))
    assert [type(i).__name__ for i in items] == ["InputError", "Article"]
    assert isinstance(items[0], InputError) and items[0].reason == "invalid encoding"


def test_ingest_html_fixture_metadata(fixtures_dir: Path) -> None:
    [article] = list(iter_inputs([fixtures_dir / "articles" / "page.html"]))
    assert isinstance(article, Article)
    assert article.title == "Lima Group rejects vote"
    assert article.published == date(2018, 5, 21)
    assert article.source == "Fixture News"
    assert "recall their ambassadors" in article.text
    assert "All rights reserved" not in article.text


def test_ingest_html_gz(tmp_path: Path, fixtures_dir: Path) -> None:
    page = (fixtures_dir / "articles" / "page.html").read_bytes()
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(page))
    [article] = list(iter_inputs([path]))
    assert isinstance(article, Article) and "Lima Group" in article.text


def test_ingest_truncated_gz_is_an_error(tmp_path: Path, fixtures_dir: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress((fixtures_dir / "articles" / "page.html").read_bytes())[:60])
    [item] = list(iter_inputs([path]))
    assert isinstance(item, InputError) and item.reason == "corrupt gzip"


def test_ingest_folder_is_walked_recursively(tmp_path: Path, fixtures_dir: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (nested / "story.txt").write_bytes((fixtures_dir / "articles" / "story.txt").read_bytes())
    (tmp_path / "a" / "notes.md").write_text("not an input", encoding="utf-8")
    items = list(iter_inputs([tmp_path]))
    assert len(items) == 1 and isinstance(items[0], Article)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty text"),
        (b"   \n\t\n", "empty text"),
        (b"\x00\x01\x02binary\x00data", "binary data"),
        (b"caf\xe9 au lait and more text", "invalid encoding"),
    ],
)
def test_ingest_text_bad_file(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    [item] = list(iter_inputs([path]))
    assert isinstance(item, InputError) and item.reason == reason
    assert str(path) in str(item)


def test_ingest_text_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes("Title here\n\nCanada and Venezuela talk.".encode("utf-16"))
    [item] = list(iter_inputs([path]))
    assert isinstance(item, Article) and item.text == "Canada and Venezuela talk."


def test_ingest_missing_path_and_unknown_format(tmp_path: Path) -> None:
    other = tmp_path / "data.xlsx"
    other.write_bytes(b"x")
    items = list(iter_inputs([tmp_path / "nope.txt", other]))
    assert [i.reason for i in items if isinstance(i, InputError)] == [
        "not found",
        "unsupported format",
    ]


def test_ingest_article_id_is_stable(fixtures_dir: Path) -> None:
    first = _articles(list(iter_inputs([fixtures_dir / "articles"])))
    second = _articles(list(iter_inputs([fixtures_dir / "articles"])))
    assert [a.id for a in first] == [a.id for a in second]
    assert len({a.id for a in first}) == len(first)


@pytest.mark.shared
def test_ingest_example_article(shared_dir: Path) -> None:
    path = shared_dir / "examples" / "canada-venezuela-2024.txt"
    [article] = list(iter_inputs([path], ArticleDefaults(published=date(2024, 2, 1))))
    assert isinstance(article, Article)
    assert article.title is None  # the first line is a full sentence, not a title
    assert "Genevieve Tremblay" in article.text


@pytest.mark.shared
@pytest.mark.parametrize("corpus", ["bbc-2004", "reuters-21578"])
def test_ingest_corpus_sample(shared_dir: Path, tmp_path: Path, corpus: str) -> None:
    source = shared_dir / "corpus" / corpus / "articles.jsonl"
    sample = tmp_path / "sample.jsonl"
    with source.open(encoding="utf-8") as lines:
        sample.write_text("".join(next(lines) for _ in range(200)), encoding="utf-8")
    items = list(iter_inputs([sample]))
    articles = _articles(items)
    assert len(articles) >= 190  # a few records may be empty (Reuters has body-less items)
    assert all(a.text.strip() for a in articles)
    if corpus == "reuters-21578":
        assert all(a.published is not None for a in articles)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "El gobierno de Venezuela anunció que los diplomáticos de Canadá deben salir del país "
            "en un plazo de 72 horas, según un comunicado del ministerio. La decisión fue tomada "
            "después de que Ottawa impuso nuevas sanciones contra funcionarios del gobierno, y el "
            "canciller dijo que su país no aceptará más presiones desde el exterior.",
            "es",
        ),
        (
            "Die Regierung in Caracas hat am Montag den kanadischen Geschäftsträger ausgewiesen. "
            "Das Außenministerium erklärte, die Entscheidung sei eine Antwort auf die Sanktionen, "
            "die Kanada gegen Beamte verhängt hat. Ottawa kündigte an, mit den gleichen Maßnahmen "
            "zu reagieren, und rief seinen Botschafter zu Konsultationen zurück.",
            "de",
        ),
        ("委内瑞拉政府周一宣布驱逐加拿大临时代办。" * 12 + " " + "外交部表示 " * 30, "xx"),
    ],
)
def test_ingest_other_language_is_skipped(tmp_path: Path, text: str, language: str) -> None:
    path = tmp_path / "foreign.jsonl"
    path.write_text(json.dumps({"text": text}) + "\n", encoding="utf-8")
    [item] = list(iter_inputs([path]))
    assert isinstance(item, InputError) and item.reason == "unsupported language"
    assert repr(language) in str(item)


def test_ingest_declared_language_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "fr.jsonl"
    path.write_text(json.dumps({"text": "Short.", "language": "fr"}) + "\n", encoding="utf-8")
    [item] = list(iter_inputs([path]))
    assert isinstance(item, InputError) and item.reason == "unsupported language"


@pytest.mark.parametrize(
    "text",
    [
        "Shr loss 22 cts vs loss 18 cts\n\nNet loss 3,035,000 vs loss 2,516,000\n\nRevs 20.9 mln vs 18.1 mln "
        "Nine mths Shr loss 41 cts vs loss 60 cts Net loss 5.6 mln vs 8.2 mln Revs 61.5 mln vs 54.4 mln "
        "Note: company results per share, figures in dlrs, quarter ended per annum.",
        "Canada imposed sanctions on Venezuelan officials on Friday, the foreign ministry said, "
        "and recalled its ambassador from Caracas for consultations with the government in Ottawa.",
    ],
)
def test_ingest_english_tables_and_prose_pass(text: str) -> None:
    from detente.ingest.language import looks_english

    assert looks_english(text)
