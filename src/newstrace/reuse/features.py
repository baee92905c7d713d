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
    return w


@dataclass(slots=True)
class SentenceFacts:
    """What one sentence says, as sets of normalised tokens."""

    content: frozenset[str] = field(default_factory=frozenset)
    names: frozenset[str] = field(default_factory=frozenset)
    numbers: frozenset[str] = field(default_factory=frozenset)
    quoted: frozenset[str] = field(default_factory=frozenset)
    n_words: int = 0

    def merged(self, other: "SentenceFacts") -> "SentenceFacts":
        """The facts of two adjacent sentences read as one (for split/merge alignment)."""
        return SentenceFacts(self.content | other.content, self.names | other.names,
                             self.numbers | other.numbers, self.quoted | other.quoted,
                             self.n_words + other.n_words)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def sentence_facts(text: str, quoted_text: str = "") -> SentenceFacts:
    """Facts of one sentence; ``quoted_text`` is the part of it inside quote marks."""
    toks = words(text)
    content, names, numbers = set(), set(), set()
    for i, tok in enumerate(toks):
        low = tok.lower()
        if _NUMBER.fullmatch(tok):
            numbers.add(tok.replace(",", ""))
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
                         frozenset(quoted), len(toks))


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
    union = a.content | b.content
    jacc = len(a.content & b.content) / len(union) if union else 0.0
    both_num = bool(a.numbers) and bool(b.numbers)
    num_clash = 1.0 if both_num and not (a.numbers & b.numbers) else 0.0
    if a.quoted:
        quote_cover = len(a.quoted & (b.quoted | b.content)) / len(a.quoted)
    else:
        quote_cover = 0.0
    la, lb = max(1, a.n_words), max(1, b.n_words)
    return [float(cosine), _cover(a.content, b.content) if a.content else 0.0,
            _cover(b.content, a.content) if b.content else 0.0, jacc,
            _cover_neutral(a.names, b.names), _cover_neutral(a.numbers, b.numbers), num_clash,
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
    return FactMatrices(c, n, d, q, qc, _counts(c), _counts(n), _counts(d), _counts(q),
                        np.array([f.n_words for f in facts], dtype=np.float64))


def window_matrices(fm: FactMatrices) -> FactMatrices:
    """Rows j = sentences j and j+1 read as one (union of their tokens)."""
    def w(m):
        return (m[:-1] + m[1:]).sign()

    c, n, d, q, qc = (w(x) for x in (fm.content, fm.names, fm.numbers, fm.quoted, fm.quoted_or_content))
    return FactMatrices(c, n, d, q, qc, _counts(c), _counts(n), _counts(d), _counts(q),
                        fm.n_words[:-1] + fm.n_words[1:])


def _div(num: "np.ndarray", den: "np.ndarray", empty: float) -> "np.ndarray":
    out = np.full(num.shape, empty, dtype=np.float64)
    np.divide(num, den, out=out, where=den > 0)
    return out


def _intersections(ma, mb) -> "np.ndarray":
    """Row-by-row shared-token counts of two binary CSR matrices, ``ma @ mb.T``.

    Done densely over the union of the columns the two use: scipy's own product would
    transpose into a 2**22-column index per call, which costs far more than the data."""
    n, m = ma.shape[0], mb.shape[0]
    if ma.nnz == 0 or mb.nnz == 0:
        return np.zeros((n, m))
    cols = np.union1d(ma.indices, mb.indices)
    da = np.zeros((n, len(cols)), dtype=np.float32)
    db = np.zeros((m, len(cols)), dtype=np.float32)
    da[np.repeat(np.arange(n), np.diff(ma.indptr)), np.searchsorted(cols, ma.indices)] = 1.0
    db[np.repeat(np.arange(m), np.diff(mb.indptr)), np.searchsorted(cols, mb.indices)] = 1.0
    return (da @ db.T).astype(np.float64)


def pair_feature_matrix(a: FactMatrices, b: FactMatrices, cos: "np.ndarray | None" = None) -> "np.ndarray":
    """``X[i, j] == pair_features(a_i, b_j, cos[i, j])`` for all pairs, shape (n, m, F)."""
    n, m = len(a), len(b)
    X = np.zeros((n, m, len(FEATURE_NAMES)))
    if n == 0 or m == 0:
        return X
    ic = _intersections(a.content, b.content)
    inn = _intersections(a.names, b.names)
    idg = _intersections(a.numbers, b.numbers)
    iq = _intersections(a.quoted, b.quoted_or_content)
    ca, cb = a.n_content[:, None], b.n_content[None, :]
    if cos is not None:
        X[..., 0] = cos
    X[..., 1] = _div(ic, np.broadcast_to(ca, ic.shape), 0.0)
    X[..., 2] = _div(ic, np.broadcast_to(cb, ic.shape), 0.0)
    X[..., 3] = _div(ic, ca + cb - ic, 0.0)
    X[..., 4] = _div(inn, np.broadcast_to(a.n_names[:, None], inn.shape), 0.5)
    X[..., 5] = _div(idg, np.broadcast_to(a.n_numbers[:, None], idg.shape), 0.5)
    X[..., 6] = ((a.n_numbers[:, None] > 0) & (b.n_numbers[None, :] > 0) & (idg == 0)).astype(float)
    X[..., 7] = _div(iq, np.broadcast_to(a.n_quoted[:, None], iq.shape), 0.0)
    la, lb = np.maximum(1, a.n_words)[:, None], np.maximum(1, b.n_words)[None, :]
    X[..., 8] = np.minimum(la, lb) / np.maximum(la, lb)
    return X
