"""Resolution of one article's attribution sources: :class:`Resolver` (names and short
forms, pronouns, relative pronouns, titles and roles, anonymous and document sources,
attributions without a source span) and :func:`resolve_speakers`, the per-article entry point."""
from __future__ import annotations

import logging
import re

from ...model import Article, Attribution, Span, Speaker
from .context import ArticleContext, Resolution
from .discourse import article_author, inherit_speakers, letter_signatures
from .groups import conjunct_span, conjuncts, is_vague_group
from .rules import FIRST_PERSON, joint_name, normalize_name, name_tokens, _strip_honorifics, _strip_possessive, _strip_the
from .spans import (_has_named_entity, _has_person, _has_proper, _head_word, _is_definite, _owner_phrase,
                    _proper_sequences)

log = logging.getLogger(__name__)

# How many sentences back a pronoun may look for its antecedent.
PRONOUN_WINDOW = 3
# How many sentences back the holder of a role must have been mentioned for "the senator".
TITLE_WINDOW = 8
# Words that change which office a role names: they must agree between a title and a role.
OFFICE_MODIFIERS = frozenset({"former", "vice", "deputy", "assistant", "acting", "ex", "lieutenant", "late"})


# Nouns of speech whose possessor is the speaker when they stand as the source.
SPEECH_NOUNS = frozenset({"remark", "remarks", "speech", "comment", "statement", "word", "insistence", "claim",
                          "assertion", "argument", "warning", "message", "testimony", "tweet", "answer", "reply",
                          "response", "announcement", "address", "account", "description", "view", "position",
                          "criticism", "admission", "suggestion", "promise", "pledge", "call", "demand", "appeal"})


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
                if res.kind == "named" and res.name and res.person is None:
                    res.name = self.ctx.expand_acronym(res.name)  # "IMF" → "International Monetary Fund"
            except Exception as e:  # degrade, never crash the pipeline on odd parses; but say so
                _log_failure(self.ctx.text, span, e)
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
        if ctx.in_headline(sp.start) and len(doc_span) > 1 and "\n" not in text:
            # Title Case fools the tagger ("Black Lawmakers", "Popular Website" read as names):
            # in a headline only a person the article names in full is a speaker, or a
            # written source by its head noun ("New Poll Shows …")
            idx = ctx.person_named_in(sp.start, sp.end)
            if idx is not None:
                return Resolution("named", ctx.persons[idx].name, idx)
            if doc_span[-1].lower_ in self.r.document_heads:
                return Resolution("document", text.strip())
            return Resolution("unresolved")
        if bare in self.r.pronouns:
            return self._pronoun(bare, doc_span)
        if bare in FIRST_PERSON:
            return Resolution("unresolved")  # the quote's speaker, in the discourse pass
        root = doc_span.root
        if root.pos_ == "NOUN" and root.lemma_.lower() in SPEECH_NOUNS:
            # "Rutte's remarks painted a grim picture": the remarks are Rutte's
            owner = self._possessor(root)
            if owner is not None:
                return owner
        members = conjuncts(root, doc_span)
        if len(members) > 1:
            return self._joint(doc_span, members, text)
        if is_vague_group(doc_span, self.r.anonymous_heads):
            return Resolution("anonymous", text.strip())
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
        # several people speaking together were taken apart by _joint before; a conjunction
        # deeper in the phrase ("who chairs the Council for Foreign and Defense Policies") is
        # not about the speaker
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
        idx = hits[0]
        return Resolution("named", ctx.persons[idx].name, idx)

    # ---- several speakers
    def _joint(self, doc_span, members: list, text: str) -> Resolution:
        """"Trump and Putin", "Rep. Trey Gowdy, R-S.C., and Sen. John Cornyn": every member
        named → a joint speaker listing them; "Russian politicians and state media" → anonymous;
        a member that cannot be resolved ("he and Putin" with no antecedent) → unresolved."""
        ctx = self.ctx
        names: list[str] = []
        vague = False
        member_set = set(members)
        for tok in members:
            start, end = conjunct_span(tok, member_set, doc_span)
            part = ctx.char_span_tokens(start, end)
            if part is None or len(part) == 0 or len(part) >= len(doc_span):
                return Resolution("unresolved")  # never resolve a phrase through itself
            res = self._resolve(Span(start, end))
            if res.kind in ("named", "joint") and res.name:
                if res.name not in names:
                    names.append(res.name)
            elif res.kind in ("anonymous", "document") or (not _has_proper(part) and part.root.pos_ == "NOUN"):
                vague = True
            else:
                return Resolution("unresolved")
        if vague:
            return Resolution("anonymous", text.strip())
        if len(names) == 1:
            return Resolution("named", names[0])
        return Resolution("joint", joint_name(names))

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
            # holder of the office mentioned in the last few sentences; never when the
            # office is a named organisation's ("the European Union's foreign policy chief")
            if any(t.dep_ == "poss" and t.pos_ == "PROPN" for t in doc_span):
                return Resolution("unresolved")
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
            subject = self._cue_subject(cue, content)
            if subject is not None and subject.kind != "unresolved":
                return subject
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
        sub = self._subject_phrase(found[0])
        res = self.resolve(Span(sub.start_char, sub.end_char))
        return res if res.kind == "named" else Resolution("unresolved")

    def _cue_subject(self, cue: Span, content: Span) -> Resolution | None:
        """The subject of the cue's verb, inherited along coordination and participles:
        "Clinton mocked the complaint, saying …", "Graham urged … and criticized …",
        "He was quoted as saying …" (not across a clausal complement: in "X said Y claimed", the
        cue "claimed" is Y's)."""
        span = self._tokens(cue)
        if span is None or len(span) == 0:
            return None
        verbs = [t for t in span if t.pos_ in ("VERB", "AUX")]
        v = verbs[0] if verbs else span.root
        if v.pos_ not in ("VERB", "AUX"):
            return None
        for _ in range(4):
            subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                t = subj[0]
                if content.start <= t.idx < content.end or self.ctx.quoted(t.idx):
                    return None
                if t.lower_ in ("it", "this", "that", "there", "which", "what"):
                    return None  # "it seems", "this suggests": no speaker
                sub = self._subject_phrase(t)
                return self.resolve(Span(sub.start_char, sub.end_char))
            if v.dep_ in ("conj", "advcl", "xcomp") and v.head.pos_ in ("VERB", "AUX") and v.head.i != v.i:
                v = v.head
                continue
            if v.dep_ == "pcomp" and v.head.head.pos_ in ("VERB", "AUX"):  # "quoted as saying"
                v = v.head.head
                continue
            return None
        return None

    def _subject_phrase(self, t):
        """The subject's phrase (its subtree), or the word alone when that runs long."""
        doc = self.ctx.doc
        left = min(x.i for x in t.subtree)
        right = max(x.i for x in t.subtree) + 1
        sub = doc[left:right]
        if sub.end_char - sub.start_char > 200:
            sub = doc[t.i:t.i + 1]
        return sub

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
            if t.pos_ == "NOUN":
                owner = self._possessor(t)
                if owner is not None:
                    return owner
        return None

    def _possessor(self, noun) -> Resolution | None:
        """The possessor of a noun ("Levine's remark", "his remark", "whose emphasis"), resolved
        like a source; None when the noun has no possessor."""
        poss = next((c for c in noun.children if c.dep_ == "poss"), None)
        if poss is None:
            return None
        if poss.lower_ == "whose":
            return self._relative(poss)
        start, end = _owner_phrase(poss)
        return self.resolve(Span(start, end))


