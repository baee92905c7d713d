"""Sentence spans: cut at line breaks, except a line break that falls inside a name
("the U.S.\nDepartment of Defense"), which a text wrapped after an initialism produces."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from newstrace import nlp


def _texts(text: str) -> list[str]:
    return [s.text(text) for s in nlp.sentence_spans(nlp.parse(text))]


def test_line_break_inside_a_name_after_an_initialism_is_not_a_sentence_boundary():
    text = ("It detailed a 2021 internal memo from the U.S.\nDepartment of Defense, which "
            "acknowledged the failure.\nThe memo was redacted.")
    assert _texts(text) == [
        "It detailed a 2021 internal memo from the U.S.\nDepartment of Defense, which acknowledged the failure.",
        "The memo was redacted.",
    ]


@pytest.mark.parametrize("text", [
    "He moved to the U.S.\nHe was happy there.",
    "Growth slowed in the U.S.\nOfficials said the economy would recover.",
    "They flew to Washington, D.C.\nSenate leaders met on Monday.",
    "Talks stalled at the U.N.\n\nSecurity Council members left.",  # blank line: a paragraph
])
def test_line_break_after_an_initialism_that_ends_a_sentence_still_cuts(text):
    assert len(_texts(text)) == 2


def test_ordinary_line_breaks_still_cut_even_inside_one_spacy_sentence():
    text = "Keep reading\nThe ministry said on Monday that talks would resume"
    assert _texts(text) == ["Keep reading", "The ministry said on Monday that talks would resume"]


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab U.S.D\n ’‘'\"")), max_size=80))
def test_sentence_spans_are_trimmed_nonempty_and_point_into_the_text(text):
    spans = nlp.sentence_spans(nlp.parse(text))
    for s in spans:
        piece = text[s.start:s.end]
        assert piece and piece == piece.strip()
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
