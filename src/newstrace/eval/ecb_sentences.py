"""Real cross-outlet sentence pairs from ECB+ event coreference: does the link decision
find sentences of two outlets that share a fact?

PolNeAR rewrites are paraphrased by word substitution, so their link scores say little
about two outlets telling one event in their own words. ECB+ has exactly that: 86 clusters
of articles on one event from different outlets, with *cross-document* coreference of
event mentions (``ACTION_*`` markables) and of their participants, times and places, for
the sentences listed in ``ECBplus_coreference_sentences.csv``. For two annotated
sentences of different articles of one cluster, the label is

- **shares a fact** (positive): they mention the same event instance *and* the same
  participant, time or place instance ("Lohan checked into Betty Ford" / "the actress
  entered the Betty Ford Center on Thursday");
- **no shared event** (negative): no event instance in common;
- pairs that share an event but none of its arguments are left out as ambiguous.

A pair is predicted linked when the calibrated same-fact model gives P ≥ its threshold in
either direction (the alignment's link rule for single sentences). Nothing is fitted on
ECB+: this is a measurement only. Topics 36–45 are the usual ECB+ test topics; the
numbers are reported for them and for all topics.

    newstrace eval reuse ecb-sentences --ecb DIR    # DIR: the ECB+ folder, e.g. ../shared/data/ecbplus
"""
from __future__ import annotations

import csv
import itertools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .reuse import msrp_features, prf

TEST_TOPICS = range(36, 46)


@dataclass(frozen=True, slots=True)
class EcbSentence:
    doc: str          # e.g. "1_10ecbplus"
    number: int       # sentence number in the document (the csv's and the tokens')
    cluster: str      # e.g. "1_ecbplus": one event, several outlets
    topic: int
    text: str
    events: frozenset[str]     # cross-document instance ids of event mentions
    arguments: frozenset[str]  # ... of participants, times, places


@dataclass(frozen=True, slots=True)
class EcbPair:
    a: EcbSentence
    b: EcbSentence
    label: int        # 1 shares a fact, 0 no shared event


_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]}]|n't\b|'(?:s|re|ve|ll|d|m)\b)")
_SPACE_AFTER = re.compile(r"([(\[{$]) ")
_QUOTED = re.compile(r'" ([^"]*?) "')


def detokenize(tokens: list[str]) -> str:
    """ECB+ ships tokens only. Undo the tokeniser's spacing just enough for the features
    (quote marks back to ``"`` and hugging their words, no space before punctuation).
    Written here because no maintained detokeniser is among the project's dependencies and
    an approximate one is enough for a measurement."""
    s = " ".join(t for t in tokens if t)
    s = s.replace("``", '"').replace("''", '"')
    s = _SPACE_BEFORE.sub(r"\1", s)
    s = _SPACE_AFTER.sub(r"\1", s)
    return _QUOTED.sub(r'"\1"', s)