# --------------------------------------------------------------------------- public API


def resolve_speakers(article: Article, attributions: list[Attribution], doc=None) -> list[Attribution]:
    """Set ``attribution.speaker`` (name, kind; entity stays None until
    :func:`~newstrace.attribution.entities.link_entities`) for every attribution of one
    article, in place, and return them.

    ``doc`` is the spaCy Doc of ``article.text`` (parsed here when None). Never raises on
    odd input: an attribution the resolver cannot handle stays ``unresolved``."""
    if not attributions:
        return attributions
    text = article.text or ""
    try:
        if doc is None or doc.text != text:
            from ... import nlp
            doc = nlp.parse(text)
        resolver = Resolver(ArticleContext(text, doc))
    except Exception as e:  # pragma: no cover - a broken parse must not stop the run
        log.warning("%s: speakers left unresolved, the parse failed (%s: %s)", article.id, type(e).__name__, e)
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
        except Exception as e:
            _log_failure(text, a.source or a.content, e, article.id)
            res = Resolution("unresolved")
        if res.kind == "named" and res.person is None and a.source is not None:
            res.person = resolver.ctx.add_unlisted_speaker(a.source)
        if res.person is not None and a.source is not None:
            resolver.ctx.mark_speaker(a.source, res.person)
        if res.kind == "unresolved" or not res.name:
            a.speaker = Speaker(None, "unresolved", None)
        else:
            # a joint source is named by all its members ("Donald Trump; Vladimir Putin")
            a.speaker = Speaker(res.name, "named" if res.kind == "joint" else res.kind, None)
    try:
        inherit_speakers(text, attributions, article_author(article, doc), letter_signatures(text, doc))
    except Exception as e:  # pragma: no cover - the first pass's speakers stand
        log.warning("%s: speakers not carried across sentences (%s: %s)", article.id, type(e).__name__, e)
    return attributions


def _log_failure(text: str, span: Span | None, e: Exception, article: str = "") -> None:
    """A rule that raised is a bug: the speaker stays unresolved and the run goes on, but the
    log names the span and the error (with the traceback under ``-v``)."""
    surface = text[span.start:span.end][:80] if span is not None else ""
    log.warning("%sspeaker of %r left unresolved: %s: %s", f"{article}: " if article else "", surface,
                type(e).__name__, e, exc_info=log.isEnabledFor(logging.INFO))
