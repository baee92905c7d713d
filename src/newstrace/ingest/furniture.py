"""Page furniture: the lines of a news page that belong to the page, not to its article.

A scraped page keeps what the site printed around the article: gallery controls ("Image 2 of
15", "Fullscreen"), photo credits ("Photo: Jane Roe, AP", "John Doe | AFP | Getty Images"),
captions ending in a credit ("... on Monday. (AP Photo/Jane Roe)"), share bars ("CONNECT
TWEET LINKEDIN COMMENTEMAILMORE"), "Related content" labels and the teaser under them,
newsletter and comment prompts, advertisement slots and scripts, copyright lines, bylines,
timestamps, ornament rules. :func:`furniture_spans` gives their spans (offsets into the page,
which is never changed) so that they are kept out of attributions, alignment, support and
drift, and never read as an article's title or a separator between articles.

How a line is judged. By its **shape** first: length, final punctuation, a counter ("N of
M"), a credit in parentheses at its end, a name set off from an agency by ``/ | ,``, a line
made only of date and time tokens or only of share-bar words (also run together), a line
without a letter or digit; by its **position**: the headline-shaped lines under a bare
"Related content" label are its teasers, a caption printed twice next to a gallery control
is the gallery's. The labels the rules name are small lists in ``furniture.json``. Prose is
never marked: a sentence of at least eight words ending in ``. ! ?`` is prose unless a
specific pattern says otherwise (a caption ending in "(AP Photo/...)", "FILE - In this ...
photo", a copyright notice, a second-person comment or subscription prompt). And by
**repetition** across a corpus (:func:`recurring_lines`): a short non-sentence line that
recurs on pages of one outlet between different lines is that outlet's furniture ("repeated");
a recurring paragraph is not (wire copies repeat paragraphs, even twice in one outlet), nor
a subhead copied with its article (same neighbours every time).

Why hand-written: the kept extractors (trafilatura and the like) drop boilerplate while they
parse HTML; none gives the furniture left in a plain-text page as spans, none counts lines
by outlet across a corpus. The splitter (:mod:`newstrace.ingest.segment`) uses the shape
judgement on every page (no corpus at ingest time).

Measured on the 306 Helsinki dev pages (7,492 non-empty lines): 1,712 lines by shape (dateline
291, gallery 229, credit 227, rule 181, caption-credit 133, newsletter 112, nav 101, related 99,
byline 96, share 82, advert 76, comment 40, copyright 23, caption 22), 35 more by recurrence;
none of 100 marked lines drawn at random is prose. The splitter, which split 51 of the pages,
splits one (an agency's digest of ten briefs).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..model import Span

__all__ = ["furniture_spans", "mostly_furniture", "normalise_line", "recurring_lines", "line_observations", "merge_observations",
           "is_recurring", "FURNITURE_KINDS"]

#: Every kind :func:`furniture_spans` gives.
FURNITURE_KINDS = ("gallery", "caption", "credit", "caption-credit", "share", "related", "newsletter",
                   "comment", "advert", "copyright", "byline", "dateline", "nav", "rule", "repeated")

_CLOSE = "\"'”’)]»›*_"
_SENT_END = re.compile(r"[.!?…][\"'”’)\]*_]*$")


@lru_cache(maxsize=1)
def _lists() -> dict:
    raw = json.loads(Path(__file__).with_name("furniture.json").read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


def _fold(s: str) -> str:
    """A label as the lists spell it: case folded, spaces collapsed, bullets and a trailing
    ``: » … . | >`` dropped."""
    return " ".join(s.split()).casefold().strip(" \u00a0•·*-–—|>:»›….").strip()


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    L = _lists()
    alt = lambda xs: "|".join(sorted((re.escape(x) for x in xs), key=len, reverse=True))  # noqa: E731
    agency = alt(L["agencies"])
    name = r"[A-Z][\w.'’-]*(?:\s+(?:[a-z]{1,3}\s+)?[A-Z][\w.'’-]*){0,3}"
    return {
        "counter": re.compile(r"^(?:image|photo|slide|picture)?\s*\d{1,3}\s*(?:of\s*/?|/)\s*\d{1,3}$", re.I),
        "credit_prefix": re.compile(rf"^\(?(?:{alt(L['credit_prefixes'])})\s*(?::|\bby\b|/|\||credit\b|\s[-–—]\s)",
                                    re.I),
        "credit_run": re.compile(r"^Credit\s*(?::\s*)?[A-Z]"),
        "agency_end": re.compile(rf"(?:^|[/|,(]|\bvia|\bfor)\s*(?:{agency})\s*\)?$", re.I),
        "name_slash": re.compile(rf"^{name}\s*/\s*(?:The\s+)?{name}$"),
        "paren_credit": re.compile(r"\(([^()]{1,90})\)\s*$"),
        "credit_tail": re.compile(r"[.!?”)]\s*(?:Credit\s*:?\s*|Photo(?:graph)?s?\s*:\s*)[A-Z][^.!?]{2,70}$"),
        "file_caption": re.compile(r"^(?:FILE\s*(?:PHOTO)?\s*[-–—:]+\s|FILE PHOTO\b|In this (?:\w+ )?file photo\b)"),
        "agency": re.compile(rf"\b(?:{agency})\b|\bphoto\b", re.I),
        "copyright": re.compile(r"©|\bcopyright\b\s*(?:©\s*)?(?:\(c\)\s*)?\d{4}|all rights reserved"
                                r"|may not be (?:published|reproduced), broadcast", re.I),
        "code": re.compile(r"window\.\w|_taboola|googletag|\bfunction\s*\(|\bvar\s+\w+\s*=|\{\s*\w+\s*:\s*['\"]"),
        "link": re.compile(rf"^(?:{alt(L['link_prefixes'])})\s*(?::|»|\|)\s*\S", re.I),
        "related_prefix": re.compile(rf"^(?:{alt(L['related_prefixes'])})\b", re.I),
        "byline": re.compile(rf"^(?:{alt(L['byline_prefixes'])})\s*:?\s+[A-Z0-9]", re.I),
        "email": re.compile(r"^\S+@\S+\.\w{2,}$"),
        "dateline_prefix": re.compile(rf"^(?:{alt(L['dateline_prefixes'])})\b\s*:?", re.I),
        "date_token": re.compile(
            r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
            r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?"
            r"|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|[ap]\.?m\.?|noon|midnight|[ecmp][sd]?t"
            r"|gmt|utc|bst|cest?|eest?|msk|updated|published|posted|last|originally|first|on|at|ago|mins?"
            r"|minutes?|hours?|hrs?|today|yesterday)\b\.?|\d+(?:st|nd|rd|th|[ap]\.?m\.?|h)?\b", re.I),
    }


def _ends_like_sentence(s: str) -> bool:
    return _SENT_END.search(s) is not None


def _is_sentence(s: str) -> bool:
    """Prose: at least eight words and a final ``. ! ?`` (closing quotes looked through)."""
    return len(s.split()) >= 8 and _ends_like_sentence(s)


def _share_tokens(tok: str, words: frozenset[str]) -> list[str] | None:
    """``tok`` cut into share-bar words ("commentemailmore" -> comment, email, more), or None."""
    best: list[list[str] | None] = [[]] + [None] * len(tok)
    for i in (i for i in range(len(tok)) if best[i] is not None):
        for j in range(i + 1, min(len(tok), i + 12) + 1):
            if best[j] is None and tok[i:j] in words:
                best[j] = best[i] + [tok[i:j]]
    return best[len(tok)]


def _is_share_bar(s: str) -> bool:
    """A line of share-bar words only (at most eight), one of them a network or "share"."""
    L = _lists()
    words, strong = frozenset(L["share_words"]), frozenset(L["share_strong"])
    if len(s) > 200:
        return False  # (eight share words run together are far shorter; and the search below
        #             would backtrack over a long run of letters)
    toks = re.findall(r"[a-z][a-z-]*", s.casefold())
    if not toks or len(toks) > 8 or _is_sentence(s) or re.search(r"[a-z]{2,}\.\s", s.casefold()):
        return False
    parts = [_share_tokens(t, words) for t in toks]
    return all(p is not None for p in parts) and any(w in strong for p in parts for w in p)


def _is_label_case(s: str) -> bool:
    """Every word of three letters or more capitalised ("Most Read Nation & World Stories");
    a sentence-case line ("Watch the full interview below:") is the article's own."""
    return all(w[:1].isupper() or not w[:1].isalpha() or len(w) <= 2 or w in ("the", "and", "for", "from")
               for w in s.split())


