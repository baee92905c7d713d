"""A run killed with SIGKILL loses only the batch in flight; re-running completes it and the
row counts equal those of a clean run."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newstrace.store import Store

# A stand-in for the runner's loop, driving Store the way the runner does: skip known
# hashes, save per-article rows batch by batch, then the corpus tables once.
WRITER = r'''
import sys, time
from newstrace.model import Article, Attribution, Span, Speaker
from newstrace.store import Store

path, n_batches, batch_size, pause = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
store = Store(path)
known = store.known_hashes()
for b in range(n_batches):
    tables = {"articles": [], "attributions": [], "sentences": []}
    for k in range(batch_size):
        i = b * batch_size + k
        text = f'Article {i}. "We will act now," minister {i % 7} said. ' * 3
        art = Article(f"art-{i:05d}", f"in/{i}.txt", text, title=f"Title {i}")
        if known.get(art.id) == art.content_hash:
            continue
        tables["articles"].append(art.to_record())
        for j in range(3):
            start = text.find('"We will', j * (len(text) // 3))
            content = Span(start + 1, start + 15)
            att = Attribution(art.id, f"a{j}", content, "direct", speaker=Speaker(f"minister {i % 7}", "named", f"E{i % 7}"))
            tables["attributions"].append(att.to_record(text))
            tables["sentences"].append({"article": art.id, "start": start, "end": start + 20})
    if tables["articles"]:
        store.save_articles(tables)
    print("batch", b, flush=True)
    time.sleep(pause)
store.save_corpus({"entities": [{"id": f"E{m}", "name": f"minister {m}", "kind": "person", "aliases": [],
                                 "articles": []} for m in range(7)]})
store.close()
print("done", flush=True)
'''

N_BATCHES, BATCH = 40, 25


def _run(script: Path, db: Path, pause: float) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, str(script), str(db), str(N_BATCHES), str(BATCH), str(pause)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_store_kill9_mid_run_then_rerun_equals_clean_run(tmp_path):
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")

    clean = _run(script, tmp_path / "clean.duckdb", 0.0)
    out, err = clean.communicate(timeout=300)
    assert clean.returncode == 0, err

    killed_db = tmp_path / "killed.duckdb"
    proc = _run(script, killed_db, 0.02)
    seen = 0
    for line in proc.stdout:
        if line.startswith("batch"):
            seen += 1
        if seen == 8:
            break
    time.sleep(0.05)  # most likely inside a later save
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    # Whatever was committed is there, whole: every stored article has all its rows.
    with Store(killed_db) as store:
        counts = store.counts()
        per_article = store.con.execute(
            "SELECT count(*) FROM articles a WHERE (SELECT count(*) FROM attributions t WHERE t.article = a.id) <> 3"
        ).fetchone()[0]
    assert counts["articles"] >= 8 * BATCH
    assert counts["articles"] % BATCH == 0
    assert counts["articles"] < N_BATCHES * BATCH
    assert per_article == 0
    assert counts["attributions"] == 3 * counts["articles"]

    rerun = _run(script, killed_db, 0.0)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    with Store(killed_db) as a, Store(tmp_path / "clean.duckdb") as b:
        assert a.counts() == b.counts()
        assert a.counts()["articles"] == N_BATCHES * BATCH
        assert a.load_tables() == b.load_tables()
