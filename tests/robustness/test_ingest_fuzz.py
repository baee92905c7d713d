"""Fuzzing the ingest readers: every input yields articles or clear errors, never an exception.

The invariant of issue 8: each input either yields articles whose text is non-empty (and
whose spans, checked downstream, satisfy text[start:end] == span.text) or an entry with an
origin and a message. Bounded sizes keep this in the default test run; the soak target
(`pytest -m soak tests/robustness`) runs many more cases."""
from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from newstrace.ingest import read_inputs
from newstrace.model import Article, IngestError

N = int(os.environ.get("NEWSTRACE_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=N, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _check(items):
    assert items, "every input yields something"
    for it in items:
        assert isinstance(it, (Article, IngestError))
        if isinstance(it, Article):
            assert it.text.strip() and "\x00" not in it.text
            assert it.id and isinstance(it.origin, str)
        else:
            assert it.origin and it.error and it.code


@FUZZ
@given(st.text(max_size=2000))
def test_fuzz_txt_arbitrary_unicode(tmp_path, s):
    p = tmp_path / "f.txt"
    p.write_text(s, encoding="utf-8")
    items = list(read_inputs([p]))
    _check(items)
    arts = [i for i in items if isinstance(i, Article)]
    if len(arts) == 1 and "#" not in arts[0].id:
        assert arts[0].text == s.removeprefix("\ufeff")


@FUZZ
@given(st.lists(st.sampled_from(["“", "”", '"', "‘", "’", "'", "«", "»", "\n", "\n\n", "He said ", "word. ", "Title Case Line\n"]),
                max_size=80))
def test_fuzz_txt_unbalanced_quotes_and_blank_lines(tmp_path, parts):
    p = tmp_path / "q.txt"
    p.write_text("".join(parts), encoding="utf-8")
    _check(list(read_inputs([p])))


@FUZZ
@given(st.lists(st.one_of(
    st.dictionaries(st.sampled_from(["text", "maintext", "title", "url", "authors", "publish_date", "id", "source_domain"]),
                    st.one_of(st.none(), st.integers(), st.text(max_size=50), st.lists(st.text(max_size=5), max_size=3),
                              st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)), max_size=6),
    st.lists(st.integers(), max_size=3), st.text(max_size=20)), min_size=1, max_size=8))
def test_fuzz_jsonl_missing_and_wrong_typed_fields(tmp_path, rows):
    p = tmp_path / "r.jsonl"
    lines = [json.dumps(r) if not isinstance(r, str) else r for r in rows]
    p.write_text("\n".join(lines), encoding="utf-8")
    _check(list(read_inputs([p])))


def test_fuzz_html_deep_nesting_and_no_body(tmp_path):
    (tmp_path / "deep.html").write_text("<div>" * 5000 + "<p>Deep text, he said, is still text.</p>" + "</div>" * 5000)
    (tmp_path / "nobody.html").write_text("<html><head><title>Only a title</title></head></html>")
    (tmp_path / "script.html").write_text("<html><body><script>alert(1)</script></body></html>")
    (tmp_path / "broken.html").write_text("<html><body><p>Unclosed <b>tags <i>everywhere" * 50)
    items = list(read_inputs([tmp_path]))
    _check(items)
    origins = {os.path.basename(i.origin) for i in items if isinstance(i, IngestError)}
    assert {"nobody.html", "script.html"} <= origins


def test_fuzz_nul_bytes_and_mixed_encodings(tmp_path):
    (tmp_path / "nul.txt").write_bytes(b"Some text\x00with a NUL in it, he said.")
    (tmp_path / "mixed.txt").write_bytes("Caf\u00e9 in UTF-8, ".encode() + "caf\u00e9 in Latin-1".encode("latin-1"))
    (tmp_path / "utf16.txt").write_text("A UTF-16 file, she said.", encoding="utf-16")
    items = list(read_inputs([tmp_path]))
    _check(items)
    assert all(isinstance(i, IngestError) for i in items) and len(items) == 3


@pytest.mark.slow
def test_fuzz_ten_megabyte_single_line(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text(("word " * 2_100_000).strip())  # ~10.5 MB, one line
    items = list(read_inputs([p]))
    _check(items)
    assert sum(len(i.text) for i in items if isinstance(i, Article)) >= 10_000_000


@pytest.mark.slow
def test_fuzz_ten_megabyte_article_is_kept_without_analysis(tmp_path):
    from newstrace.runner import run_analysis
    p = tmp_path / "big.txt"
    p.write_text(("word " * 2_100_000).strip())
    s = run_analysis([p], out_dir=tmp_path / "out")
    assert len(s.tables["articles"]) == 1
    assert [e["code"] for e in s.errors] == ["E902"]
