"""Direct quotations: giving each span between quotation marks its cue.

A span between marks is a quote when a cue of saying attaches to it: through
the parse, right after it ("...," she said), right before it ("She said:
..."), or at the end of the paragraph before it ("Karadsheh says:"). A long
span with no cue of its own continues the quote before it (the newswire habit
of quoting a speaker over several paragraphs). A short span with no cue is a
scare quote, a title or a name, and is left out.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from detente.data import load_table
from detente.extract.quote_cues import doc_text, lexicon, same_paragraph, speaker_of
from detente.extract.quote_marks import MarkedSpan

# sentence-final punctuation that ends the search for a cue
_STOPS = frozenset({".", "!", "?"})
# how far (in tokens) a cue may stand from the quote it introduces or follows
AFTER_WINDOW = 7
BEFORE_WINDOW = 12
# a span of at least this many words with no cue is still a quotation
MIN_UNCUED_WORDS = 6
# the longest attribution between two parts of one quote ("...," said X, a ... . "...")
MAX_ATTRIBUTION_CHARS = 250


@dataclass
class Draft:
    """A quote under construction (character spans into the text).

    Attributes:
        pieces: content pieces, in text order.
        cue_i: token index of the cue, or ``None``.
        cue: character span of the cue, or ``None``.
        speaker_i: token index of the speaker's head, or ``None``.
        rule: the rule that found it.
    """

    pieces: list[tuple[int, int]]
    cue_i: int | None
    cue: tuple[int, int] | None
    speaker_i: int | None
    rule: str

    @property
    def start(self) -> int:
        """Start of the content."""
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        """End of the content."""
        return self.pieces[-1][1]


class TokenIndex:
    """Character-offset lookups over a parsed document."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts: list[int] = doc.to_array(IDX).tolist() if len(doc) else []

    def first_at_or_after(self, char: int) -> int:
        """Index of the first token starting at or after ``char``."""
        return bisect.bisect_left(self.starts, char)

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Token indices [i, j) of the tokens starting inside [start, end)."""
        return self.first_at_or_after(start), self.first_at_or_after(end)


def _paragraph_start(text: str, pos: int) -> int:
    brk = text.rfind("\n", 0, pos)
    return brk + 1


def _previous_text(text: str, pos: int) -> int:
    """The end of the text before the paragraph of ``pos``, blank lines skipped."""
    k = _paragraph_start(text, pos) - 1
    while k > 0 and text[k - 1].isspace():
        k -= 1
    return max(k, 0)


def _cue_after(
    doc: Doc, index: TokenIndex, span: MarkedSpan, limit: int, is_cue: set[int]
) -> Token | None:
    """A cue verb right after the closing mark, in the same sentence ("...," she said).

    After a quotation that ends with a comma, a question or an exclamation mark
    inside its marks, any verb with a subject there is the attribution ("...,"
    the nominee riffed); otherwise the verb must be a cue of the lexicon.
    """
    i = index.first_at_or_after(span.end)
    inner = doc_text(doc).text[span.start:span.end].rstrip("\"”»'’“ ")
    if inner.endswith(".") and not (i < len(doc) and doc[i].is_lower):
        return None  # "... ." He said that ...: the sentence ended inside the quote
    open_ended = inner.endswith((",", "?", "!", "—", "-", "…")) and span.words >= 3 and (
        _opens_sentence(doc_text(doc).text, span.start)
    )
    seen = 0
    while i < len(doc) and seen < AFTER_WINDOW and doc[i].idx < limit:
        tok = doc[i]
        if "\n" in tok.text:
            return None
        if tok.i in is_cue:
            return tok
        if open_ended and tok.pos_ == "VERB" and speaker_of(tok) is not None:
            return tok
        if tok.text in _STOPS:
            return None
        if not tok.is_space:
            seen += 1
        i += 1
    return None


def _opens_sentence(text: str, pos: int) -> bool:
    """Whether the text before ``pos`` ends a sentence, a paragraph or a clause
    that introduces speech (so a quotation there is speech, not a name)."""
    k = pos
    while k > 0 and text[k - 1] in " \t\xa0":
        k -= 1
    return k == 0 or text[k - 1] in "\n.!?:;”\"'’»"


def _cue_before(
    doc: Doc, index: TokenIndex, span: MarkedSpan, floor: int, is_cue: set[int],
    colon_only: set[int],
) -> Token | None:
    """A cue verb that introduces the quote ("She said: ...", "X told reporters, ...")."""
    text = doc_text(doc).text
    j = span.start
    while j > floor and text[j - 1].isspace():
        if text[j - 1] == "\n":
            break
        j -= 1
    colon = j > floor and text[j - 1] == ":"
    comma = j > floor and text[j - 1] in ",—"
    paragraph_break = j > floor and text[j - 1] == "\n"
    if paragraph_break:
        # a quote opening a paragraph: the paragraph before must end with a colon
        k = j - 1
        while k > floor and text[k - 1].isspace():
            k -= 1
        if k <= floor or text[k - 1] != ":":
            return None
        j, colon = k, True
    i = index.first_at_or_after(j) - 1
    seen = 0
    while i >= 0 and seen < BEFORE_WINDOW and doc[i].idx >= floor:
        tok = doc[i]
        if tok.i in colon_only:
            return tok if colon else None
        if tok.i in is_cue:
            if tok.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in tok.children):
                return None  # "known as", "so-called": a participle names, it does not cite
            near = seen == 0 or (comma and seen <= 3) or (comma and _as_clause(tok))
            return tok if colon or near or _links(tok, span, index) else None
        if (colon or comma) and _puts_it(tok):
            return tok  # "As Tom Ridge put it: ..."
        if tok.text in _STOPS:
            return None
        if "\n" in tok.text and not colon:
            return None
        if not tok.is_space:
            seen += 1
        i -= 1
    return None


def _as_clause(verb: Token) -> bool:
    """Whether a verb heads an "as" clause ("As Michael Dell said last week, ...")."""
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)


def _puts_it(verb: Token) -> bool:
    """Whether a verb is the "put it" of "as X put it" (a way of citing)."""
    return verb.lemma_.lower() == "put" and verb.pos_ == "VERB" and any(
        c.dep_ == "dobj" and c.lower_ == "it" for c in verb.children
    )


def _links(cue: Token, span: MarkedSpan, index: TokenIndex) -> bool:
    """Whether a token of the quote hangs from the cue in the parse."""
    i, j = index.token_range(span.start, span.end)
    return any(cue.doc[k].head.i == cue.i for k in range(i, j))


def _cue_in_parse(doc: Doc, index: TokenIndex, span: MarkedSpan, is_cue: set[int]) -> Token | None:
    """A cue verb outside the quote that a token of the quote hangs from."""
    i, j = index.token_range(span.start, span.end)
    for k in range(i, j):
        head = doc[k].head
        if not i <= head.i < j and head.i in is_cue and same_paragraph(doc[k], head):
            return head
    return None


def attribute_marked(
    doc: Doc,
    index: TokenIndex,
    spans: list[MarkedSpan],
    cues: set[int],
    drafts: list[Draft],
    speakers: dict[int, int | None],
    colon_only: set[int] | None = None,
) -> list[Draft]:
    """Drafts for the marked spans that no cue-based draft covers.

    Args:
        doc: the parsed article.
        index: character lookups over ``doc``.
        spans: marked spans not covered by an earlier draft.
        cues: cue verb tokens outside quotes (a quote joins the draft of a
            cue that already has one: "...," said X, "...").
        drafts: drafts found so far (the speakers continued quotes inherit).
        speakers: the speaker head of each cue token (or ``None``).
        colon_only: cues that introduce a quote only before a colon
            ("In Alison Bodine's words: ...").

    Returns:
        New drafts; quotes split by their attribution share one draft.
    """
    text = doc_text(doc).text
    out: list[Draft] = []
    by_cue: dict[int, Draft] = {d.cue_i: d for d in drafts if d.cue_i is not None}
    previous: Draft | None = None
    ordered = sorted(drafts, key=lambda d: d.start)
    for n, span in enumerate(spans):
        nxt = spans[n + 1].start if n + 1 < len(spans) else len(text)
        prv = spans[n - 1].end if n > 0 else 0
        floor = max(prv, _paragraph_start(text, max(prv, _previous_text(text, span.start))))
        cue = (
            _cue_in_parse(doc, index, span, cues)
            or _cue_after(doc, index, span, nxt, cues)
            or _cue_before(doc, index, span, floor, cues, colon_only or set())
        )
        label = _label_before(doc, index, span, floor)
        if label is None and cue is None:
            byline = _byline_after(doc, index, span, nxt)
            if byline is not None:
                speaker_i, dash = byline
                signed = Draft([(span.start, span.end)], None, (dash, dash + 1), speaker_i, "label")
                out.append(signed)
                previous = signed
                continue
        if label is not None and (cue is None or cue.i < label):
            colon = text.rfind(":", 0, span.start)
            labelled = Draft([(span.start, span.end)], None, (colon, colon + 1), label, "label")
            out.append(labelled)
            previous = labelled
            continue
        if cue is not None:
            draft = by_cue.get(cue.i)
            if draft is not None:
                draft.pieces.append((span.start, span.end))
                draft.pieces.sort()
                previous = draft
                continue
            if cue.i in speakers:
                speaker = speakers[cue.i]
            else:
                head = speaker_of(cue)
                speaker = head.i if head is not None else None
            draft = Draft([(span.start, span.end)], cue.i, (cue.idx, cue.idx + len(cue)),
                          speaker, "direct")
            by_cue[cue.i] = draft
            out.append(draft)
            previous = draft
            continue
        if span.words < MIN_UNCUED_WORDS:
            continue
        before = [d for d in ordered if d.end <= span.start]
        last = previous if previous is not None and (not before or previous.end >= before[-1].end) \
            else (before[-1] if before else None)
        if last is not None and last.cue_i is not None and _same_paragraph_after_cue(
            text, last, span
        ):
            last.pieces.append((span.start, span.end))
            last.pieces.sort()
            continue
        speaker = _subject_before(doc, index, span)
        if speaker is None and last is not None:
            speaker = last.speaker_i
        draft = Draft([(span.start, span.end)], None, None, speaker, "continued")
        out.append(draft)
        previous = draft
    return out


_LABEL = re.compile(r"^([^\W\d][^:\n]{0,40}?):[ \t]+(?=\S)", re.MULTILINE)
# words a label before a colon may have at most ("Alex Seitz-Wald: ...", "Poll: ...")
MAX_LABEL_WORDS = 4


def colon_drafts(doc: Doc, index: TokenIndex) -> list[Draft]:
    """Paragraphs that open with a name and a colon: headlines ("Clinton to
    Planned Parenthood: Trump will reverse Roe v. Wade") and transcripts
    ("KATE BOLDUAN: Why not debate?"). The label is the speaker, the colon the
    cue, the rest of the paragraph the content."""
    text = doc_text(doc).text
    out = []
    matches = list(_LABEL.finditer(text))
    turns = Counter(m.group(1).strip() for m in matches)
    for match in matches:
        label = match.group(1)
        if len(label.split()) > MAX_LABEL_WORDS or len(label.strip()) < 2:
            continue  # "Q: ..." / "A: ..." mark an interview's turns, not a named speaker
        if label.strip().lower() in meta_labels():
            continue  # "BYLINE: Amber Phillips.": a field of the article's metadata
        i, j = index.token_range(match.start(1), match.end(1))
        dash = max((k for k in range(i, j) if doc[k].text in ("-", "–", "—")), default=None)
        if dash is not None:
            i = dash + 1  # "EXCLUSIVE – Roger Stone: ...": the name after the dash
        if j <= i or any(doc[k].pos_ in ("VERB", "AUX") for k in range(i, j)):
            continue
        if doc[i].pos_ not in ("PROPN", "NOUN", "X"):
            continue  # "In Alison Bodine's words:" is a cue noun's, not a label
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end
        while end > match.end() and text[end - 1].isspace():
            end -= 1
        if end - match.end() < 2 or not any(ch.isalpha() for ch in text[match.end():end]):
            continue  # "Clinton: 2,316." is a table row, not a quote
        head = doc[j - 1]
        while head.head.i != head.i and i <= head.head.i < j:
            head = head.head
        if head.pos_ in ("ADP", "ADV", "PART"):
            # "CNN President On Trump:", "Clinton Wades In:": the name opens the label
            head = next((doc[k] for k in range(i, j) if doc[k].pos_ == "PROPN"), head)
        if not _may_speak(head) and not _named_elsewhere(doc, i, j) and turns[label.strip()] < 2:
            continue  # "Editor's note:", "Campaign funding:", "A reminder:"
        colon = match.end(1)
        out.append(Draft([(match.end(), end)], None, (colon, colon + 1), head.i, "colon"))
    return out


_SPEAKER_ENTS = frozenset({"PERSON", "ORG", "NORP"})


def _label_before(doc: Doc, index: TokenIndex, span: MarkedSpan, floor: int) -> int | None:
    """The speaker of a quotation introduced by a bare name and a colon inside a
    paragraph ("Pollsters agree - Carl Bialik: “...”", "From the report: “...”"):
    the head of the words between the last break (dash, sentence end, line)
    and the colon, when they hold no verb and name someone."""
    text = doc_text(doc).text
    j = span.start
    while j > floor and text[j - 1] in " \t\xa0":
        j -= 1
    if j <= floor or text[j - 1] != ":":
        return None
    end = index.first_at_or_after(j - 1)
    k = end
    while k > 0 and end - k < MAX_LABEL_WORDS + 2:
        tok = doc[k - 1]
        if tok.idx < floor or tok.is_space or tok.text in _STOPS or tok.text in ("-", "—", "–", ",", ":"):
            break
        if tok.pos_ in ("VERB", "AUX"):
            return None
        k -= 1
    if k >= end:
        return None
    head = doc[end - 1]
    while head.head.i != head.i and k <= head.head.i < end:
        head = head.head
    if head.pos_ == "ADP" or head.lower_ == "more":  # "From the report:", "More from Jones:"
        inner = [t for t in doc[k:end] if t.dep_ == "pobj"]
        if not inner:
            return None
        head = inner[-1]
    if head.pos_ not in ("PROPN", "NOUN") or not _may_speak(head):
        return None
    return head.i


# dashes that open a signature line under a quotation ("- Hillary Clinton."); the
# tokenizer leaves one glued to the name ("-President Obama")
SIGN_DASHES = "-–—―"
# the most words a signature line may have ("-President Obama, tweeting after ...")
MAX_SIGNATURE_WORDS = 12


def _byline_after(doc: Doc, index: TokenIndex, span: MarkedSpan, nxt: int) -> tuple[int, int] | None:
    """The speaker of a quotation that ends its paragraph and is signed on the next
    line ("…"\n\n- Hillary Clinton.): the name's head and the dash's offset."""
    text = doc_text(doc).text
    k = span.end
    line_end = text.find("\n", k)
    if line_end < 0 or text[k:line_end].strip():
        return None  # the quotation must close its paragraph
    k = line_end
    while k < len(text) and text[k].isspace():
        k += 1
    if k >= min(nxt, len(text)) or text[k] not in SIGN_DASHES:
        return None
    end = text.find("\n", k)
    end = len(text) if end < 0 else end
    line = text[k + 1:end].strip()
    if not line or len(line.split()) > MAX_SIGNATURE_WORDS or line.rstrip(".").endswith(("–", "—")):
        return None  # "– Ready to quiz Trump –." is a subheading
    i, j = index.token_range(k + 1, end)
    names = [t for t in doc[i:j] if t.pos_ == "PROPN"]
    if not names or names[0].i > i + 2:
        return None
    head = names[0]
    while head.head.i != head.i and i <= head.head.i < j and head.head.pos_ == "PROPN":
        head = head.head
    return head.i, k


@lru_cache(maxsize=1)
def meta_labels() -> frozenset[str]:
    """Labels of metadata lines that name no speaker (``quotes/meta_labels.csv``)."""
    return frozenset(row["label"] for row in load_table("quotes/meta_labels.csv").rows)


def _named_elsewhere(doc: Doc, i: int, j: int) -> bool:
    """Whether a capitalised word of the label ``doc[i:j]`` is tagged a proper
    noun elsewhere in the article: a headline label in title case ("Issa:
    Hillary Clinton's 'Honesty Is In Question'", "Clinton camp: ...") whose
    name the tagger missed there but finds in the running text."""
    words = {doc[k].text for k in range(i, j) if doc[k].text[:1].isupper() and doc[k].is_alpha}
    if not words:
        return False
    return any(t.pos_ == "PROPN" and t.text in words and not i <= t.i < j for t in doc)


def _may_speak(head: Token) -> bool:
    """Whether the head of a label before a colon can name who speaks: a name
    (a proper noun, or a word the tagger missed that is a person's or an
    organisation's name), a word in capitals (transcripts, "Q:"), or a source
    noun ("Poll:")."""
    if head.pos_ == "PROPN" or head.is_upper or head.ent_type_ in _SPEAKER_ENTS:
        return True
    return head.lemma_.lower() in lexicon().sources


def _subject_before(doc: Doc, index: TokenIndex, span: MarkedSpan) -> int | None:
    """The subject of the sentence right before a quotation that has no cue of
    its own ("Jim Bopp was blunt. "There are ..."): the person it goes on to quote.

    Only a name counts: a pronoun or a common noun there ("The silence has been
    deafening.", "He is now selling the handgun.") was the speaker in 21 of 80
    such PolNeAR train quotes, so the quotation keeps the previous speaker."""
    k = index.first_at_or_after(span.start) - 1
    while k >= 0 and (doc[k].is_space or doc[k].is_punct):
        k -= 1
    if k < 0:
        return None
    root = doc[k].sent.root
    if root.i >= index.first_at_or_after(span.start):
        return None
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ != "PROPN":
        return None  # "The silence has been deafening. "I went ...": a name speaks, not a thing
    return subject.i


def _same_paragraph_after_cue(text: str, last: Draft, span: MarkedSpan) -> bool:
    """Whether ``span`` resumes the quote of ``last`` right after its attribution
    sentence ("...," Ms. Warren said. "..."), in the same paragraph."""
    if last.cue is None or not last.pieces:
        return False
    end = last.end
    if not end <= last.cue[0] < span.start:
        return False
    gap = text[end:span.start]
    return "\n" not in gap and len(gap) < MAX_ATTRIBUTION_CHARS
