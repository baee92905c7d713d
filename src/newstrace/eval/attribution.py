"""Scoring attributions against PolNeAR gold: per-role span P/R/F1 and attribution-level F1.

What is scored (all counts are summed over articles, i.e. micro-averaged):

* **exact** per role (``source``, ``cue``, ``content``): a predicted span is right when a gold
  span of the same role has exactly the same offsets after stripping surrounding whitespace.
  Spans are deduplicated per article first, so one span shared by two attributions counts once.
* **partial** per role: one-to-one matching in which a predicted and a gold span match when
  their overlap is at least half of the *longer* of the two (so a span twice as long as the
  gold does not match). Matching is greedy by overlap, largest first.
* **attribution**: a predicted attribution is right when its content exactly matches the
  content of a gold attribution whose source and cue also match exactly (a missing gold
  source or cue must be missing in the prediction too). One-to-one.

Gold discontinuous spans are scored as their hull (see :mod:`newstrace.eval.polnear`).
"""
from __future__ import annotations

import time
from pathlib import Path
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..model import Article, Attribution, Span
from .polnear import GoldArticle, GoldAttribution, load_split

ROLES = ("source", "cue", "content")


@dataclass(slots=True)
class Counts:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def add(self, tp: int, n_pred: int, n_gold: int) -> None:
        self.tp += tp
        self.n_pred += n_pred
        self.n_gold += n_gold

    def prf(self) -> dict[str, float | int]:
        p = self.tp / self.n_pred if self.n_pred else 0.0
        r = self.tp / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4),
                "tp": self.tp, "pred": self.n_pred, "gold": self.n_gold}


def _norm(span: Span | None, text: str) -> Span | None:
    if span is None:
        return None
    s = span.strip(text)
    return s if len(s) else None


def exact_matches(pred: Iterable[Span], gold: Iterable[Span]) -> tuple[int, int, int]:
    """(true positives, #pred, #gold) for exact span matching over deduplicated sets."""
    ps, gs = set(pred), set(gold)
    return len(ps & gs), len(ps), len(gs)


def partial_matches(pred: Iterable[Span], gold: Iterable[Span], threshold: float = 0.5) -> tuple[int, int, int]:
    """(true positives, #pred, #gold) with one-to-one matching at overlap >= threshold x longer span."""
    ps, gs = sorted(set(pred)), sorted(set(gold))
    pairs = []
    for i, p in enumerate(ps):
        for j, g in enumerate(gs):
            ov = p.overlap(g)
            if ov and ov >= threshold * max(len(p), len(g)):
                pairs.append((ov, i, j))
    pairs.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    tp = 0
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        tp += 1
    return tp, len(ps), len(gs)


def attribution_matches(pred: Sequence[tuple[Span | None, Span | None, Span | None]],
                        gold: Sequence[tuple[Span | None, Span | None, Span | None]]) -> tuple[int, int, int]:
    """(true positives, #pred, #gold) over (source, cue, content) triples, exact and one-to-one."""
    remaining = list(gold)
    tp = 0
    for triple in pred:
        if triple in remaining:
            remaining.remove(triple)
            tp += 1
    return tp, len(pred), len(gold)


class Scorer:
    """Accumulates counts over articles; :meth:`metrics` gives the report dict."""

    def __init__(self) -> None:
        self.exact = {r: Counts() for r in ROLES}
        self.partial = {r: Counts() for r in ROLES}
        self.attribution = Counts()
        self.articles = 0

    def add(self, text: str, pred: Sequence[Attribution], gold: Sequence[GoldAttribution]) -> None:
        self.articles += 1
        p_triples = [(_norm(a.source, text), _norm(a.cue, text), _norm(a.content, text)) for a in pred]
        g_triples = [(_norm(g.source, text), _norm(g.cue, text), _norm(g.content, text)) for g in gold]
        for k, role in enumerate(ROLES):
            ps = [t[k] for t in p_triples if t[k] is not None]
            gs = [t[k] for t in g_triples if t[k] is not None]
            self.exact[role].add(*exact_matches(ps, gs))
            self.partial[role].add(*partial_matches(ps, gs))
        p_ok = [t for t in p_triples if t[2] is not None]
        g_ok = [t for t in g_triples if t[2] is not None]
        self.attribution.add(*attribution_matches(p_ok, g_ok))

    def metrics(self) -> dict:
        return {
            "articles": self.articles,
            "exact": {r: self.exact[r].prf() for r in ROLES},
            "partial": {r: self.partial[r].prf() for r in ROLES},
            "attribution": self.attribution.prf(),
        }


def score(golds: Sequence[GoldArticle], predict: Callable[[Article], list[Attribution]]) -> dict:
    """Run ``predict`` over each gold article and score it."""
    scorer = Scorer()
    t0 = time.perf_counter()
    words = 0
    for g in golds:
        scorer.add(g.article.text, predict(g.article), g.attributions)
        words += len(g.article.text.split())
    dt = time.perf_counter() - t0
    m = scorer.metrics()
    m["seconds"] = round(dt, 2)
    m["words"] = words
    return m


def evaluate_polnear(directory: str, limit: int | None = None, system: str = "model") -> dict:
    """Score the attribution stage on a PolNeAR split folder (``DIR/text``, ``DIR/attributions``).

    ``system`` is ``"model"`` (the shipped tagger, :func:`newstrace.attribution.attribute`) or
    ``"rules"`` (the quote-mark and reporting-verb baseline).
    """
    golds = load_split(directory, limit=limit)
    if system == "rules":
        from ..attribution.rules import rule_attributions as predict
    elif system == "model":
        from ..attribution import attribute as predict
    else:
        raise ValueError(f"unknown system {system!r}: use 'model' or 'rules'")
    m = score(golds, predict)
    m["system"] = system
    m["directory"] = str(directory)
    return m


def format_report(metrics: dict) -> str:
    """A small plain-text table of a metrics dict from :func:`evaluate_polnear`."""
    lines = [f"PolNeAR attribution scores ({metrics.get('system', '?')}, {metrics['articles']} articles, "
             f"{metrics.get('seconds', '?')} s)",
             f"{'role':<10}{'exact P':>9}{'R':>7}{'F1':>7}   {'partial P':>9}{'R':>7}{'F1':>7}"]
    for r in ROLES:
        e, p = metrics["exact"][r], metrics["partial"][r]
        lines.append(f"{r:<10}{e['p']:>9.3f}{e['r']:>7.3f}{e['f1']:>7.3f}   {p['p']:>9.3f}{p['r']:>7.3f}{p['f1']:>7.3f}")
    a = metrics["attribution"]
    lines.append(f"{'attrib.':<10}{a['p']:>9.3f}{a['r']:>7.3f}{a['f1']:>7.3f}   "
                 f"(content exact + its source and cue exact; {a['gold']} gold)")
    return "\n".join(lines)


def corpus_sha256(directory: str | Path) -> str:
    """sha256 over the names and bytes of a PolNeAR split's ``text/*.txt`` and
    ``attributions/*.ann`` files (sorted), so a gate knows it scores the same corpus."""
    import hashlib

    directory = Path(directory)
    h = hashlib.sha256()
    for sub, pattern in (("text", "*.txt"), ("attributions", "*.ann")):
        for p in sorted((directory / sub).glob(pattern)):
            h.update(f"{sub}/{p.name}\0".encode())
            h.update(p.read_bytes())
            h.update(b"\0")
    return h.hexdigest()
