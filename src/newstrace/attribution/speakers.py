"""Speaker resolution: who is behind each attribution's source, and what kind of source it is.

Two steps, matching the two pipeline layers:

* :func:`resolve_speakers` (one article) turns each attribution's source span into a
  :class:`~newstrace.model.Speaker`: ``named`` with the fullest name the article gives
  (pronouns, titles/roles and short forms resolved), ``anonymous`` ("a Baltic diplomat"),
  ``document`` ("a 2021 internal memo") or ``unresolved`` when nothing in the article
  supports an antecedent. Precision first: users prefer fewer speakers to wrong ones.
* :func:`link_entities` (the whole run) builds one :class:`~newstrace.model.Entity` per
  real speaker, with aliases and roles, and writes its id into ``speaker.entity``.

No coreference package works offline here (coreferee's English model and fastcoref's
weights are downloaded at run time), so this is a small hand-written resolver over spaCy's
entities, parse and noun chunks. Its word lists live as data in ``speaker_rules/``; its
accuracy is measured by ``newstrace.eval.speakers`` on a hand-labelled PolNeAR dev set.
"""
from __future__ import annotations

import bisect
import functools
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Article, Attribution, Entity, Span, Speaker

RULES_DIR = Path(__file__).with_name("speaker_rules")

# How many sentences back a pronoun may look for its antecedent.
PRONOUN_WINDOW = 3
# How many sentences back the holder of a role must have been mentioned for "the senator".
TITLE_WINDOW = 8
# Words that change which office a role names: they must agree between a title and a role.
OFFICE_MODIFIERS = frozenset({"former", "vice", "deputy", "assistant", "acting", "ex", "lieutenant", "late"})
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_PARTIES = {"D": "democrat democratic", "R": "republican", "I": "independent"}
_PARTY_STATE = re.compile(r"\s*[(,]\s*([DRI])-([A-Z][A-Za-z.]*(?: ?[A-Z][A-Za-z.]*)?)\s*[),]")
_PARTY_OF = re.compile(r",\s+(Democrat|Republican|Independent)\s+of\s+([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")
# Capitalised words after a title that still do not make a person ("General Motors").
_NOT_NAMES = frozenset({"motors", "electric", "assembly", "dynamics", "mills", "staff", "counsel",
                        "accounting", "atomics", "of", "and"})
_QUOTE_OPEN = "“«„"
_QUOTE_CLOSE = "”»"


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


# --------------------------------------------------------------------------- article model


@dataclass
class Person:
    """One person named in an article (an in-article cluster of name mentions)."""

    tokens: tuple[str, ...]  # normalised tokens of the fullest name
    name: str  # that name as written in the article
    roles: list[str] = field(default_factory=list)  # lowercase role phrases
    honorific_gender: str | None = None
    role_gender: str | None = None
    first_name_gender: str | None = None
    pronoun_votes: dict[str, int] = field(default_factory=lambda: {"m": 0, "f": 0})

    @property
    def gender(self) -> str | None:
        if self.honorific_gender:
            return self.honorific_gender
        if self.role_gender:
            return self.role_gender
        m, f = self.pronoun_votes["m"], self.pronoun_votes["f"]
        if max(m, f) >= 2 and min(m, f) == 0:
            return "m" if m else "f"
        if self.first_name_gender:
            return self.first_name_gender
        if m != f and min(m, f) == 0:
            return "m" if m else "f"
        return None


@dataclass
class Mention:
    """A resolved reference to a person in the article, used as discourse context."""

    start: int
    end: int
    person: int
    sent: int
    subject: bool
    quoted: bool
    speaker: bool = False  # the source of an attribution


@dataclass
class Resolution:
    kind: str  # named | anonymous | document | unresolved
    name: str | None = None
    person: int | None = None


