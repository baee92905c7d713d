"""Windows over word pieces, centre-most merging, gold BIO labels."""
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from newstrace.attribution.tagging import (LABEL_ID, batch_inputs, encode, gold_labels, load_tokenizer,
                                           merge_windows, windows)


@given(st.integers(0, 3000), st.integers(2, 300), st.data())
def test_tagging_windows_cover_everything(n, size, data):
    stride = data.draw(st.integers(1, size))
    wins = windows(n, size, stride)
    covered = np.zeros(n, dtype=bool)
    for s, e in wins:
        assert 0 <= s <= e <= n and e - s <= size
        covered[s:e] = True
    assert covered.all()


def test_tagging_merge_takes_most_central_window():
    n, wins = 10, [(0, 6), (4, 10)]
    logits = np.zeros((2, 8, 1), dtype=np.float32)
    logits[0, 1:7, 0] = 1.0  # window 0 says 1
    logits[1, 1:7, 0] = 2.0  # window 1 says 2
    got = merge_windows(n, wins, logits)[:, 0].tolist()
    assert got[:4] == [1.0] * 4 and got[6:] == [2.0] * 4
    assert set(got[4:6]) <= {1.0, 2.0}


def test_tagging_batch_inputs_adds_cls_sep_and_pads():
    x, m, t = batch_inputs(np.arange(1000, 1010), [(0, 4), (4, 10)], types=np.ones(10, dtype=np.int64))
    assert x.shape == (2, 8) and x[0, 0] == 101 and x[0, 5] == 102 and x[0, 6] == 0
    assert m[0].tolist() == [1] * 6 + [0, 0] and t[0, 0] == 0 and t[0, 1] == 1


def test_tagging_gold_labels_and_offsets():
    tok = load_tokenizer()
    text = "The mayor said taxes would rise."
    enc = encode(tok, text)
    assert all(text[s:e].lower() == tok.id_to_token(i).lstrip("#") for i, s, e in
               zip(enc.ids.tolist(), enc.starts.tolist(), enc.ends.tolist()))
    assert enc.upper[0] == 1 and enc.upper[1] == 0
    labels = gold_labels(enc, [("Source", 0, 9), ("Cue", 10, 14), ("Content", 15, 31)])
    names = [k for i in labels for k, v in LABEL_ID.items() if v == i]
    assert names == ["B-Source", "I-Source", "B-Cue", "B-Content", "I-Content", "I-Content", "O"]


def test_tagging_encode_odd_text():
    tok = load_tokenizer()
    for text in ["", " \n ", "“”‘’\"'", "\u200b\ufeff", "é" * 50]:
        enc = encode(tok, text)
        assert len(enc.ids) == len(enc.starts) == len(enc.ends) == len(enc.upper)
        assert all(0 <= s <= e <= len(text) for s, e in zip(enc.starts.tolist(), enc.ends.tolist()))
