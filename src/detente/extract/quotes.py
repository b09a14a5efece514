"""Quote extractor: who said what, in whose name (issue 6; DESIGN.md, Records).

Three passes over one parsed article:

1. cue-based attributions: every cue verb of ``quotes/cues.csv`` outside a
   quotation, with its speaker and its content (clause, object, the passive
   subject of a cue with its agent, the noun a relative clause modifies, or
   the clause it interrupts), "according to X", cue nouns with a that-clause
   or an object, "Label: ..." paragraphs and title-case headlines
   (:mod:`detente.extract.quote_headline`);
2. direct quotations: spans between quotation marks that no attribution
   covers get their cue from the parse or from the words right before or
   after them (:mod:`detente.extract.quote_direct`);
3. speakers: the words naming each speaker are resolved to a full name and an
   affiliation (:mod:`detente.extract.quote_speakers`).

Every content span covers its quotation marks (PolNeAR's convention, and
FORMAT.md's for quotes split by their attribution: from the first opening mark
to the last closing mark, with the pieces in ``fragments``).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from spacy.tokens import Doc, Token

from detente.extract.quote_adjectives import adjective_cue, adjective_tokens
from detente.extract.quote_attach import repair_speaker
from detente.extract.quote_content import (
    agent_of,
    clause_content,
    forward_content,
    inverted_content,
    object_content,
    parenthetical_content,
    passive_content,
    pro_form_content,
    relative_content,
)
from detente.extract.quote_cues import (
    cue_tokens,
    doc_text,
    lexicon,
    misparsed_finite,
    named_after,
    same_paragraph,
    speaker_extent,
    speaker_of,
    verb_entry,
)
from detente.extract.quote_direct import (
    SIGN_DASHES,
    Draft,
    TokenIndex,
    attribute_marked,
    colon_drafts,
)
from detente.extract.quote_headline import headline_drafts
from detente.extract.quote_interrupt import interrupting_cue
from detente.extract.quote_marks import MarkedSpan, find_marked_spans
from detente.extract.quote_nouns import according_to, in_phrase, noun_cue, noun_speaker
from detente.extract.quote_phrases import phrase_cue, phrase_verbs
from detente.extract.quote_speakers import SpeakerResolver
from detente.records import Actor, Quote

log = logging.getLogger(__name__)

# a cue inside a quotation of at least this many words is the quoted speaker's own
QUOTED_SPEECH_WORDS = 3
# relations of a bare infinitive whose object is seldom an attribution ("a chance to
# criticize X", "who would oppose X", "and then endorse X": the act is not reported as done)
_UNREALISED = frozenset({"relcl", "conj", "acl"})
# share of a content's characters inside quotation marks that makes it direct
DIRECT_SHARE = 0.9
# the most tokens between a quotation's closing mark and its verb of saying that
# can be the speaker's noun phrase ("...," Gene Sperling, a top adviser, said)
NAME_AFTER_QUOTE = 25
_SENTENCE_END = frozenset({".", "!", "?", ";"})
# parts of speech that open a speaker's noun phrase
_NAME_START = frozenset({"DET", "PROPN", "NOUN", "ADJ", "PRON", "NUM"})


def _chars(doc: Doc, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token ranges to character spans."""
    out = []
    for s, e in pieces:
        if e > s:
            out.append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)))
    return out


