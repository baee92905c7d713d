"""Scorers of rewrite analysis (issue 9) on real data.

    newstrace eval reuse msrp --msrp DIR             # sentence decision P/R/F1 on MSRP test
    newstrace eval reuse ecb --ecb DIR               # family precision/recall on ECB+
    newstrace eval reuse ecb-sentences --ecb DIR     # links vs ECB+ cross-outlet event coreference
    newstrace eval reuse all --msrp DIR --ecb DIR    # the three

(``DIR``: the MSRP folder with ``msr_paraphrase_test.txt``; the ECB+ folder with
``ecbplus_docs.jsonl``, ``ECBplus_coreference_sentences.csv`` and ``ECB+/``; in a checkout
``../shared/data/msrp`` and ``../shared/data/ecbplus``.) :func:`score_rewrites` scores a reuse
result against rewrite pairs whose links are known by construction (:class:`RewritePair`).

Every number is measured on data the thresholds were not fitted on: the model and its
threshold come from MSRP train only; MSRP test and ECB+ are held out from it.
``--lexical`` runs without MiniLM (the scale configuration). The synthetic PolNeAR
rewrites, the tuning grids and the calibration fit that writes ``reuse/calibration.json``
are the lab's, outside the package: ``python -m evals.reuse`` in a checkout.
"""
from __future__ import annotations

import argparse
import csv
import itertools
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..model import Article, Span
from ..reuse.features import pair_features, sentence_facts
from ..reuse.quotes import find_quotes
from ..reuse.scoring import SameFactModel

#: File names inside the data folders given on the command line.
MSRP_TEST = "msr_paraphrase_test.txt"
ECB_DOCS = "ecbplus_docs.jsonl"

# ---------------------------------------------------------------------------- metrics
def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


# ---------------------------------------------------------------------------- MSRP
def read_msrp(path: Path) -> list[tuple[int, str, str]]:
    rows = []
    with open(path, encoding="utf-8-sig") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader, None)
        for r in reader:
            if len(r) >= 5 and r[0] in ("0", "1"):
                rows.append((int(r[0]), r[3], r[4]))
    return rows


def _facts(s: str):
    quoted = " ".join(s[q.start:q.end] for q in find_quotes(s))
    return sentence_facts(s, quoted)


def msrp_features(rows, use_embeddings: bool = True) -> np.ndarray:
    """Feature rows for (label, sentence a, sentence b) triples, ``FEATURE_NAMES`` order."""
    cos = np.zeros(len(rows))
    if use_embeddings:
        from ..reuse.embed import encode

        uniq = sorted({r[1] for r in rows} | {r[2] for r in rows})
        vecs = _encode_cached(uniq, encode)
        if vecs is not None:
            pos = {t: k for k, t in enumerate(uniq)}
            ia = np.array([pos[r[1]] for r in rows]); ib = np.array([pos[r[2]] for r in rows])
            cos = (vecs[ia] * vecs[ib]).sum(axis=1)
    return np.array([pair_features(_facts(a), _facts(b), float(c)) for (_, a, b), c in zip(rows, cos)])


EMB_CACHE = Path("/tmp/newstrace-reuse-msrp-embeddings.npz")


def _encode_cached(texts: list[str], encode) -> np.ndarray | None:
    """MiniLM vectors for texts, cached on /tmp between calibration runs (not an artifact)."""
    cache: dict[str, np.ndarray] = {}
    if EMB_CACHE.exists():
        z = np.load(EMB_CACHE, allow_pickle=False)
        cache = dict(zip(z["texts"].tolist(), z["vecs"]))
    missing = [t for t in texts if t not in cache]
    if missing:
        vecs = encode(missing)
        if vecs is None:
            return None
        cache.update(zip(missing, vecs))
        keys = sorted(cache)
        np.savez(EMB_CACHE, texts=np.array(keys), vecs=np.vstack([cache[k] for k in keys]))
    return np.vstack([cache[t] for t in texts])


