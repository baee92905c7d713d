"""The outlet network: which outlets copy from which, across every family of a run.

Built from the ``sources`` table (each family member and the member it most likely copied,
:mod:`newstrace.reuse.direction`) and the articles' outlets and times. One directed link per
pair of outlets: ``source`` → ``copier``, weighted by the number of families in which the
copier took an article of the source outlet, with the number of copies and the median time
the copy followed by (the articles' publication times, else their crawl times; only pairs
with both). An outlet copying itself (a write-through, an update) is not a link. An article
with neither an outlet nor a URL has no outlet and makes no link.

Cost: one pass over the ``sources`` rows and a dictionary per outlet pair: linear in the
family members, never in pairs of articles.
"""
from __future__ import annotations

import statistics
from collections.abc import Iterable
from urllib.parse import urlsplit

from ..model import Article, OutletLink, Source
from .direction import parse_time

__all__ = ["outlet_network", "outlet_of"]


def outlet_of(article: Article) -> str | None:
    """The outlet's name: the input's ``outlet``, else the URL's host without ``www.``."""
    if article.outlet and article.outlet.strip():
        return article.outlet.strip()
    host = urlsplit(article.url).hostname if article.url else None
    if host:
        return host[4:] if host.startswith("www.") else host
    return None


def _time(article: Article):
    return parse_time(article.published) or parse_time(article.downloaded)


def outlet_network(articles: Iterable[Article], sources: Iterable[Source]) -> list[OutletLink]:
    """The run's outlet links, most families first (see the module docstring)."""
    by_id = {a.id: a for a in articles}
    agg: dict[tuple[str, str], dict] = {}
    for s in sources:
        if s.source is None:
            continue
        copy, orig = by_id.get(s.article), by_id.get(s.source)
        if copy is None or orig is None:
            continue
        to, frm = outlet_of(copy), outlet_of(orig)
        if not to or not frm or to == frm:
            continue
        link = agg.setdefault((frm, to), {"families": set(), "copies": 0, "lags": []})
        link["families"].add(s.family)
        link["copies"] += 1
        t_copy, t_orig = _time(copy), _time(orig)
        if t_copy is not None and t_orig is not None:
            link["lags"].append((t_copy - t_orig).total_seconds() / 3600)
    out = [OutletLink(source=frm, copier=to, families=len(v["families"]), copies=v["copies"],
                      median_lag_hours=statistics.median(v["lags"]) if v["lags"] else None,
                      family_ids=sorted(v["families"]))
           for (frm, to), v in agg.items()]
    out.sort(key=lambda link: (-link.families, -link.copies, link.source, link.copier))
    return out
