"""Sourcing profile per article: who is cited, how vaguely, and how much is unsupported.

    sourcing_profiles(results, support) -> {article_id: profile}

A profile holds the counts of named, anonymous, document and unresolved sources (from the
attribution stage's ``speaker.kind``; zero when that stage produced nothing), the named
speakers, the share of the article's sentences its rewrite family does not support (None
for articles in no family), and every vague attribution found by the patterns in
``vague_attributions.txt`` (a data file, so the list can grow without code changes).
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

from ..attribution.speakers.rules import joint_members
from ..model import SPEAKER_KINDS, span_record

PATTERNS_PATH = Path(__file__).with_name("vague_attributions.txt")


@functools.lru_cache(maxsize=4)
def load_patterns(path: str | None = None) -> tuple[re.Pattern, ...]:
    """Compiled vague-attribution patterns (bad lines are skipped, never fatal)."""
    p = Path(path) if path else PATTERNS_PATH
    out = []
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError:
        return ()
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            out.append(re.compile(line, re.IGNORECASE))
        except re.error:
            continue
    return tuple(out)


def vague_attributions(text: str) -> list[dict]:
    """Non-overlapping matches of the vague patterns, as contract spans, in text order."""
    found = []
    for pat in load_patterns():
        for m in pat.finditer(text or ""):
            if m.end() > m.start():
                found.append((m.start(), m.end()))
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out, last_end = [], -1
    for s, e in found:
        if s >= last_end:
            out.append(span_record(_span(s, e), text))
            last_end = e
    return out


def _span(s: int, e: int):
    from ..model import Span

    return Span(s, e)


def sourcing_profile(result, support_records=()) -> dict:
    """The profile of one ArticleResult given its Support records (may be empty)."""
    art = result.article
    kinds = dict.fromkeys(SPEAKER_KINDS, 0)
    named: list[str] = []
    for att in result.attributions or ():
        kind = getattr(att.speaker, "kind", "unresolved") or "unresolved"
        kinds[kind if kind in kinds else "unresolved"] += 1
        if kind == "named" and att.speaker.name:  # a joint speaker counts each member
            named.extend(m for m in joint_members(att.speaker.name) if m not in named)
    sup = list(support_records)
    n_unsup = sum(1 for s in sup if s.status == "unsupported")
    return {
        "article": art.id,
        "sources": kinds,
        "named_speakers": named,
        "sentences": len(result.sentences),
        "in_family": bool(sup),
        "unsupported_sentences": n_unsup,
        "unsupported_share": round(n_unsup / len(sup), 4) if sup else None,
        "vague_attributions": vague_attributions(art.text),
    }


def sourcing_profiles(results, support) -> dict[str, dict]:
    """Profiles of every article, keyed by article id."""
    by_article: dict[str, list] = {}
    for s in support or ():
        by_article.setdefault(s.article, []).append(s)
    return {r.article.id: sourcing_profile(r, by_article.get(r.article.id, ())) for r in results or ()}
