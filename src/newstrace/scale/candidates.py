"""The distributed candidate step: which articles might rewrite one another, and the
groups (connected components) the corpus stages then run on.

Three sources of candidate pairs, all computed by Spark without comparing every pair:

* **MinHash-LSH** (``pyspark.ml.feature.MinHashLSH``) over binary hashed word 3-shingles:
  pairs in one bucket whose shingle sets have Jaccard similarity above
  ``1 - minhash_distance``. Finds near-copies however many of them there are (a story
  reprinted so widely that none of its shingles is rare). Each bucket's members are paired
  with its pivots (below), not with each other.
* **Shared rare shingles** (explode + join): pairs that share at least ``min_shared``
  word 3-shingles each held by at most ``max_df`` articles, and whose shared rare shingles
  are at least ``min_containment`` of the shorter article's shingles. Jaccard misses a
  short rewrite inside a long piece; containment finds it. The document-frequency cap and
  the containment floor keep topic phrases ("the Republican presidential nominee") from
  linking a whole beat into one group: with a bare count of 3 shared shingles, 995 of
  1,000 PolNeAR-based articles fell into one group.

  A shingle held by ``d`` articles would form ``d(d-1)/2`` pair rows, the square of a
  family's size; each shingle pairs its holders only with its few *pivots* (its holders of
  smallest hashed id, see :func:`key_pair_rows`), about ``PIVOTS × d`` rows.

* **The reuse stage's own signals** (when the per-article step ran nlp): its rare keys
  (``newstrace.reuse.candidates.article_keys``: quote trigrams, names, numbers) and the
  band codes of its mean-MiniLM-vector hyperplane LSH, joined with its own thresholds.
  Rewrites that paraphrase share almost no shingles (the seeds' six-article family has
  word-3-shingle Jaccard 0.000–0.068) but do share these.

These are deliberately looser than the reuse stage's own candidates: they only decide
which articles are analysed *together*; :func:`newstrace.pipeline.analyze_corpus` then
runs its own candidates and confirmation inside each group, so a group that is too wide
costs time, never a false family.

Groups are the connected components of the candidate graph. When the edge list is small
(``collect_max`` edges, default one million, a few tens of MB) it is collected to the
driver and scipy's ``connected_components`` labels it; otherwise min-label propagation
with joins runs on the cluster (one join per round; rounds ≈ the graph's diameter).
"""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)

SHINGLE_N = 3
NUM_FEATURES = 1 << 20
MINHASH_TABLES = 8
MINHASH_DISTANCE = 0.8   # Jaccard distance: pairs with Jaccard similarity >= 0.2
MIN_SHARED = 5
MIN_CONTAINMENT = 0.1
MAX_DF = 100
COLLECT_MAX = 1_000_000
MAX_ROUNDS = 50
PIVOTS = 4         # pivots per rare key (key_pair_rows): rows per key ≈ PIVOTS × holders
SEED = 13


def shingle_features(articles):
    """``articles(id, text)`` → ``(id, shingles, features)``: lower-cased word 3-shingles
    (letters and digits; punctuation and quote marks split words) and their binary hashed
    vector. Articles with no shingle are dropped (they cannot rewrite anything)."""
    from pyspark.ml.feature import HashingTF, NGram, RegexTokenizer
    from pyspark.sql import functions as F

    tok = RegexTokenizer(inputCol="text", outputCol="tokens", pattern=r"[^\p{L}\p{N}]+", toLowercase=True)
    ngr = NGram(n=SHINGLE_N, inputCol="tokens", outputCol="shingles")
    htf = HashingTF(inputCol="shingles", outputCol="features", numFeatures=NUM_FEATURES, binary=True)
    df = htf.transform(ngr.transform(tok.transform(articles.select("id", "text"))))
    return df.where(F.size("shingles") > 0).select("id", "shingles", "features")


