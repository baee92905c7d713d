"""Benchmark: the whole pipeline on real coverage of one event, against textacy, same process.

    python bench/bench_pipeline.py                      # Helsinki dev: newstrace vs textacy
    python bench/bench_pipeline.py --mixed 550 1100 2200  # + corpus stage vs per-article stages

Part 1 reads ``../shared/data/helsinki/helsinki_dev.jsonl`` (306 real pages about one
event) and times, in this process: textacy's ``direct_quotations`` over spaCy's small
English pipeline (parse included), then ``newstrace.runner.run_analysis`` on the same file
(every stage, JSONL output to a temporary folder), after both have loaded their models. It
prints articles/s of each, their ratio, and the share of newstrace's run spent in the
cross-article stages.

Part 2 (``--mixed``) mixes real articles of many events — Helsinki dev, ECB+ and PolNeAR
train+dev, about 2,200 — runs the per-article stages once on all of them (timing each
article), then, for each size, the cross-article stages on the first N articles of a fixed
shuffle, and prints corpus-stage seconds over the per-article seconds of the same articles:
roughly flat when the cross-article stages grow linearly. Not a test: the numbers depend on
the machine and its load; ratios are from one process.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def textacy_rate(texts: list[str]) -> float:
    from textacy.extract.triples import direct_quotations

    from newstrace import nlp

    sp = nlp.load_spacy()
    sp("Warm up.")
    t = time.perf_counter()
    for text in texts:
        try:
            list(direct_quotations(sp(text)))
        except ValueError:  # textacy refuses an odd number of quote marks
            pass
    return len(texts) / (time.perf_counter() - t)


def helsinki(path: Path, keep: Path | None = None) -> dict:
    from newstrace.pipeline import warm_up
    from newstrace.runner import run_analysis

    recs = [json.loads(line) for line in path.open(encoding="utf-8")]
    warm_up()
    tx = textacy_rate([r["maintext"] for r in recs])
    with tempfile.TemporaryDirectory() as tmp:
        summary = run_analysis([path], out_dir=keep or Path(tmp))
    secs = summary.seconds
    total = sum(secs.values())
    nt = summary.articles / total
    return {"articles": summary.articles, "textacy_articles_per_s": round(tx, 2),
            "newstrace_articles_per_s": round(nt, 2), "ratio": round(nt / tx, 2),
            "corpus_share": round(secs.get("corpus", 0.0) / total, 3), "seconds": secs,
            "families": summary.counts.get("families"), "links": summary.counts.get("links"),
            "drift": summary.counts.get("drift")}


def mixed_articles(limit: int) -> list:
    from newstrace.model import Article

    out = []
    for line in (SHARED / "helsinki" / "helsinki_dev.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        out.append(Article("hel:" + r["id"], "helsinki", r["maintext"], downloaded=r.get("date_download"),
                           outlet=r.get("source_domain")))
    for line in (SHARED / "ecbplus" / "ecbplus_docs.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        out.append(Article("ecb:" + r["doc"], "ecbplus", r["text"]))
    for split in ("train", "dev"):
        for p in sorted((SHARED / "polnear" / split / "text").glob("*.txt")):
            out.append(Article("pol:" + p.stem, str(p), p.read_text(encoding="utf-8")))
    random.Random(7).shuffle(out)
    return out[:limit]


def mixed(sizes: list[int]) -> list[dict]:
    from newstrace.pipeline import RunContext, analyze_corpus, analyze_one, warm_up

    arts = mixed_articles(max(sizes))
    context = RunContext.of(arts)
    warm_up()
    results, per = [], []
    for n, a in enumerate(arts, 1):
        t = time.perf_counter()
        res, _ = analyze_one(a, context=context)
        per.append(time.perf_counter() - t)
        results.append(res)
        if n % 100 == 0:
            print(f"  per-article stages: {n}/{len(arts)}", file=sys.stderr)
    rows = []
    for size in sizes:
        t = time.perf_counter()
        corpus = analyze_corpus(results[:size])
        c = time.perf_counter() - t
        a = sum(per[:size])
        rows.append({"articles": size, "per_article_s": round(a, 1), "corpus_s": round(c, 1),
                     "corpus_over_per_article": round(c / a, 3), "families": len(corpus.families),
                     "largest_family": max((len(f.articles) for f in corpus.families), default=0),
                     "links": len(corpus.links), "drift": len(corpus.drift)})
        print(json.dumps(rows[-1]), file=sys.stderr)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--helsinki", type=Path, default=SHARED / "helsinki" / "helsinki_dev.jsonl")
    ap.add_argument("--mixed", type=int, nargs="*", default=None, help="sizes for part 2 (e.g. 550 1100 2200)")
    ap.add_argument("--skip-helsinki", action="store_true")
    ap.add_argument("--keep", type=Path, default=None, help="write part 1's output (JSONL) here instead of a temporary folder")
    args = ap.parse_args(argv)
    report: dict = {}
    if not args.skip_helsinki:
        report["helsinki_dev"] = helsinki(args.helsinki, args.keep)
        print(json.dumps(report["helsinki_dev"], indent=1))
    if args.mixed:
        report["mixed"] = mixed(sorted(args.mixed))
        print(json.dumps(report["mixed"], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
