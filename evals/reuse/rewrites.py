"""Synthetic rewrites of PolNeAR articles (issue 9) and the tuning grids run on them.

A rewrite of an article drops sentences, paraphrases by word substitution
(``substitutions.tsv`` beside this file), splits, merges and reorders sentences, and inserts
foreign sentences from articles of the other split as additions; which original sentences
each rewrite sentence carries is known by construction (:class:`RewritePair`), so the
package's :func:`newstrace.eval.reuse.score_rewrites` can score links, families and
unsupported sentences against it.

    python -m evals.reuse rewrites        # PolNeAR dev rewrites: link F1, unsupported P/R
    python -m evals.reuse tune-support    # MIN_FACT_WORDS grid on PolNeAR *train* rewrites
    python -m evals.reuse tune-families   # family confirmation grid on PolNeAR *train* rewrites
"""
from __future__ import annotations

import itertools
import random
import re
from pathlib import Path

from newstrace.eval.reuse import RewritePair, prf, rewrite_results, score_rewrites
from newstrace.model import Article, Span

from .. import POLNEAR

#: The PolNeAR folder the rewrites are built from by default (``../shared/data/polnear``).
POLNEAR_DIR = POLNEAR
SUBSTITUTIONS_PATH = Path(__file__).with_name("substitutions.tsv")

_SPLIT_AT = re.compile(r"(, and |; |, but |, while |, which )")


def load_substitutions(path: Path = SUBSTITUTIONS_PATH) -> dict[str, str]:
    subs = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and "\t" in line:
            a, b = line.split("\t", 1)
            subs[a.strip()] = b.strip()
    return subs


def paraphrase(sentence: str, subs: dict[str, str], rng: random.Random, rate: float = 0.7) -> str:
    """Swap listed words for their substitutes (each with probability ``rate``)."""
    def repl(m: re.Match) -> str:
        w = m.group(0)
        low = w.lower()
        if low in subs and rng.random() < rate:
            r = subs[low]
            return r[0].upper() + r[1:] if w[0].isupper() else r
        return w
    return re.sub(r"[A-Za-z]+", repl, sentence)


def _split(sentence: str) -> tuple[str, str] | None:
    for m in _SPLIT_AT.finditer(sentence):
        left, right = sentence[:m.start()].strip(), sentence[m.end():].strip()
        if len(left.split()) >= 5 and len(right.split()) >= 5:
            left = left if left[-1] in ".!?\"”" else left + "."
            return left, right[0].upper() + right[1:]
    return None


def _merge(a: str, b: str) -> str:
    a = a.rstrip()
    if a.endswith("."):
        a = a[:-1]
    return a + ", and " + (b[0].lower() + b[1:] if b[:2] != b[:2].upper() else b)


def build_rewrite(original: Article, sentences: list[Span], foreign: list[str], rng: random.Random,
                  subs: dict[str, str], p_drop=0.15, p_para=0.6, p_split=0.3, p_merge=0.15,
                  p_swap=0.3, n_insert=(2, 4)) -> RewritePair:
    """One rewrite of ``original``: sentences dropped, paraphrased by substitution, split,
    merged, reordered, and foreign sentences inserted as additions."""
    texts = [original.text[s.start:s.end] for s in sentences]
    units: list[tuple[str, set[int]]] = []
    for i, t in enumerate(texts):
        if rng.random() < p_drop:
            continue
        if rng.random() < p_para:
            t = paraphrase(t, subs, rng)
        parts = _split(t) if rng.random() < p_split else None
        if parts:
            units.extend([(parts[0], {i}), (parts[1], {i})])
        else:
            units.append((t, {i}))
    merged: list[tuple[str, set[int]]] = []
    for u in units:
        if merged and rng.random() < p_merge and len(merged[-1][0]) + len(u[0]) < 400:
            merged[-1] = (_merge(merged[-1][0], u[0]), merged[-1][1] | u[1])
        else:
            merged.append(u)
    for k in range(len(merged) - 1):
        if rng.random() < p_swap:
            merged[k], merged[k + 1] = merged[k + 1], merged[k]
    for t in rng.sample(foreign, min(len(foreign), rng.randint(*n_insert))):
        merged.insert(rng.randint(0, len(merged)), (t, set()))
    text, spans, sources = "", [], []
    for t, src in merged:
        if text:
            text += "\n"
        spans.append(Span(len(text), len(text) + len(t)))
        text += t
        sources.append(src)
    rw = Article(id=original.id + "~rw", origin=original.origin + "#rewrite", text=text)
    return RewritePair(original, sentences, rw, spans, sources)


