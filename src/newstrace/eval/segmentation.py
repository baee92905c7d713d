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
  line closing each article. They have no twin and are the only never-tuned layouts left.
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
from datetime import date
from pathlib import Path

from ..ingest.segment import Segment, segment_page
from ..model import Span

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


def _iso_to_long(iso: str) -> str:
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.strftime('%B')} {d.day}, {d.year}"


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
    try:
        d = date.fromisoformat(a.published)
        when = f"{d.day} {d.strftime('%B')} {d.year}"
    except ValueError:
        when = a.published
    return f"{_publisher(a)} — {when}"


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

#: Round-7 held-out layouts (dev): none has a twin, none was studied. After round 7 they
#: are the only never-tuned layouts.
NEVER_TUNED_ROUND7: frozenset[str] = frozenset(lay.name for lay in ROUND7_HELD_OUT_LAYOUTS)

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


def build_page(articles: Sequence[SourceArticle], layout: Layout) -> Page:
    """Concatenate ``articles`` in ``layout``; gold body = text after the title line(s)."""
    parts: list[str] = []
    pos = 0
    gold: list[Segment] = []

    def put(s: str) -> int:
        nonlocal pos
        start = pos
        parts.append(s)
        pos += len(s)
        return start

    for k, art in enumerate(articles):
        if k > 0:
            if layout.separator is not None:
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
        title = Span(t0, pos)
        if layout.repeat_title:
            put("\n\n" + shown)
        put(layout.title_body_gap)
        b0 = pos
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
        gold.append(Segment(Span(b0, pos), title))
    if layout.trailing_separator and layout.separator is not None:
        put(layout.around_separator + layout.separator + "\n")
    return Page(layout.name, "".join(parts), gold)


def build_pages(articles: Sequence[SourceArticle], layouts: Sequence[Layout], pages_per_layout: int,
                seed: int = 13, min_articles: int = 3, max_articles: int = 6) -> list[Page]:
    """``pages_per_layout`` pages per layout, each of 3-6 articles drawn without replacement."""
    rng = random.Random(seed)
    pages = []
    for layout in layouts:
        for _ in range(pages_per_layout):
            n = rng.randint(min_articles, max_articles)
            pages.append(build_page(rng.sample(list(articles), n), layout))
    return pages


def _starts(segs: Sequence[Segment]) -> set[int]:
    return {(s.title or s.body).start for s in segs[1:]}


@dataclass(slots=True)
class Scores:
    pages: int = 0
    pages_exact: int = 0          # same number of segments, same title and body spans
    boundary_tp: int = 0
    boundary_fp: int = 0
    boundary_fn: int = 0
    titles: int = 0
    titles_exact: int = 0
    bodies_exact: int = 0

    def add(self, gold: Sequence[Segment], pred: Sequence[Segment]) -> None:
        self.pages += 1
        self.pages_exact += list(gold) == list(pred)
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
            "pages": self.pages, "pages_exact": self.pages_exact,
            "boundary_precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
            "boundary_recall": round(tp / (tp + fn), 4) if tp + fn else 1.0,
            "titles": self.titles, "titles_exact": self.titles_exact,
            "bodies_exact": self.bodies_exact,
        }


def score_pages(pages: Sequence[Page]) -> dict[str, dict]:
    """Scores per layout and ``"ALL"``."""
    per: dict[str, Scores] = {}
    total = Scores()
    for page in pages:
        pred = segment_page(page.text)
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
#: without being headline-shaped must not split those.
NEGATIVE_VARIANTS: dict[str, Callable[[SourceArticle], str]] = {
    "as_is": lambda a: a.raw,
    "headline_without_stop": lambda a: a.title + "\n\n" + "\n\n".join(a.paragraphs),
    "single_newlines": lambda a: a.title + "\n" + "\n".join(a.paragraphs),
    "double_blank_lines": lambda a: a.title + "\n\n\n" + "\n\n\n".join(a.paragraphs),
    "body_only": lambda a: "\n\n".join(a.paragraphs),
    "body_only_single_newlines": lambda a: "\n".join(a.paragraphs),
}


def negatives(articles: Sequence[SourceArticle]) -> dict[str, dict]:
    """For each variant, how many single articles are wrongly split (and which)."""
    out = {}
    for name, render in NEGATIVE_VARIANTS.items():
        split = [a.name for a in articles if len(segment_page(render(a))) != 1]
        out[name] = {"articles": len(articles), "split": len(split), "split_names": split}
    return out


def seed_report(seeds: Path = DEFAULT_SEEDS) -> dict[str, dict]:
    """Segments found in each seed file, with their titles as the page has them."""
    out = {}
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        segs = segment_page(text)
        out[path.name] = {"articles": len(segs),
                          "titles": [s.title.text(text) if s.title else None for s in segs]}
    return out


