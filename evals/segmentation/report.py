"""The full segmentation report: every group of synthetic pages, the negatives and the seeds.

    python -m evals.segmentation                  # the tables (docs/segmentation.md's numbers)
    python -m evals.segmentation --json           # the raw record
    python -m evals.segmentation --failures [PREFIX]   # failing *train* pages (tuning, random_train)
    python -m evals.segmentation --write-pages FILE    # the pages with gold, for
                                                       # newstrace eval segmentation --pages FILE
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from newstrace.eval.segmentation import (Page, describe_failures, print_seed_report, print_table, score_pages,
                                         seed_report, write_pages)

from .. import SEEDS
from .layouts import (DEFAULT_POLNEAR, SourceArticle, held_out_pages, load_polnear, negatives,
                      new_held_out_pages, round3_held_out_pages, round4_held_out_pages, round5_held_out_pages,
                      round6_held_out_pages, round7_held_out_pages, round8_held_out_pages, tuning_pages)
from .random_layouts import RANDOM_GROUPS, random_pages, score_random

#: The seed pages the report lists (``../shared/corpus/seeds`` beside the checkout).
DEFAULT_SEEDS = SEEDS

#: The blind rounds written by helpers (rounds 9-12; ``round9.py`` ... ``round12.py``): each
#: builds on :mod:`.layouts`, so they are imported when used.
BLIND_ROUNDS = (9, 10, 11, 12)


def blind_round_pages(n: int, dev: Sequence[SourceArticle], pages_per_layout: int = 40) -> list[Page]:
    """The pages of blind round ``n`` (from PolNeAR dev, the round's own seed)."""
    mod = importlib.import_module(f"{__package__}.round{n}")
    return getattr(mod, f"round{n}_held_out_pages")(dev, pages_per_layout)


def page_groups(train: Sequence[SourceArticle], dev: Sequence[SourceArticle], pages_per_layout: int = 40,
                seed: int = 13) -> dict[str, list[Page]]:
    """Every group of synthetic pages, by the report's name for it, in the report's order."""
    splits = {"train": train, "dev": dev}
    return {
        "tuning_train": tuning_pages(train, pages_per_layout, seed),
        "held_out_dev": held_out_pages(dev, pages_per_layout, seed),
        "new_held_out_dev": new_held_out_pages(dev, pages_per_layout, seed),
        "round3_held_out_dev": round3_held_out_pages(dev, pages_per_layout, seed),
        "round4_held_out_dev": round4_held_out_pages(dev, pages_per_layout, seed),
        "round5_held_out_dev": round5_held_out_pages(dev, pages_per_layout, seed),
        "round6_held_out_dev": round6_held_out_pages(dev, pages_per_layout, seed),
        "round7_held_out_dev": round7_held_out_pages(dev, pages_per_layout, seed),
        "round8_held_out_dev": round8_held_out_pages(dev, pages_per_layout, seed),
        **{f"round{n}_held_out_dev": blind_round_pages(n, dev, pages_per_layout) for n in BLIND_ROUNDS},
        **{group: random_pages(splits[split], n, per, rseed)
           for group, (split, n, per, rseed) in RANDOM_GROUPS.items()},
    }


def run(polnear: Path = DEFAULT_POLNEAR, seeds: Path | None = DEFAULT_SEEDS,
        pages_per_layout: int = 40, seed: int = 13) -> dict:
    """The whole evaluation: tuning layouts and twins (train), held-out layouts old and new
    (dev), random layouts (dev and train; ``RANDOM_GROUPS``, sizes fixed), negatives, seeds."""
    train, dev = load_polnear("train", polnear), load_polnear("dev", polnear)
    groups = page_groups(train, dev, pages_per_layout, seed)
    result = {name: score_random(pages) if name in RANDOM_GROUPS else score_pages(pages)
              for name, pages in groups.items()}
    result["negatives"] = negatives([*train, *dev])
    if seeds is not None and seeds.is_dir():
        result["seeds"] = seed_report(seeds)
    return result


def _print_random(title: str, res: dict) -> None:
    """One summary row, then per element the pages exact among the pages whose layout has it."""
    print_table(title, {"ALL": res["ALL"]})
    print("  per element (pages exact / pages with it; titles exact / titles):")
    for e, r in res["elements"].items():
        print(f"    {e + ':':28} {r['pages_exact']:4d}/{r['pages']:<4d} titles {r['titles_exact']:5d}/{r['titles']}")


def main(argv: list[str] | None = None) -> int:
    """Command line: print the evaluation tables (``--json`` for the raw record)."""
    ap = argparse.ArgumentParser(prog="python -m evals.segmentation",
                                 description="Aggregator-page splitting on synthetic pages from PolNeAR "
                                             "(the lab's full report).")
    ap.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR)
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    ap.add_argument("--pages-per-layout", type=int, default=40)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    ap.add_argument("--failures", metavar="LAYOUT_PREFIX", nargs="?", const="",
                    help="print the failing *tuning* (train) pages, optionally of layouts starting so "
                         "(the random_train pages, layouts 'random-9001-NN', included)")
    ap.add_argument("--write-pages", type=Path, metavar="FILE",
                    help="write every group's pages with gold to FILE (JSON Lines) instead of scoring; "
                         "score them with newstrace eval segmentation --pages FILE")
    args = ap.parse_args(argv)
    if args.failures is not None:
        train = load_polnear("train", args.polnear)
        _, n, per, rseed = RANDOM_GROUPS["random_train"]
        pages = [pg for pg in tuning_pages(train, args.pages_per_layout, args.seed) + random_pages(train, n, per, rseed)
                 if pg.layout.startswith(args.failures)]
        print("\n".join(describe_failures(pages, limit=10**6)))
        return 0
    if args.write_pages is not None:
        groups = page_groups(load_polnear("train", args.polnear), load_polnear("dev", args.polnear),
                             args.pages_per_layout, args.seed)
        print(f"{write_pages(groups, args.write_pages)} pages in {len(groups)} groups -> {args.write_pages}")
        return 0
    res = run(args.polnear, args.seeds, args.pages_per_layout, args.seed)
    if args.json:
        json.dump(res, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    print_table("Tuning layouts and twins of the held-out layouts, round-5 to round-8 twins last "
                "(pages from PolNeAR train)",
                res["tuning_train"])
    print_table("Held-out layouts (pages from PolNeAR dev; their train twins are in the tuning set)",
                res["held_out_dev"])
    print_table("New held-out layouts of round 2 (pages from PolNeAR dev; train twins since round 3 "
                "(caption) and round 5 (caps))", res["new_held_out_dev"])
    print_table("Round-3 held-out layouts (pages from PolNeAR dev; bare-read-time and "
                "section-label-* have train twins since round 5)", res["round3_held_out_dev"])
    print_table("Round-4 held-out layouts (pages from PolNeAR dev; train twins since round 5)",
                res["round4_held_out_dev"])
    print_table("Round-5 held-out layouts (pages from PolNeAR dev; train twins since round 6)",
                res["round5_held_out_dev"])
    print_table("Round-6 held-out layouts (pages from PolNeAR dev; train twins since round 7)",
                res["round6_held_out_dev"])
    print_table("Round-7 held-out layouts (pages from PolNeAR dev; train twins since round 8)",
                res["round7_held_out_dev"])
    print_table("Round-8 held-out layouts (pages from PolNeAR dev; never tuned on)",
                res["round8_held_out_dev"])
    for n in BLIND_ROUNDS:
        later = n < BLIND_ROUNDS[-1]
        print_table(f"Round-{n} held-out layouts (helper-written, PolNeAR dev; outside the random "
                    f"generator's grammar; scored blind once, "
                    + ("tuned on since)" if later else "never tuned on)"), res[f"round{n}_held_out_dev"])
    for group, (split, n, per, rseed) in RANDOM_GROUPS.items():
        _print_random(f"{group}: {n} random layouts x {per} pages (PolNeAR {split}, layout seed {rseed}"
                      + ("; never tuned on)" if split == "dev" else "; may be tuned on)"), res[group])
    print("\nSingle PolNeAR train+dev articles wrongly split (target 0):")
    for variant, r in res["negatives"].items():
        print(f"  {variant:24} {r['split']}/{r['articles']}" + (f"  e.g. {r['split_names'][:3]}" if r["split"] else ""))
    print_seed_report(res.get("seeds", {}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
