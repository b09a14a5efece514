"""Contents of cue verbs: what a verb of saying, thinking or showing reports.

The content is the verb's clausal complement ("said *that ...*"), its object
for verbs whose object is what was said ("denied *the report*", frame
``object`` in ``quotes/cues.csv``), the noun a relative clause modifies, the
subject of a passive cue, the clause the cue interrupts, follows or opens
("Canada, she said, is wrong"), or the "so" / "no" right after it. Token ranges are returned; the extractor
turns them into character offsets.
"""

from __future__ import annotations

from spacy.symbols import NOUN, PROPN
from spacy.tokens import Token

from detente.extract.quote_cues import (
    _MARKS,
    _SUBJECTS,
    _WHEN,
    CueEntry,
    _span,
    _trim,
    doc_text,
    lexicon,
    same_paragraph,
    verb_entry,
)

_OBJECTS = frozenset({"dobj", "xcomp", "oprd", "dative"})
# complements that extend an object content to their right ("accused X of Y")
_OBJECT_TAIL = frozenset({"dobj", "xcomp", "oprd", "dative", "prep", "ccomp", "advcl"})
# relations of a cue verb to the clause it interrupts or follows
_PARENTHETICAL = frozenset({"parataxis", "ccomp", "advcl", "conj"})


def _right_tail(verb: Token, after: int) -> int:
    """End of the adverbial material that follows a content to its right
    ("said it did not include them because ...")."""
    end = after
    for child in verb.rights:
        if child.i < after or not same_paragraph(verb, child):
            continue
        if child.dep_ in ("cc", "conj") or child.text in (":", ";"):
            break
        if child.dep_ in ("advcl", "prep", "npadvmod", "advmod", "punct", "ccomp"):
            end = max(end, _span(child)[1]) if not child.is_punct else end
            continue
        break
    return end


def clause_content(verb: Token) -> list[tuple[int, int]]:
    """The clausal complement of a cue verb, as token ranges.

    A complement to the right wins over one to the left (the parser hangs the
    sentence before "He said: ..." on the cue), and takes the adverbial
    clauses that follow it.
    """
    comps = [c for c in verb.children if c.dep_ == "ccomp" and same_paragraph(verb, c)]
    if not comps:
        comps = _stray_complement(verb)
    right = [c for c in comps if c.i > verb.i]
    if right:
        start, end = _span(right[0])
        for extra in right[1:]:
            end = max(end, _span(extra)[1])
        return [(start, _right_tail(verb, end))]
    out = []
    for c in comps:
        s, e = _span(c)
        between = verb.doc[e:verb.i]
        if any(t.text in (":", ";") for t in between):
            continue
        out.append((s, e))
    return out


# prepositions of an adverbial of time or place, whose noun takes no that-clause
_SETTING_PREPS = frozenset({"during", "at", "in", "on", "after", "before", "following", "since",
                            "for"})


def _stray_complement(verb: Token) -> list[Token]:
    """A that-clause the parser hung on a noun of the cue's adverbial ("said during
    a news conference *that he may wait*", parsed as a relative clause of
    "conference"): a clause with the complementizer "that" (a ``mark``, which a
    relative "that" never is)."""
    for prep in verb.rights:
        if prep.dep_ != "prep" or prep.lower_ not in _SETTING_PREPS:
            continue  # not "responded to accusations that ...": the noun's own clause
        for obj in prep.children:
            if obj.dep_ != "pobj" or obj.lemma_.lower() in lexicon().nouns:
                continue
            for clause in obj.rights:
                if clause.dep_ in ("relcl", "acl") and same_paragraph(verb, clause) \
                        and _complementizer(clause):
                    return [clause]
    return []


def _complementizer(clause: Token) -> bool:
    """Whether a clause opens with the complementizer "that": a ``mark``, or a
    "that" the parser took for the subject of a clause that has a subject of its
    own ("... in the suit that Trump personally earned ...")."""
    that = [g for g in clause.children if g.lower_ == "that" and g.i < clause.i]
    if any(g.dep_ == "mark" for g in that):
        return True
    return any(g.dep_ == "nsubj" for g in that) and sum(
        g.dep_ in ("nsubj", "nsubjpass") for g in clause.children
    ) >= 2


