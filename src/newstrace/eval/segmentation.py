"""Evaluation of aggregator-page splitting (:func:`newstrace.ingest.segment.segment_page`).

There is no labelled set of aggregator pages, so we build one: pages made by concatenating
PolNeAR articles (body = the article file without its first line, which is the headline;
title = the ``title`` column of ``metadata.tsv``) in several *layouts* — separator wording,
blank-line pattern, repeated title, byline/date line under the title, rules.

* ``TUNING_LAYOUTS`` are built from PolNeAR **train** articles; the rules were tuned on them.
* ``HELD_OUT_LAYOUTS`` were written after the first tuning round and are built from PolNeAR
  **dev** articles; nothing was changed after looking at their pages. ``TWIN_LAYOUTS`` are
  the same generators on **train** articles and belong to the tuning set: the second round
  of rules (issue #3) was studied on them, never on the dev pages.
* ``NEW_HELD_OUT_LAYOUTS`` (dev) were written before the second round, and
  ``ROUND3_HELD_OUT_LAYOUTS`` (dev) before the third. Some of them got a train twin for the
  third round; those in ``NEVER_TUNED`` had none until round 5.
* ``ROUND4_HELD_OUT_LAYOUTS`` (dev) were written and scored before the fourth round, and
  ``ROUND5_HELD_OUT_LAYOUTS`` (dev) before the fifth (``NEVER_TUNED_ROUND4``,
  ``NEVER_TUNED_ROUND5``). In round 5 the six layouts never tuned on until then
  (``TWINNED_IN_ROUND5``) got train twins (``ROUND5_TWIN_LAYOUTS``); the round-5 layouts have
  none until round 6, when they got train twins (``ROUND6_TWIN_LAYOUTS``).
* ``ROUND6_HELD_OUT_LAYOUTS`` (dev, RNG seed + 5) were written and scored before the sixth
  round (``NEVER_TUNED_ROUND6``): a "(Source)" suffix on each title and a "Read the full
  story at Source" line closing each article; a kicker label ("ANALYSIS") over each title;
  titles and paragraphs hard-wrapped at 72 columns. In round 7 they got train twins
  (``ROUND7_TWIN_LAYOUTS``).
* ``ROUND7_HELD_OUT_LAYOUTS`` (dev, RNG seed + 6) were written and scored before the seventh
  round (``NEVER_TUNED_ROUND7``): a "Source: Outlet, Month D, YYYY" line under each title;
  an em-dash rule line between articles with titles in sentence case; a "Tags: a, b, c"
  line closing each article. In round 8 they got train twins (``ROUND8_TWIN_LAYOUTS``).
* ``ROUND8_HELD_OUT_LAYOUTS`` (dev, RNG seed + 7) were written and scored before the eighth
  round (``NEVER_TUNED_ROUND8``): a two-line "By Author" / "Weekday, Month D, YYYY" block
  under each title; a "Next: <title of the next article>" line between articles (a
  separator whose wording differs each time); a "© YYYY Publisher" line closing each
  article, then an underscore rule. They have no twin and are the only never-tuned
  layouts left.
* ``random_layout`` draws a layout with every element at random (separator wording, gaps,
  bylines, credits, kickers, interstitials, datelines, title decorations, numbering, case,
  wrap); ``random_pages`` builds pages from such layouts. ``random_dev`` (dev articles,
  layout seed 8001) is a held-out check, ``random_train`` (train, seed 9001) may be tuned on.
* Negative case: every PolNeAR train and dev article file as-is must come back as one
  segment (plus a variant whose headline line has lost the full stop that PolNeAR's export
  added, so the first line looks like a real headline).

Run ``python -m newstrace.eval.segmentation`` (or ``newstrace eval segmentation``).
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
import textwrap
import zlib
from datetime import date
from pathlib import Path

from ..ingest.segment import Segment, segment_page
from ..model import Span

#: A page splitter: ``segment_page`` (rules, then the learned splitter), ``segment_rules``, ...
Splitter = Callable[[str], list[Segment]]

DEFAULT_POLNEAR = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "polnear"
DEFAULT_SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "seeds"


@dataclass(frozen=True, slots=True)
class SourceArticle:
    """A PolNeAR article as material for synthetic pages."""

    name: str
    title: str
    paragraphs: tuple[str, ...]
    author: str
    published: str
    raw: str  # the file's text exactly
    publisher: str = ""


@dataclass(frozen=True, slots=True)
class Layout:
    """How articles are laid out one after another on a synthetic aggregator page."""

    name: str
    separator: str | None = None          # line between articles (None: no separator line)
    around_separator: str = "\n\n"        # text on each side of the separator line
    gap_between: str = "\n\n"             # between articles when there is no separator
    paragraph_join: str = "\n\n"          # between body paragraphs
    title_body_gap: str = "\n\n"          # between the title (or byline) and the body
    repeat_title: bool = False            # title line printed twice (as some exports do)
    byline: Callable[[SourceArticle], str] | None = None  # line under the title, part of the body
    trailing_separator: bool = False      # separator after the last article too
    title_style: Callable[[str], str] | None = None  # how the page prints the title (e.g. upper case)
    byline_gap: str = "\n"               # between the byline (or dek, caption) line and the body
    numbering: Callable[[int], str] | None = None  # prefix of the k-th title (k from 1): "1. ", "2) "
    credit: Callable[[SourceArticle], str] | None = None  # line closing each article, part of its body
    # a line inside the body after every few paragraphs ("Advertisement", "Related: <headline>")
    interstitial: str | Callable[[SourceArticle], str] | None = None
    interstitial_every: int = 3           # ... after paragraphs 3, 6, ... (never after the last one)
    interstitial_once: bool = False       # ... only after the first such paragraph
    dateline: Callable[[SourceArticle], str] | None = None  # prefix of the first paragraph ("WASHINGTON — ")
    title_suffix: Callable[[SourceArticle], str] | None = None  # printed after the title (" | Publisher")
    # a kicker label printed over the title ("ANALYSIS", "Opinion"): part of no article
    kicker: Callable[[SourceArticle], str] | None = None
    kicker_gap: str = "\n"               # between the kicker line and the title
    wrap: int | None = None               # hard-wrap titles and paragraphs at this many columns
    sentence_case: bool = False           # print the title in sentence case (names kept)
    # a separator line whose wording differs between articles ("Next: <title>", "Story 2 of 5"):
    # called with the next article, its number on the page (from 2) and the page's article
    # count; used instead of ``separator`` between articles (part of no article)
    separator_for: Callable[[SourceArticle, int, int], str] | None = None


def _fmt_date(iso: str, style: str, missing: str = "2016") -> str:
    """An article's ISO date as a page prints it (``style``: "long" March 11, 2016,
    "day-month" 11 March 2016, "weekday" Friday, March 11, 2016, ...); a date that is not
    ISO is printed as it is, and an empty one as ``missing``."""
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return iso or missing
    month, mon, wday = d.strftime("%B"), d.strftime("%b"), d.strftime("%A")
    return {"long": f"{month} {d.day}, {d.year}", "day-month": f"{d.day} {month} {d.year}",
            "iso": d.isoformat(), "us-numeric": f"{d.month:02d}/{d.day:02d}/{d.year}",
            "abbr": f"{mon} {d.day}, {d.year}", "rfc": f"{wday[:3]}, {d.day:02d} {mon} {d.year}",
            "weekday": f"{wday}, {month} {d.day}, {d.year}"}[style]


def _iso_to_long(iso: str) -> str:
    return _fmt_date(iso, "long", missing="")


TUNING_LAYOUTS: tuple[Layout, ...] = (
    Layout("keep-reading", separator="Keep reading", trailing_separator=True),
    Layout("dash-rule-single-newlines", separator="---", paragraph_join="\n", title_body_gap="\n"),
    Layout("bare-byline-gap", gap_between="\n\n\n\n",
           byline=lambda a: f"By {a.author} | {a.published}"),
    Layout("continue-arrow-repeated-title", separator="Continue reading →", repeat_title=True,
           paragraph_join="\n", title_body_gap="\n"),
    Layout("bare-titles-only"),
)

HELD_OUT_LAYOUTS: tuple[Layout, ...] = (
    Layout("stars-dateline", separator="* * *", paragraph_join="\n", title_body_gap="\n",
           byline=lambda a: _iso_to_long(a.published)),
    Layout("read-full-story-trailing", separator="Read the full story »", around_separator="\n\n\n",
           trailing_separator=True),
    Layout("bare-triple-gap-single-newlines", gap_between="\n\n\n\n", paragraph_join="\n",
           title_body_gap="\n"),
    Layout("box-rule-repeated-title-author", separator="═══════════", repeat_title=True,
           byline=lambda a: f"{a.author}, {a.published}"),
    Layout("caps-more-stories", separator="MORE STORIES", around_separator="\n"),
    Layout("bare-repeated-title", repeat_title=True),
)

def _twin(lay: Layout) -> Layout:
    """The same layout under the name ``twin-<name>`` (built from train articles)."""
    return Layout(**{**{f: getattr(lay, f) for f in Layout.__dataclass_fields__}, "name": "twin-" + lay.name})


#: Held-out layouts written before the second round of rule changes (issue #3) and scored
#: before and after it. ``caps-titles-share-this`` has no train twin: no rule was studied on
#: it. ``bare-photo-caption`` (0/40 after round 2) got a train twin in round 3.
NEW_HELD_OUT_LAYOUTS: tuple[Layout, ...] = (
    Layout("caps-titles-share-this", separator="Share this:", title_style=str.upper),
    Layout("bare-photo-caption", byline=lambda a: f"Photo: {a.author}/{a.publisher.title() or 'Staff'}"),
)

# How the round-3 layouts print a publisher (generator data only; the rules never see it).
_PUBLISHER_NAMES = {"breitbart": "Breitbart News", "huff-post": "HuffPost", "nyt": "The New York Times",
                    "parc": "The Wall Street Journal", "politico": "Politico", "usa-today": "USA Today",
                    "wash-post": "The Washington Post", "west-journal": "Western Journal"}
_SECTION_LABELS = ("POLITICS", "WORLD", "U.S.", "ELECTION 2016", "OPINION", "BUSINESS")


def _publisher(a: SourceArticle) -> str:
    return _PUBLISHER_NAMES.get(a.publisher, a.publisher.title() or "Staff")


def _dek(a: SourceArticle) -> str:
    """A one-line standfirst in sentence case without a final full stop: the lead's first
    sentence or clause, at most 14 words."""
    words: list[str] = []
    for w in a.paragraphs[0].split():
        words.append(w)
        if len(words) >= 14 or (len(words) >= 6 and w[-1:] in ".?!,;:"):
            break
    return " ".join(words).rstrip(".,;:!?\"'”’ ") or a.title


def _credit(a: SourceArticle) -> str:
    """``Politico — 11 March 2016``: source and date closing an article."""
    return f"{_publisher(a)} — {_fmt_date(a.published, 'day-month', missing='')}"


def _read_time(a: SourceArticle) -> str:
    """``The Washington Post · 4 min read``."""
    words = sum(len(p.split()) for p in a.paragraphs)
    return f"{_publisher(a)} · {max(1, round(words / 230))} min read"


def _section_label(title: str) -> str:
    """``WORLD | <title>``: a section label picked by a stable hash of the title."""
    return f"{_SECTION_LABELS[sum(map(ord, title)) % len(_SECTION_LABELS)]} | {title}"


#: Held-out layouts written before the third round of rule changes (issue #3, round 2 of the
#: issue) and scored before it. The first three got train twins in the tuning set; the last
#: two (``NEVER_TUNED``) have none: no rule was studied on them at all.
ROUND3_HELD_OUT_LAYOUTS: tuple[Layout, ...] = (
    Layout("bare-dek", byline=_dek, byline_gap="\n\n"),
    Layout("numbered-titles", numbering=lambda k: f"{k}. "),
    Layout("source-date-credit", credit=_credit),
    Layout("bare-read-time", byline=_read_time, byline_gap="\n\n"),
    Layout("section-label-single-newlines", title_style=_section_label, paragraph_join="\n",
           title_body_gap="\n"),
)

def _updated_stamp(a: SourceArticle) -> str:
    """``Updated 3:42 p.m. ET``: a time picked by a stable hash of the title."""
    h = sum(map(ord, a.title)) * 7919
    hour, minute = h % 12 + 1, (h // 12) % 60
    return f"Updated {hour}:{minute:02d} {'a.m.' if (h // 720) % 2 else 'p.m.'} ET"


def _publisher_suffix(a: SourceArticle) -> str:
    """`` | The Washington Post`` after a title, as HTML ``<title>`` elements print it."""
    return f" | {_publisher(a)}"


#: Held-out layouts written before the fourth round of rule changes (issue #3, round 3 of
#: the issue) and scored with the round-3 rules first (the "before" numbers). None of them
#: has a train twin: together with ``NEVER_TUNED`` they are the never-tuned check.
ROUND4_HELD_OUT_LAYOUTS: tuple[Layout, ...] = (
    Layout("bare-updated-timestamp", byline=_updated_stamp, title_body_gap="\n", byline_gap="\n\n"),
    Layout("bullets-advertisement-in-body", separator="• • •", interstitial="Advertisement"),
    Layout("pipe-publisher-suffix", title_suffix=_publisher_suffix),
)

# Round-5 generator data (the rules never see it): dateline cities, and invented headlines a
# "Related:" line inside an article points to (title case, sentence case, a question).
_DATELINE_CITIES = ("WASHINGTON", "NEW YORK", "DES MOINES, Iowa", "LAS VEGAS", "CHICAGO",
                    "COLUMBIA, S.C.", "MIAMI", "CLEVELAND")
_RELATED_HEADLINES = (
    "What the Iowa Results Mean for the Rest of the Race",
    "Senate Leaders Split Over Court Nominee",
    "Why suburban voters are drifting away from both parties",
    "Can the Party Still Stop Its Front-Runner?",
    "Five Takeaways From Last Night's Debate",
    "Governor signs budget after weeks of delay",
    "Inside the Campaign's Final Push in Ohio",
    "Trade deal faces new test in Congress",
)


def _stable_pick(options: Sequence[str], key: str) -> str:
    return options[sum(map(ord, key)) % len(options)]


def _byline_name(a: SourceArticle) -> str:
    """``By Jane Doe``: the author alone on its line."""
    return f"By {a.author}"


def _dateline(a: SourceArticle) -> str:
    """``WASHINGTON — `` before the first paragraph, unless it already opens with a dateline
    (an em dash or a wire credit in its first 40 characters)."""
    head = a.paragraphs[0][:40]
    if "—" in head or "(AP)" in head or "(Reuters)" in head:
        return ""
    return f"{_stable_pick(_DATELINE_CITIES, a.title)} — "


def _related_line(a: SourceArticle) -> str:
    """``Related: <another headline>``: a link line inside an article."""
    return "Related: " + _stable_pick(_RELATED_HEADLINES, a.name)


#: Held-out layouts written before the fifth round of rule changes (issue #3, round 4 of the
#: issue) and scored with the round-4 rules first (the "before" numbers). None has a train
#: twin, and their failing pages are never opened: only their scores are reported.
ROUND5_HELD_OUT_LAYOUTS: tuple[Layout, ...] = (
    Layout("byline-then-dateline", byline=_byline_name, byline_gap="\n\n", dateline=_dateline),
    Layout("markdown-h2-titles", title_style=lambda t: "## " + t),
    Layout("related-line-in-body", interstitial=_related_line, interstitial_every=2,
           interstitial_once=True),
)

# Round-6 generator data (the rules never see it): kicker labels over a title, in capitals
# or in title case, as section fronts print them.
_KICKERS = ("ANALYSIS", "Opinion", "NEWS ANALYSIS", "Politics", "EXCLUSIVE", "Campaign 2016",
            "Fact Check", "WORLD NEWS")


def _hard_wrap(s: str, width: int) -> str:
    """``s`` hard-wrapped at ``width`` columns (newline between lines, words never broken), as
    a plain-text e-mail or a terminal export prints it."""
    return "\n".join(textwrap.wrap(s, width, break_long_words=False, break_on_hyphens=False)) or s


def _kicker(a: SourceArticle) -> str:
    """``ANALYSIS``: a section or genre label over the title, picked by a stable hash."""
    return _stable_pick(_KICKERS, a.title)


def _paren_source(a: SourceArticle) -> str:
    """`` (Politico)`` after a title, as wire digests print the source."""
    return f" ({_publisher(a)})"


def _read_full_story_at(a: SourceArticle) -> str:
    """``Read the full story at The Washington Post``: a link line closing each article; it
    names the article's source, so its wording differs between articles."""
    return f"Read the full story at {_publisher(a)}"


