"""Store: contract records go in and come back unchanged; saves are idempotent upserts."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent / "browser"))
from sample_corpus import sample_tables  # noqa: E402

from newstrace.store import CORPUS, PER_ARTICLE, Store, StoreError, records_to_arrow, row_to_record  # noqa: E402


def _norm(records):
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in records)


@pytest.fixture
def tables():
    return sample_tables()


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "t.duckdb") as s:
        yield s


def test_store_roundtrip_every_table(store, tables):
    store.save_articles(tables)
    store.save_corpus(tables)
    back = store.load_tables()
    assert set(back) == set(tables)
    for name in tables:
        assert _norm(back[name]) == _norm(tables[name]), name


def test_store_spans_match_article_text(store, tables):
    store.save_articles(tables)
    texts = {a["id"]: a["text"] for a in store.load_tables(["articles"])["articles"]}
    for att in store.load_tables(["attributions"])["attributions"]:
        for role in ("source", "cue", "content"):
            sp = att[role]
            if sp is not None:
                assert texts[att["article"]][sp["start"]:sp["end"]] == sp["text"]


def test_store_resave_replaces_not_duplicates(store, tables):
    for _ in range(3):
        store.save_articles(tables)
        store.save_corpus(tables)
    counts = store.counts()
    assert counts == {name: len(tables.get(name, [])) for name in counts}


def test_store_resave_drops_stale_rows_of_that_article(store, tables):
    store.save_articles(tables)
    art = tables["articles"][0]
    fewer = {"articles": [art],
             "attributions": [a for a in tables["attributions"] if a["article"] == art["id"]][:1],
             "sentences": [s for s in tables["sentences"] if s["article"] == art["id"]][:2]}
    store.save_articles(fewer)
    back = store.load_tables(["attributions", "sentences", "articles"])
    assert len([a for a in back["attributions"] if a["article"] == art["id"]]) == 1
    assert len([s for s in back["sentences"] if s["article"] == art["id"]]) == 2
    others = [a for a in tables["attributions"] if a["article"] != art["id"]]
    assert _norm([a for a in back["attributions"] if a["article"] != art["id"]]) == _norm(others)
    assert len(back["articles"]) == len(tables["articles"])


def test_store_error_cleared_when_origin_succeeds(store, tables):
    err = {"origin": tables["articles"][0]["origin"], "error": "could not read it", "code": "E1"}
    store.save_articles({"errors": [err]})
    assert store.counts()["errors"] == 1
    store.save_articles({"articles": tables["articles"][:1]})
    assert store.counts()["errors"] == 0


def test_store_save_corpus_replaces_wholesale(store, tables):
    store.save_corpus(tables)
    store.save_corpus({"families": tables["families"]})
    counts = store.counts()
    assert counts["families"] == len(tables["families"])
    assert counts["links"] == 0 and counts["entities"] == 0
    assert PER_ARTICLE and CORPUS  # the split the runner relies on is exported


def test_store_known_hashes(store, tables):
    store.save_articles(tables)
    assert store.known_hashes() == {a["id"]: a["hash"] for a in tables["articles"]}


def test_store_failed_batch_leaves_nothing(store, tables):
    store.save_articles({"articles": tables["articles"][:1]})
    # the second article is fine, the attribution has no id: its primary key cannot be null
    bad = {"articles": tables["articles"][1:], "attributions": [{"article": "x", "id": None, "kind": "direct",
                                                                "content": {"start": 0, "end": 1, "text": "x"}}]}
    with pytest.raises(StoreError, match="failed"):
        store.save_articles(bad)
    assert store.counts()["articles"] == 1


def test_store_value_of_the_wrong_type_is_kept_not_lost(store):
    """A record that breaks the declared types (a span offset that is not an int) is stored
    whole: the typed columns hold null and the record's own value travels in ``extra``."""
    rec = {"article": "x", "id": "1", "kind": "direct", "source": None, "cue": None,
           "content": {"start": "not-an-int", "end": 1}, "speaker": {"name": None, "kind": "unresolved", "entity": None}}
    store.save_articles({"attributions": [rec]})
    assert store.load_tables(["attributions"])["attributions"] == [rec]


