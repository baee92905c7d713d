"""DuckDB store for the output contract: schema, idempotent upserts, exports, and the
read queries used by the web app and the HTML report.

Why a hand-written mapping instead of dumping JSON: the web app needs real columns
(speaker, quote text, article ids) with indexes to stay fast on 10k articles, and the
runner needs contract records back (``load_tables``). Each table is described once in
:data:`TABLES` as a list of columns, each column saying where its value lives in a contract
record; any record field not covered by a column is kept in an ``extra`` JSON column, so
``load_tables`` returns exactly what was saved ("more fields may be added" in the contract).

Durability: every ``save_*`` call is one DuckDB transaction. A process killed with ``kill -9``
loses only the transaction in flight; the file stays usable and is recovered from DuckDB's
write-ahead log when next opened. Every query is parameterised; nothing from a request is
ever formatted into SQL text.
"""
from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import duckdb
import pyarrow as pa

from .model import CORPUS_ORIGIN

# ---------------------------------------------------------------------------------------
# Schema as data: table -> columns (name, SQL type, arrow type, path into the record).
# A path is a tuple of keys; ("content", "start") means record["content"]["start"].
# ---------------------------------------------------------------------------------------

_S, _I, _F, _L = "VARCHAR", "BIGINT", "DOUBLE", "VARCHAR[]"
_ARROW = {_S: pa.string(), _I: pa.int64(), _F: pa.float64(), _L: pa.list_(pa.string())}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    sql: str
    path: tuple[str, ...]


def _span_cols(prefix: str, key: str) -> list[Column]:
    return [Column(f"{prefix}_start", _I, (key, "start")), Column(f"{prefix}_end", _I, (key, "end")),
            Column(f"{prefix}_text", _S, (key, "text"))]


def _cols(*spec: tuple[str, str] | Column | list[Column]) -> list[Column]:
    out: list[Column] = []
    for s in spec:
        if isinstance(s, Column):
            out.append(s)
        elif isinstance(s, list):
            out.extend(s)
        else:
            out.append(Column(s[0], s[1], (s[0],)))
    return out


TABLES: dict[str, list[Column]] = {
    "articles": _cols(("id", _S), ("origin", _S), ("title", _S), ("text", _S), ("url", _S),
                      ("outlet", _S), ("published", _S), ("hash", _S)),
    "sentences": _cols(("article", _S), Column("span_start", _I, ("start",)),
                       Column("span_end", _I, ("end",))),
    "attributions": _cols(("article", _S), ("id", _S), ("kind", _S), _span_cols("source", "source"),
                          _span_cols("cue", "cue"), _span_cols("content", "content"),
                          Column("speaker_name", _S, ("speaker", "name")),
                          Column("speaker_kind", _S, ("speaker", "kind")),
                          Column("speaker_entity", _S, ("speaker", "entity")), ("score", _F)),
    "errors": _cols(("origin", _S), ("error", _S), ("code", _S)),
    "entities": _cols(("id", _S), ("name", _S), ("kind", _S), ("aliases", _L), ("articles", _L)),
    "families": _cols(("id", _S), ("articles", _L), ("score", _F)),
    "links": _cols(("a", _S), ("b", _S), _span_cols("a", "a_span"), _span_cols("b", "b_span"),
                   ("score", _F), ("relation", _S)),
    "support": _cols(("article", _S), _span_cols("span", "span"), ("status", _S),
                     ("supported_by", _L), ("score", _F)),
    "drift": _cols(("a", _S), ("b", _S), _span_cols("a", "a_span"), _span_cols("b", "b_span"),
                   ("speaker", _S), ("similarity", _F), ("changes", _S)),
    "profiles": _cols(("article", _S)),
}
PER_ARTICLE = ("articles", "sentences", "attributions", "errors")
CORPUS = ("entities", "families", "links", "support", "drift", "profiles")
PRIMARY_KEYS = {"articles": ("id",), "sentences": ("article", "span_start"),
                "attributions": ("article", "id"), "entities": ("id",), "profiles": ("article",)}
INDEXES = {  # the columns the web queries filter on
    "attributions": [("speaker_entity",), ("speaker_name",)],
    "links": [("a",), ("b",)],
    "support": [("article",)],
    "drift": [("a",), ("speaker",)],
    "family_members": [("article",), ("family",)],
    "articles": [("outlet",)],
}
# Keys of a nested object that map to columns; anything else in it goes to ``extra``.
_NESTED_KEYS = {"start", "end", "text", "name", "kind", "entity"}


