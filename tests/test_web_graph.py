"""The family graph (who copied whom on a timeline): layout, arrows, bounds, and escaping in
the family page, the families list and the static report."""
from __future__ import annotations

import re
import sys
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
from sample_corpus import hostile_tables, sample_tables  # noqa: E402

from newstrace.report.html import render_report  # noqa: E402
from newstrace.store import Store  # noqa: E402
from newstrace.web.app import create_app  # noqa: E402
from newstrace.web.graph import GAP, family_graph, time_label  # noqa: E402
from newstrace.web.views import family_context  # noqa: E402


def _art(i, published=None, downloaded=None, outlet=None):
    rec = {"id": f"m{i}", "title": f"title {i}", "outlet": outlet}
    if published:
        rec["published"] = published
    if downloaded:
        rec["downloaded"] = downloaded
    return rec


def _src(m, s, basis="published", carried=0.5, kept=0.4, lead=True):
    return {"family": "F", "article": m, "source": s, "basis": basis, "carried": carried, "kept": kept,
            "shared_lead": lead if s else None}


def _end_points(d: str) -> tuple[tuple[float, float], tuple[float, float]]:
    nums = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return (nums[0], nums[1]), (nums[-2], nums[-1])


# a family given in shuffled order: root m0, m1 and m3 copy it, m2 copies m1, m4 has no time
ARTS = [_art(2, published="2025-03-02T09:00:00Z", outlet="Yle"),
        _art(4, outlet="Untimed Daily"),
        _art(0, published="2025-03-01", outlet="Wire"),
        _art(3, downloaded="2025-03-01T20:00:00+02:00", outlet="Crawled Only"),
        _art(1, published="Sat, 01 Mar 2025 12:00:00 +0000", outlet="Echo")]
SOURCES = [_src("m0", None), _src("m1", "m0"), _src("m2", "m1"), _src("m3", "m0", lead=False), _src("m4", "m2")]
FAMILY = {"id": "F", "articles": [a["id"] for a in ARTS], "score": 0.5, "source": "m0"}


def test_web_graph_members_left_to_right_by_time_untimed_last():
    g = family_graph(FAMILY, ARTS, SOURCES)
    ids = [n["id"] for n in g["nodes"]]
    # published, else downloaded (m3: 18:00 UTC), then the member without a time
    assert ids == ["m0", "m1", "m3", "m2", "m4"] == g["order"]
    xs = [n["x"] for n in g["nodes"]]
    assert all(b - a >= GAP - 0.1 for a, b in zip(xs, xs[1:]))
    assert g["nodes"][2]["time_kind"] == "downloaded" and g["nodes"][2]["time"] == "2025-03-01 18:00"
    assert g["nodes"][0]["time"] == "2025-03-01"  # a date-only input stays a date
    assert g["nodes"][-1]["time"] == "no time" and g["untimed"] == 1
    assert xs[3] < g["divider"] < xs[4]
    # the extra width goes by time: m1 -> m3 (6 h) is narrower than m3 -> m2 (15 h)
    assert xs[2] - xs[1] < xs[3] - xs[2]
    assert g["width"] >= max(xs) and g["height"] > max(n["y"] for n in g["nodes"])


def test_web_graph_one_arrow_from_each_source_to_its_member():
    g = family_graph(FAMILY, ARTS, SOURCES)
    assert {(e["source"], e["target"]) for e in g["edges"]} == {(s["source"], s["article"]) for s in SOURCES
                                                                  if s["source"]}
    pos = {n["id"]: n for n in g["nodes"]}
    for e in g["edges"]:
        (x1, y1), (x2, y2) = _end_points(e["d"])
        a, b = pos[e["source"]], pos[e["target"]]
        assert abs(x1 - a["x"]) <= a["r"] + 0.2 and abs(y1 - a["y"]) <= a["r"] + 0.2
        assert abs(x2 - b["x"]) <= b["r"] + 2 and abs(y2 - b["y"]) <= b["r"] + 2
    # rows are depths: the root on top, each copy one row below its source
    assert [n["id"] for n in g["nodes"] if n["root"]] == ["m0"] == [g["root"]]
    for n in g["nodes"]:
        if n["source"]:
            assert n["y"] > pos[n["source"]]["y"] and n["depth"] == pos[n["source"]]["depth"] + 1
    # each node compares its source with it; the root its first copy
    assert pos["m2"]["pair"] == ("m1", "m2") and pos["m0"]["pair"] == ("m0", "m1")
    assert "carried 50%" in pos["m3"]["title"] and "shared lead no" in pos["m3"]["title"]
    assert "earliest source" in pos["m0"]["title"]


