"""The Spark job (`newstrace spark`) against the CLI path (`run_analysis`), in local[2] mode.

The seeds go through both paths; articles (ids, texts), attributions (article, content
span, kind, speaker) and families (as sets of article ids) must be equal. A second, model-free
run checks JSONL and Parquet inputs, bad lines, repeated ids and the join-based
connected components. The record conversion is tested without Spark.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from newstrace.contract import TABLES, record_from_row, typed_row

from .warc_helpers import article_html, record

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed: pip install 'newstrace[spark]'")


def _require_java() -> None:
    import os

    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Java is not installed (Spark needs it): apt-get install openjdk-17-jre-headless")


@pytest.fixture(scope="module")
def spark():
    _require_java()
    from newstrace.scale.spark_job import build_session

    s = build_session("local[2]", app_name="newstrace-test", driver_memory="1g",
                      conf={"spark.sql.shuffle.partitions": "4"})
    yield s
    s.stop()


def _articles(t):
    return {a["id"]: (a["origin"], a["title"], a["text"]) for a in t["articles"]}


def _attributions(t):
    return sorted((a["article"], a["content"]["start"], a["content"]["end"], a["content"]["text"], a["kind"],
                   json.dumps(a["speaker"], sort_keys=True)) for a in t["attributions"])


def _families(t):
    return sorted(frozenset(f["articles"]) for f in t["families"])


def _support(t):
    return sorted((r["article"], r["span"]["start"], r["span"]["end"], r["status"]) for r in t["support"])


@pytest.mark.spark
def test_scale_spark_seeds_equal_cli(spark, seeds_run, seeds_dir, tmp_path):
    from newstrace.scale.records import read_output
    from newstrace.scale.spark_job import run_job

    _, summary = seeds_run
    cli = summary.tables
    out = tmp_path / "spark_out"
    job = run_job(spark, [str(seeds_dir)], out, partitions=4)
    got = read_output(out)

    assert set(got) == set(TABLES)
    assert _articles(got) == _articles(cli)
    assert len(got["articles"]) == len(cli["articles"]) > 5  # the aggregator seed is split
    assert _attributions(got) == _attributions(cli)
    assert _families(got) == _families(cli)
    # every family lies inside one candidate group
    group = {r["id"]: r["group"] for r in _read_groups(out)}
    for fam in got["families"]:
        assert len({group[a] for a in fam["articles"]}) == 1
    assert job["counts"]["articles"] == len(cli["articles"])
    # groups are built from confirmed pairs: no more than the families' members share one
    assert job["confirmed_edges"] is not None and job["confirmed_edges"] <= job["candidate_edges"]
    assert job["largest_group"] == max(len(f["articles"]) for f in cli["families"])
    # sentence support is the same on both paths (the corpus stage reuses the vectors the
    # per-article step computed instead of encoding again)
    assert _support(got) == _support(cli)
    # spans in the Parquet tables still point at the article text
    texts = {a["id"]: a["text"] for a in got["articles"]}
    for link in got["links"]:
        for side in ("a", "b"):
            sp = link[f"{side}_span"]
            assert texts[link[side]][sp["start"]:sp["end"]] == sp["text"]
    assert sorted(e["origin"] for e in got["errors"]) == sorted(e["origin"] for e in cli["errors"])


def _read_groups(out):
    import pyarrow.parquet as pq

    rows = []
    for f in sorted((out / "groups").glob("*.parquet")):
        rows.extend(pq.read_table(f).to_pylist())
    return rows


@pytest.mark.spark
def test_scale_spark_jsonl_parquet_inputs_bad_rows_and_join_components(spark, tmp_path):
    """Model-free run (stages=candidates): JSONL with a bad line, a repeated file stem, a
    Parquet input; components forced onto the join-based propagation."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from newstrace.ingest import read_inputs
    from newstrace.model import Article
    from newstrace.scale.records import read_output
    from newstrace.scale.spark_job import run_job

    base = ("The minister said on Tuesday that the new bridge over the river would open in March "
            "after two years of delays and a budget that grew to 40 million euros. ")
    lines = [json.dumps({"id": "x1", "maintext": base + "Drivers welcomed the news.", "title": "Bridge"}),
             "{not json",
             json.dumps({"text": base + "Critics said the cost was too high.", "url": "https://e.x/2"}),
             json.dumps({"text": "A completely different story about football results and a late goal."})]
    (tmp_path / "in" / "a").mkdir(parents=True)
    (tmp_path / "in" / "b").mkdir(parents=True)
    (tmp_path / "in" / "a" / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "in" / "b" / "feed.jsonl").write_text(lines[0] + "\n", encoding="utf-8")
    pq.write_table(pa.table({"text": [base + "A third outlet copied it.", "  "], "title": ["T", None]}),
                   tmp_path / "rows.parquet")

    out = tmp_path / "out"
    run_job(spark, [str(tmp_path / "in"), str(tmp_path / "rows.parquet")], out, stages="candidates",
            partitions=2, collect_max=0)
    got = read_output(out)

    cli = [a for a in read_inputs([tmp_path / "in"]) if isinstance(a, Article)]
    spark_arts = {a["id"]: a for a in got["articles"]}
    for a in cli:  # same ids (x1 and x1~2), texts, titles, urls as the CLI readers
        assert spark_arts[a.id]["text"] == a.text and spark_arts[a.id].get("url") == a.url
        assert spark_arts[a.id]["title"] == a.title
    assert {"x1", "x1~2", "feed:3"} <= set(spark_arts)
    parquet_ids = [i for i in spark_arts if i.startswith("rows:")]
    assert len(parquet_ids) == 1  # the blank-text row is an error, not an article
    errors = {e["origin"] for e in got["errors"]}
    assert any(o.endswith("feed.jsonl:2") for o in errors) and any(o.startswith(str(tmp_path / "rows.parquet")) for o in errors)
    group = {r["id"]: r["group"] for r in _read_groups(out)}
    # the three bridge rewrites are one candidate group; the football story is alone
    assert group["x1"] == group["x1~2"] == group["feed:3"] == group[parquet_ids[0]]
    assert group["feed:4"] == "feed:4"


