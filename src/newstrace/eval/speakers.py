"""Scoring speaker resolution against the hand-labelled PolNeAR dev set.

``data/speakers_dev.jsonl`` holds PolNeAR *dev* attributions, each labelled by reading the
article with the speaker a reader would give: ``gold_kind`` (``named`` | ``joint`` |
``anonymous`` | ``document``, or null when the article does not say who speaks), ``gold``
(the fullest name the article gives, or the phrase for anonymous and document sources) and,
for joint sources, ``gold_names``. ``mention`` says what the source is: pronoun, title
(a role or common noun), short (a surname or short form), full (a full name), apposition (a
name with an apposition or relative clause), possessive, first (I/we inside a quote), group
(several people or a collective) or continuation (the source sits sentences before the
content; the scorer drops the source span, as the tagger does, and the resolver must find it).

For every labelled article we build the attributions from PolNeAR's gold spans (all of them,
so the resolver sees the same discourse a tagger would give it), run
:func:`newstrace.attribution.speakers.resolve_speakers`, and compare.

* resolved  = the speaker came out ``named``, ``anonymous`` or ``document`` (a joint speaker
  is ``named`` with its members' names separated by ``; ``);
* correct   = resolved with gold's kind, and for ``named`` :func:`names_match` (pred, gold),
  for ``joint`` a named speaker whose members match the gold names one for one;
* precision = correct / resolved; recall = correct / (rows whose gold kind is not null).

Reported overall and per mention type.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from ..model import Attribution

#: The labelled dev set, relative to the current directory (a checkout's root): it is not
#: installed with the package. Resolved only when the command runs.
DEFAULT_DEV = Path("data") / "speakers_dev.jsonl"


def names_match(pred: str | None, gold: str | None) -> bool:
    """Same person? Equal after normalisation, or one name's tokens contain the other's
    with the same surname and at least a first name when gold has one
    ("Donald J. Trump" = "Donald Trump"; "Trump" ≠ "Donald Trump")."""
    from ..attribution.speakers import name_tokens

    if not pred or not gold:
        return False
    p, g = name_tokens(pred), name_tokens(gold)
    if not p or not g:
        return False
    if p == g:
        return True
    if p[-1] != g[-1]:
        return False
    if len(g) >= 2 and len(p) < 2:
        return False  # a bare surname is not the full name the reader expects
    if len(p) > 1 and len(g) > 1 and not (p[0] == g[0] or p[0][:1] == g[0][:1] and min(len(p[0]), len(g[0])) == 1):
        return False
    return set(p) <= set(g) or set(g) <= set(p)


def load_dev(path: str | Path = DEFAULT_DEV) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    return rows


def predict(rows: list[dict], polnear_dir: str | Path) -> list[dict]:
    """Run the resolver over the articles of ``rows``; return rows with ``pred``/``pred_kind``."""
    from ..attribution.speakers import resolve_speakers
    from .polnear import load_split

    wanted = {r["article"] for r in rows}
    golds = {ga.article.id: ga for ga in load_split(polnear_dir) if ga.article.id in wanted}
    out = []
    by_article: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_article[r["article"]].append(r)
    for aid in sorted(by_article):
        ga = golds.get(aid)
        if ga is None:
            raise FileNotFoundError(f"article {aid} of the dev set is not in {polnear_dir}")
        text = ga.article.text
        atts = []
        hidden = {r["attribution"] for r in by_article[aid] if r["mention"] == "continuation"}
        for g in ga.attributions:
            atts.append(Attribution(article=aid, id=g.id, content=g.content, kind="indirect",
                                    source=None if g.id in hidden else g.source, cue=g.cue))
        resolve_speakers(ga.article, atts)
        by_id = {a.id: a for a in atts}
        for r in by_article[aid]:
            s = r["source"]
            assert text[s["start"]:s["end"]] == s["text"], f"stale offsets in dev row {r}"
            a = by_id.get(r["attribution"])
            if a is not None and a.source is not None and (a.source.start, a.source.end) != (s["start"], s["end"]):
                a = None
            sp = a.speaker if a is not None else None
            kind = sp.kind if sp is not None and sp.name else "unresolved"
            out.append({**r, "pred": sp.name if kind != "unresolved" else None, "pred_kind": kind})
    return out


def gold_kind(row: dict) -> str | None:
    """The row's gold kind (rows labelled before kinds were added are ``named`` or null)."""
    if "gold_kind" in row:
        return row["gold_kind"]
    return "named" if row.get("gold") else None