#: Held-out layouts written before the sixth round of rule changes (issue #3, round 5 of the
#: issue) and scored with the round-5 rules first (the "before" numbers). None had a train
#: twin until round 7, and their pages are never opened: only their scores are reported.
ROUND6_HELD_OUT_LAYOUTS: tuple[Layout, ...] = (
    Layout("paren-source-read-at-link", title_suffix=_paren_source, credit=_read_full_story_at),
    Layout("kicker-over-title", kicker=_kicker),
    Layout("hard-wrapped-72-columns", wrap=72),
)

_TAGS = ("Donald Trump", "Hillary Clinton", "Election 2016", "Congress", "Supreme Court",
         "Republicans", "Democrats", "Foreign Policy", "Economy", "Immigration", "White House",
         "Bernie Sanders", "Polls", "Campaign Finance")


def _source_line(a: SourceArticle) -> str:
    """``Source: Politico, March 11, 2016``: the source and date on the line under the title."""
    return f"Source: {_publisher(a)}, {_iso_to_long(a.published)}"


def _sentence_case(a_title: str, body: str = "") -> str:
    """A title in sentence case, as many sites print them: the first word keeps its capital,
    a later word keeps it only if the article's body has it so after a lower-case word (a
    name), or it is all capitals or has a capital inside ("GOP", "McCain")."""
    names = set(re.findall(r"(?<=[a-z,;] )([A-Z][\w'’.-]*)", body))
    out = []
    for k, w in enumerate(a_title.split(" ")):
        core = w.strip("\"'“”‘’(),:;?!.")
        if k == 0 or not core or not core[0].isupper() or core in names or core.isupper() \
                or any(c.isupper() for c in core[1:]):
            out.append(w)
        else:
            out.append(w.replace(core, core[0].lower() + core[1:], 1))
    return " ".join(out)


