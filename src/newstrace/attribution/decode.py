"""From per-piece label scores to attributions (source, cue, content) with a kind.

Three small steps, each a pure function:

1. :func:`best_labels` — label sequence from scores: plain argmax, or a Viterbi pass that only
   forbids invalid BIO transitions (``O -> I-X``, ``B-Cue -> I-Source``). No trained transition
   weights (no CRF): the constraint alone fixes the broken spans argmax produces.
2. :func:`label_spans` — runs of one role into character spans.
3. :func:`link` — ties spans into attributions. Every PolNeAR attribution has a cue, so cues
   anchor attributions: each content fragment and each source joins the nearest cue (character
   gap, a paragraph break counting as far), and the content fragments of one cue are joined
   into their hull (the corpus's discontinuous contents, ``"A," he said, "B."``).

Hand-written rather than a library: the linking rules are specific to this annotation scheme.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import numpy as np

from ..model import Span
from .quotes import QUOTE_CLOSERS, QUOTE_OPENERS, SINGLE_CLOSE, SINGLE_OPEN, STRAIGHT, find_quotes

OPENING_MARKS = QUOTE_OPENERS + SINGLE_OPEN + STRAIGHT
CLOSING_MARKS = QUOTE_CLOSERS + SINGLE_CLOSE + STRAIGHT
from .tagging import LABELS, ROLE_OF_LABEL

_N = len(LABELS)


def _allowed() -> np.ndarray:
    ok = np.ones((_N, _N), dtype=bool)  # ok[prev, cur]
    for cur, name in enumerate(LABELS):
        if name.startswith("I-"):
            role = name[2:]
            for prev, pname in enumerate(LABELS):
                ok[prev, cur] = pname in (f"B-{role}", f"I-{role}")
    return ok


_ALLOWED = _allowed()
_START_OK = np.array([not n.startswith("I-") for n in LABELS])

# Added to the B-/I-Content log-scores before decoding: the tagger is slightly too eager
# to extend or open a content span. Chosen by two-fold selection on PolNeAR dev (even and
# odd articles): -0.5 raised content exact F1 on each half by itself (0.622 -> 0.633 and
# 0.627 -> 0.637; whole dev 0.624 -> 0.635), with source and cue unchanged (+-0.002).
# Values from -0.5 to -1.0 score within 0.001 of each other; -0.5 is the smallest.
CONTENT_BIAS = -0.5
_CONTENT_LABELS = np.array([name.endswith("Content") for name in LABELS])


def bias_content(scores: np.ndarray, bias: float = CONTENT_BIAS) -> np.ndarray:
    """``scores`` with ``bias`` added to the content labels (a copy)."""
    out = np.asarray(scores, dtype=np.float64).copy()
    if out.size and bias:
        out[:, _CONTENT_LABELS] += bias
    return out


def log_softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(axis=-1, keepdims=True)
    return x - np.log(np.exp(x).sum(axis=-1, keepdims=True))


def best_labels(scores: np.ndarray, method: str = "viterbi") -> np.ndarray:
    """Label ids (n,) from scores (n, labels). ``method`` is ``argmax`` or ``viterbi``."""
    n = len(scores)
    if n == 0 or method == "argmax":
        return scores.argmax(axis=-1) if n else np.zeros(0, dtype=np.int64)
    lp = log_softmax(scores.astype(np.float64))
    trans = np.where(_ALLOWED, 0.0, -1e9)
    back = np.zeros((n, _N), dtype=np.int64)
    cur = lp[0] + np.where(_START_OK, 0.0, -1e9)
    for i in range(1, n):
        cand = cur[:, None] + trans  # (prev, cur)
        back[i] = cand.argmax(axis=0)
        cur = cand[back[i], np.arange(_N)] + lp[i]
    out = np.zeros(n, dtype=np.int64)
    out[-1] = int(cur.argmax())
    for i in range(n - 1, 0, -1):
        out[i - 1] = back[i, out[i]]
    return out


@dataclass(slots=True, frozen=True)
class RoleSpan:
    role: str  # source | cue | content
    span: Span


def label_spans(labels: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> list[RoleSpan]:
    """Character spans of label runs: a span starts at B-X (or an I-X not following X) and
    continues over I-X."""
    out: list[RoleSpan] = []
    cur_role, s, e = None, 0, 0
    for i, lab in enumerate(labels.tolist()):
        role = ROLE_OF_LABEL[lab]
        is_b = LABELS[lab].startswith("B-")
        if cur_role is not None and (role != cur_role or is_b):
            out.append(RoleSpan(cur_role, Span(s, e)))
            cur_role = None
        if role is None:
            continue
        if cur_role is None:
            cur_role, s = role, int(starts[i])
        e = int(ends[i])
    if cur_role is not None:
        out.append(RoleSpan(cur_role, Span(s, e)))
    return out


class _Gaps:
    """Character gaps between spans, a paragraph break in between adding 1000, and the spans
    of a sorted list within reach of a span (bisect: linking stays near-linear on huge texts)."""

    def __init__(self, text: str):
        self.newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def gap(self, a: Span, b: Span) -> float:
        lo, hi = (a.end, b.start) if a.end <= b.start else (b.end, a.start)
        if hi <= lo:
            return 0.0
        k = bisect_left(self.newlines, lo)
        return (hi - lo) + (1000.0 if k < len(self.newlines) and self.newlines[k] < hi else 0.0)

    @staticmethod
    def near(spans: list[Span], ends: list[int], starts: list[int], x: Span, reach: float) -> range:
        """Indices of ``spans`` (sorted, non-overlapping) that lie within ``reach`` characters of ``x``."""
        return range(bisect_left(ends, x.start - reach), bisect_right(starts, x.end + reach))


@dataclass(slots=True)
class Linked:
    source: Span | None
    cue: Span | None
    content: Span
    fragments: list[Span]


def link(spans: list[RoleSpan], text: str, max_gap: float = 400.0) -> list[Linked]:
    """Attributions from role spans: cues anchor; contents and sources join the nearest cue.

    A content fragment with no cue within ``max_gap`` characters becomes an attribution with
    no cue (and its nearest source, if any within reach); sources with no cue are dropped.
    """
    cues = sorted(r.span for r in spans if r.role == "cue")
    contents = [r.span for r in spans if r.role == "content"]
    sources = sorted(r.span for r in spans if r.role == "source")
    gaps = _Gaps(text)
    c_ends, c_starts = [c.end for c in cues], [c.start for c in cues]
    s_ends, s_starts = [x.end for x in sources], [x.start for x in sources]
    by_cue: dict[int, list[Span]] = {i: [] for i in range(len(cues))}
    orphans: list[Span] = []
    for c in contents:
        near = gaps.near(cues, c_ends, c_starts, c, max_gap)
        best = min(near, key=lambda i: gaps.gap(c, cues[i]), default=None)
        if best is None or gaps.gap(c, cues[best]) > max_gap:
            orphans.append(c)
        else:
            by_cue[best].append(c)
    src_of: dict[int, Span] = {}
    src_gap: dict[int, float] = {}
    for s in sources:
        near = gaps.near(cues, c_ends, c_starts, s, max_gap)
        best = min(near, key=lambda i: gaps.gap(s, cues[i]), default=None)
        if best is None:
            continue
        g = gaps.gap(s, cues[best])
        if g <= max_gap and g < src_gap.get(best, float("inf")):
            src_of[best], src_gap[best] = s, g
    out = []
    for i, cue in enumerate(cues):
        frags = sorted(by_cue[i])
        if not frags:
            continue
        hull = Span(frags[0].start, max(f.end for f in frags))
        out.append(Linked(src_of.get(i), cue, hull, frags))
    for c in orphans:
        near = gaps.near(sources, s_ends, s_starts, c, max_gap / 4)
        best = min((sources[i] for i in near), key=lambda s: gaps.gap(c, s), default=None)
        src = best if best is not None and gaps.gap(c, best) <= max_gap / 4 else None
        out.append(Linked(src, None, c, [c]))
    out.sort(key=lambda a: (a.content.start, a.content.end))
    return out


def kind_of(content: Span, text: str) -> str:
    """``direct`` when the content starts with an opening quote mark and ends with a closing one
    (trailing punctuation allowed: ``"…," he said, "…."`` hulls count), ``partial`` when a
    quotation lies inside it among unquoted words, else ``indirect``."""
    t = text[content.start:content.end].strip()
    if not t:
        return "indirect"
    core = t.rstrip(".,;:!?—–- ")
    if len(core) >= 2 and (core[0] in OPENING_MARKS) and core[-1] in CLOSING_MARKS:
        return "direct"
    quotes = find_quotes(t)
    return "partial" if quotes else "indirect"


def complete_quotes(content: Span, quotes: list) -> Span:
    """Extend a content span that stops inside a closed quotation to that quotation's end
    (and one that starts inside a quotation back to its opening mark): a quotation is
    attributed whole. Quotations never cross paragraphs (:mod:`.quotes`), so neither does this."""
    s, e = content.start, content.end
    for q in quotes:
        if not q.closed:
            continue
        if q.span.start < e < q.span.end and q.span.start >= s:
            e = q.span.end
        if q.span.start < s < q.span.end and q.span.end <= e:
            s = q.span.start
    return Span(s, e)


def snap_to_words(span: Span, text: str) -> Span:
    """Widen a span that starts or ends inside a word to the whole word: the tagger labels
    word pieces, and a run that stops inside a word ("would ensu") means the word."""
    s, e = span.start, span.end
    while 0 < s < len(text) and text[s - 1].isalnum() and text[s].isalnum():
        s -= 1
    while 0 < e < len(text) and text[e - 1].isalnum() and text[e].isalnum():
        e += 1
    return Span(s, e)


def end_at_quotation(content: Span, cue: Span | None, quotes: list) -> Span:
    """A content that opens with a closed quotation and runs on over its own cue
    ("‘…,’ he stated, his voice measured") ends where the quotation ends. A quotation
    split around its attribution ("‘…,’ one insider whispered. ‘…’") keeps its hull, as
    PolNeAR annotates it."""
    if cue is None or not (content.start < cue.start and cue.end <= content.end):
        return content
    first = next((q for q in quotes if q.closed and q.span.start == content.start), None)
    if first is None or first.span.end > cue.start:
        return content
    if any(cue.end <= q.span.start < content.end for q in quotes):
        return content
    return Span(content.start, first.span.end)


def source_in_one_paragraph(source: Span | None, cue: Span | None, text: str) -> Span | None:
    """A source the tagger ran across a paragraph break ("Doug Mills/The New York
    Times\n\nMr. Trump", "More\n\nSpecial counsel ...") is the paragraph's piece next to its
    cue (the last piece when the cue follows, the first when it comes before); the rest is a
    caption, a dateline or a link. 40 of 4,471 sources on Helsinki dev crossed one."""
    if source is None or "\n" not in text[source.start:source.end]:
        return source
    pieces = [m.span() for m in re.finditer(r"[^\n]+", text[source.start:source.end])]
    pieces = [Span(source.start + a, source.start + b).strip(text) for a, b in pieces]
    pieces = [p for p in pieces if len(p)]
    if not pieces:
        return source
    return pieces[0] if cue is not None and cue.end <= source.start else pieces[-1]


def build_attributions(article, starts: np.ndarray, ends: np.ndarray, scores: np.ndarray,
                       method: str = "viterbi", quote_fallback: bool = True, quote_complete: bool = True,
                       content_bias: float = CONTENT_BIAS) -> list:
    """Attributions of ``article`` from per-piece scores (pieces' character offsets given),
    plus, with ``quote_fallback``, untouched quotations tied to a nearby cue
    (:mod:`.quote_fallback`). ``content_bias`` is added to the content labels' scores
    (:data:`CONTENT_BIAS`; 0 decodes the tagger's scores as they are)."""
    from ..model import Attribution
    from .quote_fallback import fallback_links

    text = article.text
    labels = best_labels(bias_content(scores, content_bias), method)
    spans = [RoleSpan(r.role, snap_to_words(r.span.strip(text), text)) for r in label_spans(labels, starts, ends)]
    spans = [r for r in spans if len(r.span)]
    linked = link(spans, text)
    if quote_fallback:
        linked = sorted(linked + fallback_links(text, spans), key=lambda a: (a.content.start, a.content.end))
    if quote_complete:
        all_quotes = find_quotes(text)
        quotes = [q for q in all_quotes if q.closed]
        for lk in linked:
            lk.content = end_at_quotation(complete_quotes(lk.content, quotes), lk.cue, all_quotes)
    out = []
    for n, lk in enumerate(linked, start=1):
        out.append(Attribution(article=article.id, id=f"{article.id}:a{n}", content=lk.content,
                               kind=kind_of(lk.content, text), source=source_in_one_paragraph(lk.source, lk.cue, text),
                               cue=lk.cue))
    return out
