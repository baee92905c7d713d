"""Score a splitter on a blind round of held-out pages (issue #3): aggregate numbers only.

    .venv/bin/python -m evals.segmentation.score_held_out --round 12 --splitter newstrace.ingest.segment:segment_page
    .venv/bin/python -m evals.segmentation.score_held_out --round N --splitter MODULE:FUNCTION [--negatives]

Rounds 9 to 12 were written by helpers, each blind to the developer until it was scored once
(``round9.py`` ... ``round12.py`` beside this file). ``FUNCTION(text: str) -> list[Segment]``
is called on each page the round's module builds from PolNeAR dev (40 pages per layout, the
module's seed; ``--polnear`` defaults to ``../shared/data/polnear`` beside the checkout). The gold of
every page is checked first (the module's ``check_gold``; a failure is reported by the
layout's number and the failed check only). Printed, as JSON: per layout (named only
``layout_1`` ... in their order, never described) and ``ALL``, the
:class:`~newstrace.eval.segmentation.Scores` record (pages exact, pages with every title
right, precision and recall of article starts, titles exact / titles, bodies exact). Page
text, titles and layout descriptions are never printed, so a round can be scored before
anyone working on a splitter has read it. ``--negatives`` adds how many single PolNeAR
dev+train articles (each ``NEGATIVE_VARIANTS`` rendering) the function splits into more
than one segment (counts only; slow).
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

from newstrace.eval.segmentation import Scores

from .layouts import DEFAULT_POLNEAR, NEGATIVE_VARIANTS, load_polnear

#: The blind rounds: round number -> module under evals.segmentation.
ROUNDS = {9: "round9", 10: "round10", 11: "round11", 12: "round12"}


def load_round(n: int):
    """(layouts, seed, build_pages, check_gold) of round ``n``."""
    mod = importlib.import_module(f"{__package__}.{ROUNDS[n]}")
    return (getattr(mod, f"ROUND{n}_HELD_OUT_LAYOUTS"), getattr(mod, f"ROUND{n}_SEED"),
            getattr(mod, f"round{n}_held_out_pages"), mod.check_gold)


def load_splitter(spec: str):
    module, _, name = spec.partition(":")
    if not module or not name:
        raise SystemExit("--splitter must be MODULE:FUNCTION")
    return getattr(importlib.import_module(module), name)


def check_pages(pages, check_gold, label: dict[str, str]) -> int:
    """``check_gold`` on every page; on a failure, exit naming only ``layout_<k>`` and the
    failed check (never the layout's name or any page text)."""
    for page in pages:
        try:
            check_gold(page)
        except AssertionError as exc:
            what = exc.args[0] if exc.args else ""
            check = what[1] if isinstance(what, tuple) and len(what) > 1 else "page"
            raise SystemExit(f"gold check failed: {label.get(page.layout, '?')}: {check}") from None
    return len(pages)


def score(pages, fn, label: dict[str, str]) -> dict:
    """Scores per layout (``layout_<k>``) and ``ALL``; a page on which ``fn`` raises counts
    as predicted with no segment."""
    per: dict[str, Scores] = {v: Scores() for v in label.values()}
    total = Scores()
    errors = 0
    for page in pages:
        try:
            pred = list(fn(page.text))
        except Exception:  # noqa: BLE001 - counted, never shown (its message may quote the page)
            errors += 1
            pred = []
        per[label[page.layout]].add(page.gold, pred)
        total.add(page.gold, pred)
    out = {name: s.record() for name, s in per.items()}
    out["ALL"] = total.record()
    out["ALL"]["splitter_errors"] = errors
    return out


def negative_counts(fn, polnear: Path) -> dict:
    arts = [*load_polnear("train", polnear), *load_polnear("dev", polnear)]
    out = {}
    for name, render in NEGATIVE_VARIANTS.items():
        split = 0
        for a in arts:
            try:
                split += len(fn(render(a))) != 1
            except Exception:  # noqa: BLE001
                split += 1
        out[name] = {"articles": len(arts), "split": split}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.segmentation.score_held_out",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("--round", type=int, required=True, choices=sorted(ROUNDS))
    ap.add_argument("--splitter", required=True, help="MODULE:FUNCTION, fn(text) -> list[Segment]")
    ap.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR)
    ap.add_argument("--pages-per-layout", type=int, default=40)
    ap.add_argument("--negatives", action="store_true",
                    help="also count single PolNeAR dev+train articles that are split (slow)")
    args = ap.parse_args(argv)
    layouts, seed, build, check_gold = load_round(args.round)
    label = {lay.name: f"layout_{k}" for k, lay in enumerate(layouts, 1)}
    fn = load_splitter(args.splitter)
    pages = build(load_polnear("dev", args.polnear), args.pages_per_layout, seed)
    checked = check_pages(pages, check_gold, label)
    t0 = time.perf_counter()
    res = {"round": args.round, "splitter": args.splitter, "pages": len(pages), "layouts": len(layouts),
           "pages_per_layout": args.pages_per_layout, "gold_checked_pages": checked,
           "scores": score(pages, fn, label)}
    res["seconds"] = round(time.perf_counter() - t0, 1)
    if args.negatives:
        res["negatives_train_dev"] = negative_counts(fn, args.polnear)
    json.dump(res, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
