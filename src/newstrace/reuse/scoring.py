"""The calibrated "same fact" model: logistic regression over sentence-pair features.

No NLI model can be had offline, so the decision "sentence b carries the facts of
sentence a" is a logistic regression over a handful of interpretable features
(:mod:`newstrace.reuse.features`), fitted on MSRP train with the threshold chosen on MSRP
train too (`python -m evals.reuse calibrate`), and measured on MSRP test. Two
models are kept: ``embed`` (with MiniLM cosine) and ``lexical`` (without, used when the
encoder is unavailable or switched off for scale). Weights live in ``calibration.json``
beside this file together with their provenance and scores.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .features import FEATURE_NAMES, LEXICAL_FEATURE_NAMES, MODEL_FEATURES

CALIBRATION_PATH = Path(__file__).with_name("calibration.json")


@dataclass(frozen=True, slots=True)
class SameFactModel:
    features: tuple[str, ...]
    weights: np.ndarray
    bias: float
    threshold: float
    mean: np.ndarray
    scale: np.ndarray

    def _columns(self, X: np.ndarray) -> np.ndarray:
        idx = [FEATURE_NAMES.index(f) for f in self.features]
        return X[..., idx]

    def proba(self, X: np.ndarray) -> np.ndarray:
        """P(same fact) for rows of full feature vectors (``FEATURE_NAMES`` order)."""
        X = np.asarray(X, dtype=np.float64)
        if X.size == 0:
            return np.zeros(X.shape[:-1])
        Z = (self._columns(X) - self.mean) / self.scale
        return 1.0 / (1.0 + np.exp(-(Z @ self.weights + self.bias)))

    def to_json(self) -> dict:
        return {"features": list(self.features), "weights": [float(w) for w in self.weights],
                "bias": float(self.bias), "threshold": float(self.threshold),
                "mean": [float(x) for x in self.mean], "scale": [float(x) for x in self.scale]}

    @classmethod
    def from_json(cls, d: dict) -> "SameFactModel":
        return cls(tuple(d["features"]), np.asarray(d["weights"], dtype=np.float64), float(d["bias"]),
                   float(d["threshold"]), np.asarray(d["mean"], dtype=np.float64),
                   np.asarray(d["scale"], dtype=np.float64))


def _fallback(kind: str) -> SameFactModel:
    """Used only when calibration.json is missing (a broken install): a conservative
    hand-set model so the pipeline degrades instead of failing."""
    feats = MODEL_FEATURES if kind == "embed" else LEXICAL_FEATURE_NAMES
    w = {"cosine": 6.0, "cover_a": 4.0, "number_cover_a": 0.5, "number_clash": -1.0,
         "name_cover_a": 0.5, "quote_cover_a": 0.5}
    bias = -6.5 if kind == "embed" else -3.0
    n = len(feats)
    return SameFactModel(tuple(feats), np.array([w[f] for f in feats]), bias, 0.5,
                         np.zeros(n), np.ones(n))


@functools.lru_cache(maxsize=4)
def load_model(kind: str = "embed", path: str | None = None) -> SameFactModel:
    """The calibrated model ``kind`` ('embed' or 'lexical')."""
    p = Path(path) if path else CALIBRATION_PATH
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        return SameFactModel.from_json(data["models"][kind])
    except (OSError, KeyError, ValueError):
        return _fallback(kind)
