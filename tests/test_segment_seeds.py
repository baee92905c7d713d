"""segment_page on the five real seed pages: 003 is ten articles, the others one each."""
from __future__ import annotations

import re

import pytest

from newstrace.ingest.segment import segment_page

from .conftest import SEEDS, require_shared

AGGREGATOR = "003_b7a587aa56bcf51a.txt"


def _seed(name: str) -> str:
    return (require_shared(SEEDS) / name).read_text(encoding="utf-8")


def _expected_titles(text: str) -> list[str]:
    """Titles read off the page's own structure: its first line, then the first non-empty
    line after each separator line (a line that occurs several times on the page)."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    counts = {ln: lines.count(ln) for ln in lines}
    titles = [lines[0]]
    for i, ln in enumerate(lines[:-1]):
        if counts[ln] > 2 and len(ln.split()) <= 3:
            titles.append(lines[i + 1])
    return titles


def test_segment_seed_aggregator_splits_into_ten_with_page_titles():
    text = _seed(AGGREGATOR)
    segs = segment_page(text)
    assert len(segs) == 10
    assert [s.title.text(text) for s in segs] == _expected_titles(text)
    for s in segs:
        body = s.body.text(text)
        assert body == body.strip() and len(body) > 200
        title = s.title.text(text)
        assert title not in body.split("\n")[:1]
        assert s.title.end <= s.body.start
        # separator lines are never part of an article body
        assert not any(ln.strip() == "Keep reading" for ln in body.split("\n"))
    assert all(a.body.end <= b.title.start for a, b in zip(segs, segs[1:]))


@pytest.mark.parametrize("name", ["000_08a8d14ee772c6dc.txt", "001_e7b570c725b06399.txt",
                                  "002_a9f051abcd23c03d.txt", "004_d8392c0a431e92c0.txt"])
def test_segment_seed_single_articles_are_not_split(name):
    text = _seed(name)
    segs = segment_page(text)
    assert len(segs) == 1
    assert segs[0].body.start == 0 and segs[0].body.end == len(text)


def test_segment_seed_repeated_title_line_is_the_title():
    text = _seed("001_e7b570c725b06399.txt")
    (seg,) = segment_page(text)
    first_line = text.split("\n", 1)[0]
    assert seg.title is not None and seg.title.text(text) == first_line.strip()


def test_segment_seed_prose_first_line_is_not_a_title():
    text = _seed("000_08a8d14ee772c6dc.txt")
    assert re.search(r"[.!?]\s*$", text.split("\n", 1)[0])
    assert segment_page(text)[0].title is None
