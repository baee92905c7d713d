"""The web app's pages, through FastAPI's TestClient: content, escaping, safety, errors."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
from sample_corpus import hostile_tables, sample_tables  # noqa: E402

from newstrace.store import Store  # noqa: E402
from newstrace.web.app import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    tables = hostile_tables(sample_tables())
    path = tmp_path_factory.mktemp("web") / "s.duckdb"
    with Store(path) as s:
        s.save_articles(tables)
        s.save_corpus(tables)
    with TestClient(create_app(path)) as c:
        yield c


def test_web_pages_corpus_lists_articles_and_profile(client):
    r = client.get("/")
    assert r.status_code == 200
    for needle in ("NATO Military Chiefs Meet on Ukraine Support", "Daily Echo", "2025-12-10", "Sourcing profile",
                   'href="/article/000_wire"', 'href="/family/F1"', "Giuseppe Cavo Dragone · 7"):
        assert needle in r.text
    assert "default-src 'none'" in r.headers["content-security-policy"]


def test_web_pages_corpus_outlet_filter_and_pagination(client):
    r = client.get("/", params={"outlet": "Daily Echo"})
    assert "Inside NATO&#39;s Tense Meeting" in r.text and "NATO Military Chiefs Meet" not in r.text
    assert client.get("/", params={"page": 999}).status_code == 200
    assert client.get("/", params={"page": 0}).status_code == 422


def test_web_pages_article_highlights(client):
    r = client.get("/article/000_wire")
    assert r.status_code == 200
    assert r.text.count('class="hl q-content') >= 4
    assert 'q-source src-end" data-attr="000_wire:a1" title="Giuseppe Cavo Dragone (named) · direct" data-kind="named"' in r.text
    assert 'href="/speaker/E1"' in r.text


def test_web_pages_speaker_quotes_across_articles_and_drift(client):
    r = client.get("/speaker/E1")
    assert r.status_code == 200
    for aid in ("000_wire", "001_rewrite", "002_troops"):
        assert f'href="/article/{aid}"' in r.text
    assert r.text.count('class="quote-row"') == 7
    assert "<del>our</del><ins>the</ins>" in r.text


def test_web_pages_family_side_by_side(client):
    r = client.get("/family/F1")
    assert r.status_code == 200
    assert 'id="L-1"' in r.text and 'id="R-1"' in r.text
    assert r.text.count("<li data-l=") == 4
    assert r.text.count('sent unsupported" id=') == 3


def test_web_pages_search_quotes_and_speakers(client):
    r = client.get("/search", params={"q": "military contingents", "by": "quote"})
    assert "The issue of sending military contingents" in r.text
    r = client.get("/search", params={"q": "drag", "by": "speaker"})
    assert 'href="/speaker/E1"' in r.text
    r = client.get("/search", params={"q": "dragone", "by": "speaker"})  # alias match, any case
    assert "Giuseppe Cavo Dragone" in r.text
    # LIKE wildcards and quotes are literal, not SQL
    r = client.get("/search", params={"q": "%' OR 1=1 --", "by": "quote"})
    assert r.status_code == 200 and 'class="quote-row"' not in r.text
    r = client.get("/search", params={"q": "w_ll", "by": "quote"})  # would match "will" if _ were a wildcard
    assert 'class="quote-row"' not in r.text
    r = client.get("/search", params={"q": "", "by": "quote", "speaker": "insiders"})
    assert "conditional" in r.text


def test_web_pages_hostile_article_is_escaped(client):
    for url in ("/", "/article/evil_%3Cscript%3E", "/speaker/E666", "/family/F666",
                "/search?by=quote&q=nothing", "/search?by=speaker&q=mallory"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert "<script>window" not in r.text, url
        assert "<img src=x" not in r.text, url
        assert "<b onmouseover" not in r.text, url
        assert "&lt;script&gt;" in r.text or "&lt;img" in r.text or "&lt;b onmouseover" in r.text, url


def test_web_pages_hostile_url_is_text_not_markup(client):
    r = client.get("/article/evil_%3Cscript%3E")
    assert "window.__pwned=&#39;url&#39;" in r.text and "<script>window.__pwned='url'" not in r.text


def test_web_pages_unknown_ids_are_404(client):
    for url in ("/article/nope", "/speaker/nope", "/family/nope", "/nothing-here"):
        assert client.get(url).status_code == 404


def test_web_pages_static_cannot_escape_package(client):
    assert client.get("/static/newstrace.css").status_code == 200
    for url in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/article/..%2f..%2fetc%2fpasswd"):
        r = client.get(url)
        assert r.status_code == 404, url
        assert "create_app" not in r.text


def test_web_pages_outlet_network_graph_table_and_csv(client):
    r = client.get("/outlets")
    assert r.status_code == 200
    assert '<svg class="outlet-graph"' in r.text and r.text.count('class="onode"') == 4
    assert "Daily Echo copied Wire Service: 1 family, 1 copy, median 24.0 h later" in r.text
    assert 'href="/family/F1"' in r.text and 'href="/?page=1&amp;outlet=Wire+Service"' in r.text
    # the hostile outlet name is text everywhere: graph labels, hover titles, table, links
    assert "<img src=x" not in r.text and "&lt;img src=x onerror=" in r.text
    csv_ = client.get("/outlets.csv")
    assert csv_.status_code == 200 and csv_.headers["content-type"].startswith("text/csv")
    lines = csv_.text.splitlines()
    assert lines[0] == "source,copier,families,copies,median_lag_hours,family_ids,extra"
    assert 'Wire Service,Daily Echo,1,1,24.0,"[""F1""]",' in lines


def test_web_pages_speaker_timeline_counts_quotes_per_day(client):
    r = client.get("/speaker/E1")
    assert '<svg class="timeline"' in r.text
    for day, n in (("2025-12-09", 3), ("2025-12-10", 3), ("2025-12-11", 1)):
        assert f"{day} 00:00 UTC: {n} quote{'s' if n > 1 else ''} in 1 article" in r.text


def test_web_pages_speaker_quotes_come_in_pages(client, monkeypatch):
    """Every quote of a prolific speaker is reachable: pages of QUOTES_PER_PAGE with links
    between them (the page used to list the first 200 and stop)."""
    import re

    from newstrace.web import views

    monkeypatch.setattr(views, "QUOTES_PER_PAGE", 3)
    seen = []
    for page in (1, 2, 3):
        r = client.get("/speaker/E1", params={"page": page})
        assert r.status_code == 200 and f"quotes page {page} of 3" in r.text
        seen += re.findall(r'<tr class="quote-row"[^>]*>(.*?)</tr>', r.text, flags=re.S)
        assert ('href="/speaker/E1?page=%d"' % (page + 1) in r.text) == (page < 3)
        assert ('href="/speaker/E1?page=%d"' % (page - 1) in r.text or page == 1 or
                (page == 2 and 'href="/speaker/E1"' in r.text))
    assert len(seen) == 7 and len(set(seen)) == 7
    assert "showing 7–7" in client.get("/speaker/E1", params={"page": 99}).text  # beyond the end: the last page
    assert client.get("/speaker/E1", params={"page": 0}).status_code == 422