class ArticleContext:
    """Everything the resolver knows about one parsed article."""

    def __init__(self, text: str, doc) -> None:
        self.text = text
        self.doc = doc
        self.rules = rules()
        self.sent_starts = [s.start_char for s in doc.sents]
        self.quote_spans = _quoted_intervals(text)
        # A sentence is narrative when some of its words stand outside quotation marks;
        # pronoun windows count narrative sentences only, so a long quote does not push
        # its speaker out of reach of the "he said" that closes it.
        self.narrative = [any(ch.isalpha() and not self.quoted(sent.start_char + k)
                              for k, ch in enumerate(sent.text)) for sent in doc.sents]
        # spaCy rebuilds doc.ents and doc.noun_chunks on every access; keep them once
        self.ents = list(doc.ents)
        try:
            self.chunks = list(doc.noun_chunks)
        except (ValueError, NotImplementedError):  # no parser in the pipeline
            self.chunks = []
        self.chunk_ends = [c.end_char for c in self.chunks]
        self.ent_ends = [e.end_char for e in self.ents]
        self.ent_starts = [e.start for e in self.ents]
        self.persons: list[Person] = []
        self.mentions: list[Mention] = []
        self.by_sent: dict[int, list[Mention]] = {}  # the same mentions, by sentence
        self._build_persons()

    # ---- positions
    def chunks_before(self, char: int, limit: int = 400):
        """Noun chunks ending at or before ``char``, the nearest ``limit`` of them."""
        k = bisect.bisect_right(self.chunk_ends, char)
        return self.chunks[max(0, k - limit):k]

    def ent_at(self, token_i: int):
        """The entity covering token ``token_i``, or None."""
        k = bisect.bisect_right(self.ent_starts, token_i) - 1
        return self.ents[k] if k >= 0 and self.ents[k].start <= token_i < self.ents[k].end else None

    def ents_before(self, char: int, limit: int = 400):
        k = bisect.bisect_right(self.ent_ends, char)
        return self.ents[max(0, k - limit):k]

    def sent_index(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

    def quoted(self, char: int) -> bool:
        i = bisect.bisect_right(self.quote_spans, (char, float("inf"))) - 1
        return i >= 0 and self.quote_spans[i][0] <= char < self.quote_spans[i][1]

    def char_span_tokens(self, start: int, end: int):
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span

    # ---- persons
    def _name_of_entity(self, ent) -> tuple[int, int, str | None]:
        """Char span of the bare name in a PERSON entity (titles/possessive stripped)."""
        toks = list(ent)
        for k, t in enumerate(toks):
            if "\n" in t.text or (k and "\n" in self.text[toks[k - 1].idx:t.idx]):
                toks = toks[:k]  # an entity never runs across a line break
                break
        while toks and toks[0].pos_ not in ("PROPN", "NOUN") and toks[0].lower_ not in self.rules.honorifics:
            toks = toks[1:]  # "Telling Jeb Bush", "Neither Cruz"
        honor, roles = self.rules.honorifics, self.rules.roles
        gender = None
        while toks and (toks[0].lower_ in honor or toks[0].lower_ in roles or toks[0].lower_ in ("the", "former")
                        or (len(toks) > 2 and toks[0].lower_ in self.rules.descriptors)
                        or (len(toks) > 2 and toks[0].lower_ not in self.rules.first_names
                            and toks[1].lower_ in self.rules.first_names)):
            g = honor.get(toks[0].lower_, (None, None))[0]
            gender = gender or g
            toks = toks[1:]
        while toks and (toks[-1].text in ("'s", "’s", "'", "’") or not toks[-1].text[:1].isalnum()):
            toks = toks[:-1]
        # "Maryland Gov. Martin O'Malley": the name starts after the last title inside it
        for k in range(len(toks) - 2, -1, -1):
            w = toks[k].lower_
            if (w in honor and honor[w][1]) or (w in roles and toks[k].text[:1].isupper()) or w in ("mr.", "mrs.", "ms."):
                gender = gender or honor.get(w, (None, None))[0]
                toks = toks[k + 1:]
                break
        if not toks:
            return 0, 0, None
        if ent.start > 0 and not gender:  # "Mrs. Clinton" where the entity is only "Clinton"
            gender = honor.get(ent.doc[ent.start - 1].lower_, (None, None))[0]
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        raw = self.text[start:end]
        m = _POSSESSIVE.search(raw)
        if m:
            end -= len(m.group(0))
        return start, end, gender

    def _roles_for(self, ent) -> tuple[list[str], str | None]:
        """Role phrases attached to a PERSON entity: titles before it ("President",
        "Republican nominee", "Sen.") and appositions ("Mark Rutte, NATO Secretary General")."""
        roles: list[str] = []
        gender = None
        root = ent.root
        before = [t for t in root.subtree if t.i < ent.start and t.dep_ not in ("det", "punct", "poss", "case")]
        before = [t for t in before if t.i >= ent.start - 5]
        words = [t.lower_ for t in before] + [t.lower_ for t in ent if t.i < ent.start + len(ent) - 1
                                                and (t.lower_ in self.rules.honorifics or t.lower_ in self.rules.roles)]
        for w in words:
            h = self.rules.honorifics.get(w)
            if h and h[1]:
                roles.append(h[1])
            if h and h[0]:
                gender = gender or h[0]
        if words:
            roles.append(" ".join(words))
        for child in root.children:
            if child.dep_ == "appos" and child.i > root.i and child.ent_type_ != "PERSON":
                sub = [t for t in child.subtree][:14]
                roles.append(" ".join(t.lower_ for t in sub if not t.is_punct))
        if root.dep_ == "appos" and root.head.i < ent.start and root.head.ent_type_ != "PERSON" and root.head.pos_ == "NOUN":
            sub = [t for t in root.head.subtree if t.i < ent.start][:14]
            roles.append(" ".join(t.lower_ for t in sub if not t.is_punct and t.dep_ != "det"))
        for r in roles:
            for w in r.split():
                g = self.rules.roles.get(w, (None, None))[0]
                if g:
                    gender = gender or g
        return [r for r in roles if r], gender

    def _build_persons(self) -> None:
        found = []  # (start, end, tokens, ent, honorific gender)
        headlines = _title_case_lines(self.text)
        for ent in self.ents:
            if ent.label_ != "PERSON":
                continue
            if any(a <= ent.start_char < b for a, b in headlines):
                continue  # "Obama Says African-American Museum ...": title case fools the tagger
            s, e, hg = self._name_of_entity(ent)
            if e <= s:
                continue
            toks = name_tokens(self.text[s:e])
            if not toks or not any(ch.isupper() for ch in self.text[s:e]):
                continue
            if any(t in self.rules.org_nouns for t in toks[1:]):
                continue  # "George W. Bush Presidential Center" is not a person
            found.append((s, e, toks, ent, hg))
        found.extend(self._titled_names(headlines, [(f[0], f[1]) for f in found]))
        # Clusters: fullest names first; a shorter name joins the cluster it is compatible
        # with. A surname shared by two clusters stays ambiguous and is decided per mention.
        by_len = sorted({f[2]: f for f in found}.values(), key=lambda f: (-len(f[2]), f[0]))
        for s, e, toks, ent, hg in by_len:
            if len(toks) == 1:
                continue
            if any(names_compatible(toks, p.tokens) and len(p.tokens) >= len(toks)
                   and set(toks) <= set(p.tokens) | {t[:1] for t in p.tokens} for p in self.persons):
                continue
            if any(names_compatible(toks, p.tokens) for p in self.persons):
                # e.g. "Donald Trump" vs "Donald J. Trump": same person, keep the fuller one
                continue
            self.persons.append(Person(tokens=toks, name=self.text[s:e]))
        for s, e, toks, ent, hg in by_len:
            if len(toks) == 1 and not self._candidates_for(toks) and not self._first_name_match(toks):
                self.persons.append(Person(tokens=toks, name=self.text[s:e]))
        self._complete_bare_surnames()
        for p in self.persons:
            p.first_name_gender = self.rules.first_names.get(p.tokens[0])
        # Mentions of persons in document order, with their roles and honorific genders.
        # Proper-noun runs outside PERSON entities count too when they carry a known
        # person's name: the tagger often labels a bare surname ORG or GPE ("Dragone").
        items = [(s, e, toks, ent, hg, ent.root) for s, e, toks, ent, hg in found]
        covered = [(s, e) for s, e, *_ in found]
        for seq in _proper_sequences(self.doc[:]):
            s, e = seq[0].idx, seq[-1].idx + len(seq[-1].text)
            if any(a < e and s < b for a, b in covered):
                continue
            toks = name_tokens(self.text[s:e])
            if not toks or len(toks) > 4:
                continue
            hg = None
            for t in seq[:2]:
                hg = hg or self.rules.honorifics.get(t.lower_, (None, None))[0]
            root = max(seq, key=lambda t: (t.head not in seq, t.i))
            items.append((s, e, toks, None, hg, root))
        for s, e, toks, ent, hg, root in sorted(items, key=lambda f: f[0]):
            idx = self._person_for_name(toks, s, hg)
            if idx is None:
                continue
            p = self.persons[idx]
            unambiguous = len(self._candidates_for(toks)) <= 1
            if hg and unambiguous:
                p.honorific_gender = p.honorific_gender or hg
            if ent is not None and unambiguous:
                roles, rg = self._roles_for(ent)
                for r in roles:
                    if r not in p.roles:
                        p.roles.append(r)
                p.role_gender = p.role_gender or rg
            self._add_mention(s, e, idx, root)
            for r in self._party_state_roles(e):
                if r not in p.roles:
                    p.roles.append(r)
        self._vote_pronoun_genders()

    def _party_state_roles(self, end: int) -> list[str]:
        """Party and state written right after a name: "(R-S.C.)", ", D-Calif.,", or the
        NYT's ", Republican of Arizona," — so "the South Carolina senator" finds Graham."""
        tail = self.text[end:end + 40]
        m = _PARTY_STATE.match(tail)
        if m:
            party = _PARTIES.get(m.group(1), "")
            state = self.rules.us_states.get(m.group(2).strip(), m.group(2).strip(" .").lower())
            return [f"{party} {state} lawmaker".strip()]
        m = _PARTY_OF.match(tail)
        if m:
            return [f"{m.group(1).lower()} {m.group(2).lower()}"]
        return []

    def _titled_names(self, headlines, covered) -> list[tuple]:
        """Names the tagger missed but a personal title vouches for: "General Dragone",
        "Mr. Stenger", "Sen. Lindsey Graham" (title, then one to three capitalised words)."""
        out = []
        for seq in _proper_sequences(self.doc[:]):
            k = 0
            while k < len(seq) and (seq[k].lower_ in self.rules.honorifics or seq[k].lower_ in self.rules.roles):
                k += 1
            if k == 0 or not 1 <= len(seq) - k <= 3:
                continue
            name = seq[k:]
            if any(t.lower_ in self.rules.org_nouns or t.lower_ in _NOT_NAMES for t in name):
                continue
            s, e = name[0].idx, name[-1].idx + len(name[-1].text)
            if "\n" in self.text[s:e] or any(a <= s < b for a, b in headlines) or any(a < e and s < b for a, b in covered):
                continue
            toks = name_tokens(self.text[s:e])
            if toks:
                hg = None
                for t in seq[:k]:
                    hg = hg or self.rules.honorifics.get(t.lower_, (None, None))[0]
                out.append((s, e, toks, self.doc[seq[0].i:name[-1].i + 1], hg))
        return out

    def _complete_bare_surnames(self) -> None:
        """A person known only by one word ("Oz") takes a fuller name written elsewhere
        in the article as a run of proper nouns ending in that word ("Mehmet Oz") that
        the tagger did not label PERSON. Only when exactly one such fuller form exists."""
        singles = {p.tokens[-1]: p for p in self.persons if len(p.tokens) == 1}
        if not singles:
            return
        headlines = _title_case_lines(self.text)
        fuller: dict[str, set[tuple[int, int]]] = {}
        for seq in _proper_sequences(self.doc[:]):
            toks = [t for t in seq if t.lower_ not in self.rules.honorifics and t.lower_ not in self.rules.roles]
            if not 2 <= len(toks) <= 3 or toks[-1].lower_ not in singles:
                continue
            if any(a <= toks[0].idx < b for a, b in headlines) or toks[-1].i != seq[-1].i:
                continue
            if any(t.ent_type_ in ("ORG", "GPE", "FAC", "NORP", "EVENT", "WORK_OF_ART") for t in toks):
                continue
            span = (toks[0].idx, toks[-1].idx + len(toks[-1].text))
            if "\n" in self.text[span[0]:span[1]]:
                continue
            fuller.setdefault(toks[-1].lower_, set()).add(span)
        for key, spans in fuller.items():
            forms = {name_tokens(self.text[a:b]) for a, b in spans}
            if len(forms) != 1:
                continue
            p = singles[key]
            a, b = min(spans)
            p.tokens, p.name = forms.pop(), self.text[a:b]

    def _candidates_for(self, toks: tuple[str, ...]) -> list[int]:
        return [i for i, p in enumerate(self.persons) if names_compatible(toks, p.tokens)]

    def _first_name_match(self, toks: tuple[str, ...]) -> list[int]:
        if len(toks) != 1:
            return []
        return [i for i, p in enumerate(self.persons) if len(p.tokens) > 1 and p.tokens[0] == toks[0]]

    def _person_for_name(self, toks: tuple[str, ...], at: int, gender: str | None = None) -> int | None:
        """The person a name (possibly a bare surname) refers to at position ``at``."""
        cands = self._candidates_for(toks)
        if not cands:
            cands = self._first_name_match(toks)
        if gender:
            strict = [i for i in cands if self.persons[i].gender == gender]
            agree = [i for i in cands if self.persons[i].gender in (gender, None)]
            cands = strict or agree or cands
        if len(cands) <= 1:
            return cands[0] if cands else None
        # Ambiguous surname ("Clinton" with Bill and Hillary): the candidate who was a
        # subject or speaker most recently (within a few sentences), else the one
        # mentioned most often so far; a tie stays unresolved.
        exact = [i for i in cands if self.persons[i].tokens == toks]
        if exact and len(toks) > 1:
            return exact[0]
        sent_at = self.sent_index(at)

        def rank(i: int) -> tuple[int, int]:
            ms = [m for m in self.mentions if m.person == i and m.start < at]
            recent = max((m.start for m in ms if (m.subject or m.speaker) and sent_at - m.sent <= 3), default=-1)
            return recent, len(ms)

        ranked = sorted(cands, key=rank, reverse=True)
        if rank(ranked[0]) == rank(ranked[1]):
            return None
        return ranked[0]

    def _add_mention(self, start: int, end: int, person: int, root_token=None) -> None:
        subj = bool(root_token is not None and root_token.dep_ in ("nsubj", "nsubjpass"))
        m = Mention(start, end, person, self.sent_index(start), subj, self.quoted(start))
        pos = bisect.bisect_left(self.mentions, start, key=lambda x: x.start)
        if pos < len(self.mentions) and self.mentions[pos].start == start:
            return
        self.mentions.insert(pos, m)
        row = self.by_sent.setdefault(m.sent, [])
        row.insert(bisect.bisect_left(row, start, key=lambda x: x.start), m)

    def mark_speaker(self, span: Span, person: int) -> None:
        """Record that ``person`` speaks at ``span`` (an attribution's source): speakers are
        the preferred antecedents of a later "he said"."""
        self._add_mention(span.start, span.end, person, None)
        for m in self.mentions:
            if m.person == person and span.start <= m.start < span.end:
                m.speaker = True

    def add_unlisted_speaker(self, span: Span) -> int | None:
        """A source that is a bare proper name the entity tagger missed ("Dragone,
        a key figure …, emphasized"; no PERSON, ORG, GPE or NORP on any of its words) is a
        person of unknown gender from here on, so that a later "he added" can reach it.
        Returns the person's index, or None when the span is not such a name."""
        toks = self.char_span_tokens(span.start, span.end)
        if toks is None or not 1 <= len(toks) <= 3:
            return None
        words = [t for t in toks if not t.is_punct]
        if not words or any(t.pos_ != "PROPN" or t.ent_type_ or not t.text[:1].isupper() for t in words):
            return None
        if any(t.lower_ in self.rules.org_nouns or t.lower_ in self.rules.honorifics for t in words):
            return None
        raw = _strip_possessive(self.text[words[0].idx:words[-1].idx + len(words[-1].text)])
        name = name_tokens(raw)
        if not name:
            return None
        for i, p in enumerate(self.persons):
            if names_compatible(name, p.tokens):
                return i
        self.persons.append(Person(tokens=name, name=raw, first_name_gender=self.rules.first_names.get(name[0])))
        return len(self.persons) - 1

    def _vote_pronoun_genders(self) -> None:
        """Each he/his/him or she/her votes for the gender of the person named closest
        before it in the same sentence, when that mention is an unquoted subject and no
        other person is named in between ("Butz will opt ... when he hits")."""
        by_sent: dict[int, list[Mention]] = {}
        for m in self.mentions:
            by_sent.setdefault(m.sent, []).append(m)
        for sent in self.doc.sents:
            ms = [m for m in by_sent.get(self.sent_index(sent.start_char), []) if not m.quoted]
            if not ms:
                continue
            for t in sent:
                g = self.rules.pronouns.get(t.lower_, {}).get("gender")
                if g not in ("m", "f") or self.quoted(t.idx):
                    continue
                before = [m for m in ms if m.end <= t.idx]
                if not before:
                    continue
                m = before[-1]
                if m.subject or len({x.person for x in ms if x.start < t.idx}) == 1:
                    self.persons[m.person].pronoun_votes[g] += 1


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """Lines written in Title Case (headlines), where the tagger's PERSON spans swallow
    verbs ("Obama Says"). A line counts when it has at least four words longer than three
    letters and (nearly) all of them are capitalised."""
    out = []
    pos = 0
    for line in text.split("\n"):
        words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) > 3]
        if len(words) >= 4 and sum(1 for w in words if w[0].isupper()) >= 0.95 * len(words):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _quoted_intervals(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks. Curly double quotes open/close; straight
    double quotes (and NYT-style '') toggle; curly single quotes count when they stand at
    word edges (‘ after a non-letter opens, ’ before a non-letter closes), so possessives
    ("Ukraine’s") never close a quote. An unclosed quote ends at the line break."""
    out: list[tuple[int, int]] = []
    start, kind = None, None
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            if start is not None:
                out.append((start, i))
                start, kind = None, None
        elif ch in _QUOTE_OPEN:
            if start is None:
                start, kind = i, "double"
        elif ch in _QUOTE_CLOSE:
            if kind == "double":
                out.append((start, i + 1))
                start, kind = None, None
        elif ch == '"' or (ch == "'" and i + 1 < n and text[i + 1] == "'"):
            if start is None:
                start, kind = i, "double"
            elif kind == "double":
                out.append((start, i + 1))
                start, kind = None, None
            if ch == "'":
                i += 1
        elif ch == "\u2018":
            if start is None and (i == 0 or not text[i - 1].isalnum()):
                start, kind = i, "single"
        elif ch == "\u2019" and kind == "single":
            if i + 1 >= n or not text[i + 1].isalpha():
                out.append((start, i + 1))
                start, kind = None, None
        i += 1
    if start is not None:
        out.append((start, n))
    return out


# --------------------------------------------------------------------------- resolution


class Resolver:
    """Resolves source spans of one article in document order."""

    def __init__(self, ctx: ArticleContext) -> None:
        self.ctx = ctx
        self.r = ctx.rules
        self.cache: dict[tuple[int, int], Resolution] = {}
        self.surface: dict[str, Resolution] = {}

    # ---- public
    def resolve(self, span: Span) -> Resolution:
        key = (span.start, span.end)
        if key not in self.cache:
            try:
                res = self._resolve(span)
            except Exception:  # degrade, never crash the pipeline on odd parses
                res = Resolution("unresolved")
            surface = self.ctx.text[span.start:span.end].strip()
            if surface[:1].isupper() and surface.lower() not in self.r.pronouns and len(surface) <= 80:
                # the tagger is not consistent ("Hannity" PROPN here, NOUN there): a name
                # resolved once resolves the same way when written the same way again
                if res.kind == "named":
                    self.surface.setdefault(surface, res)
                elif res.kind == "unresolved" and surface in self.surface:
                    res = self.surface[surface]
            self.cache[key] = res
        return self.cache[key]

    # ---- dispatch
    def _resolve(self, span: Span) -> Resolution:
        ctx = self.ctx
        sp = span.strip(ctx.text)
        if len(sp) == 0:
            return Resolution("unresolved")
        text = ctx.text[sp.start:sp.end]
        low = normalize_name(text) if len(text) < 400 else ""
        doc_span = ctx.char_span_tokens(sp.start, sp.end)
        if doc_span is None or len(doc_span) == 0:
            return Resolution("unresolved")
        bare = text.strip().lower().replace("’", "'")
        if bare in self.r.pronouns:
            return self._pronoun(bare, doc_span)
        root = doc_span.root
        head = _head_word(doc_span)
        if head in self.r.roles and _is_definite(doc_span) and not _has_person(doc_span) \
                and (root.pos_ == "NOUN" or root.lower_ in self.r.roles):
            res = self._title(doc_span, head)
            if res.kind == "unresolved" and head in self.r.anonymous_heads:
                return self._anonymous_antecedent(doc_span, head) or res
            return res
        res = self._named_person(doc_span)
        if res is not None:
            return res
        if head in self.r.anonymous_heads and root.ent_type_ not in ("PERSON", "ORG") and root.pos_ != "PROPN":
            return Resolution("anonymous", text)  # a name inside ("a spokeswoman for X") does not name the speaker
        if head in self.r.document_heads and not _has_person(doc_span):
            return Resolution("document", self._document_name(doc_span, head) or text)
        if head in self.r.org_nouns and _is_definite(doc_span) and not _has_proper(doc_span):
            return self._org_title(doc_span, head)
        proper_root = root.pos_ == "PROPN" or root.ent_type_ in ("ORG", "NORP", "GPE", "PERSON")
        if proper_root or (head in self.r.org_nouns and _has_proper(doc_span)):
            if low and len(doc_span) <= 12:
                name = _strip_possessive(text)
                if proper_root:
                    # the name itself, without "Even" or other words around it
                    ent = ctx.ent_at(root.i)
                    seq = next((q for q in _proper_sequences(doc_span) if root in q), None)
                    if ent is not None and ent.start >= doc_span.start and ent.end <= doc_span.end:
                        name = _strip_possessive(ent.text)
                    elif seq:
                        name = _strip_possessive(ctx.text[seq[0].idx:seq[-1].idx + len(seq[-1].text)])
                if proper_root and any(t.dep_ == "conj" and t.head == root for t in doc_span) \
                        and any(t.dep_ == "cc" and t.head == root for t in doc_span):
                    # "Britain and France", "the United States and its European allies" speak
                    # together: name the group as written, not its first member
                    name = _strip_possessive(text.strip())
                if not proper_root or name.startswith("the "):
                    name = re.sub(r"^(?:the|The)\s+", "", name)
                return Resolution("named", name)
        return Resolution("unresolved")

    # ---- person names and short forms
    def _named_person(self, doc_span) -> Resolution | None:
        """A source naming a person: a PERSON entity or a proper-noun sequence that matches
        a person of the article (so "Dragone" works even when tagged ORG)."""
        ctx = self.ctx
        hits: list[int] = []
        root = doc_span.root
        seqs = _proper_sequences(doc_span)
        if not seqs:
            # the tagger sometimes calls a capitalised surname a common noun ("Dragone’s
            # insistence" at the start of a sentence): accept it when it names a known person
            raw = _strip_possessive(ctx.text[doc_span.start_char:doc_span.end_char])
            words = raw.split()
            toks = name_tokens(raw)
            if 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and toks:
                idx = ctx._person_for_name(toks, doc_span.start_char)
                if idx is not None:
                    return Resolution("named", ctx.persons[idx].name, idx)
            return None
        # the person must be what the span is about: its root is in the name, or the root
        # is a role in apposition to it — not "the Trump campaign" or "the Obama administration"
        owning = [q for q in seqs if root in q or any(t.head == root and t.dep_ in ("appos",) for t in q)
                  or (root.dep_ == "appos" and root.head in q)]
        if not owning and root.pos_ == "NOUN":
            return None  # "a spokeswoman for Hillary Clinton" is not Hillary Clinton
        if any(t.lower_ in ("and", "&") and t.dep_ == "cc" for t in doc_span):
            people = {ctx._person_for_name(name_tokens(ctx.text[q[0].idx:q[-1].idx + len(q[-1].text)]), q[0].idx)
                      for q in seqs} - {None}
            coordinated = any(t.dep_ == "conj" and t.pos_ == "PROPN" for t in doc_span)
            if len(people) > 1 or (coordinated and people):
                return Resolution("unresolved")  # several people speak together
        for seq in owning or seqs:
            start, end = seq[0].idx, seq[-1].idx + len(seq[-1].text)
            raw = ctx.text[start:end]
            toks = name_tokens(raw)
            hon = None
            for t in seq[:2]:
                hon = hon or ctx.rules.honorifics.get(t.lower_, (None, None))[0]
            if not toks:
                continue
            idx = ctx._person_for_name(toks, start, hon)
            if idx is not None:
                if idx not in hits:
                    hits.append(idx)
            elif any(t.ent_type_ == "PERSON" for t in seq) and len(hits) == 0:
                # a person the clustering never saw (e.g. misspelled); name it as written
                return Resolution("named", _strip_possessive(_strip_honorifics(raw)))
        if not hits:
            return None
        if len(hits) > 1 and any(t.lower_ in ("and", "&") for t in doc_span):
            return Resolution("unresolved")  # several people speak together
        idx = hits[0]
        return Resolution("named", ctx.persons[idx].name, idx)

    # ---- pronouns
    def _pronoun(self, word: str, doc_span) -> Resolution:
        info = self.r.pronouns[word]
        tok = doc_span[0]
        if word in ("who", "which", "that"):
            return self._relative(tok)
        if info.get("number") == "pl" or info.get("gender") == "n":
            return self._group_pronoun(tok, plural=info.get("number") == "pl")
        return self._personal(tok, info.get("gender"))

    def _personal(self, tok, gender: str | None) -> Resolution:
        """he/she: the nearest sentence (this one, then up to PRONOUN_WINDOW narrative
        sentences back) that holds a gender-compatible person named outside quotation
        marks; inside it prefer the speaker of an attribution, then subjects. A person of
        unknown gender counts only as a subject or speaker. Ties stay unresolved."""
        ctx = self.ctx
        si = ctx.sent_index(tok.idx)
        # a pronoun inside quoted narration (an excerpt of another article) takes its
        # antecedent from quoted text only; one outside quotes from narration only
        inside = ctx.quoted(tok.idx)
        seen_narrative = 0
        for s in range(si, -1, -1):
            back = si - s
            if back and (ctx.narrative[s] or inside):
                seen_narrative += 1
            if seen_narrative > PRONOUN_WINDOW or si - s > 40:
                break
            cands = [m for m in ctx.by_sent.get(s, ()) if m.end <= tok.idx and m.quoted == inside]
            if not cands:
                continue
            strong = [m for m in cands if ctx.persons[m.person].gender == gender]
            lone = len({m.person for m in cands}) == 1
            weak = [m for m in cands if ctx.persons[m.person].gender is None and (m.subject or m.speaker or lone)]
            pool = strong or weak
            if not pool:
                continue
            if not strong and any(ctx.persons[m.person].gender not in (gender, None) for m in cands) \
                    and len({m.person for m in weak}) > 1:
                return Resolution("unresolved")
            persons = list(dict.fromkeys(m.person for m in pool))
            if len(persons) == 1:
                return self._named(persons[0], tok)
            for pref in (lambda m: m.speaker, lambda m: m.subject):
                chosen = list(dict.fromkeys(m.person for m in pool if pref(m)))
                if len(chosen) == 1:
                    return self._named(chosen[0], tok)
                if back == 0 and chosen:
                    # "X told Y that he ..." — the main-clause subject is the usual antecedent
                    return self._named(chosen[0], tok)
            return Resolution("unresolved")
        return Resolution("unresolved")

    def _named(self, idx: int, tok=None) -> Resolution:
        if tok is not None:
            self.ctx._add_mention(tok.idx, tok.idx + len(tok.text), idx, tok)
        return Resolution("named", self.ctx.persons[idx].name, idx)

    def _relative(self, tok) -> Resolution:
        """who/which/that: the noun phrase right before it. "Lindsey Graham, who said" and
        "Robert Mercer, a longtime donor who backs" name the person before the comma or the
        apposition; "who" takes only a person, "which"/"that" anything but a person."""
        doc = tok.doc
        j = tok.i - 1
        while j >= 0 and doc[j].is_punct and doc[j].text in (",", "—", "-", "(", "–"):
            j -= 1
        if j < 0:
            return Resolution("unresolved")
        personal = tok.lower_ == "who"
        adj = doc[j]
        cands: list[Resolution] = []
        seq = next((q for q in _proper_sequences(doc[max(0, j - 5):j + 1]) if adj in q), None)
        if seq is not None:
            cands.append(self.resolve(Span(seq[0].idx, seq[-1].idx + len(seq[-1].text))))
        elif adj.pos_ == "NOUN" and adj.dep_ == "appos":
            owner = adj.head
            oseq = next((q for q in _proper_sequences(doc[max(0, owner.i - 5):owner.i + 1]) if owner in q), None)
            if oseq is not None:
                cands.append(self.resolve(Span(oseq[0].idx, oseq[-1].idx + len(oseq[-1].text))))
        parse_ante = tok.head.head if tok.head.dep_ == "relcl" else None
        if parse_ante is not None and parse_ante.i < tok.i:
            left = min(t.i for t in parse_ante.subtree if t.i <= parse_ante.i)
            right = parse_ante.i
            # a numbered name keeps its number: "Article 21 ... that allows" is "Article 21"
            while right + 1 < tok.i and doc[right + 1].head.i == parse_ante.i and doc[right + 1].dep_ == "nummod":
                right += 1
            sub = doc[left:right + 1]
            if len(sub):
                parsed = self.resolve(Span(sub.start_char, sub.end_char))
                # "a memo from the Department of Defense, which acknowledged": the parser hangs
                # the clause on "memo"; a name right before "which" only counts when the clause
                # hangs on it ("who" keeps its order: only a person can take it anyway).
                if not personal and (seq is None or parse_ante not in seq):
                    cands.insert(0, parsed)
                else:
                    cands.append(parsed)
        for res in cands:
            if personal and res.person is not None:
                return res
            if not personal and res.kind != "unresolved" and res.person is None:
                return res
        if not personal and cands and cands[0].kind == "named":
            return cands[0]
        return Resolution("unresolved")

    def _group_pronoun(self, tok, plural: bool) -> Resolution:
        """they/it: the nearest subject noun phrase in this or the previous sentence; only an
        organisation name counts as a speaker, anything else ("the states") stays unresolved."""
        doc = tok.doc
        sents = list(doc.sents)
        si = next((i for i, s in enumerate(sents) if s.start <= tok.i < s.end), None)
        if si is None:
            return Resolution("unresolved")
        for back in range(0, 2):
            if si - back < 0:
                break
            sent = sents[si - back]
            subjects = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.i < tok.i and t.i != tok.i
                        and t.lower_ not in self.r.pronouns and not self.ctx.quoted(t.idx)]
            if not subjects:
                continue
            subj = subjects[-1] if back == 0 else subjects[0]
            is_plural = subj.tag_ in ("NNS", "NNPS")
            if subj.ent_type_ == "ORG" or (subj.pos_ == "PROPN" and subj.ent_type_ not in ("PERSON", "GPE", "NORP")):
                ent = self.ctx.ent_at(subj.i)
                if ent is not None and ent.label_ == "ORG":
                    return Resolution("named", _strip_the(_strip_possessive(ent.text)))
                return Resolution("unresolved")
            if plural != is_plural:
                continue
            return Resolution("unresolved")
        return Resolution("unresolved")

    # ---- titles and roles
    def _title(self, doc_span, head: str) -> Resolution:
        """"the Secretary General", "the NATO chief", "the South Carolina senator": a person
        of the article whose titles or appositions carry this role (or a synonym); among
        several, the one sharing most modifiers, then the most recently mentioned."""
        ctx = self.ctx
        if doc_span.root.tag_ in ("NNS", "NNPS") or any(t.like_num for t in doc_span):
            return Resolution("unresolved")  # "the three Democratic candidates" is not one person
        syns = set(self.r.roles[head][1]) | {head}
        words = [t.lower_ for t in doc_span if not t.is_punct and t.dep_ != "det" and t.lower_ not in ("'s", "’s")]
        phrase = " ".join(words)
        # "the Florida senator": a proper modifier must be backed by the person's roles
        proper_mods = [t.lower_ for t in doc_span if t.text[:1].isupper() and t.i != doc_span.root.i
                       and t.lower_ not in self.r.roles and t.dep_ != "det"]
        cands = []
        for i, p in enumerate(ctx.persons):
            role_text = " | ".join(p.roles)
            if not role_text:
                continue
            backed = not proper_mods or any(w in role_text.split() for w in proper_mods)
            role_words = set(role_text.replace("|", " ").split())
            title_mods = set(words) & OFFICE_MODIFIERS
            hit = False
            for role in p.roles:
                rw = set(role.split())
                if (rw & OFFICE_MODIFIERS) != title_mods:
                    continue  # "the president" is not "former President Bill Clinton"
                if any((x in rw) if " " not in x else (x in role) for x in syns) or phrase in role:
                    hit = True
                    break
            if not hit:
                continue
            overlap = sum(1 for w in words[:-1] if w in role_words) + (0 if backed else -100)
            before = [m for m in ctx.mentions if m.person == i and m.start < doc_span.start_char]
            last = before[-1].start if before else -1
            if before and ctx.sent_index(doc_span.start_char) - before[-1].sent > TITLE_WINDOW:
                continue  # a role holder not mentioned for a long while is not "the senator" here
            cands.append((overlap, last, i))
        if not cands:
            return self._salient_for_generic_title(doc_span, head)
        if all(c[0] < -50 for c in cands):
            # nobody's roles back "Florida" in "the Florida senator": accept only a lone
            # holder of the office mentioned in the last few sentences
            here = ctx.sent_index(doc_span.start_char)
            recent = [c for c in cands if c[1] >= 0 and here - ctx.sent_index(c[1]) <= 3]
            if len(cands) != 1 or not recent:
                return Resolution("unresolved")
        cands.sort(reverse=True)
        if len(cands) > 1 and cands[0][:2] == cands[1][:2]:
            return Resolution("unresolved")
        if cands[0][1] < 0:
            # never mentioned before the title: accept only if it is the only holder
            if len(cands) > 1:
                return Resolution("unresolved")
        idx = cands[0][2]
        ctx._add_mention(doc_span.start_char, doc_span.end_char, idx, doc_span.root)
        return Resolution("named", ctx.persons[idx].name, idx)

    def _salient_for_generic_title(self, doc_span, head: str) -> Resolution:
        """"the candidate", "the New York billionaire" with no explicit holder: the one
        person named (outside quotes) in this and the two previous sentences, if there is
        exactly one, it was a subject or speaker there, and its gender does not contradict
        the noun ("the woman")."""
        ctx = self.ctx
        if head not in self.r.generic_roles:
            return Resolution("unresolved")
        here = ctx.sent_index(doc_span.start_char)
        people = {m.person for s in range(max(0, here - 2), here + 1) for m in ctx.by_sent.get(s, ())
                  if not m.quoted and m.start < doc_span.start_char}
        if len(people) != 1:
            return Resolution("unresolved")
        idx = people.pop()
        if not any(m.person == idx and (m.subject or m.speaker) for s in range(max(0, here - 2), here + 1)
                   for m in ctx.by_sent.get(s, ())):
            return Resolution("unresolved")  # only a passing mention: not salient enough
        want = self.r.roles.get(head, (None, None))[0]
        if want and ctx.persons[idx].gender not in (want, None):
            return Resolution("unresolved")
        ctx._add_mention(doc_span.start_char, doc_span.end_char, idx, doc_span.root)
        return Resolution("named", ctx.persons[idx].name, idx)

    def _anonymous_antecedent(self, doc_span, head: str) -> Resolution | None:
        """"the diplomat" after "one Baltic diplomat": the same unnamed source again."""
        best = None
        for chunk in self.ctx.chunks_before(doc_span.start_char):
            if chunk.root.lemma_.lower() == head and chunk[0].lower_ in ("a", "an", "one", "another") \
                    and not _has_named_entity(chunk):
                best = chunk
        return Resolution("anonymous", best.text) if best is not None else None

    def _org_title(self, doc_span, head: str) -> Resolution:
        """"the campaign" → the latest earlier noun phrase with that head and a proper-name
        modifier ("the Clinton campaign"), or an ORG entity ending in that word."""
        doc = doc_span.doc
        best = None
        for chunk in self.ctx.chunks_before(doc_span.start_char):
            if chunk.root.lemma_.lower() == head and chunk.root.tag_ in ("NN", "NNP") \
                    and any(t.pos_ == "PROPN" for t in chunk if t.i != chunk.root.i) \
                    and not any(t.lower_ in ("many", "some", "all", "several", "other", "both") for t in chunk):
                best = chunk
        for ent in self.ctx.ents_before(doc_span.start_char):
            if ent.label_ == "ORG" and ent[-1].lower_ == head and (best is None or ent.start_char > best.start_char):
                best = ent
        if best is None:
            return Resolution("unresolved")
        return Resolution("named", _strip_the(_strip_possessive(best.text)))

    def _document_name(self, doc_span, head: str) -> str | None:
        """"the memo" → the earlier, fuller noun phrase with the same head ("a 2021 internal memo")."""
        if not _is_definite(doc_span) or _has_proper(doc_span):
            return None
        best = None
        for chunk in self.ctx.chunks_before(doc_span.start_char):
            if chunk.root.lemma_.lower() == head and len(chunk) > len(doc_span):
                best = chunk
        return best.text if best is not None else None

    # ---- attributions without a source span
    def implicit(self, content: Span, cue: Span | None = None) -> Resolution:
        """No source span: the owner of a noun cue ("whose emphasis on", "his remark",
        "Levine's offhand remark"), else the subject of a reporting verb in the content's
        sentence, outside the content, if there is exactly one; otherwise unresolved."""
        if cue is not None:
            owner = self._cue_owner(cue)
            if owner is not None and owner.kind != "unresolved":
                return owner
        doc = self.ctx.doc
        span = self._tokens(content)
        if span is None or len(span) == 0:
            return Resolution("unresolved")
        sent = span[0].sent
        found = []
        for t in sent:
            if t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_.lower() in self.r.speech_verbs \
                    and not (content.start <= t.idx < content.end) and not self.ctx.quoted(t.idx):
                found.append(t)
        if len(found) != 1:
            return Resolution("unresolved")
        t = found[0]
        left = min(x.i for x in t.subtree)
        right = max(x.i for x in t.subtree) + 1
        sub = doc[left:right]
        if sub.end_char - sub.start_char > 200:
            sub = doc[t.i:t.i + 1]
        res = self.resolve(Span(sub.start_char, sub.end_char))
        return res if res.kind == "named" else Resolution("unresolved")

    def _tokens(self, span: Span):
        """The tokens covering ``span`` (at least one character, cut to the text)."""
        end = max(span.start + 1, min(span.end, len(self.ctx.text)))
        return self.ctx.char_span_tokens(span.start, end)

    def _cue_owner(self, cue: Span) -> Resolution | None:
        """The possessor of a noun cue, resolved like a source: "whose" through its
        antecedent, "his"/"her" as pronouns, a name as a name."""
        span = self._tokens(cue)
        if span is None:
            return None
        for t in span:
            if t.pos_ != "NOUN":
                continue
            poss = next((c for c in t.children if c.dep_ == "poss"), None)
            if poss is None:
                continue
            if poss.lower_ == "whose":
                return self._relative(poss)
            start, end = _owner_phrase(poss)
            return self.resolve(Span(start, end))
        return None


def _owner_phrase(poss) -> tuple[int, int]:
    """Character span of a possessor's phrase without its "'s"."""
    toks = [t for t in poss.subtree if t.dep_ != "case" and t.text not in ("'s", "’s", "'", "’")]
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _proper_sequences(doc_span) -> list[list]:
    """Maximal runs of proper-noun tokens (plus honorifics, initials, "de"/"van") in a span."""
    r = rules()
    out, cur = [], []
    for t in doc_span:
        is_name = (t.pos_ == "PROPN" or t.ent_type_ == "PERSON") and t.text[:1].isupper()
        joiner = cur and t.lower_ in ("de", "van", "von", "der", "la", "bin", "al") and t.i + 1 < len(t.doc) \
            and t.nbor(1).text[:1].isupper()
        possessive = cur and t.text in ("'s", "’s")
        if is_name or joiner or (t.lower_ in r.honorifics and t.text[:1].isupper()):
            cur.append(t)
        else:
            if cur:
                out.append(cur)
            cur = []
            if possessive:
                continue
    if cur:
        out.append(cur)
    return out


def _head_word(doc_span) -> str:
    toks = [t for t in doc_span if not t.is_punct and t.text not in ("'s", "’s")]
    if not toks:
        return ""
    root = doc_span.root
    # the root of "a source close to the negotiations" is "source"; of "the NATO chief" "chief"
    w = root.lemma_.lower() if root.pos_ in ("NOUN", "PROPN") else toks[-1].lemma_.lower()
    if root.lower_ in ("people", "media"):
        return root.lower_
    return w


def _is_definite(doc_span) -> bool:
    """"the senator", "this memo", "NATO's Chief of Staff"."""
    return doc_span[0].lower_ in ("the", "this", "that", "these", "those") \
        or any(t.dep_ == "poss" and t.i < doc_span.root.i for t in doc_span)


def _has_proper(doc_span) -> bool:
    return any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LAW", "WORK_OF_ART")
               for t in doc_span if t.text[:1].isupper())


