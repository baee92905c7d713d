"""End-to-end: the web app and the static report in headless Debian Chromium.

Everything the tests look for is derived from the ``tables`` fixture (see conftest.py), so
they hold for the hand-made records and for the real pipeline's output on the seeds alike.
Screenshots of each page are saved to docs/screenshots/ for docs/web.md.
"""
from __future__ import annotations

from collections import Counter
from urllib.parse import quote, urlencode

import pytest

pytestmark = pytest.mark.browser


def _url(base: str, kind: str, key: str, **params) -> str:
    u = f"{base}/{kind}/{quote(key, safe='')}"
    return u + ("?" + urlencode(params) if params else "")


def _ready(page) -> None:
    page.wait_for_function("window.__newstraceReady === true")


def _most_quoted_article(tables) -> str:
    return Counter(a["article"] for a in tables["attributions"]).most_common(1)[0][0]


def _dragone(tables) -> dict:
    return next(e for e in tables["entities"] if "Dragone" in e["name"])


def _family_000_001(tables) -> tuple[str, str, str]:
    for fam in tables["families"]:
        a = next((m for m in fam["articles"] if m.startswith("000")), None)
        b = next((m for m in fam["articles"] if m.startswith("001")), None)
        if a and b:
            return fam["id"], a, b
    raise AssertionError("no family holds articles 000 and 001")


def test_browser_article_page_highlights_quotes(page, base_url, tables, screenshots):
    aid = _most_quoted_article(tables)
    article = next(a for a in tables["articles"] if a["id"] == aid)
    atts = [a for a in tables["attributions"] if a["article"] == aid]
    page.goto(_url(base_url, "article", aid))
    _ready(page)
    body = page.locator("article.article-text")
    # the text is shown whole and unchanged (badges are CSS-generated, not text)
    assert body.inner_text().strip() == article["text"].strip()
    for att in atts:
        pieces = page.locator(f'article.article-text .q-content[data-attr~="{att["id"]}"]')
        assert pieces.count() >= 1, att["id"]
        shown = "".join(pieces.all_inner_texts())
        assert att["content"]["text"].strip() in shown or shown in att["content"]["text"]
    colours = {role: page.locator(f"article.article-text .hl.q-{role}").first.evaluate(
        "e => getComputedStyle(e).backgroundColor") for role in ("source", "cue", "content")
        if page.locator(f"article.article-text .hl.q-{role}").count()}
    assert len(set(colours.values())) == len(colours) >= 2
    named = [a for a in atts if a["speaker"]["name"] and a["source"]]
    if named:
        src = page.locator(f'article.article-text .q-source[data-attr~="{named[0]["id"]}"]').last
        assert named[0]["speaker"]["name"] in src.get_attribute("title")
        badge = src.evaluate("e => getComputedStyle(e, '::after').content")
        assert named[0]["speaker"]["kind"] in badge
        src.hover()
        assert page.locator(f'li.att[data-attr="{named[0]["id"]}"].active').count() == 1
    assert page.locator("li.att").count() == len(atts)
    assert not page.errors
    page.mouse.move(0, 0)
    page.screenshot(path=str(screenshots / "article.png"), full_page=True)


def test_browser_speaker_page_lists_quotes_from_several_articles(page, base_url, tables, screenshots):
    ent = _dragone(tables)
    quotes = [a for a in tables["attributions"] if a["speaker"]["entity"] == ent["id"]]
    page.goto(_url(base_url, "speaker", ent["id"]))
    _ready(page)
    assert page.locator("h1.speaker-name").inner_text() == ent["name"]
    rows = page.locator("tr.quote-row")
    assert rows.count() == len(quotes)
    shown_articles = {r.locator("a").first.get_attribute("href").rsplit("/", 1)[1] for r in rows.all()}
    assert shown_articles == {quote(q["article"], safe="") for q in quotes}
    assert len(shown_articles) >= 2
    for q in quotes:
        assert page.get_by_text(q["content"]["text"].strip(), exact=False).count() >= 1
    drift = [d for d in tables["drift"] if d["speaker"] in (ent["id"], ent["name"])]
    assert page.locator("table.drift tbody tr").count() == len(drift)
    page.mouse.move(0, 0)
    page.screenshot(path=str(screenshots / "speaker.png"), full_page=True)


