"""End to end on the five real seed articles in ../shared/corpus/seeds."""
from __future__ import annotations

import json
from pathlib import Path

from .conftest import check_output


def _rows(path: Path):
    return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]


def test_e2e_seeds_fourteen_articles_with_page_titles(seeds_run, seeds_dir):
    out, summary = seeds_run
    arts = _rows(out / "articles.jsonl")
    ids = [a["id"] for a in arts]
    assert len(arts) == 14 and summary.ok
    agg = sorted(p.stem for p in seeds_dir.glob("*.txt"))[3]
    assert [i for i in ids if i.startswith(agg)] == [f"{agg}#{k}" for k in range(1, 11)]
    page = (seeds_dir / f"{agg}.txt").read_text(encoding="utf-8")
    page_lines = {l.strip() for l in page.splitlines()}
    for a in arts:
        if a["id"].startswith(agg):
            assert a["title"] and a["title"] in page_lines, a["title"]
            assert a["text"] in page and a["title"] not in a["text"][:len(a["title"]) + 5]
        else:
            # a single article's text is its file's content exactly
            assert a["text"] == (seeds_dir / f"{a['id']}.txt").read_text(encoding="utf-8")


def test_e2e_seeds_output_passes_contract_checker(seeds_run):
    out, _ = seeds_run
    res = check_output(out)
    assert res.returncode == 0, res.stdout


def test_e2e_seeds_every_span_matches_its_article(seeds_run):
    out, _ = seeds_run
    texts = {a["id"]: a["text"] for a in _rows(out / "articles.jsonl")}
    n = 0
    for name, keys in (("attributions", ("source", "cue", "content")), ("support", ("span",)),
                       ("links", ("a_span", "b_span")), ("drift", ("a_span", "b_span"))):
        for r in _rows(out / f"{name}.jsonl"):
            for k in keys:
                s = r.get(k)
                if s is None:
                    continue
                art = r.get("article") or (r["a"] if k.startswith("a_") else r["b"])
                assert texts[art][s["start"]:s["end"]] == s["text"]
                n += 1
    assert n > 100  # the seeds hold well over a hundred attributions, links and support rows