def _tags_line(a: SourceArticle) -> str:
    """``Tags: Congress, Polls, Economy``: three topic tags closing an article (a stable pick)."""
    h = sum(map(ord, a.name))
    picks: list[str] = []
    for k in range(len(_TAGS)):
        t = _TAGS[(h + 5 * k) % len(_TAGS)]
        if t not in picks:
            picks.append(t)
        if len(picks) == 3:
            break
    return "Tags: " + ", ".join(picks)


#: Held-out layouts written before the seventh round of rule changes (issue #3, round 6 of
#: the issue) and scored with the round-6 rules first (the "before" numbers). None has a
#: train twin, and their pages are never opened: only their scores are reported.
ROUND7_HELD_OUT_LAYOUTS: tuple[Layout, ...] = (
    Layout("source-line-under-title", byline=_source_line, title_body_gap="\n", byline_gap="\n\n"),
    Layout("em-dash-rule-sentence-case", separator="—", sentence_case=True),
    Layout("tags-line-closing", credit=_tags_line),
)


def _author_date_block(a: SourceArticle) -> str:
    """``By Jane Doe`` and ``Friday, March 11, 2016`` on two lines: a metadata block under the
    title, as many sites and newsletters print the byline and the date (part of the body)."""
    return f"By {a.author}\n{_fmt_date(a.published, 'weekday', missing='')}"


def _next_title_line(a: SourceArticle, k: int, n: int) -> str:
    """``Next: <title of the next article>``: a line between two articles announcing the next
    one, as newsletters and article-to-article readers print it (part of no article)."""
    return f"Next: {a.title}"


def _copyright_line(a: SourceArticle) -> str:
    """``© 2016 Politico``: the copyright line closing an article (its year from the date)."""
    year = a.published[:4] if a.published[:4].isdigit() else "2016"
    return f"© {year} {_publisher(a)}"


#: Held-out layouts written before the eighth round of rule changes (issue #3, round 7 of
#: the issue) and scored with the round-7 rules first (the "before" numbers). None has a
#: train twin, and their pages are never opened: only their scores are reported.
ROUND8_HELD_OUT_LAYOUTS: tuple[Layout, ...] = (
    Layout("author-date-block-under-title", byline=_author_date_block, title_body_gap="\n",
           byline_gap="\n\n"),
    Layout("next-title-line-between", separator_for=_next_title_line),
    Layout("copyright-line-underscore-rule", separator="_" * 24, credit=_copyright_line),
)

#: Layouts (dev) with no twin until round 5 (then twinned, see ``TWINNED_IN_ROUND5``).
NEVER_TUNED: frozenset[str] = frozenset({"caps-titles-share-this", "bare-read-time",
                                         "section-label-single-newlines"})

#: Round-4 held-out layouts (dev): no twin and never studied until round 5.
NEVER_TUNED_ROUND4: frozenset[str] = frozenset(lay.name for lay in ROUND4_HELD_OUT_LAYOUTS)

#: Round-5 held-out layouts (dev): none had a twin or was studied until round 6; in round 6
#: they got train twins (``ROUND6_TWIN_LAYOUTS``), so they are no longer never-tuned.
NEVER_TUNED_ROUND5: frozenset[str] = frozenset(lay.name for lay in ROUND5_HELD_OUT_LAYOUTS)

#: Round-6 held-out layouts (dev): none had a twin or was studied until round 7; in round 7
#: they got train twins (``ROUND7_TWIN_LAYOUTS``), so they are no longer never-tuned.
NEVER_TUNED_ROUND6: frozenset[str] = frozenset(lay.name for lay in ROUND6_HELD_OUT_LAYOUTS)

#: Round-7 held-out layouts (dev): none had a twin or was studied until round 8; in round 8
#: they got train twins (``ROUND8_TWIN_LAYOUTS``), so they are no longer never-tuned.
NEVER_TUNED_ROUND7: frozenset[str] = frozenset(lay.name for lay in ROUND7_HELD_OUT_LAYOUTS)

#: Round-8 held-out layouts (dev): none has a twin, none was studied. After round 8 they
#: are the only never-tuned layouts (besides the random layouts of ``random_dev``).
NEVER_TUNED_ROUND8: frozenset[str] = frozenset(lay.name for lay in ROUND8_HELD_OUT_LAYOUTS)

#: Layouts that were never tuned on up to round 4 and got a train twin in round 5 (their
#: failing *train* pages were studied; their dev pages never were).
TWINNED_IN_ROUND5: frozenset[str] = NEVER_TUNED | NEVER_TUNED_ROUND4

#: Train-built twins: the same generators on PolNeAR *train* articles, part of the tuning
#: set (so the rules' failures on these layouts are studied on train pages, never on the dev
#: pages). Round 2: the twins of ``HELD_OUT_LAYOUTS``; round 3: the photo-caption layout and
#: the first three ``ROUND3_HELD_OUT_LAYOUTS``.
TWIN_LAYOUTS: tuple[Layout, ...] = tuple(
    _twin(lay) for lay in (*HELD_OUT_LAYOUTS, *NEW_HELD_OUT_LAYOUTS, *ROUND3_HELD_OUT_LAYOUTS)
    if lay.name not in NEVER_TUNED)

#: Round-5 twins (train): the three round-3/round-2 layouts and the three round-4 layouts that
#: had never been tuned on. Appended after the older tuning layouts, so the older tuning
#: pages (RNG seed 13) are the same pages as before.
ROUND5_TWIN_LAYOUTS: tuple[Layout, ...] = tuple(
    _twin(lay) for lay in (*NEW_HELD_OUT_LAYOUTS, *ROUND3_HELD_OUT_LAYOUTS, *ROUND4_HELD_OUT_LAYOUTS)
    if lay.name in TWINNED_IN_ROUND5)

#: Layouts never tuned on up to round 5 that got a train twin in round 6: the round-5 layouts.
TWINNED_IN_ROUND6: frozenset[str] = NEVER_TUNED_ROUND5

