"""WARC files for the tests, written record by record (WARC/1.0 framing, one gzip member per
record as Common Crawl writes them)."""
from __future__ import annotations

import gzip
import uuid

ARTICLE_HTML = """<html><head><title>{title}</title>
<meta property="og:site_name" content="{site}"><meta name="author" content="{author}">
<meta property="article:published_time" content="{date}"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>{title}</h1>
<p>“We will not accept this,” the minister said on Monday in {city}, after talks with officials from {n}
neighbouring countries ended without an agreement on the new border rules.</p>
<p>Officials said the next round of talks would take place in the spring, according to a statement
released by the ministry late on Monday evening.</p>
<p>The opposition leader, Maria Lind, told reporters that the government had failed to explain its plan
and that voters deserved a clear answer before the summer recess.</p>
</article><footer>© {site}</footer></body></html>"""


def article_html(n: int, site: str = "Example News", date: str = "2018-07-16") -> bytes:
    return ARTICLE_HTML.format(title=f"Talks end without a deal {n}", site=site, author="Jane Doe", date=date,
                               city=f"City {n}", n=n).encode("utf-8")


def record(uri: str, body: bytes, status: int = 200, ctype: str = "text/html; charset=utf-8",
           date: str = "2018-07-16T10:00:00Z", rtype: str = "response", gz: bool = True) -> bytes:
    if rtype == "response":
        block = (f"HTTP/1.1 {status} {'OK' if status == 200 else 'Not Found'}\r\nContent-Type: {ctype}\r\n"
                 f"Content-Length: {len(body)}\r\n\r\n").encode() + body
        btype = "application/http; msgtype=response"
    elif rtype == "request":
        block = f"GET {uri} HTTP/1.1\r\nHost: example.com\r\n\r\n".encode()
        btype = "application/http; msgtype=request"
    else:
        block, btype = body, "application/warc-fields"
    head = (f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n"
            f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\nContent-Type: {btype}\r\n"
            f"Content-Length: {len(block)}\r\n\r\n").encode()
    raw = head + block + b"\r\n\r\n"
    return gzip.compress(raw) if gz else raw
