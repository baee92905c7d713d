"""Decoder: BIO-constrained labels, label runs to spans, linking around cues, kinds."""
import numpy as np

from newstrace.attribution.decode import RoleSpan, best_labels, kind_of, label_spans, link
from newstrace.attribution.tagging import LABEL_ID, LABELS
from newstrace.model import Span


def _scores(names):
    s = np.full((len(names), len(LABELS)), -5.0)
    for i, n in enumerate(names):
        s[i, LABEL_ID[n]] = 5.0
    return s


def test_decode_viterbi_never_starts_inside_a_span():
    s = _scores(["O", "I-Content", "I-Content", "O"])
    s[1, LABEL_ID["B-Content"]] = 4.0  # B a close second
    labels = [LABELS[i] for i in best_labels(s, "viterbi")]
    assert labels == ["O", "B-Content", "I-Content", "O"]
    assert [LABELS[i] for i in best_labels(s, "argmax")][1] == "I-Content"


def test_decode_viterbi_forbids_role_switch_inside_span():
    s = _scores(["B-Cue", "I-Source"])
    s[1, LABEL_ID["I-Cue"]] = 4.0
    out = [LABELS[i] for i in best_labels(s)]
    assert out[1] != "I-Source"


def test_decode_label_spans_from_runs():
    labels = np.array([LABEL_ID[n] for n in ["B-Source", "I-Source", "B-Cue", "O", "B-Content", "I-Content",
                                               "B-Content"]])
    starts = np.array([0, 4, 9, 14, 16, 20, 30])
    ends = np.array([3, 8, 13, 15, 19, 29, 35])
    got = label_spans(labels, starts, ends)
    assert got == [RoleSpan("source", Span(0, 8)), RoleSpan("cue", Span(9, 13)),
                   RoleSpan("content", Span(16, 29)), RoleSpan("content", Span(30, 35))]


def test_decode_empty_scores():
    assert len(best_labels(np.zeros((0, len(LABELS))))) == 0
    assert label_spans(np.zeros(0, dtype=int), np.zeros(0), np.zeros(0)) == []


def _find(text, s, start=0):
    i = text.index(s, start)
    return Span(i, i + len(s))


def test_decode_link_discontinuous_content_joins_into_hull():
    t = "“We are ready,” the minister said, “and we will win.”"
    spans = [RoleSpan("content", _find(t, "“We are ready,”")), RoleSpan("source", _find(t, "the minister")),
             RoleSpan("cue", _find(t, "said")), RoleSpan("content", _find(t, "“and we will win.”"))]
    (a,) = link(spans, t)
    assert (a.source, a.cue) == (_find(t, "the minister"), _find(t, "said"))
    assert a.content == Span(0, len(t)) and len(a.fragments) == 2


def test_decode_link_two_attributions_each_to_nearest_cue():
    t = "Smith said taxes will rise. Jones said they will not."
    spans = [RoleSpan("source", _find(t, "Smith")), RoleSpan("cue", _find(t, "said")),
             RoleSpan("content", _find(t, "taxes will rise")), RoleSpan("source", _find(t, "Jones")),
             RoleSpan("cue", _find(t, "said", 10)), RoleSpan("content", _find(t, "they will not"))]
    got = [(t[a.source.start:a.source.end], t[a.content.start:a.content.end]) for a in link(spans, t)]
    assert got == [("Smith", "taxes will rise"), ("Jones", "they will not")]


def test_decode_link_content_without_cue_is_kept_without_cue():
    t = "Nothing here but a claim."
    (a,) = link([RoleSpan("content", _find(t, "a claim"))], t)
    assert a.cue is None and a.source is None


def test_decode_link_paragraph_break_keeps_cue_local():
    t = "He said it was late.\nShe disagreed entirely"
    spans = [RoleSpan("cue", _find(t, "said")), RoleSpan("content", _find(t, "it was late")),
             RoleSpan("content", _find(t, "entirely"))]
    out = link(spans, t)
    assert [t[a.content.start:a.content.end] for a in out] == ["it was late", "entirely"]
    assert out[1].cue is None


def test_decode_kinds():
    for text, kind in [("“We will win,” he said, “and soon.”", "direct"), ("“Yes.”", "direct"),
                       ("that it was “fatal” for Moscow", "partial"), ("that it was over", "indirect"),
                       ("‘A just peace,’", "direct"), ("", "indirect")]:
        assert kind_of(Span(0, len(text)), text) == kind, text


def test_decode_complete_quotes_extends_to_closing_mark():
    from newstrace.attribution.decode import complete_quotes
    from newstrace.attribution.quotes import find_quotes

    t = "‘This is over,’ one insider said. ‘It’s about accountability — and who writes it.’ Then silence."
    qs = find_quotes(t)
    cut = Span(0, t.index(" accountability"))
    got = complete_quotes(cut, qs)
    assert t[got.start:got.end] == "‘This is over,’ one insider said. ‘It’s about accountability — and who writes it.’"
    inside = Span(t.index("over"), t.index(" one"))  # starts inside the first quotation
    assert complete_quotes(inside, qs).start == 0
    assert complete_quotes(Span(t.index("Then"), len(t)), qs) == Span(t.index("Then"), len(t))


