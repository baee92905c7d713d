"""segment_page on hand-made layouts: separators of any wording, none at all, and single
articles with subheads, related-link lists or live-blog stamps that must stay whole; the
title shape, lead-in and credit lines, numbered titles, and bare pages whose titles only
their shape, the articles' lengths and the lines around them set apart."""
from __future__ import annotations

import pytest

from newstrace.ingest.segment import is_title_shaped, segment_page
from newstrace.model import Span

from .segment_helpers import BODIES, _MORE_TITLES, _bare_page, _titles


def _page(separator: str | None, *, para: str = "\n\n", gap: str = "\n\n", repeat: bool = False,
          byline: bool = False) -> tuple[str, list[str]]:
    chunks = []
    for k, (title, paras) in enumerate(BODIES):
        head = title + ("\n\n" + title if repeat else "") + ("\nBy Jane Doe | March 3, 2016" if byline else "")
        art = head + "\n\n" + para.join(paras * 2)  # articles of a realistic length
        if k:
            chunks.append(f"\n\n{separator}\n\n" if separator is not None else gap)
        chunks.append(art)
    return "".join(chunks), [t for t, _ in BODIES]


@pytest.mark.parametrize("sep", ["Keep reading", "Read more", "Continue reading →", "---", "* * *",
                                 "═══════", "MORE FROM OUR PARTNERS", "Lire la suite"])
def test_segment_layouts_any_separator_wording(sep):
    text, titles = _page(sep)
    segs = segment_page(text)
    assert _titles(text, segs) == titles
    for s in segs:
        assert sep not in s.body.text(text)
        assert s.body.text(text).endswith(".")


def test_segment_layouts_trailing_separator_is_not_body():
    text, titles = _page("Read more")
    text += "\n\nRead more\n"
    segs = segment_page(text)
    assert _titles(text, segs) == titles
    assert segs[-1].body.text(text).endswith("complete.")


@pytest.mark.parametrize("kw", [dict(repeat=True), dict(byline=True, gap="\n\n\n\n"),
                                dict(gap="\n\n\n\n", para="\n")])
def test_segment_layouts_no_separator(kw):
    text, titles = _page(None, **kw)
    segs = segment_page(text)
    assert _titles(text, segs) == titles
    if kw.get("repeat"):
        assert all(not s.body.text(text).startswith(t) for s, t in zip(segs, titles))


def test_segment_layouts_single_article_with_subheads_not_split():
    paras = [p for _, ps in BODIES for p in ps]
    text = ("Inside the Budget Fight\n\n" + "\n\n".join(paras[:3]) + "\n\nWhat Comes Next\n\n"
            + "\n\n".join(paras[3:6]) + "\n\nThe Bottom Line\n\n" + "\n\n".join(paras[6:]))
    segs = segment_page(text)
    assert len(segs) == 1 and segs[0].body == Span(0, len(text))
    assert _titles(text, segs) == ["Inside the Budget Fight"]


def test_segment_layouts_related_links_list_not_split():
    paras = BODIES[0][1] + BODIES[1][1]
    text = ("Budget Deal Clears the Senate\n\n" + "\n\n".join(paras)
            + '\n\n"Related:"\n\nHouse Leaders Plan Vote Next Week\n\nWhat The Deal Means For You\n\n'
            "Five Things To Know About The Budget")
    assert len(segment_page(text)) == 1


def test_segment_layouts_live_blog_stamps_not_split():
    posts = []
    for i, (title, paras) in enumerate(BODIES):
        posts.append(f"Jane DoeFlagShareLike 5pts February 6, 2016 10:{10 + i}PM{title}\n\n" + "\n\n".join(paras))
    text = "Live Updates From The Debate\n\n" + "\n\n".join(posts)
    assert len(segment_page(text)) == 1


