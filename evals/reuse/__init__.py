"""The lab of rewrite analysis (issue 9): synthetic PolNeAR rewrites, tuning grids, calibration.

    python -m evals.reuse calibrate      # fit the same-fact model on MSRP train: writes
                                         # src/newstrace/reuse/calibration.json (calibrate.py)
    python -m evals.reuse tune-families  # family confirmation grid on PolNeAR *train* rewrites
    python -m evals.reuse tune-support   # MIN_FACT_WORDS grid on PolNeAR *train* rewrites
    python -m evals.reuse msrp           # sentence decision P/R/F1 on MSRP test
    python -m evals.reuse rewrites       # synthetic PolNeAR dev rewrites: link F1, unsupported P/R
    python -m evals.reuse ecb            # family precision/recall on ECB+
    python -m evals.reuse ecb-sentences  # links vs ECB+ cross-outlet event coreference
    python -m evals.reuse all            # the four measurements (not calibrate or tune-*)

Run from the repository root; data from ``../shared/data`` beside the checkout. ``msrp``,
``ecb`` and ``ecb-sentences`` are the package's scorers (``newstrace eval reuse``, which
needs the data folders given explicitly); ``rewrites`` builds the synthetic rewrites here
(:mod:`.rewrites`) and scores them with the package's :func:`newstrace.eval.reuse.score_rewrites`.
Every number is measured on data the thresholds were not fitted on: the model and its
threshold come from MSRP train only; MSRP test, PolNeAR dev rewrites and ECB+ are held out
from it. ``--lexical`` runs without MiniLM (the scale configuration).
"""