def annotated_sentences(root: Path) -> dict[tuple[str, str], set[int]]:
    """(topic, file without topic prefix) -> sentence numbers that were annotated."""
    out: dict[tuple[str, str], set[int]] = {}
    with open(root / "ECBplus_coreference_sentences.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault((row["Topic"].strip(), row["File"].strip()), set()).add(int(row["Sentence Number"]))
    return out


def _children(doc: ET.Element, tag: str) -> list[ET.Element]:
    node = doc.find(tag)
    return list(node) if node is not None else []


def read_document(path: Path, wanted: set[int]) -> list[EcbSentence]:
    """The annotated sentences of one ECB+ XML file with their coreference instance ids."""
    doc = ET.parse(path).getroot()
    sentence_of: dict[str, int] = {}
    tokens: dict[int, list[str]] = {}
    for tok in doc.iter("token"):
        n = int(tok.get("sentence"))
        sentence_of[tok.get("t_id")] = n
        tokens.setdefault(n, []).append(tok.text or "")
    markables: dict[str, tuple[str, list[str]]] = {}
    for m in _children(doc, "Markables"):
        anchors = [a.get("t_id") for a in m.findall("token_anchor")]
        if anchors:
            markables[m.get("m_id")] = (m.tag, anchors)
    events: dict[int, set[str]] = {}
    arguments: dict[int, set[str]] = {}
    for rel in _children(doc, "Relations"):
        if rel.tag != "CROSS_DOC_COREF":
            continue
        instance = rel.get("note") or ""
        for src in rel.findall("source"):
            tag, anchors = markables.get(src.get("m_id"), ("", []))
            bucket = events if tag.startswith("ACTION") else arguments
            for n in {sentence_of[t] for t in anchors if t in sentence_of}:
                bucket.setdefault(n, set()).add(instance)
    topic, name = path.stem.split("_", 1)
    cluster = f"{topic}_{'ecbplus' if name.endswith('ecbplus') else 'ecb'}"
    return [EcbSentence(path.stem, n, cluster, int(topic), detokenize(tokens[n]),
                        frozenset(events.get(n, ())), frozenset(arguments.get(n, ())))
            for n in sorted(wanted) if n in tokens]


def read_sentences(root: Path) -> list[EcbSentence]:
    """The annotated sentences of every ECB+ document under ``root / "ECB+"``."""
    wanted = annotated_sentences(root)
    out: list[EcbSentence] = []
    for path in sorted((root / "ECB+").glob("*/*.xml")):
        topic, name = path.stem.split("_", 1)
        if (topic, name) in wanted:
            out.extend(read_document(path, wanted[(topic, name)]))
    return out


def label(a: EcbSentence, b: EcbSentence) -> int | None:
    """1 shares an event and one of its arguments, 0 shares no event, None ambiguous."""
    if not a.events & b.events:
        return 0
    return 1 if a.arguments & b.arguments else None


def sentence_pairs(sentences: list[EcbSentence]) -> list[EcbPair]:
    """Labelled pairs of annotated sentences from different articles of one cluster."""
    by_cluster: dict[str, list[EcbSentence]] = {}
    for s in sentences:
        by_cluster.setdefault(s.cluster, []).append(s)
    pairs = []
    for members in by_cluster.values():
        for a, b in itertools.combinations(members, 2):
            if a.doc != b.doc and (y := label(a, b)) is not None:
                pairs.append(EcbPair(a, b, y))
    return pairs


def eval_ecb_sentences(root: Path, use_embeddings: bool = True, limit: int | None = None) -> dict:
    """Precision/recall of the link decision against "shares a fact" on ECB+ pairs (``root``:
    the ECB+ folder with ``ECBplus_coreference_sentences.csv`` and ``ECB+/``)."""
    from ..reuse.scoring import load_model

    pairs = sentence_pairs(read_sentences(Path(root)))[:limit]
    rows = [(p.label, p.a.text, p.b.text) for p in pairs]
    model = load_model("embed" if use_embeddings else "lexical")
    p_ab = model.proba(msrp_features(rows, use_embeddings))
    p_ba = model.proba(msrp_features([(y, b, a) for y, a, b in rows], use_embeddings))
    p_max = np.maximum(p_ab, p_ba)
    linked = p_max >= model.threshold
    gold = np.array([p.label for p in pairs], dtype=bool)
    test = np.array([p.a.topic in TEST_TOPICS for p in pairs], dtype=bool)

    def score(mask: np.ndarray, decided: np.ndarray = linked) -> dict:
        g, y = gold[mask], decided[mask]
        return {"pairs": int(mask.sum()), "sharing_a_fact": int(g.sum()),
                **prf(int((y & g).sum()), int((y & ~g).sum()), int((~y & g).sum()))}

    return {"all_topics": score(np.ones(len(pairs), dtype=bool)),
            "test_topics_36_45": score(test),
            "test_topics_by_threshold": {f"{t:.1f}": score(test, p_max >= t) for t in (0.3, 0.4, 0.5, 0.6, 0.7)},
            "threshold": model.threshold, "embeddings": use_embeddings}
