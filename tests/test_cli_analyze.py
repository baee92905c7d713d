"""`newstrace analyze`: outputs, exit codes, the summary, and bad inputs in a batch."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from newstrace.cli import app

from .conftest import check_output

ARTICLE = ("Officials met on Tuesday in Brussels.\n\n“We confirmed our support,” the minister said.\n"
           "The talks will continue next week, according to a spokesperson.\n")


def _rows(path):
    return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]


def test_cli_analyze_bad_file_reported_rest_written(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (inp / "bad.txt").write_bytes(b"\xff\xfe\x00\x00garbage\x00")
    (inp / "also_good.jsonl").write_text(json.dumps({"text": ARTICLE, "title": "T"}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["analyze", str(inp), "--out", str(out), "--no-progress"])
    assert res.exit_code == 1, res.output
    assert "inputs that failed" in res.output and "bad.txt" in res.output
    arts = _rows(out / "articles.jsonl")
    assert sorted(a["id"] for a in arts) == ["also_good:1", "good"]
    errs = _rows(out / "errors.jsonl")
    assert len(errs) == 1 and errs[0]["origin"].endswith("bad.txt") and errs[0]["error"]
    assert check_output(out).returncode == 0


def test_cli_analyze_clean_batch_exits_zero(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["analyze", str(tmp_path / "a.txt"), "--out", str(out), "--no-progress"])
    assert res.exit_code == 0, res.output
    assert "sourcing profile" in res.output and "according to a spokesperson" not in res.output
    for name in ("articles", "attributions", "entities", "families", "links", "support", "drift", "errors"):
        assert (out / f"{name}.jsonl").exists()
    assert check_output(out).returncode == 0


def test_cli_missing_path_is_an_error_not_a_crash(tmp_path):
    res = CliRunner().invoke(app, ["analyze", str(tmp_path / "nope"), "--out", str(tmp_path / "o"), "--no-progress"])
    assert res.exit_code == 1
    assert "does not exist" in res.output


def test_cli_serve_refuses_missing_db(tmp_path):
    res = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 2 and "newstrace analyze" in res.output


def test_cli_python_dash_m_runs_the_same_app():
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-m", "newstrace", "--help"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "analyze" in res.stdout and "Usage: newstrace" in res.stdout


def test_cli_summary_is_not_folded_to_80_columns_off_a_terminal(tmp_path, monkeypatch):
    """Piped output (a log file, CI) used rich's 80-column default, which folded the
    sourcing profile's vague phrases one word per line; a reader could not grep them."""
    monkeypatch.delenv("COLUMNS", raising=False)
    text = ("Officials met on Tuesday.\n\nSources familiar with the negotiations said the deal was close. "
            "Insiders suggest the talks could fail, and it is understood that the minister will resign.\n")
    (tmp_path / "vague_report_with_a_long_name.txt").write_text(text, encoding="utf-8")
    res = CliRunner().invoke(app, ["analyze", str(tmp_path / "vague_report_with_a_long_name.txt"),
                                   "--out", str(tmp_path / "out"), "--no-progress"])
    assert res.exit_code == 0, res.output
    row = [l for l in res.output.splitlines() if "vague_report_with_a_long_name" in l]
    assert len(row) == 1, res.output
    assert "Sources familiar with" in row[0] and "Insiders suggest" in row[0], res.output