def test_segment_layouts_repeated_separator_without_titles_not_split():
    paras = [p for _, ps in BODIES for p in ps]
    text = "\n\nAdvertisement\n\n".join(paras[i] + "\n\n" + paras[i + 1] for i in range(0, 8, 2))
    assert len(segment_page(text)) == 1


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "\x00", "word", "a\nb", "—" * 5000,
                                  "Title Here\n\n" + "x" * 100_000, "\r\n".join(["Line"] * 50)])
def test_segment_layouts_odd_input_is_one_segment(text):
    segs = segment_page(text)
    assert len(segs) == 1 and segs[0].body == Span(0, len(text))


def test_segment_layouts_crlf_page_splits_with_exact_spans():
    text, titles = _page("Keep reading")
    crlf = text.replace("\n", "\r\n")
    segs = segment_page(crlf)
    assert _titles(crlf, segs) == titles
    assert all(not s.body.text(crlf).endswith("\r") for s in segs)


@pytest.mark.parametrize("line,expected", [
    ("Senate Passes Budget Deal After Late-Night Vote", True),
    ("Drones spotted near Dutch military base", True),
    ("A sharper tone as stakes rise", True),           # capitalised minor first word, 4+ words
    ("A new era", False),                              # ... but fewer than 4 words
    ("Is This Team Ready?", True),
    ("The Senate approved the spending plan early on Friday.", False),
    ("He declared:", False),
    ("PLEDGED DELEGATES", False),
    ("By Jane Doe", False),
    ("https://example.com/story", False),
    ("lower case line without capitals", False),
])
def test_segment_layouts_title_shape(line, expected):
    assert is_title_shaped(line) is expected


def _odd_title_page(odd_title: str, *, separator: str | None = "Keep reading", gap: str = "\n\n",
                    para: str = "\n\n", short_body: bool = False, times: int = 2) -> tuple[str, list[str]]:
    """Four articles of ``times`` x 3 paragraphs; the third has ``odd_title`` (and, with
    ``short_body``, one paragraph)."""
    arts = [(t, ps * times) for t, ps in BODIES]
    arts.insert(2, (odd_title, BODIES[0][1][:1] if short_body else BODIES[0][1] * times))
    chunks = []
    for k, (title, paras) in enumerate(arts):
        if k:
            chunks.append(f"\n\n{separator}\n\n" if separator is not None else gap)
        chunks.append(title + "\n\n" + para.join(paras))
    return "".join(chunks), [t for t, _ in arts]


@pytest.mark.parametrize("odd", [
    "convention notebook",                                   # starts lower case
    "IN BRIEF",                                              # all capitals, two words
    "Sanders Suffered A Big Blow. Here Is His Plan.",        # ends in a full stop
    "Is the deal good for the city?",                        # sentence case question
    "Council weighs plan; " + " ".join(["Residents"] + ["speak"] * 35),  # long "title; deck"
])
def test_segment_layouts_established_separator_takes_any_title_shape(odd):
    text, titles = _odd_title_page(odd)
    assert _titles(text, segment_page(text)) == titles


def test_segment_layouts_established_separator_keeps_short_article():
    text, titles = _odd_title_page("Short Note On The Weather", short_body=True)
    segs = segment_page(text)
    assert _titles(text, segs) == titles
    assert segs[2].body.text(text) == BODIES[0][1][0]


def test_segment_layouts_first_line_of_established_separator_page_any_shape():
    text, titles = _page("Keep reading")
    text = "convention notebook" + text[len(titles[0]):]
    assert _titles(text, segment_page(text)) == ["convention notebook", *titles[1:]]


def test_segment_layouts_all_caps_titles_on_a_caps_page():
    text, titles = _page("Share this:")
    for t in titles:
        text = text.replace(t, t.upper())
    assert _titles(text, segment_page(text)) == [t.upper() for t in titles]


