"""Pages and helpers shared by the hand-made segment_page layout tests
(test_segment_basic_layouts.py, test_segment_title_markers.py): three articles' titles and
paragraphs, the titles a segmentation found, and a bare page of articles set apart by the
usual blank line only."""
from __future__ import annotations

from newstrace.ingest.segment import Segment


BODIES = [
    ("Senate Passes Budget Deal After Late-Night Vote",
     ["The Senate approved the spending plan early on Friday after a long debate over defence.",
      "Leaders of both parties said the compromise would keep the government open until spring.",
      "Critics said the bill did too little to cut the deficit, and several senators voted no."]),
    ("Storm Leaves Thousands Without Power Across the Coast",
     ["Heavy winds knocked down lines in three counties overnight, the utility company said.",
      "Crews expected to restore most service by the weekend, although rural areas may wait longer.",
      "Schools in the worst-hit towns were closed and residents were told to avoid flooded roads."]),
    ("City Council Approves New Bike Lanes Downtown",
     ["The council voted seven to two on Tuesday to add protected lanes on four main streets.",
      "Supporters said the lanes would make cycling safer; some shop owners worried about parking.",
      "Construction is due to begin in the spring and to take about six months to complete."]),
]


def _titles(text: str, segs: list[Segment]) -> list[str | None]:
    return [s.title.text(text) if s.title else None for s in segs]


_MORE_TITLES = ["Museum Opens New Wing After Long Delay", "Voters Head To The Polls In Three States"]


def _bare_page(titles: list[str], bodies: list[list[str]], *, closers: dict[int, str] | None = None) -> str:
    """Articles separated by the usual blank line only (no evidence), with optional lines
    closing some of them."""
    chunks = []
    for k, (title, paras) in enumerate(zip(titles, bodies)):
        chunks.append(title + "\n\n" + "\n\n".join(paras) + (f"\n\n{closers[k]}" if closers and k in closers else ""))
    return "\n\n".join(chunks)
