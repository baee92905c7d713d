"""Benchmark: the Spark job on 1k / 10k / 50k articles, with 1 and 2 executor cores, against
the single-process path on the same input in the same run.

    nice -n 10 .venv/bin/python bench/bench_spark.py --stages candidates --sizes 1000 10000 50000
    nice -n 10 .venv/bin/python bench/bench_spark.py --stages reuse-only --sizes 1000
    nice -n 10 .venv/bin/python bench/bench_spark.py --stages full --sizes 200

For each size the corpus is written as JSONL part files (2,000 articles each, as a crawl
dump would be) and the Spark job runs with ``local[1]`` and ``local[2]`` (one and two
executor cores). Printed per size: seconds and articles/s for each, the speed-up of the
second core, and the single-process baseline on the same files:

* ``full``       → ``newstrace.runner.run_analysis`` (the CLI path, every stage);
* ``reuse-only`` → the same functions in one process: ``read_inputs``, sentence spans
  (``newstrace.scale.stages.sentences_only``), ``analyze_corpus`` over everything;
* ``candidates`` → the CLI's own MinHash-LSH Ensemble candidate step
  (``newstrace.reuse.candidates.minhash_candidates``, datasketch) over all articles,
  after reading them with ``read_inputs``.

The baseline runs for sizes up to ``--baseline-max`` (default 10,000). Spark times include
reading the input and writing every Parquet table but not starting the JVM (one session
per core count, warmed up on a tiny corpus first, so model loading in the Python workers
is part of the warm-up and not of the timed run — as on a long-running cluster).

Synthetic corpus: PolNeAR train+dev articles (924 real articles) and rewrites of them
(sentences dropped, a new lead, reporting verbs swapped, a byline added). Article ``i`` is
a rewrite of base article ``i mod 924``, so each base has about ``N / 924`` rewrites: family
sizes grow with N (about 54 at 50k), which is the skew a wire story reprinted by many
outlets gives.
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
            from newstrace.pipeline import analyze_corpus
            from newstrace.scale.stages import sentences_only

            analyze_corpus([sentences_only(a) for a in arts])
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
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stages", default="candidates", choices=["full", "reuse-only", "candidates"])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    ap.add_argument("--cores", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--baseline-max", type=int, default=10000)
    ap.add_argument("--workdir", default=None, help="Where corpora and outputs go (default: a temp folder).")
    args = ap.parse_args(argv)

    from newstrace.scale.spark_job import build_session

    work = Path(args.workdir or tempfile.mkdtemp(prefix="nt_bench_spark_"))
    bases = base_articles()
    corpora = {n: write_corpus(n, work / f"in_{n}", bases) for n in args.sizes}
    warm = write_corpus(20, work / "in_warm", bases)

    results: dict[tuple[int, int], tuple[float, dict]] = {}
    for cores in args.cores:
        spark = build_session(f"local[{cores}]", app_name=f"bench-{cores}")
        spark_run(spark, args.stages, warm, work / "out_warm")  # load models in the workers
        for n in args.sizes:
            secs, summary = spark_run(spark, args.stages, corpora[n], work / f"out_{n}_{cores}")
            results[(n, cores)] = (secs, summary)
            print(f"[spark local[{cores}]] {n} articles: {secs:.1f} s, {n / secs:.1f} articles/s; "
                  f"steps {summary['seconds']}; groups with 2+ articles {summary['groups_with_several']}, "
                  f"largest {summary['largest_group']}; families {summary['counts'].get('families')}",
                  flush=True)
        spark.stop()

    base: dict[int, float] = {}
    for n in args.sizes:
        if n <= args.baseline_max:
            base[n] = baseline(args.stages, corpora[n])
            print(f"[single process] {n} articles: {base[n]:.1f} s, {n / base[n]:.1f} articles/s", flush=True)

    print(f"\nstages={args.stages}  (Spark timings exclude JVM start and model loading; see docstring)")
    hdr = f"{'articles':>9} " + " ".join(f"{'local[' + str(c) + '] a/s':>15}" for c in args.cores)
    hdr += f" {'speed-up 2nd core':>18} {'single-proc a/s':>16} {'spark[max]/single':>18}"
    print(hdr)
    for n in args.sizes:
        rates = [n / results[(n, c)][0] for c in args.cores]
        speed = f"{rates[-1] / rates[0]:.2f}x" if len(rates) > 1 else "-"
        b = f"{n / base[n]:.1f}" if n in base else "not run"
        ratio = f"{rates[-1] / (n / base[n]):.2f}x" if n in base else "-"
        print(f"{n:>9} " + " ".join(f"{r:>15.1f}" for r in rates) + f" {speed:>18} {b:>16} {ratio:>18}")
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