def test_segment_layouts_rules_with_caps_section_labels_stay_one_article():
    """A title-case headline, then rules each followed by a short ALL-CAPS label: the
    sections of one article (a delegate count), never separate articles."""
    paras = [p for _, ps in BODIES for p in ps]
    text = "Delegate Update: The Latest Count\n\n" + paras[0]
    for k, label in enumerate(["PLEDGED DELEGATES", "SUPERDELEGATES", "THE TOTAL", "OUTSTANDING"]):
        text += f"\n\n___\n\n{label}\n\n{paras[k + 1]}\n\nClinton: 1,769.\n\nSanders: 1,501."
    assert len(segment_page(text)) == 1


def test_segment_layouts_bare_gap_evidence_takes_any_title_shape():
    """No separator, articles set apart by extra blank lines: once that gap is established by
    headline-shaped titles, a line after the same gap is a title whatever its shape."""
    text, titles = _odd_title_page("convention notebook", separator=None, gap="\n\n\n\n", para="\n")
    assert _titles(text, segment_page(text)) == titles


def test_segment_layouts_bare_title_with_deck():
    deck = "Senators Trade Blame Over Budget; " + " ".join(["leaders", "say", "talks"] * 8) + " will go on"
    text, titles = _odd_title_page(deck, separator=None, times=3)
    assert _titles(text, segment_page(text)) == titles


def test_segment_layouts_recurring_sign_off_is_not_the_separator():
    """Two articles by one author end with the same "Follow X on Twitter" line; a bare-title
    split that finds every title is preferred over splitting only at that line."""
    arts = [(t, ps * 3) for t, ps in BODIES] + [("Museum Opens New Wing After Long Delay", BODIES[0][1] * 3)]
    text = ""
    for k, (title, paras) in enumerate(arts):
        text += ("\n\n" if k else "") + title + "\n\n" + "\n\n".join(paras)
        if k in (0, 2):
            text += "\n\nFollow Jane Doe on Twitter @janedoe."
    assert _titles(text, segment_page(text)) == [t for t, _ in arts]


def test_segment_layouts_bare_evidence_keeps_short_article():
    """Bylines and extra blank lines mark every title: a one-paragraph article between two
    long ones is its own article, not merged into its neighbour."""
    arts = [(BODIES[0][0], BODIES[0][1] * 3), (BODIES[1][0], BODIES[1][1][:1]), (BODIES[2][0], BODIES[2][1] * 3)]
    text = "\n\n\n\n".join(f"{t}\nBy Jane Doe | March 3, 2016\n" + "\n\n".join(ps) for t, ps in arts)
    segs = segment_page(text)
    assert _titles(text, segs) == [t for t, _ in arts]
    assert segs[1].body.text(text).endswith(BODIES[1][1][0])


def _lead_in_page(lead_in, *, closer=None, numbering=None, lead_gap: str = "\n") -> tuple[str, list[str]]:
    """Three articles separated by the usual blank line only, each title followed by
    ``lead_in(k)`` (a caption, a standfirst) and/or each article closed by ``closer(k)``; with
    ``numbering`` the titles carry a counter."""
    chunks, titles = [], []
    for k, (title, paras) in enumerate(BODIES):
        shown = (numbering(k + 1) if numbering else "") + title
        titles.append(shown)
        art = shown + "\n\n" + (lead_in(k) + lead_gap if lead_in else "") + "\n\n".join(paras * 2)
        if closer:
            art += "\n\n" + closer(k)
        chunks.append(art)
    return "\n\n".join(chunks), titles


@pytest.mark.parametrize("lead_in,gap", [
    (lambda k: f"Photo: Jane Doe/Agency {k}", "\n"),                            # caption
    (lambda k: "A summary of the story in sentence case without a stop", "\n\n"),  # standfirst
    (lambda k: f"Daily Wire · {k + 3} min read", "\n\n"),                       # reading time
    (lambda k: "HEAVY CAMPAIGNING ON BOTH SIDES", "\n\n"),                     # ALL-CAPS standfirst
])
def test_segment_layouts_lead_in_line_under_each_title(lead_in, gap):
    """A short line that is neither prose nor a byline between each title and its prose is
    layout evidence like a byline: the page splits, and the line belongs to the body."""
    text, titles = _lead_in_page(lead_in, lead_gap=gap)
    segs = segment_page(text)
    assert _titles(text, segs) == titles
    assert all(s.body.text(text).startswith(lead_in(k)) for k, s in enumerate(segs))