def _ddl() -> list[str]:
    stmts = []
    for table, cols in TABLES.items():
        body = [f"{c.name} {c.sql}" for c in cols] + ["extra VARCHAR"]
        if table in PRIMARY_KEYS:
            body.append(f"PRIMARY KEY ({', '.join(PRIMARY_KEYS[table])})")
        stmts.append(f"CREATE TABLE IF NOT EXISTS {table} ({', '.join(body)})")
    stmts.append("CREATE TABLE IF NOT EXISTS family_members (family VARCHAR, article VARCHAR)")
    for table, idx in INDEXES.items():
        for cols in idx:
            stmts.append(f"CREATE INDEX IF NOT EXISTS ix_{table}_{'_'.join(cols)} ON {table} ({', '.join(cols)})")
    return stmts


# ---------------------------------------------------------------------------------------
# record <-> row
# ---------------------------------------------------------------------------------------

def _get(rec: dict, path: tuple[str, ...]) -> Any:
    cur: Any = rec
    for key in path:
        if not isinstance(cur, dict):
            return None
        cur = cur.get(key)
    return cur


def _extra(rec: dict, cols: list[Column]) -> str | None:
    """Fields of ``rec`` that no column holds, as JSON (None when there are none)."""
    covered = {c.path[0] for c in cols}
    extra = {k: v for k, v in rec.items() if k not in covered}
    for key in covered:  # nested objects with unexpected keys keep them
        v = rec.get(key)
        if isinstance(v, dict):
            more = {k: x for k, x in v.items() if k not in _NESTED_KEYS}
            if more:
                extra.setdefault("__nested__", {})[key] = more
    return json.dumps(extra, ensure_ascii=False) if extra else None


def _coerce(value: Any, sql: str) -> Any:
    if value is None:
        return None
    if sql == _I:
        return int(value)
    if sql == _F:
        return float(value)
    if sql == _L:
        return [str(x) for x in value]
    return value if isinstance(value, str) else str(value)


def records_to_arrow(table: str, records: Iterable[dict]) -> pa.Table:
    """Contract records of ``table`` as an Arrow table with the store's columns."""
    cols = TABLES[table]
    data: dict[str, list] = {c.name: [] for c in cols}
    data["extra"] = []
    for rec in records:
        for c in cols:
            data[c.name].append(_coerce(_get(rec, c.path), c.sql))
        data["extra"].append(_extra(rec, cols))
    schema = pa.schema([(c.name, _ARROW[c.sql]) for c in cols] + [("extra", pa.string())])
    return pa.table(data, schema=schema)


def row_to_record(table: str, row: dict) -> dict:
    """One stored row back to its contract record (inverse of :func:`records_to_arrow`)."""
    rec: dict = {}
    for c in TABLES[table]:
        value = row.get(c.name)
        if isinstance(value, tuple):
            value = list(value)
        if len(c.path) == 1:
            rec[c.path[0]] = value
        else:
            rec.setdefault(c.path[0], {})[c.path[1]] = value
    for key in {c.path[0] for c in TABLES[table] if len(c.path) == 2}:
        obj = rec.get(key)
        # A span whose offsets are all null was a null span.
        if isinstance(obj, dict) and "start" in obj and obj.get("start") is None:
            rec[key] = None
    extra = json.loads(row["extra"]) if row.get("extra") else {}
    for key, more in extra.pop("__nested__", {}).items():
        if isinstance(rec.get(key), dict):
            rec[key].update(more)
    rec.update(extra)
    if table == "articles":  # optional contract fields are left out when absent
        for k in ("url", "outlet", "published"):
            if rec.get(k) is None:
                rec.pop(k, None)
    if table in ("attributions", "support") and rec.get("score") is None:
        rec.pop("score", None)
    if table == "errors" and rec.get("code") is None:
        rec.pop("code", None)
    return rec


def _dedupe(table: str, records: list[dict]) -> list[dict]:
    """Last record wins per primary key, so a batch never violates its own key."""
    keys = PRIMARY_KEYS.get(table)
    if not keys:
        return records
    cols = {c.name: c.path for c in TABLES[table]}
    seen: dict[tuple, dict] = {}
    for rec in records:
        seen[tuple(_get(rec, cols[k]) for k in keys)] = rec
    return list(seen.values())


