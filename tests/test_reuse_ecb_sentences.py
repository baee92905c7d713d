"""ECB+ cross-outlet sentence pairs: reading the XML, the labels, the detokeniser."""
import re

from hypothesis import given, strategies as st

from newstrace.eval.ecb_sentences import (EcbSentence, annotated_sentences, detokenize, label, read_document,
                                          read_sentences, sentence_pairs)
from tests.conftest import SHARED, require_shared

ECB = SHARED / "data" / "ecbplus"


def _s(doc, events, arguments, cluster="1_ecb"):
    return EcbSentence(doc, 0, cluster, 1, "x", frozenset(events), frozenset(arguments))


def test_ecb_detokenize_rejoins_quotes_and_punctuation():
    toks = ["``", "We", "appreciate", "your", "respect", ",", "''", "the", "actress", "'s", "rep",
            "told", "People", "(", "a", "magazine", ")", "."]
    assert detokenize(toks) == '"We appreciate your respect," the actress\'s rep told People (a magazine).'


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8), max_size=30))
def test_ecb_detokenize_keeps_every_word_character_in_order(tokens):
    out = detokenize(tokens)
    word = re.compile(r"\w")
    assert word.findall(out) == word.findall("".join(tokens).replace("``", "").replace("''", ""))


def test_ecb_label_needs_a_shared_event_and_argument():
    a = _s("1_1ecb", {"ACT1"}, {"HUM1"})
    assert label(a, _s("1_2ecb", {"ACT1"}, {"HUM1", "LOC2"})) == 1
    assert label(a, _s("1_2ecb", {"ACT2"}, {"HUM1"})) == 0
    assert label(a, _s("1_2ecb", {"ACT1"}, {"TIM9"})) is None


def test_ecb_pairs_are_across_articles_of_one_cluster():
    sents = [_s("1_1ecb", {"A"}, {"H"}), _s("1_1ecb", {"A"}, {"H"}), _s("1_2ecb", {"A"}, {"H"}),
             _s("1_3ecbplus", {"A"}, {"H"}, cluster="1_ecbplus")]
    pairs = sentence_pairs(sents)
    assert len(pairs) == 2
    assert all(p.a.doc != p.b.doc and p.a.cluster == p.b.cluster for p in pairs)


def test_ecb_read_document_real_file():
    root = require_shared(ECB)
    wanted = annotated_sentences(root)[("1", "10ecbplus")]
    sents = read_document(root / "ECB+" / "1" / "1_10ecbplus.xml", wanted)
    assert [s.number for s in sents] == sorted(wanted)
    title = next(s for s in sents if s.number == 1)
    assert title.text == "Lindsay Lohan checks into Betty Ford Center"
    assert title.cluster == "1_ecbplus" and title.topic == 1
    assert title.events and title.arguments


def test_ecb_all_annotated_sentences_and_pairs():
    root = require_shared(ECB)
    sents = read_sentences(root)
    assert len(sents) == 1840
    pairs = sentence_pairs(sents)
    positives = sum(p.label for p in pairs)
    assert (positives, len(pairs) - positives) == (14462, 5335)
