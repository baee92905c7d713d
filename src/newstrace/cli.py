"""Command line: a thin Typer wrapper over the library functions.

    newstrace analyze PATH... [--out DIR] [--db FILE] [--report FILE] [--force] [--aliases FILE]
    newstrace serve --db FILE [--host 127.0.0.1] [--port 8000]
    newstrace eval polnear|segmentation|speakers|reuse ...
    newstrace train attribution ...
    newstrace spark --input PATH --output PATH [--master local[*]]
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .model import SPEAKER_KINDS
from .options import DEFAULT_TIME_LIMIT, Options

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# Library progress bars and chatter (model loading) would drown our own progress bar.
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TQDM_DISABLE", "1")

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="newstrace: who said what, who copied whom, and what was added, in news articles.")
eval_app = typer.Typer(no_args_is_help=True, help="Score the pipeline against held-out gold data.")
train_app = typer.Typer(no_args_is_help=True, help="Train the project's models from ../shared data.")
app.add_typer(eval_app, name="eval")
app.add_typer(train_app, name="train")

err_console = Console(stderr=True)
DEFAULT_DB = Path("newstrace.duckdb")


def _user_errors() -> tuple[type[BaseException], ...]:
    """Errors whose message is written for a person (it names the file and the fix): they
    are printed on one line and exit with code 2, never as a traceback."""
    from .errors import NewstraceError
    return (NewstraceError,)


def _fail(e: BaseException) -> None:
    err_console.print(f"[red]error[/red]: {escape(str(e))}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


# Options shared by `analyze` and `spark`: both build the same Options object from them.
NO_SPLIT = typer.Option(False, "--no-split", help="Never split aggregator pages into articles.")
TIME_LIMIT = typer.Option(DEFAULT_TIME_LIMIT, "--time-limit",
                          help="Seconds allowed per article before it is skipped (0: no limit).")
EMBEDDINGS = typer.Option(False, "--embeddings", help="Also compare sentences by MiniLM vectors when aligning "
                          "rewrites (slower: every sentence is encoded; slightly better links on paraphrases).")

SINCE = typer.Option(None, "--since", help="Keep articles dated on or after this day (YYYY-MM-DD; the page's "
                     "date, else the crawl date; undated articles are left out).")
UNTIL = typer.Option(None, "--until", help="Keep articles dated on or before this day (YYYY-MM-DD).")
OUTLET = typer.Option(None, "--outlet", help="Keep articles whose outlet or URL host matches this shell pattern "
                      "('*bbc*', 'nytimes.com'); repeat for several.")
ALIASES = typer.Option(None, "--aliases", help="Alias file: one speaker per line, primary name first, then its "
                       "variants, comma-separated (the Gender Gap Tracker's aliases.txt format).")


def _options(no_split: bool, time_limit: float, force: bool = False, embeddings: bool = False,
             aliases: Path | None = None, since: str | None = None, until: str | None = None,
             outlets: list[str] | None = None) -> Options:
    from .ingest.select import check_date
    if time_limit < 0:
        err_console.print("--time-limit must be a number of seconds >= 0 (0: no limit)")
        raise typer.Exit(2)
    try:
        since, until = check_date(since, "--since"), check_date(until, "--until")
    except ValueError as e:
        err_console.print(escape(str(e)))
        raise typer.Exit(2)
    table = None
    if aliases is not None:
        from .attribution.aliases import load_aliases
        try:
            table = load_aliases(aliases)
        except _user_errors() as e:
            _fail(e)
    return Options(segment=not no_split, time_limit=time_limit or None, force=force, embeddings=embeddings,
                   aliases=table, since=since, until=until, outlets=tuple(outlets or ()))


@app.command()
def analyze(
    paths: list[Path] = typer.Argument(..., help="Files or folders (.txt, .html, .jsonl, .warc, .warc.gz); folders are "
                                       "walked recursively."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the JSONL files of the output contract to this folder."),
    db: Optional[Path] = typer.Option(None, "--db", help=f"DuckDB store (default {DEFAULT_DB} when no --out is given)."),
    report: Optional[Path] = typer.Option(None, "--report", help="Also write a self-contained HTML report."),
    force: bool = typer.Option(False, "--force", help="Re-analyse articles already in the store."),
    no_split: bool = NO_SPLIT,
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress bar (default: on when stderr is a terminal)."),
    time_limit: float = TIME_LIMIT,
    embeddings: bool = EMBEDDINGS,
    aliases: Optional[Path] = ALIASES,
    since: Optional[str] = SINCE,
    until: Optional[str] = UNTIL,
    outlet: Optional[list[str]] = OUTLET,
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Analyse articles (.txt, .html, .jsonl, .warc/.warc.gz): attributions, speakers, rewrite families,
    alignment, support, drift."""
    _setup_logging(verbose)
    options = _options(no_split, time_limit, force, embeddings, aliases, since, until, outlet)
    if out is None and db is None:
        db = DEFAULT_DB
    show = err_console.is_terminal if progress is None else progress
    try:
        summary = _run_with_progress(show, paths, out, db, report, options)
    except Exception as e:
        if isinstance(e, _user_errors()):
            _fail(e)
        raise
    _print_summary(summary, out, db, report)
    raise typer.Exit(code=0 if summary.ok else 1)


