"""HTML extraction on the 160 real pages of ../shared/html/newspaper4k."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from detente.errors import InputError
from detente.ingest.common import ArticleDefaults
from detente.ingest.html import extract_html
from detente.ingest.language import looks_english

# Measured 2026-11-26: 108 of 124 usable English pages (0.871) reach a similarity of 0.9.
MIN_SHARE_AT_0_9 = 0.85


def similarity(got: str, expected: str) -> float:
    """Word-sequence similarity (difflib ratio over whitespace tokens)."""
    return difflib.SequenceMatcher(None, got.split(), expected.split(), autojunk=False).ratio()


def usable_pairs(folder: Path) -> list[tuple[Path, str]]:
    """Pages with an expected text that is an article (the README's remarks and empties left out)."""
    pairs = []
    for txt in sorted(folder.glob("*.txt")):
        expected = txt.read_text(encoding="utf-8")
        remark = len(expected) < 120 and expected.strip().isupper()
        page = txt.with_suffix(".html")
        english = looks_english(expected)  # pages in other languages are skipped on purpose
        if len(expected.split()) >= 20 and not remark and english and page.exists():
            pairs.append((page, expected))
    return pairs


@pytest.mark.slow
@pytest.mark.shared
def test_ingest_html_pages_similarity_share(shared_dir: Path) -> None:
    pairs = usable_pairs(shared_dir / "html" / "newspaper4k")
    assert len(pairs) > 100
    good = 0
    for page, expected in pairs:
        try:
            got = extract_html(page.read_bytes(), str(page), ArticleDefaults()).text
        except InputError:
            got = ""
        good += similarity(got, expected) >= 0.9
    share = good / len(pairs)
    print(f"html extraction: {good}/{len(pairs)} English pages at similarity >= 0.9 ({share:.3f})")
    assert share >= MIN_SHARE_AT_0_9


@pytest.mark.shared
@pytest.mark.parametrize(
    "name", ["google_meta_refresh.html", "cnn_main_site.html", "thai_article.html"]
)
def test_ingest_html_hard_pages_never_raise(shared_dir: Path, name: str) -> None:
    page = shared_dir / "html" / "newspaper4k" / name
    try:
        article = extract_html(page.read_bytes(), str(page), ArticleDefaults())
    except InputError as exc:
        assert exc.source == str(page)
    else:
        assert article.text.strip()
