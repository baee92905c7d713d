"""Reading the PolNeAR corpus (brat standoff) into the project's data model.

Layout: ``DIR/text/NAME.txt`` and ``DIR/attributions/NAME_ANNOTATOR.ann``. Some articles
were annotated by several annotators; we always use the annotator file that sorts first
(by name), so the choice is deterministic and documented.

Discontinuous spans (``Content 10 20;25 40``) are read as their hull (first start to last
end), as the issue allows for scoring.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Article, Span

_ROLE_TYPES = {"Source", "Cue", "Content"}


@dataclass(slots=True)
class GoldAttribution:
    id: str
    content: Span | None
    cue: Span | None
    source: Span | None
    # All fragments of discontinuous spans, for partial scoring if wanted.
    fragments: dict[str, list[Span]] = field(default_factory=dict)


@dataclass(slots=True)
class GoldArticle:
    article: Article
    annotator: str
    attributions: list[GoldAttribution]


_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")


def parse_ann(ann_text: str) -> list[GoldAttribution]:
    """Parse one brat .ann file into gold attributions (hull spans)."""
    spans: dict[str, tuple[str, list[Span]]] = {}
    events: list[tuple[str, dict[str, str]]] = []
    for line in ann_text.splitlines():
        m = _T_LINE.match(line)
        if m:
            tid, ttype, offs = m.group(1), m.group(2), m.group(3)
            frags = []
            for part in offs.split(";"):
                a, b = part.split()
                frags.append(Span(int(a), int(b)))
            spans[tid] = (ttype, frags)
            continue
        m = _E_LINE.match(line)
        if m:
            args = {}
            for tok in m.group(2).split():
                if ":" in tok:
                    role, ref = tok.split(":", 1)
                    args[role] = ref
            events.append((m.group(1), args))
    out = []
    for eid, args in events:
        roles: dict[str, list[Span]] = {}
        for role, ref in args.items():
            base = re.sub(r"\d+$", "", role)  # Cue2 -> Cue
            if base not in _ROLE_TYPES or ref not in spans:
                continue
            roles.setdefault(base, []).extend(spans[ref][1])

        def hull(frags: list[Span] | None) -> Span | None:
            if not frags:
                return None
            return Span(min(f.start for f in frags), max(f.end for f in frags))

        out.append(GoldAttribution(eid, hull(roles.get("Content")), hull(roles.get("Cue")),
                                   hull(roles.get("Source")), roles))
    out.sort(key=lambda g: (g.content.start if g.content else -1, g.id))
    return out


def load_split(directory: str | Path, limit: int | None = None) -> list[GoldArticle]:
    """Load ``DIR/text`` and ``DIR/attributions`` of a PolNeAR split."""
    directory = Path(directory)
    text_dir, ann_dir = directory / "text", directory / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise FileNotFoundError(f"{directory} must contain text/ and attributions/ folders (a PolNeAR split)")
    anns: dict[str, list[Path]] = {}
    for p in sorted(ann_dir.glob("*.ann")):
        stem, _, annotator = p.stem.rpartition("_")
        anns.setdefault(stem, []).append(p)
    out = []
    for tp in sorted(text_dir.glob("*.txt")):
        if limit is not None and len(out) >= limit:
            break
        cands = anns.get(tp.stem)
        if not cands:
            continue
        ann_path = sorted(cands)[0]
        text = tp.read_text(encoding="utf-8")
        article = Article(id=tp.stem, origin=str(tp), text=text)
        golds = parse_ann(ann_path.read_text(encoding="utf-8"))
        golds = [g for g in golds if g.content is not None and g.content.end <= len(text)]
        out.append(GoldArticle(article, ann_path.stem.rpartition("_")[2], golds))
    return out
