"""The one data model every stage reads and extends.

An :class:`Article` owns its text. Everything found in it is a :class:`Span` of
character offsets (Python string indices, i.e. code points) into that text; a span
never carries a copy of the text. Records are turned into the JSON of the output
contract (``../shared/design/ARCHITECTURE.md``, declared in :mod:`newstrace.contract`) by
:func:`span_record` and the ``to_record`` methods, which is the only place where span text is
materialised; :func:`newstrace.contract.compact` gives every record its field order and leaves
out empty optional fields.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from .contract import compact
from .errors import IngestError  # noqa: F401  (re-exported: an error record is part of the data model)

AttributionKind = Literal["direct", "partial", "indirect"]
SpeakerKind = Literal["named", "anonymous", "document", "unresolved"]
EntityKind = Literal["person", "organisation", "anonymous", "document"]
Relation = Literal["same-quote", "same-fact"]
SupportStatus = Literal["supported", "unsupported"]

#: ``origin`` of errors raised by the cross-article stages rather than by one input.
CORPUS_ORIGIN = "(corpus)"

ATTRIBUTION_KINDS = ("direct", "partial", "indirect")
SPEAKER_KINDS = ("named", "anonymous", "document", "unresolved")
ENTITY_KINDS = ("person", "organisation", "anonymous", "document")


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open character range ``[start, end)`` into an article's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not (isinstance(self.start, int) and isinstance(self.end, int)):
            raise TypeError(f"span offsets must be int, got {self.start!r}, {self.end!r}")
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def text(self, text: str) -> str:
        return text[self.start:self.end]

    def overlaps(self, other: "Span") -> bool:
        """True when the two spans share at least one character (empty spans share none)."""
        return self.overlap(other) > 0

    def overlap(self, other: "Span") -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def shift(self, delta: int) -> "Span":
        return Span(self.start + delta, self.end + delta)

    def hull(self, other: "Span") -> "Span":
        return Span(min(self.start, other.start), max(self.end, other.end))

    def strip(self, text: str) -> "Span":
        """The same span without leading and trailing whitespace (may become empty)."""
        s, e = self.start, self.end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        return Span(s, e)


def span_record(span: Span | None, text: str) -> dict | None:
    """The contract's JSON form of a span: ``{"start", "end", "text"}``."""
    if span is None:
        return None
    if span.end > len(text):
        raise ValueError(f"span {span.start}..{span.end} beyond text of length {len(text)}")
    return {"start": span.start, "end": span.end, "text": text[span.start:span.end]}


def _rounded(x: float | None) -> float | None:
    """A score as records give it: four decimals."""
    return None if x is None else round(float(x), 4)


def span_from_record(rec: dict | None) -> Span | None:
    if rec is None:
        return None
    return Span(int(rec["start"]), int(rec["end"]))


@dataclass(slots=True)
class Article:
    """One article. ``text`` is never rewritten by any stage."""

    id: str
    origin: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    # When the page was fetched (a crawler's download time), where the input gives it: the
    # publication time stands in for it when copy direction is judged and none is known.
    downloaded: str | None = None
    # Offset of this article's text inside its input file when it was cut out of a
    # larger page (aggregator splitting); 0 for a whole file.
    origin_offset: int = 0

    @property
    def content_hash(self) -> str:
        h = hashlib.sha256()
        h.update((self.title or "").encode("utf-8"))
        h.update(b"\0")
        h.update(self.text.encode("utf-8"))
        return h.hexdigest()

    def span_text(self, span: Span) -> str:
        return self.text[span.start:span.end]

    def to_record(self) -> dict:
        return compact("articles", {
            "id": self.id, "origin": self.origin, "title": self.title, "text": self.text, "url": self.url,
            "outlet": self.outlet, "published": self.published, "authors": list(self.authors),
            "downloaded": self.downloaded, "hash": self.content_hash})

    @classmethod
    def from_record(cls, rec: dict) -> "Article":
        return cls(
            id=rec["id"], origin=rec.get("origin", ""), text=rec["text"], title=rec.get("title"),
            url=rec.get("url"), outlet=rec.get("outlet"), published=rec.get("published"),
            authors=list(rec.get("authors") or []), downloaded=rec.get("downloaded"),
        )


@dataclass(slots=True)
class Furniture:
    """A line of an article's text that belongs to the page, not to the article."""

    article: str
    span: Span
    kind: str

    def to_record(self, text: str) -> dict:
        return compact("furniture", {"article": self.article, "span": span_record(self.span, text), "kind": self.kind})


