"""The numbered layout: titles that carry a counter.

The page's first line carries a counter ("1. ", "2) ") and later title lines continue it;
the longest chain of consecutive numbers wins, so a numbered list inside an article neither
cuts the count short nor replaces a real title.
"""
from __future__ import annotations

import re

from .articles import _has_chars, _Piece, _skip_repeat
from .lines import _Line
from .rules import _rules
from .shapes import (_final_char, _first_char, _headline_with_deck, _is_all_caps, _is_prose,
                     _is_title_after_separator, _is_title_in_established_layout, _norm, _title_final_char)


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
    if m0 is None or lines[0].furniture:
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
        if (m is None or (m.group(2) or m.group(3)) != delim or _norm(lines[i].text) == _norm(lines[i - 1].text)
                or lines[i].furniture):
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
