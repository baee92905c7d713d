"""Quote-mark rules: pairing, unbalanced and paragraph-spanning quotes, and never crashing."""
from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.attribution.quotes import find_quotes

MARKS = "“”„«»‘’\"'"



def _spans(text):
    return [text[q.span.start:q.span.end] for q in find_quotes(text)]


def test_quotes_curly_pair():
    t = "He said “we are ready” and left."
    assert _spans(t) == ["“we are ready”"]
    q = find_quotes(t)[0]
    assert t[q.inner.start:q.inner.end] == "we are ready" and q.closed


def test_quotes_straight_pairs_in_order():
    t = 'A "first" and "second" quote.'
    assert _spans(t) == ['"first"', '"second"']


def test_quotes_straight_does_not_close_on_curly_and_vice_versa():
    t = 'She wrote "yes “no” maybe" today.'
    assert _spans(t) == ['"yes “no” maybe"']


def test_quotes_unbalanced_opener_runs_to_paragraph_end():
    t = "“This goes on and on\nNext paragraph."
    qs = find_quotes(t)
    assert len(qs) == 1 and not qs[0].closed
    assert t[qs[0].span.start:qs[0].span.end] == "“This goes on and on"


def test_quotes_paragraph_spanning_continuation():
    t = "“First part of it.\n\n“Second part,” he said."
    qs = find_quotes(t)
    assert [q.closed for q in qs] == [False, True]
    assert qs[1].continues and not qs[0].continues


def test_quotes_stray_closer_is_ignored():
    assert find_quotes("a ” b ” c") == []


def test_quotes_apostrophes_are_not_single_quotes():
    t = "It’s Trump’s plan, isn’t it, and the States’ rights."
    assert find_quotes(t) == []


def test_quotes_single_curly_pair():
    t = "He called it ‘a lasting and just peace’ in Kyiv."
    assert _spans(t) == ["‘a lasting and just peace’"]


def test_quotes_empty_and_markless():
    assert find_quotes("") == []
    assert find_quotes("no quotes here") == []
    assert find_quotes('""') == []  # nothing inside


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.one_of(st.sampled_from(list(MARKS + " \n.,")), st.characters()), max_size=200))
def test_quotes_never_crash_and_spans_are_valid(text):
    for q in find_quotes(text):
        assert 0 <= q.span.start < q.span.end <= len(text)
        assert q.span.start <= q.inner.start <= q.inner.end <= q.span.end
        assert q.inner.end > q.inner.start
        assert text[q.span.start] in "“„«‟\"‘"
        assert "\n" not in text[q.span.start:q.span.end]
        if q.closed:
            assert text[q.span.end - 1] in "”»\"’"


def test_quotes_wrapped_line_inside_a_quotation_closes_on_the_next_line():
    t = "‘A great direct discussion between NATO CoS.\nOn Ukraine we confirmed our support,’ he stated."
    qs = find_quotes(t)
    assert len(qs) == 1 and qs[0].closed
    assert t[qs[0].span.start:qs[0].span.end] == "‘A great direct discussion between NATO CoS.\nOn Ukraine we confirmed our support,’"


def test_quotes_do_not_cross_a_blank_line_or_a_reopened_quotation():
    assert [q.closed for q in find_quotes("“First part.\n\nSecond part,” he said.")] == [False]
    t = "“First part of it.\n“Second part,” he said."
    assert [q.closed for q in find_quotes(t)] == [False, True]


def test_quotes_a_straight_mark_on_the_next_line_does_not_close_a_curly_quotation():
    t = "“Open and never closed\nA new line with \"a quote\" in it."
    qs = find_quotes(t)
    assert [t[q.span.start:q.span.end] for q in qs] == ["“Open and never closed", '"a quote"']
