"""The separator layout: articles between occurrences of the same short line.

The same short line (``Keep reading``, ``Read more``, ``---``, ``* * *`` …) occurs at least
twice, and each occurrence followed by more text is followed by a one-line title and a body.
Once the separator is *established* (every occurrence, or at least two of them and twice as
many as the rest, is followed by a headline-shaped title and a prose body), the line after
each occurrence is the title whatever its shape (lower case, ALL CAPS, a final full stop, a
long "title; deck") and the article under it may be short.
"""
from __future__ import annotations

from .articles import _body_chars, _has_chars, _Piece, _skip_repeat
from .lines import _SEPARATING_KINDS, _Line, _recurring_colon_labels
from .rules import _rules
from .shapes import (_colon_label, _final_char, _is_all_caps, _is_prose, _is_rule, _is_title_after_separator,
                     _is_title_in_established_layout, _norm, is_title_shaped)


def _is_marker(s: str) -> bool:
    r = _rules()
    return _is_rule(s) or (0 < len(s.split()) <= r.separator_max_words and len(s) <= r.separator_max_chars)


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
        if (not _is_title_in_established_layout(title) or (linked and _colon_label(title) in linked)
                or lines[a].furniture):
            return None  # (page furniture after the line, "Image 2 of 5", is no title)
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
    first_title = b - a >= 2 and not lines[a].furniture and (
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
        if _is_marker(ln.text) and ln.furniture in _SEPARATING_KINDS:  # other page furniture separates nothing
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
