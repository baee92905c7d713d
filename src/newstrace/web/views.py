"""What each page shows, as plain dicts built from a :class:`~newstrace.store.Store`.

Shared by the web app (one page per request) and the static report (every page of a
small run in one file). Templates only lay these dicts out.
"""
from __future__ import annotations

from urllib.parse import quote, urlencode

from ..store import Store
from . import graph, render

PAGE_SIZE = 50
#: Quotes on one page of a speaker (the timeline above them counts all).
QUOTES_PER_PAGE = 200


class WebLinks:
    """URLs of the web app's pages (ids are percent-encoded; ``#`` may occur in ids)."""

    def article(self, article_id: str) -> str:
        return "/article/" + quote(str(article_id), safe="")

    def speaker(self, entity_id: str | None, name: str | None = None, page: int = 1) -> str | None:
        if entity_id:
            return "/speaker/" + quote(str(entity_id), safe="") + (f"?page={int(page)}" if page > 1 else "")
        if name:
            return "/search?" + urlencode({"by": "speaker", "q": name})
        return None

    def family(self, family_id: str, a: str | None = None, b: str | None = None) -> str:
        url = "/family/" + quote(str(family_id), safe="")
        if a and b:
            url += "?" + urlencode({"a": a, "b": b})
        return url

    def outlets(self) -> str:
        return "/outlets"

    def outlets_csv(self) -> str:
        return "/outlets.csv"

    def corpus(self, page: int = 1, outlet: str | None = None) -> str:
        params = {"page": page}
        if outlet is not None:
            params["outlet"] = outlet
        return "/?" + urlencode(params)


def _label(key: str) -> str:
    return key.replace("_", " ")


def profile_chips(profile: dict) -> list[str]:
    """A few short strings summing up an article's sourcing profile for the corpus table."""
    chips = []
    for key, value in profile.items():
        if key == "article":
            continue
        if isinstance(value, dict):
            chips += [f"{k} {v}" for k, v in value.items() if isinstance(v, (int, float)) and v]
        elif key.endswith("_share") and isinstance(value, (int, float)):
            chips.append(f"{round(100 * value)}% {_label(key[:-6])}")
        elif isinstance(value, list) and value and all(isinstance(x, dict) and "text" in x for x in value):
            chips.append(f"{len(value)} {_label(key)}")
    return chips


def profile_items(profile: dict) -> list[dict]:
    """An article's sourcing profile as labelled rows: numbers, counts by kind, span texts."""
    items = []
    for key, value in profile.items():
        if key == "article" or value is None:
            continue
        item: dict = {"label": _label(key), "value": None, "texts": []}
        if isinstance(value, bool):
            item["value"] = "yes" if value else "no"
        elif isinstance(value, float) and key.endswith("_share"):
            item["value"] = f"{round(100 * value)}%"
        elif isinstance(value, (int, float, str)):
            item["value"] = str(value)
        elif isinstance(value, dict):
            item["value"] = ", ".join(f"{k} {v}" for k, v in value.items())
        elif isinstance(value, list):
            item["texts"] = [x.get("text", "") if isinstance(x, dict) else str(x) for x in value]
            item["value"] = str(len(value)) if not item["texts"] else None
        items.append(item)
    return items


def corpus_context(store: Store, page: int = 1, outlet: str | None = None, summary: dict | None = None) -> dict:
    """One page of the corpus; ``summary`` may be passed in when the caller caches it."""
    total = store.count_articles(outlet)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    summary = summary if summary is not None else store.summary()
    if isinstance(summary.get("story"), list):  # laid out once: the web app caches the summary
        from .timeline import story_timeline
        summary["story"] = story_timeline(summary["story"])
    return {"summary": summary, "outlet": outlet, "page": page, "pages": pages, "total": total,
            "articles": store.list_articles((page - 1) * PAGE_SIZE, PAGE_SIZE, outlet)}


