"""The learned half of aggregator-page splitting: a line classifier and its decoder.

Every non-empty line of a page gets one of four classes: the first line of an article's
title, a continuation of a wrapped title, body, or no article at all (separator, kicker,
repeated title, closing line). The classifier is a gradient-boosted tree ensemble
(scikit-learn's ``HistGradientBoostingClassifier``) trained by ``scripts/train_segmenter.py``
on pages built from PolNeAR *train* articles in randomly generated layouts (domain
randomisation, ``evals.segmentation.random_layouts.random_layout``), on the hand-written tuning
layouts, and on single train articles that must stay whole. It is shipped as ONNX
(``models/segmenter/segmenter.onnx``, exported with skl2onnx) and run with onnxruntime, so
the shipped path does not depend on scikit-learn's pickle format.

What is hand-written here, and why: the *features* (a line's shape, the blank lines around
it, how its shape repeats on the page, its position, its neighbours) and the *decoder*
(titles above a threshold, far enough apart; split only into three or more articles). No
library computes layout features of plain-text pages; they are the model's input format.

:func:`learned_split` is used by :func:`newstrace.ingest.segment.segment_page` where the
rules find no split (see its docstring); on its own it returns ``None`` for a page it would
not split.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ..model import Span

__all__ = ["PageLine", "page_lines", "page_features", "decode", "learned_split", "model_info",
           "TITLE", "TCONT", "BODY", "NONE", "N_CLASSES"]

TITLE, TCONT, BODY, NONE = 0, 1, 2, 3   # line classes
N_CLASSES = 4
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "segmenter"


class PageLine(NamedTuple):
    start: int        # offset of the stripped line in the page
    end: int
    text: str         # the stripped line
    blank_before: int  # blank lines between it and the previous non-empty line


def page_lines(text: str) -> list[PageLine]:
    """The page's non-empty lines, stripped, with the number of blank lines before each."""
    out: list[PageLine] = []
    pos = 0
    blanks = 0
    for raw in text.split("\n"):
        s = raw.strip()
        if s:
            st = pos + len(raw) - len(raw.lstrip())
            out.append(PageLine(st, st + len(s), s, blanks))
            blanks = 0
        else:
            blanks += 1
        pos += len(raw) + 1
    return out


# ---------------------------------------------------------------------------- features

