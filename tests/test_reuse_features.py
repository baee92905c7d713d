"""Sentence facts and pair features used by the same-fact model."""
from newstrace.reuse.features import FEATURE_NAMES, pair_features, sentence_facts, stem


def test_reuse_features_stem_meets_inflections():
    assert stem("confirmed") == stem("confirms") == stem("confirm")


def test_reuse_features_numbers_names_and_quotes():
    f = sentence_facts("On August 19, Caroline Levine said 2,500 troops would stay.", "troops would stay")
    assert {"19", "2500"} <= f.numbers
    assert "august" in f.names and "caroline" in f.names
    assert stem("troops") in f.quoted


def test_reuse_features_identical_sentences_fully_cover_each_other():
    a = sentence_facts("NATO confirmed its support for Ukraine on Monday.")
    x = dict(zip(FEATURE_NAMES, pair_features(a, a, 1.0)))
    assert x["cover_a"] == x["cover_b"] == x["jaccard"] == 1.0
    assert x["number_clash"] == 0.0


def test_reuse_features_cover_is_directional():
    short = sentence_facts("The minister resigned.")
    long = sentence_facts("The minister resigned after the budget vote failed in parliament.")
    x = dict(zip(FEATURE_NAMES, pair_features(short, long)))
    assert x["cover_a"] == 1.0 and x["cover_b"] < 0.5


def test_reuse_features_number_clash():
    a = sentence_facts("The company sold it for $2.5 billion in 1998.")
    b = sentence_facts("The company bought it for $693 million in 1995.")
    x = dict(zip(FEATURE_NAMES, pair_features(a, b)))
    assert x["number_clash"] == 1.0


def test_reuse_features_merged_facts_union():
    a, b = sentence_facts("Alpha rose 5 points."), sentence_facts("Beta fell 7 points.")
    m = a.merged(b)
    assert {"5", "7"} <= m.numbers and m.n_words == a.n_words + b.n_words


from hypothesis import given, settings, strategies as st  # noqa: E402
import numpy as np  # noqa: E402

from newstrace.reuse.features import fact_matrices, pair_feature_matrix, window_matrices  # noqa: E402

_word = st.sampled_from(["Owens", "council", "approved", "12", "bridges", "March", "snow", "Alps", "3",
                         "said", "the", "“we", "fix", "it”", "NATO", "support", "Ukraine"])
_sent = st.lists(_word, min_size=0, max_size=10).map(" ".join)


@settings(max_examples=80, deadline=None)
@given(st.lists(_sent, min_size=1, max_size=6), st.lists(_sent, min_size=2, max_size=6))
def test_reuse_features_vectorised_matches_pairwise(sa, sb):
    fa = [sentence_facts(s, s) for s in sa]
    fb = [sentence_facts(s, s[: len(s) // 2]) for s in sb]
    X = pair_feature_matrix(fact_matrices(fa), fact_matrices(fb))
    Y = np.array([[pair_features(a, b) for b in fb] for a in fa])
    assert np.allclose(X, Y)
    W = pair_feature_matrix(fact_matrices(fa), window_matrices(fact_matrices(fb)))
    Yw = np.array([[pair_features(a, fb[j].merged(fb[j + 1])) for j in range(len(fb) - 1)] for a in fa])
    assert np.allclose(W, Yw)


def test_reuse_features_acronyms_meet_spelled_out_names():
    from newstrace.reuse.features import name_acronyms, words

    assert {"cos", "cs"} <= name_acronyms(words("NATO’s Chief of Staff met the press."))
    assert "nato" in name_acronyms(words("The North Atlantic Treaty Organization said"))
    assert "dod" in name_acronyms(words("the Department of Defense, which"))
    a = sentence_facts("A direct discussion between NATO CoS.")
    b = sentence_facts("NATO’s Chief of Staff held a direct discussion.")
    # a abbreviates, b spells out: everything a says is found in b
    assert pair_features(a, b)[FEATURE_NAMES.index("cover_a")] == 1.0
    # U.S. and US are one name
    assert sentence_facts("the U.S. said").names == sentence_facts("the US said").names


def test_reuse_features_acronyms_on_a_shouting_line_keep_stop_words_out():
    f = sentence_facts("THE US ARMY SAID IT WOULD LEAVE")
    assert "it" not in f.content and "the" not in f.content