def test_segment_layouts_article_with_lead_ins_under_two_subheads_stays_whole():
    """One article (its first line a headline over prose) with two subheads, each over a
    short non-prose line: the first title lacks that evidence, so two boundaries are too
    few to split."""
    paras = [p for _, ps in BODIES for p in ps]
    text = ("Inside the Budget Fight\n\n" + "\n\n".join(paras[:3])
            + "\n\nWhat Comes Next For The Senate\n\nA look at the votes ahead\n\n" + "\n\n".join(paras[3:6])
            + "\n\nThe Bottom Line For Voters\n\nWhat it means for taxes\n\n" + "\n\n".join(paras[6:]))
    segs = segment_page(text)
    assert len(segs) == 1 and segs[0].body == Span(0, len(text))


def test_segment_layouts_credit_line_closing_each_article():
    """A source-and-date line closing each article ("Agency — 3 March 2016") marks the
    next title; the credit line stays in the body of the article it closes."""
    text, titles = _lead_in_page(None, closer=lambda k: f"Agency {k} — {k + 3} March 2016")
    segs = segment_page(text)
    assert _titles(text, segs) == titles
    assert all(s.body.text(text).endswith(f"— {k + 3} March 2016") for k, s in enumerate(segs))


@pytest.mark.parametrize("numbering", [lambda k: f"{k}. ", lambda k: f"{k}) "])
def test_segment_layouts_numbered_titles(numbering):
    text, titles = _lead_in_page(None, numbering=numbering)
    assert _titles(text, segment_page(text)) == titles


def test_segment_layouts_numbered_titles_any_shape_and_a_ranked_list_inside():
    """A lower-case numbered title is still a title; a ranked list inside an article
    ("4. Ben Carson (3.)") neither cuts the count short nor replaces the real "4." title."""
    arts = [(t, ps * 2) for t, ps in BODIES] + [("convention notebook", BODIES[0][1] * 2),
                                                 ("Museum Opens New Wing After Long Delay", BODIES[1][1] * 2)]
    ranked = "\n\n".join(f"{n}. Candidate Name ({n + 1}.)" for n in range(1, 7))
    text, titles = "", []
    for k, (title, paras) in enumerate(arts):
        titles.append(f"{k + 1}. {title}")
        text += ("\n\n" if k else "") + titles[-1] + "\n\n" + "\n\n".join(paras)
        if k == 2:
            text += "\n\nThe ranking this week:\n\n" + ranked
    assert _titles(text, segment_page(text)) == titles


def test_segment_layouts_numbered_list_in_a_single_article_stays_whole():
    """An article whose first line is its headline and which holds a numbered list of
    title-case items: no counter starts at the first line, so it stays whole."""
    paras = [p for _, ps in BODIES for p in ps]
    text = "Five Things To Know Today\n\n" + paras[0]
    for n in range(1, 6):
        text += f"\n\n{n}. Senate Passes The Budget Deal\n\n{paras[n]}"
    assert len(segment_page(text)) == 1


def test_segment_layouts_first_line_any_shape_with_evidence_below():
    """A first title that ends like a sentence ("What's next? Much rests on his answer.")
    still opens a page whose other titles are set apart by extra blank lines, when one more
    boundary than usual shows that evidence."""
    arts = [("What's next for the Senate? Much rests on one vote.", BODIES[0][1] * 2)] + [
        (t, ps * 2) for t, ps in BODIES] + [("Museum Opens New Wing After Long Delay", BODIES[1][1] * 2)]
    text = "\n\n\n\n".join(t + "\n" + "\n".join(ps) for t, ps in arts)
    assert _titles(text, segment_page(text)) == [t for t, _ in arts]