def _has_person(doc_span) -> bool:
    return any(t.ent_type_ == "PERSON" for t in doc_span)


def _has_named_entity(doc_span) -> bool:
    return any(t.ent_type_ in ("PERSON", "ORG") for t in doc_span)


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


# --------------------------------------------------------------------------- public API


def resolve_speakers(article: Article, attributions: list[Attribution], doc=None) -> list[Attribution]:
    """Set ``attribution.speaker`` (name, kind; entity stays None until
    :func:`link_entities`) for every attribution of one article, in place, and return them.

    ``doc`` is the spaCy Doc of ``article.text`` (parsed here when None). Never raises on
    odd input: an attribution the resolver cannot handle stays ``unresolved``."""
    if not attributions:
        return attributions
    text = article.text or ""
    try:
        if doc is None or doc.text != text:
            from .. import nlp
            doc = nlp.parse(text)
        resolver = Resolver(ArticleContext(text, doc))
    except Exception:  # pragma: no cover - a broken parse must not stop the run
        for a in attributions:
            a.speaker = Speaker(None, "unresolved", None)
        return attributions
    order = sorted(range(len(attributions)),
                   key=lambda i: (attributions[i].source or attributions[i].content).start)
    for i in order:
        a = attributions[i]
        try:
            if a.source is not None and a.source.end <= len(text):
                res = resolver.resolve(a.source)
            elif a.content is not None and a.content.end <= len(text):
                cue = a.cue if a.cue is not None and a.cue.end <= len(text) else None
                res = resolver.implicit(a.content, cue)
            else:
                res = Resolution("unresolved")
        except Exception:
            res = Resolution("unresolved")
        if res.kind == "named" and res.person is None and a.source is not None:
            res.person = resolver.ctx.add_unlisted_speaker(a.source)
        if res.person is not None and a.source is not None:
            resolver.ctx.mark_speaker(a.source, res.person)
        if res.kind == "unresolved" or not res.name:
            a.speaker = Speaker(None, "unresolved", None)
        else:
            a.speaker = Speaker(res.name, res.kind, None)
    return attributions


