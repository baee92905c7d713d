"""Sources that are several speakers: joint sources that name each member ("Trump and Putin",
"Rep. Trey Gowdy, R-S.C., and Sen. John Cornyn") and collective or vague ones ("analysts",
"some Kremlin watchers", "many in Washington", "both sides"), which are anonymous.

Decided on spaCy's parse: coordination hangs on the phrase's root (``conj`` children with a
``cc``), so a conjunction inside an apposition or relative clause ("Fyodor Lukyanov, who chairs
the Council for Foreign and Defense Policies") does not make a group.
"""
from __future__ import annotations

#: Determiners and quantifiers that make a plural (or "side") phrase vague, not a named group.
VAGUE_DETERMINERS = frozenset({"some", "many", "several", "most", "few", "other", "others", "both", "neither",
                               "numerous", "various", "all", "any", "multiple", "dozens", "hundreds", "thousands",
                               "more", "fewer", "plenty", "countless", "no"})
#: Nouns of quantity: "a number of Democrats", "an assortment of members of Congress".
QUANTITY_NOUNS = frozenset({"number", "handful", "majority", "minority", "group", "lot", "couple", "dozen", "host",
                            "range", "assortment", "score", "crowd", "chorus", "bunch", "series", "variety"})
#: Pronoun-like heads that stand for a vague group on their own ("many in Washington").
VAGUE_HEADS = frozenset({"many", "some", "others", "several", "most", "few", "both", "all", "everyone", "everybody",
                         "anyone", "anybody", "nobody", "somebody", "someone", "neither", "either"})


def conjuncts(root, doc_span) -> list:
    """The root and the tokens coordinated with it (``conj`` chains) inside ``doc_span``, in
    text order; just ``[root]`` when nothing is coordinated with a ``cc`` ("and", "or", "&")."""
    out = [root]
    frontier = [root]
    has_cc = any(c.dep_ == "cc" and doc_span.start <= c.i < doc_span.end for c in root.children)
    while frontier:
        t = frontier.pop()
        for c in t.children:
            if c.dep_ == "conj" and doc_span.start <= c.i < doc_span.end:
                out.append(c)
                frontier.append(c)
                has_cc = has_cc or any(x.dep_ == "cc" for x in c.children)
    if len(out) == 1 or not has_cc:
        return [root]
    return sorted(out, key=lambda t: t.i)


def conjunct_span(tok, members: set, doc_span) -> tuple[int, int]:
    """Character span of one conjunct: the unbroken run of its own words around it (its
    subtree without the other conjuncts, the ``cc`` and punctuation), inside ``doc_span``. A
    modifier the parser hangs on one conjunct but that sits after the others ("diplomats and
    officials from Baltic states") is left out, so a conjunct never spans its siblings."""
    own = set()
    stack = [tok]
    while stack:
        t = stack.pop()
        own.add(t.i)
        for c in t.children:
            if c in members or c.dep_ in ("cc", "punct", "preconj"):
                continue
            stack.append(c)
    lo = hi = tok.i
    while lo - 1 >= doc_span.start and lo - 1 in own:
        lo -= 1
    while hi + 1 < doc_span.end and hi + 1 in own:
        hi += 1
    doc = tok.doc
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def is_vague_group(doc_span, anonymous_heads: frozenset[str]) -> bool:
    """"analysts", "some Kremlin watchers", "Private U.S. arms control advocates", "many in
    Washington", "both sides", "Neither side": a group nobody is named in."""
    root = doc_span.root
    if (root.pos_ == "PROPN" and root.ent_type_ != "NORP") or root.ent_type_ in ("PERSON", "ORG", "GPE", "FAC"):
        return False  # "Sanders" (tagged a plural noun), "the Clintons", "Democrats United"
    if root.lower_ in VAGUE_HEADS and root.pos_ in ("PRON", "ADJ", "DET", "NOUN", "NUM"):
        return True
    if root.lemma_.lower() in QUANTITY_NOUNS and any(
            c.dep_ == "prep" and c.lower_ == "of" and any(g.tag_ in ("NNS", "NNPS") for g in c.children)
            for c in root.children):
        return True  # "a number of Democrats", "a handful of Republicans"
    dets = {t.lower_ for t in doc_span if t.i < root.i and t.head == root and t.dep_ in ("det", "amod", "nummod",
                                                                                          "predet", "quantmod")}
    if root.pos_ == "NOUN" and dets & VAGUE_DETERMINERS:
        return True
    if root.tag_ in ("NNS", "NNPS") and root.lemma_.lower() not in ("time", "year"):
        definite = doc_span[0].lower_ in ("the", "these", "those", "this", "that") or \
            any(t.dep_ == "poss" and t.head == root for t in doc_span)
        if definite:
            return False  # "the states", "Trump's aides": a particular group, not vague
        if root.pos_ == "NOUN" or root.ent_type_ == "NORP" or root.lemma_.lower() in anonymous_heads:
            return True  # "analysts", "Authorities", "Republicans", "Russian commentators"
    return False
