"""render: highlighting never changes or leaks the article text, whatever the spans."""
from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.web.render import highlight, sentence_units, units_html, word_diff

TAG = re.compile(r"<[^>]*>")


def visible(markup: str) -> str:
    """Text a browser would show: tags dropped, entities decoded."""
    return html.unescape(TAG.sub("", str(markup)))


_texts = st.lists(st.sampled_from(list("ab <>&\"'“”\n") + ["<script>", "onerror="]), max_size=25).map("".join)


@st.composite
def text_and_attributions(draw):
    text = draw(_texts)
    n = len(text)
    atts = []
    for i in range(draw(st.integers(0, 4))):
        spans = {}
        for role in ("source", "cue", "content"):
            if draw(st.booleans()):
                s = draw(st.integers(-3, n + 3))
                e = draw(st.integers(-3, n + 5))
                spans[role] = {"start": s, "end": e, "text": ""}
            else:
                spans[role] = None
        atts.append({"id": f"a{i}", "kind": "direct", "speaker": {"name": draw(_texts), "kind": "named"}, **spans})
    return text, atts


@settings(max_examples=200, deadline=None)
@given(text_and_attributions())
def test_web_render_highlight_keeps_text_and_escapes(data):
    text, atts = data
    out = str(highlight(text, atts))
    assert visible(out) == text
    # the only tags are ours
    assert all(t.startswith(("<span ", "</span>")) for t in TAG.findall(out))


def test_web_render_highlight_marks_roles_and_speaker():
    text = 'He said "we act now" today.'
    att = {"id": "a1", "kind": "direct", "speaker": {"name": "Ann <Lee>", "kind": "named", "entity": "E1"},
           "source": {"start": 0, "end": 2}, "cue": {"start": 3, "end": 7}, "content": {"start": 9, "end": 19}}
    out = str(highlight(text, [att]))
    assert '<span class="hl q-source src-end" data-attr="a1" title="Ann &lt;Lee&gt; (named) · direct" data-kind="named">He</span>' in out
    assert 'class="hl q-cue"' in out and ">said<" in out
    assert 'class="hl q-content"' in out and ">we act now<" in out


def test_web_render_units_mark_unsupported_and_links():
    text = "One. Two. Three."
    sents = [{"start": 0, "end": 4}, {"start": 5, "end": 9}, {"start": 10, "end": 16}]
    support = [{"span": {"start": 5, "end": 9}, "status": "unsupported", "supported_by": []}]
    units = sentence_units(text, sents, support)
    out = str(units_html(text, units, "L", {0: [("R-0", 1)]}))
    assert visible(out) == text
    assert 'id="L-1"' in out and "unsupported" in out
    assert 'data-partners="R-0" data-mark="1"' in out


def test_web_render_word_diff():
    out = str(word_diff("we confirmed our support", "we confirmed the <b>support"))
    assert "<del>our</del><ins>the</ins>" in out and "<ins>&lt;b&gt;support</ins>" in out