def decision_scores(model: SameFactModel, X: np.ndarray, y: np.ndarray) -> dict:
    pred = model.proba(X) >= model.threshold
    tp = int((pred & (y == 1)).sum()); fp = int((pred & (y == 0)).sum()); fn = int((~pred & (y == 1)).sum())
    out = prf(tp, fp, fn)
    out["accuracy"] = round(float((pred == (y == 1)).mean()), 4)
    return out


def eval_msrp(msrp_dir: Path, use_embeddings: bool = True) -> dict:
    """The same-fact decision on MSRP test (``msrp_dir / "msr_paraphrase_test.txt"``)."""
    from ..reuse.scoring import load_model

    test = read_msrp(Path(msrp_dir) / MSRP_TEST)
    X = msrp_features(test, use_embeddings)
    y = np.array([r[0] for r in test])
    model = load_model("embed" if use_embeddings else "lexical")
    return {"msrp_test_same_fact": decision_scores(model, X, y), "pairs": len(test)}


# ---------------------------------------------------------------------------- rewrites with known links
@dataclass(slots=True)
class RewritePair:
    """An original article and its rewrite, with labels known by construction.

    ``sources[j]`` = indices of original sentences whose facts rewrite sentence j carries
    (empty for an inserted foreign sentence)."""

    original: Article
    original_sentences: list[Span]
    rewrite: Article
    rewrite_sentences: list[Span]
    sources: list[set[int]] = field(default_factory=list)

    @property
    def gold_links(self) -> set[tuple[int, int]]:
        return {(i, j) for j, src in enumerate(self.sources) for i in src}

    @property
    def gold_unsupported_rewrite(self) -> set[int]:
        return {j for j, src in enumerate(self.sources) if not src}

    @property
    def gold_unsupported_original(self) -> set[int]:
        used = set().union(*self.sources) if self.sources else set()
        return {i for i in range(len(self.original_sentences)) if i not in used}


def eval_rewrites(pairs: list[RewritePair], use_embeddings: bool = True, dated: bool = True) -> dict:
    """Family recall/precision on the originals+rewrites corpus, link P/R/F1,
    unsupported-sentence P/R (all sentences of both sides), and how often the rewrite's
    source is named: with publication times (``dated``: the original six hours before its
    rewrite, as a real copy follows its source) and, in ``direction_without_times``, from the
    texts alone."""
    import dataclasses

    from ..reuse import analyze_reuse

    results = rewrite_results(pairs, dated=dated)
    t0 = time.time()
    res = analyze_reuse(results, use_embeddings=use_embeddings)
    elapsed = time.time() - t0
    out = {"articles": len(results), "rewrite_pairs": len(pairs)}
    out.update(score_rewrites(pairs, res))
    if dated:
        undated = [dataclasses.replace(r, article=dataclasses.replace(r.article, published=None)) for r in results]
        out["direction_without_times"] = score_rewrites(pairs, analyze_reuse(undated, use_embeddings=use_embeddings))[
            "direction"]
    out.update({"seconds": round(elapsed, 1), "embeddings": use_embeddings})
    return out


def rewrite_results(pairs: list[RewritePair], dated: bool = False) -> list:
    """Originals and rewrites as pipeline results (sentences as built), for ``analyze_reuse``;
    ``dated`` gives each original a publication time six hours before its rewrite's."""
    import dataclasses

    from ..pipeline import ArticleResult

    results = []
    for k, p in enumerate(pairs):
        orig, rw = p.original, p.rewrite
        if dated:
            day = f"2016-{9 + k // 28:02d}-{1 + k % 28:02d}"
            orig = dataclasses.replace(orig, published=f"{day}T08:00:00+00:00")
            rw = dataclasses.replace(rw, published=f"{day}T14:00:00+00:00")
        results.append(ArticleResult(orig, p.original_sentences, []))
        results.append(ArticleResult(rw, p.rewrite_sentences, []))
    return results