def _clip(text: str, at: int, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Keep content pieces inside the paragraph of the cue at ``at``."""
    lo = text.rfind("\n", 0, at) + 1
    hi = text.find("\n", at)
    hi = len(text) if hi < 0 else hi
    out = []
    for s, e in pieces:
        s, e = max(s, lo), min(e, hi)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _snap(pieces: list[tuple[int, int]], spans: list[MarkedSpan]) -> list[tuple[int, int]]:
    """Widen content pieces to the quotation marks they overlap; merge overlaps."""
    out = []
    for s, e in pieces:
        for m in spans:
            if m.start < e and s < m.end:
                s, e = min(s, m.start), max(e, m.end)
        out.append((s, e))
    out.sort()
    merged: list[tuple[int, int]] = []
    for s, e in out:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _quote_before(doc: Doc, v: int, ends: dict[int, MarkedSpan]) -> bool:
    """Whether a quotation closes right before the cue ("...," said the woman).

    Only commas and dashes may stand between them: with the subject between
    ("...," she said) the cue's own attribution is kept (PolNeAR train: 35 fewer
    sources found when such cues were left to the direct pass as well).
    """
    if not ends:
        return False
    k = v - 1
    while k >= 0 and (doc[k].is_space or doc[k].text in (",", "—", "–")):
        k -= 1
    return k >= 0 and doc[k].idx + len(doc[k].text) in ends


def _listener_infinitive(verb: Token) -> list[tuple[int, int]]:
    """For a verb whose object is the listener, its listener and infinitive
    ("told Christie to get on a plane", "told Megyn not to worry")."""
    listener = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if listener is None:
        return []
    for c in verb.children:
        if c.dep_ == "xcomp" and c.tag_ == "VB" and c.i > listener.i and same_paragraph(verb, c) \
                and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
            return [(listener.left_edge.i, c.right_edge.i + 1)]
    return []


def _lost_subject(verb: Token, pieces: list[tuple[int, int]]) -> bool:
    """Whether a cue verb has no subject but the clause after it holds one
    (`"...," said the woman, who ...` parsed with "the woman" as the subject
    of "who ... want")."""
    spk = speaker_of(verb)
    return spk is None or any(s <= spk.i < e for s, e in pieces)


def _absolute(doc: Doc, verb: Token) -> bool:
    """Whether a cue verb is a sentence-opening absolute phrase of a determiner
    and a participle followed by a comma ("That said,", "All told,")."""
    k = verb.i - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    if k < 0 or doc[k].tag_ != "DT" or verb.i + 1 >= len(doc) or doc[verb.i + 1].text != ",":
        return False
    return k == verb.sent.start or doc[k - 1].is_space or doc[k - 1].text in ("(", "—", "“", '"')


# marks that set a parenthetical cue off from its clause
_SET_OFF = frozenset({",", "—", "–"})


def _set_off(doc: Doc, verb: Token) -> bool:
    """Whether a cue and its subject are set off by commas or dashes on both sides
    ("Such efforts, they believe, will ...")."""
    inner = [t for t in verb.subtree if t.text not in _SET_OFF]
    if not inner:
        return False
    left, right = inner[0].i, inner[-1].i
    return left > 0 and doc[left - 1].text in _SET_OFF and right + 1 < len(doc) \
        and doc[right + 1].text in _SET_OFF


def _raises_cue(verb: Token) -> bool:
    """Whether a verb with no speaker of its own ("seem", "appear") takes a cue
    verb as its complement ("She appeared to imply ...": she implies)."""
    return any(c.dep_ == "xcomp" and c.pos_ == "VERB" and verb_entry(c) is not None
               for c in verb.children)


def _quote_then_name(
    doc: Doc, v: int, pieces: list[tuple[int, int]], ends: dict[int, MarkedSpan]
) -> list[tuple[int, int]] | None:
    """The quotation alone as the content of a verb of saying whose clause the
    parser ran over the speaker after the quotation (``“...,” Gene Sperling, a
    top adviser, said``, parsed with the name inside the quoted clause); the
    speaker repair then finds the name between them (PolNeAR train: the shape
    behind most found contents with no speaker)."""
    k = v - 1
    floor = max(doc[v].sent.start - 60, v - NAME_AFTER_QUOTE, 0)
    while k > floor:
        tok = doc[k]
        if tok.text in _SENTENCE_END or "\n" in tok.text:
            return None
        if tok.idx + len(tok.text) in ends and not tok.is_alpha:
            break
        k -= 1
    else:
        return None
    mark = ends[doc[k].idx + len(doc[k].text)]
    first = k + 1
    while first < v and (doc[first].is_space or doc[first].text in (",", "—", "–", "-")):
        first += 1
    stretch = doc[first:v]
    if not len(stretch) or stretch[0].pos_ not in _NAME_START \
            or not any(t.pos_ in ("PROPN", "NOUN") for t in stretch):
        return None
    span = doc.char_span(mark.start, mark.end, alignment_mode="expand")
    if span is None or pieces[0][0] >= span.end or max(e for _, e in pieces) <= first:
        return None  # the content must run from the quotation over the name
    return [(span.start, span.end)]


def _speaker_quoted(subject: Token | None, spans: list[MarkedSpan]) -> bool:
    """Whether a cue verb's speaker by the parse is missing or inside a quotation."""
    return subject is None or any(m.start <= subject.idx < m.end for m in spans)


def _is_share(tok: Token) -> bool:
    """Whether a subject is a share of respondents ("75 percent of Republicans")."""
    return tok.ent_type_ in ("PERCENT", "CARDINAL") or tok.lower_ in ("percent", "%")


