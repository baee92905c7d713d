"""Running the pipeline over a batch of inputs and writing the output contract.

``run_analysis`` is what ``newstrace analyze`` calls: ingest → per-article stages (with a
progress bar) → corpus stages → JSONL directory and/or DuckDB store and/or HTML report.
One broken input or one article whose analysis fails is recorded in ``errors`` and the
rest of the batch goes on.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .contract import jsonl_tables, per_run_tables
from .errors import E, OutputError, describe, record
from .model import CORPUS_ORIGIN, Article, IngestError
from .options import Options
from .pipeline import ArticleResult, CorpusResult, RunContext, analyze_corpus, analyze_one, warm_up
from .records import RESULT_TABLES, article_records, corpus_records, results_from_records

__all__ = ["RunSummary", "check_writable", "run_analysis", "write_jsonl_dir"]

log = logging.getLogger(__name__)

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
    #: What the inputs held that is not an article of the run, by reason ("warc: not HTML",
    #: "filter: outlet", ...): counted, not errors.
    skipped: Counter = field(default_factory=Counter)
    speaker_kinds: Counter = field(default_factory=Counter)
    tables: dict[str, list[dict]] = field(default_factory=dict)
    #: Wall seconds per phase: reading the inputs, the per-article stages, the cross-article
    #: stages, writing the outputs.
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


# --------------------------------------------------------------------------- writing

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
    for name in jsonl_tables():
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

def run_analysis(paths: Iterable[str | Path], out_dir: Path | None = None, db: Path | None = None,
                 report: Path | None = None, options: Options | None = None,
                 progress: Callable[[int, int, str], None] | None = None) -> RunSummary:
    """Analyse every input and write what was found: JSONL files in ``out_dir``, the DuckDB
    store ``db``, the HTML ``report`` (any of them). ``options`` says how (see
    :class:`~newstrace.options.Options`); ``progress(done, total, label)`` is called after
    each article.

    With a store, each batch of analysed articles is saved as soon as it is done, so a run
    that is killed loses only the batch in flight and a re-run skips what is stored; the
    cross-article results (and the entity ids they give the stored attributions) are rebuilt
    over every stored article, this run's and earlier runs', and saved once, at the end, in
    one transaction. Entities keep the ids they had in earlier runs."""
    from .ingest import read_inputs
    from .ingest.select import skip_reason

    options = options or Options()
    if out_dir is not None:
        check_writable(Path(out_dir))
    summary = RunSummary()
    clock = time.perf_counter()

    def lap(phase: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        summary.seconds[phase] = round(summary.seconds.get(phase, 0.0) + now - clock, 3)
        clock = now

    errors: list[IngestError] = []
    articles: list[Article] = []
    for item in read_inputs(paths, segment=options.segment, skipped=summary.skipped):
        if isinstance(item, IngestError):
            errors.append(item)
            continue
        why = skip_reason(item, options.since, options.until, options.outlets)
        if why is None:
            articles.append(item)
        else:
            summary.skipped[why] += 1

    store = None
    stored: dict[str, str] = {}
    if db is not None:
        from .store import Store
        store = Store(db)
        stored = store.known_hashes()

    results: list[ArticleResult] = []
    todo = [a for a in articles if options.force or stored.get(a.id) != a.content_hash]
    # The cross-article stages run over everything stored, not only over this run's inputs: a
    # run that adds articles to a store finds their rewrites among the articles already there.
    reuse_ids = set(stored) - {a.id for a in todo}
    if reuse_ids and store is not None:
        old = store.load_tables(list(RESULT_TABLES))
        old = {k: [r for r in v if (r.get("id") if k == "articles" else r.get("article")) in reuse_ids]
               for k, v in old.items()}
        results.extend(results_from_records(old))
    summary.reused = len(results)
    lap("read")

    if todo:
        warm_up()
    context = RunContext.of(articles) if todo else None
    batch: dict[str, list[dict]] = {}
    for i, art in enumerate(todo, 1):
        res, err = analyze_one(art, options.time_limit or None, context=context)
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
    lap("articles")
    try:
        corpus = analyze_corpus(results, options=options)
    except Exception as e:  # per-article findings are still written; say what is missing
        log.exception("cross-article analysis failed")
        corpus = CorpusResult()
        errors.append(record(E.E910, CORPUS_ORIGIN, what="the cross-article stages (speakers across articles, "
                             "families, alignment, support, drift)", where="", error=describe(e),
                             kept="Per-article results are written; please report this."))

    lap("corpus")
    tables: dict[str, list[dict]] = {t: [] for t in RESULT_TABLES}
    for res in results:
        for k, v in article_records(res).items():
            tables[k].extend(v)
    tables.update(corpus_records(results, corpus))
    tables["errors"] = [e.to_record() for e in errors]

    if store is not None:
        store.save_corpus({k: tables[k] for k in (*per_run_tables(), "errors")},
                          speakers=[(a["article"], a["id"], a["speaker"]) for a in tables["attributions"]])
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

    lap("write")
    summary.articles = len(results)
    summary.errors = tables["errors"]
    summary.tables = tables
    summary.counts = {k: len(v) for k, v in tables.items()}
    summary.attribution_kinds = Counter(r["kind"] for r in tables["attributions"])
    summary.speaker_kinds = Counter(r["speaker"]["kind"] for r in tables["attributions"])
    return summary
