"""Ingest readers: .txt, .html, .jsonl, folder walking and bad inputs."""
from __future__ import annotations

import json

from hypothesis import given, settings, strategies as st

from newstrace.ingest import read_inputs
from newstrace.model import Article, IngestError

ARTICLE = ("Officials met on Tuesday in Brussels.\n\n“We confirmed our support,” the minister said.\n"
           "The talks will continue next week, according to a spokesperson.\n")


def _read(*paths, segment=False):
    items = list(read_inputs(paths, segment=segment))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, IngestError)]


def test_ingest_txt_text_is_file_content_exactly(tmp_path):
    raw = "Title line\r\n\r\nBody with “curly” quotes and é.\n\n\nEnd.\n"
    p = tmp_path / "a.txt"
    p.write_bytes(raw.encode("utf-8"))
    arts, errs = _read(p)
    assert not errs and len(arts) == 1
    assert arts[0].text == raw and arts[0].id == "a" and arts[0].origin == str(p)


def test_ingest_txt_strips_utf8_bom_only(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode())
    arts, errs = _read(p)
    assert arts[0].text == ARTICLE


def test_ingest_html_main_text_without_boilerplate(tmp_path):
    html = f"""<html><head><title>Talks resume | Example News</title>
    <meta property="og:url" content="https://news.example/talks"></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Talks resume in Brussels</h1>
    <p>Officials met on Tuesday in Brussels to discuss the next steps of the negotiations between the parties.</p>
    <p>“We confirmed our support,” the minister said after the meeting, adding that more talks would follow soon.</p>
    <p>The talks will continue next week, according to a spokesperson for the ministry of foreign affairs.</p>
    </article>
    <aside><h3>Related</h3><ul><li><a href="/x">Ten things you did not know about cats</a></li>
    <li><a href="/y">Celebrity chef opens new restaurant</a></li></ul></aside>
    <footer>© Example News. All rights reserved. Subscribe to our newsletter.</footer></body></html>"""
    p = tmp_path / "page.html"
    p.write_text(html, encoding="utf-8")
    arts, errs = _read(p)
    assert not errs and len(arts) == 1
    a = arts[0]
    assert "We confirmed our support" in a.text
    assert "cats" not in a.text and "Subscribe" not in a.text and "Home" not in a.text
    assert a.title and "Talks resume" in a.title


def test_ingest_jsonl_accepts_known_field_names(tmp_path):
    p = tmp_path / "batch.jsonl"
    rows = [
        {"id": "np4k-1", "text": ARTICLE, "title": "T1", "url": "https://a.example/1", "authors": ["A. B."],
         "publish_date": "2025-01-02", "source_domain": "a.example"},
        {"maintext": ARTICLE, "title": "T2", "date_publish": "2025-01-03 10:00:00", "source_domain": "b.example"},
    ]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    arts, errs = _read(p)
    assert not errs and [a.id for a in arts] == ["np4k-1", "batch:2"]
    assert arts[0].url == "https://a.example/1" and arts[0].authors == ["A. B."]
    assert arts[0].published == "2025-01-02" and arts[0].outlet == "a.example"
    assert arts[1].text == ARTICLE and arts[1].published.startswith("2025-01-03") and arts[1].outlet == "b.example"


def test_ingest_jsonl_bad_lines_are_errors_and_rest_is_read(tmp_path):
    p = tmp_path / "mixed.jsonl"
    p.write_text("\n".join([
        json.dumps({"text": ARTICLE}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "no text"}),
        json.dumps({"text": 42}),
        json.dumps({"text": ARTICLE, "title": 7, "authors": "Solo Author"}),
    ]), encoding="utf-8")
    arts, errs = _read(p)
    assert len(arts) == 2
    assert arts[1].title is None and arts[1].authors == ["Solo Author"]
    assert [e.origin for e in errs] == [f"{p}:2", f"{p}:3", f"{p}:4", f"{p}:5"]
    assert all(e.error for e in errs)


def test_ingest_bad_files_reported_with_path_and_reason(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("   \n\n\t\n")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 cr\xe8me, said the chef.".encode("latin-1"))
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "notes.md").write_text("ignored in folders")
    arts, errs = _read(tmp_path)
    assert [a.id for a in arts] == ["good"]
    reasons = {e.origin.rsplit("/", 1)[-1]: e.error for e in errs}
    assert set(reasons) == {"empty.txt", "blank.txt", "binary.txt", "latin1.txt", "dangling.txt"}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"] and "iconv" in reasons["latin1.txt"]


def test_ingest_missing_path_and_unsupported_type(tmp_path):
    other = tmp_path / "x.pdf"
    other.write_bytes(b"%PDF-1.4")
    arts, errs = _read(tmp_path / "missing", other)
    assert not arts and len(errs) == 2
    assert "does not exist" in errs[0].error and "unsupported" in errs[1].error


def test_ingest_duplicate_stems_get_unique_ids(tmp_path):
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "story.txt").write_text(ARTICLE)
    arts, _ = _read(tmp_path)
    assert sorted(a.id for a in arts) == ["story", "story~2"]


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_ingest_arbitrary_bytes_never_raise(tmp_path_factory, data):
    d = tmp_path_factory.mktemp("fuzz")
    for name in ("f.txt", "f.jsonl", "f.html"):
        (d / name).write_bytes(data)
    for item in read_inputs([d], segment=True):
        assert isinstance(item, (Article, IngestError))
        if isinstance(item, Article):
            assert item.text.strip()
