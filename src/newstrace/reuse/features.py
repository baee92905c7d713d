"""Sentence facts used to compare sentences across articles, and pair features.

A sentence is reduced to the things a rewrite must keep when it carries the same fact:
its content words (stop words removed, crude suffix stripping so "confirmed" meets
"confirm"), names (capitalised tokens not opening the sentence, acronyms, month names),
numbers, and the words inside quote marks. Pair features compare two such bags; the
calibrated logistic model in :mod:`newstrace.reuse.scoring` turns them into a probability
that the two sentences state the same fact.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

import numpy as np

from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[^\W_]+(?:[’'\-.][^\W_]+)*", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"}
_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
                 "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11",
                 "twelve": "12", "hundred": "100", "thousand": "1000", "million": "1000000",
                 "billion": "1000000000"}
_STOP = {w.lower() for w in STOP_WORDS} | {"said", "says", "say", "according", "told", "’s", "'s"}
# "U.S.", "U.N.": single letters with full stops; compared without the stops, so that
# "U.S." meets "US".
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]\.?")
# lower-case words that may sit inside a multi-word name ("Chief of Staff")
_NAME_JOINERS = {"of", "and", "for", "the", "on", "de", "&"}

FEATURE_NAMES = ("cosine", "cover_a", "cover_b", "jaccard", "name_cover_a", "number_cover_a",
                 "number_clash", "quote_cover_a", "len_ratio")
# The same-fact model uses only features whose effect must be monotone in "b carries a's
# facts" (more of a found in b can never lower the probability); cover_b/jaccard/len_ratio
# are kept for analysis but a linear model extrapolates them wrongly across the range.
MODEL_FEATURES = ("cosine", "cover_a", "name_cover_a", "number_cover_a", "number_clash", "quote_cover_a")
LEXICAL_FEATURE_NAMES = tuple(n for n in MODEL_FEATURES if n != "cosine")
# sign each weight must have: +1 increasing, -1 decreasing
FEATURE_SIGNS = {"cosine": 1, "cover_a": 1, "name_cover_a": 1, "number_cover_a": 1,
                 "number_clash": -1, "quote_cover_a": 1}


def stem(word: str) -> str:
    """A deliberately crude suffix stripper: enough for "confirmed"/"confirms"/"confirm".
    (spaCy lemmas would need the parsed Doc, which the corpus stage does not keep.)"""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suf in ("ingly", "ings", "ing", "edly", "ed", "ies", "es", "s", "ly"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            w = w[: -len(suf)]
            if suf == "ies":
                w += "y"
            break
    # interned: a corpus index holds millions of these tokens over a small vocabulary
    return sys.intern(w)


@dataclass(slots=True)
class SentenceFacts:
    """What one sentence says, as sets of normalised tokens."""

    content: frozenset[str] = field(default_factory=frozenset)
    names: frozenset[str] = field(default_factory=frozenset)
    numbers: frozenset[str] = field(default_factory=frozenset)
    quoted: frozenset[str] = field(default_factory=frozenset)
    n_words: int = 0
    # acronyms of the multi-word names in the sentence ("Chief of Staff" -> "cos", "cs");
    # used only on the side that is searched, so a sentence that abbreviates a name meets
    # a sibling that spells it out
    aliases: frozenset[str] = field(default_factory=frozenset)

    def merged(self, other: "SentenceFacts") -> "SentenceFacts":
        """The facts of two adjacent sentences read as one (for split/merge alignment)."""
        return SentenceFacts(self.content | other.content, self.names | other.names,
                             self.numbers | other.numbers, self.quoted | other.quoted,
                             self.n_words + other.n_words, self.aliases | other.aliases)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def _acronym_key(tok: str) -> str | None:
    """The comparison key of an abbreviation token: "U.S." / "US" -> "us", "CoS" -> "cos";
    None for ordinary words. An all-capitals stop word ("US", "IT") counts only when the
    sentence is not itself in capitals (the caller checks)."""
    if tok[-2:] in ("’s", "'s"):
        tok = tok[:-2]
    if _DOTTED.fullmatch(tok):
        return tok.replace(".", "").lower()
    letters = [c for c in tok if c.isalpha()]
    if 2 <= len(letters) <= 6 and tok[0].isupper() and sum(c.isupper() for c in letters) >= 2:
        return tok.lower()
    return None


def name_acronyms(toks: list[str]) -> set[str]:
    """Acronyms of the runs of capitalised words ("Chief of Staff" -> {"cos", "cs"},
    "North Atlantic Treaty Organization" -> {"nato"}): with and without the lower-case
    joiners. Runs of fewer than two capitalised words give nothing."""
    out: set[str] = set()
    run: list[str] = []

    def flush() -> None:
        while run and run[-1].lower() in _NAME_JOINERS:
            run.pop()
        while run and run[0].lower() in _NAME_JOINERS:  # "The North Atlantic ..."
            run.pop(0)
        caps = [w for w in run if w[0].isupper()]
        if len(caps) >= 2:
            out.add("".join(w[0] for w in run).lower())
            out.add("".join(w[0] for w in caps).lower())
        run.clear()

    for tok in toks:
        if tok[0].isupper() and _acronym_key(tok) is None:
            run.append(tok)
        elif run and tok.lower() in _NAME_JOINERS:
            run.append(tok)
        else:
            flush()
    flush()
    return out


def sentence_facts(text: str, quoted_text: str = "") -> SentenceFacts:
    """Facts of one sentence; ``quoted_text`` is the part of it inside quote marks."""
    toks = words(text)
    content, names, numbers = set(), set(), set()
    shouting = sum(t.isupper() for t in toks) > len(toks) / 2
    for i, tok in enumerate(toks):
        low = tok.lower()
        acr = _acronym_key(tok)
        if acr is not None and (not shouting or low not in _STOP):
            acr = sys.intern(acr)
            names.add(acr)
            content.add(acr)
            continue
        if _NUMBER.fullmatch(tok):
            numbers.add(sys.intern(tok.replace(",", "")))
            continue
        if low in _NUMBER_WORDS:
            numbers.add(_NUMBER_WORDS[low])
            continue
        if low in _MONTHS:
            names.add(low)
        elif tok[0].isupper() and (i > 0 or tok.isupper()) and low not in _STOP and len(tok) > 1:
            names.add(stem(tok))
        if low not in _STOP and len(low) > 1:
            content.add(stem(tok))
    for m in _NUMBER.finditer(text):  # numbers glued to letters: "$2.5bn", "19th"
        numbers.add(m.group(0).replace(",", ""))
    quoted = {stem(t) for t in words(quoted_text) if t.lower() not in _STOP} if quoted_text else set()
    return SentenceFacts(frozenset(content), frozenset(names), frozenset(numbers),
                         frozenset(quoted), len(toks), frozenset(name_acronyms(toks)))


def _cover(a: frozenset, b: frozenset) -> float:
    """Share of ``a`` found in ``b`` (1.0 when ``a`` is empty: nothing to miss)."""
    if not a:
        return 1.0
    return len(a & b) / len(a)


def _cover_neutral(a: frozenset, b: frozenset) -> float:
    """Share of ``a`` found in ``b``; 0.5 (no evidence either way) when ``a`` is empty."""
    return len(a & b) / len(a) if a else 0.5


def pair_features(a: SentenceFacts, b: SentenceFacts, cosine: float = 0.0) -> list[float]:
    """Features of the pair (a, b) in the order of :data:`FEATURE_NAMES`.

    Directional on purpose: ``*_a`` features ask how much of a is found in b, which is
    what decides whether b supports a; ``cover_b`` is the reverse."""
    b_content, b_names = b.content | b.aliases, b.names | b.aliases
    union = a.content | b.content
    jacc = len(a.content & b.content) / len(union) if union else 0.0
    both_num = bool(a.numbers) and bool(b.numbers)
    num_clash = 1.0 if both_num and not (a.numbers & b.numbers) else 0.0
    if a.quoted:
        quote_cover = len(a.quoted & (b.quoted | b.content)) / len(a.quoted)
    else:
        quote_cover = 0.0
    la, lb = max(1, a.n_words), max(1, b.n_words)
    return [float(cosine), _cover(a.content, b_content) if a.content else 0.0,
            _cover(b.content, a.content) if b.content else 0.0, jacc,
            _cover_neutral(a.names, b_names), _cover_neutral(a.numbers, b.numbers), num_clash,
            quote_cover, min(la, lb) / max(la, lb)]


# ---------------------------------------------------------------------------- vectorised
# The same features for all sentence pairs of two articles at once, via sparse binary
# sentence×token matrices (scipy), so aligning two 30-sentence articles is a few sparse
# dense products instead of 900 Python set operations. Token ids are hashed into 2**22 buckets
# within one process (matrices are never persisted; collisions are negligible here).
_DIM = 1 << 22


@dataclass(slots=True)
class FactMatrices:
    """Binary sentence×token matrices of a list of SentenceFacts, and their row counts."""

    content: object
    names: object
    numbers: object
    quoted: object
    quoted_or_content: object
    content_ext: object  # content | aliases: the searched side
    names_ext: object  # names | aliases: the searched side
    n_content: "np.ndarray"
    n_names: "np.ndarray"
    n_numbers: "np.ndarray"
    n_quoted: "np.ndarray"
    n_words: "np.ndarray"

    def __len__(self) -> int:
        return len(self.n_words)


def _binary(rows: list) -> object:
    from scipy.sparse import csr_matrix

    indptr, indices = [0], []
    for toks in rows:
        ids = sorted({hash(t) & (_DIM - 1) for t in toks})
        indices.extend(ids)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return csr_matrix((data, np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
                      shape=(len(rows), _DIM))


def _counts(m) -> "np.ndarray":
    return np.asarray(m.getnnz(axis=1), dtype=np.float64)


def fact_matrices(facts: list[SentenceFacts]) -> FactMatrices:
    c = _binary([f.content for f in facts])
    n = _binary([f.names for f in facts])
    d = _binary([f.numbers for f in facts])
    q = _binary([f.quoted for f in facts])
    qc = _binary([f.quoted | f.content for f in facts])
    ce = _binary([f.content | f.aliases for f in facts])
    ne = _binary([f.names | f.aliases for f in facts])
    return FactMatrices(c, n, d, q, qc, ce, ne, _counts(c), _counts(n), _counts(d), _counts(q),
                        np.array([f.n_words for f in facts], dtype=np.float64))


def window_matrices(fm: FactMatrices) -> FactMatrices:
    """Rows j = sentences j and j+1 read as one (union of their tokens)."""
    def w(m):
        return (m[:-1] + m[1:]).sign()

    c, n, d, q, qc, ce, ne = (w(x) for x in (fm.content, fm.names, fm.numbers, fm.quoted,
                                              fm.quoted_or_content, fm.content_ext, fm.names_ext))
    return FactMatrices(c, n, d, q, qc, ce, ne, _counts(c), _counts(n), _counts(d), _counts(q),
                        fm.n_words[:-1] + fm.n_words[1:])


def _div(num: "np.ndarray", den: "np.ndarray", empty: float) -> "np.ndarray":
    out = np.full(num.shape, empty, dtype=np.float64)
    np.divide(num, den, out=out, where=den > 0)
    return out


def _intersections(ma, mb) -> "np.ndarray":
    """Row-by-row shared-token counts of two binary CSR matrices, ``ma @ mb.T``.

    Both are re-indexed onto the union of the columns they use and multiplied as small
    sparse matrices: scipy's product on the full 2**22 columns would build a huge index per
    call, and a dense BLAS product of such small matrices pays more in thread start-up than
    in arithmetic (6x slower on two busy cores)."""
    from scipy.sparse import csr_matrix

    n, m = ma.shape[0], mb.shape[0]
    if ma.nnz == 0 or mb.nnz == 0:
        return np.zeros((n, m))
    cols = np.union1d(ma.indices, mb.indices)
    a = csr_matrix((ma.data, np.searchsorted(cols, ma.indices), ma.indptr), shape=(n, len(cols)))
    b = csr_matrix((mb.data, np.searchsorted(cols, mb.indices), mb.indptr), shape=(m, len(cols)))
    return (a @ b.T).toarray().astype(np.float64)


def pair_feature_matrix(a: FactMatrices, b: FactMatrices, cos: "np.ndarray | None" = None) -> "np.ndarray":
    """``X[i, j] == pair_features(a_i, b_j, cos[i, j])`` for all pairs, shape (n, m, F)."""
    n, m = len(a), len(b)
    X = np.zeros((n, m, len(FEATURE_NAMES)))
    if n == 0 or m == 0:
        return X
    ic = _intersections(a.content, b.content_ext)
    ic0 = _intersections(a.content, b.content) if b.content_ext.nnz != b.content.nnz else ic
    inn = _intersections(a.names, b.names_ext)
    idg = _intersections(a.numbers, b.numbers)
    iq = _intersections(a.quoted, b.quoted_or_content)
    ca, cb = a.n_content[:, None], b.n_content[None, :]
    if cos is not None:
        X[..., 0] = cos
    X[..., 1] = _div(ic, np.broadcast_to(ca, ic.shape), 0.0)
    X[..., 2] = _div(ic0, np.broadcast_to(cb, ic0.shape), 0.0)
    X[..., 3] = _div(ic0, ca + cb - ic0, 0.0)
    X[..., 4] = _div(inn, np.broadcast_to(a.n_names[:, None], inn.shape), 0.5)
    X[..., 5] = _div(idg, np.broadcast_to(a.n_numbers[:, None], idg.shape), 0.5)
    X[..., 6] = ((a.n_numbers[:, None] > 0) & (b.n_numbers[None, :] > 0) & (idg == 0)).astype(float)
    X[..., 7] = _div(iq, np.broadcast_to(a.n_quoted[:, None], iq.shape), 0.0)
    la, lb = np.maximum(1, a.n_words)[:, None], np.maximum(1, b.n_words)[None, :]
    X[..., 8] = np.minimum(la, lb) / np.maximum(la, lb)
    return X
