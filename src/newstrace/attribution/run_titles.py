"""Titles resolved across the articles of a run.

An article may write "the Russian leader said" and never name him; another article of the same
run writes "Russian President Vladimir Putin". After the entities of the run are built
(:func:`newstrace.attribution.entities.link_entities`), a source left unresolved that is a
definite, singular title with at least one qualifying word ("the Russian leader", "the U.S.
president", "the EU's foreign policy chief") becomes the one person entity of the run whose
titles and written forms carry that office and every qualifying word. Two candidates, no
qualifying word ("the president"), or an office modifier that differs ("the former president"
is not "President Trump") leave it unresolved: users prefer fewer speakers to wrong ones.
"""
from __future__ import annotations

import re

from ..model import Entity, Speaker
from .speakers.rules import rules

__all__ = ["link_titles"]

# Words that change which office a title names: they must agree between the title and the role.
OFFICE_MODIFIERS = frozenset({"former", "vice", "deputy", "assistant", "acting", "ex", "lieutenant", "late", "first"})
# "the Russian leader" is the head of a state or government, whatever the office is called.
_LEADER_OFFICES = frozenset({"president", "prime minister", "premier", "chancellor", "king", "queen", "leader"})
# Ways of writing one qualifier ("the U.S. president", "the American president", "the US leader").
_SAME = {"american": "us", "united states": "us", "u s": "us", "british": "uk", "european union": "eu"}
_DETERMINERS = frozenset({"the", "a", "an", "this", "that"})


def _norm(text: str) -> str:
    s = text.lower().replace("’", "'").replace("'s", " ").replace(".", "").replace("-", " ")
    s = re.sub(r"[^\w' ]+", " ", s)
    s = " ".join(s.split())
    for k, v in _SAME.items():
        s = re.sub(rf"\b{k}\b", v, s)
    return s


def _title_parts(source: str) -> tuple[list[str], str] | None:
    """(qualifiers, head) of a definite singular title ("The Russian leader" → (["russian"],
    "leader")), or None when the source is not one."""
    words = _norm(source).split()
    if len(words) < 3 or words[0] != "the" or len(words) > 7:
        return None
    r = rules()
    words = [w for w in words[1:] if w not in _DETERMINERS and w != "'s"]
    for n in (2, 1):  # "prime minister", "foreign policy chief"
        head = " ".join(words[-n:])
        if head in r.roles or head in _LEADER_OFFICES:
            mods = words[:-n]
            return (mods, head) if set(mods) - OFFICE_MODIFIERS else None
    return None


def _offices(head: str) -> set[str]:
    r = rules()
    out = {head} | set(r.roles.get(head, (None, ()))[1] or ())
    if head in ("leader", "head"):
        out |= _LEADER_OFFICES
    return {o.rstrip(".") for o in out}


def _fits(mods: list[str], head: str, evidence: str) -> bool:
    words = evidence.split()
    if not any((o in words) if " " not in o else (o in evidence) for o in _offices(head)):
        return False
    if (set(words) & OFFICE_MODIFIERS) != (set(mods) & OFFICE_MODIFIERS):
        return False
    return all((m in words) if " " not in m else (m in evidence) for m in mods if m not in OFFICE_MODIFIERS)


def link_titles(results, entities: list[Entity]) -> int:
    """Give each unresolved title source of ``results`` the one person entity of ``entities``
    that fits it (see the module's docstring); updates the attribution's speaker and the
    entity's articles and aliases. Returns how many speakers it set."""
    persons = [e for e in entities if e.kind == "person"]
    # a role phrase written next to the name, or a written form that is a title in front of the
    # name ("Russian President Vladimir Putin"): short, no apposition or clause (a long source
    # mentions other offices), holding the name (a title resolved in its article is no evidence)
    evidence = {e.id: [_norm(x) for x in e.roles] +
                [_norm(x) for x in e.aliases if x != e.name and len(x.split()) <= 8 and "," not in x
                 and e.name.split()[-1].lower() in x.lower()] for e in persons}
    by_id = {e.id: e for e in persons}
    done = 0
    for res in results:
        text = res.article.text
        for a in getattr(res, "attributions", None) or []:
            if a.speaker is None or a.speaker.kind != "unresolved" or a.source is None:
                continue
            source = text[a.source.start:a.source.end].strip().rstrip(",;:")
            parts = _title_parts(source) if len(source) <= 80 else None
            if parts is None:
                continue
            mods, head = parts
            fits = [eid for eid, ev in evidence.items() if any(_fits(mods, head, x) for x in ev)]
            if len(fits) != 1:
                continue
            e = by_id[fits[0]]
            a.speaker = Speaker(e.name, "named", e.id)
            if res.article.id not in e.articles:
                e.articles.append(res.article.id)
            if source not in e.aliases:
                e.aliases.append(source)
                e.aliases.sort()
            done += 1
    return done
