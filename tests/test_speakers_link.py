"""Cross-article entity linking: one entity per real speaker, no merge without evidence."""
from __future__ import annotations

from newstrace.attribution.entities import link_entities
from newstrace.model import Article, Attribution, Span, Speaker
from newstrace.pipeline import ArticleResult


def _result(aid: str, text: str, speakers: list[tuple[str, str | None, str]]) -> ArticleResult:
    """An ArticleResult whose attributions have in-article speakers already resolved.
    ``speakers``: (source text in ``text``, name, kind)."""
    atts = []
    for k, (src, name, kind) in enumerate(speakers):
        i = text.index(src)
        a = Attribution(aid, f"{aid}-{k}", Span(0, 1), "direct", Span(i, i + len(src)))
        a.speaker = Speaker(name, kind, None)
        atts.append(a)
    return ArticleResult(article=Article(aid, aid, text), attributions=atts)


def _corpus() -> list[ArticleResult]:
    a = _result("a", "Admiral Giuseppe Cavo Dragone, chair of NATO's Military Committee, said so.",
                [("Admiral Giuseppe Cavo Dragone, chair of NATO's Military Committee", "Giuseppe Cavo Dragone", "named")])
    b = _result("b", "Dragone said the fleet was ready. A Baltic diplomat disagreed.",
                [("Dragone", "Giuseppe Cavo Dragone", "named"), ("A Baltic diplomat", "A Baltic diplomat", "anonymous")])
    c = _result("c", "Dragone spoke again. A Baltic diplomat agreed. Hillary Clinton and Bill Clinton spoke.",
                [("Dragone", "Dragone", "named"), ("A Baltic diplomat", "A Baltic diplomat", "anonymous"),
                 ("Hillary Clinton", "Hillary Clinton", "named"), ("Bill Clinton", "Bill Clinton", "named")])
    d = _result("d", "Clinton said it was fine. A 2021 internal memo said otherwise.",
                [("Clinton", "Clinton", "named"), ("A 2021 internal memo", "A 2021 internal memo", "document")])
    return [a, b, c, d]


def test_speakers_link_merges_forms_of_one_person_across_articles():
    results = _corpus()
    entities = link_entities(results)
    dragone = [e for e in entities if e.name == "Giuseppe Cavo Dragone"]
    assert len(dragone) == 1
    e = dragone[0]
    assert e.kind == "person" and e.articles == ["a", "b", "c"]
    assert "Dragone" in e.aliases and "Giuseppe Cavo Dragone" in e.aliases
    assert any("Military Committee" in r or "Admiral" in r for r in e.roles)
    ids = {a.speaker.entity for r in results[:3] for a in r.attributions if "Dragone" in (a.speaker.name or "")}
    assert ids == {e.id}


def test_speakers_link_keeps_people_sharing_a_surname_apart():
    entities = link_entities(_corpus())
    clintons = sorted(e.name for e in entities if e.name.endswith("Clinton"))
    # two full names with different first names, and a bare "Clinton" that could be either
    assert clintons == ["Bill Clinton", "Clinton", "Hillary Clinton"]


def test_speakers_link_anonymous_sources_stay_per_article_and_documents_are_typed():
    entities = link_entities(_corpus())
    anon = [e for e in entities if e.kind == "anonymous"]
    assert len(anon) == 2 and sorted(x for e in anon for x in e.articles) == ["b", "c"]
    docs = [e for e in entities if e.kind == "document"]
    assert [d.name for d in docs] == ["A 2021 internal memo"]


def test_speakers_link_ids_are_deterministic():
    ids1 = [e.id for e in link_entities(_corpus())]
    ids2 = [e.id for e in link_entities(list(reversed(_corpus())))]
    assert sorted(ids1) == sorted(ids2)
    assert len(set(ids1)) == len(ids1)


def test_speakers_link_unresolved_speakers_get_no_entity():
    r = _result("x", "He stated it.", [("He", None, "unresolved")])
    assert link_entities([r]) == []
    assert r.attributions[0].speaker.entity is None


def test_speakers_link_bare_surname_joins_the_full_name_its_honorific_fits():
    a = _result("a", "Barack Obama spoke. Michelle Obama spoke.",
                [("Barack Obama", "Barack Obama", "named"), ("Michelle Obama", "Michelle Obama", "named")])
    b = _result("b", "Mr. Obama said it was fine.", [("Mr. Obama", "Obama", "named")])
    c = _result("c", "Obama said it was fine.", [("Obama", "Obama", "named")])
    entities = link_entities([a, b, c])
    barack = next(e for e in entities if e.name == "Barack Obama")
    # "Mr. Obama" is Barack (not Michelle), and so is the same bare surname elsewhere in the run
    assert barack.articles == ["a", "b", "c"]
    d = _result("d", "Mrs. Obama said it was fine.", [("Mrs. Obama", "Obama", "named")])
    entities = link_entities([a, b, c, d])
    # mixed evidence (Mr. and Mrs.): the bare surname is not merged with either full name
    assert next(e for e in entities if e.name == "Barack Obama").articles == ["a"]


