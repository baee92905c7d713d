"""The learned splitter (newstrace.ingest.segment_model): lines, features, decoder, the shipped
ONNX artifact, and how segment_page combines it with the rules."""
from __future__ import annotations

import hashlib

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.ingest import segment_model as M
from newstrace.ingest.segment import Segment, segment_page, segment_rules
from newstrace.model import Span


@given(st.text(alphabet=st.sampled_from("ab \n\t\r.-—“”é\u2028"), max_size=200))
@settings(max_examples=200, deadline=None)
def test_page_lines_are_stripped_spans_of_the_text(text):
    lines = M.page_lines(text)
    prev_end = 0
    for ln in lines:
        assert text[ln.start:ln.end] == ln.text == ln.text.strip() and ln.text
        assert ln.start >= prev_end
        prev_end = ln.end
    assert len(lines) == sum(1 for raw in text.split("\n") if raw.strip())


def test_page_lines_count_blank_lines_before_each_line():
    lines = M.page_lines("Title\n\n\nBody one.\nBody two.\n  \nEnd")
    assert [(ln.text, ln.blank_before) for ln in lines] == [
        ("Title", 0), ("Body one.", 2), ("Body two.", 0), ("End", 1)]


@given(st.lists(st.text(alphabet=st.sampled_from("Ab c.:©1\n "), max_size=40), max_size=12))
@settings(max_examples=100, deadline=None)
def test_page_features_have_one_finite_row_per_line(parts):
    text = "\n".join(parts)
    lines = M.page_lines(text)
    f = M.page_features(text, lines)
    if lines:
        assert f.shape == (len(lines), M.model_info()["n_features"])
        assert np.isfinite(f).all()


def test_containment_counts_a_title_repeated_inside_a_longer_line():
    texts = ["A headline that is long enough", "Next: A headline that is long enough", "body text here."]
    contained, contains = M._containment(texts)
    assert contained.tolist() == [1, 0, 0] and contains.tolist() == [0, 1, 0]


def _lines(n):
    return [M.PageLine(i * 300, i * 300 + 100, "x" * 100, 1) for i in range(n)]


def _proba(labels, title_p=0.95):
    p = np.full((len(labels), M.N_CLASSES), 0.01, dtype=np.float32)
    for i, lab in enumerate(labels):
        p[i, lab] = title_p if lab == M.TITLE else 0.97
    return p


def test_decode_splits_three_titles_and_keeps_separators_out_of_bodies():
    T, C, B, N = M.TITLE, M.TCONT, M.BODY, M.NONE
    labels = [T, C, B, B, N, T, B, N, T, B, B]
    out = M.decode(_lines(len(labels)), _proba(labels), threshold=0.5)
    assert out is not None and len(out) == 3
    (t1, b1), (t2, b2), (t3, b3) = out
    assert t1 == Span(0, 400)          # the title and its continuation line
    assert b1 == Span(600, 1000)       # body lines 2-3; the no-article line 4 is left out
    assert (t2.start, b2) == (1500, Span(1800, 1900))
    assert b3 == Span(2700, 3100)


def test_decode_keeps_a_page_whole_with_fewer_than_three_titles_or_body_before_the_first():
    T, B, N = M.TITLE, M.BODY, M.NONE
    assert M.decode(_lines(6), _proba([T, B, B, T, B, B]), 0.5) is None
    assert M.decode(_lines(7), _proba([B, T, B, T, B, T, B]), 0.5) is None
    assert M.decode(_lines(7), _proba([N, T, B, T, B, T, B]), 0.5) is not None
    # below the threshold: not a title
    assert M.decode(_lines(6), _proba([T, B, T, B, T, B], title_p=0.4), 0.5) is None


def test_decode_suppresses_titles_closer_than_min_gap():
    T, B = M.TITLE, M.BODY
    # lines 50 characters apart: titles at 0 (p 0.95), 50 (p 0.6, too close: dropped), 300, 600
    lines = [M.PageLine(i * 50, i * 50 + 40, "x" * 40, 1) for i in range(16)]
    labels = [T, T, B, B, B, B, T, B, B, B, B, B, T, B, B, B]
    p = _proba(labels)
    p[1, M.TITLE] = 0.6
    out = M.decode(lines, p, 0.5)
    assert out is not None and [t.start for t, _ in out] == [0, 300, 600]
    assert out[0][1] == Span(100, 290)  # the dropped title line is outside the first body
    assert M.decode(lines, p, 0.5, min_gap=400) is None  # only 0 and 600 remain


def test_shipped_model_matches_its_metadata():
    info = M.model_info()
    blob = (M.MODEL_DIR / info["artifact"]).read_bytes()
    assert hashlib.sha256(blob).hexdigest() == info["sha256"] and len(blob) == info["bytes"]
    assert len(blob) < 5_000_000
    assert 0.0 < info["threshold"] < 1.0 and info["min_articles"] >= 3
    assert "train" in info["train_data"]["split"] and "scripts/train_segmenter.py" in info["train_command"]
    p = M.predict_proba(np.zeros((3, info["n_features"]), dtype=np.float32))
    assert p.shape == (3, M.N_CLASSES) and np.allclose(p.sum(1), 1.0, atol=1e-4)


def test_segment_page_is_the_rules_wherever_they_split():
    from evals import segmentation as seg_eval
    from .conftest import POLNEAR, require_shared

    train = seg_eval.load_polnear("train", require_shared(POLNEAR))
    for page in seg_eval.build_pages(train, [seg_eval.TUNING_LAYOUTS[0]], pages_per_layout=5, seed=3):
        rules = segment_rules(page.text)
        assert len(rules) > 1 and segment_page(page.text) == rules


def test_segment_page_asks_the_model_only_where_the_rules_keep_the_page_whole(monkeypatch):
    calls = []
    single = ("Senate Passes Budget\n\nThe Senate passed the budget on Tuesday after a long debate.\n\n"
              "House Delays Vote\n\nThe House put off its vote until next week, its leaders said.\n\n"
              "Court Hears Case\n\nThe court heard the arguments in the case on Monday morning.\n")

    def line(s):
        return Span(single.index(s), single.index(s) + len(s))

    spans = [(line(t), line(b)) for t, b in (
        ("Senate Passes Budget", "The Senate passed the budget on Tuesday after a long debate."),
        ("House Delays Vote", "The House put off its vote until next week, its leaders said."),
        ("Court Hears Case", "The court heard the arguments in the case on Monday morning."))]

    def fake(text):
        calls.append(text)
        return spans

    monkeypatch.setattr("newstrace.ingest.segment.decision.learned_split", fake)
    assert len(segment_rules(single)) == 1
    assert segment_page(single) == [Segment(body, title) for title, body in spans] and calls == [single]
    # a first "title" that would not pass as the page's headline: the page stays whole
    monkeypatch.setattr("newstrace.ingest.segment.decision.learned_split",
                        lambda text: [(line("passed the"), line("budget"))] + spans[1:])
    assert segment_page(single) == segment_rules(single)
    monkeypatch.setattr("newstrace.ingest.segment.decision.learned_split", lambda text: None)
    assert segment_page(single) == segment_rules(single)
