"""Speakers that follow from the article's other attributions, decided after the first pass:

* first person inside a quote ("I", "we", "my") is the speaker of the quote that holds it;
  singular first person outside quotes ("I wrote") is the article's one author, when the input
  names one person as author or the text opens with a byline ("By Jane Doe", "Authored by …");
* a quotation that continues the previous paragraph's quote takes its speaker, but only when
  the text shows the continuation: the previous paragraph leaves a quotation open (the
  newspaper convention for a quote running over paragraphs), or the paragraph is nothing but a
  quotation right after a paragraph that ends with a quote of a known speaker.

Nothing here guesses across a paragraph with its own named source.
"""
from __future__ import annotations

import re

from ...model import Article, Attribution, Speaker
from .context import _quoted_intervals
from .rules import FIRST_PERSON, rules

SINGULAR_FIRST_PERSON = frozenset({"i", "me", "my", "myself", "mine"})
# "By Jane Doe", "Authored by Caitlin Johnstone via Medium.com": a byline line near the top.
_BYLINE = re.compile(r"^(?:By|Authored by|Written by)\s+((?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’-]+)\s*(?:$|,|\||via\b|and\b)",
                     re.MULTILINE)
OPENING = "“‘"
CLOSING = "”’"
# a joint source is "named" (its members joined by "; "), so it is known too
KNOWN = ("named", "anonymous")


def inherit_speakers(text: str, attributions: list[Attribution], author: str | None = None) -> None:
    """Fill unresolved speakers of ``attributions`` (one article, in place) from the quotes
    that hold them or that they continue; ``author`` (see :func:`article_author`) speaks
    the singular first person outside quotes."""
    quotes = _quoted_intervals(text)
    for _ in range(2):  # a continued quote may itself hold a first-person source
        changed = False
        for a in attributions:
            if a.speaker.kind != "unresolved":
                continue
            sp = None
            if a.source is not None:
                word = text[a.source.start:a.source.end].strip().lower()
                if word in FIRST_PERSON:
                    sp = _holding_quote_speaker(a, attributions, quotes)
                    if sp is None and author and word in SINGULAR_FIRST_PERSON \
                            and not any(qs <= a.source.start < qe for qs, qe in quotes):
                        sp = Speaker(author, "named", None)
            elif a.content is not None:
                sp = _continued_speaker(text, a, attributions)
            if sp is not None:
                a.speaker = Speaker(sp.name, sp.kind, None)
                changed = True
        if not changed:
            break


def _holding_quote_speaker(a: Attribution, attributions: list[Attribution],
                           quotes: list[tuple[int, int]]) -> Speaker | None:
    """The speaker of the attribution whose content holds ``a``'s source, else of the one whose
    content lies in the same quotation (the tagger gives each word one role, so the outer
    quote's content stops where "I think" begins) with its source outside the quotation."""
    holders = [b for b in attributions if b is not a and b.speaker.kind in KNOWN and b.content is not None
               and b.content.start <= a.source.start and a.source.end <= b.content.end]
    if holders:
        return min(holders, key=lambda b: b.content.end - b.content.start).speaker
    q = next(((qs, qe) for qs, qe in quotes if qs <= a.source.start and a.source.end <= qe), None)
    if q is None:
        return None  # first person outside quotes: the unnamed author
    qs, qe = q
    outer = {id(b): b for b in attributions if b is not a and b.content is not None and b.speaker.kind in KNOWN
             and b.content.start < qe and b.content.end > qs
             and (b.source is None or not (qs <= b.source.start < qe))}
    speakers = {(b.speaker.name, b.speaker.kind) for b in outer.values()}
    if len(speakers) != 1:
        return None  # nobody, or two speakers claim the quote
    return next(iter(outer.values())).speaker


def _paragraph(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end < 0 else end


def _opens_quote(s: str) -> bool:
    """Does the paragraph leave a quotation open?"""
    curly = sum(s.count(c) for c in "“") - sum(s.count(c) for c in "”")
    if curly > 0:
        return True
    return "“" not in s and s.count('"') % 2 == 1


def _continued_speaker(text: str, a: Attribution, attributions: list[Attribution]) -> Speaker | None:
    p_start, p_end = _paragraph(text, a.content.start)
    lead = text[p_start:a.content.start].strip()
    if lead not in ("", '"', "“", "'", "‘"):
        return None  # the content does not open its paragraph
    if any(b is not a and b.source is not None and p_start <= b.source.start < p_end for b in attributions):
        return None  # the paragraph names its own source
    # the previous non-empty paragraph
    j = p_start - 1
    while j > 0 and text[j - 1] in "\n\r \t\xa0":
        j -= 1
    if j <= 0:
        return None
    q_start, q_end = _paragraph(text, j - 1)
    prev = text[q_start:q_end]
    before = [b for b in attributions if b is not a and b.content is not None and q_start <= b.content.start < q_end]
    if not before:
        return None
    last = max(before, key=lambda b: b.content.end)
    if last.speaker.kind not in KNOWN:
        return None
    if _opens_quote(prev):
        return last.speaker
    whole = text[p_start:p_end].strip()
    quoted_para = whole[:1] in ('"', "“") and whole.rstrip(".,!?")[-1:] in ('"', "”")
    prev_ends_quoted = last.kind == "direct" and last.content.end >= q_start + len(prev.rstrip()) - 40
    if quoted_para and prev_ends_quoted:
        return last.speaker
    return None


def article_author(article: Article, doc=None) -> str | None:
    """The article's one author, if it names exactly one person: the input's ``authors``,
    else a byline in the first lines of the text whose name starts with a known first name or
    that spaCy (``doc``) tags as a person ("By Reuters", "By AP Staff" are not people)."""
    names = [a.strip() for a in (article.authors or []) if a and a.strip()]
    if not names:
        text = (article.text or "")[:800]
        for m in _BYLINE.finditer(text):
            first = m.group(1).split()[0].lower().strip(".")
            person = doc is not None and any(e.label_ == "PERSON" and e.start_char <= m.start(1) < e.end_char
                                             for e in doc.ents if e.start_char < 800)
            if first in rules().first_names or person:
                names.append(m.group(1).strip())
    names = list(dict.fromkeys(names))
    if len(names) != 1:
        return None
    words = names[0].split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words) or names[0].isupper():
        return None
    return names[0]
