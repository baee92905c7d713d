"""Fine-tune MiniLM-L6 as a document-level BIO tagger (Source/Cue/Content) on PolNeAR.

Reproduce the shipped model (see ``src/newstrace/models/attribution/PROVENANCE.md``)::

    python -m newstrace.attribution.train --train ../shared/data/polnear/train \\
        --dev ../shared/data/polnear/dev --out build/attribution --seed 13

then export it for CPU inference with ``python -m newstrace.attribution.export``.
Needs torch and transformers (training only; inference runs on onnxruntime). Selection is
on PolNeAR dev: the epoch with the best mean exact F1 of the three roles is kept.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import time
from pathlib import Path

import numpy as np

from ..eval.attribution import Scorer
from ..eval.polnear import load_split
from .decode import build_attributions
from .tagging import LABELS, batch_inputs, encode, gold_labels, load_tokenizer, merge_windows, minilm_dir, windows


def _examples(golds, tok, size: int, stride: int, case_types: bool):
    xs, ys, ts = [], [], []
    for g in golds:
        enc = encode(tok, g.article.text)
        frags = [(role, f.start, f.end) for a in g.attributions for role, fs in a.fragments.items() for f in fs]
        lab = gold_labels(enc, frags)
        for s, e in windows(len(enc), size - 2, stride):
            xs.append(enc.ids[s:e])
            ys.append(lab[s:e])
            ts.append(enc.upper[s:e] if case_types else np.zeros(e - s, dtype=np.int64))
    return xs, ys, ts


def _collate(xs, ys, ts, idx):
    wins = [(0, len(xs[i])) for i in idx]
    width = max(e for _, e in wins) + 2
    x = np.zeros((len(idx), width), dtype=np.int64)
    m = np.zeros_like(x)
    t = np.zeros_like(x)
    y = np.full_like(x, -100)
    for r, i in enumerate(idx):
        k = len(xs[i])
        x[r, 0], x[r, 1:k + 1], x[r, k + 1] = 101, xs[i], 102
        m[r, :k + 2] = 1
        t[r, 1:k + 1] = ts[i]
        y[r, 1:k + 1] = ys[i]
    return x, m, t, y


def predict_golds(model, tok, golds, size: int, stride: int, device, method: str = "viterbi",
                  batch: int = 64, case_types: bool = False):
    """Attributions for each gold article with a torch model (dev selection during training)."""
    import torch

    out = []
    model.eval()
    with torch.no_grad():
        for g in golds:
            enc = encode(tok, g.article.text)
            wins = windows(len(enc), size - 2, stride)
            logits = []
            for b in range(0, len(wins), batch):
                x, m, t = batch_inputs(enc.ids, wins[b:b + batch], enc.upper if case_types else None)
                with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                    lo = model(input_ids=torch.from_numpy(x).to(device),
                               attention_mask=torch.from_numpy(m).to(device),
                               token_type_ids=torch.from_numpy(t).to(device)).logits
                lo = lo.float().cpu().numpy()
                if lo.shape[1] < size:  # pad width so batches stack
                    lo = np.pad(lo, ((0, 0), (0, size - lo.shape[1]), (0, 0)))
                logits.append(lo)
            scores = merge_windows(len(enc), wins, np.concatenate(logits)) if wins else np.zeros((0, len(LABELS)))
            out.append(build_attributions(g.article, enc.starts, enc.ends, scores, method))
    return out


def dev_metrics(golds, preds) -> dict:
    sc = Scorer()
    for g, p in zip(golds, preds):
        sc.add(g.article.text, p, g.attributions)
    return sc.metrics()


def _save(out: Path, state: dict, config, split_mb: float) -> None:
    from safetensors.torch import save_file

    save_file(state, str(out / "model.fp16.safetensors"))
    if split_mb:
        blob = (out / "model.fp16.safetensors").read_bytes()
        part = int(split_mb * 1024 * 1024)
        for i in range(0, len(blob), part):
            (out / f"model.fp16.part{i // part}").write_bytes(blob[i:i + part])
    config.save_pretrained(str(out))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry (also ``newstrace train attribution ...``): train, write the fp16
    weights and ``train_summary.json`` under ``--out``; returns the exit status 0."""
    train(argv)
    return 0


