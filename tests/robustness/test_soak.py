"""The long, on-demand robustness target: many generated inputs and repeated SIGKILL/resume.

    pytest -m soak tests/robustness -s

Excluded from the default run (the Makefile runs ``-m "not soak"``). Sizes come from the
environment: NEWSTRACE_SOAK_EXAMPLES (hypothesis cases per property, default 1000),
NEWSTRACE_SOAK_ROUNDS (kill/resume rounds, default 4). Each test prints one ``SOAK`` line
with what it generated, the faults it injected and the losses it found (always asserted 0);
docs/robustness.md quotes those lines.
"""
from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from .conftest import ROOT, cli, kill_at_random_point, store_fingerprint, trimmed_articles

pytestmark = pytest.mark.soak

EXAMPLES = int(os.environ.get("NEWSTRACE_SOAK_EXAMPLES", "1000"))
ROUNDS = int(os.environ.get("NEWSTRACE_SOAK_ROUNDS", "4"))
SOAK = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))


def _report(capsys, line: str) -> None:
    with capsys.disabled():
        print(f"\nSOAK {line}", flush=True)


# --------------------------------------------------------------------------- readers

def test_soak_reader_fuzz(capsys):
    """test_ingest_fuzz.py again, with NEWSTRACE_FUZZ_EXAMPLES cases per property."""
    env = {**os.environ, "NEWSTRACE_FUZZ_EXAMPLES": str(EXAMPLES)}
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not soak",
                           "--hypothesis-show-statistics", str(ROOT / "tests" / "robustness" / "test_ingest_fuzz.py")],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=3600)
    passing = sum(int(n) for n in re.findall(r"(\d+) passing\b", proc.stdout))
    failing = sum(int(n) for n in re.findall(r"(\d+) failing\b", proc.stdout))
    tests = re.search(r"(\d+) passed", proc.stdout)
    _report(capsys, f"readers: {passing} generated cases over {tests.group(1) if tests else '?'} tests, "
                    f"{failing} failing, exit {proc.returncode}")
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert failing == 0 and passing >= EXAMPLES


# --------------------------------------------------------------------------- segmenter, quotes, article stages

QUOTEY = st.lists(st.one_of(
    st.sampled_from(["“", "”", '"', "‘", "’", "'", "«", "»", "„", "\n", "\n\n", " ", "said", "told reporters",
                     "according to", "The minister", "Officials", "He", "she added", ".", ",", "—",
                     "Headline In Title Case\n", "Read more\n", "---\n", "\u200b", "\ufeff", "\r\n"]),
    st.text(max_size=30)), max_size=120).map("".join)


def test_soak_segmenter_and_quote_marks(capsys):
    from newstrace.attribution.quotes import find_quotes
    from newstrace.ingest.segment import segment_page

    seen = {"segmenter": 0, "quotes": 0}

    @SOAK
    @given(st.one_of(QUOTEY, st.text(max_size=3000)))
    def check(text):
        seen["segmenter"] += 1
        n = len(text)
        segs = segment_page(text)
        assert segs
        for s in segs:
            assert 0 <= s.body.start <= s.body.end <= n
            if s.title is not None:
                assert 0 <= s.title.start < s.title.end <= n
        seen["quotes"] += 1
        for q in find_quotes(text):
            assert 0 <= q.span.start <= q.inner.start <= q.inner.end <= q.span.end <= n
            # a closed quotation may wrap over one single line break (the next line opens
            # with its curly closing mark), never over a blank line or two breaks
            inner = text[q.inner.start:q.inner.end]
            assert not q.closed or (inner.count("\n") <= 1 and "\n\n" not in inner)

    check()
    _report(capsys, f"segmenter: {seen['segmenter']} generated cases; quote marks: {seen['quotes']}; losses 0")


