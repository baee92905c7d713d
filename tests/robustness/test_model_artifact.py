"""A corrupt, truncated or missing attribution model gives a clear error naming the file.

The loader (:class:`newstrace.attribution.runtime.Tagger`) takes the model folder as an
argument, so each case copies the shipped artifact into a temporary folder, damages the
copy, and loads that: the shipped files are never touched. The end-to-end case also checks
the worst outcome cannot happen: a broken model must not let ``analyze`` store articles
silently without attributions.
"""
from __future__ import annotations

import gc
import hashlib
import json
import shutil
from pathlib import Path

import pytest

runtime = pytest.importorskip("newstrace.attribution.runtime")
ModelArtifactError = runtime.ModelArtifactError


def _meta() -> dict:
    return json.loads((runtime.MODEL_DIR / "tagger.json").read_text(encoding="utf-8"))


@pytest.fixture()
def model_copy(tmp_path) -> Path:
    """A private copy of the shipped model folder (metadata + ONNX file)."""
    if not (runtime.MODEL_DIR / "tagger.json").is_file():
        pytest.skip(f"no attribution model in {runtime.MODEL_DIR}")
    dest = tmp_path / "attribution"
    dest.mkdir()
    meta = _meta()
    shutil.copy(runtime.MODEL_DIR / "tagger.json", dest / "tagger.json")
    shutil.copy(runtime.MODEL_DIR / meta["file"], dest / meta["file"])
    return dest


def _onnx(folder: Path) -> Path:
    return folder / _meta()["file"]


def _rewrite_sha(folder: Path) -> None:
    """Make the metadata agree with the (damaged) file, so the loader must catch it by loading."""
    meta = json.loads((folder / "tagger.json").read_text(encoding="utf-8"))
    meta["sha256"] = hashlib.sha256(_onnx(folder).read_bytes()).hexdigest()
    (folder / "tagger.json").write_text(json.dumps(meta), encoding="utf-8")


def test_model_copy_loads(model_copy):
    """Control: the undamaged copy loads, so the failures below are caused by the damage."""
    tagger = runtime.Tagger(model_copy, threads=1)
    enc = tagger.encode("“We will go on,” the minister said.")
    assert tagger.scores(enc).shape == (len(enc), len(runtime.LABELS))


@pytest.mark.parametrize("keep", [0, 100, 0.5])
def test_truncated_model_is_named(model_copy, keep):
    path = _onnx(model_copy)
    blob = path.read_bytes()
    path.write_bytes(blob[:int(len(blob) * keep) if isinstance(keep, float) else keep])
    with pytest.raises(ModelArtifactError, match="corrupt") as e:
        runtime.Tagger(model_copy)
    assert str(path) in str(e.value)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "flipped"])
def test_damaged_model_with_matching_checksum_is_named(model_copy, damage):
    """Even when the checksum is made to match, onnxruntime's refusal comes back naming the file."""
    path = _onnx(model_copy)
    blob = bytearray(path.read_bytes())
    if damage == "truncated":
        blob = blob[: len(blob) // 3]
    elif damage == "garbage":
        blob = bytearray(b"\x8f not a protobuf \xff" * 1000)
    else:  # flip the bytes of the protobuf header region
        blob[:64] = bytes(b ^ 0xFF for b in blob[:64])
    path.write_bytes(bytes(blob))
    _rewrite_sha(model_copy)
    with pytest.raises(ModelArtifactError) as e:
        runtime.Tagger(model_copy)
    assert str(path) in str(e.value)


def test_unverified_garbage_model_is_named(model_copy):
    path = _onnx(model_copy)
    path.write_bytes(b"\x00\x01garbage" * 64)
    with pytest.raises(ModelArtifactError) as e:
        runtime.Tagger(model_copy, verify=False)
    assert str(path) in str(e.value)


@pytest.mark.parametrize("what", ["missing-model", "missing-meta", "bad-json", "wrong-labels"])
def test_missing_or_bad_metadata_is_named(model_copy, what):
    meta_path = model_copy / "tagger.json"
    named = meta_path
    if what == "missing-model":
        named = _onnx(model_copy)
        named.unlink()
    elif what == "missing-meta":
        meta_path.unlink()
    elif what == "bad-json":
        meta_path.write_text('{"labels": ["O", ', encoding="utf-8")
    else:
        meta = _meta()
        meta["labels"] = ["O", "B-X"]
        meta_path.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelArtifactError) as e:
        runtime.Tagger(model_copy)
    assert str(named) in str(e.value)


# --------------------------------------------------------------------------- through the CLI

def _point_loader_at(monkeypatch, folder: Path) -> None:
    """Point the process-wide loader at another model folder, as a user would."""
    monkeypatch.setenv("NEWSTRACE_ATTRIBUTION_MODEL_DIR", str(folder))
    monkeypatch.setattr(runtime, "_TAGGER", None)


def _analyze_with_corrupt_model(tmp_path, model_copy, monkeypatch):
    from typer.testing import CliRunner

    from newstrace.cli import app
    path = _onnx(model_copy)
    path.write_bytes(path.read_bytes()[:1000])
    _point_loader_at(monkeypatch, model_copy)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("“We will go on,” the minister said on Monday.", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    res = CliRunner().invoke(app, ["analyze", str(tmp_path / "in"), "--db", str(db), "--no-progress"])
    return res, db, path


def test_corrupt_model_never_stores_articles_without_findings(tmp_path, model_copy, monkeypatch):
    from newstrace.store import Store
    res, db, _ = _analyze_with_corrupt_model(tmp_path, model_copy, monkeypatch)
    assert res.exit_code != 0
    gc.collect()  # the failed run's connection lives in this process: let it go first
    if db.exists():
        with Store(db) as s:
            assert s.counts()["articles"] == 0


def test_corrupt_model_cli_message_names_file(tmp_path, model_copy, monkeypatch):
    res, _, path = _analyze_with_corrupt_model(tmp_path, model_copy, monkeypatch)
    assert res.exit_code == 2
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert str(path) in res.output.replace("\n", "")
