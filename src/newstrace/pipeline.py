"""The one pipeline definition, used by the CLI, by library callers and by the Spark job.

The stages are plain functions in two ordered lists, each saying what it reads and what it
adds (as spaCy's components do):

* :data:`ARTICLE_STAGES` need one article only: ``furniture`` (lines of the page that are
  not the article) → ``parse`` (spaCy: sentences) → ``attribute`` (the tagger:
  attributions) → ``speakers`` (speaker resolution within the article) → ``index`` (what
  rewrite analysis compares). They get a :class:`RunContext` (lines that recur across the
  run's pages, for furniture). :func:`analyze_article` runs them; Spark runs it on the executors.
* :data:`CORPUS_STAGES` work across articles: ``entities`` (one entity per real speaker
  over the whole run, its id written into every speaker) → ``reuse`` (rewrite families,
  sentence alignment, support, quote drift) → ``profiles`` (sourcing profile per article) →
  ``outlets`` (the outlet network, from every family's who-copied-whom).
  :func:`analyze_corpus` runs them. A stage's ``scope`` says what it needs at once: ``run``
  (every article of the run: Spark runs it on the driver, before the group stages when it
  comes before them in the list, after them otherwise) or ``group`` (the articles of one
  candidate group are enough: Spark runs it per group, on the executors).

:func:`analyze_one` is the guarded form of :func:`analyze_article` that every batch uses: an
article that is too long, too slow or makes a stage fail is kept without findings, with an
error record, and the batch goes on.
"""
from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from .errors import ArticleTimeout, E, StageError, describe, record
from .model import Article, Attribution, Drift, Entity, Family, IngestError, Link, OutletLink, Source, Span, Support
from .options import DEFAULT_TIME_LIMIT, MAX_ARTICLE_CHARS, Options

