"""segment_page on hand-made pages with the structures round 9 exposed (docs/segmentation.md,
round 10): titles that run into the lead, a list of the titles before the articles, page
chrome before, between and after the articles, and stacks of short lines under each title.
The texts are written here, not drawn from the round-9 generator, and each structure is
paired with a single article that has the same surface feature and must stay whole."""
from __future__ import annotations

import pytest

from newstrace.ingest.segment import Segment, segment_page
from newstrace.model import Span

ARTICLES = [
    ("Senate passes budget deal after late-night vote",
     ["The Senate approved the spending plan early on Friday after a long debate over defence "
      "and disaster relief, sending it to the president before the deadline.",
      "Leaders of both parties said the compromise would keep the government open until the "
      "spring, although neither side got everything it had asked for.",
      "Critics said the bill did too little to cut the deficit, and several senators voted no."]),
    ("Storm leaves thousands without power along the coast",
     ["Heavy winds knocked down lines in three counties overnight, the utility company said on "
      "Saturday, and more rain is expected before the end of the week.",
      "Crews expected to restore most service by the weekend, although rural areas may have to "
      "wait longer because several roads are still blocked by fallen trees.",
      "Schools in the worst-hit towns were closed and residents were told to avoid flooded roads."]),
    ("City council approves new bike lanes downtown",
     ["The council voted seven to two on Tuesday to add protected lanes on four main streets, "
      "after a year of hearings in which residents were sharply divided.",
      "Supporters said the lanes would make cycling safer; some shop owners worried that the "
      "loss of parking spaces would keep customers away from the centre.",
      "Construction is due to begin in the spring and to take about six months to complete."]),
    ("Museum returns stolen paintings to their owners",
     ["Two paintings taken from a private collection forty years ago were handed back on Monday "
      "at a ceremony in the museum's main hall, in front of the owners' grandchildren.",
      "The museum said it had bought them in good faith in the 1980s and only learned of the "
      "theft when a researcher matched them to an old police report last year.",
      "Investigators have not said whether anyone will be charged over the original theft."]),
]


def _build(pieces: list[tuple[str, str | None]]) -> tuple[str, list[Segment]]:
    """A page from ``(text, role)`` pieces: role ``"title"`` and ``"body"`` make the gold
    segments (a body closes the segment its title opened), ``None`` is text of no article."""
    text, gold, pos, title = "", [], 0, None
    for piece, role in pieces:
        span = Span(pos, pos + len(piece))
        if role == "title":
            title = span
        elif role == "body":
            gold.append(Segment(span, title))
            title = None
        text += piece
        pos += len(piece)
    return text, gold


def _body(paras: list[str]) -> str:
    return "\n\n".join(paras)


# ----------------------------------------------------------------------- run-in titles

@pytest.mark.parametrize("joiner", [" | ", " -- ", " >> ", " – "])
def test_run_in_titles_are_split_with_the_title_inside_the_line(joiner):
    pieces: list[tuple[str, str | None]] = []
    for k, (title, paras) in enumerate(ARTICLES):
        if k:
            pieces.append(("\n\n", None))
        pieces += [(title, "title"), (joiner, None), (_body(paras), "body")]
    text, gold = _build(pieces)
    assert segment_page(text) == gold


def test_a_transcript_whose_speakers_recur_before_a_dash_is_not_split():
    lines = []
    for k in range(4):
        for speaker in ("Senator Jane Marsh", "Governor Paul Ortiz"):
            lines.append(f"{speaker} — We have to talk about the budget, and we have to talk about "
                         f"it honestly, because the voters deserve that from us (answer {k}).")
    text = "Debate transcript, first round\n\n" + "\n\n".join(lines)
    assert len(segment_page(text)) == 1


def test_an_article_with_dashes_inside_its_paragraphs_is_not_split():
    title, paras = ARTICLES[0]
    paras = [p.replace(" after ", " — after a week of talks — ") for p in paras] * 2
    text = title + "\n\n" + "\n\n".join(
        f"Budget Talks Resume Today — {p}" if k == 0 else p for k, p in enumerate(paras))
    assert len(segment_page(text)) == 1