def train(argv: list[str] | None = None) -> dict:
    """Train and select on dev; returns the summary dict (also written to ``train_summary.json``)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", required=True)
    ap.add_argument("--dev", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--base", default=None, help="MiniLM folder (config.json, model.safetensors, tokenizer.json)")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--window", type=int, default=256, help="pieces per window incl. CLS/SEP")
    ap.add_argument("--stride", type=int, default=128, help="training window stride")
    ap.add_argument("--infer-stride", type=int, default=192)
    ap.add_argument("--warmup", type=float, default=0.06)
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--limit", type=int, default=None, help="train on the first N articles (smoke runs)")
    ap.add_argument("--dev-limit", type=int, default=None)
    ap.add_argument("--device", default=None)
    ap.add_argument("--layers", type=int, default=6, help="keep the first N encoder layers (6 = all)")
    ap.add_argument("--case-types", action="store_true",
                    help="feed 'piece starts upper-case' as token type ids (the vocabulary is uncased)")
    ap.add_argument("--split-mb", type=float, default=0, help="also write the fp16 weights in parts of this size")
    args = ap.parse_args(argv)

    import torch
    from transformers import AutoModelForTokenClassification

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    device = torch.device(args.device or ("cuda" if torch.cuda.is_available() else "cpu"))
    base = Path(args.base) if args.base else minilm_dir()
    tok = load_tokenizer(base / "tokenizer.json")
    train = load_split(args.train, limit=args.limit)
    dev = load_split(args.dev, limit=args.dev_limit)
    xs, ys, ts = _examples(train, tok, args.window, args.stride, args.case_types)
    print(f"train: {len(train)} articles, {len(xs)} windows; dev: {len(dev)} articles; device {device}", flush=True)

    model = AutoModelForTokenClassification.from_pretrained(
        str(base), num_labels=len(LABELS), id2label=dict(enumerate(LABELS)),
        label2id={n: i for i, n in enumerate(LABELS)}, dtype=torch.float32,
        num_hidden_layers=args.layers).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    steps = args.epochs * math.ceil(len(xs) / args.batch)
    warm = int(args.warmup * steps)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, warm)) * max(0.0, (steps - s) / max(1, steps - warm)))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    history, best, best_state = [], -1.0, None
    t0 = time.time()
    for ep in range(1, args.epochs + 1):
        model.train()
        order = list(range(len(xs)))
        random.shuffle(order)
        tot = 0.0
        for b in range(0, len(order), args.batch):
            x, m, t, y = (torch.from_numpy(a).to(device) for a in _collate(xs, ys, ts, order[b:b + args.batch]))
            with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                logits = model(input_ids=x, attention_mask=m, token_type_ids=t).logits
            loss = torch.nn.functional.cross_entropy(logits.float().reshape(-1, len(LABELS)), y.reshape(-1),
                                                     ignore_index=-100)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            tot += float(loss.detach())
        preds = predict_golds(model, tok, dev, args.window, args.infer_stride, device,
                              case_types=args.case_types)
        met = dev_metrics(dev, preds)
        ex = met["exact"]
        mean = (ex["source"]["f1"] + ex["cue"]["f1"] + ex["content"]["f1"]) / 3
        rec = {"epoch": ep, "loss": round(tot / max(1, math.ceil(len(order) / args.batch)), 4),
               "source": ex["source"]["f1"], "cue": ex["cue"]["f1"], "content": ex["content"]["f1"],
               "attribution": met["attribution"]["f1"], "mean": round(mean, 4), "elapsed_s": round(time.time() - t0, 1)}
        history.append(rec)
        print(json.dumps(rec), flush=True)
        if mean > best:
            best = mean
            best_state = {k: v.detach().to("cpu", torch.float16).clone() for k, v in model.state_dict().items()}
            best_metrics = met
            _save(out, best_state, model.config, args.split_mb)
        summary = {"args": vars(args), "history": history, "best_mean_exact_f1": best, "dev_metrics": best_metrics,
                   "train_articles": len(train), "train_windows": len(xs), "labels": list(LABELS),
                   "torch": torch.__version__, "device": str(device)}
        (out / "train_summary.json").write_text(json.dumps(summary, indent=1))
    return summary


if __name__ == "__main__":
    main()
