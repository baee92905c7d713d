"""Hand-made contract records for store/web/report tests, built through the data model.

Four short articles in the style of the seed corpus (written for these tests, not copied
from the seeds): a wire report, a rewrite of it that adds unsupported claims, a third
article quoting the same speaker, and a digest that copies the rewrite (so family F1 is a
chain: wire → rewrite → digest, with publication times). Every span is found with ``str.find`` and emitted by the
model's ``to_record`` methods, so ``text[start:end] == span text`` holds by construction.
``hostile_tables`` adds an article whose title, text, quote and speaker carry script payloads.
"""
from __future__ import annotations

import re

from newstrace.model import (Article, Attribution, Drift, Entity, Family, IngestError, Link, OutletLink, Source, Span,
                             Speaker, Support)

WIRE = """NATO Military Chiefs Meet on Ukraine Support

NATO's military chiefs met in Brussels on Tuesday to discuss support for Ukraine. "We confirmed our support for Ukraine and its armed forces," Admiral Giuseppe Cavo Dragone told reporters after the meeting. Dragone said the priority was establishing a lasting and just peace in Ukraine. "The chiefs of defence are mentally together with our Ukrainian brothers and sisters in arms," he added. A NATO official, speaking on condition of anonymity, said no decision on troop deployments had been taken."""

REWRITE = """Inside NATO's Tense Meeting on Ukraine

Inside a dimly lit conference room, NATO's military chiefs met in Brussels to discuss support for Ukraine. "We confirmed our support for Ukraine," Admiral Giuseppe Cavo Dragone said, his voice laced with urgency. Insiders suggested that the support was conditional and fraught with unspoken compromises. Dragone said the priority was establishing a lasting and just peace in Ukraine. "The chiefs of defence are mentally together with the Ukrainian brothers and sisters in arms," he added. Critics claimed the alliance had already lost control of the situation."""

OTHER = """Dragone Rules Out Sending Troops

The head of the NATO Military Committee ruled out sending allied troops to Ukraine. "The issue of sending military contingents remains in an initial state," Dragone said in an interview. Mark Rutte, the NATO Secretary General, warned that the next Russian attack would be fatal for Moscow. Sources close to the alliance said the plan was still being discussed."""

DIGEST = """NATO Chiefs Meet Behind Closed Doors

Inside a dimly lit conference room, NATO's military chiefs met in Brussels to discuss support for Ukraine. The alliance wants a lasting and just peace in Ukraine. The debate will return at the next summit in the spring."""

HOSTILE_TITLE = '<script>window.__pwned = "title"; alert("title")</script><img src=x onerror="window.__pwned=\'title-img\'">'
HOSTILE_TEXT = ("Evil Corp statement\n\n"
                "An official wrote <script>window.__pwned = \"text\"</script> in a memo. "
                "\"<img src=x onerror=\"window.__pwned='quote';alert('quote')\">Nothing to see here,\" said "
                "<b onmouseover=\"window.__pwned='speaker'\">Mallory</b>.")


def _span(text: str, needle: str, after: int = 0) -> Span:
    """First whole-word occurrence of ``needle`` at or after ``after``."""
    m = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)").search(text, after)
    if m is None:
        raise ValueError(f"{needle!r} not in text")
    return Span(m.start(), m.end())