def test_store_export_jsonl_and_parquet(store, tables, tmp_path):
    store.save_articles(tables)
    store.save_corpus(tables)
    store.export(tmp_path / "j", "jsonl")
    store.export(tmp_path / "p", "parquet")
    for name in tables:
        lines = (tmp_path / "j" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        assert _norm(json.loads(x) for x in lines) == _norm(tables[name])
        assert pq.read_table(tmp_path / "p" / f"{name}.parquet").num_rows == len(tables[name])
    with pytest.raises(ValueError):
        store.export(tmp_path / "x", "xlsx")


def test_store_export_csv_has_the_documented_columns_and_every_row(store, tables, tmp_path):
    import csv

    from newstrace.store import csv_columns

    store.save_articles(tables)
    store.save_corpus(tables)
    store.export(tmp_path / "c", "csv")
    reference = (Path(__file__).resolve().parents[1] / "docs" / "reference.md").read_text(encoding="utf-8")
    for name in tables:
        with open(tmp_path / "c" / f"{name}.csv", encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        with open(tmp_path / "c" / f"{name}.csv", encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        assert header == csv_columns(name) and len(rows) == len(tables[name])
        assert ", ".join(f"`{c}`" for c in header) in reference  # every column is documented
    att = tables["attributions"][0]
    row = next(r for r in csv.DictReader(open(tmp_path / "c" / "attributions.csv", encoding="utf-8", newline=""))
               if (r["article"], r["id"]) == (att["article"], att["id"]))
    assert row["content_text"] == att["content"]["text"] and int(row["content_start"]) == att["content"]["start"]
    ent = tables["entities"][0]
    erow = next(r for r in csv.DictReader(open(tmp_path / "c" / "entities.csv", encoding="utf-8", newline=""))
                if r["id"] == ent["id"])
    assert json.loads(erow["aliases"]) == ent["aliases"]


def test_store_read_only_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="newstrace analyze"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_store_empty_tables_export(tmp_path):
    with Store(tmp_path / "e.duckdb") as s:
        s.export(tmp_path / "p", "parquet")
        assert pq.read_table(tmp_path / "p" / "links.parquet").num_rows == 0
        assert s.load_tables() == {name: [] for name in s.load_tables()}


_text = st.text(min_size=0, max_size=40)
_span = st.one_of(st.none(), st.tuples(st.integers(0, 1000), st.integers(0, 1000), _text).map(
    lambda t: {"start": min(t[0], t[1]), "end": max(t[0], t[1]), "text": t[2]}))
_extra_value = st.one_of(st.integers(-5, 5), _text, st.lists(_text, max_size=3), st.none())


@settings(max_examples=60, deadline=None)
@given(source=_span, cue=_span, content=_span.filter(lambda s: s is not None), name=st.one_of(st.none(), _text),
       extra=st.dictionaries(st.sampled_from(["note", "layout", "rank"]), _extra_value, max_size=2),
       score=st.one_of(st.none(), st.floats(0, 1)))
def test_store_attribution_record_roundtrip_property(source, cue, content, name, extra, score):
    rec = {"article": "a", "id": "1", "source": source, "cue": cue, "content": content, "kind": "direct",
           "speaker": {"name": name, "kind": "named", "entity": None}, **extra}
    if score is not None:
        rec["score"] = score
    row = records_to_arrow("attributions", [rec]).to_pylist()[0]
    assert row_to_record("attributions", row) == rec


def test_store_resave_only_attributions_keeps_articles_and_sentences(store, tables):
    """The runner re-saves attributions alone once the corpus stage has set entity ids."""
    store.save_articles(tables)
    relabelled = [{**a, "speaker": {**a["speaker"], "entity": "NEW"}} for a in tables["attributions"]]
    store.save_articles({"attributions": relabelled, "errors": []})
    back = store.load_tables(["articles", "sentences", "attributions", "errors"])
    assert len(back["articles"]) == len(tables["articles"])
    assert len(back["sentences"]) == len(tables["sentences"])
    assert len(back["errors"]) == len(tables["errors"])
    assert {a["speaker"]["entity"] for a in back["attributions"]} == {"NEW"}
    assert len(back["attributions"]) == len(tables["attributions"])


def test_store_foreign_file_is_refused_naming_it(tmp_path):
    db = tmp_path / "notes.duckdb"
    db.write_bytes(b"hello, not a database\n")
    with pytest.raises(StoreError, match="notes.duckdb"):
        Store(db)
    assert db.read_bytes() == b"hello, not a database\n"


def test_store_missing_folder_is_made(tmp_path):
    with Store(tmp_path / "new" / "s.duckdb") as s:
        s.save_articles({"errors": [{"origin": "x", "error": "y"}]})
    assert (tmp_path / "new" / "s.duckdb").exists()


def test_store_folder_that_is_a_file_is_refused_naming_it(tmp_path):
    (tmp_path / "plain").write_text("x")
    with pytest.raises(StoreError, match="plain"):
        Store(tmp_path / "plain" / "s.duckdb")


def test_store_save_corpus_sets_the_speakers_linking_gave(store, tables):
    """Linking across the run may give a stored attribution its entity id and, for a title
    another article resolves ("the Russian leader"), its name and kind."""
    store.save_articles(tables)
    att = tables["attributions"][0]
    store.save_corpus(tables, speakers=[(att["article"], att["id"],
                                         {"name": "Vladimir Putin", "kind": "named", "entity": "vladimir-putin-1"})])
    back = next(a for a in store.load_tables(["attributions"])["attributions"]
                if (a["article"], a["id"]) == (att["article"], att["id"]))
    assert back["speaker"] == {"name": "Vladimir Putin", "kind": "named", "entity": "vladimir-putin-1"}
