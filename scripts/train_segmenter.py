"""Train the line classifier of aggregator-page splitting (``newstrace.ingest.segment_model``)
and export it to ``src/newstrace/models/segmenter/`` (ONNX + metadata).

Reproduce the shipped model (about 7 minutes on 2 cores; 429 s for the shipped one):

    .venv/bin/python scripts/train_segmenter.py

Only PolNeAR *train* is read (``--polnear``, by default ``../shared/data/polnear`` beside the
checkout): pages in 1,000 random layouts (``evals.segmentation.random_layout``, layout seed
20001, 2 pages each), the hand-written tuning pages (seed 13), and the 840 train articles in
each single-article variant of ``NEGATIVE_VARIANTS`` (labelled title + body, so they must
stay whole). The title
threshold is chosen on train pages of another layout seed (30001) under the rule "no train
negative split". Needs the ``train`` extra (scikit-learn, skl2onnx, onnx).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root, for the lab
from evals import segmentation as S  # noqa: E402  (the lab's page generators)
from newstrace.ingest import segment_model as M  # noqa: E402
from newstrace.ingest.segment import Segment  # noqa: E402

OUT = M.MODEL_DIR
# layout seeds that evaluation groups use; training and threshold seeds must differ from them
EVAL_SEEDS = {8001, 9001, 9101, 9201, 9301, 9401, 9501}


def gold_labels(lines: list[M.PageLine], gold: list[Segment]) -> list[int]:
    labs = []
    for ln in lines:
        lab = M.NONE
        for seg in gold:
            t = seg.title
            if t is not None and t.start <= ln.start < t.end:
                lab = M.TITLE if ln.start == t.start else M.TCONT
                break
            if seg.body.start <= ln.start < seg.body.end:
                lab = M.BODY
                break
        labs.append(lab)
    return labs


def negative_pages(articles) -> list[tuple[str, list[M.PageLine], list[int]]]:
    """Single articles as pages that must stay whole: the headline line is a title, the rest body."""
    out = []
    for name, render in S.NEGATIVE_VARIANTS.items():
        for a in articles:
            text = render(a)
            lines = M.page_lines(text)
            headline = not name.startswith("body_only")
            out.append((text, lines, [M.TITLE if (i == 0 and headline) else M.BODY for i in range(len(lines))]))
    return out


def export_onnx(model, sample: np.ndarray):
    """The fitted classifier as ONNX (probabilities as a plain tensor, no ZipMap).

    Works around a bug in skl2onnx 1.20: for a leaf of a HistGradientBoosting tree it
    appends the Python bool ``False`` to the integer attribute
    ``nodes_missing_value_tracks_true``, which current onnx/protobuf reject ("Expected an
    int, got a boolean"). During this export only, the function that fills the attributes is
    wrapped so that the list holds ints; the values are the same. The caller checks ONNX
    against scikit-learn on 5,000 lines."""
    from unittest import mock

    from skl2onnx import to_onnx
    from skl2onnx.operator_converters import random_forest

    original = random_forest.add_tree_to_attribute_pairs_hist_gradient_boosting

    def as_ints(attr_pairs, *args, **kwargs):
        out = original(attr_pairs, *args, **kwargs)
        key = "nodes_missing_value_tracks_true"
        attr_pairs[key] = [int(v) for v in attr_pairs[key]]
        return out

    with mock.patch.object(random_forest, "add_tree_to_attribute_pairs_hist_gradient_boosting", as_ints):
        return to_onnx(model, sample, options={id(model): {"zipmap": False}},
                       target_opset={"": 17, "ai.onnx.ml": 3})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear", type=Path, default=S.DEFAULT_POLNEAR)
    ap.add_argument("--layouts", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20001, help="layout seed of the training pages")
    ap.add_argument("--val-seed", type=int, default=30001, help="layout seed of the threshold pages")
    ap.add_argument("--iters", type=int, default=150)
    ap.add_argument("--body-keep", type=float, default=0.15,
                    help="share of plain body lines kept (those 3+ lines from any other class)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--build", type=Path, default=Path("build/segmenter"),
                    help="where the fitted scikit-learn model is pickled (not shipped)")
    args = ap.parse_args()
    if {args.seed, args.val_seed} & EVAL_SEEDS:
        ap.error(f"seeds {sorted(EVAL_SEEDS)} are evaluation seeds")
    from sklearn import __version__ as sk_version
    from sklearn.ensemble import HistGradientBoostingClassifier

    t_all = time.time()
    train = S.load_polnear("train", args.polnear)
    pages = S.random_pages(train, args.layouts, 2, args.seed) + S.tuning_pages(train, 40, 13)
    negs = negative_pages(train)
    X, y = [], []
    for p in pages:
        lines = M.page_lines(p.text)
        X.append(M.page_features(p.text, lines))
        y.append(gold_labels(lines, p.gold))
    for text, lines, labs in negs:
        X.append(M.page_features(text, lines))
        y.append(labs)
    X, y = np.vstack(X), np.concatenate(y)
    t_feat = time.time() - t_all
    print(f"features {X.shape} in {t_feat:.0f} s", flush=True)
    rng = np.random.default_rng(0)
    near = np.convolve((y != M.BODY).astype(int), np.ones(5, int), mode="same") > 0
    keep = near | (rng.random(len(y)) < args.body_keep)
    n_lines = len(y)
    X, y = X[keep], y[keep]
    t0 = time.time()
    model = HistGradientBoostingClassifier(max_iter=args.iters, learning_rate=0.1, max_leaf_nodes=31,
                                           min_samples_leaf=20, l2_regularization=1.0, random_state=0,
                                           early_stopping=False)
    model.fit(X, y)
    t_fit = time.time() - t0
    print(f"fit in {t_fit:.0f} s", flush=True)

    # threshold: train pages of another layout seed, and no train negative split
    val = S.random_pages(train, 150, 2, args.val_seed)
    val_in = [(p, M.page_lines(p.text)) for p in val]
    val_p = [model.predict_proba(M.page_features(p.text, ls)) for p, ls in val_in]
    neg_p = [(ls, model.predict_proba(M.page_features(t, ls))) for t, ls, _ in negs]
    grid = {}
    for thr in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        exact = 0
        for (p, ls), pr in zip(val_in, val_p):
            d = M.decode(ls, pr, thr)
            pred = [Segment(b, t) for t, b in d] if d else None
            exact += pred == p.gold
        grid[thr] = (exact, sum(M.decode(ls, pr, thr) is not None for ls, pr in neg_p))
    ok = [t for t, (_, nsplit) in grid.items() if nsplit == 0] or list(grid)
    thr = max(ok, key=lambda t: (grid[t][0], -abs(t - 0.5)))
    print("threshold grid (exact of 300 val pages, train negatives split):", grid, "->", thr, flush=True)

    import pickle

    args.build.mkdir(parents=True, exist_ok=True)
    (args.build / "model.pkl").write_bytes(pickle.dumps((model, thr, grid)))
    from skl2onnx import __version__ as skl2onnx_version

    onx = export_onnx(model, X[:1])
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "segmenter.onnx"
    path.write_bytes(onx.SerializeToString())
    M._session.cache_clear()
    M.model_info.cache_clear()
    probe = X[rng.choice(len(X), size=min(5000, len(X)), replace=False)]
    diff = float(np.abs(M.predict_proba(probe) - model.predict_proba(probe)).max())
    print(f"onnx vs sklearn max |p| difference on 5,000 lines: {diff:.2e}", flush=True)
    info = {
        "artifact": "segmenter.onnx",
        "bytes": path.stat().st_size,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "n_features": int(X.shape[1]),
        "classes": ["title", "title_continuation", "body", "no_article"],
        "threshold": thr,
        "min_gap": 200,
        "min_articles": 3,
        "train_command": "python scripts/train_segmenter.py " + " ".join(
            f"--{k.replace('_', '-')} {v}" for k, v in vars(args).items() if k not in ("polnear", "out", "build")),
        "train_data": {"split": "PolNeAR train (../shared/data/polnear/train), 840 articles",
                       "random_layout_pages": len(pages) - 1200, "tuning_pages": 1200,
                       "negative_pages": len(negs), "lines": n_lines, "lines_kept": int(len(y))},
        "model": f"sklearn HistGradientBoostingClassifier(max_iter={args.iters}, learning_rate=0.1, "
                 "max_leaf_nodes=31, min_samples_leaf=20, l2_regularization=1.0, random_state=0)",
        "threshold_grid_val": {str(k): v for k, v in grid.items()},
        "onnx_max_abs_diff": diff,
        "versions": {"scikit-learn": sk_version, "skl2onnx": skl2onnx_version, "python": platform.python_version()},
        "seconds": {"features": round(t_feat), "fit": round(t_fit), "total": round(time.time() - t_all)},
    }
    (args.out / "segmenter.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(info, indent=1))


if __name__ == "__main__":
    main()