def test_soak_article_stages_keep_spans_exact(capsys):
    """The per-article stages (parser, tagger, speakers) on generated text: every span of
    every attribution and sentence slices the text to exactly its recorded text."""
    from newstrace.model import Article
    from newstrace.pipeline import analyze_article, warm_up
    from newstrace.records import article_records

    warm_up()
    seen = {"cases": 0, "attributions": 0}

    @settings(SOAK, max_examples=max(50, EXAMPLES // 5))
    @given(QUOTEY)
    def check(text):
        if not text.strip():
            return
        seen["cases"] += 1
        res = analyze_article(Article(id="fuzz", origin="fuzz", text=text))
        for s in res.sentences:
            assert 0 <= s.start <= s.end <= len(text)
        for rec in article_records(res)["attributions"]:
            seen["attributions"] += 1
            for role in ("source", "cue", "content"):
                sp = rec.get(role)
                if sp:
                    assert text[sp["start"]:sp["end"]] == sp["text"]

    check()
    _report(capsys, f"article stages: {seen['cases']} generated articles, {seen['attributions']} attributions "
                    "checked; losses 0")


# --------------------------------------------------------------------------- kill / resume rounds

@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_soak_repeated_sigkill_resume_rounds(tmp_path, capsys):
    """Each round: a clean run into a fresh store (the reference, made in the round so that
    it is always the same code as the killed run), then up to three SIGKILLs, each either at
    a uniformly random time from the start of a run (before any row, inside a batch, in the
    corpus stage or in the final writes) or 0-0.5 s after a batch commit, then one run to
    completion; the store must equal the reference."""
    from .test_interrupt_resume import _differences

    corpus = tmp_path / "in"
    trimmed_articles(corpus, n=30)
    seed = int(os.environ.get("NEWSTRACE_FAULT_SEED", random.randrange(10**6)))
    rng = random.Random(seed)
    faults = losses = 0
    landed, diffs, fulls = [], [], []
    for r in range(ROUNDS):
        clean_db = tmp_path / f"clean{r}.duckdb"
        t0 = time.monotonic()
        proc = cli("analyze", corpus, "--db", clean_db, "--no-progress")
        fulls.append(time.monotonic() - t0)
        assert proc.returncode == 0, proc.stderr[-2000:]
        clean = store_fingerprint(clean_db)
        db = tmp_path / f"round{r}.duckdb"
        args = ["analyze", corpus, "--db", db, "--no-progress"]
        for _ in range(rng.randint(1, 3)):
            # Half the kills at a uniformly random time, half just after a batch commit (the
            # per-article phase is short, so uniform kills seldom land inside it).
            after_rows = rng.random() < 0.5
            hit = kill_at_random_point(args, db, tmp_path / "snap", rng, after_rows=after_rows,
                                       max_delay=0.5 if after_rows else fulls[-1])
            if hit["killed"]:
                faults += 1
                landed.append(store_fingerprint(db)["counts"]["articles"] if db.exists() else 0)
        final = cli(*args)
        assert final.returncode == 0, final.stderr[-2000:]
        diff = _differences(store_fingerprint(db), clean)
        if diff:
            losses += 1
            diffs.append(diff)
    _report(capsys, f"kill/resume: seed {seed}, {ROUNDS} rounds, {faults} SIGKILLs injected "
                    f"(articles committed when killed: {sorted(landed)}), clean run {min(fulls):.0f}-{max(fulls):.0f} s, "
                    f"losses {losses}" + (f"; first difference {diffs[0]}" if diffs else ""))
    assert losses == 0
    assert faults > 0


# --------------------------------------------------------------------------- web load

def test_soak_web_load(tmp_path, capsys):
    """bench/load_web.py against a synthetic store: a bounded load on 127.0.0.1, 0 failures."""
    articles = int(os.environ.get("NEWSTRACE_SOAK_STORE_ARTICLES", "10000"))
    requests = int(os.environ.get("NEWSTRACE_SOAK_REQUESTS", "2000"))
    db = tmp_path / "synthetic.duckdb"
    made = subprocess.run([sys.executable, str(ROOT / "bench" / "make_synthetic_store.py"), "--articles", str(articles),
                           "--out", str(db)], capture_output=True, text=True, timeout=1800)
    assert made.returncode == 0, made.stderr[-2000:]
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "load_web.py"), "--db", str(db), "--requests",
                           str(requests), "--concurrency", "8", "--max-seconds", "900"],
                          capture_output=True, text=True, timeout=1200)
    summary = re.search(r"sent (\d+) requests in ([\d.]+) s: ([\d.]+) requests/s; failed (\d+)", proc.stdout)
    _report(capsys, f"web load: {articles} articles, " + (summary.group(0) if summary else proc.stdout[-500:]))
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert summary and int(summary.group(4)) == 0 and int(summary.group(1)) == requests
