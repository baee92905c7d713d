"""``newstrace spark``: the same pipeline on Apache Spark, writing the contract as Parquet.

    newstrace spark --input PATH [--input PATH...] --output DIR [--master local[*]]
                    [--stages full|reuse-only|candidates] [--partitions N] [--no-split] [--time-limit S]
                    [--since DAY] [--until DAY] [--outlet PATTERN] [--aliases FILE]

Steps (each result is written under ``DIR/_work`` before the next reads it, so no stage,
and above all no model, ever runs twice because Spark recomputed a lineage):

1. **ingest** — local files/folders (``.txt``, ``.html``, ``.jsonl``, WARC) are listed on the
   driver and read on executors by the CLI's readers; Parquet inputs (any Spark
   filesystem) are read by Spark, each row mapped through ``read_jsonl``. Ids are made
   unique across inputs exactly as ``read_inputs`` does (``id~2`` for a repeated stem);
   then ``--since/--until/--outlet`` leave articles out by the CLI's rule, counted by reason.
2. **per-article** — ``mapPartitions`` over the articles calling
   :func:`newstrace.pipeline.analyze_one` (the CLI's stage list and error guard) and
   :func:`newstrace.records.article_records`.
3. **entities** — the cross-article stages of scope ``run`` (entity linking,
   :mod:`newstrace.attribution.entities`) over every article that has attributions, on the
   driver (it needs all speakers at once; the table collected is the attribution records
   with their articles). The entity ids it sets on speakers are written back into the
   attribution records.
4. **candidates** — MinHash-LSH similarity join, shared-rare-shingle join, and joins on
   the reuse stage's own per-article keys and embedding band codes
   (:mod:`newstrace.scale.candidates`); then every candidate pair is **confirmed** on the
   executors by the CLI's own sentence alignment (:func:`newstrace.reuse.families.confirm_pairs`,
   each side rebuilt from the reuse index its per-article step wrote); connected components
   of the confirmed pairs = the groups. (With ``--stages candidates`` the groups are the
   components of the unconfirmed candidate pairs.)
5. **corpus** — ``groupByKey(group)`` then ``flatMap``: :func:`newstrace.pipeline.analyze_corpus`
   with the stages of scope ``group`` on each group's results (families, links, support,
   drift, profiles), the family stage weighing words by their document frequency over the
   whole run (:func:`vocabulary_df`, broadcast), as the CLI does.
6. **outlets** — the run stages after the group stages (the outlet network,
   :mod:`newstrace.reuse.outlets`) on the driver, from the ``sources`` rows and each article's
   outlet, url and times (no text is collected).
7. **write** — one Parquet folder per table: articles, attributions, entities, families,
   sources, outlets, links, support, drift, errors, profiles, plus sentences and groups.

A bad input or a failing article becomes an ``errors`` row; the job itself does not fail.

Why ``mapPartitions`` and not ``mapInPandas``/``mapInArrow``: pyspark's Arrow UDFs refuse to
run without pandas (>= 2.2), which nothing else in newstrace needs; plain RDD
``mapPartitions`` needs only ``pip install newstrace[spark]``. The per-article cost is the
models, not the row transport, so the difference does not show in the benchmark.
"""
from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import sys
import time
from pathlib import Path

from ..options import Options

log = logging.getLogger(__name__)

WORK = "_work"


# --------------------------------------------------------------------------- session

def build_session(master: str = "local[*]", app_name: str = "newstrace", driver_memory: str = "4g",
                  conf: dict[str, str] | None = None):
    """A SparkSession whose Python workers run this interpreter (so they import the same
    installed newstrace and its models) and never reach the network for models."""
    for k in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        os.environ.setdefault(k, "1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    b = (SparkSession.builder.master(master).appName(app_name)
         .config("spark.ui.enabled", "false")
         .config("spark.ui.showConsoleProgress", "false")
         .config("spark.driver.memory", driver_memory)
         .config("spark.python.worker.reuse", "true")
         .config("spark.sql.adaptive.enabled", "true")
         .config("spark.executorEnv.HF_HUB_OFFLINE", "1")
         .config("spark.executorEnv.TRANSFORMERS_OFFLINE", "1"))
    for k, v in (conf or {}).items():
        b = b.config(k, v)
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


# --------------------------------------------------------------------------- inputs

def _is_parquet_input(p: str) -> bool:
    if "://" in p:
        return True  # a Spark filesystem (hdfs://, s3a://...): read as Parquet
    path = Path(p)
    if path.suffix == ".parquet":
        return True
    return path.is_dir() and any(path.rglob("*.parquet"))


