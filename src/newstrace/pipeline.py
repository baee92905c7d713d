"""The one pipeline definition, used by the CLI, by library callers and by the Spark job.

Two layers:

* :func:`analyze_article` — everything that needs one article only (sentences,
  attributions, in-article speaker resolution). Pure function of the article; Spark runs
  it inside ``mapInPandas``.
* :func:`analyze_corpus` — everything across articles (entities over the run, rewrite
  families, sentence alignment, support, quote drift, sourcing profiles).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .model import Article, Attribution, Drift, Entity, Family, Link, Span, Support


@dataclass(slots=True)
class ArticleResult:
    article: Article
    sentences: list[Span] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)


@dataclass(slots=True)
class CorpusResult:
    entities: list[Entity] = field(default_factory=list)
    families: list[Family] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    support: list[Support] = field(default_factory=list)
    drift: list[Drift] = field(default_factory=list)
    profiles: dict[str, dict] = field(default_factory=dict)


def analyze_article(article: Article) -> ArticleResult:
    """Per-article stages: nlp → attribute → resolve speakers (within the article)."""
    from . import nlp
    from .attribution import attribute
    from .attribution.speakers import resolve_speakers

    doc = nlp.parse(article.text)
    sentences = nlp.sentence_spans(doc)
    attributions = attribute(article)
    attributions = resolve_speakers(article, attributions, doc)
    return ArticleResult(article=article, sentences=sentences, attributions=attributions)


def warm_up() -> None:
    """Import the stages and load their models once, outside any per-article time limit
    (a limit that fires inside a first import would leave a half-imported module)."""
    analyze_article(Article(id="__warm_up__", origin="", text="“We will go on,” the minister said on Monday."))


def analyze_corpus(results: list[ArticleResult], embeddings: dict | None = None) -> CorpusResult:
    """Cross-article stages: entities → families → align → support → drift → profiles.

    ``embeddings`` (article id → sentence vectors) skips encoding the articles it covers
    (the Spark job computed them in its per-article step)."""
    from .attribution.speakers import link_entities
    from .reuse import analyze_reuse
    from .reuse.profile import sourcing_profiles

    entities = link_entities(results)
    reuse = analyze_reuse(results, embeddings=embeddings)
    profiles = sourcing_profiles(results, reuse.support)
    return CorpusResult(entities=entities, families=reuse.families, links=reuse.links,
                        support=reuse.support, drift=reuse.drift, profiles=profiles)
