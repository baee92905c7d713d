"""WARC input: pages with url and outlet, skips counted, damage reported, memory flat."""
from __future__ import annotations

import json
from collections import Counter

import pytest
from typer.testing import CliRunner

from newstrace.cli import app
from newstrace.ingest import read_inputs
from newstrace.ingest.warc import read_warc
from newstrace.model import Article, IngestError

from .conftest import check_output
from .warc_helpers import article_html, record


def _crawl(gz: bool = True) -> list[bytes]:
    return [
        record("https://example.com/", b"", rtype="warcinfo", gz=gz),
        record("https://www.example.com/world/talks-1", b"", rtype="request", gz=gz),
        record("https://www.example.com/world/talks-1", article_html(1), gz=gz),
        record("https://news.example.org/missing", b"<html>gone</html>", status=404, gz=gz),
        record("https://www.example.com/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), ctype="image/png", gz=gz),
        record("https://news.example.org/politics/talks-2", article_html(2, site="", date="2018-07-17"),
               date="2018-07-17T08:30:00Z", gz=gz),
        record("https://www.example.com/world/talks-1", article_html(1), gz=gz),  # the same URL again
        record("https://www.example.com/", b"<html><body><ul><li>a</li></ul></body></html>", gz=gz),
    ]


def _read(path, skipped=None):
    items = list(read_warc(path, skipped=skipped if skipped is not None else Counter()))
    return [a for a in items if isinstance(a, Article)], [e for e in items if isinstance(e, IngestError)]


@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_responses_become_articles_with_url_and_outlet(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(b"".join(_crawl(gz)))
    skipped = Counter()
    arts, errs = _read(path, skipped)
    assert errs == []
    assert [a.url for a in arts] == ["https://www.example.com/world/talks-1", "https://news.example.org/politics/talks-2"]
    assert [a.outlet for a in arts] == ["Example News", "news.example.org"]  # site name, else the host
    assert [a.id for a in arts] == ["crawl:1", "crawl:2"]
    assert arts[0].title == "Talks end without a deal 1" and arts[0].authors == ["Jane Doe"]
    assert arts[0].published == "2018-07-16" and arts[1].downloaded == "2018-07-17T08:30:00Z"
    assert "“We will not accept this,” the minister said" in arts[0].text
    assert skipped == Counter({"warc: not a response": 2, "warc: not 200": 1, "warc: not HTML": 1,
                               "warc: duplicate URL": 1, "warc: no article text": 1})


@pytest.mark.parametrize("cut", [40, 300])
def test_warc_truncated_file_keeps_the_records_before_the_damage(tmp_path, cut):
    data = b"".join(_crawl()[:3]) + record("https://news.example.org/politics/talks-2", article_html(2))
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:-cut])
    arts, errs = _read(path)
    assert [a.url for a in arts] == ["https://www.example.com/world/talks-1"]
    (err,) = errs
    assert err.code == "E501" and "cut.warc.gz is damaged at byte" in err.error
    assert "The 1 pages before it were read" in err.error


def test_warc_garbage_in_the_middle_is_reported(tmp_path):
    recs = _crawl()
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(b"".join(recs[:3]) + b"\x1f\x8b\x08\x00garbage that is no gzip member" + b"".join(recs[3:]))
    arts, errs = _read(path)
    assert [a.url for a in arts] == ["https://www.example.com/world/talks-1"]
    assert len(errs) == 1 and errs[0].code == "E501"


def test_warc_that_is_not_a_warc_is_an_error_not_a_traceback(tmp_path):
    path = tmp_path / "notes.warc"
    path.write_text("just some notes, not a crawl\n", encoding="utf-8")
    arts, errs = _read(path)
    assert arts == [] and len(errs) == 1 and errs[0].code == "E501" and "is it a WARC file" in errs[0].error
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    arts, errs = _read(empty)
    assert arts == [] and errs[0].code == "E201"


def test_warc_folders_are_walked_and_ids_stay_unique(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for d in ("a", "b"):
        (tmp_path / d / "crawl.warc.gz").write_bytes(b"".join(_crawl()))
    items = list(read_inputs([tmp_path]))
    ids = [a.id for a in items if isinstance(a, Article)]
    assert len(ids) == 4 and len(set(ids)) == 4


def test_warc_cli_analyses_a_crawl_counts_skips_and_filters(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"".join(_crawl()))
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["analyze", str(path), "--out", str(out), "--no-progress"])
    assert res.exit_code == 0, res.output
    assert "skipped: not 200" in res.output and "skipped: not HTML" in res.output
    arts = [json.loads(l) for l in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {a["url"] for a in arts} == {"https://www.example.com/world/talks-1", "https://news.example.org/politics/talks-2"}
    assert check_output(out).returncode == 0
    # filters: the page date (else the crawl date), inclusive; outlet patterns on outlet or host
    out2 = tmp_path / "out2"
    res = CliRunner().invoke(app, ["analyze", str(path), "--out", str(out2), "--no-progress",
                                   "--since", "2018-07-17", "--outlet", "*.example.org"])
    assert res.exit_code == 0, res.output
    arts = [json.loads(l) for l in (out2 / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [a["url"] for a in arts] == ["https://news.example.org/politics/talks-2"]
    assert "skipped: before --since" in res.output
    bad = CliRunner().invoke(app, ["analyze", str(path), "--out", str(out2), "--since", "July 2018"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_warc_damaged_file_in_a_batch_is_reported_and_the_rest_analysed(tmp_path):
    good = tmp_path / "good.warc.gz"
    good.write_bytes(b"".join(_crawl()))
    cut = tmp_path / "cut.warc.gz"
    data = b"".join(_crawl())
    cut.write_bytes(data[: len(data) // 2])
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["analyze", str(tmp_path), "--out", str(out), "--no-progress"])
    assert res.exit_code == 1 and "Traceback" not in res.output
    errs = [json.loads(l) for l in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["code"] for e in errs] == ["E501"] and errs[0]["origin"].endswith("cut.warc.gz")
    arts = [json.loads(l) for l in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sum(a["id"].startswith("good:") for a in arts) == 2 and any(a["id"].startswith("cut:") for a in arts)


def test_warc_memory_stays_flat_as_the_file_grows(tmp_path):
    """Records are streamed: the peak of Python's allocations while reading does not grow with
    the file (bench/bench_warc.py measures it with news pages; the README has its figures)."""
    import os
    import tracemalloc

    def peak(n: int) -> tuple[int, int]:
        path = tmp_path / f"c{n}.warc.gz"
        with open(path, "wb") as fh:
            for k in range(n):
                if k % 2:
                    fh.write(record(f"https://x.example.com/{k}.png", os.urandom(4000), ctype="image/png"))
                else:
                    fh.write(record(f"https://x.example.com/gone/{k}", b"<html>gone</html>" * 50, status=404))
        list(read_warc(path, skipped=Counter()))  # warm-up: imports
        tracemalloc.start()
        skipped = Counter()
        list(read_warc(path, skipped=skipped))
        p = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert sum(skipped.values()) == n
        return p, path.stat().st_size

    (p1, s1), (p2, s2) = peak(250), peak(2000)
    assert s2 > 7 * s1 and s2 > 4_000_000
    assert p2 < 1.5 * p1 + 200_000 and p2 < s2 / 10
