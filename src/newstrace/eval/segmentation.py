"""Scoring aggregator-page splitting (:func:`newstrace.ingest.segment.segment_page`).

A splitter is scored against pages whose article boundaries are known (gold): each gold
segment is a body span and, when the article has one, a title span. This module reads
such pages from a file and scores them, checks that single articles come back whole, and
lists what a splitter finds in a folder of real pages:

    newstrace eval segmentation --pages PAGES.jsonl     # per-layout scores of pages with gold
    newstrace eval segmentation --singles DIR           # single-article files: none may split
    newstrace eval segmentation --seeds DIR             # articles and titles found in each file

A pages file is JSON Lines, one page a line: ``{"layout": str, "text": str, "gold":
[[body_start, body_end, [title_start, title_end] or null], ...], "group": str}`` (character
offsets into ``text``; ``group`` optional, pages are scored per group and per layout).
:func:`write_pages` writes one.

The pages themselves (synthetic pages from PolNeAR in the hand-written layouts of rounds
1-8, random layouts, the blind rounds 9-12) are made by the lab outside the package,
``evals/segmentation`` in a checkout: ``python -m evals.segmentation`` prints the full
report, ``python -m evals.segmentation --write-pages FILE`` writes its pages for
``--pages``.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..ingest.segment import Segment, segment_page
from ..model import Span

#: A page splitter: ``segment_page`` (rules, then the learned splitter), ``segment_rules``, ...
Splitter = Callable[[str], list[Segment]]


@dataclass(slots=True)
class Page:
    """A page and the segments :func:`segment_page` should return for it."""

    layout: str
    text: str
    gold: list[Segment] = field(default_factory=list)
    spec: object | None = None    # what built it (the lab keeps the page's layout here)


def _starts(segs: Sequence[Segment]) -> set[int]:
    return {(s.title or s.body).start for s in segs[1:]}


@dataclass(slots=True)
class Scores:
    pages: int = 0
    pages_exact: int = 0          # same number of segments, same title and body spans
    pages_titles_right: int = 0   # same number of segments, every title span right (issue #3's test)
    boundary_tp: int = 0
    boundary_fp: int = 0
    boundary_fn: int = 0
    titles: int = 0
    titles_exact: int = 0
    bodies_exact: int = 0

    def add(self, gold: Sequence[Segment], pred: Sequence[Segment]) -> None:
        self.pages += 1
        self.pages_exact += list(gold) == list(pred)
        self.pages_titles_right += [s.title for s in gold] == [s.title for s in pred]
        g, p = _starts(gold), _starts(pred)
        self.boundary_tp += len(g & p)
        self.boundary_fp += len(p - g)
        self.boundary_fn += len(g - p)
        pred_titles = {s.title for s in pred if s.title is not None}
        pred_bodies = {s.body for s in pred}
        self.titles += len(gold)
        self.titles_exact += sum(s.title in pred_titles for s in gold)
        self.bodies_exact += sum(s.body in pred_bodies for s in gold)

    def record(self) -> dict:
        tp, fp, fn = self.boundary_tp, self.boundary_fp, self.boundary_fn
        return {
            "pages": self.pages, "pages_exact": self.pages_exact, "pages_titles_right": self.pages_titles_right,
            "boundary_precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
            "boundary_recall": round(tp / (tp + fn), 4) if tp + fn else 1.0,
            "titles": self.titles, "titles_exact": self.titles_exact,
            "bodies_exact": self.bodies_exact,
        }


def score_pages(pages: Sequence[Page], split: Splitter = segment_page) -> dict[str, dict]:
    """Scores per layout and ``"ALL"`` of ``split`` (the product's splitter by default)."""
    per: dict[str, Scores] = {}
    total = Scores()
    for page in pages:
        pred = split(page.text)
        per.setdefault(page.layout, Scores()).add(page.gold, pred)
        total.add(page.gold, pred)
    out = {name: s.record() for name, s in per.items()}
    out["ALL"] = total.record()
    return out


def single_articles(texts: Iterable[tuple[str, str]], split: Splitter = segment_page) -> dict:
    """``(name, text)`` pairs that each hold one article: how many ``split`` cuts into more
    than one segment (``split``, of ``articles``), and which (``split_names``, in order)."""
    n, wrong = 0, []
    for name, text in texts:
        n += 1
        if len(split(text)) != 1:
            wrong.append(name)
    return {"articles": n, "split": len(wrong), "split_names": wrong}


def seed_report(seeds: Path, split: Splitter = segment_page) -> dict[str, dict]:
    """Segments found in each ``*.txt`` file of ``seeds``, with their titles as the page has them."""
    out = {}
    for path in sorted(Path(seeds).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        segs = split(text)
        out[path.name] = {"articles": len(segs),
                          "titles": [s.title.text(text) if s.title else None for s in segs]}
    return out


def describe_failures(pages: Sequence[Page], limit: int = 20) -> list[str]:
    """Human-readable account of the pages that are not split exactly: per page, the gold
    titles that were missed and the predicted boundaries that are wrong, each with the line
    of the page where it happens. Meant for pages that may be studied (the lab's *tuning*
    pages), never for held-out ones."""
    out: list[str] = []
    for page in pages:
        pred = segment_page(page.text)
        if list(pred) == list(page.gold):
            continue
        pred_titles = {s.title for s in pred if s.title is not None}
        g, p = _starts(page.gold), _starts(pred)
        out.append(f"[{page.layout}] gold {len(page.gold)} segments, predicted {len(pred)}")
        for s in page.gold:
            if s.title not in pred_titles:
                start = s.title.start if s.title else s.body.start
                kind = "missed boundary" if start in g - p else "title span wrong"
                body_len = len(s.body)
                out.append(f"    {kind}: {s.title.text(page.text)[:100]!r} (body {body_len} chars)")
        for start in sorted(p - g):
            line = page.text[start:page.text.find("\n", start) if "\n" in page.text[start:] else None]
            out.append(f"    false boundary: {line[:100]!r}")
        if len(out) >= limit * 4:
            break
    return out


# ---------------------------------------------------------------------------- pages files
def page_record(page: Page, group: str | None = None) -> dict:
    """One line of a pages file."""
    rec: dict = {"layout": page.layout, "text": page.text,
                 "gold": [[s.body.start, s.body.end, None if s.title is None else [s.title.start, s.title.end]]
                          for s in page.gold]}
    if group is not None:
        rec["group"] = group
    return rec


def write_pages(groups: dict[str, Sequence[Page]], path: Path) -> int:
    """Write pages, group by group, as a pages file; the number of pages written."""
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for group, pages in groups.items():
            for page in pages:
                fh.write(json.dumps(page_record(page, group), ensure_ascii=False) + "\n")
                n += 1
    return n


def read_pages(path: Path) -> dict[str, list[Page]]:
    """The pages of a pages file by group (in file order; pages without a group are in the
    group named after the file). Each gold span is checked to lie inside the text."""
    path = Path(path)
    groups: dict[str, list[Page]] = {}
    with open(path, encoding="utf-8") as fh:
        for k, line in enumerate(fh, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            text = rec["text"]
            gold = []
            for body_start, body_end, title in rec["gold"]:
                spans = [(body_start, body_end)] + ([tuple(title)] if title is not None else [])
                if not all(0 <= a <= b <= len(text) for a, b in spans):
                    raise ValueError(f"{path}:{k}: gold span outside the page text")
                gold.append(Segment(Span(body_start, body_end), Span(*title) if title is not None else None))
            groups.setdefault(rec.get("group") or path.stem, []).append(Page(rec.get("layout", ""), text, gold))
    return groups


# ---------------------------------------------------------------------------- report
def print_table(title: str, table: dict[str, dict]) -> None:
    """Print scores per layout (:func:`score_pages`) as a table under ``title``."""
    print(f"\n{title}")
    print(f"{'layout':36} {'pages':>5} {'exact':>5} {'t-ok':>5} {'bnd P':>6} {'bnd R':>6} {'titles':>13} {'bodies':>7}")
    for name, r in table.items():
        print(f"{name:36} {r['pages']:5d} {r['pages_exact']:5d} {r['pages_titles_right']:5d} "
              f"{r['boundary_precision']:6.3f} "
              f"{r['boundary_recall']:6.3f} {r['titles_exact']:6d}/{r['titles']:<6d} {r['bodies_exact']:7d}")


def print_seed_report(res: dict[str, dict]) -> None:
    for name, r in res.items():
        print(f"seed {name}: {r['articles']} article(s)")
        for t in r["titles"]:
            print(f"    title: {t!r}")


def main(argv: list[str] | None = None) -> int:
    """Command line (``newstrace eval segmentation``)."""
    ap = argparse.ArgumentParser(
        prog="newstrace eval segmentation",
        description="Score aggregator-page splitting (newstrace.ingest.segment.segment_page).",
        epilog="Every path is explicit (nothing is looked up beside the package). In a checkout, e.g. "
               "--singles ../shared/data/polnear/dev/text --seeds ../shared/corpus/seeds. The synthetic "
               "pages and the full report of all layout groups are the lab's, outside the package: "
               "python -m evals.segmentation (--write-pages FILE writes them for --pages). "
               "See docs/segmentation.md.")
    ap.add_argument("--pages", type=Path, action="append", default=[], metavar="FILE",
                    help="a pages file with gold (JSON Lines: layout, text, gold spans, group); "
                         "scores per group and layout; repeatable")
    ap.add_argument("--singles", type=Path, action="append", default=[], metavar="DIR",
                    help="a folder of *.txt files that each hold one article: none may be split; repeatable")
    ap.add_argument("--seeds", type=Path, metavar="DIR", help="a folder of *.txt pages: the articles and "
                                                                "titles found in each")
    ap.add_argument("--failures", action="store_true",
                    help="with --pages: print the pages not split exactly, the titles missed and why "
                         "(for pages that may be studied, never held-out ones)")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)
    if not (args.pages or args.singles or args.seeds):
        ap.error("nothing to score: give --pages FILE, --singles DIR or --seeds DIR "
                 "(e.g. --singles ../shared/data/polnear/dev/text); the synthetic-page report is "
                 "python -m evals.segmentation in a checkout")
    for p in [*args.pages, *args.singles, *([args.seeds] if args.seeds else [])]:
        if not p.exists():
            ap.error(f"{p} does not exist")
    res: dict = {}
    pages: dict[str, list[Page]] = {}
    for path in args.pages:
        for group, ps in read_pages(path).items():
            pages.setdefault(group, []).extend(ps)
    if args.failures:
        print("\n".join(describe_failures([p for ps in pages.values() for p in ps], limit=10**6)))
        return 0
    if pages:
        res["pages"] = {group: score_pages(ps) for group, ps in pages.items()}
    if args.singles:
        res["singles"] = {str(d): single_articles((p.name, p.read_text(encoding="utf-8"))
                                                  for p in sorted(d.glob("*.txt")))
                          for d in args.singles}
    if args.seeds:
        res["seeds"] = seed_report(args.seeds)
    if args.json:
        json.dump(res, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    for group, table in res.get("pages", {}).items():
        print_table(f"{group} (pages with gold)", table)
    if "singles" in res:
        print("\nSingle articles wrongly split (target 0):")
        for d, r in res["singles"].items():
            print(f"  {d}: {r['split']}/{r['articles']}" + (f"  e.g. {r['split_names'][:3]}" if r["split"] else ""))
    print_seed_report(res.get("seeds", {}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
