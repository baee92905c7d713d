"""One self-contained HTML report (inline CSS and JS) with the web app's views of a small run.

The records are loaded into an in-memory DuckDB :class:`~newstrace.store.Store` so the
report uses exactly the queries and views of the web app; every view becomes a
``<section>`` and the script shows the one named by the URL fragment. Escaping is the
web app's (Jinja2 autoescape + :mod:`newstrace.web.render`); in addition a CSP meta tag
allows only the report's own script (by hash), so injected markup could not run script.
"""
from __future__ import annotations

import base64
import datetime as _dt
import hashlib
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, PackageLoader
from markupsafe import Markup

from ..store import Store
from ..web import views
from ..web.app import STATIC_DIR

MAX_ARTICLES = 2000  # a report is for a small run; the web app is for big ones


class ReportLinks:
    """Fragment links (``#article-3``) between the report's sections."""

    def __init__(self, article_ids, entity_ids, family_ids):
        self._a = {a: f"article-{i}" for i, a in enumerate(article_ids)}
        self._e = {e: f"speaker-{i}" for i, e in enumerate(entity_ids)}
        self._f = {f: f"family-{i}" for i, f in enumerate(family_ids)}

    def anchor(self, kind: str, key: str) -> str | None:
        return {"article": self._a, "speaker": self._e, "family": self._f}[kind].get(key)

    def article(self, article_id: str) -> str:
        a = self._a.get(article_id)
        return f"#{a}" if a else "#corpus"

    def speaker(self, entity_id: str | None, name: str | None = None, page: int = 1) -> str | None:
        if page > 1:
            return None  # the report shows a speaker's first page of quotes
        e = self._e.get(entity_id) if entity_id else None
        return f"#{e}" if e else None

    def family(self, family_id: str, a: str | None = None, b: str | None = None) -> str | None:
        if a or b:
            return None  # the report shows one pair per family
        f = self._f.get(family_id)
        return f"#{f}" if f else None

    def corpus(self, page: int = 1, outlet: str | None = None) -> str | None:
        return None  # no pagination or filtering in the static report


def _env() -> Environment:
    return Environment(loader=ChoiceLoader([PackageLoader("newstrace.report", "templates"),
                                            PackageLoader("newstrace.web", "templates")]),
                       autoescape=True, trim_blocks=True, lstrip_blocks=True)


def render_report(tables: dict[str, list[dict]]) -> str:
    """The report's HTML for contract ``tables`` (as produced by the runner or ``Store.load_tables``)."""
    store = Store(":memory:")
    try:
        store.save_articles(tables)
        store.save_corpus(tables)
        n = store.count_articles()
        articles = [r["id"] for r in store.list_articles(0, min(n, MAX_ARTICLES))]
        speakers = store.list_speakers(0, 100000)
        entity_ids = [s["entity"] for s in speakers]
        families = store.list_families(0, 100000)
        links = ReportLinks(articles, entity_ids, [f["id"] for f in families])
        corpus = views.corpus_context(store, 1, None)
        corpus.update(page=1, pages=1, articles=store.list_articles(0, MAX_ARTICLES))
        article_pages = [(links.anchor("article", a), views.article_context(store, a)) for a in articles]
        speaker_pages = [(links.anchor("speaker", e), views.speaker_context(store, e)) for e in entity_ids]
        family_pages = [(links.anchor("family", f["id"]),
                         views.family_context(store, f["id"], prefix=f"f{i}")) for i, f in enumerate(families)]
    finally:
        store.close()
    js = (STATIC_DIR / "newstrace.js").read_text(encoding="utf-8")
    css = (STATIC_DIR / "newstrace.css").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; img-src data:"
    env = _env()
    env.globals["links"] = links
    env.globals["profile_chips"] = views.profile_chips
    template = env.get_template("report.html")
    return template.render(
        v=template.environment.get_template("_views.html").make_module({"links": links}),
        links=links, corpus=corpus, speakers=speakers, families=families,
        articles=[p for p in article_pages if p[1]], speaker_pages=[p for p in speaker_pages if p[1]],
        family_pages=[p for p in family_pages if p[1]],
        css=Markup(css), js=Markup(js), csp=csp,
        generated=_dt.datetime.now(_dt.timezone.utc).strftime("generated %Y-%m-%d %H:%M UTC"))


def write_report(tables: dict[str, list[dict]], path: Path) -> None:
    """Write the self-contained report for ``tables`` to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(tables), encoding="utf-8")
