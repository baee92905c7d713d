"""Benchmark: store writes and web page latency on a synthetic corpus of N articles.

    python -m newstrace.web.bench --articles 10000

Builds a store of synthetic contract records (N articles, 8 attributions and 12 sentences
each, families of two with links and support), then times each page through FastAPI's
TestClient. Ratios are against a baseline measured in the same process: one naive,
unpaginated query that reads every attribution joined to its article (what a page without
LIMIT and indexes would have to do). No timing is asserted anywhere; this only prints.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from ..store import Store

SPEAKERS = [f"Speaker Number {k}" for k in range(200)]


def synthetic_tables(start: int, n: int) -> dict[str, list[dict]]:
    """Per-article contract records for articles ``start .. start+n-1``."""
    arts, atts, sents = [], [], []
    for i in range(start, start + n):
        parts, spans = [], []
        pos = 0
        for j in range(12):
            s = f'Sentence {j} of article {i} says "we will act on item {j} now" in plain words. '
            spans.append((pos, pos + len(s) - 1))
            parts.append(s)
            pos += len(s)
        text = "".join(parts)
        aid = f"a{i:06d}"
        arts.append({"id": aid, "origin": f"in/{aid}.txt", "title": f"Article {i}", "text": text,
                     "outlet": f"Outlet {i % 25}", "published": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
                     "hash": f"h{i}"})
        for s, e in spans:
            sents.append({"article": aid, "start": s, "end": e})
        for j in range(8):
            s, e = spans[j]
            q0 = text.index('"', s) + 1
            q1 = text.index('"', q0)
            name = SPEAKERS[(i + j) % len(SPEAKERS)]
            atts.append({"article": aid, "id": f"{aid}:{j}", "kind": "direct", "source": None,
                         "cue": {"start": q1 + 5, "end": q1 + 9, "text": text[q1 + 5:q1 + 9]},
                         "content": {"start": q0, "end": q1, "text": text[q0:q1]},
                         "speaker": {"name": name, "kind": "named", "entity": f"E{(i + j) % len(SPEAKERS)}"}})
    return {"articles": arts, "attributions": atts, "sentences": sents}


def corpus_tables(n: int, texts: dict[str, str]) -> dict[str, list[dict]]:
    fams, links, support = [], [], []
    for i in range(0, n - 1, 2):
        a, b = f"a{i:06d}", f"a{i + 1:06d}"
        fams.append({"id": f"F{i // 2}", "articles": [a, b], "score": 0.7})
        for j in range(3):
            sp = {"start": 0, "end": 10, "text": texts[a][0:10]}
            links.append({"a": a, "b": b, "a_span": sp, "b_span": {"start": 0, "end": 10, "text": texts[b][0:10]},
                          "score": 0.9, "relation": "same-fact"})
        for x in (a, b):
            support.append({"article": x, "span": {"start": 0, "end": 10, "text": texts[x][0:10]},
                            "status": "supported", "supported_by": [b if x == a else a]})
    ents = [{"id": f"E{k}", "name": s, "kind": "person", "aliases": [s.split()[-1]], "articles": []}
            for k, s in enumerate(SPEAKERS)]
    return {"entities": ents, "families": fams, "links": links, "support": support, "drift": [], "profiles": []}


def _median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)

    from fastapi.testclient import TestClient

    from .app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        store = Store(db)
        texts: dict[str, str] = {}
        t0 = time.perf_counter()
        for start in range(0, args.articles, args.batch):
            tables = synthetic_tables(start, min(args.batch, args.articles - start))
            texts.update({a["id"]: a["text"] for a in tables["articles"]})
            store.save_articles(tables)
        t_save = time.perf_counter() - t0
        t0 = time.perf_counter()
        store.save_corpus(corpus_tables(args.articles, texts))
        t_corpus = time.perf_counter() - t0
        counts = store.counts()
        baseline = _median_ms(lambda: store.con.execute(
            "SELECT t.*, a.title FROM attributions t JOIN articles a ON a.id = t.article").fetchall(), args.repeat)
        store.close()
        print(f"store: {counts['articles']} articles, {counts['attributions']} attributions, "
              f"{counts['sentences']} sentences")
        print(f"save_articles: {t_save:.2f} s ({counts['articles'] / t_save:.0f} articles/s, batches of {args.batch});"
              f" save_corpus: {t_corpus:.2f} s")
        print(f"baseline (read every attribution with its article, no LIMIT): {baseline:.1f} ms")
        mid = f"a{args.articles // 2:06d}"
        pages = {
            "corpus page 1": "/", "corpus page 100": "/?page=100", "article": f"/article/{mid}",
            "speaker (E7)": "/speaker/E7", "family": "/family/F10", "search quote": "/search?q=item+7&by=quote",
            "search speaker": "/search?q=number+1&by=speaker", "speakers list": "/speakers",
        }
        with TestClient(create_app(db)) as client:
            for name, url in pages.items():
                assert client.get(url).status_code == 200, url
                ms = _median_ms(lambda: client.get(url), args.repeat)
                print(f"{name:16s} {ms:8.1f} ms   ratio to baseline {ms / baseline:5.2f}")


if __name__ == "__main__":
    main()