_RULE = frozenset("-=*_~#•·─═—+ .|/\\<>")
_BULLETS = frozenset("•▶■►*-»◆▪🔹➤›▸→")
_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
           r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE = re.compile(rf"\b{_MONTHS}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTHS}\b|\b\d{{4}}-\d\d-\d\d\b"
                   r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,", re.I)
_TIME = re.compile(r"\b\d{1,2}:\d\d\b|\b[ap]\.m\.|\b\d{1,2}\s?(?:AM|PM)\b|\bET\b|\bEST\b|\bEDT\b")
_BY = re.compile(r"^(?:by|written by|posted by|from)\b", re.I)
_LABEL = re.compile(r"^[^\s:]{1,20}(?:\s[^\s:]{1,20}){0,2}:\s*\S?")
_NUM = re.compile(r"^(?:\d{1,2}[.):\]]|\(\d{1,2}\)|\[\d{1,2}\]|#\d{1,2}|No\.\s?\d)")
_COPY = re.compile(r"©|\(c\)|copyright|all rights reserved", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")
_UPPER = re.compile(r"[^\W\d_]", re.UNICODE)
_DIGITS = re.compile(r"\d")
_SENT_PUNCT = re.compile(r"[.!?]")
_STOP = frozenset({"the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "is", "at", "by",
                   "with", "as", "from", "that", "this", "it", "be", "are", "was", "his", "her", "he",
                   "she", "they", "has", "have", "not"})


def _shape3(s: str) -> str:
    return "".join("A" if c.isupper() else "a" if c.islower() else "9" if c.isdigit() else c for c in s[:3])


def _line_shape(s: str) -> list[float]:
    n = len(s)
    letters = _UPPER.findall(s)
    nl = max(1, len(letters))
    n_upper = sum(1 for c in letters if c.isupper())
    words = s.split()
    nw = max(1, len(words))
    alw = [w for w in words if w[:1].isalpha()]
    cap = sum(1 for w in alw if w[0].isupper()) / max(1, len(alw))
    last, first = s[-1], s[0]
    return [
        n, len(words), np.log1p(n),
        n_upper / nl, cap,
        len(_DIGITS.findall(s)) / n, len(letters) / n,
        len(_SENT_PUNCT.findall(s)) / nw,
        last == ".", last in "?!", last == ":", last in ",;", last in "\"'”’)", last.isalnum(),
        first.isdigit(), (not first.isalnum()) and first not in "\"'“‘(", first in _BULLETS,
        first in "\"'“‘", first == "(", first.islower(),
        bool(_LABEL.match(s)), bool(_DATE.search(s)), bool(_TIME.search(s)), bool(_BY.match(s)),
        bool(_NUM.match(s)), bool(_COPY.search(s)),
        all(c in _RULE for c in s) or not any(c.isalnum() for c in s),
        "|" in s, " — " in s or " - " in s or " – " in s,
        sum(map(len, words)) / nw,
        s.count(", "), s.count(". "),
        sum(1 for w in words if w.lower() in _STOP) / nw,
    ]


def _is_candidate(s: str) -> bool:
    """Headline-shaped enough to be a possible title (for the distance features)."""
    return 15 <= len(s) <= 200 and s[-1] not in ".,;:" and any(c.isalpha() for c in s)


def _distances(flags: np.ndarray, pos_from: np.ndarray, pos_to: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each line, the distance back to the previous flagged line and on to the next one
    (1e5 where there is none): ``pos_from[i] - pos_to[prev]`` and ``pos_from[next] - pos_to[i]``."""
    n = len(flags)
    prev = np.full(n, 1e5)
    nxt = np.full(n, 1e5)
    last = None
    for i in range(n):
        if last is not None:
            prev[i] = pos_from[i] - pos_to[last]
        if flags[i]:
            last = i
    last = None
    for i in range(n - 1, -1, -1):
        if last is not None:
            nxt[i] = pos_from[last] - pos_to[i]
        if flags[i]:
            last = i
    return prev, nxt


def _containment(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """How many longer lines contain each line (a title repeated in a "Next: <title>" line),
    and how many lines of 15+ characters each line contains."""
    n = len(texts)
    contained = np.zeros(n)
    contains = np.zeros(n)
    joined = "\n".join(texts)
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    for i, s in enumerate(texts):
        if len(s) < 15 or len(s) > 200:
            continue
        k = joined.find(s)
        while k >= 0:
            j = int(np.searchsorted(starts, k, side="right")) - 1
            if j != i and len(texts[j]) > len(s):
                contained[i] += 1
                contains[j] += 1
            k = joined.find(s, k + 1)
    return contained, contains


def page_features(text: str, lines: list[PageLine] | None = None) -> np.ndarray:
    """One row of features per line of :func:`page_lines` (float32)."""
    if lines is None:
        lines = page_lines(text)
    n = len(lines)
    if n == 0:
        return np.zeros((0, 1), dtype=np.float32)
    texts = [ln.text for ln in lines]
    shapes = np.array([_line_shape(s) for s in texts], dtype=float)
    before = np.array([ln.blank_before for ln in lines], dtype=float)
    after = np.append(before[1:], 0.0)
    med = float(np.median(before[1:])) if n > 1 else 0.0
    gmax = float(before[1:].max()) if n > 1 else 0.0
    keys = [
        texts,
        [s.split()[0].lower() for s in texts],
        [_shape3(s) for s in texts],
        [s.split(":", 1)[0].lower() if _LABEL.match(s) else None for s in texts],
        [re.sub(r"\d+", "0", s) for s in texts],
    ]
    counts = [Counter(k) for k in keys]
    rep = np.array([[(c[k[i]] if k[i] is not None else 0) for k, c in zip(keys, counts)] for i in range(n)], float)
    first_share = np.array([[float(k[i] is not None and k[i] == k[0]) for k in keys] for i in range(n)])
    recurring = (rep[:, 0] >= 2) | (rep[:, 4] >= 2)
    cand = np.array([_is_candidate(s) for s in texts])
    starts = np.array([ln.start for ln in lines], float)
    ends = np.array([ln.end for ln in lines], float)
    prev_c, next_c = _distances(cand, starts, ends)
    idx = np.arange(n, dtype=float)
    prev_r, next_r = _distances(recurring, idx, idx)
    contained, contains = _containment(texts)
    # word overlap of the line with the text that follows it and with the text before it
    overlap_next = np.zeros(n)
    overlap_prev = np.zeros(n)
    low = text.lower()
    for i, s in enumerate(texts):
        if len(s) > 200:
            continue
        ws = {w.lower() for w in _WORD.findall(s) if len(w) > 3 and w.lower() not in _STOP}
        if ws:
            e, st = lines[i].end, lines[i].start
            nxt = low[e:e + 1500]
            prv = low[max(0, st - 1500):st]
            overlap_next[i] = sum(w in nxt for w in ws) / len(ws)
            overlap_prev[i] = sum(w in prv for w in ws) / len(ws)
    per = np.column_stack([
        before, after, before - med, after - med, before / (med + 1), after / (med + 1),
        before >= gmax, before > med, after > med, np.full(n, med),
        rep, first_share, recurring,
        np.append([0], recurring[:-1]), np.append(recurring[1:], [0]),
        idx == 0, idx / n, starts / max(1, len(text)), np.full(n, n),
        cand, np.log1p(prev_c), np.log1p(next_c), np.minimum(prev_r, 50), np.minimum(next_r, 50),
        contained, contains, overlap_next, overlap_prev, overlap_next - overlap_prev,
    ])
    own = np.column_stack([shapes, per])
    # the neighbours' shape, gaps and repetition: lines i-2 .. i+2
    ctx_base = np.column_stack([shapes, before, after, rep[:, [0, 4]], cand, overlap_next])
    pad = np.full((2, ctx_base.shape[1]), -1.0)
    padded = np.vstack([pad, ctx_base, pad])
    ctx = [padded[2 + d: 2 + d + n] for d in (-2, -1, 1, 2)]
    return np.column_stack([own, *ctx]).astype(np.float32)


# ---------------------------------------------------------------------------- decoding

def decode(lines: list[PageLine], proba: np.ndarray, threshold: float, min_gap: int = 200,
           min_articles: int = 3) -> list[tuple[Span, Span]] | None:
    """(title, body) spans of each article, or ``None`` if the page is not split.

    A line is a title when its title probability is above ``threshold``; titles closer than
    ``min_gap`` characters keep the more probable one. The page is split only into at least
    ``min_articles`` articles and only if every line before the first title is "no article"
    (a page that opens with body text is one article with extra lines)."""
    n = len(lines)
    if n == 0:
        return None
    lab = proba.argmax(1)
    pt = proba[:, TITLE]
    acc: list[int] = []
    for i in sorted((i for i in range(n) if pt[i] > threshold), key=lambda i: -pt[i]):
        if all(abs(lines[i].start - lines[j].start) >= min_gap for j in acc):
            acc.append(i)
    acc.sort()
    if len(acc) < min_articles or any(lab[j] != NONE for j in range(acc[0])):
        return None
    out = []
    for k, i in enumerate(acc):
        j = i
        while j + 1 < n and lab[j + 1] == TCONT and (j + 1) not in acc:
            j += 1
        title = Span(lines[i].start, lines[j].end)
        nxt = acc[k + 1] if k + 1 < len(acc) else n
        body_lines = [m for m in range(j + 1, nxt) if lab[m] == BODY] or list(range(j + 1, nxt))
        body = (Span(lines[body_lines[0]].start, lines[body_lines[-1]].end) if body_lines
                else Span(title.end, title.end))
        out.append((title, body))
    return out


# ---------------------------------------------------------------------------- the shipped model

@lru_cache(maxsize=1)
def model_info() -> dict:
    """The shipped model's metadata (threshold, feature count, provenance)."""
    return json.loads((MODEL_DIR / "segmenter.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _session():
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(str(MODEL_DIR / "segmenter.onnx"), opts, providers=["CPUExecutionProvider"])


def predict_proba(features: np.ndarray) -> np.ndarray:
    """Class probabilities per line from the shipped ONNX model."""
    sess = _session()
    outs = sess.run(None, {sess.get_inputs()[0].name: features})
    proba = outs[1]
    if isinstance(proba, list):  # skl2onnx's ZipMap output: one dict per row
        proba = np.array([[row[k] for k in range(N_CLASSES)] for row in proba], dtype=np.float32)
    return np.asarray(proba, dtype=np.float32)


def learned_split(text: str) -> list[tuple[Span, Span]] | None:
    """The model's (title, body) spans for an aggregator page, or ``None`` to keep it whole."""
    info = model_info()
    lines = page_lines(text)
    if len(lines) < 2 * info["min_articles"]:  # each article needs a title line and a body line
        return None
    feats = page_features(text, lines)
    if feats.shape[1] != info["n_features"]:  # pragma: no cover - a stale artifact
        from ..errors import ModelArtifactError

        raise ModelArtifactError(f"segmenter model expects {info['n_features']} features, got {feats.shape[1]}; "
                           "retrain it with scripts/train_segmenter.py")
    return decode(lines, predict_proba(feats), info["threshold"], info["min_gap"], info["min_articles"])
