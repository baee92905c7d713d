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


def _differences(got: dict, want: dict) -> dict:
    """What differs between two store fingerprints, small enough to read in a failure."""
    out = {t: (got["counts"][t], n) for t, n in want["counts"].items() if got["counts"].get(t) != n}
    for key in ("ids", "contents", "sentences"):
        extra, missing = set(got[key]) - set(want[key]), set(want[key]) - set(got[key])
        if extra or missing:
            out[key] = {"extra": sorted(extra)[:3], "missing": sorted(missing)[:3]}
    return out


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
    assert _differences(store_fingerprint(db), clean[1]) == {}


def test_rerun_on_complete_store_analyses_nothing_and_duplicates_nothing(corpus, clean, monkeypatch):
    import newstrace.pipeline as pipeline

    db, fp = clean
    called = []
    real = pipeline.analyze_article
    monkeypatch.setattr(pipeline, "analyze_article", lambda a, *s: called.append(a.id) or real(a, *s))
    res = CliRunner().invoke(app, ["analyze", str(corpus), "--db", str(db), "--no-progress"])
    assert res.exit_code == 0, res.output
    assert called == []
    assert _already(res.output) == 30 and _analysed_articles(res.output) == 30
    assert _differences(store_fingerprint(db), fp) == {}


@pytest.fixture(scope="module")
def forced_crash_then_rerun(corpus, clean, tmp_path_factory):
    """``--force`` over a copy of the complete store with the cross-article stages raising,
    then the plain command again with them working (one forced run serves both checks)."""
    import gc
    import shutil

    import newstrace.pipeline as pipeline
    import newstrace.runner as runner

    db = tmp_path_factory.mktemp("forced") / "forced.duckdb"
    shutil.copyfile(clean[0], db)
    wal = clean[0].with_name(clean[0].name + ".wal")
    if wal.exists():
        shutil.copyfile(wal, db.with_name(db.name + ".wal"))
    called: list[str] = []
    real = pipeline.analyze_article

    def boom(results, **kw):
        raise RuntimeError("synthetic corpus-stage failure")

    mp = pytest.MonkeyPatch()
    mp.setattr(pipeline, "analyze_article", lambda a, *s: called.append(a.id) or real(a, *s))
    mp.setattr(runner, "analyze_corpus", boom)
    try:
        crashed = CliRunner().invoke(app, ["analyze", str(corpus), "--db", str(db), "--no-progress", "--force"])
    finally:
        mp.undo()
    gc.collect()  # a failed run's connection may live on in this process: let it go first
    after_crash = store_fingerprint(db)
    rerun = CliRunner().invoke(app, ["analyze", str(corpus), "--db", str(db), "--no-progress"])
    return {"called": called, "crashed": crashed, "after_crash": after_crash, "rerun": rerun,
            "final": store_fingerprint(db)}


PER_ARTICLE_TABLES = ("articles", "sentences", "attributions")


def _per_article(fp: dict) -> dict:
    return {"counts": {t: fp["counts"][t] for t in PER_ARTICLE_TABLES},
            **{k: fp[k] for k in ("ids", "contents", "sentences")}}


def test_force_reanalyses_without_duplicating(forced_crash_then_rerun, clean):
    run = forced_crash_then_rerun
    assert sorted(run["called"]) == clean[1]["ids"]
    assert _already(run["crashed"].output) == 0
    assert _per_article(run["after_crash"]) == _per_article(clean[1])


def test_corpus_stage_crash_keeps_per_article_work(forced_crash_then_rerun, clean):
    """A failure in the cross-article stages comes after every article was committed: the
    re-run finds them all in the store and only redoes the corpus stage."""
    run = forced_crash_then_rerun
    assert run["crashed"].exit_code == 1
    assert "synthetic corpus-stage failure" in run["crashed"].output
    assert run["rerun"].exit_code == 0, run["rerun"].output
    assert _already(run["rerun"].output) == 30
    diff = _differences(run["final"], clean[1])
    assert diff == {}


def test_corpus_stage_crash_rerun_clears_its_error(forced_crash_then_rerun, clean):
    assert forced_crash_then_rerun["final"]["counts"]["errors"] == clean[1]["counts"]["errors"]
