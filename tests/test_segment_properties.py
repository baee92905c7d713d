"""Property tests for segment_page: spans always lie in the text and never overlap, on any
input; and pages built with a random separator wording split exactly at their titles."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstrace.ingest.segment import segment_page
from newstrace.model import Span

_LINEISH = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
_PAGES = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(_LINEISH, st.sampled_from(["", "Keep reading", "---", "Read More", "Title Case Line Here",
                                                   "A sentence that ends properly and is long enough to be prose."])),
             max_size=40).map("\n".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_PAGES)
def test_segment_properties_spans_are_consistent(text):
    segs = segment_page(text)
    assert segs, "always at least one segment"
    n = len(text)
    for s in segs:
        assert 0 <= s.body.start <= s.body.end <= n
        if s.title is not None:
            assert 0 <= s.title.start < s.title.end <= n
            assert text[s.title.start:s.title.end] == text[s.title.start:s.title.end].strip()
    if len(segs) == 1:
        assert segs[0].body == Span(0, n)
        if segs[0].title is not None:
            assert segs[0].body.contains(segs[0].title)
        return
    bodies = [s.body for s in segs]
    for a, b in zip(bodies, bodies[1:]):
        assert a.end <= b.start, "bodies are in page order and do not overlap"
    for s in segs:
        assert len(s.body) > 0 and s.body.strip(text) == s.body, "bodies are whitespace-trimmed"
        if s.title is not None:
            assert s.title.end <= s.body.start
            assert not any(s.title.overlaps(b) for b in bodies)


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9)
# A title opening with a byline prefix of segment_rules.json ("Published Aaa Aaa", found by
# hypothesis; the same with the round-6 and round-7 rules) is a byline-shaped line, no headline.
_BYLINE_WORDS = {"by", "posted", "written", "published", "updated"}
_TITLE = (st.lists(_WORD, min_size=3, max_size=9).map(lambda ws: " ".join(w.capitalize() for w in ws))
          .filter(lambda t: t.split()[0].casefold() not in _BYLINE_WORDS))
_SENTENCE = st.lists(_WORD, min_size=12, max_size=20).map(lambda ws: " ".join(ws).capitalize() + ".")
_ARTICLE = st.tuples(_TITLE, st.lists(_SENTENCE, min_size=2, max_size=5))
_SEPARATOR = st.one_of(
    st.lists(_WORD, min_size=1, max_size=3).map(lambda ws: " ".join(ws).capitalize()),
    st.sampled_from(["---", "* * *", "___", "~~~~", "• • •", "═════"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_ARTICLE, min_size=3, max_size=6, unique_by=lambda a: a[0]), _SEPARATOR,
       st.sampled_from(["\n", "\n\n"]))
def test_segment_properties_any_separator_wording_splits_at_titles(articles, separator, para):
    titles = [t for t, _ in articles]
    if separator.casefold() in {t.casefold() for t in titles}:
        return
    text = f"\n\n{separator}\n\n".join(t + "\n\n" + para.join(ps) for t, ps in articles)
    segs = segment_page(text)
    assert [s.title.text(text) if s.title else None for s in segs] == titles
    assert [s.body.text(text) for s in segs] == [para.join(ps) for _, ps in articles]


@settings(max_examples=100, deadline=None)
@given(_TITLE, st.lists(_SENTENCE, min_size=1, max_size=30), st.sampled_from(["\n", "\n\n", "\n\n\n"]))
def test_segment_properties_single_article_never_split(title, sentences, para):
    text = title + "\n\n" + para.join(sentences)
    segs = segment_page(text)
    assert len(segs) == 1 and segs[0].body == Span(0, len(text))
    assert segs[0].title is not None and segs[0].title.text(text) == title