def ingest(spark, inputs: list[str], partitions: int, segment: bool = True):
    """The ingest rows ``(kind, ord, id, rec)`` of every input (articles and errors)."""
    from .ingest import INGEST_DDL, list_local_inputs, read_files_rows, read_records_rows

    local = [p for p in inputs if not _is_parquet_input(p)]
    parts = []
    if local:
        files, walk_errors = list_local_inputs(local)
        if walk_errors:
            parts.append(spark.createDataFrame(
                [("error", 0, None, json.dumps(e.to_record(), ensure_ascii=False)) for e in walk_errors], INGEST_DDL))
        if files:
            rdd = spark.sparkContext.parallelize(files, min(len(files), partitions))
            rdd = rdd.mapPartitions(functools.partial(read_files_rows, segment=segment))
            parts.append(spark.createDataFrame(rdd, INGEST_DDL, verifySchema=False))
    for idx, p in enumerate([p for p in inputs if _is_parquet_input(p)], 1):
        stem = Path(p.rstrip("/")).stem
        rdd = (spark.read.parquet(p).rdd.zipWithIndex().map(lambda rp: (rp[1], rp[0].asDict(recursive=True)))
               .mapPartitions(functools.partial(read_records_rows, origin=p, stem=stem, input_index=idx)))
        parts.append(spark.createDataFrame(rdd, INGEST_DDL, verifySchema=False))
    if not parts:
        return spark.createDataFrame([], INGEST_DDL)
    out = parts[0]
    for p in parts[1:]:
        out = out.unionByName(p)
    return out


def select(spark, articles, options: Options):
    """``articles(ord, id, rec)`` with a ``skip`` column: why ``--since/--until/--outlet``
    leave each out (the CLI's :func:`newstrace.ingest.select.skip_reason`), null to keep."""
    from pyspark.sql import functions as F

    from .ingest import select_rows

    if not (options.since or options.until or options.outlets):
        return articles.withColumn("skip", F.lit(None).cast("string"))
    rdd = articles.rdd.map(tuple).mapPartitions(functools.partial(
        select_rows, since=options.since, until=options.until, outlets=options.outlets))
    return spark.createDataFrame(rdd, "ord bigint, id string, rec string, skip string", verifySchema=False)