#: Round-6 twins (train) of the round-5 layouts, appended after all older tuning layouts so
#: the older tuning pages (RNG seed 13) are the same pages as before.
ROUND6_TWIN_LAYOUTS: tuple[Layout, ...] = tuple(_twin(lay) for lay in ROUND5_HELD_OUT_LAYOUTS)

#: Layouts never tuned on up to round 6 that got a train twin in round 7: the round-6 layouts.
TWINNED_IN_ROUND7: frozenset[str] = NEVER_TUNED_ROUND6

#: Round-7 twins (train) of the round-6 layouts, appended after all older tuning layouts so
#: the older tuning pages (RNG seed 13) are the same pages as before.
ROUND7_TWIN_LAYOUTS: tuple[Layout, ...] = tuple(_twin(lay) for lay in ROUND6_HELD_OUT_LAYOUTS)

#: Layouts never tuned on up to round 7 that got a train twin in round 8: the round-7 layouts.
TWINNED_IN_ROUND8: frozenset[str] = NEVER_TUNED_ROUND7

#: Round-8 twins (train) of the round-7 layouts, appended after all older tuning layouts so
#: the older tuning pages (RNG seed 13) are the same pages as before.
ROUND8_TWIN_LAYOUTS: tuple[Layout, ...] = tuple(_twin(lay) for lay in ROUND7_HELD_OUT_LAYOUTS)