def score_rewrites(pairs: list[RewritePair], res) -> dict:
    """Family pair P/R, link P/R/F1 and unsupported-sentence P/R of a reuse result
    against the labels the rewrites were built with."""
    # families
    fam_pairs = set()
    for f in res.families:
        for a, b in itertools.combinations(sorted(f.articles), 2):
            fam_pairs.add((a, b))
    gold_fam = {tuple(sorted((p.original.id, p.rewrite.id))) for p in pairs}
    fam = prf(len(fam_pairs & gold_fam), len(fam_pairs - gold_fam), len(gold_fam - fam_pairs))
    # links
    by_id = {p.original.id: p for p in pairs}
    by_id.update({p.rewrite.id: p for p in pairs})
    pred_links: set[tuple[str, int, int]] = set()
    fp_other = 0
    for ln in res.links:
        p = by_id.get(ln.a)
        if p is None or by_id.get(ln.b) is not p or ln.a == ln.b:
            fp_other += 1
            continue
        if ln.a == p.original.id:
            i, j = p.original_sentences.index(ln.a_span), p.rewrite_sentences.index(ln.b_span)
        else:
            i, j = p.original_sentences.index(ln.b_span), p.rewrite_sentences.index(ln.a_span)
        pred_links.add((p.original.id, i, j))
    gold_links = {(p.original.id, i, j) for p in pairs for i, j in p.gold_links}
    links = prf(len(pred_links & gold_links), len(pred_links - gold_links) + fp_other, len(gold_links - pred_links))
    # unsupported sentences
    flagged = {(s.article, s.span) for s in res.support if s.status == "unsupported"}
    gold_un: set[tuple[str, Span]] = set()
    for p in pairs:
        gold_un |= {(p.original.id, p.original_sentences[i]) for i in p.gold_unsupported_original}
        gold_un |= {(p.rewrite.id, p.rewrite_sentences[j]) for j in p.gold_unsupported_rewrite}
    unsup = prf(len(flagged & gold_un), len(flagged - gold_un), len(gold_un - flagged))
    added = {(p.rewrite.id, p.rewrite_sentences[j]) for p in pairs for j in p.gold_unsupported_rewrite}
    # direction: the rewrite's source is its original, and the original has none
    source = {s.article: s.source for s in getattr(res, "sources", [])}
    named = sum(1 for p in pairs if source.get(p.rewrite.id) == p.original.id and
                p.original.id in source and source[p.original.id] is None)
    return {"families_pairwise": fam, "links": links, "unsupported": unsup,
            "inserted_sentences_recall": round(len(flagged & added) / max(1, len(added)), 4),
            "direction": {"pairs": len(pairs), "source_named": named}}


