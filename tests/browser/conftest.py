"""Fixtures for the browser tests: a store built from contract ``tables``, the web app served
by uvicorn on a free local port, and headless Debian Chromium driven by Playwright.

To test against the real pipeline, change only the ``tables`` fixture to return the runner's
tables for /work/shared/corpus/seeds; everything else takes ``tables`` as it comes.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import sys
import threading
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_corpus import hostile_tables, sample_tables  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"


def seed_tables() -> dict[str, list[dict]]:
    """The real pipeline's contract tables for the seed corpus (slow: loads the models)."""
    from newstrace.runner import run_analysis

    return run_analysis([SEEDS]).tables


def tables_from(where: str) -> dict[str, list[dict]]:
    """Contract tables from ``seeds`` (run the pipeline), a ``--out`` folder of JSONL files,
    or one JSON file holding the tables dict."""
    if where == "seeds":
        return seed_tables()
    path = Path(where)
    if path.is_dir():
        return {f.stem: [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
                for f in sorted(path.glob("*.jsonl"))}
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def tables_source() -> str:
    """Where the served tables come from: the real pipeline on the seeds (default), or NEWSTRACE_BROWSER_TABLES (``sample``, a --out folder, a JSON file)."""
    return os.environ.get("NEWSTRACE_BROWSER_TABLES") or "seeds"


@pytest.fixture(scope="session")
def tables(tables_source) -> dict[str, list[dict]]:
    """Contract tables the app serves: hand-made records in the shape the runner emits, or
    what ``NEWSTRACE_BROWSER_TABLES`` names (``seeds``, a ``--out`` folder, a JSON file).

    To make the real pipeline on the seeds the default, return seed_tables() here.
    """
    return sample_tables() if tables_source == "sample" else tables_from(tables_source)


@pytest.fixture(scope="session")
def served_tables(tables) -> dict[str, list[dict]]:
    """``tables`` plus one hostile article (script payloads in title, text, quote, speaker)."""
    return hostile_tables(tables)


def _make_store(path: Path, tables: dict[str, list[dict]]) -> Path:
    from newstrace.store import Store

    with Store(path) as store:
        store.save_articles(tables)
        store.save_corpus(tables)
    return path


@pytest.fixture(scope="session")
def db_path(tmp_path_factory, served_tables) -> Path:
    return _make_store(tmp_path_factory.mktemp("store") / "newstrace.duckdb", served_tables)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: Path):
    """The web app on ``db`` served by uvicorn in a thread of this process on 127.0.0.1."""
    import uvicorn

    from newstrace.web.app import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def base_url(db_path) -> str:
    """The web app served by uvicorn in a thread of this process on 127.0.0.1."""
    yield from _serve(db_path)


@pytest.fixture(scope="session")
def sample_served_tables() -> dict[str, list[dict]]:
    """The hand-made records of sample_corpus.py (whatever ``tables`` serves) plus the hostile
    article: their family F1 is a chain with publication times (wire → rewrite → digest)."""
    return hostile_tables(sample_tables())


@pytest.fixture(scope="session")
def sample_base_url(tmp_path_factory, sample_served_tables) -> str:
    """The web app serving :func:`sample_served_tables`."""
    yield from _serve(_make_store(tmp_path_factory.mktemp("sample-store") / "sample.duckdb", sample_served_tables))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium; run scripts/install_browser.sh")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed; pip install -e '.[dev]'")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page that records every dialog (alert/confirm) and page error it sees."""
    context = browser.new_context(viewport={"width": 1360, "height": 900})
    pg = context.new_page()
    pg.dialogs = []
    pg.errors = []

    def on_dialog(d):
        pg.dialogs.append(d.message)
        d.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """Where page screenshots go: a temporary folder, or the folder named by
    NEWSTRACE_SCREENSHOTS (``NEWSTRACE_SCREENSHOTS=docs/screenshots`` renews the committed,
    documented ones), so that a test run never rewrites tracked files."""
    where = os.environ.get("NEWSTRACE_SCREENSHOTS")
    folder = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def chromium_available() -> bool:
    return CHROMIUM.exists() and shutil.which(str(CHROMIUM)) is not None
