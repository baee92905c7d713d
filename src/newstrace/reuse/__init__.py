"""Who copied whom: rewrite families, sentence alignment, unsupported additions, quote drift.

    analyze_reuse(results) -> ReuseResult

``results`` are :class:`newstrace.pipeline.ArticleResult` (article, sentence spans,
attributions — possibly empty). Steps: index sentences (facts, quotes, MiniLM vectors) →
candidate pairs (MinHash-LSH Ensemble, shared keys, embedding LSH) → confirmation by
sentence alignment → connected components = families → links and support within each
family → quote drift. See docs/reuse.md for the numbers behind every threshold.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Drift, Family, Link, Support
from .corpus import IndexedArticle, index_results
from .drift import find_drift
from .families import find_families
from .scoring import load_model
from .support import family_alignments, links_from_alignment, support_for_family

__all__ = ["ReuseResult", "analyze_reuse", "analyze_indexed"]


@dataclass(slots=True)
class ReuseResult:
    families: list[Family] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    support: list[Support] = field(default_factory=list)
    drift: list[Drift] = field(default_factory=list)


def analyze_indexed(arts: list[IndexedArticle], use_embeddings: bool = True,
                    min_fact_words: int | None = None) -> ReuseResult:
    """The reuse analysis over already indexed articles. ``min_fact_words`` overrides
    :data:`.support.MIN_FACT_WORDS` (for the tuning grid)."""
    have_emb = use_embeddings and any(a.emb is not None for a in arts)
    model = load_model("embed" if have_emb else "lexical")
    families, confirmed = find_families(arts, model, use_embeddings=have_emb)
    cache = {(c.i, c.j): c.alignment for c in confirmed}
    pos = {a.id: k for k, a in enumerate(arts)}
    links: list[Link] = []
    support: list[Support] = []
    groups: list[list[int]] = []
    for fam in families:
        members = [pos[x] for x in fam.articles]
        groups.append(members)
        als = family_alignments(arts, members, model, cache)
        fam_links: list[Link] = []
        for (i, j), al in sorted(als.items()):
            fam_links.extend(links_from_alignment(arts[i], arts[j], al, model.threshold))
        links.extend(fam_links)
        support.extend(support_for_family(arts, members, als, model.threshold, fam_links, min_fact_words))
    drift = find_drift(arts, groups)
    return ReuseResult(families=families, links=links, support=support, drift=drift)


def analyze_reuse(results, use_embeddings: bool = True, embeddings: dict | None = None) -> ReuseResult:
    """Families, links, support and drift for a corpus of ArticleResults. Never raises on
    odd input: articles without sentences simply join no family. ``embeddings`` (article
    id → sentence vectors, already computed) are used instead of encoding again."""
    results = list(results or [])
    if not results:
        return ReuseResult()
    arts = index_results(results, use_embeddings=use_embeddings, embeddings=embeddings)
    return analyze_indexed(arts, use_embeddings=use_embeddings)
