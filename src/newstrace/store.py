"""DuckDB store for the output contract: schema, idempotent upserts, exports, and the
read queries used by the web app and the HTML report.

The tables and their columns derive from :mod:`newstrace.contract`: each declared field is a
column (a span or speaker field becomes one column per key, ``content_start``,
``content_end``, ``content_text``..., because the web app filters and sorts on them), and
every record field not covered by a column is kept in an ``extra`` JSON column, so
``load_tables`` returns exactly what was saved ("more fields may be added" in the contract).
A store written by an earlier release gains the columns declared since when it is opened.

Durability: every ``save_*`` call is one DuckDB transaction. A process killed with ``kill -9``
loses only the transaction in flight; the file stays usable and is recovered from DuckDB's
write-ahead log when next opened. Every query is parameterised; nothing from a request is
ever formatted into SQL text (table and column names come from the contract declaration).
"""
from __future__ import annotations

import functools
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import duckdb
import pyarrow as pa

from .contract import (EXTRA, OBJECT_KEYS, TABLES, Field, Table, arrow_schema, per_article_tables, per_run_tables,
                       record_from_row, typed_row)
from .errors import StoreError
from .model import CORPUS_ORIGIN, Article

__all__ = ["CORPUS", "EXPORT_FORMATS", "PER_ARTICLE", "Store", "StoreError", "csv_columns", "records_to_arrow",
           "row_to_record", "table_columns", "write_csv"]

#: The per-article and per-run tables (kept for callers; the store reads the contract when used).
PER_ARTICLE = per_article_tables()
CORPUS = per_run_tables()

# ---------------------------------------------------------------------------------------
# Columns, derived from the contract declaration
# ---------------------------------------------------------------------------------------

_SPAN_SUB = ("BIGINT", "BIGINT", "VARCHAR")
_SQL = {"str": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN", "strs": "VARCHAR[]",
        "json": "VARCHAR", "spans": 'STRUCT("start" BIGINT, "end" BIGINT, "text" VARCHAR)[]'}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    sql: str
    field: str
    key: str | None = None  # the key inside a span/speaker object, None for a plain field


def _columns(f: Field) -> list[Column]:
    if f.type in OBJECT_KEYS:
        types = _SPAN_SUB if f.type == "span" else ("VARCHAR",) * 3
        return [Column(f"{f.store_name}_{k}", t, f.name, k) for k, t in zip(OBJECT_KEYS[f.type], types)]
    return [Column(f.store_name, _SQL[f.type], f.name)]


@functools.lru_cache(maxsize=None)
def _table_columns(t: Table) -> tuple[Column, ...]:
    return tuple(c for f in t.fields for c in _columns(f))


def table_columns(table: str) -> tuple[Column, ...]:
    """A table's columns (besides ``extra``), in contract order."""
    return _table_columns(TABLES[table])


def _column_of(t: Table, path: str) -> str:
    """The column of a field (``span.start``: of a key inside an object)."""
    name, _, key = path.partition(".")
    f = t.field(name)
    return f"{f.store_name}_{key}" if key else f.store_name


def _primary_key(t: Table) -> tuple[str, ...]:
    return tuple(_column_of(t, k) for k in t.key)


def _order_by(t: Table) -> str:
    return ", ".join(_column_of(t, k) for k in (t.order or t.key))


INDEXES = {  # the columns the web queries filter on
    "attributions": [("speaker_entity",), ("speaker_name",)],
    "links": [("a",), ("b",)],
    "support": [("article",)],
    "drift": [("a",), ("speaker",)],
    "family_members": [("article",), ("family",)],
    "articles": [("outlet",)],
}