def is_correct(row: dict) -> bool:
    """Does the predicted speaker of ``row`` agree with its gold label?"""
    kind = gold_kind(row)
    if kind is None or row["pred_kind"] != ("named" if kind == "joint" else kind):
        return False
    if kind == "named":
        return names_match(row["pred"], row["gold"])
    if kind == "joint":
        from ..attribution.speakers import joint_members

        members = joint_members(row["pred"] or "")
        golds = row.get("gold_names") or []
        return len(members) == len(golds) and all(any(names_match(m, g) for m in members) for g in golds)
    return True  # anonymous and document: the kind is the answer


MENTIONS = ("pronoun", "title", "short", "full", "apposition", "possessive", "first", "group", "continuation")


def score(pred_rows: list[dict]) -> dict[str, dict]:
    """Precision/recall overall and per mention type."""
    buckets: dict[str, list[dict]] = defaultdict(list)
    for r in pred_rows:
        buckets["all"].append(r)
        buckets[r["mention"]].append(r)
    out = {}
    for k in [*MENTIONS, "all"]:
        rs = buckets.get(k, [])
        if not rs and k != "all":
            continue
        resolved = [r for r in rs if r["pred_kind"] != "unresolved"]
        with_gold = [r for r in rs if gold_kind(r) is not None]
        correct = [r for r in resolved if is_correct(r)]
        out[k] = {
            "n": len(rs), "with_gold": len(with_gold), "resolved": len(resolved), "correct": len(correct),
            "precision": round(len(correct) / len(resolved), 4) if resolved else 0.0,
            "recall": round(len(correct) / len(with_gold), 4) if with_gold else 0.0,
        }
    return out


def main(argv: list[str] | None = None) -> int:
    """``newstrace eval speakers``: print precision/recall of speaker resolution."""
    ap = argparse.ArgumentParser(prog="newstrace eval speakers", description=__doc__.splitlines()[0])
    ap.add_argument("--dev", default=str(DEFAULT_DEV),
                    help="labelled dev set (JSON Lines; default: %(default)s, relative to the current directory)")
    ap.add_argument("--polnear", metavar="DIR", help="PolNeAR dev split directory (required), "
                                                      "e.g. ../shared/data/polnear/dev")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--errors", action="store_true", help="also list every wrong or missed row")
    args = ap.parse_args(argv)
    if args.polnear is None:
        ap.error("give --polnear PATH, e.g. ../shared/data/polnear/dev")
    if not Path(args.polnear).is_dir():
        ap.error(f"--polnear {args.polnear}: no such folder")
    if not Path(args.dev).is_file():
        ap.error(f"--dev {args.dev}: no such file (the labelled set is data/speakers_dev.jsonl in a checkout)")
    rows = predict(load_dev(args.dev), args.polnear)
    scores = score(rows)
    if args.json:
        print(json.dumps(scores, indent=2))
    else:
        print(f"{'mention':<12} {'n':>4} {'gold':>5} {'resolved':>8} {'correct':>7} {'P':>6} {'R':>6}")
        for k, s in scores.items():
            print(f"{k:<12} {s['n']:>4} {s['with_gold']:>5} {s['resolved']:>8} {s['correct']:>7} "
                  f"{s['precision']:>6.3f} {s['recall']:>6.3f}")
    if args.errors:
        for r in rows:
            ok = is_correct(r) if r["pred_kind"] != "unresolved" else gold_kind(r) is None
            if not ok:
                print(f"{r['mention']:<7} {r['article'][:40]:<40} {r['source']['start']:>6} "
                      f"{r['source']['text'][:60]!r:<22} gold={r['gold']!r} ({gold_kind(r)}) pred={r['pred']!r} ({r['pred_kind']})",
                      file=sys.stdout)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
