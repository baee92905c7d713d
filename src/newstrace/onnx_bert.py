"""Export a MiniLM (BERT-shaped) torch module to ONNX and fuse it for onnxruntime on the CPU.

Shared by the attribution tagger's export (:mod:`newstrace.attribution.export`) and the
sentence encoder's (:mod:`newstrace.reuse.encoder_export`). Needs torch and onnx (export
only); the exported graphs run on onnxruntime alone.
"""
from __future__ import annotations

from pathlib import Path

INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")


def export_onnx(module, path: Path, output_name: str) -> None:
    """``module(input_ids, attention_mask, token_type_ids) -> tensor`` to ONNX (opset 17),
    batch and sequence axes dynamic. Export the model with eager attention so the
    optimizer can recognise and fuse the attention pattern."""
    import torch

    x = torch.randint(1000, 2000, (2, 32))
    axes = {"batch": 0, "seq": 1}
    torch.onnx.export(module, (x, torch.ones_like(x), torch.zeros_like(x)), str(path),
                      input_names=list(INPUT_NAMES), output_names=[output_name], opset_version=17, dynamo=False,
                      dynamic_axes={n: {i: a for a, i in axes.items()} for n in (*INPUT_NAMES, output_name)})


def fuse_bert(src: Path, dst: Path, num_heads: int = 12, hidden_size: int = 384) -> None:
    """onnxruntime's transformer optimizer: fused Attention, BiasGelu and SkipLayerNorm
    (about 1.6-1.8x less CPU time than the plain export, same outputs). The embedding
    layer norm is left unfused so that the embedding Gather can still be quantised."""
    from onnxruntime.transformers.fusion_options import FusionOptions
    from onnxruntime.transformers.optimizer import optimize_model

    options = FusionOptions("bert")
    options.enable_embed_layer_norm = False
    optimize_model(str(src), model_type="bert", num_heads=num_heads, hidden_size=hidden_size,
                   optimization_options=options).save_model_to_file(str(dst))