def _ddl() -> list[str]:
    stmts = []
    for t in TABLES.values():
        table, cols = t.name, table_columns(t.name)
        body = [f"{c.name} {c.sql}" for c in cols] + [f"{EXTRA} VARCHAR"]
        if t.key:
            body.append(f"PRIMARY KEY ({', '.join(_primary_key(t))})")
        stmts.append(f"CREATE TABLE IF NOT EXISTS {table} ({', '.join(body)})")
        # a store made by an earlier release gains the columns declared since
        stmts.extend(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {c.name} {c.sql}" for c in cols)
    stmts.append("CREATE TABLE IF NOT EXISTS family_members (family VARCHAR, article VARCHAR)")
    for table, idx in INDEXES.items():
        for cols in idx:
            stmts.append(f"CREATE INDEX IF NOT EXISTS ix_{table}_{'_'.join(cols)} ON {table} ({', '.join(cols)})")
    return stmts


# ---------------------------------------------------------------------------------------
# record <-> row
# ---------------------------------------------------------------------------------------

def _flat(table: str, rec: dict) -> dict:
    """A record as the store's flat row: the contract's typed row, objects spread over their columns."""
    typed = typed_row(table, rec)
    row = {}
    for c in table_columns(table):
        v = typed[c.field]
        row[c.name] = (v or {}).get(c.key) if c.key is not None else v
    row[EXTRA] = typed[EXTRA]
    return row


#: What ``Store.export`` (and ``newstrace export --format``) writes.
EXPORT_FORMATS = ("jsonl", "parquet", "csv")


def csv_columns(table: str) -> list[str]:
    """The columns of ``table`` in a CSV export: the store's columns, then ``extra``."""
    return [c.name for c in table_columns(table)] + [EXTRA]


def write_csv(out, table: str, records: Iterable[dict]) -> None:
    """Contract records of ``table`` as CSV with :func:`csv_columns` (RFC 4180 quoting, UTF-8)
    to ``out``: a path, or an open text file (the web app's download)."""
    import csv

    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            write_csv(fh, table, records)
        return
    w = csv.writer(out)
    cols = csv_columns(table)
    w.writerow(cols)
    for rec in records:
        row = _flat(table, rec)
        w.writerow(["" if v is None else json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict))
                    else v for v in (row[c] for c in cols)])


def records_to_arrow(table: str, records: Iterable[dict]) -> pa.Table:
    """Contract records of ``table`` as an Arrow table with the store's columns."""
    cols = table_columns(table)
    rows = [_flat(table, r) for r in records]
    schema = pa.schema([(c.name, _arrow_sql(c.sql)) for c in cols] + [(EXTRA, pa.string())])
    return pa.Table.from_pylist(rows, schema=schema)


def _arrow_sql(sql: str) -> pa.DataType:
    span = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])
    return {"VARCHAR": pa.string(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(), "BOOLEAN": pa.bool_(),
            "VARCHAR[]": pa.list_(pa.string()), _SQL["spans"]: pa.list_(span)}[sql]


def row_to_record(table: str, row: dict) -> dict:
    """One stored row back to its contract record (inverse of :func:`records_to_arrow`)."""
    typed: dict[str, Any] = {}
    for c in table_columns(table):
        value = row.get(c.name)
        if c.key is None:
            typed[c.field] = value
        else:
            typed.setdefault(c.field, {})[c.key] = value
    typed[EXTRA] = row.get(EXTRA)
    return record_from_row(table, typed)


def _dedupe(table: str, records: list[dict]) -> list[dict]:
    """Last record wins per primary key, so a batch never violates its own key."""
    keys = TABLES[table].key
    if not keys:
        return records
    def value(rec: dict, path: str):
        name, _, sub = path.partition(".")
        v = rec.get(name)
        return v.get(sub) if sub and isinstance(v, dict) else v

    seen: dict[tuple, dict] = {}
    for rec in records:
        seen[tuple(value(rec, k) for k in keys)] = rec
    return list(seen.values())


# ---------------------------------------------------------------------------------------
# Store
# ---------------------------------------------------------------------------------------

def _refuse_foreign_file(path: Path) -> None:
    """A file that exists but is not a DuckDB database (its header has no DUCK magic at
    byte 8) is refused before DuckDB tries to open it as something else."""
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(f"cannot read the store {path}: {exc.strerror or exc}") from exc
    if head and head[8:12] != b"DUCK":
        kind = "a SQLite database" if head.startswith(b"SQLite format 3") else "not a DuckDB database"
        raise StoreError(f"{path} is {kind}: give --db a new file name or a store written by newstrace")


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _probe_folder(path: Path) -> None:
    """Fail early when the store's folder is not writable: DuckDB keeps its write-ahead log
    beside the file and would only find out at the first commit, after all the analysis."""
    folder = path.resolve().parent
    try:
        folder.mkdir(parents=True, exist_ok=True)  # like --out, a new folder is made
    except OSError as exc:
        raise StoreError(f"cannot create the store {path}: cannot make its folder {folder} "
                         f"({exc.strerror or exc}); choose another --db path") from exc
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".newstrace-probe-"):
            pass
    except OSError as exc:
        raise StoreError(f"cannot write the store {path}: its folder {folder} is not writable "
                         f"({exc.strerror or exc}); choose another --db path") from exc