def _is_name_list(s: str) -> bool:
    """``Jane Roe``, ``Jane de Roe``: one to five words, each capitalised (particles aside)."""
    ws = s.split()
    return 1 <= len(ws) <= 5 and all(w[:1].isupper() or w[:1].isdigit() or (w.islower() and len(w) <= 3) for w in ws)


def _credit_rest(rest: str) -> bool:
    """What follows "Photo:" in a credit: a name, or names and an agency set off by / | , (a
    gallery headline "PHOTOS: Crowds gather in the square" is no credit)."""
    rest = rest.strip()
    return (not rest or _is_name_list(rest.rstrip(")")) or bool(re.search(r"[/|,]", rest))
            or bool(_patterns()["agency"].search(rest)) or rest.casefold().startswith(("by ", "should read")))


def _credit_kind(s: str, n: int) -> str:
    """``credit`` for a photo credit line, else ``""``."""
    P = _patterns()
    if _fold(s) in _lists()["credit_labels"]:
        return "credit"
    m = P["credit_prefix"].match(s)
    if n <= 16 and not _is_sentence(s) and (P["credit_run"].match(s) or m and _credit_rest(s[m.end():])):
        return "credit"
    if n > 10 or _ends_like_sentence(s.rstrip(")")):
        return ""
    if P["agency_end"].search(s):
        # the part before the agency is a name (or names) set off by / | , ("Jane Roe | AFP |
        # Getty Images", "Jane Roe, EPA-EFE"), or nothing ("(AP)", "Getty Images")
        head = re.split(r"\s*[/|,(]\s*|\s+(?:via|for)\s+", s.strip("() "))[0]
        if _is_name_list(head) or not head:
            return "credit"
    if P["name_slash"].match(s):
        return "credit"  # "Jane Roe/The Daily Planet": a staff photographer's credit
    return ""


