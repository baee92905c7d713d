"""How the Spark job moves and writes records.

Inside the job, stages pass records around as JSON strings in one transport row
``(table, article, ord, rec)`` (the exact dicts of :mod:`newstrace.records`), so the Spark
plumbing never needs to know a stage's fields. At the end each table is written as Parquet
with the typed schema the contract declares (:func:`newstrace.contract.arrow_schema`: spans
as ``struct<start, end, text>``, undeclared fields kept as JSON in ``extra``).
:func:`read_output` turns a written output folder back into the contract's records, which is
what the equality test compares with the CLI.
"""
from __future__ import annotations

from pathlib import Path

from ..contract import TABLES, arrow_schema, record_from_row

__all__ = ["RECORD_DDL", "read_output", "spark_schema"]

#: The transport row of every stage: which table, which article it belongs to, the record.
RECORD_DDL = "table string, article string, ord bigint, rec string"


def spark_schema(name: str):
    """The Spark StructType of a table's typed schema (``createDataFrame`` of the typed rows)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(arrow_schema(name))


def read_output(out_dir: str | Path) -> dict[str, list[dict]]:
    """Every table of a ``newstrace spark`` output folder as lists of contract records
    (read with pyarrow, no Spark needed)."""
    import pyarrow.parquet as pq

    out: dict[str, list[dict]] = {}
    for name in TABLES:
        p = Path(out_dir) / name
        if not p.exists():
            continue
        rows: list[dict] = []
        for f in sorted(p.glob("*.parquet")):
            rows.extend(pq.read_table(f).to_pylist())
        out[name] = [record_from_row(name, r) for r in rows]
    return out
