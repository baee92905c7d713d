"""Unit tests for each rule family of speaker resolution, on small hand-written articles."""
from __future__ import annotations

import pytest

from newstrace.attribution.speakers import names_compatible, name_tokens, normalize_name, resolve_speakers
from newstrace.model import Article, Attribution, Span


def _resolve(text: str, sources: list[tuple[str, int]], content: Span | None = None):
    """Attributions whose sources are the ``occurrence``-th match of each string."""
    art = Article(id="t", origin="t", text=text)
    atts = []
    for k, (needle, occurrence) in enumerate(sources):
        i = -1
        for _ in range(occurrence + 1):
            i = text.index(needle, i + 1)
        atts.append(Attribution("t", f"a{k}", content or Span(0, 1), "direct", Span(i, i + len(needle))))
    resolve_speakers(art, atts)
    return [(a.speaker.name, a.speaker.kind) for a in atts]


def test_speakers_short_form_resolves_to_fullest_name():
    text = ("Admiral Giuseppe Cavo Dragone, chair of NATO's Military Committee, spoke in Brussels on Monday.\n\n"
            "\u201cWe are ready,\u201d Dragone said.")
    assert _resolve(text, [("Dragone", 1)]) == [("Giuseppe Cavo Dragone", "named")]


def test_speakers_pronoun_gender_agreement():
    text = ("Massachusetts Sen. Elizabeth Warren grilled Wells Fargo CEO John Stumpf on Tuesday.\n\n"
            "\u201cYou should resign,\u201d Warren told Stumpf, after he admitted he had not been held accountable.\n\n"
            "\u201cThis just isn\u2019t right,\u201d she said.")
    assert _resolve(text, [("he", 0), ("she", 0)]) == [("John Stumpf", "named"), ("Elizabeth Warren", "named")]


def test_speakers_pronoun_prefers_previous_speaker_over_other_people():
    text = ("Mark Rutte said on Monday that the allies would meet Vladimir Putin's envoy.\n\n"
            "\u201cWe will listen,\u201d Rutte said. \u201cBut we will not bend.\u201d\n\n"
            "He added that the talks would be short.")
    assert _resolve(text, [("He", 0)]) == [("Mark Rutte", "named")]


def test_speakers_pronoun_without_antecedent_is_unresolved():
    text = "The alliance met on Monday.\n\n\u201cThe threat is real,\u201d he stated."
    assert _resolve(text, [("he", 0)]) == [(None, "unresolved")]


def test_speakers_pronoun_of_other_gender_only_is_unresolved():
    text = "Hillary Clinton spoke in Ohio on Monday. \u201cWe will win,\u201d he said."
    assert _resolve(text, [("he", 0)]) == [(None, "unresolved")]


def test_speakers_title_through_apposition():
    text = ("Mark Rutte, NATO Secretary General, met ministers in Brussels.\n\n"
            "The Secretary General said the alliance would spend more.")
    assert _resolve(text, [("The Secretary General", 0)]) == [("Mark Rutte", "named")]


def test_speakers_title_through_prenominal_title():
    text = ("Admiral Giuseppe Cavo Dragone visited Rome on Monday.\n\n"
            "The admiral said the fleet was ready.")
    assert _resolve(text, [("The admiral", 0)]) == [("Giuseppe Cavo Dragone", "named")]


def test_speakers_title_office_modifier_must_agree():
    text = ("Former President Bill Clinton campaigned in Flint on Monday.\n\n"
            "The president said the system was crazy.")
    assert _resolve(text, [("The president", 0)]) == [(None, "unresolved")]


def test_speakers_title_with_no_holder_is_unresolved():
    text = "Officials met on Monday.\n\nThe senator said the bill would pass."
    assert _resolve(text, [("The senator", 0)]) == [(None, "unresolved")]


def test_speakers_ambiguous_surname_uses_honorific():
    text = ("Bill Clinton and Hillary Clinton spoke in Ohio on Monday.\n\n"
            "\u201cWe will win,\u201d Mrs. Clinton said. \u201cIt is close,\u201d Mr. Clinton said.")
    assert _resolve(text, [("Mrs. Clinton", 0), ("Mr. Clinton", 0)]) == [
        ("Hillary Clinton", "named"), ("Bill Clinton", "named")]


def test_speakers_different_first_names_stay_apart_in_article():
    assert not names_compatible(name_tokens("Bill Clinton"), name_tokens("Hillary Clinton"))
    assert names_compatible(name_tokens("Donald J. Trump"), name_tokens("Mr. Trump"))
    assert normalize_name("Mr. Trump\u2019s") == "trump"