def _caption_kind(s: str, n: int) -> str:
    """``caption-credit`` for a caption that carries its credit (or an agency caption's "FILE -"
    opening), whatever its length, else ``""``."""
    P = _patterns()
    if P["file_caption"].match(s):
        return "caption-credit"
    m = P["paren_credit"].search(s)
    if m and n >= 3:
        inner = m.group(1).strip()
        named = "/" in inner and all(p.strip()[:1].isupper() for p in inner.split("/") if p.strip())
        if len(inner.split()) <= 10 and inner[:1].isupper() and (named or (P["agency"].search(inner) and (
                "/" in inner or ":" in inner or "," in inner or _is_name_list(inner)))):
            return "caption-credit"
    if n >= 6 and P["credit_tail"].search(s) and not _ends_like_sentence(s):
        return "caption-credit"
    return ""


_DATE_ANCHOR = re.compile(r"\d:\d\d|\b(?:19|20)\d\d\b|\bago\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
                          re.I)
# "HELSINKI (AP)", "Moscow (CNN)": a place and a short agency in parentheses, alone
_PLACE_AGENCY = re.compile(r"^[A-Z][\w.'’-]*(?:[ ,]+[A-Z][\w.'’-]*){0,3}\s*\([A-Z]{2,8}\)\s*[-—–]?$")
# "example.com", "https://example.com/2018/07/14/story.html": an address alone
_BARE_ADDRESS = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|news|co\.uk|ly)(?:/\S*)?$",
                           re.I)
# "... Published 7:05 a.m. MT July 16, 2018": a credit line ending in its timestamp
_STAMP = re.compile(r"\b(?:Published|Updated|Posted)\b")


