"""Who copied whom inside a family: for each member, its most likely source, with evidence.

Members are put in time order: the publication time where both sides have one, else the
download time (when a crawler fetched the page: a copy is fetched after its source was
published), else no time at all. Each member's source is the earlier member that carries
the largest share of its text (the family's copy or rewrite edges; where the two are not
linked, the passage share computed on the spot). The earliest member has no source: it is
the family's root, the report the others rewrite. Members with no time come after the
timed ones, longest first (a copy more often cuts its source than adds to it).

The evidence kept for each member: which time decided (``published``, ``downloaded`` or
``text``), how much of the member its source carries (``carried``) and how much of the
source the member keeps (``kept``) — a copy that adds has ``carried`` < 1, one that cuts has
``kept`` < 1 — and whether the two open with the same lead (``shared_lead``).

The result is a tree per family: every member has one source, so the alignments, links,
support and drift that follow it are linear in the family's size.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import numpy as np

from .corpus import IndexedArticle
from .families import Edge
from .passages import passage_share

__all__ = ["Copy", "LEAD_GRAMS", "copy_tree", "parse_time"]

#: How many of an article's first own 5-grams make its lead.
LEAD_GRAMS = 25
#: Share of the member's lead found in the source's lead for ``shared_lead``.
LEAD_SHARE = 0.5
#: Earlier members scored on the spot when a member has no edge to any of them.
FALLBACK = 8


@dataclass(slots=True)
class Copy:
    """One member of a family and its most likely source (None for the family's root)."""

    family: str
    article: int
    source: int | None
    basis: str
    carried: float | None
    kept: float | None
    shared_lead: bool | None


def parse_time(value: str | None) -> datetime | None:
    """A date or time as inputs give it (ISO 8601, RFC 2822), in UTC; None when unreadable.
    A date without a time is read as its midnight."""
    if not value or not isinstance(value, str):
        return None
    v = value.strip()
    try:
        t = datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        try:
            t = parsedate_to_datetime(v)
        except (TypeError, ValueError, IndexError):
            return None
    return t.replace(tzinfo=timezone.utc) if t.tzinfo is None else t.astimezone(timezone.utc)


def _lead(a: IndexedArticle) -> np.ndarray:
    g = a.grams if a.grams is not None else np.zeros(0, dtype=np.int64)
    return g[:LEAD_GRAMS]


def _shares(arts: list[IndexedArticle], m: int, s: int, edge: Edge | None) -> tuple[float, float]:
    """(share of m that s carries, share of s that m keeps)."""
    if edge is not None:
        return edge.carried(m), edge.carried(s)
    a, b = arts[m].grams, arts[s].grams
    if a is None or b is None:
        return 0.0, 0.0
    return passage_share(a, b), passage_share(b, a)


def copy_tree(arts: list[IndexedArticle], family: str, members: list[int], edges: list[Edge],
              published: dict[int, str | None], downloaded: dict[int, str | None]) -> list[Copy]:
    """The source of every member of one family (``members``: indexes into ``arts``)."""
    pub = {k: parse_time(published.get(k)) for k in members}
    dl = {k: parse_time(downloaded.get(k)) for k in members}
    basis = "published" if all(pub[k] is not None for k in members) else \
        "downloaded" if all((pub[k] or dl[k]) is not None for k in members) else "text"

    def when(k: int) -> datetime | None:
        return pub[k] if basis == "published" else (pub[k] or dl[k]) if basis == "downloaded" else None

    length = {k: int((arts[k].grams != 0).sum()) if arts[k].grams is not None else 0 for k in members}
    order = sorted(members, key=lambda k: (when(k) is None, when(k) or datetime.min.replace(tzinfo=timezone.utc),
                                           -length[k], arts[k].id))
    by_pair = {(min(e.i, e.j), max(e.i, e.j)): e for e in edges}
    out = [Copy(family, order[0], None, basis, None, None, None)]
    for n, m in enumerate(order[1:], 1):
        earlier = order[:n]
        linked = [s for s in earlier if (min(s, m), max(s, m)) in by_pair]
        # no edge to an earlier member: the root and the latest few are scored on the spot
        # (bounded, so a family costs linear time)
        pool = linked or list(dict.fromkeys(earlier[:1] + earlier[-FALLBACK:]))
        best, best_shares = None, (-1.0, -1.0)
        for s in pool:
            shares = _shares(arts, m, s, by_pair.get((min(s, m), max(s, m))))
            if shares > best_shares:
                best, best_shares = s, shares
        lead_m, lead_s = _lead(arts[m]), _lead(arts[best])
        lead_m = lead_m[lead_m != 0]
        shared = bool(len(lead_m) and len(lead_s) and float(np.isin(lead_m, lead_s).mean()) >= LEAD_SHARE)
        out.append(Copy(family, m, best, basis, round(best_shares[0], 4), round(best_shares[1], 4), shared))
    return out
