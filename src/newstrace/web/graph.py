"""The family graph: who copied whom, laid out on a timeline.

:func:`family_graph` turns a family's members (article records without text) and its
``sources`` records into plain numbers and strings: node positions, arrows from each
member's source to it, and the ticks of a time axis. The SVG itself is written by the
``family_graph`` macro of ``templates/_views.html``, so every string here (outlet names,
ids, titles: all untrusted) reaches the page through Jinja2's autoescaping; nothing in this
module builds markup.

Layout. Members go left to right by time: the publication time, else the download time;
members without either come after the timed ones, behind a dashed divider. Consecutive
members are at least :data:`GAP` pixels apart, and the rest of the width is shared out in
proportion to the time between them, so the axis is true in order and stretched where
members crowd (its tick labels say where each time falls). Rows are the depth in the copy
tree: the root (the family's earliest source) on top, what copied it one row down, and so
on. At most ``max_nodes`` members are drawn (the earliest ones, the root always); the rest
are counted as "+k more".
"""
from __future__ import annotations

import calendar
import math
from datetime import datetime, timezone

from ..reuse.direction import parse_time

__all__ = ["MAX_NODES", "family_graph", "member_time", "time_label"]

MAX_NODES = 24  #: members drawn at most; the others are counted
GAP = 112  #: least horizontal distance between two members, in px (room for their labels)
INNER = 1040  #: width the members spread over when there is room, in px
MARGIN = 72  #: left and right margin (half a tick label)
MIN_WIDTH = 420  #: room for the axis caption of a small family
TOP = 40  #: room above the first row for the root's badge
ROW = 66  #: distance between rows (depths)
MAX_ROWS = 7  #: deeper members share the last row
RADIUS = 9
ROOT_RADIUS = 12
LABEL_CHARS = 16  #: longer outlet names or ids are cut (the hover title has them whole)
_CHAR_PX = 6.3  #: rough width of one character of a tick label

_STEPS = [60 * m for m in (1, 5, 15, 30)] + [3600 * h for h in (1, 3, 6, 12)] + [86400 * d for d in (1, 2, 7, 14)]
_MONTH_STEPS = (1, 3, 6, 12, 24, 60, 120)


def member_time(article: dict) -> tuple[datetime | None, str | None, str | None]:
    """(time, which field gave it, the raw value): ``published`` when it parses, else ``downloaded``."""
    for key in ("published", "downloaded"):
        raw = article.get(key)
        t = parse_time(raw) if isinstance(raw, str) else None
        if t is not None:
            return t, key, raw
    return None, None, None


def _date_only(raw: str | None, t: datetime) -> bool:
    return bool(raw) and len(raw.strip()) <= 10 and t.hour == t.minute == t.second == 0


def time_label(t: datetime | None, raw: str | None = None) -> str:
    """A member's time as shown: the date alone for a date-only input, else date and UTC time."""
    if t is None:
        return "no time"
    return t.strftime("%Y-%m-%d") if _date_only(raw, t) else t.strftime("%Y-%m-%d %H:%M")