def tuning_pages(train: Sequence[SourceArticle], pages_per_layout: int = 40, seed: int = 13) -> list[Page]:
    """Pages the rules may be studied on: the tuning layouts and the twins of the held-out
    layouts, all built from PolNeAR train articles."""
    return build_pages(train, TUNING_LAYOUTS + TWIN_LAYOUTS + ROUND5_TWIN_LAYOUTS + ROUND6_TWIN_LAYOUTS
                       + ROUND7_TWIN_LAYOUTS, pages_per_layout, seed)


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
    """The round-4 held-out layouts (never tuned) built from PolNeAR dev articles."""
    return build_pages(dev, ROUND4_HELD_OUT_LAYOUTS, pages_per_layout, seed + 3)


def round5_held_out_pages(dev: Sequence[SourceArticle], pages_per_layout: int = 40, seed: int = 13) -> list[Page]:
    """The round-5 held-out layouts (never tuned) built from PolNeAR dev articles."""
    return build_pages(dev, ROUND5_HELD_OUT_LAYOUTS, pages_per_layout, seed + 4)


def round6_held_out_pages(dev: Sequence[SourceArticle], pages_per_layout: int = 40, seed: int = 13) -> list[Page]:
    """The round-6 held-out layouts (never tuned) built from PolNeAR dev articles."""
    return build_pages(dev, ROUND6_HELD_OUT_LAYOUTS, pages_per_layout, seed + 5)


def round7_held_out_pages(dev: Sequence[SourceArticle], pages_per_layout: int = 40, seed: int = 13) -> list[Page]:
    """The round-7 held-out layouts (never tuned) built from PolNeAR dev articles."""
    return build_pages(dev, ROUND7_HELD_OUT_LAYOUTS, pages_per_layout, seed + 6)


def run(polnear: Path = DEFAULT_POLNEAR, seeds: Path | None = DEFAULT_SEEDS,
        pages_per_layout: int = 40, seed: int = 13) -> dict:
    """The whole evaluation: tuning layouts and twins (train), held-out layouts old and new
    (dev), negatives, seeds."""
    train, dev = load_polnear("train", polnear), load_polnear("dev", polnear)
    result = {
        "tuning_train": score_pages(tuning_pages(train, pages_per_layout, seed)),
        "held_out_dev": score_pages(held_out_pages(dev, pages_per_layout, seed)),
        "new_held_out_dev": score_pages(new_held_out_pages(dev, pages_per_layout, seed)),
        "round3_held_out_dev": score_pages(round3_held_out_pages(dev, pages_per_layout, seed)),
        "round4_held_out_dev": score_pages(round4_held_out_pages(dev, pages_per_layout, seed)),
        "round5_held_out_dev": score_pages(round5_held_out_pages(dev, pages_per_layout, seed)),
        "round6_held_out_dev": score_pages(round6_held_out_pages(dev, pages_per_layout, seed)),
        "round7_held_out_dev": score_pages(round7_held_out_pages(dev, pages_per_layout, seed)),
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
    print(f"{'layout':36} {'pages':>5} {'exact':>5} {'bnd P':>6} {'bnd R':>6} {'titles':>13} {'bodies':>7}")
    for name, r in table.items():
        print(f"{name:36} {r['pages']:5d} {r['pages_exact']:5d} {r['boundary_precision']:6.3f} "
              f"{r['boundary_recall']:6.3f} {r['titles_exact']:6d}/{r['titles']:<6d} {r['bodies_exact']:7d}")


def main(argv: list[str] | None = None) -> int:
    """Command line: print the evaluation tables (``--json`` for the raw record)."""
    ap = argparse.ArgumentParser(prog="newstrace eval segmentation", description=__doc__.split("\n")[0])
    ap.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR)
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    ap.add_argument("--pages-per-layout", type=int, default=40)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    ap.add_argument("--failures", metavar="LAYOUT_PREFIX", nargs="?", const="",
                    help="print the failing *tuning* (train) pages, optionally of layouts starting so")
    args = ap.parse_args(argv)
    if args.failures is not None:
        train = load_polnear("train", args.polnear)
        pages = [pg for pg in tuning_pages(train, args.pages_per_layout, args.seed)
                 if pg.layout.startswith(args.failures)]
        print("\n".join(describe_failures(pages, limit=10**6)))
        return 0
    res = run(args.polnear, args.seeds, args.pages_per_layout, args.seed)
    if args.json:
        json.dump(res, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    _print_table("Tuning layouts and twins of the held-out layouts, round-5, round-6 and round-7 twins last "
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
    _print_table("Round-7 held-out layouts (pages from PolNeAR dev; never tuned on)",
                 res["round7_held_out_dev"])
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
