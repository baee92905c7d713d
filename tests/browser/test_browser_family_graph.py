"""The family page's copy graph in Chromium: who copied whom, on a timeline, and clicking a
member to compare it with its source. Served from the hand-made sample corpus, whose
family F1 is a chain with publication times (wire → rewrite → digest)."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from newstrace.reuse.direction import parse_time

pytestmark = pytest.mark.browser


def _ready(page) -> None:
    page.wait_for_function("window.__newstraceReady === true")


def _time(article: dict):
    return parse_time(article.get("published")) or parse_time(article.get("downloaded"))


def test_browser_family_graph_arrows_timeline_and_click(page, sample_base_url, sample_served_tables, screenshots):
    t = sample_served_tables
    fam = next(f for f in t["families"] if f["id"] == "F1")
    srcs = [s for s in t["sources"] if s["family"] == "F1"]
    arts = {a["id"]: a for a in t["articles"]}
    root = next(s["article"] for s in srcs if s["source"] is None)
    copies = [s for s in srcs if s["source"]]
    page.goto(f"{sample_base_url}/family/F1")
    _ready(page)
    svg = page.locator("svg.family-graph")
    assert svg.count() == 1 and svg.is_visible()

    # one arrow per member that has a source, from the source to it
    edges = svg.locator("path.edge")
    assert edges.count() == len(copies) == len(fam["articles"]) - 1
    drawn = {(e.get_attribute("data-source"), e.get_attribute("data-target")) for e in edges.all()}
    assert drawn == {(s["source"], s["article"]) for s in copies}
    for e in edges.all():
        assert e.get_attribute("marker-end").startswith("url(#")

    # members left to right by time, the root marked as the earliest source
    nodes = svg.locator("a.node")
    xs = {n.get_attribute("data-id"): float(n.locator("circle").get_attribute("cx")) for n in nodes.all()}
    assert set(xs) == set(fam["articles"])
    by_time = sorted(fam["articles"], key=lambda a: _time(arts[a]))
    assert sorted(xs, key=xs.get) == by_time
    root_node = svg.locator("a.node.root")
    assert root_node.count() == 1 and root_node.get_attribute("data-id") == root
    assert "earliest source" in root_node.inner_html()
    for aid in fam["articles"]:
        label = svg.locator(f'a.node[data-id="{aid}"] text.node-label').text_content()
        assert label == arts[aid]["outlet"]
        assert svg.locator(f'a.node[data-id="{aid}"] text.node-time').text_content().startswith(
            _time(arts[aid]).strftime("%Y-%m-%d"))

    # the time axis: tick labels in order under the members
    ticks = svg.locator("text.tick-label")
    assert ticks.count() >= 2
    assert ticks.first.text_content().startswith(min(_time(arts[a]) for a in xs).strftime("%Y-%m-%d"))
    tick_x = [float(x.get_attribute("x")) for x in ticks.all()]
    assert tick_x == sorted(tick_x) and min(xs.values()) <= tick_x[0] and tick_x[-1] <= max(xs.values())

    # hovering a member shows carried / kept / shared lead in its title
    last = by_time[-1]
    assert last != root
    rec = next(s for s in srcs if s["article"] == last)
    title = svg.locator(f'a.node[data-id="{last}"] > title').text_content()
    assert f"carried {round(100 * rec['carried'])}%" in title and f"kept {round(100 * rec['kept'])}%" in title
    assert "shared lead" in title
    svg.locator(f'a.node[data-id="{last}"] circle').hover()

    # default side by side: the root and its first copy
    first_copy = min((s["article"] for s in copies if s["source"] == root), key=lambda a: _time(arts[a]))
    cols = page.locator(".family-col h2")
    assert cols.nth(0).inner_text() == arts[root]["title"] and cols.nth(1).inner_text() == arts[first_copy]["title"]

    # the table under the graph: one row per member
    rows = page.locator("table.family-members tr.member-row")
    assert rows.count() == len(fam["articles"])
    assert [r.get_attribute("data-id") for r in rows.all()] == by_time

    # clicking a member switches the side-by-side view to (its source, it)
    svg.locator(f'a.node[data-id="{last}"]').click()
    page.wait_for_url(lambda u: parse_qs(urlparse(u).query).get("b") == [last])
    _ready(page)
    q = parse_qs(urlparse(page.url).query)
    assert q == {"a": [rec["source"]], "b": [last]}
    cols = page.locator(".family-col h2")
    assert cols.nth(0).inner_text() == arts[rec["source"]]["title"] and cols.nth(1).inner_text() == arts[last]["title"]
    n_links = len([x for x in t["links"] if {x["a"], x["b"]} == {rec["source"], last}])
    assert page.locator("svg.family-links line").count() == n_links >= 1
    assert page.locator(f'svg.family-graph a.node.sel-b[data-id="{last}"]').count() == 1
    active = page.locator("svg.family-graph path.edge.active")
    assert active.count() == 1 and active.get_attribute("data-target") == last
    assert not page.errors and not page.dialogs
    page.mouse.move(0, 0)
    page.screenshot(path=str(screenshots / "family-graph.png"), full_page=False)


def test_browser_families_list_shows_earliest_source(page, sample_base_url, sample_served_tables):
    page.goto(f"{sample_base_url}/families")
    _ready(page)
    arts = {a["id"]: a for a in sample_served_tables["articles"]}
    for fam in sample_served_tables["families"]:
        row = page.locator("tr.family-row").filter(has=page.locator(f'td > a:text-is("{fam["id"]}")'))
        assert row.count() == 1
        root = arts[fam["source"]]
        assert row.locator("td.family-root a").inner_text() == root["title"]
        assert root["outlet"] in row.locator("td.family-root").inner_text()
        assert row.locator("td.num").first.inner_text() == str(len(fam["articles"]))
    assert page.evaluate("typeof window.__pwned") == "undefined" and not page.dialogs
