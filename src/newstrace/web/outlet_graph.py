"""The outlet network drawn as a graph: who copies from whom, across a run's families.

:func:`outlet_graph` turns ``outlets`` records into plain numbers and strings (node positions
and sizes, arrows and their widths); the ``outlet_graph`` macro of ``templates/_views.html``
writes the SVG, so every outlet name (untrusted) reaches the page through Jinja2's
autoescaping and nothing here builds markup.

Layout: networkx's ``kamada_kawai_layout`` started from a seeded ``spring_layout`` (so the same
store gives the same picture) on the undirected graph, scaled to the drawing. Readable at a
hundred outlets: a node's area grows with the families it takes part in; the
:data:`LABELLED` busiest outlets carry a label, the others show theirs on hover; at most
:data:`MAX_EDGES` links are drawn (the strongest; the table under the graph lists all), and
an arrow's width grows with its families.
"""
from __future__ import annotations

import math

__all__ = ["LABELLED", "MAX_EDGES", "MAX_NODES", "outlet_graph"]

WIDTH, HEIGHT, PAD = 960, 640, 48
MAX_EDGES = 400  #: links drawn at most (the strongest)
MAX_NODES = 150  #: outlets drawn at most (the busiest)
LABELLED = 30  #: outlets whose name is written next to them
LABEL_CHARS = 22


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"


def outlet_graph(rows: list[dict]) -> dict:
    """Nodes, edges and size of the drawing of ``rows`` (``outlets`` records)."""
    import networkx as nx

    rows = sorted(rows, key=lambda r: (-r["families"], -r["copies"], r["source"], r["copier"]))
    weight: dict[str, int] = {}
    for r in rows:
        for name in (r["source"], r["copier"]):
            weight[name] = weight.get(name, 0) + r["families"]
    keep = set(sorted(weight, key=lambda n: (-weight[n], n))[:MAX_NODES])
    drawn = [r for r in rows if r["source"] in keep and r["copier"] in keep][:MAX_EDGES]
    if not drawn:
        return {"nodes": [], "edges": [], "width": WIDTH, "height": HEIGHT, "hidden_edges": len(rows)}
    g = nx.Graph()
    for r in drawn:
        w = g.get_edge_data(r["source"], r["copier"], {}).get("weight", 0)
        g.add_edge(r["source"], r["copier"], weight=w + r["families"])
    names = sorted(g.nodes)
    if len(names) <= 2:
        pos = {n: ((-0.8, 0.0), (0.8, 0.0))[i] for i, n in enumerate(names)}
    else:
        # Kamada-Kawai spreads a graph of this size evenly (spring layouts pack the hubs
        # into a knot), started from a seeded spring layout so the picture is reproducible
        start = nx.spring_layout(g, seed=7, weight="weight")
        pos = nx.kamada_kawai_layout(g, pos=start)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)

    def at(name: str) -> tuple[float, float]:
        px, py = pos[name]
        sx = (px - x0) / (x1 - x0) if x1 > x0 else 0.5
        sy = (py - y0) / (y1 - y0) if y1 > y0 else 0.5
        return round(PAD + sx * (WIDTH - 2 * PAD), 1), round(PAD + sy * (HEIGHT - 2 * PAD), 1)

    busiest = set(sorted(names, key=lambda n: (-weight[n], n))[:LABELLED])
    nodes = {}
    for n in names:
        x, y = at(n)
        nodes[n] = {"name": n, "x": x, "y": y, "r": round(4 + 2.2 * math.sqrt(weight[n]), 1),
                    "label": _short(n) if n in busiest else "", "families": weight[n],
                    "title": f"{n}: in {weight[n]} copy links (counted by family)"}
    top = max(r["families"] for r in drawn)
    edges = []
    for r in drawn:
        a, b = nodes[r["source"]], nodes[r["copier"]]
        dx, dy = b["x"] - a["x"], b["y"] - a["y"]
        dist = math.hypot(dx, dy) or 1.0
        ux, uy = dx / dist, dy / dist
        # a slight bend tells A→B from B→A when both exist
        mx, my = (a["x"] + b["x"]) / 2 - uy * 0.08 * dist, (a["y"] + b["y"]) / 2 + ux * 0.08 * dist
        sx, sy = a["x"] + ux * a["r"], a["y"] + uy * a["r"]
        ex, ey = b["x"] - ux * (b["r"] + 3), b["y"] - uy * (b["r"] + 3)
        lag = r.get("median_lag_hours")
        edges.append({"d": f"M{sx:.1f},{sy:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}",
                      "width": round(1 + 4 * r["families"] / top, 2), "source": r["source"], "copier": r["copier"],
                      "title": f"{r['copier']} copied {r['source']}: {r['families']} "
                               f"famil{'y' if r['families'] == 1 else 'ies'}, {r['copies']} "
                               f"cop{'y' if r['copies'] == 1 else 'ies'}"
                               + (f", median {lag:.1f} h later" if lag is not None else "")})
    return {"nodes": list(nodes.values()), "edges": edges, "width": WIDTH, "height": HEIGHT,
            "hidden_edges": len(rows) - len(drawn), "hidden_nodes": len(weight) - len(names)}
