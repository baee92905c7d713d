"""Running the pipeline over a batch of inputs and writing the output contract.

``run_analysis`` is what ``newstrace analyze`` calls: ingest → per-article stages (with a
progress bar) → corpus stages → JSONL directory and/or DuckDB store and/or HTML report.
One broken input or one article whose analysis fails is recorded in ``errors`` and the
rest of the batch goes on.
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .model import CORPUS_ORIGIN, Article, Attribution, IngestError, Span, Speaker, span_from_record
from .pipeline import ArticleResult, CorpusResult, analyze_article, analyze_corpus, warm_up

log = logging.getLogger(__name__)

#: Output files of the contract, in the order they are written.
CONTRACT_FILES = ("articles", "attributions", "entities", "families", "links", "support", "drift", "errors")
#: Extra tables we write beside the contract.
EXTRA_FILES = ("profiles",)
#: Articles per store transaction.
STORE_BATCH = 16


@dataclass
class RunSummary:
    articles: int = 0
    analysed: int = 0
    reused: int = 0
    errors: list[dict] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    attribution_kinds: Counter = field(default_factory=Counter)
    speaker_kinds: Counter = field(default_factory=Counter)
    tables: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


# --------------------------------------------------------------------------- records

def article_records(res: ArticleResult) -> dict[str, list[dict]]:
    """Contract records of one article's per-article stages."""
    a = res.article
    return {
        "articles": [a.to_record()],
        "sentences": [{"article": a.id, "start": s.start, "end": s.end} for s in res.sentences],
        "attributions": [att.to_record(a.text) for att in res.attributions],
    }


def corpus_records(results: list[ArticleResult], corpus: CorpusResult) -> dict[str, list[dict]]:
    texts = {r.article.id: r.article.text for r in results}
    return {
        "entities": [e.to_record() for e in corpus.entities],
        "families": [f.to_record() for f in corpus.families],
        "links": [l.to_record(texts) for l in corpus.links],
        "support": [s.to_record(texts[s.article]) for s in corpus.support],
        "drift": [d.to_record(texts) for d in corpus.drift],
        "profiles": [{"article": aid, **prof} for aid, prof in corpus.profiles.items()],
    }


def results_from_records(tables: dict[str, list[dict]]) -> list[ArticleResult]:
    """Rebuild per-article results (as stored) so the corpus stages can run over them."""
    by_id: dict[str, ArticleResult] = {}
    for rec in tables.get("articles", []):
        by_id[rec["id"]] = ArticleResult(article=Article.from_record(rec))
    for rec in tables.get("sentences", []):
        if rec["article"] in by_id:
            by_id[rec["article"]].sentences.append(Span(int(rec["start"]), int(rec["end"])))
    for rec in tables.get("attributions", []):
        r = by_id.get(rec["article"])
        if r is None:
            continue
        sp = rec.get("speaker") or {}
        r.attributions.append(Attribution(
            article=rec["article"], id=rec["id"], content=span_from_record(rec["content"]),
            kind=rec["kind"], source=span_from_record(rec.get("source")), cue=span_from_record(rec.get("cue")),
            speaker=Speaker(sp.get("name"), sp.get("kind", "unresolved"), sp.get("entity")),
            score=rec.get("score")))
    for r in by_id.values():
        r.sentences.sort()
        r.attributions.sort(key=lambda a: (a.content.start, a.id))
    return list(by_id.values())


# --------------------------------------------------------------------------- writing

class OutputError(Exception):
    """The output folder or store cannot be written; the message says which and why."""


def check_writable(out_dir: Path) -> None:
    """Fail fast, before hours of analysis, when the output folder cannot be written."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".write-test.", dir=out_dir)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise OutputError(f"cannot write to {out_dir}: {e.strerror or e}. Choose another --out folder "
                          "or fix its permissions.") from e


def write_jsonl_dir(out_dir: Path, tables: dict[str, list[dict]]) -> None:
    """Write each table as ``NAME.jsonl`` atomically (temp file + rename), so an
    interrupted run never leaves a half-written file under the final name."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in CONTRACT_FILES + EXTRA_FILES:
        rows = tables.get(name, [])
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                for r in rows:
                    f.write(json.dumps(r, ensure_ascii=False))
                    f.write("\n")
            os.replace(tmp, out_dir / f"{name}.jsonl")
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise


# --------------------------------------------------------------------------- running

class ArticleTimeout(Exception):
    """An article's analysis ran past the per-document time limit."""