def _poll_of(verb: Token) -> Token | None:
    """The poll a share of respondents answered in ("In a CNN poll, 38 percent of
    voters said ...", "... said so in a Post-ABC poll"): PolNeAR's source."""
    polls = {w for w, kind in lexicon().sources.items() if kind == "poll"}
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.lemma_.lower() in polls:
                return obj
    return None


def _cue_drafts(doc: Doc, verbs: list[int], spans: list[MarkedSpan]) -> list[Draft]:
    """Attributions found from cue verbs through the parse."""
    ends = {m.end: m for m in spans}
    drafts = []
    for v in verbs:
        tok = doc[v]
        entry = verb_entry(tok)
        if entry is None or (tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod")
                             and agent_of(tok) is None and not misparsed_finite(tok)):
            continue  # "a firm called X", "the so-called": a participle that names
        if _absolute(doc, tok):
            continue  # "That said, ...", "All told, ...": a linking phrase, no one speaks
        if tok.tag_ == "VB" and tok.dep_ == "relcl":
            continue  # "a candidate we could believe", "questions he did not like": not done
        interrupted = interrupting_cue(tok)
        if interrupted is not None:  # "The contrast, said Doyle, would be clear"
            speaker, pieces = interrupted
            drafts.append(Draft(_chars(doc, pieces), v, (tok.idx, tok.idx + len(tok)),
                                speaker.i, "inverted"))
            continue
        subject = speaker_of(tok)  # the speaker by the parse, used twice below
        pieces, rule = clause_content(tok), "clause"
        if entry.speech and not (pieces and pieces[0][0] > v) and _speaker_quoted(subject, spans):
            # `''…,'' Mr. Daniloff, now 81 and retired, said`: the parse ran the quotation
            # over the name; the quotation alone is the content, the name the speaker
            pieces = _quote_then_name(doc, v, [(tok.sent.start, v)], ends) or pieces
        if pieces and (pieces[0][1] <= v or (entry.speech and _lost_subject(tok, pieces))) \
                and _quote_before(doc, v, ends):
            # "...," she said / "...," said the woman, who ...: the quotation is the
            # content (direct pass), not a clause the parse hung after the cue
            continue
        if pieces and pieces[0][1] <= v and entry.speech:
            pieces = _quote_then_name(doc, v, pieces, ends) or pieces
        if not pieces and not (tok.tag_ == "VB" and tok.dep_ in _UNREALISED):
            pieces, rule = object_content(tok, entry), "object"
        if not pieces and entry.frame == "clause":
            pieces, rule = _listener_infinitive(tok), "object"
        if not pieces:
            pieces, rule = pro_form_content(tok), "object"
        if not pieces:
            pieces, rule = passive_content(tok), "passive"
        if not pieces:
            pieces, rule = relative_content(tok), "relative"
        if not pieces and not entry.speech and _set_off(doc, tok):
            pieces, rule = parenthetical_content(tok, entry.frame), "parenthetical"
        if not pieces and entry.speech:
            # a clause around or before the cue: only for verbs of saying (a verb of
            # thinking or showing there mostly heads a clause of its own)
            pieces, rule = parenthetical_content(tok, entry.frame), "parenthetical"
            if not pieces and not _quote_before(doc, v, ends):
                pieces, rule = inverted_content(tok), "inverted"
            if not pieces:
                pieces, rule = forward_content(tok), "forward"
        if not pieces:
            continue
        spk = subject if entry.has_speaker or _raises_cue(tok) else None
        if spk is not None and _is_share(spk):
            spk = _poll_of(tok) or spk
        drafts.append(Draft(_chars(doc, pieces), v, (tok.idx, tok.idx + len(tok)),
                            spk.i if spk is not None else None, rule))
    return drafts


