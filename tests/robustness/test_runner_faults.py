"""A failing or hanging article never stops the batch, and nothing is lost."""
from __future__ import annotations

import time

import newstrace.pipeline as pipeline
import newstrace.runner as runner
from newstrace.options import Options
from newstrace.pipeline import ArticleResult

TEXT = "The minister said the talks would go on. “We will continue,” she added.\n"


def _inputs(tmp_path, n=3):
    for i in range(n):
        (tmp_path / f"a{i}.txt").write_text(TEXT + f"Story number {i}.\n", encoding="utf-8")
    return [tmp_path]


def test_runner_hanging_article_is_stopped_and_kept(tmp_path, monkeypatch):
    real = pipeline.analyze_article

    def slow_on_a1(article, *stages):
        if article.id == "a1":
            while True:  # a pathological input that never finishes
                time.sleep(0.01)
        return real(article, *stages)

    monkeypatch.setattr(pipeline, "analyze_article", slow_on_a1)
    t0 = time.monotonic()
    s = runner.run_analysis(_inputs(tmp_path), out_dir=tmp_path / "out", options=Options(time_limit=0.5))
    assert time.monotonic() - t0 < 60
    assert [a["id"] for a in s.tables["articles"]] == ["a0", "a1", "a2"]
    assert len(s.errors) == 1 and s.errors[0]["code"] == "E901" and "a1" in s.errors[0]["error"]


def test_runner_crashing_stage_is_reported_and_batch_goes_on(tmp_path, monkeypatch):
    real = pipeline.analyze_article

    def boom_on_a0(article, *stages):
        if article.id == "a0":
            raise RuntimeError("synthetic stage failure")
        return real(article, *stages)

    monkeypatch.setattr(pipeline, "analyze_article", boom_on_a0)
    s = runner.run_analysis(_inputs(tmp_path), out_dir=tmp_path / "out")
    assert [a["id"] for a in s.tables["articles"]] == ["a0", "a1", "a2"]
    assert [e["code"] for e in s.errors] == ["E900"] and "synthetic stage failure" in s.errors[0]["error"]
    assert (tmp_path / "out" / "errors.jsonl").read_text().count("\n") == 1


def test_runner_time_limit_restores_signal_handler():
    import signal
    before = signal.getsignal(signal.SIGALRM)
    with pipeline.time_limit(5):
        pass
    assert signal.getsignal(signal.SIGALRM) == before
    assert isinstance(runner.ArticleResult, type) and ArticleResult is runner.ArticleResult


def test_runner_output_dir_unwritable_fails_fast_with_clear_error(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from newstrace.cli import app
    blocker = tmp_path / "file_not_dir"
    blocker.write_text("x")
    called = []
    monkeypatch.setattr(pipeline, "analyze_article", lambda a, *s: called.append(a) or ArticleResult(article=a))
    res = CliRunner().invoke(app, ["analyze", str(_inputs(tmp_path, 1)[0]), "--out", str(blocker / "out"), "--no-progress"])
    assert res.exit_code == 2
    assert "cannot write to" in res.output and "Traceback" not in res.output
    assert not called  # failed before analysing anything


def test_runner_write_failure_keeps_previous_files(tmp_path, monkeypatch):
    import pytest
    out = tmp_path / "out"
    (tmp_path / "in").mkdir()
    runner.run_analysis(_inputs(tmp_path / "in", 1), out_dir=out)
    before = (out / "articles.jsonl").read_text()
    real_dumps = runner.json.dumps
    calls = {"n": 0}

    def failing_dumps(obj, **kw):
        calls["n"] += 1
        if calls["n"] > 1:
            raise OSError(28, "No space left on device")
        return real_dumps(obj, **kw)

    monkeypatch.setattr(runner.json, "dumps", failing_dumps)
    with pytest.raises(runner.OutputError, match="disk full"):
        runner.run_analysis([tmp_path / "in"], out_dir=out)
    monkeypatch.undo()
    assert (out / "articles.jsonl").read_text() == before
    assert not list(out.glob(".*.tmp"))


def test_runner_failing_corpus_stage_keeps_per_article_results(tmp_path, monkeypatch):
    def broken_corpus(results, **kw):
        raise ValueError("synthetic corpus failure")

    monkeypatch.setattr(runner, "analyze_corpus", broken_corpus)
    s = runner.run_analysis(_inputs(tmp_path), out_dir=tmp_path / "out")
    assert [a["id"] for a in s.tables["articles"]] == ["a0", "a1", "a2"]
    assert [e["code"] for e in s.errors] == ["E910"] and "synthetic corpus failure" in s.errors[0]["error"]
    assert (tmp_path / "out" / "articles.jsonl").read_text().count("\n") == 3
