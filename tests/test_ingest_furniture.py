"""Page furniture (newstrace.ingest.furniture): each kind on hand-made pages, prose never
marked, span arithmetic on any text, repetition across a small corpus; and the splitter
(segment_page) keeping real single pages whole where their furniture looked like titles or
separators. The Helsinki check reads ../shared (skipped without it)."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstrace.ingest.furniture import FURNITURE_KINDS, furniture_spans, normalise_line, recurring_lines
from newstrace.ingest.segment import segment_page
from newstrace.model import Span

from .conftest import SHARED, require_shared

PROSE = [
    "The council voted on Tuesday to delay the budget until the end of the month.",
    "Officials said the new rules would take effect in the spring, after a review.",
    "The report was published on March 5, 2019, after months of delay in committee.",
    "Voters can sign up for absentee ballots until Friday, the county clerk said.",
    "He said the photo was taken by a Reuters photographer during the 2017 visit.",
    "By the time the polls closed, turnout had reached a record high in the county.",
    "Read more about the plan in the documents the agency released on Monday.",
    "“We will not back down,” the mayor told a crowd of supporters outside City Hall.",
    "Related talks in Geneva ended without a deal, according to two diplomats.",
    "Watch for more storms later this week, the forecaster warned on Sunday night.",
    "Copyright lawyers for the studio argued that the clip was never licensed.",
    "The newsletter, which has 40,000 readers, was sold to a rival last year.",
]


def _kinds(text: str, recurring: frozenset[str] | None = None) -> dict[str, str]:
    return {sp.text(text): kind for sp, kind in furniture_spans(text, recurring)}


def _page(*lines: str) -> str:
    return "\n\n".join([PROSE[0], *lines, PROSE[1]])


@pytest.mark.parametrize("line,kind", [
    ("Image 3 of 12", "gallery"), ("Image 1of/4", "gallery"), ("1 / 12", "gallery"), ("Fullscreen", "gallery"),
    ("Back to Gallery", "gallery"), ("Enlarge this image", "gallery"), ("Media: Channel Seven", "gallery"),
    ("Photo: Maria Lopez, AP", "credit"), ("Kenji Sato | Reuters | Getty Images", "credit"),
    ("Dana White/The Daily Herald", "credit"), ("Pool photo by Lee Park", "credit"), ("Getty Images", "credit"),
    ("Sam Ortiz, EPA-EFE", "credit"), ("CreditOla Berg for The Daily Herald", "credit"), ("File photo", "credit"),
    ("The mayor greets supporters outside City Hall on Tuesday. (AP Photo/Ana Ruiz)", "caption-credit"),
    ("Delegates arrive for the summit in Oslo on Monday. (Per Lund / Reuters)", "caption-credit"),
    ("FILE - In this March 3, 2017 file photo, the senator speaks at a rally in Denver.", "caption-credit"),
    ("Crowds fill the square before the parade. Credit Ola Berg/The Daily Herald", "caption-credit"),
    ("Share on Facebook Share on Twitter", "share"), ("SHARE TWEET LINKEDIN 12 COMMENTEMAILMORE", "share"),
    ("Email", "share"), ("Share this article", "share"),
    ("Related content", "related"), ("MOST READ", "related"), ("Trending in Business", "related"),
    ("READ MORE: City council delays vote on new budget", "related"), ("SEE ALSO: Five things to know", "related"),
    ("Sign up for our morning newsletter and get the news in your inbox.", "newsletter"), ("SUBSCRIBE", "newsletter"),
    ("Never miss a story", "newsletter"), ("Loading comments...", "comment"),
    ("62% of readers think this story is Fact. Add your two cents.", "comment"),
    ("Advertisement", "advert"), ("Story continued below", "advert"),
    ("window._ads = window._ads || []; _ads.push({ slot: 'top' });", "advert"),
    ("Copyright 2019 The Daily Herald. All rights reserved.", "copyright"), ("© 2019 Herald Media", "copyright"),
    ("By Maria Lopez and Tom Hart", "byline"), ("By: Jo Kim | March 5, 2019 10:16 am ET", "byline"),
    ("jo.kim@example.com", "byline"), ("Jo Kim, Herald staff writer Published 7:05 a.m. ET March 5, 2019", "byline"),
    ("Updated 9:42 a.m. ET, Tue March 5, 2019", "dateline"), ("March 5, 2019", "dateline"),
    ("10:15 a.m.", "dateline"), ("Published 12 Mins Ago", "dateline"), ("OSLO (AFP)", "dateline"),
    ("More", "nav"), ("Search", "nav"), ("* * *", "rule"), ("___", "rule"),
])
def test_furniture_kind_of_each_shape(line, kind):
    text = _page(line)
    assert _kinds(text) == {line: kind}


def test_furniture_related_label_marks_its_teaser_not_the_prose_after():
    text = _page("Related content", "Harbor tunnel reopens after two-year repair", PROSE[2])
    assert _kinds(text) == {"Related content": "related", "Harbor tunnel reopens after two-year repair": "related"}


def test_furniture_teaser_run_stops_at_a_subhead_over_prose():
    # a list of teasers under a plural label, then the article's own subhead over its prose
    text = "\n\n".join([PROSE[0], "Related Stories", "Harbor tunnel reopens after two-year repair",
                        "Where to park downtown", PROSE[1]])
    kinds = _kinds(text)
    assert kinds.get("Harbor tunnel reopens after two-year repair") == "related"
    assert "Where to park downtown" not in kinds


def test_furniture_read_more_label_marks_no_teaser():
    # "Read more" closes an article; the line after it may be the next article's title
    text = _page("Read more", "Harbor tunnel reopens after two-year repair")
    assert _kinds(text) == {"Read more": "related"}


def test_furniture_gallery_caption_printed_twice():
    cap = "Firefighters work through the night to contain the blaze near the river on Sunday."
    text = "\n\n".join([PROSE[0], "Photo: Maria Lopez, AP", "Image 2 of 5", cap, cap, "Photo: Maria Lopez, AP",
                        "Image 3 of 5", PROSE[1]])
    kinds = _kinds(text)
    assert kinds[cap] == "caption"
    assert sum(1 for sp, k in furniture_spans(text) if k == "caption") == 2
    # a title printed twice over a byline is the article's own
    text = "\n\n".join(["Harbor tunnel reopens after repair", "Harbor tunnel reopens after repair",
                        "By Maria Lopez", PROSE[0]])
    assert "Harbor tunnel reopens after repair" not in _kinds(text)


def test_furniture_gallery_headline_is_no_credit():
    text = _page("PHOTOS: Crowds Gather For The Harbor Festival")
    assert _kinds(text) == {}


@pytest.mark.parametrize("line", PROSE + [
    "Harbor tunnel reopens after two-year repair",
    "What the vote means for the city",
    "The Latest: Storm moves north",
    "Trump meets Putin | Reuters",
    "Photos show the damage to the harbor after the storm, officials said on Monday.",
])
def test_furniture_prose_and_headlines_never_marked(line):
    text = "\n\n".join([PROSE[3], line, PROSE[4]])
    assert _kinds(text) == {}


def test_furniture_spans_are_stripped_lines_in_page_order():
    text = "  Image 2 of 5  \r\n" + PROSE[0] + "\n\n\tAdvertisement\n" + PROSE[1] + "\n* * *"
    spans = furniture_spans(text)
    assert [(sp.text(text), k) for sp, k in spans] == [("Image 2 of 5", "gallery"), ("Advertisement", "advert"),
                                                       ("* * *", "rule")]


_LINEISH = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
_TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(_LINEISH, st.sampled_from(["", "Image 2 of 5", "Related content", "Advertisement",
                                                   "Photo: Jo Kim, AP", "  By Jo Kim  ", "\t***", "March 5, 2019",
                                                   "Teaser headline about the harbor", PROSE[0]])),
             max_size=30).map("\n".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_furniture_span_arithmetic_on_any_text(text):
    spans = furniture_spans(text)
    lines = {}
    pos = 0
    for raw in text.split("\n"):
        lead = len(raw) - len(raw.lstrip())
        if raw.strip():
            lines[pos + lead] = raw.strip()
        pos += len(raw) + 1
    prev_end = -1
    for sp, kind in spans:
        assert kind in FURNITURE_KINDS
        assert 0 <= sp.start < sp.end <= len(text)
        assert sp.start > prev_end, "sorted and non-overlapping"
        prev_end = sp.end
        assert sp.start in lines, "a span starts a line"
        assert sp.text(text) == lines[sp.start], "text[span] is the whitespace-stripped line"
        assert sp.end == len(text) or text[sp.end:].split("\n", 1)[0].strip() == "", "it ends its line"


def test_furniture_normalise_line():
    assert normalise_line("  Image 2 of 15 ") == normalise_line("image 3  of 9") == "image 0 of 0"
    assert normalise_line("MOST\tREAD") == "most read"


def test_recurring_lines_by_outlet():
    para = "The council voted on Tuesday to delay the budget until the end of the month."
    pages = [
        ("herald.example", f"Town news one\n\nMost Shared Today\n\nFirst story text goes here.\n\n{para}"),
        ("herald.example", f"Town news two\n\nSecond story text here.\n\nMost Shared Today\n\n{para}"),
        ("herald.example", "Town news three\n\nThe same paragraph before it.\n\nWHAT COMES NEXT\n\nThe same after it."),
        ("herald.example", "Town news four\n\nThe same paragraph before it.\n\nWHAT COMES NEXT\n\nThe same after it."),
        ("gazette.example", "Gazette one\n\nMost Shared Today\n\nA gazette story."),
        ("post.example", "Post one\n\nSign In\n\nA post story."),
        ("courier.example", "Courier one\n\nSign In\n\nA courier story."),
        (None, "Loose one\n\nSkip To Content\n\nLoose story one."),
        (None, "Loose two\n\nSkip To Content\n\nLoose story two."),
    ]
    rec = recurring_lines(pages)
    assert "most shared today" in rec          # short, on two pages of one outlet, in different places
    assert normalise_line(para) not in rec     # a recurring paragraph is no furniture
    assert "what comes next" not in rec        # a subhead copied with its article: the same neighbours
    assert "sign in" not in rec                # once in each of two outlets
    assert "skip to content" in rec            # outlet None: one outlet
    assert recurring_lines(pages, min_pages=3) == frozenset()
    text = "Story\n\nMost Shared Today\n\n" + PROSE[0]
    assert _kinds(text, rec) == {"Most Shared Today": "repeated"}
    assert _kinds(text) == {}


# ------------------------------------------------------------------------------- the splitter

def _one_article(n_paras: int = 3) -> list[str]:
    return [PROSE[(k * 5) % len(PROSE)] + " " + PROSE[(k * 7 + 1) % len(PROSE)] for k in range(n_paras)]


def test_splitter_gallery_furniture_is_no_title_or_separator():
    """A single article under a photo gallery whose credit recurs before each counter: no split."""
    gallery = []
    for k in range(1, 5):
        gallery += ["Photo: Maria Lopez, AP", f"Image {k} of 4", f"Firefighters work at the scene number {k}.",
                    f"Firefighters work at the scene number {k}."]
    text = "\n\n".join(["Harbor fire forces hundreds from their homes", *gallery, *_one_article(6)])
    segs = segment_page(text)
    assert len(segs) == 1 and segs[0].title is not None
    assert segs[0].title.text(text) == "Harbor fire forces hundreds from their homes"


def test_splitter_related_teasers_are_no_titles():
    body = _one_article(8)
    text = "\n\n".join(["Harbor fire forces hundreds from their homes", *body[:3], "Related content",
                        "City council delays vote on harbor budget", *body[3:5], "Related content",
                        "Mayor tours the harbor after the fire", *body[5:]])
    assert len(segment_page(text)) == 1


def test_splitter_live_blog_posts_stay_one_page():
    posts = []
    for k, head in enumerate(["Crowds gather at the harbor before dawn", "Ferry service suspended until noon",
                              "Mayor thanks the fire crews at a briefing"]):
        posts += [f"{11 - k}:{15 + k}", head, *_one_article(3)]
    text = "\n\n".join(["Harbor fire live: the latest updates", "By Maria Lopez", *posts])
    assert len(segment_page(text)) == 1


def test_splitter_first_line_furniture_is_no_title():
    text = "\n\n".join(["Loading comments...", *_one_article(3)])
    assert segment_page(text)[0].title is None


#: Helsinki dev pages that hold several articles (read by hand): h12876 is an "AP News in
#: Brief" digest, ten wire briefs each under its own headline, set off by "___" rules.
HELSINKI_MULTI_ITEM = {"h12876": 10}


def test_helsinki_single_pages_are_never_split():
    path = require_shared(SHARED / "data" / "helsinki" / "helsinki_dev.jsonl")
    split = {}
    n = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            n += 1
            segs = segment_page(row["maintext"])
            if len(segs) > 1:
                split[row["id"]] = len(segs)
    assert n == 306
    assert split == HELSINKI_MULTI_ITEM


def test_recurring_lines_merge_order_free():
    """Merging page observations in any order (as Spark's reduceByKey does) gives the same lines."""
    from newstrace.ingest.furniture import is_recurring, line_observations, merge_observations

    names = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"]
    pages = [("o", f"Story {w}\n\nMost Shared Today\n\nBody {w} text.\n\nLine {names[k % 2]}")
             for k, w in enumerate(names)]
    tallies: dict = {}
    for outlet, text in reversed(pages):
        for key, (before, after) in line_observations(outlet, text):
            tallies[key] = merge_observations(tallies.get(key, (0, set(), set())), (1, before, after))
    merged = frozenset(k[1] for k, t in tallies.items() if is_recurring(t))
    assert merged == recurring_lines(pages)
    assert "most shared today" in merged


@pytest.mark.parametrize("unit", ["x", "a@b.", "By 1", "Share ", "Ab ", "Jane Roe / ", "Image 1 of "])
def test_furniture_long_lines_judged_in_bounded_work(unit):
    """A line of 100,000 characters built from one unit: judged as no furniture (or as a
    script) without any pattern backtracking over the whole line (the share-bar search and the
    e-mail pattern once took 17 s and 35 s on such lines; now they are skipped past a length)."""
    line = unit * (100_000 // len(unit))
    assert furniture_spans("Title Here\n\n" + line) == []
    assert furniture_spans("Title Here\n\nwindow._taboola = [];" + line) == [
        (Span(12, 12 + len("window._taboola = [];" + line.rstrip())), "advert")]
