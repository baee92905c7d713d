"""Timelines: a speaker's quotes, and a story's articles, over time.

:func:`quote_timeline` (the speaker page) draws one bar per time slot with quotes;
:func:`story_timeline` (the corpus page: the run's coverage of its story) stacks each slot's
articles by role: first publications (the earliest member of a family), copies (later members
taken from another outlet), write-throughs (later versions by the same outlet) and articles
in no family. Both give bar positions and tick labels; the ``timeline`` macro of
``templates/_views.html`` writes the SVG (autoescaped).

An article's time is its publication time, else its crawl time (:func:`graph.member_time`);
undated articles are counted apart. The slot follows the span: :data:`HOURS` hours when it is
at most :data:`SHORT_DAYS` days (one event's coverage), days up to :data:`MAX_DAYS`, weeks
beyond, so the strip stays readable.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from .graph import member_time

__all__ = ["HOURS", "MAX_DAYS", "ROLES", "SHORT_DAYS", "quote_timeline", "story_timeline"]

WIDTH, HEIGHT, PAD, AXIS = 720, 96, 28, 70
MAX_DAYS = 120  #: a longer span is drawn by week
SHORT_DAYS = 3  #: a shorter span (one event's coverage) is drawn by slots of HOURS hours
HOURS = 3
#: The roles of a story's articles, bottom to top of a stacked bar, with their labels.
ROLES = (("first", "first publications"), ("copy", "copies"), ("write-through", "write-throughs"),
         ("alone", "in no family"))


def _slots(times: list[datetime]):
    """(origin, step, label of the slot size) for these times."""
    lo, hi = min(times), max(times)
    span_days = (hi - lo).total_seconds() / 86400
    if span_days <= SHORT_DAYS:
        return lo.replace(minute=0, second=0, microsecond=0, hour=lo.hour - lo.hour % HOURS), \
            timedelta(hours=HOURS), f"{HOURS} hours"
    if span_days < MAX_DAYS:
        return lo.replace(hour=0, minute=0, second=0, microsecond=0), timedelta(days=1), "day"
    return (lo - timedelta(days=lo.weekday())).replace(hour=0, minute=0, second=0, microsecond=0), \
        timedelta(days=7), "week"


def _bars(items: list[tuple[datetime, int, str, str]], noun: str) -> dict:
    """Bars of ``items`` (time, count, article id, series) per slot, stacked by series."""
    origin, step, by = _slots([t for t, _, _, _ in items])
    counts: dict[int, Counter] = {}
    arts: dict[int, set] = {}
    for t, n, aid, series in items:
        k = int((t - origin) / step)
        counts.setdefault(k, Counter())[series] += n
        arts.setdefault(k, set()).add(aid)
    slots = max(counts) + 1
    slot_w = (WIDTH - 2 * PAD) / slots
    top = max(sum(c.values()) for c in counts.values())
    w = min(max(slot_w * 0.7, 2), 36)

    def label(k: int) -> str:
        t = origin + k * step
        return t.strftime("%Y-%m-%d %H:%M") if by.endswith("hours") else t.strftime("%Y-%m-%d")

    bars = []
    for k, c in sorted(counts.items()):
        n = sum(c.values())
        h = round(4 + (AXIS - 14) * n / top, 1)
        x = round(PAD + k * slot_w + (slot_w - w) / 2, 1)
        segs, y = [], AXIS
        for series, _ in (ROLES if noun == "article" else (("", ""),)):
            part = c.get(series, 0)
            if part:
                sh = round(h * part / n, 1)
                y = round(y - sh, 1)
                segs.append({"series": series, "y": y, "h": sh, "n": part})
        detail = ", ".join(f"{c[s]} {lab}" for s, lab in ROLES if c.get(s)) if noun == "article" else \
            f"in {len(arts[k])} article{'s' if len(arts[k]) != 1 else ''}"
        bars.append({"x": x, "w": round(w, 1), "y": round(AXIS - h, 1), "h": h, "n": n, "segments": segs,
                     "title": f"{'week of ' if by == 'week' else ''}{label(k)}{' UTC' if by.endswith('hours') else ''}: "
                              f"{n} {noun}{'s' if n != 1 else ''}" + (f" ({detail})" if noun == "article" else f" {detail}")})
    ticks = [{"x": PAD, "label": label(0), "anchor": "start"}]
    if slots > 1:
        ticks.append({"x": WIDTH - PAD, "label": label(slots - 1), "anchor": "end"})
    return {"bars": bars, "ticks": ticks, "width": WIDTH, "height": HEIGHT, "axis_y": AXIS, "by": by}


def quote_timeline(rows: list[tuple[dict, int]]) -> dict:
    """Bars of quotes per time slot for ``rows`` of (article record, number of quotes)."""
    items, undated = [], 0
    for art, n in rows:
        t, _, _ = member_time(art)
        if t is None:
            undated += n
        else:
            items.append((t, n, art.get("id"), ""))
    if not items:
        return {"bars": [], "undated": undated}
    return {**_bars(items, "quote"), "undated": undated, "what": "Quotes"}


def story_timeline(rows: list[tuple[dict, str]]) -> dict:
    """The run's articles per time slot, stacked by role, for ``rows`` of (article record,
    role: one of :data:`ROLES`' keys)."""
    items, undated = [], 0
    for art, role in rows:
        t, _, _ = member_time(art)
        if t is None:
            undated += 1
        else:
            items.append((t, 1, art.get("id"), role))
    if not items:
        return {"bars": [], "undated": undated}
    present = {r for _, _, _, r in items}
    return {**_bars(items, "article"), "undated": undated, "what": "Articles",
            "legend": [{"series": s, "label": lab} for s, lab in ROLES if s in present]}
