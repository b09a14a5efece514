"""Schema of the quote extractor's data files (``src/detente/data/quotes/``)."""

from __future__ import annotations

import re

import pytest

from detente.data import load_table

ACTS = {
    "accuse", "add", "admit", "agree", "announce", "answer", "ask", "assert", "believe",
    "cite", "claim", "complain", "conclude", "confirm", "criticize", "demand", "deny",
    "describe", "explain", "fear", "hope", "insist", "intend", "oppose", "praise",
    "predict", "promise", "propose", "recall", "refuse", "report", "reveal", "seem",
    "suggest", "support", "threaten", "urge", "warn",
}
LEMMA = re.compile(r"^[a-z][a-z'-]*$")

SCHEMAS = {
    "quotes/cues.csv": ("lemma", "act", "frame", "speech", "preps", "speaker"),
    "quotes/cue_nouns.csv": ("lemma", "act", "preps"),
    "quotes/source_nouns.csv": ("lemma", "kind"),
    "quotes/marks.csv": ("open", "close", "level", "role", "name"),
    "quotes/pronouns.csv": ("pronoun", "gender", "number", "person"),
    "quotes/titles.csv": ("word", "gender", "kind"),
    "quotes/cue_adjectives.csv": ("word", "act", "preps"),
    "quotes/cue_phrases.csv": ("verb", "word", "act", "content"),
    "quotes/control_verbs.csv": ("lemma", "example"),
    "quotes/receive_verbs.csv": ("lemma", "example"),
    "quotes/meta_labels.csv": ("label", "example"),
}


@pytest.mark.parametrize(("name", "columns"), sorted(SCHEMAS.items()))
def test_quotes_data_header(name: str, columns: tuple[str, ...]) -> None:
    table = load_table(name)
    assert table.version == "1"
    assert table.meta.get("source") and table.meta.get("license")
    assert table.columns == columns
    assert table.rows


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("quotes/cues.csv", "lemma"),
        ("quotes/cue_nouns.csv", "lemma"),
        ("quotes/source_nouns.csv", "lemma"),
        ("quotes/control_verbs.csv", "lemma"),
        ("quotes/receive_verbs.csv", "lemma"),
        ("quotes/pronouns.csv", "pronoun"),
        ("quotes/titles.csv", "word"),
    ],
)
def test_quotes_data_keys_unique_and_lower(name: str, key: str) -> None:
    values = [row[key] for row in load_table(name).rows]
    assert len(values) == len(set(values))
    assert all(LEMMA.match(v) for v in values)


def test_quotes_data_cue_values() -> None:
    for row in load_table("quotes/cues.csv").rows:
        assert row["act"] in ACTS, row
        assert row["frame"] in ("clause", "object"), row
        assert row["speech"] in ("yes", "no"), row
        assert row["speaker"] in ("subject", "none"), row
        assert all(LEMMA.match(p) for p in row["preps"].split()), row


def test_quotes_data_cue_noun_values() -> None:
    assert all(row["act"] in ACTS for row in load_table("quotes/cue_nouns.csv").rows)
    kinds = {row["kind"] for row in load_table("quotes/source_nouns.csv").rows}
    assert kinds <= {"poll", "document", "speech", "opinion"}


def test_quotes_data_mark_values() -> None:
    for row in load_table("quotes/marks.csv").rows:
        assert row["level"] in ("double", "single"), row
        assert row["role"] in ("open_close", "ambiguous"), row
        assert row["open"] and row["close"] and not row["open"].isalnum(), row
        if row["role"] == "ambiguous":
            assert row["open"] == row["close"], row


def test_quotes_data_pronoun_values() -> None:
    for row in load_table("quotes/pronouns.csv").rows:
        assert row["gender"] in ("", "female", "male"), row
        assert row["number"] in ("singular", "plural"), row
        assert row["person"] in ("1", "3"), row


def test_quotes_data_title_values() -> None:
    for row in load_table("quotes/titles.csv").rows:
        assert row["gender"] in ("", "female", "male"), row
        assert row["kind"] in ("honorific", "office", "role"), row


def test_quotes_data_adjective_values() -> None:
    words = [row["word"] for row in load_table("quotes/cue_adjectives.csv").rows]
    assert len(words) == len(set(words))
    for row in load_table("quotes/cue_adjectives.csv").rows:
        assert LEMMA.match(row["word"]), row
        assert row["act"] in ACTS, row
        assert all(LEMMA.match(p) for p in row["preps"].split()), row


def test_quotes_data_phrase_values() -> None:
    keys = [(row["verb"], row["word"]) for row in load_table("quotes/cue_phrases.csv").rows]
    assert len(keys) == len(set(keys))
    for row in load_table("quotes/cue_phrases.csv").rows:
        assert LEMMA.match(row["verb"]) and LEMMA.match(row["word"]), row
        assert row["act"] in ACTS, row
        assert row["content"].split(), row  # every phrase says where its content is
        assert all(LEMMA.match(p) for p in row["content"].split()), row


def test_quotes_data_meta_label_values() -> None:
    labels = [row["label"] for row in load_table("quotes/meta_labels.csv").rows]
    assert len(labels) == len(set(labels))
    for row in load_table("quotes/meta_labels.csv").rows:
        assert row["label"] == row["label"].strip().lower()
        assert row["example"].lower().startswith(row["label"] + ":")