def test_speakers_relative_pronoun_takes_its_head_noun():
    text = "The plan was criticised by Lindsey Graham, who said it would fail."
    assert _resolve(text, [("who", 0)]) == [("Lindsey Graham", "named")]


@pytest.mark.parametrize("source", ["a Baltic diplomat", "one insider", "sources with privileged access",
                                    "a source close to the negotiations"])
def test_speakers_anonymous_sources(source):
    text = f"The talks stalled on Monday, {source} said, because the sides disagreed."
    name, kind = _resolve(text, [(source, 0)])[0]
    assert kind == "anonymous"
    assert name == source


def test_speakers_document_sources_and_definite_reference():
    text = ("A 2021 internal memo warned that the depots were empty.\n\n"
            "The memo said stocks would last a week. The National Security Strategy says the same.")
    got = _resolve(text, [("The memo", 0), ("The National Security Strategy", 0)])
    assert got[0] == ("A 2021 internal memo", "document")
    assert got[1][1] == "document" and got[1][0] in text


def test_speakers_named_organisation():
    text = "The Dutch defence ministry said on Monday that the jets were ready."
    name, kind = _resolve(text, [("The Dutch defence ministry", 0)])[0]
    assert kind == "named" and "Dutch defence ministry" in name


def test_speakers_several_people_speaking_together_are_all_named():
    """A joint source is named by every member, separated by "; " (no entity of its own)."""
    text = "Jon Tester and David Vitter said the bank should be broken up."
    assert _resolve(text, [("Jon Tester and David Vitter", 0)]) == [("Jon Tester; David Vitter", "named")]


def test_speakers_joint_with_an_unresolvable_member_is_unresolved():
    text = "He and Vladimir Putin agreed to meet again."
    assert _resolve(text, [("He and Vladimir Putin", 0)]) == [(None, "unresolved")]


def test_speakers_vague_and_collective_sources_are_anonymous():
    text = ("Analysts said the summit failed. Some Kremlin watchers disagreed. A number of Democrats and a handful "
            "of Republicans objected. Diplomats and former officials were wary. No one expected much.")
    got = _resolve(text, [("Analysts", 0), ("Some Kremlin watchers", 0),
                          ("A number of Democrats and a handful of Republicans", 0),
                          ("Diplomats and former officials", 0), ("No one", 0)])
    assert [k for _, k in got] == ["anonymous"] * 5
    assert got[1][0] == "Some Kremlin watchers"  # the phrase is kept for the sourcing profile


def test_speakers_group_with_a_trailing_modifier_is_resolved_without_recursion():
    """Seed 004: the parser hangs "from ... states" on the first conjunct only; each conjunct is
    its own words, so the phrase is not resolved through itself (it used to recurse to the
    interpreter's limit and end unresolved)."""
    import sys

    text = ("Multiple diplomats and officials from Eastern European and Baltic states warned that arming "
            "the country was urgent.")
    before = sys.getrecursionlimit()
    sys.setrecursionlimit(200)  # a recursion through the phrase would fail here, not pass quietly
    try:
        got = _resolve(text, [("Multiple diplomats and officials from Eastern European and Baltic states", 0)])
    finally:
        sys.setrecursionlimit(before)
    assert got[0][1] == "anonymous"


def test_speakers_a_surname_tagged_as_a_plural_noun_is_not_a_group():
    text = "Bernie Sanders spoke in Ohio. Sanders said the party must unite."
    assert _resolve(text, [("Sanders", 1)]) == [("Bernie Sanders", "named")]


def test_speakers_conjunction_inside_a_relative_clause_does_not_make_a_group():
    text = ("Fyodor Lukyanov, who chairs the Council for Foreign and Defense Policies, said the talks "
            "would be short.")
    src = "Fyodor Lukyanov, who chairs the Council for Foreign and Defense Policies,"
    assert _resolve(text, [(src, 0)]) == [("Fyodor Lukyanov", "named")]


def test_speakers_first_person_inside_a_quote_is_the_quote_speaker():
    text = "\u201cI think we go into that meeting not looking for so much,\u201d Donald Trump told reporters."
    art = Article(id="t", origin="t", text=text)
    i = text.index("I think")
    inner = Attribution("t", "a0", Span(i + 8, text.index(",\u201d")), "direct", Span(i, i + 1), Span(i + 2, i + 7))
    t = text.index("Donald Trump")
    outer = Attribution("t", "a1", Span(1, i + 1), "direct", Span(t, t + 12), Span(t + 13, t + 17))
    resolve_speakers(art, [inner, outer])
    assert (inner.speaker.name, inner.speaker.kind) == ("Donald Trump", "named")


