"""What the resolver knows about one parsed article: the persons it names (clusters of
name mentions with roles and gender evidence), their mentions in document order, sentence
and quotation positions (:class:`ArticleContext`), and the result type :class:`Resolution`."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ...model import Span
from .rules import _POSSESSIVE, _strip_possessive, name_tokens, names_compatible, rules
from .spans import _proper_sequences

_PARTIES = {"D": "democrat democratic", "R": "republican", "I": "independent"}
_PARTY_STATE = re.compile(r"\s*[(,]\s*([DRI])-([A-Z][A-Za-z.]*(?: ?[A-Z][A-Za-z.]*)?)\s*[),]")
_PARTY_OF = re.compile(r",\s+(Democrat|Republican|Independent)\s+of\s+([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")
# Capitalised words after a title that still do not make a person ("General Motors").
_NOT_NAMES = frozenset({"motors", "electric", "assembly", "dynamics", "mills", "staff", "counsel",
                        "accounting", "atomics", "of", "and"})
_QUOTE_OPEN = "“«„"
_QUOTE_CLOSE = "”»"


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
        self._acronyms: dict[str, str] | None = None
        self.headlines = _title_case_lines(text)
        self._build_persons()

    def in_headline(self, start: int) -> bool:
        return any(a <= start < b for a, b in self.headlines)

    def person_named_in(self, start: int, end: int) -> int | None:
        """The one person of the article whose full name is written in ``text[start:end]``
        (a headline: "Elizabeth Warren Hammers Wells Fargo CEO"), else None."""
        words = tuple(w.strip(".,:;'’\"“”").lower() for w in self.text[start:end].split())
        hits = {i for i, p in enumerate(self.persons) if len(p.tokens) > 1
                and any(words[k:k + len(p.tokens)] == p.tokens for k in range(len(words)))}
        return hits.pop() if len(hits) == 1 else None

    # ---- organisations
    def expand_acronym(self, name: str) -> str:
        """"IMF" → "International Monetary Fund" when the article spells it out: an organisation
        entity whose capitalised words' initials (skipping of/the/and/for) are the acronym, if
        exactly one such full name is written. Otherwise ``name`` as it is."""
        if not (2 <= len(name) <= 6 and name.isalpha() and name.isupper()):
            return name
        if self._acronyms is None:
            found: dict[str, set[str]] = {}
            for ent in self.ents:
                if ent.label_ not in ("ORG", "GPE", "NORP", "FAC"):
                    continue
                words = [t.text for t in ent if t.is_alpha and t.lower_ not in ("of", "the", "and", "for", "on", "de")]
                if len(words) >= 2 and all(w[:1].isupper() for w in words):
                    full = re.sub(r"^(?:the|The)\s+", "", ent.text).strip()
                    found.setdefault("".join(w[0] for w in words).upper(), set()).add(full)
            self._acronyms = {k: v.pop() for k, v in found.items() if len(v) == 1}
        return self._acronyms.get(name, name)

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
            # "Mr. Obama" is never "Michelle Obama": a first name of the other gender rules it out
            cands = [i for i in cands if self.rules.first_names.get(self.persons[i].tokens[0]) in (gender, None)
                     or len(self.persons[i].tokens) == 1]
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