def load_polnear(split: str, root: Path = DEFAULT_POLNEAR) -> list[SourceArticle]:
    """PolNeAR articles of ``split`` (``train`` or ``dev``), sorted by file name."""
    meta: dict[str, dict[str, str]] = {}
    with open(root / "metadata.tsv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            meta[row["filename"]] = row
    out = []
    for path in sorted((root / split / "text").glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        row = meta.get(path.stem)
        if row is None:
            continue
        rest = raw.split("\n", 1)[1] if "\n" in raw else ""
        paras = tuple(p.strip() for p in rest.split("\n\n") if p.strip())
        title = " ".join(row["title"].split())
        if not paras or not title or title == "None":
            continue
        out.append(SourceArticle(path.stem, title, paras, row.get("author") or "Staff",
                                 row.get("publication_date") or "", raw, row.get("publisher") or ""))
    return out


@dataclass(slots=True)
class Page:
    """A synthetic page and the segments :func:`segment_page` should return for it."""

    layout: str
    text: str
    gold: list[Segment] = field(default_factory=list)
    spec: Layout | None = None    # the layout it was built with (its parameters)


class PageText:
    """A page written piece by piece: :meth:`put` appends a piece and returns its offset,
    :attr:`pos` is the offset of the next one (the page builders' gold spans)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def put(self, s: str) -> int:
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        return start

    def text(self) -> str:
        return "".join(self.parts)


def build_page(articles: Sequence[SourceArticle], layout: Layout) -> Page:
    """Concatenate ``articles`` in ``layout``; gold body = text after the title line(s)."""
    gold: list[Segment] = []

    page = PageText()
    put = page.put

    for k, art in enumerate(articles):
        if k > 0:
            if layout.separator_for is not None:
                put(layout.around_separator + layout.separator_for(art, k + 1, len(articles))
                    + layout.around_separator)
            elif layout.separator is not None:
                put(layout.around_separator + layout.separator + layout.around_separator)
            else:
                put(layout.gap_between)
        shown = layout.title_style(art.title) if layout.title_style else art.title
        if layout.sentence_case:
            shown = _sentence_case(shown, " ".join(art.paragraphs))
        if layout.title_suffix is not None:
            shown += layout.title_suffix(art)
        if layout.numbering is not None:
            shown = layout.numbering(k + 1) + shown
        if layout.wrap is not None:
            shown = _hard_wrap(shown, layout.wrap)
        if layout.kicker is not None:
            put(layout.kicker(art) + layout.kicker_gap)
        t0 = put(shown)
        title = Span(t0, page.pos)
        if layout.repeat_title:
            put("\n\n" + shown)
        put(layout.title_body_gap)
        b0 = page.pos
        if layout.byline is not None:
            put(layout.byline(art) + layout.byline_gap)
        paras = list(art.paragraphs)
        if layout.dateline is not None:
            paras[0] = layout.dateline(art) + paras[0]
        if layout.wrap is not None:
            paras = [_hard_wrap(para, layout.wrap) for para in paras]
        if layout.interstitial is not None:
            every = max(1, layout.interstitial_every)
            inter = layout.interstitial if isinstance(layout.interstitial, str) else layout.interstitial(art)
            paras = [x for k2, para in enumerate(paras)
                     for x in ([para, inter]
                               if (k2 + 1) % every == 0 and k2 + 1 < len(paras)
                               and (not layout.interstitial_once or k2 + 1 == every) else [para])]
        put(layout.paragraph_join.join(paras))
        if layout.credit is not None:
            put(layout.paragraph_join + layout.credit(art))
        gold.append(Segment(Span(b0, page.pos), title))
    if layout.trailing_separator and layout.separator is not None:
        put(layout.around_separator + layout.separator + "\n")
    return Page(layout.name, page.text(), gold, layout)


def build_pages(articles: Sequence[SourceArticle], layouts: Sequence[Layout], pages_per_layout: int,
                seed: int = 13, min_articles: int = 3, max_articles: int = 6,
                build: Callable[[Sequence[SourceArticle], Layout], Page] | None = None) -> list[Page]:
    """``pages_per_layout`` pages per layout, each of 3-6 articles drawn without replacement,
    built by ``build`` (:func:`build_page` by default; the blind rounds pass their own)."""
    build = build or build_page
    rng = random.Random(seed)
    pages = []
    for layout in layouts:
        for _ in range(pages_per_layout):
            n = rng.randint(min_articles, max_articles)
            pages.append(build(rng.sample(list(articles), n), layout))
    return pages


def _starts(segs: Sequence[Segment]) -> set[int]:
    return {(s.title or s.body).start for s in segs[1:]}


@dataclass(slots=True)
class Scores:
    pages: int = 0
    pages_exact: int = 0          # same number of segments, same title and body spans
    pages_titles_right: int = 0   # same number of segments, every title span right (issue #3's test)
    boundary_tp: int = 0
    boundary_fp: int = 0
    boundary_fn: int = 0
    titles: int = 0
    titles_exact: int = 0
    bodies_exact: int = 0

    def add(self, gold: Sequence[Segment], pred: Sequence[Segment]) -> None:
        self.pages += 1
        self.pages_exact += list(gold) == list(pred)
        self.pages_titles_right += [s.title for s in gold] == [s.title for s in pred]
        g, p = _starts(gold), _starts(pred)
        self.boundary_tp += len(g & p)
        self.boundary_fp += len(p - g)
        self.boundary_fn += len(g - p)
        pred_titles = {s.title for s in pred if s.title is not None}
        pred_bodies = {s.body for s in pred}
        self.titles += len(gold)
        self.titles_exact += sum(s.title in pred_titles for s in gold)
        self.bodies_exact += sum(s.body in pred_bodies for s in gold)

    def record(self) -> dict:
        tp, fp, fn = self.boundary_tp, self.boundary_fp, self.boundary_fn
        return {
            "pages": self.pages, "pages_exact": self.pages_exact, "pages_titles_right": self.pages_titles_right,
            "boundary_precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
            "boundary_recall": round(tp / (tp + fn), 4) if tp + fn else 1.0,
            "titles": self.titles, "titles_exact": self.titles_exact,
            "bodies_exact": self.bodies_exact,
        }


def score_pages(pages: Sequence[Page], split: Splitter = segment_page) -> dict[str, dict]:
    """Scores per layout and ``"ALL"`` of ``split`` (the product's splitter by default)."""
    per: dict[str, Scores] = {}
    total = Scores()
    for page in pages:
        pred = split(page.text)
        per.setdefault(page.layout, Scores()).add(page.gold, pred)
        total.add(page.gold, pred)
    out = {name: s.record() for name, s in per.items()}
    out["ALL"] = total.record()
    return out


#: Ways a single article is written out for the negative check: the PolNeAR file as-is, and
#: the same article with its headline as a real page has it (no final full stop), with
#: paragraphs separated by single newlines, or by two blank lines; and the body alone, with
#: no headline (as a scraper that lost the title gives it), with blank lines or single
#: newlines between paragraphs: the rules that let a page's first line open an article
#: without being headline-shaped must not split those; and the whole article hard-wrapped
#: (round 9: the learned splitter reads short wrapped lines, so it must not split those).
NEGATIVE_VARIANTS: dict[str, Callable[[SourceArticle], str]] = {
    "as_is": lambda a: a.raw,
    "headline_without_stop": lambda a: a.title + "\n\n" + "\n\n".join(a.paragraphs),
    "single_newlines": lambda a: a.title + "\n" + "\n".join(a.paragraphs),
    "double_blank_lines": lambda a: a.title + "\n\n\n" + "\n\n\n".join(a.paragraphs),
    "body_only": lambda a: "\n\n".join(a.paragraphs),
    "body_only_single_newlines": lambda a: "\n".join(a.paragraphs),
    # hard-wrapped as a plain-text e-mail prints it, at a width of 50-78 columns fixed per article
    "hard_wrapped": lambda a: "\n\n".join(_hard_wrap(p, 50 + zlib.crc32(a.name.encode()) % 29)
                                          for p in (a.title, *a.paragraphs)),
}


def negatives(articles: Sequence[SourceArticle], split: Splitter = segment_page) -> dict[str, dict]:
    """For each variant, how many single articles are wrongly split (and which)."""
    out = {}
    for name, render in NEGATIVE_VARIANTS.items():
        wrong = [a.name for a in articles if len(split(render(a))) != 1]
        out[name] = {"articles": len(articles), "split": len(wrong), "split_names": wrong}
    return out


def seed_report(seeds: Path = DEFAULT_SEEDS, split: Splitter = segment_page) -> dict[str, dict]:
    """Segments found in each seed file, with their titles as the page has them."""
    out = {}
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        segs = split(text)
        out[path.name] = {"articles": len(segs),
                          "titles": [s.title.text(text) if s.title else None for s in segs]}
    return out


def tuning_pages(train: Sequence[SourceArticle], pages_per_layout: int = 40, seed: int = 13) -> list[Page]:
    """Pages the rules may be studied on: the tuning layouts and the twins of the held-out
    layouts (round-8 twins of the round-7 layouts last), all built from PolNeAR train
    articles. The ``random_train`` pages (``RANDOM_GROUPS``) may be studied too."""
    return build_pages(train, TUNING_LAYOUTS + TWIN_LAYOUTS + ROUND5_TWIN_LAYOUTS + ROUND6_TWIN_LAYOUTS
                       + ROUND7_TWIN_LAYOUTS + ROUND8_TWIN_LAYOUTS, pages_per_layout, seed)


def held_out_pages(dev: Sequence[SourceArticle], pages_per_layout: int = 40, seed: int = 13) -> list[Page]:
    """The held-out layouts built from PolNeAR dev articles."""
    return build_pages(dev, HELD_OUT_LAYOUTS, pages_per_layout, seed)


def new_held_out_pages(dev: Sequence[SourceArticle], pages_per_layout: int = 40, seed: int = 13) -> list[Page]:
    """The new held-out layouts (no train twin) built from PolNeAR dev articles."""
    return build_pages(dev, NEW_HELD_OUT_LAYOUTS, pages_per_layout, seed + 1)


def round3_held_out_pages(dev: Sequence[SourceArticle], pages_per_layout: int = 40, seed: int = 13) -> list[Page]:
    """The round-3 held-out layouts (three with a train twin, two never tuned) built from
    PolNeAR dev articles."""
    return build_pages(dev, ROUND3_HELD_OUT_LAYOUTS, pages_per_layout, seed + 2)


def round4_held_out_pages(dev: Sequence[SourceArticle], pages_per_layout: int = 40, seed: int = 13) -> list[Page]:
    """The round-4 held-out layouts (never tuned when written; train twins since round 5)
    built from PolNeAR dev articles."""
    return build_pages(dev, ROUND4_HELD_OUT_LAYOUTS, pages_per_layout, seed + 3)


def round5_held_out_pages(dev: Sequence[SourceArticle], pages_per_layout: int = 40, seed: int = 13) -> list[Page]:
    """The round-5 held-out layouts (never tuned when written; train twins since round 6)
    built from PolNeAR dev articles."""
    return build_pages(dev, ROUND5_HELD_OUT_LAYOUTS, pages_per_layout, seed + 4)


def round6_held_out_pages(dev: Sequence[SourceArticle], pages_per_layout: int = 40, seed: int = 13) -> list[Page]:
    """The round-6 held-out layouts (never tuned when written; train twins since round 7)
    built from PolNeAR dev articles."""
    return build_pages(dev, ROUND6_HELD_OUT_LAYOUTS, pages_per_layout, seed + 5)


def round7_held_out_pages(dev: Sequence[SourceArticle], pages_per_layout: int = 40, seed: int = 13) -> list[Page]:
    """The round-7 held-out layouts (never tuned until round 8, train twins since) built from
    PolNeAR dev articles."""
    return build_pages(dev, ROUND7_HELD_OUT_LAYOUTS, pages_per_layout, seed + 6)


def round8_held_out_pages(dev: Sequence[SourceArticle], pages_per_layout: int = 40, seed: int = 13) -> list[Page]:
    """The round-8 held-out layouts (never tuned) built from PolNeAR dev articles."""
    return build_pages(dev, ROUND8_HELD_OUT_LAYOUTS, pages_per_layout, seed + 7)


# ----------------------------------------------------------------------------------------
# Random layouts: every element of a Layout drawn at random, label wording drawn from the
# generic words of the articles themselves (never a hand list of "known" labels).

_RULE_CHARS = "-=*_~#•·─═—+"
_SEP_MARKS = ("→", "»", "›", "…", ">>", ":", "▸")
_BULLETS = ("•", "▶", "■", "►", "*", "-", "»", "◆", "▪", "📰", "🔹", "➤")
_JOINERS = (", ", " | ", " · ", " — ", " - ", " / ", " • ")
_DASHES = ("—", "–", "-", "--", ":")
_DATE_STYLES = ("long", "day-month", "iso", "us-numeric", "abbr", "rfc", "weekday")
_TIME_STYLES = ("a.m.", "AM", "24h", "ET")

#: The elements a random layout may have, in the order the breakdown prints them.
ELEMENTS: tuple[str, ...] = (
    "separator", "varying separator", "trailing separator", "no separator", "extra gap",
    "repeated title", "byline", "byline block", "credit", "kicker", "interstitial", "dateline",
    "title suffix", "title style", "numbering", "sentence case", "wrap",
    "single-newline paragraphs", "title glued to body",
)


def generic_words(articles: Sequence[SourceArticle], min_share: float = 0.03,
                  max_share: float = 0.3) -> list[str]:
    """Lower-case words of 4 to 10 letters found in between ``min_share`` and ``max_share`` of
    the articles (document frequency): the generic words of news text, the pool random layouts
    draw their label wording from. Sorted, so a seeded draw gives the same words."""
    df: dict[str, int] = {}
    for a in articles:
        for w in set(re.findall(r"(?<![\w'’-])[a-z]{4,10}(?![\w'’-])", " ".join(a.paragraphs))):
            df[w] = df.get(w, 0) + 1
    n = len(articles)
    return sorted(w for w, c in df.items() if min_share * n <= c <= max_share * n)


_VOCAB_CACHE: dict[str, list[str]] = {}


def _default_vocab() -> list[str]:
    """Generic words of the PolNeAR train articles (cached); a few words if PolNeAR is missing."""
    if "train" not in _VOCAB_CACHE:
        try:
            _VOCAB_CACHE["train"] = generic_words(load_polnear("train"))
        except OSError:
            _VOCAB_CACHE["train"] = ["news", "today", "update", "report", "story", "world", "daily"]
    return _VOCAB_CACHE["train"]


def _key(s: str) -> int:
    return zlib.crc32(s.encode("utf-8"))


def _cased(words: Sequence[str], style: str) -> str:
    text = " ".join(words)
    if style == "upper":
        return text.upper()
    if style == "title":
        return " ".join(w[:1].upper() + w[1:] for w in words)
    if style == "sentence":
        return text[:1].upper() + text[1:]
    return text


def _fmt_time(key: str, style: str) -> str:
    h = _key(key)
    hour, minute = h % 24, (h // 24) % 60
    h12 = hour % 12 or 12
    return {"a.m.": f"{h12}:{minute:02d} {'a.m.' if hour < 12 else 'p.m.'}",
            "AM": f"{h12}:{minute:02d} {'AM' if hour < 12 else 'PM'}",
            "24h": f"{hour:02d}:{minute:02d}",
            "ET": f"{h12}:{minute:02d} {'a.m.' if hour < 12 else 'p.m.'} ET"}[style]


def _kind(fn: Callable, kind: str) -> Callable:
    """Tag a generated function with the kind of line it prints (for the breakdown)."""
    fn.kind = kind  # type: ignore[attr-defined]
    return fn


def _words(rng: random.Random, vocab: Sequence[str], lo: int, hi: int) -> list[str]:
    return [rng.choice(vocab) for _ in range(rng.randint(lo, hi))]


def _random_date_fn(rng: random.Random) -> Callable[[SourceArticle], str]:
    """A date (in one of several formats), sometimes with a clock time."""
    style = rng.choice(_DATE_STYLES)
    tstyle = rng.choice(_TIME_STYLES) if rng.random() < 0.3 else None
    joiner = rng.choice((" ", ", ", " at ", " | ", " · "))
    if tstyle is None:
        return lambda a: _fmt_date(a.published, style)
    return lambda a: _fmt_date(a.published, style) + joiner + _fmt_time(a.name, tstyle)


def _random_meta_line(rng: random.Random, vocab: Sequence[str],
                      kinds: Sequence[str] | None = None) -> Callable[[SourceArticle], str]:
    """One metadata line under a title: a byline, a date, source and date, a reading time, a
    caption credit; its labels are random generic words, its structure a random pick."""
    kind = rng.choice(kinds or ("by-author", "author-date", "date", "word-date", "publisher-date",
                                "read-time", "caption"))
    joiner = rng.choice(_JOINERS)
    when = _random_date_fn(rng)
    if kind == "by-author":
        prefix = rng.choice(("By", "BY", "by", _cased(_words(rng, vocab, 1, 1), "title") + ":",
                             _cased(_words(rng, vocab, 1, 1), "sentence") + " by"))
        return _kind(lambda a: f"{prefix} {a.author}", kind)
    if kind == "author-date":
        return _kind(lambda a: f"{a.author}{joiner}{when(a)}", kind)
    if kind == "date":
        return _kind(when, kind)
    if kind == "word-date":
        word = _cased(_words(rng, vocab, 1, 2), rng.choice(("title", "sentence", "upper")))
        return _kind(lambda a: f"{word} {when(a)}", kind)
    if kind == "publisher-date":
        return _kind(lambda a: f"{_publisher(a)}{joiner}{when(a)}", kind)
    if kind == "read-time":
        unit = rng.choice(("min", "minute", "mins"))
        word = rng.choice(vocab)
        with_pub = rng.random() < 0.5

        def read(a: SourceArticle) -> str:
            n = max(1, round(sum(len(p.split()) for p in a.paragraphs) / 230))
            return (f"{_publisher(a)}{joiner}" if with_pub else "") + f"{n} {unit} {word}"
        return _kind(read, kind)
    label = _cased(_words(rng, vocab, 1, 1), rng.choice(("title", "upper")))
    slash = rng.choice(("/", " | ", " for "))
    return _kind(lambda a: f"{label}: {a.author}{slash}{_publisher(a)}", "caption")


def _random_byline(rng: random.Random, vocab: Sequence[str]) -> Callable[[SourceArticle], str]:
    """A line under each title, or (one time in four) a block of two or three such lines."""
    if rng.random() < 0.25:
        lines = [_random_meta_line(rng, vocab) for _ in range(rng.randint(2, 3))]
        return _kind(lambda a: "\n".join(f(a) for f in lines), "block")
    return _random_meta_line(rng, vocab)


def _random_credit(rng: random.Random, vocab: Sequence[str]) -> Callable[[SourceArticle], str]:
    """A line closing each article: copyright, source and date, "<words> <Source>", a list of
    tags, "<words> <Author>"."""
    kind = rng.choice(("copyright", "publisher-date", "words-publisher", "tags", "words-author"))
    if kind == "copyright":
        mark = rng.choice(("©", "(c)", "Copyright", "Copyright ©"))
        return _kind(lambda a: f"{mark} {a.published[:4] if a.published[:4].isdigit() else '2016'} "
                               f"{_publisher(a)}", kind)
    if kind == "publisher-date":
        joiner, when = rng.choice(_JOINERS), _random_date_fn(rng)
        return _kind(lambda a: f"{_publisher(a)}{joiner}{when(a)}", kind)
    if kind == "words-publisher":
        words = _cased(_words(rng, vocab, 1, 4), rng.choice(("sentence", "title")))
        return _kind(lambda a: f"{words} {_publisher(a)}", kind)
    if kind == "tags":
        label = _cased(_words(rng, vocab, 1, 1), rng.choice(("title", "upper")))
        style = rng.choice(("title", "lower", "sentence"))
        pool = [_cased(_words(rng, vocab, 1, 2), style) for _ in range(rng.randint(6, 12))]
        sep = rng.choice((", ", " | ", " · ", "; "))
        count = rng.randint(2, 4)

        def tags(a: SourceArticle) -> str:
            h = _key(a.name)
            picks = list(dict.fromkeys(pool[(h + 7 * j) % len(pool)] for j in range(count)))
            return f"{label}: " + sep.join(picks)
        return _kind(tags, kind)
    words = _cased(_words(rng, vocab, 1, 3), "sentence")
    paren = rng.random() < 0.4
    return _kind(lambda a: f"({words} {a.author})" if paren else f"{words} {a.author}", kind)


def _random_separator(rng: random.Random, vocab: Sequence[str]) -> str:
    """A separator line: a rule of symbols, or a few random words with or without a mark."""
    kind = rng.choice(("rule", "spaced", "words"))
    if kind == "rule":
        return rng.choice(_RULE_CHARS) * rng.randint(3, 30)
    if kind == "spaced":
        return " ".join([rng.choice(_RULE_CHARS)] * rng.randint(3, 5))
    words = _cased(_words(rng, vocab, 1, 4), rng.choice(("title", "sentence", "upper", "lower")))
    r = rng.random()
    if r < 0.3:
        return f"{words} {rng.choice(_SEP_MARKS)}"
    if r < 0.45:
        return f"{rng.choice(_SEP_MARKS)} {words}"
    return words


def _random_separator_for(rng: random.Random, vocab: Sequence[str]) -> Callable[[SourceArticle, int, int], str]:
    """A separator line whose wording differs between articles: "<Label>: <next title>",
    "<Word> 2 of 5", "2/5", "<Word> #2"."""
    kind = rng.choice(("next-title", "k-of-n", "k/n", "word-k"))
    word = _cased(_words(rng, vocab, 1, 2), rng.choice(("title", "upper", "sentence")))
    if kind == "next-title":
        return _kind(lambda a, k, n: f"{word}: {a.title}", kind)
    if kind == "k-of-n":
        return _kind(lambda a, k, n: f"{word} {k} of {n}", kind)
    if kind == "k/n":
        dash = rng.choice(("", "— ", "- "))
        return _kind(lambda a, k, n: f"{dash}{k}/{n}{' ' + dash.strip() if dash else ''}", kind)
    return _kind(lambda a, k, n: f"{word} #{k}", kind)


def random_layout(rng: random.Random, name: str, vocab: Sequence[str] | None = None) -> Layout:
    """A layout with every element drawn at random: a separator (fixed wording, or wording
    that differs per article) or none, the gaps around it, between articles, between
    paragraphs and under the title, a repeated title, a byline or metadata block, a credit
    line, a kicker label, an interstitial line, a dateline, a title suffix, a title style
    (capitals, a label, a heading marker, a bullet, bold markers), numbering, sentence case
    and hard wrapping. Each element is present with a moderate probability, so many
    combinations occur. Label wording is drawn from ``vocab`` (generic words of the
    articles; by default of PolNeAR train)."""
    vocab = list(vocab) if vocab else _default_vocab()
    kw: dict = {}
    if rng.random() < 0.5:
        if rng.random() < 0.25:
            kw["separator_for"] = _random_separator_for(rng, vocab)
        else:
            kw["separator"] = _random_separator(rng, vocab)
            kw["trailing_separator"] = rng.random() < 0.3
        kw["around_separator"] = rng.choices(("\n\n", "\n", "\n\n\n"), (0.6, 0.2, 0.2))[0]
    else:
        kw["gap_between"] = rng.choices(("\n\n", "\n\n\n", "\n\n\n\n"), (0.6, 0.2, 0.2))[0]
    kw["paragraph_join"] = rng.choices(("\n\n", "\n", "\n\n\n"), (0.7, 0.2, 0.1))[0]
    kw["title_body_gap"] = rng.choices(("\n\n", "\n", "\n\n\n"), (0.6, 0.3, 0.1))[0]
    kw["repeat_title"] = rng.random() < 0.2
    if rng.random() < 0.4:
        kw["byline"] = _random_byline(rng, vocab)
        kw["byline_gap"] = rng.choice(("\n", "\n\n"))
    if rng.random() < 0.3:
        kw["credit"] = _random_credit(rng, vocab)
    if rng.random() < 0.2:
        style = rng.choice(("upper", "title"))
        kickers = [_cased(_words(rng, vocab, 1, 3), style) for _ in range(rng.randint(3, 6))]
        kw["kicker"] = _kind(lambda a: kickers[_key(a.title) % len(kickers)], "kicker")
        kw["kicker_gap"] = rng.choices(("\n", "\n\n"), (0.8, 0.2))[0]
    if rng.random() < 0.2:
        if rng.random() < 0.5:
            kw["interstitial"] = _cased(_words(rng, vocab, 1, 2), rng.choice(("upper", "title")))
        else:
            link_label = _cased(_words(rng, vocab, 1, 1), rng.choice(("title", "upper")))
            heads = [_cased(_words(rng, vocab, 5, 9), rng.choice(("title", "sentence")))
                     for _ in range(4)]
            kw["interstitial"] = _kind(lambda a: f"{link_label}: {heads[_key(a.name) % len(heads)]}", "link")
        kw["interstitial_every"] = rng.randint(2, 4)
        kw["interstitial_once"] = rng.random() < 0.4
    if rng.random() < 0.2:
        places = [_cased(_words(rng, vocab, 1, 2), "upper") for _ in range(rng.randint(3, 6))]
        dash = rng.choice(_DASHES)
        agency = _cased(_words(rng, vocab, 1, 1), "upper") if rng.random() < 0.3 else None
        sep = ": " if dash == ":" else f" {dash} "

        def dateline(a: SourceArticle) -> str:
            head = a.paragraphs[0][:40]   # none where the lead has a dateline already
            if "—" in head or "(AP)" in head or "(Reuters)" in head:
                return ""
            return f"{places[_key(a.title) % len(places)]}{f' ({agency})' if agency else ''}{sep}"
        kw["dateline"] = _kind(dateline, "dateline")
    if rng.random() < 0.2:
        suffix_kind = rng.choice(("bar-publisher", "paren-publisher", "dash-publisher", "date", "label",
                                  "time"))
        suffix_when = _random_date_fn(rng)
        suffix_time = rng.choice(_TIME_STYLES)
        suffix_label = _cased(_words(rng, vocab, 1, 1), "upper")
        kw["title_suffix"] = _kind({
            "bar-publisher": lambda a: f" | {_publisher(a)}",
            "paren-publisher": lambda a: f" ({_publisher(a)})",
            "dash-publisher": lambda a: f" - {_publisher(a)}",
            "date": lambda a: f" ({suffix_when(a)})",
            "label": lambda a: f" [{suffix_label}]",
            "time": lambda a: f" — {_fmt_time(a.name, suffix_time)}",
        }[suffix_kind], suffix_kind)
    upper = False
    if rng.random() < 0.25:
        style_kind = rng.choice(("upper", "label", "heading", "bullet", "bold"))
        if style_kind == "upper":
            upper = True
            kw["title_style"] = str.upper
        elif style_kind == "label":
            sections = [_cased(_words(rng, vocab, 1, 2), "upper") for _ in range(rng.randint(3, 6))]
            bar = rng.choice((" | ", ": ", " / ", " › "))
            kw["title_style"] = _kind(lambda t: f"{sections[_key(t) % len(sections)]}{bar}{t}", style_kind)
        elif style_kind == "heading":
            marker = "#" * rng.randint(1, 3)
            kw["title_style"] = _kind(lambda t: f"{marker} {t}", style_kind)
        elif style_kind == "bullet":
            bullet = rng.choice(_BULLETS)
            kw["title_style"] = _kind(lambda t: f"{bullet} {t}", style_kind)
        else:
            kw["title_style"] = _kind(lambda t: f"**{t}**", style_kind)
    if rng.random() < 0.2:
        fmt = rng.choice(("{k}. ", "{k}) ", "{k} - ", "#{k} ", "({k}) ", "{k}: ", "{k} | "))
        kw["numbering"] = _kind(lambda k: fmt.format(k=k), fmt)
    kw["sentence_case"] = not upper and rng.random() < 0.2
    if rng.random() < 0.08:
        kw["wrap"] = rng.randint(60, 80)
    return Layout(name, **kw)


def layout_elements(lay: Layout) -> tuple[str, ...]:
    """The elements (of ``ELEMENTS``) a layout has."""
    has = {
        "separator": lay.separator is not None or lay.separator_for is not None,
        "varying separator": lay.separator_for is not None,
        "trailing separator": lay.trailing_separator and lay.separator is not None and lay.separator_for is None,
        "no separator": lay.separator is None and lay.separator_for is None,
        "extra gap": lay.separator is None and lay.separator_for is None and len(lay.gap_between) > len(lay.paragraph_join),
        "repeated title": lay.repeat_title,
        "byline": lay.byline is not None,
        "byline block": lay.byline is not None and getattr(lay.byline, "kind", "") == "block",
        "credit": lay.credit is not None,
        "kicker": lay.kicker is not None,
        "interstitial": lay.interstitial is not None,
        "dateline": lay.dateline is not None,
        "title suffix": lay.title_suffix is not None,
        "title style": lay.title_style is not None,
        "numbering": lay.numbering is not None,
        "sentence case": lay.sentence_case,
        "wrap": lay.wrap is not None,
        "single-newline paragraphs": lay.paragraph_join == "\n",
        "title glued to body": lay.title_body_gap == "\n",
    }
    return tuple(e for e in ELEMENTS if has[e])


def random_layouts(n_layouts: int, seed: int, vocab: Sequence[str] | None = None) -> list[Layout]:
    """``n_layouts`` random layouts drawn with ``random.Random(seed)``, named
    ``random-<seed>-<k>``."""
    rng = random.Random(seed)
    return [random_layout(rng, f"random-{seed}-{k:02d}", vocab) for k in range(n_layouts)]


def random_pages(articles: Sequence[SourceArticle], n_layouts: int, pages_per_layout: int,
                 seed: int) -> list[Page]:
    """``pages_per_layout`` pages for each of ``n_layouts`` random layouts (layout RNG
    ``seed``, label words from the generic words of ``articles``; articles drawn with RNG
    ``seed + 1``). Each page keeps its layout in ``Page.spec``."""
    layouts = random_layouts(n_layouts, seed, generic_words(articles))
    return build_pages(articles, layouts, pages_per_layout, seed + 1)


def score_random(pages: Sequence[Page], split: Splitter = segment_page) -> dict:
    """Scores of pages built from random layouts: ``ALL``, and per element (``elements``) the
    scores of the pages whose layout has that element."""
    total = Scores()
    per: dict[str, Scores] = {}
    for page in pages:
        pred = split(page.text)
        total.add(page.gold, pred)
        for e in layout_elements(page.spec) if page.spec is not None else ():
            per.setdefault(e, Scores()).add(page.gold, pred)
    return {"ALL": total.record(), "layouts": len({p.layout for p in pages}),
            "elements": {e: per[e].record() for e in ELEMENTS if e in per}}


#: The random groups of ``run``: (articles' split, number of layouts, pages per layout, seed).
RANDOM_GROUPS: dict[str, tuple[str, int, int, int]] = {
    "random_dev": ("dev", 60, 2, 8001),     # held out: dev articles, pages never opened
    "random_train": ("train", 60, 2, 9001),  # may be tuned on
}


#: The blind rounds written by helpers (rounds 9-12; docs/segmentation.md): each builds on
#: this module, so they are imported when used.
BLIND_ROUNDS = (9, 10, 11, 12)


def blind_round_pages(n: int, dev: Sequence[SourceArticle], pages_per_layout: int = 40) -> list[Page]:
    """The pages of blind round ``n`` (from PolNeAR dev, the round's own seed)."""
    import importlib

    mod = importlib.import_module(f"{__package__}.segmentation_round{n}")
    return getattr(mod, f"round{n}_held_out_pages")(dev, pages_per_layout)


def run(polnear: Path = DEFAULT_POLNEAR, seeds: Path | None = DEFAULT_SEEDS,
        pages_per_layout: int = 40, seed: int = 13) -> dict:
    """The whole evaluation: tuning layouts and twins (train), held-out layouts old and new
    (dev), random layouts (dev and train; ``RANDOM_GROUPS``, sizes fixed), negatives, seeds."""
    train, dev = load_polnear("train", polnear), load_polnear("dev", polnear)
    splits = {"train": train, "dev": dev}
    result = {
        "tuning_train": score_pages(tuning_pages(train, pages_per_layout, seed)),
        "held_out_dev": score_pages(held_out_pages(dev, pages_per_layout, seed)),
        "new_held_out_dev": score_pages(new_held_out_pages(dev, pages_per_layout, seed)),
        "round3_held_out_dev": score_pages(round3_held_out_pages(dev, pages_per_layout, seed)),
        "round4_held_out_dev": score_pages(round4_held_out_pages(dev, pages_per_layout, seed)),
        "round5_held_out_dev": score_pages(round5_held_out_pages(dev, pages_per_layout, seed)),
        "round6_held_out_dev": score_pages(round6_held_out_pages(dev, pages_per_layout, seed)),
        "round7_held_out_dev": score_pages(round7_held_out_pages(dev, pages_per_layout, seed)),
        "round8_held_out_dev": score_pages(round8_held_out_pages(dev, pages_per_layout, seed)),
        **{f"round{n}_held_out_dev": score_pages(blind_round_pages(n, dev, pages_per_layout))
           for n in BLIND_ROUNDS},
        **{group: score_random(random_pages(splits[split], n, per, rseed))
           for group, (split, n, per, rseed) in RANDOM_GROUPS.items()},
        "negatives": negatives([*train, *dev]),
    }
    if seeds is not None and seeds.is_dir():
        result["seeds"] = seed_report(seeds)
    return result


def describe_failures(pages: Sequence[Page], limit: int = 20) -> list[str]:
    """Human-readable account of the pages that are not split exactly: per page, the gold
    titles that were missed and the predicted boundaries that are wrong, each with the line
    of the page where it happens. Meant for the *tuning* pages only (``--failures``)."""
    out: list[str] = []
    for page in pages:
        pred = segment_page(page.text)
        if list(pred) == list(page.gold):
            continue
        pred_titles = {s.title for s in pred if s.title is not None}
        g, p = _starts(page.gold), _starts(pred)
        out.append(f"[{page.layout}] gold {len(page.gold)} segments, predicted {len(pred)}")
        for s in page.gold:
            if s.title not in pred_titles:
                start = s.title.start if s.title else s.body.start
                kind = "missed boundary" if start in g - p else "title span wrong"
                body_len = len(s.body)
                out.append(f"    {kind}: {s.title.text(page.text)[:100]!r} (body {body_len} chars)")
        for start in sorted(p - g):
            line = page.text[start:page.text.find("\n", start) if "\n" in page.text[start:] else None]
            out.append(f"    false boundary: {line[:100]!r}")
        if len(out) >= limit * 4:
            break
    return out


def _print_table(title: str, table: dict[str, dict]) -> None:
    print(f"\n{title}")
    print(f"{'layout':36} {'pages':>5} {'exact':>5} {'t-ok':>5} {'bnd P':>6} {'bnd R':>6} {'titles':>13} {'bodies':>7}")
    for name, r in table.items():
        print(f"{name:36} {r['pages']:5d} {r['pages_exact']:5d} {r['pages_titles_right']:5d} "
              f"{r['boundary_precision']:6.3f} "
              f"{r['boundary_recall']:6.3f} {r['titles_exact']:6d}/{r['titles']:<6d} {r['bodies_exact']:7d}")


def _print_random(title: str, res: dict) -> None:
    """One summary row, then per element the pages exact among the pages whose layout has it."""
    _print_table(title, {"ALL": res["ALL"]})
    print("  per element (pages exact / pages with it; titles exact / titles):")
    for e, r in res["elements"].items():
        print(f"    {e + ':':28} {r['pages_exact']:4d}/{r['pages']:<4d} titles {r['titles_exact']:5d}/{r['titles']}")


def main(argv: list[str] | None = None) -> int:
    """Command line: print the evaluation tables (``--json`` for the raw record)."""
    ap = argparse.ArgumentParser(prog="newstrace eval segmentation", description=__doc__.split("\n")[0])
    ap.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR)
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    ap.add_argument("--pages-per-layout", type=int, default=40)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    ap.add_argument("--failures", metavar="LAYOUT_PREFIX", nargs="?", const="",
                    help="print the failing *tuning* (train) pages, optionally of layouts starting so "
                         "(the random_train pages, layouts 'random-9001-NN', included)")
    args = ap.parse_args(argv)
    if args.failures is not None:
        train = load_polnear("train", args.polnear)
        _, n, per, rseed = RANDOM_GROUPS["random_train"]
        pages = [pg for pg in tuning_pages(train, args.pages_per_layout, args.seed) + random_pages(train, n, per, rseed)
                 if pg.layout.startswith(args.failures)]
        print("\n".join(describe_failures(pages, limit=10**6)))
        return 0
    res = run(args.polnear, args.seeds, args.pages_per_layout, args.seed)
    if args.json:
        json.dump(res, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    _print_table("Tuning layouts and twins of the held-out layouts, round-5 to round-8 twins last "
                 "(pages from PolNeAR train)",
                 res["tuning_train"])
    _print_table("Held-out layouts (pages from PolNeAR dev; their train twins are in the tuning set)",
                 res["held_out_dev"])
    _print_table("New held-out layouts of round 2 (pages from PolNeAR dev; train twins since round 3 "
                 "(caption) and round 5 (caps))", res["new_held_out_dev"])
    _print_table("Round-3 held-out layouts (pages from PolNeAR dev; bare-read-time and "
                 "section-label-* have train twins since round 5)", res["round3_held_out_dev"])
    _print_table("Round-4 held-out layouts (pages from PolNeAR dev; train twins since round 5)",
                 res["round4_held_out_dev"])
    _print_table("Round-5 held-out layouts (pages from PolNeAR dev; train twins since round 6)",
                 res["round5_held_out_dev"])
    _print_table("Round-6 held-out layouts (pages from PolNeAR dev; train twins since round 7)",
                 res["round6_held_out_dev"])
    _print_table("Round-7 held-out layouts (pages from PolNeAR dev; train twins since round 8)",
                 res["round7_held_out_dev"])
    _print_table("Round-8 held-out layouts (pages from PolNeAR dev; never tuned on)",
                 res["round8_held_out_dev"])
    for n in BLIND_ROUNDS:
        later = n < BLIND_ROUNDS[-1]
        _print_table(f"Round-{n} held-out layouts (helper-written, PolNeAR dev; outside the random "
                     f"generator's grammar; scored blind once, "
                     + ("tuned on since)" if later else "never tuned on)"), res[f"round{n}_held_out_dev"])
    for group, (split, n, per, rseed) in RANDOM_GROUPS.items():
        _print_random(f"{group}: {n} random layouts x {per} pages (PolNeAR {split}, layout seed {rseed}"
                      + ("; never tuned on)" if split == "dev" else "; may be tuned on)"), res[group])
    print("\nSingle PolNeAR train+dev articles wrongly split (target 0):")
    for variant, r in res["negatives"].items():
        print(f"  {variant:24} {r['split']}/{r['articles']}" + (f"  e.g. {r['split_names'][:3]}" if r["split"] else ""))
    for name, r in res.get("seeds", {}).items():
        print(f"seed {name}: {r['articles']} article(s)")
        for t in r["titles"]:
            print(f"    title: {t!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