# ---------------------------------------------------------------------------------------
# Store
# ---------------------------------------------------------------------------------------

class StoreError(RuntimeError):
    """The store file cannot be opened or written; the message names the file and what to do."""


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
                     for t in ("sentences", "attributions")}
        errors = list(tables.get("errors") or [])
        origins = sorted({str(a.get("origin")) for a in articles if a.get("origin") is not None}
                         | {str(e.get("origin")) for e in errors})

        def work(con):
            # A table absent from the batch is left alone for articles that are not in it
            # (the runner re-saves only attributions after the corpus stage sets entity ids).
            for table, ids in child_ids.items():
                if ids and (table in tables or art_ids):
                    con.execute(f"DELETE FROM {table} WHERE article IN (SELECT unnest(?))", [ids])
            if art_ids:
                con.execute("DELETE FROM articles WHERE id IN (SELECT unnest(?))", [sorted(art_ids)])
            if origins:
                con.execute("DELETE FROM errors WHERE origin IN (SELECT unnest(?))", [origins])
            for table in PER_ARTICLE:
                self._insert(con, table, list(tables.get(table) or []))

        self._transaction(work)

    def save_corpus(self, tables: dict[str, list[dict]]) -> None:
        """Replace the cross-article tables wholesale in one transaction.

        Tables missing from ``tables`` are emptied too: the corpus stage always produces all
        of them, and stale links or families from an earlier run would be wrong.
        """
        def work(con):
            for table in CORPUS:
                con.execute(f"DELETE FROM {table}")
                self._insert(con, table, list(tables.get(table) or []))
            # The corpus stage's own errors (origin CORPUS_ORIGIN) belong to the latest run only.
            con.execute("DELETE FROM errors WHERE origin = ?", [CORPUS_ORIGIN])
            self._insert(con, "errors", [e for e in tables.get("errors") or [] if e.get("origin") == CORPUS_ORIGIN])
            con.execute("DELETE FROM family_members")
            con.execute("INSERT INTO family_members SELECT id, unnest(articles) FROM families")

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

    _ORDER = {"articles": "id", "sentences": "article, span_start", "attributions": "article, id",
              "errors": "origin", "entities": "id", "families": "id",
              "links": "a, b, a_start, b_start", "support": "article, span_start",
              "drift": "a, b, a_start, b_start", "profiles": "article"}

    def load_tables(self, names: list[str] | None = None) -> dict[str, list[dict]]:
        """The stored tables as contract records (all tables when ``names`` is None)."""
        out: dict[str, list[dict]] = {}
        for name in names or list(TABLES):
            if name not in TABLES:
                raise ValueError(f"unknown table {name!r}; known: {', '.join(TABLES)}")
            rows = self._rows(f"SELECT * FROM {name} ORDER BY {self._ORDER[name]}")
            out[name] = [row_to_record(name, r) for r in rows]
        return out

    def counts(self) -> dict[str, int]:
        """Row count of every contract table."""
        return {t: self._one(f"SELECT count(*) AS n FROM {t}")["n"] for t in TABLES}

    def export(self, out_dir: Path, fmt: str = "jsonl") -> None:
        """Write every table as ``out_dir/<table>.jsonl`` or ``.parquet`` (contract records)."""
        if fmt not in ("jsonl", "parquet"):
            raise ValueError(f"unknown export format {fmt!r}; use 'jsonl' or 'parquet'")
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, records in self.load_tables().items():
            if fmt == "jsonl":
                with open(out_dir / f"{name}.jsonl", "w", encoding="utf-8") as fh:
                    for rec in records:
                        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            else:
                import pyarrow.parquet as pq
                tbl = pa.Table.from_pylist(records) if records else records_to_arrow(name, [])
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
        return s

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
                   coalesce(agg.speakers, 0) AS speakers, coalesce(fam.families, []) AS families,
                   p.extra AS profile
            FROM page LEFT JOIN agg ON agg.article = page.id LEFT JOIN fam ON fam.article = page.id
                 LEFT JOIN profiles p ON p.article = page.id
            ORDER BY page.published DESC NULLS LAST, page.origin, length(page.id), page.id""",
                          params + [int(limit), int(offset)])
        for r in rows:
            r["profile"] = json.loads(r["profile"]) if r["profile"] else {}
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