class Store:
    """A DuckDB file holding every table of the output contract."""

    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = str(path)
        in_memory = self.path == ":memory:"
        if read_only and not in_memory and not Path(self.path).exists():
            raise FileNotFoundError(
                f"no store at {self.path}: run `newstrace analyze PATH --db {self.path}` first")
        if not read_only and not in_memory:
            _probe_folder(Path(self.path))
        if not in_memory:
            _refuse_foreign_file(Path(self.path))
        try:
            # Never fetch or load extensions: a foreign file (SQLite, say) given as --db must give
            # a clear error, not a download attempt (nothing reaches the network here).
            self.con = duckdb.connect(self.path, read_only=read_only,
                                      config={"autoinstall_known_extensions": False,
                                              "autoload_known_extensions": False})
        except duckdb.Error as exc:
            msg = _first_line(exc)
            if "lock" in msg.lower():
                raise StoreError(f"the store {self.path} is in use by another process (an analyze or serve "
                                 f"run?); wait for it to finish or use another --db file") from exc
            raise StoreError(f"cannot open the store {self.path}: {msg}. Is it a newstrace DuckDB file, "
                             f"readable and writable? Choose another --db path otherwise") from exc
        self.read_only = read_only
        if not read_only:
            try:
                for stmt in _ddl():
                    self.con.execute(stmt)
            except duckdb.Error as exc:
                self.con.close()
                raise StoreError(f"cannot set up the store {self.path}: {_first_line(exc)}") from exc

    def cursor(self) -> "Store":
        """A Store on a new cursor of the same database, for use from another thread
        (DuckDB connections are not thread-safe; cursors of one connection are)."""
        other = Store.__new__(Store)
        other.path, other.con, other.read_only = self.path, self.con.cursor(), self.read_only
        return other

    # -- writing ------------------------------------------------------------------------

    def _insert(self, con: duckdb.DuckDBPyConnection, table: str, records: list[dict]) -> None:
        if not records:
            return
        batch = records_to_arrow(table, _dedupe(table, records))
        names = ", ".join(batch.column_names)
        con.register("_nt_batch", batch)
        try:
            con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _nt_batch")
        finally:
            con.unregister("_nt_batch")

    def _transaction(self, work) -> None:
        """Run ``work(con)`` in one transaction: all of it is committed or none of it."""
        con = self.con
        try:
            con.begin()
            work(con)
            con.commit()
        except BaseException as exc:
            try:
                con.rollback()
            except duckdb.Error:
                pass  # no transaction left to roll back (the commit itself failed)
            if isinstance(exc, duckdb.Error):
                raise StoreError(f"writing to the store {self.path} failed: {_first_line(exc)}; "
                                 f"what was committed before is kept") from exc
            raise

    def save_articles(self, tables: dict[str, list[dict]]) -> None:
        """Upsert the per-article rows of one batch in one transaction.

        Every article in ``tables["articles"]`` has its old rows (article, sentences,
        attributions, errors for its origin) deleted and the new ones inserted, so saving the
        same article twice replaces rather than duplicates. Errors are keyed by ``origin``.
        """
        articles = list(tables.get("articles") or [])
        art_ids = {str(a["id"]) for a in articles}
        child_ids = {t: sorted(art_ids | {str(r["article"]) for r in tables.get(t) or []})
                     for t in per_article_tables() if t not in ("articles", "errors")}
        errors = list(tables.get("errors") or [])
        origins = sorted({str(a.get("origin")) for a in articles if a.get("origin") is not None}
                         | {str(e.get("origin")) for e in errors})

        def work(con):
            # A table absent from the batch is left alone for articles that are not in it
            # (a caller may save one table of some articles alone).
            for table, ids in child_ids.items():
                if ids and (table in tables or art_ids):
                    con.execute(f"DELETE FROM {table} WHERE article IN (SELECT unnest(?))", [ids])
            if art_ids:
                con.execute("DELETE FROM articles WHERE id IN (SELECT unnest(?))", [sorted(art_ids)])
            if origins:
                con.execute("DELETE FROM errors WHERE origin IN (SELECT unnest(?))", [origins])
            for table in per_article_tables():
                self._insert(con, table, list(tables.get(table) or []))

        self._transaction(work)

    def save_corpus(self, tables: dict[str, list[dict]],
                    speakers: Iterable[tuple[str, str, dict]] | None = None) -> None:
        """Save what the cross-article stages found, in one transaction.

        The per-run tables are replaced wholesale (those missing from ``tables`` are emptied
        too: the corpus stage always produces all of them, and stale links or families from an
        earlier run would be wrong). ``tables["errors"]`` replaces the stored errors of the
        origins it names (the corpus stage's own errors, origin ``(corpus)``, always).
        ``speakers`` — ``(article, attribution id, speaker record)`` for every attribution —
        sets what linking speakers across the run gave the stored attributions: the entity id,
        and the name and kind where a title was resolved through another article of the run.
        """
        errors = list(tables.get("errors") or [])
        origins = sorted({str(e.get("origin")) for e in errors} | {CORPUS_ORIGIN})
        links = None
        if speakers is not None:
            cols = ("article", "id", "entity", "name", "kind")
            rows = [(art, aid, sp.get("entity"), sp.get("name"), sp.get("kind")) for art, aid, sp in speakers]
            links = pa.table({k: list(v) for k, v in zip(cols, zip(*rows))} if rows else {k: [] for k in cols},
                             schema=pa.schema([(k, pa.string()) for k in cols]))

        def work(con):
            for table in per_run_tables():
                con.execute(f"DELETE FROM {table}")
                self._insert(con, table, list(tables.get(table) or []))
            con.execute("DELETE FROM errors WHERE origin IN (SELECT unnest(?))", [origins])
            self._insert(con, "errors", errors)
            con.execute("DELETE FROM family_members")
            con.execute("INSERT INTO family_members SELECT id, unnest(articles) FROM families")
            if links is not None and links.num_rows:
                con.register("_nt_entities", links)
                try:
                    con.execute("""UPDATE attributions SET speaker_entity = u.entity, speaker_name = u.name,
                                          speaker_kind = u.kind FROM _nt_entities u
                                   WHERE attributions.article = u.article AND attributions.id = u.id
                                     AND (attributions.speaker_entity IS DISTINCT FROM u.entity
                                          OR attributions.speaker_name IS DISTINCT FROM u.name
                                          OR attributions.speaker_kind IS DISTINCT FROM u.kind)""")
                finally:
                    con.unregister("_nt_entities")

        self._transaction(work)

    # -- reading back -------------------------------------------------------------------

    def known_hashes(self) -> dict[str, str]:
        """Article id -> content hash, for incremental runs."""
        return {i: h for i, h in self.con.execute("SELECT id, hash FROM articles").fetchall()}

    def _rows(self, sql: str, params: list | None = None) -> list[dict]:
        cur = self.con.cursor()
        try:
            res = cur.execute(sql, params or [])
            names = [d[0] for d in res.description]
            return [dict(zip(names, row)) for row in res.fetchall()]
        finally:
            cur.close()

    def _one(self, sql: str, params: list | None = None) -> dict | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def load_tables(self, names: list[str] | None = None) -> dict[str, list[dict]]:
        """The stored tables as contract records (all tables when ``names`` is None)."""
        out: dict[str, list[dict]] = {}
        for name in names or list(TABLES):
            if name not in TABLES:
                raise ValueError(f"unknown table {name!r}; known: {', '.join(TABLES)}")
            rows = self._rows(f"SELECT * FROM {name} ORDER BY {_order_by(TABLES[name])}")
            out[name] = [row_to_record(name, r) for r in rows]
        return out

    def counts(self) -> dict[str, int]:
        """Row count of every contract table."""
        return {t: self._one(f"SELECT count(*) AS n FROM {t}")["n"] for t in TABLES}

    def export(self, out_dir: Path, fmt: str = "jsonl") -> None:
        """Write every table as ``out_dir/<table>.jsonl``, ``.parquet`` or ``.csv``. JSONL holds
        contract records, Parquet the contract's typed schema, CSV the store's flat columns
        (:func:`csv_columns`: a span or speaker is one column per key; lists and JSON values are
        JSON text; null is an empty cell)."""
        if fmt not in EXPORT_FORMATS:
            raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, records in self.load_tables().items():
            if fmt == "csv":
                write_csv(out_dir / f"{name}.csv", name, records)
            elif fmt == "jsonl":
                with open(out_dir / f"{name}.jsonl", "w", encoding="utf-8") as fh:
                    for rec in records:
                        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            else:  # the contract's typed schema, as the Spark job writes it
                import pyarrow.parquet as pq
                tbl = pa.Table.from_pylist([typed_row(name, r) for r in records], schema=arrow_schema(name))
                pq.write_table(tbl, out_dir / f"{name}.parquet")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- queries for the web app and report ----------------------------------------------

    def summary(self) -> dict:
        """Corpus-wide counts and sourcing profile for the corpus page."""
        s = self._one("""SELECT (SELECT count(*) FROM articles) AS articles,
                                (SELECT count(*) FROM attributions) AS attributions,
                                (SELECT count(*) FROM entities) AS entities,
                                (SELECT count(*) FROM families) AS families,
                                (SELECT count(*) FROM links) AS links,
                                (SELECT count(*) FROM errors) AS errors""")
        s["by_kind"] = {r["kind"]: r["n"] for r in self._rows(
            "SELECT kind, count(*) AS n FROM attributions GROUP BY kind ORDER BY n DESC")}
        s["by_speaker_kind"] = {r["speaker_kind"]: r["n"] for r in self._rows(
            "SELECT speaker_kind, count(*) AS n FROM attributions GROUP BY speaker_kind ORDER BY n DESC")}
        s["outlets"] = self._rows("""SELECT coalesce(outlet, '') AS outlet, count(*) AS n FROM articles
                                     GROUP BY 1 ORDER BY n DESC, outlet LIMIT 20""")
        s["top_speakers"] = self.list_speakers(0, 10)
        s["story"] = self.article_roles()
        return s

    def article_roles(self) -> list[tuple[dict, str]]:
        """Every article's times with its role in the run's story: ``first`` (the earliest
        member of a family), ``copy`` (a later member whose source is another outlet's),
        ``write-through`` (its source is the same outlet's) or ``alone`` (in no family)."""
        from .reuse.outlets import outlet_of

        arts = {r["id"]: r for r in self._rows("SELECT id, published, downloaded, outlet, url FROM articles")}
        outlet = {aid: outlet_of(Article(aid, "", "", outlet=a["outlet"], url=a["url"])) for aid, a in arts.items()}
        roots = {r["source"] for r in self._rows("SELECT source FROM families WHERE source IS NOT NULL")}
        members = {r["article"] for r in self._rows("SELECT DISTINCT article FROM family_members")}
        src = {r["article"]: r["source"] for r in self._rows("SELECT article, source FROM sources")}
        out = []
        for aid, a in arts.items():
            if aid in roots:
                role = "first"
            elif aid not in members:
                role = "alone"
            elif outlet.get(src.get(aid)) is not None and outlet.get(src.get(aid)) == outlet[aid]:
                role = "write-through"
            else:
                role = "copy"
            out.append(({"id": aid, "published": a["published"], "downloaded": a["downloaded"]}, role))
        return out

    def count_articles(self, outlet: str | None = None) -> int:
        if outlet is None:
            return self._one("SELECT count(*) AS n FROM articles")["n"]
        return self._one("SELECT count(*) AS n FROM articles WHERE coalesce(outlet, '') = ?", [outlet])["n"]

    def list_articles(self, offset: int = 0, limit: int = 50, outlet: str | None = None) -> list[dict]:
        """One page of articles with attribution counts, family and profile."""
        where, params = ("", []) if outlet is None else ("WHERE coalesce(outlet, '') = ?", [outlet])
        rows = self._rows(f"""
            WITH page AS (SELECT id, origin, title, outlet, published, length(text) AS chars FROM articles {where}
                          ORDER BY published DESC NULLS LAST, origin, length(id), id LIMIT ? OFFSET ?),
                 agg AS (SELECT t.article, count(*) AS attributions,
                                count(*) FILTER (WHERE t.kind = 'direct') AS direct,
                                count(*) FILTER (WHERE t.kind = 'partial') AS partial,
                                count(*) FILTER (WHERE t.kind = 'indirect') AS indirect,
                                count(*) FILTER (WHERE t.speaker_kind = 'named') AS named,
                                count(*) FILTER (WHERE t.speaker_kind = 'anonymous') AS anonymous,
                                count(DISTINCT coalesce(t.speaker_entity, t.speaker_name)) AS speakers
                         FROM attributions t WHERE t.article IN (SELECT id FROM page) GROUP BY t.article),
                 fam AS (SELECT m.article, list(DISTINCT m.family ORDER BY m.family) AS families
                         FROM family_members m WHERE m.article IN (SELECT id FROM page) GROUP BY m.article)
            SELECT page.*, coalesce(agg.attributions, 0) AS attributions, coalesce(agg.direct, 0) AS direct,
                   coalesce(agg.partial, 0) AS partial, coalesce(agg.indirect, 0) AS indirect,
                   coalesce(agg.named, 0) AS named, coalesce(agg.anonymous, 0) AS anonymous,
                   coalesce(agg.speakers, 0) AS speakers, coalesce(fam.families, []) AS families
            FROM page LEFT JOIN agg ON agg.article = page.id LEFT JOIN fam ON fam.article = page.id
            ORDER BY page.published DESC NULLS LAST, page.origin, length(page.id), page.id""",
                          params + [int(limit), int(offset)])
        profiles = {p["article"]: p for p in (row_to_record("profiles", r) for r in self._rows(
            "SELECT * FROM profiles WHERE article IN (SELECT unnest(?))", [[r["id"] for r in rows]]))} if rows else {}
        for r in rows:
            prof = dict(profiles.get(r["id"]) or {})
            prof.pop("article", None)
            r["profile"] = prof
            r["families"] = list(r["families"] or [])
        return rows

    def get_article(self, article_id: str) -> dict | None:
        row = self._one("SELECT * FROM articles WHERE id = ?", [article_id])
        return row_to_record("articles", row) if row else None

    def attributions_of(self, article_id: str) -> list[dict]:
        return [row_to_record("attributions", r) for r in self._rows(
            "SELECT * FROM attributions WHERE article = ? ORDER BY content_start, id", [article_id])]

    def sentences_of(self, article_id: str) -> list[dict]:
        return [row_to_record("sentences", r) for r in self._rows(
            "SELECT * FROM sentences WHERE article = ? ORDER BY span_start", [article_id])]

    def support_of(self, article_id: str) -> list[dict]:
        return [row_to_record("support", r) for r in self._rows(
            "SELECT * FROM support WHERE article = ? ORDER BY span_start", [article_id])]

    def families_of(self, article_id: str) -> list[dict]:
        return [row_to_record("families", r) for r in self._rows(
            """SELECT f.* FROM families f JOIN family_members m ON m.family = f.id
               WHERE m.article = ? ORDER BY f.id""", [article_id])]

    def profile_of(self, article_id: str) -> dict:
        row = self._one("SELECT * FROM profiles WHERE article = ?", [article_id])
        return row_to_record("profiles", row) if row else {}

    def outlet_links(self, limit: int = 100_000) -> list[dict]:
        """The outlet network's links (``outlets`` records), most families first."""
        return [row_to_record("outlets", r) for r in self._rows(
            "SELECT * FROM outlets ORDER BY families DESC, copies DESC, source, copier LIMIT ?", [int(limit)])]

    def get_entity(self, entity_id: str) -> dict | None:
        row = self._one("SELECT * FROM entities WHERE id = ?", [entity_id])
        return row_to_record("entities", row) if row else None

    def quotes_of_entity(self, entity_id: str, offset: int = 0, limit: int = 200) -> list[dict]:
        """Attributions of one speaker across articles, with article title and date."""
        rows = self._rows("""
            SELECT t.*, a.title AS article_title, a.outlet AS article_outlet, a.published AS article_published
            FROM attributions t JOIN articles a ON a.id = t.article
            WHERE t.speaker_entity = ? ORDER BY a.published NULLS LAST, t.article, t.content_start
            LIMIT ? OFFSET ?""", [entity_id, int(limit), int(offset)])
        return [_with_article(r) for r in rows]

    def count_quotes_of_entity(self, entity_id: str) -> tuple[int, int]:
        """(quotes, distinct articles) of one speaker."""
        row = self._one("SELECT count(*) AS n, count(DISTINCT article) AS a FROM attributions WHERE speaker_entity = ?",
                        [entity_id])
        return row["n"], row["a"]

    def quote_times(self, entity_id: str) -> list[tuple[dict, int]]:
        """(article id, published, downloaded) records with the number of quotes of the entity in each."""
        return [({"id": r["article"], "published": r["published"], "downloaded": r["downloaded"]}, int(r["n"]))
                for r in self._rows("""SELECT t.article, any_value(a.published) AS published,
                                              any_value(a.downloaded) AS downloaded, count(*) AS n
                                       FROM attributions t JOIN articles a ON a.id = t.article
                                       WHERE t.speaker_entity = ? GROUP BY t.article ORDER BY t.article""",
                                    [entity_id])]

    def drift_of(self, entity_id: str, name: str | None) -> list[dict]:
        """Drift records of a speaker (the contract's ``speaker`` may be an id or a name)."""
        return [row_to_record("drift", r) for r in self._rows(
            "SELECT * FROM drift WHERE speaker = ? OR speaker = ? ORDER BY a, b, a_start LIMIT 500",
            [entity_id, name or entity_id])]

    def drift_between(self, a: str, b: str) -> list[dict]:
        """Quote drift records between two articles, ``a`` on the left."""
        out = []
        for r in self._rows("SELECT * FROM drift WHERE (a = ? AND b = ?) OR (a = ? AND b = ?) ORDER BY a_start LIMIT 500",
                            [a, b, b, a]):
            rec = row_to_record("drift", r)
            if rec["a"] != a:
                rec = {**rec, "a": rec["b"], "b": rec["a"], "a_span": rec["b_span"], "b_span": rec["a_span"]}
            out.append(rec)
        return out

    def get_family(self, family_id: str) -> dict | None:
        row = self._one("SELECT * FROM families WHERE id = ?", [family_id])
        return row_to_record("families", row) if row else None

    def list_families(self, offset: int = 0, limit: int = 50) -> list[dict]:
        return [row_to_record("families", r) for r in self._rows(
            "SELECT * FROM families ORDER BY score DESC, id LIMIT ? OFFSET ?", [int(limit), int(offset)])]

    def sources_of_family(self, family_id: str) -> list[dict]:
        """The ``sources`` records of one family (who copied whom); empty for a store written
        before the table existed."""
        try:
            rows = self._rows("SELECT * FROM sources WHERE family = ? ORDER BY article", [family_id])
        except duckdb.CatalogException:
            return []
        return [row_to_record("sources", r) for r in rows]

    def family_articles(self, family_id: str) -> list[dict]:
        """The stored members of one family without their text: id, title, outlet, published,
        downloaded (as stored; a field the store lacks is absent)."""
        rows = self._rows("""SELECT a.* EXCLUDE (text) FROM articles a
                             WHERE a.id IN (SELECT article FROM family_members WHERE family = ?)
                             ORDER BY a.id""", [family_id])
        keep = ("id", "origin", "title", "outlet", "url", "published", "downloaded")
        return [{k: r.get(k) for k in keep if k in r} for r in rows]

    def list_families_with_roots(self, offset: int = 0, limit: int = 50) -> list[dict]:
        """One page of families (as :meth:`list_families`), each with ``size`` (members) and
        ``root``: the earliest source (``families.source``, else the ``sources`` record
        without a source) as ``{id, title, outlet, published, downloaded}``, or None."""
        from_sources = "(SELECT min(s.article) FROM sources s WHERE s.family = page.id AND s.source IS NULL)"
        rows = None
        # a store from before `sources` (or `families.source`) falls back to what it has
        for root in (f"coalesce(page.source, {from_sources})", "page.source"):
            try:
                rows = self._rows(f"""
                    WITH page AS (SELECT * FROM families ORDER BY score DESC, id LIMIT ? OFFSET ?),
                         r AS (SELECT page.id AS fam, {root} AS root FROM page)
                    SELECT page.*, r.root AS root_id, a.title AS root_title, a.outlet AS root_outlet,
                           a.published AS root_published, a.downloaded AS root_downloaded
                    FROM page JOIN r ON r.fam = page.id LEFT JOIN articles a ON a.id = r.root
                    ORDER BY page.score DESC, page.id""", [int(limit), int(offset)])
                break
            except (duckdb.CatalogException, duckdb.BinderException):
                continue
        if rows is None:
            rows = self._rows("SELECT * FROM families ORDER BY score DESC, id LIMIT ? OFFSET ?",
                              [int(limit), int(offset)])
        out = []
        for r in rows:
            rec = row_to_record("families", r)
            rec["size"] = len(rec.get("articles") or [])
            rid = r.get("root_id")
            rec["root"] = ({"id": rid, "title": r.get("root_title"), "outlet": r.get("root_outlet"),
                            "published": r.get("root_published"), "downloaded": r.get("root_downloaded")}
                           if rid else None)
            out.append(rec)
        return out

    def links_between(self, a: str, b: str) -> list[dict]:
        """Links between two articles, oriented so that ``a`` is always on the left."""
        out = []
        for r in self._rows("SELECT * FROM links WHERE (a = ? AND b = ?) OR (a = ? AND b = ?) ORDER BY a_start",
                            [a, b, b, a]):
            rec = row_to_record("links", r)
            if rec["a"] != a:
                rec = {**rec, "a": rec["b"], "b": rec["a"], "a_span": rec["b_span"], "b_span": rec["a_span"]}
            out.append(rec)
        return out

    def list_speakers(self, offset: int = 0, limit: int = 50) -> list[dict]:
        """Speakers with an entity, most quoted first."""
        return self._rows("""
            SELECT t.speaker_entity AS entity, any_value(e.name) AS name, any_value(e.kind) AS kind,
                   count(*) AS quotes, count(DISTINCT t.article) AS articles
            FROM attributions t LEFT JOIN entities e ON e.id = t.speaker_entity
            WHERE t.speaker_entity IS NOT NULL
            GROUP BY t.speaker_entity ORDER BY quotes DESC, entity LIMIT ? OFFSET ?""", [int(limit), int(offset)])

    def search_speakers(self, q: str, offset: int = 0, limit: int = 50) -> list[dict]:
        """Speakers whose canonical name, alias or resolved name contains ``q``."""
        pattern = _like(q)
        return self._rows(r"""
            SELECT t.speaker_entity AS entity, coalesce(any_value(e.name), any_value(t.speaker_name)) AS name,
                   any_value(t.speaker_kind) AS kind, count(*) AS quotes, count(DISTINCT t.article) AS articles
            FROM attributions t LEFT JOIN entities e ON e.id = t.speaker_entity
            WHERE t.speaker_name ILIKE ? ESCAPE '\' OR e.name ILIKE ? ESCAPE '\'
               OR EXISTS (SELECT 1 FROM (SELECT unnest(e.aliases) AS alias) u WHERE u.alias ILIKE ? ESCAPE '\')
            GROUP BY t.speaker_entity, CASE WHEN t.speaker_entity IS NULL THEN t.speaker_name END
            ORDER BY quotes DESC, name LIMIT ? OFFSET ?""", [pattern, pattern, pattern, int(limit), int(offset)])

    def search_quotes(self, q: str, offset: int = 0, limit: int = 50, speaker: str | None = None) -> list[dict]:
        """Attributions whose content contains ``q`` (case-insensitive), optionally by one speaker name."""
        params: list = [_like(q)]
        extra = ""
        if speaker:
            extra = r" AND t.speaker_name ILIKE ? ESCAPE '\'"
            params.append(_like(speaker))
        rows = self._rows(rf"""
            SELECT t.*, a.title AS article_title, a.outlet AS article_outlet, a.published AS article_published
            FROM attributions t JOIN articles a ON a.id = t.article
            WHERE t.content_text ILIKE ? ESCAPE '\'{extra}
            ORDER BY a.published NULLS LAST, t.article, t.content_start LIMIT ? OFFSET ?""",
                          params + [int(limit), int(offset)])
        return [_with_article(r) for r in rows]


def _like(q: str) -> str:
    """A substring ILIKE pattern for ``q`` with ``%``, ``_`` and ``\\`` taken literally."""
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _with_article(row: dict) -> dict:
    article = {"title": row.pop("article_title"), "outlet": row.pop("article_outlet"),
               "published": row.pop("article_published")}
    rec = row_to_record("attributions", row)
    rec["article_info"] = article
    return rec

