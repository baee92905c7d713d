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