def test_speakers_first_person_outside_quotes_is_the_one_bylined_author():
    text = "Putin\u2019s Game\n\nBy Daniel Fried\n\nI wrote last week that the summit would fail."
    art = Article(id="t", origin="t", text=text)
    i = text.index("I wrote")
    att = Attribution("t", "a0", Span(i + 18, len(text) - 1), "indirect", Span(i, i + 1), Span(i + 2, i + 7))
    resolve_speakers(art, [att])
    assert (att.speaker.name, att.speaker.kind) == ("Daniel Fried", "named")
    agency = "Title\n\nBy Reuters\n\nI wrote last week that the summit would fail."
    att2 = Attribution("t", "a0", Span(agency.index("that"), len(agency) - 1), "indirect",
                       Span(agency.index("I wrote"), agency.index("I wrote") + 1))
    resolve_speakers(Article(id="u", origin="u", text=agency), [att2])
    assert att2.speaker.kind == "unresolved"


def _first_person(text: str, word_at: str, n: int = 1) -> Attribution:
    i = text.index(word_at)
    return Attribution("t", f"a{i}", Span(i + n + 1, i + n + 11), "indirect", Span(i, i + n), Span(i + n + 1, i + n + 5))


def test_speakers_first_person_of_an_op_ed_is_the_writer_its_closing_tagline_names():
    text = ("My father would have loved Trump\n\nI grew up in a survivalist household. I know all about it.\n\n"
            "Charlotte Meehan is playwright-in-residence at Wheaton College.")
    att = _first_person(text, "I know")
    resolve_speakers(Article(id="t", origin="t", text=text), [att])
    assert (att.speaker.name, att.speaker.kind) == ("Charlotte Meehan", "named")
    # a closing paragraph about someone else's doings is not a tagline
    news = ("Title\n\nI know all about it, a voter said.\n\n"
            "Charlotte Meehan is expected to testify on Monday, when the committee meets again in the capital city "
            "to hear evidence from several witnesses about the contract and what the ministry knew of it.")
    att2 = _first_person(news, "I know")
    resolve_speakers(Article(id="u", origin="u", text=news), [att2])
    assert att2.speaker.kind != "named"


def test_speakers_first_person_on_a_letters_page_is_the_letter_s_signature():
    text = ("Laws don't apply equally.\n\nLETTERS.\n\nI cannot fathom how she escaped charges.\n\n"
            "Chris Smith.\n\nHer statements don't mean much. Not important enough, I guess.\n\n"
            "Toni LeAnn Williams.\n\nNothing about them seems credible to me.\n\n@mdeluzgon.\n")
    atts = [_first_person(text, "I cannot"), _first_person(text, "I guess"), _first_person(text, "me.\n", 2)]
    resolve_speakers(Article(id="t", origin="t", text=text), atts)
    assert [(a.speaker.name, a.speaker.kind) for a in atts] == [
        ("Chris Smith", "named"), ("Toni LeAnn Williams", "named"), ("@mdeluzgon", "named")]


def test_speakers_quote_continued_over_paragraphs_inherits_its_speaker():
    text = ("Jens Stoltenberg said: \u201cThe alliance is strong.\n\n"
            "\u201cWe will not be divided by anyone.\u201d\n\n"
            "\u201cThis is an unattributed quote.\u201d")
    art = Article(id="t", origin="t", text=text)
    first = Attribution("t", "a0", Span(text.index("The alliance"), text.index("strong.") + 7), "direct",
                        Span(0, 15), Span(16, 20))
    c = text.index("We will")
    cont = Attribution("t", "a1", Span(c, text.index("anyone.") + 7), "direct")
    resolve_speakers(art, [first, cont])
    assert (cont.speaker.name, cont.speaker.kind) == ("Jens Stoltenberg", "named")
    # the previous paragraph closed its quote and this one does not follow a closing quote of
    # a known speaker's paragraph end: no inheritance without evidence
    text2 = "Jens Stoltenberg said the alliance is strong, adding more later.\n\n\u201cWe will not be divided.\u201d"
    a0 = Attribution("t", "a0", Span(text2.index("the alliance"), text2.index("strong") + 6), "indirect",
                     Span(0, 16), Span(17, 21))
    c2 = text2.index("We will")
    a1 = Attribution("t", "a1", Span(c2, text2.index("divided.") + 8), "direct")
    resolve_speakers(Article(id="u", origin="u", text=text2), [a0, a1])
    assert a1.speaker.kind == "unresolved"