def test_browser_family_page_aligns_000_and_001(page, base_url, tables, screenshots):
    fid, a, b = _family_000_001(tables)
    page.goto(_url(base_url, "family", fid, a=a, b=b))
    _ready(page)
    titles = {x["id"]: x.get("title") or x["id"] for x in tables["articles"]}
    cols = page.locator(".family-col h2")
    assert cols.nth(0).inner_text() == titles[a] and cols.nth(1).inner_text() == titles[b]
    n_links = len([x for x in tables["links"] if {x["a"], x["b"]} == {a, b}])
    lines = page.locator("svg.family-links line")
    assert n_links > 0 and lines.count() == page.locator(".link-data li").count() > 0
    assert lines.count() <= n_links
    left = page.locator(".family-col").nth(0).bounding_box()
    right = page.locator(".family-col").nth(1).bounding_box()
    for ln in lines.all():
        x1, x2 = float(ln.get_attribute("x1")), float(ln.get_attribute("x2"))
        assert x1 < x2 and x2 - x1 >= right["x"] - (left["x"] + left["width"]) - 1
    # each line joins two linked sentences; hovering one lights up its partner
    first = page.locator(".col-1 .sent.linked").first
    partner = first.get_attribute("data-partners").split()[0]
    first.hover()
    assert page.locator(f"#{partner}.active").count() == 1
    unsupported = len([s for s in tables["support"] if s["article"] in (a, b) and s["status"] == "unsupported"])
    assert page.locator(".family-text .sent.unsupported").count() == unsupported
    assert not page.errors
    page.mouse.move(0, 0)
    page.screenshot(path=str(screenshots / "family.png"), full_page=True)


def test_browser_corpus_and_search(page, base_url, tables, screenshots):
    page.goto(base_url + "/")
    _ready(page)
    assert page.locator("table.articles tbody tr").count() == min(50, len(tables["articles"]) + 1)
    page.mouse.move(0, 0)
    page.screenshot(path=str(screenshots / "corpus.png"), full_page=True)
    ent = _dragone(tables)
    page.fill("input[name=q]", ent["name"].split()[-1].lower())
    page.select_option("select[name=by]", "speaker")
    page.click("form.search button")
    page.click(f"text={ent['name']}")
    _ready(page)
    assert page.locator("h1.speaker-name").inner_text() == ent["name"]
    words = " ".join(next(a for a in tables["attributions"] if a["speaker"]["entity"] == ent["id"])
                     ["content"]["text"].split()[1:3])
    page.goto(base_url + "/search?" + urlencode({"q": words, "by": "quote"}))
    assert page.locator("tr.quote-row").count() >= 1
    page.mouse.move(0, 0)
    page.screenshot(path=str(screenshots / "search.png"), full_page=True)


def _assert_not_pwned(page, where: str) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined", where
    assert page.dialogs == [], where
    assert page.evaluate("document.querySelectorAll('[onerror],[onmouseover],[onclick]').length") == 0, where
    assert page.evaluate("document.querySelectorAll('img').length") == 0, where