def _is_dateline(s: str) -> bool:
    """Only date and time tokens (and "Updated", "ago"), a clock time, year, month or "ago"
    among them ("July 15, 2018", "9:50 a.m."); or a place and agency alone ("Moscow (CNN)")."""
    if _PLACE_AGENCY.match(s):
        return True  # (where the place is in capitals or has a comma, see _shape_kind)
    if not _DATE_ANCHOR.search(s) or len(s.split()) > 14:
        return False
    rest = _patterns()["date_token"].sub(" ", s)
    return not any(c.isalpha() for c in rest)


#: Lines longer than this are judged only as scripts: every shape rule is about short lines,
#: captions or sentences, and a cap keeps each regular expression's cost bounded on any input.
_MAX_JUDGED_CHARS = 1500


def _shape_kind(s: str) -> str:
    """The furniture kind of one stripped line judged alone, or ``""``."""
    L, P = _lists(), _patterns()
    if not any(c.isalnum() for c in s):
        return "rule"
    if len(s) > _MAX_JUDGED_CHARS:  # a paragraph or a script: only the script is furniture
        return "advert" if _patterns()["code"].search(s[:_MAX_JUDGED_CHARS]) else ""
    n = len(s.split())
    folded = _fold(s)
    low = " ".join(s.split()).casefold()
    # patterns specific enough to hold even for a sentence-shaped line
    kind = _caption_kind(s, n)
    if kind:
        return kind
    if n <= 60 and P["copyright"].search(s):
        return "copyright"
    if P["code"].search(s):
        return "advert"
    if any(p in low for p in L["comment_anywhere"]):
        return "comment"
    if any(p in low for p in L["newsletter_anywhere"]) or (
            n <= 25 and any(p in low for p in L["newsletter_words"])
            and (not _is_sentence(s) or any(low.startswith(o) for o in L["newsletter_openers"]))):
        return "newsletter"
    if n <= 40 and P["link"].match(s) and not s.rstrip().endswith(":"):
        return "related"  # "RELATED: <headline>", "Read more: <headline>"
    if _is_sentence(s):
        return ""
    # short lines, judged by shape and their small lists
    if P["counter"].match(s) or folded in L["gallery_labels"] or (low.startswith("media:") and n <= 4):
        return "gallery"
    if _PLACE_AGENCY.match(s) and (s.split("(")[0].strip().isupper() or "," in s):
        return "dateline"  # "OSLO (AFP)", "Moscow, Russia (CNN)"; "Jane Roe (AFP)" is a credit
    kind = _credit_kind(s, n)
    if kind:
        return kind
    if folded in L["advert_labels"] or (low.startswith("powered by") and n <= 4):
        return "advert"
    if folded in L["related_labels"] or (n <= 6 and P["related_prefix"].match(s) and not _ends_like_sentence(s)
                                          and _is_label_case(s)):
        return "related"
    if n <= 10 and _is_share_bar(s):
        return "share"
    if folded in L["comment_short"]:
        return "comment"
    if folded in L["nav_labels"] or _BARE_ADDRESS.match(s):
        return "nav"
    if folded in L["dateline_labels"]:
        return "dateline"
    if (n <= 20 and P["byline"].match(s) and not _ends_like_sentence(s)
            or (n == 1 and len(s) <= 100 and P["email"].match(s)) or folded in L["byline_labels"]):
        return "byline"
    if _is_dateline(s) or (n <= 14 and P["dateline_prefix"].match(s) and any(c.isdigit() for c in s)):
        return "dateline"
    m = _STAMP.search(s)
    if n <= 24 and m and m.start() > 0 and _is_dateline(s[m.start():]):
        return "byline"  # "Jane Roe, The Daily Planet Published 7:05 a.m. MT July 16, 2018"
    return ""