def test_speakers_link_canonical_name_drops_descriptors():
    a = _result("a", "Democrat Hillary Clinton said so.", [("Democrat Hillary Clinton", "Democrat Hillary Clinton", "named")])
    b = _result("b", "Hillary Clinton said so.", [("Hillary Clinton", "Hillary Clinton", "named")])
    entities = [e for e in link_entities([a, b]) if e.kind == "person"]
    assert [e.name for e in entities] == ["Hillary Clinton"] and entities[0].articles == ["a", "b"]


def test_speakers_link_alias_has_no_trailing_apposition_comma():
    from newstrace.attribution.entities import link_entities
    from newstrace.model import Article, Attribution, Span, Speaker
    from newstrace.pipeline import ArticleResult

    text = "Giuseppe Cavo Dragone, the head of the committee, said the talks would go on."
    src = Span(0, text.index(" said"))
    att = Attribution(article="x", id="x:a0", content=Span(text.index("the talks"), len(text) - 1), kind="indirect",
                      source=src, cue=Span(src.end + 1, src.end + 5),
                      speaker=Speaker("Giuseppe Cavo Dragone", "named", None))
    ents = link_entities([ArticleResult(Article("x", "x", text), [Span(0, len(text))], [att])])
    aliases = [al for e in ents for al in e.aliases]
    assert "Giuseppe Cavo Dragone, the head of the committee" in aliases
    assert not any(al.endswith(",") for al in aliases)


def test_speakers_link_title_named_only_elsewhere_in_the_run():
    """"the Russian leader" in an article that never names him: the run's one person whose
    titles say Russian and a head-of-state office is the speaker; two candidates, or a title
    no article backs, stay unresolved."""
    a = _result("a", "Russian President Vladimir Putin said the talks went well.",
                [("Russian President Vladimir Putin", "Vladimir Putin", "named")])
    b = _result("b", "U.S. President Donald Trump said the talks went well.",
                [("U.S. President Donald Trump", "Donald Trump", "named")])
    c = _result("c", "The Russian leader said he was pleased. The U.S. president said so too. "
                "The French president disagreed. The former president spoke.",
                [("The Russian leader", None, "unresolved"), ("The U.S. president", None, "unresolved"),
                 ("The French president", None, "unresolved"), ("The former president", None, "unresolved")])
    entities = link_entities([a, b, c])
    putin = next(e for e in entities if e.name == "Vladimir Putin")
    trump = next(e for e in entities if e.name == "Donald Trump")
    got = [(x.speaker.name, x.speaker.kind, x.speaker.entity) for x in c.attributions]
    assert got[0] == ("Vladimir Putin", "named", putin.id)
    assert got[1] == ("Donald Trump", "named", trump.id)
    assert got[2] == (None, "unresolved", None) and got[3] == (None, "unresolved", None)
    assert putin.articles == ["a", "c"] and "The Russian leader" in putin.aliases
    # "the president" alone fits both: unresolved
    d = _result("d", "The president said so.", [("The president", None, "unresolved")])
    link_entities([a, b, d])
    assert d.attributions[0].speaker.kind == "unresolved"


def test_speakers_link_person_aliases_are_phrases_about_the_person():
    """A source span the tagger cut badly is not listed as what the person is called: a
    span across paragraphs keeps the piece with the name; a span where the name is only a
    complement ("supporters of Trump") is dropped; appositions stay."""
    text = ("NBC News\n\nAmy Walter, the national editor, said it was close. Around 100 supporters of Walter, "
            "some wearing hats, said otherwise. Senate minority leader Amy Walter said no.")
    r = _result("a", text, [("NBC News\n\nAmy Walter, the national editor", "Amy Walter", "named"),
                            ("Around 100 supporters of Walter, some wearing hats", "Amy Walter", "named"),
                            ("Senate minority leader Amy Walter", "Amy Walter", "named")])
    (e,) = [e for e in link_entities([r]) if e.kind == "person"]
    assert sorted(e.aliases) == ["Amy Walter", "Amy Walter, the national editor", "Senate minority leader Amy Walter"]
