"""Aggregator-page segmentation: split a page that holds several articles into them.

Some inputs are pages on which one article follows another ("Keep reading", a rule, or
nothing at all, then the next title). :func:`segment_page` finds such pages and returns one
:class:`Segment` per article: the span of its body and the span of its title, both offsets
into the page, so every article's text lines up with its input file.

Why hand-written rules rather than a library: trafilatura and similar extractors pick the
*one* main text of an HTML page; none of them splits a plain-text page into several
articles, and there is no labelled corpus of aggregator pages. The rules are small, work on
the *shape and position* of lines (never on known words), and are deliberately
conservative: a single article must never be split, so a page is split only when a
repeated layout gives strong evidence, and any doubt returns the page whole.

:func:`segment_page` runs these rules (:func:`segment_rules`), page-level layouts that no
line rule can see, and the learned line classifier of :mod:`newstrace.ingest.segment_model`
(trained on synthetic pages built from PolNeAR train, ``scripts/train_segmenter.py``); its
docstring gives the order. The page-level layouts:

* **a decoration on every line** ("> " in a quoted e-mail) is read as blank;
* **indented or underlined titles** — flush-left titles over indented paragraphs, or titles
  underlined by a rule of their length, on pages without blank lines;
* **listed titles** — the page lists the titles before the first article (a newsletter's
  table of contents): each line so listed is a title, whatever its shape;
* **run-in titles** — each article's title runs into its lead on one line ("Title — Lead
  ...", before the same punctuation joiner every time, or in capitals up to the lead);
* **an intro** before the first article hides its title from the rules, which are tried
  again on the rest;
* **stacks under titles** — each title is followed by a short stack of lines (highlights,
  key points) before the body's paragraphs.

On every split, text that belongs to no article is left out: a table of contents, masthead
or intro before the first article, a box of short glued lines closing an article (an
advertisement between two articles, an e-mail footer after the last).

Three layouts are recognised:

* **separator layout** — the same short line (``Keep reading``, ``Read more``, ``---``,
  ``* * *`` …) occurs at least twice, and each occurrence followed by more text is
  followed by a one-line title and a body. Once the separator is *established* (every
  occurrence, or at least two of them and twice as many as the rest, is followed by a
  headline-shaped title and a prose body), the line after each occurrence is the title
  whatever its shape (lower case, ALL CAPS, a final full stop, a long "title; deck") and
  the article under it may be short;
* **numbered layout** — the page's first line carries a counter ("1. ", "2) ") and later
  title lines continue it; the longest chain of consecutive numbers wins, so a numbered
  list inside an article neither cuts the count short nor replaces a real title;
* **bare layout** — no separator line at all; the page begins with a title and at least
  two more titles of the same *signature* (repeated title line, byline/date line under it,
  a one-line lead-in under it — a standfirst without final stop, a photo caption, a "N min
  read" line —, a date/credit line closing the article above it, extra blank lines before
  it where such gaps are rare, a short label set off by " | " in the title line, the Markdown
  heading marker of the page's first line ("## "), or title
  case), each followed by a body of several paragraphs. A line of any shape over a lead-in
  whose first or last word the other titles' lead-ins share has lead-in evidence too. Once a signature with layout evidence is established, every line with the
  same evidence is a title whatever its shape (a lead-in needs a title-tested line over it),
  and short articles are kept. A first line of any headline length opens such a page if one
  more boundary than usual shows the evidence. A short "Label:" prefix that recurs on
  several headline-shaped lines of the page, but not on its first line ("Related: ..."),
  marks link lines inside the articles: they are neither titles nor lines after a separator.

Before the layouts are tried, a hard-wrapped page is read in logical lines, kicker labels
over the titles ("ANALYSIS", then the title) are dropped (:func:`_drop_kickers`), and lines
that close every article alike ("Read the full story at ...", "Tags: ...") are found
(:func:`_recurring_closing_lines`): they end the article above and are never titles.

Thresholds and word lists live in ``segment_rules.json`` beside this module; they were
tuned only on pages built from PolNeAR *train* articles, including train-built twins of the
held-out layouts (see
:mod:`newstrace.eval.segmentation`, ``docs/segmentation.md``).
"""
from __future__ import annotations

import json
import os
import re
import statistics
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..model import Span
from .segment_model import learned_split

__all__ = ["Segment", "segment_page", "segment_rules", "is_title_shaped"]


@dataclass(frozen=True, slots=True)
class Segment:
    """One article found on a page: ``text[body]`` becomes ``Article.text``."""

    body: Span          # the article's text span in the page (what becomes Article.text)
    title: Span | None  # the title's span in the page, if any


@dataclass(frozen=True, slots=True)
class _Line:
    """A non-empty line: its whitespace-stripped span and how many blank lines precede it."""

    span: Span
    text: str
    blank_before: int
    kicked: bool = False  # a kicker label stood over it (see _drop_kickers)