__all__ = ["ARTICLE_STAGES", "CORPUS_STAGES", "ArticleResult", "CorpusResult", "RunContext", "Stage", "analyze_article",
           "analyze_corpus", "analyze_one", "select", "time_limit", "warm_up"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ArticleResult:
    article: Article
    sentences: list[Span] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    #: The spaCy parse while the per-article stages run (dropped when they are done).
    doc: object | None = None
    #: What the cross-article stages compare (sentence facts, quotes, own-text 5-grams): made
    #: by the per-article ``index`` stage, rebuilt by the corpus stage when missing.
    index: object | None = None
    #: Page furniture: (span, kind) of the lines that belong to the page, not the article.
    furniture: list[tuple[Span, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RunContext:
    """What the per-article stages know about the whole run: the short lines that recur on
    several pages of one outlet (:func:`newstrace.ingest.furniture.recurring_lines`)."""

    recurring: frozenset[str] = frozenset()

    @classmethod
    def of(cls, articles) -> "RunContext":
        from .ingest.furniture import recurring_lines

        return cls(recurring_lines((a.outlet, a.text) for a in articles))


@dataclass(slots=True)
class CorpusResult:
    entities: list[Entity] = field(default_factory=list)
    families: list[Family] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    support: list[Support] = field(default_factory=list)
    drift: list[Drift] = field(default_factory=list)
    profiles: dict[str, dict] = field(default_factory=dict)
    outlets: list[OutletLink] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Stage:
    """One step of the pipeline: ``run(result, context)`` for a per-article stage (:class:`RunContext`),
    ``run(results, corpus, context)`` for a cross-article one (:class:`CorpusContext`). ``reads`` and ``adds`` name
    what it needs and what it fills in (tables or fields of the output contract, ``text`` for
    the article's text, ``doc`` for the spaCy parse)."""

    name: str
    scope: Literal["article", "run", "group"]
    reads: tuple[str, ...]
    adds: tuple[str, ...]
    run: Callable
    doc: str = ""


# --------------------------------------------------------------------------- per-article stages

def _furniture(res: ArticleResult, ctx: RunContext) -> None:
    from .ingest.furniture import furniture_spans

    res.furniture = furniture_spans(res.article.text, ctx.recurring)


def _parse(res: ArticleResult, ctx: RunContext) -> None:
    from . import nlp

    res.doc = nlp.parse(res.article.text)
    res.sentences = nlp.sentence_spans(res.doc)


def _attribute(res: ArticleResult, ctx: RunContext) -> None:
    from .attribution import attribute
    from .ingest.furniture import mostly_furniture

    atts = attribute(res.article)
    if res.furniture:  # a caption or a teaser is the page's, not the article's reporting
        spans = [f for f, _ in res.furniture]
        atts = [a for a in atts if not mostly_furniture(a.content, spans)]
    res.attributions = atts


def _speakers(res: ArticleResult, ctx: RunContext) -> None:
    from .attribution.speakers import resolve_speakers

    atts = resolve_speakers(res.article, res.attributions, res.doc)
    # Reported speech with no source in the text and no speaker the article supports ("calls
    # for …", "there is little hope for …") is dropped: on PolNeAR dev this raised
    # attribution-level precision from 0.498 to 0.539 at recall 0.508 → 0.501. Quotations
    # (direct, partial) stay even when nobody is named: the words are still in the article.
    res.attributions = [a for a in atts
                        if not (a.kind == "indirect" and a.source is None and a.speaker.kind == "unresolved")]


def _index(res: ArticleResult, ctx: RunContext) -> None:
    from .reuse.corpus import index_article

    res.index = index_article(res.article.id, res.article.text, res.sentences, res.attributions,
                              [f for f, _ in res.furniture])


ARTICLE_STAGES: tuple[Stage, ...] = (
    Stage("furniture", "article", ("text",), ("furniture",), _furniture,
          "lines of the page that are not the article: share bars, credits, captions, teasers, boxes"),
    Stage("parse", "article", ("text",), ("doc", "sentences"), _parse,
          "spaCy parse; sentence spans cut at paragraph breaks"),
    Stage("attribute", "article", ("text", "furniture"), ("attributions",), _attribute,
          "the attribution tagger: source, cue and content spans and a kind (none inside furniture)"),
    Stage("speakers", "article", ("doc", "attributions"), ("attributions.speaker",), _speakers,
          "each attribution's speaker resolved within the article (named, joint, anonymous, document, "
          "unresolved); reported speech with neither a source nor a speaker is dropped"),
    Stage("index", "article", ("sentences", "attributions.speaker", "furniture"), ("index",), _index,
          "what rewrite analysis compares: sentence facts, quotations, own-text 5-grams (furniture left out)"),
)


# --------------------------------------------------------------------------- cross-article stages

@dataclass(slots=True)
class CorpusContext:
    """What the cross-article stages get besides the results: the run's options and sentence
    vectors already computed elsewhere (article id → vectors: the Spark job's per-article step)."""

    options: Options = field(default_factory=Options)
    embeddings: dict | None = None
    #: The run's document frequencies of the family stage's vocabulary when the results are
    #: one group of a larger run (:data:`newstrace.reuse.families.TermDF`, the Spark job).
    term_df: tuple | None = None


def _entities(results: list[ArticleResult], corpus: CorpusResult, ctx: CorpusContext) -> None:
    from .attribution.entities import link_entities

    corpus.entities = link_entities(results, aliases=ctx.options.aliases)


def _reuse(results: list[ArticleResult], corpus: CorpusResult, ctx: CorpusContext) -> None:
    from .reuse import analyze_reuse

    reuse = analyze_reuse(results, use_embeddings=ctx.options.embeddings, embeddings=ctx.embeddings,
                          term_df=ctx.term_df)
    corpus.families, corpus.sources, corpus.links = reuse.families, reuse.sources, reuse.links
    corpus.support, corpus.drift = reuse.support, reuse.drift


def _outlets(results: list[ArticleResult], corpus: CorpusResult, ctx: CorpusContext) -> None:
    from .reuse.outlets import outlet_network

    corpus.outlets = outlet_network((r.article for r in results), corpus.sources)


def _profiles(results: list[ArticleResult], corpus: CorpusResult, ctx: CorpusContext) -> None:
    from .reuse.profile import sourcing_profiles

    corpus.profiles = sourcing_profiles(results, corpus.support)


CORPUS_STAGES: tuple[Stage, ...] = (
    Stage("entities", "run", ("attributions",), ("entities", "attributions.speaker.entity"), _entities,
          "one entity per real speaker across the run, with aliases and roles"),
    Stage("reuse", "group", ("sentences", "attributions.speaker.entity"),
          ("families", "sources", "links", "support", "drift"), _reuse,
          "rewrite families, who copied whom, sentence alignment, support and quote drift"),
    Stage("profiles", "group", ("attributions", "support"), ("profiles",), _profiles,
          "sourcing profile per article"),
    Stage("outlets", "run", ("sources",), ("outlets",), _outlets,
          "the outlet network: which outlet copies from which, weighted by families and by how fast"),
)

#: What every article brings before any stage runs.
_GIVEN = ("text",)


def select(names: Sequence[str] | None, stages: Sequence[Stage]) -> tuple[Stage, ...]:
    """The stages named (all when ``names`` is None), in pipeline order. Raises
    :class:`~newstrace.errors.StageError` for an unknown name."""
    if names is None:
        return tuple(stages)
    known = {s.name for s in stages}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise StageError(f"unknown stage {unknown[0]!r}; the stages are {', '.join(s.name for s in stages)}")
    return tuple(s for s in stages if s.name in names)


def check_order(stages: Sequence[Stage], given: Sequence[str] = _GIVEN) -> None:
    """Raise :class:`~newstrace.errors.StageError` when a stage reads what neither the input nor an
    earlier stage of the list adds."""
    have = set(given)
    for s in stages:
        missing = [r for r in s.reads if r not in have]
        if missing:
            raise StageError(f"stage {s.name!r} reads {', '.join(missing)}, which no earlier stage adds")
        have.update(s.adds)


def _run_article_stages(article: Article, stages: Sequence[Stage], context: RunContext | None = None) -> ArticleResult:
    res = ArticleResult(article=article)
    ctx = context or RunContext()
    try:
        for stage in stages:
            stage.run(res, ctx)
    finally:
        res.doc = None
    return res


def analyze_article(article: Article, stages: Sequence[Stage] = ARTICLE_STAGES,
                    context: RunContext | None = None) -> ArticleResult:
    """The per-article stages over one article (a pure function of the article and of what
    ``context`` says about the run)."""
    return _run_article_stages(article, stages, context)


def analyze_corpus(results: list[ArticleResult], embeddings: dict | None = None,
                   stages: Sequence[Stage] = CORPUS_STAGES, options: Options | None = None,
                   term_df: tuple | None = None) -> CorpusResult:
    """The cross-article stages over per-article results, in order.

    ``embeddings`` (article id → sentence vectors) skips encoding the articles it covers
    (the Spark job computed them in its per-article step); ``options.embeddings`` says
    whether sentence vectors are used at all; ``term_df`` the run's vocabulary document
    frequencies when ``results`` are one group of it."""
    ctx = CorpusContext(options or Options(), embeddings, term_df)
    corpus = CorpusResult()
    for stage in stages:
        stage.run(results, corpus, ctx)
    return corpus


def warm_up() -> None:
    """Import the stages and load their models once, outside any per-article time limit
    (a limit that fires inside a first import would leave a half-imported module)."""
    _run_article_stages(Article(id="__warm_up__", origin="", text="“We will go on,” the minister said on Monday."),
                        ARTICLE_STAGES)


# --------------------------------------------------------------------------- one article, guarded

@contextlib.contextmanager
def time_limit(seconds: float | None):
    """Raise :class:`~newstrace.errors.ArticleTimeout` in the main thread after ``seconds`` (POSIX timers).

    Off the main thread, or without a limit, this does nothing: library callers on other
    threads run without it."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum, frame):
        raise ArticleTimeout()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def analyze_one(article: Article, seconds: float | None = DEFAULT_TIME_LIMIT,
                stages: Sequence[Stage] = ARTICLE_STAGES, step: str = "analysis",
                context: RunContext | None = None) -> tuple[ArticleResult, IngestError | None]:
    """:func:`analyze_article`, never raising: an article over :data:`~newstrace.options.MAX_ARTICLE_CHARS`
    (E902), past the time limit (E901) or whose stages fail (E900, naming ``step``) is kept
    without findings, with its error record."""
    if len(article.text) > MAX_ARTICLE_CHARS:
        return ArticleResult(article=article), record(E.E902, article.origin, article=article.id,
                                                      chars=len(article.text), limit=MAX_ARTICLE_CHARS)
    try:
        with time_limit(seconds):
            return analyze_article(article, stages, context), None
    except ArticleTimeout:
        return ArticleResult(article=article), record(E.E901, article.origin, article=article.id, seconds=seconds)
    except Exception as e:  # keep the article, report the failure, go on with the batch
        log.exception("analysis failed for %s", article.id)
        return ArticleResult(article=article), record(E.E900, article.origin, article=article.id, step=step,
                                                      error=describe(e))
