"""Links between aligned sentences and the supported/unsupported status of every sentence
of every family member."""
from __future__ import annotations

import numpy as np

from ..model import Link, Support
from .align import PairAlignment, align_pair
from .corpus import IndexedArticle
from .scoring import SameFactModel

QUOTE_LINK_OVERLAP = 0.5


WINDOW_HALF_SHARE = 0.25
# A link makes the sentence that carries its partner supported only if the partner states
# a fact of its own: at least this many distinct content words, numbers or quoted words.
# Below it the partner is a fragment ("And it's so important.", "one person tweeted.")
# that any long sentence happens to cover. Chosen on PolNeAR *train* rewrites
# (`python -m evals.reuse tune-support`).
MIN_FACT_WORDS = 4


def _tokens(f, searched: bool = False) -> frozenset:
    content = f.content | f.aliases if searched else f.content
    return content | f.numbers | f.quoted


def _contributing_halves(sentence, first, second) -> tuple[bool, bool]:
    """Which halves of an adjacent pair take part in carrying ``sentence``: a half counts
    when it holds at least a quarter of the words the pair shares with the sentence. A
    split sentence has a part of the fact in each half; a colour sentence that merely sits
    next to the one that carries the fact holds none of it and is not linked."""
    s = _tokens(sentence)
    h1, h2 = s & _tokens(first, True), s & _tokens(second, True)
    bar = max(1.0, WINDOW_HALF_SHARE * len(h1 | h2))
    return len(h1) >= bar, len(h2) >= bar


def links_from_alignment(a: IndexedArticle, b: IndexedArticle, al: PairAlignment,
                         threshold: float) -> list[Link]:
    """Each sentence's best partner on the other side (or the sentences of the best
    adjacent pair that take part, for splits and merges), when above the threshold."""
    L = al.link()
    na, nb = L.shape
    chosen: dict[tuple[int, int], float] = {}

    def add(i: int, j: int, s: float) -> None:
        if s > chosen.get((i, j), -1.0):
            chosen[(i, j)] = s

    for i in range(na):
        if nb == 0:
            break
        j = int(L[i].argmax())
        if L[i, j] >= threshold:
            add(i, j, float(L[i, j]))
        if al.ab_win.shape[1]:
            jw = int(al.ab_win[i].argmax())
            sw = float(al.ab_win[i, jw])
            if sw >= threshold and sw > L[i, j]:
                first, second = _contributing_halves(a.facts[i], b.facts[jw], b.facts[jw + 1])
                if first:
                    add(i, jw, sw)
                if second:
                    add(i, jw + 1, sw)
    for j in range(nb):
        if na == 0:
            break
        i = int(L[:, j].argmax())
        if L[i, j] >= threshold:
            add(i, j, float(L[i, j]))
        if al.ba_win.shape[0]:
            iw = int(al.ba_win[:, j].argmax())
            sw = float(al.ba_win[iw, j])
            if sw >= threshold and sw > L[i, j]:
                first, second = _contributing_halves(b.facts[j], a.facts[iw], a.facts[iw + 1])
                if first:
                    add(iw, j, sw)
                if second:
                    add(iw + 1, j, sw)
    out = []
    for (i, j), s in sorted(chosen.items()):
        rel = "same-quote" if al.quote[i, j] >= QUOTE_LINK_OVERLAP else "same-fact"
        out.append(Link(a=a.id, b=b.id, a_span=a.sentences[i], b_span=b.sentences[j], score=s,
                        relation=rel))
    return out


def _copy_key(text: str) -> str:
    """A sentence's text for exact-copy comparison: case and spacing ignored."""
    return " ".join(text.split()).lower()


def _copied_sentences(arts: list[IndexedArticle], fam: list[int]) -> dict[tuple[int, int], set[int]]:
    """(member, sentence index) -> the other members that hold the same sentence word for
    word (case and spacing aside)."""
    keys = {k: [_copy_key(arts[k].text[sp.start:sp.end]) for sp in arts[k].sentences] for k in fam}
    holders: dict[str, set[int]] = {}
    for k in fam:
        for key in keys[k]:
            if key:
                holders.setdefault(key, set()).add(k)
    out = {}
    for k in fam:
        for n, key in enumerate(keys[k]):
            others = holders.get(key, set()) - {k} if key else set()
            if others:
                out[(k, n)] = others
    return out


def support_for_family(arts: list[IndexedArticle], fam: list[int],
                       alignments: dict[tuple[int, int], PairAlignment], threshold: float,
                       links: list[Link] = (), min_fact_words: int | None = None) -> list[Support]:
    """One Support per sentence of each member: ``supported`` when it shares a fact or a
    quote with some sibling, ``unsupported`` when it shares none (an addition).

    A sentence shares a fact when a sibling carries its facts (the directional
    probability) or when it is one end of a link (``links``, from
    :func:`links_from_alignment`): a sentence that carries a sibling's whole fact inside
    a lot of colour ("In a rare and high-stakes meeting …, NATO's Chief of Staff convened
    …" around "A great direct discussion between NATO CoS.") is linked, so it is not an
    addition, although the sibling does not carry everything it says. The partner must
    state a fact of its own (``min_fact_words``, default :data:`MIN_FACT_WORDS`).
    A sentence that a sibling holds word for word is supported too (``score`` 1): the
    same-fact model needs content words, and a contentless line ("___.", "Why?") that a
    rewrite copied would otherwise be flagged as an addition.
    ``score`` is the best evidence either way."""
    if min_fact_words is None:
        min_fact_words = MIN_FACT_WORDS
    best: dict[int, np.ndarray] = {k: np.zeros(len(arts[k].sentences)) for k in fam}
    by: dict[int, list[set[str]]] = {k: [set() for _ in arts[k].sentences] for k in fam}
    for (i, j), al in alignments.items():
        for k, other, s in ((i, j, al.support_a()), (j, i, al.support_b())):
            if len(s) == 0:
                continue
            best[k] = np.maximum(best[k], s)
            for n in np.nonzero(s >= threshold)[0]:
                by[k][int(n)].add(arts[other].id)
    pos = {arts[k].id: k for k in fam}
    index = {k: {span: n for n, span in enumerate(arts[k].sentences)} for k in fam}
    for ln in links:
        ka, kb = pos.get(ln.a), pos.get(ln.b)
        if ka is None or kb is None:
            continue
        na, nb = index[ka].get(ln.a_span), index[kb].get(ln.b_span)
        if na is None or nb is None:
            continue
        for k, n, other, partner in ((ka, na, ln.b, arts[kb].facts[nb]), (kb, nb, ln.a, arts[ka].facts[na])):
            if len(_tokens(partner)) >= min_fact_words:
                by[k][n].add(other)
                best[k][n] = max(best[k][n], ln.score)
    for (k, n), others in _copied_sentences(arts, fam).items():
        by[k][n].update(arts[o].id for o in others)
        best[k][n] = 1.0
    out = []
    for k in sorted(fam, key=lambda x: arts[x].id):
        for n, span in enumerate(arts[k].sentences):
            sup = sorted(by[k][n])
            out.append(Support(article=arts[k].id, span=span,
                               status="supported" if sup else "unsupported",
                               supported_by=sup, score=float(best[k][n])))
    return out
