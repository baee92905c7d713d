"""Benchmark: the attribution stage vs textacy's direct_quotations, same process, PolNeAR dev.

    python bench/bench_attribution.py [--dev ../shared/data/polnear/dev] [--limit N] [--threads T]

Prints articles/s and words/s of :func:`newstrace.attribution.attribute` (model loaded once,
before timing) and of textacy's ``direct_quotations`` over spaCy's small English pipeline
(``newstrace.nlp.load_spacy()``, parse included: textacy needs it), their ratio, the
partial-match (overlap >= 50%) content F1 of both by the project's scorer and its ratio, and
how far the tagger is from the arithmetic the model needs: FLOPs per word piece times pieces
processed, against the measured throughput of the bare ONNX session on full windows.
Not a test: numbers depend on the machine and its load (use CPU time figures to compare).
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from newstrace.eval.attribution import Scorer
from newstrace.eval.polnear import load_split
from newstrace.model import Attribution, Span

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear" / "dev"


def textacy_attributions(nlp, article) -> list[Attribution]:
    """textacy's direct quotations as attributions (speaker/cue/content token hulls)."""
    from textacy.extract.triples import direct_quotations

    doc = nlp(article.text)
    out = []
    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # textacy bails out on an odd number of quote marks
        triples = []
    for n, (speaker, cue, content) in enumerate(triples, start=1):
        def hull(toks):
            toks = list(toks)
            return Span(toks[0].idx, toks[-1].idx + len(toks[-1])) if toks else None
        c = Span(content.start_char, content.end_char)
        out.append(Attribution(article.id, f"{article.id}:a{n}", c, "direct", hull(speaker), hull(cue)))
    return out


def timed(fn, golds):
    scorer = Scorer()
    w0, c0 = time.perf_counter(), time.process_time()
    for g in golds:
        scorer.add(g.article.text, fn(g.article), g.attributions)
    return time.perf_counter() - w0, time.process_time() - c0, scorer.metrics()


