"""Scorers behind ``newstrace eval``: each compares the pipeline with gold data read from
paths given explicitly (nothing here looks for data beside the package or a checkout).

* :mod:`.attribution` - attribution spans against PolNeAR (``newstrace eval polnear DIR``);
* :mod:`.polnear` - the PolNeAR reader those scorers share;
* :mod:`.speakers` - speaker resolution against the hand-labelled PolNeAR dev set
  (``newstrace eval speakers --polnear DIR``);
* :mod:`.segmentation` - aggregator-page splitting on pages with gold, single articles and
  seed pages (``newstrace eval segmentation``);
* :mod:`.reuse` and :mod:`.ecb_sentences` - rewrite analysis on MSRP and ECB+
  (``newstrace eval reuse``).

The generators of synthetic evaluation data (aggregator pages in many layouts, the blind
rounds, PolNeAR rewrites), the tuning grids and the calibration fit are not part of the
package: they live in ``evals/`` at the root of a checkout (``python -m evals.segmentation``,
``python -m evals.reuse``).
"""

__all__ = ["attribution", "ecb_sentences", "polnear", "reuse", "segmentation", "speakers"]
