"""Helpers over spaCy tokens and spans shared by the article context and the resolver:
proper-noun runs, head words, definiteness and entity tests on a span."""
from __future__ import annotations

from .rules import rules


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
        # "Ki-moon", "Holtz-Eakin": spaCy splits a hyphenated name into three tokens
        hyphen = cur and t.text in ("-", "‐") and not cur[-1].whitespace_ and not t.whitespace_ \
            and t.i + 1 < len(t.doc) and t.nbor(1).is_alpha
        glued = cur and cur[-1].text in ("-", "‐") and t.is_alpha
        if is_name or joiner or hyphen or glued or (t.lower_ in r.honorifics and t.text[:1].isupper()):
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
