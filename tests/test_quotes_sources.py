"""Who is the source: speaker rules added for PolNeAR source recall (issue 6).

Each case is a short text written for the test; the expected tuple names the
content (or a word of it), the cue and the speaker as written.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from detente.records import Quote


def _found(
    quotes_of: Callable[..., list[Quote]], text: str
) -> list[tuple[str, str | None, str | None]]:
    return [(text[q.start:q.end], q.cue, q.speaker) for q in quotes_of(text)]


def _cue_speakers(
    quotes_of: Callable[..., list[Quote]], text: str
) -> set[tuple[str | None, str | None]]:
    return {(q.cue, q.speaker) for q in quotes_of(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The proposal was rejected by the Senate leadership on Tuesday.",
            ("The proposal", "rejected", "the Senate leadership"),
        ),
        (
            "Sen. Bernie Sanders apologized to his supporters for the breach of voter data.",
            ("the breach of voter data", "apologized", "Sen. Bernie Sanders"),
        ),
        (
            "She appeared to imply that the deal was dead.",
            ("to imply that the deal was dead", "appeared", "She"),
        ),
    ],
)
def test_quotes_sources_verb_frames(
    quotes_of: Callable[..., list[Quote]], text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in _found(quotes_of, text)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "In addition to stating that unborn babies have no rights, Clinton has vowed "
            "to repeal the amendment.",
            "Clinton",
        ),
        (
            "In an interview with hosts Joe Scarborough and Mika Brzezinski, the Democratic "
            "presidential candidate stated that the comments do not fit.",
            "the Democratic presidential candidate",
        ),
    ],
)
def test_quotes_sources_subject_through_opening_phrase(
    quotes_of: Callable[..., list[Quote]], text: str, speaker: str
) -> None:
    speakers = {q.speaker for q in quotes_of(text)}
    assert speaker in speakers


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Pollsters agree - Carl Bialik: “One of the biggest lessons was a simple one.”",
         "Carl Bialik"),
        ("Cruz continued:\n\n“You look at the questions, and they are insulting.”", "Cruz"),
        ("Or, as Tom Ridge put it: “The barbarians are no longer at the gate.”", "Tom Ridge"),
    ],
)
def test_quotes_sources_quotation_after_a_name(
    quotes_of: Callable[..., list[Quote]], text: str, speaker: str
) -> None:
    quotes = [q for q in quotes_of(text) if q.kind == "direct"]
    assert speaker in {q.speaker for q in quotes}


def test_quotes_sources_title_case_headline(quotes_of: Callable[..., list[Quote]]) -> None:
    text = (
        "Glenn Beck Blasts Drudge Over Coverage of His Fast\n\n"
        "The radio host said the report was unfair to him."
    )
    found = _found(quotes_of, text)
    assert any(cue == "Blasts" and speaker == "Glenn Beck" for _, cue, speaker in found)


@pytest.mark.parametrize(
    "text",
    [
        "It is hard to know where the donors will put their money.",
        "It’s important to remember that independents can vote in the primary.",
    ],
)
def test_quotes_sources_impersonal_it_is_no_speaker(
    quotes_of: Callable[..., list[Quote]], text: str
) -> None:
    assert all((q.speaker or "").lower() != "it" for q in quotes_of(text))


def test_quotes_sources_relative_that_is_no_source(quotes_of: Callable[..., list[Quote]]) -> None:
    # a relative "that" is a PolNeAR source for only 37 of 118 such cues on train
    # (polls excepted: "polls that show", see test_quotes_stance)
    text = "The network fired the host over comments that compared the First Lady to an ape."
    speakers = {q.speaker for q in quotes_of(text) if q.cue == "compared"}
    assert "that" not in speakers


def test_quotes_sources_listener_is_not_content(quotes_of: Callable[..., list[Quote]]) -> None:
    text = "The senator told CNN on Sunday."
    assert all(q.cue != "told" for q in quotes_of(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "he's said" parsed as a passive: the contracted "has" keeps its subject
        ("While he's said he'll fight all the way to the convention, Sanders must decide.",
         ("said", "he")),
        # ... but "it's said that" is a passive with no one speaking
        ("It's said that the senator will resign soon.", ("said", None)),
    ],
)
def test_quotes_sources_contracted_has_is_not_passive(
    quotes_of: Callable[..., list[Quote]], text: str, expected: tuple[str, str | None]
) -> None:
    assert expected in _cue_speakers(quotes_of, text)


def test_quotes_sources_subject_after_a_paragraph_break(
    quotes_of: Callable[..., list[Quote]]
) -> None:
    # the paragraph break is a sentence break (detente.nlp.paragraph_starts), so the
    # subject of "added" is not swallowed by the sentence before
    text = "He wants to stop traffickers from crossing into the U.S.\nChris Christie added that he would approve it."
    assert ("added", "Chris Christie") in _cue_speakers(quotes_of, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # object control (quotes/control_verbs.csv): the object does the act
        ("The decisive victory led Chairman Reince Priebus to declare him the nominee.",
         ("declare", "Chairman Reince Priebus")),
        ("The abrupt announcement led some to speculate that the campaign was to blame.",
         ("speculate", "some")),
        # an infinitive on a noun: not the noun but the one who has or uses it
        ("Sanders used it as an opportunity to draw a distinction between himself and her.",
         ("draw a distinction", "Sanders")),
    ],
)
def test_quotes_sources_who_does_the_infinitive(
    quotes_of: Callable[..., list[Quote]], text: str, expected: tuple[str, str]
) -> None:
    assert expected in _cue_speakers(quotes_of, text)


def test_quotes_sources_purpose_infinitive_keeps_the_subject(
    quotes_of: Callable[..., list[Quote]]
) -> None:
    # "use" is no verb of control: the subject, not the speech, calls for it
    text = "Ramos used his acceptance speech to call for the resignation of the president."
    assert ("call", "Ramos") in _cue_speakers(quotes_of, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Such efforts, they believe, will render his long-term play moot.", ("believe", "they")),
        ("The endorsement of Trump, many think, is only a matter of time.", ("think", "many")),
    ],
)
def test_quotes_sources_verb_of_thinking_set_off_by_commas(
    quotes_of: Callable[..., list[Quote]], text: str, expected: tuple[str, str]
) -> None:
    assert expected in _cue_speakers(quotes_of, text)


def test_quotes_sources_relative_clause_describing_a_speaker_is_dropped(
    quotes_of: Callable[..., list[Quote]]
) -> None:
    text = ("“The numbers don’t add up,” said Tom Elmendorf, who supports Clinton but is "
            "not working for her.")
    found = _cue_speakers(quotes_of, text)
    assert found == {("said", "Tom Elmendorf")}


def test_quotes_sources_relative_clause_on_a_conjunct_of_the_speaker_is_dropped(
    quotes_of: Callable[..., list[Quote]]
) -> None:
    text = ("The influential delegate and conservative activist, who backs Cruz, warned "
            "that the rules were rigged.")
    assert all(q.cue != "backs" for q in quotes_of(text))


def test_quotes_sources_relative_clause_of_saying_stays(
    quotes_of: Callable[..., list[Quote]]
) -> None:
    text = "“We will win,” Sanders said. Clinton, who said she would fight on, spoke in Iowa."
    assert ("said", "who") in _cue_speakers(quotes_of, text)


def test_quotes_sources_bare_infinitive_in_relative_clause_is_no_cue(
    quotes_of: Callable[..., list[Quote]]
) -> None:
    text = "He dismissed questions he did not like."
    assert all(q.cue != "like" for q in quotes_of(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Even Latino Republicans have been unsparing in their criticism of Mr. Cruz.",
         ("criticism", "Even Latino Republicans")),
        # "her" does not agree with a plural subject: the possessor stays
        ("The voters heard little in her criticism of the trade deal.", ("criticism", "her")),
    ],
)
def test_quotes_sources_possessive_pronoun_of_a_cue_noun_after_a_preposition(
    quotes_of: Callable[..., list[Quote]], text: str, expected: tuple[str, str]
) -> None:
    assert expected in _cue_speakers(quotes_of, text)


@pytest.mark.parametrize(
    "text",
    [
        "''If Reagan had gone with Kemp, I would have been sitting in Siberia for a long "
        "time,'' Mr. Daniloff, now 81 and retired in Cambridge, Mass., said by telephone.",
        "“If Reagan had gone with Kemp, I would have been sitting in Siberia,” Mr. Daniloff, "
        "now 81 and retired in Cambridge, said by telephone.",
    ],
)
def test_quotes_sources_name_after_quotation_with_a_clause_of_its_own(
    quotes_of: Callable[..., list[Quote]], text: str
) -> None:
    # the parse runs the quotation over the name and gives "retired" the name as its
    # subject: the quotation alone is the content and the name the speaker
    quotes = [q for q in quotes_of(text) if q.cue == "said"]
    assert len(quotes) == 1
    assert quotes[0].speaker == "Mr. Daniloff"
    assert text[quotes[0].start:quotes[0].end].endswith(("Siberia,”", "time,''"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In a national CNN poll released Monday, 31 percent of Republicans said they were "
         "extremely enthusiastic about voting.", "a national CNN poll"),
        # no poll named: the share itself speaks
        ("Some 56 percent of Cuban-Americans polled said they were less likely to vote.",
         "Some 56 percent of Cuban-Americans polled"),
    ],
)
def test_quotes_sources_share_of_respondents_speaks_through_its_poll(
    quotes_of: Callable[..., list[Quote]], text: str, expected: str
) -> None:
    found = {q.speaker for q in quotes_of(text) if q.cue == "said"}
    assert found == {expected}


def test_quotes_sources_table_row_with_a_colon_is_no_quote(
    quotes_of: Callable[..., list[Quote]]
) -> None:
    text = "Results so far.\n\nHillary Clinton: 1,769.\n\nBernie Sanders: 1,501."
    assert quotes_of(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EXCLUSIVE – Roger Stone: Don’t Trust the Voting Machines.\n\nThere is concern.",
         "Roger Stone"),
        ("CNN President On Trump: We Do Not Pay Candidates To Appear At Debates.\n\nIt said so.",
         "CNN"),
    ],
)
def test_quotes_sources_headline_label_names_the_speaker(
    quotes_of: Callable[..., list[Quote]], text: str, expected: str
) -> None:
    assert {q.speaker for q in quotes_of(text) if q.cue == ":"} == {expected}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GOP presidential contender and former neurosurgeon Ben Carson responded on Sunday "
         "to accusations that he exaggerated.",
         "GOP presidential contender and former neurosurgeon Ben Carson"),
        ("The influential delegate and conservative activist, who backs Cruz, warned that "
         "the rules were rigged.", "The influential delegate and conservative activist"),
    ],
)
def test_quotes_sources_coordinated_speaker_is_written_whole(
    quotes_of: Callable[..., list[Quote]], text: str, expected: str
) -> None:
    speakers = {q.speaker for q in quotes_of(text)}
    assert expected in speakers


def test_quotes_sources_that_clause_hung_on_an_adverbial_noun(
    quotes_of: Callable[..., list[Quote]]
) -> None:
    # the parse hangs the that-clause on "conference" as a relative clause
    text = ("Courted by most of the Republican candidates and widely expected to be the "
            "party’s top donor in the November 2016 presidential election, Adelson said "
            "earlier on Friday during a news conference that he may wait until February’s "
            "primaries to decide who to back.")
    found = {(q.cue, q.speaker, text[q.start:q.end]) for q in quotes_of(text)}
    assert ("said", "Adelson",
            "that he may wait until February’s primaries to decide who to back") in found


def test_quotes_sources_noun_complement_clause_stays_with_its_noun(
    quotes_of: Callable[..., list[Quote]]
) -> None:
    text = "Ben Carson responded on Sunday to accusations that he exaggerated his life story."
    found = {(q.cue, text[q.start:q.end]) for q in quotes_of(text)}
    assert ("responded", "accusations that he exaggerated his life story") in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A Quinnipiac University poll found last week that Clinton would beat Trump.",
         ("found", "A Quinnipiac University poll")),
        ("Two military analysts, Patrick Megahan and Chris Harman, found in 2014 that the "
         "Israeli Air Force is the best in the world.", ("found", "Two military analysts")),
    ],
)
def test_quotes_sources_participle_with_a_clause_is_a_finite_verb(
    quotes_of: Callable[..., list[Quote]], text: str, expected: tuple[str, str]
) -> None:
    assert expected in _cue_speakers(quotes_of, text)


def test_quotes_sources_naming_participle_is_still_no_cue(
    quotes_of: Callable[..., list[Quote]]
) -> None:
    assert all(q.cue != "called" for q in quotes_of("She works for a firm called Acme."))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Cruz won the endorsement of Bob Vander Plaats, an evangelical leader.",
         ("Bob Vander Plaats", "Mr. Cruz")),
        ("The ethanol program is facing criticism from many environmentalists.",
         ("many environmentalists", "The ethanol program")),
        ("Bradley had the full support of the conservative movement.",
         ("the conservative movement", "Bradley")),
    ],
)
def test_quotes_sources_giver_of_a_received_cue_noun_speaks(
    quotes_of: Callable[..., list[Quote]], text: str, expected: tuple[str, str]
) -> None:
    assert expected in {(q.speaker, text[q.start:q.end]) for q in quotes_of(text)}


def test_quotes_sources_view_of_names_what_it_is_about(
    quotes_of: Callable[..., list[Quote]]
) -> None:
    # "of" after a noun of opinion names the topic, not who holds the view
    text = "Bolton had a comparable assessment of Trump's thin foreign policy record."
    assert all(q.speaker != "Trump's thin foreign policy record" for q in quotes_of(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Schneiderman alleged in the suit that Trump personally earned millions from it.",
         ("alleged", "that Trump personally earned millions from it")),
        ("Trump told the audience at his fundraiser for veterans that he and Fox News had "
         "multiple conversations.", ("told", "that he and Fox News had multiple conversations")),
    ],
)
def test_quotes_sources_that_clause_misread_as_relative(
    quotes_of: Callable[..., list[Quote]], text: str, expected: tuple[str, str]
) -> None:
    assert expected in {(q.cue, text[q.start:q.end]) for q in quotes_of(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Candidates in both parties condemned North Korea's claim to have tested a bomb.",
         ("condemned", "North Korea's claim to have tested a bomb")),
        ("The authorities declared war on the breakaway region.", ("declared", "war")),
    ],
)
def test_quotes_sources_object_of_condemn_and_declare(
    quotes_of: Callable[..., list[Quote]], text: str, expected: tuple[str, str]
) -> None:
    found = {(q.cue, text[q.start:q.end]) for q in quotes_of(text)}
    assert any(cue == expected[0] and content.startswith(expected[1]) for cue, content in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The contrast with the governor, said Doyle and others, would be clear since he "
            "has no allies.",
            ("Doyle and others", ("The contrast with the governor", "would be clear")),
        ),
        (
            "The new tax, said Maria Lopez, a city councillor, will hurt small shops.",
            ("Maria Lopez", ("The new tax", "will hurt small shops")),
        ),
        (
            'Clinton, a top aide said, "is very confident in the contrast" between her and Trump.',
            ("a top aide", ("Clinton", '"is very confident in the contrast"')),
        ),
    ],
)
def test_quotes_sources_cue_interrupting_its_clause(
    quotes_of: Callable[..., list[Quote]], text: str, expected: tuple[str, tuple[str, str]]
) -> None:
    # the name between the commas speaks; the clause around it is the content,
    # in two fragments, without the attribution
    speaker, (before, after) = expected
    quote = next(q for q in quotes_of(text) if q.cue == "said")
    assert quote.speaker == speaker
    pieces = [text[s:e] for s, e in quote.fragments]
    assert pieces[0] == before and pieces[1].startswith(after)


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("Jim Bopp was blunt.", "Jim Bopp"),
        ("The silence in the hall has been deafening.", "Smith"),
    ],
)
def test_quotes_sources_uncued_quote_after_a_named_subject(
    quotes_of: Callable[..., list[Quote]], opening: str, expected: str
) -> None:
    # a quotation with no cue goes to the subject of the sentence before it only
    # when that subject is a name; otherwise the previous speaker goes on
    text = ('"We will win this state," Smith said.\n\n' + opening
            + ' "There are no delegates left for anyone to win in this state now."')
    last = quotes_of(text)[-1]
    assert text[last.start:last.end].startswith('"There are no delegates')
    assert last.speaker == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Canova gained ground against Wasserman Schultz, whom many progressives believed was "
         "unfairly tilting the primary.", ("believed", "many progressives")),
        ("Voters turned to Marco Rubio, who many feel needs a strong showing on Tuesday.",
         ("feel", "many")),
    ],
)
def test_quotes_sources_subject_after_relative_pronoun(
    quotes_of: Callable[..., list[Quote]], text: str, expected: tuple[str, str]
) -> None:
    # "who" is the subject of the reported clause; the one who believes stands after it
    assert expected in _cue_speakers(quotes_of, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fifty-five percent of voters said so in December.", ("said", "so")),
        ("Neither side would say so.", ("say", "so")),
        ("Everyone but Hewlett said yes.", ("said", "yes")),
        ("He said no to the Iraq war.", ("said", "no to the Iraq war")),
    ],
)
def test_quotes_sources_so_yes_no_as_content(
    quotes_of: Callable[..., list[Quote]], text: str, expected: tuple[str, str]
) -> None:
    assert expected in {(q.cue, text[q.start:q.end]) for q in quotes_of(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trump has been the most aggressive in the Republican field in denouncing the "
         "mainstream media.", ("denouncing", "Trump")),
        # a subject that names no one stays no speaker
        ("That irritates Clinton supporters by suggesting that the voters got it wrong.",
         ("suggesting", None)),
    ],
)
def test_quotes_sources_gerund_after_preposition(
    quotes_of: Callable[..., list[Quote]], text: str, expected: tuple[str, str | None]
) -> None:
    assert expected in _cue_speakers(quotes_of, text)


def test_quotes_sources_opening_participle_leaves_the_main_cue(
    quotes_of: Callable[..., list[Quote]]
) -> None:
    # "Speaking to reporters on Monday, X said Y": one attribution, X's; the
    # date is no topic of "speak", and the participle does not swallow "said"
    text = "Speaking to reporters on Monday, the minister said the talks had failed."
    found = [(q.cue, q.speaker, text[q.start:q.end]) for q in quotes_of(text)]
    assert found == [("said", "the minister", "the talks had failed")]


def test_quotes_sources_nearer_of_two_subjects(quotes_of: Callable[..., list[Quote]]) -> None:
    # the parser hung both "New Hampshire" and "Trump" on "went" as subjects
    text = ("Speaking at a town hall event in Salem, New Hampshire, Trump went after Bush, "
            "calling him a total stiff.")
    assert {q.speaker for q in quotes_of(text)} == {"Trump"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("As The Times reported on Saturday, he has already emerged as an influential adviser.",
         ("The Times", "he has already emerged as an influential adviser")),
        ("As Menendez pointed out, court rulings have a lasting impact on women.",
         ("Menendez", "court rulings have a lasting impact on women")),
        # the clause's own cue ("found") is part of what the source reported
        ("As reported by Western Journalism, investigators found over 2,200 emails from the "
         "server.", ("Western Journalism", "investigators found over 2,200 emails from the server")),
    ],
)
def test_quotes_sources_as_clause(
    quotes_of: Callable[..., list[Quote]], text: str, expected: tuple[str, str]
) -> None:
    # "As X reported, ...": X is the source of the clause the "as" clause is set off from
    assert expected in {(q.speaker, text[q.start:q.end]) for q in quotes_of(text)}


def test_quotes_sources_interrupted_subject_stays_in_content(
    quotes_of: Callable[..., list[Quote]]
) -> None:
    # the parser made both "Voters" and "Clinton" subjects of "suggested"
    text = "Voters, Clinton suggested, do not have to worry about the banks."
    quote = next(q for q in quotes_of(text) if q.cue == "suggested")
    assert quote.speaker == "Clinton"
    assert [text[s:e] for s, e in quote.fragments] == ["Voters", "do not have to worry about the banks"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cruz entered the debate with a forceful argument that 2016 is now a two-man contest.",
         ("argument", "Cruz")),
        # a verb of receiving: the criticism is not his
        ("Starr has dealt with criticism of his own leadership of the school.",
         ("criticism", None)),
    ],
)
def test_quotes_sources_cue_noun_after_with(
    quotes_of: Callable[..., list[Quote]], text: str, expected: tuple[str, str | None]
) -> None:
    assert expected in _cue_speakers(quotes_of, text)