def test_browser_hostile_text_never_executes(page, base_url, served_tables, tmp_path, screenshots):
    evil = next(a for a in served_tables["articles"] if "<script>" in a["id"])
    evil_entity = next(e for e in served_tables["entities"] if "onmouseover" in e["name"])
    evil_family = next(f for f in served_tables["families"] if evil["id"] in f["articles"])
    urls = [base_url + "/", _url(base_url, "article", evil["id"]), _url(base_url, "speaker", evil_entity["id"]),
            _url(base_url, "family", evil_family["id"]), base_url + "/search?by=quote&q=nothing",
            base_url + "/search?by=speaker&q=mallory", base_url + "/families", base_url + "/outlets"]
    for url in urls:
        page.goto(url)
        _ready(page)
        for el in page.locator(".hl, .sent, a").all()[:40]:
            if el.is_visible():
                el.hover()
        _assert_not_pwned(page, url)
    page.goto(_url(base_url, "article", evil["id"]))
    _ready(page)
    assert page.locator("h1.article-title").inner_text() == evil["title"]
    assert 'onerror="window.__pwned=' in page.locator("article.article-text").inner_text()
    page.mouse.move(0, 0)
    page.screenshot(path=str(screenshots / "hostile-article.png"), full_page=True)

    from newstrace.report.html import write_report

    report = tmp_path / "report.html"
    write_report(served_tables, report)
    for frag in ("corpus", "article-0", "article-1", "speaker-0", "family-0", "family-1"):
        page.goto(report.as_uri() + "#" + frag)
        _ready(page)
        _assert_not_pwned(page, "report#" + frag)
    titles = page.evaluate("[...document.querySelectorAll('h1.article-title')].map(h => h.textContent)")
    assert evil["title"] in titles


def test_browser_report_views(page, tables, tmp_path, screenshots):
    from newstrace.report.html import write_report

    report = tmp_path / "report.html"
    write_report(tables, report)
    page.goto(report.as_uri())
    _ready(page)
    assert page.locator("section.view.shown").get_attribute("id") == "corpus"
    page.locator("table.articles a").first.click()
    _ready(page)
    page.wait_for_selector("section.view.shown[id^='article-']", timeout=10_000)
    shown = page.locator("section.view.shown")
    assert shown.get_attribute("id").startswith("article-")
    assert shown.locator(".hl.q-content").count() >= 1
    fid, a, b = _family_000_001(tables)
    page.goto(report.as_uri() + "#corpus")
    page.click(f"table.articles a[href^='#family-']")
    # the view switches on the hashchange event: wait for it rather than race it
    page.wait_for_selector("section.view.shown[id^='family-']", timeout=10_000)
    shown = page.locator("section.view.shown")
    assert shown.get_attribute("id").startswith("family-")
    assert shown.locator("svg.family-links line").count() >= 1
    page.mouse.move(0, 0)
    page.screenshot(path=str(screenshots / "report-family.png"), full_page=True)
    assert not page.errors


def test_browser_outlet_network_and_speaker_timeline(page, sample_base_url, sample_served_tables, screenshots):
    """The outlet network (with a hostile outlet name among its nodes) and a speaker's
    timeline, in Chromium: drawn, hoverable, clickable, never executing page text."""
    links = sample_served_tables["outlets"]
    page.goto(sample_base_url + "/outlets")
    _ready(page)
    outlets = {l["source"] for l in links} | {l["copier"] for l in links}
    assert page.locator("svg.outlet-graph a.onode").count() == len(outlets)
    assert page.locator("svg.outlet-graph path.oedge").count() == len(links)
    assert page.locator("table.outlets tr.outlet-row").count() == len(links)
    names = page.evaluate("[...document.querySelectorAll('a.onode')].map(a => a.dataset.name)")
    assert sorted(names) == sorted(outlets)
    for el in page.locator("a.onode, path.oedge").all():
        el.hover(force=True)
    _assert_not_pwned(page, "/outlets")
    box = page.locator("svg.outlet-graph").bounding_box()
    assert box and box["width"] > 500 and box["height"] > 300
    page.mouse.move(0, 0)
    page.screenshot(path=str(screenshots / "outlets-sample.png"), full_page=True)
    page.locator("a.onode[data-name='Wire Service']").click()
    _ready(page)
    assert "outlet=Wire+Service" in page.url and "NATO Military Chiefs Meet" in page.content()
    page.goto(sample_base_url + "/speaker/E1")
    _ready(page)
    bars = page.locator("svg.timeline rect.tl-bar")
    assert bars.count() == 3
    heights = [float(b.get_attribute("height")) for b in bars.all()]
    assert heights[0] == heights[1] > heights[2]  # 3, 3 and 1 quotes
