"""Benchmark: the Spark job in local[1], local[2] and on a two-worker standalone cluster,
against the single-process path on the same input in the same run.

    nice -n 10 .venv/bin/python bench/bench_spark.py --corpus mixed --stages full --sizes 550 \
        --masters 'local[1]' 'local[2]' cluster
    nice -n 10 .venv/bin/python bench/bench_spark.py --stages candidates --sizes 10000 100000
    nice -n 10 .venv/bin/python bench/bench_spark.py --stages reuse-only --sizes 1000

For each size the corpus is written as JSONL part files (2,000 articles each, as a crawl
dump would be) and the Spark job runs on each ``--masters`` entry: ``local[N]`` (one JVM,
N executor cores) or ``cluster`` (:func:`newstrace.scale.standalone.standalone_cluster`: a
master and two workers of one core each, separate processes on 127.0.0.1, the job submitted
to ``spark://127.0.0.1:PORT``). Printed per size: seconds and articles/s for each, the
speed-up of the last over the first, and the single-process baseline on the same files:

* ``full``       → ``newstrace.runner.run_analysis`` (the CLI path, every stage);
* ``reuse-only`` → the same functions in one process: ``read_inputs``, the per-article
  ``reuse-only`` preset (furniture and the spaCy parse: ``analyze_article_step``),
  ``analyze_corpus`` over everything;
* ``candidates`` → the CLI's own MinHash-LSH Ensemble candidate step
  (``newstrace.reuse.candidates.minhash_candidates``, datasketch) over all articles,
  after reading them with ``read_inputs``.

The baseline runs for sizes up to ``--baseline-max`` (default 10,000). Spark times include
reading the input and writing every Parquet table but not starting the JVM or the cluster
(one session per master, warmed up on a tiny corpus first, so model loading in the Python
workers is part of the warm-up and not of the timed run — as on a long-running cluster).

Corpora (``--corpus``):

* ``synthetic`` (default): PolNeAR train+dev articles (924 real articles) and rewrites of
  them (sentences dropped, a new lead, reporting verbs swapped, a byline added). Article
  ``i`` is a rewrite of base article ``i mod 924``, so each base has about ``N / 924``
  rewrites: family sizes grow with N (about 54 at 50k), the skew of a wire story reprinted
  by many outlets.
* ``mixed``: real articles of many events, shuffled with a fixed seed — Helsinki dev (306
  scraped pages of one event), ECB+ (real wire copies of 86 events) and PolNeAR train+dev —
  the first N of them (2,230 in all).
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POLNEAR = SHARED / "data" / "polnear"
PART_SIZE = 2000
_SENT = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")
_VERBS = [("said", "told reporters"), ("said", "stated"), ("says", "argues"), ("told", "informed")]
_LEADS = ["WASHINGTON —", "(Wire) —", "NEW YORK —", "From our correspondent:", "Update:"]


def base_articles() -> list[tuple[str, str]]:
    out = []
    for split in ("train", "dev"):
        for p in sorted((POLNEAR / split / "text").glob("*.txt")):
            out.append((p.stem, p.read_text(encoding="utf-8")))
    if not out:
        sys.exit(f"no PolNeAR texts under {POLNEAR}: the benchmark needs ../shared")
    return out


def rewrite(text: str, k: int) -> str:
    """The k-th deterministic rewrite of a text (k = 0 is the original)."""
    if k == 0:
        return text
    import random

    r = random.Random(k)
    paras = [p for p in text.split("\n") if p.strip()]
    out = [r.choice(_LEADS)]
    for p in paras:
        sents = _SENT.split(p)
        kept = [s for s in sents if r.random() > 0.2] or sents[:1]
        para = " ".join(kept)
        old, new = r.choice(_VERBS)
        para = para.replace(f" {old} ", f" {new} ", 1)
        out.append(para)
    out.append(f"Reporting by staff writer {k}.")
    return "\n\n".join(out)


def write_corpus(n: int, folder: Path, bases: list[tuple[str, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for part in range(0, n, PART_SIZE):
        with open(folder / f"part-{part // PART_SIZE:05d}.jsonl", "w", encoding="utf-8") as f:
            for i in range(part, min(n, part + PART_SIZE)):
                stem, text = bases[i % len(bases)]
                k = i // len(bases)
                f.write(json.dumps({"id": f"{stem}~r{k}", "title": None, "text": rewrite(text, k)},
                                   ensure_ascii=False) + "\n")
    return folder


def write_mixed(n: int, folder: Path) -> Path:
    """The first ``n`` of the mixed real articles (bench_pipeline's), as JSONL part files."""
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_pipeline import mixed_articles

    arts = mixed_articles(n)
    folder.mkdir(parents=True, exist_ok=True)
    for part in range(0, len(arts), PART_SIZE):
        with open(folder / f"part-{part // PART_SIZE:05d}.jsonl", "w", encoding="utf-8") as f:
            for a in arts[part:part + PART_SIZE]:
                f.write(json.dumps({"id": a.id, "text": a.text, "outlet": a.outlet, "downloaded": a.downloaded},
                                   ensure_ascii=False) + "\n")
    return folder


def session(master: str, stack):
    """A Spark session on ``master`` (``local[N]`` or ``cluster``: a two-worker standalone
    cluster that ``stack`` stops at the end)."""
    import os

    from newstrace.scale.spark_job import build_session

    if master != "cluster":
        return build_session(master, app_name=f"bench-{master}")
    from newstrace.scale.standalone import standalone_cluster

    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    url = stack.enter_context(standalone_cluster(workers=2, cores=1, memory="6g"))
    spark = build_session(url, app_name="bench-cluster",
                          conf={"spark.executor.memory": "5g", "spark.executor.cores": "1",
                                "spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1"})
    deadline = time.time() + 60
    while spark.sparkContext._jsc.sc().getExecutorMemoryStatus().size() < 3 and time.time() < deadline:
        time.sleep(0.5)
    return spark


def baseline(stages: str, folder: Path) -> float:
    """Seconds of the single-process path on the same files."""
    t = time.perf_counter()
    if stages == "full":
        from newstrace.runner import run_analysis

        run_analysis([folder], out_dir=Path(tempfile.mkdtemp(prefix="nt_cli_")))
    else:
        from newstrace.ingest import read_inputs
        from newstrace.model import Article

        arts = [a for a in read_inputs([folder]) if isinstance(a, Article)]
        if stages == "reuse-only":
            from newstrace.pipeline import RunContext, analyze_corpus
            from newstrace.scale.stages import analyze_article_step

            ctx = RunContext.of(arts)
            analyze_corpus([analyze_article_step(a, "reuse-only", context=ctx)[0] for a in arts])
        else:
            from newstrace.reuse.candidates import minhash_candidates
            from newstrace.reuse.corpus import index_article

            minhash_candidates([index_article(a.id, a.text, []) for a in arts])
    return time.perf_counter() - t


def spark_run(spark, stages: str, folder: Path, out: Path) -> tuple[float, dict]:
    from newstrace.scale.spark_job import run_job

    if out.exists():
        shutil.rmtree(out)
    t = time.perf_counter()
    summary = run_job(spark, [str(folder)], out, stages=stages, partitions=8)
    return time.perf_counter() - t, summary


def main(argv: list[str] | None = None) -> int:
    import contextlib

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stages", default="candidates", choices=["full", "reuse-only", "candidates"])
    ap.add_argument("--corpus", default="synthetic", choices=["synthetic", "mixed"])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"],
                    help="local[N] and/or cluster (two one-core workers on 127.0.0.1)")
    ap.add_argument("--baseline-max", type=int, default=10000)
    ap.add_argument("--workdir", default=None, help="Where corpora and outputs go (default: a temp folder).")
    args = ap.parse_args(argv)

    work = Path(args.workdir or tempfile.mkdtemp(prefix="nt_bench_spark_"))
    if args.corpus == "mixed":
        corpora = {n: write_mixed(n, work / f"in_{n}") for n in args.sizes}
        warm = write_mixed(12, work / "in_warm")
    else:
        bases = base_articles()
        corpora = {n: write_corpus(n, work / f"in_{n}", bases) for n in args.sizes}
        warm = write_corpus(20, work / "in_warm", bases)

    results: dict[tuple[int, str], tuple[float, dict]] = {}
    for master in args.masters:
        with contextlib.ExitStack() as stack:
            spark = session(master, stack)
            spark_run(spark, args.stages, warm, work / "out_warm")  # load models in the workers
            for n in args.sizes:
                secs, summary = spark_run(spark, args.stages, corpora[n], work / f"out_{n}")
                results[(n, master)] = (secs, summary)
                print(f"[spark {master}] {n} articles: {secs:.1f} s, {n / secs:.2f} articles/s; "
                      f"steps {summary['seconds']}; groups with 2+ articles {summary['groups_with_several']}, "
                      f"largest {summary['largest_group']}; candidate pairs {summary['candidate_edges']}, "
                      f"confirmed {summary.get('confirmed_edges')}; families {summary['counts'].get('families')}",
                      flush=True)
            spark.stop()

    base: dict[int, float] = {}
    for n in args.sizes:
        if n <= args.baseline_max:
            base[n] = baseline(args.stages, corpora[n])
            print(f"[single process] {n} articles: {base[n]:.1f} s, {n / base[n]:.2f} articles/s", flush=True)

    print(f"\nstages={args.stages} corpus={args.corpus}  (Spark timings exclude JVM start and model loading)")
    hdr = f"{'articles':>9} " + " ".join(f"{m + ' a/s':>16}" for m in args.masters)
    hdr += f" {'last/first':>11} {'single-proc a/s':>16} {'last/single':>12}"
    print(hdr)
    for n in args.sizes:
        rates = [n / results[(n, m)][0] for m in args.masters]
        speed = f"{rates[-1] / rates[0]:.2f}x" if len(rates) > 1 else "-"
        b = f"{n / base[n]:.2f}" if n in base else "not run"
        ratio = f"{rates[-1] / (n / base[n]):.2f}x" if n in base else "-"
        print(f"{n:>9} " + " ".join(f"{r:>16.2f}" for r in rates) + f" {speed:>11} {b:>16} {ratio:>12}")
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
