"""Rewrite families, links and support on small hand-made corpora (lexical model, no
MiniLM, so these stay fast); the seeds test covers the embedding path."""
from newstrace.model import Article, Span
from newstrace.pipeline import ArticleResult
from newstrace.reuse import analyze_reuse
from newstrace.reuse.families import Edge, _average_linkage, _Clusters


def _result(aid, sentences):
    text = "\n".join(sentences)
    spans, pos = [], 0
    for s in sentences:
        spans.append(Span(pos, pos + len(s)))
        pos += len(s) + 1
    return ArticleResult(Article(aid, aid + ".txt", text), spans, [])


BASE = [
    "The city council of Springfield approved a 12 million dollar budget for new bridges on Tuesday.",
    "Mayor Linda Owens said the vote ended a two-year dispute with the state transport agency.",
    "Construction of the first bridge over the Clearwater River will begin in March.",
    "“We finally have the money to fix what is broken,” Owens told reporters at city hall.",
    "Opposition councillor Mark Reyes voted against the plan, citing rising maintenance costs.",
]
REWRITE = [
    "Owens told reporters at city hall: “We finally have the money to fix what is broken.”",
    "On Tuesday the Springfield city council approved a budget of 12 million dollars for new bridges.",
    "According to Mayor Linda Owens, the vote ends a dispute with the state transport agency that lasted two years.",
    "Behind closed doors, a very different story was unfolding.",
    "Work on the first bridge across the Clearwater River starts in March.",
]
OTHER = [
    "Heavy snow closed three mountain passes in the Alps overnight, stranding hundreds of drivers.",
    "Rescue teams in Austria used helicopters to reach a bus trapped near the Brenner pass.",
    "Forecasters expect more snow on the northern slopes until the weekend.",
]


def test_reuse_families_rewrite_pair_found_and_unrelated_left_out():
    res = analyze_reuse([_result("a", BASE), _result("b", REWRITE), _result("c", OTHER)], use_embeddings=False)
    assert [f.articles for f in res.families] == [["a", "b"]]
    sup = {(s.article, s.span): s for s in res.support}
    assert all(s.article in ("a", "b") for s in res.support)
    # the added colour sentence is unsupported; the shared facts are supported
    b_text = "\n".join(REWRITE)
    colour = [s for s in res.support if s.article == "b" and "closed doors" in b_text[s.span.start:s.span.end]]
    assert colour and colour[0].status == "unsupported"
    shared = [s for s in res.support if s.article == "b" and "Clearwater" in b_text[s.span.start:s.span.end]]
    assert shared[0].status == "supported" and shared[0].supported_by == ["a"]
    assert len(sup) == len(BASE) + len(REWRITE)


def test_reuse_families_links_include_same_quote():
    res = analyze_reuse([_result("a", BASE), _result("b", REWRITE)], use_embeddings=False)
    rels = {l.relation for l in res.links}
    assert "same-quote" in rels and "same-fact" in rels
    for l in res.links:
        assert l.a == "a" and l.b == "b" and 0 <= l.score <= 1


def test_reuse_families_singletons_and_empty_input_get_nothing():
    assert analyze_reuse([], use_embeddings=False).families == []
    res = analyze_reuse([_result("a", BASE), _result("c", OTHER), _result("e", [])], use_embeddings=False)
    assert res.families == [] and res.support == [] and res.links == []


def test_reuse_families_copy_edges_chain_but_one_weak_edge_does_not():
    """Copy edges join clusters transitively; a single rewrite edge between two clusters of
    three joins them only if the mean over all nine member pairs reaches the linkage."""
    c = _Clusters(8)
    for i, j in [(0, 1), (1, 2), (3, 4), (4, 5)]:
        c.union(i, j)
    weak = [Edge(2, 3, "rewrite", 0.9, 0.9), Edge(6, 7, "rewrite", 0.6, 0.4)]
    _average_linkage(c, weak, 0.5)
    groups = sorted(sorted(m) for m in c.members.values() if len(m) > 1)
    assert groups == [[0, 1, 2], [3, 4, 5], [6, 7]]
    many = [Edge(i, j, "rewrite", 0.8, 0.8) for i in (0, 1, 2) for j in (3, 4, 5)]
    _average_linkage(c, many, 0.5)
    assert sorted(sorted(m) for m in c.members.values() if len(m) > 1) == [[0, 1, 2, 3, 4, 5], [6, 7]]


