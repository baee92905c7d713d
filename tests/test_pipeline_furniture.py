"""Page furniture through the whole pipeline: found on real-shaped pages, written to the
``furniture`` table, kept out of attributions; the article text stays the input's bytes."""
from __future__ import annotations

import json

from newstrace.options import Options
from newstrace.runner import run_analysis

from .conftest import check_output

PAGE_A = """Leaders meet in Helsinki

Share on Facebook Share on Twitter

The two presidents met for four hours on Monday in the Finnish capital, officials said.

Image 1 of 3

"We are here to talk about everything," Putin said at the palace on Monday in Helsinki. (AP Photo/Jane Roe)

"We had a very good talk," the president told reporters after the meeting ended on Monday.

Most Shared Today

The talks will continue at a lower level next week, according to two aides.
"""

PAGE_B = """Markets shrug off the summit

Most Shared Today

Stocks rose on Tuesday as investors looked past the meeting in Helsinki, traders said.

Oil prices held steady for a second day, according to figures released on Tuesday.
"""


def _rows(out, table):
    path = out / f"{table}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_pipeline_furniture_written_and_kept_out_of_attributions(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(PAGE_A, encoding="utf-8")
    (src / "b.txt").write_text(PAGE_B, encoding="utf-8")
    out = tmp_path / "out"
    run_analysis([src], out_dir=out, options=Options())
    assert check_output(out).returncode == 0
    arts = {a["id"]: a for a in _rows(out, "articles")}
    assert arts["a"]["text"] == PAGE_A  # the text is never changed: offsets hold
    furn = [f for f in _rows(out, "furniture") if f["article"] == "a"]
    kinds = {PAGE_A[f["span"]["start"]:f["span"]["end"]]: f["kind"] for f in furn}
    assert kinds["Share on Facebook Share on Twitter"] == "share"
    assert kinds["Image 1 of 3"] == "gallery"
    assert kinds["Most Shared Today"] == "repeated"  # recurs on both pages, between different lines
    caption = next(k for k, v in kinds.items() if k.startswith('"We are here'))
    assert kinds[caption] == "caption-credit"
    # the caption's quote is the page's, not the article's reporting; the body's quote is kept
    attrs = [a for a in _rows(out, "attributions") if a["article"] == "a"]
    contents = [PAGE_A[a["content"]["start"]:a["content"]["end"]] for a in attrs if a.get("content")]
    assert any("We had a very good talk" in c for c in contents)
    assert not any("We are here" in c for c in contents)
