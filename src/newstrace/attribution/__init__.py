"""Attribution: who said what.

:func:`attribute` finds every attribution of an article — direct quotes, partial quotes,
reported speech, "according to" forms — with its source, cue and content spans and a kind.
It runs a MiniLM-L6 word-piece tagger (BIO over Source/Cue/Content, trained on PolNeAR,
int8 ONNX on the CPU) over the whole document in overlapping windows, decodes label runs with
a BIO-constrained Viterbi pass, and links spans around their cue (:mod:`.decode`).
Speakers are left unresolved here (:mod:`.speakers` resolves them).

The model is loaded once per process, lazily and thread-safely (:func:`.runtime.get_tagger`);
a missing or corrupt model file raises :class:`.runtime.ModelArtifactError` naming the file.
"""
from __future__ import annotations

from ..model import Article, Attribution

__all__ = ["attribute"]


def attribute(article: Article) -> list[Attribution]:
    """All attributions of one article, speakers not yet resolved.

    Ids are ``f"{article.id}:a{n}"`` in order of content start; every span lies inside
    ``article.text``. Empty or whitespace-only text gives no attributions.
    """
    if not article.text or article.text.isspace():
        return []
    from .decode import build_attributions
    from .runtime import get_tagger

    tagger = get_tagger()
    enc = tagger.encode(article.text)
    scores = tagger.scores(enc)
    return build_attributions(article, enc.starts, enc.ends, scores)
