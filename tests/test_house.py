"""The shape of the house: small files, the lab outside the package, one declaration of the tables."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 800


def _python_files():
    for top in ("src", "tests", "evals", "bench", "scripts"):
        yield from (p for p in (ROOT / top).rglob("*.py") if ".venv" not in p.parts)


def test_house_no_python_file_over_800_lines():
    long = {str(p.relative_to(ROOT)): n for p in _python_files()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"files over {MAX_LINES} lines: {long}"


def test_house_no_evaluation_data_generator_in_the_package():
    """Page and rewrite generators live in evals/, never under src/ (they would ship)."""
    makers = re.compile(r"^def (build_pages?|random_layouts?|build_rewrite\w*|paraphrase|augment)\(", re.M)
    found = [str(p.relative_to(ROOT)) for p in (ROOT / "src").rglob("*.py") if makers.search(p.read_text("utf-8"))]
    assert not found, found


def test_house_package_imports_without_the_checkout(tmp_path):
    """``newstrace`` and ``newstrace.eval`` import from anywhere: nothing resolves ../shared or the
    repository at import time (run from an empty folder, the package on the path alone)."""
    code = ("import newstrace, newstrace.eval, newstrace.eval.segmentation, newstrace.eval.reuse, "
            "newstrace.eval.speakers, newstrace.eval.attribution, newstrace.contract, newstrace.errors")
    res = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert res.returncode == 0, res.stderr


def test_house_one_module_declares_the_tables():
    """Table names are spelt out as a list in the contract only (other modules ask it)."""
    names = ("articles", "attributions", "entities", "families", "links", "support", "drift", "errors", "profiles")
    pattern = re.compile(r"\(\s*" + r",\s*".join(f'"{n}"' for n in names[:4]))
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "src").rglob("*.py")
                 if p.name != "contract.py" and pattern.search(p.read_text("utf-8"))]
    assert not offenders, offenders