# --------------------------------------------------------------------------- entities

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


def _slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:40] or "entity"


def _entity_id(kind: str, key: str, name: str) -> str:
    h = hashlib.sha1(f"{kind}|{key}".encode("utf-8")).hexdigest()[:8]
    return f"{_slug(name)}-{h}"


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


def link_entities(results) -> list[Entity]:
    """One entity per real speaker over the whole run.

    ``results`` are ``ArticleResult``s whose attributions already carry in-article
    speakers. Persons are grouped by surname; full names merge when their first names
    agree ("Donald Trump" / "Donald J. Trump"); a bare surname ("Dragone") joins a full name
    only when exactly one full name in the run carries that surname, so two different
    people sharing a surname are never merged without evidence. Organisations merge by
    normalised name; anonymous sources and generic documents stay per article. Sets
    ``speaker.entity`` on every resolved attribution and returns the entities sorted by id."""
    persons: dict[tuple[str, ...], list] = {}  # name tokens -> [(result, attribution)]
    others: dict[tuple[str, str], list] = {}
    resolved = [(res, a) for res in results for a in (getattr(res, "attributions", None) or [])
                if a.speaker is not None and a.speaker.kind != "unresolved" and a.speaker.name]
    kinds = {id(a): _entity_kind_of(a.speaker) for _, a in resolved}
    # A one-word name is a person when the run gives evidence: a fuller person name with
    # that surname, a title in front of it, or a he/she that resolved to it.
    surnames = {name_tokens(a.speaker.name)[-1] for _, a in resolved
                if kinds[id(a)] == "person" and len(name_tokens(a.speaker.name)) > 1}
    evidence: set[str] = set()
    prons = {"he", "she", "him", "his", "her"}
    for res, a in resolved:
        if a.speaker.kind != "named" or len(a.speaker.name.split()) != 1:
            continue
        name = a.speaker.name
        src = res.article.text[a.source.start:a.source.end].strip().lower() if a.source is not None else ""
        titled = re.search(r"\b(?:" + "|".join(re.escape(h.rstrip(".")) for h in rules().honorifics)
                           + r")\.?\s+" + re.escape(name) + r"\b", res.article.text, flags=re.IGNORECASE)
        if name.lower() in surnames or src in prons or titled:
            evidence.add(name)
    for res, a in resolved:
        sp = a.speaker
        kind = kinds[id(a)]
        if sp.kind == "named" and sp.name in evidence:
            kind = "person"
        if kind == "person":
            toks = name_tokens(sp.name)
            if toks:
                persons.setdefault(toks, []).append((res, a))
                continue
            kind = "organisation"
        norm = normalize_name(sp.name)
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

    entities: list[Entity] = []

    def build(kind: str, key: str, members: list, name: str) -> None:
        eid = _entity_id(kind, key, name)
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
        entities.append(Entity(id=eid, name=name, kind=kind, aliases=sorted(aliases),
                               roles=roles, articles=arts))

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

        name = sorted(variants, key=pref)[0]
        build("person", " ".join(max(g, key=len)), members, name)
    for (kind, key), members in others.items():
        variants: dict[str, int] = {}
        for _, a in members:
            variants[a.speaker.name] = variants.get(a.speaker.name, 0) + 1
        name = sorted(variants, key=lambda n: (-variants[n], -len(n), n))[0]
        build(kind, key, members, name)
    entities.sort(key=lambda e: e.id)
    return entities
