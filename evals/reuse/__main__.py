"""``python -m evals.reuse``: the measurements of rewrite analysis, calibration and tuning grids."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from newstrace.eval.reuse import eval_rewrites, measure

from .. import ECBPLUS, MSRP, POLNEAR
from . import __doc__ as DOC
from .calibrate import calibrate
from .rewrites import build_rewrite_set, tune_families, tune_support


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.reuse", description=DOC.split("\n\nRun from")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", nargs="?", default="all", choices=["calibrate", "tune-families", "tune-support", "msrp",
                                                               "rewrites", "ecb", "ecb-sentences", "all"])
    ap.add_argument("--lexical", action="store_true", help="without MiniLM embeddings")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles (rewrites, ecb)")
    ap.add_argument("--out", type=Path, default=None, help="also write the numbers to this JSON file")
    ap.add_argument("--msrp", type=Path, default=MSRP, help="MSRP folder (default: %(default)s)")
    ap.add_argument("--ecb", type=Path, default=ECBPLUS, help="ECB+ folder (default: %(default)s)")
    ap.add_argument("--polnear", type=Path, default=POLNEAR, help="PolNeAR folder (default: %(default)s)")
    args = ap.parse_args(argv)
    emb = not args.lexical
    report: dict = {}
    if args.what == "calibrate":
        report = calibrate(msrp_dir=args.msrp)["scores"]
    if args.what == "tune-families":
        report["polnear_train_rewrites_family_grid"] = tune_families(args.limit or 40, emb, args.polnear)
    if args.what == "tune-support":
        report["polnear_train_rewrites_support_grid"] = tune_support(args.limit or 60, emb, args.polnear)
    if args.what in ("msrp", "all"):
        report.update(measure("msrp", args.msrp, None, emb))
    if args.what in ("rewrites", "all"):
        report["polnear_rewrites"] = eval_rewrites(build_rewrite_set(args.limit, root=args.polnear), emb)
    if args.what in ("ecb", "all"):
        report.update(measure("ecb", None, args.ecb, emb, args.limit))
    if args.what in ("ecb-sentences", "all"):
        report.update(measure("ecb-sentences", None, args.ecb, emb, args.limit))
    text = json.dumps(report, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