def _phrase_drafts(
    doc: Doc, according: list[int], nouns: list[int], ins: list[int], inside: set[int]
) -> list[Draft]:
    """Attributions from "according to X", from cue nouns ("X's claim that ..."),
    and from "in <a poll, a statement ...>"."""
    drafts = []
    for i in ins:
        found_in = in_phrase(doc[i])
        if found_in is None:
            continue
        source, pieces = found_in
        if doc[i].head.i in inside:
            continue  # "In a statement, an official said, "We are not going to ...": the
            # parser hung the phrase on the quotation's verb; the cue's attribution stands
        drafts.append(Draft(_chars(doc, pieces), i, (doc[i].idx, doc[i].idx + len(doc[i])),
                            source.i if source is not None else None, "in"))
    for a in according:
        found = according_to(doc[a])
        if found is None:
            continue
        source, pieces = found
        to = next(c for c in doc[a].children if c.lower_ == "to")
        drafts.append(Draft(_chars(doc, pieces), a, (doc[a].idx, to.idx + len(to)),
                            source.i, "according"))
    for n in nouns:
        found_noun = noun_cue(doc[n])
        if found_noun is None:
            continue
        owner, pieces = found_noun
        drafts.append(Draft(_chars(doc, pieces), n, (doc[n].idx, doc[n].idx + len(doc[n])),
                            owner.i if owner is not None else None, "noun"))
    return drafts


def _adjective_drafts(doc: Doc, words: list[int]) -> list[Draft]:
    """Attributions from adjectives of stance ("X is convinced that ...")."""
    drafts = []
    for a in words:
        found = adjective_cue(doc[a])
        if found is None:
            continue
        speaker, content = found
        drafts.append(Draft(_chars(doc, [content]), a, (doc[a].idx, doc[a].idx + len(doc[a])),
                            speaker.i, "adjective"))
    return drafts


def _phrase_cue_drafts(doc: Doc, verbs: list[int]) -> list[Draft]:
    """Attributions from verb phrases ("made it clear that ...", "took aim at X")."""
    drafts = []
    for v in verbs:
        found = phrase_cue(doc[v])
        if found is None:
            continue
        speaker, word, content = found
        start, end = min(v, word.i), max(v, word.i)
        drafts.append(Draft(_chars(doc, [content]), v, (doc[start].idx, doc[end].idx + len(doc[end])),
                            speaker.i if speaker is not None else None, "phrase"))
    return drafts


def _outermost(drafts: list[Draft]) -> list[Draft]:
    """Drop attributions reported inside another's content ("Woods said she does
    not believe X": the belief is part of what Woods said, PolNeAR's reading)."""
    out = []
    for d in drafts:
        if d.cue is None:
            out.append(d)
            continue
        at = d.cue[0]
        inside = any(
            o is not d and o.cue is not None and any(s <= at < e for s, e in o.pieces)
            and not any(s <= o.cue[0] < e for s, e in d.pieces)
            for o in drafts
        )
        if not inside:
            out.append(d)
    return out


