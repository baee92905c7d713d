"""Score a splitter on the round-11 held-out pages (issue #3), blind: aggregate numbers only.

    .venv/bin/python scripts/score_round11.py --splitter newstrace.ingest.segment:segment_page
    .venv/bin/python scripts/score_round11.py --splitter MODULE:FUNCTION [--negatives]

``FUNCTION(text: str) -> list[Segment]`` is called on each page built by
:func:`newstrace.eval.segmentation_round11.round11_held_out_pages` from PolNeAR dev (40 pages
per layout, the module's seed). The gold of every page is checked first
(:func:`~newstrace.eval.segmentation_round11.check_gold`). Printed, as JSON: per layout
(named only ``layout_1`` ... in their order, never described) and ``ALL``, the
:class:`~newstrace.eval.segmentation.Scores` record (pages exact, precision and recall of
article starts, titles exact / titles, bodies exact). Page text, titles and layout
descriptions are never printed. ``--negatives`` adds how many single PolNeAR dev+train
articles (each ``NEGATIVE_VARIANTS`` rendering) the function splits into more than one
segment (counts only; slow), as ``scripts/score_round9.py`` counts them.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from score_round9 import load_splitter, negative_counts  # noqa: E402

from newstrace.eval.segmentation import DEFAULT_POLNEAR, Scores, load_polnear  # noqa: E402
from newstrace.eval.segmentation_round11 import (ROUND11_HELD_OUT_LAYOUTS,  # noqa: E402
                                                 ROUND11_SEED, check_all_gold,
                                                 round11_held_out_pages)


def score(pages, fn) -> dict:
    """Scores per layout (``layout_<k>``, k in the order of ``ROUND11_HELD_OUT_LAYOUTS``)
    and ``ALL``; a page on which ``fn`` raises counts as predicted with no segment."""
    label = {lay.name: f"layout_{k}" for k, lay in enumerate(ROUND11_HELD_OUT_LAYOUTS, 1)}
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--splitter", required=True, help="MODULE:FUNCTION, fn(text) -> list[Segment]")
    ap.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR)
    ap.add_argument("--pages-per-layout", type=int, default=40)
    ap.add_argument("--negatives", action="store_true",
                    help="also count single PolNeAR dev+train articles that are split (slow)")
    args = ap.parse_args(argv)
    fn = load_splitter(args.splitter)
    pages = round11_held_out_pages(load_polnear("dev", args.polnear), args.pages_per_layout,
                                   ROUND11_SEED)
    try:
        checked = check_all_gold(pages)
    except AssertionError as exc:   # the layout name and the failed check only, no page text
        raise SystemExit(f"gold check failed: {exc.args[0] if exc.args else ''}") from None
    t0 = time.perf_counter()
    res = {"splitter": args.splitter, "pages": len(pages), "layouts": len(ROUND11_HELD_OUT_LAYOUTS),
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