def test_segment_layouts_untitled_article_with_spaced_subheads_stays_whole():
    """An article without a title line (it opens with a long paragraph) whose subheads
    have extra blank lines before them is one article."""
    paras = [p for _, ps in BODIES for p in ps]
    text = " ".join(paras[:3]) + "\n" + paras[3]
    for k, sub in enumerate(["What Comes Next For The Senate", "The Bottom Line For Voters",
                             "Where The Money Goes", "Who Pays For It"]):
        text += f"\n\n\n\n{sub}\n" + "\n".join(paras[(k * 2) % 9:(k * 2) % 9 + 3])
    segs = segment_page(text)
    assert len(segs) == 1 and segs[0].body == Span(0, len(text))


def test_segment_layouts_mixed_paragraph_styles_no_paragraph_is_a_title():
    """A long first article with single-newline paragraphs, then articles with blank-line
    paragraphs: the blank lines are "extra" only relative to the first article, so they
    are no title evidence, and no paragraph is taken for a title."""
    paras = [p for _, ps in BODIES for p in ps]
    arts = [("Live Updates From The Senate Budget Debate", "\n".join(paras * 4))] + [
        (t, "\n\n".join(ps * 2)) for t, ps in BODIES[1:]]
    text = "\n\n".join(t + ("\n" if k == 0 else "\n\n") + body for k, (t, body) in enumerate(arts))
    titles = _titles(text, segment_page(text))
    assert set(titles) <= {t for t, _ in arts}


def test_segment_layouts_shared_credit_line_is_not_the_separator():
    """Two articles that close with the same credit line ("Agency — 3 March 2016") and a
    page whose titles all have a credit line over them: the bare split finds every title,
    so the shared credit line is not taken for a separator that finds only one."""
    titles = [t for t, _ in BODIES] + _MORE_TITLES
    bodies = [ps * 3 for _, ps in BODIES] + [BODIES[0][1] * 3, BODIES[1][1] * 3]
    closers = {0: "Agency One — 4 March 2016", 1: "Agency Two — 5 March 2016", 2: "Agency Three — 6 March 2016",
               3: "Agency Two — 5 March 2016"}
    text = _bare_page(titles, bodies, closers=closers)
    assert _titles(text, segment_page(text)) == titles


def test_segment_layouts_short_brief_under_title_case_title_kept():
    """A page split on the evidence of its long articles keeps a one-paragraph brief under
    a title-case title as its own article (at the end of the page too)."""
    briefs = ["Schools Reopen After Storm Repairs Finish", "Mayor Names New Head Of Parks Department"]
    titles = [BODIES[0][0], BODIES[1][0], briefs[0], BODIES[2][0], _MORE_TITLES[0], briefs[1]]
    bodies = [BODIES[0][1] * 3, BODIES[1][1] * 3, BODIES[0][1][:1], BODIES[2][1] * 3, BODIES[1][1] * 3,
              BODIES[1][1][:1]]
    text = _bare_page(titles, bodies)
    segs = segment_page(text)
    assert _titles(text, segs) == titles
    assert segs[2].body.text(text) == BODIES[0][1][0]
    assert segs[-1].body.text(text) == BODIES[1][1][0]


def test_segment_layouts_short_paragraph_under_sentence_case_subhead_not_a_brief():
    """Only a title-case title may carry a short article: a sentence-case subhead over one
    short paragraph stays inside the article above."""
    titles = [t for t, _ in BODIES] + _MORE_TITLES[:1]
    bodies = [ps * 3 for _, ps in BODIES] + [BODIES[0][1] * 3]
    text = _bare_page(titles, bodies)
    sub = "\n\nWhat the vote means for the city budget\n\n" + BODIES[2][1][0]
    cut = text.index("\n\n" + titles[2])
    text = text[:cut] + sub + text[cut:]
    assert _titles(text, segment_page(text)) == titles