def test_reuse_families_records_follow_the_contract():
    results = [_result("a", BASE), _result("b", REWRITE)]
    res = analyze_reuse(results, use_embeddings=False)
    texts = {r.article.id: r.article.text for r in results}
    for l in res.links:
        rec = l.to_record(texts)
        assert rec["relation"] in ("same-quote", "same-fact")
        for side in ("a", "b"):
            sp = rec[side + "_span"]
            assert texts[rec[side]][sp["start"]:sp["end"]] == sp["text"]
    for s in res.support:
        rec = s.to_record(texts[s.article])
        assert rec["status"] in ("supported", "unsupported")
    for f in res.families:
        assert f.to_record()["articles"] == ["a", "b"]


def test_reuse_families_odd_input_does_not_raise():
    weird = _result("w", ['“unbalanced ‘quotes’ and "straight', "x" * 5000, "’’’ ‘‘ “”"])
    res = analyze_reuse([weird, _result("a", BASE)], use_embeddings=False)
    assert res.families == []


MIXED = [
    "Construction of the first bridge over the Clearwater River will begin in March, a date that "
    "insiders whisper was picked to embarrass the governor weeks before a bitter election.",
    "On Tuesday the Springfield city council approved a budget of 12 million dollars for new bridges.",
    "Behind closed doors, a very different story was unfolding.",
    "“We finally have the money to fix what is broken,” Owens told reporters at city hall.",
    "According to Mayor Linda Owens, the vote ends a dispute with the state transport agency that lasted two years.",
]


def test_reuse_families_sentence_carrying_a_fact_inside_colour_is_supported():
    """The sibling does not carry all of the mixed sentence, but the mixed sentence carries
    the sibling's whole fact: the two are linked, so the sentence is no addition."""
    res = analyze_reuse([_result("a", BASE), _result("b", MIXED)], use_embeddings=False)
    text = "\n".join(MIXED)
    by_text = {text[s.span.start:s.span.end]: s for s in res.support if s.article == "b"}
    mixed = by_text[MIXED[0]]
    assert mixed.status == "supported" and mixed.supported_by == ["a"]
    assert any(l.b_span == mixed.span for l in res.links)
    assert by_text[MIXED[2]].status == "unsupported"


def test_reuse_families_every_linked_sentence_is_supported():
    res = analyze_reuse([_result("a", BASE), _result("b", REWRITE), _result("m", MIXED)],
                        use_embeddings=False)
    status = {(s.article, s.span): s for s in res.support}
    assert res.links
    for l in res.links:
        assert status[(l.a, l.a_span)].status == "supported" and l.b in status[(l.a, l.a_span)].supported_by
        assert status[(l.b, l.b_span)].status == "supported" and l.a in status[(l.b, l.b_span)].supported_by


def test_reuse_families_copied_contentless_line_is_supported():
    """A line with no content words that both articles hold word for word ("___.") is not
    an addition; one only the rewrite has still is."""
    base = BASE + ["___."]
    rewrite = REWRITE + ["___.", "Why?"]
    res = analyze_reuse([_result("a", base), _result("b", rewrite)], use_embeddings=False)
    text = "\n".join(rewrite)
    status = {text[s.span.start:s.span.end]: s for s in res.support if s.article == "b"}
    assert status["___."].status == "supported" and status["___."].supported_by == ["a"]
    assert status["Why?"].status == "unsupported"


def test_reuse_families_vocabulary_of_a_group_weighs_words_by_the_runs_document_frequencies():
    """The Spark job runs the family stage one group at a time: with the run's document
    frequencies (term_df) a group's vocabulary rows, and so each article's nearest
    candidates, are the ones the whole run gives; with the group's own they are not."""
    from collections import Counter

    import numpy as np

    from newstrace.reuse.corpus import index_results
    from newstrace.reuse.families import _vocabulary, vocabulary_terms

    arts = index_results([_result("a", BASE), _result("b", REWRITE), _result("c", OTHER),
                          _result("d", BASE[:2] + OTHER[:1])], use_embeddings=False)
    df = Counter(t for a in arts for t in vocabulary_terms(a))
    assert df and max(df.values()) > 1
    term_df = (len(arts), {t: c for t, c in df.items() if c > 1})

    def cos(X, i, j):
        return float(X[i].multiply(X[j]).sum())

    whole = _vocabulary(arts)
    group = [arts[0], arts[1]]
    assert np.isclose(cos(_vocabulary(group, term_df), 0, 1), cos(whole, 0, 1))
    assert not np.isclose(cos(_vocabulary(group), 0, 1), cos(whole, 0, 1))
    assert np.isclose(cos(_vocabulary(arts, term_df), 0, 3), cos(whole, 0, 3))