def test_speakers_missing_source_uses_reporting_verb_subject():
    text = "Mark Rutte said on Monday that the alliance was ready to act."
    art = Article(id="t", origin="t", text=text)
    start = text.index("the alliance")
    att = Attribution("t", "a0", Span(start, len(text) - 1), "indirect", None)
    resolve_speakers(art, [att])
    assert (att.speaker.name, att.speaker.kind) == ("Mark Rutte", "named")


def test_speakers_missing_source_without_support_is_unresolved():
    text = "The alliance was ready to act, according to reports circulating on Monday."
    art = Article(id="t", origin="t", text=text)
    att = Attribution("t", "a0", Span(0, 30), "indirect", None)
    resolve_speakers(art, [att])
    assert att.speaker.kind == "unresolved" and att.speaker.name is None


def test_speakers_empty_and_odd_inputs_do_not_raise():
    assert resolve_speakers(Article("e", "e", ""), []) == []
    text = "\u201cUnbalanced quote, he said\n\n\"and another"
    art = Article("o", "o", text)
    atts = [Attribution("o", "a", Span(0, 5), "direct", Span(text.index("he"), text.index("he") + 2))]
    resolve_speakers(art, atts)
    assert atts[0].speaker.kind in ("named", "anonymous", "document", "unresolved")


def test_speakers_definite_mention_of_an_anonymous_source_stays_anonymous():
    text = ("One Baltic diplomat said the plan was dead.\n\n"
            "The diplomat said the allies had not been consulted.")
    assert _resolve(text, [("The diplomat", 0)]) == [("One Baltic diplomat", "anonymous")]


def test_speakers_title_with_state_backed_by_party_state_tag():
    text = ("Sen. Lindsey Graham (R-S.C.) spoke on Thursday. Sen. Jon Tester (D-Mont.) spoke too.\n\n"
            "The South Carolina senator said the bill would fail.")
    assert _resolve(text, [("The South Carolina senator", 0)]) == [("Lindsey Graham", "named")]


def test_speakers_generic_title_takes_the_lone_salient_person():
    text = ("Donald Trump held a rally in Ohio on Monday.\n\n"
            "The billionaire said the polls were rigged.")
    assert _resolve(text, [("The billionaire", 0)]) == [("Donald Trump", "named")]


def test_speakers_generic_title_with_two_people_in_view_is_unresolved():
    text = ("Donald Trump and Marco Rubio held rallies in Ohio on Monday.\n\n"
            "The candidate said the polls were rigged.")
    assert _resolve(text, [("The candidate", 0)]) == [(None, "unresolved")]


def test_speakers_unnamed_aide_of_a_named_person_is_anonymous():
    text = "A spokeswoman for Hillary Clinton said on Monday that the event would go ahead."
    assert _resolve(text, [("A spokeswoman for Hillary Clinton", 0)]) == [
        ("A spokeswoman for Hillary Clinton", "anonymous")]


def test_speakers_which_takes_the_noun_its_clause_hangs_on_not_the_name_before_it():
    # "which" follows "Ministry of Health", but the parser hangs the clause on the study
    text = "The filing described a 2018 internal study from the Ministry of Health, which warned that hospitals lacked staff."
    assert _resolve(text, [("which", 0)]) == [("a 2018 internal study", "document")]


def test_speakers_which_after_an_organisation_it_modifies_stays_the_organisation():
    text = "The statement came from Gazprom, which said that deliveries would resume on Monday."
    assert _resolve(text, [("which", 0)]) == [("Gazprom", "named")]


def test_speakers_pronoun_reaches_a_bare_name_the_entity_tagger_missed():
    # the small English model tags no entity on "Marvane" here
    text = ("Marvane, a key figure in the deliberations, emphasized that the priority must be peace. "
            "His words carried a warning.\n\n"
            "\u201cWe stand together with our partners,\u201d he added.")
    assert _resolve(text, [("Marvane", 0), ("he", 0)]) == [("Marvane", "named"), ("Marvane", "named")]


def _resolve_implicit(text: str, cue: str, content: str):
    """One attribution without a source span: cue and content given by their text."""
    art = Article(id="t", origin="t", text=text)
    c, q = text.index(cue), text.index(content)
    att = Attribution("t", "a0", Span(q, q + len(content)), "partial", None, Span(c, c + len(cue)))
    resolve_speakers(art, [att])
    return att.speaker.name, att.speaker.kind


def test_speakers_owner_of_a_noun_cue_is_the_speaker():
    text = ("The ministers met in Vienna on Tuesday. Press secretary Anna Berglund's offhand remark that the "
            "country \u2018is not ruling out new talks\u2019 drew attention.")
    assert _resolve_implicit(text, "remark", "\u2018is not ruling out new talks\u2019") == ("Anna Berglund", "named")


