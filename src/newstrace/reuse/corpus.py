"""Per-article material that every cross-article step reuses: sentence facts, quote spans
and (optionally) sentence embeddings, computed once per run."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..model import Span
from .features import SentenceFacts, sentence_facts
from .quotes import find_quotes


@dataclass(slots=True)
class IndexedArticle:
    id: str
    text: str
    sentences: list[Span]
    facts: list[SentenceFacts]
    quotes: list[Span]
    # quote spans that overlap each sentence (clipped to it)
    sentence_quotes: list[list[Span]] = field(default_factory=list)
    emb: np.ndarray | None = None  # (n_sentences, dim), unit rows
    speakers: dict[Span, str] = field(default_factory=dict)  # quote/content span -> speaker name
    mats: tuple | None = None  # cached sparse fact matrices (see reuse.align)

    @property
    def doc_vec(self) -> np.ndarray | None:
        if self.emb is None or len(self.emb) == 0:
            return None
        v = self.emb.mean(axis=0)
        n = float(np.linalg.norm(v))
        return v / n if n > 0 else v


def _valid_sentences(text: str, sentences: list[Span]) -> list[Span]:
    out = []
    for s in sentences:
        if 0 <= s.start < s.end <= len(text):
            out.append(s)
    return out


def index_article(article_id: str, text: str, sentences: list[Span], attributions=()) -> IndexedArticle:
    """Facts and quotes of one article. Quotes are found by quote marks and, when the
    attribution tagger ran, also taken from direct/partial attribution contents."""
    text = text or ""
    sentences = _valid_sentences(text, list(sentences or []))
    quotes = find_quotes(text)
    speakers: dict[Span, str] = {}
    for att in attributions or ():
        content = getattr(att, "content", None)
        if content is None or content.end > len(text):
            continue
        name = getattr(getattr(att, "speaker", None), "name", None)
        if getattr(att, "kind", None) in ("direct", "partial") and not any(q.overlaps(content) for q in quotes):
            quotes.append(content)
        if name:
            for q in quotes:
                if q.overlaps(content):
                    speakers.setdefault(q, name)
            speakers.setdefault(content, name)
    quotes.sort()
    facts, per_sentence = [], []
    for s in sentences:
        clipped = [Span(max(s.start, q.start), min(s.end, q.end)) for q in quotes if q.overlaps(s)]
        per_sentence.append(clipped)
        quoted = " ".join(text[c.start:c.end] for c in clipped)
        facts.append(sentence_facts(text[s.start:s.end], quoted))
    return IndexedArticle(article_id, text, sentences, facts, quotes, per_sentence, None, speakers)


def index_results(results, use_embeddings: bool = True) -> list[IndexedArticle]:
    """Index every ArticleResult; embeddings for all sentences in one batched call."""
    idx = [index_article(r.article.id, r.article.text, r.sentences, r.attributions) for r in results]
    if use_embeddings:
        from .embed import encode

        texts = [a.text[s.start:s.end] for a in idx for s in a.sentences]
        vecs = encode(texts) if texts else None
        if vecs is not None:
            k = 0
            for a in idx:
                n = len(a.sentences)
                a.emb = vecs[k:k + n]
                k += n
    return idx
