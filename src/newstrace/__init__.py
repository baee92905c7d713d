"""newstrace: who said what, who copied whom, and what was added, in news articles.

The public surface::

    from newstrace import Options, run_analysis      # a batch run, as `newstrace analyze` does
    from newstrace import analyze_article, analyze_corpus, ARTICLE_STAGES, CORPUS_STAGES
    from newstrace import Article, Span, Attribution, ...   # the data model
    from newstrace import TABLES                      # the output contract, declared once
    from newstrace import NewstraceError              # base of every exception raised on purpose

Modules: :mod:`.model` (data model), :mod:`.contract` (output tables), :mod:`.errors` (error
codes and exceptions), :mod:`.options`, :mod:`.pipeline` (the stage lists), :mod:`.records`
(results ⇄ records), :mod:`.runner` (a batch run), :mod:`.store` (DuckDB), :mod:`.ingest`,
:mod:`.attribution`, :mod:`.reuse`, :mod:`.web`, :mod:`.report`, :mod:`.scale` (Spark),
:mod:`.eval` (scorers), :mod:`.cli`.
"""
import logging

from .contract import TABLES
from .errors import NewstraceError
from .model import (Article, Attribution, Drift, Entity, Family, IngestError, Link, Span,
                    Speaker, Support)
from .options import Options
from .pipeline import ARTICLE_STAGES, CORPUS_STAGES, analyze_article, analyze_corpus
from .runner import run_analysis

__version__ = "0.1.0"
__all__ = ["ARTICLE_STAGES", "CORPUS_STAGES", "Article", "Attribution", "Drift", "Entity", "Family", "IngestError",
           "Link", "NewstraceError", "Options", "Span", "Speaker", "Support", "TABLES", "__version__",
           "analyze_article", "analyze_corpus", "run_analysis"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