def test_segment_layouts_two_sentence_title_case_headline_with_stop():
    """"Senate Passes A Budget. Here's What Comes Next." is a headline on a bare page; a
    one-sentence title-case line with a stop (a photo credit, a list of names) is not."""
    titles = [t for t, _ in BODIES] + ["The Senate Passed A Budget. Here's What Comes Next."]
    bodies = [ps * 3 for _, ps in BODIES] + [BODIES[0][1] * 3]
    text = _bare_page(titles, bodies)
    assert _titles(text, segment_page(text)) == titles
    names = [t for t, _ in BODIES][:1] + ["Carlos Barria / Reuters Photo Credit Line.",
                                           "Jane Doe, John Roe And Max Moe Of The Budget Office."]
    single = _bare_page(names, [ps * 3 for _, ps in BODIES])
    assert len(segment_page(single)) == 1


def test_segment_layouts_lower_case_first_line_opens_page_with_enough_titles():
    """A kicker-like first line ("convention notebook") with no evidence of its own opens a
    bare page only when two more boundaries than usual carry headlines: a single article
    under such a line with three title-case subheads stays whole."""
    titles = ["convention notebook"] + [t for t, _ in BODIES] + _MORE_TITLES
    bodies = [BODIES[1][1] * 3] + [ps * 3 for _, ps in BODIES] + [BODIES[0][1] * 3, BODIES[1][1] * 3]
    text = _bare_page(titles, bodies)
    assert _titles(text, segment_page(text)) == titles
    whole = _bare_page(titles[:4], bodies[:4])
    segs = segment_page(whole)
    assert len(segs) == 1 and segs[0].body == Span(0, len(whole))
    untitled = _bare_page(["It was a long night in the Senate."] + titles[1:], bodies)
    assert len(segment_page(untitled)) == 1


def test_segment_layouts_numbered_title_of_any_shape_between_long_articles():
    """"2. What's next for the Senate? Much rests on one vote." (a sentence-case full stop)
    continues the count when the articles on both sides are long; a numbered sentence list
    inside an article ("2. Voters are angry.") does not take the place of the real "2." title."""
    odd = "What's next for the Senate? Much rests on one vote."
    arts = [(BODIES[0][0], BODIES[0][1] * 3), (odd, BODIES[1][1] * 3), (BODIES[2][0], BODIES[2][1] * 3)]
    text, titles = "", []
    for k, (title, paras) in enumerate(arts):
        titles.append(f"{k + 1}. {title}")
        text += ("\n\n" if k else "") + titles[-1] + "\n\n" + "\n\n".join(paras)
    assert _titles(text, segment_page(text)) == titles
    listed = "\n\n".join(f"{n}. Voters are angry about item {n}." for n in range(2, 5))
    cut = text.index("\n\n2. ")
    text2 = text[:cut] + "\n\nThe reasons:\n\n" + listed + text[cut:]
    assert _titles(text2, segment_page(text2)) == titles


def test_segment_layouts_credit_line_marks_title_of_any_headline_shape():
    """On a page whose titles follow a credit line closing the article above, a title
    ending like a sentence ("What's next? Much rests on one vote.") follows one too, and an
    ALL-CAPS first line ("IN BRIEF") opens the page when one more boundary shows the credit."""
    odd = "What's next for the Senate? Much rests on one vote."
    titles = ["IN BRIEF", BODIES[0][0], odd, BODIES[1][0], BODIES[2][0]]
    bodies = [BODIES[2][1] * 3, BODIES[0][1] * 3, BODIES[1][1] * 3, BODIES[1][1] * 3, BODIES[2][1] * 3]
    closers = {k: f"Agency {k} — {k + 3} March 2016" for k in range(5)}
    text = _bare_page(titles, bodies, closers=closers)
    assert _titles(text, segment_page(text)) == titles


