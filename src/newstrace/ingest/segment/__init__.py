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

How it decides. :func:`segment_rules` reads the page in logical lines and judges the splits
of three line layouts (separator lines, numbered titles, bare titles) in a fixed order.
:func:`segment_page` tries, in order, until one finds the page's articles: a decoration on
every line read as blank; indented or underlined titles (where they find at least as many
articles as the rules); the rules' split (which listed titles or stacks under the titles
extend where they find more); then, where the rules keep the page whole, listed titles,
run-in titles, the learned line classifier of :mod:`newstrace.ingest.segment_model`
(trained on synthetic pages built from PolNeAR train, ``scripts/train_segmenter.py``), the
rules after an intro, and stacks under the titles. Both orders are declared as lists in
:mod:`.decision`. On every split, text that belongs to no article is left out. Thresholds
and word lists live in ``segment_rules.json`` beside :mod:`.rules`.

Real pages carry page furniture (:mod:`newstrace.ingest.furniture`: gallery controls, photo
credits, captions, "Related content" teasers, timestamps, prompts). Each logical line carries
its furniture kind, judged by shape on the page alone; a furniture line stays in place (it
opens no gap) but is never a title, kicker or separator. A layout's split is then checked
against the page as a whole (:mod:`.evidence`): repeated titles, titles under a bare clock
time (a live blog's posts), or a page head with one article's byline or timestamp over
"articles" with none mark one article's sections, and the next layout is tried.

The modules:

* :mod:`.rules` — the thresholds and word lists of ``segment_rules.json``;
* :mod:`.shapes` — what one line looks like: a headline, a byline, prose, a rule;
* :mod:`.lines` — the page's logical lines (hard wraps joined, kickers dropped) and the
  lines that recur on it;
* :mod:`.articles` — an article as a :class:`Segment` and as line indices, and building them;
* :mod:`.separator`, :mod:`.numbered_titles`, :mod:`.bare_titles` — the line layouts of the
  rules;
* :mod:`.page_layouts` — the page-level layouts: decorated lines, run-in, listed, stacked,
  indented and underlined titles;
* :mod:`.chrome` — the text of a split page that belongs to no article;
* :mod:`.evidence` — page-level evidence that a split's "articles" are one article's sections;
* :mod:`.decision` — :func:`segment_rules` and :func:`segment_page`, with the ordered lists of
  layouts they try.
"""
from __future__ import annotations

from .articles import Segment
from .decision import segment_page, segment_rules
from .shapes import is_title_shaped

__all__ = ["Segment", "segment_page", "segment_rules", "is_title_shaped"]