def _cut(s: str, n: int = LABEL_CHARS) -> str:
    s = " ".join(str(s).split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _share(v) -> str:
    return f"{round(100 * v)}%" if isinstance(v, (int, float)) else "–"


def _depths(ids: list[str], parent: dict[str, str | None]) -> dict[str, int]:
    """Depth of every member in the copy tree. A cycle (bad input) is cut where a walk up
    the sources first comes back to a member: that member loses its source."""
    for m in ids:
        seen: set[str] = set()
        cur = m
        while cur is not None:
            if cur in seen:
                parent[cur] = None
                break
            seen.add(cur)
            cur = parent.get(cur)
    depth: dict[str, int] = {}
    for m in ids:
        chain, cur = [], m
        while cur is not None and cur not in depth:
            chain.append(cur)
            cur = parent.get(cur)
        base = depth[cur] + 1 if cur is not None else 0
        for k, node in enumerate(reversed(chain)):
            depth[node] = base + k
    return depth


def _epoch(t: datetime) -> float:
    return t.timestamp()


def _nice_ticks(t0: float, t1: float, want: int = 8) -> tuple[list[float], str]:
    """Round times between t0 and t1 (seconds) and the granularity of their labels."""
    span = t1 - t0
    if span <= 0:
        return [t0], "exact"
    for step in _STEPS:
        if span / step <= want:
            first = math.ceil(t0 / step) * step
            ticks = [first + k * step for k in range(int((t1 - first) // step) + 1)]
            return ticks, ("minute" if step < 86400 else "day")
    d0 = datetime.fromtimestamp(t0, timezone.utc)
    months = (span / 86400) / 30.44
    step = next((m for m in _MONTH_STEPS if months / m <= want), _MONTH_STEPS[-1])
    y, mo = d0.year, d0.month
    ticks = []
    while True:
        idx = (y * 12 + mo - 1)
        idx = -(-idx // step) * step  # round up to a multiple of the step
        y, mo = divmod(idx, 12)
        mo += 1
        t = calendar.timegm((y, mo, 1, 0, 0, 0))
        if t > t1:
            break
        if t >= t0:
            ticks.append(float(t))
        mo += step
        y, mo = y + (mo - 1) // 12, (mo - 1) % 12 + 1
    return ticks, "month"


def _interp(t: float, pts: list[tuple[float, float]]) -> float | None:
    """x of time t on the piecewise-linear axis through ``pts`` ((time, x), by time)."""
    if not pts or t < pts[0][0] or t > pts[-1][0]:
        return None
    for (ta, xa), (tb, xb) in zip(pts, pts[1:]):
        if ta <= t <= tb:
            return xa if tb == ta else xa + (xb - xa) * (t - ta) / (tb - ta)
    return pts[0][1]


def _tick_label(t: float, kind: str, prev: datetime | None) -> str:
    d = datetime.fromtimestamp(t, timezone.utc)
    if kind == "month":
        return d.strftime("%Y-%m")
    if kind == "day" or (kind == "exact" and d.hour == d.minute == 0):
        return d.strftime("%Y-%m-%d")
    if prev is None or prev.date() != d.date():
        return d.strftime("%Y-%m-%d %H:%M")
    return d.strftime("%H:%M")


def _arrow(x1: float, y1: float, r1: float, x2: float, y2: float, r2: float) -> str:
    """Path data of a curve from circle 1 to circle 2 (leaving and entering sideways)."""
    s = 1 if x2 >= x1 else -1
    k = max(abs(x2 - x1) * 0.5, 30.0)
    bow = -0.75 * ROW if abs(y2 - y1) < 1 else 0.0  # same row: bend over the members between
    c1, c2 = (x1 + s * k, y1 + bow), (x2 - s * k, y2 + bow)

    def edge(cx, cy, r, tx, ty):
        dx, dy = tx - cx, ty - cy
        n = math.hypot(dx, dy) or 1.0
        return cx + r * dx / n, cy + r * dy / n

    a = edge(x1, y1, r1, *c1)
    b = edge(x2, y2, r2 + 1.5, *c2)
    f = lambda v: f"{v:.1f}"  # noqa: E731
    return f"M{f(a[0])},{f(a[1])} C{f(c1[0])},{f(c1[1])} {f(c2[0])},{f(c2[1])} {f(b[0])},{f(b[1])}"


def family_graph(family: dict, articles: list[dict], sources: list[dict], max_nodes: int = MAX_NODES) -> dict:
    """The layout of one family's copy graph.

    ``articles``: the members present in the store (records without text); ``sources``:
    the family's ``sources`` records. Returns ``nodes`` (timeline order, with ``x``, ``y``,
    ``r``, labels, hover ``title``, ``source``, ``depth``, ``root``, ``pair`` to compare),
    ``edges`` (``source`` → ``target`` with path data ``d``), ``ticks`` (``x``, ``label``),
    the axis and divider positions, ``width``/``height``, ``order`` (every member id in
    timeline order), ``root``, ``hidden`` (members not drawn), ``basis`` and ``copies_of``
    (each source's copies, in timeline order).
    """
    by_id = {a["id"]: a for a in articles if a.get("id") is not None}
    index = {m: i for i, m in enumerate(family.get("articles") or [])}
    ids = sorted(by_id, key=lambda m: (index.get(m, len(index)), m))
    recs = {s["article"]: s for s in sources if s.get("article") in by_id}
    parent: dict[str, str | None] = {}
    for m in ids:
        src = (recs.get(m) or {}).get("source")
        parent[m] = src if src in by_id and src != m else None
    root = next((m for m in ids if m in recs and recs[m].get("source") is None), None)
    if root is None and family.get("source") in by_id:
        root = family["source"]
    depth = _depths(ids, parent)
    times = {m: member_time(by_id[m]) for m in ids}

    timed = sorted((m for m in ids if times[m][0] is not None),
                   key=lambda m: (_epoch(times[m][0]), depth[m], index.get(m, 0), m))
    untimed = sorted((m for m in ids if times[m][0] is None), key=lambda m: (depth[m], index.get(m, 0), m))
    order = timed + untimed
    if root is None and order:
        root = order[0]
    shown = order[:max_nodes]
    if root is not None and root not in shown and max_nodes > 0:
        shown = [root] + order[: max_nodes - 1]
        shown.sort(key=order.index)
    shown_set = set(shown)
    hidden = len(order) - len(shown)

    # x: at least GAP apart, the remaining width shared out by time
    st = [m for m in shown if times[m][0] is not None]
    su = [m for m in shown if times[m][0] is None]
    xs: dict[str, float] = {}
    untimed_w = (len(su) - 1) * GAP + (1.3 * GAP if st else 0) if su else 0
    if st:
        secs = [_epoch(times[m][0]) for m in st]
        span_t = secs[-1] - secs[0]
        extra = max(0.0, INNER - untimed_w - (len(st) - 1) * GAP) if len(st) > 1 else 0.0
        for i, (m, t) in enumerate(zip(st, secs)):
            frac = (t - secs[0]) / span_t if span_t > 0 else (i / (len(st) - 1) if len(st) > 1 else 0)
            xs[m] = MARGIN + i * GAP + extra * frac
    start_u = (xs[st[-1]] + 1.3 * GAP) if st else MARGIN
    for i, m in enumerate(su):
        xs[m] = start_u + i * GAP
    divider = round(xs[st[-1]] + 0.65 * GAP, 1) if st and su else None

    rows = {m: min(depth[m], MAX_ROWS - 1) for m in shown}
    n_rows = max(rows.values(), default=0) + 1
    ys = {m: TOP + rows[m] * ROW for m in shown}
    axis_y = TOP + (n_rows - 1) * ROW + 54
    width = max(max(xs.values(), default=MARGIN) + MARGIN, MIN_WIDTH)
    height = axis_y + (34 if st else 20)

    # which pair each node compares: its source and it; the root with its first copy
    copies_of: dict[str, list[str]] = {}
    for m in order:
        if parent.get(m):
            copies_of.setdefault(parent[m], []).append(m)
    nodes = []
    for m in shown:
        art, (t, tkind, raw) = by_id[m], times[m]
        rec = recs.get(m) or {}
        src = parent.get(m)
        if m == root:
            first = (copies_of.get(m) or [x for x in order if x != m] or [None])[0]
            pair = (m, first) if first else None
        elif src:
            pair = (src, m)
        else:
            pair = (root, m) if root else None
        label = art.get("outlet") or m
        lines = [art.get("title") or m, f"id {m}"]
        if art.get("outlet"):
            lines.append(f"outlet {art['outlet']}")
        lines.append(f"{tkind} {time_label(t, raw)}" if t else "no published or download time")
        if m == root:
            lines.append("earliest source of the family")
        elif src:
            lines.append(f"source {src}")
            lines.append(f"carried {_share(rec.get('carried'))} · kept {_share(rec.get('kept'))} · shared lead "
                         + ({True: "yes", False: "no"}.get(rec.get("shared_lead"), "–")))
        else:
            lines.append("source not known")
        if rec.get("basis"):
            lines.append(f"ordered by {rec['basis']}")
        nodes.append({"id": m, "x": round(xs[m], 1), "y": ys[m], "r": ROOT_RADIUS if m == root else RADIUS,
                      "label": _cut(label), "time": time_label(t, raw), "time_kind": tkind,
                      "title": "\n".join(lines), "source": src, "depth": depth[m], "root": m == root,
                      "pair": pair, "carried": rec.get("carried"), "kept": rec.get("kept"),
                      "shared_lead": rec.get("shared_lead")})
    pos = {n["id"]: n for n in nodes}
    edges = []
    for n in nodes:
        s = n["source"]
        if s in pos:
            a = pos[s]
            edges.append({"source": s, "target": n["id"],
                          "d": _arrow(a["x"], a["y"], a["r"], n["x"], n["y"], n["r"]),
                          "title": f"{s} → {n['id']}: carried {_share(n['carried'])}, kept {_share(n['kept'])}"})

    ticks = []
    if st:
        groups: dict[float, list[float]] = {}
        for m in st:
            groups.setdefault(_epoch(times[m][0]), []).append(xs[m])
        pts = sorted((t, sum(v) / len(v)) for t, v in groups.items())
        raw_ticks, kind = _nice_ticks(pts[0][0], pts[-1][0])
        last_x, last_w, prev = None, 0.0, None
        for t in raw_ticks:
            x = _interp(t, pts)
            if x is None:
                continue
            label = _tick_label(t, kind, prev)
            w = len(label) * _CHAR_PX
            if last_x is not None and x - last_x < (w + last_w) / 2 + 10:
                continue
            ticks.append({"x": round(x, 1), "label": label})
            last_x, last_w, prev = x, w, datetime.fromtimestamp(t, timezone.utc)
    basis = next((r.get("basis") for r in recs.values() if r.get("basis")), None)
    return {"nodes": nodes, "edges": edges, "ticks": ticks, "order": order, "root": root, "hidden": hidden,
            "shown": len(nodes), "width": round(width), "height": round(height), "axis_y": axis_y,
            "axis_x0": round(xs[st[0]] - 24, 1) if st else None, "axis_x1": round(xs[st[-1]] + 24, 1) if st else None,
            "divider": divider, "untimed": len(su), "basis": basis,
            "copies_of": copies_of}