def _run_with_progress(show, paths, out, db, report, options):
    from .runner import run_analysis
    on_progress = None
    if show:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
        bar = Progress(TextColumn("[bold]analysing"), BarColumn(), MofNCompleteColumn(),
                       TimeRemainingColumn(), TextColumn("{task.description}"), console=err_console, transient=True)
        task = bar.add_task("", total=None)

        def on_progress(done: int, total: int, label: str) -> None:
            bar.update(task, completed=done, total=total, description=label[:40])
        with bar:
            return run_analysis(paths, out_dir=out, db=db, report=report, options=options, progress=on_progress)
    return run_analysis(paths, out_dir=out, db=db, report=report, options=options)


# Off a terminal (a log file, a pipe, CI) rich falls back to 80 columns and folds the
# profile table's phrases one word per line; a wide fixed width keeps each row on one line.
PIPED_WIDTH = 200


def _summary_console() -> Console:
    console = Console()
    return console if console.is_terminal else Console(width=PIPED_WIDTH)


def _print_summary(summary, out, db, report) -> None:
    console = _summary_console()
    t = Table(title="newstrace analyze", show_header=True)
    t.add_column("what")
    t.add_column("count", justify="right")
    t.add_row("articles", str(summary.articles))
    if summary.reused:
        t.add_row("  already in the store", str(summary.reused))
    t.add_row("attributions", str(summary.counts.get("attributions", 0)))
    for k in ("direct", "partial", "indirect"):
        t.add_row(f"  {k}", str(summary.attribution_kinds.get(k, 0)))
    for k in SPEAKER_KINDS:
        t.add_row(f"  speaker {k}", str(summary.speaker_kinds.get(k, 0)))
    t.add_row("speakers (entities)", str(summary.counts.get("entities", 0)))
    t.add_row("rewrite families", str(summary.counts.get("families", 0)))
    t.add_row("aligned sentence links", str(summary.counts.get("links", 0)))
    unsupported = sum(1 for s in summary.tables.get("support", []) if s["status"] == "unsupported")
    t.add_row("unsupported sentences", str(unsupported))
    t.add_row("quote drifts", str(summary.counts.get("drift", 0)))
    for why, n in sorted(summary.skipped.items()):
        t.add_row(f"skipped: {why.split(': ', 1)[-1]}", str(n))
    t.add_row("inputs that failed", str(len(summary.errors)), style="red" if summary.errors else None)
    console.print(t)
    _print_families(console, summary.tables)
    _print_profiles(console, summary.tables.get("profiles", []))
    for e in summary.errors[:20]:
        console.print(f"[red]error[/red] {escape(e['origin'])}: {escape(e['error'])}", highlight=False, soft_wrap=True)
    if len(summary.errors) > 20:
        console.print(f"... and {len(summary.errors) - 20} more in errors.jsonl")
    where = [str(x) for x in (out, db, report) if x is not None]
    console.print("written: " + ", ".join(where), highlight=False, markup=False, soft_wrap=True)
    if summary.seconds:
        console.print("seconds: " + " · ".join(f"{k} {v:.1f}" for k, v in summary.seconds.items()), highlight=False)


def _print_families(console: Console, tables: dict, limit: int = 15) -> None:
    """Each rewrite family, largest first, with its earliest source: who the others copied."""
    families = sorted(tables.get("families", []), key=lambda f: (-len(f["articles"]), f["id"]))
    if not families:
        return
    arts = {a["id"]: a for a in tables.get("articles", [])}
    copies = {}
    for s in tables.get("sources", []):
        copies.setdefault(s["family"], []).append(s)
    t = Table(title="rewrite families (who copied whom)", show_header=True)
    t.add_column("family", no_wrap=True)
    t.add_column("articles", justify="right")
    t.add_column("earliest source", overflow="fold")
    t.add_column("ordered by")
    for f in families[:limit]:
        src = arts.get(f.get("source") or "", {})
        label = " · ".join(x for x in (f.get("source"), src.get("outlet"), (src.get("title") or "")[:60]) if x)
        basis = next((s["basis"] for s in copies.get(f["id"], [])), "")
        t.add_row(escape(f["id"]), str(len(f["articles"])), escape(label or "–"), basis)
    console.print(t)
    if len(families) > limit:
        console.print(f"... {len(families) - limit} more families in families.jsonl / the store", highlight=False)


