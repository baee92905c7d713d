"""Reading inputs on Spark executors with the CLI's own readers.

Local paths (files or folders) are listed on the driver with
:func:`newstrace.ingest.readers.iter_input_files` — the same walk, order and errors as
``newstrace analyze`` — and each file is read on an executor by
:func:`newstrace.ingest.readers.read_file`, so ids, titles, aggregator splitting and error
messages are exactly the CLI's. Parquet inputs are read by Spark; each row goes through
:func:`newstrace.ingest.readers.read_jsonl` as a one-line JSON document, so the field
names (``text``/``maintext``, ``title``, ``url``, ``publish_date``...) are handled the same
way. Every function here is a plain generator over rows (``mapPartitions`` bodies: they
need neither pandas nor Arrow on the executors), testable without Spark.

Rows leave ingest as ``(kind, ord, id, rec)``: ``kind`` is ``article``, ``error`` or
``skipped``, ``ord`` a sortable position (file index << 32 | article index within the file)
that keeps the CLI's input order, ``rec`` the JSON of the Article's fields or of the
IngestError; a ``skipped`` row counts what a file held that is not an article (a WARC's 404s,
requests...): ``id`` is the reason, ``rec`` the count, as the CLI's ``RunSummary.skipped``.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..model import Article, IngestError

INGEST_DDL = "kind string, ord bigint, id string, rec string"
IngestRow = tuple  # (kind, ord, id, rec)
#: Bits of ``ord`` for the position inside one input file.
ORD_SHIFT = 32


def article_json(a: Article) -> str:
    return json.dumps(dataclasses.asdict(a), ensure_ascii=False)


def article_from_json(s: str) -> Article:
    return Article(**json.loads(s))


def _row(item: Article | IngestError, ord_: int) -> IngestRow:
    if isinstance(item, Article):
        return ("article", ord_, item.id, article_json(item))
    return ("error", ord_, None, json.dumps(item.to_record(), ensure_ascii=False))


def list_local_inputs(paths: list[str]) -> tuple[list[tuple[int, str]], list[IngestError]]:
    """``(file index, path)`` of every input file, and the errors of the walk (missing
    paths, unsupported types), on the driver, exactly as the CLI walks them."""
    from ..ingest.readers import iter_input_files

    files: list[tuple[int, str]] = []
    errors: list[IngestError] = []
    for item in iter_input_files(paths):
        if isinstance(item, IngestError):
            errors.append(item)
        else:
            files.append((len(files), str(item)))
    return files, errors


def read_files_rows(rows: Iterable[tuple[int, str]], segment: bool = True) -> Iterator[IngestRow]:
    """``mapPartitions`` body: ``(file_index, path)`` → ingest rows, via the CLI's guarded reader."""
    from ..ingest.readers import read_file_guarded

    for fi, path in rows:
        skipped: Counter = Counter()
        for k, item in enumerate(read_file_guarded(Path(path), segment=segment, skipped=skipped)):
            yield _row(item, (int(fi) << ORD_SHIFT) + k)
        for why, n in sorted(skipped.items()):
            yield ("skipped", int(fi) << ORD_SHIFT, why, str(n))


def select_rows(rows: Iterable[tuple[int, str, str]], since: str | None = None, until: str | None = None,
                outlets: tuple[str, ...] = ()) -> Iterator[tuple[int, str, str, str | None]]:
    """``mapPartitions`` body: article rows ``(ord, id, rec)`` → ``(ord, id, rec, reason)``,
    ``reason`` being why ``--since/--until/--outlet`` leave the article out
    (:func:`newstrace.ingest.select.skip_reason`, the CLI's rule), None to keep it."""
    from ..ingest.select import skip_reason

    for ord_, id_, rec in rows:
        yield ord_, id_, rec, skip_reason(article_from_json(rec), since, until, outlets)


def _stable_id(stem: str, text: str) -> str:
    return f"{stem}:{hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]}"


def read_records_rows(rows: Iterable[tuple[int, dict]], origin: str, stem: str,
                      input_index: int) -> Iterator[IngestRow]:
    """``mapPartitions`` body for a Parquet input, rows ``(position, record)``: each record is read as one JSON line by
    ``read_jsonl`` (same field names and checks as a .jsonl file). A row without an ``id``
    gets ``stem:<sha1 of its text>`` — Parquet rows have no line numbers, and an id that
    depends on the partitioning would not be stable."""
    from ..ingest.readers import read_jsonl

    for pos, rec in rows:
        ord_ = (input_index << 56) + int(pos)
        has_id = isinstance(rec.get("id"), (str, int)) and str(rec.get("id")).strip()
        line = json.dumps(rec, ensure_ascii=False, default=str).encode("utf-8")
        for item in read_jsonl(line, f"{origin}#{pos}", stem):
            if isinstance(item, Article):
                item.origin = origin
                if not has_id:
                    item.id = _stable_id(stem, item.text)
            yield _row(item, ord_)
