"""Who copied whom: shared passages, copy edges and the copy tree of a family."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from newstrace.model import Article, Span
from newstrace.pipeline import ArticleResult
from newstrace.reuse import analyze_reuse
from newstrace.reuse.direction import parse_time
from newstrace.reuse.passages import GRAM, RUN_MIN_TOKENS, own_grams, passage_share

WIRE = [
    "The city council of Springfield approved a 12 million dollar budget for new bridges on Tuesday evening.",
    "Mayor Linda Owens said the vote ended a two-year dispute with the state transport agency over repairs.",
    "Construction of the first bridge over the Clearwater River will begin in March and last eighteen months.",
    "Opposition councillor Mark Reyes voted against the plan, citing rising maintenance costs for the city.",
    "The state agency has promised to cover a third of the cost if work starts before the end of the year.",
]
LOCAL = WIRE[:4] + ["Residents of the east side have waited for a new crossing since the old one closed in 2019."]
REPRINT = WIRE[:3]


def _result(aid, sentences, published=None, downloaded=None):
    text = "\n".join(sentences)
    spans, pos = [], 0
    for s in sentences:
        spans.append(Span(pos, pos + len(s)))
        pos += len(s) + 1
    return ArticleResult(Article(aid, aid + ".txt", text, published=published, downloaded=downloaded), spans, [])


def test_reuse_direction_sources_follow_publication_time():
    res = analyze_reuse([_result("local", LOCAL, "2025-03-04T12:00:00Z"), _result("wire", WIRE, "2025-03-04T08:00:00Z"),
                         _result("reprint", REPRINT, "2025-03-05")])
    assert [f.articles for f in res.families] == [["local", "reprint", "wire"]]
    assert res.families[0].source == "wire"
    src = {s.article: s for s in res.sources}
    assert src["wire"].source is None and src["wire"].basis == "published"
    assert src["local"].source == "wire" and src["reprint"].source in ("wire", "local")
    # the local copy adds a sentence (carried < 1) and cuts one (kept < 1); same lead
    assert src["local"].carried < 1 and src["local"].kept < 1 and src["local"].shared_lead


def test_reuse_direction_download_time_when_publication_is_missing():
    res = analyze_reuse([_result("wire", WIRE, None, "2025-03-04T09:00:00+01:00"),
                         _result("local", LOCAL, None, "2025-03-04T07:30:00Z")])
    src = {s.article: s for s in res.sources}
    assert {s.basis for s in res.sources} == {"downloaded"}
    assert src["local"].source is None and src["wire"].source == "local"  # fetched first = earliest known


def test_reuse_direction_links_and_support_only_along_copies():
    """Four copies of one story: alignments member↔source and member↔root only."""
    results = [_result(f"c{k}", WIRE, f"2025-03-0{k + 1}") for k in range(4)]
    res = analyze_reuse(results)
    pairs = {(ln.a, ln.b) for ln in res.links}
    assert pairs <= {("c0", "c1"), ("c0", "c2"), ("c0", "c3"), ("c1", "c2"), ("c2", "c3"), ("c1", "c3")}
    assert len(pairs) <= 2 * 3


def test_reuse_direction_parse_time_reads_common_forms():
    assert parse_time("2018-07-15T07:54:28-04:00").isoformat() == "2018-07-15T11:54:28+00:00"
    assert parse_time("2018-07-15").isoformat() == "2018-07-15T00:00:00+00:00"
    assert parse_time("Sun, 15 Jul 2018 07:54:28 GMT").hour == 7
    assert parse_time("yesterday") is None and parse_time(None) is None


def test_reuse_passages_quotes_break_the_own_text():
    text = 'The minister said on Tuesday that the bridge "will open in March after two years of delays" as planned.'
    q0 = text.index('"')
    q1 = text.index('"', q0 + 1) + 1
    own = own_grams(text, [Span(q0, q1)])
    other = own_grams('"will open in March after two years of delays" is what the minister said.')
    assert passage_share(own, other) == 0.0  # only quoted words are shared


_words = st.lists(st.sampled_from("the a bridge river city council mayor budget vote march agency".split()),
                  min_size=0, max_size=60)


@given(a=_words, b=_words)
@settings(max_examples=80, deadline=None)
def test_reuse_passages_share_is_a_share_and_one_for_a_copy(a, b):
    ta, tb = " ".join(a), " ".join(b)
    ga, gb = own_grams(ta), own_grams(tb)
    s = passage_share(ga, gb)
    assert 0.0 <= s <= 1.0
    if len(a) >= RUN_MIN_TOKENS:
        assert passage_share(ga, own_grams(ta + " " + tb)) == 1.0
    if len(a) < GRAM:
        assert s == 0.0