def test_a_headline_over_paragraphs_with_run_in_subheads_is_one_article():
    """A listicle ("Four things to know") prints a run-in head on each paragraph; its
    headline on a line of its own says the page is one article."""
    paras = [f"{title.capitalize()} — {' '.join(body)}" for title, body in ARTICLES]
    text = "Four things to know before the weekend\n\n" + "\n\n".join(paras)
    assert segment_page(text) == [Segment(Span(0, len(text)), Span(0, 38))]


# ---------------------------------------------------------------- listed titles, chrome

def test_a_numbered_list_of_the_titles_before_the_articles_belongs_to_no_article():
    pieces: list[tuple[str, str | None]] = [
        ("WEEKEND EDITION  ·  Saturday, 12 March\n\nTop stories this week\n"
         + "\n".join(f"{k}. {t}" for k, (t, _) in enumerate(ARTICLES, 1)) + "\n\n", None)]
    for k, (title, paras) in enumerate(ARTICLES):
        if k:
            pieces.append(("\n\n", None))
        # one title ends in a full stop: the list still names it
        shown = title + "." if k == 2 else title
        pieces[0] = (pieces[0][0].replace(f"{k + 1}. {title}\n", f"{k + 1}. {shown}\n")
                     .replace(f"{k + 1}. {title}\n\n", f"{k + 1}. {shown}\n\n"), None)
        pieces += [(shown, "title"), ("\n\n", None), (_body(paras), "body")]
    text, gold = _build(pieces)
    assert segment_page(text) == gold


def test_a_masthead_without_prose_before_the_first_title_belongs_to_no_article():
    pieces: list[tuple[str, str | None]] = [("THE MORNING LETTER\nIssue 214  |  March 12, 2016\n\n", None)]
    for k, (title, paras) in enumerate(ARTICLES[:3]):
        if k:
            pieces.append(("\n\n* * *\n\n", None))
        pieces += [(title, "title"), ("\n\n", None), (_body(paras), "body")]
    text, gold = _build(pieces)
    segs = segment_page(text)
    assert [s.title.text(text) for s in segs] == [t for t, _ in ARTICLES[:3]]
    assert segs == gold


def test_a_box_of_short_lines_between_articles_and_a_footer_belong_to_no_article():
    pieces: list[tuple[str, str | None]] = []
    for k, (title, paras) in enumerate(ARTICLES):
        if k:
            pieces.append(("\n\n* * *\n\n", None))
        pieces += [(title, "title"), ("\n\n", None), (_body(paras), "body")]
        if k == 1:
            pieces.append(("\n\nPARTNER CONTENT\nSave on your energy bill this winter\n"
                           "Compare tariffs from twenty suppliers in two minutes.\nVisit example.org", None))
    pieces.append(("\n\nYou received this because you follow our newsletter.\nManage your subscription\n"
                   "12 Harbour Road, Portsmouth PO1 2AB", None))
    text, gold = _build(pieces)
    assert segment_page(text) == gold


def test_an_article_ending_in_a_wrapped_paragraph_keeps_it():
    """A closing block of glued lines whose lines continue one sentence is the article's own
    paragraph (hard-wrapped), not a box set into the page."""
    pieces: list[tuple[str, str | None]] = []
    for k, (title, paras) in enumerate(ARTICLES[:3]):
        if k:
            pieces.append(("\n\n---\n\n", None))
        tail = "\n\nEditor's note: this story was updated on Sunday\nto correct the number of\ncounties affected by the storm."
        pieces += [(title, "title"), ("\n\n", None), (_body(paras) + tail, "body")]
    text, gold = _build(pieces)
    assert segment_page(text) == gold


def test_a_single_article_is_never_cut_short_or_split_by_chrome_rules():
    title, paras = ARTICLES[1]
    text = (title + "\n\n" + _body(paras) + "\n\nRelated coverage\nPower cuts: what to do\n"
            "How storms are named\nWhere to find shelter")
    assert segment_page(text) == [Segment(Span(0, len(text)), Span(0, len(title)))]


# ----------------------------------------------------------------- stacks under titles

def test_key_points_under_each_title_are_part_of_the_article():
    pieces: list[tuple[str, str | None]] = []
    for k, (title, paras) in enumerate(ARTICLES):
        if k:
            pieces.append(("\n\n\n", None))
        points = "\n".join(f"→ {p.split(',')[0]}" for p in paras[:2])
        pieces += [(title, "title"), ("\n\n", None), (points + "\n\n" + _body(paras), "body")]
    text, gold = _build(pieces)
    assert segment_page(text) == gold