def polnear_articles(split: str = "dev", limit: int | None = None,
                     root: Path = POLNEAR_DIR) -> list[tuple[Article, list[Span]]]:
    from newstrace import nlp

    out = []
    paths = sorted((Path(root) / split / "text").glob("*.txt"))[:limit]
    for p in paths:
        text = p.read_text(encoding="utf-8")
        out.append((Article(id=p.stem, origin=str(p), text=text), nlp.sentence_spans(nlp.parse(text))))
    return out


def build_rewrite_set(limit: int | None = None, seed: int = 7, split: str = "dev", n_donors: int = 30,
                      root: Path = POLNEAR_DIR) -> list[RewritePair]:
    """One rewrite per PolNeAR article of ``split`` (under ``root``). Foreign sentences (the
    additions) come from articles of the *other* split, which are not in the evaluated corpus:
    a donor inside the corpus would really share those sentences with the rewrite."""
    arts = polnear_articles(split, limit, root)
    donors = polnear_articles("train" if split == "dev" else "dev", n_donors, root)
    subs = load_substitutions()
    rng = random.Random(seed)
    pairs = []
    for art, sents in arts:
        donor, dsents = donors[rng.randrange(len(donors))]
        foreign = [donor.text[s.start:s.end] for s in dsents if len(donor.text[s.start:s.end].split()) >= 6]
        pairs.append(build_rewrite(art, sents, foreign, rng, subs))
    return pairs


def tune_support(limit: int = 60, use_embeddings: bool = True, root: Path = POLNEAR_DIR) -> dict:
    """Unsupported-sentence P/R on rewrites of PolNeAR *train* articles for each value of
    :data:`newstrace.reuse.support.MIN_FACT_WORDS` (the dev set is kept for reporting)."""
    from newstrace.reuse import analyze_indexed
    from newstrace.reuse.corpus import index_results

    pairs = build_rewrite_set(limit, seed=11, split="train", root=root)
    arts = index_results(rewrite_results(pairs), use_embeddings)
    out = {}
    for k in (0, 2, 3, 4, 5, 6, 8, None):
        # None: links ignored (a minimum no sentence reaches)
        r = score_rewrites(pairs, analyze_indexed(arts, use_embeddings, min_fact_words=10**6 if k is None else k))
        out["links ignored" if k is None else f"min_fact_words={k}"] = {
            "unsupported": r["unsupported"], "inserted_sentences_recall": r["inserted_sentences_recall"]}
    return out


def tune_families(limit: int = 40, use_embeddings: bool = True, root: Path = POLNEAR_DIR) -> dict:
    """Family pair P/R on rewrites of PolNeAR *train* articles over a grid of the copy share
    × the rewrite coverage of :mod:`newstrace.reuse.families` (the dev set is kept for
    reporting; the shipped values were set on Helsinki dev, see docs/reuse.md)."""
    from newstrace.pipeline import ArticleResult
    from newstrace.reuse import families as F
    from newstrace.reuse.candidates import candidate_pairs
    from newstrace.reuse.corpus import index_results
    from newstrace.reuse.scoring import load_model

    pairs = build_rewrite_set(limit, seed=11, split="train", root=root)
    results = []
    for p in pairs:
        results += [ArticleResult(p.original, p.original_sentences, []), ArticleResult(p.rewrite, p.rewrite_sentences, [])]
    arts = index_results(results, use_embeddings)
    model = load_model("embed" if use_embeddings else "lexical")
    cands = candidate_pairs(arts, use_embeddings)
    gold = {tuple(sorted((p.original.id, p.rewrite.id))) for p in pairs}
    out = {}
    saved = F.COPY_SHARE, F.REWRITE_COVERAGE, F.LINKAGE
    try:
        for share in (0.35, 0.45, 0.55):
            for cov in (0.15, 0.2, 0.25, 0.3):
                F.COPY_SHARE, F.REWRITE_COVERAGE, F.LINKAGE = share, cov, cov
                fams, _, _ = F.find_families(arts, model, use_embeddings, pairs=cands)
                pred = {tuple(sorted(x)) for f in fams for x in itertools.combinations(f.articles, 2)}
                out[f"copy_share>={share} rewrite_coverage>={cov}"] = prf(len(pred & gold), len(pred - gold),
                                                                         len(gold - pred))
    finally:
        F.COPY_SHARE, F.REWRITE_COVERAGE, F.LINKAGE = saved
    return out
