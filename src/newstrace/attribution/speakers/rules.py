"""Rule data and name helpers of speaker resolution.

:func:`rules` loads the word lists of ``speaker_rules/`` (pronouns, honorifics, roles,
first names, ...) once per process; :func:`normalize_name`, :func:`name_tokens` and
:func:`names_compatible` fold and compare person names, in one article and across articles.
"""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

# The word lists sit beside this package, in ``attribution/speaker_rules/``.
RULES_DIR = Path(__file__).parent.with_name("speaker_rules")

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


# --------------------------------------------------------------------------- rule data


@dataclass(frozen=True)
class Rules:
    """The word lists of ``speaker_rules/``, loaded once."""

    pronouns: dict[str, dict]
    honorifics: dict[str, tuple[str | None, str | None]]  # word -> (gender, implied role)
    roles: dict[str, tuple[str | None, frozenset[str]]]  # role noun -> (gender, synonyms)
    org_nouns: frozenset[str]
    anonymous_heads: frozenset[str]
    document_heads: frozenset[str]
    first_names: dict[str, str]
    speech_verbs: frozenset[str]
    us_states: dict[str, str] = field(default_factory=dict)
    generic_roles: frozenset[str] = frozenset()
    descriptors: frozenset[str] = frozenset()


def _lines(name: str) -> list[str]:
    out = []
    for line in (RULES_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _none_if_dash(v: str) -> str | None:
    return None if v in ("-", "") else v


@functools.lru_cache(maxsize=1)
def rules() -> Rules:
    pronouns = json.loads((RULES_DIR / "pronouns.json").read_text(encoding="utf-8"))
    pronouns.pop("_doc", None)
    honor = {}
    for line in _lines("honorifics.tsv"):
        word, gender, role = (line.split("\t") + ["-", "-"])[:3]
        honor[word] = (_none_if_dash(gender), _none_if_dash(role))
    roles: dict[str, tuple[str | None, frozenset[str]]] = {}
    for line in _lines("roles.tsv"):
        word, gender, syn = (line.split("\t") + ["-", ""])[:3]
        old = roles.get(word, (None, frozenset()))
        syns = {s.strip() for s in syn.split(",") if s.strip()} | {word} | set(old[1])
        roles[word] = (_none_if_dash(gender) or old[0], frozenset(syns))
    first = {}
    for line in _lines("first_names.tsv"):
        n, g = line.split("\t")
        first[n] = g
    return Rules(
        pronouns=pronouns, honorifics=honor, roles=roles,
        org_nouns=frozenset(_lines("org_nouns.txt")),
        anonymous_heads=frozenset(_lines("anonymous_heads.txt")),
        document_heads=frozenset(_lines("document_heads.txt")),
        first_names=first, speech_verbs=frozenset(_lines("speech_verbs.txt")),
        us_states=dict(line.split("\t", 1) for line in _lines("us_states.tsv")),
        generic_roles=frozenset(_lines("generic_roles.txt")),
        descriptors=frozenset(_lines("name_descriptors.txt")),
    )


# --------------------------------------------------------------------------- name helpers


def normalize_name(name: str) -> str:
    """Fold a name for comparison: NFKC, straight apostrophes, no possessive, no
    honorifics or leading "the", lowercase, single spaces."""
    s = unicodedata.normalize("NFKC", name or "").replace("’", "'").replace("‘", "'")
    toks = _strip_honorifics(_POSSESSIVE.sub("", s.strip())).split()
    return " ".join(t.lower().strip(",.") or t.lower() for t in toks)


def name_tokens(name: str) -> tuple[str, ...]:
    return tuple(t.strip(".") for t in normalize_name(name).split() if t.strip("."))


def _first_compatible(a: str, b: str) -> bool:
    """First-name tokens agree: equal, or one is the other's initial."""
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def names_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Could two name token tuples name the same person? Same last token and, when both
    give a first name, compatible first names (so "Bill Clinton" ≠ "Hillary Clinton")."""
    if not a or not b or a[-1] != b[-1]:
        return False
    if len(a) == 1 or len(b) == 1:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if long_[-len(short):] == short:
        return True  # "Suu Kyi" in "Aung San Suu Kyi"
    return _first_compatible(a[0], b[0])


def _strip_possessive(s: str) -> str:
    return _POSSESSIVE.sub("", s.strip()).strip()


def _strip_the(s: str) -> str:
    return s[4:] if s.startswith("the ") else s


def _strip_honorifics(s: str) -> str:
    toks = s.split()
    r = rules()
    # the name starts after the last title word in it: "Maryland Gov. Martin O'Malley"
    for k in range(len(toks) - 2, -1, -1):
        w = toks[k].lower()
        if w in r.honorifics or w in ("the", "former") or (w in r.roles and toks[k][:1].isupper()) \
                or (w in r.descriptors and len(toks) - k > 2):
            toks = toks[k + 1:]
            break
    return " ".join(toks)


#: How a joint speaker's ``name`` lists its members ("Donald Trump; Vladimir Putin"): a
#: separator names do not contain, unlike "and" or a comma.
JOINT_SEPARATOR = "; "


def joint_name(members: list[str]) -> str:
    return JOINT_SEPARATOR.join(members)


def joint_members(name: str) -> list[str]:
    """The member names of a joint speaker's ``name``."""
    return [m.strip() for m in name.split(JOINT_SEPARATOR.strip()) if m.strip()]


#: First-person sources: inside a quote they are the quote's speaker (decided once the
#: article's other attributions are resolved), elsewhere the unnamed author.
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our", "myself", "ourselves", "mine", "ours"})
