"""spaCy tokens are compared by value, never by identity.

``doc[i]`` builds a new ``Token`` object on every access, so ``tok.head is
tok`` is never true, not even at a sentence root; ``==`` compares the
document and the index. A dozen such tests once sat in the extractors, each
silently taking one branch only.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import spacy

import detente.extract

_IDENTITY = re.compile(
    r"\.head\s+is\b|\bis\s+(?:not\s+)?[A-Za-z_][\w.\[\]]*\.head\b"
    r"|\b(?:tok|token|verb|cur|head|word|noun|prep|clause|grand)\s+is\s+(?:not\s+)?"
    r"(?!None\b)(?:tok|token|verb|cur|head|word|noun|prep|clause|grand)\b"
)


def test_extract_tokens_new_object_per_access() -> None:
    doc = spacy.blank("en")("a b")
    assert doc[0] is not doc[0] and doc[0] == doc[0]


@pytest.mark.parametrize(
    "path", sorted(Path(detente.extract.__file__).parent.glob("*.py")), ids=lambda p: p.name
)
def test_extract_tokens_compared_by_value(path: Path) -> None:
    lines = [
        f"{path.name}:{n}: {line.strip()}"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _IDENTITY.search(line.split("#", 1)[0])
    ]
    assert not lines, "tokens compared with `is`:\n" + "\n".join(lines)
