"""Quote finding by quote marks: curly, straight, apostrophes, unbalanced marks."""
from hypothesis import given, settings, strategies as st

from newstrace.reuse.quotes import find_quotes


def _texts(text):
    return [text[s.start:s.end] for s in find_quotes(text)]


def test_reuse_quotes_curly_double_and_single():
    t = "He said “we will win this” and she said ‘not a chance, friend’ later."
    assert _texts(t) == ["we will win this", "not a chance, friend"]


def test_reuse_quotes_apostrophe_is_not_a_closing_mark():
    t = "‘Ukraine’s future is at stake,’ he said."
    assert _texts(t) == ["Ukraine’s future is at stake,"]


def test_reuse_quotes_straight_marks():
    t = 'The minister said "the talks are over" on Monday.'
    assert _texts(t) == ["the talks are over"]


def test_reuse_quotes_unbalanced_gives_nothing_and_does_not_raise():
    assert find_quotes("He said “this never closes and goes on") == []
    assert find_quotes("") == []
    assert find_quotes("”“‘’\"'") == []


def test_reuse_quotes_single_word_quotes_are_skipped():
    assert _texts("a so-called “truce” was agreed") == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab c.,\n\"'“”‘’«»x")), max_size=200))
def test_reuse_quotes_spans_are_valid_sorted_and_disjoint(text):
    spans = find_quotes(text, min_words=1)
    last = -1
    for s in spans:
        assert 0 <= s.start <= s.end <= len(text)
        assert s.start >= last
        assert text[s.start:s.end] == text[s.start:s.end].strip()
        last = s.end
