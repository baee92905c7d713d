"""Quoted passages found by quote marks alone, independent of the attribution tagger.

Rewrite analysis needs quotes even when no attribution model ran (``same-quote`` links,
quote drift). This is a small, tolerant scanner rather than a regex because it has to
cope with curly/straight/unbalanced marks and with apostrophes that look like closing
single quotes ("Ukraine’s"); no library we depend on does that on raw text.
It never raises: unbalanced marks simply produce no quote.
"""
from __future__ import annotations

from ..model import Span

# opening mark -> closing marks that may end it
_PAIRS = {
    "\u201c": ("\u201d", '"'),  # “ … ”
    '"': ('"', "\u201d"),
    "\u2018": ("\u2019", "'"),  # ‘ … ’
    "'": ("'", "\u2019"),
    "\u00ab": ("\u00bb",),  # « … »
    "\u201e": ("\u201c", "\u201d"),  # „ … “
}
_SINGLE = {"\u2018", "'"}
MAX_QUOTE_CHARS = 1500


def _is_open(text: str, i: int) -> bool:
    ch = text[i]
    if ch not in _PAIRS:
        return False
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if not nxt or nxt.isspace():
        return False
    prev = text[i - 1] if i > 0 else ""
    if ch in _SINGLE or ch == '"':
        # an opening mark starts a word: after start, space or punctuation, never mid-word
        return prev == "" or not prev.isalnum()
    return True


def _is_close(text: str, j: int, opener: str) -> bool:
    ch = text[j]
    if ch not in _PAIRS[opener]:
        return False
    prev = text[j - 1] if j > 0 else ""
    if not prev or prev.isspace():
        return False
    nxt = text[j + 1] if j + 1 < len(text) else ""
    if opener in _SINGLE or ch in ("'", "\u2019"):
        # "Ukraine’s", "don't": a single mark followed by a letter is an apostrophe
        return not nxt.isalpha()
    return True


def find_quotes(text: str, min_words: int = 2) -> list[Span]:
    """Spans of quoted content (between the marks, whitespace and edge punctuation kept
    inside) for every balanced quote of at least ``min_words`` words.

    Scanning is left to right; an opening mark is matched with the first acceptable
    closing mark after it, so a nested opener inside a quote is treated as text."""
    out: list[Span] = []
    n = len(text)
    i = 0
    while i < n:
        if not _is_open(text, i):
            i += 1
            continue
        opener = text[i]
        j = i + 1
        end = min(n, i + 1 + MAX_QUOTE_CHARS)
        found = -1
        while j < end:
            if text[j] == "\n" and j + 1 < n and text[j + 1] == "\n" and opener in _SINGLE:
                break  # a single-quoted passage never crosses a blank line
            if _is_close(text, j, opener):
                found = j
                break
            j += 1
        if found < 0:
            i += 1
            continue
        span = Span(i + 1, found).strip(text)
        if len(text[span.start:span.end].split()) >= min_words:
            out.append(span)
        i = found + 1
    return out
