"""Through the CLI on the seeds: `newstrace analyze --db` killed with SIGKILL part-way, then
re-run, ends with the same row counts as a clean run; re-running a finished store changes
nothing (incremental and idempotent)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newstrace.store import Store

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"
NEWSTRACE = Path(sys.executable).parent / "newstrace"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed corpus not found at {SEEDS}"),
              pytest.mark.skipif(not NEWSTRACE.exists(), reason="the newstrace command is not installed")]


def _analyze(db: Path) -> subprocess.Popen:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.Popen([str(NEWSTRACE), "analyze", str(SEEDS), "--db", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)


def _finish(proc: subprocess.Popen) -> None:
    _, err = proc.communicate(timeout=900)
    assert proc.returncode == 0, err[-2000:]


def test_store_cli_kill9_then_rerun_equals_clean_run(tmp_path):
    clean = tmp_path / "clean.duckdb"
    t0 = time.monotonic()
    _finish(_analyze(clean))
    clean_s = time.monotonic() - t0
    with Store(clean) as s:
        clean_counts = s.counts()
    assert clean_counts["articles"] > 0

    killed = tmp_path / "killed.duckdb"
    proc = _analyze(killed)
    time.sleep(clean_s * 0.75)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    if killed.exists():  # the file is usable and each stored article is whole
        with Store(killed) as s:
            orphans = s.con.execute("SELECT count(*) FROM sentences WHERE article NOT IN (SELECT id FROM articles)"
                                    ).fetchone()[0]
        assert orphans == 0

    _finish(_analyze(killed))
    with Store(killed) as s:
        assert s.counts() == clean_counts

    _finish(_analyze(clean))  # nothing new: no duplicates, same counts
    with Store(clean) as s:
        assert s.counts() == clean_counts
