"""The user's alias file (Gender Gap Tracker format) and entity ids that outlive a run."""
from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.attribution.aliases import AliasFileError, Aliases, load_aliases, parse_aliases
from newstrace.attribution.entities import link_entities
from newstrace.options import Options

from .test_speakers_link import _result

GGT_FILE = """Primary name, alias1, alias 2, ...
Vladimir Putin, Vlad Putin, Vladimir V. Putin
# organisations work the same way
NATO, North Atlantic Treaty Organization

Volodymyr Zelensky, Volodymyr Zelenskiy, Volodymyr Zelenskyy
"""


def _putin_run():
    a = _result("a", "Vladimir V. Putin said so.", [("Vladimir V. Putin", "Vladimir V. Putin", "named")])
    b = _result("b", "Vlad Putin said so. Putin said more.",
                [("Vlad Putin", "Vlad Putin", "named"), ("Putin", "Putin", "named")])
    c = _result("c", "President Vladimir Putin said so.", [("President Vladimir Putin", "Vladimir Putin", "named")])
    d = _result("d", "The North Atlantic Treaty Organization said so. NATO said more.",
                [("The North Atlantic Treaty Organization", "North Atlantic Treaty Organization", "named"),
                 ("NATO", "NATO", "named")])
    return [a, b, c, d]


def test_aliases_file_in_the_gender_gap_tracker_format_is_read(tmp_path):
    f = tmp_path / "aliases.txt"
    f.write_text(GGT_FILE, encoding="utf-8")
    table = load_aliases(f)
    assert len(table) == 3  # header, comment and blank lines skipped
    assert table.primary("Vlad Putin") == "Vladimir Putin"
    assert table.primary("President Vladimir V. Putin") == "Vladimir Putin"  # titles fold away
    assert table.primary("vladimir putin") == "Vladimir Putin"
    assert table.primary("Volodymyr Zelenskyy") == "Volodymyr Zelensky"
    assert table.primary("Joe Biden") is None and table.primary(None) is None


def test_aliases_merge_variants_the_linker_would_keep_apart():
    results = _putin_run()
    # without the file, "Vlad Putin" and "Vladimir Putin" have incompatible first names, and
    # the bare "Putin" has two full names to choose from: three entities
    without = sorted(e.name for e in link_entities(_putin_run()) if e.name.endswith("Putin"))
    assert len(without) == 3
    entities = link_entities(results, aliases=parse_aliases(GGT_FILE))
    putin = [e for e in entities if "Putin" in e.name]
    assert len(putin) == 1
    p = putin[0]
    assert p.name == "Vladimir Putin" and p.kind == "person" and p.articles == ["a", "b", "c"]
    assert {"Vlad Putin", "Vladimir V. Putin", "Putin"} <= set(p.aliases)
    assert {a.speaker.entity for r in results[:3] for a in r.attributions} == {p.id}
    # the in-article speaker names are left as the article gave them
    assert results[1].attributions[0].speaker.name == "Vlad Putin"
    nato = [e for e in entities if e.articles == ["d"]]
    assert [e.name for e in nato] == ["NATO"]


def test_aliases_bad_files_say_which_file_and_line(tmp_path):
    with pytest.raises(AliasFileError, match="does not exist"):
        load_aliases(tmp_path / "missing.txt")
    with pytest.raises(AliasFileError, match="is a folder"):
        load_aliases(tmp_path)
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Fran\xe7ois Legault, Legault\n".encode("latin-1"))
    with pytest.raises(AliasFileError, match="not UTF-8"):
        load_aliases(bad)
    twice = tmp_path / "twice.txt"
    twice.write_text("Barack Obama, Obama\nMichelle Obama, Obama\n", encoding="utf-8")
    with pytest.raises(AliasFileError, match=r"twice.txt, line 2: 'Obama' is already a variant of 'Barack Obama'"):
        load_aliases(twice)
    title = tmp_path / "title.txt"
    title.write_text("Joe Biden, President\n", encoding="utf-8")
    with pytest.raises(AliasFileError, match="line 1"):
        load_aliases(title)


def test_aliases_travel_with_the_options_to_spark():
    options = Options(aliases=parse_aliases(GGT_FILE))
    back = pickle.loads(pickle.dumps(options))
    assert back == options and hash(back) == hash(options)
    assert back.aliases.primary("Vlad Putin") == "Vladimir Putin"