def object_content(verb: Token, entry: CueEntry) -> list[tuple[int, int]]:
    """The object content of a cue verb: from its first object (or the object of
    one of its prepositions) to the end of its complements ("accused Sanders of
    taking cues", "urged Canada to act", "called for talks")."""
    rights = [c for c in verb.rights if not c.is_space and same_paragraph(verb, c)]
    start = None
    first = 0
    for k, child in enumerate(rights):
        if child.dep_ in ("prep", "prt") and child.lower_ in entry.preps:
            objs = [g for g in child.rights if g.dep_ in ("pobj", "pcomp")
                    and g.ent_type_ not in _WHEN]  # "spoke on Monday": a date, no topic
            if objs:
                start, first = _span(objs[0])[0], k
                break
            if child.dep_ == "prt" or (child.dep_ == "prep" and k + 1 < len(rights) \
                    and rights[k + 1].dep_ in _OBJECTS):
                continue  # "called on Gov. Snyder to resign": "on" left without its object
        if entry.frame == "object" and child.dep_ in _OBJECTS:
            start, first = _span(child)[0], k
            break
        if child.dep_ in ("advcl", "ccomp") and any(
            g.dep_ == "mark" and g.lower_ in entry.preps for g in child.children
        ):  # "called for the president to resign", parsed as a "for" clause
            start, first = _span(child)[0] + 1, k
            break
        if child.dep_ == "prep" and entry.preps and child.lower_ not in ("of", "about") \
                and any(c.dep_ == "prep" and c.lower_ in entry.preps for c in rights[k + 1:]):
            continue  # "apologized to his supporters for ...": the listener, then the content
        if child.dep_ not in ("prt", "advmod", "npadvmod", "neg"):
            break
    if start is None:
        return []
    end = _span(rights[first])[1]
    for child in rights[first + 1:]:
        if child.dep_ not in _OBJECT_TAIL:
            break
        end = _span(child)[1]
    return [(start, end)]


_RELATIVE = frozenset({"WDT", "WP"})


def relative_content(verb: Token) -> list[tuple[int, int]]:
    """For a cue verb in a relative clause whose object is the noun it modifies
    ("the increase he seeks", "Rubio, whom Republicans had backed"), that noun
    phrase, or the relative pronoun that stands for it (PolNeAR's span)."""
    head = verb.head
    if verb.dep_ != "relcl" or head.pos not in (NOUN, PROPN) or not same_paragraph(verb, head):
        return []
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    if subject is None or subject.tag_ in _RELATIVE or subject.lower_ == "that":
        return []
    if any(c.dep_ in ("ccomp", "xcomp", "dobj") and c.i > verb.i for c in verb.children):
        return []
    pron = next((c for c in verb.children if c.dep_ == "dobj" and c.i < verb.i), None)
    if pron is not None:
        return [(pron.i, pron.i + 1)]
    return [_trim(verb.doc, head.left_edge.i, head.i + 1)]


def agent_of(verb: Token) -> Token | None:
    """The object of a passive verb's ``by`` phrase ("was rejected by the
    leadership"), or ``None``."""
    for child in verb.children:
        if child.dep_ == "agent" and same_paragraph(verb, child):
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def passive_content(verb: Token) -> list[tuple[int, int]]:
    """For a passive cue with its agent ("The plan was rejected by Congress",
    "the bill, opposed by Republicans, ..."), what the agent's act is about:
    the passive subject, or the noun that the participle modifies."""
    if agent_of(verb) is None:
        return []
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is not None and same_paragraph(verb, subject):
        return [_span(subject)]
    head = verb.head
    if verb.dep_ in ("acl", "amod") and head.pos in (NOUN, PROPN) and same_paragraph(verb, head):
        return [_trim(verb.doc, head.left_edge.i, head.i + 1)]
    return []


_BARE = frozenset({
    "nsubj", "nsubjpass", "aux", "auxpass", "advmod", "npadvmod", "punct", "prep", "agent",
    "neg", "cc", "prt",
})


