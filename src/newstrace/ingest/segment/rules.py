"""The rules' thresholds and word lists, read from ``segment_rules.json`` beside this module.

They were tuned only on pages built from PolNeAR *train* articles, including train-built twins
of the held-out layouts (the lab: ``evals/segmentation``; ``docs/segmentation.md``).
Every module of the splitter reads them through :func:`_rules`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


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
