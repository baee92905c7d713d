"""Integration: the speaker scorer over (part of) the hand-labelled PolNeAR dev set."""
from __future__ import annotations

import json

import pytest

from newstrace.eval.speakers import MENTIONS, gold_kind, is_correct, load_dev, main, names_match, predict, score

from .conftest import ROOT

#: The labelled dev set of the checkout (the package does not install it).
DEV = ROOT / "data" / "speakers_dev.jsonl"


def test_speakers_eval_names_match_rules():
    assert names_match("Donald J. Trump", "Donald Trump")
    assert names_match("James O'Neill", "James O\u2019Neill")
    assert names_match("Mr. Obama", "Obama")
    assert not names_match("Trump", "Donald Trump")  # a bare surname is not the full name
    assert not names_match("Bill Clinton", "Hillary Clinton")
    assert not names_match(None, "Obama") and not names_match("Obama", None)


def test_speakers_eval_dev_set_is_well_formed(polnear_dir):
    rows = load_dev(DEV)
    assert len(rows) >= 400
    assert {r["mention"] for r in rows} == set(MENTIONS)
    assert {gold_kind(r) for r in rows} == {"named", "joint", "anonymous", "document", None}
    assert all(r.get("gold_names") for r in rows if gold_kind(r) == "joint")
    from newstrace.eval.polnear import load_split
    texts = {ga.article.id: ga.article.text for ga in load_split(polnear_dir / "dev")}
    for r in rows:
        s = r["source"]
        assert texts[r["article"]][s["start"]:s["end"]] == s["text"]


def test_speakers_eval_scores_a_small_set(polnear_dir):
    rows = load_dev(DEV)
    first = sorted({r["article"] for r in rows})[:3]
    small = [r for r in rows if r["article"] in first]
    pred = predict(small, polnear_dir / "dev")
    assert len(pred) == len(small)
    s = score(pred)
    assert s["all"]["n"] == len(small)
    assert s["all"]["correct"] <= s["all"]["resolved"] <= s["all"]["n"]
    assert s["all"]["with_gold"] == sum(1 for r in small if gold_kind(r) is not None)
    assert all((p["pred"] is None) == (p["pred_kind"] == "unresolved") for p in pred)


def test_speakers_eval_kinds_are_scored_by_kind():
    row = {"mention": "group", "gold_kind": "anonymous", "gold": "analysts", "pred": "some analysts",
           "pred_kind": "anonymous"}
    assert is_correct(row)
    assert not is_correct({**row, "pred_kind": "named"})
    joint = {"mention": "group", "gold_kind": "joint", "gold": None, "gold_names": ["Donald Trump", "Vladimir Putin"],
             "pred": "Vladimir Putin; Donald J. Trump", "pred_kind": "named"}
    assert is_correct(joint)
    assert not is_correct({**joint, "pred": "Donald Trump"})
    assert not is_correct({"mention": "first", "gold_kind": None, "gold": None, "pred": "Obama", "pred_kind": "named"})


def test_speakers_eval_cli_needs_the_polnear_folder(capsys):
    """No data path is guessed: without --polnear the command says what to give."""
    with pytest.raises(SystemExit) as exc:
        main(["--dev", str(DEV)])
    assert exc.value.code == 2
    assert "give --polnear PATH" in capsys.readouterr().err


@pytest.mark.slow
def test_speakers_eval_full_dev_gate(polnear_dir, capsys):
    """Quality gate on the whole dev set (floors a little under the measured numbers)."""
    assert main(["--json", "--dev", str(DEV), "--polnear", str(polnear_dir / "dev")]) == 0
    s = json.loads(capsys.readouterr().out)
    assert s["all"]["precision"] >= GATE_PRECISION
    assert s["all"]["recall"] >= GATE_RECALL


GATE_PRECISION = 0.89
GATE_RECALL = 0.80
