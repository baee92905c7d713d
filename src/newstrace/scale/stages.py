"""The pipeline's stages as row functions for Spark executors.

Nothing here re-implements a stage: per-article work goes through
:func:`newstrace.pipeline.analyze_one` (the same guarded stage list the CLI runs) and
:func:`newstrace.records.article_records`; cross-article work through
:func:`newstrace.pipeline.analyze_corpus` (the stages of scope ``group``) on results rebuilt by
:func:`newstrace.records.results_from_records`, turned into records by
:func:`newstrace.records.corpus_records`. Models are loaded by the stage functions
themselves and cached per process (``functools.lru_cache``), so each executor's Python
worker loads them once and reuses them for every partition (``spark.python.worker.reuse`` is on
by default); nothing is shipped from the driver.

Every function is a plain generator over rows (a ``mapPartitions`` body: executors need
neither pandas nor Arrow), and never raises for one bad article or one
bad family: the failure becomes an ``errors`` record and the job goes on.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterator

from ..contract import arrow_schema, typed_row
from ..errors import E, describe, record
from ..model import Article, IngestError
from ..options import Options
from ..pipeline import ARTICLE_STAGES, CORPUS_STAGES, ArticleResult, RunContext, analyze_one, select
from .ingest import article_from_json

log = logging.getLogger(__name__)

RecordRow = tuple  # (table, article, ord, rec): the transport row, see records.RECORD_DDL
#: Transport table of the per-article candidate signals (not written as output).
SIGNALS = "_signals"

#: What the per-article step runs, by the name of ``--stages``: ``full`` = every per-article
#: stage (nlp, attribution, speakers); ``reuse-only`` = the spaCy parse (sentence spans), no
#: attribution model; ``candidates`` = nothing (a benchmark of the candidate step alone).
PRESETS: dict[str, tuple[str, ...] | None] = {"full": None, "reuse-only": ("furniture", "parse"), "candidates": ()}
STAGES = tuple(PRESETS)
#: The cross-article stages run per candidate group on the executors (the ``run`` stages,
#: entity linking, run once over the whole run on the driver).
GROUP_STAGES = tuple(s for s in CORPUS_STAGES if s.scope == "group")


def _dumps(rec: dict) -> str:
    return json.dumps(rec, ensure_ascii=False)


def analyze_article_step(article: Article, stages: str, options: Options | None = None,
                         context: RunContext | None = None) -> tuple[ArticleResult, IngestError | None]:
    """One article through the per-article stages of the ``stages`` preset; failures are
    reported, not raised (the CLI's own guard: E900, E901, E902). ``context``: what the
    run knows of all its pages (:func:`recurring_lines_of`)."""
    options = options or Options()
    chosen = select(PRESETS[stages], ARTICLE_STAGES)
    if not chosen:
        return ArticleResult(article=article), None
    step = "analysis" if stages == "full" else "sentence splitting"
    return analyze_one(article, options.time_limit or None, chosen, step=step, context=context)


def candidate_signals(res: ArticleResult, use_embeddings: bool = False) -> dict | None:
    """The reuse stage's per-article candidate signals: its rare keys, the band codes of
    its mean sentence vector (both computed by its own functions: ``index_results``,
    ``article_keys``), the terms of its family-stage vocabulary (whose document frequencies
    over the run weigh every group's vocabulary) and its index payload (text, sentence and quote spans, sentence
    vectors), from which the confirmation and corpus steps rebuild the article without
    encoding it again."""
    try:
        from ..reuse.candidates import article_keys
        from ..reuse.corpus import index_results, to_payload
        from ..reuse.families import vocabulary_terms
        from .candidates import embedding_codes

        ia = index_results([res], use_embeddings=use_embeddings)[0]
        vec = ia.doc_vec
        return {"keys": sorted(article_keys(ia)), "codes": embedding_codes(vec) if vec is not None else [],
                "terms": sorted(vocabulary_terms(ia)), "index": to_payload(ia)}
    except Exception:  # signals only widen candidate groups: without them, shingles still work
        log.exception("candidate signals failed for %s", res.article.id)
        return None


def article_rows(article: Article, ord_: int, stages: str, options: Options | None = None,
                 context: RunContext | None = None) -> list[RecordRow]:
    """Transport rows (table, article, ord, rec) of one article's per-article records."""
    from ..records import article_records

    res, err = analyze_article_step(article, stages, options, context)
    try:
        tables = article_records(res)
    except Exception as e:  # e.g. a stage produced a span beyond the text: keep the article
        log.exception("records failed for %s", article.id)
        tables = article_records(ArticleResult(article=article))
        err = record(E.E903, article.origin, article=article.id, error=describe(e))
    rows = [(t, article.id, ord_, _dumps(r)) for t, recs in tables.items() for r in recs]
    if stages != "candidates" and res.sentences:
        sig = candidate_signals(res, use_embeddings=(options or Options()).embeddings)
        if sig is not None:
            rows.append((SIGNALS, article.id, ord_, _dumps(sig)))
    if err is not None:
        rows.append(("errors", article.id, ord_, _dumps(err.to_record())))
    return rows


def analyze_articles_rows(rows, stages: str, options: Options | None = None,
                          context: RunContext | None = None) -> Iterator[RecordRow]:
    """``mapPartitions`` body: ``(ord, id, rec)`` of articles → transport rows. Before the
    first article the worker loads its models through ``pipeline.warm_up`` (a no-op once
    loaded), as the CLI does, so loading never counts against the per-article time limit."""
    if stages == "full":
        try:
            from ..pipeline import warm_up

            warm_up()
        except Exception:  # the per-article wrapper reports a broken model on every article
            log.exception("warm-up failed")
    for ord_, aid, rec in rows:
        try:
            art = article_from_json(rec)
            art.id = aid  # the id made unique across inputs, as read_inputs does
        except Exception as e:
            yield ("errors", aid, ord_, _dumps(record(E.E904, str(aid), article=aid, error=describe(e)).to_record()))
            continue
        yield from article_rows(art, int(ord_), stages, options, context)


def page_observations(row) -> list:
    """``flatMap`` body: an ``(ord, id, rec)`` article row → its page's short-line
    observations keyed by (outlet, line) (:func:`newstrace.ingest.furniture.line_observations`),
    as ``(key, (1, before, after))`` tallies for ``reduceByKey``. A row that does not parse
    observes nothing (the per-article step reports it)."""
    from ..ingest.furniture import line_observations

    try:
        rec = json.loads(row[2])
        return [(key, (1, before, after)) for key, (before, after) in
                line_observations(rec.get("outlet"), rec.get("text") or "")]
    except Exception:
        return []


def recurring_lines_of(article_rows_rdd) -> RunContext:
    """The run's :class:`~newstrace.pipeline.RunContext` computed on the executors: the same
    rule as :func:`newstrace.ingest.furniture.recurring_lines` (which the CLI runs), its
    per-page observations merged by key with ``reduceByKey``; only the recurring lines (a
    few hundred short strings) reach the driver."""
    from ..ingest.furniture import is_recurring, merge_observations

    lines = (article_rows_rdd.flatMap(page_observations).reduceByKey(merge_observations)
             .filter(lambda kv: is_recurring(kv[1])).map(lambda kv: kv[0][1]).distinct().collect())
    return RunContext(frozenset(lines))


def confirm_rows(rows, cache_size: int = 256) -> Iterator[tuple[str, str, float]]:
    """``mapPartitions`` body: candidate pairs ``(a, b, index_a, index_b)`` (the reuse
    index payloads of :func:`newstrace.reuse.corpus.to_payload`, JSON) → the confirmed
    pairs ``(a, b, score)``. The confirmation is the CLI's own
    :func:`newstrace.reuse.families.confirm_pairs` with the same calibrated model; a
    failing pair is skipped (it only loses an edge)."""
    from collections import OrderedDict

    from ..reuse.corpus import from_payload
    from ..reuse.families import confirm_pairs
    from ..reuse.scoring import load_model

    cache: OrderedDict = OrderedDict()

    def get(aid: str, payload: str):
        ia = cache.get(aid)
        if ia is None:
            ia = from_payload(json.loads(payload))
            cache[aid] = ia
            if len(cache) > cache_size:
                cache.popitem(last=False)
        else:
            cache.move_to_end(aid)
        return ia

    for a, b, pa, pb in rows:
        try:
            A, B = get(a, pa), get(b, pb)
            model = load_model("embed" if A.emb is not None and B.emb is not None else "lexical")
            for c in confirm_pairs([A, B], {(0, 1)}, model):
                yield (a, b, float(c.weight))
        except Exception:
            log.exception("confirming the pair %s / %s failed", a, b)


def tables_from_rows(rows) -> dict[str, list[dict]]:
    """Transport rows ``(table, article, ord, rec)`` → ``{table: [records]}`` in input order."""
    rows = sorted(rows, key=lambda r: (r[2], r[0]))
    tables: dict[str, list[dict]] = {}
    for t, _, _, rec in rows:
        tables.setdefault(t, []).append(json.loads(rec))
    return tables


def analyze_group(rows: list[RecordRow], group: str, options: Options | None = None,
                  term_df: tuple | None = None) -> list[RecordRow]:
    """The cross-article stages of scope ``group`` over one candidate group: ``analyze_corpus``
    on the group's results rebuilt from their records (entities are linked once over the
    whole run, on the driver). ``term_df``: the run's vocabulary document frequencies, so
    the family stage weighs words as the CLI does over the whole run."""
    from ..pipeline import analyze_corpus
    from ..records import corpus_records, results_from_records
    from ..reuse.corpus import payload_embeddings

    tables = tables_from_rows(rows)
    ords = {r[1]: r[2] for r in rows if r[0] == "articles"}
    try:
        # the sentence vectors the per-article step computed (reuse index payloads): the
        # corpus stage does not encode these articles again
        embeddings = {}
        for sig in tables.pop(SIGNALS, []):
            idx = sig.get("index") or {}
            vec = payload_embeddings(idx) if idx else None
            if vec is not None:
                embeddings[idx["id"]] = vec
        results = results_from_records(tables)
        results.sort(key=lambda r: ords.get(r.article.id, 0))
        corpus = analyze_corpus(results, embeddings=embeddings, stages=GROUP_STAGES, options=options,
                                term_df=term_df)
        recs = corpus_records(results, corpus)
    except Exception as e:
        log.exception("corpus stage failed for group %s", group)
        err = record(E.E910, f"family group {group}", what="the cross-article analysis",
                     where=f" for the {len(ords)} articles of candidate group {group}", error=describe(e),
                     kept="Their per-article findings are kept.")
        return [("errors", None, 0, _dumps(err.to_record()))]
    out = []
    for t, lst in recs.items():
        for r in lst:
            out.append((t, r.get("article") or r.get("a"), 0, _dumps(r)))
    return out


def analyze_groups_rows(groups, options: Options | None = None, term_df=None) -> Iterator[RecordRow]:
    """``flatMap`` body over ``(group, [transport rows])`` pairs from ``groupByKey``;
    ``term_df`` a broadcast of the run's vocabulary document frequencies (or None)."""
    group, rows = groups
    yield from analyze_group(list(rows), group, options, term_df.value if term_df is not None else None)


def typed_rows(recs, name: str) -> Iterator[tuple]:
    """``mapPartitions`` body: JSON records of one table → tuples in its typed schema."""
    cols = arrow_schema(name).names
    for rec in recs:
        row = typed_row(name, json.loads(rec))
        yield tuple(row[c] for c in cols)
