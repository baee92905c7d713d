"""A store held by one process gives another a message saying what to do, not a DuckDB trace."""
from __future__ import annotations

import subprocess
import sys

from newstrace.store import Store


def test_store_locked_file_explains(tmp_path):
    db = tmp_path / "held.duckdb"
    with Store(db):
        code = f"from newstrace.store import Store; Store({str(db)!r}, read_only=True)"
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert "in use by another process" in proc.stderr
