"""Static report: one self-contained file with every view, text escaped, script pinned by CSP."""
from __future__ import annotations

import base64
from html import unescape
import hashlib
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
from sample_corpus import hostile_tables, sample_tables  # noqa: E402

from newstrace.report.html import write_report  # noqa: E402


def test_web_report_self_contained_with_all_views(tmp_path):
    out = tmp_path / "sub" / "report.html"
    tables = sample_tables()
    write_report(tables, out)
    html = out.read_text(encoding="utf-8")
    assert 'id="corpus"' in html and 'id="speakers"' in html and 'id="families"' in html
    assert html.count('<section class="view" id="article-') == len(tables["articles"])
    assert html.count('<section class="view" id="family-') == len(tables["families"])
    assert "Giuseppe Cavo Dragone" in html and "q-content" in html and "<li data-l=" in html
    # nothing is fetched from anywhere: no external scripts, styles or images
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="(?!data:)', html)


def test_web_report_escapes_and_pins_its_script(tmp_path):
    out = tmp_path / "report.html"
    write_report(hostile_tables(sample_tables()), out)
    html = out.read_text(encoding="utf-8")
    assert "<script>window" not in html and "<img src=x" not in html and "<b onmouseover" not in html
    assert "&lt;script&gt;window.__pwned" in html
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
    assert f"script-src 'sha256-{digest}'" in unescape(csp)


def test_web_report_empty_run(tmp_path):
    out = tmp_path / "empty.html"
    write_report({}, out)
    assert "No articles stored yet." in out.read_text(encoding="utf-8")
