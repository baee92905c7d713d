"""What one line looks like: a headline, a byline or dateline, prose, a rule, a label.

These tests read a single line's shape (its capitals, final punctuation, length), never known
words; the layouts use them to tell titles from the text around them.
"""
from __future__ import annotations

import re

from .rules import _rules


# Closing quotes/brackets/emphasis looked through when reading a line's final punctuation.
_CLOSERS = "\"'’”»›)]}*_`"
_OPENERS = "\"'‘“«‹([{*_`¡¿"


# "10:57PM", "9:05 a.m.": a clock time marks a timestamp or live-blog post header, not a headline.
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\s*[AaPp]\.?[Mm]")


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


def _colon_label(s: str) -> str:
    """``Related: Senate Leaders Split`` -> ``Related``: a short prefix (at most
    ``colon_label_max_words`` words) set off by a colon at the start of a line, or ``""``."""
    head, sep, rest = s.partition(": ")
    if not sep or not rest.strip() or not 0 < len(head.split()) <= _rules().colon_label_max_words:
        return ""
    return " ".join(head.strip(_OPENERS + _CLOSERS).split())  # case kept: "TRUMP:" in a transcript is not "Trump:"


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
