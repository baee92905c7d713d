"""End-to-end on the real seed articles (the final check, never tuned on).

000 and 001 are rewrites of one report: they must form one family, their shared quotes
and facts must be linked, the colour each adds must be unsupported, and 002/004, which
cover related events, must not be merged into that family."""
import pytest

from newstrace import nlp
from newstrace.model import Article
from newstrace.pipeline import ArticleResult
from newstrace.reuse import analyze_reuse
from newstrace.reuse.profile import sourcing_profiles


def _load(seeds_dir, prefix):
    path = next(seeds_dir.glob(prefix + "_*.txt"))
    text = path.read_text(encoding="utf-8")
    return ArticleResult(Article(prefix, str(path), text), nlp.sentence_spans(nlp.parse(text)), [])


@pytest.fixture(scope="module")
def seeds_reuse(seeds_dir):
    results = [_load(seeds_dir, p) for p in ("000", "001", "002", "004")]
    return results, analyze_reuse(results)


def _sentence_with(result, needle):
    t = result.article.text
    for s in result.sentences:
        if needle in t[s.start:s.end]:
            return s
    raise AssertionError(needle)


def test_reuse_seeds_000_001_one_family_without_002_004(seeds_reuse):
    _, res = seeds_reuse
    assert [f.articles for f in res.families] == [["000", "001"]]


def test_reuse_seeds_colour_unsupported(seeds_reuse):
    results, res = seeds_reuse
    status = {(s.article, s.span): s.status for s in res.support}
    r0, r1 = results[0], results[1]
    assert status[("000", _sentence_with(r0, "Behind closed doors, a different narrative emerged."))] == "unsupported"
    assert status[("001", _sentence_with(r1, "The implications are profound"))] == "unsupported"


SHARED_FACTS = [  # (needle in 000, needle in 001): the report's quotes and facts
    ("On Ukraine we confirmed our support", "We confirmed our support"),
    ("establishing a lasting and just peace", "establishing a lasting and just peace"),
    ("mentally together with", "mentally together with"),
    ("is already pointing to Kiev", "is already pointing to Kiev"),
    ("not ruling out air support", "not ruling out air support"),
    ("size and structure of the Ukrainian Armed Forces", "Ukrainian Armed Forces (AFU) personnel"),
    ("refused to prevent the conflict in Ukraine", "its failure to prevent the conflict"),
]

# Sentences of 000 that carry a shared fact in heavily reworded form: each must be
# supported. "NATO CoS" is spelled out as "NATO’s Chief of Staff" in 001; the memo
# sentence is wrapped after "U.S." in the file and must stay one sentence.
SHARED_FACT_SENTENCES_000 = [
    "A great direct discussion between NATO CoS.",
    "It detailed a 2021 internal memo from the U.S.",
    "the EU had effectively taken control of determining the size",
]


# Sentences that carry a shared fact inside a lot of colour: the sibling does not carry
# everything they say, but they share a fact with it, so they are not additions.
SHARED_FACT_IN_COLOUR = [
    ("001", "NATO’s Chief of Staff convened an emergency session"),  # ~ "discussion between NATO CoS"
    ("001", "centered on the alliance’s unwavering commitment to Ukraine"),  # ~ "we confirmed our support"
]


@pytest.mark.parametrize("article,needle", [("000", n) for n in SHARED_FACT_SENTENCES_000] + SHARED_FACT_IN_COLOUR)
def test_reuse_seeds_reworded_shared_facts_supported(seeds_reuse, article, needle):
    results, res = seeds_reuse
    s = _sentence_with(results[["000", "001"].index(article)], needle)
    status = {(x.article, x.span): x.status for x in res.support}
    assert status[(article, s)] == "supported"


def test_reuse_seeds_every_unsupported_sentence_of_000_is_colour(seeds_reuse):
    """Sentences 000 adds are flagged; none of the report's facts or quotes is among them."""
    results, res = seeds_reuse
    r0 = results[0]
    flagged = [r0.article.text[s.span.start:s.span.end] for s in res.support
               if s.article == "000" and s.status == "unsupported"]
    for shared in ("confirmed our support", "lasting and just peace", "mentally together",
                   "pointing to Kiev", "air support", "2021", "refused to prevent", "CoS"):
        assert not any(shared in f for f in flagged), shared
    assert any("Behind closed doors" in f for f in flagged)


@pytest.mark.parametrize("n0,n1", SHARED_FACTS)
def test_reuse_seeds_shared_facts_linked_and_supported(seeds_reuse, n0, n1):
    results, res = seeds_reuse
    s0, s1 = _sentence_with(results[0], n0), _sentence_with(results[1], n1)
    pairs = {(l.a_span, l.b_span) for l in res.links if (l.a, l.b) == ("000", "001")}
    assert (s0, s1) in pairs
    status = {(s.article, s.span): s.status for s in res.support}
    assert status[("000", s0)] == "supported" and status[("001", s1)] == "supported"


def test_reuse_seeds_quote_drift_found(seeds_reuse):
    results, res = seeds_reuse
    texts = {r.article.id: r.article.text for r in results}
    pairs = [(texts[d.a][d.a_span.start:d.a_span.end], texts[d.b][d.b_span.start:d.b_span.end]) for d in res.drift]
    # drift runs from a copy's source to the copy: either seed may be the source here (no dates)
    assert any({a.startswith("We confirmed our support"), b.startswith("We confirmed our support")} == {True, False}
               and "On Ukraine we confirmed our support" in (a + b) for a, b in pairs)
    for d in res.drift:
        assert d.changes and 0 <= d.similarity <= 1


def test_reuse_seeds_profiles(seeds_reuse):
    results, res = seeds_reuse
    prof = sourcing_profiles(results, res.support)
    assert prof["000"]["unsupported_share"] is not None and prof["002"]["unsupported_share"] is None
    assert any("insiders suggest" in v["text"].lower() for v in prof["000"]["vague_attributions"])
