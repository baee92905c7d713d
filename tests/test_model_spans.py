"""Span arithmetic and the contract's span records (property tests)."""
from hypothesis import given, strategies as st

from newstrace.model import Span, span_from_record, span_record


@st.composite
def text_and_span(draw):
    text = draw(st.text(max_size=200))
    a = draw(st.integers(0, len(text)))
    b = draw(st.integers(a, len(text)))
    return text, Span(a, b)


@given(text_and_span())
def test_model_span_record_roundtrip(ts):
    text, span = ts
    rec = span_record(span, text)
    assert text[rec["start"]:rec["end"]] == rec["text"]
    assert span_from_record(rec) == span


@given(text_and_span())
def test_model_strip_stays_inside_and_trims(ts):
    text, span = ts
    s = span.strip(text)
    assert span.contains(s)
    t = s.text(text)
    assert t == t.strip() or t == ""
    assert t.strip() == span.text(text).strip()


@given(text_and_span(), text_and_span())
def test_model_overlap_symmetric(a, b):
    sa, sb = a[1], b[1]
    assert sa.overlap(sb) == sb.overlap(sa)
    assert sa.overlaps(sb) == (sa.overlap(sb) > 0)
    h = sa.hull(sb)
    assert h.contains(sa) and h.contains(sb)


def test_model_span_rejects_bad_offsets():
    import pytest
    with pytest.raises(ValueError):
        Span(5, 2)
    with pytest.raises(TypeError):
        Span("1", 2)  # offsets are never strings
    with pytest.raises(ValueError):
        span_record(Span(0, 10), "short")
