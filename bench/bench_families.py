"""Benchmark: rewrite-family detection at 1k, 10k and 100k synthetic articles.

    nice -n 10 .venv/bin/python bench/bench_families.py [--sizes 1000 10000 100000]

Prints, per size, the time of the family step (index sentences → MinHash-LSH Ensemble
and shared-key candidates → confirmation by sentence alignment → components), the pairs
it confirmed, and the peak resident memory so far (ru_maxrss; sizes run in ascending
order, so it is the peak up to that size). Signatures are built a batch at a time and
alignment caches are dropped after an article's last pair, so memory follows the
corpus's index, not its shingle sets. The baseline, run in the same process, is
the cheapest all-pairs method: exact word-3-gram containment between every pair of
articles. It runs for the sizes whose estimated time fits ``--baseline-budget``; for the
others its time is extrapolated from all pairs of a random sample of 700 articles and
marked "est.".

Scale configuration: MiniLM embeddings are off here (encoding ~200 sentences/s on 2 CPU
cores would take hours at 100k articles), so candidates come from shingles and keys only
and confirmation uses the lexical same-fact model. ``analyze_reuse`` uses embeddings by
default for ordinary corpus sizes.

Synthetic corpus: "stories" of 8–12 sentences drawn from a Zipf vocabulary with names
and numbers; 40% of the articles are rewrites of an earlier story (sentences dropped,
reordered, words substituted, new sentences added), the rest are new stories.
"""
from __future__ import annotations

import argparse
import itertools
import random
import resource
import sys
import time

from newstrace.reuse.candidates import candidate_pairs, shingles
from newstrace.reuse.corpus import index_article
from newstrace.reuse.families import _components, confirm_pairs
from newstrace.reuse.scoring import load_model
from newstrace.model import Span


def _vocab(n: int, rng: random.Random) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(n)]


class Corpus:
    def __init__(self, seed: int = 1):
        self.rng = random.Random(seed)
        self.words = _vocab(20000, self.rng)
        self.names = [w.capitalize() for w in _vocab(3000, self.rng)]
        self.weights = [1.0 / (k + 1) for k in range(len(self.words))]

    def sentence(self) -> str:
        r = self.rng
        n = r.randint(10, 22)
        ws = r.choices(self.words, self.weights, k=n)
        ws[r.randrange(n)] = r.choice(self.names) + " " + r.choice(self.names)
        if r.random() < 0.5:
            ws[r.randrange(n)] = str(r.randint(2, 5000))
        return ws[0].capitalize() + " " + " ".join(ws[1:]) + "."

    def story(self) -> list[str]:
        return [self.sentence() for _ in range(self.rng.randint(8, 12))]

    def rewrite(self, story: list[str]) -> list[str]:
        r = self.rng
        out = []
        for s in story:
            if r.random() < 0.2:
                continue
            ws = s.split()
            for k in range(len(ws)):
                if r.random() < 0.15:
                    ws[k] = r.choice(self.words)
            out.append(" ".join(ws))
        for k in range(len(out) - 1):
            if r.random() < 0.3:
                out[k], out[k + 1] = out[k + 1], out[k]
        for _ in range(r.randint(0, 3)):
            out.insert(r.randint(0, len(out)), self.sentence())
        return out

    def articles(self, n: int) -> list[tuple[str, str, list[Span]]]:
        stories: list[list[str]] = []
        out = []
        for k in range(n):
            if stories and self.rng.random() < 0.4:
                sents = self.rewrite(self.rng.choice(stories[-200:]))
            else:
                sents = self.story()
                stories.append(sents)
            text, spans, pos = "", [], 0
            for s in sents:
                spans.append(Span(pos, pos + len(s)))
                text += s + " "
                pos += len(s) + 1
            out.append((f"a{k}", text, spans))
        return out


def family_step(docs, model):
    arts = [index_article(i, t, s) for i, t, s in docs]
    t1 = time.perf_counter()
    pairs = candidate_pairs(arts, use_embeddings=False)
    t2 = time.perf_counter()
    print(f"  [{len(arts)} articles] {len(pairs)} candidate pairs in {t2 - t1:.1f} s; confirming...",
          file=sys.stderr, flush=True)
    confirmed = confirm_pairs(arts, pairs, model)
    comps = _components(len(arts), [(c.i, c.j) for c in confirmed])
    return arts, pairs, confirmed, comps, t1, t2


def all_pairs_containment(sets: list[set[str]], threshold: float = 0.25, limit_pairs: int | None = None):
    """Exact containment of the smaller shingle set in the larger, over every pair."""
    found, done = [], 0
    for i, j in itertools.combinations(range(len(sets)), 2):
        a, b = sets[i], sets[j]
        if a and b and len(a & b) / min(len(a), len(b)) >= threshold:
            found.append((i, j))
        done += 1
        if limit_pairs is not None and done >= limit_pairs:
            break
    return found, done


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--baseline-budget", type=float, default=120.0, help="seconds")
    args = ap.parse_args(argv)
    model = load_model("lexical")
    print(f"{'articles':>9} {'family s':>9} {'cand s':>7} {'conf s':>7} {'cand':>8} {'confirmed':>9} "
          f"{'families':>8} {'all-pairs s':>12} {'ratio':>8} {'peak MB':>8}")
    for n in sorted(args.sizes):
        docs = Corpus(seed=n).articles(n)
        t0 = time.perf_counter()
        arts, pairs, confirmed, comps, t1, t2 = family_step(docs, model)
        t3 = time.perf_counter()
        fam_s = t3 - t0
        n_confirmed = len(confirmed)
        del arts, confirmed
        total_pairs = n * (n - 1) // 2
        # per-pair cost of the baseline, timed on all pairs of a random sample of articles
        sample = random.Random(n).sample(range(n), min(n, 700))
        sample_sets = [shingles(docs[k][1]) for k in sample]
        tb = time.perf_counter()
        _, done = all_pairs_containment(sample_sets)
        per_pair = (time.perf_counter() - tb) / max(1, done)
        est = per_pair * total_pairs
        recall_note = ""
        if est <= args.baseline_budget:
            sets = [shingles(t) for _, t, _ in docs]
            tb = time.perf_counter()
            exact, _ = all_pairs_containment(sets)
            base_s = time.perf_counter() - tb
            base_txt = f"{base_s:12.1f}"
            exact = set(exact)
            recall_note = (f"  (LSH+keys candidates cover {len(exact & pairs)}/{len(exact)} "
                           f"exact containment>=0.25 pairs)")
        else:
            base_s = est
            base_txt = f"{'est. ' + format(est, '.0f'):>12}"
        print(f"{n:>9} {fam_s:9.1f} {t2 - t1:7.1f} {t3 - t2:7.1f} {len(pairs):>8} {n_confirmed:>9} "
              f"{len(comps):>8} {base_txt} {base_s / fam_s:7.1f}x {peak_mb():8.0f}{recall_note}")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