def parenthetical_content(verb: Token, frame: str) -> list[tuple[int, int]]:
    """The clause that a bare cue interrupts or follows ("Canada, she said, is
    wrong"; "Instead, Trump told CNN, his policy would ..."): the head's
    subtree without the cue's own."""
    head = verb.head
    if head == verb or head.pos_ not in ("VERB", "AUX") or not same_paragraph(verb, head):
        return []
    marked = any(_as_mark(c, verb) for c in verb.children)
    if verb.dep_ == "advcl" and verb_entry(head) is not None and not marked:
        return []  # "Speaking to reporters, the minister said ...": the head's own attribution
    allowed = _BARE | {"dobj", "dative"} if frame == "clause" else _BARE
    if verb.dep_ == "parataxis":
        allowed = allowed | {"xcomp", "advcl"}
    if any(c.dep_ not in allowed and not (marked and c.dep_ == "mark") for c in verb.children):
        return []
    doc = verb.doc
    left, right = verb.left_edge.i, verb.right_edge.i + 1
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
    if len(subjects) > 1 and verb.dep_ == "parataxis":
        left = subjects[-1].left_edge.i  # "Voters, Clinton suggested, do not ...": the
        # farther subject belongs to the clause the cue interrupts
    after = doc[right].text if right < len(doc) else "."
    if after in (":",):
        return []
    if verb.dep_ != "parataxis":
        before = doc[left - 1].text if left > 0 else ""
        if verb.dep_ not in _PARENTHETICAL or not (before in (",", "—", "–") or after == ","):
            return []
    s0, e0 = _span(head)
    return [p for p in (_trim(doc, s0, left), _trim(doc, right, e0)) if p[1] > p[0]]


def _as_mark(child: Token, verb: Token) -> bool:
    """Whether ``child`` is the "as" that opens a cue's clause set off before or
    inside another ("As The Times reported on Saturday, he has ...", "that, as
    Trump points out, is quite a bit")."""
    return child.dep_ == "mark" and child.lower_ == "as" and child.i == verb.left_edge.i \
        and verb.dep_ == "advcl"


def inverted_content(verb: Token) -> list[tuple[int, int]]:
    """For a cue that closes its sentence after a comma ("..., said several
    observers."), the words of the sentence before the comma."""
    doc = verb.doc
    left = verb.left_edge.i
    if left == 0 or doc[left - 1].text != ",":
        return []
    right = verb.right_edge.i + 1
    while right < len(doc) and doc[right].is_space:
        right += 1
    if right < len(doc) and doc[right].text not in (".", "!", "?") and "\n" not in doc[right].text:
        return []
    start = verb.sent.start
    text = doc_text(doc).text
    para = text.rfind("\n", 0, verb.idx) + 1
    while start < left and doc[start].idx < para:
        start += 1
    s, e = _trim(doc, start, left - 1)
    return [(s, e)] if e - s >= 3 else []


def forward_content(verb: Token) -> list[tuple[int, int]]:
    """For a cue followed by a comma and no complement ("Rubio says, win or
    lose, he's staying in the race"), the rest of its sentence."""
    doc = verb.doc
    k = verb.i + 1
    while k < len(doc) and doc[k].dep_ in ("advmod", "npadvmod") and doc[k].head == verb:
        k += 1
    if k + 1 >= len(doc) or doc[k].text != "," or doc[k + 1].text in _MARKS:
        return []
    if any(c.dep_ in ("ccomp", "dobj") for c in verb.children):
        return []
    end = verb.sent.end
    para = doc_text(doc).text.find("\n", doc[k].idx)
    while end > k + 1 and para >= 0 and doc[end - 1].idx >= para:
        end -= 1
    s, e = _trim(doc, k + 1, end)
    if e - s < 3 or not any(doc[i].pos_ in ("VERB", "AUX") for i in range(s, e)):
        return []
    return [(s, e)]


# words that stand for a whole answer or claim after a cue ("said so", "said no")
_PRO_FORMS = frozenset({"so", "yes", "no"})


def pro_form_content(verb: Token) -> list[tuple[int, int]]:
    """The "so", "yes" or "no" right after a cue, with what it answers
    ("55 percent said so", "Everyone but Hewlett said yes", "He said no to the
    Iraq war"): PolNeAR annotates the word as the content."""
    doc = verb.doc
    k = verb.i + 1
    if k >= len(doc) or doc[k].lower_ not in _PRO_FORMS or doc[k].head != verb:
        return []
    end = doc[k].right_edge.i + 1
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None and nxt.lower_ == "to" and nxt.head in (verb, doc[k]):
        end = nxt.right_edge.i + 1  # "said no to the Iraq war"
    return [(k, end)]