def unique_ids(spark, articles):
    """Ids made unique across inputs by the CLI's own rule (:func:`newstrace.ingest.unique_id`):
    the n-th article (in input order) with an id already seen becomes ``id~n``."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from ..ingest.readers import unique_id

    numbered = articles.withColumn("_n", F.row_number().over(Window.partitionBy("id").orderBy("ord")))
    rdd = numbered.select("ord", "id", "_n", "rec").rdd.map(lambda r: (r[0], unique_id(r[1], r[2]), r[3]))
    return spark.createDataFrame(rdd, "ord bigint, id string, rec string", verifySchema=False)


# --------------------------------------------------------------------------- entities

def _driver_stages():
    """The cross-article stages of scope ``run`` that come before the first group stage in
    :data:`~newstrace.pipeline.CORPUS_STAGES` (entity linking: the driver runs them before the
    groups) and those after it (the outlet network: after the groups, from their results)."""
    from ..pipeline import CORPUS_STAGES

    first = next((i for i, s in enumerate(CORPUS_STAGES) if s.scope == "group"), len(CORPUS_STAGES))
    return (tuple(s for s in CORPUS_STAGES[:first] if s.scope == "run"),
            tuple(s for s in CORPUS_STAGES[first:] if s.scope == "run"))


def run_late_stages_on_driver(arts, corpus, options: Options | None = None) -> list[tuple]:
    """The run stages that follow the group stages (the outlet network), on the driver: collects
    each article's id, outlet, url and times (no text) and the ``sources`` rows, and returns the
    record rows of the tables those stages add."""
    from pyspark.sql import functions as F

    from ..model import Article, Source
    from ..pipeline import ArticleResult, CorpusResult, CorpusContext
    from ..records import corpus_records

    stages = _driver_stages()[1]
    if not stages or corpus is None:
        return []
    meta = arts.select("id", *[F.get_json_object("rec", f"$.{k}").alias(k)
                               for k in ("outlet", "url", "published", "downloaded")]).collect()
    results = [ArticleResult(article=Article(id=r["id"], origin="", text="", outlet=r["outlet"], url=r["url"],
                                             published=r["published"], downloaded=r["downloaded"])) for r in meta]
    sources = []
    for row in corpus.where(F.col("table") == "sources").select("rec").collect():
        rec = json.loads(row["rec"])
        sources.append(Source(rec["family"], rec["article"], rec.get("source"), rec.get("basis", "")))
    out = CorpusResult(sources=sources)
    ctx = CorpusContext(options or Options())
    for stage in stages:
        stage.run(results, out, ctx)
    tables = corpus_records(results, out)
    return [(name, None, 0, json.dumps(r, ensure_ascii=False))
            for stage in stages for name in stage.adds if name in tables for r in tables[name]]


def run_stages_on_driver(spark, recs, options: Options | None = None):
    """The cross-article stages of scope ``run`` (entity linking: it needs every speaker at
    once) over every article that has attributions, on the driver; returns the attribution
    records with the entity ids linking set, the entity rows and error rows. Collects the
    attribution records and their articles to the driver."""
    from pyspark.sql import functions as F

    from ..errors import E, describe, record
    from ..pipeline import analyze_corpus
    from ..records import RESULT_TABLES, results_from_records
    from .records import RECORD_DDL

    stages = list(_driver_stages()[0])
    attrs = recs.where(F.col("table") == "attributions")
    with_attr = attrs.select("article").distinct()
    rows = (recs.where(F.col("table").isin(*RESULT_TABLES))
            .join(with_attr, "article", "left_semi").collect())
    if not rows or not stages:
        return None, [], []
    tables: dict[str, list[dict]] = {}
    ords: dict[str, int] = {}
    for r in sorted(rows, key=lambda r: (r["ord"], r["table"])):
        tables.setdefault(r["table"], []).append(json.loads(r["rec"]))
        ords.setdefault(r["article"], r["ord"])
    results = results_from_records(tables)
    results.sort(key=lambda r: ords.get(r.article.id, 0))
    try:
        corpus = analyze_corpus(results, stages=stages, options=options)
    except Exception as e:
        log.exception("entity linking failed")
        return None, [], [record(E.E920, "entities", error=describe(e)).to_record()]
    new_attrs = [("attributions", r.article.id, ords.get(r.article.id, 0),
                  json.dumps(a.to_record(r.article.text), ensure_ascii=False))
                 for r in results for a in r.attributions]
    ent_rows = [("entities", None, 0, json.dumps(e.to_record(), ensure_ascii=False)) for e in corpus.entities]
    return spark.createDataFrame(new_attrs, RECORD_DDL), ent_rows, []


# --------------------------------------------------------------------------- the job

def _parquet_rows(folder: Path) -> int | None:
    """Rows written in a local Parquet folder, from the file footers (no Spark job);
    None when the output is not on the local filesystem."""
    import pyarrow.parquet as pq

    if not folder.exists():
        return None
    return sum(pq.ParquetFile(f).metadata.num_rows for f in folder.glob("*.parquet"))


def vocabulary_df(recs) -> tuple[int, dict[str, int]]:
    """The run's document frequencies of the family stage's vocabulary
    (:data:`newstrace.reuse.families.TermDF`): the number of articles and, for each term
    held by two or more of them, how many (counted on the executors from the per-article
    signals; only the shared terms reach the driver). The CLI weighs the words of the whole
    run; each group's family stage gets the same weights."""
    from pyspark.sql import functions as F

    from .stages import SIGNALS

    n_docs = recs.where(F.col("table") == "articles").count()
    terms = (recs.where(F.col("table") == SIGNALS)
             .select(F.explode(F.from_json("rec", "terms array<string>")["terms"]).alias("t"))
             .groupBy("t").count().where(F.col("count") > 1))
    return n_docs, {r["t"]: int(r["count"]) for r in terms.collect()}


