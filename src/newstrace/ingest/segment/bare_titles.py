"""The bare layout: titles with no separator line between the articles.

The page begins with a title and at least two more titles of the same *signature* (repeated
title line, byline/date line under it, a one-line lead-in under it — a standfirst without
final stop, a photo caption, a "N min read" line —, a date/credit line closing the article
above it, extra blank lines before it where such gaps are rare, a short label set off by
" | " in the title line, the Markdown heading marker of the page's first line ("## "), or
title case), each followed by a body of several paragraphs. A line of any shape over a
lead-in whose first or last word the other titles' lead-ins share has lead-in evidence too.
Once a signature with layout evidence is established, every line with the same evidence is
a title whatever its shape (a lead-in needs a title-tested line over it), and short articles
are kept. A first line of any headline length opens such a page if one more boundary than
usual shows the evidence.
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, replace

from .articles import _body_chars, _Piece, _skip_repeat
from .lines import _Line, _recurring_closing_lines, _recurring_colon_labels
from .rules import _rules
from .shapes import (_CLOSERS, _OPENERS, _colon_label, _final_char, _first_char, _has_label, _headline_with_deck,
                     _is_all_caps, _is_byline, _is_prose, _is_quoted_speech, _is_rule, _is_title_after_separator,
                     _is_title_in_established_layout, _norm, _plain_headline, _title_case_with_stop,
                     _titlecase_ratio, is_title_shaped)


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
        if ln.furniture:
            continue  # page furniture ("Image 2 of 5", a photo credit, a related teaser) is no title
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
        if level == 0 and not head.loose and len(first.split()) < r.bare_title_min_words:
            continue  # on shape alone, a two-word first line is a site's name ("NPR Shop"), as later ones are names
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
