"""Finding quotations by their quote marks, robust to curly, straight and unbalanced marks.

Rules (hand-written: no library pairs news quote marks with these conventions):

* Double quotes ``“ ”``, ``„``, ``« »`` and straight ``"``; and, separately (they nest inside
  double quotes and are the main marks of British style), curly single quotes: ``‘`` opens only
  after a space, a line start or an opening bracket/dash/double quote, and ``’`` closes only
  when no letter or digit follows (so ``don’t`` and ``Trump’s`` are apostrophes). Straight
  ``'`` is never a quote mark (too often an apostrophe).
* Pairing does not cross a paragraph (a line break): news style reopens a quotation that
  goes on into the next paragraph with an opening mark and leaves the previous paragraph
  unclosed. An opening mark with no closing mark in its paragraph quotes to the paragraph's
  end (``closed=False``). The one exception is a text wrapped inside a quotation: when the
  next line (after a single line break) shows a curly closing mark before any opening
  mark, the quotation closes there.
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
SINGLE_OPEN, SINGLE_CLOSE = "‘", "’"
_BEFORE_SINGLE_OPEN = set("([{—–-\"“„«/")


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


def _single_opens(text: str, i: int) -> bool:
    return text[i] == SINGLE_OPEN and (i == 0 or text[i - 1].isspace() or text[i - 1] in _BEFORE_SINGLE_OPEN)


def _single_closes(text: str, i: int) -> bool:
    return text[i] == SINGLE_CLOSE and (i + 1 == len(text) or not text[i + 1].isalnum())


def find_quotes(text: str) -> list[Quote]:
    """All quotations in ``text`` (double, then single curly), each list in order.
    Never raises on any string."""
    if not text:
        return []
    return _find(text, lambda i: text[i] in QUOTE_OPENERS or text[i] == STRAIGHT, _double_closes) + \
        _find(text, lambda i: _single_opens(text, i), lambda t, i, o: _single_closes(t, i))


def _double_closes(text: str, i: int, opened: int) -> bool:
    # a straight mark closes a straight mark; a curly opener closes with a curly closer
    # (or a straight one, as mixed typing is common).
    if text[opened] == STRAIGHT:
        return text[i] == STRAIGHT
    return text[i] in QUOTE_CLOSERS or text[i] == STRAIGHT


def _curly_closer(text: str, i: int) -> bool:
    """A closing mark that cannot also open (so it cannot start a new quotation)."""
    return text[i] in QUOTE_CLOSERS or _single_closes(text, i)


def _closes_across_line(text: str, pe: int, paras_end: int, opens, closes, open_at: int) -> int | None:
    """Where a quotation left open at the end of a line closes on the next line.

    Only across a single line break, and only when the next line's first quote mark is a
    curly closing mark: a text wrapped inside a quotation ("…between NATO CoS.\nOn
    Ukraine we confirmed our support,’ he stated"). A news paragraph that goes on quoting
    reopens with an opening mark instead, and that case is left as two quotations."""
    if pe >= len(text) or text[pe] != "\n" or pe + 1 >= paras_end or text[pe + 1] == "\n":
        return None
    for i in range(pe + 1, paras_end):
        if text[i] == "\n":
            return None
        if opens(i):
            return None
        if closes(text, i, open_at):
            return i if _curly_closer(text, i) else None
    return None


def _find(text: str, opens, closes) -> list[Quote]:
    out: list[Quote] = []
    prev_open = False
    resume = 0  # scanning of a line starts after a quotation that crossed into it
    for ps, pe in _paragraphs(text):
        if pe <= resume:
            continue
        open_at: int | None = None
        cont = prev_open
        ended_open = False
        for i in range(max(ps, resume), pe):
            if open_at is None:
                if opens(i):
                    open_at = i
            elif closes(text, i, open_at):
                if i > open_at + 1:
                    out.append(Quote(Span(open_at, i + 1), Span(open_at + 1, i), True, cont))
                open_at = None
                cont = False
        if open_at is not None:
            close_at = _closes_across_line(text, pe, len(text), opens, closes, open_at)
            if close_at is not None:
                out.append(Quote(Span(open_at, close_at + 1), Span(open_at + 1, close_at), True, cont))
                resume = close_at + 1
                prev_open = False
                continue
            end = pe
            while end > open_at + 1 and text[end - 1].isspace():
                end -= 1
            if end > open_at + 1:
                out.append(Quote(Span(open_at, end), Span(open_at + 1, end), False, cont))
            ended_open = True
        prev_open = ended_open
    return out
