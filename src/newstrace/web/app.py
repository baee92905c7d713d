"""The local web app: FastAPI serving a newstrace DuckDB store as server-rendered HTML.

Security: every template is rendered with Jinja2 autoescaping on, article text reaches the
page only through :mod:`newstrace.web.render` (which escapes each piece), queries are
parameterised in :mod:`newstrace.store`, and no request parameter is ever used as a file
path (static files come from this package's ``static`` folder through ``StaticFiles``).
A strict Content-Security-Policy (no inline scripts) is a second line of defence.
"""
from __future__ import annotations

import threading
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..store import Store
from . import views

STATIC_DIR = Path(__file__).resolve().parent / "static"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def make_env() -> Environment:
    """The Jinja2 environment for the app's templates (autoescape always on)."""
    env = Environment(loader=PackageLoader("newstrace.web", "templates"), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["links"] = views.WebLinks()
    env.globals["profile_chips"] = views.profile_chips
    return env


class _StoreHandle:
    """One read-only DuckDB connection; each request works on its own cursor (thread-safe)."""

    def __init__(self, db_path: str | Path):
        self.store = Store(db_path, read_only=True)
        self.lock = threading.Lock()
        # The file cannot change while it is open read-only here (DuckDB locks it against
        # writers), so the corpus-wide summary is computed once.
        self._summary: dict | None = None

    def summary(self, store: Store) -> dict:
        if self._summary is None:
            self._summary = store.summary()
        return self._summary

    def cursor_store(self) -> Store:
        with self.lock:
            return self.store.cursor()


def create_app(db_path: str | Path) -> FastAPI:
    """The web app serving the store at ``db_path`` (opened read-only)."""
    handle = _StoreHandle(db_path)
    env = make_env()
    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        handle.store.close()

    app = FastAPI(title="newstrace", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    def page(template: str, code: int = 200, **ctx) -> HTMLResponse:
        html = env.get_template(template).render(**ctx)
        return HTMLResponse(html, status_code=code, headers={
            "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer"})

    def not_found(what: str) -> HTMLResponse:
        return page("error.html", 404, status="Not found", message=f"No {what} with that id in this store.")

    def with_store(fn):
        store = handle.cursor_store()
        try:
            return fn(store)
        finally:
            store.con.close()

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return page("error.html", exc.status_code, status=str(exc.status_code), message=str(exc.detail))

    @app.get("/", response_class=HTMLResponse)
    def corpus(page_no: int = Query(1, alias="page", ge=1, le=10**6), outlet: str | None = Query(None, max_length=300)):
        return page("corpus.html", c=with_store(
            lambda s: views.corpus_context(s, page_no, outlet, handle.summary(s))))

    @app.get("/article/{article_id:path}", response_class=HTMLResponse)
    def article(article_id: str):
        c = with_store(lambda s: views.article_context(s, article_id))
        return page("article.html", c=c) if c else not_found("article")

    @app.get("/speaker/{entity_id:path}", response_class=HTMLResponse)
    def speaker(entity_id: str, page_no: int = Query(1, alias="page", ge=1, le=10**6)):
        c = with_store(lambda s: views.speaker_context(s, entity_id, page_no))
        return page("speaker.html", c=c) if c else not_found("speaker")

    @app.get("/family/{family_id:path}", response_class=HTMLResponse)
    def family(family_id: str, a: str | None = Query(None, max_length=500), b: str | None = Query(None, max_length=500)):
        c = with_store(lambda s: views.family_context(s, family_id, a, b))
        return page("family.html", c=c) if c else not_found("family")

    @app.get("/speakers", response_class=HTMLResponse)
    def speakers(page_no: int = Query(1, alias="page", ge=1, le=10**6)):
        return page("speakers.html", c=with_store(lambda s: views.speakers_context(s, page_no)))

    @app.get("/families", response_class=HTMLResponse)
    def families(page_no: int = Query(1, alias="page", ge=1, le=10**6)):
        return page("families.html", c=with_store(lambda s: views.families_context(s, page_no)))

    @app.get("/outlets", response_class=HTMLResponse)
    def outlets():
        return page("outlets.html", c=with_store(views.outlets_context))

    @app.get("/outlets.csv")
    def outlets_csv():
        import io

        from ..store import write_csv
        buf = io.StringIO()
        rows = with_store(lambda s: s.outlet_links())
        write_csv(buf, "outlets", rows)
        return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": 'attachment; filename="outlets.csv"', "X-Content-Type-Options": "nosniff"})

    @app.get("/search", response_class=HTMLResponse)
    def search(q: str = Query("", max_length=500), by: str = Query("quote", max_length=20),
               speaker: str | None = Query(None, max_length=500), page_no: int = Query(1, alias="page", ge=1, le=10**6)):
        c = with_store(lambda s: views.search_context(s, q, by, page_no, speaker))
        return page("search.html", c=c, q=c["q"], by=c["by"])

    return app