_name = st.from_regex(r"[A-Z][a-z]{2,8}( [A-Z][a-z]{2,8}){1,2}", fullmatch=True)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_name, min_size=1, max_size=4, unique=True), min_size=1, max_size=6))
def test_aliases_parse_property_every_listed_name_finds_its_primary(lines):
    seen: set[str] = set()
    kept = []
    for names in lines:  # a name may belong to one line only
        names = [n for n in names if n.lower() not in seen]
        if names:
            seen.update(n.lower() for n in names)
            kept.append(names)
    table = parse_aliases("\n".join(", ".join(n) for n in kept))
    assert len(table) == len(kept)
    for names in kept:
        for n in names:
            assert table.primary(n) == names[0]
            assert table.primary(f"  {n.upper()} ") == names[0]


def test_entity_ids_stay_stable_when_a_later_run_adds_articles():
    first = _putin_run()[:1]  # "Vladimir V. Putin" alone
    (e1,) = [e for e in link_entities(first) if "Putin" in e.name]
    # a later run of the same store: the stored attributions come back with their entity id,
    # new articles bring a longer full name that becomes the entity's key
    later = first + [_result("e", "Vladimir Vladimirovich Putin said so.",
                             [("Vladimir Vladimirovich Putin", "Vladimir Vladimirovich Putin", "named")]),
                     _result("f", "Vladimir Vladimirovich Putin spoke again.",
                             [("Vladimir Vladimirovich Putin", "Vladimir Vladimirovich Putin", "named")])]
    fresh = [e for e in link_entities(_putin_run()[:1] + later[1:]) if "Putin" in e.name]
    assert len(fresh) == 1 and fresh[0].id != e1.id  # computed from scratch the id would change
    for r in later[1:]:
        for a in r.attributions:
            a.speaker.entity = None
    (e2,) = [e for e in link_entities(later) if "Putin" in e.name]
    assert e2.id == e1.id and e2.articles == ["a", "e", "f"]


def test_entity_ids_an_old_id_goes_to_one_entity_only():
    a = _result("a", "Clinton said so.", [("Clinton", "Clinton", "named")])
    (old,) = link_entities([a])
    # the next run splits what was one entity: each part cannot keep the same id
    b = _result("b", "Hillary Clinton said so. Bill Clinton said so.",
                [("Hillary Clinton", "Hillary Clinton", "named"), ("Bill Clinton", "Bill Clinton", "named")])
    for att in b.attributions:
        att.speaker.entity = old.id
    ids = [e.id for e in link_entities([a, b])]
    assert len(ids) == len(set(ids)) == 3 and old.id in ids


def test_aliases_empty_table_changes_nothing():
    assert [e.id for e in link_entities(_putin_run(), aliases=Aliases())] == \
        [e.id for e in link_entities(_putin_run())]


def test_aliases_cli_on_a_seed_corrects_a_misspelt_speaker(seeds_dir, tmp_path):
    """Seed 001 writes the White House press secretary as "Caroline Levine"; a user's alias
    line gives her entity the right name and keeps the article's spelling as an alias."""
    import json

    from typer.testing import CliRunner

    from newstrace.cli import app

    from .conftest import check_output

    seed = sorted(seeds_dir.glob("*.txt"))[1]
    f = tmp_path / "aliases.txt"
    f.write_text("Primary name, alias1, alias 2, ...\nKaroline Leavitt, Caroline Levine, Karoline Levitt\n",
                 encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["analyze", str(seed), "--out", str(out), "--no-progress", "--aliases", str(f)])
    assert res.exit_code == 0, res.output
    ents = [json.loads(l) for l in (out / "entities.jsonl").read_text(encoding="utf-8").splitlines()]
    (leavitt,) = [e for e in ents if "Leavitt" in e["name"] or "Levine" in e["name"]]
    assert leavitt["name"] == "Karoline Leavitt" and "Caroline Levine" in leavitt["aliases"]
    assert check_output(out).returncode == 0
    bad = CliRunner().invoke(app, ["analyze", str(seed), "--out", str(out), "--no-progress",
                                   "--aliases", str(tmp_path / "none.txt")])
    assert bad.exit_code == 2 and "none.txt does not exist" in bad.output