def minhash_pairs(feats, distance: float = MINHASH_DISTANCE, tables: int = MINHASH_TABLES,
                  pivots: int | None = PIVOTS):
    """Candidate pairs ``(a, b)``, ``a < b``, with Jaccard distance below ``distance``
    between their shingle sets, among the articles that share a MinHash-LSH bucket
    (``pyspark.ml.feature.MinHashLSH``: one min-hash per table, ``tables`` tables).

    MLlib's ``approxSimilarityJoin`` pairs every two members of a bucket, and a bucket holds
    most of a family of copies: the pairs grow with the square of a family (0.9 M at 10k
    synthetic articles, 89.7 M at 100k). With ``pivots = m`` each bucket is a key of
    :func:`key_pair_rows` instead (its members paired with its ``m`` pivots), and the Jaccard
    distance is checked on the distinct pairs from their hashed shingle sets. ``pivots=None`` is
    MLlib's own join."""
    from pyspark.ml.feature import MinHashLSH
    from pyspark.ml.functions import vector_to_array
    from pyspark.sql import functions as F

    model = MinHashLSH(inputCol="features", outputCol="hashes", numHashTables=tables, seed=SEED).fit(feats)
    hashed = model.transform(feats.select("id", "features"))
    if pivots is None:
        joined = model.approxSimilarityJoin(hashed, hashed, distance, distCol="dist")
        return (joined.select(F.col("datasetA.id").alias("a"), F.col("datasetB.id").alias("b"))
                .where(F.col("a") < F.col("b")))
    keys = (hashed.select("id", F.posexplode("hashes").alias("t", "h"))
            .select("id", F.xxhash64("t", vector_to_array("h")[0]).alias("key")))
    pairs = key_pair_rows(keys, max_df=1 << 30, pivots=pivots).select("a", "b").distinct()
    # hashed shingles (8-byte keys hash faster than strings); |A ∪ B| = |A| + |B| − |A ∩ B|
    sets = feats.select("id", F.array_distinct(F.transform("shingles", lambda x: F.xxhash64(x))).alias("s"))
    sa, sb = sets.alias("sa"), sets.alias("sb")
    both = pairs.join(sa, pairs.a == F.col("sa.id")).join(sb, pairs.b == F.col("sb.id"))
    inter = F.size(F.array_intersect("sa.s", "sb.s"))
    jaccard = inter / (F.size("sa.s") + F.size("sb.s") - inter)
    return both.where(1.0 - jaccard < distance).select("a", "b")