@dataclass(slots=True)
class Speaker:
    name: str | None
    kind: SpeakerKind = "unresolved"
    entity: str | None = None

    def to_record(self) -> dict:
        return {"name": self.name, "kind": self.kind, "entity": self.entity}


@dataclass(slots=True)
class Attribution:
    article: str
    id: str
    content: Span
    kind: AttributionKind
    source: Span | None = None
    cue: Span | None = None
    speaker: Speaker = field(default_factory=lambda: Speaker(None, "unresolved", None))
    score: float | None = None

    def to_record(self, text: str) -> dict:
        return compact("attributions", {
            "article": self.article, "id": self.id,
            "source": span_record(self.source, text), "cue": span_record(self.cue, text),
            "content": span_record(self.content, text), "kind": self.kind,
            "speaker": self.speaker.to_record(), "score": _rounded(self.score)})


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    kind: EntityKind
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)

    def to_record(self) -> dict:
        return compact("entities", {"id": self.id, "name": self.name, "aliases": list(self.aliases),
                                    "kind": self.kind, "roles": list(self.roles), "articles": list(self.articles)})


@dataclass(slots=True)
class Family:
    id: str
    articles: list[str]
    score: float
    source: str | None = None  # the earliest member: the report the others rewrite

    def to_record(self) -> dict:
        return compact("families", {"id": self.id, "articles": list(self.articles), "score": _rounded(self.score),
                                    "source": self.source})


@dataclass(slots=True)
class Source:
    """Who one member of a family copied: its most likely source (None for the family's root)
    and the evidence (see :mod:`newstrace.reuse.direction`)."""

    family: str
    article: str
    source: str | None
    basis: str
    carried: float | None = None
    kept: float | None = None
    shared_lead: bool | None = None

    def to_record(self) -> dict:
        return compact("sources", {"family": self.family, "article": self.article, "source": self.source,
                                   "basis": self.basis, "carried": _rounded(self.carried),
                                   "kept": _rounded(self.kept), "shared_lead": self.shared_lead})


@dataclass(slots=True)
class OutletLink:
    """One link of the outlet network: ``copier`` took articles of ``source`` in ``families``
    families (see :mod:`newstrace.reuse.outlets`)."""

    source: str
    copier: str
    families: int
    copies: int
    median_lag_hours: float | None = None
    family_ids: list[str] = field(default_factory=list)

    def to_record(self) -> dict:
        return compact("outlets", {"source": self.source, "copier": self.copier, "families": self.families,
                                   "copies": self.copies, "median_lag_hours": _rounded(self.median_lag_hours),
                                   "family_ids": list(self.family_ids)})

    @classmethod
    def from_record(cls, rec: dict) -> "OutletLink":
        return cls(rec["source"], rec["copier"], int(rec["families"]), int(rec["copies"]),
                   rec.get("median_lag_hours"), list(rec.get("family_ids") or []))


@dataclass(slots=True)
class Link:
    a: str
    b: str
    a_span: Span
    b_span: Span
    score: float
    relation: Relation

    def to_record(self, texts: dict[str, str]) -> dict:
        return compact("links", {"a": self.a, "b": self.b, "a_span": span_record(self.a_span, texts[self.a]),
                                 "b_span": span_record(self.b_span, texts[self.b]), "score": _rounded(self.score),
                                 "relation": self.relation})


@dataclass(slots=True)
class Support:
    article: str
    span: Span
    status: SupportStatus
    supported_by: list[str] = field(default_factory=list)
    score: float | None = None

    def to_record(self, text: str) -> dict:
        return compact("support", {"article": self.article, "span": span_record(self.span, text),
                                   "status": self.status, "supported_by": list(self.supported_by),
                                   "score": _rounded(self.score)})


@dataclass(slots=True)
class Drift:
    a: str
    b: str
    a_span: Span
    b_span: Span
    speaker: str | None
    similarity: float
    changes: str

    def to_record(self, texts: dict[str, str]) -> dict:
        return compact("drift", {"a": self.a, "b": self.b, "a_span": span_record(self.a_span, texts[self.a]),
                                 "b_span": span_record(self.b_span, texts[self.b]), "speaker": self.speaker,
                                 "similarity": _rounded(self.similarity), "changes": self.changes})
