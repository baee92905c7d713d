"""Page-level layouts: marks of the titles that no line rule can see, found on the whole page.

* **a decoration on every line** ("> " in a quoted e-mail) is read as blank
  (:func:`_mask_line_prefix`);
* **indented or underlined titles** — flush-left titles over indented paragraphs, or titles
  underlined by a rule of their length, on pages without blank lines;
* **listed titles** — the page lists the titles before the first article (a newsletter's
  table of contents): each line so listed is a title, whatever its shape;
* **run-in titles** — each article's title runs into its lead on one line ("Title — Lead
  ...", before the same punctuation joiner every time, or in capitals up to the lead);
* **stacks under titles** — each title is followed by a short stack of lines (highlights,
  key points) before the body's paragraphs.
"""
from __future__ import annotations

import os
import re

from ...model import Span
from .articles import Segment, _articles_at
from .chrome import _is_chrome
from .lines import _furniture_at, _Line
from .rules import _rules
from .shapes import (_CLOCK, _CLOSERS, _OPENERS, _final_char, _is_all_caps, _is_byline, _is_prose, _is_rule,
                     _is_title_after_separator, _is_title_in_established_layout, _norm, _starts_like_title,
                     _titlecase_ratio, is_title_shaped)


# ---------------------------------------------------------------------- run-in titles

# A joiner between a run-in title and its lead: a short token of punctuation set off by spaces
# (" — ", " | ", " -- ", " >> "). Quotes and brackets open text, they join nothing; a colon
# after a word is no joiner ("He told the crowd: ..." introduces a quote, "Fact-Check: ..." is
# inside a headline; a single article has many such lines).
_RUN_IN_JOINER = re.compile(r"(?<=\S)(\s+[^\w\s\"'“”‘’«»()\[\]]{1,3}\s+)(?=\S)")


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
    opening = [k for k, ln in enumerate(lines) if (k == 0 or ln.blank_before > 0) and not ln.furniture]
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
        if len(t.split()) < r.title_min_words or len(t) > r.title_max_chars or lines[j].furniture:
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


# ---------------------------------------------------------------------- stacks under titles

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
                    and title_test(lines[k - 1].text) and not lines[k - 1].furniture:
                found.append(k - 1)  # the title, a blank line, the stack
            elif glued and (k == 0 or lines[k].blank_before > 0) and stack(k + 1, end) \
                    and title_test(lines[k].text) and not lines[k].furniture:
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


# ----------------------------------------------------------- indented and underlined titles

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
    furniture = _furniture_at(text)
    if any(raw[k][1].start in furniture for k in titles):
        return None  # an unindented credit or gallery line: indentation marks no titles here
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
                and _is_title_in_established_layout(t) and not _is_rule(t) and not lines[k].furniture):
            titles.append(k)
            marks.add(rule[0])
    if len(titles) < r.bare_min_boundaries + 1 or len(marks) != 1 or not _is_chrome(lines[:titles[0]]):
        return None
    if len({_norm(lines[k].text) for k in titles}) < len(titles) or not all(_headline_like(lines[k].text) for k in titles):
        return None
    return _articles_at([ln.span for ln in lines], titles, 2)  # the rule belongs to no article


# -------------------------------------------------------------------------- decorated lines

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