def key_pair_rows(keys, max_df: int, pivots: int | None = PIVOTS):
    """One row ``(key, a, b)``, ``a < b``, per key two articles share, over the keys held by 2 to
    ``max_df`` articles; ``keys`` is ``(id, key)`` with distinct rows.

    With ``pivots = m`` a key pairs its holders only with its ``m`` holders of smallest
    hashed id (its *pivots*), so a key held by ``d`` articles gives about ``m·d`` rows
    instead of ``d(d-1)/2``. Every pair of articles that share a key held by at most ``m``
    articles is counted exactly; for a wider key, only the pairs with one of its pivots
    are. The pivots are the same for every key with the same holders (the hash orders
    articles, not keys), so the members of a family of copies — which share most of their
    keys — each keep their full count against the family's pivots, and the family stays
    connected through them. ``pivots=None`` forms every pair (the square of the key's
    holders). Hand-written because Spark ships no bounded self-join; it is one window over
    the key and one join."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    by_key = Window.partitionBy("key")
    ranked = (keys.withColumn("df", F.count(F.lit(1)).over(by_key))
              .where((F.col("df") > 1) & (F.col("df") <= max_df))
              .withColumn("r", F.row_number().over(by_key.orderBy(F.xxhash64("id"), "id")))
              .select("key", "id", "r"))
    low = ranked if pivots is None else ranked.where(F.col("r") <= pivots)
    left, right = low.alias("l"), ranked.alias("r")
    # each unordered pair once: the lower-ranked holder is on the left (and is a pivot
    # whenever either of the two is)
    return (left.join(right, (F.col("l.key") == F.col("r.key")) & (F.col("l.r") < F.col("r.r")))
            .select(F.col("l.key").alias("key"), F.least("l.id", "r.id").alias("a"),
                    F.greatest("l.id", "r.id").alias("b")))


def shared_key_pairs(feats, min_shared: int = MIN_SHARED, max_df: int = MAX_DF,
                     min_containment: float = MIN_CONTAINMENT, pivots: int | None = PIVOTS):
    """Candidate pairs ``(a, b)``, ``a < b``, sharing ``min_shared`` rare shingles that
    make up ``min_containment`` of the shorter one's shingles (counted through
    :func:`key_pair_rows`'s pivots)."""
    from pyspark.sql import functions as F

    sizes = feats.select("id", F.size(F.array_distinct("shingles")).alias("n"))
    keys = (feats.select("id", F.explode(F.array_distinct("shingles")).alias("s"))
            .select("id", F.xxhash64("s").alias("key")).distinct())
    counted = (key_pair_rows(keys, max_df, pivots).groupBy("a", "b").count()
               .where(F.col("count") >= min_shared))
    sa, sb = sizes.alias("sa"), sizes.alias("sb")
    return (counted.join(sa, counted.a == F.col("sa.id")).join(sb, counted.b == F.col("sb.id"))
            .where(F.col("count") >= min_containment * F.least(F.col("sa.n"), F.col("sb.n")))
            .select("a", "b"))


def candidate_edges(articles, distance: float = MINHASH_DISTANCE, min_shared: int = MIN_SHARED,
                    max_df: int = MAX_DF, signals=None, pivots: int | None = PIVOTS):
    """Union of the candidate sources, distinct ``(a, b)`` with ``a < b``. ``signals``
    (``id, keys, codes``), when the per-article step produced them, adds the reuse
    stage's own key and embedding candidates."""
    feats = shingle_features(articles).cache()
    try:
        edges = articles.sparkSession.createDataFrame([], "a string, b string")
        if feats.limit(2).count() >= 2:
            edges = minhash_pairs(feats, distance, pivots=pivots).union(
                shared_key_pairs(feats, min_shared, max_df, pivots=pivots))
        if signals is not None:
            edges = edges.union(signal_pairs(signals))
        return edges.distinct().localCheckpoint()
    finally:
        feats.unpersist()


