"""Timelines and the outlet network drawing: plain numbers the templates lay out."""
from __future__ import annotations

from newstrace.web.outlet_graph import LABELLED, MAX_EDGES, outlet_graph
from newstrace.web.timeline import MAX_DAYS, quote_timeline


def test_timeline_hours_days_weeks_and_undated():
    rows = [({"id": "a", "published": "2018-07-16T09:00:00Z"}, 2), ({"id": "b", "published": "2018-07-16T10:30:00Z"}, 1),
            ({"id": "c", "downloaded": "2018-07-17T23:00:00Z"}, 4), ({"id": "d"}, 5)]
    t = quote_timeline(rows)  # one event's coverage: 3-hour slots
    assert t["by"] == "3 hours" and t["undated"] == 5
    assert [(b["n"], b["title"]) for b in t["bars"]] == [(3, "2018-07-16 09:00 UTC: 3 quotes in 2 articles"),
                                                          (4, "2018-07-17 21:00 UTC: 4 quotes in 1 article")]
    assert t["bars"][0]["x"] < t["bars"][1]["x"] and all(0 < b["h"] <= t["axis_y"] for b in t["bars"])
    days = quote_timeline(rows + [({"id": "e", "published": "2018-07-30"}, 1)])
    assert days["by"] == "day" and days["bars"][0]["title"] == "2018-07-16: 3 quotes in 2 articles"
    long = quote_timeline([({"id": str(k), "published": f"2018-{1 + k // 28:02d}-{1 + k % 28:02d}"}, 1)
                           for k in range(0, 300, 3)])
    assert long["by"] == "week" and len(long["bars"]) < MAX_DAYS and long["bars"][0]["title"].startswith("week of")
    assert quote_timeline([({"id": "x"}, 2)]) == {"bars": [], "undated": 2}


def test_outlet_graph_stays_readable_at_a_hundred_outlets():
    rows = [{"source": f"outlet {k % 10}", "copier": f"outlet {10 + k}", "families": 1 + (k % 4), "copies": 2,
             "median_lag_hours": 1.5, "family_ids": ["F"]} for k in range(110)] + \
           [{"source": f"outlet {10 + k}", "copier": f"outlet {11 + k}", "families": 1, "copies": 1,
             "median_lag_hours": None, "family_ids": ["G"]} for k in range(400)]
    g = outlet_graph(rows)
    assert len(g["edges"]) <= MAX_EDGES and g["hidden_edges"] == len(rows) - len(g["edges"])
    assert sum(1 for n in g["nodes"] if n["label"]) == LABELLED
    assert all(0 <= n["x"] <= g["width"] and 0 <= n["y"] <= g["height"] for n in g["nodes"])
    assert outlet_graph([])["nodes"] == []
    # the same links give the same picture
    assert outlet_graph(rows) == g


def test_story_timeline_stacks_first_publications_copies_write_throughs():
    from newstrace.web.timeline import story_timeline

    rows = [({"id": "w", "published": "2018-07-16T06:10:00Z"}, "first"),
            ({"id": "e", "published": "2018-07-16T07:00:00Z"}, "copy"),
            ({"id": "e2", "published": "2018-07-16T08:30:00Z"}, "write-through"),
            ({"id": "x", "downloaded": "2018-07-16T20:00:00Z"}, "alone"), ({"id": "u"}, "copy")]
    t = story_timeline(rows)
    assert t["undated"] == 1 and [l["series"] for l in t["legend"]] == ["first", "copy", "write-through", "alone"]
    first = t["bars"][0]
    assert first["n"] == 3 and [g["series"] for g in first["segments"]] == ["first", "copy", "write-through"]
    assert abs(sum(g["h"] for g in first["segments"]) - first["h"]) < 0.5  # the stack is the bar
    assert first["title"] == ("2018-07-16 06:00 UTC: 3 articles (1 first publications, 1 copies, "
                              "1 write-throughs)")


def test_store_article_roles(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
    from sample_corpus import sample_tables

    from newstrace.store import Store

    t = sample_tables()
    with Store(tmp_path / "s.duckdb") as s:
        s.save_articles(t)
        s.save_corpus(t)
        roles = {a["id"]: role for a, role in s.article_roles()}
    assert roles == {"000_wire": "first", "001_rewrite": "copy", "003_digest": "copy", "002_troops": "alone"}