def article_context(store: Store, article_id: str) -> dict | None:
    article = store.get_article(article_id)
    if article is None:
        return None
    atts = store.attributions_of(article_id)
    return {"article": article, "attributions": atts, "body": render.highlight(article["text"], atts),
            "families": store.families_of(article_id), "profile": profile_items(store.profile_of(article_id))}


def speaker_context(store: Store, entity_id: str, page: int = 1) -> dict | None:
    """A speaker's page: who, their quotes (``QUOTES_PER_PAGE`` a page, the last page when
    ``page`` is beyond it), the timeline of all of them, and the wording that drifted."""
    entity = store.get_entity(entity_id)
    n_quotes, n_articles = store.count_quotes_of_entity(entity_id)
    pages = max(1, -(-n_quotes // QUOTES_PER_PAGE))
    page = min(max(1, page), pages)
    quotes = store.quotes_of_entity(entity_id, (page - 1) * QUOTES_PER_PAGE, QUOTES_PER_PAGE)
    if entity is None and not quotes:
        return None
    if entity is None:  # attributions point at an entity the corpus stage did not list
        entity = {"id": entity_id, "name": (quotes[0].get("speaker") or {}).get("name") or entity_id,
                  "kind": None, "aliases": [], "articles": []}
    drift = store.drift_of(entity_id, entity.get("name"))
    for d in drift:
        d["diff"] = render.word_diff((d.get("a_span") or {}).get("text", ""), (d.get("b_span") or {}).get("text", ""))
    from .timeline import quote_timeline
    return {"entity": entity, "quotes": quotes, "drift": drift, "n_quotes": n_quotes, "n_articles": n_articles,
            "page": page, "pages": pages, "first": (page - 1) * QUOTES_PER_PAGE + 1,
            "timeline": quote_timeline(store.quote_times(entity_id))}


def _default_pair(graph_: dict, members: list[str], a: str | None, b: str | None) -> tuple[str | None, str | None]:
    """The two members shown side by side: ``a`` and ``b`` when they are members, else the
    root and its first copy (for a given ``a``: its first copy, else its source)."""
    left = a if a in members else (graph_["root"] if graph_["root"] in members else (members[0] if members else None))
    rest = [m for m in members if m != left]
    if b in rest:
        return left, b
    copies = graph_["copies_of"].get(left) or []
    src = next((n["source"] for n in graph_["nodes"] if n["id"] == left), None) if left else None
    right = copies[0] if copies else (src if src in rest else (rest[0] if rest else None))
    return left, right


def family_table(graph_: dict, articles: dict[str, dict], sources: list[dict], limit: int = 500) -> list[dict]:
    """One row per member, in timeline order: outlet, time, source and the evidence."""
    recs = {s["article"]: s for s in sources}
    rows = []
    for m in graph_["order"][:limit]:
        art, rec = articles[m], recs.get(m) or {}
        t, kind, raw = graph.member_time(art)
        rows.append({"id": m, "title": art.get("title"), "outlet": art.get("outlet"),
                     "time": graph.time_label(t, raw) if t else None, "time_kind": kind,
                     "source": rec.get("source"), "root": m == graph_["root"], "basis": rec.get("basis"),
                     "carried": rec.get("carried"), "kept": rec.get("kept"), "shared_lead": rec.get("shared_lead")})
    return rows


def family_context(store: Store, family_id: str, a: str | None = None, b: str | None = None,
                   prefix: str = "") -> dict | None:
    """A family's copy graph on a timeline, its members' table, and two of its articles side
    by side with their aligned sentences linked (by default the root and its first copy)."""
    family = store.get_family(family_id)
    if family is None:
        return None
    stored = {r["id"]: r for r in store.family_articles(family_id)}
    sources = store.sources_of_family(family_id)
    g = graph.family_graph(family, [stored[m] for m in family["articles"] if m in stored], sources)
    members = g["order"]
    left, right = _default_pair(g, members, a, b)
    for n in g["nodes"]:
        n["selected"] = "a" if n["id"] == left else ("b" if n["id"] == right else None)
    for e in g["edges"]:
        e["active"] = {e["source"], e["target"]} == {left, right}
    sides = []
    for side, aid in ((prefix + "L", left), (prefix + "R", right)):
        if aid is None:
            continue
        art = store.get_article(aid)
        units = render.sentence_units(art["text"], store.sentences_of(aid), store.support_of(aid))
        sides.append({"side": side, "article": art, "units": units})
    pairs = []
    if len(sides) == 2:
        for link in store.links_between(left, right):
            li = render.unit_index(sides[0]["units"], link.get("a_span"))
            ri = render.unit_index(sides[1]["units"], link.get("b_span"))
            if li is not None and ri is not None:
                pairs.append({"l": f"{prefix}L-{li}", "r": f"{prefix}R-{ri}", "li": li, "ri": ri,
                              "relation": link.get("relation"), "score": link.get("score")})
    for n, s in enumerate(sides):
        key, okey = ("li", "ri") if n == 0 else ("ri", "li")
        other = sides[1 - n]["side"] if len(sides) == 2 else ""
        linked: dict[int, list[tuple[str, int]]] = {}
        for number, p in enumerate(pairs, 1):
            linked.setdefault(p[key], []).append((f"{other}-{p[okey]}", number))
        s["body"] = render.units_html(s["article"]["text"], s["units"], s["side"], linked)
        s["unsupported"] = sum(1 for u in s["units"] if u["status"] == "unsupported")
        s["n_units"] = len(s["units"])
    drift = store.drift_between(left, right) if len(sides) == 2 else []
    for d in drift:
        d["diff"] = render.word_diff((d.get("a_span") or {}).get("text", ""), (d.get("b_span") or {}).get("text", ""))
    return {"family": family, "members": members, "sides": sides, "pairs": pairs, "drift": drift,
            "graph": g, "table": family_table(g, stored, sources), "prefix": prefix,
            "root": stored.get(g["root"]) if g["root"] else None, "pair": (left, right)}


def search_context(store: Store, q: str, by: str, page: int = 1, speaker: str | None = None) -> dict:
    """Search by speaker name, or by words in quotes (optionally of one speaker name)."""
    q = (q or "").strip()[:200]
    speaker = (speaker or "").strip()[:200] or None
    by = by if by in ("speaker", "quote") else "quote"
    page = max(1, page)
    results: list[dict] = []
    off = (page - 1) * PAGE_SIZE
    if by == "speaker" and q:
        results = store.search_speakers(q, off, PAGE_SIZE + 1)
    elif by == "quote" and (q or speaker):
        results = store.search_quotes(q, off, PAGE_SIZE + 1, speaker=speaker)
    more = len(results) > PAGE_SIZE
    return {"q": q, "by": by, "speaker": speaker, "page": page, "results": results[:PAGE_SIZE], "more": more}


def speakers_context(store: Store, page: int = 1) -> dict:
    page = max(1, page)
    rows = store.list_speakers((page - 1) * PAGE_SIZE, PAGE_SIZE + 1)
    return {"speakers": rows[:PAGE_SIZE], "page": page, "more": len(rows) > PAGE_SIZE}


def families_context(store: Store, page: int = 1) -> dict:
    page = max(1, page)
    rows = store.list_families_with_roots((page - 1) * PAGE_SIZE, PAGE_SIZE + 1)
    for f in rows:
        r = f.get("root")
        if r:
            t, _, raw = graph.member_time(r)
            r["time"] = graph.time_label(t, raw) if t else None
    return {"families": rows[:PAGE_SIZE], "page": page, "more": len(rows) > PAGE_SIZE}


def outlets_context(store: Store) -> dict:
    """The outlet network page: the graph and the table of links."""
    from .outlet_graph import outlet_graph

    rows = store.outlet_links()
    outlets = {r["source"] for r in rows} | {r["copier"] for r in rows}
    return {"rows": rows, "graph": outlet_graph(rows), "outlets": len(outlets)}
