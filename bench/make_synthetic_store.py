"""Build a synthetic newstrace store of realistic size, for load tests of the web app.

    python bench/make_synthetic_store.py --articles 10000 --out build/synthetic.duckdb

Every record is made with the data model (:mod:`newstrace.model`) and its ``to_record``
methods, so spans satisfy ``text[start:end] == span.text`` exactly as the pipeline's do, and
saved through :class:`newstrace.store.Store` in batches, as ``newstrace analyze`` saves them.
Sizes follow what the pipeline produced on PolNeAR: articles of about 3 kB in ~25 sentences,
about 8 attributions per article (direct, partial, indirect) by a pool of 500 speakers with
aliases, rewrite families of 2-5 articles with sentence links, support and quote drift, and
one sourcing profile per article. Deterministic for a given ``--seed``.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from newstrace.model import Article, Attribution, Drift, Entity, Family, Link, Span, Speaker, Support
from newstrace.store import Store

WORDS = ("government officials budget election minister council report city police court vote "
         "plan health market company workers union school price energy tax border water housing "
         "community program agency federal state local public spending policy lawmakers decision "
         "investigation statement week month year crisis talks deal support change security law").split()
FIRST = ("Maria John Aisha Chen Pierre Olga Kwame Sofia David Fatima Lars Priya Tomás Ingrid Omar "
         "Grace Hiroshi Elena Samuel Nadia").split()
LAST = ("Garcia Smith Okafor Wang Dubois Ivanova Mensah Rossi Cohen Haddad Berg Sharma Silva Lund "
        "Farouk Mills Tanaka Petrova Adeyemi Novak Kim Brown").split()
ROLES = ["the minister", "the spokesperson", "the mayor", "the senator", "the director", "the governor"]
OUTLETS = [f"Outlet {k}" for k in range(40)]
VERBS = ["said", "told reporters", "added", "argued", "warned", "according to"]


def speakers(n: int, rng: random.Random) -> list[Entity]:
    """``n`` named speakers (persons and a few organisations) with aliases."""
    out = []
    for k in range(n):
        if k % 10 == 9:
            name = f"{rng.choice(WORDS).title()} {rng.choice(['Agency', 'Council', 'Union', 'Institute'])} {k}"
            out.append(Entity(f"E{k:04d}", name, "organisation", aliases=[name.split()[0]]))
        else:
            name = f"{FIRST[k % len(FIRST)]} {LAST[(k // len(FIRST)) % len(LAST)]}-{k}"
            out.append(Entity(f"E{k:04d}", name, "person", aliases=[name.split()[-1], f"Ms. {name.split()[-1]}"]))
    return out


def _sentence(rng: random.Random, n_words: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n_words)]
    return " ".join(words).capitalize() + "."


def article(i: int, people: list[Entity], rng: random.Random, target_chars: int = 3000,
            n_attr: int = 8) -> tuple[Article, list[Span], list[Attribution]]:
    """One article of about ``target_chars`` characters with ``n_attr`` attributions."""
    parts: list[str] = []
    sentences: list[Span] = []
    pieces: list[tuple[str, str]] = []  # kind, role of each attribution sentence
    pos = 0
    attr_at = set(rng.sample(range(18), min(n_attr, 18)))
    atts: list[Attribution] = []
    aid = f"syn-{i:06d}"
    j = 0
    while pos < target_chars:
        if j in attr_at:
            who = rng.choice(people) if rng.random() < 0.8 else None
            name = who.name if who else rng.choice(ROLES)
            content = _sentence(rng, rng.randint(8, 18))[:-1]
            kind = rng.choice(["direct", "direct", "partial", "indirect", "indirect"])
            verb = rng.choice(VERBS)
            if kind == "direct":
                s = f"“{content},” {name} {verb}."
                c0 = pos + 1
            elif kind == "partial":
                s = f"{name[0].upper() + name[1:]} {verb} the plan would be “{content}” for the city."
                c0 = pos + s.index("“") + 1
            else:
                s = f"{name[0].upper() + name[1:]} {verb} that {content.lower()}."
                c0 = pos + s.index(" that ") + 6
            c1 = c0 + len(content)
            src0 = pos + s.lower().index(name.lower())
            cue0 = pos + s.index(verb, src0 - pos)
            speaker = Speaker(name, "named" if who else "anonymous", who.id if who else None)
            atts.append(Attribution(aid, f"{aid}:a{len(atts)}", Span(c0, c1), kind, Span(src0, src0 + len(name)),
                                    Span(cue0, cue0 + len(verb)), speaker, round(rng.uniform(0.5, 1.0), 3)))
        else:
            s = _sentence(rng, rng.randint(12, 26))
        sentences.append(Span(pos, pos + len(s)))
        parts.append(s + " ")
        pos += len(s) + 1
        j += 1
    text = "".join(parts).rstrip()
    art = Article(aid, f"synthetic/{aid}.txt", text, title=_sentence(rng, 7)[:-1],
                  outlet=OUTLETS[i % len(OUTLETS)], published=f"20{15 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}")
    return art, sentences, atts


def profile(art: Article, atts: list[Attribution], sentences: list[Span], in_family: bool, rng) -> dict:
    kinds = {"named": 0, "anonymous": 0, "document": 0, "unresolved": 0}
    for a in atts:
        kinds[a.speaker.kind] += 1
    unsup = rng.randint(0, len(sentences) // 3) if in_family else 0
    return {"article": art.id, "sources": kinds, "named_speakers": len({a.speaker.entity for a in atts if a.speaker.entity}),
            "sentences": len(sentences), "in_family": in_family, "unsupported_sentences": unsup,
            "unsupported_share": round(unsup / len(sentences), 4) if in_family else None, "vague_attributions": []}


def build(db: Path, n_articles: int = 10_000, n_speakers: int = 500, batch: int = 500, seed: int = 7,
          log=print) -> dict[str, int]:
    """Write the synthetic store to ``db`` (replacing it) and return its row counts."""
    rng = random.Random(seed)
    for p in (db, db.with_name(db.name + ".wal")):
        p.unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    people = speakers(n_speakers, rng)
    texts: dict[str, str] = {}
    spans: dict[str, list[Span]] = {}
    all_atts: dict[str, list[Attribution]] = {}
    t0 = time.perf_counter()
    with Store(db) as store:
        for start in range(0, n_articles, batch):
            tables: dict[str, list[dict]] = {"articles": [], "sentences": [], "attributions": []}
            for i in range(start, min(start + batch, n_articles)):
                art, sents, atts = article(i, people, rng, n_attr=max(0, int(rng.gauss(8, 2.5))))
                texts[art.id], spans[art.id], all_atts[art.id] = art.text, sents, atts
                tables["articles"].append(art.to_record())
                tables["sentences"] += [{"article": art.id, "start": s.start, "end": s.end} for s in sents]
                tables["attributions"] += [a.to_record(art.text) for a in atts]
            store.save_articles(tables)
        log(f"articles saved in {time.perf_counter() - t0:.1f} s")

        ids = list(texts)
        rng.shuffle(ids)
        families, links, support, drift = [], [], [], []
        in_family: set[str] = set()
        k = 0
        while k < len(ids) * 0.3:  # about 30% of articles are in a family
            members = sorted(ids[k:k + rng.randint(2, 5)])
            k += len(members)
            families.append(Family(f"F{len(families):05d}", members, round(rng.uniform(0.5, 0.95), 4)))
            in_family.update(members)
            first = members[0]
            for other in members[1:]:
                for n in range(3):
                    sa, sb = spans[first][n], spans[other][n]
                    links.append(Link(first, other, sa, sb, round(rng.uniform(0.6, 1.0), 4),
                                      "same-fact" if n else "same-quote"))
                qa, qb = all_atts[first][:1], all_atts[other][:1]
                if qa and qb and rng.random() < 0.3:
                    drift.append(Drift(first, other, qa[0].content, qb[0].content, qa[0].speaker.entity,
                                       round(rng.uniform(0.6, 0.95), 4), "words changed"))
            for m in members:
                for s in spans[m][:10]:
                    ok = rng.random() < 0.8
                    support.append(Support(m, s, "supported" if ok else "unsupported",
                                           [x for x in members if x != m][:2] if ok else [],
                                           round(rng.uniform(0.3, 1.0), 4)))
        quoted_in: dict[str, set[str]] = {}
        for atts in all_atts.values():
            for a in atts:
                if a.speaker.entity:
                    quoted_in.setdefault(a.speaker.entity, set()).add(a.article)
        for e in people:
            e.articles = sorted(quoted_in.get(e.id, ()))
        t1 = time.perf_counter()
        store.save_corpus({
            "entities": [e.to_record() for e in people],
            "families": [f.to_record() for f in families],
            "links": [l.to_record(texts) for l in links],
            "support": [s.to_record(texts[s.article]) for s in support],
            "drift": [d.to_record(texts) for d in drift],
            "profiles": [profile(Article(a, "", texts[a]), all_atts[a], spans[a], a in in_family, rng) for a in texts],
        })
        log(f"corpus tables saved in {time.perf_counter() - t1:.1f} s")
        counts = store.counts()
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--speakers", type=int, default=500)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=Path("build/synthetic.duckdb"))
    args = ap.parse_args(argv)
    counts = build(args.out, args.articles, args.speakers, seed=args.seed)
    size = args.out.stat().st_size / 1e6
    print(f"{args.out}: {size:.1f} MB; " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
