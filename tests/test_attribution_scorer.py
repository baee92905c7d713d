"""Scorer on tiny hand-made cases: exact, partial (>= 50% of the longer span), attribution level."""
from newstrace.eval.attribution import Scorer, attribution_matches, exact_matches, format_report, partial_matches
from newstrace.eval.polnear import GoldAttribution, parse_ann
from newstrace.model import Attribution, Span


def test_scorer_exact_dedups():
    assert exact_matches([Span(0, 5), Span(0, 5), Span(6, 9)], [Span(0, 5), Span(10, 12)]) == (1, 2, 2)


def test_scorer_partial_half_of_longer_span():
    assert partial_matches([Span(0, 10)], [Span(0, 6)]) == (1, 1, 1)  # 6 >= 5
    assert partial_matches([Span(0, 10)], [Span(0, 4)]) == (0, 1, 1)  # 4 < 5
    # one-to-one: two predictions over one gold count once
    assert partial_matches([Span(0, 10), Span(1, 10)], [Span(0, 10)]) == (1, 2, 1)


def test_scorer_attribution_level_needs_all_three():
    g = [(Span(0, 3), Span(4, 8), Span(9, 20))]
    assert attribution_matches([(Span(0, 3), Span(4, 8), Span(9, 20))], g) == (1, 1, 1)
    assert attribution_matches([(None, Span(4, 8), Span(9, 20))], g) == (0, 1, 1)


def test_scorer_end_to_end_on_ann():
    text = "Smith said that taxes will rise. Jones disagreed."
    ann = ("T1\tSource 0 5\tSmith\nT2\tCue 6 10\tsaid\nT3\tContent 11 31\tthat taxes will rise\n"
           "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3\n")
    gold = parse_ann(ann)
    pred = [Attribution("d", "d:a1", Span(11, 31), "indirect", Span(0, 5), Span(6, 10)),
            Attribution("d", "d:a2", Span(33, 38), "indirect", None, Span(39, 48))]
    sc = Scorer()
    sc.add(text, pred, gold)
    m = sc.metrics()
    assert m["exact"]["content"] == {"p": 0.5, "r": 1.0, "f1": 0.6667, "tp": 1, "pred": 2, "gold": 1}
    assert m["exact"]["source"]["f1"] == 1.0
    assert m["attribution"]["tp"] == 1
    assert "content" in format_report(m)


def test_scorer_whitespace_is_stripped_before_matching():
    text = "  quoted words  "
    sc = Scorer()
    sc.add(text, [Attribution("d", "d:a1", Span(0, 16), "direct")], [GoldAttribution("E1", Span(2, 14), None, None)])
    assert sc.metrics()["exact"]["content"]["tp"] == 1
