"""Untrusted article text to safe HTML: span highlighting, sentence units, word diffs.

Every piece of article text goes through :func:`markupsafe.escape` before it is joined
with our own tags; nothing here ever emits raw input. Pure functions, shared by the web
app and the static report.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

ROLES = ("source", "cue", "content")


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted range: a role of one attribution."""

    start: int
    end: int
    role: str  # source | cue | content
    attr: str  # attribution id
    title: str
    kind: str  # speaker kind (for source badges)


def _clip(span: dict | None, n: int) -> tuple[int, int] | None:
    if not span:
        return None
    try:
        s, e = max(0, int(span["start"])), min(n, int(span["end"]))
    except (KeyError, TypeError, ValueError):
        return None
    return (s, e) if s < e else None


def attribution_title(att: dict) -> str:
    sp = att.get("speaker") or {}
    name = sp.get("name") or "unknown speaker"
    return f"{name} ({sp.get('kind') or 'unresolved'}) · {att.get('kind') or '?'}"


def attribution_marks(attributions: list[dict], n: int) -> list[Mark]:
    marks = []
    for att in attributions:
        title = attribution_title(att)
        kind = (att.get("speaker") or {}).get("kind") or "unresolved"
        for role in ROLES:
            rng = _clip(att.get(role), n)
            if rng:
                marks.append(Mark(rng[0], rng[1], role, str(att.get("id")), title, kind))
    return marks


def highlight(text: str, attributions: list[dict]) -> Markup:
    """The article text as HTML with each attribution's source, cue and content wrapped.

    Overlapping spans are handled by cutting the text at every span boundary and giving
    each piece the classes of all spans covering it (flat, so tags never mis-nest). The
    speaker shows on hover (``title``); the last piece of a source carries the speaker
    kind so CSS can badge it.
    """
    text = text or ""
    marks = attribution_marks(attributions, len(text))
    if not marks:
        return escape(text)
    cuts = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    out: list[str] = []
    for s, e in zip(cuts, cuts[1:]):
        piece = escape(text[s:e])
        active = [m for m in marks if m.start <= s and e <= m.end]
        if not active:
            out.append(piece)
            continue
        inner = min(active, key=lambda m: (m.end - m.start, ROLES.index(m.role)))
        classes = ["hl"] + sorted({f"q-{m.role}" for m in active})
        attrs = " ".join(sorted({m.attr for m in active}))
        extra = ""
        ends = [m for m in active if m.role == "source" and m.end == e]
        if ends:
            classes.append("src-end")
            extra = Markup(' data-kind="{}"').format(ends[0].kind)
        out.append(Markup('<span class="{}" data-attr="{}" title="{}"{}>{}</span>').format(
            " ".join(classes), attrs, inner.title, extra, piece))
    return Markup("").join(out)


def sentence_units(text: str, sentences: list[dict], support: list[dict]) -> list[dict]:
    """Sentences of an article with their support status, in text order.

    Sentences come from the ``sentences`` table; where an article has support records
    but no sentences, the support spans are used.
    """
    status = {}
    for rec in support:
        sp = rec.get("span") or {}
        status[(sp.get("start"), sp.get("end"))] = rec
    spans = [(s.get("start"), s.get("end")) for s in sentences] or list(status)
    n = len(text or "")
    units, last = [], 0
    for s, e in sorted(x for x in spans if x[0] is not None and x[1] is not None):
        s, e = max(s, last), min(e, n)
        if s >= e:
            continue
        rec = status.get((s, e), {})
        units.append({"start": s, "end": e, "status": rec.get("status"),
                      "supported_by": rec.get("supported_by") or []})
        last = e
    return units


def unit_index(units: list[dict], span: dict | None) -> int | None:
    """Index of the unit that overlaps ``span`` most (None when none does)."""
    if not span:
        return None
    s, e = span.get("start", 0), span.get("end", 0)
    best, best_ov = None, 0
    for i, u in enumerate(units):
        ov = min(e, u["end"]) - max(s, u["start"])
        if ov > best_ov or (ov == 0 and best is None and u["start"] <= s < u["end"]):
            best, best_ov = i, ov
    return best


def units_html(text: str, units: list[dict], side: str, linked: dict[int, list[tuple[str, int]]]) -> Markup:
    """Text with each sentence unit wrapped (``id=side-i``), gaps escaped as they are.

    ``linked`` maps a unit index to its (partner element id, link number) pairs; the first
    link number is shown as a marker so aligned pairs read even without the drawn lines.
    """
    text = text or ""
    out, pos = [], 0
    for i, u in enumerate(units):
        out.append(escape(text[pos:u["start"]]))
        classes = ["sent"]
        if u["status"] == "unsupported":
            classes.append("unsupported")
        elif u["status"] == "supported":
            classes.append("supported")
        if i in linked:
            classes.append("linked")
        title = ""
        if u["status"] == "unsupported":
            title = "not found in the other articles of the family"
        elif u["supported_by"]:
            title = "supported by " + ", ".join(u["supported_by"])
        partners = linked.get(i, [])
        mark = Markup(' data-mark="{}"').format(partners[0][1]) if partners else ""
        out.append(Markup('<span class="{}" id="{}-{}" data-partners="{}"{} title="{}">{}</span>').format(
            " ".join(classes), side, i, " ".join(p for p, _ in partners), mark, title,
            escape(text[u["start"]:u["end"]])))
        pos = u["end"]
    out.append(escape(text[pos:]))
    return Markup("").join(out)


_WORD = re.compile(r"\S+|\s+")


def word_diff(a: str, b: str) -> Markup:
    """Word-level diff of two quotes: removed words struck, added words marked."""
    wa, wb = _WORD.findall(a or ""), _WORD.findall(b or "")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(wa[i1:i2])))
            continue
        if i2 > i1:
            out.append(Markup("<del>{}</del>").format("".join(wa[i1:i2])))
        if j2 > j1:
            out.append(Markup("<ins>{}</ins>").format("".join(wb[j1:j2])))
    return Markup("").join(out)