def test_speakers_whose_before_a_noun_cue_takes_its_antecedent():
    text = ("The talks turned to the words of General Paolo Ferrante, whose emphasis on \u2018a lasting peace\u2019 "
            "was met with nods.")
    assert _resolve_implicit(text, "emphasis on", "\u2018a lasting peace\u2019") == ("Paolo Ferrante", "named")


def test_speakers_coordinated_names_speak_as_a_group():
    text = "Britain and France have said that they would send troops to enforce the ceasefire."
    assert _resolve(text, [("Britain and France", 0)]) == [("Britain; France", "named")]


def test_speakers_missing_source_takes_the_subject_of_the_cue_verb_chain():
    text = ("Hillary Clinton mocked the complaint on Friday, saying that anybody who complains about a "
            "microphone is not having a good night.")
    assert _resolve_implicit(text, "saying", "that anybody who complains about a microphone") == \
        ("Hillary Clinton", "named")
    text2 = "Lindsey Graham urged Republicans to act and criticized the party's lack of awareness."
    assert _resolve_implicit(text2, "criticized", "the party's lack of awareness") == ("Lindsey Graham", "named")


def test_speakers_missing_source_is_not_taken_across_a_clausal_complement():
    text = "The mayor said that critics claimed the plan would fail."
    assert _resolve_implicit(text, "claimed", "the plan would fail") != ("The mayor", "named")


def test_speakers_which_keeps_the_number_of_a_numbered_name():
    # the left-hand subtree of the noun the clause hangs on stops before its number
    # (PolNeAR dev: "Article 21 in the U.N. Charter that allows" gave the speaker "Article")
    text = "The council invoked Article 21 that allows for sanctions."
    assert _resolve(text, [("that", 0)]) == [("Article 21", "document")]
    text = "The government invoked Section 8 that allows for emergency powers."
    assert _resolve(text, [("that", 0)])[0][0] == "Section 8"


def test_speakers_possessive_speech_noun_as_source_is_the_possessor():
    text = ("NATO Secretary General Mark Rutte spoke in Brussels. Rutte\u2019s remarks painted a grim picture "
            "of the alliance.")
    assert _resolve(text, [("Rutte\u2019s remarks", 0)]) == [("Mark Rutte", "named")]


def test_speakers_hyphenated_names_stay_whole():
    text = "Ban Ki-moon, the secretary general of the United Nations, said the council must act."
    src = "Ban Ki-moon, the secretary general of the United Nations,"
    assert _resolve(text, [(src, 0)]) == [("Ban Ki-moon", "named")]
    text = "Douglas Holtz-Eakin, an economist, said the plan was bad. Holtz-Eakin said more."
    assert _resolve(text, [("Douglas Holtz-Eakin, an economist,", 0), ("Holtz-Eakin", 1)]) == [
        ("Douglas Holtz-Eakin", "named"), ("Douglas Holtz-Eakin", "named")]


def test_speakers_an_honorific_of_the_other_gender_rules_a_person_out():
    text = ("The campaign plans to employ Mr. Obama and the first lady, Michelle Obama, in the coming weeks. "
            "Mr. Obama said the election mattered.")
    got = _resolve(text, [("Mr. Obama", 1)])
    assert got[0][0] != "Michelle Obama"


def test_speakers_an_acronym_the_article_spells_out_is_named_in_full():
    text = ("The International Monetary Fund announced Tuesday that growth would slow. "
            "The IMF expects that output will grow 1.6 percent.")
    assert _resolve(text, [("The IMF", 0)]) == [("International Monetary Fund", "named")]


def test_speakers_in_a_title_case_headline_only_a_person_named_in_full_speaks():
    text = ("Elizabeth Warren Hammers Wells Fargo Chief Executive Over Fake Accounts\n\n"
            "Sen. Elizabeth Warren said on Tuesday the bank had failed its customers.")
    assert _resolve(text, [("Elizabeth Warren Hammers Wells Fargo Chief Executive", 0)]) == [
        ("Elizabeth Warren", "named")]
    text = ("Black Lawmakers Blast Trump Over Remarks About Inner Cities\n\n"
            "Members of the Congressional Black Caucus said the remarks were insulting.")
    assert _resolve(text, [("Black Lawmakers", 0)]) == [(None, "unresolved")]
    text = "New Poll Shows Clinton Ahead In Three Swing States\n\nClinton leads in Ohio, the poll said."
    assert _resolve(text, [("New Poll", 0)]) == [("New Poll", "document")]