def test_a_single_article_with_lists_under_its_subheads_is_not_split():
    title, paras = ARTICLES[2]
    parts = [title]
    for sub, (_, more) in zip(("What was decided", "What happens next", "Who pays for it"),
                              ARTICLES[:2] + ARTICLES[3:]):
        parts += [sub, "- the lanes on four streets\n- the parking that goes", _body(more)]
    text = "\n\n".join(parts)
    assert len(segment_page(text)) == 1


def test_chrome_rules_keep_every_span_inside_the_page_and_in_order():
    pieces: list[tuple[str, str | None]] = [("In this issue\n" + "\n".join(f"• {t}" for t, _ in ARTICLES) + "\n\n", None)]
    for k, (title, paras) in enumerate(ARTICLES):
        if k:
            pieces.append(("\n\n", None))
        pieces += [(title, "title"), (" | ", None), (_body(paras), "body")]
    text, gold = _build(pieces)
    segs = segment_page(text)
    assert segs == gold  # the list before the run-in titles belongs to no article
    ends = 0
    for s in segs:
        assert s.title is None or ends <= s.title.start <= s.title.end <= s.body.start
        assert ends <= s.body.start < s.body.end <= len(text)
        assert text[s.body.start:s.body.end] == text[s.body.start:s.body.end].strip()
        ends = s.body.end


# -------------------------------------------- round 10: the same kinds in other forms

def test_a_welcome_note_over_the_first_title_belongs_to_no_article():
    """Prose before the first article hides its title from the line rules (which want a
    page to open with one); their split of the rest stands, the note is outside every
    segment."""
    pieces: list[tuple[str, str | None]] = [
        ("Hello and welcome to the weekend letter. Our reporters filed four stories this week, "
         "and we have picked them for you below.\n\n\n", None)]
    for k, (title, paras) in enumerate(ARTICLES):
        if k:
            pieces.append(("\n\n\n", None))
        pieces += [(title, "title"), ("\n\n", None), (_body(paras * 2), "body")]
    text, gold = _build(pieces)
    assert segment_page(text) == gold


def test_an_intro_over_a_numbered_list_is_one_article():
    title, paras = ARTICLES[0]
    items = "\n\n".join(f"{k}. {t.upper()}\n\n{_body(p)}" for k, (t, p) in enumerate(ARTICLES, 1))
    text = "Things to know for the week\n\nYour look at the stories that will be talked about:\n\n" + items
    assert len(segment_page(text)) == 1


def test_a_title_set_off_by_the_widest_gap_on_the_page_ends_the_intro():
    """A utility line over a welcome note reads as a title with its body; the first article's
    title is set off from the note by more blank lines than anything else on the page."""
    pieces: list[tuple[str, str | None]] = [
        ("Open this message in your browser\n\nThanks for reading. Here are the stories "
         "the desk is following today.\n\n\n", None)]
    for k, (title, paras) in enumerate(ARTICLES):
        if k:
            pieces.append(("\n\n", None))
        pieces += [(title, "title"), ("\n\n", None), (_body(paras * 2), "body")]
    text, gold = _build(pieces)
    assert segment_page(text) == gold


def test_labelled_lines_glued_under_each_title_are_part_of_the_article():
    pieces: list[tuple[str, str | None]] = []
    for k, (title, paras) in enumerate(ARTICLES):
        if k:
            pieces.append(("\n\n\n", None))
        stack = f"In short: {paras[0].split(',')[0]}\nNext step: {paras[2].split(',')[0]}"
        pieces += [(title, "title"), ("\n", None), (stack + "\n\n" + _body(paras), "body")]
    text, gold = _build(pieces)
    assert segment_page(text) == gold


@pytest.mark.parametrize("indent", ["    ", "\t"])
def test_flush_left_titles_over_indented_paragraphs_split_a_page_without_blank_lines(indent):
    pieces: list[tuple[str, str | None]] = []
    for k, (title, paras) in enumerate(ARTICLES):
        if k:
            pieces.append(("\n", None))
        body = f"\n{indent}".join(paras * 2)
        pieces += [(title, "title"), ("\n" + indent, None), (body, "body")]
    text, gold = _build(pieces)
    assert segment_page(text) == gold


