"""Per-article material that every cross-article step reuses: sentence facts, quote spans
and (optionally) sentence embeddings, computed once per run."""
from __future__ import annotations

import base64
from dataclasses import dataclass, field

import numpy as np

from ..ingest.furniture import mostly_furniture
from ..model import Span
from .features import SentenceFacts, sentence_facts
from .passages import own_grams
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
    grams: np.ndarray | None = None  # own-text 5-gram hashes (see reuse.passages)
    gram_set: frozenset | None = None  # the same as a set (built when first needed)
    furniture: list[Span] = field(default_factory=list)  # page furniture left out of the index

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


def article_quotes(text: str, attributions=()) -> tuple[list[Span], dict[Span, str]]:
    """An article's quotes (by quote marks, plus the contents of direct/partial
    attributions the marks missed) and the speaker name of each quote, when known."""
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
    return quotes, speakers


def index_with_quotes(article_id: str, text: str, sentences: list[Span], quotes: list[Span],
                      speakers: dict[Span, str] | None = None, furniture: list[Span] = ()) -> IndexedArticle:
    """Sentence facts of one article whose quotes are already known. Sentences that lie
    mostly in page ``furniture`` are left out, and so are quotes inside it."""
    text = text or ""
    sentences = _valid_sentences(text, list(sentences or []))
    furniture = sorted(f for f in furniture if 0 <= f.start < f.end <= len(text))
    if furniture:
        sentences = [s for s in sentences if not mostly_furniture(s, furniture)]
    quotes = sorted(q for q in quotes if 0 <= q.start < q.end <= len(text)
                    and not any(f.contains(q) for f in furniture))
    facts, per_sentence = [], []
    for s in sentences:
        clipped = [Span(max(s.start, q.start), min(s.end, q.end)) for q in quotes if q.overlaps(s)]
        per_sentence.append(clipped)
        quoted = " ".join(text[c.start:c.end] for c in clipped)
        facts.append(sentence_facts(text[s.start:s.end], quoted))
    out = IndexedArticle(article_id, text, sentences, facts, quotes, per_sentence, None, dict(speakers or {}))
    out.grams = own_grams(text, sorted(quotes + furniture))
    out.furniture = furniture
    return out


def index_article(article_id: str, text: str, sentences: list[Span], attributions=(),
                  furniture: list[Span] = ()) -> IndexedArticle:
    """Facts and quotes of one article. Quotes are found by quote marks and, when the
    attribution tagger ran, also taken from direct/partial attribution contents; page
    ``furniture`` is left out."""
    text = text or ""
    quotes, speakers = article_quotes(text, attributions)
    return index_with_quotes(article_id, text, sentences, quotes, speakers, furniture)


def to_payload(a: IndexedArticle) -> dict:
    """What a distributed job needs to rebuild ``a`` elsewhere (JSON-safe): text, sentence
    and quote spans, and the sentence vectors (float32, base64)."""
    emb = None
    if a.emb is not None:
        arr = np.ascontiguousarray(a.emb, dtype=np.float32)
        emb = {"shape": list(arr.shape), "b64": base64.b64encode(arr.tobytes()).decode("ascii")}
    return {"id": a.id, "text": a.text, "sentences": [[s.start, s.end] for s in a.sentences],
            "quotes": [[q.start, q.end] for q in a.quotes], "emb": emb,
            "furniture": [[f.start, f.end] for f in a.furniture]}


def from_payload(d: dict) -> IndexedArticle:
    """The IndexedArticle of :func:`to_payload` (facts recomputed, same values)."""
    a = index_with_quotes(d["id"], d["text"], [Span(s, e) for s, e in d["sentences"]],
                          [Span(s, e) for s, e in d["quotes"]],
                          furniture=[Span(s, e) for s, e in d.get("furniture") or []])
    a.emb = payload_embeddings(d)
    return a


def _current(r) -> bool:
    """Whether a result carries the index its per-article stage made for its present sentences."""
    idx = getattr(r, "index", None)
    return isinstance(idx, IndexedArticle) and idx.id == r.article.id


def index_results(results, use_embeddings: bool = True, embeddings: dict | None = None) -> list[IndexedArticle]:
    """Index every ArticleResult; embeddings for all sentences in one batched call, except
    for articles whose vectors ``embeddings`` (id → array, one row per sentence) provides."""
    idx = [r.index if _current(r) else index_article(r.article.id, r.article.text, r.sentences, r.attributions,
                                                     [f for f, _ in getattr(r, "furniture", ())])
           for r in results]
    if use_embeddings:
        from .embed import encode

        given = embeddings or {}
        todo = []
        for a in idx:
            v = given.get(a.id)
            if v is not None and len(v) == len(a.sentences):
                a.emb = np.asarray(v, dtype=np.float32)
            else:
                todo.append(a)
        texts = [a.text[s.start:s.end] for a in todo for s in a.sentences]
        vecs = encode(texts) if texts else None
        if vecs is not None:
            k = 0
            for a in todo:
                n = len(a.sentences)
                a.emb = vecs[k:k + n]
                k += n
    return idx


def payload_embeddings(payload: dict) -> "np.ndarray | None":
    """The sentence vectors stored in a :func:`to_payload` dict, or None."""
    emb = payload.get("emb")
    if not emb:
        return None
    return np.frombuffer(base64.b64decode(emb["b64"]), dtype=np.float32).reshape(emb["shape"]).copy()
