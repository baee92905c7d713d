"""Speakers that follow from the article's other attributions, decided after the first pass:

* first person inside a quote ("I", "we", "my") is the speaker of the quote that holds it;
  singular first person outside quotes ("I wrote") is the article's one author, when the input
  names one person as author, the text opens with a byline ("By Jane Doe", "Authored by …") or
  closes with an op-ed tagline ("Rudy Giuliani is the former mayor of New York City."); on a
  letters page it is the writer whose signature ("Chris Smith.", "@mdeluzgon.") ends the letter;
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
# The paragraph that signs a letter: only a name or a handle, maybe a place after a comma.
_NAME = r"(?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]+"
_SIGNATURE = re.compile(r"^(?:[—–-]\s*)?(@\w{2,30}|" + _NAME + r")\s*(?:,[^.\n]{1,60})?\.?$")
# An op-ed's closing tagline: "Charlotte Meehan is playwright-in-residence at …".
_TAGLINE = re.compile(r"^(" + _NAME + r")(?:,[^,\n]{1,120},)?\s+(?:is|was)\s+(\S+)")
#: A tagline is one short paragraph.
TAGLINE_MAX_WORDS = 45
OPENING = "“‘"
CLOSING = "”’"
# a joint source is "named" (its members joined by "; "), so it is known too
KNOWN = ("named", "anonymous")


def inherit_speakers(text: str, attributions: list[Attribution], author: str | None = None,
                     signatures: list[tuple[int, str]] | None = None) -> None:
    """Fill unresolved speakers of ``attributions`` (one article, in place) from the quotes
    that hold them or that they continue; the singular first person outside quotes is the
    writer of the letter it stands in (``signatures``, see :func:`letter_signatures`; a
    letter's plural first person too), else ``author`` (see :func:`article_author`)."""
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
                    if sp is None and not any(qs <= a.source.start < qe for qs, qe in quotes):
                        # a letter's writer says "I" and "we"; an author, "I" (an op-ed's
                        # "we" is often the country or the party)
                        writer = _signed_by(signatures or [], a.source.start) or \
                            (author if word in SINGULAR_FIRST_PERSON else None)
                        sp = Speaker(writer, "named", None) if writer else None
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


def _is_person_name(name: str, start: int, doc) -> bool:
    """A known first name, or a name spaCy (``doc``) tags as a person at ``start``."""
    if name.startswith("@"):
        return True
    if name.split()[0].lower().strip(".") in rules().first_names:
        return True
    return doc is not None and any(e.label_ == "PERSON" and e.start_char <= start < e.end_char for e in doc.ents)


def _paragraphs(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos + len(line) - len(line.lstrip()), line.strip()))
        pos += len(line) + 1
    return out


def letter_signatures(text: str, doc=None) -> list[tuple[int, str]]:
    """(start, name) of the paragraphs that sign the letters of a letters page: a paragraph that
    is only a person's name or a handle ("Chris Smith.", "Toni LeAnn Williams, Columbus.",
    "@mdeluzgon."). Two or more make a letters page; a single one counts only as the last
    paragraph of the text (the signature under an op-ed)."""
    paras = _paragraphs(text)
    found = []
    for k, (start, para) in enumerate(paras):
        m = _SIGNATURE.match(para)
        if m and k > 0 and _is_person_name(m.group(1), start + m.start(1), doc):
            name = m.group(1)
            found.append((start, name.title() if name.isupper() else name))  # "JOHN MAHONEY, EXCELSIOR"
    if len(found) == 1:
        # one signature alone: the last paragraph, with a dash or a known first name (spaCy
        # calls "Related Story" a person)
        start, name = found[0]
        para = paras[-1][1]
        if start != paras[-1][0] or not (para[:1] in "—–-" or _is_person_name(name, start, None)):
            return []
    return found


def _signed_by(signatures: list[tuple[int, str]], at: int) -> str | None:
    """The writer whose signature is the first after ``at``."""
    return next((name for start, name in signatures if start > at), None)


def _tagline_author(text: str, doc=None) -> str | None:
    """The writer an op-ed's last paragraph introduces: "Rudy Giuliani is the former mayor of
    New York City." One short paragraph, a person's name, "is"/"was" and what the person is
    (a noun phrase, not a verb: "X is expected to testify" is news, not a tagline)."""
    paras = _paragraphs(text)
    if len(paras) < 2:
        return None
    start, para = paras[-1]
    m = _TAGLINE.match(para)
    if m is None or len(para.split()) > TAGLINE_MAX_WORDS or not _is_person_name(m.group(1), start, doc):
        return None
    nxt = m.group(2).lower().strip(",.")
    if doc is not None:
        tok = next((t for t in doc if t.idx == start + m.start(2)), None)
        if tok is not None and tok.pos_ in ("VERB", "AUX", "ADV", "PART", "ADP"):
            return None
    elif nxt.endswith(("ed", "ing")) or nxt in ("not", "to", "also", "still"):
        return None
    return m.group(1)


def article_author(article: Article, doc=None) -> str | None:
    """The article's one author, if it names exactly one person: the input's ``authors``,
    else a byline in the first lines of the text whose name starts with a known first name or
    that spaCy (``doc``) tags as a person ("By Reuters", "By AP Staff" are not people), else an
    op-ed's closing tagline (:func:`_tagline_author`)."""
    names = [a.strip() for a in (article.authors or []) if a and a.strip()]
    if not names:
        text = (article.text or "")[:800]
        for m in _BYLINE.finditer(text):
            first = m.group(1).split()[0].lower().strip(".")
            person = doc is not None and any(e.label_ == "PERSON" and e.start_char <= m.start(1) < e.end_char
                                             for e in doc.ents if e.start_char < 800)
            if first in rules().first_names or person:
                names.append(m.group(1).strip())
    if not names:
        tagline = _tagline_author(article.text or "", doc)
        names = [tagline] if tagline else []
    names = list(dict.fromkeys(names))
    if len(names) != 1:
        return None
    words = names[0].split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words) or names[0].isupper():
        return None
    return names[0]
