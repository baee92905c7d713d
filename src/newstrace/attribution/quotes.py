"""Finding quotations by their quote marks, robust to curly, straight and unbalanced marks.

Rules (hand-written: no library pairs news quote marks with these conventions):

* Double quotes only: ``“ ”``, ``„``, ``« »`` and straight ``"``. Single marks (``‘ ’ '``) are
  mostly apostrophes and are left alone.
* Pairing never crosses a paragraph (a line break): news style reopens a quotation that goes
  on into the next paragraph with an opening mark and leaves the previous paragraph
  unclosed. An opening mark with no closing mark in its paragraph quotes to the paragraph's
  end (``closed=False``).
* A straight ``"`` opens when no quotation is open and closes otherwise. A closing curly mark
  with nothing open is ignored (a stray mark never pairs backwards).
* Nested openers inside an open quotation are ignored.

Every span returned satisfies ``0 <= start < end <= len(text)``.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Span

QUOTE_OPENERS = "“„«‟"
QUOTE_CLOSERS = "”»"
STRAIGHT = '"'


@dataclass(slots=True, frozen=True)
class Quote:
    span: Span       # from the opening mark to the closing mark included (or paragraph end)
    inner: Span      # between the marks
    closed: bool     # False when the paragraph ended first
    continues: bool  # True when the previous paragraph ended with an open quotation


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, s = [], 0
    for i, ch in enumerate(text):
        if ch == "\n":
            if i > s:
                out.append((s, i))
            s = i + 1
    if s < len(text):
        out.append((s, len(text)))
    return out


def find_quotes(text: str) -> list[Quote]:
    """All quotations in ``text``, in order. Never raises on any string."""
    if not text:
        return []
    out: list[Quote] = []
    prev_open = False
    for ps, pe in _paragraphs(text):
        open_at: int | None = None
        cont = prev_open
        ended_open = False
        for i in range(ps, pe):
            ch = text[i]
            if open_at is None:
                if ch in QUOTE_OPENERS or ch == STRAIGHT:
                    open_at = i
            elif ch in QUOTE_CLOSERS or ch == STRAIGHT:
                if i > open_at + 1:
                    out.append(Quote(Span(open_at, i + 1), Span(open_at + 1, i), True, cont))
                open_at = None
                cont = False
        if open_at is not None:
            end = pe
            while end > open_at + 1 and text[end - 1].isspace():
                end -= 1
            if end > open_at + 1:
                out.append(Quote(Span(open_at, end), Span(open_at + 1, end), False, cont))
            ended_open = True
        prev_open = ended_open
    return out