def test_a_quote_box_with_a_dashed_attribution_between_articles_belongs_to_no_article():
    pieces: list[tuple[str, str | None]] = []
    for k, (title, paras) in enumerate(ARTICLES[:3]):
        if k:
            pieces.append(("\n\n* * *\n\n", None))
        pieces += [(title, "title"), ("\n\n", None), (_body(paras), "body")]
        if k == 1:
            pieces.append(("\n\nSaid this week\n“We will get this done before the holidays.”\n"
                           "— A senior council member", None))
    text, gold = _build(pieces)
    assert segment_page(text) == gold


def test_an_article_with_indented_paragraphs_and_flush_left_subheads_is_not_split():
    """(Each section has paragraphs of its own: sections that repeat each other's lead
    paragraph word for word give the rules lead-in evidence for titles.)"""
    title, paras = ARTICLES[2]
    lines = [title] + ["    " + p for p in paras]
    for sub, (_, more) in zip(("What the council decided", "What happens next", "Who pays for the work"),
                              ARTICLES[:2] + ARTICLES[3:]):
        lines += [sub] + ["    " + p for p in more]
    assert len(segment_page("\n".join(lines))) == 1


# ----------------------------------------- round 11: the same kinds in other forms again

def test_run_in_titles_in_capitals_end_where_mixed_case_starts():
    pieces: list[tuple[str, str | None]] = []
    for k, (title, paras) in enumerate(ARTICLES):
        if k:
            pieces.append(("\n\n\n", None))
        joiner = " " if k == 1 else ": "
        shown = title.upper() + ("?" if k == 1 else "")
        pieces += [(shown, "title"), (joiner, None), (_body(paras), "body")]
    text, gold = _build(pieces)
    assert segment_page(text) == gold


def test_a_caps_run_in_title_before_a_dateline_in_capitals_ends_at_the_colon():
    pieces: list[tuple[str, str | None]] = []
    for k, (title, paras) in enumerate(ARTICLES):
        if k:
            pieces.append(("\n\n\n", None))
        lead = ("PORTSMOUTH (Reuters) — " if k % 2 else "") + _body(paras)
        pieces += [(title.upper(), "title"), (": ", None), (lead, "body")]
    text, gold = _build(pieces)
    assert segment_page(text) == gold


def test_a_transcript_with_speakers_in_capitals_is_not_split():
    answers = [f"{who}: We have to talk about the budget, and we have to talk about it honestly "
               f"because the voters deserve that from us, answer {k}."
               for k in range(3) for who in ("SENATOR JANE MARSH", "GOVERNOR PAUL ORTIZ")]
    text = "Debate transcript, first round\n\n" + "\n\n".join(answers)
    assert len(segment_page(text)) == 1


@pytest.mark.parametrize("prefix", ["> ", "| "])
def test_a_page_quoted_line_by_line_is_read_without_its_prefix(prefix):
    pieces: list[tuple[str, str | None]] = []
    for k, (title, paras) in enumerate(ARTICLES):
        if k:
            pieces.append((f"\n{prefix.strip()}\n{prefix}", None))
        body = f"\n{prefix.strip()}\n{prefix}".join(paras * 2)
        pieces += [(title, "title"), (f"\n{prefix.strip()}\n{prefix}", None), (body, "body")]
    text, gold = _build([(prefix, None)] + pieces)
    assert segment_page(text) == gold


def test_a_single_article_quoted_line_by_line_stays_whole():
    title, paras = ARTICLES[0]
    text = "\n>\n".join("> " + x for x in [title, *paras])
    assert len(segment_page(text)) == 1


def test_titles_underlined_by_a_rule_of_their_length_split_a_page_without_blank_lines():
    pieces: list[tuple[str, str | None]] = []
    for k, (title, paras) in enumerate(ARTICLES):
        if k:
            pieces.append(("\n", None))
        shown = title.title()
        pieces += [(shown, "title"), ("\n" + "=" * len(shown) + "\n", None), ("\n".join(paras * 2), "body")]
    text, gold = _build(pieces)
    assert segment_page(text) == gold


def test_a_markdown_article_with_underlined_subheads_is_not_split():
    title, paras = ARTICLES[0]
    parts = [title, "=" * len(title), _body(paras)]
    for sub, (_, more) in zip(("What was agreed", "What comes next", "Who voted no"), ARTICLES[1:]):
        parts += [sub + "\n" + "-" * len(sub), _body(more)]
    assert len(segment_page("\n\n".join(parts))) == 1