def _line_spans(text: str) -> list[tuple[Span, str]]:
    """The page's non-empty lines (split on ``\\n``), each as its whitespace-stripped span."""
    out, pos = [], 0
    for raw in text.split("\n"):
        s = raw.strip()
        if s:
            start = pos + (len(raw) - len(raw.lstrip()))
            out.append((Span(start, start + len(s)), s))
        pos += len(raw) + 1
    return out


def _teaser_shaped(s: str) -> bool:
    """A headline teaser: at most 25 words, no final full stop (a question or a quoted title
    may end otherwise), not opening in lower case."""
    t = re.sub(r"^\s*(?:\d{1,2}[.)]|[•·▶►*-])\s*", "", s)
    t = re.sub(r"\s*(?:…|\.\.\.)$", "", t)  # a teaser cut short ("... following Russian…")
    ws = t.split()
    return (1 <= len(ws) <= 25 and not t.rstrip(_CLOSE).endswith((".", ",", ";", ":"))
            and not t[:1].islower() and any(c.isalpha() for c in t) and not _is_sentence(t)
            and not re.search(r"[a-z]{2}[.!?]\s+[A-Z]", t))  # no sentence break inside


_PASS_OVER = frozenset({"gallery", "share", "nav", "rule", "advert", "credit"})  # what a teaser run passes over


def _mark_teasers(lines: list[tuple[Span, str]], kinds: list[str], max_run: int = 10) -> None:
    """The headline-shaped lines under a bare related label ("Related content", "JUST
    WATCHED") are its teasers: the first always, the next ones (up to ``max_run``) while a
    teaser, a label or the end follows (a headline-shaped line over prose may be the
    article's own subhead: the run stops there, and at the first line of another shape)."""
    L, P = _lists(), _patterns()
    # the labels as their shape found them (a teaser marked below is no label of its own);
    # "Read more", "More from X" close an article: what follows them may be the next one
    labels = [i for i, (_, s) in enumerate(lines)
              if kinds[i] == "related" and not (P["link"].match(s) and not s.rstrip().endswith(":"))
              and (_fold(s) in L["related_labels"] or len(s.split()) <= 6)
              and not _fold(s).startswith(tuple(L["continuation_labels"]))]
    for i in labels:
        run, j = 0, i + 1
        while j < len(lines) and run < max_run:
            k, t = kinds[j], lines[j][1]
            if k in _PASS_OVER:
                j += 1
                continue
            if k or not _teaser_shaped(t):
                break
            if run:  # a later teaser must stand over another teaser, a label or the end
                nxt = next((m for m in range(j + 1, len(lines)) if kinds[m] not in _PASS_OVER or not kinds[m]), None)
                if nxt is not None and not kinds[nxt] and not _teaser_shaped(lines[nxt][1]):
                    break
            kinds[j] = "related"
            run += 1
            j += 1


def _mark_captions(lines: list[tuple[Span, str]], kinds: list[str]) -> None:
    """A gallery's captions: a line printed twice in a row within two lines of a gallery
    control ("Image 2 of 5"). (A title printed twice over a credit or byline is the article's.)"""
    norms = [normalise_line(s) for _, s in lines]

    def near(i: int) -> bool:
        return any(0 <= j < len(lines) and kinds[j] == "gallery" for j in (i - 2, i - 1, i + 1, i + 2))

    for i in range(len(lines) - 1):
        if not kinds[i] and norms[i] == norms[i + 1] and len(lines[i][1].split()) <= 80 and (near(i) or near(i + 1)):
            kinds[i] = kinds[i + 1] = "caption"


def furniture_spans(text: str, recurring: frozenset[str] | None = None) -> list[tuple[Span, str]]:
    """The furniture lines of ``text`` in page order: each line's whitespace-stripped span
    (lines split on ``\\n``) and its kind (:data:`FURNITURE_KINDS`), judged by shape and
    neighbours and, given ``recurring`` (:func:`recurring_lines` over the outlet's pages), by
    repetition: a short non-sentence line whose :func:`normalise_line` form is in it is
    ``"repeated"``."""
    lines = _line_spans(text)
    kinds = [_shape_kind(s) for _, s in lines]
    _mark_teasers(lines, kinds)
    _mark_captions(lines, kinds)
    if recurring:
        for i, (_, s) in enumerate(lines):
            if not kinds[i] and _short_non_sentence(s) and normalise_line(s) in recurring:
                kinds[i] = "repeated"
    return [(span, k) for (span, _), k in zip(lines, kinds) if k]