# ---------------------------------------------------------------------------- ECB+
def read_ecb(path: Path) -> list[dict]:
    """ECB+ documents (``ecbplus_docs.jsonl``: doc, subtopic, text per line)."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _five_gram_containment(a: str, b: str) -> float:
    from ..reuse.candidates import shingles

    A, B = shingles(a, 5), shingles(b, 5)
    if not A or not B:
        return 0.0
    return len(A & B) / min(len(A), len(B))


def eval_ecb(ecb_dir: Path, use_embeddings: bool = True, limit: int | None = None) -> dict:
    """Predicted families against ECB+ event clusters (pairwise), and recall of the
    near-duplicate pairs (more than half of the shorter's word 5-grams shared); the
    documents are ``ecb_dir / "ecbplus_docs.jsonl"``."""
    from ..pipeline import ArticleResult
    from ..reuse import analyze_reuse

    docs = read_ecb(Path(ecb_dir) / ECB_DOCS)[:limit]
    results = []
    for d in docs:
        text = d["text"]
        spans, pos = [], 0
        for line in text.split("\n"):
            s = Span(pos, pos + len(line)).strip(text)
            if len(s):
                spans.append(s)
            pos += len(line) + 1
        results.append(ArticleResult(Article(id=d["doc"], origin="ecbplus", text=text), spans, []))
    t0 = time.time()
    res = analyze_reuse(results, use_embeddings=use_embeddings)
    elapsed = time.time() - t0
    cluster = {d["doc"]: d["subtopic"] for d in docs}
    text_of = {d["doc"]: d["text"] for d in docs}
    pred = set()
    for f in res.families:
        pred |= {tuple(sorted(p)) for p in itertools.combinations(f.articles, 2)}
    by_cluster: dict[str, list[str]] = {}
    for d in docs:
        by_cluster.setdefault(d["subtopic"], []).append(d["doc"])
    gold_cluster = {tuple(sorted(p)) for m in by_cluster.values() for p in itertools.combinations(m, 2)}
    near_dup = {p for p in gold_cluster if _five_gram_containment(text_of[p[0]], text_of[p[1]]) > 0.5}
    tp = len(pred & gold_cluster)
    return {"documents": len(docs), "families": len(res.families),
            "articles_in_families": sum(len(f.articles) for f in res.families),
            "pairwise_vs_event_clusters": prf(tp, len(pred - gold_cluster), len(gold_cluster - pred)),
            "near_duplicate_pairs": len(near_dup),
            "near_duplicate_recall": round(len(pred & near_dup) / max(1, len(near_dup)), 4),
            "seconds": round(elapsed, 1), "embeddings": use_embeddings}


# ---------------------------------------------------------------------------- CLI
def _data_dir(ap: argparse.ArgumentParser, value: Path | None, flag: str, example: str) -> Path:
    if value is None:
        ap.error(f"give {flag} PATH, e.g. {example}")
    if not value.is_dir():
        ap.error(f"{flag} {value}: no such folder")
    return value


def main(argv: list[str] | None = None) -> int:
    """Command line (``newstrace eval reuse``): print the numbers as JSON."""
    ap = argparse.ArgumentParser(
        prog="newstrace eval reuse", description="\n\n".join(__doc__.split("\n\n")[:2]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Synthetic PolNeAR rewrites (link F1, unsupported P/R), the tuning grids and the "
               "calibration fit are in the lab, outside the package: python -m evals.reuse "
               "rewrites|tune-support|tune-families|calibrate in a checkout. See docs/reuse.md.")
    ap.add_argument("what", nargs="?", default="all", choices=["msrp", "ecb", "ecb-sentences", "all"])
    ap.add_argument("--msrp", type=Path, metavar="DIR", help="MSRP folder (msr_paraphrase_test.txt), "
                                                              "for msrp and all")
    ap.add_argument("--ecb", type=Path, metavar="DIR", help="ECB+ folder (ecbplus_docs.jsonl, "
                                                             "ECBplus_coreference_sentences.csv, ECB+/), "
                                                             "for ecb, ecb-sentences and all")
    ap.add_argument("--lexical", action="store_true", help="without MiniLM embeddings")
    ap.add_argument("--limit", type=int, default=None, help="only the first N documents (ecb) or pairs "
                                                             "(ecb-sentences)")
    ap.add_argument("--out", type=Path, default=None, help="also write the numbers to this JSON file")
    args = ap.parse_args(argv)
    msrp = _data_dir(ap, args.msrp, "--msrp", "../shared/data/msrp") if args.what in ("msrp", "all") else None
    ecb = (_data_dir(ap, args.ecb, "--ecb", "../shared/data/ecbplus")
           if args.what in ("ecb", "ecb-sentences", "all") else None)
    report = measure(args.what, msrp, ecb, not args.lexical, args.limit)
    text = json.dumps(report, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


def measure(what: str, msrp_dir: Path | None, ecb_dir: Path | None, use_embeddings: bool = True,
            limit: int | None = None) -> dict:
    """The measurements of ``what`` (msrp, ecb, ecb-sentences, or all three) by report key."""
    report: dict = {}
    if what in ("msrp", "all"):
        report["msrp"] = eval_msrp(msrp_dir, use_embeddings)
    if what in ("ecb", "all"):
        report["ecbplus"] = eval_ecb(ecb_dir, use_embeddings, limit)
    if what in ("ecb-sentences", "all"):
        from .ecb_sentences import eval_ecb_sentences

        report["ecbplus_sentence_pairs"] = eval_ecb_sentences(ecb_dir, use_embeddings, limit)
    return report


if __name__ == "__main__":
    sys.exit(main())
