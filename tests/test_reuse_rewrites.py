"""The synthetic rewrite builder: spans and labels consistent by construction."""
import random

from hypothesis import given, settings, strategies as st

from evals.reuse.rewrites import build_rewrite, load_substitutions, paraphrase
from newstrace.model import Article, Span

SUBS = load_substitutions()

_sentence = st.lists(st.sampled_from(["the", "minister", "said", "voters", "plan", "and", "big", "council",
                                      "approved", "because", "of", "it", "42", "Smith"]),
                     min_size=3, max_size=14).map(lambda ws: " ".join(ws).capitalize() + ".")


@settings(max_examples=60, deadline=None)
@given(st.lists(_sentence, min_size=1, max_size=12), st.integers(0, 10_000))
def test_reuse_rewrites_spans_and_sources_consistent(sentences, seed):
    text = " ".join(sentences)
    spans, pos = [], 0
    for s in sentences:
        spans.append(Span(pos, pos + len(s)))
        pos += len(s) + 1
    foreign = ["An unrelated sentence about the weather in Oslo today.", "Another one about football."]
    pair = build_rewrite(Article("o", "o", text), spans, foreign, random.Random(seed), SUBS)
    rw = pair.rewrite
    assert len(pair.rewrite_sentences) == len(pair.sources)
    for sp in pair.rewrite_sentences:
        assert 0 <= sp.start < sp.end <= len(rw.text)
        assert "\n" not in rw.text[sp.start:sp.end]
    for src in pair.sources:
        assert all(0 <= i < len(spans) for i in src)
    inserted = [rw.text[s.start:s.end] for s, src in zip(pair.rewrite_sentences, pair.sources) if not src]
    assert all(t in foreign for t in inserted)
    used = set().union(*pair.sources) if pair.sources else set()
    assert pair.gold_unsupported_original == set(range(len(spans))) - used


def test_reuse_rewrites_paraphrase_substitutes_and_keeps_case():
    out = paraphrase("Officials said the plan was important.", SUBS, random.Random(0), rate=1.0)
    assert out == "Authorities stated the proposal was significant."
