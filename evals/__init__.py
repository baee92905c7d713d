"""The lab: generators of evaluation data and experiment scripts, outside the package.

Nothing here ships with ``pip install newstrace``. The package keeps the scorers that
``newstrace eval`` runs on real or written-out data (:mod:`newstrace.eval`); this folder
keeps what *makes* evaluation data and the experiments around it:

* :mod:`evals.segmentation` - synthetic aggregator pages from PolNeAR (hand-written
  layouts of rounds 1-8, random layouts, the blind rounds 9-12), the full report
  (``python -m evals.segmentation``) and blind scoring of a splitter
  (``python -m evals.segmentation.score_held_out``);
* :mod:`evals.reuse` - synthetic PolNeAR rewrites, the tuning grids of rewrite analysis
  and the calibration fit that writes ``src/newstrace/reuse/calibration.json``
  (``python -m evals.reuse``).

Run from the repository root (``python -m evals...``; the tests import ``evals`` through
``pythonpath`` in ``pyproject.toml``). Data are read from explicit paths; the defaults
below are the shared data folder beside a checkout (``../shared``).
"""
from __future__ import annotations

from pathlib import Path

#: The repository root (the folder holding ``evals/``).
REPO = Path(__file__).resolve().parent.parent
#: The shared data beside the checkout, the lab's default data root.
SHARED = REPO.parent / "shared"
POLNEAR = SHARED / "data" / "polnear"
SEEDS = SHARED / "corpus" / "seeds"
MSRP = SHARED / "data" / "msrp"
ECBPLUS = SHARED / "data" / "ecbplus"
