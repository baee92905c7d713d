"""Stage results ⇄ contract records, for every path that saves or moves results.

The command line (:mod:`newstrace.runner`), the store's incremental runs and the Spark job
(:mod:`newstrace.scale`) all turn results into the records of :mod:`newstrace.contract`
here, and rebuild results from stored records here, so the two paths cannot drift apart.
"""
from __future__ import annotations

from .contract import compact
from .model import Article, Attribution, Furniture, Span, Speaker, span_from_record
from .pipeline import ArticleResult, CorpusResult

__all__ = ["RESULT_TABLES", "article_records", "corpus_records", "results_from_records"]

#: The tables an article's per-article result is saved in (and rebuilt from).
RESULT_TABLES = ("articles", "sentences", "furniture", "attributions")


def article_records(res: ArticleResult) -> dict[str, list[dict]]:
    """Records of one article's per-article stages: the article, its sentences, its attributions."""
    a = res.article
    return {  # the keys are RESULT_TABLES
        "articles": [a.to_record()],
        "sentences": [compact("sentences", {"article": a.id, "start": s.start, "end": s.end}) for s in res.sentences],
        "furniture": [Furniture(a.id, span, kind).to_record(a.text) for span, kind in res.furniture],
        "attributions": [att.to_record(a.text) for att in res.attributions],
    }


def corpus_records(results: list[ArticleResult], corpus: CorpusResult) -> dict[str, list[dict]]:
    """Records of the cross-article stages (entities, families, sources, links, support, drift,
    profiles, outlets)."""
    texts = {r.article.id: r.article.text for r in results}
    return {
        "entities": [e.to_record() for e in corpus.entities],
        "families": [f.to_record() for f in corpus.families],
        "sources": [s.to_record() for s in corpus.sources],
        "links": [link.to_record(texts) for link in corpus.links],
        "support": [s.to_record(texts[s.article]) for s in corpus.support],
        "drift": [d.to_record(texts) for d in corpus.drift],
        "profiles": [compact("profiles", {"article": aid, **prof}) for aid, prof in corpus.profiles.items()],
        "outlets": [o.to_record() for o in corpus.outlets],
    }


def results_from_records(tables: dict[str, list[dict]]) -> list[ArticleResult]:
    """Per-article results rebuilt from their records (as stored, or as the Spark job moves
    them), so that the cross-article stages can run over them."""
    by_id: dict[str, ArticleResult] = {}
    for rec in tables.get("articles", []):
        by_id[rec["id"]] = ArticleResult(article=Article.from_record(rec))
    for rec in tables.get("sentences", []):
        if rec["article"] in by_id:
            by_id[rec["article"]].sentences.append(Span(int(rec["start"]), int(rec["end"])))
    for rec in tables.get("furniture", []):
        if rec["article"] in by_id and rec.get("span"):
            by_id[rec["article"]].furniture.append((span_from_record(rec["span"]), rec.get("kind") or ""))
    for rec in tables.get("attributions", []):
        r = by_id.get(rec["article"])
        if r is None:
            continue
        sp = rec.get("speaker") or {}
        r.attributions.append(Attribution(
            article=rec["article"], id=rec["id"], content=span_from_record(rec["content"]),
            kind=rec["kind"], source=span_from_record(rec.get("source")), cue=span_from_record(rec.get("cue")),
            speaker=Speaker(sp.get("name"), sp.get("kind", "unresolved"), sp.get("entity")),
            score=rec.get("score")))
    for r in by_id.values():
        r.sentences.sort()
        r.furniture.sort()
        r.attributions.sort(key=lambda a: (a.content.start, a.id))
    return list(by_id.values())
