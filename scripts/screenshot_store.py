"""Screenshots of a store's outlet network and of its most quoted speaker's timeline, in
headless Debian Chromium (the README's pictures of the Helsinki dev run).

    newstrace analyze ../shared/data/helsinki/helsinki_dev.jsonl --db hel.duckdb
    python scripts/screenshot_store.py hel.duckdb docs/screenshots

Serves the store with the web app on 127.0.0.1 (a free port), opens ``/outlets`` and
``/speaker/<the most quoted entity>`` and ``/``, saves ``outlets.png``, ``speaker-timeline.png`` and
``story-timeline.png`` (the corpus page's story over time).
"""
from __future__ import annotations

import socket
import sys
import threading
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def main(db: str, out: str) -> int:
    import uvicorn
    from playwright.sync_api import sync_playwright

    from newstrace.store import Store
    from newstrace.web.app import create_app

    with Store(db, read_only=True) as s:
        top = s.summary()["top_speakers"][0]["entity"]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    Path(out).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.goto(f"http://127.0.0.1:{port}/outlets")
        page.wait_for_function("window.__newstraceReady === true")
        page.locator("figure.outlet-graph-wrap").screenshot(path=str(Path(out) / "outlets.png"))
        from urllib.parse import quote
        page.goto(f"http://127.0.0.1:{port}/speaker/{quote(top, safe='')}")
        page.wait_for_function("window.__newstraceReady === true")
        page.screenshot(path=str(Path(out) / "speaker-timeline.png"), clip={"x": 0, "y": 0, "width": 1280, "height": 520})
        page.goto(f"http://127.0.0.1:{port}/")
        page.wait_for_function("window.__newstraceReady === true")
        page.locator("section.story").screenshot(path=str(Path(out) / "story-timeline.png"))
        browser.close()
    server.should_exit = True
    print(f"wrote {out}/outlets.png, speaker-timeline.png and story-timeline.png (speaker {top})")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
