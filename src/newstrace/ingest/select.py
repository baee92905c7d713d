"""Which articles a run keeps: ``--since`` / ``--until`` on the page's date (else the crawl
date) and ``--outlet`` patterns on the outlet or the URL's host. What is left out is counted
by reason in :attr:`newstrace.runner.RunSummary.skipped`, never an error."""
from __future__ import annotations

import fnmatch
import re
from urllib.parse import urlsplit

from ..model import Article

__all__ = ["check_date", "skip_reason"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def check_date(value: str | None, flag: str) -> str | None:
    """``value`` as YYYY-MM-DD, or ValueError naming ``flag`` when it is not a date."""
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise ValueError(f"{flag} must be a date written YYYY-MM-DD, not {value!r}")
    return value.strip()


def _day(article: Article) -> str | None:
    for value in (article.published, article.downloaded):
        if value and _DATE.match(value.strip()):
            return value.strip()[:10]
    return None


def skip_reason(article: Article, since: str | None = None, until: str | None = None,
                outlets: tuple[str, ...] = ()) -> str | None:
    """Why ``article`` is left out of the run, or None to keep it. Dates are inclusive; an
    article with no date is left out when a date bound is given (it cannot be shown to be in
    range). Outlet patterns are shell-style and case-insensitive ("*bbc*", "nytimes.com")."""
    if since or until:
        day = _day(article)
        if day is None:
            return "filter: no date"
        if since and day < since:
            return "filter: before --since"
        if until and day > until:
            return "filter: after --until"
    if outlets:
        host = urlsplit(article.url).hostname if article.url else None
        names = [n.lower() for n in (article.outlet, host) if n]
        if not any(fnmatch.fnmatch(n, p.lower()) for n in names for p in outlets):
            return "filter: outlet"
    return None
