"""CPU inference for the attribution tagger: int8 ONNX on onnxruntime, ``tokenizers`` word pieces.

The model is loaded once per process, on first use, under a lock (:func:`get_tagger`).
A missing or corrupt artifact raises :class:`ModelArtifactError` naming the file.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

import numpy as np

from ..errors import ModelArtifactError
from .tagging import LABELS, Encoded, batch_inputs, encode, load_tokenizer, merge_windows, windows

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "attribution"



class Tagger:
    """Word-piece label scores for whole documents."""

    def __init__(self, model_dir: str | Path = MODEL_DIR, threads: int | None = None, verify: bool = True):
        model_dir = Path(model_dir)
        meta_path = model_dir / "tagger.json"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise ModelArtifactError(f"attribution model metadata {meta_path} is missing or unreadable ({e}); "
                                     "reinstall newstrace or re-run `python -m newstrace.attribution.export`") from e
        if tuple(meta.get("labels", ())) != LABELS:
            raise ModelArtifactError(f"{meta_path} lists labels {meta.get('labels')}, expected {list(LABELS)}")
        path = model_dir / meta["file"]
        try:
            blob = path.read_bytes()
        except OSError as e:
            raise ModelArtifactError(f"attribution model {path} is missing ({e}); reinstall newstrace or re-run "
                                     "`python -m newstrace.attribution.export`") from e
        if verify and hashlib.sha256(blob).hexdigest() != meta.get("sha256"):
            raise ModelArtifactError(f"attribution model {path} is corrupt: its sha256 does not match {meta_path}")
        import onnxruntime as ort

        opts = ort.SessionOptions()
        if threads:
            opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        # No busy-waiting between ops: on a shared 2-core machine spinning threads burned ~25%
        # more CPU time per window for no gain in wall time.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        try:
            self.session = ort.InferenceSession(blob, sess_options=opts, providers=["CPUExecutionProvider"])
        except Exception as e:  # onnxruntime raises its own Fail/InvalidProtobuf types
            raise ModelArtifactError(f"attribution model {path} could not be loaded by onnxruntime: {e}") from e
        self.window = int(meta["window"])
        self.stride = int(meta["stride"])
        self.case_types = bool(meta.get("case_types", False))
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.tokenizer = load_tokenizer()

    def encode(self, text: str) -> Encoded:
        return encode(self.tokenizer, text)

    def scores(self, enc: Encoded, batch: int = 16) -> np.ndarray:
        """Label scores (pieces, labels) for an encoded document."""
        n = len(enc)
        if n == 0:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        wins = windows(n, self.window - 2, self.stride)
        parts = []
        for b in range(0, len(wins), batch):
            x, m, t = batch_inputs(enc.ids, wins[b:b + batch], enc.upper if self.case_types else None)
            feed = {"input_ids": x, "attention_mask": m}
            if "token_type_ids" in self.inputs:
                feed["token_type_ids"] = t
            lo = self.session.run(["logits"], feed)[0]
            parts.append(np.pad(lo, ((0, 0), (0, self.window - lo.shape[1]), (0, 0))))
        return merge_windows(n, wins, np.concatenate(parts))


_TAGGER: Tagger | None = None
_LOCK = threading.Lock()


def tagger_threads() -> int | None:
    """``NEWSTRACE_TAGGER_THREADS`` as a number of threads, None when unset (ONNX's default)."""
    raw = os.environ.get("NEWSTRACE_TAGGER_THREADS", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"NEWSTRACE_TAGGER_THREADS must be a whole number of threads >= 1, not {raw!r}")
    return int(raw)


def get_tagger() -> Tagger:
    """The process-wide tagger, loaded on first call (thread-safe)."""
    global _TAGGER
    if _TAGGER is None:
        with _LOCK:
            if _TAGGER is None:
                # NEWSTRACE_ATTRIBUTION_MODEL_DIR points at another copy of the model folder;
                # NEWSTRACE_TAGGER_THREADS caps ONNX Runtime's threads (default: every core),
                # e.g. 1 per Spark executor core so the workers of one machine share it fairly.
                _TAGGER = Tagger(os.environ.get("NEWSTRACE_ATTRIBUTION_MODEL_DIR") or MODEL_DIR,
                                 threads=tagger_threads())
    return _TAGGER
