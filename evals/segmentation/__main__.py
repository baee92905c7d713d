"""``python -m evals.segmentation``: the full report (:mod:`evals.segmentation.report`)."""
from .report import main

raise SystemExit(main())