def test_web_graph_time_axis_ticks():
    g = family_graph(FAMILY, ARTS, SOURCES)
    ticks = g["ticks"]
    assert len(ticks) >= 2 and all(t["label"] for t in ticks)
    assert [t["x"] for t in ticks] == sorted(t["x"] for t in ticks)
    assert g["axis_x0"] <= ticks[0]["x"] and ticks[-1]["x"] <= g["axis_x1"]
    assert ticks[0]["label"].startswith("2025-03-01")
    timed = [n for n in g["nodes"] if n["time_kind"]]
    assert timed[0]["x"] <= ticks[0]["x"] and ticks[-1]["x"] <= timed[-1]["x"]


def test_web_graph_time_labels():
    from newstrace.reuse.direction import parse_time

    assert time_label(parse_time("2025-12-10"), "2025-12-10") == "2025-12-10"
    assert time_label(parse_time("2025-12-10T18:30:00+02:00"), "2025-12-10T18:30:00+02:00") == "2025-12-10 16:30"
    assert time_label(None) == "no time"


def test_web_graph_without_sources_or_times():
    arts = [_art(i) for i in range(3)]
    g = family_graph({"id": "F", "articles": ["m0", "m1", "m2"], "score": 0.1}, arts, [])
    assert [n["id"] for n in g["nodes"]] == ["m0", "m1", "m2"] and not g["edges"] and not g["ticks"]
    assert g["root"] == "m0" and g["divider"] is None


def test_web_graph_bad_sources_do_not_hang():
    arts = [_art(i, published=f"2025-01-0{i + 1}") for i in range(3)]
    cyc = [_src("m0", "m2"), _src("m1", "m0"), _src("m2", "m1"), _src("mX", "m0")]
    g = family_graph({"id": "F", "articles": ["m0", "m1", "m2"], "score": 0.1}, arts, cyc)
    assert len(g["nodes"]) == 3 and len(g["edges"]) == 2


def test_web_graph_large_family_is_bounded():
    n = 60
    arts = [_art(i, published=f"2025-02-{1 + i % 28:02d}T{i % 24:02d}:00:00Z" if i % 7 else None) for i in range(n)]
    arts[0]["published"] = None  # the root has no time: drawn anyway
    srcs = [_src("m0", None)] + [_src(f"m{i}", f"m{(i - 1) // 2}") for i in range(1, n)]
    g = family_graph({"id": "F", "articles": [a["id"] for a in arts], "score": 0.1, "source": "m0"}, arts, srcs,
                     max_nodes=24)
    assert len(g["nodes"]) == 24 and g["hidden"] == n - 24 and len(g["order"]) == n
    assert "m0" in {x["id"] for x in g["nodes"]}
    assert g["width"] < 24 * GAP + 600
    assert all(e["source"] in g["order"] for e in g["edges"])


# -- the pages ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tables():
    return hostile_tables(sample_tables())


@pytest.fixture(scope="module")
def db(tmp_path_factory, tables):
    path = tmp_path_factory.mktemp("graph") / "s.duckdb"
    with Store(path) as s:
        s.save_articles(tables)
        s.save_corpus(tables)
    return path


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db)) as c:
        yield c


def _svg(html: str) -> str:
    m = re.search(r'<svg class="family-graph".*?</svg>', html, re.S)
    assert m, "no family graph on the page"
    return m.group(0)


