"""The sentence encoder: the fused ONNX export gives sentence-transformers' vectors, and a
missing or stale export falls back instead of failing."""
import json
import shutil

import numpy as np
import pytest

from newstrace.reuse import embed
from newstrace.reuse.encoder_export import ENCODER_DIR, META_NAME, ONNX_NAME, export_encoder

TEXTS = ["The minister said the talks would continue next week in Brussels.",
         "“We confirmed our support,” the CoS declared.", "", "x", "Ünïcödé — ‘quotes’ 😀",
         " ".join(["A very long sentence that the tokenizer must cut at 256 pieces."] * 50)]


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("encoder")
    meta = export_encoder(out)
    assert (out / ONNX_NAME).stat().st_size == meta["bytes"]
    return out


def test_embed_onnx_export_gives_sentence_transformers_vectors(exported):
    onnx = embed.OnnxSentenceEncoder(exported).encode(TEXTS, batch_size=4)
    ref = embed.load_encoder("torch").encode(TEXTS, batch_size=4)
    assert onnx.shape == ref.shape == (len(TEXTS), 384)
    assert np.abs(onnx - ref).max() < 1e-4
    assert np.allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-5)


def test_embed_stale_export_is_refused(exported, tmp_path):
    stale = tmp_path / "stale"
    shutil.copytree(exported, stale)
    meta = json.loads((stale / META_NAME).read_text())
    meta["weights_sha256"] = "0" * 64
    (stale / META_NAME).write_text(json.dumps(meta))
    with pytest.raises(ValueError, match="other MiniLM weights"):
        embed.OnnxSentenceEncoder(stale)


def test_embed_default_backend_is_onnx_when_installed():
    if not (ENCODER_DIR / META_NAME).exists():
        pytest.skip("no encoder export in this checkout (make install writes it)")
    assert isinstance(embed.load_encoder(), embed.OnnxSentenceEncoder)
    assert embed.encode([]).shape == (0, 384)


def test_embed_truncated_export_is_refused(exported, tmp_path):
    cut = tmp_path / "cut"
    shutil.copytree(exported, cut)
    blob = (cut / ONNX_NAME).read_bytes()
    (cut / ONNX_NAME).write_bytes(blob[: len(blob) // 2])
    with pytest.raises(ValueError, match="bytes"):
        embed.OnnxSentenceEncoder(cut)