@contextlib.contextmanager
def time_limit(seconds: float | None):
    """Raise :class:`ArticleTimeout` in the main thread after ``seconds`` (POSIX timers).

    Off the main thread, or without a limit, this does nothing: Spark workers and library
    callers run without it."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum, frame):
        raise ArticleTimeout()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


#: Default per-article time limit in seconds (an ordinary article takes well under one).
DEFAULT_TIME_LIMIT = 120.0


#: Articles longer than this (characters) are kept but not analysed: news articles are far
#: shorter, and the parser's memory grows with length (about 1 GB per 1M characters).
MAX_ARTICLE_CHARS = 1_000_000


def analyze_one(article: Article, seconds: float | None = DEFAULT_TIME_LIMIT) -> tuple[ArticleResult, IngestError | None]:
    if len(article.text) > MAX_ARTICLE_CHARS:
        return ArticleResult(article=article), IngestError(
            article.origin, f"article {article.id!r} has {len(article.text):,} characters, over the "
            f"{MAX_ARTICLE_CHARS:,} analysed per article: its text is kept without findings. Is it really one "
            "article? Split it, or check the input's format.", "E902")
    try:
        with time_limit(seconds):
            return analyze_article(article), None
    except ArticleTimeout:
        return ArticleResult(article=article), IngestError(
            article.origin, f"article {article.id!r}: analysis took longer than {seconds:g} s and was stopped; "
            "its text is kept, without findings (raise --time-limit if it is a very long article).", "E901")
    except Exception as e:  # keep the article, report the failure, go on with the batch
        log.exception("analysis failed for %s", article.id)
        return ArticleResult(article=article), IngestError(
            article.origin, f"article {article.id!r}: analysis failed ({type(e).__name__}: {e}); "
            "its text is kept, without findings.", "E900")


def run_analysis(paths: Iterable[str | Path], out_dir: Path | None = None, db: Path | None = None,
                 force: bool = False, report: Path | None = None, segment: bool = True,
                 progress: Callable[[int, int, str], None] | None = None,
                 time_limit_s: float | None = DEFAULT_TIME_LIMIT) -> RunSummary:
    """Analyse every input and write what was found. ``progress(done, total, label)``
    is called after each article."""
    from .ingest import read_inputs

    if out_dir is not None:
        check_writable(Path(out_dir))
    summary = RunSummary()
    errors: list[IngestError] = []
    articles: list[Article] = []
    for item in read_inputs(paths, segment=segment):
        (errors if isinstance(item, IngestError) else articles).append(item)

    store = None
    stored: dict[str, str] = {}
    if db is not None:
        from .store import Store
        store = Store(db)
        stored = store.known_hashes()

    results: list[ArticleResult] = []
    todo = [a for a in articles if force or stored.get(a.id) != a.content_hash]
    reuse_ids = {a.id for a in articles} - {a.id for a in todo}
    if reuse_ids and store is not None:
        old = store.load_tables(["articles", "sentences", "attributions"])
        old = {k: [r for r in v if (r.get("id") if k == "articles" else r.get("article")) in reuse_ids]
               for k, v in old.items()}
        results.extend(results_from_records(old))
    summary.reused = len(results)

    if todo:
        warm_up()
    batch: dict[str, list[dict]] = {}
    for i, art in enumerate(todo, 1):
        res, err = analyze_one(art, time_limit_s)
        results.append(res)
        if err is not None:
            errors.append(err)
        if store is not None:
            for k, v in article_records(res).items():
                batch.setdefault(k, []).extend(v)
            if i % STORE_BATCH == 0 or i == len(todo):
                store.save_articles(batch)
                batch = {}
        if progress is not None:
            progress(i, len(todo), art.id)
    summary.analysed = len(todo)

    order = {a.id: n for n, a in enumerate(articles)}
    results.sort(key=lambda r: order.get(r.article.id, len(order)))
    try:
        corpus = analyze_corpus(results)
    except Exception as e:  # per-article findings are still written; say what is missing
        log.exception("cross-article analysis failed")
        corpus = CorpusResult()
        errors.append(IngestError(CORPUS_ORIGIN, f"the cross-article stages (speakers across articles, families, "
                                  f"alignment, support, drift) failed: {type(e).__name__}: {e}. Per-article results "
                                  "are written; please report this.", "E910"))

    tables: dict[str, list[dict]] = {"articles": [], "sentences": [], "attributions": []}
    for res in results:
        for k, v in article_records(res).items():
            tables[k].extend(v)
    tables.update(corpus_records(results, corpus))
    tables["errors"] = [e.to_record() for e in errors]

    if store is not None:
        # Entity ids on attributions are set by the corpus stage: store them too.
        store.save_articles({"attributions": tables["attributions"],
                             "errors": [e for e in tables["errors"] if e["origin"] != CORPUS_ORIGIN]})
        store.save_corpus({k: tables[k] for k in ("entities", "families", "links", "support", "drift", "profiles", "errors")})
        store.close()
    if out_dir is not None:
        try:
            write_jsonl_dir(Path(out_dir), tables)
        except OSError as e:
            raise OutputError(f"writing the results to {out_dir} failed: {e.strerror or e} "
                              "(disk full?). Files already there were left as they were.") from e
    if report is not None:
        from .report.html import write_report
        write_report(tables, report)

    summary.articles = len(results)
    summary.errors = tables["errors"]
    summary.tables = tables
    summary.counts = {k: len(v) for k, v in tables.items()}
    summary.attribution_kinds = Counter(r["kind"] for r in tables["attributions"])
    summary.speaker_kinds = Counter(r["speaker"]["kind"] for r in tables["attributions"])
    return summary
