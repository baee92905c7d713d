"""Quote drift: reworded quotes across articles, with a word-level diff."""
from newstrace.model import Span
from newstrace.reuse.corpus import index_article
from newstrace.reuse.drift import drift_between, quote_words, similarity, word_diff


def _art(aid, text):
    return index_article(aid, text, [Span(0, len(text))])


def test_reuse_drift_word_diff_shows_removed_and_added_words():
    a = quote_words("On Ukraine we confirmed our support,")
    b = quote_words("We confirmed our full support.")
    d = word_diff(a, b)
    assert "-[On Ukraine]" in d and "+[full]" in d


def test_reuse_drift_detected_for_truncated_quote():
    a = _art("a", "‘On Ukraine we confirmed our support,’ he stated.")
    b = _art("b", "‘We confirmed our support,’ the chief declared.")
    drifts = drift_between(a, b)
    assert len(drifts) == 1
    d = drifts[0]
    assert a.text[d.a_span.start:d.a_span.end].startswith("On Ukraine")
    assert b.text[d.b_span.start:d.b_span.end].startswith("We confirmed")
    assert "-[On Ukraine]" in d.changes


def test_reuse_drift_identical_or_unrelated_quotes_are_not_drift():
    a = _art("a", "“We confirmed our support,” he said. “Taxes will fall next year,” she said.")
    b = _art("b", "“We confirmed our support,” he said. “The weather is lovely in May,” she said.")
    assert drift_between(a, b) == []


def test_reuse_drift_similarity_bounds():
    r, c = similarity(["a", "b", "c"], ["a", "b", "c", "d"])
    assert 0 < r < 1 and c == 1.0
    assert similarity([], ["x"]) == (0.0, 0.0)