def _sentences(text: str) -> list[Span]:
    """Naive sentence spans for the fixtures: title line, then splits after . or ." ."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        line_start = m.start()
        for s in re.finditer(r'[^.!?]+[.!?]+"?|[^.!?]+$', m.group()):
            span = Span(line_start + s.start(), line_start + s.end()).strip(text)
            if len(span):
                spans.append(span)
    return spans


def _nearest(text: str, needle: str, near: Span) -> Span:
    """The whole-word occurrence of ``needle`` outside ``near`` and closest to it."""
    found = [Span(m.start(), m.end()) for m in re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text)]
    found = [s for s in found if not s.overlaps(near)]
    if not found:
        raise ValueError(f"{needle!r} not in text")
    return min(found, key=lambda s: near.start - s.end if s.end <= near.start else s.start - near.end)


def _att(art: Article, n: int, content: str, kind: str, cue: str | None, source: str | None,
         speaker: Speaker) -> Attribution:
    c = _span(art.text, content)
    cue_span = _nearest(art.text, cue, c) if cue else None
    src = _nearest(art.text, source, cue_span or c) if source else None
    return Attribution(article=art.id, id=f"{art.id}:a{n}", content=c, kind=kind, source=src, cue=cue_span,
                       speaker=speaker)


DRAGONE = Speaker("Giuseppe Cavo Dragone", "named", "E1")
RUTTE = Speaker("Mark Rutte", "named", "E2")


def sample_tables() -> dict[str, list[dict]]:
    """Contract tables (articles, sentences, attributions, ..., profiles) for a 4-article run."""
    wire = Article("000_wire", "seeds/000_wire.txt", WIRE, title="NATO Military Chiefs Meet on Ukraine Support",
                   outlet="Wire Service", published="2025-12-09")
    rewrite = Article("001_rewrite", "seeds/001_rewrite.txt", REWRITE, title="Inside NATO's Tense Meeting on Ukraine",
                      outlet="Daily Echo", published="2025-12-10")
    other = Article("002_troops", "seeds/002_troops.txt", OTHER, title="Dragone Rules Out Sending Troops",
                    outlet="Daily Echo", published="2025-12-11")
    digest = Article("003_digest", "seeds/003_digest.txt", DIGEST, title="NATO Chiefs Meet Behind Closed Doors",
                     outlet="Morning Digest", published="2025-12-10T18:30:00Z", downloaded="2025-12-10T19:02:11Z")
    atts = [
        _att(wire, 1, "We confirmed our support for Ukraine and its armed forces,", "direct", "told",
             "Admiral Giuseppe Cavo Dragone", DRAGONE),
        _att(wire, 2, "the priority was establishing a lasting and just peace in Ukraine", "indirect", "said",
             "Dragone", DRAGONE),
        _att(wire, 3, "The chiefs of defence are mentally together with our Ukrainian brothers and sisters in arms,",
             "direct", "added", "he", DRAGONE),
        _att(wire, 4, "no decision on troop deployments had been taken", "indirect", "said", "A NATO official",
             Speaker("a NATO official", "anonymous", "E3")),
        _att(rewrite, 1, "We confirmed our support for Ukraine,", "direct", "said", "Admiral Giuseppe Cavo Dragone",
             DRAGONE),
        _att(rewrite, 2, "the support was conditional and fraught with unspoken compromises", "indirect",
             "suggested", "Insiders", Speaker("insiders", "anonymous", None)),
        _att(rewrite, 3, "the priority was establishing a lasting and just peace in Ukraine", "indirect", "said",
             "Dragone", DRAGONE),
        _att(rewrite, 4, "The chiefs of defence are mentally together with the Ukrainian brothers and sisters in arms,",
             "direct", "added", "he", DRAGONE),
        _att(rewrite, 5, "the alliance had already lost control of the situation", "indirect", "claimed", "Critics",
             Speaker("critics", "anonymous", None)),
        _att(other, 1, "The issue of sending military contingents remains in an initial state,", "direct", "said",
             "Dragone", DRAGONE),
        _att(other, 2, "the next Russian attack would be fatal for Moscow", "indirect", "warned", "Mark Rutte", RUTTE),
        _att(other, 3, "the plan was still being discussed", "indirect", "said", "Sources close to the alliance",
             Speaker("sources close to the alliance", "anonymous", "E4")),
    ]
    articles = [wire, rewrite, other, digest]
    texts = {a.id: a.text for a in articles}
    sentences = {a.id: _sentences(a.text) for a in articles}
    entities = [
        Entity("E1", "Giuseppe Cavo Dragone", "person", ["Admiral Giuseppe Cavo Dragone", "Dragone", "he"],
               ["head of the NATO Military Committee"], ["000_wire", "001_rewrite", "002_troops"]),
        Entity("E2", "Mark Rutte", "person", ["Mark Rutte"], ["NATO Secretary General"], ["002_troops"]),
        Entity("E3", "a NATO official", "anonymous", ["A NATO official"], [], ["000_wire"]),
        Entity("E4", "sources close to the alliance", "anonymous", ["Sources close to the alliance"], [], ["002_troops"]),
    ]
    families = [Family("F1", ["000_wire", "001_rewrite", "003_digest"], 0.62, source="000_wire")]
    sources = [Source("F1", "000_wire", None, "published"),
               Source("F1", "001_rewrite", "000_wire", "published", 0.71, 0.64, True),
               Source("F1", "003_digest", "001_rewrite", "published", 0.52, 0.21, True)]

    def sent_with(aid: str, needle: str) -> Span:
        i = texts[aid].find(needle)
        return next(s for s in sentences[aid] if s.start <= i < s.end)

    aligned = [  # (needle in wire, needle in rewrite, relation)
        ("military chiefs met in Brussels", "military chiefs met in Brussels", "same-fact"),
        ("We confirmed our support", "We confirmed our support", "same-quote"),
        ("Dragone said the priority", "Dragone said the priority", "same-fact"),
        ("The chiefs of defence", "The chiefs of defence", "same-quote"),
    ]
    links = [Link("000_wire", "001_rewrite", sent_with("000_wire", x), sent_with("001_rewrite", y), 0.9, rel)
             for x, y, rel in aligned]
    support = []
    for aid, other_id in (("000_wire", "001_rewrite"), ("001_rewrite", "000_wire")):
        linked = {l.a_span if aid == "000_wire" else l.b_span for l in links}
        for s in sentences[aid]:
            ok = s in linked or texts[aid][s.start:s.end].startswith(("NATO Military", "Inside NATO's"))
            support.append(Support(aid, s, "supported" if ok else "unsupported", [other_id] if ok else []))
    # the digest copies the rewrite's opening sentence and adds the rest
    digest_link = Link("001_rewrite", "003_digest", sent_with("001_rewrite", "Inside a dimly lit"),
                       sent_with("003_digest", "Inside a dimly lit"), 0.97, "same-fact")
    links.append(digest_link)
    for s in support:
        if s.article == "001_rewrite" and s.span == digest_link.a_span:
            s.supported_by = [*s.supported_by, "003_digest"]
    for s in sentences["003_digest"]:
        ok = s == digest_link.b_span
        support.append(Support("003_digest", s, "supported" if ok else "unsupported", ["001_rewrite"] if ok else []))
    wire_q = atts[0].content
    rew_q = atts[4].content
    drift = [Drift("000_wire", "001_rewrite", wire_q, rew_q, "E1", 0.78, "-and its armed forces"),
             Drift("000_wire", "001_rewrite", atts[2].content, atts[7].content, "E1", 0.93, "-our +the")]
    from newstrace.pipeline import ArticleResult
    from newstrace.reuse.outlets import outlet_network
    from newstrace.reuse.profile import sourcing_profile

    profiles = [sourcing_profile(ArticleResult(a, sentences[a.id], [t for t in atts if t.article == a.id]),
                                 [s for s in support if s.article == a.id]) for a in articles]
    return {
        "articles": [a.to_record() for a in articles],
        "sentences": [{"article": aid, "start": s.start, "end": s.end} for aid, ss in sentences.items() for s in ss],
        "furniture": [],
        "attributions": [t.to_record(texts[t.article]) for t in atts],
        "errors": [IngestError("seeds/broken.html", "could not extract any text from seeds/broken.html; "
                               "check that it is an HTML article", "E101").to_record()],
        "entities": [e.to_record() for e in entities],
        "families": [f.to_record() for f in families],
        "sources": [c.to_record() for c in sources],
        "links": [l.to_record(texts) for l in links],
        "support": [s.to_record(texts[s.article]) for s in support],
        "drift": [d.to_record(texts) for d in drift],
        "profiles": profiles,
        "outlets": [o.to_record() for o in outlet_network(articles, sources)],
    }


def hostile_tables(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """``tables`` plus an article whose title, text, quote and speaker carry script payloads,
    placed in a family with its first article so the family view renders it too."""
    art = Article("evil_<script>", "seeds/evil.txt", HOSTILE_TEXT, title=HOSTILE_TITLE,
                  outlet='<img src=x onerror="window.__pwned=\'outlet\'">', published="2025-12-12",
                  url='https://evil.example/"><script>window.__pwned=\'url\'</script>')
    q = _span(art.text, "<img src=x onerror=\"window.__pwned='quote';alert('quote')\">Nothing to see here,")
    name = "<b onmouseover=\"window.__pwned='speaker'\">Mallory</b>"
    att = Attribution(art.id, "evil:a1", q, "direct", source=_span(art.text, name), cue=_span(art.text, "said"),
                      speaker=Speaker(name, "named", "E666"))
    sents = _sentences(art.text)
    out = {k: list(v) for k, v in tables.items()}
    out["articles"].append(art.to_record())
    out["sentences"] += [{"article": art.id, "start": s.start, "end": s.end} for s in sents]
    out["attributions"].append(att.to_record(art.text))
    out["entities"].append(Entity("E666", name, "person", [name], [], [art.id]).to_record())
    first = tables["articles"][0]["id"]
    out["families"].append(Family("F666", [art.id, first], 0.5, source=art.id).to_record())
    out["sources"] = list(out.get("sources") or []) + [
        Source("F666", art.id, None, "published").to_record(),
        Source("F666", first, art.id, "published", 0.4, 0.3, False).to_record()]
    out["outlets"] = list(out.get("outlets") or []) + [
        OutletLink(art.outlet, tables["articles"][0].get("outlet") or "Daily Echo", 1, 1, 2.5, ["F666"]).to_record()]
    out["support"] += [Support(art.id, s, "unsupported").to_record(art.text) for s in sents]
    out["drift"].append(Drift(art.id, art.id, q, q, "E666", 1.0, "<script>window.__pwned='drift'</script>")
                        .to_record({art.id: art.text}))
    return out
