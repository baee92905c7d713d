"""Readers for the input formats: ``.txt``, ``.html``/``.htm`` and ``.jsonl``.

Every reader yields :class:`~newstrace.model.Article` or
:class:`~newstrace.model.IngestError`; a broken input never raises out of here, so one
bad file cannot stop a batch. Error messages say what is wrong and what to do.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..model import Article, IngestError

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
_OUTLET_FIELDS = ("outlet", "source_domain", "sitename", "hostname")

ArticleOrError = Article | IngestError


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path | IngestError]:
    """Files to read, in a stable order. Folders are walked recursively; inside folders,
    hidden files and files of unsupported types are skipped (logged); a missing path or an
    explicitly named file of an unsupported type is an error."""
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            yield IngestError(str(p), f"{p} does not exist: check the path.", "E101")
        elif p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if f.is_symlink() and not f.exists():
                    yield IngestError(str(f), f"{f} is a broken link (its target does not exist): fix or remove it.", "E104")
                    continue
                if not f.is_file():
                    continue
                if f.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield f
                else:
                    log.info("skipping %s: not .txt, .html or .jsonl", f)
        elif p.suffix.lower() in SUPPORTED_SUFFIXES:
            yield p
        else:
            yield IngestError(str(p), f"{p.name} has an unsupported type {p.suffix or '(none)'!r}: "
                              "newstrace reads .txt, .html and .jsonl files.", "E102")


def decode_bytes(data: bytes, origin: str) -> str | IngestError:
    """UTF-8 text of a file, or the reason it is not usable text."""
    if not data.strip():
        return IngestError(origin, f"{Path(origin).name} is empty: there is no article text to analyse.", "E201")
    if b"\x00" in data[:8192]:
        return IngestError(origin, f"{Path(origin).name} looks binary (it contains NUL bytes): "
                           "give newstrace text, HTML or JSONL files.", "E202")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return IngestError(origin, f"{Path(origin).name} is not valid UTF-8 (byte 0x{data[e.start]:02x} at "
                           f"offset {e.start}): re-save it as UTF-8, e.g. `iconv -f cp1252 -t utf-8`.", "E203")
    if "\x00" in text:
        return IngestError(origin, f"{Path(origin).name} contains NUL characters: it is not plain text.", "E202")
    if not text.strip():
        return IngestError(origin, f"{Path(origin).name} has no visible text.", "E201")
    return text


def _read_bytes(path: Path) -> bytes | IngestError:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return IngestError(str(path), f"{path.name} is {size / 2**20:.0f} MB, over the "
                               f"{MAX_FILE_BYTES // 2**20} MB limit per file: split it into smaller files.", "E204")
        return path.read_bytes()
    except PermissionError:
        return IngestError(str(path), f"{path} cannot be read (permission denied): check its permissions.", "E103")
    except OSError as e:
        return IngestError(str(path), f"{path} cannot be read ({e.strerror or e}).", "E103")


def read_file(path: Path, segment: bool = True) -> Iterator[ArticleOrError]:
    """All articles (or errors) of one input file."""
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
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                          with_metadata=True, favor_precision=True)
    except Exception as e:  # trafilatura raises a variety of parser errors on broken markup
        yield IngestError(origin, f"{Path(origin).name}: the HTML could not be parsed ({type(e).__name__}: {e}).", "E301")
        return
    if doc is None:
        yield IngestError(origin, f"{Path(origin).name}: no article text found in the HTML "
                          "(is it a front page or a script-only page?).", "E302")
        return
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = data.get("text") or ""
    if not text.strip():
        yield IngestError(origin, f"{Path(origin).name}: no article text found in the HTML.", "E302")
        return
    authors = [a.strip() for a in (data.get("author") or "").split(";") if a.strip()]
    yield from articles_from_text(text, origin, stem, title=data.get("title"), segment=segment,
                                  url=data.get("url"), outlet=data.get("sitename") or data.get("hostname"),
                                  published=data.get("date"), authors=authors)


def _first_str(rec: dict, fields: tuple[str, ...]) -> str | None:
    for f in fields:
        v = rec.get(f)
        if isinstance(v, str) and v.strip():
            return v
        if v is not None and not isinstance(v, (dict, list)) and f in _DATE_FIELDS:
            return str(v)
    return None


def read_jsonl(data: bytes, origin: str, stem: str) -> Iterator[ArticleOrError]:
    """One article per line. Accepts the field names of newspaper4k, news-please and
    trafilatura (``text``/``maintext``, ``title``, ``url``, ``authors``,
    ``publish_date``/``date_publish``, ``source_domain``). A bad line is an error of its own
    (origin ``path:LINE``); the other lines are still read. JSONL records are not split
    into several articles: they are already one article each."""
    if b"\x00" in data[:8192]:
        yield IngestError(origin, f"{Path(origin).name} looks binary (it contains NUL bytes), not JSON Lines.", "E202")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        yield IngestError(origin, f"{Path(origin).name} is not valid UTF-8 (offset {e.start}): JSON Lines must be UTF-8.", "E203")
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
            yield IngestError(where, f"line {lineno} of {Path(origin).name} is not valid JSON ({e.msg} at column {e.colno}).", "E401")
            continue
        if not isinstance(rec, dict):
            yield IngestError(where, f"line {lineno} of {Path(origin).name} is a JSON {type(rec).__name__}, not an object with a 'text' field.", "E402")
            continue
        body = _first_str(rec, _TEXT_FIELDS)
        if body is None:
            yield IngestError(where, f"line {lineno} of {Path(origin).name} has no article text: give a non-empty "
                              "string in 'text' (or 'maintext').", "E403")
            continue
        if "\x00" in body:
            yield IngestError(where, f"line {lineno} of {Path(origin).name}: the text contains NUL characters.", "E202")
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
                      authors=authors)
    if n_lines == 0:
        yield IngestError(origin, f"{Path(origin).name} is empty: no JSON lines found.", "E201")


def read_inputs(paths: Iterable[str | Path], segment: bool = True) -> Iterator[ArticleOrError]:
    """Articles and errors of every input path (files or folders), ids made unique."""
    used: dict[str, int] = {}
    for item in iter_input_files(paths):
        if isinstance(item, IngestError):
            yield item
            continue
        try:
            produced = list(read_file(item, segment=segment))
        except Exception as e:  # last line of defence: a reader bug must not stop the batch
            log.exception("reader failed on %s", item)
            produced = [IngestError(str(item), f"{item.name} could not be read: internal error "
                                    f"({type(e).__name__}: {e}); please report it.", "E999")]
        for a in produced:
            if isinstance(a, Article):
                n = used.get(a.id, 0)
                used[a.id] = n + 1
                if n:
                    # Two inputs with the same stem (different folders): keep ids unique and stable.
                    a.id = f"{a.id}~{n + 1}"
            yield a
