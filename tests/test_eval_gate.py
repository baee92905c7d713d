"""Eval gate: PolNeAR dev scores of the shipped attribution model must not drop below the floors
pinned in tests/eval_floors.json (like trafilatura's eval_gate). The floors file also pins a
sha256 of the dev corpus, so a changed corpus fails loudly instead of moving the goalposts.
Lowering a floor means editing eval_floors.json explicitly."""
import json
from pathlib import Path

import pytest

from newstrace.eval.attribution import corpus_sha256, evaluate_polnear, format_report

from .conftest import POLNEAR, require_shared

FLOORS = json.loads((Path(__file__).with_name("eval_floors.json")).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dev_metrics():
    dev = require_shared(POLNEAR / "dev")
    assert corpus_sha256(dev) == FLOORS["corpus_sha256"], "PolNeAR dev changed: re-measure and re-pin the floors"
    return evaluate_polnear(str(dev))


def test_eval_gate_corpus_is_whole(dev_metrics):
    assert dev_metrics["articles"] == FLOORS["articles"]


@pytest.mark.parametrize("mode", ["exact", "partial"])
@pytest.mark.parametrize("role", ["source", "cue", "content"])
def test_eval_gate_role_floors(dev_metrics, mode, role):
    got, floor = dev_metrics[mode][role]["f1"], FLOORS["floors"][mode][role]
    assert got >= floor, f"{mode} {role} F1 {got} < floor {floor}\n{format_report(dev_metrics)}"


def test_eval_gate_attribution_floor(dev_metrics):
    got, floor = dev_metrics["attribution"]["f1"], FLOORS["floors"]["attribution"]
    assert got >= floor, f"attribution F1 {got} < floor {floor}\n{format_report(dev_metrics)}"