def test_web_graph_family_page_draws_the_chain(client, tables):
    html = client.get("/family/F1").text
    svg = _svg(html)
    srcs = [s for s in tables["sources"] if s["family"] == "F1"]
    edges = re.findall(r'<path class="edge[^"]*" d="[^"]*" marker-end="[^"]*"\s+data-source="([^"]*)" '
                       r'data-target="([^"]*)"', svg)
    assert sorted(edges) == sorted((s["source"], s["article"]) for s in srcs if s["source"])
    nodes = re.findall(r'<a class="node([^"]*)" href="([^"]*)" data-id="([^"]*)"', svg)
    assert [n[2] for n in nodes] == ["000_wire", "001_rewrite", "003_digest"]  # by publication time
    assert "root" in nodes[0][0] and "earliest source" in svg
    assert nodes[2][1] == "/family/F1?a=001_rewrite&amp;b=003_digest"
    assert "selected sel-a" in nodes[0][0] and "selected sel-b" in nodes[1][0]  # default: root and first copy
    assert re.search(r'class="tick-label"[^>]*>2025-12-09', svg) and "2025-12-10 18:30" in svg
    assert "carried 71% · kept 64% · shared lead yes" in svg
    # the members' table under the graph
    assert html.count('class="member-row') == 3
    assert '<span class="badge badge-root">earliest source</span>' in html
    assert ">71%<" in html and ">21%<" in html
    # the graph comes before the side-by-side view
    assert html.index('class="family-graph"') < html.index('class="family-view"')


def test_web_graph_node_link_selects_the_pair(client):
    html = client.get("/family/F1", params={"a": "001_rewrite", "b": "003_digest"}).text
    assert 'Side by side: 001_rewrite ↔ 003_digest' in html
    assert re.search(r'<path class="edge active"[^>]*data-source="001_rewrite" data-target="003_digest"', html)
    assert html.count("<li data-l=") == 1  # the digest's one aligned sentence
    # only a (source, member) pair: the first copy of a given member is its partner
    html = client.get("/family/F1", params={"a": "001_rewrite"}).text
    assert 'Side by side: 001_rewrite ↔ 003_digest' in html


def test_web_graph_hostile_outlet_and_ids_are_escaped(client, tables):
    evil = next(a for a in tables["articles"] if "<script>" in a["id"])
    for url in ("/family/F666", "/families"):
        html = client.get(url).text
        assert "<script>window" not in html and "<img src=x" not in html, url
    svg = _svg(client.get("/family/F666").text)
    assert "<img" not in svg and "<script" not in svg and "onerror=" not in svg.replace("onerror=&#34;", "")
    assert 'data-id="evil_&lt;script&gt;"' in svg
    assert "&lt;img src=x onerror=" in svg  # the outlet, cut, as text
    hrefs = re.findall(r'href="([^"]*)"', svg)
    assert hrefs and all(h.startswith("/family/F666?") for h in hrefs)
    assert "a=evil_%3Cscript%3E" in unescape(" ".join(hrefs))
    assert unescape(re.search(r"<title>(.*?)</title>", svg, re.S).group(1)).count(evil["id"]) >= 1


def test_web_graph_families_list_shows_earliest_source_and_size(client):
    html = client.get("/families").text
    row = re.search(r'<tr class="family-row"><td><a href="/family/F1">F1</a></td>.*?</tr>', html, re.S).group(0)
    assert "NATO Military Chiefs Meet on Ukraine Support" in row and "Wire Service" in row
    assert '<td class="num">3</td>' in row
    evil_row = re.search(r'<tr class="family-row"><td><a href="/family/F666">.*?</tr>', html, re.S).group(0)
    assert "&lt;script&gt;window.__pwned" in evil_row and '<td class="num">2</td>' in evil_row


def test_web_graph_in_the_static_report(tables):
    html = render_report(tables)
    sections = re.findall(r'<section class="view" id="family-\d+">.*?</section>', html, re.S)
    assert len(sections) == 2
    f1 = next(s for s in sections if "Family F1" in s)
    svg = _svg(f1)
    assert svg.count('<path class="edge') == 2 and 'marker id="f' in svg
    # the report shows one pair per family: nodes link to the members' articles
    assert all(h.startswith("#article-") for h in re.findall(r'href="([^"]*)"', svg))
    assert "<img src=x" not in html and "<script>window" not in html


def test_web_graph_store_without_sources_table(tmp_path):
    """A store written before the ``sources`` table: the pages still render, without arrows."""
    tables = sample_tables()
    path = tmp_path / "old.duckdb"
    with Store(path) as s:
        s.save_articles(tables)
        s.save_corpus(tables)
        s.con.execute("DROP TABLE sources")
    with Store(path, read_only=True) as s:
        assert s.sources_of_family("F1") == []
        c = family_context(s, "F1")
        assert c["graph"]["root"] == "000_wire" and not c["graph"]["edges"]
    with TestClient(create_app(path)) as client:
        assert client.get("/family/F1").status_code == 200
        assert "NATO Military Chiefs" in client.get("/families").text
