"""A run of ``newstrace analyze`` killed with SIGKILL at a random point, then re-run with the
same command, leaves the same store as an uninterrupted run; a complete store is never
re-analysed or duplicated, and ``--force`` re-analyses without duplicating.

Inputs are 30 real PolNeAR train articles cut to about 600 characters (two store batches of
16 and 14 articles, then the corpus stage), so the kill can land in the second batch, in the
corpus stage or in the final writes. The random seed is printed, and can be fixed with
NEWSTRACE_FAULT_SEED to replay a failure.
"""
from __future__ import annotations

import os
import random
import re
import signal

import pytest
from typer.testing import CliRunner

from newstrace.cli import app

from .conftest import cli, kill_at_random_point, store_fingerprint, trimmed_articles

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")


def _already(output: str) -> int:
    """The summary's "already in the store" count (0 when the row is absent)."""
    m = re.search(r"already in the store\D*?(\d+)", output)
    return int(m.group(1)) if m else 0


def _analysed_articles(output: str) -> int:
    m = re.search(r"\barticles\D*?(\d+)", output)
    assert m, output
    return int(m.group(1))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("interrupt_in")
    trimmed_articles(d, n=30)
    return d


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory):
    """The reference: one uninterrupted run into a fresh store (in this process)."""
    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    res = CliRunner().invoke(app, ["analyze", str(corpus), "--db", str(db), "--no-progress"])
    assert res.exit_code == 0, res.output
    fp = store_fingerprint(db)
    assert fp["counts"]["articles"] == 30
    return db, fp


def test_sigkill_then_rerun_equals_clean_run(corpus, clean, tmp_path):
    seed = int(os.environ.get("NEWSTRACE_FAULT_SEED", random.randrange(10**6)))
    rng = random.Random(seed)
    db = tmp_path / "killed.duckdb"
    args = ["analyze", corpus, "--db", db, "--no-progress"]
    hit = kill_at_random_point(args, db, tmp_path / "snap", rng, after_rows=True, max_delay=1.0)
    if not hit["killed"]:  # finished inside the random delay: kill the next run as soon as rows show
        db.unlink(missing_ok=True)
        db.with_name(db.name + ".wal").unlink(missing_ok=True)
        hit = kill_at_random_point(args, db, tmp_path / "snap", rng, after_rows=True, max_delay=0.0)
    print(f"seed={seed} kill={hit}")
    assert hit["killed"] and hit["returncode"] == -signal.SIGKILL

    after_kill = store_fingerprint(db)  # the file opens fine after the kill
    saved = after_kill["counts"]["articles"]
    assert 0 < saved <= 30
    # whatever was committed is whole: each stored article has its sentences
    assert {a for a, *_ in after_kill["sentences"]} == set(after_kill["ids"])

    rerun = cli(*args)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert _already(rerun.stdout) == saved  # the resumed run did not redo committed work
    assert store_fingerprint(db) == clean[1]


def test_rerun_on_complete_store_analyses_nothing_and_duplicates_nothing(corpus, clean, monkeypatch):
    import newstrace.runner as runner

    db, fp = clean
    called = []
    real = runner.analyze_article
    monkeypatch.setattr(runner, "analyze_article", lambda a: called.append(a.id) or real(a))
    res = CliRunner().invoke(app, ["analyze", str(corpus), "--db", str(db), "--no-progress"])
    assert res.exit_code == 0, res.output
    assert called == []
    assert _already(res.output) == 30 and _analysed_articles(res.output) == 30
    assert store_fingerprint(db) == fp


def test_force_reanalyses_without_duplicating(corpus, clean, monkeypatch):
    import newstrace.runner as runner

    db, fp = clean
    called = []
    real = runner.analyze_article
    monkeypatch.setattr(runner, "analyze_article", lambda a: called.append(a.id) or real(a))
    res = CliRunner().invoke(app, ["analyze", str(corpus), "--db", str(db), "--no-progress", "--force"])
    assert res.exit_code == 0, res.output
    assert len(called) == 30 and _already(res.output) == 0
    assert store_fingerprint(db) == fp


def test_corpus_stage_crash_keeps_per_article_work(corpus, clean, tmp_path, monkeypatch):
    """A failure in the cross-article stages comes after every article was committed: the
    re-run finds them all in the store and only redoes the corpus stage."""
    import newstrace.runner as runner

    db = tmp_path / "crashed.duckdb"

    def boom(results):
        raise RuntimeError("synthetic corpus-stage failure")

    with monkeypatch.context() as m:
        m.setattr(runner, "analyze_corpus", boom)
        res = CliRunner().invoke(app, ["analyze", str(corpus), "--db", str(db), "--no-progress"])
    assert res.exit_code != 0
    import gc
    gc.collect()  # the failed run's connection lives in this process: let it go first
    assert store_fingerprint(db)["counts"]["articles"] == 30
    res = CliRunner().invoke(app, ["analyze", str(corpus), "--db", str(db), "--no-progress"])
    assert res.exit_code == 0, res.output
    assert _already(res.output) == 30
    assert store_fingerprint(db) == clean[1]


@pytest.mark.xfail(strict=True, reason="an exception in analyze_corpus escapes run_analysis as a traceback; needs "
                                       "the runner to record it (e.g. code E910, 'corpus stage failed: ...; the "
                                       "per-article results are saved, re-run to retry') and the CLI to exit 1")
def test_corpus_stage_crash_gives_a_clear_message(tmp_path, monkeypatch):
    import newstrace.runner as runner

    one = tmp_path / "one"
    trimmed_articles(one, n=1)

    def boom(results):
        raise RuntimeError("synthetic corpus-stage failure")

    monkeypatch.setattr(runner, "analyze_corpus", boom)
    res = CliRunner().invoke(app, ["analyze", str(one), "--db", str(tmp_path / "c.duckdb"), "--no-progress"])
    assert res.exit_code in (1, 2)
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert "synthetic corpus-stage failure" in res.output