def test_snap_to_words_widens_a_span_cut_inside_a_word():
    from newstrace.attribution.decode import snap_to_words
    from newstrace.model import Span
    text = "one that would ensure Ukraine stays"
    s = text.index("would")
    assert snap_to_words(Span(s, s + len("would ensu")), text).text(text) == "would ensure"
    assert snap_to_words(Span(s + 2, s + 5), text).text(text) == "would"
    assert snap_to_words(Span(0, len(text)), text) == Span(0, len(text))


def test_content_that_runs_over_its_cue_ends_at_the_quotation():
    from newstrace.attribution.decode import end_at_quotation
    from newstrace.attribution.quotes import find_quotes
    from newstrace.model import Span
    text = "‘We confirmed our support,’ he stated, his voice measured."
    cue = Span(text.index("stated"), text.index("stated") + 6)
    content = Span(0, text.index(", his") + len(", his voice measured"))
    out = end_at_quotation(content, cue, find_quotes(text))
    assert out.text(text) == "‘We confirmed our support,’"


def test_quotation_split_around_its_attribution_keeps_its_hull():
    from newstrace.attribution.decode import end_at_quotation
    from newstrace.attribution.quotes import find_quotes
    from newstrace.model import Span
    text = "‘This is not over,’ one insider whispered. ‘It is about accountability.’"
    cue = Span(text.index("whispered"), text.index("whispered") + 9)
    content = Span(0, len(text))
    assert end_at_quotation(content, cue, find_quotes(text)) == content


def test_attribution_decode_content_bias_shifts_only_content_labels():
    from newstrace.attribution.decode import bias_content
    from newstrace.attribution.tagging import LABELS

    scores = np.arange(14, dtype=np.float32).reshape(2, 7)
    out = bias_content(scores, -0.5)
    assert scores[0, 0] == 0  # input untouched
    for k, name in enumerate(LABELS):
        delta = out[:, k] - scores[:, k]
        assert np.allclose(delta, -0.5 if name.endswith("Content") else 0.0)
    assert bias_content(np.zeros((0, 7)), -0.5).shape == (0, 7)


def test_attribution_decode_content_bias_drops_a_marginal_content_token():
    from newstrace.attribution.decode import LABELS, best_labels, bias_content

    o, b_content = LABELS.index("O"), LABELS.index("B-Content")
    scores = np.zeros((3, 7))
    scores[:, o] = 1.0
    scores[1, b_content] = 1.2  # content wins by 0.2: a bias of -0.5 turns it into O
    assert best_labels(scores)[1] == b_content
    assert best_labels(bias_content(scores, -0.5))[1] == o


def test_decode_source_cut_at_a_paragraph_break_keeps_the_piece_beside_the_cue():
    """A source run across a paragraph break (a photo credit, a dateline, "More" above the
    paragraph) is the part next to its cue; the rest is page furniture."""
    from newstrace.attribution.decode import source_in_one_paragraph

    text = "Doug Mills/The New York Times\n\nMr. Trump said it was fine. “No,” said Ms. Lind\n\nAP Photo"
    cue = Span(text.index(" said") + 1, text.index(" said") + 5)
    src = Span(0, text.index(" said"))
    assert text[slice(*(lambda s: (s.start, s.end))(source_in_one_paragraph(src, cue, text)))] == "Mr. Trump"
    late = Span(text.index("Ms. Lind"), len(text))  # the cue comes first: keep the first piece
    cue2 = Span(text.index("said Ms") , text.index("said Ms") + 4)
    assert text[slice(*(lambda s: (s.start, s.end))(source_in_one_paragraph(late, cue2, text)))] == "Ms. Lind"
    one = Span(text.index("Mr. Trump"), text.index("Mr. Trump") + 9)
    assert source_in_one_paragraph(one, cue, text) == one
    assert source_in_one_paragraph(None, cue, text) is None


from hypothesis import given, strategies as st  # noqa: E402


@given(st.text(alphabet="ab \n", max_size=40), st.data())
def test_decode_source_in_one_paragraph_stays_inside_the_source(text, data):
    from newstrace.attribution.decode import source_in_one_paragraph

    s = data.draw(st.integers(0, len(text)))
    e = data.draw(st.integers(s, len(text)))
    c = data.draw(st.integers(0, len(text)))
    src, cue = Span(s, e), Span(c, c)
    got = source_in_one_paragraph(src, cue, text)
    assert src.start <= got.start <= got.end <= src.end
    if "\n" in text[s:e] and text[s:e].strip():
        assert "\n" not in text[got.start:got.end] and text[got.start:got.end].strip() == text[got.start:got.end]
