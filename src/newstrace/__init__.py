"""newstrace: who said what, who copied whom, and what was added, in news articles."""
import logging

from .model import (Article, Attribution, Drift, Entity, Family, IngestError, Link, Span,
                    Speaker, Support)

__version__ = "0.1.0"
__all__ = ["Article", "Attribution", "Drift", "Entity", "Family", "IngestError", "Link", "Span",
           "Speaker", "Support", "__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
