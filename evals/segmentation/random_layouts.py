"""Random layouts: every element of a :class:`~evals.segmentation.layouts.Layout` drawn at
random (separator wording, gaps, bylines, credits, kickers, interstitials, datelines, title
decorations, numbering, case, wrap), label wording drawn from the generic words of the
articles themselves (never a hand list of "known" labels).

``random_pages`` builds pages from such layouts. ``random_dev`` (dev articles, layout seed
8001) is a held-out check, ``random_train`` (train, seed 9001) may be tuned on
(:data:`RANDOM_GROUPS`). The learned splitter (``scripts/train_segmenter.py``) is trained on
pages of other seeds (20001, threshold 30001).
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

from newstrace.eval.segmentation import Page, Scores, Splitter
from newstrace.ingest.segment import segment_page

from .layouts import Layout, SourceArticle, _fmt_date, _key, _publisher, build_pages, load_polnear


_RULE_CHARS = "-=*_~#•·─═—+"
_SEP_MARKS = ("→", "»", "›", "…", ">>", ":", "▸")
_BULLETS = ("•", "▶", "■", "►", "*", "-", "»", "◆", "▪", "📰", "🔹", "➤")
_JOINERS = (", ", " | ", " · ", " — ", " - ", " / ", " • ")
_DASHES = ("—", "–", "-", "--", ":")
_DATE_STYLES = ("long", "day-month", "iso", "us-numeric", "abbr", "rfc", "weekday")
_TIME_STYLES = ("a.m.", "AM", "24h", "ET")

#: The elements a random layout may have, in the order the breakdown prints them.
ELEMENTS: tuple[str, ...] = (
    "separator", "varying separator", "trailing separator", "no separator", "extra gap",
    "repeated title", "byline", "byline block", "credit", "kicker", "interstitial", "dateline",
    "title suffix", "title style", "numbering", "sentence case", "wrap",
    "single-newline paragraphs", "title glued to body",
)


def generic_words(articles: Sequence[SourceArticle], min_share: float = 0.03,
                  max_share: float = 0.3) -> list[str]:
    """Lower-case words of 4 to 10 letters found in between ``min_share`` and ``max_share`` of
    the articles (document frequency): the generic words of news text, the pool random layouts
    draw their label wording from. Sorted, so a seeded draw gives the same words."""
    df: dict[str, int] = {}
    for a in articles:
        for w in set(re.findall(r"(?<![\w'’-])[a-z]{4,10}(?![\w'’-])", " ".join(a.paragraphs))):
            df[w] = df.get(w, 0) + 1
    n = len(articles)
    return sorted(w for w, c in df.items() if min_share * n <= c <= max_share * n)


_VOCAB_CACHE: dict[str, list[str]] = {}


def _default_vocab() -> list[str]:
    """Generic words of the PolNeAR train articles (cached); a few words if PolNeAR is missing."""
    if "train" not in _VOCAB_CACHE:
        try:
            _VOCAB_CACHE["train"] = generic_words(load_polnear("train"))
        except OSError:
            _VOCAB_CACHE["train"] = ["news", "today", "update", "report", "story", "world", "daily"]
    return _VOCAB_CACHE["train"]


def _cased(words: Sequence[str], style: str) -> str:
    text = " ".join(words)
    if style == "upper":
        return text.upper()
    if style == "title":
        return " ".join(w[:1].upper() + w[1:] for w in words)
    if style == "sentence":
        return text[:1].upper() + text[1:]
    return text


def _fmt_time(key: str, style: str) -> str:
    h = _key(key)
    hour, minute = h % 24, (h // 24) % 60
    h12 = hour % 12 or 12
    return {"a.m.": f"{h12}:{minute:02d} {'a.m.' if hour < 12 else 'p.m.'}",
            "AM": f"{h12}:{minute:02d} {'AM' if hour < 12 else 'PM'}",
            "24h": f"{hour:02d}:{minute:02d}",
            "ET": f"{h12}:{minute:02d} {'a.m.' if hour < 12 else 'p.m.'} ET"}[style]


def _kind(fn: Callable, kind: str) -> Callable:
    """Tag a generated function with the kind of line it prints (for the breakdown)."""
    fn.kind = kind  # type: ignore[attr-defined]
    return fn


def _words(rng: random.Random, vocab: Sequence[str], lo: int, hi: int) -> list[str]:
    return [rng.choice(vocab) for _ in range(rng.randint(lo, hi))]


def _random_date_fn(rng: random.Random) -> Callable[[SourceArticle], str]:
    """A date (in one of several formats), sometimes with a clock time."""
    style = rng.choice(_DATE_STYLES)
    tstyle = rng.choice(_TIME_STYLES) if rng.random() < 0.3 else None
    joiner = rng.choice((" ", ", ", " at ", " | ", " · "))
    if tstyle is None:
        return lambda a: _fmt_date(a.published, style)
    return lambda a: _fmt_date(a.published, style) + joiner + _fmt_time(a.name, tstyle)


def _random_meta_line(rng: random.Random, vocab: Sequence[str],
                      kinds: Sequence[str] | None = None) -> Callable[[SourceArticle], str]:
    """One metadata line under a title: a byline, a date, source and date, a reading time, a
    caption credit; its labels are random generic words, its structure a random pick."""
    kind = rng.choice(kinds or ("by-author", "author-date", "date", "word-date", "publisher-date",
                                "read-time", "caption"))
    joiner = rng.choice(_JOINERS)
    when = _random_date_fn(rng)
    if kind == "by-author":
        prefix = rng.choice(("By", "BY", "by", _cased(_words(rng, vocab, 1, 1), "title") + ":",
                             _cased(_words(rng, vocab, 1, 1), "sentence") + " by"))
        return _kind(lambda a: f"{prefix} {a.author}", kind)
    if kind == "author-date":
        return _kind(lambda a: f"{a.author}{joiner}{when(a)}", kind)
    if kind == "date":
        return _kind(when, kind)
    if kind == "word-date":
        word = _cased(_words(rng, vocab, 1, 2), rng.choice(("title", "sentence", "upper")))
        return _kind(lambda a: f"{word} {when(a)}", kind)
    if kind == "publisher-date":
        return _kind(lambda a: f"{_publisher(a)}{joiner}{when(a)}", kind)
    if kind == "read-time":
        unit = rng.choice(("min", "minute", "mins"))
        word = rng.choice(vocab)
        with_pub = rng.random() < 0.5

        def read(a: SourceArticle) -> str:
            n = max(1, round(sum(len(p.split()) for p in a.paragraphs) / 230))
            return (f"{_publisher(a)}{joiner}" if with_pub else "") + f"{n} {unit} {word}"
        return _kind(read, kind)
    label = _cased(_words(rng, vocab, 1, 1), rng.choice(("title", "upper")))
    slash = rng.choice(("/", " | ", " for "))
    return _kind(lambda a: f"{label}: {a.author}{slash}{_publisher(a)}", "caption")


def _random_byline(rng: random.Random, vocab: Sequence[str]) -> Callable[[SourceArticle], str]:
    """A line under each title, or (one time in four) a block of two or three such lines."""
    if rng.random() < 0.25:
        lines = [_random_meta_line(rng, vocab) for _ in range(rng.randint(2, 3))]
        return _kind(lambda a: "\n".join(f(a) for f in lines), "block")
    return _random_meta_line(rng, vocab)


def _random_credit(rng: random.Random, vocab: Sequence[str]) -> Callable[[SourceArticle], str]:
    """A line closing each article: copyright, source and date, "<words> <Source>", a list of
    tags, "<words> <Author>"."""
    kind = rng.choice(("copyright", "publisher-date", "words-publisher", "tags", "words-author"))
    if kind == "copyright":
        mark = rng.choice(("©", "(c)", "Copyright", "Copyright ©"))
        return _kind(lambda a: f"{mark} {a.published[:4] if a.published[:4].isdigit() else '2016'} "
                               f"{_publisher(a)}", kind)
    if kind == "publisher-date":
        joiner, when = rng.choice(_JOINERS), _random_date_fn(rng)
        return _kind(lambda a: f"{_publisher(a)}{joiner}{when(a)}", kind)
    if kind == "words-publisher":
        words = _cased(_words(rng, vocab, 1, 4), rng.choice(("sentence", "title")))
        return _kind(lambda a: f"{words} {_publisher(a)}", kind)
    if kind == "tags":
        label = _cased(_words(rng, vocab, 1, 1), rng.choice(("title", "upper")))
        style = rng.choice(("title", "lower", "sentence"))
        pool = [_cased(_words(rng, vocab, 1, 2), style) for _ in range(rng.randint(6, 12))]
        sep = rng.choice((", ", " | ", " · ", "; "))
        count = rng.randint(2, 4)

        def tags(a: SourceArticle) -> str:
            h = _key(a.name)
            picks = list(dict.fromkeys(pool[(h + 7 * j) % len(pool)] for j in range(count)))
            return f"{label}: " + sep.join(picks)
        return _kind(tags, kind)
    words = _cased(_words(rng, vocab, 1, 3), "sentence")
    paren = rng.random() < 0.4
    return _kind(lambda a: f"({words} {a.author})" if paren else f"{words} {a.author}", kind)


def _random_separator(rng: random.Random, vocab: Sequence[str]) -> str:
    """A separator line: a rule of symbols, or a few random words with or without a mark."""
    kind = rng.choice(("rule", "spaced", "words"))
    if kind == "rule":
        return rng.choice(_RULE_CHARS) * rng.randint(3, 30)
    if kind == "spaced":
        return " ".join([rng.choice(_RULE_CHARS)] * rng.randint(3, 5))
    words = _cased(_words(rng, vocab, 1, 4), rng.choice(("title", "sentence", "upper", "lower")))
    r = rng.random()
    if r < 0.3:
        return f"{words} {rng.choice(_SEP_MARKS)}"
    if r < 0.45:
        return f"{rng.choice(_SEP_MARKS)} {words}"
    return words


def _random_separator_for(rng: random.Random, vocab: Sequence[str]) -> Callable[[SourceArticle, int, int], str]:
    """A separator line whose wording differs between articles: "<Label>: <next title>",
    "<Word> 2 of 5", "2/5", "<Word> #2"."""
    kind = rng.choice(("next-title", "k-of-n", "k/n", "word-k"))
    word = _cased(_words(rng, vocab, 1, 2), rng.choice(("title", "upper", "sentence")))
    if kind == "next-title":
        return _kind(lambda a, k, n: f"{word}: {a.title}", kind)
    if kind == "k-of-n":
        return _kind(lambda a, k, n: f"{word} {k} of {n}", kind)
    if kind == "k/n":
        dash = rng.choice(("", "— ", "- "))
        return _kind(lambda a, k, n: f"{dash}{k}/{n}{' ' + dash.strip() if dash else ''}", kind)
    return _kind(lambda a, k, n: f"{word} #{k}", kind)


def random_layout(rng: random.Random, name: str, vocab: Sequence[str] | None = None) -> Layout:
    """A layout with every element drawn at random: a separator (fixed wording, or wording
    that differs per article) or none, the gaps around it, between articles, between
    paragraphs and under the title, a repeated title, a byline or metadata block, a credit
    line, a kicker label, an interstitial line, a dateline, a title suffix, a title style
    (capitals, a label, a heading marker, a bullet, bold markers), numbering, sentence case
    and hard wrapping. Each element is present with a moderate probability, so many
    combinations occur. Label wording is drawn from ``vocab`` (generic words of the
    articles; by default of PolNeAR train)."""
    vocab = list(vocab) if vocab else _default_vocab()
    kw: dict = {}
    if rng.random() < 0.5:
        if rng.random() < 0.25:
            kw["separator_for"] = _random_separator_for(rng, vocab)
        else:
            kw["separator"] = _random_separator(rng, vocab)
            kw["trailing_separator"] = rng.random() < 0.3
        kw["around_separator"] = rng.choices(("\n\n", "\n", "\n\n\n"), (0.6, 0.2, 0.2))[0]
    else:
        kw["gap_between"] = rng.choices(("\n\n", "\n\n\n", "\n\n\n\n"), (0.6, 0.2, 0.2))[0]
    kw["paragraph_join"] = rng.choices(("\n\n", "\n", "\n\n\n"), (0.7, 0.2, 0.1))[0]
    kw["title_body_gap"] = rng.choices(("\n\n", "\n", "\n\n\n"), (0.6, 0.3, 0.1))[0]
    kw["repeat_title"] = rng.random() < 0.2
    if rng.random() < 0.4:
        kw["byline"] = _random_byline(rng, vocab)
        kw["byline_gap"] = rng.choice(("\n", "\n\n"))
    if rng.random() < 0.3:
        kw["credit"] = _random_credit(rng, vocab)
    if rng.random() < 0.2:
        style = rng.choice(("upper", "title"))
        kickers = [_cased(_words(rng, vocab, 1, 3), style) for _ in range(rng.randint(3, 6))]
        kw["kicker"] = _kind(lambda a: kickers[_key(a.title) % len(kickers)], "kicker")
        kw["kicker_gap"] = rng.choices(("\n", "\n\n"), (0.8, 0.2))[0]
    if rng.random() < 0.2:
        if rng.random() < 0.5:
            kw["interstitial"] = _cased(_words(rng, vocab, 1, 2), rng.choice(("upper", "title")))
        else:
            link_label = _cased(_words(rng, vocab, 1, 1), rng.choice(("title", "upper")))
            heads = [_cased(_words(rng, vocab, 5, 9), rng.choice(("title", "sentence")))
                     for _ in range(4)]
            kw["interstitial"] = _kind(lambda a: f"{link_label}: {heads[_key(a.name) % len(heads)]}", "link")
        kw["interstitial_every"] = rng.randint(2, 4)
        kw["interstitial_once"] = rng.random() < 0.4
    if rng.random() < 0.2:
        places = [_cased(_words(rng, vocab, 1, 2), "upper") for _ in range(rng.randint(3, 6))]
        dash = rng.choice(_DASHES)
        agency = _cased(_words(rng, vocab, 1, 1), "upper") if rng.random() < 0.3 else None
        sep = ": " if dash == ":" else f" {dash} "

        def dateline(a: SourceArticle) -> str:
            head = a.paragraphs[0][:40]   # none where the lead has a dateline already
            if "—" in head or "(AP)" in head or "(Reuters)" in head:
                return ""
            return f"{places[_key(a.title) % len(places)]}{f' ({agency})' if agency else ''}{sep}"
        kw["dateline"] = _kind(dateline, "dateline")
    if rng.random() < 0.2:
        suffix_kind = rng.choice(("bar-publisher", "paren-publisher", "dash-publisher", "date", "label",
                                  "time"))
        suffix_when = _random_date_fn(rng)
        suffix_time = rng.choice(_TIME_STYLES)
        suffix_label = _cased(_words(rng, vocab, 1, 1), "upper")
        kw["title_suffix"] = _kind({
            "bar-publisher": lambda a: f" | {_publisher(a)}",
            "paren-publisher": lambda a: f" ({_publisher(a)})",
            "dash-publisher": lambda a: f" - {_publisher(a)}",
            "date": lambda a: f" ({suffix_when(a)})",
            "label": lambda a: f" [{suffix_label}]",
            "time": lambda a: f" — {_fmt_time(a.name, suffix_time)}",
        }[suffix_kind], suffix_kind)
    upper = False
    if rng.random() < 0.25:
        style_kind = rng.choice(("upper", "label", "heading", "bullet", "bold"))
        if style_kind == "upper":
            upper = True
            kw["title_style"] = str.upper
        elif style_kind == "label":
            sections = [_cased(_words(rng, vocab, 1, 2), "upper") for _ in range(rng.randint(3, 6))]
            bar = rng.choice((" | ", ": ", " / ", " › "))
            kw["title_style"] = _kind(lambda t: f"{sections[_key(t) % len(sections)]}{bar}{t}", style_kind)
        elif style_kind == "heading":
            marker = "#" * rng.randint(1, 3)
            kw["title_style"] = _kind(lambda t: f"{marker} {t}", style_kind)
        elif style_kind == "bullet":
            bullet = rng.choice(_BULLETS)
            kw["title_style"] = _kind(lambda t: f"{bullet} {t}", style_kind)
        else:
            kw["title_style"] = _kind(lambda t: f"**{t}**", style_kind)
    if rng.random() < 0.2:
        fmt = rng.choice(("{k}. ", "{k}) ", "{k} - ", "#{k} ", "({k}) ", "{k}: ", "{k} | "))
        kw["numbering"] = _kind(lambda k: fmt.format(k=k), fmt)
    kw["sentence_case"] = not upper and rng.random() < 0.2
    if rng.random() < 0.08:
        kw["wrap"] = rng.randint(60, 80)
    return Layout(name, **kw)


def layout_elements(lay: Layout) -> tuple[str, ...]:
    """The elements (of ``ELEMENTS``) a layout has."""
    has = {
        "separator": lay.separator is not None or lay.separator_for is not None,
        "varying separator": lay.separator_for is not None,
        "trailing separator": lay.trailing_separator and lay.separator is not None and lay.separator_for is None,
        "no separator": lay.separator is None and lay.separator_for is None,
        "extra gap": lay.separator is None and lay.separator_for is None and len(lay.gap_between) > len(lay.paragraph_join),
        "repeated title": lay.repeat_title,
        "byline": lay.byline is not None,
        "byline block": lay.byline is not None and getattr(lay.byline, "kind", "") == "block",
        "credit": lay.credit is not None,
        "kicker": lay.kicker is not None,
        "interstitial": lay.interstitial is not None,
        "dateline": lay.dateline is not None,
        "title suffix": lay.title_suffix is not None,
        "title style": lay.title_style is not None,
        "numbering": lay.numbering is not None,
        "sentence case": lay.sentence_case,
        "wrap": lay.wrap is not None,
        "single-newline paragraphs": lay.paragraph_join == "\n",
        "title glued to body": lay.title_body_gap == "\n",
    }
    return tuple(e for e in ELEMENTS if has[e])


def random_layouts(n_layouts: int, seed: int, vocab: Sequence[str] | None = None) -> list[Layout]:
    """``n_layouts`` random layouts drawn with ``random.Random(seed)``, named
    ``random-<seed>-<k>``."""
    rng = random.Random(seed)
    return [random_layout(rng, f"random-{seed}-{k:02d}", vocab) for k in range(n_layouts)]


def random_pages(articles: Sequence[SourceArticle], n_layouts: int, pages_per_layout: int,
                 seed: int) -> list[Page]:
    """``pages_per_layout`` pages for each of ``n_layouts`` random layouts (layout RNG
    ``seed``, label words from the generic words of ``articles``; articles drawn with RNG
    ``seed + 1``). Each page keeps its layout in ``Page.spec``."""
    layouts = random_layouts(n_layouts, seed, generic_words(articles))
    return build_pages(articles, layouts, pages_per_layout, seed + 1)


def score_random(pages: Sequence[Page], split: Splitter = segment_page) -> dict:
    """Scores of pages built from random layouts: ``ALL``, and per element (``elements``) the
    scores of the pages whose layout has that element."""
    total = Scores()
    per: dict[str, Scores] = {}
    for page in pages:
        pred = split(page.text)
        total.add(page.gold, pred)
        for e in layout_elements(page.spec) if page.spec is not None else ():
            per.setdefault(e, Scores()).add(page.gold, pred)
    return {"ALL": total.record(), "layouts": len({p.layout for p in pages}),
            "elements": {e: per[e].record() for e in ELEMENTS if e in per}}


#: The random groups of ``run``: (articles' split, number of layouts, pages per layout, seed).
RANDOM_GROUPS: dict[str, tuple[str, int, int, int]] = {
    "random_dev": ("dev", 60, 2, 8001),     # held out: dev articles, pages never opened
    "random_train": ("train", 60, 2, 9001),  # may be tuned on
}