def test_segment_layouts_all_caps_kicker_over_subheads_stays_whole():
    """An ALL-CAPS first line over one article with title-case subheads (no layout
    evidence) is not an aggregator."""
    titles = ["NEWS ANALYSIS", BODIES[0][0], BODIES[1][0], BODIES[2][0], _MORE_TITLES[0], _MORE_TITLES[1]]
    bodies = [BODIES[2][1] * 3] + [ps * 3 for _, ps in BODIES] + [BODIES[0][1] * 3, BODIES[1][1] * 3]
    text = _bare_page(titles, bodies)
    assert len(segment_page(text)) == 1


def test_segment_layouts_glued_name_line_and_interview_question_are_not_titles():
    """On a bare page without layout evidence, a title-case line glued to the text under it
    ("Jane Roe Smith, 52" over her story, closer than paragraphs are) heads a paragraph
    block, and "Q: Does The Senate Agree?" is a question of an interview: neither is a title."""
    titles = [t for t, _ in BODIES] + _MORE_TITLES[:1]
    bodies = [ps * 3 for _, ps in BODIES] + [BODIES[0][1] * 3]
    text = _bare_page(titles, bodies)
    extra = ("\n\nJane Roe Smith, 52\n" + " ".join(BODIES[2][1] * 3) + "\n\nQ: Does The Senate Agree With The Plan?\n\n"
             + "A: " + " ".join(BODIES[1][1] * 3))
    cut = text.index("\n\n" + titles[2])
    text = text[:cut] + extra + text[cut:]
    assert _titles(text, segment_page(text)) == titles


@pytest.mark.parametrize("odd", ["convention notebook", "What's next for the Senate? Much rests on one vote."])
def test_segment_layouts_repeated_first_line_of_separator_page_any_shape(odd):
    """On a separator page that prints each title twice, a first line printed twice is the
    first title whatever its shape."""
    arts = [(odd, BODIES[0][1] * 2)] + [(t, ps * 2) for t, ps in BODIES]
    text = "\n\nContinue reading →\n\n".join(f"{t}\n\n{t}\n\n" + "\n\n".join(ps) for t, ps in arts)
    segs = segment_page(text)
    assert _titles(text, segs) == [t for t, _ in arts]
    assert not segs[0].body.text(text).startswith(odd)


def test_segment_layouts_title_over_line_introducing_a_quotation():
    """A title over a line introducing a quotation ("From Jane Doe writing at The Daily:")
    and then the quoted paragraph is a title anywhere on a bare page, not only first."""
    titles = [t for t, _ in BODIES] + _MORE_TITLES[:1]
    bodies = [ps * 3 for _, ps in BODIES] + [BODIES[0][1] * 3]
    bodies[2] = ["From Jane Doe writing at The Daily:"] + bodies[2]
    text = _bare_page(titles, bodies)
    segs = segment_page(text)
    assert _titles(text, segs) == titles
    assert segs[2].body.text(text).startswith("From Jane Doe writing at The Daily:")


def test_segment_layouts_shared_related_line_loses_to_byline_titles():
    """Two articles each hold a '"Related:"' line over a related headline; the titles have a
    byline under them and extra blank lines before them. The shared line is no separator:
    the bare split (layout evidence, as many articles, other titles) wins."""
    arts = [(t, list(ps * 2)) for t, ps in BODIES]
    arts[0][1].insert(3, '"Related:"\n\nSenators Trade Blame Over The Budget Talks.')
    arts[1][1].insert(3, '"Related:"\n\nMayor Says City Will Pay For The Storm Repairs.')
    text = "\n\n\n\n".join(f"{t}\nBy Jane Doe | 2016-03-0{k + 1}\n" + "\n\n".join(ps)
                           for k, (t, ps) in enumerate(arts))
    assert _titles(text, segment_page(text)) == [t for t, _ in arts]
    # a real separator set off by extra blank lines is still the separator
    plain = [(t, ps * 2) for t, ps in BODIES]
    text2 = "\n\n\nRead the full story »\n\n\n".join(f"{t}\n\n" + "\n\n".join(ps) for t, ps in plain)
    assert _titles(text2, segment_page(text2)) == [t for t, _ in arts]