def model_flops_per_piece(window: int) -> float:
    """Multiply-adds x 2 per word piece of MiniLM-L6-H384 with a ``window``-piece context, plus the head."""
    d, ff, layers, labels = 384, 1536, 6, 7
    dense = layers * (4 * d * d + 2 * d * ff)   # Q, K, V, O projections and the feed-forward
    attention = layers * 2 * d * window          # scores and weighted sum
    return 2.0 * (dense + attention + d * labels)


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev", default=str(DEV))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--skip-textacy", action="store_true")
    ap.add_argument("--json", default=None, help="also write the numbers to this file")
    a = ap.parse_args(argv)
    golds = load_split(a.dev, limit=a.limit)
    words = sum(len(g.article.text.split()) for g in golds)

    from newstrace.attribution import attribute
    from newstrace.attribution.runtime import get_tagger
    from newstrace.attribution.tagging import windows

    t0 = time.perf_counter()
    tagger = get_tagger()
    attribute(golds[0].article)  # warm-up
    load_s = time.perf_counter() - t0
    wall, cpu, ours = timed(attribute, golds)
    res = {"articles": len(golds), "words": words, "model_load_s": round(load_s, 2),
           "ours": {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "articles_per_s": round(len(golds) / wall, 2),
                    "words_per_s": round(words / wall), "content_partial_f1": ours["partial"]["content"]["f1"],
                    "content_exact_f1": ours["exact"]["content"]["f1"]}}

    # Arithmetic: pieces the model actually runs (window overlap included) and the bare session speed.
    pieces = 0
    for g in golds:
        n = len(tagger.encode(g.article.text))
        pieces += sum(e - s + 2 for s, e in windows(n, tagger.window - 2, tagger.stride))
    fpp = model_flops_per_piece(tagger.window)
    x = np.random.default_rng(0).integers(1000, 20000, size=(16, tagger.window))
    feed = {"input_ids": x, "attention_mask": np.ones_like(x), "token_type_ids": np.zeros_like(x)}
    feed = {k: v for k, v in feed.items() if k in tagger.inputs}
    tagger.session.run(["logits"], feed)
    t1, c1 = time.perf_counter(), time.process_time()
    reps = 3
    for _ in range(reps):
        tagger.session.run(["logits"], feed)
    bare = (time.perf_counter() - t1) / reps
    bare_cpu = (time.process_time() - c1) / reps
    bare_pieces_per_s = x.size / bare
    res["arithmetic"] = {
        "gflop_per_piece": round(fpp / 1e9, 4), "pieces_run": pieces, "words": words,
        "gflop_total": round(fpp * pieces / 1e9, 1),
        "achieved_gflop_per_s": round(fpp * pieces / wall / 1e9, 1),
        "bare_session_gflop_per_s": round(fpp * bare_pieces_per_s / 1e9, 1),
        "bare_session_gflop_per_cpu_s": round(fpp * x.size / bare_cpu / 1e9, 1),
        "stage_gflop_per_cpu_s": round(fpp * pieces / cpu / 1e9, 1),
        "model_bound_articles_per_s": round(len(golds) / (pieces / bare_pieces_per_s), 2),
        "share_of_time_in_model": round((pieces / bare_pieces_per_s) / wall, 3),
    }
    if not a.skip_textacy:
        from newstrace.nlp import load_spacy

        nlp = load_spacy()
        nlp("Warm up.")
        wall_t, cpu_t, theirs = timed(lambda art: textacy_attributions(nlp, art), golds)
        res["textacy"] = {"wall_s": round(wall_t, 2), "cpu_s": round(cpu_t, 2),
                          "articles_per_s": round(len(golds) / wall_t, 2), "words_per_s": round(words / wall_t),
                          "content_partial_f1": theirs["partial"]["content"]["f1"],
                          "content_exact_f1": theirs["exact"]["content"]["f1"]}
        res["ratio"] = {"speed_wall": round(wall_t / wall, 2), "speed_cpu": round(cpu_t / cpu, 2),
                        "content_partial_f1": round(ours["partial"]["content"]["f1"]
                                                    / max(theirs["partial"]["content"]["f1"], 1e-9), 2)}
    o, ar = res["ours"], res["arithmetic"]
    print(f"PolNeAR dev: {res['articles']} articles, {words} words (model load {res['model_load_s']} s, not timed)")
    print(f"newstrace attribute : {o['articles_per_s']:6.2f} articles/s {o['words_per_s']:7d} words/s  "
          f"(wall {o['wall_s']} s, cpu {o['cpu_s']} s)  content F1 partial {o['content_partial_f1']:.3f}")
    if "textacy" in res:
        t = res["textacy"]
        print(f"textacy quotations  : {t['articles_per_s']:6.2f} articles/s {t['words_per_s']:7d} words/s  "
              f"(wall {t['wall_s']} s, cpu {t['cpu_s']} s)  content F1 partial {t['content_partial_f1']:.3f}")
        r = res["ratio"]
        print(f"ratio (ours/textacy): speed x{r['speed_wall']} wall, x{r['speed_cpu']} cpu; "
              f"accuracy x{r['content_partial_f1']}")
    print(f"arithmetic: {ar['gflop_per_piece']} GFLOP/piece x {ar['pieces_run']} pieces = {ar['gflop_total']} GFLOP; "
          f"achieved {ar['achieved_gflop_per_s']} GFLOP/s ({ar['stage_gflop_per_cpu_s']} per CPU-second), "
          f"bare int8 session {ar['bare_session_gflop_per_s']} GFLOP/s ({ar['bare_session_gflop_per_cpu_s']} per CPU-second); "
          f"model-bound limit {ar['model_bound_articles_per_s']} articles/s; "
          f"{100 * ar['share_of_time_in_model']:.0f}% of the stage's time is the model")
    if a.json:
        Path(a.json).write_text(json.dumps(res, indent=1))
    return res


if __name__ == "__main__":
    main()