@pytest.mark.spark
@pytest.mark.slow
def test_scale_spark_polnear_dev_equal_cli(spark, polnear_dir, tmp_path):
    """A handful of PolNeAR dev articles plus a pasted copy of one: same articles,
    attributions and families on both paths."""
    from newstrace.runner import run_analysis
    from newstrace.scale.records import read_output
    from newstrace.scale.spark_job import run_job

    src = sorted((polnear_dir / "dev" / "text").glob("*.txt"))[:6]
    inp = tmp_path / "in"
    inp.mkdir()
    for p in src:
        shutil.copy(p, inp / p.name)
    first = src[0].read_text(encoding="utf-8")
    (inp / "zz_copy.txt").write_text("Reprinted. " + first[: len(first) * 2 // 3], encoding="utf-8")
    cli = run_analysis([inp], out_dir=None).tables
    run_job(spark, [str(inp)], tmp_path / "out", partitions=4)
    got = read_output(tmp_path / "out")
    assert _articles(got) == _articles(cli)
    assert _attributions(got) == _attributions(cli)
    assert _families(got) == _families(cli)


# --------------------------------------------------------------------------- no Spark needed

def test_scale_confirm_rows_confirms_the_rewrite_pair_from_payloads(seeds_dir):
    """The executors' pair confirmation, fed the reuse index payloads the per-article step
    writes, confirms the seeds' rewrite pair and not a topic neighbour."""
    from newstrace import nlp
    from newstrace.model import Article
    from newstrace.pipeline import ArticleResult
    from newstrace.reuse.corpus import index_results, to_payload
    from newstrace.scale.stages import confirm_rows

    payload = {}
    for prefix in ("000", "001", "002"):
        path = next(seeds_dir.glob(prefix + "_*.txt"))
        text = path.read_text(encoding="utf-8")
        res = ArticleResult(Article(prefix, str(path), text), nlp.sentence_spans(nlp.parse(text)), [])
        payload[prefix] = json.dumps(to_payload(index_results([res])[0]))
    rows = [("000", "001", payload["000"], payload["001"]), ("000", "002", payload["000"], payload["002"]),
            ("001", "002", payload["001"], "{not json")]
    got = list(confirm_rows(iter(rows)))
    assert [(a, b) for a, b, _ in got] == [("000", "001")]
    from newstrace.reuse.families import REWRITE_COVERAGE

    assert REWRITE_COVERAGE <= got[0][2] <= 1.0


_span = st.one_of(st.none(), st.builds(lambda s, n, t: {"start": s, "end": s + n, "text": t},
                                       st.integers(0, 10**6), st.integers(0, 50), st.text(max_size=20)))


@given(rec=st.fixed_dictionaries({
    "article": st.text(min_size=1, max_size=10), "id": st.text(max_size=10), "source": _span, "cue": _span,
    "content": _span, "kind": st.sampled_from(["direct", "partial", "indirect"]),
    "speaker": st.fixed_dictionaries({"name": st.one_of(st.none(), st.text(max_size=10)),
                                      "kind": st.sampled_from(["named", "anonymous", "document", "unresolved"]),
                                      "entity": st.one_of(st.none(), st.text(max_size=5))})},
    optional={"score": st.floats(0, 1), "new_field": st.lists(st.integers(), max_size=3)}))
@settings(max_examples=60, deadline=None)
def test_scale_records_roundtrip_keeps_unknown_fields(rec):
    assert record_from_row("attributions", typed_row("attributions", rec)) == rec


def test_scale_records_article_optional_fields_dropped_like_to_record():
    from newstrace.model import Article

    rec = Article(id="a", origin="o", text="T", title=None).to_record()
    assert record_from_row("articles", typed_row("articles", rec)) == rec


def test_scale_spark_embedding_codes_match_reuse_candidates():
    """The per-article band codes the Spark join uses give exactly the reuse stage's
    embedding candidate pairs (guards the mirrored hyperplane draw)."""
    import itertools
    from collections import defaultdict

    import numpy as np

    from newstrace.reuse.candidates import embedding_candidates
    from newstrace.reuse.corpus import index_article
    from newstrace.scale.candidates import embedding_codes, reuse_defaults

    rng = np.random.default_rng(5)
    centres = rng.standard_normal((6, 384))
    arts = []
    for i in range(60):
        a = index_article(f"a{i}", "", [])
        a.emb = (centres[i % 6] + 0.6 * rng.standard_normal((3, 384))).astype(np.float32)
        arts.append(a)
    theirs = embedding_candidates(arts)
    buckets = defaultdict(list)
    for i, a in enumerate(arts):
        for c in embedding_codes(a.doc_vec):
            buckets[c].append(i)
    ours = {(i, j) for m in buckets.values() if 1 < len(m) <= reuse_defaults()["max_bucket"]
            for i, j in itertools.combinations(sorted(m), 2)}
    assert theirs and ours == theirs


def test_scale_spark_recurring_lines_equal_cli_on_helsinki(spark):
    """The run's recurring furniture lines, counted on the executors (reduceByKey over each
    page's observations), are the CLI's own, on the 306 real Helsinki dev pages."""
    from newstrace.ingest.furniture import recurring_lines
    from newstrace.scale.stages import recurring_lines_of

    path = Path(__file__).resolve().parents[2] / "shared" / "data" / "helsinki" / "helsinki_dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is missing: the tests expect ../shared beside the checkout")
    recs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows = [(i, r["id"], json.dumps({"id": r["id"], "text": r["maintext"], "outlet": r["source_domain"]}))
            for i, r in enumerate(recs)]
    rows.append((len(rows), "broken", "{not json"))  # observes nothing, stops nothing
    cli = recurring_lines((r["source_domain"], r["maintext"]) for r in recs)
    assert len(cli) >= 10
    assert recurring_lines_of(spark.sparkContext.parallelize(rows, 4)).recurring == cli


@pytest.mark.spark
def test_scale_spark_outlet_network_on_the_driver_equals_the_cli_stage(spark):
    """The outlet network runs after the group stages, on the driver, from the sources rows
    and each article's outlet, url and times: the same links as the CLI's stage."""
    from newstrace.model import Article, Source
    from newstrace.reuse.outlets import outlet_network
    from newstrace.scale.records import RECORD_DDL
    from newstrace.scale.spark_job import run_late_stages_on_driver

    arts = [Article("w", "w", "t", outlet="Wire", published="2018-07-16T08:00:00Z"),
            Article("e", "e", "t", url="https://www.echo.example.com/a", published="2018-07-16T09:30:00Z"),
            Article("d", "d", "t", outlet="Digest", downloaded="2018-07-16T20:00:00Z")]
    sources = [Source("F1", "w", None, "published"), Source("F1", "e", "w", "published"),
               Source("F1", "d", "e", "published")]
    art_df = spark.createDataFrame([(k, a.id, json.dumps(a.to_record())) for k, a in enumerate(arts)],
                                   "ord long, id string, rec string")
    corpus = spark.createDataFrame([("sources", s.article, 0, json.dumps(s.to_record())) for s in sources], RECORD_DDL)
    rows = run_late_stages_on_driver(art_df, corpus)
    got = [json.loads(r[3]) for r in rows if r[0] == "outlets"]
    assert got == [o.to_record() for o in outlet_network(arts, sources)]
    assert [(o["source"], o["copier"], o["median_lag_hours"]) for o in got] == [
        ("Wire", "echo.example.com", 1.5), ("echo.example.com", "Digest", 10.5)]


@pytest.mark.spark
def test_scale_spark_since_until_outlet_keep_what_the_cli_keeps(spark, tmp_path):
    """``--since/--until/--outlet`` on Spark: the same articles kept and the same skip counts
    by reason as the CLI's run (model-free: stages=candidates)."""
    from collections import Counter

    from newstrace.ingest import read_inputs
    from newstrace.ingest.select import skip_reason
    from newstrace.model import Article
    from newstrace.options import Options
    from newstrace.scale.records import read_output
    from newstrace.scale.spark_job import run_job

    text = "The minister said on Tuesday that the bridge would open in March after two years of delays."
    rows = [{"id": "old", "text": text, "outlet": "BBC News", "published": "2018-07-10"},
            {"id": "in", "text": text, "outlet": "BBC News", "published": "2018-07-16T09:00:00Z"},
            {"id": "late", "text": text, "url": "https://www.bbc.co.uk/x", "published": "2018-08-01"},
            {"id": "other", "text": text, "outlet": "Echo", "published": "2018-07-16"},
            {"id": "crawl", "text": text, "url": "https://bbc.com/y", "downloaded": "2018-07-17T03:00:00"},
            {"id": "undated", "text": text, "outlet": "BBC"}]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    (tmp_path / "in" / "crawl.warc.gz").write_bytes(  # a kept page, a 404 (skipped by the reader)
        record("https://www.bbc.com/talks", article_html(1, site="BBC")) + record("https://bbc.com/gone", b"x", status=404))
    options = Options(since="2018-07-15", until="2018-07-20", outlets=("*bbc*",))

    cli_kept, cli_skipped = [], Counter()
    for a in read_inputs([tmp_path / "in"], skipped=cli_skipped):
        assert isinstance(a, Article)
        why = skip_reason(a, options.since, options.until, options.outlets)
        cli_kept.append(a.id) if why is None else cli_skipped.update([why])
    assert {"crawl", "in"} < set(cli_kept) and len(cli_kept) == 3  # and the WARC page

    summary = run_job(spark, [str(tmp_path / "in")], tmp_path / "out", stages="candidates", partitions=2,
                      options=options)
    assert sorted(a["id"] for a in read_output(tmp_path / "out")["articles"]) == sorted(cli_kept)
    assert summary["skipped"] == dict(cli_skipped)
    assert summary["skipped"] == {"filter: before --since": 1, "filter: after --until": 1,
                                  "filter: outlet": 1, "filter: no date": 1, "warc: not 200": 1}


@pytest.mark.spark
def test_scale_key_pair_rows_bounds_rows_per_key_and_keeps_each_key_connected(spark):
    """Pivot pairing: a key held by d <= m articles gives all C(d, 2) pairs; a wider one gives
    m·d − m(m+1)/2 rows (not C(d, 2)), each a pair of its holders, connecting all of them;
    keys held by one article or by more than max_df give none. pivots=None forms every pair."""
    import itertools
    import random
    from collections import Counter, defaultdict

    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    from newstrace.scale.candidates import key_pair_rows

    rnd = random.Random(3)
    holders = {k: rnd.sample(range(40), d) for k, d in enumerate([1, 2, 3, 4, 5, 9, 17, 30, 31])}
    rows = [(f"x{i:02d}", k) for k, ids in holders.items() for i in ids]
    keys = spark.createDataFrame(rows, "id string, key long")
    m, max_df = 4, 30
    per_key = defaultdict(list)
    for r in key_pair_rows(keys, max_df, pivots=m).collect():
        assert r["a"] < r["b"]
        per_key[r["key"]].append((r["a"], r["b"]))
    assert set(per_key) == {k for k, ids in holders.items() if 1 < len(ids) <= max_df}
    for k, pairs in per_key.items():
        ids = sorted(f"x{i:02d}" for i in holders[k])
        d = len(ids)
        assert len(pairs) == len(set(pairs)) and set(pairs) <= set(itertools.combinations(ids, 2))
        assert len(pairs) == (d * (d - 1) // 2 if d <= m else m * d - m * (m + 1) // 2)
        pos = {x: i for i, x in enumerate(ids)}
        g = coo_matrix(([1] * len(pairs), ([pos[a] for a, _ in pairs], [pos[b] for _, b in pairs])), shape=(d, d))
        assert connected_components(g, directed=False)[0] == 1
    every = Counter((r["a"], r["b"]) for r in key_pair_rows(keys, max_df, pivots=None).collect())
    assert every == Counter(p for ids in holders.values() if 1 < len(ids) <= max_df
                            for p in itertools.combinations(sorted(f"x{i:02d}" for i in ids), 2))


@pytest.mark.spark
def test_scale_vocabulary_df_counts_each_articles_terms_once_over_the_run(spark):
    """The run's vocabulary document frequencies, counted on the executors from the
    per-article signals: articles counted from the articles table, terms held by one
    article left out (the family stage takes a missing term as held by one)."""
    from newstrace.scale.records import RECORD_DDL
    from newstrace.scale.spark_job import vocabulary_df
    from newstrace.scale.stages import SIGNALS

    rows = [("articles", x, k, json.dumps({"id": x})) for k, x in enumerate("abcd")]
    rows += [(SIGNALS, "a", 0, json.dumps({"keys": [], "terms": ["bridge", "owens", "12"]})),
             (SIGNALS, "b", 1, json.dumps({"keys": [], "terms": ["bridge", "owens"]})),
             (SIGNALS, "c", 2, json.dumps({"keys": [], "terms": ["bridge", "snow"]})),
             ("attributions", "d", 3, json.dumps({"article": "d"}))]
    assert vocabulary_df(spark.createDataFrame(rows, RECORD_DDL)) == (4, {"bridge": 3, "owens": 2})


@pytest.mark.spark
def test_scale_minhash_pairs_with_pivots_keep_each_family_of_copies_connected(spark):
    """MinHash buckets paired through pivots: every pair found is one MLlib's every-pair join
    finds (Jaccard checked on the shingles), and the families of near-copies come out as the
    same connected components with fewer pairs."""
    import random

    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    from newstrace.scale.candidates import minhash_pairs, shingle_features

    rnd = random.Random(7)
    words = [f"w{i}" for i in range(3000)]
    rows = []
    for fam in range(3):
        base = [rnd.choice(words) for _ in range(300)]
        for k in range(9):  # 9 near-copies: more members than pivots
            text = " ".join(w for w in base if rnd.random() > 0.08)
            rows.append((f"f{fam}c{k}", text))
    feats = shingle_features(spark.createDataFrame(rows, "id string, text string")).cache()
    every = {(r["a"], r["b"]) for r in minhash_pairs(feats, pivots=None).collect()}
    piv = {(r["a"], r["b"]) for r in minhash_pairs(feats, pivots=4).collect()}
    assert piv and piv <= every and len(piv) < len(every)

    ids = sorted(i for i, _ in rows)
    pos = {x: n for n, x in enumerate(ids)}

    def components(pairs):
        g = coo_matrix(([1] * len(pairs), ([pos[a] for a, _ in pairs], [pos[b] for _, b in pairs])),
                       shape=(len(ids), len(ids)))
        labels = connected_components(g, directed=False)[1]
        return {frozenset(x for x in ids if labels[pos[x]] == lab) for lab in set(labels.tolist())}

    assert components(piv) == components(every) == {
        frozenset(x for x in ids if x.startswith(f"f{f}c")) for f in range(3)}