def mostly_furniture(span: Span, furniture: Iterable[Span]) -> bool:
    """Whether at least half of a non-empty ``span`` (a sentence, an attribution's content) lies
    in page ``furniture``: the rule that keeps it out of attributions and of the reuse index."""
    return len(span) > 0 and 2 * sum(span.overlap(f) for f in furniture) >= len(span)


# --------------------------------------------------------------------------- repetition

def normalise_line(line: str) -> str:
    """A line as repetition compares it: stripped, case folded, runs of whitespace as one
    space, every run of digits as ``0`` ("Image 2 of 15" and "Image 3 of 9" are one line)."""
    return re.sub(r"\d+", "0", " ".join(line.split()).casefold())


def _short_non_sentence(s: str, max_words: int = 6) -> bool:
    """At most ``max_words`` words, a letter, and no final ``. ! ?``: a label, not prose."""
    return 0 < len(s.split()) <= max_words and any(c.isalpha() for c in s) and not _ends_like_sentence(s)


def line_observations(outlet: str | None, text: str) -> list[tuple[tuple[str | None, str], tuple[set[str], set[str]]]]:
    """One page's part of :func:`recurring_lines`: for each short non-sentence line of the
    page (:func:`normalise_line` form), keyed by (outlet, line), the normalised lines seen
    before and after it on this page (``""`` at the page's edges). Each key once per page,
    so that counting keys counts pages; merged over a corpus by :func:`recurring_from`
    (the Spark job does this with ``reduceByKey``)."""
    norms = ["", *(normalise_line(s) for _, s in _line_spans(text)), ""]
    found: dict[tuple[str | None, str], tuple[set[str], set[str]]] = {}
    for i in range(1, len(norms) - 1):
        s = norms[i]
        if _short_non_sentence(s):
            before, after = found.setdefault((outlet, s), (set(), set()))
            before.add(norms[i - 1])
            after.add(norms[i + 1])
    return list(found.items())


def merge_observations(a: tuple[int, set[str], set[str]], b: tuple[int, set[str], set[str]]
                       ) -> tuple[int, set[str], set[str]]:
    """Two (pages, lines before, lines after) tallies of one key as one; the neighbour sets
    are kept to two lines each (all the rule needs), so a tally stays small."""
    return a[0] + b[0], set(list(a[1] | b[1])[:2]), set(list(a[2] | b[2])[:2])


def is_recurring(tally: tuple[int, set[str], set[str]], min_pages: int = 2) -> bool:
    """Whether a merged tally is furniture: on ``min_pages`` pages, between two different
    lines before and two different lines after."""
    return tally[0] >= max(1, min_pages) and len(tally[1]) >= 2 and len(tally[2]) >= 2


def recurring_lines(pages: Iterable[tuple[str | None, str]], min_pages: int = 2) -> frozenset[str]:
    """The normalised short lines (:func:`normalise_line`; at most six words, no final ``. !
    ?``) that recur on at least ``min_pages`` pages of one outlet with two different lines
    before them and two different lines after them. ``pages``: (outlet, page text) pairs;
    outlet ``None`` puts the page in one outlet with every other such page. A recurring
    paragraph is no furniture (wire copies repeat paragraphs, even twice in one outlet), nor
    is a subhead copied with its article (the same paragraph under it every time). One pass
    with dicts, linear in the corpus: no kept library counts lines by outlet."""
    tallies: dict[tuple[str | None, str], tuple[int, set[str], set[str]]] = {}
    for outlet, text in pages:
        for key, (before, after) in line_observations(outlet, text):
            tallies[key] = merge_observations(tallies.get(key, (0, set(), set())), (1, before, after))
    return frozenset(key[1] for key, tally in tallies.items() if is_recurring(tally, min_pages))
