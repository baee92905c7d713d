"""Property test: speaker resolution never crashes, and every name it gives is text of the article."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstrace.attribution.speakers import resolve_speakers
from newstrace.model import Article, Attribution, Span

FRAGMENTS = [
    "Mark Rutte", "Rutte", "NATO Secretary General", "the Secretary General", "he", "she", "they", "who",
    "said", "told reporters", "Mrs. Clinton", "Hillary Clinton", "Bill Clinton", "a Baltic diplomat",
    "a 2021 internal memo", "the memo", "the Dutch defence ministry", "\u201c", "\u201d", "\"", "'", ",", ".",
    "\n\n", " ", "Dragone", "Admiral Giuseppe Cavo Dragone", "the admiral", "O\u2019Neill", "\u00e9t\u00e9", "",
]


@st.composite
def article_and_spans(draw):
    parts = draw(st.lists(st.sampled_from(FRAGMENTS), min_size=0, max_size=40))
    text = " ".join(parts)
    n = len(text)
    spans = []
    for _ in range(draw(st.integers(0, 5))):
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, n))
        has_source = draw(st.booleans())
        spans.append((Span(a, b), has_source))
    return text, spans


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_and_spans())
def test_speakers_resolution_never_crashes_and_names_come_from_text(case):
    text, spans = case
    art = Article("p", "p", text)
    atts = [Attribution("p", f"a{k}", sp, "direct", sp if has_source else None) for k, (sp, has_source) in enumerate(spans)]
    out = resolve_speakers(art, atts)
    assert out is atts
    for a in out:
        assert a.speaker.kind in ("named", "anonymous", "document", "unresolved")
        if a.speaker.kind == "unresolved":
            assert a.speaker.name is None
        else:
            assert a.speaker.name and a.speaker.name in text


def test_speakers_a_resolver_failure_is_logged_not_hidden(monkeypatch, caplog):
    """A bug in one rule leaves that speaker unresolved and the run goes on, but says so in
    the log (it used to vanish silently)."""
    import logging

    from newstrace.attribution.speakers import resolver as R

    text = 'Officials met on Monday. "We will not accept this," Maria Lind said.'
    src = text.index("Maria Lind")
    att = Attribution(article="a", id="a:1", kind="direct", source=Span(src, src + 10), cue=Span(src + 11, src + 15),
                      content=Span(text.index("We"), text.index(",\"")))

    def broken(self, span):
        raise RuntimeError("rule bug")

    monkeypatch.setattr(R.Resolver, "_resolve", broken)
    with caplog.at_level(logging.WARNING, logger=R.__name__):
        (out,) = resolve_speakers(Article("a", "a", text), [att])
    assert out.speaker.kind == "unresolved"
    assert any("Maria Lind" in r.getMessage() and "rule bug" in r.getMessage() for r in caplog.records)
