"""The app serves concurrent requests from uvicorn's thread pool (one DuckDB cursor each)."""
from __future__ import annotations

import socket
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
from sample_corpus import sample_tables  # noqa: E402

from newstrace.store import Store  # noqa: E402
from newstrace.web.app import create_app  # noqa: E402


def test_web_concurrency_parallel_requests_all_succeed(tmp_path):
    tables = sample_tables()
    db = tmp_path / "s.duckdb"
    with Store(db) as s:
        s.save_articles(tables)
        s.save_corpus(tables)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        urls = ["/", "/article/000_wire", "/speaker/E1", "/family/F1", "/search?q=support&by=quote",
                "/search?q=drag&by=speaker", "/speakers", "/families"] * 6
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client, \
                ThreadPoolExecutor(max_workers=12) as pool:
            responses = list(pool.map(client.get, urls))
        assert [r.status_code for r in responses] == [200] * len(urls)
        by_url: dict[str, set[int]] = {}
        for url, r in zip(urls, responses):
            by_url.setdefault(url, set()).add(len(r.text))
        assert all(len(sizes) == 1 for sizes in by_url.values())  # same page every time
    finally:
        server.should_exit = True
        thread.join(timeout=10)
