"""Contract records ⇄ typed Arrow/Parquet tables for the Spark job.

Inside the job, stages pass records around as JSON strings (the exact dicts that
``runner.article_records`` / ``runner.corpus_records`` produce), so the Spark plumbing never
needs to know a stage's fields. At the end each table is turned into typed columns with the
schemas below (spans are ``struct<start, end, text>``). Keys a stage adds beyond these
schemas are kept, as JSON, in an ``extra`` column, so nothing is lost when another stage
grows a field. :func:`read_output` turns a written output folder back into the contract's
dicts (``extra`` merged back), which is what the equality test compares with the CLI.
"""
from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa

SPAN = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])
SPEAKER = pa.struct([("name", pa.string()), ("kind", pa.string()), ("entity", pa.string())])
STRS = pa.list_(pa.string())

#: Typed columns of each table written by the job (besides ``extra``).
SCHEMAS: dict[str, list[tuple[str, pa.DataType]]] = {
    "articles": [("id", pa.string()), ("origin", pa.string()), ("title", pa.string()), ("text", pa.string()),
                 ("url", pa.string()), ("outlet", pa.string()), ("published", pa.string()),
                 ("authors", STRS), ("hash", pa.string())],
    "sentences": [("article", pa.string()), ("start", pa.int64()), ("end", pa.int64())],
    "attributions": [("article", pa.string()), ("id", pa.string()), ("source", SPAN), ("cue", SPAN),
                     ("content", SPAN), ("kind", pa.string()), ("speaker", SPEAKER), ("score", pa.float64())],
    "entities": [("id", pa.string()), ("name", pa.string()), ("aliases", STRS), ("kind", pa.string()),
                 ("roles", STRS), ("articles", STRS)],
    "families": [("id", pa.string()), ("articles", STRS), ("score", pa.float64())],
    "links": [("a", pa.string()), ("b", pa.string()), ("a_span", SPAN), ("b_span", SPAN),
              ("score", pa.float64()), ("relation", pa.string())],
    "support": [("article", pa.string()), ("span", SPAN), ("status", pa.string()),
                ("supported_by", STRS), ("score", pa.float64())],
    "drift": [("a", pa.string()), ("b", pa.string()), ("a_span", SPAN), ("b_span", SPAN),
              ("speaker", pa.string()), ("similarity", pa.float64()), ("changes", pa.string())],
    "errors": [("origin", pa.string()), ("error", pa.string()), ("code", pa.string())],
    "profiles": [("article", pa.string())],
}
#: Tables written, in order (the contract's tables, then ours).
TABLES = ("articles", "attributions", "entities", "families", "links", "support", "drift", "errors",
          "profiles", "sentences")
#: The transport row of every stage: which table, which article it belongs to, the record.
RECORD_DDL = "table string, article string, ord bigint, rec string"


def arrow_schema(name: str) -> pa.Schema:
    return pa.schema(SCHEMAS[name] + [("extra", pa.string())])


def spark_schema(name: str):
    """The Spark StructType of a table's typed schema (``createDataFrame`` of the typed rows)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(arrow_schema(name))


def _cast(value, typ: pa.DataType):
    """A JSON value coerced to the column type; what does not fit becomes None (and the
    raw value stays in ``extra``)."""
    if value is None:
        return None
    if pa.types.is_string(typ):
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if pa.types.is_int64(typ):
        return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if pa.types.is_float64(typ):
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if pa.types.is_list(typ):
        return [str(v) for v in value] if isinstance(value, list) else None
    if pa.types.is_struct(typ):
        if not isinstance(value, dict):
            return None
        return {f.name: _cast(value.get(f.name), f.type) for f in typ}
    return None


def typed_row(name: str, rec: dict) -> dict:
    """One contract record as a row of the table's typed schema (+ ``extra``)."""
    cols = SCHEMAS[name]
    row = {col: _cast(rec.get(col), typ) for col, typ in cols}
    known = {c for c, _ in cols}
    rest = {k: v for k, v in rec.items() if k not in known}
    row["extra"] = json.dumps(rest, ensure_ascii=False, sort_keys=True) if rest else None
    return row


def typed_batch(name: str, recs: list[dict]) -> pa.RecordBatch:
    schema = arrow_schema(name)
    return pa.RecordBatch.from_pylist([typed_row(name, r) for r in recs], schema=schema)


def record_from_row(name: str, row: dict) -> dict:
    """Back from a typed row to the contract's dict: ``extra`` merged back, and optional
    fields that the contract omits when absent (url, outlet, published, score, authors)
    dropped when null/empty, as ``to_record`` does."""
    rec = {k: v for k, v in row.items() if k != "extra"}
    extra = row.get("extra")
    if extra:
        rec.update(json.loads(extra))
    optional = {"articles": ("url", "outlet", "published", "authors"), "attributions": ("score",),
                "support": ("score",)}.get(name, ())
    for k in optional:
        if rec.get(k) in (None, []):
            rec.pop(k, None)
    return rec


def read_output(out_dir: str | Path) -> dict[str, list[dict]]:
    """Every table of a ``newstrace spark`` output folder as lists of contract dicts
    (read with pyarrow, no Spark needed)."""
    import pyarrow.parquet as pq

    out: dict[str, list[dict]] = {}
    for name in TABLES:
        p = Path(out_dir) / name
        if not p.exists():
            continue
        files = sorted(p.glob("*.parquet"))
        rows: list[dict] = []
        for f in files:
            rows.extend(pq.read_table(f).to_pylist())
        out[name] = [record_from_row(name, r) for r in rows]
    return out
