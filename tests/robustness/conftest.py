"""Fixtures for the fault tests: small real articles, read-only paths, CLI subprocesses.

The ``soak`` marker tags the long on-demand target (``pytest -m soak tests/robustness``);
the Makefile's default run excludes it with ``-m "not soak"``.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
POLNEAR_TRAIN_TEXT = ROOT.parent / "shared" / "data" / "polnear" / "train" / "text"
NEWSTRACE = [sys.executable, "-m", "newstrace.cli"]


def pytest_configure(config):
    config.addinivalue_line("markers", "soak: long fuzz and fault-injection rounds, run on demand "
                                       "(pytest -m soak tests/robustness)")


def trimmed_articles(dest: Path, n: int = 30, chars: int = 600, skip: int = 0) -> list[Path]:
    """Write ``n`` PolNeAR train articles, cut after the last full stop before ``chars``
    characters, into ``dest`` (small real news text: quick to analyse, real attributions)."""
    if not POLNEAR_TRAIN_TEXT.is_dir():
        pytest.skip(f"{POLNEAR_TRAIN_TEXT} is missing: the tests expect ../shared beside the checkout")
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for src in sorted(POLNEAR_TRAIN_TEXT.glob("*.txt"))[skip:skip + n]:
        text = src.read_text(encoding="utf-8")[:chars]
        stop = text.rfind(".")
        p = dest / src.name
        p.write_text(text[:stop + 1] if stop > chars // 3 else text, encoding="utf-8")
        out.append(p)
    return out


def cli(*args: str, timeout: float = 600, **kw) -> subprocess.CompletedProcess:
    """Run ``newstrace ARGS`` in a fresh interpreter (what a user's shell would do)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    return subprocess.run([*NEWSTRACE, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=env, **kw)


def cli_popen(*args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    return subprocess.Popen([*NEWSTRACE, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)


@contextlib.contextmanager
def read_only(path: Path):
    """Make ``path`` (file or folder) unwritable for this process, then restore it.

    An ordinary user gets ``chmod a-w``; root ignores mode bits, so as root the path is
    made immutable with ``chattr +i`` (skipped where that capability is missing)."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(mode & ~0o222)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("running as root without chattr +i: cannot make a path read-only")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], capture_output=True)


# --------------------------------------------------------------------------- kill and resume

def snapshot_count(db: Path, scratch: Path, table: str = "articles") -> int | None:
    """Rows of ``table`` in a copy of ``db`` (and its write-ahead log), or None if unreadable.

    A DuckDB file held by a writer cannot be opened by another process, not even read-only,
    so the poll reads a copy. A copy taken mid-commit may be torn: that reads as None."""
    import duckdb

    if not db.exists():
        return None
    scratch.mkdir(parents=True, exist_ok=True)
    for f in scratch.iterdir():
        f.unlink()
    snap = scratch / "snap.duckdb"
    try:
        shutil.copyfile(db, snap)
        wal = db.with_name(db.name + ".wal")
        if wal.exists():
            shutil.copyfile(wal, scratch / "snap.duckdb.wal")
        con = duckdb.connect(str(snap), read_only=True)
        try:
            return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        finally:
            con.close()
    except Exception:  # torn copy, table not created yet, file vanished: not readable this time
        return None


def store_fingerprint(db: Path) -> dict:
    """What a resumed run must reproduce: row counts of every table, the article ids, and the
    attribution content spans (article, start, end, text) and sentence spans."""
    from newstrace.store import Store

    with Store(db) as s:  # read-write: also proves the file opens and its WAL replays
        counts = s.counts()
        ids = sorted(r[0] for r in s.con.execute("SELECT id FROM articles").fetchall())
        contents = sorted(s.con.execute(
            "SELECT article, content_start, content_end, content_text FROM attributions").fetchall())
        sentences = sorted(s.con.execute("SELECT article, span_start, span_end FROM sentences").fetchall())
    return {"counts": counts, "ids": ids, "contents": contents, "sentences": sentences}


def kill_at_random_point(args: list, db: Path, scratch: Path, rng, after_rows: bool = True,
                         max_delay: float = 1.0, timeout: float = 300) -> dict:
    """Start ``newstrace ARGS``, SIGKILL it at a random point, and say where it was hit.

    With ``after_rows`` the kill waits until a copy of the store shows committed articles,
    then a further random 0..``max_delay`` s; without it, a random 0..``max_delay`` s from the
    start. Returns ``{"killed": bool, "rows_at_kill": int | None, "delay": float}``;
    ``killed`` is False when the run finished first (no fault injected)."""
    import signal
    import time

    proc = cli_popen(*args)
    t0 = time.monotonic()
    rows = None
    try:
        if after_rows:
            while proc.poll() is None and time.monotonic() - t0 < timeout:
                rows = snapshot_count(db, scratch)
                if rows:
                    break
                time.sleep(0.2)
        delay = rng.uniform(0, max_delay)
        deadline = time.monotonic() + delay
        while proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        killed = proc.poll() is None
        if killed:
            proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return {"killed": killed, "rows_at_kill": rows, "delay": round(delay, 3), "returncode": proc.returncode}
