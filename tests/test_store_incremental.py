"""Incremental runs of one store: a run that adds articles rebuilds the cross-article results
over everything stored, and the speakers' entity ids stay what they were."""
from __future__ import annotations

import json
from pathlib import Path

from newstrace.options import Options
from newstrace.runner import run_analysis
from newstrace.store import Store

from .conftest import check_output


def _seed(seeds_dir: Path, n: int) -> Path:
    return sorted(seeds_dir.glob("*.txt"))[n]


def _dragone(tables) -> list[dict]:
    return [e for e in tables["entities"] if e["name"].endswith("Dragone")]


def test_store_incremental_run_rebuilds_families_over_everything_stored(seeds_dir, tmp_path):
    db = tmp_path / "s.duckdb"
    first = run_analysis([_seed(seeds_dir, 0)], db=db, options=Options(time_limit=None))
    (d1,) = _dragone(first.tables)
    assert first.tables["families"] == []
    # the second run names only the new file: the rewrite of the first is found all the same
    second = run_analysis([_seed(seeds_dir, 1)], db=db, out_dir=tmp_path / "out", options=Options(time_limit=None))
    assert second.analysed == 1
    with Store(db, read_only=True) as s:
        tables = s.load_tables()
    ids = {a["id"] for a in tables["articles"]}
    assert ids == {_seed(seeds_dir, 0).stem, _seed(seeds_dir, 1).stem}
    assert [sorted(f["articles"]) for f in tables["families"]] == [sorted(ids)]
    (d2,) = _dragone(tables)
    assert d2["id"] == d1["id"] and sorted(d2["articles"]) == sorted(ids)
    linked = {a["speaker"].get("entity") for a in tables["attributions"] if "Dragone" in (a["speaker"].get("name") or "")}
    assert linked == {d1["id"]}
    assert check_output(tmp_path / "out").returncode == 0
    # the JSONL written by the second run holds the whole store's cross-article results too
    fams = [json.loads(l) for l in (tmp_path / "out" / "families.jsonl").read_text().splitlines()]
    assert [sorted(f["articles"]) for f in fams] == [sorted(ids)]