def _components_on_driver(spark, edges_rows):
    """Connected components of a collected edge list (scipy), as ``(id, group)`` rows with
    the group named by its smallest article id."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    ids = sorted({r[0] for r in edges_rows} | {r[1] for r in edges_rows})
    pos = {x: i for i, x in enumerate(ids)}
    n = len(ids)
    rows = np.array([pos[a] for a, _ in edges_rows], dtype=np.int64)
    cols = np.array([pos[b] for _, b in edges_rows], dtype=np.int64)
    g = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
    _, labels = connected_components(g, directed=False)
    first: dict[int, str] = {}
    for x, lab in zip(ids, labels.tolist()):  # ids are sorted: the first seen is the smallest
        first.setdefault(lab, x)
    data = [(x, first[lab]) for x, lab in zip(ids, labels.tolist())]
    return spark.createDataFrame(data, "id string, group string")


def _components_by_propagation(edges, max_rounds: int = MAX_ROUNDS):
    """Min-label propagation with joins: each vertex takes the smallest label among itself
    and its neighbours until nothing changes. Hand-written because GraphFrames (the usual
    Spark library for this) is not installable offline here; each round is one join and
    one aggregation, checkpointed to keep the plan short."""
    from pyspark.sql import functions as F

    both = edges.select(F.col("a").alias("src"), F.col("b").alias("dst")).union(
        edges.select(F.col("b").alias("src"), F.col("a").alias("dst"))).cache()
    labels = both.select(F.col("src").alias("id")).distinct().withColumn("group", F.col("id")).localCheckpoint()
    for rnd in range(max_rounds):
        proposals = both.join(labels, both.src == labels.id).select(F.col("dst").alias("id"), "group")
        new = labels.union(proposals).groupBy("id").agg(F.min("group").alias("group")).localCheckpoint()
        changed = (new.alias("n").join(labels.alias("o"), "id")
                   .where(F.col("n.group") != F.col("o.group")).count())
        labels = new
        log.info("label propagation round %d: %d labels changed", rnd + 1, changed)
        if changed == 0:
            break
    else:
        log.warning("label propagation stopped after %d rounds without converging", max_rounds)
    both.unpersist()
    return labels


def candidate_groups(articles, edges, collect_max: int = COLLECT_MAX):
    """``(id, group)`` for every article: the connected component of the candidate graph
    it belongs to (named by its smallest id), or its own id when it has no candidate.
    Returns the DataFrame and how the components were computed (``driver`` or ``joins``)."""
    from pyspark.sql import functions as F

    spark = articles.sparkSession
    n_edges = edges.count()
    if n_edges <= collect_max:
        comp = _components_on_driver(spark, [(r["a"], r["b"]) for r in edges.collect()])
        how = "driver"
    else:
        comp = _components_by_propagation(edges)
        how = "joins"
    groups = (articles.select("id").join(comp, "id", "left")
              .select("id", F.coalesce("group", "id").alias("group")))
    return groups, how, n_edges


# --------------------------------------------------------------------------- the reuse stage's own signals

def reuse_defaults() -> dict:
    """The thresholds of the reuse stage's key and embedding candidates (its own module
    constants, so the two never drift apart)."""
    from ..reuse import candidates as rc

    return {"key_min_shared": rc.KEY_MIN_SHARED, "key_max_df": rc.KEY_MAX_DF, "bands": rc.EMB_BANDS,
            "bits": rc.EMB_BITS, "max_bucket": rc.EMB_MAX_BUCKET, "seed": rc.EMB_SEED}


def embedding_codes(vec) -> list[str]:
    """The band codes (``"band:code"``) of one article's mean sentence vector, from the
    reuse stage's own :func:`newstrace.reuse.candidates.embedding_band_codes`: two articles
    are an embedding candidate there exactly when they share a code (in a bucket of at
    most ``max_bucket`` articles)."""
    from ..reuse.candidates import embedding_band_codes

    codes = embedding_band_codes(vec)[0]
    return [f"{b}:{int(c)}" for b, c in enumerate(codes.tolist())]


def key_pairs(keys, min_shared: int, max_df: int):
    """Pairs ``(a, b)``, ``a < b``, sharing ``min_shared`` keys, each key held by 2 to
    ``max_df`` articles (every pair: no pivots); ``keys`` is ``(id, key)``."""
    from pyspark.sql import functions as F

    keys = keys.select("id", F.xxhash64("key").alias("key")).distinct()
    pairs = key_pair_rows(keys, max_df, pivots=None)
    return pairs.groupBy("a", "b").count().where(F.col("count") >= min_shared).select("a", "b")


def signal_pairs(signals):
    """Candidate pairs from the reuse stage's own per-article signals ``(id, keys, codes)``
    (its rare keys — quote trigrams, names, numbers — and its embedding band codes), with
    its own thresholds applied over the whole corpus, as the CLI applies them: every pair
    (no pivots), so the groups hold every pair the CLI's own candidates would propose."""
    from pyspark.sql import functions as F

    d = reuse_defaults()
    keys = signals.select("id", F.explode("keys").alias("key"))
    codes = signals.select("id", F.explode("codes").alias("key"))
    return key_pairs(keys, d["key_min_shared"], d["key_max_df"]).union(key_pairs(codes, 1, d["max_bucket"]))