def _print_profiles(console: Console, profiles: list[dict], limit: int = 20) -> None:
    """Sourcing profile per article: who is quoted, how vaguely, how much is unsupported."""
    if not profiles:
        return
    t = Table(title="sourcing profile", show_header=True)
    t.add_column("article", no_wrap=True)
    for col in ("named", "anon.", "doc.", "unres.", "unsupp."):
        t.add_column(col, justify="right")
    t.add_column("vague", overflow="fold")
    for p in profiles[:limit]:
        src = p.get("sources") or {}
        share = p.get("unsupported_share")
        vague = [v.get("text", "") for v in p.get("vague_attributions") or []]
        t.add_row(escape(str(p.get("article"))), str(src.get("named", 0)), str(src.get("anonymous", 0)),
                  str(src.get("document", 0)), str(src.get("unresolved", 0)),
                  "–" if share is None else f"{share:.0%}",
                  escape("; ".join(vague[:3]) + (f" (+{len(vague) - 3})" if len(vague) > 3 else "")))
    console.print(t)
    if len(profiles) > limit:
        console.print(f"... {len(profiles) - limit} more articles in profiles.jsonl / the store", highlight=False)


@app.command()
def serve(
    db: Path = typer.Option(DEFAULT_DB, "--db", help="DuckDB store written by `newstrace analyze`."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to bind (localhost by default)."),
    port: int = typer.Option(8000, "--port"),
) -> None:
    """Browse a store in a local web app."""
    if not db.exists():
        err_console.print(f"[red]{db} does not exist[/red]: run `newstrace analyze PATH --db {db}` first.")
        raise typer.Exit(2)
    import uvicorn

    from .web.app import create_app
    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(f"[yellow]warning[/yellow]: serving on {host}: article text is untrusted input; "
                          "anyone who can reach this address can read the store.")
    try:
        web_app = create_app(db)
    except Exception as e:
        if isinstance(e, _user_errors()):
            _fail(e)
        raise
    err_console.print(f"newstrace: serving {db} on http://{host}:{port}/ (Ctrl-C to stop)", highlight=False)
    uvicorn.run(web_app, host=host, port=port, log_level="warning")


@app.command()
def export(
    db: Path = typer.Option(DEFAULT_DB, "--db"),
    out: Path = typer.Option(..., "--out", "-o"),
    fmt: str = typer.Option("jsonl", "--format", help="jsonl, parquet or csv (columns: docs/reference.md)"),
) -> None:
    """Export a store's tables to JSONL, Parquet or CSV files (one per table)."""
    from .store import EXPORT_FORMATS, Store
    if fmt not in EXPORT_FORMATS:
        err_console.print(f"--format must be one of {', '.join(EXPORT_FORMATS)}")
        raise typer.Exit(2)
    if not db.exists():
        err_console.print(f"[red]{db} does not exist[/red]: run `newstrace analyze PATH --db {db}` first.")
        raise typer.Exit(2)
    try:
        with Store(db, read_only=True) as s:
            s.export(out, fmt)
    except Exception as e:
        if isinstance(e, _user_errors()) or isinstance(e, OSError):
            _fail(e)
        raise
    err_console.print(f"exported {db} to {out} ({fmt})", highlight=False)


@eval_app.command("polnear")
def eval_polnear(directory: Path = typer.Argument(..., help="A PolNeAR split folder with text/ and attributions/."),
                 limit: Optional[int] = typer.Option(None, help="Only the first N articles."),
                 system: str = typer.Option("model", help="model (the shipped tagger) or rules (the baseline).")) -> None:
    """Per-span exact and partial P/R/F1 per role, and attribution-level F1."""
    if system not in ("model", "rules"):
        err_console.print("--system must be model or rules")
        raise typer.Exit(2)
    if not (directory / "text").is_dir() or not (directory / "attributions").is_dir():
        err_console.print(f"[red]{escape(str(directory))}[/red] is not a PolNeAR split: it needs text/ and attributions/ folders.")
        raise typer.Exit(2)
    from .eval.attribution import evaluate_polnear, format_report
    typer.echo(format_report(evaluate_polnear(str(directory), limit=limit, system=system)))


@eval_app.command("segmentation", add_help_option=False,
                  context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def eval_segmentation(ctx: typer.Context) -> None:
    """Aggregator splitting on pages with gold, single articles, seed pages (lab: python -m evals.segmentation)."""
    from .eval.segmentation import main
    raise typer.Exit(main(list(ctx.args)) or 0)


@eval_app.command("speakers", add_help_option=False,
                  context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def eval_speakers(ctx: typer.Context) -> None:
    """Speaker resolution precision/recall on the labelled dev set (needs --polnear DIR)."""
    from .eval.speakers import main
    raise typer.Exit(main(list(ctx.args)) or 0)


@eval_app.command("reuse", add_help_option=False,
                  context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def eval_reuse(ctx: typer.Context) -> None:
    """Sentence decisions (MSRP), families and links (ECB+) (lab: python -m evals.reuse)."""
    from .eval.reuse import main
    raise typer.Exit(main(list(ctx.args)) or 0)


@train_app.command("attribution", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def train_attribution(ctx: typer.Context) -> None:
    """Fine-tune the attribution tagger on PolNeAR train (see docs/attribution.md)."""
    from .attribution.train import main
    raise typer.Exit(main(list(ctx.args)) or 0)


@app.command()
def spark(
    inputs: list[str] = typer.Option(..., "--input", "-i", help="Files or folders (.txt, .html, .jsonl) or Parquet "
                                     "(file, folder, or hdfs:// / s3a:// URI) of articles; repeat for several."),
    output: Path = typer.Option(..., "--output", "-o", help="Output folder (tables are overwritten)."),
    master: str = typer.Option("local[*]", "--master", help="Spark master URL."),
    stages: str = typer.Option("full", "--stages", help="full: every stage; reuse-only: sentences + "
                               "families/alignment, no attribution model; candidates: only the candidate groups "
                               "(for benchmarks)."),
    partitions: Optional[int] = typer.Option(None, "--partitions", help="Partitions for the per-article step and "
                                             "shuffles (default 4 × the default parallelism)."),
    no_split: bool = NO_SPLIT,
    time_limit: float = TIME_LIMIT,
    embeddings: bool = EMBEDDINGS,
    minhash_distance: Optional[float] = typer.Option(None, "--minhash-distance", help="Jaccard distance of the "
                                                     "MinHash-LSH join (default 0.8, i.e. similarity >= 0.2)."),
    min_shared: Optional[int] = typer.Option(None, "--min-shared", help="Shared rare shingles making a candidate "
                                             "(default 5, and at least 10% of the shorter article's shingles)."),
    max_df: Optional[int] = typer.Option(None, "--max-df", help="Shingles in more articles than this are not keys "
                                         "(default 100)."),
    pivots: Optional[int] = typer.Option(None, "--pivots", help="Pair the articles of each rare shingle and each "
                                         "MinHash bucket only with its N of smallest hashed id (default 4; 0: every "
                                         "pair, rows growing with the square of a family's size)."),
    collect_edges_max: Optional[int] = typer.Option(None, "--collect-edges-max", help="Collect the candidate edge "
                                                    "list to the driver up to this many edges (default 1e6); above, "
                                                    "connected components run as joins on the cluster."),
    aliases: Optional[Path] = ALIASES,
    since: Optional[str] = SINCE,
    until: Optional[str] = UNTIL,
    outlet: Optional[list[str]] = OUTLET,
    driver_memory: str = typer.Option("4g", "--driver-memory"),
    keep_work: bool = typer.Option(False, "--keep-work", help="Keep the intermediate tables under OUTPUT/_work."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Run the same pipeline on Apache Spark, writing the output contract as Parquet (one folder per table)."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        err_console.print("pyspark is not installed: `pip install 'newstrace[spark]'` (and Java 17: "
                          "`apt-get install openjdk-17-jre-headless`).")
        raise typer.Exit(2)
    from .scale.spark_job import run_cli
    from .scale.stages import STAGES
    if stages not in STAGES:
        err_console.print(f"--stages must be one of {', '.join(STAGES)}")
        raise typer.Exit(2)
    _setup_logging(verbose)
    raise typer.Exit(run_cli(inputs, str(output), master=master, stages=stages, partitions=partitions,
                             options=_options(no_split, time_limit, embeddings=embeddings, aliases=aliases,
                                              since=since, until=until, outlets=outlet),
                             minhash_distance=minhash_distance,
                             min_shared=min_shared, max_df=max_df, collect_max=collect_edges_max, pivots=pivots,
                             driver_memory=driver_memory, keep_work=keep_work))


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