def run_job(spark, inputs: list[str], output: str | Path, stages: str = "full", partitions: int | None = None,
            options: Options | None = None, minhash_distance: float | None = None, min_shared: int | None = None,
            max_df: int | None = None, collect_max: int | None = None, keep_work: bool = False,
            pivots: int | None = None) -> dict:
    """Run the pipeline over ``inputs`` and write one Parquet folder per table under
    ``output``. ``options`` are the run's analysis options (the CLI's; ``force`` does not
    apply: the output is always rewritten). Returns a summary: row counts per table, seconds
    per step, how the candidate components were computed, and the size of the largest
    candidate group."""
    from pyspark.sql import functions as F

    from ..contract import TABLES
    from ..records import RESULT_TABLES
    from . import candidates as C
    from .records import RECORD_DDL, spark_schema
    from .stages import (SIGNALS, STAGES, analyze_articles_rows, analyze_groups_rows, confirm_rows,
                         recurring_lines_of, typed_rows)

    options = options or Options()

    if stages not in STAGES:
        raise ValueError(f"--stages must be one of {', '.join(STAGES)}, not {stages!r}")
    out = Path(output)
    work = out / WORK
    if work.exists():
        shutil.rmtree(work)
    partitions = partitions or max(2, 4 * spark.sparkContext.defaultParallelism)
    spark.conf.set("spark.sql.shuffle.partitions", str(partitions))
    timings: dict[str, float] = {}
    summary: dict = {"stages": stages, "partitions": partitions, "seconds": timings}

    def timed(name):
        class _T:
            def __enter__(self):
                self.t = time.perf_counter()

            def __exit__(self, *exc):
                timings[name] = round(time.perf_counter() - self.t, 3)
        return _T()

    with timed("ingest"):
        ingest(spark, inputs, partitions, options.segment).write.mode("overwrite").parquet(str(work / "ingest"))
        ing = spark.read.parquet(str(work / "ingest"))
        # ids made unique before the filters leave anything out, as the CLI's read_inputs does
        arts = unique_ids(spark, ing.where(F.col("kind") == "article").select("ord", "id", "rec"))
        arts = select(spark, arts, options)
        arts.write.mode("overwrite").parquet(str(work / "articles_in"))
        arts = spark.read.parquet(str(work / "articles_in"))
        skipped = {r["why"]: int(r["n"]) for r in (
            ing.where(F.col("kind") == "skipped").select(F.col("id").alias("why"), F.col("rec").cast("long").alias("n"))
            .unionByName(arts.where(F.col("skip").isNotNull()).select(F.col("skip").alias("why"), F.lit(1).cast("long").alias("n")))
            .groupBy("why").agg(F.sum("n").alias("n")).collect())}
        summary["skipped"] = dict(sorted(skipped.items()))
        arts = arts.where(F.col("skip").isNull()).drop("skip")
        ingest_errors = ing.where(F.col("kind") == "error").select(
            F.lit("errors").alias("table"), F.lit(None).cast("string").alias("article"), "ord", "rec")

    with timed("furniture"):
        context = recurring_lines_of(arts.rdd.map(tuple)) if stages != "candidates" else None

    with timed("per_article"):
        rdd = (arts.repartition(partitions).rdd.map(tuple)
               .mapPartitions(functools.partial(analyze_articles_rows, stages=stages, options=options,
                                                context=context)))
        (spark.createDataFrame(rdd, RECORD_DDL, verifySchema=False)
         .write.mode("overwrite").parquet(str(work / "article_records")))
        recs = spark.read.parquet(str(work / "article_records"))

    with timed("entities"):
        linked_attrs, ent_rows, ent_errors = run_stages_on_driver(spark, recs, options)
        if linked_attrs is not None:
            linked_attrs.write.mode("overwrite").parquet(str(work / "attributions_linked"))
            recs = recs.where(F.col("table") != "attributions").unionByName(
                spark.read.parquet(str(work / "attributions_linked")))
        extra_rows = ent_rows + [("errors", None, 0, json.dumps(e, ensure_ascii=False)) for e in ent_errors]

    with timed("candidates"):
        texts = arts.select("id", F.get_json_object("rec", "$.text").alias("text"))
        sig = recs.where(F.col("table") == SIGNALS).select(
            F.col("article").alias("id"), F.from_json("rec", "keys array<string>, codes array<string>").alias("s"))
        sig = sig.select("id", "s.keys", "s.codes") if stages != "candidates" else None
        edges = C.candidate_edges(texts, distance=minhash_distance if minhash_distance is not None else C.MINHASH_DISTANCE,
                                  min_shared=min_shared or C.MIN_SHARED, max_df=max_df or C.MAX_DF, signals=sig,
                                  pivots=C.PIVOTS if pivots is None else (pivots or None))
        n_candidates = None
        if stages != "candidates":
            # Confirm every candidate pair on the executors with the CLI's own alignment, and
            # group by confirmed pairs: candidate pairs alone chain a same-topic corpus into
            # one giant group, which one worker would then have to analyse alone.
            n_candidates = edges.count()
            index = recs.where(F.col("table") == SIGNALS).select(
                F.col("article").alias("id"), F.get_json_object("rec", "$.index").alias("idx"))
            ia, ib = index.alias("ia"), index.alias("ib")
            pairs = (edges.join(ia, edges.a == F.col("ia.id")).join(ib, edges.b == F.col("ib.id"))
                     .select("a", "b", F.col("ia.idx"), F.col("ib.idx")).repartition(partitions))
            conf = pairs.rdd.map(tuple).mapPartitions(confirm_rows)
            (spark.createDataFrame(conf, "a string, b string, score double", verifySchema=False)
             .write.mode("overwrite").parquet(str(work / "confirmed")))
            edges = spark.read.parquet(str(work / "confirmed")).select("a", "b")
        groups, how, n_edges = C.candidate_groups(texts, edges, collect_max if collect_max is not None else C.COLLECT_MAX)
        groups.write.mode("overwrite").parquet(str(out / "groups"))
        groups = spark.read.parquet(str(out / "groups"))
        sizes = groups.groupBy("group").count()
        stats = sizes.agg(F.max("count").alias("largest"), F.sum(F.when(F.col("count") > 1, 1).otherwise(0)).alias("multi")).first()
        summary.update(components=how, candidate_edges=n_candidates if n_candidates is not None else n_edges,
                       confirmed_edges=n_edges if n_candidates is not None else None,
                       largest_group=int(stats["largest"] or 0), groups_with_several=int(stats["multi"] or 0))

    corpus = None
    if stages != "candidates":
        with timed("corpus"):
            term_df = spark.sparkContext.broadcast(vocabulary_df(recs))
            member = (recs.where(F.col("table").isin(*RESULT_TABLES, SIGNALS))
                      .join(groups, recs.article == groups.id).select("group", "table", "article", "ord", "rec"))
            rdd = (member.rdd.map(lambda r: (r[0], tuple(r[1:]))).groupByKey(partitions)
                   .flatMap(functools.partial(analyze_groups_rows, options=options, term_df=term_df)))
            (spark.createDataFrame(rdd, RECORD_DDL, verifySchema=False)
             .write.mode("overwrite").parquet(str(work / "corpus_records")))
            corpus = spark.read.parquet(str(work / "corpus_records"))

    with timed("outlets"):
        extra_rows += run_late_stages_on_driver(arts, corpus, options) if stages == "full" else []

    with timed("write"):
        allrecs = recs.unionByName(ingest_errors)
        if corpus is not None:
            allrecs = allrecs.unionByName(corpus)
        if extra_rows:
            allrecs = allrecs.unionByName(spark.createDataFrame(extra_rows, RECORD_DDL))
        counts = {}
        for name in TABLES:
            rdd = (allrecs.where(F.col("table") == name).select("rec").rdd.map(lambda r: r[0])
                   .mapPartitions(functools.partial(typed_rows, name=name)))
            (spark.createDataFrame(rdd, spark_schema(name), verifySchema=False)
             .write.mode("overwrite").parquet(str(out / name)))
            counts[name] = _parquet_rows(out / name)
        summary["counts"] = counts
    if not keep_work:
        shutil.rmtree(work, ignore_errors=True)
    return summary


