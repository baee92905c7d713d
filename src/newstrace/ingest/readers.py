"""Readers for the input formats: ``.txt``, ``.html``/``.htm``, ``.jsonl`` and WARC (:mod:`.warc`).

Every reader yields :class:`~newstrace.model.Article` or
:class:`~newstrace.model.IngestError`; a broken input never raises out of here, so one
bad file cannot stop a batch. Error messages say what is wrong and what to do.
"""
from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import E, describe, record
from ..model import Article, IngestError
from .warc import is_warc, read_warc

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

#: Inputs larger than this are refused with a clear error rather than risking memory.
MAX_FILE_BYTES = 64 * 1024 * 1024

# Field names used by newspaper4k, news-please and trafilatura for the same things.
_TEXT_FIELDS = ("text", "maintext", "raw_text", "content")
_DATE_FIELDS = ("published", "publish_date", "date_publish", "date", "published_date")
_DOWNLOAD_FIELDS = ("downloaded", "date_download", "download_date", "crawled", "fetched")
_OUTLET_FIELDS = ("outlet", "source_domain", "sitename", "hostname")

ArticleOrError = Article | IngestError


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path | IngestError]:
    """Files to read, in a stable order. Folders are walked recursively; inside folders,
    hidden files and files of unsupported types are skipped (logged); a missing path or an
    explicitly named file of an unsupported type is an error."""
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            yield record(E.E101, str(p), path=p)
        elif p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if f.is_symlink() and not f.exists():
                    yield record(E.E104, str(f), path=f)
                    continue
                if not f.is_file():
                    continue
                if f.suffix.lower() in SUPPORTED_SUFFIXES or is_warc(f):
                    yield f
                else:
                    log.info("skipping %s: not .txt, .html, .jsonl or .warc(.gz)", f)
        elif p.suffix.lower() in SUPPORTED_SUFFIXES or is_warc(p):
            yield p
        else:
            yield record(E.E102, str(p), name=p.name, suffix=p.suffix or "(none)")


def decode_bytes(data: bytes, origin: str) -> str | IngestError:
    """UTF-8 text of a file, or the reason it is not usable text."""
    if not data.strip():
        return record(E.E201, origin, name=Path(origin).name, detail="is empty: there is no article text to analyse")
    if b"\x00" in data[:8192]:
        return record(E.E202, origin, where=Path(origin).name,
                      detail="looks binary (it contains NUL bytes): give newstrace text, HTML or JSONL files")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return record(E.E203, origin, name=Path(origin).name, position=f"byte 0x{data[e.start]:02x} at offset {e.start}",
                      advice="re-save it as UTF-8, e.g. `iconv -f cp1252 -t utf-8`")
    if "\x00" in text:
        return record(E.E202, origin, where=Path(origin).name, detail="contains NUL characters: it is not plain text")
    if not text.strip():
        return record(E.E201, origin, name=Path(origin).name, detail="has no visible text")
    return text


