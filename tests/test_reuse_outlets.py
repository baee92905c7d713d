"""The outlet network: directed links between outlets from every family's who-copied-whom."""
from __future__ import annotations

from newstrace.model import Article, Source
from newstrace.reuse.outlets import outlet_network, outlet_of


def _art(aid, outlet=None, url=None, published=None, downloaded=None):
    return Article(aid, aid, "text", outlet=outlet, url=url, published=published, downloaded=downloaded)


def test_outlets_links_weighted_by_families_copies_and_lag():
    arts = [_art("w1", "Wire", published="2018-07-16T08:00:00Z"), _art("e1", "Echo", published="2018-07-16T10:00:00Z"),
            _art("e1b", "Echo", published="2018-07-16T12:00:00Z"),  # Echo's own update of e1: no link
            _art("w2", "Wire", published="2018-07-17T08:00:00Z"), _art("e2", "Echo", published="2018-07-17T14:00:00Z"),
            _art("d2", url="https://www.digest.example.com/x", downloaded="2018-07-17T20:00:00Z"),
            _art("n2")]  # no outlet, no url: no link
    sources = [Source("F1", "w1", None, "published"), Source("F1", "e1", "w1", "published"),
               Source("F1", "e1b", "e1", "published"),
               Source("F2", "w2", None, "published"), Source("F2", "e2", "w2", "published"),
               Source("F2", "d2", "e2", "published"), Source("F2", "n2", "w2", "published")]
    links = outlet_network(arts, sources)
    got = [(l.source, l.copier, l.families, l.copies, l.median_lag_hours, l.family_ids) for l in links]
    assert got == [("Wire", "Echo", 2, 2, 4.0, ["F1", "F2"]), ("Echo", "digest.example.com", 1, 1, 6.0, ["F2"])]


def test_outlets_outlet_name_falls_back_on_the_url_host():
    assert outlet_of(_art("a", outlet=" BBC ")) == "BBC"
    assert outlet_of(_art("a", url="https://www.nytimes.com/2018/07/16/x.html")) == "nytimes.com"
    assert outlet_of(_art("a")) is None


def test_outlets_lag_is_left_out_without_both_times():
    arts = [_art("a", "A"), _art("b", "B", published="2018-07-16")]
    (link,) = outlet_network(arts, [Source("F", "a", None, "text"), Source("F", "b", "a", "text")])
    assert link.median_lag_hours is None and link.to_record().get("median_lag_hours") is None
