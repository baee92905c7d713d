"""The shipped tagger through attribute(): contract, odd input, missing/corrupt artifact."""
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstrace.attribution import attribute
from newstrace.attribution.runtime import MODEL_DIR, ModelArtifactError, Tagger
from newstrace.model import ATTRIBUTION_KINDS, Article


def _check(article, atts):
    for n, a in enumerate(atts, start=1):
        assert a.id == f"{article.id}:a{n}" and a.article == article.id
        assert a.kind in ATTRIBUTION_KINDS
        for sp in (a.source, a.cue, a.content):
            if sp is not None:
                assert 0 <= sp.start < sp.end <= len(article.text)
        rec = a.to_record(article.text)
        assert rec["content"]["text"] == article.text[a.content.start:a.content.end]


def test_attribution_model_finds_reported_speech_and_quotes():
    text = ("The mayor said on Monday that taxes would not rise next year.\n\n"
            "“We have balanced the budget,” Smith told reporters. “Nobody will pay more.”")
    art = Article("doc", "", text)
    atts = attribute(art)
    _check(art, atts)
    found = {(text[a.source.start:a.source.end] if a.source else None, text[a.cue.start:a.cue.end] if a.cue else None,
              a.kind) for a in atts}
    assert ("The mayor", "said", "indirect") in found
    direct = [a for a in atts if a.kind == "direct"]
    assert direct and text[direct[0].source.start:direct[0].source.end] == "Smith"


def test_attribution_model_empty_and_blank():
    assert attribute(Article("e", "", "")) == []
    assert attribute(Article("e", "", " \n\t ")) == []


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.one_of(st.sampled_from(list("“”‘’\"' \n.,said")), st.characters()), max_size=300))
def test_attribution_model_never_crashes(text):
    art = Article("h", "", text)
    _check(art, attribute(art))


def test_attribution_model_long_text_uses_windows():
    text = ("Officials said the plan would work. " * 200).strip()
    art = Article("long", "", text)
    atts = attribute(art)
    _check(art, atts)
    assert len(atts) >= 150


def test_attribution_model_missing_artifact_names_file(tmp_path):
    shutil.copy(MODEL_DIR / "tagger.json", tmp_path / "tagger.json")
    with pytest.raises(ModelArtifactError, match="tagger.int8.onnx"):
        Tagger(tmp_path)
    with pytest.raises(ModelArtifactError, match="tagger.json"):
        Tagger(tmp_path / "nowhere")


def test_attribution_model_corrupt_artifact_is_detected(tmp_path):
    shutil.copy(MODEL_DIR / "tagger.json", tmp_path / "tagger.json")
    (tmp_path / "tagger.int8.onnx").write_bytes(b"not a model")
    with pytest.raises(ModelArtifactError, match="corrupt"):
        Tagger(tmp_path)
    with pytest.raises(ModelArtifactError, match="could not be loaded"):
        Tagger(tmp_path, verify=False)


def test_attribution_model_lone_surrogates_do_not_crash():
    text = "The mayor said \ud800 taxes would rise.\udfff"
    art = Article("s", "", text)
    _check(art, attribute(art))


def test_attribution_tagger_threads_from_the_environment(monkeypatch):
    import pytest

    from newstrace.attribution.runtime import tagger_threads

    monkeypatch.delenv("NEWSTRACE_TAGGER_THREADS", raising=False)
    assert tagger_threads() is None
    monkeypatch.setenv("NEWSTRACE_TAGGER_THREADS", "1")
    assert tagger_threads() == 1
    monkeypatch.setenv("NEWSTRACE_TAGGER_THREADS", "two")
    with pytest.raises(ValueError, match="whole number"):
        tagger_threads()
