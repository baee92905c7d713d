"""Who copied whom: rewrite families, copy direction, sentence alignment, unsupported
additions, quote drift.

    analyze_reuse(results) -> ReuseResult

``results`` are :class:`newstrace.pipeline.ArticleResult` (article, sentence spans,
attributions — possibly empty). Steps: index sentences (facts, quotes, own-text 5-grams,
optionally MiniLM vectors) → candidate pairs (MinHash-LSH Ensemble, shared keys, embedding
LSH) → copy and rewrite edges, families (:mod:`.families`) → who copied whom in each family
(:mod:`.direction`) → links and support along each copy and from the family's root → quote
drift along each copy and across quote groups. Everything after the candidates is linear in
the size of each family. See docs/reuse.md for the numbers behind every threshold.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..model import Drift, Family, Link, Source, Support
from .align import align_pair
from .corpus import IndexedArticle, index_results
from .direction import copy_tree, parse_time
from .drift import find_drift
from .families import find_families
from .scoring import load_model
from .support import links_from_alignment, support_for_family

__all__ = ["ReuseResult", "analyze_reuse", "analyze_indexed"]


@dataclass(slots=True)
class ReuseResult:
    families: list[Family] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    support: list[Support] = field(default_factory=list)
    drift: list[Drift] = field(default_factory=list)


def analyze_indexed(arts: list[IndexedArticle], use_embeddings: bool = True,
                    min_fact_words: int | None = None, published: dict[int, str | None] | None = None,
                    downloaded: dict[int, str | None] | None = None, term_df: tuple | None = None) -> ReuseResult:
    """The reuse analysis over already indexed articles. ``published`` and ``downloaded``
    (article index → time as the input gives it) order the members of each family.
    ``min_fact_words`` overrides :data:`.support.MIN_FACT_WORDS` (for the tuning grid);
    ``term_df`` gives the run's vocabulary document frequencies when ``arts`` are one group
    of it (:func:`.families.find_families`)."""
    published, downloaded = published or {}, downloaded or {}
    have_emb = use_embeddings and any(a.emb is not None for a in arts)
    model = load_model("embed" if have_emb else "lexical")
    families, groups, edges = find_families(arts, model, use_embeddings=have_emb, term_df=term_df)
    by_pair = {(min(e.i, e.j), max(e.i, e.j)): e for e in edges}
    edges_of: dict[int, list] = defaultdict(list)
    where = {k: n for n, g in enumerate(groups) for k in g}
    for e in edges:
        edges_of[where[e.i]].append(e)
    res = ReuseResult(families=families)
    copy_pairs: list[tuple[int, int]] = []
    for n, (fam, members) in enumerate(zip(families, groups)):
        # a paraphrased rewrite: aligning it needs the sentence vectors that word overlap
        # misses, so the articles on rewrite edges are encoded (copies keep the word model)
        paraphrased: set[int] = set()
        embed_model = model
        if not have_emb:
            ends = sorted({k for e in edges_of[n] if e.kind == "rewrite" for k in (e.i, e.j)})
            if ends and _encode(arts, ends):
                paraphrased = set(ends)
                embed_model = load_model("embed")
        tree = copy_tree(arts, fam.id, members, edges_of[n], published, downloaded)
        root = tree[0].article
        fam.source = arts[root].id
        res.sources.extend(Source(fam.id, arts[c.article].id, None if c.source is None else arts[c.source].id,
                                  c.basis, c.carried, c.kept, c.shared_lead) for c in tree)
        # each member aligned with its source and with the root: 2 alignments a member at most
        pairs = {(c.source, c.article) for c in tree if c.source is not None}
        copy_pairs.extend(sorted(pairs))
        pairs |= {(root, k) for k in members if k != root}
        als = {}
        for i, j in sorted({(min(p), max(p)) for p in pairs}):
            e = by_pair.get((i, j))
            pair_model = embed_model if i in paraphrased and j in paraphrased else model
            cached = e is not None and e.alignment is not None and pair_model is model
            als[(i, j)] = e.alignment if cached else align_pair(arts[i], arts[j], pair_model)
        fam_links: list[Link] = []
        for (i, j), al in sorted(als.items()):
            fam_links.extend(links_from_alignment(arts[i], arts[j], al, model.threshold))
        res.links.extend(fam_links)
        res.support.extend(support_for_family(arts, members, als, model.threshold, fam_links, min_fact_words))
        for k in members:
            arts[k].mats = None
    rank = _time_rank(arts, published, downloaded)
    res.drift = find_drift(arts, copy_pairs, rank)
    return res


def _encode(arts: list[IndexedArticle], members: list[int]) -> bool:
    """Sentence vectors for the members that lack them; False when no encoder is available."""
    import numpy as np

    todo = [k for k in members if arts[k].emb is None or len(arts[k].emb) != len(arts[k].sentences)]
    if not todo:
        return True
    try:
        from .embed import encode

        vecs = encode([arts[k].text[s.start:s.end] for k in todo for s in arts[k].sentences])
    except Exception:  # no encoder installed: the word model still aligns the family
        return False
    if vecs is None:
        return False
    pos = 0
    for k in todo:
        n = len(arts[k].sentences)
        arts[k].emb = np.asarray(vecs[pos:pos + n], dtype=np.float32)
        arts[k].mats = None
        pos += n
    return True


def _time_rank(arts: list[IndexedArticle], published: dict[int, str | None],
               downloaded: dict[int, str | None]) -> dict[int, int]:
    """Article index → its rank by publication (else download) time, untimed ones last in input order."""
    def key(k: int):
        t = parse_time(published.get(k)) or parse_time(downloaded.get(k))
        return (t is None, t.timestamp() if t is not None else 0.0, k)
    return {k: r for r, k in enumerate(sorted(range(len(arts)), key=key))}


def analyze_reuse(results, use_embeddings: bool = False, embeddings: dict | None = None,
                  term_df: tuple | None = None) -> ReuseResult:
    """Families, sources, links, support and drift for a corpus of ArticleResults. Never
    raises on odd input: articles without sentences simply join no family. ``embeddings``
    (article id → sentence vectors, already computed) are used instead of encoding again."""
    results = list(results or [])
    if not results:
        return ReuseResult()
    arts = index_results(results, use_embeddings=use_embeddings, embeddings=embeddings)
    published = {k: r.article.published for k, r in enumerate(results)}
    downloaded = {k: r.article.downloaded for k, r in enumerate(results)}
    return analyze_indexed(arts, use_embeddings=use_embeddings, published=published, downloaded=downloaded,
                           term_df=term_df)
