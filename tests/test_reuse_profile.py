"""Sourcing profiles: source kinds, unsupported share, vague attributions."""
from newstrace.model import Article, Attribution, Span, Speaker, Support
from newstrace.pipeline import ArticleResult
from newstrace.reuse.profile import sourcing_profiles, vague_attributions


def test_reuse_profile_vague_phrases_found_with_valid_spans():
    t = ("Insiders suggest the deal is off. It is understood that talks stalled. "
         "Sources with privileged access said more. The minister said nothing.")
    found = vague_attributions(t)
    texts = [v["text"] for v in found]
    assert any(x.lower().startswith("insiders suggest") for x in texts)
    assert any(x.lower() == "it is understood" for x in texts)
    assert any("privileged access" in x for x in texts)
    for v in found:
        assert t[v["start"]:v["end"]] == v["text"]
    assert not any("minister" in x for x in texts)


def test_reuse_profile_counts_kinds_and_unsupported_share():
    text = "Anna Berg said it. A source said more. The report said most."
    art = Article("x", "x.txt", text)
    atts = [Attribution("x", "a1", Span(0, 9), "indirect", speaker=Speaker("Anna Berg", "named")),
            Attribution("x", "a2", Span(20, 30), "indirect", speaker=Speaker(None, "anonymous")),
            Attribution("x", "a3", Span(40, 50), "indirect", speaker=Speaker("report", "document"))]
    res = ArticleResult(art, [Span(0, 18), Span(19, 38), Span(39, len(text))], atts)
    sup = [Support("x", Span(0, 18), "supported", ["y"]), Support("x", Span(19, 38), "unsupported"),
           Support("x", Span(39, len(text)), "supported", ["y"])]
    p = sourcing_profiles([res], sup)["x"]
    assert p["sources"] == {"named": 1, "anonymous": 1, "document": 1, "unresolved": 0}
    assert p["named_speakers"] == ["Anna Berg"]
    assert abs(p["unsupported_share"] - 1 / 3) < 1e-3


def test_reuse_profile_without_family_or_attributions():
    art = Article("z", "z.txt", "")
    p = sourcing_profiles([ArticleResult(art, [], [])], [])["z"]
    assert p["unsupported_share"] is None and p["in_family"] is False
    assert p["vague_attributions"] == [] and sum(p["sources"].values()) == 0