@dataclass(frozen=True, slots=True)
class _Rules:
    minor_words: frozenset[str]
    byline_prefixes: tuple[str, ...]
    date_re: re.Pattern
    title_max_chars: int
    title_max_words: int
    established_title_max_words: int
    established_title_max_chars: int
    caps_title_min_words: int
    deck_head_max_words: int
    title_min_words: int
    separator_max_words: int
    separator_max_chars: int
    titlecase_strong: float
    prose_min_chars: int
    separator_min_body_chars: int
    bare_min_body_chars: int
    bare_min_body_lines: int
    bare_min_boundaries: int
    plain_headline_max_chars: int
    bare_title_min_words: int
    gap_evidence_max_share: float
    lead_affix_min_titles: int
    lead_affix_title_max_stop_words: int
    label_max_words: int
    colon_label_max_words: int
    recurring_line_min_repeats: int
    byline_sentence_min_words: int
    hardwrap_min_lines: int
    hardwrap_min_share: float
    hardwrap_min_glued_share: float
    closing_line_open_words: int
    hardwrap_width_quantile: float
    article_min_body_chars: int
    listing_max_extra_chars: int
    stack_max_lines: int
    intro_max_blocks: int
    intro_max_chars: int
    indent_min_share: float
    indent_title_min_words: int
    prefix_min_lines: int
    underline_slack: float
    chrome_block_min_lines: int
    sentence_min_words: int


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    raw = json.loads((Path(__file__).with_name("segment_rules.json")).read_text(encoding="utf-8"))
    months = "|".join(sorted((re.escape(m) for m in raw["month_names"]), key=len, reverse=True))
    date_re = re.compile(
        rf"\b(?:{months})\.?\s+\d{{1,2}}\b|\b\d{{1,2}}\s+(?:{months})\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
        r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b", re.IGNORECASE)
    return _Rules(
        minor_words=frozenset(raw["minor_words"]), byline_prefixes=tuple(raw["byline_prefixes"]),
        date_re=date_re,
        **{k: raw[k] for k in (
            "title_max_chars", "title_max_words", "title_min_words", "established_title_max_words",
            "established_title_max_chars", "caps_title_min_words",
            "deck_head_max_words", "separator_max_words",
            "separator_max_chars", "titlecase_strong", "prose_min_chars", "separator_min_body_chars",
            "bare_min_body_chars", "bare_min_body_lines", "bare_min_boundaries",
            "plain_headline_max_chars", "bare_title_min_words", "gap_evidence_max_share",
            "lead_affix_min_titles", "lead_affix_title_max_stop_words", "label_max_words",
            "colon_label_max_words", "recurring_line_min_repeats", "byline_sentence_min_words",
            "hardwrap_min_lines", "hardwrap_min_share", "hardwrap_width_quantile",
            "hardwrap_min_glued_share", "closing_line_open_words", "article_min_body_chars",
            "chrome_block_min_lines", "listing_max_extra_chars", "stack_max_lines",
            "intro_max_blocks", "intro_max_chars", "indent_min_share",
            "indent_title_min_words", "prefix_min_lines",
            "underline_slack",
            "sentence_min_words")},
    )


# Closing quotes/brackets/emphasis looked through when reading a line's final punctuation.
_CLOSERS = "\"'’”»›)]}*_`"
_OPENERS = "\"'‘“«‹([{*_`¡¿"


# "10:57PM", "9:05 a.m.": a clock time marks a timestamp or live-blog post header, not a headline.
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\s*[AaPp]\.?[Mm]")


def _lines(text: str) -> list[_Line]:
    """Non-empty lines of ``text`` with their stripped spans (lines split on ``\\n`` only)."""
    out: list[_Line] = []
    pos, n, blanks = 0, len(text), 0
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        span = Span(pos, end).strip(text)
        if len(span):
            out.append(_Line(span, text[span.start:span.end], blanks))
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
            out[-1] = _Line(Span(last.span.start, ln.span.end), last.text + " " + ln.text, last.blank_before)
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


def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


_INITIALISM = re.compile(r"(?:^|\s)(?:[A-Za-z]\.){2,}$")


def _final_char(s: str) -> str:
    t = s.rstrip().rstrip(_CLOSERS + " \u00a0")
    return t[-1] if t else ""


def _title_final_char(s: str) -> str:
    """:func:`_final_char` for a headline: the stop of an ellipsis or of a final initialism
    ("... in S.C.", "... the U.S.") does not make the line a sentence."""
    t = s.rstrip().rstrip(_CLOSERS + " \u00a0")
    if t.endswith("...") or _INITIALISM.search(t):
        return ""
    return t[-1] if t else ""


def _first_char(s: str) -> str:
    t = s.lstrip(_OPENERS + " \u00a0")
    return t[0] if t else ""


def _is_all_caps(s: str) -> bool:
    """``PLEDGED DELEGATES``: a section label inside an article far more often than a headline."""
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and len(s.split()) >= 2


def _starts_like_title(s: str) -> bool:
    first = _first_char(s)
    return bool(first) and (first.isupper() or first.isdigit() or first in "#@$£€")


def _is_rule(s: str) -> bool:
    """A horizontal rule such as ``---``, ``* * *``, ``═════``: no letters or digits at all."""
    return len(s) >= 3 and len(s) <= 120 and not any(c.isalnum() for c in s) and len(set(s) - {" "}) <= 3


def _titlecase_ratio(words: list[str]) -> float:
    minor = _rules().minor_words
    content = 0
    upper = 0
    for w in words:
        core = w.strip(_OPENERS + _CLOSERS + ".,;:!?")
        if not any(c.isalpha() for c in core) or core.casefold() in minor:
            continue
        content += 1
        first = next((c for c in core if c.isalnum()), "")
        if first.isupper() or first.isdigit():
            upper += 1
    return upper / content if content else 0.0


def _is_byline(s: str) -> bool:
    """A byline or dateline under a title: ``By Jane Doe``, ``March 3, 2016``, ``2016-03-11``."""
    r = _rules()
    words = s.split()
    if not words or len(words) > 14 or len(s) > 120:
        return False
    if s[:1] == "<":
        return False  # markup (an embedded tweet's tag carries a date), not a byline
    low = s.casefold()
    if any(low.startswith(p) for p in r.byline_prefixes):
        # "By 58%-33%, those surveyed said ...": a sentence that opens so is prose (a long line
        # ending in a stop whose words are mostly in lower case; "By MAGGIE HABERMAN and
        # RICHARD A. OPPEL JR." is names)
        return not (_final_char(s) in {".", "!", "?"} and len(words) > r.byline_sentence_min_words
                    and _titlecase_ratio(words[1:]) < r.titlecase_strong)
    return bool(r.date_re.search(s)) and _final_char(s) not in {".", "!", "?"}


def is_title_shaped(s: str) -> bool:
    """Whether a single line looks like a headline on its own: short, starts with a capital
    or digit, no final ``. , ; :``, not a rule, URL or byline, not all lower case."""
    r = _rules()
    s = s.strip()
    words = s.split()
    if not (r.title_min_words <= len(words) <= r.title_max_words) or len(s) > r.title_max_chars:
        return False
    if not _starts_like_title(s) or _is_all_caps(s):
        return False
    last = _final_char(s)
    if last in {",", ";", ":"} or (last == "." and not s.rstrip(_CLOSERS + " ").endswith("...")):
        return False
    if "://" in s or "www." in s.casefold() or _is_byline(s) or _is_rule(s) or _CLOCK.search(s):
        return False
    # some capitalised content word, or a leading number ("5 things to watch in ...")
    # "A sharper tone as stakes rise": a capitalised first word counts even if it is minor
    first_minor = words[0].strip(_OPENERS).casefold() in r.minor_words and _first_char(s).isupper()
    return any(c.isalpha() for c in s) and (_titlecase_ratio(words) > 0.0 or _first_char(s).isdigit()
                                            or (first_minor and len(words) >= 4))


def _is_title_after_separator(s: str, allow_caps: bool = False) -> bool:
    """Looser title test for a line whose *position* already says "title" (right after a
    separator, or the first line of a page known to be an aggregator). ``allow_caps``: an
    ALL-CAPS line counts too (right after a separator it is a headline style, not a
    section label)."""
    r = _rules()
    words = s.split()
    if not words or len(words) > r.title_max_words or len(s) > r.title_max_chars:
        return False
    if not any(c.isalpha() for c in s) or _is_rule(s) or "://" in s or _CLOCK.search(s):
        return False
    if _is_all_caps(s) and not allow_caps:
        return False
    last = _title_final_char(s)
    if last in {",", ";", ":"}:
        return False
    if last in {".", "!", "?"}:
        # Headlines seldom end in a full stop; one that does must at least be in title case.
        return last != "." or _titlecase_ratio(words) >= r.titlecase_strong or _is_all_caps(s)
    return _starts_like_title(s)


def _is_title_in_established_layout(s: str) -> bool:
    """Title test for the line right after a separator on a page whose separator is already
    established by other occurrences: position decides, whatever the line's shape (lower
    case, all caps, a final full stop, a long ``title; subtitle``), as long as it is one
    line of text and not a whole paragraph."""
    r = _rules()
    words = s.split()
    return (0 < len(words) <= r.established_title_max_words and len(s) <= r.established_title_max_chars
            and any(c.isalpha() for c in s) and not _is_rule(s) and "://" not in s)


def _is_prose(s: str) -> bool:
    """A paragraph line: ends like a sentence, or is long and not itself headline-shaped."""
    return _final_char(s) in {".", "!", "?"} or (len(s) >= _rules().prose_min_chars and not is_title_shaped(s))


def _is_marker(s: str) -> bool:
    r = _rules()
    return _is_rule(s) or (0 < len(s.split()) <= r.separator_max_words and len(s) <= r.separator_max_chars)


@dataclass(frozen=True, slots=True)
class _Piece:
    """An article as line indices: optional title line, body lines ``[body_start, body_end)``."""

    title: int | None
    body_start: int
    body_end: int


def _skip_repeat(lines: list[_Line], title: int, end: int) -> int:
    """Index of the first body line after a title (and its repetition, if the page repeats it)."""
    j = title + 1
    if j < end and _norm(lines[j].text) == _norm(lines[title].text):
        j += 1
    return j


def _body_chars(lines: list[_Line], a: int, b: int) -> int:
    return sum(len(ln.text) for ln in lines[a:b])


def _has_chars(lines: list[_Line], a: int, b: int, n: int) -> bool:
    """``_body_chars(lines, a, b) >= n``, stopping as soon as it is known."""
    total = 0
    for i in range(a, b):
        total += len(lines[i].text)
        if total >= n:
            return True
    return n <= 0


# ---------------------------------------------------------------------------- separators

def _split_at(lines: list[_Line], seps: list[int], prose_upto: list[int],
              linked: frozenset[str] | set[str] = frozenset()) -> list[_Piece] | None:
    """Pieces between the separator lines ``seps``, or None if the layout does not hold.

    Every occurrence followed by more text must be followed by a one-line title and a body.
    An occurrence is *clear* when that title is headline-shaped and the body has a prose line
    of some length. The separator is *established* when all occurrences are clear, or when
    at least two are and the others are at most half as many: then the line after each
    occurrence is the title whatever its shape, and the article under it may be short.
    ``prose_upto[i]``: how many of ``lines[:i]`` are prose (computed once per page).
    ``linked``: recurring link-line prefixes ("Related:"); a line after an occurrence that
    carries one is body content, so the line is no separator.
    """
    r = _rules()
    bounds = [-1, *seps, len(lines)]
    pieces: list[_Piece] = []
    clear = unclear = 0
    # An ALL-CAPS line after a separator is a clear title only on a page that prints its
    # titles so (its first line is all caps too) and only if it is headline-long: a page
    # that opens in title case and has short ALL-CAPS lines after its rules ("___",
    # "PLEDGED DELEGATES") is one article with section labels.
    caps_page = _is_all_caps(lines[0].text)
    for k in range(1, len(bounds) - 1):
        a, b = bounds[k] + 1, bounds[k + 1]
        if a >= b:
            continue  # trailing/doubled separator
        title = lines[a].text
        if not _is_title_in_established_layout(title) or (linked and _colon_label(title) in linked):
            return None
        start = _skip_repeat(lines, a, b)
        if start >= b:
            return None
        if (_is_title_after_separator(title, allow_caps=caps_page and len(title.split()) >= r.caps_title_min_words)
                and prose_upto[b] > prose_upto[start]
                and _has_chars(lines, start, b, r.separator_min_body_chars)):
            clear += 1
        else:
            unclear += 1
            if 3 * unclear > len(seps):
                return None  # too many unclear occurrences for the separator ever to be established
        pieces.append(_Piece(a, start, b))
    if not pieces or (unclear and (clear < 2 or 2 * unclear > clear)):
        return None
    # The part before the first separator: its first line is a title if it has a title's
    # shape, or the case style (ALL CAPS) that the titles after the separators share.
    a, b = 0, bounds[1]
    if a >= b:
        return pieces if len(pieces) >= 2 else None
    caps_titles = sum(_is_all_caps(lines[p.title].text) for p in pieces if p.title is not None)
    head = lines[a].text
    first_title = b - a >= 2 and (
        _is_title_after_separator(head, allow_caps=2 * caps_titles > len(pieces))
        # printed twice, as a page that repeats its titles does: a title of any shape
        or (b - a >= 3 and _norm(lines[a + 1].text) == _norm(head) and _is_title_in_established_layout(head))
        # the layout is established: a first line of any shape that does not end like a
        # sentence or a lead-in ("convention notebook", a long "title; deck") is the title
        or (_is_title_in_established_layout(head) and _final_char(head) not in {".", ",", ";", ":"}
            and not _is_all_caps(head) and _is_prose(lines[a + 1].text)))
    if first_title:
        start = _skip_repeat(lines, a, b)
        first = _Piece(a, start, b) if start < b else _Piece(None, a, b)
    else:
        first = _Piece(None, a, b)
    if _body_chars(lines, first.body_start, first.body_end) < r.separator_min_body_chars:
        return None
    return [first, *pieces]


def _separator_layout(lines: list[_Line]) -> list[_Piece] | None:
    groups: dict[str, list[int]] = {}
    prose_upto: list[int] | None = None
    linked: set[str] | None = None
    for i, ln in enumerate(lines):
        if _is_marker(ln.text):
            groups.setdefault(_norm(ln.text), []).append(i)
    best: list[_Piece] | None = None
    best_rank = (False, 0)
    for idxs in groups.values():
        if len(idxs) < 2 or any(b - a < 2 for a, b in zip(idxs, idxs[1:])):
            continue  # a line repeated back to back is a repeated title, not a separator
        if all(i > 0 and is_title_shaped(lines[i - 1].text) for i in idxs):
            continue  # always right under a headline: a label or standfirst ("ABSTRACT"), not a separator
        if prose_upto is None:
            prose_upto = [0]
            for ln in lines:
                prose_upto.append(prose_upto[-1] + _is_prose(ln.text))
        if linked is None:
            linked = _recurring_colon_labels(lines)
        pieces = _split_at(lines, idxs, prose_upto, linked)
        if not pieces:
            continue
        # Articles have different titles: a short line that keeps following another repeated
        # line inside an article ("Getty." caption, then an "Advertisement" slot) gives a
        # "separator" whose "titles" repeat. A candidate whose titles are all distinct wins
        # over one whose titles are not, then the one with more articles.
        titles = [_norm(lines[p.title].text) for p in pieces if p.title is not None]
        rank = (len(set(titles)) == len(titles), len(pieces))
        if best is None or rank > best_rank:
            best, best_rank = pieces, rank
    return best


# ---------------------------------------------------------------------------- bare titles

#: A candidate title's layout evidence: (title line repeated, byline/date line under it, more
#: blank lines before it than paragraphs have, lead-in line under it, date/credit line
#: closing the article above it, a short label set off by " | " in the title line itself, the
#: Markdown heading marker of the page's first line, "## ", in front of it).
_Sig = tuple[bool, bool, bool, bool, bool, bool, bool]


@dataclass(frozen=True, slots=True)
class _Candidate:
    index: int
    body_start: int
    signature: _Sig
    strong_case: bool
    loose: bool = False  # only its position can make it a title (see _is_title_in_established_layout)
    titled: bool = False  # passes the title test for a line whose position says "title"
    glued: bool = False  # the line under it is closer to it than paragraphs are to each other
    # the line under it has a lead-in's shape, whatever the shape of this line (only used when
    # that lead-in shares its first or last word with the lead-ins of the page's titles)
    maybe_lead: bool = False
    affix_lead: bool = False  # given lead-in evidence by _promote_shared_lead_ins


# "Q: Does he?", "A: No!": a speaker label of an interview transcript.
_SPEAKER_LABEL = re.compile(r"^[A-Z]:\s")


def _colon_label(s: str) -> str:
    """``Related: Senate Leaders Split`` -> ``Related``: a short prefix (at most
    ``colon_label_max_words`` words) set off by a colon at the start of a line, or ``""``."""
    head, sep, rest = s.partition(": ")
    if not sep or not rest.strip() or not 0 < len(head.split()) <= _rules().colon_label_max_words:
        return ""
    return " ".join(head.strip(_OPENERS + _CLOSERS).split())  # case kept: "TRUMP:" in a transcript is not "Trump:"


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


def _is_quoted_speech(s: str) -> bool:
    """``“This is sophomoric,” she wrote``: a line that opens with a quotation and then
    attributes it is prose, whatever its capitals."""
    return s[:1] in "\"“" and any(p in s for p in (',”', ',"', ',’ ', ",' "))


def _plain_headline(s: str) -> bool:
    """A sentence-case line that still reads as a headline rather than a short paragraph:
    a statement (no final ``?``/``!``), not a quotation with its attribution, not opening
    with a ``Q:``-style speaker label, and short. (A headline may open with a quoted phrase:
    "'Thin-skinned' Trump quells critics".)"""
    r = _rules()
    if len(s) > r.plain_headline_max_chars or _final_char(s) in {".", "?", "!", "…"} or _is_quoted_speech(s):
        return False
    head = s.split(":", 1)[0]
    return not (":" in s and len(head.split()) <= 1 and len(head) <= 3)


def _headline_with_deck(s: str) -> bool:
    """``Turkish suspect donated to Clinton; Manhunt underway for …``: a headline and its deck
    (subtitle) joined by a semicolon. A paragraph with a semicolon ends like a sentence; this
    line does not, and the part before the semicolon is headline-long and starts like one."""
    r = _rules()
    if "; " not in s or _title_final_char(s) in {".", "!", "?", ",", ";", ":"}:
        return False
    head = s.split("; ", 1)[0]
    words = s.split()
    return (r.title_min_words <= len(head.split()) <= r.deck_head_max_words and _starts_like_title(head)
            and len(words) <= r.established_title_max_words and len(s) <= r.established_title_max_chars
            and "://" not in s and not _is_all_caps(s))


# "WORLD | Title", "Title | The Washington Post": a headline and a short label (section,
# publisher) on one line, set off by a vertical bar.
_LABEL_BAR = " | "


def _has_label(s: str) -> bool:
    """``WORLD | Title`` or ``Title | Publisher``: one vertical bar between a label of at most
    ``label_max_words`` words and a headline of at least two; no final ``, ; :``. Paragraphs
    almost never hold a spaced vertical bar; a byline that does is a byline, not a title."""
    r = _rules()
    if s.count(_LABEL_BAR) != 1 or _final_char(s) in {",", ";", ":"} or _is_byline(s):
        return False
    left, right = (p.strip() for p in s.split(_LABEL_BAR))
    nl, nr = len(left.split()), len(right.split())
    short, other = (nl, nr) if nl <= nr else (nr, nl)
    return 1 <= short <= r.label_max_words and other >= r.title_min_words and any(c.isalpha() for c in s)


def _line_evidence(sig: _Sig) -> tuple[bool, bool, bool, bool, bool]:
    """The evidence of a signature that lies in the lines under a title (repeat, byline,
    lead-in) or in the title line itself (bar label, heading marker): the page's first title
    must show the same, since nothing precedes it."""
    return sig[0], sig[1], sig[3], sig[5], sig[6]


# "## Title": a Markdown heading marker (one to six "#", then a space).
_HEADING_MARKER = re.compile(r"(#{1,6})\s+\S")


def _heading_marker(s: str) -> str:
    m = _HEADING_MARKER.match(s)
    return m.group(1) if m else ""


def _is_lead_in(lines: list[_Line], i: int, allow_lower_next: bool = False) -> bool:
    """``lines[i]`` is a one-line lead-in between a title and its prose (a standfirst without
    final stop, a photo caption, a "N min read" line): one line of text of at most a
    headline's length that does not end like a sentence or a lead-in to a quote, not a rule
    and not an ALL-CAPS section label, and a paragraph (or a line introducing a quotation,
    "From X writing at Y:") follows it, not the lower-case rest of a hard-wrapped sentence."""
    r = _rules()
    if i + 1 >= len(lines):
        return False
    s, nxt = lines[i].text, lines[i + 1].text
    return (0 < len(s.split()) <= r.title_max_words and len(s) <= r.title_max_chars
            and _final_char(s) not in {".", "!", "?", ",", ";", ":"} and not _first_char(s).islower()
            and any(c.isalpha() for c in s) and not _is_rule(s) and "://" not in s
            and (not _is_all_caps(s) or len(s.split()) >= 4)
            and (_is_prose(nxt) or _final_char(nxt) == ":") and (allow_lower_next or not _first_char(nxt).islower()))


# "... A Big Blow. Here's ...": a sentence of at least three words, then another one.
_TWO_SENTENCES = re.compile(r"^\S+\s+\S+\s+[^.?!]*\w[.?!]\s+[" + re.escape(_OPENERS) + r"]*[A-Z]")


def _title_case_with_stop(s: str) -> bool:
    """``Bernie Sanders Suffered A Big Blow. Here's His Plan Going Forward.``: a two-sentence
    headline in title case, which may end in a full stop. One title-case sentence ending in a
    stop is a name list or photo credit ("Carlos Barria / Reuters.") far more often, so two
    sentences are required (the first of at least 3 words: "Tennis. Boating. Summers at
    Walker's Point." is a paragraph), at least 6 words, nearly every content word capitalised."""
    r = _rules()
    words = s.split()
    if (_final_char(s) != "." or _INITIALISM.search(s.rstrip().rstrip(_CLOSERS + " \u00a0"))
            or not 6 <= len(words) <= r.title_max_words or len(s) > r.title_max_chars
            or not _TWO_SENTENCES.search(s)):
        return False
    return (_starts_like_title(s) and not _is_all_caps(s) and not _is_byline(s) and "://" not in s
            and not _CLOCK.search(s) and _titlecase_ratio(words) >= 0.9)


def _candidates(lines: list[_Line]) -> list[_Candidate]:
    """Lines that may start an article on a page without separators, with their layout
    evidence. ``loose`` candidates have no headline shape of their own: they count only
    once the same evidence has been established by shaped titles (see :func:`_bare_layout`)."""
    r = _rules()
    gaps = [ln.blank_before for ln in lines[1:]]
    typical_gap = statistics.median(gaps) if gaps else 0
    # Extra blank lines mark titles only where they are rare and stand mostly before
    # title-like lines (rules aside), judged for each gap size: on a page that mixes
    # single-newline and blank-line paragraphs, many paragraphs have "extra" gaps.
    spaced: dict[int, list[str]] = {}
    for ln in lines[1:]:
        if ln.blank_before > typical_gap and not _is_rule(ln.text):
            spaced.setdefault(ln.blank_before, []).append(ln.text)
    gap_marks = {g: len(ts) <= r.gap_evidence_max_share * len(lines)
                 and 2 * sum(_is_title_after_separator(t) for t in ts) >= len(ts)
                 for g, ts in spaced.items()}
    # A line printed many times between paragraphs ("Advertisement" slots) is an interstitial,
    # not a lead-in under a title, even where it happens to follow a title-like line: a line
    # that repeats and follows a line passing the position title test at most half the time.
    seen: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        if 0 < i and len(ln.text) <= r.title_max_chars:
            seen.setdefault(_norm(ln.text), []).append(i)
    interstitial = {t for t, idx in seen.items() if len(idx) >= 3
                    and 2 * sum(_is_title_after_separator(lines[i - 1].text) for i in idx) <= len(idx)}
    linked = _recurring_colon_labels(lines)
    closing = _recurring_closing_lines(lines)
    # Markdown headings mark titles when the page's first line is one: the same marker ("##")
    # in front of a later line is layout evidence (another level, "###", is a subhead).
    marker = _heading_marker(lines[0].text)
    out = []
    for i, ln in enumerate(lines):
        text = ln.text
        if i > 0 and linked and _colon_label(text) in linked:
            continue  # a recurring "Related: ..." link line inside the articles
        if i in closing:
            continue  # a recurring "Read the full story at ..." line closing the article above
        shaped = (is_title_shaped(text) or _headline_with_deck(text)
                  or (i == 0 and _is_title_after_separator(text)) or _title_case_with_stop(text))
        if i > 0 and len(text.split()) < r.bare_title_min_words:
            shaped = False  # "Amanda Terkel": without a separator, a two-word line is a name, not a headline
        if _is_quoted_speech(text) or _SPEAKER_LABEL.match(text):
            shaped = False  # a quotation with its attribution; a "Q: ..." line of an interview
        if not shaped and not _is_title_in_established_layout(text):
            continue
        if i > 0 and ln.blank_before < typical_gap:
            continue  # closer to the text above than paragraphs are: part of that paragraph block
        start = _skip_repeat(lines, i, len(lines))
        repeated = start == i + 2
        byline = start < len(lines) and _is_byline(lines[start].text)
        # A lead-in line is weaker evidence than a byline (its wording is free): the line
        # over it must pass the title test for a line whose position says "title" (no
        # sentence-case full stop as a paragraph before a quoted line has, no clock time,
        # no ALL-CAPS label).
        titled = _is_title_after_separator(text) or _headline_with_deck(text)
        lead = (not byline and titled and _is_lead_in(lines, start)
                and _norm(lines[start].text) not in interstitial
                and (i == 0 or len(text.split()) >= r.bare_title_min_words))  # "Igor Bobic": a name
        if (not shaped and byline and titled and len(text.split()) >= r.bare_title_min_words
                and not _is_quoted_speech(text) and not _SPEAKER_LABEL.match(text)):
            # A byline under a line that passes the position title test ("... see black votes
            # as key in S.C.", whose final stop is an initialism's) vouches for it as a title.
            shaped = True
        first_body = start + 1 if byline or lead else start
        if first_body >= len(lines):
            continue  # nothing under it
        gap = i > 0 and ln.blank_before > typical_gap and gap_marks.get(ln.blank_before, False)
        heading = bool(marker) and _heading_marker(text) == marker
        lower_deck = _first_char(lines[start].text).islower()
        if lower_deck:
            set_off = (gap or repeated or _has_label(text) or ln.kicked or heading
                       or (i > 0 and _is_byline(lines[i - 1].text)))
            if i > 0 and not (set_off and _final_char(text) not in {".", ",", ";", ":"}):
                continue  # the "title" is a hard-wrapped sentence going on
            # The page's first line over a lower-case line (a deck printed in lower case, or a
            # wrapped sentence), or a later line that layout evidence of its own (extra blank
            # lines before it, its repetition, a bar label, a credit line closing the article
            # above) sets off: it may still be a title, but only a loose
            # one, which counts once shaped titles have shown the same evidence (and the
            # page's first line needs more boundaries with evidence than usual, see _bare_layout).
            shaped = False
        if shaped and not (_is_prose(lines[first_body].text)
                           or (_final_char(lines[first_body].text) == ":" and first_body + 1 < len(lines)
                               and _is_prose(lines[first_body + 1].text)
                               and len(lines[first_body + 1].text) >= r.prose_min_chars)):
            # then only as a loose title, with a lead-in line over the prose (a title may stand
            # over a line introducing a quotation: "From X writing at Y:", then the quotation)
            shaped = False
        maybe_lead = (not byline and not lead and _norm(lines[start].text) not in interstitial
                      and _final_char(text) not in {",", ";", ":"}
                      and (_final_char(text) != "." or len(text.split()) <= r.lead_affix_title_max_stop_words)
                      and _is_lead_in(lines, start, allow_lower_next=True))
        if not shaped and not any(_is_prose(ln.text) and len(ln.text) >= r.prose_min_chars
                                  for ln in lines[first_body + maybe_lead:first_body + 2 + maybe_lead + lower_deck
                                                  + (first_body + maybe_lead < len(lines) and _first_char(
                                                      lines[first_body + maybe_lead].text).islower())]):
            continue  # a loose title needs a real paragraph under it (a lead-in line, or a deck
            # printed in lower case, may come first)
        # A date or credit line closing the article above ("Politico — 11 March 2016") marks
        # the next title as a byline under a title does: for a title-tested line, or (as a
        # loose title, once shaped titles have shown this evidence) any headline-long line
        # that does not end like a lead-in ("What's next? Much rests on his answer.").
        headline_long = (len(text.split()) <= r.title_max_words and len(text) <= r.title_max_chars
                         and _final_char(text) not in {",", ";", ":"} and not _is_all_caps(text)
                         and not _first_char(text).islower() and not _is_quoted_speech(text))
        closer = i > 0 and (titled or (not shaped and headline_long)) and (_is_byline(lines[i - 1].text)
                                                                         or i - 1 in closing)
        strong = (_titlecase_ratio(text.split()) >= r.titlecase_strong or _plain_headline(text)
                  or _headline_with_deck(text))
        glued = start < len(lines) and lines[start].blank_before < typical_gap
        label = _has_label(text) or ln.kicked  # a bar label in the line, or a kicker over it
        out.append(_Candidate(i, start, (repeated, byline, gap, lead, closer, label, heading), strong,
                              loose=not shaped,
                              titled=titled, glued=glued, maybe_lead=maybe_lead))
    return out


def _keep_long_pieces(lines: list[_Line], head: _Candidate, group: list[_Candidate],
                      min_chars: int, min_lines: int, short_under_title_case: bool = False
                      ) -> list[_Candidate] | None:
    """Boundaries of ``group`` that leave every article long enough. A boundary that would
    cut off a too-short piece is dropped (its text stays in the previous article); if as
    many boundaries are dropped as kept, the "titles" are more likely subheads: None.
    ``short_under_title_case``: (once the page is known to be split) an article under a
    title-case title may be short, down to one prose line of paragraph length."""
    r = _rules()

    def title_case(c: _Candidate) -> bool:
        return not c.loose and _titlecase_ratio(lines[c.index].text.split()) >= r.titlecase_strong

    def long_enough(c: _Candidate, end: int) -> bool:
        if end - c.body_start >= min_lines and _body_chars(lines, c.body_start, end) >= min_chars:
            return True
        return (short_under_title_case and title_case(c)
                and any(_is_prose(ln.text) and len(ln.text) >= r.prose_min_chars
                        for ln in lines[c.body_start:end]))

    kept = [head]
    dropped = 0
    for c in group:
        if long_enough(kept[-1], c.index):
            kept.append(c)
        else:
            dropped += 1
            if (len(kept) > 1 and title_case(c) and not title_case(kept[-1])
                    and c.index > kept[-1].body_start):
                # Of two candidates too close together, a sentence-case line over a short
                # section ("What the vote means for the city") is the subhead, and the
                # title-case line after it the title.
                kept[-1] = c
    while len(kept) > 1 and not long_enough(kept[-1], len(lines)):
        kept.pop()
        dropped += 1
    if not long_enough(kept[-1], len(lines)) or dropped >= len(kept) - 1:
        return None
    return kept


def _same_evidence(c: _Candidate, need: _Sig) -> bool:
    """Whether candidate ``c`` shows the evidence ``need``. On a page whose titles have a
    lead-in line under them (and no byline), a headline-shaped line with a byline- or
    dateline-shaped line there ("WASHINGTON, June 24 (UPI) — ...") shows the same evidence."""
    have = c.signature
    if need[3] and not need[1] and have[1] and not have[3] and c.titled and not c.loose:
        have = (have[0], False, have[2], True, *have[4:])
    return have == need


def _extend_established(lines: list[_Line], head: _Candidate, sig: _Sig,
                        cands: list[_Candidate]) -> list[_Candidate]:
    """Once a signature with layout evidence is established on the page, every line with that
    evidence (or more) is a title, whatever its shape, and the article under it may be short (one
    prose line is enough): the evidence, not the shape, marks the boundary."""
    r = _rules()
    kept = [head]
    for c in cands:
        if not _same_evidence(c, sig):
            continue
        prev = kept[-1]
        if len(kept) > 1 and c.index == prev.body_start and not c.loose and c.titled:
            # Two lines in a row with the evidence: the first one closes the article above
            # ("Translated by X.", "(Editing by Y)") and only looked like a title over its
            # lead-in; the title is the second, if it is headline-shaped.
            kept[-1] = c
            continue
        if c.index - prev.body_start >= 1 and _body_chars(lines, prev.body_start, c.index) >= r.separator_min_body_chars:
            kept.append(c)
    while len(kept) > 1 and _body_chars(lines, kept[-1].body_start, len(lines)) < r.separator_min_body_chars:
        kept.pop()
    return kept


def _affix_words(s: str) -> tuple[str, str]:
    words = [w.strip(_OPENERS + _CLOSERS + ".,;:!?").casefold() for w in s.split()]
    words = [w for w in words if any(c.isalpha() for c in w)]
    return (words[0], words[-1]) if words else ("", "")


def _promote_shared_lead_ins(lines: list[_Line], cands: list[_Candidate]) -> list[_Candidate]:
    """Lead-in evidence for a line of any shape ("convention notebook", "What's next? Much
    rests on his answer.") whose lead-in line starts or ends with the same word as the
    lead-in lines of at least two of the page's shaped titles, and of at least half of them
    ("… · 4 min read", "Photo: …"): the repeated wording at the same position, not the
    shape of the line over it, marks it as a title. Which word is never known in advance."""
    r = _rules()
    leads = [c for c in cands if not c.loose and c.titled and c.signature[3]]
    if len(leads) < 2:
        return cands
    firsts: dict[str, int] = {}
    lasts: dict[str, int] = {}
    for c in leads:
        first, last = _affix_words(lines[c.body_start].text)
        firsts[first] = firsts.get(first, 0) + 1
        lasts[last] = lasts.get(last, 0) + 1
    need = max(r.lead_affix_min_titles, (len(leads) + 1) // 2)
    shared_first = {w for w, n in firsts.items() if w and n >= need}
    shared_last = {w for w, n in lasts.items() if w and n >= need}
    if not shared_first and not shared_last:
        return cands
    out = []
    for c in cands:
        if c.maybe_lead and not c.signature[3]:
            first, last = _affix_words(lines[c.body_start].text)
            if first in shared_first or last in shared_last:
                sig = c.signature
                c = replace(c, signature=(*sig[:3], True, *sig[4:]), titled=True,
                            affix_lead=True)
        out.append(c)
    return out


def _byline_vouches(lines: list[_Line], c: _Candidate) -> bool:
    """A loose candidate with a byline that opens with a byline prefix ("By ...") right under
    it counts as a shaped title if it is headline-long: at most a headline's words, not ending
    in ``, ; :``, not ALL CAPS, not opening in lower case, not a quotation with its speaker."""
    r = _rules()
    if not (c.loose and c.signature[1]) or c.body_start >= len(lines):
        return False
    text, under = lines[c.index].text, lines[c.body_start].text.casefold()
    return (any(under.startswith(p) for p in r.byline_prefixes)
            and len(text.split()) <= r.title_max_words and len(text) <= r.title_max_chars
            and _final_char(text) not in {",", ";", ":"} and not _is_all_caps(text)
            and not _first_char(text).islower() and not _is_quoted_speech(text)
            and not _SPEAKER_LABEL.match(text))


def _bare_layout(lines: list[_Line]) -> tuple[list[_Piece], int] | None:
    """Pieces of a page without separator lines, and how many kinds of layout evidence mark
    its titles (0: title shape alone)."""
    r = _rules()
    cands = _promote_shared_lead_ins(lines, _candidates(lines))
    if not cands or cands[0].index != 0:
        return None  # the page must open with a title
    head = cands[0]
    # An unshaped first line ("What's next? Much rests on his answer.") is a title with a
    # repeat, byline or lead-in under it, or, if it is headline-long, on a page where one
    # more boundary than usual shows the evidence of the other titles (below); a long first
    # paragraph of a page without a title is not.
    first = lines[0].text
    head_any_shape = (not head.loose or any(_line_evidence(head.signature))
                      or (_final_char(first) not in {",", ";", ":"}
                          and len(first.split()) <= r.title_max_words and len(first) <= r.title_max_chars))
    if not head_any_shape:
        return None
    # (a line given lead-in evidence by the shared wording of its lead-in counts as shaped)
    # A byline line ("By Jane Doe") under a line of any headline-long shape vouches for it as a
    # title ("What's next for Sanders? Much rests on his answer.") as a credit line above does.
    shaped = [c for c in cands[1:] if not c.loose or c.affix_lead or _byline_vouches(lines, c)]
    best: list[_Candidate] | None = None
    best_level = -1
    for sig in {c.signature for c in shaped}:
        level = sum(sig)
        need = r.bare_min_boundaries if level < 2 else 1
        if (sig[5] and not head.signature[5]) or (sig[6] and not head.signature[6]):
            # A bar label marks titles only on a page whose first line carries one too: a
            # single article may hold a few captions such as "Photo: Jane Doe | Agency".
            # (A heading marker is evidence only where the first line has it anyway.)
            continue
        if head.loose and not any(_line_evidence(head.signature)):
            if level == 0:
                # No layout evidence at all: an unshaped first line ("convention notebook", a
                # kicker) opens the page only if it does not end like a sentence and two more
                # boundaries than usual carry title-case or plain headlines.
                if _final_char(first) in {".", "!", "?"} or _is_all_caps(first):
                    continue  # (an ALL-CAPS first line, "IN BRIEF", needs layout evidence)
                need += 1
            need += 1  # an unshaped first line with no evidence of its own: one more boundary
        elif _line_evidence(sig) != _line_evidence(head.signature) and not _same_evidence(head, sig):
            # The first title lacks the line evidence of the others (its own lead-in or byline
            # is missing or odd): a headline-shaped first line still opens the page, but only
            # if one more boundary than usual shows the evidence.
            if head.loose or not head.titled or not any(_line_evidence(sig)) or any(_line_evidence(head.signature)):
                continue
            need += 1
        # Without layout evidence, a title is set off from its text like paragraphs are from
        # each other; a line glued to the line under it ("Sahar Khoga, 52" over her story)
        # heads a paragraph block instead.
        group = [c for c in shaped if _same_evidence(c, sig) and (level > 0 or (c.strong_case and not c.glued))]
        # The more layout evidence a boundary has, the shorter the articles it may delimit.
        min_chars = r.bare_min_body_chars // (1 + level)
        min_lines = max(1, r.bare_min_body_lines - level)
        if len(group) < need:
            continue
        if level > 0:
            # With layout evidence, short articles are allowed as long as most pieces (and
            # at least ``need`` after the first) are article-long: subheads inside one
            # article give mostly short pieces.
            kept = _extend_established(lines, head, sig, group)
            ends = [c.index for c in kept[1:]] + [len(lines)]
            long = [_body_chars(lines, c.body_start, e) >= min_chars and e - c.body_start >= min_lines
                    for c, e in zip(kept, ends)]
            if len(kept) - 1 < need or sum(long[1:]) < need - 1 or 2 * sum(long) < len(long):
                continue
            kept = _extend_established(lines, head, sig, cands[1:])
        else:
            kept = _keep_long_pieces(lines, head, group, min_chars, min_lines)
            if kept is None or len(kept) - 1 < need:
                continue
            # The page is split on the evidence of its long articles; a short article under
            # a title-case title (a one-paragraph brief) is then kept rather than merged.
            kept = _keep_long_pieces(lines, head, group, min_chars, min_lines,
                                     short_under_title_case=True) or kept
        if best is None or (len(kept), level) > (len(best), best_level):
            best, best_level = kept, level
    if best is None:
        return None
    ends = [c.index for c in best[1:]] + [len(lines)]
    pieces = []
    for c, end in zip(best, ends):
        while end - 1 > c.body_start and _is_rule(lines[end - 1].text):
            end -= 1  # a rule closing the article ("* * *") is layout, not text
        pieces.append(_Piece(c.index, c.body_start, end))
    return pieces, best_level


# ---------------------------------------------------------------------------- numbered titles

# "1. Title", "2) Title", "#3 - Title", "4: Title": a counter in front of a title line.
_NUMBERED_PREDECESSORS = 16
_NUMBERED = re.compile(r"#?(\d{1,3})(?:([.)])|\s*([-–—:|]))\s+(?=\S)")


def _numbered_layout(lines: list[_Line]) -> list[_Piece] | None:
    """Titles that carry a counter: the page's first line is numbered ("1. ...") and later
    lines continue the count with the same punctuation. The counter is layout evidence as
    strong as a separator, but a numbered list inside an article has the same shape, so
    each numbered line must also pass the title test for a line whose position says
    "title" (no sentence-case full stop, no ALL-CAPS label on a page whose first title is
    not in capitals; a lower-case title is fine), and the article before it must hold a prose
    line of some length. Of the chains of consecutive numbers from the first line, the longest
    wins, then the one whose shortest article is longest: a ranked list ("4. Ben Carson (3.)")
    inside an article neither cuts the count short nor takes the place of the real title.
    A numbered line of another title-length shape (a sentence-case full stop, a long deck)
    continues the count only if the articles before and after it are both article-long."""
    r = _rules()
    m0 = _NUMBERED.match(lines[0].text)
    if m0 is None:
        return None
    delim = m0.group(2) or m0.group(3)
    caps_page = _is_all_caps(lines[0].text[m0.end():])
    min_chars = r.separator_min_body_chars
    nums: list[tuple[int, int]] = [(0, int(m0.group(1)))]  # (line index, number)
    # Numbered lines of any title-length shape ("2. What's next? Much rests on his answer.",
    # a long "title; deck"): a title only between two long articles (see below).
    loose: set[int] = set()
    for i in range(1, len(lines)):
        m = _NUMBERED.match(lines[i].text)
        if m is None or (m.group(2) or m.group(3)) != delim or _norm(lines[i].text) == _norm(lines[i - 1].text):
            continue  # (a numbered title printed twice: the copy starts no article)
        rest = lines[i].text[m.end():]
        lower_title = _first_char(rest).islower() and _title_final_char(rest) not in {".", ",", ";", ":"}
        if len(rest.split()) < r.title_min_words or (_is_all_caps(rest) and not caps_page):
            continue
        if (_is_title_after_separator(rest, allow_caps=caps_page) or _headline_with_deck(rest)
                or lower_title):
            nums.append((i, int(m.group(1))))
        elif (_is_title_in_established_layout(rest) and not _first_char(rest).islower()
              and _final_char(rest) not in {",", ";", ":"}):
            loose.add(len(nums))
            nums.append((i, int(m.group(1))))
    # chain[k]: the best valid chain of titles from line 0 ending at nums[k], scored by its
    # length, then by how few loose titles it holds (a numbered sentence "3. Americans are
    # mad." in an article yields to a title-shaped "3. ..."), then by its shortest article
    # (a ranked list "4. Ben Carson (3.)" inside an article leaves a short piece where the
    # real "4. ..." title does not), then by reach.
    # Only the nearest few lines numbered n-1 are tried as predecessors of a line numbered
    # n, and piece sizes come from prefix sums, so a page of thousands of numbered lines
    # stays linear.
    chars_upto, prose_upto = [0], [0]
    for ln in lines:
        chars_upto.append(chars_upto[-1] + len(ln.text))
        prose_upto.append(prose_upto[-1] + _is_prose(ln.text))
    by_number: dict[int, list[int]] = {}
    # (length, -loose titles, shortest article, reach, predecessor in nums)
    chain: list[tuple[int, int, int, int, int] | None] = [None] * len(nums)
    chain[0] = (1, 0, 10**9, 0, -1)
    by_number.setdefault(nums[0][1], []).append(0)
    for k in range(1, len(nums)):
        i, n = nums[k]
        for j in reversed(by_number.get(n - 1, [])[-_NUMBERED_PREDECESSORS:]):
            prev = chain[j]
            if prev is None:
                continue
            start = _skip_repeat(lines, nums[j][0], i)
            chars = chars_upto[i] - chars_upto[start]
            need = r.bare_min_body_chars if (k in loose or j in loose) else min_chars
            if start < i and chars >= need and prose_upto[i] > prose_upto[start]:
                cand = (prev[0] + 1, prev[1] - (k in loose), min(prev[2], chars), i, j)
                if chain[k] is None or cand[:3] > chain[k][:3]:
                    chain[k] = cand
        by_number.setdefault(n, []).append(k)
    ends_ok = [k for k in range(len(nums)) if chain[k] is not None and (
        k not in loose or _has_chars(lines, _skip_repeat(lines, nums[k][0], len(lines)), len(lines),
                                     r.bare_min_body_chars))]
    end = max(ends_ok, key=lambda k: chain[k][:4])
    best: list[int] = []
    while end >= 0:
        best.append(end)
        end = chain[end][4]
    best.reverse()
    last = nums[best[-1]][0]
    last_start = _skip_repeat(lines, last, len(lines))
    if len(best) < 3 or last_start >= len(lines) or not _has_chars(lines, last_start, len(lines), min_chars):
        return None
    idx = [nums[k][0] for k in best]
    ends = idx[1:] + [len(lines)]
    return [_Piece(t, _skip_repeat(lines, t, e), e) for t, e in zip(idx, ends)]


# ---------------------------------------------------------------------- run-in titles

# A joiner between a run-in title and its lead: a short token of punctuation set off by spaces
# (" — ", " | ", " -- ", " >> "). Quotes and brackets open text, they join nothing; a colon
# after a word is no joiner ("He told the crowd: ..." introduces a quote, "Fact-Check: ..." is
# inside a headline; a single article has many such lines).
_RUN_IN_JOINER = re.compile(r"(?<=\S)(\s+[^\w\s\"'“”‘’«»()\[\]]{1,3}\s+)(?=\S)")


def _is_chrome(lines: list[_Line]) -> bool:
    """Whether the lines before a page's first article are page chrome (a masthead, an issue
    number, a date): none is prose and none is headline-shaped (a headline there would be the
    page's own, over one article)."""
    return not any(_is_prose(ln.text) or is_title_shaped(ln.text) for ln in lines)


def _caps_run_in(s: str) -> tuple[int, int] | None:
    """Where a run-in title printed in capitals ends and its lead starts: the line opens with
    at least ``caps_title_min_words`` words without a lower-case letter, followed (after a
    colon or dash, or nothing but a space) by a word in mixed case that starts the lead (or,
    where the lead opens in capitals too, after the run's last colon). The title keeps its
    own final . ? or !; a colon or dash after it is the joiner."""
    r = _rules()
    words = list(re.finditer(r"\S+", s))
    n = 0
    while n < len(words) and not any(c.islower() for c in words[n].group()) \
            and any(c.isalpha() or c.isdigit() for c in words[n].group()):
        n += 1
    # a lead may open with a one- or two-letter word in capitals ("PLAN: A former ...")
    while (n > r.caps_title_min_words and n < len(words) and words[n].group()[:1].islower()
           and len(words[n - 1].group().strip(_OPENERS + _CLOSERS)) <= 2):
        n -= 1
    # A lead that opens in capitals too (a dateline "WASHINGTON (AP) —", "ABSTRACT."): the
    # last colon in the run with at most label_max_words words after it ends the title.
    colons = [m for m in range(r.caps_title_min_words - 1, n - 1) if words[m].group().endswith(":")
              and n - m - 1 <= r.label_max_words]
    if colons:
        m = colons[-1]
        return words[m].end() - 1, words[m + 1].start()
    if n < r.caps_title_min_words or n >= len(words) or not any(c.isupper() for c in s[:words[n - 1].end()]):
        return None
    end = words[n - 1].end()
    lead = n
    while lead < len(words) and not any(c.isalnum() for c in words[lead].group()):
        lead += 1  # a dash set off by spaces joins
    if lead >= len(words) or not _starts_like_title(words[lead].group()):
        return None
    head_end = end - 1 if s[end - 1] in ":;,—–-" else end
    return head_end, words[lead].start()


def _run_in_heads(s: str) -> dict[str, tuple[int, int]]:
    """For each joiner of ``s`` (its text, stripped), where the first occurrence of it ends a
    head that could be a run-in title and where the lead starts: the head headline-shaped
    (or in capitals, of at least ``caps_title_min_words`` words), at least
    ``bare_title_min_words`` words, and followed by a lead that starts like a sentence and
    reads as prose (a date, time or credit after a headline, "— 9:47 a.m.", is part of the
    title line, no lead). A head in capitals needs no joiner (key ``"CAPS"``): the change
    to mixed case ends it (:func:`_caps_run_in`)."""
    r = _rules()
    out: dict[str, tuple[int, int]] = {}
    for m in _RUN_IN_JOINER.finditer(s):
        key = m.group(1).strip()
        if key in out:
            continue
        head, rest = s[:m.start()], s[m.end():]
        words = head.split()
        shaped = is_title_shaped(head) or (_is_all_caps(head) and len(words) >= r.caps_title_min_words
                                           and _final_char(head) not in {".", ",", ";", ":"})
        if (shaped and len(words) >= r.bare_title_min_words and _starts_like_title(rest)
                and _is_prose(rest) and not _is_byline(rest) and not _CLOCK.match(rest)):
            out[key] = (m.start(), m.end())
    caps = _caps_run_in(s)
    if caps is not None and _is_prose(s[caps[1]:]) and not _is_byline(s[caps[1]:]) and not _CLOCK.match(s[caps[1]:]):
        out["CAPS"] = caps
    return out


def _run_in_layout(text: str, lines: list[_Line]) -> list[Segment] | None:
    """Articles whose title runs into the lead on one line ("Title — Lead paragraph ...").

    Such a page has no title line of its own, so the line layouts cannot see it. It is
    recognised when at least ``bare_min_boundaries + 1`` paragraph-opening lines (after a
    blank line, or opening the page) carry a run-in head before the *same* joiner (or all in
    capitals, :func:`_caps_run_in`), all heads
    differ (a speaker's name before each answer of a transcript recurs), the page opens with
    one of them (or with page chrome, :func:`_is_chrome`: a page that opens with a headline
    over such paragraphs is one article with run-in subheads), and every article so found has
    at least ``article_min_body_chars``
    characters. The title span is the head, the body starts after the joiner. Paragraphs
    without a head belong to the article above."""
    r = _rules()
    opening = [k for k, ln in enumerate(lines) if k == 0 or ln.blank_before > 0]
    heads = {k: _run_in_heads(lines[k].text) for k in opening}
    counts: dict[str, int] = {}
    for found in heads.values():
        for key in found:
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return None
    key = max(counts, key=lambda j: counts[j])
    starts = [k for k in opening if key in heads[k]]
    if len(starts) < r.bare_min_boundaries + 1:
        return None
    if not _is_chrome(lines[:starts[0]]):
        return None
    titles = [lines[k].text[:heads[k][key][0]] for k in starts]
    if len({_norm(t) for t in titles}) < len(titles):
        return None
    segs = []
    for j, k in enumerate(starts):
        ln = lines[k]
        head_end, lead_start = heads[k][key]
        head = Span(ln.span.start, ln.span.start + head_end)
        body_start = ln.span.start + lead_start
        last = (starts[j + 1] if j + 1 < len(starts) else len(lines)) - 1
        body = Span(body_start, lines[last].span.end)
        if len(body) < r.article_min_body_chars:
            return None
        segs.append(Segment(body, head.strip(text)))
    return segs


def _articles_at(spans: list[Span], titles: list[int], skip: int) -> list[Segment] | None:
    """One article per title line (indices into ``spans``, the page's line spans in order):
    its body runs from the line ``skip`` lines under the title to the line before the next
    title (or the page's last line). ``None`` if an article has no body or one shorter than
    ``article_min_body_chars``: then the page is not of the layout that found the titles."""
    segs = []
    for n, k in enumerate(titles):
        last = (titles[n + 1] if n + 1 < len(titles) else len(spans)) - 1
        if last < k + skip:
            return None
        body = Span(spans[k + skip].start, spans[last].end)
        if len(body) < _rules().article_min_body_chars:
            return None
        segs.append(Segment(body, spans[k]))
    return segs


# ------------------------------------------------------------------- listed titles

def _listed_titles_layout(lines: list[_Line]) -> list[Segment] | None:
    """Articles whose titles the page lists before the first of them (a newsletter's table of
    contents, a "Top stories" box): at least ``bare_min_boundaries + 1`` lines of the page,
    each a line of its own after the list, are printed earlier inside a list line (with a
    bullet, number or page reference of at most ``listing_max_extra_chars`` characters
    around them), the list comes wholly before the first such title, and lists them in page
    order. Every line so listed is a title whatever its shape; everything before the first
    one (the list, a masthead) belongs to no article; each article needs
    ``article_min_body_chars`` characters."""
    r = _rules()
    norm = [_norm(ln.text) for ln in lines]
    short = [k for k, t in enumerate(norm) if len(t) <= r.title_max_chars + r.listing_max_extra_chars]
    pairs: list[tuple[int, int]] = []
    for j, t in enumerate(norm):
        if len(t.split()) < r.title_min_words or len(t) > r.title_max_chars:
            continue
        i = next((i for i in short if i < j and t in norm[i]
                  and len(norm[i]) <= len(t) + r.listing_max_extra_chars), None)
        if i is not None:
            pairs.append((i, j))
    if len(pairs) < r.bare_min_boundaries + 1:
        return None
    listed, titles = [i for i, _ in pairs], [j for _, j in pairs]
    if max(listed) >= titles[0] or listed != sorted(listed) or len(set(listed)) < len(listed):
        return None
    return _articles_at([ln.span for ln in lines], titles, 1)


def _stacked_block_layout(lines: list[_Line]) -> list[Segment] | None:
    """Articles that open with a stack of short lines under the title (highlights, key points,
    a standfirst and credit lines): a one-line paragraph that passes the position title test,
    a blank line or none, then a block of 2 to ``stack_max_lines`` lines glued by single
    newlines, none longer than a title may be, set off by a blank line below. On a page whose article
    paragraphs are set off by blank lines, such a stack is the layout's mark. At least
    ``bare_min_boundaries + 1`` titles so marked establish it; then any one-line paragraph
    over such a stack is a title whatever its shape (a final full stop), unless it ends in
    , ; or :. All differ; the page opens with one (or with page chrome, :func:`_is_chrome`: a
    headline over subheads with lists under them is one article); every article has at least
    ``article_min_body_chars`` characters. The stack is part of the article."""
    r = _rules()

    def stack(a: int, b: int) -> bool:
        return (2 <= b - a <= r.stack_max_lines and (b == len(lines) or lines[b].blank_before > 0)
                and all(len(ln.text) <= r.title_max_chars for ln in lines[a:b]))

    def marked(title_test, glued: bool) -> list[int]:
        found = []
        k = 0
        while k < len(lines):
            end = k + 1
            while end < len(lines) and lines[end].blank_before == 0:
                end += 1
            if not glued and k > 0 and stack(k, end) and (k == 1 or lines[k - 1].blank_before > 0) \
                    and title_test(lines[k - 1].text):
                found.append(k - 1)  # the title, a blank line, the stack
            elif glued and (k == 0 or lines[k].blank_before > 0) and stack(k + 1, end) \
                    and title_test(lines[k].text):
                found.append(k)  # the title with the stack glued under it
            k = end
        return found

    # the page's form (stack set off from its title, or glued under it) is the one more
    # headline-shaped titles show
    strict, glued = max(((marked(_is_title_after_separator, g), g) for g in (False, True)),
                        key=lambda found: len(found[0]))
    if len(strict) < r.bare_min_boundaries + 1:
        return None
    # once established, position decides ("Virginian could make history. Again."), but a line
    # ending in , ; or : runs on into the next one and is no title
    titles = marked(lambda s: _is_title_in_established_layout(s) and _final_char(s) not in {",", ";", ":"}, glued)
    if len({_norm(lines[t].text) for t in titles}) < len(titles):
        return None
    if not _is_chrome(lines[:titles[0]]):
        return None
    return _articles_at([ln.span for ln in lines], titles, 1)


def _indented_layout(text: str) -> list[Segment] | None:
    """Articles whose paragraphs are indented and whose titles are not (a single-spaced
    plain-text page, where indentation is the only cue): at least ``indent_min_share`` of the
    page's non-empty lines carry the same indentation, every other line passes the
    established-position title test, reads as a headline (title case, or at least
    ``indent_title_min_words`` words), and is followed by an indented line, there are at least
    ``bare_min_boundaries + 1`` of them, all different, the page opens with one, and every
    article has at least ``article_min_body_chars`` characters. A title is the unindented
    line; its body runs from the first character of the next line to the end of the last
    indented line before the next title."""
    r = _rules()
    raw = []  # (indentation, stripped span)
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            raw.append((line[:lead], Span(pos + lead, pos + lead + len(stripped))))
        pos += len(line) + 1
    if len(raw) < 2 * (r.bare_min_boundaries + 1):
        return None
    counts: dict[str, int] = {}
    for ind, _ in raw:
        counts[ind] = counts.get(ind, 0) + 1
    body_ind = max(counts, key=lambda i: counts[i])
    if not body_ind or counts[body_ind] < r.indent_min_share * len(raw) or raw[0][0] == body_ind:
        return None
    titles = [k for k, (ind, _) in enumerate(raw) if ind != body_ind]
    if len(titles) < r.bare_min_boundaries + 1:
        return None
    for k in titles:
        t = raw[k][1].text(text)
        if (k + 1 >= len(raw) or raw[k + 1][0] != body_ind or not _is_title_in_established_layout(t)
                or _final_char(t) in {",", ";", ":"}):
            return None
    # Indentation alone cannot tell an article's subheads from titles ("What happens next"
    # over indented paragraphs): every title must read as a headline too, in title case or
    # of at least indent_title_min_words words, as subheads seldom are.
    if not all(_headline_like(raw[k][1].text(text)) for k in titles):
        return None
    if len({_norm(raw[k][1].text(text)) for k in titles}) < len(titles):
        return None
    return _articles_at([span for _, span in raw], titles, 1)


def _headline_like(s: str) -> bool:
    """A title where the layout's only mark could also be a subhead's: in title case, or of
    at least ``indent_title_min_words`` words, as subheads seldom are."""
    words = s.split()
    return len(words) >= _rules().indent_title_min_words or _titlecase_ratio(words) >= _rules().titlecase_strong


def _underlined_layout(lines: list[_Line]) -> list[Segment] | None:
    """Articles whose titles are underlined by a rule of their own length (``Title`` over
    ``=====``, as plain text and Markdown print a heading): at least ``bare_min_boundaries +
    1`` lines glued over a rule line of one character, as long as the line within
    ``underline_slack`` (a share of its length, at least 2 characters), all underlined with
    the same character (an article's own subheads take another level), all different,
    headline-like (:func:`_headline_like`), the page opening with one (or with page chrome),
    every article at least ``article_min_body_chars`` characters. The rule belongs to no
    article."""
    r = _rules()
    titles, marks = [], set()
    for k in range(len(lines) - 1):
        t, rule = lines[k].text, lines[k + 1].text
        if (lines[k + 1].blank_before == 0 and _is_rule(rule) and len(set(rule)) == 1
                and abs(len(rule) - len(t)) <= max(2, r.underline_slack * len(t))
                and _is_title_in_established_layout(t) and not _is_rule(t)):
            titles.append(k)
            marks.add(rule[0])
    if len(titles) < r.bare_min_boundaries + 1 or len(marks) != 1 or not _is_chrome(lines[:titles[0]]):
        return None
    if len({_norm(lines[k].text) for k in titles}) < len(titles) or not all(_headline_like(lines[k].text) for k in titles):
        return None
    return _articles_at([ln.span for ln in lines], titles, 2)  # the rule belongs to no article


def _cut_at_titles(text: str, segs: list[Segment], other: list[Segment]) -> list[Segment]:
    """``segs`` with each one cut where a title of ``other`` falls inside its body: the part
    before keeps the segment's title, the part from that title on is a new segment (its body
    as ``other`` has it, ending where the cut segment ended)."""
    out = []
    cuts = sorted((o for o in other if o.title is not None), key=lambda o: o.title.start)
    for seg in segs:
        inside = [o for o in cuts if seg.body.start < o.title.start and o.title.end <= seg.body.end]
        cur = seg
        for o in inside:
            before = Span(cur.body.start, o.title.start).strip(text)
            out.append(Segment(before, cur.title))
            cur = Segment(Span(o.body.start, seg.body.end), o.title)
        out.append(cur)
    return out


# ------------------------------------------------------- text that belongs to no article

def _is_table_of_contents(text: str, segs: list[Segment]) -> bool:
    """Whether the first segment lists the titles of the segments after it (a newsletter's
    "In this issue" block): at least two of them, and at least half, occur in its text."""
    later = [s.title.text(text) for s in segs[1:] if s.title is not None]
    first = _norm(text[(segs[0].title or segs[0].body).start:segs[0].body.end])
    hits = sum(_norm(t) in first for t in later if len(t.split()) >= 2)
    return hits >= 2 and 2 * hits >= len(later)


def _has_sentence(lines: list[_Line], span: Span) -> bool:
    """Whether the page's (logical) lines inside ``span`` hold prose: a sentence of at least
    ``sentence_min_words`` words ending in . ! or ?, or a line as long as a paragraph."""
    r = _rules()
    for ln in lines:
        if not (span.start <= ln.span.start and ln.span.end <= span.end):
            continue
        words = ln.text.split()
        if (len(words) >= r.sentence_min_words and _final_char(ln.text) in {".", "!", "?"}) \
                or len(ln.text) >= 2 * r.prose_min_chars:
            return True
    return False


def _drop_preamble(text: str, segs: list[Segment], lines: list[_Line]) -> list[Segment]:
    """The segments without a first one that is page chrome rather than an article: a table of
    contents of the articles below it, or lines none of which is prose (a masthead, a date
    line, a list of links) over at least ``bare_min_boundaries`` articles. Where the first
    segment has no title and opens with such chrome (:func:`_is_chrome`) over a headline-shaped
    line set off by blank lines, that line is its title and the chrome is cut off. Such text
    belongs to no article. ``lines``: the page's logical lines (a hard-wrapped paragraph is
    one line)."""
    if len(segs) >= _rules().bare_min_boundaries + 1 and (
            _is_table_of_contents(text, segs) or not _has_sentence(lines, segs[0].body)):
        return segs[1:]
    if segs[0].title is None and len(segs) > 1:
        # the first article found no title: page chrome over a headline-shaped line is the
        # page's masthead over the first article's title
        inside = [ln for ln in lines if segs[0].body.start <= ln.span.start and ln.span.end <= segs[0].body.end]
        k = next((k for k, ln in enumerate(inside) if _is_prose(ln.text) or is_title_shaped(ln.text)), 0)
        if (0 < k < len(inside) - 1 and is_title_shaped(inside[k].text) and inside[k].blank_before > 0
                and inside[k + 1].blank_before > 0):
            return [Segment(Span(inside[k + 1].span.start, segs[0].body.end), inside[k].span), *segs[1:]]
    return segs


def _trim_trailing_blocks(text: str, segs: list[Segment], lines: list[_Line]) -> list[Segment]:
    """The segments with each body's closing block cut off where it is page chrome rather than
    article text: a block of at least ``chrome_block_min_lines`` lines glued by single newlines,
    none as long as a paragraph, each opening like a line of its own (a capital or digit: no
    sentence wrapped on to it), after a blank line (an advertisement between two articles, an
    e-mail footer after the last). Article paragraphs are separated by blank lines on such a
    page; a stack of short glued lines is a box set into it. (Of the 924 PolNeAR articles,
    one ends so, in a list of related headlines.) ``lines``: the page's logical lines."""
    r = _rules()
    out = []
    for seg in segs:
        inside = [ln for ln in lines if seg.body.start <= ln.span.start and ln.span.end <= seg.body.end]
        opens = [k for k, ln in enumerate(inside) if k > 0 and ln.blank_before > 0]
        if opens:
            block = inside[opens[-1]:]
            if (len(block) >= r.chrome_block_min_lines
                    and all(ln.blank_before == 0 and _starts_like_title(ln.text.lstrip("—–-•·* "))
                            for ln in block[1:])
                    and all(len(ln.text) < 2 * r.prose_min_chars for ln in block)):
                seg = Segment(Span(seg.body.start, inside[opens[-1] - 1].span.end), seg.title)
        out.append(seg)
    return out


def _split_intro_at_gap(text: str, segs: list[Segment], lines: list[_Line]) -> list[Segment]:
    """The first segment cut where a line inside it is set off as the page's articles are:
    where every later title has the same number of blank lines before it, more than any
    paragraph inside the articles has, a headline-shaped line inside the first segment's
    body with that many blank lines before it opens an article the rules missed; where the
    articles are not set off so, a headline-shaped line inside it with more blank lines
    before it than any line outside it does (a "view in browser" line over a welcome note
    was read as the first title and body; a wider gap sets the note off). Where the rules took
    a sentence for the first title, the body's first line may be that line. What comes before
    it is page chrome if its body is shorter than ``article_min_body_chars``, else an
    article of its own."""
    r = _rules()
    if len(segs) < r.bare_min_boundaries + 1 or segs[0].title is None:
        return segs
    at = {ln.span.start: ln for ln in lines}
    first = segs[0]
    # the body's first line counts where the rules took a sentence for the first title (a
    # welcome note read as a headline over the first article's title)
    from_first = not is_title_shaped(first.title.text(text))
    inside = [k for k, ln in enumerate(lines)
              if (first.body.start < ln.span.start or (from_first and first.body.start == ln.span.start))
              and ln.span.end <= first.body.end]
    gaps = {at[g.title.start].blank_before for g in segs[1:] if g.title is not None and g.title.start in at}
    inner = max((ln.blank_before for g in segs[1:] for ln in lines
                 if g.body.start < ln.span.start and ln.span.end <= g.body.end), default=0)
    # the articles' own gap, where it sets them off; else a gap wider than any other on the
    # page, which sets the intro off from the articles
    gap = gaps.pop() if len(gaps) == 1 and min(gaps) > inner else None
    outside = set(inside)
    widest = max((ln.blank_before for k, ln in enumerate(lines) if k not in outside), default=0)
    for k in inside[:-1]:
        ln = lines[k]
        set_off = ln.blank_before == gap if gap is not None else ln.blank_before > widest
        if set_off and is_title_shaped(ln.text) and lines[k + 1].blank_before < ln.blank_before:
            rest = Segment(Span(lines[k + 1].span.start, first.body.end), ln.span)
            if ln.span.start == first.body.start:  # the "title" above was the intro
                return [rest, *segs[1:]] if len(first.title) < r.article_min_body_chars else segs
            before = Span(first.body.start, lines[k - 1].span.end)
            if len(before) < r.article_min_body_chars:
                return [rest, *segs[1:]]
            return [Segment(before, first.title), rest, *segs[1:]]
    return segs


def _without_chrome(text: str, segs: list[Segment], lines: list[_Line]) -> list[Segment]:
    """A split page's segments without the text that belongs to no article (``lines``: the
    page's logical lines, :func:`_unwrap`)."""
    segs = _drop_preamble(text, _split_intro_at_gap(text, segs, lines), lines)
    return _trim_trailing_blocks(text, segs, lines)


# ---------------------------------------------------------------------------- public API

def _is_page_headline(s: str) -> bool:
    """Whether a page's first line reads as its headline: headline-shaped, or a title-case
    headline exported with a full stop (as in PolNeAR's files)."""
    if is_title_shaped(s):
        return True
    words = s.split()
    return (_final_char(s) == "." and len(words) <= 20 and len(s) <= _rules().title_max_chars
            and _titlecase_ratio(words) >= _rules().titlecase_strong and "://" not in s)


def _first_line_title(lines: list[_Line]) -> Span | None:
    """The title of an unsplit page: its first non-empty line, if it reads as a headline."""
    if len(lines) < 2:
        return None
    return lines[0].span if _is_page_headline(lines[0].text) else None


def _choose_layout(lines: list[_Line], sep: list[_Piece] | None, numbered: list[_Piece] | None,
                   bare_split: tuple[list[_Piece], int] | None) -> list[_Piece] | None:
    """The numbered-title split if it finds at least as many articles as the separator split
    (a counter running through the titles is the stronger evidence: a short line such as
    "Related:" that two articles share is not). Otherwise the separator split, unless its
    "separator" reads as a sentence (a sign-off such as "Follow X on Twitter @x." that two
    articles of one author share; a navigation label or rule does not end in a full stop)
    or is byline- or date-shaped (a credit line closing two articles), and the bare-title
    split finds every one of its titles and more."""
    if numbered is not None and (sep is None or len(numbered) >= len(sep)):
        if sep is not None and [p.title for p in sep] == [p.title for p in numbered]:
            return sep  # the same titles, after separator lines: those belong to no article
        return numbered
    bare, bare_level = bare_split if bare_split is not None else (None, 0)
    if sep is None or bare is None:
        return sep or bare
    sep_line = lines[sep[1].title - 1].text if sep[1].title is not None else ""
    sign_off = _final_char(sep_line) == "." and len(sep_line.split()) >= 3
    # A date or credit line ("Politico — 14 January 2016") that two articles happen to share
    # closes an article; it is not a separator either.
    # So is a recurring closing line ("Read the full story at Politico") that two articles of
    # one source share word for word.
    credit = _is_byline(sep_line) or (sep[1].title - 1) in _recurring_closing_lines(lines)
    sep_titles = {p.title for p in sep[1:]}
    bare_titles = {p.title for p in bare[1:]}
    if (sign_off or credit) and sep_titles < bare_titles:
        return bare
    # A short line that two articles happen to share ('"Related:"') against titles marked by
    # layout evidence (bylines, extra blank lines): if the bare split finds as many articles and
    # most of the "separator" titles are not among its titles, the line is no separator. (Its
    # titles must all differ: where extra blank lines set a real separator off, the bare
    # split's "titles" are the separator lines.)
    if (bare_level > 0 and len(bare) >= len(sep) and 2 * len(sep_titles & bare_titles) < len(sep_titles)
            and len({_norm(lines[t].text) for t in bare_titles}) == len(bare_titles)):
        return bare
    return sep


def segment_rules(text: str) -> list[Segment]:
    """Split a page into its articles by the rules alone (the layouts above).

    A page that is not an aggregator gives exactly one segment whose body is the whole text
    (``Span(0, len(text))``) and whose title is the first line if it is headline-shaped. An
    aggregator page gives one segment per article: the title line's span and the body after
    it, without separator lines. Never raises on odd input; degrades to one segment.
    """
    if not isinstance(text, str):
        raise TypeError("segment_rules expects str")
    whole = [Segment(Span(0, len(text)), None)]
    try:
        lines = _drop_kickers(_unwrap(_lines(text)))
        if not lines:
            return whole
        pieces = _choose_layout(lines, _separator_layout(lines), _numbered_layout(lines), _bare_layout(lines))
        if not pieces:
            return [Segment(Span(0, len(text)), _first_line_title(lines))]
        segs = []
        for p in pieces:
            body = Span(lines[p.body_start].span.start, lines[p.body_end - 1].span.end)
            title = lines[p.title].span if p.title is not None else None
            segs.append(Segment(body, title))
        return segs
    except (ValueError, IndexError, RecursionError):  # pragma: no cover - defensive
        return whole


def _rules_after_intro(text: str, lines: list[_Line]) -> list[Segment] | None:
    """The rules' split of the page without its first one to ``intro_max_blocks`` blocks
    (paragraphs set off by blank lines, at most ``intro_max_chars`` characters in all), where
    the rest splits into at least ``bare_min_boundaries + 1`` articles: a newsletter's
    welcome note, a "view in browser" line or a masthead over the articles hides the page's
    first title from the rules, which want a page to open with one. The rest must open with a
    headline-shaped title, its titles must differ, and none may carry a counter (see below).
    The skipped text belongs to no article. (Otherwise the rules keep single articles whole
    whatever paragraph they open with: the ``body_only`` negatives.)"""
    r = _rules()
    opens = [ln.span.start for k, ln in enumerate(lines) if k > 0 and ln.blank_before > 0]
    for start in opens[:r.intro_max_blocks]:
        if start > r.intro_max_chars:
            break
        tail = text[start:]
        rest = segment_rules(tail)
        titles = [g.title.text(tail) for g in rest if g.title is not None]
        # The rest must open with a headline-shaped title (that is what the intro hid; a
        # sentence such as "Mr. Trump, I have a deal for you." is an article's first
        # paragraph, the intro its title and byline), its titles must all differ (a line
        # recurring inside the articles is no title), and none may carry a counter (an intro
        # over a numbered list is a listicle: "Things to know today: 1. ...").
        if (len(rest) >= r.bare_min_boundaries + 1 and rest[0].title is not None
                and is_title_shaped(titles[0]) and len({_norm(t) for t in titles}) == len(titles)
                and not any(_NUMBERED.match(t) for t in titles)):
            return [Segment(Span(g.body.start + start, g.body.end + start),
                            Span(g.title.start + start, g.title.end + start) if g.title else None)
                    for g in rest]
    return None


def _mask_line_prefix(text: str) -> str | None:
    """The page with a decoration that every line carries blanked out, or ``None``: where all
    of its non-empty lines (at least ``prefix_min_lines``) start with the same run of
    punctuation (an e-mail reply's "> ", a "| " gutter), that run is replaced by spaces in
    every line, so a line holding nothing else is blank. Offsets are kept: the splits of the
    masked page are splits of the page."""
    r = _rules()
    rows = text.split("\n")
    filled = [row for row in rows if row.strip()]
    if len(filled) < r.prefix_min_lines:
        return None
    common = os.path.commonprefix(filled)
    cut = next((k for k, c in enumerate(common) if c.isalnum() or c in _OPENERS), len(common))
    prefix = common[:cut].rstrip()
    if not prefix or not prefix.strip():
        return None
    return "\n".join(" " * len(prefix) + row[len(prefix):] if row.strip() else row for row in rows)


def _extend_rules_split(text: str, segs: list[Segment], listed: list[Segment] | None,
                        stacked: list[Segment] | None, lines: list[_Line]) -> list[Segment]:
    """The rules' split, or a page-level layout where it is the stronger evidence: a list of
    the titles before the articles that finds as many articles; stacks under the titles that
    find every title the rules found and more (the rules' segments are then cut at the
    other titles, those that are headline-shaped: position settles no doubt there)."""
    if listed and len(listed) >= len(segs):
        return _trim_trailing_blocks(text, listed, lines)
    if stacked and len(stacked) > len(segs) and {g.title for g in segs} <= {g.title for g in stacked}:
        shaped = [o for o in stacked if _is_title_after_separator(o.title.text(text))]
        return _trim_trailing_blocks(text, _cut_at_titles(text, segs, shaped), lines)
    return segs


def _learned_segments(text: str) -> list[Segment] | None:
    """The learned line classifier's split, if its first title reads as a headline by the
    test the rules give a page's first line: a lower-case line ("convention notebook") or a
    sentence ("It was a long night in the Senate.") over an article with subheads is no
    title; the rules open a page with such a line only on extra evidence, and the model is
    held to the same. A headline over numbered titles is a listicle (:func:`_is_listicle`)."""
    learned = learned_split(text)
    if learned is None or not _is_page_headline(learned[0][0].text(text)):
        return None
    titles = [title.text(text) for title, _ in learned]
    if _is_listicle(titles):
        return None
    return [Segment(body, title) for title, body in learned]


def _is_listicle(titles: list[str]) -> bool:
    """Whether titles read as one article's numbered items: all but the first carry a
    counter ("2. ...", "3) ..."), the first does not (the article's headline or intro over
    its list: "Things to know today", then "1. ...")."""
    return (len(titles) > 2 and not _NUMBERED.match(titles[0])
            and all(_NUMBERED.match(t) for t in titles[1:]))


def segment_page(text: str) -> list[Segment]:
    """Split a page into its articles: the rules, the page-level layouts, the learned splitter.

    1. The line rules (:func:`segment_rules`); where they split the page, their split stands,
       unless a list of the titles before the articles or stacks of short lines under the
       titles find more (:func:`_extend_rules_split`).
    2. Where they keep it whole: a list of the titles before the articles
       (:func:`_listed_titles_layout`), then titles run into their leads
       (:func:`_run_in_layout`), then the line classifier of
       :mod:`newstrace.ingest.segment_model` (three or more articles, every line before the
       first title outside any article, its first title headline-like), then stacks of short
       lines under the titles (:func:`_stacked_block_layout`; last, because a title printed
       twice over its stack would end the article above).
    3. On every split, text that belongs to no article is left out of every segment
       (:func:`_without_chrome`): a table of contents or masthead before the first article,
       a box of short glued lines closing an article (an advertisement, an e-mail footer).

    A page that is not an aggregator gives exactly one segment whose body is the whole text
    (``Span(0, len(text))``) and whose title is the first line if it is headline-shaped (the
    rules decide that title). An aggregator page gives one segment per article: the title's
    span and the body after it, without separator lines or page chrome. Never raises on odd
    input; degrades to one segment.
    """
    masked = _mask_line_prefix(text)
    if masked is not None:
        inner = segment_page(masked)  # a decoration on every line: read the page without it
        if len(inner) > 1:
            return inner
    segs = segment_rules(text)
    try:
        lines = _unwrap(_lines(text))
        # indentation or underlining is the page's own mark of its titles where it holds
        # throughout
        marked = _indented_layout(text) or _underlined_layout(_lines(text))
        if marked is not None and len(marked) >= len(segs):
            return _trim_trailing_blocks(text, marked, lines)
        listed = _listed_titles_layout(lines)
        stacked = _stacked_block_layout(lines)
        if len(segs) > 1:
            return _extend_rules_split(text, _without_chrome(text, segs, lines), listed, stacked, lines)
        if listed is not None:
            return _trim_trailing_blocks(text, listed, lines)
        run_in = _run_in_layout(text, lines)
        if run_in is not None:
            return _without_chrome(text, run_in, lines)
        learned = _learned_segments(text)
        if learned is not None:
            return _without_chrome(text, learned, lines)
        after_intro = _rules_after_intro(text, lines)
        if after_intro is not None:
            return _without_chrome(text, after_intro, lines)
        return _without_chrome(text, stacked, lines) if stacked is not None else segs
    except (ValueError, IndexError, RecursionError):  # pragma: no cover - defensive
        return segs
