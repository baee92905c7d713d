"""WARC input: Common Crawl's CC-NEWS files and any crawl saved as ``.warc`` / ``.warc.gz``.

Records are read one at a time with FastWARC (``fastwarc``, the WARC library of the
Resiliparse project), so memory stays flat however large the file is. Each HTTP response
that is a 200 HTML page goes through trafilatura like an ``.html`` input (text, title, date,
author), keeps its ``url``, its ``outlet`` (the site name trafilatura finds, else the URL's
host without ``www.``) and the crawl time (``WARC-Date``) as ``downloaded``.

What is not read is counted, never an error: records that are not responses, responses that
are not 200, not HTML, larger than :data:`MAX_RECORD_BYTES`, pages trafilatura finds no
article in, and a URL already read from the same file. A damaged file (cut short, or garbage
in the middle) keeps every complete record before the damage and gives one error record
(E501) saying where the damage starts. FastWARC stops quietly at damage, so the reader checks
what it got: a payload shorter than its declared length, and for gzip files the gzip members
from the last record read to the end of the file (:func:`_gzip_damage`; standard WARC.gz has
one member per record, so that is the last record and what follows it).
"""
from __future__ import annotations

import logging
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import E, describe, record
from ..model import Article, IngestError

log = logging.getLogger(__name__)

__all__ = ["MAX_RECORD_BYTES", "SKIP_REASONS", "is_warc", "read_warc"]

#: HTTP payloads larger than this are skipped (a news page is far smaller; this bounds memory).
MAX_RECORD_BYTES = 16 * 1024 * 1024
#: Why a record gave no article, as counted in :attr:`newstrace.runner.RunSummary.skipped`.
SKIP_REASONS = {
    "warc: not a response": "WARC records that are not HTTP responses (requests, metadata, warcinfo)",
    "warc: not 200": "responses with an HTTP status other than 200",
    "warc: not HTML": "responses that are not HTML pages (images, PDFs, scripts, feeds)",
    "warc: too large": f"responses over {MAX_RECORD_BYTES // 2**20} MB",
    "warc: no article text": "HTML pages in which trafilatura finds no article text (front pages, indexes)",
    "warc: duplicate URL": "a URL already read from the same file",
}
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 1 << 16


def is_warc(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(".warc") or name.endswith(".warc.gz")


def _base_name(path: Path) -> str:
    name = path.name
    for ext in (".warc.gz", ".warc"):
        if name.lower().endswith(ext):
            return name[: -len(ext)]
    return path.stem


def _outlet(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _gzip_damage(path: Path, start: int) -> tuple[int, str] | None:
    """Check the gzip members of ``path`` from byte ``start`` to the end: None when they are
    all complete, else (offset, what) of the first damage. Streams in 64 KiB chunks."""
    with open(path, "rb") as fh:
        fh.seek(start)
        pos = start
        d = zlib.decompressobj(31)
        member_start = pos
        pending = b""
        while True:
            chunk = pending or fh.read(_CHUNK)
            pending = b""
            if not chunk:
                break
            try:
                d.decompress(chunk, _CHUNK)  # the output is dropped: only the framing is checked
                while d.unconsumed_tail:
                    d.decompress(d.unconsumed_tail, _CHUNK)
            except zlib.error as e:
                return member_start, f"corrupt gzip data ({e})"
            if d.eof:
                rest = d.unused_data
                pos += len(chunk) - len(rest)
                member_start = pos
                d = zlib.decompressobj(31)
                if rest.strip(b"\x00"):
                    pending = rest
                continue
            pos += len(chunk)
        if d.eof or member_start == pos:
            return None
        return member_start, "the file ends in the middle of a record (truncated)"


def read_warc(path: Path, segment: bool = True, skipped: Counter | None = None) -> Iterator[Article | IngestError]:
    """Articles of the HTML pages in a WARC file, streaming; see the module docstring."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    from .readers import extract_html

    skipped = skipped if skipped is not None else Counter()
    origin = str(path)
    base = _base_name(path)
    seen_urls: set[str] = set()
    n_records = n_read = 0
    last_pos = 0
    damage: tuple[int, str] | None = None
    gz = path.name.lower().endswith(".gz")
    try:
        fh = open(path, "rb")
    except OSError as e:
        yield record(E.E103, origin, path=path, reason=e.strerror or e, advice="")
        return
    with fh:
        try:
            for rec in ArchiveIterator(fh, parse_http=True):
                n_records += 1
                last_pos = rec.stream_pos
                if rec.record_type != WarcRecordType.response or not rec.is_http:
                    skipped["warc: not a response"] += 1
                    continue
                declared = rec.content_length
                if declared > MAX_RECORD_BYTES:
                    skipped["warc: too large"] += 1
                    continue
                body = rec.reader.read()
                if len(body) < declared:
                    damage = (rec.stream_pos, f"the record of {rec.headers.get('WARC-Target-URI')} is cut short "
                                              f"({len(body):,} of {declared:,} bytes)")
                    break
                status = rec.http_headers.status_code
                if status != 200:
                    skipped["warc: not 200"] += 1
                    continue
                ctype = (rec.http_content_type or "").lower()
                if not ctype.startswith(_HTML_TYPES):
                    skipped["warc: not HTML"] += 1
                    continue
                url = rec.headers.get("WARC-Target-URI")
                if url in seen_urls:
                    skipped["warc: duplicate URL"] += 1
                    continue
                seen_urls.add(url)
                n_read += 1
                crawled = rec.headers.get("WARC-Date")
                where = f"{origin}@{rec.stream_pos}"
                items = list(extract_html(body, where, f"{base}:{n_read}", segment=segment, url=url,
                                          downloaded=crawled, default_outlet=_outlet(url)))
                if not any(isinstance(a, Article) for a in items):
                    skipped["warc: no article text"] += 1
                    continue
                yield from (a for a in items if isinstance(a, Article))
        except Exception as e:  # FastWARC raises on malformed headers in strict mode
            damage = (last_pos, f"a record could not be parsed ({describe(e)})" if n_records else
                      f"it does not start with a WARC record ({describe(e)}): is it a WARC file?")
    if damage is None and gz:
        damage = _gzip_damage(path, last_pos)
    if damage is None and n_records == 0:
        size = path.stat().st_size
        if size:
            damage = (0, "no WARC record found: is it a WARC file?")
        else:
            yield record(E.E201, origin, name=path.name, detail="is empty: no WARC records")
            return
    if damage is not None:
        offset, what = damage
        yield record(E.E501, origin, name=path.name, offset=offset, what=what, read=n_read)
