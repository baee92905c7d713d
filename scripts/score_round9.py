"""Score a splitter on the round-9 held-out pages (issue #3), blind: aggregate numbers only.

    .venv/bin/python scripts/score_round9.py --splitter newstrace.ingest.segment:segment_page
    .venv/bin/python scripts/score_round9.py --splitter MODULE:FUNCTION [--negatives]

``FUNCTION(text: str) -> list[Segment]`` is called on each page built by
:func:`newstrace.eval.segmentation_round9.round9_held_out_pages` from PolNeAR dev (40 pages
per layout, the module's seed). The gold of every page is checked first
(:func:`~newstrace.eval.segmentation_round9.check_gold`). Printed, as JSON: per layout
(named only ``layout_1`` ... in their order, never described) and ``ALL``, the
:class:`~newstrace.eval.segmentation.Scores` record (pages exact, precision and recall of
article starts, titles exact / titles, bodies exact). Page text, titles and layout
descriptions are never printed. ``--negatives`` adds how many single PolNeAR dev+train
articles (each ``NEGATIVE_VARIANTS`` rendering, as ``negatives()`` does) the function
splits into more than one segment (counts only; slow).
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

from newstrace.eval.segmentation import (DEFAULT_POLNEAR, NEGATIVE_VARIANTS, Scores,
                                         load_polnear)
from newstrace.eval.segmentation_round9 import (ROUND9_HELD_OUT_LAYOUTS, ROUND9_SEED,
                                                check_all_gold, round9_held_out_pages)


def load_splitter(spec: str):
    module, _, name = spec.partition(":")
    if not module or not name:
        raise SystemExit("--splitter must be MODULE:FUNCTION")
    return getattr(importlib.import_module(module), name)


def score(pages, fn) -> dict:
    """Scores per layout (``layout_<k>``, k in the order of ``ROUND9_HELD_OUT_LAYOUTS``)
    and ``ALL``; a page on which ``fn`` raises counts as predicted with no segment."""
    label = {lay.name: f"layout_{k}" for k, lay in enumerate(ROUND9_HELD_OUT_LAYOUTS, 1)}
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
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--splitter", required=True, help="MODULE:FUNCTION, fn(text) -> list[Segment]")
    ap.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR)
    ap.add_argument("--pages-per-layout", type=int, default=40)
    ap.add_argument("--negatives", action="store_true",
                    help="also count single PolNeAR dev+train articles that are split (slow)")
    args = ap.parse_args(argv)
    fn = load_splitter(args.splitter)
    pages = round9_held_out_pages(load_polnear("dev", args.polnear), args.pages_per_layout, ROUND9_SEED)
    checked = check_all_gold(pages)
    t0 = time.perf_counter()
    res = {"splitter": args.splitter, "pages": len(pages), "layouts": len(ROUND9_HELD_OUT_LAYOUTS),
           "pages_per_layout": args.pages_per_layout, "gold_checked_pages": checked,
           "scores": score(pages, fn)}
    res["seconds"] = round(time.perf_counter() - t0, 1)
    if args.negatives:
        res["negatives_train_dev"] = negative_counts(fn, args.polnear)
    json.dump(res, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
