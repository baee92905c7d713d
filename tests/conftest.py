"""Shared fixtures. End-to-end tests read the real files in ../shared."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
POLNEAR = SHARED / "data" / "polnear"
CHECK_OUTPUT = SHARED / "tools" / "check_output.py"


def require_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is missing: the tests expect ../shared beside the checkout")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return require_shared(SEEDS)


@pytest.fixture(scope="session")
def polnear_dir() -> Path:
    return require_shared(POLNEAR)


def check_output(out_dir: Path) -> subprocess.CompletedProcess:
    """Run ../shared/tools/check_output.py on an output folder."""
    require_shared(CHECK_OUTPUT)
    return subprocess.run([sys.executable, str(CHECK_OUTPUT), str(out_dir)], capture_output=True, text=True)


@pytest.fixture(scope="session")
def seeds_run(tmp_path_factory, seeds_dir):
    """`newstrace analyze` over the seeds, once per test session (library call)."""
    from newstrace.runner import run_analysis
    out = tmp_path_factory.mktemp("seeds_out")
    summary = run_analysis([seeds_dir], out_dir=out)
    return out, summary
