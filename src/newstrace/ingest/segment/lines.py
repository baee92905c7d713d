"""The page's logical lines, and the lines that recur on it.

Before the layouts are tried, a hard-wrapped page is read in logical lines (:func:`_unwrap`),
kicker labels over the titles ("ANALYSIS", then the title) are dropped (:func:`_drop_kickers`),
and lines that close every article alike ("Read the full story at ...", "Tags: ...") are
found (:func:`_recurring_closing_lines`): they end the article above and are never titles. A
short "Label:" prefix that recurs on several headline-shaped lines of the page, but not on
its first line ("Related: ...", :func:`_recurring_colon_labels`), marks link lines inside the
articles: they are neither titles nor lines after a separator.

Page furniture (:mod:`newstrace.ingest.furniture`: gallery controls, photo credits, captions,
"Related content" and its teaser, prompts, bylines, timestamps) is judged on every page by
line shape alone and carried on each line (``_Line.furniture``). Such a line stays where it
is, so it opens no new gap between the lines around it (blanking it would), but it is never
a title, a kicker or a separator.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ...model import Span
from ..furniture import furniture_spans
from .rules import _rules
from .shapes import (_colon_label, _final_char, _is_byline, _is_rule, _is_title_after_separator, _norm,
                     _starts_like_title, is_title_shaped)


@dataclass(frozen=True, slots=True)
class _Line:
    """A non-empty line: its whitespace-stripped span and how many blank lines precede it."""

    span: Span
    text: str
    blank_before: int
    kicked: bool = False  # a kicker label stood over it (see _drop_kickers)
    furniture: str = ""  # its page-furniture kind, "" for none (see _furniture_at)


#: Furniture kinds the splitter leaves alone: an ornament rule ("* * *", "___") is the
#: page's own separator between articles; the layouts judge it as before.
_SPLITTER_KINDS_IGNORED = frozenset({"rule"})
#: Furniture kinds that may still separate articles (never be titles): a share bar ("Share
#: this:") or a "Read more" label closes each article of an aggregator page as a separator
#: line does. (The line after a separator must be a title, and furniture never is: a
#: "Related content" label over its teaser separates nothing.)
_SEPARATING_KINDS = frozenset({"", "share", "related"})


@lru_cache(maxsize=8)
def _furniture_at(text: str) -> dict[int, str]:
    """The page's furniture lines by the start of their stripped span: their kind (shape
    alone; no corpus at ingest time)."""
    return {span.start: kind for span, kind in furniture_spans(text) if kind not in _SPLITTER_KINDS_IGNORED}


def _is_furniture(line: _Line) -> bool:
    """Whether a logical line is page furniture: never a title, kicker or separator."""
    return bool(line.furniture)


def _lines(text: str) -> list[_Line]:
    """Non-empty lines of ``text`` with their stripped spans (lines split on ``\\n`` only) and
    their page-furniture kind."""
    out: list[_Line] = []
    furniture = _furniture_at(text)
    pos, n, blanks = 0, len(text), 0
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        span = Span(pos, end).strip(text)
        if len(span):
            out.append(_Line(span, text[span.start:span.end], blanks, furniture=furniture.get(span.start, "")))
            blanks = 0
        else:
            blanks += 1
        if nl < 0:
            break
        pos = nl + 1
    return out


def _unwrap(lines: list[_Line]) -> list[_Line]:
    """The logical lines of a page hard-wrapped at one width (a plain-text e-mail): a line
    that is glued (single newline) to the next and could not have taken the next line's
    first word within the page's width is joined with it, so a wrapped title or paragraph is
    one line again (its span runs over the wrapped lines). A page is hard-wrapped when most
    of its text is in lines glued to the next (``hardwrap_min_glued_share`` of the characters,
    at least ``hardwrap_min_lines`` lines) and most of those are full (``hardwrap_min_share``), measured
    against the ``hardwrap_width_quantile`` of their lengths as the width. A page that is
    not so is returned as it is (a kicker line glued over each title is no wrapping)."""
    r = _rules()
    glued = [k for k in range(len(lines) - 1) if lines[k + 1].blank_before == 0]
    # the share glued is counted in characters: one-line paragraphs between wrapped ones
    # (a signature "Jane Doe." under each reader comment) are many lines but little text
    chars = sum(len(ln.text) for ln in lines)
    if (len(glued) < r.hardwrap_min_lines
            or sum(len(lines[k].text) for k in glued) < r.hardwrap_min_glued_share * chars):
        return lines
    lengths = sorted(len(lines[k].text) for k in glued)
    width = lengths[min(len(lengths) - 1, int(r.hardwrap_width_quantile * len(lengths)))]

    def full(k: int) -> bool:
        return len(lines[k].text) + 1 + len(lines[k + 1].text.split(None, 1)[0]) > width

    if sum(full(k) for k in glued) < r.hardwrap_min_share * len(glued):
        return lines
    out: list[_Line] = []
    joined = False
    for k, ln in enumerate(lines):
        if joined:
            last = out[-1]
            # a wrapped line is furniture only where all of it is
            out[-1] = _Line(Span(last.span.start, ln.span.end), last.text + " " + ln.text, last.blank_before,
                            furniture=last.furniture if ln.furniture else "")
        else:
            out.append(ln)
        joined = k + 1 < len(lines) and lines[k + 1].blank_before == 0 and full(k)
    return out


def _drop_kickers(lines: list[_Line]) -> list[_Line]:
    """A page's lines without its kicker labels: a short line (at most ``label_max_words``
    words, no final punctuation, after a blank line or a rule, or opening the page) glued (or,
    in capitals or recurring word for word, set off by the same blank lines every time) over a line
    that passes the position title test, itself followed by a blank line or a byline, is a label over a
    title ("ANALYSIS", then the title) when the page opens with one and at least
    ``recurring_line_min_repeats`` lines of the page have that shape. The label belongs to no
    article; the title under it takes its place (and its blank lines) and has label evidence
    (as a "SECTION | Title" line has). A page without that recurring shape is returned as it
    is."""
    r = _rules()

    def kicker(k: int, gap: int) -> bool:
        ln, nxt = lines[k], lines[k + 1]
        words = ln.text.split()
        return ((k == 0 or ln.blank_before > 0 or _is_rule(lines[k - 1].text)) and nxt.blank_before == gap
                and not ln.furniture and not nxt.furniture
                and (lines[k + 2].blank_before > 0 or _is_byline(lines[k + 2].text))
                and 0 < len(words) <= r.label_max_words and _final_char(ln.text) not in {".", ",", ";", ":", "!", "?"}
                and _starts_like_title(ln.text) and not _is_rule(ln.text) and not _is_byline(ln.text)
                and _is_title_after_separator(nxt.text, allow_caps=True) and not _is_byline(nxt.text)
                and len(nxt.text.split()) > len(words))

    if len(lines) < 3:
        return lines
    # The label stands over the title as the page's first one does: glued to it, or (round 8)
    # set off by the same blank lines every time; a label set off so must be printed in
    # capitals or recur word for word, since a short title over a headline-shaped standfirst
    # has that shape too.
    gap = lines[1].blank_before
    if not kicker(0, gap):
        return lines
    ks = {k for k in range(len(lines) - 2) if kicker(k, gap)}
    if len(ks) < r.recurring_line_min_repeats:
        return lines
    if gap and not (all(lines[k].text.isupper() for k in ks) or len({_norm(lines[k].text) for k in ks}) < len(ks)):
        return lines
    return [replace(ln, blank_before=lines[k - 1].blank_before, kicked=True) if k - 1 in ks else ln
            for k, ln in enumerate(lines) if k not in ks]


def _recurring_colon_labels(lines: list[_Line]) -> set[str]:
    """Short colon prefixes ("Related:", "See also:") that recur on the page at the start of
    headline-shaped lines (at least ``recurring_line_min_repeats`` times: two titles may quote the same
    speaker, "Obama: ..."), but not on its first line: link lines inside the articles, not titles.
    (Where the first line carries the prefix, "Analysis: ..." marks the titles.)"""
    r = _rules()
    counts: dict[str, int] = {}
    for prev, ln in zip(lines, lines[1:]):
        # title-shaped lines only (a transcript's "Q: ..." paragraphs are not), and a title
        # printed twice counts once
        label = _colon_label(ln.text)
        if label and is_title_shaped(ln.text) and _norm(ln.text) != _norm(prev.text):
            counts[label] = counts.get(label, 0) + 1
    first = _colon_label(lines[0].text) if lines else ""
    return {label for label, n in counts.items() if n >= r.recurring_line_min_repeats and label != first}


# "Tags: a, b", "Topics — a · b", "Filed under | a": a short label set off by punctuation
# at the start of a line (the punctuation is any of these; the label's wording is free).
_LEAD_LABEL = re.compile(r"^([^\W\d_][\w'’.&-]*(?:\s+[\w'’.&-]+){0,2})\s*(?::|\s[—–|·•/-])\s+\S")


def _opening_keys(s: str) -> list[str]:
    """What recurring closing lines share at their start: their first
    ``closing_line_open_words`` words ("Read ...", "(Reporting ..."; round 8 lowered it from
    3 to 1), and a short label set off by punctuation ("Tags: ...", "Topics — ...") if the
    line has one."""
    r = _rules()
    words = s.split()
    keys = []
    if len(words) > r.closing_line_open_words:
        keys.append("w " + _norm(" ".join(words[:r.closing_line_open_words])))
    m = _LEAD_LABEL.match(s)
    if m and len(m.group(1).split()) <= r.colon_label_max_words:
        keys.append("l " + _norm(m.group(0)[:-1]))  # the label with its punctuation
    return keys


def _recurring_closing_lines(lines: list[_Line]) -> set[int]:
    """Indices of closing link lines: headline-shaped lines that open alike (see
    :func:`_opening_keys`: the same ``closing_line_open_words`` words, or the same short
    label set off by punctuation), at least ``recurring_line_min_repeats`` times on the
    page, each standing before a blank line, the page's last line among them ("Read the full
    story at Politico", "Tags: Congress, Polls" closing each article). They end the article
    above, as a credit line does; they are no titles."""
    r = _rules()
    if len(lines) < 2:
        return set()
    groups: dict[str, list[int]] = {}
    for i in range(1, len(lines)):
        if ((i + 1 == len(lines) or lines[i + 1].blank_before > 0)
                and lines[i].blank_before > 0 and is_title_shaped(lines[i].text)):
            for key in _opening_keys(lines[i].text):
                groups.setdefault(key, []).append(i)
    last = len(lines) - 1
    return {i for idx in groups.values() if len(idx) >= r.recurring_line_min_repeats and idx[-1] == last
            for i in idx}
