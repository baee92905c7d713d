"""The output contract is declared once (newstrace.contract) and every writer derives from it:
a table added to the declaration reaches the JSONL files, the DuckDB store and Parquet."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from newstrace import contract
from newstrace.contract import TABLES, Field, Table, compact, record_from_row, typed_row
from newstrace.model import Article, Attribution, Entity, Family, IngestError, Span, Speaker, Support


@pytest.fixture
def dummy_table(monkeypatch):
    """A table no stage produces, added to the declaration for this test only."""
    t = Table("dummy", "run", "a table for the test", (
        Field("id", "str", "id"),
        Field("where", "span", "a span", column="at"),
        Field("tags", "strs", "tags", optional=True),
        Field("n", "int", "a count"),
        Field("meta", "json", "anything"),
    ), key=("id",))
    monkeypatch.setitem(TABLES, "dummy", t)
    return t


DUMMY_ROWS = [
    {"id": "d1", "where": {"start": 0, "end": 3, "text": "abc"}, "tags": ["x", "y"], "n": 2, "meta": {"k": [1, 2]}},
    {"id": "d2", "where": None, "n": 0, "meta": None, "more": "an undeclared field"},
]


def test_contract_dummy_table_reaches_jsonl_store_and_parquet(dummy_table, tmp_path):
    import pyarrow.parquet as pq

    from newstrace.runner import write_jsonl_dir
    from newstrace.store import Store

    write_jsonl_dir(tmp_path / "out", {"dummy": DUMMY_ROWS})
    lines = (tmp_path / "out" / "dummy.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == DUMMY_ROWS

    db = tmp_path / "store.duckdb"
    with Store(db) as store:
        store.save_corpus({"dummy": DUMMY_ROWS})
        assert store.load_tables(["dummy"])["dummy"] == DUMMY_ROWS
        cols = {r[0] for r in store.con.execute("DESCRIBE dummy").fetchall()}
        assert {"id", "at_start", "at_end", "at_text", "tags", "n", "meta", "extra"} <= cols
        store.export(tmp_path / "pq", "parquet")
    tbl = pq.read_table(tmp_path / "pq" / "dummy.parquet")
    assert tbl.schema.names == ["id", "where", "tags", "n", "meta", "extra"]
    assert [record_from_row("dummy", r) for r in tbl.to_pylist()] == DUMMY_ROWS


def test_contract_every_record_follows_the_declared_field_order():
    text = "He said: “We go on.”"
    recs = {
        "articles": Article("a", "o", text, title=None, url="u").to_record(),
        "attributions": Attribution("a", "a:a1", Span(10, 19), "direct", Span(0, 2), Span(3, 7),
                                    Speaker("X", "named", "e1"), 0.5).to_record(text),
        "entities": Entity("e1", "X", "person", ["X"], [], ["a"]).to_record(),
        "families": Family("F1", ["a", "b"], 0.9).to_record(),
        "support": Support("a", Span(0, 7), "supported", ["b"]).to_record(text),
        "errors": IngestError("o", "broken", "E101").to_record(),
    }
    for name, rec in recs.items():
        names = list(TABLES[name].names)
        assert list(rec) == [n for n in names if n in rec], name
        assert set(names) - set(rec) <= {f.name for f in TABLES[name].fields if f.optional}, name


def test_contract_optional_fields_are_left_out_when_empty():
    assert compact("articles", {"id": "a", "url": None, "authors": [], "title": None}) == {"id": "a", "title": None}
    assert "score" not in Support("a", Span(0, 1), "unsupported").to_record("x")


def test_contract_stage_order_reads_only_what_was_added():
    from newstrace.pipeline import ARTICLE_STAGES, CORPUS_STAGES, check_order, select
    from newstrace.errors import StageError

    check_order(ARTICLE_STAGES + CORPUS_STAGES)
    with pytest.raises(StageError, match="reads doc"):
        check_order(select(["speakers"], ARTICLE_STAGES))
    with pytest.raises(StageError, match="unknown stage"):
        select(["nope"], ARTICLE_STAGES)


_span = st.one_of(st.none(), st.builds(lambda s, n, t: {"start": s, "end": s + n, "text": t},
                                       st.integers(0, 10**6), st.integers(0, 50), st.text(max_size=20)))
_json = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                     lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=3), c, max_size=3),
                     max_leaves=6)


@given(rec=st.fixed_dictionaries({
    "article": st.text(max_size=5), "sources": _json, "named_speakers": st.lists(st.text(max_size=4), max_size=3),
    "sentences": st.one_of(st.integers(0, 100), st.text(max_size=3)), "in_family": st.booleans(),
    "unsupported_sentences": st.integers(0, 100), "unsupported_share": st.one_of(st.none(), st.floats(0, 1)),
    "vague_attributions": st.one_of(st.lists(_span.filter(lambda s: s is not None), max_size=3), _json)},
    optional={"new_field": _json}))
@settings(max_examples=80, deadline=None)
def test_contract_typed_rows_give_every_record_back(rec):
    """A record survives its typed (Arrow/Parquet/store) row exactly, values of the wrong type
    and undeclared fields included (they travel in ``extra``)."""
    assert record_from_row("profiles", typed_row("profiles", rec)) == compact("profiles", rec)


def test_contract_declares_the_shared_contract_tables():
    assert set(contract.TABLES) >= {"articles", "sentences", "attributions", "entities", "families", "links",
                                    "support", "drift", "errors", "profiles", "sources"}
    contract_files = ("articles", "attributions", "entities", "families", "links", "support", "drift", "errors")
    assert set(contract_files) <= set(contract.jsonl_tables())
    assert "sentences" not in contract.jsonl_tables()
