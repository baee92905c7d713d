"""A speaker's quotes over time: one bar per day with quotes, on a true date axis.

:func:`quote_timeline` turns ``(article record, quotes in it)`` pairs into bar positions and
tick labels; the ``timeline`` macro of ``templates/_views.html`` writes the SVG (autoescaped).
An article's day is its publication date, else its crawl date (:func:`graph.member_time`);
quotes in undated articles are counted apart. The slot follows the span: hours for one event's
coverage, days, weeks for more than :data:`MAX_DAYS` days, so the strip stays readable.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from .graph import member_time

__all__ = ["MAX_DAYS", "quote_timeline"]

WIDTH, HEIGHT, PAD, AXIS = 720, 96, 28, 70
MAX_DAYS = 120  #: a longer span is drawn by week
SHORT_DAYS = 3  #: a shorter span (one event's coverage) is drawn by slots of HOURS hours
HOURS = 3


def quote_timeline(rows: list[tuple[dict, int]]) -> dict:
    """Bars of quotes per time slot for ``rows`` of (article record, number of quotes): slots
    of :data:`HOURS` hours when the quotes span at most :data:`SHORT_DAYS` days (one news
    event), days up to :data:`MAX_DAYS`, weeks beyond."""
    times: list[tuple[datetime, int, str]] = []
    undated = 0
    for art, n in rows:
        t, _, _ = member_time(art)
        if t is None:
            undated += n
        else:
            times.append((t, n, art.get("id")))
    if not times:
        return {"bars": [], "undated": undated}
    lo, hi = min(t for t, _, _ in times), max(t for t, _, _ in times)
    span_days = (hi - lo).total_seconds() / 86400
    if span_days <= SHORT_DAYS:
        step, by = timedelta(hours=HOURS), f"{HOURS} hours"
        origin = lo.replace(minute=0, second=0, microsecond=0, hour=lo.hour - lo.hour % HOURS)
    elif span_days < MAX_DAYS:
        step, by = timedelta(days=1), "day"
        origin = lo.replace(hour=0, minute=0, second=0, microsecond=0)
    else:
        step, by = timedelta(days=7), "week"
        origin = (lo - timedelta(days=lo.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    counts: Counter = Counter()
    arts: dict[int, set] = {}
    for t, n, aid in times:
        k = int((t - origin) / step)
        counts[k] += n
        arts.setdefault(k, set()).add(aid)
    slots = max(counts) + 1
    slot_w = (WIDTH - 2 * PAD) / slots
    top = max(counts.values())

    def label(k: int) -> str:
        t = origin + k * step
        return t.strftime("%Y-%m-%d %H:%M") if by.endswith("hours") else t.strftime("%Y-%m-%d")

    bars = []
    for k, n in sorted(counts.items()):
        h = round(4 + (AXIS - 14) * n / top, 1)
        w = min(max(slot_w * 0.7, 2), 36)
        bars.append({"x": round(PAD + k * slot_w + (slot_w - w) / 2, 1), "w": round(w, 1),
                     "y": round(AXIS - h, 1), "h": h, "n": n,
                     "title": f"{'week of ' if by == 'week' else ''}{label(k)}{' UTC' if by.endswith('hours') else ''}: "
                              f"{n} quote{'s' if n != 1 else ''} in {len(arts[k])} article{'s' if len(arts[k]) != 1 else ''}"})
    ticks = [{"x": PAD, "label": label(0), "anchor": "start"}]
    if slots > 1:
        ticks.append({"x": WIDTH - PAD, "label": label(slots - 1), "anchor": "end"})
    return {"bars": bars, "ticks": ticks, "width": WIDTH, "height": HEIGHT, "axis_y": AXIS, "undated": undated,
            "by": by}