def _drop_descriptions(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """Drop the stance of a relative clause that describes another quote's speaker
    ("said Tom Udall, who supports eliminating ...", "Cruz, who has endorsed X,
    said ..."): PolNeAR reads it as part of the speaker's description, not as an
    attribution of its own. A verb of saying there stays ("Clinton, who said ...")."""
    heads = {d.speaker_i for d in drafts if d.speaker_i is not None}
    out = []
    for d in drafts:
        if d.speaker_i is not None and d.cue_i is not None:
            rel, cue = doc[d.speaker_i], doc[d.cue_i]
            entry = verb_entry(cue) if cue.pos_ in ("VERB", "AUX") else None
            noun = rel.head.head
            if noun.dep_ == "conj":
                noun = noun.head  # "The delegate and activist, who backs Cruz, warned"
            if rel.tag_ in ("WP", "WDT") and rel.head.dep_ == "relcl" \
                    and noun.i in heads and entry is not None and not entry.speech:
                continue
        out.append(d)
    return out


def _kind(pieces: list[tuple[int, int]], spans: list[MarkedSpan]) -> str:
    """``direct`` when quotation marks hold (nearly) all the content, ``mixed``
    when they hold part of it, ``indirect`` otherwise."""
    total = quoted = 0
    for s, e in pieces:
        total += e - s
        for m in spans:
            lo, hi = max(s, m.start), min(e, m.end)
            if lo < hi:
                quoted += hi - lo
    if total and quoted >= DIRECT_SHARE * total:
        return "direct"
    return "mixed" if quoted else "indirect"


def extract_quotes(
    doc: Doc,
    *,
    doc_id: str,
    published: date | None,
    actors: list[Actor],
    resolver: Any,
) -> list[Quote]:
    """The quotes of one parsed article, with speakers and affiliations.

    Args:
        doc: the spaCy ``Doc`` of the article text.
        doc_id: the article id, copied into every quote.
        published: publication date (affiliations of offices depend on it).
        actors: the actor mentions of the article (from the actor layer).
        resolver: the ``ActorResolver`` used for affiliations.

    Returns:
        Quotes in text order; every span is an offset into ``doc.text``.
    """
    text = doc_text(doc).text
    if not text.strip():
        return []
    spans = find_marked_spans(text)
    index = TokenIndex(doc)
    inside: set[int] = set()
    for m in spans:
        if m.words >= QUOTED_SPEECH_WORDS:
            i, j = index.token_range(m.start, m.end)
            inside.update(range(i, j))
    cues = cue_tokens(doc)
    verbs = [v for v in cues.verbs if v not in inside]
    drafts = _cue_drafts(doc, verbs, spans)
    drafts += _phrase_drafts(
        doc,
        [a for a in cues.according if a not in inside],
        [n for n in cues.nouns if n not in inside],
        [i for i in cues.ins if i not in inside],
        inside,
    )
    drafts += _adjective_drafts(doc, [a for a in adjective_tokens(doc) if a not in inside])
    drafts += _phrase_cue_drafts(doc, [v for v in phrase_verbs(doc) if v not in inside])
    drafts += colon_drafts(doc, index)
    drafts += headline_drafts(doc, set(cues.verbs))
    for d in drafts:
        d.pieces = _snap(_clip(text, d.cue[0] if d.cue else d.start, d.pieces), spans)
    drafts = _outermost([d for d in drafts if d.pieces])
    covered = [m for m in spans if any(s <= m.start and m.end <= e for d in drafts
                                       for s, e in d.pieces)]
    speakers = {d.cue_i: d.speaker_i for d in drafts if d.cue_i is not None}
    for v in verbs:
        if v not in speakers:
            spk = speaker_of(doc[v])
            speakers[v] = spk.i if spk is not None else None
    colon_only = set()
    for n in cues.nouns:
        owner = noun_speaker(doc[n])
        if owner is not None and n not in inside:
            colon_only.add(n)
            speakers[n] = owner.i
    free = [m for m in spans if m not in covered]
    drafts += attribute_marked(doc, index, free, set(verbs), drafts, speakers, colon_only)
    for d in drafts:
        d.speaker_i = repair_speaker(doc, d, inside)
    drafts = _drop_descriptions(doc, drafts)
    return _records(doc, doc_id, drafts, spans, published, actors, resolver)


def _records(
    doc: Doc,
    doc_id: str,
    drafts: list[Draft],
    spans: list[MarkedSpan],
    published: date | None,
    actors: list[Actor],
    resolver: Any,
) -> list[Quote]:
    text = doc_text(doc).text
    people = SpeakerResolver(
        doc, published=published, actors=actors, resolver=resolver,
        speakers=[doc[d.speaker_i] for d in drafts if d.speaker_i is not None],
    )
    seen: set[tuple[int, int]] = set()
    out = []
    # of two drafts with the same content, the one that names a speaker wins
    for d in sorted(drafts, key=lambda d: (d.start, -d.end, d.speaker_i is None)):
        pieces = [p for p in d.pieces if text[p[0]:p[1]].strip()]
        if not pieces:
            continue
        key = (pieces[0][0], pieces[-1][1])
        if key in seen:
            continue
        seen.add(key)
        speaker = name = None
        sp_start = sp_end = None
        actor = None
        if d.speaker_i is not None:
            head = doc[d.speaker_i]
            s, e = speaker_extent(head)
            named = head
            if head.pos_ == "NOUN" and (after := named_after(doc, e)) > e:
                e, named = after, doc[after - 1]  # "A spokesman for X, John Smith": Smith
            sp_start, sp_end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
            while sp_start < sp_end - 1 and text[sp_start] in SIGN_DASHES:
                sp_start += 1  # "-President Obama", one token for the tokenizer
            speaker = text[sp_start:sp_end]
            name, person = people.resolve(named)
            actor = people.affiliation(head, person)
        cue = text[d.cue[0]:d.cue[1]] if d.cue else None
        out.append(
            Quote(
                doc_id=doc_id,
                start=key[0],
                end=key[1],
                kind=_kind(pieces, spans),
                cue_start=d.cue[0] if d.cue else None,
                cue_end=d.cue[1] if d.cue else None,
                cue=cue,
                speaker_start=sp_start,
                speaker_end=sp_end,
                speaker=speaker,
                speaker_name=name,
                speaker_actor=actor,
                fragments=tuple(pieces) if len(pieces) > 1 else (),
            )
        )
    return out
