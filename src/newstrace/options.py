"""How a run analyses its inputs: one options object for the command line, the library and Spark.

``newstrace analyze`` and ``newstrace spark`` build an :class:`Options` from the same flags
(``--no-split``, ``--time-limit``, ``--force``), and library callers pass one to
:func:`newstrace.runner.run_analysis` or :func:`newstrace.scale.spark_job.run_job`::

    from newstrace.options import Options
    from newstrace.runner import run_analysis
    run_analysis(["articles/"], out_dir="out", options=Options(segment=False, time_limit=30))
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the alias file's parser needs the speaker rules; Options stays light
    from .attribution.aliases import Aliases

__all__ = ["DEFAULT_TIME_LIMIT", "MAX_ARTICLE_CHARS", "Options"]

#: Default per-article time limit in seconds (an ordinary article takes well under one).
DEFAULT_TIME_LIMIT = 120.0

#: Articles longer than this (characters) are kept but not analysed: news articles are far
#: shorter, and the parser's memory grows with length (about 1 GB per 1M characters).
MAX_ARTICLE_CHARS = 1_000_000


@dataclass(frozen=True, slots=True)
class Options:
    """The analysis options of a run.

    ``segment``: split aggregator pages into their articles (``--no-split`` turns it off).
    ``time_limit``: seconds allowed per article before it is stopped and kept without findings
    (``--time-limit``; None or 0: no limit; only enforced on the main thread of a process).
    ``force``: re-analyse articles whose text is already in the store (``--force``).
    ``embeddings``: compare sentences with MiniLM vectors as well as words when aligning
    rewrites (``--embeddings``): slightly better links on paraphrases, but every sentence of
    the run is encoded, which costs more than the rest of the cross-article stages together.
    ``aliases``: name variants that are one speaker (``--aliases FILE``, the Gender Gap
    Tracker's ``aliases.txt`` format; :func:`newstrace.attribution.aliases.load_aliases`).
    ``since`` / ``until`` (YYYY-MM-DD, inclusive) and ``outlets`` (shell patterns): which
    articles the run keeps (:func:`newstrace.ingest.select.skip_reason`).
    """

    segment: bool = True
    time_limit: float | None = DEFAULT_TIME_LIMIT
    force: bool = False
    embeddings: bool = False
    aliases: "Aliases | None" = None
    since: str | None = None
    until: str | None = None
    outlets: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.time_limit is not None and self.time_limit < 0:
            raise ValueError(f"time_limit must be a number of seconds >= 0, not {self.time_limit!r}")