def _read_bytes(path: Path) -> bytes | IngestError:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return record(E.E204, str(path), name=path.name, megabytes=size / 2**20, limit=MAX_FILE_BYTES // 2**20)
        return path.read_bytes()
    except PermissionError:
        return record(E.E103, str(path), path=path, reason="permission denied", advice=": check its permissions")
    except OSError as e:
        return record(E.E103, str(path), path=path, reason=e.strerror or e, advice="")


def read_file(path: Path, segment: bool = True, skipped: Counter | None = None) -> Iterator[ArticleOrError]:
    """All articles (or errors) of one input file; ``skipped`` counts what a WARC file holds
    that is not an article (by reason)."""
    if is_warc(path):  # streamed record by record: no size limit
        yield from read_warc(path, segment=segment, skipped=skipped)
        return
    data = _read_bytes(path)
    if isinstance(data, IngestError):
        yield data
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(data, str(path), path.stem)
        return
    text = decode_bytes(data, str(path))
    if isinstance(text, IngestError):
        yield text
        return
    if suffix in HTML_SUFFIXES:
        yield from read_html(text, str(path), path.stem, segment=segment)
    else:
        yield from articles_from_text(text, str(path), path.stem, segment=segment)


def articles_from_text(text: str, origin: str, stem: str, title: str | None = None,
                       segment: bool = True, **meta) -> Iterator[Article]:
    """One article for a single page, or its articles for an aggregator page.

    For a page that is not split, the article's text is the input text exactly, so offsets
    line up with the file."""
    segments = []
    if segment:
        from .segment import segment_page
        segments = segment_page(text)
    if len(segments) <= 1:
        if title is None and segments and segments[0].title is not None:
            title = segments[0].title.text(text)
        yield Article(id=stem, origin=origin, text=text, title=title, **meta)
        return
    for k, seg in enumerate(segments, 1):
        yield Article(id=f"{stem}#{k}", origin=origin, text=seg.body.text(text),
                      title=seg.title.text(text) if seg.title is not None else None,
                      origin_offset=seg.body.start, **meta)


def read_html(html: str, origin: str, stem: str, segment: bool = True) -> Iterator[ArticleOrError]:
    """Main text and metadata of an HTML page via trafilatura (boilerplate removed)."""
    yield from extract_html(html, origin, stem, segment=segment)


def extract_html(html: str | bytes, origin: str, stem: str, segment: bool = True, url: str | None = None,
                 downloaded: str | None = None, default_outlet: str | None = None) -> Iterator[ArticleOrError]:
    """:func:`read_html` for a page from anywhere (bytes are decoded by trafilatura): ``url``
    helps trafilatura find the metadata and is kept when the page names none; ``downloaded``
    is the crawl time; ``default_outlet`` is used when the page names no site."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, url=url, include_comments=False, include_tables=False,
                                          with_metadata=True, favor_precision=True)
    except Exception as e:  # trafilatura raises a variety of parser errors on broken markup
        yield record(E.E301, origin, name=Path(origin).name, error=describe(e))
        return
    if doc is None:
        yield record(E.E302, origin, name=Path(origin).name, hint=" (is it a front page or a script-only page?)")
        return
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = data.get("text") or ""
    if not text.strip():
        yield record(E.E302, origin, name=Path(origin).name, hint="")
        return
    authors = [a.strip() for a in (data.get("author") or "").split(";") if a.strip()]
    yield from articles_from_text(text, origin, stem, title=data.get("title"), segment=segment,
                                  url=data.get("url") or url,
                                  outlet=data.get("sitename") or default_outlet or data.get("hostname"),
                                  published=data.get("date"), authors=authors, downloaded=downloaded)


def _first_str(rec: dict, fields: tuple[str, ...]) -> str | None:
    for f in fields:
        v = rec.get(f)
        if isinstance(v, str) and v.strip():
            return v
        if v is not None and not isinstance(v, (dict, list)) and (f in _DATE_FIELDS or f in _DOWNLOAD_FIELDS):
            return str(v)
    return None


def read_jsonl(data: bytes, origin: str, stem: str) -> Iterator[ArticleOrError]:
    """One article per line. Accepts the field names of newspaper4k, news-please and
    trafilatura (``text``/``maintext``, ``title``, ``url``, ``authors``,
    ``publish_date``/``date_publish``, ``source_domain``). A bad line is an error of its own
    (origin ``path:LINE``); the other lines are still read. JSONL records are not split
    into several articles: they are already one article each."""
    if b"\x00" in data[:8192]:
        yield record(E.E202, origin, where=Path(origin).name, detail="looks binary (it contains NUL bytes), not JSON Lines")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        yield record(E.E203, origin, name=Path(origin).name, position=f"offset {e.start}",
                     advice="JSON Lines must be UTF-8")
        return
    seen_ids: set[str] = set()
    n_lines = 0
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        n_lines += 1
        where = f"{origin}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield record(E.E401, where, line=lineno, name=Path(origin).name, msg=e.msg, column=e.colno)
            continue
        if not isinstance(rec, dict):
            yield record(E.E402, where, line=lineno, name=Path(origin).name, type=type(rec).__name__)
            continue
        body = _first_str(rec, _TEXT_FIELDS)
        if body is None:
            yield record(E.E403, where, line=lineno, name=Path(origin).name)
            continue
        if "\x00" in body:
            yield record(E.E202, where, where=f"line {lineno} of {Path(origin).name}:",
                         detail="the text contains NUL characters")
            continue
        rid = rec.get("id")
        aid = str(rid) if isinstance(rid, (str, int)) and str(rid).strip() else f"{stem}:{lineno}"
        if aid in seen_ids:
            aid = f"{stem}:{lineno}"
        seen_ids.add(aid)
        authors = rec.get("authors")
        if isinstance(authors, str):
            authors = [authors]
        authors = [a for a in (authors or []) if isinstance(a, str)]
        title = rec.get("title") if isinstance(rec.get("title"), str) else None
        yield Article(id=aid, origin=where, text=body, title=title,
                      url=rec.get("url") if isinstance(rec.get("url"), str) else None,
                      outlet=_first_str(rec, _OUTLET_FIELDS), published=_first_str(rec, _DATE_FIELDS),
                      authors=authors, downloaded=_first_str(rec, _DOWNLOAD_FIELDS))
    if n_lines == 0:
        yield record(E.E201, origin, name=Path(origin).name, detail="is empty: no JSON lines found")


def read_file_guarded(path: Path, segment: bool = True, skipped: Counter | None = None) -> list[ArticleOrError]:
    """:func:`read_file`, never raising: a reader bug becomes an E999 record for the file, so it
    cannot stop a batch (the last line of defence of the CLI and of the Spark executors)."""
    try:
        return list(read_file(path, segment=segment, skipped=skipped))
    except Exception as e:
        log.exception("reader failed on %s", path)
        return [record(E.E999, str(path), name=Path(path).name, error=describe(e))]


def unique_id(article_id: str, n: int) -> str:
    """The id of the ``n``-th article (from 1, in input order) that has ``article_id``: two
    inputs with the same stem (files in different folders) keep ids unique and stable."""
    return article_id if n <= 1 else f"{article_id}~{n}"


def read_inputs(paths: Iterable[str | Path], segment: bool = True,
                skipped: Counter | None = None) -> Iterator[ArticleOrError]:
    """Articles and errors of every input path (files or folders), ids made unique;
    ``skipped`` counts the WARC records that are not articles, by reason."""
    used: dict[str, int] = {}
    for item in iter_input_files(paths):
        if isinstance(item, IngestError):
            yield item
            continue
        for a in read_file_guarded(item, segment=segment, skipped=skipped):
            if isinstance(a, Article):
                used[a.id] = used.get(a.id, 0) + 1
                a.id = unique_id(a.id, used[a.id])
            yield a
