"""Entity linking: the cross-article stage of speaker resolution.

Runs once over every article of a run (in Spark, on the driver, after the per-article
stages), after :func:`newstrace.attribution.speakers.resolve_speakers` has given each
attribution an in-article speaker. :func:`link_entities` builds one
:class:`~newstrace.model.Entity` per real speaker, with aliases and roles, and writes its id
into ``speaker.entity``.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import Counter

from ..model import Entity, Speaker
from .aliases import Aliases
from .run_titles import link_titles
from .speakers.rules import joint_members, name_tokens, names_compatible, normalize_name, rules, _strip_possessive

_ORG_WORDS = frozenset("""ministry department agency administration government campaign committee commission
council court party bank company corp corporation inc ltd llc group organization organisation alliance union
office bureau service services institute foundation center centre university network times post journal news
press tribune herald guardian reuters associated nato un eu fbi cia imf who house senate congress parliament
police army navy coalition fund association federation team cabinet kremlin pentagon politifact poll board
school college review magazine television tv radio station channel""".split())


def _entity_kind_of(speaker: Speaker) -> str:
    if speaker.kind == "anonymous":
        return "anonymous"
    if speaker.kind == "document":
        return "document"
    return _named_kind(speaker.name or "")


@functools.lru_cache(maxsize=4096)
def _named_kind(name: str) -> str:
    """person or organisation for a named speaker. The in-article step knows, but the
    contract's Speaker has no field for it, so decide from the name: organisation words,
    a known first name, else spaCy's tagger on "<name> said." (one short parse per
    distinct name)."""
    words = [w.strip(".,'’").lower() for w in name.split()]
    if not words or name[:1].islower() or len(words) > 5:
        return "organisation"
    if any(w in _ORG_WORDS for w in words) or (name.isupper() and len(name) > 1):
        return "organisation"
    toks = name_tokens(name)
    if len(toks) >= 2 and toks[0] in rules().first_names:
        return "person"  # also "Democrat Hillary Clinton", "Sen. Mike Lee"
    try:
        from .. import nlp
        doc = nlp.parse(f"{name} said.")
        for ent in doc.ents:
            if ent.start_char == 0:
                return "person" if ent.label_ == "PERSON" else "organisation"
        return "person" if len(words) >= 2 else "organisation"
    except Exception:  # pragma: no cover - no model: fall back on the shape of the name
        return "person" if len(words) >= 2 else "organisation"


def _alias_gender(members, source_text) -> str | None:
    """m/f when the sources of these attributions say so unanimously ("Mr. Obama", "he")."""
    votes = set()
    r = rules()
    for res, a in members:
        src = source_text(res, a).strip()
        first = src.split()[0].lower() if src.split() else ""
        g = r.honorifics.get(first, (None, None))[0] or (r.pronouns.get(first, {}).get("gender")
                                                           if len(src.split()) == 1 else None)
        if g in ("m", "f"):
            votes.add(g)
    return votes.pop() if len(votes) == 1 else None


# A word in front of a title that says whose office it is: a nationality or an abbreviation.
_QUALIFIER = re.compile(r"^(?:[A-Z][a-z]+(?:an|ese|ish|i)|[A-Z](?:\.?[A-Z]){1,4}\.?)$")


def _slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:40] or "entity"


def _entity_id(kind: str, key: str, name: str) -> str:
    h = hashlib.sha1(f"{kind}|{key}".encode("utf-8")).hexdigest()[:8]
    return f"{_slug(name)}-{h}"


#: A word that makes the name after it a complement, not the phrase's head ("supporters of Trump").
_BEFORE_COMPLEMENT = frozenset({"of", "from", "for", "with", "by", "to", "against", "about", "and", "behind"})


def _person_alias(surface: str, name: str) -> str | None:
    """A source's surface form as one of a person's aliases, or None. A span the tagger cut
    across paragraphs keeps the last paragraph's piece that holds the name ("NBC
    News\n\nAmy Walter, ..." → "Amy Walter, ..."); a span that holds the name only as a complement
    ("Around 100 supporters of Trump") is not an alias; one without the name is when it is a
    short title ("the president", at most four words, no number)."""
    toks = set(name_tokens(name))
    pieces = [p.strip() for p in re.split(r"\s*\n\s*", surface) if p.strip()]
    for piece in reversed(pieces):
        words = [normalize_name(w) for w in piece.split()]
        hits = [i for i, w in enumerate(words) if w and w.strip(".") in toks]
        if hits:
            return None if hits[0] > 0 and words[hits[0] - 1] in _BEFORE_COMPLEMENT else piece
    last = pieces[-1] if pieces else ""
    return last if last and len(last.split()) <= 4 and not any(ch.isdigit() for ch in last) else None


def _roles_in_text(text: str, name: str) -> list[str]:
    """Role phrases written next to a name: "Admiral Giuseppe Cavo Dragone" → "Admiral",
    "Mark Rutte, NATO Secretary General," → "NATO Secretary General". Regex over the
    article text so the cross-article step needs no second parse."""
    out: list[str] = []
    if not name or len(name) > 80:
        return out
    r = rules()
    esc = re.escape(name)
    for m in re.finditer(r"((?:[A-Z][\w.\-]*\s+){1,3})" + esc, text):
        words = m.group(1).split()
        keep = [w for w in words if w.lower() in r.roles or w.lower() in r.honorifics and r.honorifics[w.lower()][1]
                or w.lower() in ("secretary", "general", "vice", "former", "prime", "foreign", "defence", "defense")]
        if keep and keep[-1] == words[-1]:
            start = words.index(keep[0])
            while start > 0 and _QUALIFIER.match(words[start - 1]):
                start -= 1  # "Russian President", "U.S. Secretary of State"
            role = " ".join(words[start:])
            if role.lower() not in ("mr.", "mrs.", "ms.") and role not in out:
                out.append(role)
    for m in re.finditer(esc + r",\s+((?:the\s+|a\s+|an\s+)?[^,.;:“”\"()\n]{3,90}?)(?:,|\.\s|\s+(?:said|told|says|added|wrote))",
                         text):
        phrase = m.group(1).strip()
        words = phrase.lower().split()
        if words and (any(w.strip("'’s") in r.roles for w in words)) and phrase not in out:
            out.append(phrase)
    return out[:8]


def link_entities(results, aliases: Aliases | None = None) -> list[Entity]:
    """One entity per real speaker over the whole run.

    ``results`` are ``ArticleResult``s whose attributions already carry in-article
    speakers. Persons are grouped by surname; full names merge when their first names
    agree ("Donald Trump" / "Donald J. Trump"); a bare surname ("Dragone") joins a full name
    only when exactly one full name in the run carries that surname, so two different
    people sharing a surname are never merged without evidence. Organisations merge by
    normalised name; anonymous sources and generic documents stay per article.

    ``aliases`` (the user's alias file) merges the variants on one of its lines into one
    entity named by the line's primary name. An entity keeps the id it had in an earlier run
    of the same store: attributions loaded from the store still carry their old entity id,
    and the id most of an entity's attributions had is kept (each old id goes to one entity).
    Sets ``speaker.entity`` on every resolved attribution and returns the entities sorted by id."""
    persons: dict[tuple[str, ...], list] = {}  # name tokens -> [(result, attribution)]
    others: dict[tuple[str, str], list] = {}
    resolved = [(res, a) for res in results for a in (getattr(res, "attributions", None) or [])
                if a.speaker is not None and a.speaker.kind != "unresolved" and a.speaker.name
                and len(joint_members(a.speaker.name)) == 1]  # joint speakers name several entities
    previous = {id(a): a.speaker.entity for _, a in resolved if a.speaker.entity}
    primary = {id(a): p for _, a in resolved if (p := aliases.primary(a.speaker.name) if aliases else None)}

    def name_of(a) -> str:
        """The name linking goes by: the alias file's primary name, else the in-article one."""
        return primary.get(id(a)) or a.speaker.name

    kinds = {id(a): _named_kind(primary[id(a)]) if id(a) in primary and a.speaker.kind == "named"
             else _entity_kind_of(a.speaker) for _, a in resolved}
    # A one-word name is a person when the run gives evidence: a fuller person name with
    # that surname, a title in front of it, or a he/she that resolved to it.
    surnames = {name_tokens(name_of(a))[-1] for _, a in resolved
                if kinds[id(a)] == "person" and len(name_tokens(name_of(a))) > 1}
    evidence: set[str] = set()
    prons = {"he", "she", "him", "his", "her"}
    for res, a in resolved:
        if a.speaker.kind != "named" or len(name_of(a).split()) != 1:
            continue
        name = name_of(a)
        src = res.article.text[a.source.start:a.source.end].strip().lower() if a.source is not None else ""
        titled = re.search(r"\b(?:" + "|".join(re.escape(h.rstrip(".")) for h in rules().honorifics)
                           + r")\.?\s+" + re.escape(name) + r"\b", res.article.text, flags=re.IGNORECASE)
        if name.lower() in surnames or src in prons or titled:
            evidence.add(name)
    for res, a in resolved:
        sp = a.speaker
        kind = kinds[id(a)]
        if sp.kind == "named" and name_of(a) in evidence:
            kind = "person"
        if kind == "person":
            toks = name_tokens(name_of(a))
            if toks:
                persons.setdefault(toks, []).append((res, a))
                continue
            kind = "organisation"
        norm = normalize_name(name_of(a))
        if kind in ("anonymous",) or (kind == "document" and not any(w[:1].isupper() for w in sp.name.split()[1:])):
            key = f"{res.article.id}|{norm}"
        else:
            key = norm
        others.setdefault((kind, key), []).append((res, a))

    # person clusters: group by surname, merge compatible full names
    by_surname: dict[str, list[tuple[str, ...]]] = {}
    for toks in persons:
        by_surname.setdefault(toks[-1], []).append(toks)
    groups: list[list[tuple[str, ...]]] = []
    for surname in sorted(by_surname):
        names = sorted(by_surname[surname], key=lambda t: (-len(t), t))
        full: list[list[tuple[str, ...]]] = []
        singles = []
        for t in names:
            if len(t) == 1:
                singles.append(t)
                continue
            for g in full:
                if all(names_compatible(t, o) for o in g):
                    g.append(t)
                    break
            else:
                full.append([t])
        for t in singles:
            if len(full) == 1:
                full[0].append(t)
                continue
            # several full names share the surname ("Barack Obama", "Michelle Obama"):
            # join the one whose first name agrees with the honorifics and pronouns used
            # for the bare surname ("Mr. Obama", "he"), if exactly one does
            g = _alias_gender(persons[t], lambda res, a: res.article.text[a.source.start:a.source.end]
                              if a.source is not None else "")
            fits = [grp for grp in full if g and any(rules().first_names.get(o[0]) == g for o in grp if len(o) > 1)]
            if len(fits) == 1:
                fits[0].append(t)
            else:
                groups.append([t])
        groups.extend(full)

    plans: list[tuple[str, str, list, str]] = []  # (kind, key, members, name)

    def build(kind: str, key: str, members: list, name: str, eid: str) -> Entity:
        aliases: list[str] = []
        roles: list[str] = []
        arts: list[str] = []
        prons = rules().pronouns
        for res, a in members:
            a.speaker.entity = eid
            text = res.article.text
            if a.speaker.name and a.speaker.name not in aliases:
                aliases.append(a.speaker.name)
            if a.source is not None and a.source.end <= len(text):
                # surface form as a reader would list it: no trailing comma of an apposition
                s = _strip_possessive(text[a.source.start:a.source.end].strip().rstrip(",;:–— "))
                if s and kind == "person" and a.speaker.name:
                    s = _person_alias(s, a.speaker.name)
                if s and s.lower() not in prons and s not in aliases and len(s) <= 200:
                    aliases.append(s)
            if res.article.id not in arts:
                arts.append(res.article.id)
        if kind == "person":
            seen_texts = set()
            for res, a in members:
                if res.article.id in seen_texts:
                    continue
                seen_texts.add(res.article.id)
                for r in _roles_in_text(res.article.text, a.speaker.name):
                    if r not in roles:
                        roles.append(r)
        return Entity(id=eid, name=name, kind=kind, aliases=sorted(aliases), roles=roles, articles=arts)

    def chosen_name(members: list, fallback: str) -> str:
        named = {primary[id(a)] for _, a in members if id(a) in primary}
        return named.pop() if len(named) == 1 else fallback

    for g in groups:
        members = [m for t in g for m in persons[t]]
        variants: dict[str, int] = {}
        for _, a in members:
            variants[a.speaker.name] = variants.get(a.speaker.name, 0) + 1
        def pref(n: str) -> tuple:
            toks = name_tokens(n)
            known_first = bool(toks) and len(toks) > 1 and toks[0] in rules().first_names
            clean = bool(toks) and n.split()[0].lower().strip(".,") == toks[0]  # no title/descriptor in front
            return (not known_first, -len(toks), not clean, -variants[n], n)

        name = chosen_name(members, sorted(variants, key=pref)[0])
        plans.append(("person", " ".join(max(g, key=len)), members, name))
    for (kind, key), members in others.items():
        variants: dict[str, int] = {}
        for _, a in members:
            variants[a.speaker.name] = variants.get(a.speaker.name, 0) + 1
        name = chosen_name(members, sorted(variants, key=lambda n: (-variants[n], -len(n), n))[0])
        plans.append((kind, key, members, name))

    # Ids: the one most of an entity's attributions had in an earlier run of the store (the
    # largest entities choose first; each old id goes to one entity), else made from its key.
    taken: set[str] = set()
    ids: dict[int, str] = {}
    for n, (kind, key, members, name) in sorted(enumerate(plans), key=lambda x: (-len(x[1][2]), x[1][1], x[0])):
        votes = Counter(previous[id(a)] for _, a in members if id(a) in previous)
        eid = next((e for e, _ in sorted(votes.items(), key=lambda v: (-v[1], v[0])) if e not in taken), None)
        if eid is None:
            eid = base = _entity_id(kind, key, name)
            k = 2
            while eid in taken:
                eid, k = f"{base}-{k}", k + 1
        taken.add(eid)
        ids[n] = eid
    entities = [build(kind, key, members, name, ids[n]) for n, (kind, key, members, name) in enumerate(plans)]
    link_titles(results, entities)  # "the Russian leader" where only another article names him
    entities.sort(key=lambda e: e.id)
    return entities