# --------------------------------------------------------------------------- CLI

def run_cli(inputs: list[str], output: str, master: str = "local[*]", stages: str = "full",
            partitions: int | None = None, options: Options | None = None, driver_memory: str = "4g",
            **job) -> int:
    """What ``newstrace spark`` does once its options are read: start a session, run the job,
    print a summary; returns the exit code (0 ok, 1 some inputs failed, 2 the job could not run)."""
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        print("Spark needs Java 17: install it with `apt-get install openjdk-17-jre-headless` "
              "(or set JAVA_HOME).", file=sys.stderr)
        return 2
    try:
        spark = build_session(master, driver_memory=driver_memory)
    except Exception as e:
        print(f"could not start Spark ({type(e).__name__}: {e}); check Java 17 and the --master URL.", file=sys.stderr)
        return 2
    try:
        summary = run_job(spark, inputs, output, stages=stages, partitions=partitions, options=options, **job)
    finally:
        spark.stop()
    counts = summary["counts"]
    print(" ".join(f"{k}={counts[k]}" for k in counts))
    confirmed = summary.get("confirmed_edges")
    print(f"groups: {summary['groups_with_several']} with 2+ articles, largest {summary['largest_group']}, "
          f"{summary['candidate_edges']} candidate pairs"
          + (f", {confirmed} confirmed" if confirmed is not None else "")
          + f", components on the {summary['components']}")
    if summary.get("skipped"):
        print("skipped: " + ", ".join(f"{why.split(': ', 1)[-1]} {n}" for why, n in summary["skipped"].items()))
    print("seconds: " + " ".join(f"{k}={v}" for k, v in summary["seconds"].items()))
    print(f"written: {output}/<table>/*.parquet")
    return 1 if counts.get("errors") else 0


if __name__ == "__main__":  # `python -m newstrace.scale.spark_job ...` (e.g. under spark-submit) = `newstrace spark ...`
    from newstrace.cli import app

    app(["spark", *sys.argv[1:]])
